#!/bin/sh
# descent bench stops on SIGINT: a suite that would run for minutes exits
# within seconds of the signal, with status 1, the message 'interrupted' and
# the finished runs written. A bench that ignored SIGINT would still be
# running when the wait ends, and fails here.
set -u
D=${DESCENT:-build/descent}
T=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -KILL "$pid" 2> /dev/null; rm -rf "$T"' EXIT
fail() { echo "cli_sigint: $*"; exit 1; }
cat > "$T/huge.ini" <<'INI'
[suite]
name = huge
seeds = 4
iters = 100000000
log-every = 1000000
[problem quad]
spec = quadratic:dim=40,kappa=10
[optimizer gd]
spec = gd:lr=0.5/L
INI
"$D" bench "$T/huge.ini" --out "$T/h.h5" --no-tables --threads 1 2> "$T/err" &
pid=$!
sleep 0.5
kill -0 "$pid" 2> /dev/null || fail "bench ended before the signal: $(cat "$T/err")"
kill -INT "$pid"
i=0
while kill -0 "$pid" 2> /dev/null && [ "$i" -lt 100 ]; do
    sleep 0.1
    i=$((i + 1))
done
kill -0 "$pid" 2> /dev/null && fail "bench still running 10 s after SIGINT"
wait "$pid"
st=$?
pid=
[ "$st" -eq 1 ] || fail "interrupted bench exited $st, expected 1"
grep -q 'interrupted' "$T/err" || fail "no interruption message: $(cat "$T/err")"
[ -f "$T/h.h5" ] || fail "interrupted bench left no file"
echo "cli_sigint: all checks passed (bench stopped on SIGINT, status 1)"
exit 0
