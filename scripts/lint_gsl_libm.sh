#!/bin/sh
# The GSL code a binary runs calls no libm function that glibc chooses by
# CPU. For every gsl_* function the binary takes from libgsl, this follows
# its calls through Debian's libgsl.a (the same code as the shared library)
# and lists each object file reached that calls exp, log, pow, sin, cos,
# ... (hypot, sqrt, frexp and ldexp are one code on every CPU and stay).
# GSL code that needs those (the Gaussian sampler) is linked from a copy
# with its calls renamed to SLEEF's (the Makefile's gsl_libm.o).
# Usage: scripts/lint_gsl_libm.sh BINARY; exits 1 naming each path found.
set -eu
bin=${1:?usage: lint_gsl_libm.sh BINARY}
gsl=${GSL_A:-/usr/lib/x86_64-linux-gnu/libgsl.a}
[ -f "$gsl" ] || { echo "lint_gsl_libm: $gsl not found (libgsl-dev)"; exit 1; }
{
    nm -u "$bin" | awk '$2 ~ /^gsl_/ {print "NEED", $2}'
    nm -A "$gsl" 2>/dev/null | awk '{
        split($1, p, ":"); obj = p[2]
        if ($(NF-1) == "U") print "USES", obj, $NF
        else if ($(NF-1) ~ /^[TDRBCW]$/) print "DEFS", obj, $NF
    }'
} | perl -ne '
    my @f = split;
    if ($f[0] eq "NEED") { push @need, $f[1] }
    elsif ($f[0] eq "DEFS") { $def{$f[2]} //= $f[1] }
    else { push @{$uses{$f[1]}}, $f[2] }
    END {
        my $bad = qr/^(exp|expm1|exp2|exp10|log|log1p|log2|log10|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh|cbrt|erf|erfc|lgamma|tgamma|sincos)f?$/;
        my (%seen, %from, @queue);
        for my $s (@need) {
            my $o = $def{$s} or next;
            next if $seen{$o}++;
            $from{$o} = $s;
            push @queue, $o;
        }
        my $n = 0;
        while (defined(my $o = shift @queue)) {
            for my $u (@{$uses{$o} || []}) {
                if ($u =~ $bad) {
                    print "lint_gsl_libm: $from{$o} reaches libgsl $o, which calls $u (chosen by CPU)\n";
                    $n++;
                }
                my $d = $def{$u} or next;
                next if $seen{$d}++;
                $from{$d} = "$from{$o} -> $u";
                push @queue, $d;
            }
        }
        print "lint_gsl_libm: ", scalar(keys %seen), " libgsl objects reached, none calls a libm function chosen by CPU\n" unless $n;
        exit($n ? 1 : 0);
    }'
