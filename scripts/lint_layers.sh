#!/bin/sh
# The layering rule of the house, checked: an #include may point to the same
# folder or down the stack, never up, and the three catalogs never include
# each other.
#   cli -> report -> harness -> engine -> theory -> problems, optimizers, schedules -> core
# Prints every offending line as FILE:LINE: message and exits 1 when any.
set -eu
rank() {
    case "$1" in
    core) echo 0 ;;
    problems | optimizers | schedules) echo 1 ;;
    theory) echo 2 ;;
    engine) echo 3 ;;
    harness) echo 4 ;;
    report) echo 5 ;;
    cli) echo 6 ;;
    *) echo "" ;;
    esac
}
bad=0
for dir in core problems optimizers schedules theory engine harness report cli; do
    from=$(rank "$dir")
    for f in "$dir"/*.c "$dir"/*.h; do
        [ -f "$f" ] || continue
        # lines like: #include "../harness/store.h"
        grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"\.\./' "$f" | while IFS= read -r line; do
            n=${line%%:*}
            target=$(printf '%s\n' "$line" | sed 's|.*"\.\./\([^/]*\)/.*|\1|')
            to=$(rank "$target")
            if [ -z "$to" ]; then
                echo "$f:$n: includes from '$target', which is not a layer of the library"
                echo x
            elif [ "$to" -gt "$from" ]; then
                echo "$f:$n: '$dir' includes '$target', which is above it in the stack"
                echo x
            elif [ "$to" -eq "$from" ] && [ "$target" != "$dir" ]; then
                echo "$f:$n: '$dir' includes '$target': the catalogs never include each other"
                echo x
            fi
        done
    done
done >build/lint.out 2>&1 || true
grep -v '^x$' build/lint.out || true
if grep -q '^x$' build/lint.out; then
    echo "lint: $(grep -c '^x$' build/lint.out) include(s) point up the stack"
    exit 1
fi
echo "lint: includes point down the stack"
