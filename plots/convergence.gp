# Convergence per problem: f - f* against iterations (epochs for the finite
# sum), the median over 8 seeds with its 10-90% band, and the theorem's
# bound for gradient descent with lr = 1/L as a dashed line:
#   strongly convex quadratic: f_t - f* <= max{(1-lr L)^2, (1-lr mu)^2}^t (f_0 - f*)
#   L-smooth convex:           f_t - f* <= L R^2 / (4t + 2), R = ||x_0 - x*||
# (Drori & Teboulle 2014, tight). Data: the conv_* runs of suites/figures.ini.
load 'plots/style.gp'
eval term(7, 3.8, 1200, 640)
set output out('convergence')
band(ref, x) = runs(ref, sprintf('--band --cols %s,f_gap', x))
last(ref, c) = runs(ref, sprintf('--last --cols %s', c))

# the constants the bounds need, read back from the result files
stats band('conv_q/gd', 'iter') every ::0::0 using 2 nooutput; qD = STATS_min
stats last('conv_q/gd', 'L') using 1 nooutput; qL = STATS_min
stats last('conv_q/gd', 'mu') using 1 nooutput; qmu = STATS_min
stats last('conv_l/gd', 'L') using 1 nooutput; lL = STATS_min
stats last('conv_l/gd', 'R') using 1 nooutput; lR = STATS_min
qrate = (1 - qmu/qL)**2   # lr = 1/L: max{(1 - lr L)^2, (1 - lr mu)^2}

set multiplot layout 1,2 title 'f - f*: median over 8 seeds (line) and 10-90% band (shade)' font tf
set logscale y; set format y logfmt

set title sprintf("Rotated quadratic, dim 100, L = %.0f, {/Symbol m} = %.0f\n(a random rotation per seed; x_0 = x* + 1)", qL, qmu)
set xlabel 'iteration t'; set ylabel 'f(x_t) - f*'
set xrange [0:1000]; set yrange [1e-20:1e4]
set key at graph 0.99, 0.99 right top width -2 samplen 2 font kf
plot band('conv_q/gd', 'iter') using 1:3:4 with filledcurves ls 1 notitle, \
     '' using 1:2 with lines ls 1 title 'GD, lr 1/L', \
     band('conv_q/mom', 'iter') using 1:3:4 with filledcurves ls 2 notitle, \
     '' using 1:2 with lines ls 2 title 'SGD mom. 0.9, lr 1/L', \
     band('conv_q/hb', 'iter') using 1:3:4 with filledcurves ls 5 notitle, \
     '' using 1:2 with lines ls 5 title 'heavy ball, optimal', \
     band('conv_q/adam_0.05', 'iter') using 1:3:4 with filledcurves ls 4 notitle, \
     '' using 1:2 with lines ls 4 title 'Adam lr 0.05', \
     qrate**x * qD with lines ls 20 title 'GD bound (1-{/Symbol m}/L)^{2t}(f_0-f*)'

set title sprintf("Logistic regression, breast cancer (n = 569, d = 30)\n{/Symbol l} = {/Symbol m} = 10^{-3}, L = %.4g, R = ||x_0 - x*|| = %.3g", lL, lR)
set xlabel 'epochs (passes over the data)'
set xrange [0:200]; set yrange [1e-8:1e0]
set key at graph 0.02, 0.02 left bottom width -2 samplen 2 font kf
plot band('conv_l/gd', 'epochs') using 1:3:4 with filledcurves ls 1 notitle, \
     '' using 1:2 with lines ls 1 title 'GD, lr 1/L', \
     band('conv_l/hb', 'epochs') using 1:3:4 with filledcurves ls 5 notitle, \
     '' using 1:2 with lines ls 5 title 'heavy ball, optimal', \
     band('conv_l/adam_0.01', 'epochs') using 1:3:4 with filledcurves ls 4 notitle, \
     '' using 1:2 with lines ls 4 title 'Adam lr 0.01', \
     band('conv_l_sgd', 'epochs') using 1:3:4 with filledcurves ls 3 notitle, \
     '' using 1:2 with lines ls 3 title 'SGD batch 32, lr 0.5/L', \
     (x >= 1 ? lL * lR**2 / (4*x + 2) : 1/0) with lines ls 20 title 'GD bound LR^2/(4t+2)'
unset multiplot
