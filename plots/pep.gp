# Exact worst cases of the fixed-step methods against the horizon N: the PEP
# value (`descent pep`, solid), the closed-form theorem where there is one
# (dashed) and the worst run measured on the class's hard instances (open
# markers), L = 1, R = 1. Data: results/fig_pep_*.txt from `make pep`
# (scripts/pep_report.sh), columns N, PEP value, theorem ("-" when none),
# worst measured run.
load 'plots/style.gp'
f(id) = sprintf('%s_pep_%s.txt', H, id)
eval term(7, 3.4, 1200, 580)
set output out('pep')
set datafile missing '-'
set multiplot layout 1,2 title 'Exact worst cases by performance estimation (DSDP), L = 1, R = 1' font tf
set xlabel 'horizon N (steps)'
set logscale xy; set format x logfmt; set format y logfmt
set xrange [0.8:40]

set title 'smooth convex: f(x_N) - f* (OGM-G: ||g(x_N)||^2, f(x_0) - f* <= 1/2)'
set ylabel 'worst case'
set key bottom left font kf
plot f('gd1') using 1:2 with linespoints ls 1 title 'gd, h = 1', \
     f('gd1') using 1:3 with lines ls 1 dt 2 notitle, \
     f('gd1') using 1:4 with points ls 1 pt 6 ps 1.4 notitle, \
     f('gd15') using 1:2 with linespoints ls 6 title 'gd, h = 1.5', \
     f('fista') using 1:2 with linespoints ls 5 title 'agd (FISTA)', \
     f('fista') using 1:3 with lines ls 5 dt 2 notitle, \
     f('t3') using 1:2 with linespoints ls 3 title 'agd t/(t+3)', \
     f('ogm') using 1:2 with linespoints ls 2 title 'ogm', \
     f('ogm') using 1:4 with points ls 2 pt 6 ps 1.4 notitle, \
     f('ogmg') using 1:2 with linespoints ls 4 title 'ogm\_g (grad^2)', \
     f('hb') using 1:2 with linespoints ls 8 title 'heavy ball, lr 1/L, momentum 1/2'

set title 'smooth strongly convex, μ = 0.1'
set key bottom left font kf
plot f('gdsc') using 1:2 with linespoints ls 1 title 'gd, lr 2/(L+μ): ||x_N - x*||^2', \
     f('gdsc') using 1:4 with points ls 1 pt 6 ps 1.4 notitle, \
     f('agdsc') using 1:2 with linespoints ls 5 title 'agd sc', \
     f('agdsc') using 1:3 with lines ls 5 dt 2 notitle, \
     f('hbsc') using 1:2 with linespoints ls 8 title 'heavy ball, Polyak', \
     f('tm') using 1:2 with linespoints ls 2 title 'triple momentum', \
     f('tm') using 1:3 with lines ls 2 dt 2 notitle, \
     f('item') using 1:2 with linespoints ls 4 title 'itm: ||z_N - x*||^2', \
     f('item') using 1:4 with points ls 4 pt 6 ps 1.4 notitle
unset multiplot
