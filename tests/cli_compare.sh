#!/bin/sh
# descent compare as a CI gate: a file against itself passes (exit 0, every
# configuration "same"); a run cut to a tenth of its budget is significantly
# worse (exit 1) on the gap and on the ERT, and as the baseline it is not;
# bad input exits 2.
set -eu
D=${DESCENT:-build/descent}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "cli_compare: $*"; exit 1; }
suite() {  # suite ITERS FILE
    cat > "$tmp/s.ini" <<INI
[suite]
name = gate
seeds = 8
iters = $1
[problem q]
spec = quadratic:dim=10,kappa=100
optimizers = gd
[optimizer gd]
spec = gd:lr=1/L
INI
    "$D" bench "$tmp/s.ini" --out "$2" --no-tables >/dev/null 2>&1 || fail "bench failed"
}
suite 2000 "$tmp/base.h5"
suite 200 "$tmp/new.h5"
set +e
out=$("$D" compare "$tmp/base.h5" "$tmp/base.h5"); rc=$?
[ $rc -eq 0 ] || fail "a file against itself exited $rc"
printf '%s\n' "$out" | grep -q ' same$' || fail "a file against itself is not 'same'"
out=$("$D" compare "$tmp/new.h5" "$tmp/base.h5"); rc=$?
[ $rc -eq 1 ] || fail "a shorter run against the baseline exited $rc, expected 1"
printf '%s\n' "$out" | grep -q 'WORSE$' || fail "no WORSE verdict"
"$D" compare --metric ert --target 1e-8 "$tmp/new.h5" "$tmp/base.h5" >/dev/null; rc=$?
[ $rc -eq 1 ] || fail "the ERT metric exited $rc, expected 1"
out=$("$D" compare "$tmp/base.h5" "$tmp/new.h5"); rc=$?
[ $rc -eq 0 ] || fail "the better file exited $rc"
printf '%s\n' "$out" | grep -q ' better$' || fail "no 'better' verdict"
"$D" compare "$tmp/base.h5" 2>/dev/null; [ $? -eq 2 ] || fail "one file should exit 2"
"$D" compare --metric speed "$tmp/new.h5" "$tmp/base.h5" 2>/dev/null; [ $? -eq 2 ] || fail "a bad metric should exit 2"
"$D" compare "$tmp/nope.h5" "$tmp/base.h5" 2>/dev/null; [ $? -eq 2 ] || fail "a missing file should exit 2"
echo "cli_compare: all checks passed (same, worse on gap and ERT, better; bad input exits 2)"
