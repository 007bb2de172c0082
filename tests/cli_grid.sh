#!/bin/sh
# descent grid: f on a regular grid for gnuplot (values, layout, bad input).
set -u
D=${DESCENT:-build/descent}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

# Himmelblau at (0, 0) is 11^2 + 7^2 = 170, at (3, 2) it is 0.
$D grid --problem himmelblau --box -3,3,-2,2 --n 3 >"$T/h"
check "grid exits 0" '[ $? -eq 0 ]'
check "dim 2: 9 points" '[ $(grep -c . "$T/h") -eq 9 ]'
check "dim 2: a blank line after each row" '[ $(grep -c "^$" "$T/h") -eq 3 ]'
check "himmelblau(0,0) = 170" 'grep -q "^0 0 170$" "$T/h"'
check "himmelblau(3,2) = 0" 'grep -q "^3 2 0$" "$T/h"'
# poly1d x^4 - 3x^3 + 2 at -1, 1, 3: 6, 0, 2
$D grid --problem poly1d --box -1,3 --n 3 >"$T/p"
check "dim 1 values" '[ "$(tr "\n" " " <"$T/p")" = "-1 6 1 0 3 2 " ]'

bad() {  # bad NAME EXPECTED-TEXT ARGS...
    name=$1; want=$2; shift 2
    $D grid "$@" >"$T/out" 2>"$T/err"
    rc=$?
    check "$name: exit 2 (got $rc)" '[ $rc -eq 2 ]'
    check "$name: message has '$want'" 'grep -q -- "$want" "$T/err"'
    check "$name: one line" '[ $(wc -l <"$T/err") -eq 1 ]'
    check "$name: nothing printed" '[ ! -s "$T/out" ]'
}
bad "dim 3" "dim 3" --problem quadratic:dim=3 --box 0,1,0,1
bad "box length" "expected 4 numbers" --problem beale --box 0,1,0
bad "box order" "low end" --problem beale --box 1,0,0,1
bad "box number" "--box 0,x" --problem beale --box 0,x,0,1
bad "n too small" "--n 1" --problem beale --box 0,1,0,1 --n 1
bad "missing box" "--box is required" --problem beale
bad "unknown problem" "did you mean" --problem rosenbrok --box 0,1,0,1

[ $fails -eq 0 ] && echo "cli_grid: all checks passed"
exit $fails
