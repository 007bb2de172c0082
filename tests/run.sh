#!/bin/sh
# Run every test program of a build directory and the command-line tests;
# print one closing line "tests: N passed, M failed, K skipped". A test that
# cannot run here (cli_mpi without mpirun) exits 77 and counts as skipped,
# never as passed.
BUILD=${1:-build}
pass=0
fail=0
skip=0
failed=""
skipped=""
tally() {  # status, name
    if [ "$1" -eq 0 ]; then
        pass=$((pass + 1))
    elif [ "$1" -eq 77 ]; then
        skip=$((skip + 1))
        skipped="$skipped $2"
    else
        fail=$((fail + 1))
        failed="$failed $2"
    fi
}
for src in tests/test_*.c; do
    t="$BUILD/tests/$(basename "$src" .c)"  # only programs whose source exists
    DESCENT="$BUILD/descent" "$t"
    tally $? "$(basename "$t")"
done
for t in tests/cli_*.sh; do
    [ -f "$t" ] || continue
    DESCENT="$BUILD/descent" sh "$t"
    tally $? "$(basename "$t")"
done
[ -n "$skipped" ] && echo "skipped:$skipped"
[ -n "$failed" ] && echo "failed:$failed"
echo "tests: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
