# The course's learning-rate table (results/course.md, row 2): gradient
# descent on f(x) = (x+1)^2 (parabola1d, L = 2) from x0 = 5, 200 steps,
# stopped when |f'| < 1e-8. x + 1 is multiplied by 1 - 2 lr each step:
# 0.998 (slow), 0.8, -0.8 (same |x + 1|, alternating sign), -1 (the
# 2-cycle 5, -7, 5, ...) and -1.2 (divergence; the runner ends it at
# step 76). Data: the lrtable runs of suites/figures.ini.
load 'plots/style.gp'
eval term(7, 3.3, 1200, 560)
set output out('lrtable')
tr(lr) = runs('lrtable/gd_'.lr, '--cols iter,x1')

set multiplot layout 1,2 title "Gradient descent on f(x) = (x+1)^2 from x_0 = 5 (x* = -1, L = 2, stable for lr < 2/L = 1): the course's learning-rate table" font tf

set title 'The iterate x_t, first 30 steps'
set xlabel 'step t'; set ylabel 'x_t'
set xrange [0:30]; set yrange [-15:10]
set key at graph 0.98, 0.02 right bottom width -2 font kf
plot -1 with lines ls 21 notitle, \
     tr('0.001') with linespoints ls 1 pi 3 title 'lr 0.001: slow', \
     tr('0.1') with linespoints ls 3 pi 3 title 'lr 0.1: converges', \
     tr('0.9') with linespoints ls 5 title 'lr 0.9: converges, oscillating', \
     tr('1.0') with linespoints ls 4 title 'lr 1.0 = 2/L: 5, -7, 5, ... forever', \
     tr('1.1') with linespoints ls 2 title 'lr 1.1: diverges'

set title "Distance to the minimum |x_t + 1|: factor |1 - 2 lr| a step"
set xlabel 'step t'; set ylabel '|x_t + 1|'
set logscale y; set format y logfmt
set xrange [0:200]; set yrange [1e-14:1e8]; set ytics 1e-14, 100
set key at graph 0.98, 0.02 right bottom width -2 font kf
plot tr('0.001') using 1:(abs($2 + 1)) with lines ls 1 title 'lr 0.001: 0.998^t, 200 steps, x = 3.02', \
     tr('0.1') using 1:(abs($2 + 1)) with lines ls 3 lw 4 title 'lr 0.1: 0.8^t, |f''| < 1e-8 at step 94', \
     tr('0.9') using 1:(abs($2 + 1)) with lines ls 5 title 'lr 0.9: the same |x_t + 1|, step 94', \
     tr('1.0') using 1:(abs($2 + 1)) with lines ls 4 title 'lr 1.0: |x_t + 1| = 6 for all t', \
     tr('1.1') using 1:(abs($2 + 1)) with lines ls 2 title 'lr 1.1: 1.2^t, diverged at step 76'
unset multiplot
