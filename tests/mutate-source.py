#!/usr/bin/env python3
"""mutate-source.py BIN: bad input never crashes.

Derives thousands of variants of the example budgets (truncated at every
top-level statement, bytes flipped, lines deleted, duplicated and swapped,
numbers made huge or negative, strings left open, includes pointed at
themselves, at folders and at missing files) and runs `budgetc check` on
each.  Every run must exit 0 or 1 (never a signal, never 2 for input
problems), within a time bound, and print only well-formed diagnostics.
Deterministic: a fixed seed.  Prints "mutants: N passed, N failed".
"""
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

BIN = sys.argv[1]
COUNT = int(os.environ.get("MUTANTS", "2000"))
SEED = 20261127
DIAG = re.compile(r"^(\S.*:\d+:\d+: |budgetc: )(error|warning|note)(\[E\d{4}\])?: ")
EXAMPLES = ["examples/datong-kjj-2026", "examples/shanghai-putuo-swh-2025"]


def well_formed(stderr):
    """Every line is a diagnostic, a note, an excerpt, a caret or a summary."""
    for line in stderr.splitlines():
        if (DIAG.match(line) or re.match(r"^ *\d+ \| ", line)
                or re.match(r"^ +\| ", line)
                or re.match(r"^\d+ errors?, \d+ warnings?$", line)
                or line.startswith("budgetc: ")):
            continue
        return line
    return None


def mutations(text, rnd):
    """A few ways to break one file's text."""
    lines = text.split("\n")
    out = []
    # truncated after a top-level statement (a line that starts at column 0)
    tops = [i for i, l in enumerate(lines) if l and not l[0].isspace()]
    if tops:
        i = rnd.choice(tops)
        out.append("\n".join(lines[:i + 1]))
    b = bytearray(text.encode("utf-8"))
    if b:
        for _ in range(rnd.randint(1, 8)):               # bytes flipped
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        out.append(bytes(b))
    if len(lines) > 2:
        i = rnd.randrange(len(lines))
        out.append("\n".join(lines[:i] + lines[i + 1:]))          # deleted
        out.append("\n".join(lines[:i] + [lines[i]] + lines[i:]))  # duplicated
        j = rnd.randrange(len(lines))
        sw = lines[:]
        sw[i], sw[j] = sw[j], sw[i]
        out.append("\n".join(sw))                                  # swapped
    nums = list(re.finditer(r"\d[\d,]*(?:\.\d+)?", text))
    if nums:
        m = rnd.choice(nums)
        big = rnd.choice(["9" * 40, "-" + m.group(0), "99999999999999999.99",
                          "0.0000001", "1e308", "-0"])
        out.append(text[:m.start()] + big + text[m.end():])
    quotes = [m.start() for m in re.finditer('"', text)]
    if quotes:
        q = rnd.choice(quotes)
        out.append(text[:q] + text[q + 1:])                      # open string
    return out


def include_mutations(rnd):
    return [
        'include "main.budget"\n',                      # itself
        'include "."\n', 'include "projects"\n',        # folders
        'include "no-such-file.budget"\n',
        'include "/dev/zero"\n', 'include "/etc/passwd"\n',
        "{" * 5000 + "\n", "}" * 100 + "\n", "\x00" * 64, "\xff\xfe" * 32,
        'import ../../etc\n', 'import ' + "a" * 5000 + "\n",
    ]


def run(root):
    try:
        r = subprocess.run([BIN, "check", root], capture_output=True, timeout=10)
    except subprocess.TimeoutExpired:
        return "timed out"
    if r.returncode not in (0, 1):
        return f"exit status {r.returncode}"
    bad = well_formed(r.stderr.decode("utf-8", "replace"))
    return f"malformed output: {bad!r}" if bad else None


def main():
    rnd = random.Random(SEED)
    tmp = tempfile.mkdtemp()
    passed = failed = 0
    try:
        for ex in EXAMPLES:
            work = os.path.join(tmp, os.path.basename(ex))
            shutil.copytree(ex, work)
        files = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(tmp)
                       for f in fs if f.endswith(".budget"))
        n = 0
        while n < COUNT:
            path = rnd.choice(files)
            with open(path, "rb") as f:
                orig = f.read()
            text = orig.decode("utf-8")
            variants = mutations(text, rnd)
            if rnd.random() < 0.1:
                variants.append(rnd.choice(include_mutations(rnd)) + text)
            for v in variants:
                with open(path, "wb") as f:
                    f.write(v if isinstance(v, bytes) else v.encode("utf-8"))
                root = os.path.join(os.path.dirname(path).split("/projects")[0],
                                    "main.budget")
                why = run(root)
                if why:
                    failed += 1
                    keep = os.path.join("build", f"mutant-{n}.budget")
                    with open(keep, "wb") as f:
                        f.write(v if isinstance(v, bytes) else v.encode("utf-8"))
                    print(f"FAIL: {why}: {path} (kept as {keep})")
                else:
                    passed += 1
                n += 1
            with open(path, "wb") as f:
                f.write(orig)
    finally:
        shutil.rmtree(tmp)
    print(f"mutants: {passed} passed, {failed} failed")
    return 1 if failed else 0


sys.exit(main())
