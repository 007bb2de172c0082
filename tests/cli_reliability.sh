#!/bin/sh
# The program against hostile paths and interruptions: outputs that are not
# regular files, an output that is an input, two writers of one file,
# another suite's result file, a closed pipe, SIGINT during `run`, a suite
# of billions of runs, expressions that are not finite, an export that
# matches nothing. Each is refused with a message or handled without loss.
set -u
D=${DESCENT:-build/descent}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"
RUN="run --problem quadratic:dim=3 --optimizer gd --iters 200"
cat > "$T/s.ini" <<'EOF'
[suite]
seeds = 2
iters = 50
[problem q]
spec = quadratic:dim=3,kappa={4,9}
[optimizer g]
spec = gd
EOF

# --out through a symbolic link, onto a device node, a directory: refused,
# the target untouched
echo keep > "$T/target"
ln -s "$T/target" "$T/link.h5"
$D $RUN --out "$T/link.h5" >/dev/null 2>"$T/err"; rc=$?
check "symlink --out: exit 2 (got $rc)" '[ $rc -eq 2 ] && grep -q "symbolic link" "$T/err"'
check "symlink --out: target intact" '[ "$(cat "$T/target")" = keep ] && [ -L "$T/link.h5" ]'
if mknod "$T/null" c 1 3 2>/dev/null; then
    $D bench "$T/s.ini" --out "$T/null" --no-tables >/dev/null 2>"$T/err"; rc=$?
    check "device --out: exit 2 (got $rc)" '[ $rc -eq 2 ] && grep -q "not a regular file" "$T/err"'
    check "device --out: still a device" '[ -c "$T/null" ]'
fi
mkdir "$T/dir.h5"
$D $RUN --out "$T/dir.h5" >/dev/null 2>"$T/err"; rc=$?
check "directory --out: exit 2 (got $rc)" '[ $rc -eq 2 ] && grep -q "a directory" "$T/err"'
$D $RUN --out "" >/dev/null 2>"$T/err"; rc=$?
check "empty --out: exit 2 before any run (got $rc)" '[ $rc -eq 2 ] && grep -q "empty" "$T/err"'

# --out equal to the suite file: refused, the suite intact
cp "$T/s.ini" "$T/s2.ini"
$D bench "$T/s2.ini" --out "$T/s2.ini" --no-tables >/dev/null 2>"$T/err"; rc=$?
check "--out is the suite: exit 2 (got $rc)" '[ $rc -eq 2 ] && grep -q "suite file itself" "$T/err"'
check "--out is the suite: suite intact" 'cmp -s "$T/s.ini" "$T/s2.ini"'

# --out equal to a data file of `run`: refused, the data intact
printf 'a,b,y\n1,2,3\n4,5,6\n7,8,10\n' > "$T/d.csv"
cp "$T/d.csv" "$T/d.copy"
$D run --problem "lstsq:data=$T/d.csv" --optimizer gd --iters 5 --out "$T/d.csv" >/dev/null 2>"$T/err"; rc=$?
check "--out is the data file: exit 2 (got $rc)" '[ $rc -eq 2 ] && grep -q "data file" "$T/err"'
check "--out is the data file: data intact" 'cmp -s "$T/d.csv" "$T/d.copy"'

# another suite's result file is not replaced without --force
$D bench "$T/s.ini" --out "$T/s.h5" --no-tables >/dev/null 2>&1
sed 's/seeds = 2/seeds = 1/; s/^\[suite\]/[suite]\nname = other/' "$T/s.ini" > "$T/o.ini"
cp "$T/s.h5" "$T/s.copy"
$D bench "$T/o.ini" --out "$T/s.h5" --no-tables >/dev/null 2>"$T/err"; rc=$?
check "other suite's file: exit 2 (got $rc)" '[ $rc -eq 2 ] && grep -q "holds the runs of suite s, not of suite other" "$T/err"'
check "other suite's file: intact" 'cmp -s "$T/s.h5" "$T/s.copy"'
$D bench "$T/o.ini" --out "$T/s.h5" --no-tables --force >/dev/null 2>&1; rc=$?
check "--force replaces it (exit $rc)" '[ $rc -eq 0 ] && ! cmp -s "$T/s.h5" "$T/s.copy"'
$D bench "$T/s.ini" --out "$T/s.ini.h5" --no-tables >/dev/null 2>&1
echo "not hdf5" > "$T/notes.h5"
$D bench "$T/s.ini" --out "$T/notes.h5" --no-tables >/dev/null 2>"$T/err"; rc=$?
check "a file that is not a result file: refused (got $rc)" '[ $rc -eq 2 ] && grep -q "not a result file" "$T/err"'

# two writers of one file: the second is refused while the first runs
cat > "$T/slow.ini" <<'EOF'
[suite]
seeds = 40
iters = 200000
log-every = 100000
[problem q]
spec = quadratic:dim=50
[optimizer g]
spec = gd
EOF
$D bench "$T/slow.ini" --out "$T/slow.h5" --no-tables --threads 1 >/dev/null 2>&1 &
pid=$!
i=0
while [ ! -e "$T/slow.h5.lock" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
$D bench "$T/slow.ini" --out "$T/slow.h5" --no-tables --threads 1 >/dev/null 2>"$T/err"; rc=$?
check "second writer: exit 1 (got $rc)" '[ $rc -eq 1 ] && grep -q "being written by another process (pid $pid)" "$T/err"'
kill -INT $pid 2>/dev/null
wait $pid
check "lock released at the end" '[ ! -e "$T/slow.h5.lock" ]'

# stale temporaries of a process that is gone are removed
sleep 100 & dead=$!
kill $dead; wait $dead 2>/dev/null
touch "$T/r.h5.tmp-$dead" "$T/r.h5.tmp-$dead-AbCdEf" "$T/r.h5.tmp-$$-live"
$D $RUN --out "$T/r.h5" >/dev/null 2>&1
check "stale temporaries removed, a live one kept" \
    '[ ! -e "$T/r.h5.tmp-$dead" ] && [ ! -e "$T/r.h5.tmp-$dead-AbCdEf" ] && [ -e "$T/r.h5.tmp-$$-live" ]'

# a closed pipe: no SIGPIPE death, the result file is written
( $D $RUN --seeds 300 --log-every 1 --out "$T/pipe.h5"; echo $? > "$T/rc" ) | head -c 1 >/dev/null
check "| head: exit 0 (got $(cat "$T/rc"))" '[ "$(cat "$T/rc")" = 0 ]'
check "| head: all 300 runs written" '[ "$($D export "$T/pipe.h5" --last | wc -l)" -eq 300 ]'

# SIGINT during run: the finished seeds are saved
$D run --problem quadratic:dim=20 --optimizer gd --iters 100000 --log-every 50000 --seeds 400 \
    --out "$T/int.h5" >/dev/null 2>"$T/err" &
pid=$!
sleep 3
kill -INT $pid
wait $pid; rc=$?
n=$($D export "$T/int.h5" --last 2>/dev/null | wc -l)
check "SIGINT: exit 1 (got $rc)" '[ $rc -eq 1 ]'
check "SIGINT: finished seeds saved ($n; $(cat "$T/err"))" '[ "$n" -gt 0 ] && [ "$n" -lt 400 ] && grep -q "seeds that finished are in" "$T/err"'

# a grid of 10^13 runs: refused at once, naming the count
cat > "$T/huge.ini" <<'EOF'
[suite]
seeds = 1000000
[problem q]
spec = quadratic:dim={1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16},kappa={1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16}
spec = quadratic:dim={21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36},kappa={1,2,3,4,5,6,7,8,9,10,11,12,13,14}
[optimizer g]
spec = gd:lr={1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16}/L,ls={none,armijo}
EOF
# (an AddressSanitizer build cannot start under ulimit -v: its shadow
# memory is reserved up front; those checks are skipped there)
probe=$(sh -c 'ulimit -v 2000000; "$0" list problems >/dev/null 2>&1 && echo ok' "$D" 2>/dev/null)
if [ "$probe" = ok ]; then
    ( ulimit -v 1000000; timeout 20 $D bench "$T/huge.ini" --out "$T/h.h5" >/dev/null 2>"$T/err" ); rc=$?
    check "huge grid: exit 2 (got $rc)" '[ $rc -eq 2 ] && grep -q "stands for 15360000000 runs" "$T/err"'
    ( ulimit -v 2000000; $D run --problem quadratic:dim=3 --optimizer gd --seeds 1000000 >/dev/null 2>"$T/err" )
    rc=$?
    check "--seeds 1e6 in 2 GB: exit 2 with the memory (got $rc)" '[ $rc -eq 2 ] && grep -q "GiB of results" "$T/err"'
    # bench counts every run's results until the file is written (20 runs
    # recording each of 10^6 steps: 3.3 GiB) and a run in flight per thread
    # (a 3e6-dimensional problem: 6 threads need 2.2 GiB, 1 thread 0.5 GiB)
    printf '[suite]\nname = big\nseeds = 20\niters = 1000000\nlog-every = 1\n[problem q]\nspec = quadratic:dim=3\n[optimizer g]\nspec = gd\n' >"$T/big.ini"
    ( ulimit -v 1000000; timeout 20 $D bench "$T/big.ini" --out "$T/big.h5" --no-tables >/dev/null 2>"$T/err" ); rc=$?
    check "bench's results in 1 GB: exit 2 with the memory, no file (got $rc)" \
        '[ $rc -eq 2 ] && grep -q "its 20 runs on .* threads would keep 3.2. GiB" "$T/err" && [ ! -e "$T/big.h5" ]'
    printf '[suite]\nname = wide\nseeds = 4\niters = 2\n[problem q]\nspec = quadratic:dim=3000000,rotate=0\n[optimizer g]\nspec = gd\n' >"$T/wide.ini"
    ( ulimit -v 1500000; timeout 60 $D bench "$T/wide.ini" --threads 6 --out "$T/w6.h5" --no-tables >/dev/null 2>"$T/err" ); rc=$?
    check "6 runs in flight in 1.5 GB: exit 2 (got $rc)" '[ $rc -eq 2 ] && grep -q "on 6 threads would keep" "$T/err" && [ ! -e "$T/w6.h5" ]'
    ( ulimit -v 1500000; timeout 60 $D bench "$T/wide.ini" --threads 1 --out "$T/w1.h5" --no-tables >/dev/null 2>"$T/err" ); rc=$?
    check "1 run in flight in 1.5 GB: runs (got $rc: $(tail -1 "$T/err"))" '[ $rc -eq 0 ] && [ -s "$T/w1.h5" ]'
else
    timeout 20 $D bench "$T/huge.ini" --out "$T/h.h5" >/dev/null 2>"$T/err"; rc=$?
    check "huge grid: exit 2 (got $rc)" '[ $rc -eq 2 ] && grep -q "stands for 15360000000 runs" "$T/err"'
fi
timeout 10 $D bench /dev/zero --out "$T/z.h5" >/dev/null 2>"$T/err"; rc=$?
check "/dev/zero as a suite: exit 2 (got $rc)" '[ $rc -eq 2 ] && grep -q "larger than" "$T/err"'

# values that are not finite, named
for e in "1/0" "10^400" "inf" "exp(800)"; do
    $D run --problem quadratic:dim=3 --optimizer "gd:lr=$e" >/dev/null 2>"$T/err"; rc=$?
    check "lr=$e: exit 2 (got $rc)" '[ $rc -eq 2 ] && grep -qF "$e" "$T/err" && grep -q "finite" "$T/err"'
done
$D run --problem quadratic:dim=3,mu=0,L=1 --optimizer "gd:lr=1/mu" >/dev/null 2>"$T/err"; rc=$?
check "lr=1/mu at mu=0: exit 2 (got $rc)" '[ $rc -eq 2 ] && grep -qF "1/mu" "$T/err"'

# export --match with no match
$D export "$T/s.ini.h5" --match nosuchthing >/dev/null 2>"$T/err"; rc=$?
check "export --match none: exit 1 (got $rc)" '[ $rc -eq 1 ] && grep -q "matches none of the 4 runs" "$T/err"'

# one byte of the global heap (the variable-length strings of /runs)
# flipped: every command that reads the file refuses it with the one line
# that says so, before HDF5 reads it (HDF5 alone may loop without end)
$D bench "$T/s.ini" --out "$T/g.h5" --no-tables >/dev/null 2>&1
cp "$T/g.h5" "$T/g.bad.h5"
at=$(grep -boa GCOL "$T/g.bad.h5" | head -1 | cut -d: -f1)
check "the file has a global heap" '[ -n "$at" ]'
printf '\377' | dd of="$T/g.bad.h5" bs=1 seek=$((${at:-0} + 20)) conv=notrunc 2>/dev/null
for c in "export $T/g.bad.h5" "report $T/g.bad.h5" "compare $T/g.bad.h5 $T/g.h5" "html --out $T/g.html $T/g.bad.h5" \
    "figures $T/g.bad.h5" "merge --out $T/m.h5 $T/g.bad.h5" "bench $T/s.ini --out $T/g.bad.h5 --resume --no-tables"; do
    timeout 60 $D $c >/dev/null 2>"$T/err"; rc=$?
    check "$c: refused (exit $rc: $(cat "$T/err"))" '[ $rc -ne 0 ] && [ $rc -ne 124 ] && [ "$(wc -l < "$T/err")" -eq 1 ] &&
        grep -qF "g.bad.h5'"'"' is damaged or modified since descent wrote it" "$T/err" && grep -q "regenerate it" "$T/err"'
done
check "the intact file still reads" '$D export "$T/g.h5" >/dev/null'
# h5py and pandas read the same file as any HDF5 file (its check block is a user block)
if /usr/bin/python3 -c "import h5py, pandas" 2>/dev/null; then
    n=$(/usr/bin/python3 -c "
import sys, h5py, pandas as pd
f = h5py.File(sys.argv[1], 'r')
print(f.userblock_size, len(pd.DataFrame(f['runs'][()])), f.attrs['format_version'])" "$T/g.h5")
    check "h5py reads the file (got '$n')" '[ "$n" = "512 4 2" ]'
fi

[ $fails -eq 0 ] && echo "cli_reliability: all checks passed"
exit $fails
