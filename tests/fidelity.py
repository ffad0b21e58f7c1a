#!/usr/bin/env python3
"""fidelity.py BIN [--prose]: compare budgetc's tables with the published documents.

Two examples are compared (EXAMPLES below): examples/datong-kjj-2026 (and its
corrected copy), Shanxi's 13 tables, and examples/shanghai-putuo-swh-2025,
Shanghai Putuo's 9 tables (built with '--layout shanghai-putuo').  The
expected figures live in tests/fidelity/EXAMPLE/, transcribed from the
document (never produced by budgetc):

  table-NN.tsv  the printed rows of table NN, tab-separated, as printed:
                heading rows first, then body rows, then notes (注：… or 注:…).
                '#headings N' says how many heading rows; '#kinds …' gives
                each column's kind: key (part of the row's key: code or
                label), text (a name, compared as text) or amount;
                '#blank N' stands for N empty rows printed at that place
                (key "(空行)").  A row whose key cells are blank (a 合计
                printed in the name column) is keyed by its text cells.
  prose.tsv     per section of the prose: its title, then the numbers it
                prints.  A title "SECTION > HEADING" is the part of section
                SECTION from its paragraph HEADING to the next HEADING of
                SECTION listed in prose.tsv.
  KNOWN.tsv     differences that cannot be matched, one per cell:
                table, row key, column, expected, generated, reason.
                Column "-" is a heading or note, or a whole row that is not
                generated; in prose, "+N" is an extra generated number before
                number N ("+end": after the last).
                They are reported and do not fail.

Each build is written with '-f csv --keep-going' (and its layout option)
into a temporary folder (Datong: the faithful transcription and its corrected
copy, both must print the document's tables).  Body rows are matched by key;
every amount must be equal as a number, thousands separators removed (a blank
expected cell: blank or 0); rows missing on either side fail.  Codes and
texts are compared with white space removed (the PDF's line breaks inside a
cell come out as spaces in the seed text; Putuo prints codes spaced by level,
"201 13 01").  Headings are compared as a multiset of texts per table.

Prose: when DIR/disclosure.json exists and has a "prose" array, the numbers
of each section's paragraphs are compared with prose.tsv; otherwise the
prose is skipped with a message.  --prose (or FIDELITY_PROSE=1) also asks
the build for '-f json', which writes disclosure.json.
"""
import collections
import csv
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
from decimal import Decimal, InvalidOperation

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# (expected data under tests/fidelity/, number of tables, builds: name,
# main file, extra options of 'budgetc build')
EXAMPLES = [
    ('datong-kjj-2026', 13,
     [('datong-kjj-2026', 'examples/datong-kjj-2026/main.budget', []),
      ('datong-kjj-2026-corrected',
       'examples/datong-kjj-2026-corrected/main.budget', [])]),
    ('shanghai-putuo-swh-2025', 9,
     [('shanghai-putuo-swh-2025', 'examples/shanghai-putuo-swh-2025/main.budget',
       ['--layout', 'shanghai-putuo'])]),
]
BLANK = '(空行)'  # the key of an empty printed row


def norm(s):
    """A text without its white space (PDF line breaks inside cells)."""
    return re.sub(r'\s+', '', s or '')


def number(s):
    """The value of an amount cell ('' -> None); raises on a non-number."""
    s = (s or '').strip().replace(',', '')
    return Decimal(s) if s else None


def same_amount(expected, generated):
    try:
        e, g = number(expected), number(generated)
    except InvalidOperation:
        return False
    if e is None:
        return g is None or g == 0
    return g is not None and e == g


def same_cell(kind, expected, generated):
    if kind == 'number':  # a number of the prose: 1,116.95 or 3.88%
        try:
            return number_key(expected) == number_key(generated)
        except (InvalidOperation, AttributeError):
            return norm(expected) == norm(generated)
    if kind == 'amount':
        return same_amount(expected, generated)
    return norm(expected) == norm(generated)


# --- reading ---------------------------------------------------------------

class Table:
    def __init__(self, number, kinds, heads, body, notes):
        self.number, self.kinds = number, kinds
        self.heads, self.body, self.notes = heads, body, notes


def pad(row, n):
    return (row + [''] * n)[:max(n, len(row))]


def is_note(row):
    return bool(row) and row[0].startswith(('注：', '注:')) and not any(
        c.strip() for c in row[1:])


def read_expected(data, n):
    path = os.path.join(data, 'table-%02d.tsv' % n)
    nheads, kinds, rows = 0, [], []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\r\n')
            if line.startswith('#headings\t'):
                nheads = int(line.split('\t')[1])
            elif line.startswith('#kinds\t'):
                kinds = line.split('\t')[1:]
            elif line.startswith('#blank\t'):
                rows += [[''] * len(kinds) for _ in range(int(line.split('\t')[1]))]
            elif line.startswith('#') or not line.strip():
                continue
            else:
                rows.append(pad(line.split('\t'), len(kinds)))
    notes = [r[0] for r in rows if is_note(r)]
    rows = [r for r in rows if not is_note(r)]
    return Table(n, kinds, rows[:nheads], rows[nheads:], notes)


def read_generated(path, expected):
    """The CSV's rows, split into headings, body and notes.  The CSV does not
    say where its headings end: they are the rows before the first one that
    has an expected body key, a decimal amount, or is a note."""
    with open(path, encoding='utf-8-sig', newline='') as f:
        rows = [pad(r, len(expected.kinds)) for r in csv.reader(f)]
    keys = set(k for k, _ in keyed(expected.body, expected.kinds)) - {'', BLANK}
    nheads = len(rows)
    for i, r in enumerate(rows):
        if (is_note(r) or row_key(r, expected.kinds) in keys or
                any(re.fullmatch(r'-?[\d,]+\.\d+', c.strip()) for c in r)):
            nheads = i
            break
    body = rows[nheads:]
    notes = [r[0] for r in body if is_note(r)]
    body = [r for r in body if not is_note(r)]
    return Table(expected.number, expected.kinds, rows[:nheads], body, notes)


def row_key(row, kinds):
    """The row's key cells; if they are blank, its text cells (a 合计 printed
    in the name column); "(空行)" for an empty row."""
    if not any(norm(c) for c in row):
        return BLANK
    for kind in ('key', 'text'):
        parts = [norm(c) for c, k in zip(row, kinds) if k == kind]
        if any(parts):
            break
    return ' | '.join(p for p in parts if p)


def keyed(rows, kinds):
    """(key, row) pairs; a repeated key gets '#2', '#3'… in printed order."""
    seen = collections.Counter()
    out = []
    for r in rows:
        k = row_key(r, kinds)
        seen[k] += 1
        out.append((k if seen[k] == 1 else '%s#%d' % (k, seen[k]), r))
    return out


def read_known(data):
    known = []
    path = os.path.join(data, 'KNOWN.tsv')
    if os.path.exists(path):
        with open(path, encoding='utf-8') as f:
            for line in f:
                line = line.rstrip('\r\n')
                if line.strip() and not line.startswith('#'):
                    known.append(pad(line.split('\t'), 6)[:6])
    return known


# --- comparing -------------------------------------------------------------

class Tally:
    def __init__(self, name, known):
        self.name, self.known = name, known
        self.used = set()
        self.matched = self.knowns = self.failed = 0
        self.messages = []

    def is_known(self, table, key, col, expected, generated, kind='text'):
        for i, (t, k, c, e, g, _) in enumerate(self.known):
            if (t == str(table) and norm(k) == norm(key) and c == str(col) and
                    same_cell(kind, e, expected) and
                    (same_cell(kind, g, generated) if g or generated else True)):
                self.used.add(i)
                return self.known[i][5]
        return None

    def cell(self, table, key, col, kind, expected, generated):
        if same_cell(kind, expected, generated):
            self.matched += 1
            return
        reason = self.is_known(table, key, col, expected, generated, kind)
        if reason:
            self.knowns += 1
            self.messages.append('  known: table %s, %s, column %s: expected %r, '
                                 'generated %r (%s)' % (table, key, col, expected,
                                                        generated, reason))
        else:
            self.fail('table %s, %s, column %s: expected %r, generated %r'
                      % (table, key, col, expected, generated))

    def fail(self, message, count=1):
        self.failed += count
        self.messages.append('  FAIL: ' + message)


def compare_multiset(t, n, what, expected, generated):
    """Compare two lists of texts as multisets (headings, notes)."""
    e = collections.Counter(norm(x) for x in expected if norm(x))
    g = collections.Counter(norm(x) for x in generated if norm(x))
    t.matched += sum((e & g).values())
    missing, extra = list((e - g).elements()), list((g - e).elements())
    for m in list(missing):  # a known difference pairs one missing, one extra
        for x in list(extra):
            reason = t.is_known(n, what, '-', m, x)
            if reason:
                missing.remove(m)
                extra.remove(x)
                t.knowns += 1
                t.messages.append('  known: table %s, %s: expected %r, generated '
                                  '%r (%s)' % (n, what, m, x, reason))
                break
    for m in missing:
        reason = t.is_known(n, what, '-', m, '')
        if reason:
            t.knowns += 1
            t.messages.append('  known: table %s, %s %r not generated (%s)'
                              % (n, what, m, reason))
        else:
            t.fail('table %s: %s %r is not generated' % (n, what, m))
    for x in extra:
        t.fail('table %s: generated %s %r is not in the document' % (n, what, x))


def compare_table(t, exp, gen):
    n = exp.number
    compare_multiset(t, n, 'heading', [c for r in exp.heads for c in r],
                     [c for r in gen.heads for c in r])
    compare_multiset(t, n, 'note', exp.notes, gen.notes)
    e_rows, g_rows = keyed(exp.body, exp.kinds), dict(keyed(gen.body, gen.kinds))
    for key, row in e_rows:
        cells = [(i, k) for i, k in enumerate(exp.kinds) if k != 'key']
        if key not in g_rows:
            reason = t.is_known(n, key, '-', '', '')
            if reason:
                t.knowns += 1
                t.messages.append('  known: table %s, row %r is not generated (%s)'
                                  % (n, key, reason))
            else:
                t.fail('table %s: row %r is not generated' % (n, key),
                       max(1, len(cells)))
            continue
        g = g_rows[key]
        for i, kind in cells:
            t.cell(n, key, i + 1, kind, row[i], g[i] if i < len(g) else '')
    e_keys = [k for k, _ in e_rows]
    for key in g_rows:
        if key not in e_keys:
            t.fail('table %s: generated row %r is not in the document' % (n, key))
    common = [k for k, _ in keyed(gen.body, gen.kinds) if k in e_keys]
    if common != [k for k in e_keys if k in g_rows]:
        t.fail('table %s: the rows are not in the printed order' % n)


# --- prose -----------------------------------------------------------------

# The numbers a paragraph prints: amounts, percentages, counts.  Years and
# dates (2026年, 12月31日), document numbers (【2024】37号) and list numbers
# (1、) are not figures and are left out.
NUMBER = re.compile(r'\d[\d,]*(?:\.\d+)?%?')


def prose_numbers(text):
    out = []
    for m in NUMBER.finditer(text):
        after = text[m.end():m.end() + 1]
        before = text[m.start() - 1:m.start()] if m.start() else ''
        if after in ('年', '月', '日', '号', '、') or before == '【':
            continue
        out.append(m.group())
    return out


def number_key(x):
    """A canonical key: 1,116.95 and 1116.950 alike; 100.00% and 100% alike."""
    return str(number(x.rstrip('%')).normalize()) + ('%' if x.endswith('%') else '')


def section_paragraphs(prose, expected):
    """title -> its paragraphs (None: not generated), for each title of
    prose.tsv; "SECTION > HEADING" is the part of SECTION from its paragraph
    HEADING to the next listed HEADING of SECTION."""
    by_title = {norm(s.get('title')): s.get('paragraphs', []) for s in prose}
    headings = collections.defaultdict(set)
    for title, _ in expected:
        if '>' in title:
            section, heading = title.split('>', 1)
            headings[norm(section)].add(norm(heading))
    out = {}
    for title, _ in expected:
        if '>' not in title:
            out[title] = by_title.get(norm(title))
            continue
        section, heading = (norm(x) for x in title.split('>', 1))
        paras = by_title.get(section) or []
        starts = [i for i, p in enumerate(paras) if norm(p) == heading]
        if not starts:
            out[title] = None
            continue
        end = starts[0] + 1
        while end < len(paras) and norm(paras[end]) not in headings[section]:
            end += 1
        out[title] = paras[starts[0]:end]
    return out


def compare_prose(t, outdir, data):
    path = os.path.join(outdir, 'disclosure.json')
    prose = None
    if os.path.exists(path):
        with open(path, encoding='utf-8') as f:
            prose = json.load(f).get('prose')
    if not prose:
        print('prose: skipped (no "prose" array in DIR/disclosure.json; '
              '--prose builds it)')
        return False
    expected = []
    with open(os.path.join(data, 'prose.tsv'), encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\r\n')
            if line.strip() and not line.startswith('#'):
                cells = line.split('\t')
                expected.append((cells[0], [c for c in cells[1:] if c]))
    sections = section_paragraphs(prose, expected)
    for n, (title, want) in enumerate(expected, 1):
        m0, k0, f0, msg0 = t.matched, t.knowns, t.failed, len(t.messages)
        paragraphs = sections[title]
        if paragraphs is None:
            t.fail('prose %r: no such section generated' % title, max(1, len(want)))
        else:
            got = [x for p in paragraphs for x in prose_numbers(p)]
            sm = difflib.SequenceMatcher(None, [number_key(x) for x in want],
                                         [number_key(x) for x in got],
                                         autojunk=False)
            for op, i1, i2, j1, j2 in sm.get_opcodes():
                if op == 'equal':
                    t.matched += i2 - i1
                    continue
                for k in range(max(i2 - i1, j2 - j1)):  # position by position
                    e = want[i1 + k] if i1 + k < i2 else ''
                    g = got[j1 + k] if j1 + k < j2 else ''
                    where = ('number %d' % (i1 + k + 1) if e else
                             'extra, before number %d' % (i2 + 1) if i2 < len(want)
                             else 'extra, at the end')
                    column = (str(i1 + k + 1) if e else
                              '+%d' % (i2 + 1) if i2 < len(want) else '+end')
                    reason = t.is_known('prose', title, column, e, g, 'number')
                    if reason:
                        t.knowns += 1
                        t.messages.append('  known: prose %r, %s: expected %r, '
                                          'generated %r (%s)' % (title, where, e, g, reason))
                    else:
                        t.fail('prose %r, %s: expected %r, generated %r'
                               % (title, where, e or '(none)', g or '(none)'))
        print('prose %d: %d numbers matched, %d known differences, %d failed'
              % (n, t.matched - m0, t.knowns - k0, t.failed - f0))
        for line in t.messages[msg0:]:
            print(line)
    return True


# --- main ------------------------------------------------------------------

def run_build(binary, formats, tmp, data, expected, known, build):
    """Build one example and compare it; returns (passed, failed)."""
    name, main_file, options = build
    out = os.path.join(tmp, name)
    r = subprocess.run([binary, 'build'] + formats + options +
                       ['-o', out, main_file, '--keep-going'],
                       cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    print('== %s (budgetc build exit %d)' % (name, r.returncode))
    t = Tally(name, known)
    for exp in expected:
        m0, k0, f0, msg0 = t.matched, t.knowns, t.failed, len(t.messages)
        path = os.path.join(out, 'csv', 'table-%02d.csv' % exp.number)
        if os.path.exists(path):
            compare_table(t, exp, read_generated(path, exp))
        else:
            t.fail('table %d: %s was not written' % (exp.number, path))
        print('table %d: %d cells matched, %d known differences, %d failed'
              % (exp.number, t.matched - m0, t.knowns - k0, t.failed - f0))
        for line in t.messages[msg0:]:
            print(line)
    did_prose = compare_prose(t, out, data)
    for i, e in enumerate(known):
        if i not in t.used and (e[0] != 'prose' or did_prose):
            print('  note: KNOWN entry not needed here: %s' % ' | '.join(e[:5]))
    return t.matched + t.knowns, t.failed


def main(argv):
    if len(argv) < 2:
        sys.stderr.write('usage: fidelity.py BIN [--prose]\n')
        return 2
    binary = os.path.abspath(argv[1])
    formats = ['-f', 'csv']
    if '--prose' in argv[2:] or os.environ.get('FIDELITY_PROSE') == '1':
        formats += ['-f', 'json']
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for example, ntables, builds in EXAMPLES:
            data = os.path.join(HERE, 'fidelity', example)
            known = read_known(data)
            expected = [read_expected(data, n) for n in range(1, ntables + 1)]
            for build in builds:
                p, f = run_build(binary, formats, tmp, data, expected, known, build)
                passed += p
                failed += f
    print('fidelity: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
