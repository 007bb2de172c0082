#!/bin/sh
# The command line: help, list, run, export; bad input exits 2 with a
# one-line message naming the value, and writes no file.
set -u
D=${DESCENT:-build/descent}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

$D --help >"$T/out" 2>&1
check "top-level help" '[ $? -eq 0 ] && grep -q "run" "$T/out"'
$D run --help >"$T/out" 2>&1
check "run --help" '[ $? -eq 0 ] && grep -q -- "--problem" "$T/out"'
$D list problems >"$T/out"
check "list problems" 'grep -q "^quadratic " "$T/out" && grep -q "^rosenbrock " "$T/out"'
$D list optimizers adam >"$T/out"
check "list one optimizer" 'grep -q "beta2" "$T/out"'

$D run --problem quadratic:dim=2,rotate=0,kappa=4 --optimizer "gd:lr=2/(L+mu)" --iters 3 \
    --log-every 1 --out "$T/a.h5" >"$T/out"
check "run writes a file" '[ $? -eq 0 ] && [ -f "$T/a.h5" ]'
check "summary names the status" 'grep -q "max_iters" "$T/out"'
# lr = 2/(4+1) = 0.4 on diag(4, 1) from (1, 1): x1 = (1-1.6, 1-0.4) = (-0.6, 0.6)
$D export "$T/a.h5" --cols iter,x1,x2,lr >"$T/exp"
check "export x after one step" 'awk '"'"'$1 == 1 { ok = ($2 + 0.6 < 1e-15 && $2 + 0.6 > -1e-15 && $3 - 0.6 < 1e-15 && $3 - 0.6 > -1e-15 && $4 == 0.4) } END { exit !ok }'"'"' "$T/exp"'
if command -v h5dump >/dev/null; then
    h5dump -H "$T/a.h5" >"$T/dump" 2>&1
    check "h5dump reads the layout" 'grep -q "DATASET \"trajectory\"" "$T/dump" && grep -q "\"f_gap\";" "$T/dump" && grep -q "\"optimizer\";" "$T/dump" && grep -q "ATTRIBUTE \"format_version\"" "$T/dump"'
fi

bad() {  # bad NAME EXPECTED-TEXT ARGS...
    name=$1; want=$2; shift 2
    rm -f "$T/bad.h5"
    $D "$@" --out "$T/bad.h5" >"$T/out" 2>"$T/err"
    rc=$?
    check "$name: exit 2 (got $rc)" '[ $rc -eq 2 ]'
    check "$name: message has '$want'" 'grep -q -- "$want" "$T/err"'
    check "$name: one line" '[ $(wc -l <"$T/err") -eq 1 ]'
    check "$name: no file" '[ ! -e "$T/bad.h5" ]'
}
bad "unknown optimizer" "did you mean 'adam'" run --problem quadratic --optimizer adm
bad "unknown key" "no parameter 'kapa'" run --problem quadratic:kapa=3 --optimizer gd
bad "negative dim" "dim=-1" run --problem quadratic:dim=-1 --optimizer gd
bad "beta out of range" "beta2=1" run --problem quadratic --optimizer adam:beta2=1
bad "x0 length" "--x0 has 2 values" run --problem quadratic:dim=3 --optimizer gd --x0 1,2
bad "bad x0 number" "--x0 1,zz" run --problem quadratic:dim=2 --optimizer gd --x0 1,zz
bad "bad iters" "--iters -5" run --problem quadratic --optimizer gd --iters -5
bad "missing problem" "--problem is required" run --optimizer gd
bad "unknown option" "unknown option '--iterations'" run --problem quadratic --optimizer gd --iterations 3
bad "missing data file" "data '/nonexistent.csv': no such file" run --problem logreg:data=/nonexistent.csv --optimizer gd
bad "unknown data set" "built-in sets" run --problem logreg:data=nosuch --optimizer gd
bad "data not numeric" "/etc/passwd:1: label" run --problem logreg:data=/etc/passwd --optimizer gd
bad "schedule zero T_max" "T_max=0" run --problem quadratic --optimizer sgd --schedule cosine:T_max=0
bad "x0 not finite" "--x0 1,2,inf" run --problem quadratic:dim=3 --optimizer gd --x0 1,2,inf
bad "eps zero" "eps=0" run --problem quadratic --optimizer adam:eps=0
bad "kappa below 1" "kappa=0.5" run --problem quadratic:kappa=0.5 --optimizer gd
# Out of memory is a runtime failure (exit 1), in run as in bench.
$D run --problem lstsq:n=100000000,d=100000 --optimizer gd >/dev/null 2>"$T/err"
check "too large for memory: exit 1" '[ $? -eq 1 ] && grep -q "more than this machine" "$T/err"'
bad "missing suite" "cannot read suite '/nonexistent.ini'" bench /nonexistent.ini
$D export /nonexistent.h5 >/dev/null 2>"$T/err"
check "export of a missing file exits 2" '[ $? -eq 2 ] && grep -q "/nonexistent.h5" "$T/err"'
$D frobnicate >/dev/null 2>"$T/err"
check "unknown command exits 2" '[ $? -eq 2 ] && grep -q "unknown command" "$T/err"'

[ $fails -eq 0 ] && echo "cli_basic: all checks passed"
exit $fails
