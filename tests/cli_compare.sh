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

# bench --baseline: a compact copy without run times, iterates, host or
# date, so that two runs of a suite give the same bytes
cp "$tmp/s.ini" "$tmp/b.ini"
"$D" bench "$tmp/b.ini" --out "$tmp/b1.h5" --no-tables --baseline "$tmp/base1.h5" >/dev/null 2>&1 || fail "bench --baseline"
"$D" bench "$tmp/b.ini" --out "$tmp/b2.h5" --no-tables --baseline "$tmp/base2.h5" --threads 1 >/dev/null 2>&1 ||
    fail "bench --baseline, one thread"
cmp -s "$tmp/base1.h5" "$tmp/base2.h5" || fail "two baselines of the same suite differ"
cmp -s "$tmp/b1.h5" "$tmp/b2.h5" && fail "the full result files (run times, threads) should differ"
if command -v h5dump >/dev/null; then
    h5dump -A "$tmp/base1.h5" | grep -q 'ATTRIBUTE "host"' && fail "the baseline names a host"
    h5dump -d /x "$tmp/base1.h5" >/dev/null 2>&1 && fail "the baseline holds iterates"
fi
"$D" compare "$tmp/b1.h5" "$tmp/base1.h5" >/dev/null; [ $? -eq 0 ] || fail "a file against its baseline"

# the committed baseline of the default suite: a fresh run is not worse
[ -f results/baseline/default.h5 ] || fail "results/baseline/default.h5 is missing (make bench writes it)"
"$D" bench suites/default.ini --out "$tmp/default.h5" --no-tables --no-figures >/dev/null 2>&1 ||
    fail "bench of the default suite"
"$D" compare "$tmp/default.h5" results/baseline/default.h5 > "$tmp/cmp"; rc=$?
[ $rc -eq 0 ] || fail "the default suite against results/baseline/default.h5 exited $rc: $(grep -v ' same$' "$tmp/cmp" | head -3)"
echo "cli_compare: all checks passed (same, worse on gap and ERT, better; bad input exits 2; baselines)"
