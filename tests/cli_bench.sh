#!/bin/sh
# descent bench and report from the command line: a small suite runs and
# writes its file and tables; a bad suite exits 2 with file:line and writes
# nothing; progress goes to stderr as lines when it is not a terminal; a
# bench killed by SIGINT resumes to the same trajectories as a full run.
set -u
D=${DESCENT:-build/descent}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "cli_bench: $*" >&2; exit 1; }

cat > "$T/s.ini" <<'INI'
[suite]
name = clitest
seeds = 2
iters = 100
tables = summary, targets, ert, ranks, profile, lr, kappa, timing
[problem quad]
spec = quadratic:dim=5,kappa={10,100,1000}
[optimizer gd]
spec = gd:lr={0.5/L,1/L}
INI
"$D" bench "$T/s.ini" --out "$T/s.h5" --tables "$T/res" 2> "$T/err" || fail "bench failed: $(cat "$T/err")"
[ -f "$T/s.h5" ] || fail "no result file"
for t in summary targets ert ranks profile lr kappa kappa_fit timing; do
    for e in md csv tex; do
        [ -s "$T/res/clitest_$t.$e" ] || fail "missing table clitest_$t.$e"
    done
done
[ -s "$T/res/data/clitest_bands_iter.dat" ] || fail "missing band data"
grep -q '^descent bench: 12/12 runs (100%)' "$T/err" || fail "no plain progress line: $(cat "$T/err")"
grep -q "$(printf '\r')" "$T/err" && fail "a bar was drawn on a non-terminal"
# 12 runs: 3 problems x 2 configurations x 2 seeds; the summary has 6 rows
[ "$(wc -l < "$T/res/clitest_summary.csv")" -eq 7 ] || fail "summary rows"
# GD with lr=1/L on kappa 10..1000: the fitted exponent is near 1
grep 'gd:lr=0.5/L' "$T/res/clitest_kappa_fit.csv" > /dev/null || fail "no kappa fit for gd"
# report rebuilds the same tables from the file
"$D" report "$T/s.h5" --tables "$T/rep" || fail "report failed"
cmp -s "$T/res/clitest_ranks.md" "$T/rep/clitest_ranks.md" || fail "report differs from bench"
# the file records its provenance
"$D" bench --help > /dev/null || fail "help"
h5dump -a /suite_sha "$T/s.h5" > /dev/null 2>&1 || fail "no suite_sha attribute"
h5dump -a /git_commit "$T/s.h5" > /dev/null 2>&1 || fail "no git_commit attribute"

# bad suites: exit 2, file:line in the message, no file written
printf '[suite]\nseeds = 2\n[problem q]\nspec = quadratc\n[optimizer g]\nspec = gd\n' > "$T/bad.ini"
"$D" bench "$T/bad.ini" --out "$T/bad.h5" 2> "$T/err"
[ $? -eq 2 ] || fail "bad suite: exit status"
grep -q "bad.ini:4: spec = quadratc: unknown problem 'quadratc'; did you mean 'quadratic'" "$T/err" || fail "bad suite message: $(cat "$T/err")"
[ -e "$T/bad.h5" ] && fail "bad suite created a file"
"$D" bench "$T/s.ini" --shard 3/2 --out "$T/bad.h5" 2> /dev/null
[ $? -eq 2 ] || fail "bad shard accepted"
"$D" bench "$T/s.ini" --out "$T/nodir/x.h5" 2> "$T/err"
[ $? -eq 2 ] || fail "an unwritable --out was accepted"
grep -q "nodir" "$T/err" || fail "the message does not name the path"
"$D" bench "$T/s.ini" --out "$T" 2> /dev/null
[ $? -eq 2 ] || fail "a directory as --out was accepted"

# on a terminal the progress is a bar redrawn in place
if command -v script > /dev/null 2>&1; then
    script -qec "\"$D\" bench \"$T/s.ini\" --out \"$T/tty.h5\" --no-tables" /dev/null > "$T/tty" 2>&1
    grep -q "$(printf '\r')\[#*" "$T/tty" || fail "no progress bar on a terminal"
    grep -q "12/12 runs  ETA" "$T/tty" || fail "the bar lacks runs and ETA"
fi

# interrupted by SIGINT, then resumed: the same trajectories as a full run
cat > "$T/long.ini" <<'INI'
[suite]
name = long
seeds = 6
iters = 100000
log-every = 5000
[problem quad]
spec = quadratic:dim=40,kappa={10,100}
[optimizer gd]
spec = gd:lr={0.5/L,1/L}
INI
"$D" bench "$T/long.ini" --out "$T/l.h5" --no-tables --threads 2 2> "$T/err" &
pid=$!
sleep 0.4
kill -INT "$pid"
wait "$pid"
st=$?
[ -n "${VERBOSE:-}" ] && echo "interrupted bench: status $st" >&2
if [ "$st" -eq 1 ]; then
    grep -q 'interrupted' "$T/err" || fail "no interruption message"
elif [ "$st" -ne 0 ]; then
    fail "interrupted bench: exit status $st"
fi
[ -f "$T/l.h5" ] || fail "interrupted bench left no file"
"$D" bench "$T/long.ini" --out "$T/l.h5" --no-tables --resume 2> "$T/err" || fail "resume failed: $(cat "$T/err")"
"$D" bench "$T/long.ini" --out "$T/full.h5" --no-tables --threads 1 2> /dev/null || fail "full run failed"
C=iter,f,f_gap,grad_norm,lr,grad_evals,epochs,dist
"$D" export "$T/l.h5" --cols $C > "$T/a.txt"
"$D" export "$T/full.h5" --cols $C > "$T/b.txt"
cmp -s "$T/a.txt" "$T/b.txt" || fail "resumed trajectories differ from a full run"
grep -c '^# run' "$T/a.txt" | grep -qx 24 || fail "resumed file does not hold 24 runs"
exit 0
