#!/bin/sh
# descent pep: exact worst cases of fixed-step methods (values, tables, the
# HDF5 dataset, refusals and bad input).
set -u
D=${DESCENT:-build/descent}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

# GD with lr 1/L after 3 steps: L R^2/(4N+2) = 1/14 = 0.0714285714...
$D pep --optimizer gd --N 3 >"$T/one"
check "pep exits 0" '[ $? -eq 0 ]'
check "gd N=3 is 1/14" 'grep -q "^N=3 worst gap = 0.07142857" "$T/one"'
check "the tolerance is stated" 'grep -q "(tol " "$T/one"'
# L = 2, R = 3 scale the gap by L R^2 = 18: 18/14 = 1.285714...
$D pep --optimizer gd --N 3 --L 2 --R 3 | grep -q "worst gap = 1.2857142"
check "L R^2 scaling" '[ $? -eq 0 ]'

# a table over horizons and its HDF5 dataset
$D pep --optimizer gd --N 1:4 --out "$T/t.h5" >"$T/table"
check "table exits 0" '[ $? -eq 0 ]'
check "table has 4 rows" '[ $(grep -c "^ *[1-4] " "$T/table") -eq 4 ]'
check "N=1 row is 1/6" 'grep -q "^ *1 *0.16666666" "$T/table"'
if command -v h5dump >/dev/null; then
    h5dump -d /pep -A 0 "$T/t.h5" >"$T/dump" 2>&1
    check "dataset /pep is 4 x 5" 'grep -q "( 4, 5 )" "$T/dump"'
fi

# lr 2.1/L: finite, (1/2) 1.21^N, and marked as worse than x0
$D pep --optimizer gd:lr=2.1/L --N 2 >"$T/div"
near=$(awk '/worst gap/ { d = $5 - 0.73205; print (d < 1e-9 && d > -1e-9) ? "yes" : "no" }' "$T/div")
check "lr 2.1/L: 0.5 * 1.21^2" '[ "$near" = yes ]'
check "lr 2.1/L: marked" 'grep -q "NOT CONVERGENT" "$T/div"'
# triple momentum starts above x0's worst case (2.34, then 1.09) but shrinks: not flagged as divergent
$D pep --optimizer triple_momentum --class smooth-strongly-convex --mu 0.1 --N 2 >"$T/tm"
check "tm N=2: above x0" 'grep -q "above x0" "$T/tm"'
check "tm N=2: not marked not convergent" '! grep -q "NOT CONVERGENT" "$T/tm"'

# DSDP fails steps on the way (gd at lr 2.1/L, N = 10: its LP cone refuses
# X) and its error trace must not reach standard output; a solve that
# fails outright keeps its one line on stderr
$D pep --optimizer gd:lr=2.1/L --N 10 >"$T/div10" 2>"$T/div10.err"
check "lr 2.1/L N=10 exits 0" '[ $? -eq 0 ]'
check "no DSDP trace on stdout" '! grep -q "DSDP Error\|DSDP:\|Timing error" "$T/div10"'
check "no DSDP trace on stderr" '! grep -q "DSDP Error\|DSDP:\|Timing error" "$T/div10.err"'
check "stdout is the header and the value" '[ $(wc -l <"$T/div10") -eq 4 ]'
$D pep --optimizer gd:lr=3/L --N 5 >"$T/fail" 2>"$T/fail.err"
rc=$?
check "lr 3/L N=5 fails (got $rc)" '[ $rc -ne 0 ]'
check "lr 3/L N=5: nothing on stdout" '[ ! -s "$T/fail" ]'
check "lr 3/L N=5: one line on stderr" '[ $(wc -l <"$T/fail.err") -eq 1 ]'

bad() {  # bad NAME EXPECTED-TEXT ARGS...
    name=$1; want=$2; shift 2
    $D pep "$@" >"$T/out" 2>"$T/err"
    rc=$?
    check "$name: exit 2 (got $rc)" '[ $rc -eq 2 ]'
    check "$name: message has '$want'" 'grep -q -- "$want" "$T/err"'
    check "$name: one line" '[ $(wc -l <"$T/err") -eq 1 ]'
    check "$name: nothing printed" '[ ! -s "$T/out" ]'
}
bad "not fixed-step" "not a fixed-step method" --optimizer adam --N 3
bad "line search" "ls=exact" --optimizer gd:ls=exact --N 3
bad "weight decay" "wd=0.1" --optimizer gd:wd=0.1 --N 3
bad "missing N" "--N is required" --optimizer gd
bad "bad range" "--N 5:2" --optimizer gd --N 5:2
bad "bad class" "unknown class 'convex'" --optimizer gd --N 2 --class convex
bad "mu on convex" "mu = 0, not 0.5" --optimizer gd --N 2 --mu 0.5
bad "mu >= L" "mu=2" --optimizer gd --N 2 --class smooth-strongly-convex --mu 2
bad "sc without mu" "needs --mu" --optimizer gd --N 2 --class smooth-strongly-convex
bad "out without range" "give --N as a range" --optimizer gd --N 2 --out "$T/x.h5"
bad "unknown optimizer" "did you mean" --optimizer ogmm --N 2

[ $fails -eq 0 ] && echo "cli_pep: all checks passed"
