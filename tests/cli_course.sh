#!/bin/sh
# The course suite and the page it writes: runs suites/course.ini through
# `descent bench` and `descent lrfind`; checks the generated page's verdicts
# and measurements against hand-derived values, that a claim quoting a wrong
# value is reported as disagreeing, and the numbers behind the page (the
# worked example to 1e-12, the learning-rate table's statuses, the
# condition-number and momentum step counts, the schedule values, the
# demos' start values, accumulation = large batch).
set -u
D=${DESCENT:-build/descent}
export DESCENT="$D"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "cli_course: $*" >&2; exit 1; }
F=$tmp/course.h5

"$D" bench suites/course.ini --out "$F" --tables "$tmp" >"$tmp/o" 2>"$tmp/e" || fail "bench: exit $? ($(tail -2 "$tmp/e"))"
[ -s "$tmp/course_summary.md" ] || fail "no summary table"

# the page: results/course.md as bench writes it, from the claims of the suite
P=$tmp/course.md
[ -s "$P" ] || fail "bench wrote no course.md"
head -1 "$P" | grep -q 'claim NAME. sections of the course suite and suites/course.md.in' || fail "page header"
grep -q '{{' "$P" && fail "a placeholder was left in the page"
# claim NAME: "measured|verdict" from the page's table of every claim
claim() { awk -F ' [|] ' -v n="| $1" '$1 == n { v = $6; sub(/ [|]$/, "", v); print $4 "|" v }' "$P"; }
# hand-derived: w = 0.5 + 0.01 * 13.6, ||g0|| = sqrt(13.6^2 + 5.8^2), (1 - 1/10)^2 for
# f at step 1/L on kappa 10, f(-1.5, 2) = 2.5^2 + 100 (2 - 2.25)^2, Beale at (1, 1),
# (1 - 2 * 1.1)^2 for f at lr 1.1 on (x+1)^2, ||x1|| = sqrt(9800) - 5 after the clipped step
for want in "worked_w 0.63600000000000001|agrees" "worked_grad 14.785127662620974|agrees" \
            "kappa10_rate 0.81|**disagrees**" "kappa1000_rate 0.998001|agrees" "kappa100_steps 195|agrees" \
            "rosen_f0 12.5|**disagrees**" "rosen_f0_alt 906.25|measured" "beale_f0 14.203125|agrees" \
            "lr11_rate 1.44|measured" "lr11_status diverged|agrees" "lr01_steps 94|**disagrees**" \
            "wc500 0.0003|**disagrees**" "step60 0.0125|agrees" "saddle_mom_status diverged|measured" \
            "scaling_diab_raw never|measured" "clip_dist 93.9949494166|agrees"; do
    set -- $want
    [ "$(claim "$1")" = "$2" ] || fail "claim $1: the page says '$(claim "$1")', expected '$2'"
done
# the trainer's cosine with T_max = 750 ends at step 799 with
# 1e-5 + (0.1 - 1e-5)(1 + cos(pi 799/750))/2, not at eta_min
m=$(claim trainer_lr_end)
awk -v m="${m%%|*}" 'BEGIN { e = 1e-5 + (0.1 - 1e-5) * (1 + cos(3.141592653589793 * 799 / 750)) / 2
    exit !(m - e < 1e-7 && e - m < 1e-7) }' || fail "trainer_lr_end measured ${m%%|*}"
[ "${m#*|}" = "**disagrees**" ] || fail "trainer_lr_end: ${m#*|}"
n=$(grep -c '^| [A-Za-z0-9_]* | .* | \(agrees\|\*\*disagrees\*\*\|measured\) |$' "$P")
[ "$n" -eq "$(grep -c '^\[claim ' suites/course.ini)" ] || fail "the page lists $n claims"
grep -q "^$n claims, 10 disagreeing with what was measured\.$" "$P" || fail "the count of disagreeing claims"
# descent report rebuilds the same page from the result file
mkdir "$tmp/rep"
"$D" report "$F" --tables "$tmp/rep" >/dev/null 2>&1 || fail "report"
cmp -s "$tmp/rep/course.md" "$P" || fail "report wrote another page than bench"
# the summary row's verdicts come from the claims too
grep -q '^| 9 | .*| \*\*disagrees\*\*: f(-1.5, 2) = 12.5, not 906.25;' "$P" || fail "row 9's verdict"

# a claim quoting a wrong value is reported as disagreeing: w = 0.637
sed 's/^quoted = 0.636$/quoted = 0.637/' suites/course.ini >"$tmp/wrong.ini"
grep -q '^quoted = 0.637$' "$tmp/wrong.ini" || fail "could not plant the wrong quote"
mkdir "$tmp/wrong"
"$D" bench "$tmp/wrong.ini" --out "$tmp/wrong.h5" --tables "$tmp/wrong" >/dev/null 2>&1 || fail "bench of wrong.ini"
P=$tmp/wrong/course.md
[ "$(claim worked_w)" = "0.63600000000000001|**disagrees**" ] || fail "a wrong quote: $(claim worked_w)"
grep -q '^| worked_w | .* | 0.637 | 0.63600000000000001 | within 1e-12 | \*\*disagrees\*\* |$' "$P" || fail "wrong row"
grep -q "^$((n)) claims, 11 disagreeing" "$P" || fail "the wrong quote is not counted"
grep -q '^| 1 | .* | w \*\*disagrees\*\*, b agrees' "$P" || fail "the summary row keeps agreeing"

# pick PROBLEM OPTIMIZER SCHEDULE COLS: the rows of one run (seed 0), as
# scripts/course_pick.sh prints them, from one export of every column
ALL=iter,f,f_gap,grad_norm,lr,grad_evals,epochs,dist,x1,x2,x3
"$D" export "$F" --cols $ALL >"$tmp/all" || fail "export"
pick() {
    awk -v p="$1" -v o="$2" -v s="${3:-constant}" -v all="$ALL" -v want="${4:-iter,f,f_gap}" '
        BEGIN { n = split(all, a, ","); for (i = 1; i <= n; i++) col[a[i]] = i; m = split(want, w, ",") }
        /^# run / { P = O = S = N = ""
                    for (i = 3; i < NF; i++) { if ($i == "problem") P = $(i + 1); if ($i == "optimizer") O = $(i + 1)
                                              if ($i == "schedule") S = $(i + 1); if ($i == "seed") N = $(i + 1) }
                    on = (P == p && O == o && S == s && N == 0); if (on) found = 1; next }
        on && NF { line = $col[w[1]]; for (j = 2; j <= m; j++) line = line " " $col[w[j]]; print line }
        END { exit !found }' "$tmp/all" || fail "no run: $*"
}
# row ITER of a pick: pick_at ITER PROBLEM OPTIMIZER SCHEDULE COLS
pick_at() { it=$1; shift; pick "$@" | awk -v i="$it" '$1 == i'; }
# near A B TOL: |A - B| <= TOL
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; }
status() {  # status PROBLEM OPTIMIZER [SCHEDULE]: the run's status, seed 0
    awk -v p="$1" -v o="$2" -v s="${3:-constant}" '
        /^# run / { for (i = 3; i < NF; i++) { if ($i == "problem") P = $(i + 1); if ($i == "optimizer") O = $(i + 1)
                                              if ($i == "schedule") S = $(i + 1); if ($i == "seed") N = $(i + 1)
                                              if ($i == "status") T = $(i + 1) }
                    if (P == p && O == o && S == s && N == 0) print T }' "$tmp/all"
}

# 1. the worked example: one step of 0.01 from (0.5, 0.1)
W="lstsq:data=worked_example,standardize=0,intercept=1,mse=1,x0=0.5;0.1"
set -- $(pick_at 1 "$W" gd:lr=0.01 constant iter,x1,x2)
near "$2" 0.636 1e-12 && near "$3" 0.158 1e-12 || fail "worked example: w, b = $2, $3"
awk -v w="$2" -v b="$3" 'BEGIN { gw = (0.5 - w) / 0.01; gb = (0.1 - b) / 0.01
    d1 = gw + 13.6; d2 = gb + 5.8; exit !(d1 * d1 < 1e-20 && d2 * d2 < 1e-20) }' || fail "worked example: gradient"
set -- $(pick_at 0 "$W" gd:lr=0.01 constant iter,f,grad_norm)
near "$2" 9.91 1e-12 && near "$3" 14.785127662620974 1e-12 || fail "worked example: J0, |g0| = $2, $3"

# 2. the learning-rate table on (x+1)^2 from 5
[ "$(status parabola1d gd:lr=0.001)" = max_iters ] || fail "lr 0.001 status"
set -- $(pick parabola1d gd:lr=0.001 constant iter,f,x1 | tail -1)
[ "$1" = 200 ] && near "$2" 16.16289 1e-5 && near "$3" 3.0203 1e-4 || fail "lr 0.001: $*"
for lr in 0.1 0.9; do
    [ "$(status parabola1d gd:lr=$lr)" = converged ] || fail "lr $lr status"
    set -- $(pick parabola1d gd:lr=$lr constant iter,f,x1 | tail -1)
    [ "$1" = 94 ] && near "$3" -1 1e-8 || fail "lr $lr: $*"
done
set -- $(pick parabola1d gd:lr=1 constant iter,f,x1 | tail -1)
[ "$1" = 200 ] && [ "$2" = 36 ] && [ "$3" = 5 ] || fail "lr 1 does not oscillate 5 <-> -7: $*"
[ "$(status parabola1d gd:lr=1.1)" = diverged ] || fail "lr 1.1 status"
[ "$(pick parabola1d gd:lr=1.1 constant iter | tail -1)" = 76 ] || fail "lr 1.1: diverged at another step"

# 3. the condition-number table: steps to f <= 0.01 with step 1/kappa
for kv in "1 1" "10 19" "100 195" "1000 1956"; do
    set -- $kv
    p="quadratic:dim=2,kappa=$1,rotate=0,x0=1"
    [ "$1" = 10 ] && p="quadratic:dim=2,rotate=0,x0=1"
    [ "$(pick "$p" gd constant iter | tail -1)" = "$2" ] || fail "kappa $1: not $2 steps"
    [ "$1" = 1 ] && continue
    pick "$p" gd constant iter,f | tail -2 | awk -v k="$1" '{ f[NR] = $2 } END {
        r = f[2] / f[1]; q = (1 - 1 / k)^2; exit !(r - q < 1e-9 && q - r < 1e-9) }' || fail "kappa $1: f ratio"
done

# 4. vanilla against momentum, steps to loss <= 0.01
M="quadratic:dim=2,mu=0.2,L=20,rotate=0,x0=5"
for ov in "gd:lr=0.04 344" "heavy_ball:lr=0.04,momentum=0.9,form=ema 327" \
          "heavy_ball:lr=0.04,momentum=0.9 64" "sgd:lr=0.04,momentum=0.9 64"; do
    set -- $ov
    [ "$(pick "$M" "$1" constant iter | tail -1)" = "$2" ] || fail "momentum: $1 not $2 steps"
done
set -- $(pick_at 300 "$M" gd:lr=0.04 constant iter,f)
near "$2" 0.020181 1e-6 || fail "vanilla f at 300 = $2"

# 5. batch GD reaches x* = the least-squares solution
R="lstsq:data=course_regression,standardize=0,mse=1"
set -- $(pick "$R" gd:lr=0.1 constant iter,f_gap | tail -1)
awk -v g="$2" 'BEGIN { exit !(g < 1e-15) }' || fail "batch GD gap $2"

# 6. the trainer's cosine passes T_max = 750: lr 1e-5 at 750, back to 1.06e-3 at 799
T="lstsq:data=course_trainer,standardize=0,mse=1"
O="heavy_ball:lr=0.1,momentum=0.9,form=ema,batch=64,clip=5"
set -- $(pick_at 750 "$T" "$O" cosine:T_max=750,eta_min=1e-05 iter,lr)
near "$2" 1e-5 1e-15 || fail "trainer lr at 750 = $2"
set -- $(pick_at 799 "$T" "$O" cosine:T_max=750,eta_min=1e-05 iter,lr,epochs)
near "$2" 0.0010593992804504 1e-12 && near "$3" 49.96 1e-9 || fail "trainer step 799: $*"

# 7. schedules
S=parabola1d:x0=100
set -- $(pick_at 50 $S gd:lr=0.1 cosine:T_max=100,eta_min=0.0001 iter,lr); near "$2" 0.05005 1e-15 || fail "cosine 50: $2"
set -- $(pick_at 99 $S gd:lr=0.1 cosine:T_max=100,eta_min=0.0001 iter,lr); near "$2" 0.00012464731 1e-12 || fail "cosine 99: $2"
for iv in "0 0.1" "19 0.1" "20 0.05" "40 0.025" "60 0.0125"; do
    set -- $iv
    set -- "$2" $(pick_at "$1" $S gd:lr=0.1 step:step_size=20,gamma=0.5 iter,lr)
    near "$3" "$1" 1e-15 || fail "step decay at $2: $3"
done
set -- $(pick_at 30 $S gd:lr=0.1 step iter,lr); near "$2" 0.01 1e-15 || fail "StepLR(30, 0.1) at 30: $2"
for iv in "0 0" "100 6e-5" "200 1.2e-4" "500 3e-4" "2500 2.6847650615476e-4" "9500 3.0389851412930e-6"; do
    set -- $iv
    set -- "$2" $(pick_at "$1" $S gd:lr=0.0003 warmup_cosine:warmup=500,total=10000,eta_min=1e-06 iter,lr)
    near "$3" "$1" 1e-15 || fail "warmup-cosine at $2: $3"
done

# 8-10. the demos' start values and ends
set -- $(pick_at 0 "rosenbrock:x0=-1.5;2" gd:lr=0.0008 constant iter,f); [ "$2" = 12.5 ] || fail "rosenbrock f(-1.5, 2) = $2"
set -- $(pick_at 0 "rosenbrock:x0=-1.5;-0.75" gd:lr=0.0008 constant iter,f); [ "$2" = 906.25 ] || fail "f(-1.5, -0.75) = $2"
set -- $(pick_at 0 beale gd:lr=0.001 constant iter,f); [ "$2" = 14.203125 ] || fail "beale f(1, 1) = $2"
set -- $(pick poly1d gd:lr=0.012 constant iter,x1 | tail -1)
awk -v x="$2" 'BEGIN { exit !(x < 0 && x > -0.01) }' || fail "playground from -0.5 did not stall below 0: x = $2"

# 12. the saddle: GD creeps to 0 from above, torch momentum runs off to -inf
set -- $(pick cubic1d gd:lr=0.01 constant iter,x1 | tail -1)
awk -v x="$2" 'BEGIN { exit !(x > 0 && x < 0.05) }' || fail "saddle gd: x = $2"
[ "$(status cubic1d sgd:lr=0.01,momentum=0.9)" = diverged ] || fail "saddle momentum did not run off"

# 14. Adam with coupled L2 ends at the ridge solution; AdamW does not
a=$(pick "$R" adam:lr=0.01,weight_decay=0.1 constant x1,x2,x3 | tail -1)
w=$(pick "$R" adamw:lr=0.01,weight_decay=0.1 constant x1,x2,x3 | tail -1)
r=$(pick "lstsq:data=course_regression,standardize=0,lambda=0.1,mse=1" gd constant x1,x2,x3 | tail -1)
echo "$a $r" | awk '{ for (i = 1; i <= 3; i++) { d = $i - $(i + 3); if (d * d > 1e-20) exit 1 } }' || fail "adam+L2 $a, ridge $r"
echo "$w $r" | awk '{ d = $1 - $4; exit !(d * d > 1e-4) }' || fail "adamw at the ridge solution: $w"

# 15. accumulation: batch 8 x 4 = batch 32 on n = 512, to rounding
A="lstsq:mse=1,n=512,d=3,kappa=10,seed=1"
pick "$A" sgd:lr=0.1,batch=32 constant iter,x1,x2,x3 >"$tmp/b32"
pick "$A" sgd:lr=0.1,batch=8,accum=4 constant iter,x1,x2,x3 >"$tmp/b8"
[ "$(wc -l <"$tmp/b32")" -eq 81 ] || fail "accum: batch 32 rows"
join "$tmp/b32" "$tmp/b8" | awk '{ for (i = 2; i <= 4; i++) { d = $i - $(i + 3); if (d < 0) d = -d; if (d > m) m = d } }
    END { exit !(NR == 81 && m <= 1e-15) }' || fail "accum: trajectories differ"

# 16. clipping to norm 5: one step of lr 1 from ||x|| = sqrt(9800)
set -- $(pick_at 1 "quadratic:dim=3,kappa=1,rotate=0,x0=50;-30;80" gd:lr=1,clip=5 constant iter,dist)
near "$2" "$(awk 'BEGIN { printf "%.17g", sqrt(9800) - 5 }')" 1e-6 || fail "clip: ||x1|| = $2"

# the learning-rate finder row: suggestions below 2/L = 0.906 of the regression
"$D" lrfind --problem "$R" --optimizer sgd:batch=32 --start 1e-7 --end 10 --steps 100 >"$tmp/lr" 2>&1 || fail "lrfind"
sug=$(sed -n 's/^suggested lr (steepest descent of the smoothed loss): *//p' "$tmp/lr")
near "$sug" 0.0792483 1e-6 || fail "lrfind steepest: $sug"

# the data files are what scripts/course_data.py writes
if command -v python3 >/dev/null 2>&1; then
    python3 scripts/course_data.py "$tmp" || fail "course_data.py"
    for f in course_regression.csv course_trainer.csv; do
        cmp -s "$tmp/$f" "data/$f" || fail "data/$f differs from scripts/course_data.py's"
    done
fi
exit 0
