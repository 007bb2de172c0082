# The course's saddle demo on f(x) = x^3 (cubic1d) from x0 = 1. Honestly:
# x = 0 is a flat inflection (f' = f'' = 0), and f is unbounded below.
# f' = 3x^2 >= 0 pushes every iterate left; gradient descent and Adam creep
# towards 0 without passing it (|x_t| ~ 1/(3 lr t) for GD), while momentum
# overshoots 0 and then runs down to -infinity (the runner stops it as
# `diverged`). Data: the saddle runs of suites/figures.ini.
load 'plots/style.gp'
eval term(7, 3.3, 1200, 560)
set output out('saddle')
tr(ref, cols) = runs(ref, '--cols '.cols)

set multiplot layout 1,2 title "f(x) = x^3 from x_0 = 1: the flat point at 0 stalls gradient descent; momentum passes it and f is unbounded below" font tf

set title 'The iterate x_t (first 60 steps)'
set xlabel 'step t'; set ylabel 'x_t'
set xrange [0:60]; set yrange [-3:1.2]
set key at graph 0.02, 0.02 left bottom width -2 font kf
plot 0 with lines ls 21 notitle, \
     tr('saddle/gd_0.01', 'iter,x1') with linespoints ls 1 pi 5 title 'GD lr 0.01', \
     tr('saddle/gd_0.1', 'iter,x1') with linespoints ls 3 pi 5 title 'GD lr 0.1', \
     tr('saddle/adam_0.01', 'iter,x1') with linespoints ls 4 pi 5 title 'Adam lr 0.01', \
     tr('saddle_mom', 'iter,x1') with linespoints ls 2 pi 5 title 'momentum 0.9, lr 0.01 (torch SGD)'

set title 'Distance to the flat point, 10^4 steps: GD follows 1/(3 lr t)'
set xlabel 'step t'; set ylabel '|x_t|'
set logscale xy; set format x logfmt; set format y logfmt
set xrange [1:1e4]; set yrange [1e-5:1e2]
set key at graph 0.02, 0.02 left bottom width -2 font kf
plot tr('saddle/gd_0.01', 'iter,x1') using 1:(abs($2)) with lines ls 1 title 'GD lr 0.01', \
     tr('saddle/gd_0.1', 'iter,x1') using 1:(abs($2)) with lines ls 3 title 'GD lr 0.1', \
     tr('saddle/adam_0.01', 'iter,x1') using 1:(abs($2)) with lines ls 4 title 'Adam lr 0.01', \
     tr('saddle_mom', 'iter,x1') using 1:(abs($2)) with lines ls 2 title 'momentum: |x_t| grows, diverged at step 50', \
     (x > 10 ? 1/(3*0.01*x) : 1/0) with lines ls 20 title '1/(3 lr t), lr 0.01', \
     (x > 3 ? 1/(3*0.1*x) : 1/0) with lines ls 21 title '1/(3 lr t), lr 0.1'
unset multiplot
