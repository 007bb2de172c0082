#!/bin/sh
# Run every test program of a build directory and the command-line tests;
# print one closing line "tests: N passed, M failed".
BUILD=${1:-build}
pass=0
fail=0
failed=""
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
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
