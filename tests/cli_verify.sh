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
# divergence sets the exit status, claimed or not
"$D" verify --optimizer 'gd:lr=2.5/L' > "${TMPDIR:-/tmp}/cli_verify.$$"; rc=$?
[ "$rc" -eq 1 ] || fail "gd lr=2.5/L diverges and exited $rc, expected 1"
grep -q '^diverged:' "${TMPDIR:-/tmp}/cli_verify.$$" || fail "gd lr=2.5/L: no 'diverged:' section"
rm -f "${TMPDIR:-/tmp}/cli_verify.$$"
"$D" verify --optimizer 'ogm:lr=1.5/L' > /dev/null; rc=$?
[ "$rc" -eq 1 ] || fail "ogm lr=1.5/L diverges and exited $rc, expected 1"
# one run on exact gradients decides a stochastic theorem
"$D" verify --optimizer 'sgd:lr=1.99/L' --claim sgd-nonconvex | grep -q 'sgd-nonconvex\* *quad-1d .*FAIL' ||
    fail "sgd lr=1.99/L claiming sgd-nonconvex did not FAIL on quad-1d"
"$D" verify --optimizer gd --claim no-such-theorem 2>/dev/null; rc=$?
[ "$rc" -eq 2 ] || fail "unknown claim exited $rc, expected 2"
out=$(mktemp)
"$D" verify --all --report "$out" >/dev/null || fail "verify --all failed"
grep -q '| gd-convex-tight' "$out" || fail "report lacks gd-convex-tight rows"
grep -q '| FAIL\|| NOT SHOWN' "$out" && fail "report has a FAIL"
grep -q ' 0 FAIL, ' "$out" || fail "report's summary does not say 0 FAIL"
grep -q '; 0 catalog entries never checked; 0 tight entries never checked' "$out" ||
    fail "a catalog entry, or a tightness claim, is never checked: $(grep 'never checked' "$out")"
# conjectures are reported apart from the theorems
sed -n '/^## Theorems/,/^## Conjectures/p' "$out" | grep -q 'agd-t3-convex-pep' &&
    fail "a conjecture is listed among the theorems"
sed -n '/^## Conjectures/,/^## Summary/p' "$out" | grep -q '| agd-t3-convex-pep' ||
    fail "the conjectures section lacks agd-t3-convex-pep"
# OGM meets Drori's lower bound (its PEP value) and its own gradient bound
sed -n '/^## Theorems/,/^## Conjectures/p' "$out" |
    grep -q '^| `ogm` | drori-lower\* | quad-1d-short | .*| PASS (tight)' ||
    fail "the theorems section lacks ogm meeting drori-lower on quad-1d-short"
sed -n '/^## Theorems/,/^## Conjectures/p' "$out" |
    grep -q '^| `ogm` | ogm-grad-norm\* | quad-1d-short | .*| PASS (tight)' ||
    fail "the theorems section lacks ogm-grad-norm met on quad-1d-short"
rm -f "$out"

# --json: one object a line per check, the verdicts of the table; a method
# that diverges on its own class shows FAIL lines and the exit status says so
js=$(mktemp)
"$D" verify --optimizer "gd:lr=1/L" --json "$js" >/dev/null || fail "verify --json gd:lr=1/L exited $?"
grep -q '^{"optimizer":"gd","theorem":"gd-convex-tight","problem":"quad-k10",.*"verdict":"PASS' "$js" ||
    fail "verify --json lacks gd-convex-tight on quad-k10 as PASS"
[ "$(grep -vc '^{.*}$' "$js")" -eq 0 ] || fail "verify --json wrote a line that is not one object"
if "$D" verify --optimizer "gd:lr=1/L" --claim agd-convex --json "$js" >/dev/null; then
    fail "gd claiming the accelerated rate passed verify"
fi
grep -q '"theorem":"agd-convex",.*"claimed":true,.*"verdict":"FAIL' "$js" ||
    fail "verify --json shows no claimed FAIL of agd-convex for gd"
rm -f "$js"
echo "cli_verify: all checks passed"
exit 0
