# Condition-number scaling: iterations until f - f* <= 1e-6 against
# kappa = L/mu on rotated quadratics (dim 100, linear spectrum, x0 = x* + 1),
# log-log, with reference slopes kappa and sqrt(kappa).
# Data: the kappa runs of suites/figures.ini.
load 'plots/style.gp'
set output out('kappa')
pts(m) = runs('kappa/'.m, '--last --cols kappa,iter | sort -g')

set title 'Iterations to f - f* {/Symbol \243} 10^{-6} on a rotated quadratic (dim 100, spectrum linear in [{/Symbol m}, L], x_0 = x* + 1)'
set xlabel '{/Symbol k} = L / {/Symbol m}'
set ylabel 'iterations to f - f* {/Symbol \243} 10^{-6}'
set logscale xy; set format x logfmt; set format y logfmt
set xrange [0.7:1.5e5]; set yrange [1:3e6]
set key at graph 0.02, 0.98 left top width -2 font kf
plot pts('gd') with linespoints ls 1 title 'GD, lr = 1/L', \
     pts('gd2') with linespoints ls 6 title 'GD, lr = 2/(L+{/Symbol m})', \
     pts('nesterov') with linespoints ls 2 title 'torch SGD Nesterov, momentum 0.9, lr = 1/L', \
     pts('hb') with linespoints ls 5 title 'heavy ball, optimal lr and {/Symbol b} (Polyak)', \
     pts('agd_sc') with linespoints ls 3 title 'AGD, strongly convex momentum (Nesterov)', \
     8*x with lines ls 20 title 'slope {/Symbol k}', \
     8*sqrt(x) with lines ls 21 title 'slope {/Symbol \326k}'
