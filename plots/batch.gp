# Batch size: full-batch GD, mini-batches and single-sample SGD on the
# course's linear regression (n = 500, d = 3, MSE loss), the same data set
# for all, 8 sampling seeds: f - f* against epochs and against steps.
# GD's record at step k counts the gradient at x_k (k + 1 epochs); the
# mini-batch records count the k batches used. Data: the batch runs of
# suites/figures.ini (the steps axis from seeds 8-15, recorded at log-spaced steps).
load 'plots/style.gp'
eval term(7, 3.4, 1200, 580)
set output out('batch')
band(ref, x) = runs(ref, sprintf('--band --cols %s,f_gap', x))
stats runs('batch/gd_0.1', '--last --cols L,mu') using 1:2 nooutput
bL = STATS_min_x; bmu = STATS_min_y

set multiplot layout 1,2 title sprintf("Least squares, n = 500, d = 3, f = (1/n)||Ax - b||^2 (L = %.3g, {/Symbol m} = %.3g): median over 8 seeds and 10-90%% band", bL, bmu) font tf
set logscale y; set format y logfmt
set ylabel 'f(x) - f*'
set yrange [1e-9:10]
set key at graph 0.98, 0.98 right top width -2 font kf

set title "Against epochs (passes over the data): small batches\nget there first, to the floor their noise allows"
set xlabel 'epochs'
set xrange [0:50]
plot for [i=1:4] band(word('batch/gd_0.1 batch/b128 batch_b32 batch_b1', i), 'epochs') using 1:3:4 with filledcurves ls word('1 6 2 3', i)+0 notitle, \
     band('batch/gd_0.1', 'epochs') using 1:2 with lines ls 1 title 'GD (batch 500), lr 0.1', \
     band('batch/b128', 'epochs') using 1:2 with lines ls 6 title 'batch 128, lr 0.05', \
     band('batch_b32', 'epochs') using 1:2 with lines ls 2 title 'batch 32, lr 0.05', \
     band('batch_b1', 'epochs') using 1:2 with lines ls 3 title 'SGD (batch 1), lr 0.01'

set title "Against steps: per step the full gradient wins;\nconstant-rate SGD stalls at its noise floor"
set xlabel 'steps'
set logscale x; set format x logfmt
set xrange [1:25000]
plot for [i=1:4] band(word('batch/gd_0.1 batch_log/b128 batch_log/b32 batch_log/b1', i), 'iter') using 1:3:4 with filledcurves ls word('1 6 2 3', i)+0 notitle, \
     band('batch/gd_0.1', 'iter') using 1:2 with lines ls 1 title 'GD (batch 500), lr 0.1', \
     band('batch_log/b128', 'iter') using 1:2 with lines ls 6 title 'batch 128, lr 0.05', \
     band('batch_log/b32', 'iter') using 1:2 with lines ls 2 title 'batch 32, lr 0.05', \
     band('batch_log/b1', 'iter') using 1:2 with lines ls 3 title 'SGD (batch 1), lr 0.01'
unset multiplot
