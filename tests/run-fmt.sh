#!/bin/sh
# run-fmt.sh BIN: the tests of `budgetc fmt`.
#
#   1. golden: tests/fmt/NAME.budget formatted must equal NAME.out; when a
#      NAME.err is there instead, the file has syntax errors: standard error
#      and the exit status ("exit: N", its last line) must equal NAME.err,
#      and nothing may be printed on standard output.
#   2. idempotence: every .out is its own format, and fmt(fmt(x)) == fmt(x)
#      for every example file, every tests/diagnostics file that parses and
#      every stdlib module; every example file and stdlib module is its
#      own format.
#   3. meaning: each example (and the stdlib) formatted in place with -w in
#      a copy dumps the same JSON as the original, line:column positions
#      (the "at" fields) aside.
#   4. the command: --check lists the files that would change and exits 1,
#      0 when none would; -w rewrites atomically and only what changes;
#      usage errors exit 2.
#
# UPDATE=1 rewrites the expected files of part 1 from the current output:
# review the diff before committing it.  The last line printed is
# "fmt: N passed, N failed".
set -u
BIN=${1:-build/budgetc}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; [ -f "$tmp/diff" ] && head -40 "$tmp/diff"; rm -f "$tmp/diff"; }
check() { # check WHAT CONDITION...: passes when the condition holds
    what=$1
    shift
    if "$@"; then ok; else bad "$what"; fi
}

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

# --- 1. golden files ---------------------------------------------------
for f in tests/fmt/*.budget; do
    [ -f "$f" ] || continue
    base=${f%.budget}
    "$BIN" fmt "$f" >"$tmp/out" 2>"$tmp/err"
    st=$?
    if [ -f "$base.err" ]; then
        echo "exit: $st" >>"$tmp/err"
        compare "$base.err" "$tmp/err" "$f (diagnostics)"
        check "$f: nothing on standard output" test ! -s "$tmp/out"
    elif [ $st -ne 0 ] || [ -s "$tmp/err" ]; then
        { echo "exit status $st"; cat "$tmp/err"; } >"$tmp/diff"
        bad "$f"
    else
        compare "$base.out" "$tmp/out" "$f"
    fi
done

# --- 2. idempotence ----------------------------------------------------
fixed_point() { # fixed_point FILE: fmt(FILE) == FILE
    "$BIN" fmt "$1" >"$tmp/fp" 2>"$tmp/diff" && cmp -s "$1" "$tmp/fp" ||
        { diff -u "$1" "$tmp/fp" >>"$tmp/diff"; return 1; }
}
idempotent() { # idempotent FILE: fmt(fmt(FILE)) == fmt(FILE)
    "$BIN" fmt "$1" >"$tmp/once.budget" 2>"$tmp/diff" || return 1
    fixed_point "$tmp/once.budget"
}
for f in tests/fmt/*.out; do
    [ -f "$f" ] && check "$f is formatted" fixed_point "$f"
done
for f in $(find examples -name '*.budget' | sort) stdlib/*.budget; do
    check "idempotence of $f" idempotent "$f"
done
# the bundled examples and the stdlib are written in the canonical layout
for f in $(find examples -name '*.budget' | sort) stdlib/*.budget; do
    check "$f is formatted" fixed_point "$f"
done
for f in tests/diagnostics/*.budget; do
    "$BIN" fmt "$f" >/dev/null 2>&1 || continue    # syntax errors: not formatted
    check "idempotence of $f" idempotent "$f"
done

# --- 3. formatting keeps the meaning ------------------------------------
# The dump is run from inside each copy, so both name the same files.
dump() { # dump TREE EXAMPLE: the dump, positions stripped, and its status
    (cd "$1/$2" && "$BIN" dump -I ../stdlib main.budget 2>/dev/null
     echo "exit: $?") | sed 's/"at":"[^"]*"/"at":""/g'
}
for d in examples/*/; do
    name=$(basename "$d")
    [ -f "$d/main.budget" ] || continue
    rm -rf "$tmp/orig" "$tmp/fmt"
    mkdir -p "$tmp/orig" "$tmp/fmt"
    for t in orig fmt; do
        cp -R "$d" "$tmp/$t/$name"
        cp -R stdlib "$tmp/$t/stdlib"
    done
    if ! find "$tmp/fmt" -name '*.budget' -exec "$BIN" fmt -w {} + >"$tmp/diff" 2>&1; then
        bad "fmt -w of a copy of $d"
        continue
    fi
    check "the copy of $d is formatted" \
        sh -c "find '$tmp/fmt' -name '*.budget' -exec '$BIN' fmt --check {} + >'$tmp/diff'"
    dump "$tmp/orig" "$name" >"$tmp/orig.json"
    dump "$tmp/fmt" "$name" >"$tmp/fmt.json"
    if grep -q '"files"' "$tmp/orig.json" &&
            diff -u "$tmp/orig.json" "$tmp/fmt.json" >"$tmp/diff" 2>&1; then
        ok
    else
        bad "dump of $d changes when it is formatted"
    fi
done

# --- 4. the command: --check, -w, usage ---------------------------------
cp tests/fmt/alignment.budget "$tmp/u.budget"          # not formatted
cp tests/fmt/alignment.out "$tmp/f.budget"             # formatted
chmod 640 "$tmp/u.budget"
"$BIN" fmt --check "$tmp/u.budget" "$tmp/f.budget" >"$tmp/out" 2>&1
check "--check exits 1 when a file would change" test $? -eq 1
check "--check lists only that file" test "$(cat "$tmp/out")" = "$tmp/u.budget"
check "--check writes nothing" cmp -s "$tmp/u.budget" tests/fmt/alignment.budget
"$BIN" fmt --check "$tmp/f.budget" >"$tmp/out" 2>&1
check "--check exits 0 when nothing would change" test $? -eq 0
check "--check prints nothing then" test ! -s "$tmp/out"

ls -i "$tmp/f.budget" >"$tmp/inode-before"
"$BIN" fmt -w "$tmp/u.budget" "$tmp/f.budget" >"$tmp/out" 2>&1
check "-w exits 0" test $? -eq 0
check "-w prints nothing" test ! -s "$tmp/out"
check "-w rewrites the file" cmp -s "$tmp/u.budget" tests/fmt/alignment.out
check "-w keeps the permissions" test "$(ls -l "$tmp/u.budget" | cut -c1-10)" = "-rw-r-----"
ls -i "$tmp/f.budget" >"$tmp/inode-after"
check "-w leaves a formatted file alone" cmp -s "$tmp/inode-before" "$tmp/inode-after"
check "-w leaves no temporary file" test "$(ls -A "$tmp" | grep -c '^\.budgetc-fmt')" -eq 0
"$BIN" fmt --check "$tmp/u.budget" >/dev/null 2>&1
check "--check exits 0 after -w" test $? -eq 0

cp tests/fmt/alignment.budget "$tmp/target.budget"
ln -s target.budget "$tmp/link.budget"
"$BIN" fmt -w "$tmp/link.budget" >/dev/null 2>&1
check "-w refuses a symbolic link (exit 2)" test $? -eq 2
check "-w leaves the link and its target alone" \
    sh -c "test -L '$tmp/link.budget' && cmp -s '$tmp/target.budget' tests/fmt/alignment.budget"

cp tests/fmt/syntax-error.budget "$tmp/e.budget"
"$BIN" fmt -w "$tmp/e.budget" >/dev/null 2>"$tmp/err"
check "-w of a file with syntax errors exits 1" test $? -eq 1
check "... reports its diagnostics" grep -q 'error\[E0007\]' "$tmp/err"
check "... and leaves it alone" cmp -s "$tmp/e.budget" tests/fmt/syntax-error.budget
"$BIN" fmt --check "$tmp/e.budget" >/dev/null 2>&1
check "--check of a file with syntax errors exits 1" test $? -eq 1

"$BIN" fmt "$tmp/missing.budget" >/dev/null 2>&1
check "a missing file exits 2" test $? -eq 2
"$BIN" fmt >/dev/null 2>&1
check "fmt without a FILE exits 2" test $? -eq 2
"$BIN" fmt -w --check "$tmp/f.budget" >/dev/null 2>&1
check "-w with --check exits 2" test $? -eq 2
"$BIN" fmt --bogus "$tmp/f.budget" >/dev/null 2>&1
check "an unknown option exits 2" test $? -eq 2
"$BIN" fmt tests/fmt/bom.budget tests/fmt/crlf.budget >"$tmp/out" 2>&1
cat tests/fmt/bom.out tests/fmt/crlf.out >"$tmp/both"
check "several FILEs print one after the other" cmp -s "$tmp/out" "$tmp/both"
"$BIN" help fmt >"$tmp/out" 2>&1
check "budgetc help fmt" grep -q '^Usage: budgetc fmt' "$tmp/out"

echo "fmt: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
