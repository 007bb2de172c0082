# Vanilla against momentum (results/course.md, row 4): 10 x1^2 + 0.1 x2^2
# (L = 20, mu = 0.2) from (5, 5), lr 0.04, beta 0.9, run until f <= 0.01.
# The seed's EMA momentum v = beta v + (1 - beta) g steps lr g in the steady
# state, so it is GD with smoothing; Polyak's v = beta v + g (and torch's
# SGD momentum, the same iterates) steps up to lr g / (1 - beta).
# Data: the momentum runs of suites/figures.ini.
load 'plots/style.gp'
eval term(7, 3.4, 1200, 580)
set output out('momentum')
tr(name, cols) = runs('momentum/mom_'.name, '--cols '.cols)
P = 'quadratic:dim=2,rotate=0,L=20,mu=0.2,x0=5'
# steps each run took to f <= 0.01 (its last record)
stats tr('gd', 'iter') using 1 nooutput; ngd = STATS_max
stats tr('ema', 'iter') using 1 nooutput; nema = STATS_max
stats tr('polyak', 'iter') using 1 nooutput; npol = STATS_max
stats tr('torch', 'iter') using 1 nooutput; ntor = STATS_max

set multiplot layout 1,2 title "f = 10x_1^2 + 0.1x_2^2 (L = 20, {/Symbol m} = 0.2) from (5, 5), lr 0.04, {/Symbol b} = 0.9, each run until f {/Symbol \243} 0.01" font tf

set title 'Loss against steps'
set xlabel 'step t'; set ylabel 'f(x_t)'
set logscale y; set format y logfmt
set xrange [0:360]; set yrange [1e-3:1e3]
set key at graph 0.98, 0.98 right top width -2 font kf
plot 0.01 with lines ls 20 title 'threshold 0.01', \
     tr('gd', 'iter,f') with lines ls 1 title sprintf('GD: %d steps', ngd), \
     tr('ema', 'iter,f') with lines ls 3 title sprintf("EMA momentum (the seed's): %d steps", nema), \
     tr('polyak', 'iter,f') with lines ls 5 lw 4 title sprintf('Polyak heavy ball: %d steps', npol), \
     tr('torch', 'iter,f') with lines ls 2 dt 2 title sprintf('torch SGD momentum: %d steps (same iterates)', ntor)
unset logscale y; set format y '%g'

set title "The paths over contours of log_{10} f (every half decade):\nthe heavy ball zig-zags across the steep x_1 axis and arrives first"
set xlabel 'x_1'; set ylabel 'x_2'
set xrange [-6:6]; set yrange [-1.5:6]
grid(p, box) = sprintf('< %s grid --problem "%s" --box %s --n 160', D, p, box)
zf(z) = log10(z + 1e-6)
set view map
set palette defined (0 '#ffffff', 1 '#f6f1e6', 2 '#ebe1cc', 3 '#dccdb0')
unset colorbox
set tics front
set table $C
set contour base; unset surface; set cntrparam linear; set cntrparam levels incremental -2,0.5,3
splot grid(P, '-6,6,-1.5,6') using 1:2:(zf($3)) with lines notitle
unset table; unset contour; set surface
unset key
plot grid(P, '-6,6,-1.5,6') using 1:2:(zf($3)) with image notitle, \
     $C using 1:2 with lines lc rgb '#8a7d68' lw 0.7 notitle, \
     tr('gd', 'x1,x2') with lines ls 1 title 'GD', \
     tr('ema', 'x1,x2') with lines ls 3 title 'EMA momentum', \
     tr('polyak', 'x1,x2') with lines ls 5 lw 4 title 'Polyak heavy ball', \
     tr('torch', 'x1,x2') with lines ls 2 dt 2 title 'torch SGD momentum', \
     '+' using (5):(5) every ::0::0 with points pt 6 ps 1.6 lc rgb '#000000' notitle, \
     '+' using (0):(0) every ::0::0 with points pt 3 ps 2 lw 2 lc rgb '#000000' notitle
unset multiplot
