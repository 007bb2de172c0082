#!/bin/sh
# Same bits whichever variant of libm the CPU selects: glibc picks FMA/AVX2
# or baseline SSE2 code for exp, log, pow, sin, cos, ... when it loads, by
# CPU. GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA,-AVX makes this machine
# load the baseline variants, as a CPU without FMA (or a VM hiding it) would.
# The quick suite, the course suite and the build-flags slice
# (tests/flags_slice.ini) then run to trajectories identical bit for bit to
# a normal run's: every recorded f, f - f*, gradient norm, rate, distance
# and coordinate, printed with 17 digits. (Hiding AVX512F as well changes
# nothing in glibc 2.36's libm, which has no AVX-512 variants of these.)
# Before that, scripts/lint_gsl_libm.sh checks that the GSL code the program
# takes from libgsl calls none of these functions.
# Exits 77 (skipped) when the tunable does not change libm here, e.g. on a
# CPU without FMA, where there is nothing to switch off.
set -u
D=${DESCENT:-build/descent}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
HIDE=glibc.cpu.hwcaps=-AVX2,-FMA,-AVX
. "$(dirname "$0")/lib.sh"

# The GSL code the program runs reaches no CPU-chosen libm function either
# (a static check of the binary, so it runs on any CPU)
sh scripts/lint_gsl_libm.sh "$D" >"$T/gsl" || { cat "$T/gsl"; echo "FAIL: GSL code calls CPU-chosen libm functions"; exit 1; }

# awk calls libm's exp: if its digits do not move, neither would ours
probe='BEGIN { for (i = 0; i < 100000; i++) printf "%.17g\n", exp(-40 * i / 100000 + 5) }'
if [ "$(awk "$probe" | cksum)" = "$(GLIBC_TUNABLES=$HIDE awk "$probe" | cksum)" ]; then
    echo "cli_libm: GLIBC_TUNABLES=$HIDE does not change libm's exp on this machine: skipped"
    exit 77
fi

trajectories "$T/ref" "$D" || { echo "FAIL: the suites did not run"; exit 1; }
trajectories "$T/hidden" env GLIBC_TUNABLES=$HIDE "$D" ||
    { echo "FAIL: the suites did not run with GLIBC_TUNABLES=$HIDE"; exit 1; }
if ! cmp -s "$T/ref" "$T/hidden"; then
    trajectory_diff "$T/ref" "$T/hidden" "with GLIBC_TUNABLES=$HIDE"
    exit 1
fi
echo "cli_libm: all checks passed ($(grep -c '^# run' "$T/ref") runs bit for bit with libm's FMA and baseline variants)"
