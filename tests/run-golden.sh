#!/bin/sh
# run-golden.sh BIN: the golden-file tests.
#
#   tests/diagnostics/NAME.budget  is checked; its standard error and exit
#                                  status must equal NAME.err (the last line
#                                  of NAME.err is "exit: N").  A NAME.json
#                                  beside it is the --error-format=json form.
#   tests/golden/*.cmd             one command line (run from the top of the
#                                  tree); its stdout must equal the .out file.
#   tests/fuzz/regressions/*       inputs that once crashed: check must exit
#                                  0 or 1 and print well-formed diagnostics;
#                                  a .bcf is consolidated and must exit 0-2.
#   every code of include/diag.def must appear in some .err file (or, for
#   the consolidation codes, which need several inputs, a golden .out).
#
# UPDATE=1 rewrites the expected files from the current output: review the
# diff before committing it.  The last line printed is "N passed, N failed".
set -u
BIN=${1:-build/budgetc}
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

# --- diagnostics: one input, one expected .err (and maybe .json) -------
for f in tests/diagnostics/*.budget; do
    [ -f "$f" ] || continue
    base=${f%.budget}
    "$BIN" check "$f" >"$tmp/out" 2>"$tmp/err"
    echo "exit: $?" >>"$tmp/err"
    compare "$base.err" "$tmp/err" "$f"
    if [ -f "$base.json" ]; then
        "$BIN" check --error-format=json "$f" >"$tmp/out" 2>"$tmp/err"
        echo "exit: $?" >>"$tmp/err"
        compare "$base.json" "$tmp/err" "$f (json)"
    fi
done

# --- commands whose standard output is pinned ---------------------------
for c in tests/golden/*.cmd; do
    [ -f "$c" ] || continue
    base=${c%.cmd}
    cmd=$(sed "s#\(^\|[;&| ]\)budgetc #\1$BIN #g" "$c")
    sh -c "$cmd" >"$tmp/out" 2>"$tmp/err"
    echo "exit: $?" >>"$tmp/out"
    compare "$base.out" "$tmp/out" "$c"
done

# --- crash regressions: never a signal, never an internal error ---------
for f in tests/fuzz/regressions/*; do
    [ -f "$f" ] || continue
    case $f in *.bcf) continue ;; esac
    "$BIN" check "$f" >/dev/null 2>"$tmp/err"
    st=$?
    if [ $st -le 1 ] && ! grep -qv -e '^[^ ].*: \(error\|warning\|note\)' \
            -e '^ *[0-9]* | ' -e '^ *| ' -e '^[0-9]* errors\?, [0-9]* warnings\?$' \
            -e '^budgetc: ' "$tmp/err"; then
        ok
    else
        echo "exit status $st" >"$tmp/diff"
        grep -v -e '^[^ ].*: \(error\|warning\|note\)' -e '^ *[0-9]* | ' \
            -e '^ *| ' "$tmp/err" | head -5 >>"$tmp/diff"
        bad "$f"
    fi
done

# --- .bcf crash regressions: rejected or consolidated, never a signal ---
for f in tests/fuzz/regressions/*.bcf; do
    [ -f "$f" ] || continue
    "$BIN" build --consolidate -f csv -o "$tmp/bcf" "$f" >/dev/null 2>"$tmp/err"
    st=$?
    rm -rf "$tmp/bcf"
    if [ $st -le 2 ] && ! grep -qv -e '^[^ ].*: \(error\|warning\|note\)' \
            -e '^ *[0-9]* | ' -e '^ *| ' -e '^[0-9]* errors\?, [0-9]* warnings\?$' \
            -e '^budgetc: ' "$tmp/err"; then
        ok
    else
        echo "exit status $st" >"$tmp/diff"
        head -5 "$tmp/err" >>"$tmp/diff"
        bad "$f"
    fi
done

# --- docs/diagnostics.md is generated from the compiler's own list -------
{ "$BIN" explain --markdown; cat docs/rules-coverage.md; } >"$tmp/diagmd" 2>&1
if cmp -s "$tmp/diagmd" docs/diagnostics.md; then ok; else
    echo "docs/diagnostics.md is stale: run 'make docs'" >"$tmp/diff"
    bad "docs/diagnostics.md"
fi

# --- every diagnostic code has a test -----------------------------------
for code in $(sed -n 's/^DIAG_CODE(\(E[0-9]*\),.*/\1/p' include/diag.def); do
    if cat tests/diagnostics/*.err tests/golden/*.out 2>/dev/null | grep -q "\[$code\]"; then
        ok
    else
        echo "no test in tests/diagnostics/ or tests/golden/ shows $code" >"$tmp/diff"
        bad "coverage of $code"
    fi
done

echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
