#!/bin/sh
# parallel.sh BIN: -j2 (files parsed ahead on a second thread, formats
# written by processes side by side) prints and writes exactly what -j1
# does.  Runs check (human and JSON diagnostics)
# and build on the examples, on a generated 3,000-fact department, and on
# a copy of it broken in the ways the parser and the resolver report
# (wrong amounts, invalid UTF-8, a NUL byte, an unclosed block, an include
# cycle, a missing file, a directory, a file included twice), several
# times each, since a race shows only sometimes.
# Prints "parallel: N passed, N failed".
suite=parallel
. tests/lib.sh

python3 bench/gen --facts 3000 --out "$tmp/ok" >/dev/null || {
    echo "parallel: bench/gen failed"; exit 1; }
cp -r "$tmp/ok" "$tmp/bad"
d=$tmp/bad/dept-0001
u=$(ls "$d/units" | head -n 1)
u2=$(ls "$d/units" | sed -n 3p)
u3=$(ls "$d/units" | sed -n 5p)
# amounts that no longer add up
sed -i '0,/  all      合计  /s/  all      合计  \([0-9]\)/  all      合计  9\1/' \
    "$d/units/$u/expenditure.budget"
# invalid UTF-8 and a NUL byte in included files
printf '# \377\376 bad bytes\n' >>"$d/units/$u2/projects.budget"
printf 'unit x {\n  kind \000 行政\n}\n' >>"$d/units/$u3/projects.budget"
# an unclosed block at the end of a file
printf 'project 未闭合 {\n  unit 某单位\n' >>"$d/prior.budget"
# a cycle, a missing file, a directory, the same file twice
printf 'include "main.budget"\n' >>"$d/assets.budget"
printf 'include "no-such-file.budget"\ninclude "units"\n' >>"$d/sections.budget"
printf 'include "income.budget"\n' >>"$d/procurement.budget"
# escapes in an include's path: a bad one, and one naming a file again
printf 'include "x\\qz.budget"\ninclude "\\u{69}ncome.budget"\n' >>"$d/procurement.budget"

compare() {   # name, then the command after BIN
    name=$1
    shift
    "$BIN" "$@" -j1 >"$tmp/out1" 2>&1
    echo "exit $?" >>"$tmp/out1"
    for round in 1 2 3; do
        "$BIN" "$@" -j2 >"$tmp/out2" 2>&1
        echo "exit $?" >>"$tmp/out2"
        if cmp -s "$tmp/out1" "$tmp/out2"; then
            ok
        else
            bad "$name differs with -j2 (round $round)"
            diff "$tmp/out1" "$tmp/out2" | head -5
        fi
    done
}

for src in examples/*/main.budget "$tmp/ok/main.budget" "$tmp/bad/main.budget"; do
    compare "check $src" check "$src"
    compare "check --error-format=json $src" check --error-format=json "$src"
done
# memory running out in the parsing thread: the walk reads that file itself
for n in 1 2 3 5 8 13 21 34 55 89 144 233 377 610 987; do
    BUDGETC_PREFETCH_FAIL=$n compare "check with the worker's allocation $n failing" \
        check "$tmp/bad/main.budget"
done
# the broken copy must really be broken in each of those ways
for code in E0002 E0003 E0006 E0101 E0102 E0103 E0104 E0401; do
    if grep -q "$code" "$tmp/out1"; then
        ok
    else
        bad "the broken corpus does not report $code"
    fi
done

# build: -j2 also writes the formats in processes side by side; the files
# and the messages must be those of -j1
for src in examples/*/main.budget "$tmp/ok/main.budget"; do
    rm -rf "$tmp/b1" "$tmp/b2"
    "$BIN" build -j1 --keep-going -o "$tmp/b1" "$src" >"$tmp/m1" 2>&1
    echo "exit $?" >>"$tmp/m1"
    "$BIN" build -j2 --keep-going -o "$tmp/b2" "$src" >"$tmp/m2" 2>&1
    echo "exit $?" >>"$tmp/m2"
    if [ -n "$(ls "$tmp/b1" 2>/dev/null)" ] && diff -r "$tmp/b1" "$tmp/b2" >/dev/null &&
       cmp -s "$tmp/m1" "$tmp/m2"; then
        ok
    else
        bad "build of $src differs with -j2"
    fi
done
finish
