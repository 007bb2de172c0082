# Two counterexamples. Left: heavy ball with Polyak's parameters tuned for
# quadratics (lr = 4/(sqrt L + sqrt mu)^2 = 1/9, momentum 4/9) on Lessard,
# Recht & Packard's (2016) strongly convex piecewise quadratic (L = 25,
# mu = 1) settles into a 3-cycle; GD with lr 1/L converges. Right: Reddi,
# Kale & Kumar's (2018) online problem f_t = C x (t mod 3 = 1), else -x, on
# [-1, 1], C = 3: Adam (beta1 = 0, beta2 = 1/(1+C^2)) goes to the worst
# point +1; AMSGrad (and AdaGrad) head for x* = -1.
# Data: the cyc_* runs of suites/figures.ini.
load 'plots/style.gp'
eval term(7, 3.4, 1200, 580)
set output out('cycles')
tr(ref, cols) = runs(ref, '--cols '.cols)

set multiplot layout 1,2 title 'Counterexamples: momentum and adaptive methods without their guarantees' font tf

set title "Heavy ball on hb\\_cycle (L = 25, {/Symbol m} = 1, x_0 = 3.3):\na 3-cycle near {0.6465, -1.8024, 2.1159}"
set xlabel 'step t'; set ylabel 'x_t'
set xrange [0:60]; set yrange [-4:5]
set key at graph 0.98, 0.98 right top width -2 font kf
plot 0 with lines ls 21 notitle, \
     tr('cyc_hb/agd_sc', 'iter,x1') with linespoints ls 3 lw 5 pt 9 ps 0.5 title 'AGD, strongly convex variant', \
     tr('cyc_hb/gd', 'iter,x1') with linespoints ls 1 ps 0.5 title 'GD, lr = 1/L', \
     tr('cyc_hb/hb', 'iter,x1') with linespoints ls 5 ps 0.6 title 'heavy ball, lr 1/9, momentum 4/9'

set title "adam\\_counter (Reddi et al. 2018, C = 3): x_t every 3rd step\nsamples in order, batch 1, lr 0.1"
set xlabel 'step t'; set ylabel 'x_t'
set xrange [0:3000]; set yrange [-1.1:1.3]
set key at graph 0.98, 0.6 right center width -2 font kf
plot -1 with lines ls 21 notitle, \
     tr('cyc_adam/cyc_adagrad', 'iter,x1') with lines ls 3 title 'AdaGrad', \
     tr('cyc_adam/cyc_adam', 'iter,x1') with lines ls 4 lw 3 title 'Adam {/Symbol b}_1 = 0, {/Symbol b}_2 = 0.1', \
     tr('cyc_adam/cyc_ams', 'iter,x1') with lines ls 2 title 'AMSGrad, same {/Symbol b}'
unset multiplot
