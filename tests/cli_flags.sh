#!/bin/sh
# Same source, same bits: the library built with other flags (-O2, -O3,
# -O3 -march=native, and Clang when installed) into separate build
# directories runs the quick suite, the course suite and a slice through
# every kind of kernel (tests/flags_slice.ini) to trajectories identical
# bit for bit to the test build's (every recorded f, f - f*, gradient norm,
# rate, distance and coordinate, printed with 17 digits), and with one
# thread against the default: nothing may depend on vector width, FMA,
# optimization level, compiler or thread count. The builds stay in
# build/flags/ so that a later run rebuilds only what changed.
set -u
D=${DESCENT:-build/descent}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
COLS=iter,f,f_gap,grad_norm,lr,grad_evals,epochs,dist,x1,x2,x3,L,mu,f_star

trajectories() {  # trajectories BINARY OUT [bench options]
    b=$1
    out=$2
    shift 2
    for s in suites/quick.ini suites/course.ini tests/flags_slice.ini; do
        n=$(basename "$s" .ini)
        "$b" bench "$s" --out "$T/$n.h5" --no-tables "$@" >"$T/bench.log" 2>&1 || {
            cat "$T/bench.log"
            return 1
        }
        "$b" export "$T/$n.h5" --cols $COLS >>"$out" || return 1
    done
}

trajectories "$D" "$T/ref" || { echo "FAIL: the reference build could not run the suites"; exit 1; }

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
    if ! trajectories "$dir/descent" "$T/$name" --threads 1; then
        echo "FAIL: the $name build could not run the suites"
        fails=$((fails + 1))
    elif ! cmp -s "$T/ref" "$T/$name"; then
        line=$(cmp "$T/ref" "$T/$name" | sed -n 's/.*line \([0-9]*\).*/\1/p')
        run=$(head -n "$line" "$T/ref" | grep '^# run' | tail -1 | cut -c1-160)
        echo "FAIL: the $name build ($2 $3) differs at line $line of the export, in $run"
        echo "  reference: $(sed -n "${line}p" "$T/ref")"
        echo "  $name:     $(sed -n "${line}p" "$T/$name")"
        fails=$((fails + 1))
    fi
}

# without the AVX2 clones of the hot kernels (core/vec.h, DS_CLONES): the
# baseline SSE2 code, against the reference build, which runs the clones
compare gcc-O2-sse2 gcc "-O2 -DDS_NO_CLONES"
compare gcc-O3 gcc -O3
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
