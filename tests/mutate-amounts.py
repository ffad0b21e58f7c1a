#!/usr/bin/env python3
"""mutate-amounts.py BIN EXAMPLE_DIR: every amount matters.

The corrected example compiles without error.  For every amount the dump
reports a position for (every fact, every stated total, the department-wide
form's funds, 政府采购), copy the example, raise that one literal by 0.10万元
(1,000元) in the unit it is written in, and check: `budgetc check` must now
exit 1 with at least one error whose message names two figures (the stated
and the computed one).  Prints "mutants: N passed, N failed".
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from decimal import Decimal

BIN, EXAMPLE = sys.argv[1], sys.argv[2]
ENTRY = os.path.join(EXAMPLE, "main.budget")
AMOUNT = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?(?:万元|元)?")
FIGURES = re.compile(r"\d[\d,]*(?:\.\d+)?(?:万元|元|%)")


def width(ch):
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def byte_col(line, col):
    """The character index of display column `col` (1-based) in line."""
    w = 1
    for i, ch in enumerate(line):
        if w >= col:
            return i
        w += width(ch)
    return len(line)


def positions(dump):
    """(file, line, col, unit, decimals) of every amount with a position."""
    out = []

    def add(entry):
        at, amt = entry.get("at"), entry.get("amount")
        if at and amt:
            path, line, col = at.rsplit(":", 2)
            out.append((path, int(line), int(col), amt["unit"], amt["decimals"]))

    for key in ("facts", "totals", "procurement"):
        for e in dump.get(key, []):
            add(e)
    for e in dump.get("performance", {}).get("funds", []):
        add(e)
    return sorted(set(out))


def mutate(text, line, col, unit, decimals):
    lines = text.split("\n")
    s = lines[line - 1]
    i = byte_col(s, col)
    m = AMOUNT.match(s, i)
    if not m:
        return None
    lit = m.group(0)
    num = lit.replace(",", "").replace("万元", "").replace("元", "")
    delta = Decimal("0.10") if unit == "万元" else Decimal("1000")
    value = Decimal(num) + delta
    new = format(value, "f")
    suffix = "万元" if lit.endswith("万元") else "元" if lit.endswith("元") else ""
    lines[line - 1] = s[:i] + new + suffix + s[m.end():]
    return "\n".join(lines)


def main():
    dump = json.loads(subprocess.run([BIN, "dump", ENTRY], capture_output=True,
                                     text=True).stdout)
    base = subprocess.run([BIN, "check", ENTRY], capture_output=True, text=True)
    if base.returncode != 0:
        print("the example does not compile cleanly:\n" + base.stderr)
        print("mutants: 0 passed, 1 failed")
        return 1
    passed = failed = 0
    tmp = tempfile.mkdtemp()
    try:
        for path, line, col, unit, decimals in positions(dump):
            copy = os.path.join(tmp, "ex")
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(EXAMPLE, copy)
            rel = os.path.relpath(path, EXAMPLE)
            target = os.path.join(copy, rel)
            with open(target, encoding="utf-8") as f:
                text = f.read()
            changed = mutate(text, line, col, unit, decimals)
            if changed is None:
                print(f"FAIL: no amount at {path}:{line}:{col}")
                failed += 1
                continue
            with open(target, "w", encoding="utf-8") as f:
                f.write(changed)
            r = subprocess.run([BIN, "check", os.path.join(copy, "main.budget")],
                               capture_output=True, text=True)
            errors = [l for l in r.stderr.splitlines() if ": error[" in l]
            named = [l for l in errors if len(FIGURES.findall(l)) >= 2]
            if r.returncode == 1 and named:
                passed += 1
            else:
                failed += 1
                print(f"FAIL: +0.10万元 at {path}:{line}:{col} went unnoticed "
                      f"(exit {r.returncode}, {len(errors)} errors)")
    finally:
        shutil.rmtree(tmp)
    print(f"mutants: {passed} passed, {failed} failed")
    return 1 if failed else 0


sys.exit(main())
