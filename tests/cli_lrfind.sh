#!/bin/sh
# descent lrfind: the table, the stop past 2/L = 0.2 and a suggestion below
# it on quadratic:dim=10,kappa=10 with gd; --out writes the table; bad
# input exits 2.
set -u
D=${DESCENT:-build/descent}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "cli_lrfind: $*" >&2; exit 1; }

"$D" lrfind --problem quadratic:dim=10,kappa=10 --optimizer gd --out "$tmp/t.txt" >"$tmp/o" 2>"$tmp/e" ||
    fail "exit $? ($(cat "$tmp/e"))"
grep -q '^stopped at step' "$tmp/o" || fail "no divergence reported"
stop=$(sed -n 's/^stopped at step [0-9]* (lr \([^)]*\)).*/\1/p' "$tmp/o")
sug=$(sed -n 's/^suggested lr (steepest descent of the smoothed loss): *//p' "$tmp/o")
min=$(sed -n 's|^lr of the smallest smoothed loss / 10: *||p' "$tmp/o")
[ -n "$stop" ] && [ -n "$sug" ] && [ -n "$min" ] || fail "missing lines in: $(tail -3 "$tmp/o")"
awk -v s="$stop" -v g="$sug" -v m="$min" 'BEGIN { exit !(s > 0.2 && g > 1e-3 && g < 0.2 && m > 1e-3 && m < 0.2) }' ||
    fail "stop lr $stop, suggestions $sug and $min"
# the file: a header, then step lr loss smoothed, lr increasing
head -1 "$tmp/t.txt" | grep -q '^# *step *lr *loss *smoothed$' || fail "bad header"
awk '!/^#/ { if (NF != 4 || $2 <= prev) exit 1; prev = $2; n++ } END { exit !(n > 50) }' "$tmp/t.txt" ||
    fail "bad table"
[ "$(grep -vc '^#' "$tmp/t.txt")" -eq "$(grep -c '^ *[0-9][0-9]* ' "$tmp/o")" ] || fail "--out differs from the printed table"

"$D" lrfind --help | grep -q 'usage: descent lrfind' || fail "--help"
"$D" lrfind --optimizer gd >/dev/null 2>&1; [ $? -eq 2 ] || fail "missing --problem not refused"
"$D" lrfind --problem quadratic --start 1 --end 0.1 >/dev/null 2>&1; [ $? -eq 2 ] || fail "start > end not refused"
"$D" lrfind --problem quadratic --bogus >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown option not refused"
"$D" lrfind --problem quadratic:dim=0 >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad problem not refused"
exit 0
