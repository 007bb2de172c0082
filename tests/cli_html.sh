#!/bin/sh
# descent html: the static report opens in headless Chromium with every
# image decoded, every table there and no script error (the page's own
# load check, read back from the DOM); and the check can fail: a missing
# image, a script error and a missing table each turn it red. Also the
# failing theory verdicts come first, and bad input exits 2.
set -eu
D=${DESCENT:-build/descent}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "cli_html: $*"; exit 1; }
command -v chromium >/dev/null || fail "chromium is not installed (scripts/setup.sh installs it)"

cat > "$tmp/s.ini" <<'INI'
[suite]
name = tiny
seeds = 3
iters = 200
tables = summary, targets, ranks, timing
[problem q]
spec = quadratic:dim=5,kappa={10,100}
optimizers = gd, adam
[optimizer gd]
spec = gd:lr=1/L
[optimizer adam]
spec = adam:lr=0.1
INI
mkdir -p "$tmp/r"
"$D" bench "$tmp/s.ini" --out "$tmp/r/tiny.h5" --no-tables >/dev/null 2>&1 || fail "bench of the tiny suite failed"
mkdir -p "$tmp/plots"
# a valid 1x1 PNG
printf 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' |
    base64 -d > "$tmp/plots/dot.png"
cat > "$tmp/checks.jsonl" <<'JSON'
{"optimizer":"gd:lr=1/L","theorem":"gd-convex-tight","problem":"huber_worst:N=4","quantity":"f-f*","measured":0.1,"bound":0.2,"verdict":"PASS"}
{"optimizer":"gd:lr=1/L","theorem":"agd-convex","problem":"quadratic:dim=5","quantity":"||x-x*||^2","measured":3,"bound":1,"verdict":"FAIL at t=3"}
JSON
"$D" html --out "$tmp/r/index.html" --plots "$tmp/plots" --theory "$tmp/checks.jsonl" "$tmp/r/tiny.h5" ||
    fail "html exited $?"

browse() {  # browse FILE: the DOM after load, as Chromium sees it
    timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$tmp/profile" --virtual-time-budget=5000 --dump-dom "file://$1" 2>/dev/null
}
check_of() { browse "$1" | grep -o 'data-check="[^"]*"' | head -1; }

dom=$(browse "$tmp/r/index.html")
got=$(printf '%s' "$dom" | grep -o 'data-check="[^"]*"' | head -1)
[ "$got" = 'data-check="ok"' ] || fail "the report's load check says $got"
# 3 tables (timing is left out: it is the one machine-dependent table) + the verdicts
[ "$(printf '%s' "$dom" | grep -o '<table' | wc -l)" -eq 4 ] || fail "expected 4 tables"
printf '%s' "$dom" | grep -q '<svg class="ecdf"' || fail "no runtime distribution"
first=$(printf '%s' "$dom" | grep -o '<tr class="fail"><td>[^<]*</td><td>[^<]*' | head -1)
case "$first" in *agd-convex*) ;; *) fail "the failing verdict is not shown first: $first" ;; esac
printf '%s' "$dom" | grep -q '||x-x\*||^2' || fail "the quantity lost its bars"

# the check can fail: a missing image, a script error, a missing table
cp "$tmp/r/index.html" "$tmp/r/a.html"
rm "$tmp/plots/dot.png"
case "$(check_of "$tmp/r/a.html")" in *fail*image*) ;; *) fail "a missing image passed" ;; esac
sed 's|</body>|<script>noSuchFunction();</script></body>|' "$tmp/r/index.html" > "$tmp/r/b.html"
case "$(check_of "$tmp/r/b.html")" in *fail*noSuchFunction*) ;; *) fail "a script error passed" ;; esac
awk '/<table/ && !done {skip=1} skip && /<\/table>/ {skip=0; done=1; next} !skip' "$tmp/r/index.html" > "$tmp/r/c.html"
case "$(check_of "$tmp/r/c.html")" in *fail*tables*) ;; *) fail "a missing table passed" ;; esac

# bad input: no result file, not a suite's file
set +e
"$D" html --out "$tmp/r/x.html" 2>/dev/null; [ $? -eq 2 ] || fail "no input should exit 2"
"$D" html --out "$tmp/r/x.html" "$tmp/checks.jsonl" 2>/dev/null; [ $? -eq 2 ] || fail "a non-HDF5 input should exit 2"
printf '{"optimizer": 3\n' > "$tmp/bad.jsonl"
msg=$("$D" html --out "$tmp/r/x.html" --theory "$tmp/bad.jsonl" "$tmp/r/tiny.h5" 2>&1); rc=$?
set -e
[ $rc -eq 2 ] || fail "a malformed --theory file should exit 2"
case "$msg" in *bad.jsonl:1:*) ;; *) fail "the message does not name FILE:LINE: $msg" ;; esac
[ ! -e "$tmp/r/x.html" ] || fail "a failed html left a file behind"
echo "cli_html: all checks passed (report opens clean in Chromium; missing image, script error, missing table each caught)"
