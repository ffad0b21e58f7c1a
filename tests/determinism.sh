#!/bin/sh
# determinism.sh BIN: same input, same bytes out.  Builds both examples in
# every format twice, and again under other locales and time zones, and
# compares every file byte for byte.  Prints "determinism: N passed, N failed".
set -u
BIN=${1:-build/budgetc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
for ex in datong-kjj-2026-corrected shanghai-putuo-swh-2025; do
    src=examples/$ex/main.budget
    "$BIN" build --keep-going -o "$tmp/$ex-a" "$src" 2>/dev/null
    i=0
    for env in "LC_ALL=C" "LC_ALL=C.UTF-8 TZ=Asia/Shanghai" \
               "LC_ALL=zh_CN.UTF-8 TZ=America/New_York" "TZ=UTC LANG=en_US.UTF-8"; do
        i=$((i + 1))
        env $env "$BIN" build --keep-going -o "$tmp/$ex-$i" "$src" 2>/dev/null
        if diff -r "$tmp/$ex-a" "$tmp/$ex-$i" >/dev/null 2>&1 &&
           [ -n "$(ls "$tmp/$ex-a" 2>/dev/null)" ]; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            echo "FAIL: $ex differs under $env"
            diff -r "$tmp/$ex-a" "$tmp/$ex-$i" 2>&1 | head -5
        fi
    done
done
echo "determinism: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
