#!/bin/sh
# hostile.sh BIN: hostile content never becomes markup, a formula, a control
# character or a path.  Builds tests/hostile/hostile.budget in every format
# and inspects the files; also checks the size limit on an included file.
# Prints "hostile: N passed, N failed".
suite=hostile
. tests/lib.sh
mkdir -p "$tmp/out"
touch "$tmp/sentinel"
"$BIN" build --keep-going -o "$tmp/out" tests/hostile/hostile.budget 2>"$tmp/err"
st=$?
t "build exits 0 or 1" test "$st" -le 1
html=$tmp/out/disclosure.html
t "html written" test -s "$html"
t "no script tag from the source" sh -c "! grep -q '<script>alert' '$html'"
t "script text escaped" grep -q '&lt;script&gt;alert' "$html"
t "no injected table end" sh -c "! grep -q '</table><b>' '$html'"
t "no raw right-to-left override" sh -c "! grep -q \"$(printf '\342\200\256')\" '$html'"
t "no raw bell" sh -c "! grep -q \"$(printf '\007')\" '$html'"
csv=$tmp/out/csv/table-12.csv
t "csv formula neutralised" grep -q "^\"'=HYPERLINK" "$csv"
t "csv @ neutralised" grep -q "^'@SUM" "$csv"
t "no csv cell starts with =" sh -c "! grep -q '^=' '$tmp'/out/csv/*.csv"
t "only fixed file names" sh -c "cd '$tmp/out' && find . -type f | grep -v -E '^\./(disclosure\.(html|xlsx|json)|facts\.csv|datapackage\.json|csv/table-[0-9][0-9]\.csv)$' | grep -q . && exit 1 || exit 0"
t "nothing written outside the folder" sh -c "[ \$(ls '$tmp' | wc -l) -eq 3 ]"
t "json parses" python3 -c "import json,sys; json.load(open('$tmp/out/disclosure.json'))"
t "diagnostics hide the override" sh -c "! grep -q \"$(printf '\342\200\256')\" '$tmp/err'"
# the size limit, on an included file (sparse: nothing is really written)
truncate -s 65M "$tmp/big.budget"
printf 'department 测试局 { year 2026 }\ninclude "big.budget"\n' > "$tmp/main.budget"
"$BIN" check "$tmp/main.budget" >/dev/null 2>"$tmp/err2"
st=$?
t "oversize include is an error, not a crash" test "$st" -eq 1
t "oversize include says why" grep -q "larger than 64 MiB" "$tmp/err2"
# an output folder that is a file: exit 2 and the reason, nothing written
"$BIN" build -o "$tmp/sentinel" tests/hostile/hostile.budget --keep-going >/dev/null 2>"$tmp/err3"
st=$?
t "output folder that is a file exits 2" test "$st" -eq 2
t "output folder that is a file says why" grep -q "cannot create '.*sentinel': Not a directory" "$tmp/err3"
t "the file is left alone" test ! -s "$tmp/sentinel"
finish
