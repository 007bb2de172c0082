#!/bin/sh
# Run every test program of a build directory and the command-line tests;
# print one closing line "tests: N passed, M failed".
BUILD=${1:-build}
pass=0
fail=0
failed=""
for src in tests/test_*.c; do
    t="$BUILD/tests/$(basename "$src" .c)"  # only programs whose source exists
    if DESCENT="$BUILD/descent" "$t"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        failed="$failed $(basename "$t")"
    fi
done
for t in tests/cli_*.sh; do
    [ -f "$t" ] || continue
    if DESCENT="$BUILD/descent" sh "$t"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        failed="$failed $(basename "$t")"
    fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
