#!/bin/sh
# Command-line options come from one table per command: --help documents
# every option the command accepts (the lists below are the options each
# command took before the tables, plus run --digits), the parser accepts
# every option --help shows, a flag given twice and a hexadecimal count are
# refused naming them, output paths are checked before any work (exit 2 in
# a fraction of a second, nothing written), the completion script and the
# man page name every command and option and are the ones in docs/, and
# run --digits 17 prints L and mu at full precision.
set -u
D=$(realpath "${DESCENT:-build/descent}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

OPTS_run="problem optimizer schedule iters seeds seed x0 log-every out target gtol max-epochs time-limit digits"
OPTS_bench="out resume force shard threads checkpoint tables no-tables figures no-figures baseline"
OPTS_report="tables"
OPTS_export="runs match cols last band"
OPTS_merge="out tables no-tables"
OPTS_verify="optimizer claim verbose all report json"
OPTS_lrfind="problem optimizer start end steps seed out"
OPTS_grid="problem box n"
OPTS_perf="out quick torch suite load"
OPTS_list=""
OPTS_compare="metric alpha target resamples"
OPTS_html="out plots theory"
OPTS_figures="dir"
OPTS_pep="optimizer N class L mu measure R D full out"
COMMANDS="list run export grid perf lrfind verify bench report merge compare html figures pep completion man"

# --help: every option, each with a description, and nothing else
for c in run bench report export merge verify lrfind grid perf list compare html figures pep; do
    eval "want=\$OPTS_$c"
    $D $c --help >"$T/help" 2>&1
    check "$c --help exits 0" '[ $? -eq 0 ]'
    for o in $want; do
        check "$c --help documents --$o" 'grep -Eq "^  --$o( [^ ]+)? +[a-zA-Z(]" "$T/help"'
    done
    n=$(grep -Ec '^  --[a-zA-Z]' "$T/help")
    check "$c --help lists exactly its $(echo $want | wc -w) options (got $n)" '[ "$n" -eq "$(echo $want | wc -w)" ]'
    # the parser takes every option --help shows (the unknown option or
    # the stray argument after it stops the command before any work)
    for o in $(sed -n 's/^  --\([a-zA-Z0-9-]*\).*/\1/p' "$T/help"); do
        (cd "$T" && "$D" $c --$o --zz-not-an-option zz-stray-argument) >/dev/null 2>"$T/err"
        check "$c accepts --$o" '! grep -q "unknown option .--$o" "$T/err"'
    done
done

# validation: a flag twice, a hexadecimal count, a value out of range
RUN="run --problem quadratic:dim=2 --optimizer gd"
$D $RUN --iters 3 --iters 4 >"$T/out" 2>"$T/err"
check "duplicate --iters: exit 2" '[ $? -eq 2 ] && grep -q -- "--iters given twice" "$T/err" && [ ! -s "$T/out" ]'
$D $RUN --iters 0x10 >"$T/out" 2>"$T/err"
check "0x10 is not an iteration count" '[ $? -eq 2 ] && grep -q -- "--iters 0x10" "$T/err" && [ ! -s "$T/out" ]'
$D $RUN --seeds 0 >/dev/null 2>"$T/err"
check "--seeds 0 out of range" '[ $? -eq 2 ] && grep -q -- "--seeds 0: expected a whole number in \[1, 1000000\]" "$T/err"'
$D $RUN --target -1 >/dev/null 2>"$T/err"
check "--target -1 out of range" '[ $? -eq 2 ] && grep -q -- "--target -1" "$T/err"'
$D $RUN --problem quadratic >/dev/null 2>"$T/err"
check "duplicate --problem" '[ $? -eq 2 ] && grep -q -- "--problem given twice" "$T/err"'
$D run --problem quadratic:dim=0x10 --optimizer gd >/dev/null 2>"$T/err"
check "dim=0x10 in a spec" '[ $? -eq 2 ] && grep -q "dim=0x10 is not a whole number" "$T/err"'
$D verify --claim gd-convex-classic --claim no-such-theorem --optimizer gd >/dev/null 2>"$T/err"
check "--claim repeats; each is checked" '[ $? -eq 2 ] && grep -q "unknown theorem .no-such-theorem" "$T/err"'

# output paths: refused before any work, in well under a second, nothing written
now() { date +%s.%N; }
refused() {  # refused NAME ARGS...: exit 2 within a second, nothing on stdout
    name=$1; shift
    t0=$(now)
    "$D" "$@" >"$T/out" 2>"$T/err"
    rc=$?
    t1=$(now)
    check "$name: exit 2 (got $rc)" '[ $rc -eq 2 ]'
    check "$name: before any work ($(awk "BEGIN { print $t1 - $t0 }") s)" \
        '[ "$(awk "BEGIN { print ($t1 - $t0 < 1) }")" -eq 1 ] && [ ! -s "$T/out" ]'
    check "$name: one-line message" '[ "$(wc -l <"$T/err")" -eq 1 ]'
}
# minutes of work if it ran; the time limit bounds a wrong implementation
HEAVY="run --problem quadratic:dim=2000 --optimizer gd --iters 100000000 --seeds 4 --time-limit 3"
refused "run --out in a missing directory" $HEAVY --out /nonexistent/x.h5
check "run --out: the message names the path" 'grep -q "/nonexistent/x.h5" "$T/err"'
refused "run --out empty" $HEAVY --out ""
refused "run --out a directory" $HEAVY --out "$T"
refused "run --out a device" $HEAVY --out /dev/null
refused "bench --out in a missing directory" bench suites/default.ini --out /nonexistent/x.h5
refused "bench --checkpoint 0" bench suites/default.ini --checkpoint 0 --out "$T/ck0.h5"
check "bench --checkpoint 0: the message names the value" 'grep -q -- "--checkpoint.*0" "$T/err"'
refused "lrfind --out in a missing directory" lrfind --problem quadratic:dim=2000 --steps 100000 --out /nonexistent/x
refused "verify --report in a missing directory" verify --all --report /nonexistent/x.md
refused "perf --out in a missing directory" perf --out /nonexistent/perf.md
refused "merge --out a directory" merge --out "$T" "$T/a.h5"
touch "$T/file"
refused "bench --tables under a file" bench suites/default.ini --tables "$T/file/tables"
check "bench --tables: the message names the file" 'grep -q "$T/file. is not a writable directory" "$T/err"'
refused "report --tables a file" report /nonexistent.h5 --tables "$T/file"
check "report --tables: refused for the directory, before reading" 'grep -q -- "--tables $T/file: not a writable directory" "$T/err"'
refused "merge --tables under a file" merge --out "$T/m.h5" --tables "$T/file/a/b" "$T/a.h5"
check "merge --tables: refused for the directory, before reading" 'grep -q -- "--tables $T/file/a/b: cannot be created" "$T/err"'
rm "$T/file"
check "nothing written" '[ -z "$(ls "$T" | grep -v -e "^out$" -e "^err$" -e "^help$")" ]' 

# --digits 17: L = 0.1 and mu = 0.03 as they read back, not as 6 digits round them
$D run --problem quadratic:dim=2,rotate=0,L=0.1,mu=0.03 --optimizer gd --iters 1 --digits 17 >"$T/out"
check "--digits 17" 'grep -q "^L = 0.10000000000000001, mu = 0.029999999999999999, " "$T/out"'
$D run --problem quadratic:dim=2,rotate=0,L=0.1,mu=0.03 --optimizer gd --iters 1 >"$T/out"
check "6 digits by default" 'grep -q "^L = 0.1, mu = 0.03, " "$T/out"'

# --version: the commit and the compiler
$D --version >"$T/out"
check "--version" '[ $? -eq 0 ] && grep -q "^descent [0-9a-f]\{7,\}" "$T/out" && grep -q "^compiler: " "$T/out" && grep -q "^flags: " "$T/out"'

# bash completion: every command and option, valid bash, and it completes
$D completion bash >"$T/comp.bash"
check "completion exits 0" '[ $? -eq 0 ]'
check "completion is valid bash" 'bash -n "$T/comp.bash"'
for c in $COMMANDS; do
    check "completion names $c" 'grep -q "^    $c)" "$T/comp.bash"'
done
for c in run bench report export merge verify lrfind grid perf; do
    eval "want=\$OPTS_$c"
    for o in $want; do
        check "completion of $c offers --$o" 'sed -n "/^    $c)/,/fi ;;/p" "$T/comp.bash" | grep -q -- "--$o "'
    done
done
complete_words() {  # complete_words WORD...: what bash offers for the last word
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _descent; echo "${COMPREPLY[*]}"' _ "$T/comp.bash" "$@"
}
check "completes a command" '[ "$(complete_words descent ru)" = "run" ]'
check "completes an option" '[ "$(complete_words descent run --it)" = "--iters" ]'
check "completes an optimizer name" 'complete_words descent run --optimizer ada | grep -qw adam'
check "completes a catalog of list" '[ "$(complete_words descent list sch)" = "schedules" ]'
$D completion zsh >/dev/null 2>"$T/err"
check "completion zsh refused" '[ $? -eq 2 ] && grep -q "zsh" "$T/err"'

# the files in docs/ are the generated ones
$D completion bash | cmp -s - docs/descent.bash
check "docs/descent.bash is current (descent completion bash > docs/descent.bash)" '[ $? -eq 0 ]'
$D man | cmp -s - docs/descent.1
check "docs/descent.1 is current (descent man > docs/descent.1)" '[ $? -eq 0 ]'

# the man page: every command and option, and roff without warnings
$D man >"$T/descent.1"
for c in $COMMANDS; do
    check "man page has descent $c" 'grep -q "^\.SS \"descent $c\"" "$T/descent.1"'
done
for c in run bench report export merge verify lrfind grid perf; do
    eval "want=\$OPTS_$c"
    for o in $want; do
        check "man page documents $c --$o" 'sed -n "/^\.SS \"descent $c\"/,/^\.SS/p" "$T/descent.1" | grep -q "^\.B \\\\-\\\\-$(echo $o | sed "s/-/\\\\\\\\-/g")"'
    done
done
if command -v groff >/dev/null; then
    groff -man -Tutf8 -ww -z "$T/descent.1" 2>"$T/err"
    check "groff reads the man page without warnings" '[ ! -s "$T/err" ]'
fi

[ $fails -eq 0 ] && echo "cli_options: all checks passed"
exit $fails
