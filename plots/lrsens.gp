# Learning-rate sensitivity: f - f* after 500 steps against the rate, per
# optimizer, on a rotated quadratic (dim 20, L = 100, mu = 1). Runs that
# diverged (or end above 10^4) are drawn as an x above 10^4, one row per
# optimizer.
# Data: the lrsens runs of suites/figures.ini.
load 'plots/style.gp'
set output out('lrsens')
pts(m) = runs('lrsens/sens_'.m, '--last --cols lr0,f_gap | sort -g')
top = 1e4
cap(y) = (y == y && y < top) ? y : top
ok(y) = (y == y && y < top) ? y : 1/0
bad(y, i) = (y == y && y < top) ? 1/0 : top * 10**(0.3*i)

set title "f - f* after 500 steps against the learning rate: rotated quadratic, dim 20, L = 100, {/Symbol m} = 1\nx above 10^4: diverged or ended above 10^4"
set xlabel 'learning rate lr'
set ylabel 'f(x_{500}) - f*'
set logscale xy; set format x logfmt; set format y logfmt
set xrange [8e-5:1.25]; set yrange [1e-25:top*100]
set arrow 1 from 0.01, graph 0 to 0.01, graph 1 nohead ls 21
set arrow 2 from 0.02, graph 0 to 0.02, graph 1 nohead ls 20
set label 1 '1/L' at 0.01, graph 0.03 right offset -0.5,0 font lf
set label 2 '2/L: GD diverges above' at 0.021, graph 0.03 left font lf
set bmargin 7
set key at screen 0.5, 0.01 center bottom horizontal maxrows 3 width -1 font kf
names = 'gd mom hb rmsprop adam'
label(i) = i == 1 ? 'GD' : i == 2 ? 'torch SGD, momentum 0.9' : i == 3 ? 'heavy ball, momentum 0.9 (the same iterates)' : i == 4 ? 'RMSProp ({/Symbol a} = 0.99)' : 'Adam (0.9, 0.999)'
plot for [i=1:5] pts(word(names, i)) using 1:(ok($2)) with linespoints ls i lw (i == 2 ? 5 : 2) title label(i), \
     for [i=1:5] pts(word(names, i)) using 1:(bad($2, i)) with points ls i pt 2 ps 1.3 lw 2 notitle
