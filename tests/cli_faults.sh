#!/bin/sh
# Writing failures: a file-size limit, a missing directory, a path through
# a file, a checkpoint that fails. Each is reported with the path and leaves
# an earlier result file intact; a size limit hit while writing exits 1, an
# output path that can be seen to be unwritable is refused before running
# with exit 2.
set -u
D=${DESCENT:-build/descent}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"
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

# a checkpoint that cannot be written stops the suite at once, not after
# every run has been computed and then lost
cat > "$T/ck.ini" <<'EOF'
[suite]
seeds = 200
iters = 20000
[problem q]
spec = quadratic:dim=20,kappa={10,100}
[optimizer g]
spec = gd
EOF
( ulimit -f 16; $D bench "$T/ck.ini" --out "$T/ck.h5" --checkpoint 0.5 --no-tables >/dev/null 2>"$T/err" ); rc=$?
done=$(sed -n 's/.* \([0-9]*\)\/400 runs complete.*/\1/p' "$T/err")
check "failing checkpoint: exit 1 (got $rc)" '[ $rc -eq 1 ] && grep -q "writing .*ck.h5. failed" "$T/err"'
check "failing checkpoint: stopped early (${done:-?}/400 runs)" '[ -n "$done" ] && [ "$done" -lt 400 ]'
check "failing checkpoint: no file, no temporary" '[ ! -e "$T/ck.h5" ] && [ -z "$(ls "$T" | grep ck.h5.tmp)" ]'

[ $fails -eq 0 ] && echo "cli_faults: all checks passed"
exit $fails
