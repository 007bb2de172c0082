#!/bin/sh
# descent html: the static report opens in headless Chromium with every
# image decoded (a figure drawn by gnuplot shown as its SVG), every table
# there and no script error (the page's own load check, read back from the
# DOM); and the check can fail: an SVG that is not UTF-8, a missing image,
# a script error and a missing table each turn it red. Also the
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
# a figure drawn by gnuplot as PNG, PDF and SVG, with Symbol-font text
# (mu, <=), which the SVG must carry as UTF-8 for the browser to load it
cat >> "$tmp/s.ini" <<INI
[figure curve]
script = $tmp/curve.gp
runs = q/gd
INI
cat > "$tmp/curve.gp" <<'GP'
load 'plots/style.gp'
set output out('curve')
set title 'GD: f - f* {/Symbol \243} 10^{-2} for {/Symbol m} > 0'
set logscale y
plot runs('q/gd', '--cols iter,f_gap') with lines ls 1 title '{/Symbol k} = 10, 100'
GP
mkdir -p "$tmp/r" "$tmp/plots"
"$D" bench "$tmp/s.ini" --out "$tmp/r/tiny.h5" --no-tables --figures "$tmp/plots" >/dev/null 2>&1 ||
    fail "bench of the tiny suite failed"
for e in png pdf svg; do [ -s "$tmp/plots/curve.$e" ] || fail "bench drew no curve.$e"; done
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
# the drawn figure is shown as its SVG (loaded: the check above), with
# links to its PNG and PDF; the PNG-only one as its PNG
printf '%s' "$dom" | grep -q '<img src="[^"]*/plots/curve.svg"' || fail "the figure is not shown as SVG"
for e in png pdf; do
    printf '%s' "$dom" | grep -q "<a href=\"[^\"]*/plots/curve.$e\">$e</a>" || fail "no link to curve.$e"
done
printf '%s' "$dom" | grep -q '<img src="[^"]*/plots/dot.png"' || fail "the PNG-only figure is not shown"
# 3 tables (timing is left out: it is the one machine-dependent table) + the verdicts
[ "$(printf '%s' "$dom" | grep -o '<table' | wc -l)" -eq 4 ] || fail "expected 4 tables"
printf '%s' "$dom" | grep -q '<svg class="ecdf"' || fail "no runtime distribution"
first=$(printf '%s' "$dom" | grep -o '<tr class="fail"><td>[^<]*</td><td>[^<]*' | head -1)
case "$first" in *agd-convex*) ;; *) fail "the failing verdict is not shown first: $first" ;; esac
printf '%s' "$dom" | grep -q '||x-x\*||^2' || fail "the quantity lost its bars"

# the check can fail: an SVG that is not UTF-8 (gnuplot's Symbol-font
# bytes left in), a missing image, a script error, a missing table
cp "$tmp/plots/curve.svg" "$tmp/curve.svg"
printf '<?xml version="1.0" encoding="utf-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9">' \
    > "$tmp/plots/curve.svg"
printf '<text>\243</text></svg>\n' >> "$tmp/plots/curve.svg"
case "$(check_of "$tmp/r/index.html")" in *fail*image*curve.svg*) ;; *) fail "an SVG with a Symbol byte passed" ;; esac
cp "$tmp/curve.svg" "$tmp/plots/curve.svg"
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
