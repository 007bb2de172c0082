#!/bin/sh
# Draw every figure in plots/: run the experiments each figure needs with
# build/descent (HDF5 into results/fig_*.h5, git-ignored), then run each
# gnuplot script twice, for plots/NAME.png and plots/NAME.pdf.
# Usage: plots/figures.sh [NAME...]   (default: every plots/*.gp but style)
# Run from the repository root; `make figures` does.
set -eu
D=${DESCENT:-build/descent}
R=results
mkdir -p "$R"
# Reproducible PDFs: the creation date cairo writes is replaced by the time
# of the last commit of the figure's script (same length, so the PDF's
# offsets hold): redrawing an unchanged figure leaves its files identical.
stamp_of() {  # stamp_of NAME
    t=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct -- "plots/$1.gp" 2>/dev/null || true)}
    date -u -d "@${t:-0}" +%Y%m%d%H%M%S
}

run() {  # run NAME descent-run-args...: results/fig_NAME.h5, summary hidden
    name=$1; shift
    "$D" run "$@" --out "$R/fig_$name.h5" >/dev/null
}

# A figure whose data needs a method or problem not in this build is skipped
# with a note, not failed: the catalogs grow branch by branch.
have() {  # have KIND NAME
    "$D" list "$1" | awk '{print $1}' | grep -qx "$2" && return 0
    echo "plots: no $2 in this build ($D list $1)" >&2
    return 1
}

# The optimizer race on one problem: plain gradient steps (sgd without
# batches is full-gradient GD), torch momentum 0.9 at the same rate, RMSProp
# and Adam, every iterate recorded for the contour paths.
race() {  # race TAG PROBLEM ITERS LR_SGD LR_RMSPROP LR_ADAM [X0]
    tag=$1 p=$2 it=$3 x0=${7:+--x0 $7}
    run "race_${tag}_sgd" --problem "$p" --optimizer "sgd:lr=$4" --iters "$it" --log-every 1 $x0
    run "race_${tag}_mom" --problem "$p" --optimizer "sgd:lr=$4,momentum=0.9" --iters "$it" --log-every 1 $x0
    run "race_${tag}_rmsprop" --problem "$p" --optimizer "rmsprop:lr=$5" --iters "$it" --log-every 1 $x0
    run "race_${tag}_adam" --problem "$p" --optimizer "adam:lr=$6" --iters "$it" --log-every 1 $x0
}

data_race() {
    have optimizers rmsprop || return 1
    race rosenbrock rosenbrock 3000 0.0008 0.01 0.01 -1.5,2
    race beale beale 1000 0.01 0.01 0.01
    race himmelblau himmelblau 1000 0.01 0.01 0.01
    race elongated 'quadratic:dim=2,rotate=0,L=20,mu=0.2,x0=5;5' 300 0.04 0.04 0.04
}

# The 1-D playground x^4 - 3x^3 + 2: from x0 = 3 one rate per behaviour
# (slow, good, oscillating to convergence, a 2-cycle, divergence); from the
# course's x0 = -0.5 every rate stalls at the flat inflection x = 0 or
# jumps past it and diverges.
data_playground() {
    for lr in 0.002 0.03 0.09 0.1 0.2; do
        run "play3_$lr" --problem poly1d:x0=3 --optimizer "gd:lr=$lr" --iters 1000 --log-every 1
    done
    for lr in 0.001 0.012 0.15 0.2; do
        run "play05_$lr" --problem poly1d --optimizer "gd:lr=$lr" --iters 1000 --log-every 1
    done
}

# The "saddle" x^3 from x0 = 1: gradient descent and Adam creep to the flat
# point, momentum carries the iterate past it and down the unbounded side.
data_saddle() {
    run saddle_gd01 --problem cubic1d --optimizer gd:lr=0.01 --iters 10000
    run saddle_gd1 --problem cubic1d --optimizer gd:lr=0.1 --iters 10000
    run saddle_mom --problem cubic1d --optimizer sgd:lr=0.01,momentum=0.9 --iters 10000 --log-every 1
    run saddle_adam --problem cubic1d --optimizer adam:lr=0.01 --iters 10000
}

# Convergence with seed bands. Quadratic: a random rotation per seed
# (kappa = 100, dim 100). Logistic regression on breast_cancer: the data are
# fixed, so only the mini-batch method varies with the seed; 200 epochs.
data_convergence() {
    q=quadratic:dim=100,kappa=100
    run conv_q_gd --problem $q --optimizer gd:lr=1/L --iters 1000 --seeds 8 --log-every 5
    run conv_q_hb --problem $q --optimizer heavy_ball --iters 1000 --seeds 8 --log-every 5
    run conv_q_mom --problem $q --optimizer sgd:lr=1/L,momentum=0.9 --iters 1000 --seeds 8 --log-every 5
    run conv_q_adam --problem $q --optimizer adam:lr=0.05 --iters 1000 --seeds 8 --log-every 5
    l=logreg:data=breast_cancer
    run conv_l_gd --problem $l --optimizer gd:lr=1/L --iters 200 --seeds 8 --log-every 1
    run conv_l_hb --problem $l --optimizer heavy_ball --iters 200 --seeds 8 --log-every 1
    run conv_l_adam --problem $l --optimizer adam:lr=0.01 --iters 200 --seeds 8 --log-every 1
    run conv_l_sgd --problem $l --optimizer sgd:lr=0.5/L,batch=32 --iters 100000 --max-epochs 200 \
        --seeds 8 --log-every 18
}

# Iterations to f - f* <= 1e-6 against kappa on dim-100 rotated quadratics
# (linear spectrum, x0 = x* + 1). agd joins when the build has it.
data_kappa() {
    rm -f "$R"/fig_kappa_*.h5
    meths="gd gd2 hb nest"
    have optimizers agd 2>/dev/null && meths="$meths agd"
    for k in 1 3 10 30 100 300 1000 3000 10000 30000 100000; do
        for m in $meths; do
            case $m in
            gd) o=gd:lr=1/L ;;
            gd2) o="gd:lr=2/(L+mu)" ;;
            hb) o=heavy_ball ;;
            nest) o=sgd:lr=1/L,momentum=0.9,nesterov=1 ;;
            agd) o=agd:variant=sc ;;
            esac
            run "kappa_${m}_$k" --problem "quadratic:dim=100,kappa=$k" --optimizer "$o" \
                --iters 10000000 --target 1e-6
        done
    done
}

# Final gap after 500 steps against the learning rate, per optimizer, on a
# rotated quadratic (dim 20, L = 100, mu = 1): 4 rates a decade, 1e-4 to 1.
data_lrsens() {
    rm -f "$R"/fig_lrsens_*.h5
    for lr in $(awk 'BEGIN { for (e = -16; e <= 0; e++) printf "%.6g ", 10^(e/4) }'); do
        for m in gd mom hb rmsprop adam; do
            case $m in
            gd) o=gd:lr=$lr ;;
            mom) o=sgd:lr=$lr,momentum=0.9 ;;
            hb) o=heavy_ball:lr=$lr,momentum=0.9 ;;
            rmsprop) o=rmsprop:lr=$lr ;;
            adam) o=adam:lr=$lr ;;
            esac
            run "lrsens_${m}_$lr" --problem quadratic:dim=20,L=100,mu=1 --optimizer "$o" --iters 500
        done
    done
}

# Batch size on the course's regression (n = 500, d = 3, MSE): one data
# set (seed=1), 8 sampling seeds, 50 epochs, the course's rates.
data_batch() {
    p='lstsq:n=500,d=3,mse=1,kappa=2,seed=1'
    run batch_gd --problem "$p" --optimizer gd:lr=0.1 --iters 1000000 --max-epochs 50 --seeds 8 --log-every 1
    run batch_b128 --problem "$p" --optimizer sgd:lr=0.05,batch=128 --iters 1000000 --max-epochs 50 --seeds 8 --log-every 1
    run batch_b32 --problem "$p" --optimizer sgd:lr=0.05,batch=32 --iters 1000000 --max-epochs 50 --seeds 8 --log-every 4
    run batch_b1 --problem "$p" --optimizer sgd:lr=0.01,batch=1 --iters 1000000 --max-epochs 50 --seeds 8 --log-every 100
    # the same runs recorded at log-spaced steps, for the steps axis
    for b in 128 32; do
        run "batch_b${b}_log" --problem "$p" --optimizer "sgd:lr=0.05,batch=$b" --iters 1000000 --max-epochs 50 --seeds 8
    done
    run batch_b1_log --problem "$p" --optimizer sgd:lr=0.01,batch=1 --iters 1000000 --max-epochs 50 --seeds 8
}

# Feature scaling: GD with lr = 1/L on raw and on standardized features
# (diabetes least squares with an intercept; breast_cancer logistic
# regression), 20000 steps or f - f* <= 1e-10.
data_scaling() {
    for s in 0 1; do
        run "scale_diab_$s" --problem "lstsq:data=diabetes,intercept=1,standardize=$s" --optimizer gd:lr=1/L \
            --iters 20000 --target 1e-10
        run "scale_bc_$s" --problem "logreg:data=breast_cancer,standardize=$s" --optimizer gd:lr=1/L \
            --iters 20000 --target 1e-10
    done
}

# Every registered schedule over 100 epochs (one full-gradient step an
# epoch, base lr 0.1 on parabola1d: only the recorded lr column matters).
# Parameters follow the course's torch examples where it gives them.
sched_spec() {  # sched_spec NAME: the spec drawn for that schedule
    case $1 in
    step) echo step:step_size=20,gamma=0.5 ;;
    multistep) echo "multistep:milestones=30;60;90,gamma=0.1" ;;
    exponential) echo exponential:gamma=0.95 ;;
    cosine) echo cosine:T_max=100 ;;
    cosine_restarts) echo cosine_restarts:T_0=20,T_mult=2 ;;
    onecycle) echo onecycle:max_lr=0.1 ;;
    cyclic) echo cyclic:base_lr=0.01,max_lr=0.1,step_size_up=10 ;;
    linear) echo linear:start_factor=0.01,total_iters=10 ;;
    polynomial) echo polynomial:power=2 ;;
    warmup_cosine) echo warmup_cosine:warmup=10 ;;
    inverse_sqrt) echo inverse_sqrt:warmup=10 ;;
    wsd) echo wsd:warmup=10,decay=0.2 ;;
    robbins_monro) echo robbins_monro:tau=10 ;;
    lr_range) echo lr_range:start=1e-4,end=1 ;;
    *) echo "$1" ;;
    esac
}

data_schedules() {
    rm -f "$R"/fig_sched_*.h5
    drawn=" $(grep '^G = ' plots/schedules.gp | tr -d "'" | sed 's/^G = //' | tr '\n' ' ') lr_range "
    for s in $("$D" list schedules | awk '{print $1}'); do
        case $drawn in *" $s "*) ;; *) echo "plots/schedules.gp: add schedule '$s' to a panel" >&2 ;; esac
        run "sched_$s" --problem parabola1d --optimizer gd:lr=0.1 --schedule "$(sched_spec "$s")" \
            --iters 100 --log-every 1
    done
}

# The learning-rate range test: the sweep table (lrfind --out) and its
# printed suggestions, on a quadratic whose 1/L and 2/L are known and on
# logistic regression with mini-batches.
data_lrfind() {
    "$D" lrfind --problem quadratic:dim=10,kappa=10 --optimizer gd --start 1e-4 --end 10 --steps 100 \
        --out "$R/fig_lrfind_q.dat" >"$R/fig_lrfind_q.txt" || return 1
    "$D" lrfind --problem logreg:data=breast_cancer --optimizer sgd:batch=32 --start 1e-5 --end 100 \
        --steps 200 --out "$R/fig_lrfind_l.dat" >"$R/fig_lrfind_l.txt" || return 1
}

# Theory tightness: measured f(x_N) - f* over the theorem's bound at the
# horizon N, on the instances built for that N (huber_worst) and on L x^2/2,
# against a generic quadratic where the bound is slack.
data_tightness() {
    have problems huber_worst && have optimizers ogm && have optimizers agd || return 1
    rm -f "$R"/fig_tight_*.h5
    for hz in 1 2 3 5 7 10 15 20 30 50 70 100 150 200; do
        run "tight_gd_$hz" --problem "huber_worst:N=$hz" --optimizer gd:lr=1/L --iters "$hz"
        run "tight_ogmh_$hz" --problem "huber_worst:N=$hz,threshold=ogm" --optimizer ogm --iters "$hz"
        run "tight_ogmq_$hz" --problem "quadratic:dim=1,L=3,mu=3,x0=1" --optimizer ogm --iters "$hz"
        run "tight_t3_$hz" --problem "huber_worst:N=$hz,threshold=t3" --optimizer agd:variant=t3 --iters "$hz"
        run "tight_gdq_$hz" --problem "quadratic:dim=100,L=1,mu=0.001,spectrum=log" --optimizer gd:lr=1/L --iters "$hz"
    done
}

# Counterexamples: heavy ball with Polyak's quadratic-tuned parameters cycles
# on Lessard et al.'s piecewise quadratic; Adam (beta1 = 0, beta2 = 1/(1+C^2))
# drifts to the worst point of Reddi et al.'s online problem, AMSGrad and
# AdaGrad do not. Samples in order (batch 1, no shuffling), constant lr 0.1.
data_cycles() {
    have problems hb_cycle && have problems adam_counter && have optimizers heavy_ball || return 1
    run cyc_hb --problem hb_cycle --optimizer heavy_ball --iters 60 --log-every 1
    run cyc_gd --problem hb_cycle --optimizer gd:lr=1/L --iters 60 --log-every 1
    run cyc_agd --problem hb_cycle --optimizer agd:variant=sc --iters 60 --log-every 1 2>/dev/null || true
    a='batch=1,shuffle=0,lr=0.1'
    run cyc_adam --problem adam_counter --optimizer "adam:beta1=0,beta2=0.1,$a" --iters 3000 --log-every 3
    run cyc_ams --problem adam_counter --optimizer "adam:beta1=0,beta2=0.1,amsgrad=1,$a" --iters 3000 --log-every 3
    run cyc_adagrad --problem adam_counter --optimizer "adagrad:$a" --iters 3000 --log-every 3 2>/dev/null || true
}

# The course page's rows (results/course.md; the runs of suites/course.ini):
# row 2, the learning-rate table on (x+1)^2 from x = 5, 200 steps, stop
# when |f'| < 1e-8.
data_lrtable() {
    for lr in 0.001 0.1 0.9 1.0 1.1; do
        run "lrtable_$lr" --problem parabola1d --optimizer "gd:lr=$lr" --iters 200 --gtol 1e-8 --log-every 1
    done
}

# Row 4: 10 x1^2 + 0.1 x2^2 from (5, 5), lr 0.04, beta 0.9, until f <= 0.01
# (budget 2000): GD, the seed's EMA momentum, Polyak and torch momentum.
data_momentum() {
    p='quadratic:dim=2,rotate=0,L=20,mu=0.2,x0=5'
    run mom_gd --problem "$p" --optimizer gd:lr=0.04 --iters 2000 --target 0.01 --log-every 1
    run mom_ema --problem "$p" --optimizer heavy_ball:lr=0.04,momentum=0.9,form=ema --iters 2000 --target 0.01 --log-every 1
    run mom_polyak --problem "$p" --optimizer heavy_ball:lr=0.04,momentum=0.9 --iters 2000 --target 0.01 --log-every 1
    run mom_torch --problem "$p" --optimizer sgd:lr=0.04,momentum=0.9 --iters 2000 --target 0.01 --log-every 1
}

# Row 6: the trainer (N = 1000, d = 5, batch 64, EMA momentum 0.9, lr 0.1,
# clip 5, 50 epochs = 800 steps), cosine to 1e-5 over the seed's 750 steps
# and over the run's 800; 3 seeds.
data_trainer() {
    for T in 750 800; do
        run "trainer_$T" --problem lstsq:data=course_trainer,standardize=0,mse=1 \
            --optimizer heavy_ball:form=ema,momentum=0.9,lr=0.1,batch=64,clip=5 \
            --schedule "cosine:T_max=$T,eta_min=1e-5" --iters 1000000 --max-epochs 50 --seeds 3 --log-every 1
    done
}

# Row 15: Adam with coupled L2 against AdamW, lr 0.01, decay 0.1, 5000 steps
# on the course's regression; GD on the ridge problem (lambda = 0.1) gives
# the coupled method's fixed point, GD on the plain problem gives x*.
data_adamw() {
    r=lstsq:data=course_regression,standardize=0,mse=1
    run adamw_adam --problem $r --optimizer adam:lr=0.01,weight_decay=0.1 --iters 5000 --log-every 1
    run adamw_adamw --problem $r --optimizer adamw:lr=0.01,weight_decay=0.1 --iters 5000 --log-every 1
    run adamw_ridge --problem $r,lambda=0.1 --optimizer gd --iters 2000
    run adamw_xstar --problem $r --optimizer gd --iters 2000
}

# Row 16: gradient accumulation, batch 8 x 4 against batch 32, lr 0.1,
# 5 epochs, same seed, on n = 512 (32 divides it) and the course's N = 500.
data_accum() {
    for n in 512 500; do
        p=lstsq:n=512,d=3,kappa=10,mse=1,seed=1
        [ $n = 500 ] && p=lstsq:data=course_regression,standardize=0,mse=1
        run "accum_${n}_b32" --problem $p --optimizer sgd:lr=0.1,batch=32 --iters 1000000 --max-epochs 5 --log-every 1
        run "accum_${n}_b8x4" --problem $p --optimizer sgd:lr=0.1,batch=8,accum=4 --iters 1000000 --max-epochs 5 --log-every 1
    done
}

# data_NAME makes the runs plots/NAME.gp reads; a non-zero return skips
# the figure (its note already printed).
data_contours() { data_race; }
# plots/pep.gp reads what `make pep` (scripts/pep_report.sh) writes.
data_pep() {
    ls "$R"/fig_pep_*.txt >/dev/null 2>&1 && return 0
    echo "plots: no results/fig_pep_*.txt (make pep makes them)" >&2
    return 1
}

if [ $# -gt 0 ]; then names="$*"; else
    names=$(ls plots/*.gp | sed 's|plots/||; s|\.gp$||' | grep -vx style)
fi
for fig in $names; do
    if ! "data_$fig"; then
        echo "plots/$fig: skipped"
        continue
    fi
    for fmt in png pdf; do
        gnuplot -e "fmt='$fmt'" "plots/$fig.gp"
    done
    LC_ALL=C sed -i "s/(D:[0-9]\{14\}Z)/(D:$(stamp_of "$fig")Z)/" "plots/$fig.pdf"
    echo "plots/$fig.png plots/$fig.pdf"
done
