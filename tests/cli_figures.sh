#!/bin/sh
# Figures declared in a suite: `descent export --runs` selects a section's
# runs, `descent bench` draws the suite's figure (PNG, PDF, and SVG with its
# Symbol-font text as UTF-8) after its runs, `descent figures` draws it
# again byte for byte, and bad figure sections are refused with FILE:LINE
# before anything runs.
set -u
D=${DESCENT:-build/descent}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

# GD on diag(4, 1) from (1, 1): lr = 1/L zeroes x1 in one step and
# multiplies x2 by 3/4 a step, so f - f* = (3/4)^(2t) / 2 at step t; with
# lr = 0.5/L the factors are 1/2 and 7/8: (4 (1/2)^(2t) + (7/8)^(2t)) / 2.
cat >"$T/tiny.ini" <<EOT
[suite]
name = tiny
tables = none
iters = 5
log-every = 1
[problem quad]
spec = quadratic:dim=2,rotate=0,kappa=4
[problem quad3]
spec = quadratic:dim=3,rotate=0,kappa=4
optimizers = gd
[optimizer gd]
spec = gd:lr=1/L
[optimizer slow]
spec = gd:lr=0.5/L
[figure tiny]
script = $T/tiny.gp
runs = quad/gd, quad/slow
EOT
cat >"$T/tiny.gp" <<'EOT'
load 'plots/style.gp'
set output out('tiny')
set title 'GD on diag(4, 1), {/Symbol m} = 1'
set logscale y
plot runs('quad/gd', '--cols iter,f_gap') with linespoints ls 1 title 'lr 1/L', \
     runs('quad/slow', '--cols iter,f_gap') with linespoints ls 2 title 'lr 0.5/L'
EOT

have_gnuplot=0
command -v gnuplot >/dev/null 2>&1 && have_gnuplot=1
if [ $have_gnuplot = 1 ]; then
    mkdir "$T/a" "$T/b"
    SOURCE_DATE_EPOCH=86400 $D bench "$T/tiny.ini" --out "$T/tiny.h5" --figures "$T/a" 2>"$T/err"
    check "bench with a figure exits 0" '[ $? -eq 0 ]'
    check "bench names the figure it drew" 'grep -q "$T/a/tiny.png $T/a/tiny.pdf" "$T/err"'
    check "the PNG is a PNG" '[ -s "$T/a/tiny.png" ] && head -c 8 "$T/a/tiny.png" | grep -q PNG'
    check "the PDF is a PDF" '[ -s "$T/a/tiny.pdf" ] && head -c 5 "$T/a/tiny.pdf" | grep -q "%PDF-"'
    check "the PDF's date is SOURCE_DATE_EPOCH" 'grep -aq "(D:19700102000000Z)" "$T/a/tiny.pdf"'
    SOURCE_DATE_EPOCH=86400 $D figures "$T/tiny.h5" --dir "$T/b" 2>/dev/null
    check "figures exits 0" '[ $? -eq 0 ]'
    check "drawn twice: identical PNG" 'cmp -s "$T/a/tiny.png" "$T/b/tiny.png"'
    check "drawn twice: identical PDF" 'cmp -s "$T/a/tiny.pdf" "$T/b/tiny.pdf"'
    check "the SVG is an SVG" '[ -s "$T/a/tiny.svg" ] && grep -q "<svg" "$T/a/tiny.svg"'
    check "drawn twice: identical SVG" 'cmp -s "$T/a/tiny.svg" "$T/b/tiny.svg"'
    check "the SVG is UTF-8, its {/Symbol m} a mu" \
        'iconv -f UTF-8 -t UTF-8 "$T/a/tiny.svg" >/dev/null && ! grep -q "font-family=\"Symbol\"" "$T/a/tiny.svg" &&
         grep -q "<tspan >$(printf "\316\274")</tspan>" "$T/a/tiny.svg"'
    SOURCE_DATE_EPOCH=86400 $D figures "$T/tiny.h5" --dir "$T/new/dir" 2>/dev/null
    check "figures creates a missing --dir, the same PNG in it" \
        '[ $? -eq 0 ] && cmp -s "$T/a/tiny.png" "$T/new/dir/tiny.png"'
    # cairo composites through pixman, which picks its code by CPU: the PNG
    # must not change with it (on x86-64 its SSE2 and SSSE3 paths; without
    # SSSE3 and without SSE2 are CPUs it runs on too)
    for off in ssse3 "sse2 ssse3"; do
        rm -rf "$T/px"
        SOURCE_DATE_EPOCH=86400 PIXMAN_DISABLE="$off" $D figures "$T/tiny.h5" --dir "$T/px" >/dev/null 2>&1
        check "pixman without $off: the same PNG" 'cmp -s "$T/a/tiny.png" "$T/px/tiny.png"'
    done
    SOURCE_DATE_EPOCH=0 $D figures "$T/tiny.h5" tiny --dir "$T/b" 2>/dev/null
    check "another date changes the PDF only there" \
        '! cmp -s "$T/a/tiny.pdf" "$T/b/tiny.pdf" && grep -aq "(D:19700101000000Z)" "$T/b/tiny.pdf" && cmp -s "$T/a/tiny.png" "$T/b/tiny.png"'
else
    echo "cli_figures: gnuplot is not installed: drawing not tested"
    $D bench "$T/tiny.ini" --out "$T/tiny.h5" --no-figures 2>/dev/null
fi

# --runs: the runs of a section, or of one of its optimizers, exactly
$D export "$T/tiny.h5" --runs quad/gd --last --cols iter,f_gap >"$T/gd"
check "--runs quad/gd: one run, its gap (3/4)^10 / 2" \
    '[ $(grep -c . "$T/gd") -eq 1 ] && awk "{ exit !(\$1 == 5 && \$2 > 0.028156757 && \$2 < 0.028156758) }" "$T/gd"'
$D export "$T/tiny.h5" --runs quad/slow --last --cols iter,f_gap >"$T/slow"
check "--runs quad/slow: (4 (1/2)^10 + (7/8)^10) / 2" 'awk "{ exit !(\$2 > 0.1334909 && \$2 < 0.1334910) }" "$T/slow"'
check "--runs quad: both runs of the section" '[ $($D export "$T/tiny.h5" --runs quad --last | grep -c .) -eq 2 ]'
check "--runs quad3: the other section" '[ $($D export "$T/tiny.h5" --runs quad3 --last | grep -c .) -eq 1 ]'
$D export "$T/tiny.h5" --runs quad3/slow >/dev/null 2>"$T/err"
check "--runs of a pair with no run: exit 2" '[ $? -eq 2 ] && grep -q "names no run" "$T/err"'
$D export "$T/tiny.h5" --runs qaud >/dev/null 2>"$T/err"
check "--runs of an unknown section: did you mean" '[ $? -eq 2 ] && grep -q "did you mean .quad." "$T/err"'

# a figure the suite does not have; gnuplot missing
$D figures "$T/tiny.h5" tinny --dir "$T" 2>"$T/err"
check "figures NAME unknown: exit 2, did you mean" '[ $? -eq 2 ] && grep -q "no \[figure tinny\]; did you mean .tiny." "$T/err"'
env PATH=/nonexistent "$D" figures "$T/tiny.h5" --dir "$T" 2>"$T/err"
check "without gnuplot: exit 1, said so" '[ $? -eq 1 ] && grep -q "gnuplot is not installed" "$T/err"'

# a part of the suite lacks runs the figure reads: refused, nothing drawn
$D bench "$T/tiny.ini" --out "$T/part.h5" --shard 1/2 2>/dev/null
mkdir "$T/c"
$D figures "$T/part.h5" --dir "$T/c" 2>"$T/err"
check "figures from a shard: exit 2, names the missing run" \
    '[ $? -eq 2 ] && grep -q "figure tiny: $T/part.h5 has no run [0-9a-f]* of quad/" "$T/err" && [ ! -e "$T/c/tiny.png" ]'

# bad figure sections: FILE:LINE, exit 2, no result file
sed "s|^runs = quad/gd, quad/slow|runs = quad/gd, quad/slwo|" "$T/tiny.ini" >"$T/bad1.ini"
$D bench "$T/bad1.ini" --out "$T/bad1.h5" 2>"$T/err"
check "unknown run reference: exit 2" '[ $? -eq 2 ] && [ ! -e "$T/bad1.h5" ]'
check "unknown run reference: FILE:LINE and did you mean" \
    'grep -q "^descent: $T/bad1.ini:17: runs = quad/slwo: no section \[optimizer slwo\]; did you mean .slow." "$T/err"'
sed "s|^script = .*|script = $T/nope.gp|" "$T/tiny.ini" >"$T/bad2.ini"
$D bench "$T/bad2.ini" --out "$T/bad2.h5" 2>"$T/err"
check "unknown script: exit 2" '[ $? -eq 2 ] && [ ! -e "$T/bad2.h5" ]'
check "unknown script: FILE:LINE" 'grep -q "^descent: $T/bad2.ini:16: script = $T/nope.gp: cannot read it" "$T/err"'

# every registered schedule is drawn: a section sched_NAME in the figures
# suite and a panel of plots/schedules.gp
for s in $($D list schedules | awk '{ print $1 }'); do
    check "schedule $s in suites/figures.ini" 'grep -q "^\[optimizer sched_$s\]" suites/figures.ini'
    check "schedule $s in plots/schedules.gp" 'grep -Eq "^G = .*[ '"'"']$s[ '"'"']|'"'"'$s'"'"'\)" plots/schedules.gp'
done

[ $fails -eq 0 ] && echo "cli_figures: all checks passed"
exit $fails
