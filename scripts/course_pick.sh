#!/bin/sh
# Print the recorded rows of one run of a result file: the run whose
# canonical problem and optimizer specs (and schedule, default constant) are
# exactly the ones given, seed 0 unless SEED is set. Columns as in
# `descent export --cols` (default iter,f,f_gap). Used by results/course.md
# and tests/cli_course.sh.
#   scripts/course_pick.sh FILE.h5 PROBLEM OPTIMIZER [SCHEDULE] [COLS]
# e.g. scripts/course_pick.sh results/course.h5 parabola1d gd:lr=1.1 constant iter,f,x1
set -eu
[ $# -ge 3 ] || { echo "usage: $0 FILE.h5 PROBLEM OPTIMIZER [SCHEDULE] [COLS]" >&2; exit 2; }
D=${DESCENT:-build/descent}
file=$1 prob=$2 opt=$3 sched=${4:-constant} cols=${5:-iter,f,f_gap}
"$D" export "$file" --cols "$cols" | awk -v p="$prob" -v o="$opt" -v s="$sched" -v seed="${SEED:-0}" '
    /^# run / {
        on = 0
        for (i = 3; i < NF; i++) {
            if ($i == "problem") P = $(i + 1)
            if ($i == "optimizer") O = $(i + 1)
            if ($i == "schedule") S = $(i + 1)
            if ($i == "seed") N = $(i + 1)
        }
        on = (P == p && O == o && S == s && N == seed)
        if (on) found = 1
        next
    }
    on && NF { print }
    END { if (!found) { print "no run " p " / " o " / " s " / seed " seed > "/dev/stderr"; exit 1 } }'
