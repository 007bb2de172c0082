#!/bin/sh
# descent verify: exit 0 for a correct method, 1 when a claimed bound is
# violated, 2 for bad input; list theorems prints the catalog.
D=${DESCENT:-build/descent}
fail() { echo "cli_verify: $*"; exit 1; }
n=$("$D" list theorems | wc -l)
[ "$n" -ge 27 ] || fail "list theorems printed $n lines"
"$D" list theorems | grep -q '^gd-convex-tight ' || fail "gd-convex-tight missing"
"$D" verify --optimizer 'gd:lr=1/L' >/dev/null || fail "gd lr=1/L should pass"
"$D" verify --optimizer 'gd:lr=1/L' --claim agd-convex >/dev/null; rc=$?
[ "$rc" -eq 1 ] || fail "gd claiming agd-convex exited $rc, expected 1"
"$D" verify --optimizer 'gd:lr=2.5/L' --claim gd-convex-classic | grep -q 'gd-convex-classic\* .*FAIL' ||
    fail "gd lr=2.5/L claiming gd-convex-classic did not FAIL"
"$D" verify --optimizer gd --claim no-such-theorem 2>/dev/null; rc=$?
[ "$rc" -eq 2 ] || fail "unknown claim exited $rc, expected 2"
out=$(mktemp)
"$D" verify --all --report "$out" >/dev/null || fail "verify --all failed"
grep -q '| gd-convex-tight' "$out" || fail "report lacks gd-convex-tight rows"
grep -q '| FAIL\|| NOT SHOWN' "$out" && fail "report has a FAIL"
grep -q ' 0 FAIL, ' "$out" || fail "report's summary does not say 0 FAIL"
rm -f "$out"
exit 0
