# Sourced by the shell tests (. "$(dirname "$0")/lib.sh"): `check NAME COND`
# evaluates COND and, when it is false, prints "FAIL: NAME" and counts the
# failure in $fails, which the test's exit status reports.
fails=0
check() { if eval "$2"; then :; else echo "FAIL: $1"; fails=$((fails + 1)); fi; }

# trajectories OUT COMMAND...: the quick suite, the course suite and a slice
# through every kind of kernel (tests/flags_slice.ini) run by COMMAND (a
# descent binary, or one behind env or an emulator; $TRAJ_OPTS goes to
# bench), and every run's recorded f, f - f*, gradient norm, rate,
# distance and coordinate, printed with 17 digits, appended to OUT. The
# tests that compare builds, libm variants and CPUs compare these. Needs $T.
trajectories() {
    out=$1
    shift
    for s in suites/quick.ini suites/course.ini tests/flags_slice.ini; do
        n=$(basename "$s" .ini)
        # shellcheck disable=SC2086
        "$@" bench "$s" --out "$T/$n.h5" --no-tables --force ${TRAJ_OPTS:-} >"$T/bench.log" 2>&1 || {
            cat "$T/bench.log"
            return 1
        }
        "$@" export "$T/$n.h5" --cols iter,f,f_gap,grad_norm,lr,grad_evals,epochs,dist,x1,x2,x3,L,mu,f_star \
            >>"$out" || return 1
    done
}

# trajectory_diff REF OUT LABEL: "FAIL: LABEL ..." with the line where OUT
# first differs from REF, the run it belongs to, and both lines.
trajectory_diff() {
    line=$(cmp "$1" "$2" | sed -n 's/.*line \([0-9]*\).*/\1/p')
    run=$(head -n "$line" "$1" | grep '^# run' | tail -1 | cut -c1-160)
    echo "FAIL: $3: the trajectories differ at line $line of the export, in $run"
    echo "  reference: $(sed -n "${line}p" "$1")"
    echo "  $3: $(sed -n "${line}p" "$2")"
}
