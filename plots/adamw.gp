# Adam against AdamW (results/course.md, row 15): the course's regression
# (data/course_regression.csv, N = 500, d = 3, MSE), lr 0.01, decay 0.1,
# 5000 steps from 0. Adam's coupled L2 adds 0.1 x to the gradient, so its
# fixed point is the ridge solution of f + 0.05 ||x||^2 (GD on that problem
# gives it); AdamW decays x outside the adaptive step: its step
# m / sqrt(v) balances lr wd x while v still remembers the early, large
# gradients, so it closes in on x* as v decays, by about sqrt(beta2)^t.
# x* (no decay) from GD on the plain problem.
# Data: the adamw runs of suites/figures.ini.
load 'plots/style.gp'
eval term(7, 3.4, 1200, 580)
set output out('adamw')
tr(ref, cols) = runs(ref, '--cols '.cols)
last(ref) = runs(ref, '--last --cols x1,x2,x3')

# the ridge solution r and x*: the last points of their GD runs
stats last('adamw_ridge') using 1 nooutput; r1 = STATS_max
stats last('adamw_ridge') using 2 nooutput; r2 = STATS_max
stats last('adamw_ridge') using 3 nooutput; r3 = STATS_max
stats last('adamw_xstar') using 1 nooutput; s1 = STATS_max
stats last('adamw_xstar') using 2 nooutput; s2 = STATS_max
stats last('adamw_xstar') using 3 nooutput; s3 = STATS_max
dr(a, b, c) = sqrt((a - r1)**2 + (b - r2)**2 + (c - r3)**2)
ds(a, b, c) = sqrt((a - s1)**2 + (b - s2)**2 + (c - s3)**2)
rs = dr(s1, s2, s3)
# the final distances of both methods
stats last('adamw/adamw_adam') using (dr($1, $2, $3)) nooutput; adam_r = STATS_max
stats last('adamw/adamw_adam') using (ds($1, $2, $3)) nooutput; adam_s = STATS_max
stats last('adamw/adamw_adamw') using (dr($1, $2, $3)) nooutput; adamw_r = STATS_max
stats last('adamw/adamw_adamw') using (ds($1, $2, $3)) nooutput; adamw_s = STATS_max
floor0(v) = v > 1e-18 ? v : 1e-18

set multiplot layout 1,2 title "Least squares N = 500, d = 3 (the course's regression), lr 0.01, weight decay 0.1, from 0: coupled L2 (Adam) against decoupled decay (AdamW)" font tf
set xlabel 'step t'
set xrange [0:5000]
set logscale y; set format y logfmt
set yrange [1e-17:10]

set title "Distance to the ridge solution x_r of f + 0.05||x||^2\nAdam + L2 converges to it; AdamW does not"
set ylabel '||x_t - x_r||'
set key at graph 0.98, 0.7 right center width -2 font kf
plot tr('adamw/adamw_adam', 'iter,x1,x2,x3') using 1:(floor0(dr($2, $3, $4))) with lines ls 4 title sprintf('Adam, weight\_decay 0.1: %.1e at step 5000', adam_r), \
     tr('adamw/adamw_adamw', 'iter,x1,x2,x3') using 1:(floor0(dr($2, $3, $4))) with lines ls 2 title sprintf('AdamW, weight\_decay 0.1: %.3f', adamw_r), \
     2.2e-16 with lines ls 21 title 'rounding, 2.2{/Symbol \327}10^{-16}'

set title "Distance to the unregularized x*: at step 5000 AdamW is\n9x closer than x_r, and still closing in as 0.999^{t/2}"
set ylabel '||x_t - x*||'
set yrange [1e-3:10]
set key at graph 0.98, 0.98 right top width -2 font kf
plot tr('adamw/adamw_adam', 'iter,x1,x2,x3') using 1:(ds($2, $3, $4)) with lines ls 4 title sprintf('Adam + L2: %.4f', adam_s), \
     tr('adamw/adamw_adamw', 'iter,x1,x2,x3') using 1:(ds($2, $3, $4)) with lines ls 2 title sprintf('AdamW: %.4f', adamw_s), \
     rs with lines ls 20 title sprintf('||x_r - x*|| = %.4f', rs), \
     (x > 1500 ? adamw_s * 0.999**((x - 5000) / 2) : 1/0) with lines ls 21 title '{/Symbol \265} 0.999^{t/2} = {/Symbol b}_2^{t/2}'
unset multiplot
