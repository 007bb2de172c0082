#!/bin/sh
# Writing failures: a file-size limit, a missing directory, a path through
# a file. Each is reported with the path and leaves an earlier result file
# intact; a size limit hit while writing exits 1, an output path that can
# be seen to be unwritable is refused before running with exit 2.
set -u
D=${DESCENT:-build/descent}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
check() { if eval "$2"; then :; else echo "FAIL: $1"; fails=$((fails + 1)); fi; }
RUN="run --problem quadratic:dim=3 --optimizer gd --iters 2000 --log-every 1"

$D $RUN --out "$T/good.h5" >/dev/null
check "first run writes" '[ -s "$T/good.h5" ]'
cp "$T/good.h5" "$T/copy.h5"
# a 16 KiB file-size limit: the new file (well over 16 KiB) cannot be written
( ulimit -f 16; $D $RUN --seeds 2 --out "$T/good.h5" >/dev/null 2>"$T/err" ); rc=$?
check "size limit: exit 1 (got $rc)" '[ $rc -eq 1 ]'
check "size limit: message names the path" 'grep -q "$T/good.h5" "$T/err"'
check "size limit: earlier file intact" 'cmp -s "$T/good.h5" "$T/copy.h5"'
check "size limit: no temporary left" '[ -z "$(ls "$T" | grep tmp)" ]'
$D $RUN --out "$T/missing/x.h5" >/dev/null 2>"$T/err"; rc=$?
check "missing dir: exit 2" '[ $rc -eq 2 ] && grep -q "missing/x.h5" "$T/err"'
$D $RUN --out "$T/good.h5/x.h5" >/dev/null 2>"$T/err"; rc=$?
check "path through a file: exit 2" '[ $rc -eq 2 ] && grep -q "good.h5/x.h5" "$T/err"'
check "path through a file: file intact" 'cmp -s "$T/good.h5" "$T/copy.h5"'

[ $fails -eq 0 ] && echo "cli_faults: all checks passed"
exit $fails
