#!/bin/sh
# No bare libm transcendental in the library or the program: glibc picks
# its exp, log, pow, sin, cos, ... by CPU when it loads, so their last bits
# differ between machines. Every such call goes through core/dmath.h
# (ds_exp, ds_log, ...). sqrt, fabs, floor, ceil, fmin, fmax, ldexp, frexp
# are exact and stay. Comments and string literals are skipped.
# Prints every offending call as FILE:LINE: message and exits 1 when any.
ALLOW=""
set -eu
mkdir -p build
out=build/lint_libm.out
for dir in core problems optimizers schedules theory engine harness report cli; do
    for f in "$dir"/*.c "$dir"/*.h; do
        [ -f "$f" ] || continue
        ALLOW=$ALLOW perl -0777 -ne '
            my $src = $_;
            # blank comments and strings, keeping the newlines (line numbers)
            $src =~ s{(/\*.*?\*/|//[^\n]*|"(?:[^"\\\n]|\\.)*"|'"'"'(?:[^'"'"'\\\n]|\\.)*'"'"')}{ (my $m = $1) =~ s/[^\n]/ /g; $m }gse;
            my $n = 0;
            for my $line (split /\n/, $src, -1) {
                $n++;
                while ($line =~ /(?<![\w.>])((?:exp|expm1|exp2|exp10|log|log1p|log2|log10|logb|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh|hypot|cbrt|erf|erfc|lgamma|tgamma|sincos)[fl]?)\s*\(/g) {
                    next if " $ENV{ALLOW} " =~ / \Q$ARGV:$1\E /;
                    print "$ARGV:$n: bare libm call $1(): use ds_$1 of core/dmath.h (libm picks its variant by CPU)\n";
                }
            }' "$f"
    done
done >"$out"
if [ -s "$out" ]; then
    cat "$out"
    echo "lint: $(wc -l <"$out") bare libm call(s)"
    exit 1
fi
echo "lint: no bare libm transcendental calls${ALLOW:+ (allowed: $ALLOW)}"
