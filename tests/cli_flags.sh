#!/bin/sh
# Same source, same bits: the library built with other flags (-O2, -O3,
# -O3 -march=x86-64-v3, -O3 -march=native, and Clang when installed) into
# separate build directories runs the quick suite, the course suite and a
# slice through every kind of kernel (tests/flags_slice.ini) to
# trajectories identical bit for bit to the test build's (every recorded
# f, f - f*, gradient norm, rate, distance and coordinate, printed with 17
# digits), and with one thread against the default: nothing may depend on
# vector width, FMA, optimization level, compiler or thread count. The
# builds stay in build/flags/ so that a later run rebuilds only what
# changed.
set -u
D=${DESCENT:-build/descent}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

trajectories "$T/ref" "$D" || { echo "FAIL: the reference build could not run the suites"; exit 1; }

compare() {  # compare NAME CC COPT
    name=$1
    dir=build/flags/$name
    if ! make --no-print-directory -j2 BUILD="$dir" CC="$2" COPT="$3" "$dir/descent" >"$T/make.log" 2>&1; then
        tail -20 "$T/make.log"
        echo "FAIL: the $name build ($2 $3) did not build"
        fails=$((fails + 1))
        return
    fi
    : >"$T/$name"
    TRAJ_OPTS="--threads 1"  # against the reference's default thread count
    if ! trajectories "$T/$name" "$dir/descent"; then
        echo "FAIL: the $name build could not run the suites"
        fails=$((fails + 1))
    elif ! cmp -s "$T/ref" "$T/$name"; then
        trajectory_diff "$T/ref" "$T/$name" "the $name build ($2 $3)"
        fails=$((fails + 1))
    fi
    TRAJ_OPTS=
}

# without the AVX2 clones of the hot kernels (core/vec.h, DS_CLONES): the
# baseline SSE2 code, against the reference build, which runs the clones
compare gcc-O2-sse2 gcc "-O2 -DDS_NO_CLONES"
compare gcc-O3 gcc -O3
# the AVX2 code the x86-64-v3 clones run on a CPU without AVX-512, which a
# machine with AVX-512 would otherwise never execute
compare gcc-avx2 gcc "-O3 -march=x86-64-v3 -DDS_NO_CLONES"
compare gcc-native gcc "-O3 -march=native"
if command -v clang >/dev/null 2>&1; then
    # clang knows no -Wno-format-truncation, and reports "omp simd" loops
    # it leaves scalar as warnings: neither is about the numbers
    compare clang-native clang "-O3 -march=native -Wno-unknown-warning-option -Wno-pass-failed"
else
    echo "cli_flags: clang is not installed: the Clang build is skipped (apt-get install clang libomp-dev)"
fi

if [ "$fails" -eq 0 ]; then
    echo "cli_flags: all checks passed ($(grep -c '^# run' "$T/ref") runs bit for bit across builds and thread counts)"
fi
[ "$fails" -eq 0 ]
