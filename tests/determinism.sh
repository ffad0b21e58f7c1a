#!/bin/sh
# determinism.sh BIN: same input, same bytes out.  Builds both examples in
# every format twice, and again under other locales and time zones, and
# compares every file byte for byte.  Prints "determinism: N passed, N failed".
suite=determinism
. tests/lib.sh
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
            ok
        else
            bad "$ex differs under $env"
            diff -r "$tmp/$ex-a" "$tmp/$ex-$i" 2>&1 | head -5
        fi
    done
done
finish
