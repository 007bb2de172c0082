#!/bin/sh
# make install PREFIX=DIR: the installed program runs from anywhere and
# finds the data sets by name; a program built against the installed
# library through pkg-config alone links and computes f* of a problem.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "cli_install: $*"; exit 1; }
# the build under test: build/ or the sanitizers' build-san/
case "$(dirname "${DESCENT:-build/descent}")" in *san*) SAN=1 ;; *) SAN=0 ;; esac
MAKEFLAGS= MAKELEVEL= make --no-print-directory -s install PREFIX="$tmp/usr" SANITIZE=$SAN >/dev/null ||
    fail "make install failed"
for f in bin/descent lib/libdescent.a lib/pkgconfig/libdescent.pc include/descent/core/problem.h \
    include/descent/engine/run.h share/descent/data/breast_cancer.csv; do
    [ -f "$tmp/usr/$f" ] || fail "$f was not installed"
done
cd "$tmp"
out=$("$tmp/usr/bin/descent" run --problem logreg:data=breast_cancer --optimizer lbfgs --iters 5 2>&1) ||
    fail "the installed program cannot run logreg:data=breast_cancer from $tmp: $out"
cat > user.c <<'C'
#include <math.h>
#include <stdio.h>
#include "core/problem.h"
int main(void)
{
    ds_values v;
    ds_err err = {0};
    ds_problem *p;
    int bad = ds_problem_parse("quadratic:dim=3,rotate=0,L=4,mu=1", &v, &err) || ds_problem_new(&v, 1, &p, &err);
    ds_values_free(&v); /* the problem keeps its own copy */
    if (bad) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    printf("%g %g %g\n", p->L, p->mu, p->f_star);
    ds_problem_free(p);
    return 0;
}
C
export PKG_CONFIG_PATH="$tmp/usr/lib/pkgconfig"
# shellcheck disable=SC2046
cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE user.c -o user $(pkg-config --cflags --libs libdescent) ||
    fail "a program cannot build against the installed library with pkg-config"
[ "$(./user)" = "4 1 0" ] || fail "the installed library computed '$(./user)', expected '4 1 0'"
echo "cli_install: all checks passed (program, library, headers, pkg-config, data by name)"
