#!/bin/sh
# run-import.sh BIN: `budgetc import`, the tables back into a budget.
#
#   1. Round trip through CSV: the corrected Datong example is built to
#      CSV (`build -f csv`) and imported (--department 大同市科学技术局[部门]
#      --catalog catalog-local.budget).  The imported budget must check with
#      no error and no warning but E0601 (its projects have no KPI forms:
#      the tables do not carry them), pass `budgetc fmt --check` (when
#      budgetc has fmt), and hold the original's facts, compared from
#      `budgetc dump` as multisets:
#        function view  (code, source, year, measure, amount)
#        economic view  (econ, gov, measure, amount)
#        projects       (project, unit, source, amount)
#        income         (source, year, amount)
#      Amounts are compared at the layout's displayed precision, 0.01万元:
#      the tables print rounded figures, so an exact amount such as a
#      project's 40,950元 (its KPI form's 年度资金总额) comes back as 4.10万元
#      (4.095 rounded half up), and 22,194.98元 as 2.22万元.
#   2. Round trip through XLSX, the same from `build -f xlsx`'s workbook
#      (sheets 表1…表13 found by name; the department's name from the
#      部门名称 caption, so no --department), when budgetc writes XLSX.
#   3. The folders of tests/import/: `cmd` is one `budgetc import ...` line,
#      run in a copy of the folder; expected.err is its standard error and
#      "exit: N"; when it writes out.budget, expected.budget is that file and
#      expected.check what `budgetc check out.budget` prints (standard error,
#      "exit: N").  Among them: a row of table 3 split by table 2's sources,
#      one written without a source, a map for other columns, names the
#      catalogs lack, and the errors (no table-03.csv, a bad map, a bad
#      amount, no department name), each with exit status 1.
#
# UPDATE=1 rewrites the expected files from the current output: review the
# diff before committing it.  The last line printed is
# "import: N passed, N failed".
set -u
BIN=${1:-build/budgetc}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; [ -f "$tmp/diff" ] && head -40 "$tmp/diff"; rm -f "$tmp/diff"; }

compare() { # compare EXPECTED ACTUAL NAME
    if [ "${UPDATE:-0}" = 1 ]; then
        cp "$2" "$1"
        ok
    elif [ -f "$1" ] && diff -u "$1" "$2" >"$tmp/diff" 2>&1; then
        ok
        rm -f "$tmp/diff"
    else
        [ -f "$1" ] || echo "missing expected file $1" >"$tmp/diff"
        bad "$3"
    fi
}

HAVE_FMT=0
"$BIN" help fmt >/dev/null 2>&1 && HAVE_FMT=1

# The facts of two dumps, as multisets at 0.01万元 (10,000 fen).
same_facts() { # same_facts ORIGINAL.json IMPORTED.json
    python3 - "$1" "$2" <<'EOF'
import collections, json, sys

def shown(fen):                      # to 0.01万元, half up (as the tables)
    sign = -1 if fen < 0 else 1
    return sign * ((abs(fen) + 5000) // 10000)

def views(path):
    v = {k: collections.Counter() for k in ("function", "economic", "project", "income")}
    for f in json.load(open(path))["facts"]:
        a = shown(f["amount"]["fen"])
        if "project" in f:
            v["project"][(f["project"], f.get("unit"), f.get("source"), a)] += 1
        elif "economic" in f:
            v["economic"][(f["economic"], f.get("gov"), f.get("measure"), a)] += 1
        elif "function" in f:
            v["function"][(f["function"], f.get("source"), f.get("year"),
                           f.get("measure"), a)] += 1
        elif f.get("side") == "收入":
            v["income"][(f.get("source"), f.get("year"), a)] += 1
    return v

a, b = views(sys.argv[1]), views(sys.argv[2])
bad = 0
for k in a:
    if a[k] != b[k] or not a[k]:
        bad = 1
        print("%s facts differ (%d original, %d imported):" % (k, sum(a[k].values()), sum(b[k].values())))
        for x in sorted((a[k] - b[k]).elements()):
            print("  only in the original:", x)
        for x in sorted((b[k] - a[k]).elements()):
            print("  only in the imported:", x)
    else:
        print("%s: %d facts equal" % (k, sum(a[k].values())))
sys.exit(bad)
EOF
}

# round_trip NAME IMPORTED.budget: check it, fmt it, compare its facts.
round_trip() {
    "$BIN" check "$2" >"$tmp/check.out" 2>&1
    st=$?
    others=$(grep -o '\(error\|warning\)\[E[0-9]*\]' "$tmp/check.out" | grep -v 'warning\[E0601\]' | sort -u | tr '\n' ' ')
    if [ "$st" -eq 0 ] && [ -z "$others" ]; then ok; else
        cp "$tmp/check.out" "$tmp/diff"; bad "$1: the imported budget does not check clean ($others)"; fi
    if [ "$HAVE_FMT" = 1 ]; then
        if "$BIN" fmt --check "$2" >/dev/null 2>&1; then ok; else
            "$BIN" fmt "$2" 2>&1 | diff -u "$2" - >"$tmp/diff"; bad "$1: budgetc fmt --check"; fi
    fi
    if "$BIN" dump "$2" >"$tmp/imported.json" 2>/dev/null &&
       same_facts "$tmp/original.json" "$tmp/imported.json" >"$tmp/facts" 2>&1; then ok; else
        cp "$tmp/facts" "$tmp/diff"; bad "$1: the facts differ"; fi
}

EX=examples/datong-kjj-2026-corrected
"$BIN" dump "$EX/main.budget" >"$tmp/original.json" 2>/dev/null

# --- 1. CSV -----------------------------------------------------------------
if "$BIN" build -f csv -o "$tmp/csv" "$EX/main.budget" 2>/dev/null &&
   "$BIN" import --department '大同市科学技术局[部门]' \
       --catalog "$EX/catalog-local.budget" "$tmp/csv/csv" \
       -o "$tmp/csv/imported.budget" 2>"$tmp/err"; then
    ok
    round_trip "csv" "$tmp/csv/imported.budget"
else
    cp "$tmp/err" "$tmp/diff"
    bad "csv: build -f csv, then import"
fi

# --- 2. XLSX ------------------------------------------------------------------
if "$BIN" build -f xlsx -o "$tmp/xlsx" "$EX/main.budget" 2>/dev/null &&
   [ -f "$tmp/xlsx/disclosure.xlsx" ]; then
    if "$BIN" import --catalog "$EX/catalog-local.budget" \
           "$tmp/xlsx/disclosure.xlsx" -o "$tmp/xlsx/imported.budget" 2>"$tmp/err" &&
       grep -q '^department "大同市科学技术局\[部门\]"' "$tmp/xlsx/imported.budget"; then
        ok
        round_trip "xlsx" "$tmp/xlsx/imported.budget"
    else
        cp "$tmp/err" "$tmp/diff"
        bad "xlsx: import disclosure.xlsx"
    fi
    # the same workbook with its sheet 表3 renamed 表三: no table 3, exit 1
    python3 - "$tmp/xlsx/disclosure.xlsx" "$tmp/xlsx/no3.xlsx" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as zi, zipfile.ZipFile(sys.argv[2], "w") as zo:
    for it in zi.infolist():
        data = zi.read(it.filename)
        if it.filename == "xl/workbook.xml":
            data = data.replace('name="表3"'.encode(), 'name="表三"'.encode())
        zo.writestr(it, data)
EOF
    "$BIN" import "$tmp/xlsx/no3.xlsx" -o "$tmp/xlsx/no3.budget" 2>"$tmp/err"
    st=$?
    if [ "$st" -eq 1 ] && grep -q "no sheet named '表3'.*'表三'.*table 3 .* is required" "$tmp/err" &&
       [ ! -f "$tmp/xlsx/no3.budget" ]; then ok; else
        cp "$tmp/err" "$tmp/diff"; bad "xlsx: a workbook without 表3 (exit $st)"; fi
else
    echo "import: no XLSX round trip: budgetc cannot write XLSX (build -f xlsx)"
fi

# --- 3. the cases of tests/import/ -------------------------------------------
for d in tests/import/*/; do
    [ -f "$d/cmd" ] || continue
    name=$(basename "$d")
    rm -rf "$tmp/case"
    cp -R "$d" "$tmp/case"
    rm -f "$tmp/case/out.budget"
    cmd=$(sed "s|^budgetc |\"$BIN\" |" "$d/cmd")
    (cd "$tmp/case" && sh -c "$cmd" >stdout 2>stderr; echo "exit: $?" >>stderr)
    compare "$d/expected.err" "$tmp/case/stderr" "$name: standard error and exit status"
    if [ -f "$tmp/case/out.budget" ]; then
        compare "$d/expected.budget" "$tmp/case/out.budget" "$name: the imported budget"
        (cd "$tmp/case" && "$BIN" check out.budget >/dev/null 2>check; echo "exit: $?" >>check)
        compare "$d/expected.check" "$tmp/case/check" "$name: budgetc check"
        if [ "$HAVE_FMT" = 1 ]; then
            if "$BIN" fmt --check "$tmp/case/out.budget" >/dev/null 2>&1; then ok; else
                "$BIN" fmt "$tmp/case/out.budget" 2>&1 | diff -u "$tmp/case/out.budget" - >"$tmp/diff"
                bad "$name: budgetc fmt --check"; fi
        fi
    elif [ -f "$d/expected.budget" ]; then
        bad "$name: no out.budget written"
    fi
done

echo "import: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
