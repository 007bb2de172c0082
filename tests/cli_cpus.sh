#!/bin/sh
# Same bits on other CPUs: the test build, run under qemu-x86_64's
# emulation of two older x86-64 CPUs, runs the quick suite, the course
# suite and the slice through every kind of kernel (tests/flags_slice.ini)
# to trajectories identical bit for bit to its runs on this CPU:
# - Nehalem (SSE4.2; no AVX, no FMA): GCC's baseline clones of the hot
#   kernels and glibc's baseline variants of everything it dispatches;
# - Haswell (AVX2 and FMA, no AVX-512): the x86-64-v3 clones and glibc's
#   FMA variants.
# The same binary picks its code from the CPUID the emulator reports, as
# it would on those machines. Exits 77 (skipped) without qemu-x86_64
# (Debian's qemu-user, which scripts/setup.sh installs), off x86-64, and
# for a sanitizer build, whose shadow memory qemu-user cannot map (the
# plain build's `make test` runs this test).
set -u
D=${DESCENT:-build/descent}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

if [ "$(uname -m)" != x86_64 ] || ! command -v qemu-x86_64 >/dev/null 2>&1; then
    echo "cli_cpus: qemu-x86_64 is not installed here (apt-get install qemu-user): skipped"
    exit 77
fi
if "$D" --version | grep -q -- -fsanitize; then
    echo "cli_cpus: $D is a sanitizer build, which does not run under qemu-user: skipped"
    exit 77
fi

# A probe of what each emulated CPU reports, so that a qemu which ignored
# -cpu cannot pass for one that emulates it
cat >"$T/probe.c" <<'EOT'
#include <stdio.h>
int main(void)
{
    __builtin_cpu_init();
    printf("avx2=%d fma=%d avx512f=%d\n", !!__builtin_cpu_supports("avx2"), !!__builtin_cpu_supports("fma"),
           !!__builtin_cpu_supports("avx512f"));
    return 0;
}
EOT
${CC:-cc} -O2 "$T/probe.c" -o "$T/probe" || { echo "FAIL: the CPU probe did not build"; exit 1; }

trajectories "$T/ref" "$D" || { echo "FAIL: the suites did not run on this CPU"; exit 1; }
for cpu in Nehalem:avx2=0,fma=0,avx512f=0 Haswell:avx2=1,fma=1,avx512f=0; do
    name=${cpu%%:*}
    want=$(echo "${cpu#*:}" | tr , ' ')
    got=$(qemu-x86_64 -cpu "$name" "$T/probe" 2>/dev/null)
    check "qemu's $name reports $want" '[ "$got" = "$want" ]'
    [ "$got" = "$want" ] || continue
    if ! trajectories "$T/$name" qemu-x86_64 -cpu "$name" "$D" 2>"$T/qemu.log"; then
        echo "FAIL: the suites did not run under qemu -cpu $name"
        fails=$((fails + 1))
    elif ! cmp -s "$T/ref" "$T/$name"; then
        trajectory_diff "$T/ref" "$T/$name" "on an emulated $name"
        fails=$((fails + 1))
    fi
done
# The tables of the theory and default suites (logistic regressions by
# L-BFGS, Newton and SGD with momentum among them), written on the
# emulated Nehalem, are the host's byte for byte (timing tables aside)
for s in theory default; do
    mkdir -p "$T/host_$s" "$T/nehalem_$s"
    "$D" bench "suites/$s.ini" --out "$T/$s.h5" --tables "$T/host_$s" --force >/dev/null 2>&1 &&
        qemu-x86_64 -cpu Nehalem "$D" bench "suites/$s.ini" --out "$T/$s.h5" --tables "$T/nehalem_$s" --force \
            >/dev/null 2>&1
    check "the $s suite runs on the host and on an emulated Nehalem" '[ $? -eq 0 ]'
    rm -f "$T"/host_"$s"/*timing* "$T"/nehalem_"$s"/*timing*
    if [ -z "$(ls "$T/host_$s")" ] || ! diff -r "$T/host_$s" "$T/nehalem_$s" >"$T/diff"; then
        echo "FAIL: the $s suite's tables on an emulated Nehalem differ from the host's"
        head -5 "$T/diff"
        fails=$((fails + 1))
    fi
done

if [ "$fails" -eq 0 ]; then
    echo "cli_cpus: all checks passed ($(grep -c '^# run' "$T/ref") runs bit for bit on this CPU, an emulated Nehalem and an emulated Haswell; the theory and default tables byte for byte on the Nehalem)"
fi
[ "$fails" -eq 0 ]
