#!/bin/sh
# make check-results: regenerate suites into a temporary directory, their
# tables, the course's claims page (course.md) and the figures of their
# [figure NAME] sections, and compare every file that is not
# machine-dependent (only names containing "timing" are) with the
# committed one, byte for byte: tables under results/, figures under
# plots/. On a difference: the first file, its line and the row (the run
# or configuration it describes, as the line starts), or for an image its
# first differing byte, and exit status 1.
# The suite "checks" is the theory battery instead, `descent verify --all`,
# whose report and verdicts make bench writes as results/theory_checks.*.
# Usage: scripts/check_results.sh [descent command] [suite...]
# (the command may be a script that runs descent, e.g. under an emulator)
set -u
D=${1:-build/descent}
[ $# -gt 0 ] && shift
SUITES=${*:-quick course}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# a PDF's date is its script's last commit unless this says otherwise
unset SOURCE_DATE_EPOCH
mkdir "$T/tables" "$T/plots"
for s in $SUITES; do
    if [ "$s" = checks ]; then  # the theory battery's verdicts, results/theory_checks.*
        if ! "$D" verify --all --report "$T/tables/theory_checks.md" --json "$T/tables/theory_checks.jsonl" \
            >"$T/checks.log" 2>&1; then
            tail -5 "$T/checks.log"
            echo "check-results: descent verify --all failed"
            exit 1
        fi
        # the report names the command that wrote it, and so its path
        sed "3s|$T/tables/theory_checks.md|results/theory_checks.md|" "$T/tables/theory_checks.md" >"$T/md" &&
            mv "$T/md" "$T/tables/theory_checks.md"
        continue
    fi
    if ! "$D" bench "suites/$s.ini" --out "$T/$s.h5" --tables "$T/tables" --figures "$T/plots" >"$T/$s.log" 2>&1; then
        cat "$T/$s.log"
        echo "check-results: the $s suite failed to run"
        exit 1
    fi
done
checked=0
for f in $(cd "$T/tables" && find . -type f | sed 's|^\./||' | sort); do
    case "$f" in *timing*) continue ;; esac
    ref="results/$f"
    if [ ! -f "$ref" ]; then
        echo "check-results: $ref is not committed (the suite now writes it)"
        exit 1
    fi
    if ! cmp -s "$T/tables/$f" "$ref"; then
        line=$(cmp "$T/tables/$f" "$ref" 2>/dev/null | sed -n 's/.*line \([0-9]*\).*/\1/p')
        [ -n "$line" ] || line=$(( $(wc -l <"$ref") + 1 ))
        echo "check-results: $ref differs from a fresh run at line $line"
        echo "  committed: $(sed -n "${line}p" "$ref" | cut -c1-200)"
        echo "  now:       $(sed -n "${line}p" "$T/tables/$f" | cut -c1-200)"
        exit 1
    fi
    checked=$((checked + 1))
done
for f in $(cd "$T/plots" && find . -type f | sed 's|^\./||' | sort); do
    ref="plots/$f"
    if [ ! -f "$ref" ]; then
        echo "check-results: $ref is not committed (the suite now draws it)"
        exit 1
    fi
    if ! cmp -s "$T/plots/$f" "$ref"; then
        byte=$(cmp "$T/plots/$f" "$ref" 2>/dev/null | sed -n 's/.*byte \([0-9]*\).*/\1/p')
        echo "check-results: $ref differs from a fresh drawing at byte ${byte:-$(($(wc -c <"$ref") + 1))}"
        exit 1
    fi
    checked=$((checked + 1))
done
for s in $SUITES; do
    for f in results/"$s"_* results/data/"$s"_*; do
        [ -e "$f" ] || continue  # the pattern itself: no such file
        # theory_checks.*: descent verify --all's report, not the suite's
        case "$f" in *timing*|*.h5|results/theory_checks.*) continue ;; esac
        rel=${f#results/}
        [ -f "$T/tables/$rel" ] || { echo "check-results: $f is committed but the suite no longer writes it"; exit 1; }
    done
done
echo "check-results: $checked files of $SUITES regenerate byte for byte"
