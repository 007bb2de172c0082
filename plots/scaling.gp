# Feature scaling: gradient descent (lr = 1/L) on raw against standardized
# features (each feature centred and scaled to unit variance); kappa = L/mu
# of each problem as `run` computes it. Standardizing changes the problem
# (another parametrization; for logreg the L2 penalty then acts on scaled
# weights), so each curve is measured against its own f*.
# Data: the scale_* runs of suites/figures.ini.
load 'plots/style.gp'
eval term(7, 3.4, 1200, 580)
set output out('scaling')
tr(name) = runs('scale_'.name, '--cols iter,f_gap')
kap(name) = real(system(sprintf('%s export %s --runs scale_%s --last --cols kappa', D, H, name)))
its(name) = int(real(system(sprintf('%s export %s --runs scale_%s --last --cols iter', D, H, name))))
lab(name, what) = sprintf('%s: {/Symbol k} = %.3g, %d steps', what, kap(name), its(name))

set multiplot layout 1,2 title 'Feature scaling: gradient descent with lr = 1/L on raw and standardized features (stops at f - f* {/Symbol \243} 10^{-10})' font tf
set logscale xy; set format x logfmt; set format y logfmt
set xlabel 'step t'; set ylabel 'f(x_t) - f*'
set xrange [1:20000]
set key at graph 0.02, 0.02 left bottom width -2 font kf

set title 'Least squares on diabetes (n = 442, 10 features + intercept)'
set yrange [1e-10:1e4]
plot tr('diab_0') with lines ls 2 title lab('diab_0', 'raw'), \
     tr('diab_1') with lines ls 1 title lab('diab_1', 'standardized')

set title 'Logistic regression on breast cancer (n = 569, d = 30, {/Symbol l} = 10^{-3})'
set yrange [1e-10:1]
plot tr('bc_0') with lines ls 2 title lab('bc_0', 'raw'), \
     tr('bc_1') with lines ls 1 title lab('bc_1', 'standardized')
unset multiplot
