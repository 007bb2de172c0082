#!/bin/sh
# The README, tried as a new user would. In a scratch copy of the tree:
# its "add an optimizer" C example is written to optimizers/<name>.c,
# registered in optimizers/registry.c, built, and verified; then every
# fenced sh block of the README runs as a script (set -e) and must exit 0,
# except blocks whose first line is "# not run by make test: <reason>"
# (too slow, or needs MPI): those are counted and named. The command
# section's synopsis lists every option each command's --help shows.
set -u
D=$(realpath "${DESCENT:-build/descent}")
ROOT=$(pwd)
# the scratch tree builds as a user would: `make test SANITIZE=1` must not
# pass its variables down to the README's `make` lines
unset MAKEFLAGS MFLAGS MAKELEVEL SANITIZE MPI
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

# Split the README into its fenced blocks: $T/blocks/NN.LANG, in order.
mkdir -p "$T/blocks"
awk -v dir="$T/blocks" '
    /^```/ && !inb { inb = 1; n++; lang = substr($0, 4); if (lang == "") lang = "none";
                     f = sprintf("%s/%02d.%s", dir, n, lang); printf "" > f; next }
    /^```/ && inb  { inb = 0; close(f); next }
    inb            { print >> f }' README.md
C=$(grep -l "ds_optimizer_type ds_optimizer_" "$T"/blocks/*.c 2>/dev/null | head -1)
check "README has the add-an-optimizer C example" '[ -n "$C" ]'
[ -n "$C" ] || exit 1
NAME=$(sed -n 's/^const ds_optimizer_type ds_optimizer_\([a-z0-9_]*\) = {.*/\1/p' "$C")
check "the example names its optimizer" '[ -n "$NAME" ]'

# A scratch copy of the sources, with the built objects so only what the
# example changes is compiled again (make compares timestamps; cp -p and
# tar keep them).
mkdir "$T/tree"
tar -C "$ROOT" --exclude=./.git --exclude='./build*' --exclude=./results --exclude=./plots -cf - . |
    tar -C "$T/tree" -xf -
mkdir -p "$T/tree/results" "$T/tree/build"
[ -d "$ROOT/build/obj" ] && cp -pR "$ROOT/build/obj" "$ROOT/build/libdescent.a" "$ROOT/build/descent" "$T/tree/build/"
[ -f "$ROOT/build/.deps-installed" ] && cp -p "$ROOT/build/.deps-installed" "$T/tree/build/"
cp "$C" "$T/tree/optimizers/$NAME.c"
# Register it as the README says: its extern line and its entry in the array.
sed -i -e "s/^extern const ds_optimizer_type ds_optimizer_gd;/&\nextern const ds_optimizer_type ds_optimizer_$NAME;/" \
    -e "s/^    &ds_optimizer_gd,/&\n    \&ds_optimizer_$NAME,/" "$T/tree/optimizers/registry.c"
check "registered in the scratch registry" '[ "$(grep -c "ds_optimizer_$NAME" "$T/tree/optimizers/registry.c")" -eq 2 ]'

cd "$T/tree"
make >"$T/make.log" 2>&1
check "the README's optimizer builds (see below)" '[ $? -eq 0 ]' || sed -n '/error/,+3p' "$T/make.log" | head -20
build/descent list optimizers "$NAME" >"$T/out" 2>&1
check "list optimizers $NAME shows its parameters" 'grep -q "^$NAME: " "$T/out" && grep -q "^  beta " "$T/out"'
# verify checks it (exit 1 would be a violated claim: a result, not a
# crash; the README's own `make verify` line below must pass)
build/descent verify --optimizer "$NAME" >"$T/out" 2>&1
rc=$?
check "verify checks it (exit $rc)" '[ $rc -le 1 ] && grep -q "^optimizer $NAME" "$T/out" && grep -q "PASS" "$T/out"'

# Every sh block, in order, from the scratch tree (so `make` in a block
# builds the copy, and files the examples write land there).
ran=0
skipped=""
for b in "$T"/blocks/*.sh; do
    [ -f "$b" ] || continue
    first=$(head -1 "$b")
    case $first in
    "# not run by make test:"*) skipped="$skipped $(basename "$b" .sh)"; continue ;;
    esac
    (set -e; . "$b") >"$T/block.log" 2>&1
    rc=$?
    ran=$((ran + 1))
    check "README sh block $(basename "$b" .sh) exits 0 (got $rc): $(head -c 70 "$b" | head -1)" '[ $rc -eq 0 ]' ||
        tail -5 "$T/block.log"
done
check "README has sh blocks that run" '[ $ran -ge 3 ]'
cd "$ROOT"

# The command section's synopsis names every option of every command.
syn=$(grep -l "^descent run " "$T"/blocks/*.text | head -1)
check "README has the command synopsis" '[ -n "$syn" ]'
for c in $("$D" --help | sed -n 's/^  \([a-z]*\) .*/\1/p'); do
    check "synopsis has descent $c" 'grep -q "^descent $c\\b" "$syn"'
    for o in $("$D" $c --help | sed -n 's/^  --\([a-z0-9-]*\).*/\1/p'); do
        check "synopsis of $c lists --$o" 'awk -v c="$c" '"'"'/^descent / { in_c = ($2 == c) } in_c'"'"' "$syn" | grep -q -- "--$o\\b"'
    done
done

[ $fails -eq 0 ] && echo "cli_readme: all checks passed ($ran sh blocks run; not run:${skipped:- none})"
exit $fails
