#!/bin/sh
# bench-gen.sh BIN: bench/gen --departments writes departments that stand on
# their own and do not overlap.  Generates 2,000 facts over 3 departments,
# checks each department's entry file alone (exit 0, no output), and
# verifies that no unit name or code, department code or name is in two
# departments, that all share one year and province, and that the entry
# list and the consolidation make file are there.
# Prints "bench-gen: N passed, N failed".
suite=bench-gen
. tests/lib.sh
python3 bench/gen --facts 2000 --departments 3 --out "$tmp/c" --quiet
t "bench/gen --departments 3 runs" test $? -eq 0
t "three entry files listed" test "$(wc -l < "$tmp/c/departments.lst")" -eq 3
t "no DIR/main.budget" test ! -e "$tmp/c/main.budget"
t "Makefile.consolidate written" grep -q -e '--consolidate' "$tmp/c/Makefile.consolidate"
for e in $(cat "$tmp/c/departments.lst"); do
    "$BIN" check "$tmp/c/$e" >"$tmp/out" 2>&1
    st=$?
    t "$e checks: exit 0" test "$st" -eq 0
    t "$e checks: no output" test ! -s "$tmp/out"
done
# one line per unit: "unit NAME { kind …; code "…" }", one file per department
sed -n 's/^unit \([^ ]*\) .*code "\([0-9]*\)".*/\1 \2/p' "$tmp"/c/dept-*/department.budget > "$tmp/units"
t "every unit has a code" test "$(wc -l < "$tmp/units")" -eq "$(grep -c '^unit ' "$tmp"/c/dept-*/department.budget | awk -F: '{ n += $2 } END { print n }')"
t "no unit name in two departments" test -z "$(cut -d' ' -f1 "$tmp/units" | sort | uniq -d)"
t "no unit code in two departments" test -z "$(cut -d' ' -f2 "$tmp/units" | sort | uniq -d)"
t "department names distinct" test "$(grep -h '^department ' "$tmp"/c/dept-*/department.budget | sort -u | wc -l)" -eq 3
t "department codes distinct" test "$(grep -h '^  code ' "$tmp"/c/dept-*/department.budget | sort -u | wc -l)" -eq 3
t "one year" test "$(grep -h '^  year ' "$tmp"/c/dept-*/department.budget | sort -u | wc -l)" -eq 1
t "one province" test "$(grep -h '^  province ' "$tmp"/c/dept-*/department.budget | sort -u | wc -l)" -eq 1
t "the journal holds every department's facts" python3 -c "
import json; i = json.load(open('$tmp/c/corpus.json'))
assert i['transactions'] == i['facts'] == sum(d['facts'] for d in i['department_list']) >= 2000"
finish
