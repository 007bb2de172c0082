# How the costs grow with the work: seconds per full gradient and set-up
# seconds against the data's size (non-zeros for CSR, n d for dense), and
# the time of a suite against the number of runs sharing one instance.
# Data: results/scaling_perf.dat, written by `make perf` (report/scaling.c).
load 'plots/style.gp'
eval term(7, 3.2, 1200, 540)
set output out('scaling_perf')
F = 'results/scaling_perf.dat'

set multiplot layout 1,2 title 'Scaling: cost against work (make perf)' font tf
set logscale xy; set format x logfmt; set format y logfmt
set key top left font kf
set title 'Gradient and set-up against the data size'
set xlabel 'non-zeros (CSR) or n d (dense)'; set ylabel 'seconds'
plot F index 0 using 1:3 with linespoints ls 1 title 'gradient, CSR', \
     F index 1 using 1:3 with linespoints ls 2 title 'gradient, dense', \
     F index 0 using 1:2 with linespoints ls 3 title 'set-up, CSR', \
     F index 1 using 1:2 with linespoints ls 4 title 'set-up, dense'
set title 'A suite against the runs sharing one instance'
set xlabel 'runs (lstsq n = 20000, d = 200, 5 steps each, one thread)'; set ylabel 'suite seconds'
unset logscale y; set format y '%g'; set yrange [0:*]
plot F index 2 using 1:2 with linespoints ls 1 title 'one shared instance'
unset multiplot
