# The 1-D playground f(x) = x^4 - 3x^3 + 2 (poly1d): gradient descent with a
# constant rate, iterates on the curve and f - f* against steps.
# x* = 9/4, f* = -1675/256, f''(x*) = 81/4, so x* is stable for lr < 8/81.
# Data: the play3 and play05 runs of suites/figures.ini.
load 'plots/style.gp'
eval term(7, 6, 1200, 1000)
set output out('playground')

f(x) = x**4 - 3*x**3 + 2
fstar = -1675.0/256
tr(ref, cols) = runs(ref, '--cols '.cols)

set multiplot title "Gradient descent on f(x) = x^4 - 3x^3 + 2 (x* = 9/4, f'' = 81/4 there: stable for lr < 8/81 = 0.099; flat inflection at x = 0)" font tf
set size 0.5, 0.46

# ---- from x0 = 3: iterates on the curve
set origin 0, 0.48
set title 'From x_0 = 3: the first 12 iterates for each rate'
set xlabel 'x'; set ylabel 'f(x)'
set xrange [-1.5:3.5]; set yrange [-9:42]
set samples 400
set key at graph 0.5, 0.99 center top maxrows 3 width -3 font kf
plot f(x) with lines lc rgb '#999999' lw 2.5 notitle, \
     tr('play3/gd_0.002', 'x1,f') every ::0::12 with linespoints ls 1 lw 1.2 title 'lr 0.002: slow', \
     tr('play3/gd_0.03', 'x1,f') every ::0::12 with linespoints ls 3 lw 1.2 title 'lr 0.03: good', \
     tr('play3/gd_0.09', 'x1,f') every ::0::12 with linespoints ls 5 lw 1.2 title 'lr 0.09: oscillates, converges', \
     tr('play3/gd_0.1', 'x1,f') every ::0::12 with linespoints ls 4 lw 1.2 title 'lr 0.1: 2-cycle around x*', \
     tr('play3/gd_0.2', 'x1,f') every ::0::12 with linespoints ls 2 lw 1.2 title 'lr 0.2: diverges'

# ---- from x0 = 3: f - f* against steps
set origin 0.5, 0.48
set title 'From x_0 = 3: f - f* against steps'
set xlabel 'step t'; set ylabel 'f(x_t) - f*'
set logscale y; set format y logfmt
set xrange [0:100]; set yrange [1e-16:1e4]
set key at graph 0.99, 0.47 right center maxrows 5 width -2 font kf
plot tr('play3/gd_0.002', 'iter,f_gap') with lines ls 1 title 'lr 0.002', \
     tr('play3/gd_0.03', 'iter,f_gap') with lines ls 3 title 'lr 0.03', \
     tr('play3/gd_0.09', 'iter,f_gap') with lines ls 5 title 'lr 0.09', \
     tr('play3/gd_0.1', 'iter,f_gap') with lines ls 4 title 'lr 0.1', \
     tr('play3/gd_0.2', 'iter,f_gap') with linespoints ls 2 title 'lr 0.2 (diverged at step 3)'
unset logscale y; set format y '%g'

# ---- from the course's x0 = -0.5: iterates on the curve
set origin 0, 0.01
set title "From the course's x_0 = -0.5: the iterates (first 200 steps)"
set xlabel 'x'; set ylabel 'f(x)'
set xrange [-0.7:3]; set yrange [-9:6]
set key at graph 0.02, 0.02 left bottom maxrows 4 width -4
plot f(x) with lines lc rgb '#999999' lw 2.5 notitle, \
     tr('play05/gd_0.001', 'x1,f') every ::0::200 with points ls 1 title 'lr 0.001', \
     tr('play05/gd_0.012', 'x1,f') every ::0::200 with points ls 3 title "lr 0.012 (the course's)", \
     tr('play05/gd_0.15', 'x1,f') every ::0::200 with points ls 5 title 'lr 0.15', \
     tr('play05/gd_0.2', 'x1,f') every ::0::200 with linespoints ls 2 lw 0.8 title 'lr 0.2: jumps past 0, diverges at x*'

# ---- from x0 = -0.5: the creep towards 0, log-log
set origin 0.5, 0.01
set title 'From x_0 = -0.5: |x_t| against steps, the creep to the inflection'
set xlabel 'step t'; set ylabel '|x_t|, distance to the inflection 0'
set logscale xy; set format y logfmt; set format x logfmt
set xrange [1:1000]; set yrange [1e-4:2]
set key at graph 0.02, 0.02 left bottom maxrows 5 width -2
plot tr('play05/gd_0.001', 'iter,x1') using 1:(abs($2)) with lines ls 1 title 'lr 0.001', \
     tr('play05/gd_0.012', 'iter,x1') using 1:(abs($2)) with lines ls 3 title 'lr 0.012', \
     tr('play05/gd_0.15', 'iter,x1') using 1:(abs($2)) with lines ls 5 title 'lr 0.15', \
     (x > 20 ? 1/(9*0.012*x) : 1/0) with lines ls 20 title '1/(9 lr t), lr 0.012', \
     (x > 20 ? 1/(9*0.15*x) : 1/0) with lines ls 21 title '1/(9 lr t), lr 0.15'
unset multiplot
