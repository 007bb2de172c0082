#!/bin/sh
# descent bench --shard i/N and descent merge: three shards of the quick
# suite merged give the runs of a single process bit for bit (every run
# group: attributes and datasets, all but the run time `seconds`) and the
# same tables; merge refuses parts of other suites or code versions,
# shards given twice or missing, and unfinished parts, writing nothing.
set -u
D=${DESCENT:-build/descent}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "cli_shard: $*" >&2; exit 1; }
S=suites/quick.ini

"$D" bench $S --out "$T/one.h5" --tables "$T/one" 2> /dev/null || fail "single bench failed"
for i in 1 2 3; do
    "$D" bench $S --shard $i/3 --out "$T/p$i.h5" 2> /dev/null || fail "shard $i/3 failed"
done
"$D" merge --out "$T/m.h5" --tables "$T/m" "$T/p3.h5" "$T/p1.h5" "$T/p2.h5" 2> "$T/err" ||
    fail "merge failed: $(cat "$T/err")"
grep -q "110 runs from 3 parts" "$T/err" || fail "merge summary: $(cat "$T/err")"

# Every run's row and records, printed to the last bit, without its run time
# (the `seconds` column of /runs, dropped by its place in the table's type).
runs() {
    h5dump -m '%.17g' -d /runs -d /trajectory "$1" | sed 1d | awk '
        /^DATASET/ { skip = 0; k = 0 }
        /^   DATATYPE  H5T_COMPOUND/ { intype = 1 }
        /^   DATASPACE/ { intype = 0 }
        intype && /"[A-Za-z0-9_]+";$/ { k++; if ($0 ~ /"seconds";$/) skip = k }
        /^   \([0-9]+\): \{/ { m = 0; print; next }
        skip && /^         [^ ]/ { m++; if (m == skip) next }
        { print }'
}
nruns() { h5dump -H -d /runs "$1" | sed -n 's/.*DATASPACE  SIMPLE { ( \([0-9]*\) ).*/\1/p'; }
runs "$T/one.h5" > "$T/one.txt"
runs "$T/m.h5" > "$T/m.txt"
[ "$(nruns "$T/one.h5")" -eq 110 ] || fail "the single run does not hold 110 runs"
cmp -s "$T/one.txt" "$T/m.txt" || fail "merged runs differ from a single process: $(diff "$T/one.txt" "$T/m.txt" | head -5)"
# the parts are disjoint and balanced: 37 + 37 + 36
for i in 1 2 3; do
    nruns "$T/p$i.h5" > "$T/c$i"
done
[ "$(cat "$T/c1" "$T/c2" "$T/c3" | tr '\n' ' ')" = "37 37 36 " ] || fail "shard sizes $(cat "$T/c1" "$T/c2" "$T/c3")"
# the root says what must be equal to a single run's
for a in suite suite_sha suite_runs git_commit shard; do
    h5dump -a /$a "$T/one.h5" | sed 1d > "$T/a1"
    h5dump -a /$a "$T/m.h5" | sed 1d > "$T/a2"
    cmp -s "$T/a1" "$T/a2" || fail "root attribute $a differs from a single run's"
done
# the same tables, through the same report path (timing aside)
for f in "$T"/one/quick_*.md; do
    b=$(basename "$f")
    [ "$b" = quick_timing.md ] && continue
    cmp -s "$f" "$T/m/$b" || fail "table $b differs from a single run's"
done
# a merged file is a whole suite: --resume keeps every run
"$D" bench $S --out "$T/m.h5" --resume --no-tables 2> "$T/err" || fail "resume of a merged file: $(cat "$T/err")"
grep -q "110 kept from the file, 0 run now" "$T/err" || fail "resume of a merged file reran runs: $(cat "$T/err")"

# refusals: exit 2, a message naming the part, nothing written
refuse() {  # refuse "expected message" parts...
    want=$1
    shift
    rm -f "$T/bad.h5"
    "$D" merge --out "$T/bad.h5" --no-tables "$@" 2> "$T/err"
    st=$?
    [ $st -eq 2 ] || fail "merge $*: exit status $st, expected 2"
    grep -qF -- "$want" "$T/err" || fail "merge $*: message '$(cat "$T/err")', expected '$want'"
    [ -e "$T/bad.h5" ] && fail "merge $*: a refused merge wrote a file"
    return 0
}
refuse "shard 2/3 given twice: $T/p2.h5 and $T/p2.h5" "$T/p1.h5" "$T/p2.h5" "$T/p2.h5" "$T/p3.h5"
refuse "shard 3/3 missing (2 of 3 given)" "$T/p1.h5" "$T/p2.h5"
refuse "shards 2/3, 3/3 missing" "$T/p1.h5"
refuse "$T/one.h5: shard 'all' is not a part i/N" "$T/one.h5" "$T/p1.h5"
# another suite: the same runs with one more comment line
{ cat $S; echo "; a comment changes the suite text"; } > "$T/other.ini"
"$D" bench "$T/other.ini" --shard 2/3 --out "$T/o2.h5" 2> /dev/null || fail "shard of the other suite"
refuse "$T/o2.h5: suite_sha" "$T/p1.h5" "$T/o2.h5" "$T/p3.h5"
refuse "parts of different suites" "$T/p1.h5" "$T/o2.h5" "$T/p3.h5"
# A part changed on purpose is refused by its check block (docs/results.md)
# until the block is renewed, here as a forger would: its lines before
# `sha256`, the new length, the SHA-256 of those lines and of the bytes
# after the block, NULs to byte 512.
reseal() {
    n=$(($(wc -c < "$1") - 512))
    head -c 512 "$1" | tr -d '\000' | sed "/^sha256 /d; s/^length .*/length $n/" > "$T/block"
    h=$({ cat "$T/block"; tail -c +513 "$1"; } | sha256sum | cut -c1-64)
    { cat "$T/block"; printf 'sha256 %s\n' "$h"; head -c 512 /dev/zero; } | head -c 512 > "$T/block2"
    { cat "$T/block2"; tail -c +513 "$1"; } > "$T/sealed" && mv "$T/sealed" "$1"
}
# another code version: the same part with the bytes of its git_commit
# replaced (same length). Result files checksum their object headers, so
# the part is first rewritten in HDF5's oldest format, which does not.
g=$(h5dump -a /git_commit "$T/p2.h5" | sed -n 's/^ *(0): "\(.*\)"$/\1/p')
[ -n "$g" ] || fail "cannot read git_commit"
G=$(echo "$g" | tr '0-9a-z' 'a-z0-9')
h5repack -j 0 -k 2 "$T/p2.h5" "$T/old2.h5" || fail "h5repack"
perl -pe "s/\Q$g\E/$G/g" "$T/old2.h5" > "$T/g2.h5"
h5dump -a /git_commit "$T/g2.h5" | grep -qF "\"$G\"" || fail "could not make a part of another version"
refuse "'$T/g2.h5' is damaged or modified since descent wrote it" "$T/p1.h5" "$T/g2.h5" "$T/p3.h5"
reseal "$T/g2.h5"
refuse "$T/g2.h5: git_commit $G differs from $T/p1.h5's $g: parts from different code versions" \
    "$T/p1.h5" "$T/g2.h5" "$T/p3.h5"
# an unfinished part: a shard of another split (1/2) in place of 1/3's runs
"$D" bench $S --shard 1/2 --out "$T/h1.h5" 2> /dev/null || fail "shard 1/2"
refuse "is shard 1/2 but" "$T/p1.h5" "$T/h1.h5"
# a part labelled 1/3 that holds other runs (those of 1/2)
h5repack -j 0 -k 2 "$T/h1.h5" "$T/old1.h5" || fail "h5repack"
perl -pe 's{1/2}{1/3}g' "$T/old1.h5" > "$T/x1.h5"
h5dump -a /shard "$T/x1.h5" | grep -qF '"1/3"' || fail "could not relabel a part"
reseal "$T/x1.h5"
refuse "$T/x1.h5 (shard 1/3): 18 of its 37 runs missing or interrupted, and runs of other shards" \
    "$T/x1.h5" "$T/p2.h5" "$T/p3.h5"
refuse "'$T/none.h5'" "$T/p1.h5" "$T/none.h5" "$T/p3.h5"
"$D" merge "$T/p1.h5" 2> "$T/err"
[ $? -eq 2 ] || fail "merge without --out accepted"
# --out naming one of the parts (through another path) would destroy it
cp "$T/p2.h5" "$T/p2.copy"
"$D" merge --out "$T/./p2.h5" --no-tables "$T/p1.h5" "$T/p2.h5" "$T/p3.h5" 2> "$T/err"
[ $? -eq 2 ] || fail "merge --out equal to a part accepted"
grep -qF "is the part '$T/p2.h5'" "$T/err" || fail "merge --out = part: message '$(cat "$T/err")'"
cmp -s "$T/p2.h5" "$T/p2.copy" || fail "merge --out = part changed the part"
echo "cli_shard: all checks passed (three shards merged equal one process, bit for bit)"
exit 0
