#!/bin/sh
# descent export across files: per-run constant columns, --last, --band.
set -u
D=${DESCENT:-build/descent}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

# GD with lr = 1/L on diag(4, 1) from (1, 1): the gap after one step is
# 1/2 * 1 * (3/4)^2 = 0.28125 whatever the seed (no rotation, no noise).
$D run --problem quadratic:dim=2,rotate=0,kappa=4 --optimizer gd:lr=1/L --iters 1 --seeds 3 \
    --log-every 1 --out "$T/a.h5" >/dev/null
$D run --problem quadratic:dim=2,rotate=0,kappa=4 --optimizer gd:lr=0.5/L --iters 2 \
    --log-every 1 --out "$T/b.h5" >/dev/null
$D export "$T/a.h5" "$T/b.h5" --last --cols iter,f_gap,L,mu,kappa >"$T/last"
check "--last: one row per run over both files" '[ $(grep -c . "$T/last") -eq 4 ]'
check "--last: constants on the row" '[ $(grep -c "^1 0.28125 4 1 4$" "$T/last") -eq 3 ]'
check "--last: the second file's run" 'grep -q "^2 " "$T/last"'
$D export "$T/b.h5" --last --cols lr0,lr >"$T/lr0"
check "--last: lr0 is the first step's rate, lr NaN" 'grep -q "^0.125 nan$" "$T/lr0"'
$D export "$T/a.h5" "$T/b.h5" --band --cols iter,f_gap >"$T/band"
check "--band: one block per optimizer" '[ $(grep -c "^# band" "$T/band") -eq 2 ]'
check "--band: median and quantiles of equal runs" 'grep -q "^1 0.28125 0.28125 0.28125$" "$T/band"'
# Five SGD seeds differ: the band's median and 10%/90% quantiles at the
# last record are the linear-interpolation quantiles of the five final gaps
# (h = q (n - 1), v[lo] + (h - lo) (v[lo+1] - v[lo])), computed here by awk.
$D run --problem lstsq:n=50,d=3,seed=1 --optimizer sgd:lr=0.1,batch=1 --iters 3 --seeds 5 \
    --log-every 1 --out "$T/s.h5" >/dev/null
$D export "$T/s.h5" --last --cols f_gap | sort -g | awk '
    { v[NR - 1] = $1 }
    function q(p,   h, lo) { h = p * (NR - 1); lo = int(h); return v[lo] + (h - lo) * (v[lo + 1] - v[lo]) }
    END { printf "3 %.17g %.17g %.17g\n", v[2], q(0.1), q(0.9) }' >"$T/want"
$D export "$T/s.h5" --band --cols iter,f_gap | grep "^3 " >"$T/got"
distinct=$(tr ' ' '\n' <"$T/got" | sort -u | wc -l)
check "--band: quantiles of five different seeds" 'cmp -s "$T/want" "$T/got" && [ "$distinct" -eq 4 ]'
$D export "$T/a.h5" --band --cols iter >/dev/null 2>"$T/err"
check "--band needs two columns" '[ $? -eq 2 ] && [ $(wc -l <"$T/err") -eq 1 ]'
$D export "$T/a.h5" --band --last >/dev/null 2>"$T/err"
check "--band and --last exclude each other" '[ $? -eq 2 ] && grep -q exclude "$T/err"'

[ $fails -eq 0 ] && echo "cli_export: all checks passed"
exit $fails
