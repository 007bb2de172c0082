# The course's trainer (results/course.md, row 6): least squares on
# data/course_trainer.csv (N = 1000, d = 5, MSE), batch 64 (16 batches an
# epoch), EMA momentum 0.9, lr 0.1, clipping to norm 5, 50 epochs = 800
# steps, cosine to eta_min = 1e-5 over the seed's (N // 64) * 50 = 750
# steps and over the run's 800. Past T_max the cosine climbs back.
# Median and 10-90% band over 3 sampling seeds.
# Data: the trainer runs of suites/figures.ini.
load 'plots/style.gp'
eval term(7, 3.4, 1200, 580)
set output out('trainer')
band(T, cols) = runs('trainer/trainer_'.T, '--band --cols '.cols)

# the last step's rate (799) and the final median gap (record 800), per T_max
stats band('750', 'iter,lr') using ($1 == 799 ? $2 : NaN) nooutput; lr750 = STATS_max
stats band('800', 'iter,lr') using ($1 == 799 ? $2 : NaN) nooutput; lr800 = STATS_max
stats band('750', 'iter,f_gap') using ($1 == 800 ? $2 : NaN) nooutput; g750 = STATS_max
stats band('800', 'iter,f_gap') using ($1 == 800 ? $2 : NaN) nooutput; g800 = STATS_max
e10(v) = sprintf('%.2f{/Symbol \327}10^{%d}', v / 10**floor(log10(v)), floor(log10(v)))

set multiplot layout 1,2 title "The course's trainer: least squares N = 1000, d = 5, batch 64, EMA momentum 0.9, lr 0.1, clip 5, 50 epochs (800 steps), cosine to 10^{-5}" font tf
set xlabel 'step t'
set xrange [0:800]
set logscale y; set format y logfmt
set arrow 1 from 750, graph 0 to 750, graph 1 nohead ls 21

set title 'f - f* (f* = 0.2456, the noise variance): median of 3 seeds, 10-90% band'
set ylabel 'f(x_t) - f*'
set yrange [1e-7:10]
set key at graph 0.98, 0.98 right top width -2 font kf
plot band('750', 'iter,f_gap') using 1:3:4 with filledcurves ls 2 notitle, \
     band('800', 'iter,f_gap') using 1:3:4 with filledcurves ls 1 notitle, \
     band('750', 'iter,f_gap') using 1:2 with lines ls 2 title sprintf("T_{max} = 750 (the seed's): ends at %s", e10(g750)), \
     band('800', 'iter,f_gap') using 1:2 with lines ls 1 title sprintf('T_{max} = 800 (the run): ends at %s', e10(g800))

set title 'The rate the runner applied at each step'
set ylabel 'lr'
set yrange [5e-6:0.3]
set key at graph 0.02, 0.02 left bottom width -2 font kf
set label 1 'T_{max} = 750' at 745, 0.15 right font lf
plot band('750', 'iter,lr') using 1:2 with lines ls 2 title sprintf('T_{max} = 750: back up to %s at step 799', e10(lr750)), \
     band('800', 'iter,lr') using 1:2 with lines ls 1 dt 2 title sprintf('T_{max} = 800: %s at step 799', e10(lr800)), \
     1e-5 with lines ls 20 title '{/Symbol h}_{min} = 10^{-5}'
unset multiplot
