#!/bin/sh
# descent bench under MPI: the quick suite over two ranks gives the runs of
# a single process bit for bit (every run group, attributes and datasets,
# all but the run time `seconds`); bad input under mpirun is one message,
# exit 2, no file; a run interrupted by SIGINT under mpirun resumes to the
# trajectories of a full run. Needs mpirun and an MPI build: DESCENT_MPI
# (make test-mpi sets it), or DESCENT itself when it was built with MPI=1;
# otherwise it says it skipped and exits 77.
set -u
D=${DESCENT:-build/descent}
M=${DESCENT_MPI:-}
if [ -z "$M" ] && "$D" bench --help 2> /dev/null | grep -q 'Built with MPI'; then
    M=$D
fi
if [ -z "$M" ] || [ ! -x "$M" ] || ! command -v mpirun > /dev/null 2>&1; then
    echo "cli_mpi: skipped (no mpirun or no MPI build; make test-mpi runs it)"
    exit 77  # skipped: tests/run.sh counts it apart from the passed tests
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "cli_mpi: $*" >&2; exit 1; }
MPIRUN="mpirun --allow-run-as-root --oversubscribe -np 2"
export OMP_NUM_THREADS=1  # two ranks of one thread on two cores; rank 0 also serves
S=suites/quick.ini

"$D" bench $S --out "$T/one.h5" --no-tables 2> /dev/null || fail "single bench failed"
$MPIRUN "$M" bench $S --out "$T/mpi.h5" --tables "$T/tab" > "$T/out" 2> "$T/err" ||
    fail "mpirun bench failed: $(cat "$T/err")"
# Every run's row and records, printed to the last bit, without its run time
# (the `seconds` column of /runs, dropped by its place in the table's type).
runs() {
    h5dump -m '%.17g' -d /runs -d /trajectory "$1" | sed 1d | awk '
        /^DATASET/ { skip = 0; k = 0 }
        /^   DATATYPE  H5T_COMPOUND/ { intype = 1 }
        /^   DATASPACE/ { intype = 0 }
        intype && /"[A-Za-z0-9_]+";$/ { k++; if ($0 ~ /"seconds";$/) skip = k }
        /^   \([0-9]+\): \{/ { m = 0; print; next }
        skip && /^         [^ ]/ { m++; if (m == skip) next }
        { print }'
}
nruns() { h5dump -H -d /runs "$1" | sed -n 's/.*DATASPACE  SIMPLE { ( \([0-9]*\) ).*/\1/p'; }
runs "$T/one.h5" > "$T/one.txt"
runs "$T/mpi.h5" > "$T/mpi.txt"
[ "$(nruns "$T/one.h5")" -eq 110 ] || fail "the single run does not hold 110 runs"
cmp -s "$T/one.txt" "$T/mpi.txt" || fail "runs under mpirun differ from a single process: $(diff "$T/one.txt" "$T/mpi.txt" | head -5)"
h5dump -a /ranks "$T/mpi.h5" | grep -q '(0): 2$' || fail "the file does not record 2 ranks"
[ "$(grep -c 'descent bench: quick: 110 runs' "$T/err")" -eq 1 ] || fail "not one summary line: $(cat "$T/err")"
[ -s "$T/tab/quick_summary.md" ] || fail "no tables under mpirun"

# bad input: one message (rank 0's), exit 2, nothing written
printf '[suite]\n[problem q]\nspec = quadratc\n[optimizer g]\nspec = gd\n' > "$T/bad.ini"
$MPIRUN "$M" bench "$T/bad.ini" --out "$T/bad.h5" > /dev/null 2> "$T/err"
st=$?
[ $st -eq 2 ] || fail "bad suite under mpirun: exit status $st"
[ "$(grep -c "bad.ini:3: spec = quadratc" "$T/err")" -eq 1 ] || fail "bad suite: not one message: $(cat "$T/err")"
[ -e "$T/bad.h5" ] && fail "bad suite under mpirun wrote a file"

# SIGINT to mpirun, then --resume under mpirun: a full run's trajectories
cat > "$T/long.ini" <<'INI'
[suite]
name = long
seeds = 3
iters = 400000
log-every = 20000
[problem quad]
spec = quadratic:dim=40,kappa={10,100}
[optimizer gd]
spec = gd:lr={0.5/L,1/L}
INI
$MPIRUN "$M" bench "$T/long.ini" --out "$T/l.h5" --no-tables > /dev/null 2> "$T/err" &
pid=$!
sleep 1.2
kill -INT $pid
wait $pid
st=$?
[ -n "${VERBOSE:-}" ] && echo "interrupted mpirun: status $st; $(grep interrupted "$T/err")" >&2
[ -f "$T/l.h5" ] || fail "interrupted mpirun left no file: $(cat "$T/err")"
$MPIRUN "$M" bench "$T/long.ini" --out "$T/l.h5" --no-tables --resume > /dev/null 2> "$T/err" ||
    fail "resume under mpirun failed: $(cat "$T/err")"
"$D" bench "$T/long.ini" --out "$T/full.h5" --no-tables 2> /dev/null || fail "full run failed"
runs "$T/l.h5" > "$T/a.txt"
runs "$T/full.h5" > "$T/b.txt"
cmp -s "$T/a.txt" "$T/b.txt" || fail "resumed runs differ from a full run"
echo "cli_mpi: all checks passed (mpirun -np 2 equals one process, bit for bit)"
exit 0
