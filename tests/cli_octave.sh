#!/bin/sh
# Octave reads a result file's trajectories as the README shows: Octave 7
# has no h5read and its load reads no compound dataset, so the way in is
# `descent export`'s text columns and load -ascii (lines starting with #,
# one per run, are comments to it). Without octave-cli it says it skipped
# and exits 77.
set -u
D=${DESCENT:-build/descent}
if ! command -v octave-cli >/dev/null 2>&1; then
    echo "cli_octave: skipped (no octave-cli; scripts/setup.sh installs Debian's octave)"
    exit 77
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

# GD with lr = 1/L on diag(4, 1) from (1, 1): the gap after one step is
# 1/2 * 1 * (3/4)^2 = 0.28125 whatever the seed; after two, (3/4)^4 / 2.
$D run --problem quadratic:dim=2,rotate=0,kappa=4 --optimizer gd:lr=1/L --iters 2 --seeds 3 \
    --log-every 1 --out "$T/a.h5" >/dev/null
$D export "$T/a.h5" --cols iter,f_gap,seed >"$T/a.txt"
(cd "$T" && octave-cli --no-gui --norc --eval \
    "A = load('-ascii', 'a.txt'); printf('%d %d\n', size(A)); printf('%.17g\n', A(A(:,1) == 1, 2)); printf('%.17g\n', A(A(:,1) == 2, 2)); printf('%d\n', sum(A(:,3)))" \
    >"$T/out" 2>"$T/err")
check "Octave ran (see its errors below)" '[ -s "$T/out" ]' || cat "$T/err"
check "one row per record: 3 runs x 3 records, 3 columns" '[ "$(sed -n 1p "$T/out")" = "9 3" ]'
check "the gap after one step, to the last digit" '[ "$(sed -n 2,4p "$T/out" | sort -u)" = "0.28125" ]'
check "the gap after two steps" '[ "$(sed -n 5,7p "$T/out" | sort -u)" = "0.158203125" ]'
check "the seeds 0, 1, 2 on their rows" '[ "$(sed -n 8p "$T/out")" = "9" ]'
[ "$fails" -eq 0 ] && echo "cli_octave: all checks passed (export read by Octave's load -ascii)"
[ "$fails" -eq 0 ]
