#!/bin/sh
# make lint: the real tree passes, and an include that points up the stack
# (core including the harness) or across the catalogs fails it, naming the line.
set -eu
here=$(pwd)
sh scripts/lint_layers.sh >/dev/null || { echo "cli_lint: the tree fails make lint"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for d in core problems optimizers schedules theory engine harness report cli; do cp -r "$d" "$tmp/"; done
mkdir -p "$tmp/build"
cd "$tmp"
printf '#include "../harness/store.h"\n' >> core/vec.c
if sh "$here/scripts/lint_layers.sh" > out.txt; then echo "cli_lint: an upward include passed"; exit 1; fi
grep -q "^core/vec.c:[0-9]*: 'core' includes 'harness'" out.txt || { echo "cli_lint: wrong message:"; cat out.txt; exit 1; }
sed -i '$d' core/vec.c
printf '#include "../problems/finite_sum.h"\n' >> optimizers/gd.c
if sh "$here/scripts/lint_layers.sh" > out.txt; then echo "cli_lint: a catalog including another passed"; exit 1; fi
grep -q "^optimizers/gd.c:[0-9]*: .*catalogs never include each other" out.txt || { echo "cli_lint: wrong message:"; cat out.txt; exit 1; }
echo "cli_lint: all checks passed (the tree is layered; upward and cross-catalog includes fail)"
