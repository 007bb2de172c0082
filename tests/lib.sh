# Sourced by the shell tests (. "$(dirname "$0")/lib.sh"): `check NAME COND`
# evaluates COND and, when it is false, prints "FAIL: NAME" and counts the
# failure in $fails, which the test's exit status reports.
fails=0
check() { if eval "$2"; then :; else echo "FAIL: $1"; fails=$((fails + 1)); fi; }
