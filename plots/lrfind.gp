# The learning-rate range test (descent lrfind, Smith 2017): loss after each
# step of an exponential rate sweep, its smoothed curve, and the two rates
# lrfind suggests. Data: `descent lrfind` itself, run here: its table (the
# numbered rows) and its printed suggestions.
load 'plots/style.gp'
eval term(7, 3.4, 1200, 580)
set output out('lrfind')
LF(p) = p eq 'q' ? 'quadratic:dim=10,kappa=10 --optimizer gd --start 1e-4 --end 10 --steps 100' \
                 : 'logreg:data=breast_cancer --optimizer sgd:batch=32 --start 1e-5 --end 100 --steps 200'
lrfind(p) = sprintf('%s lrfind --problem %s', D, LF(p))
dat(p) = sprintf("< %s | awk '$1 ~ /^[0-9]+$/ && NF == 4'", lrfind(p))
sugg(p, key) = real(system(sprintf("%s | grep '%s' | awk '{ print $NF }'", lrfind(p), key)))
steep(p) = sugg(p, 'steepest')
tenth(p) = sugg(p, 'smallest')
qL = 10.0

set multiplot layout 1,2 title 'The learning-rate range test: loss along an exponential rate sweep, and the rates lrfind suggests' font tf
set logscale x; set format x logfmt
set xlabel 'learning rate of the step'
set key at graph 0.02, 0.02 left bottom width -2 font kf

set title "GD on a rotated quadratic, dim 10, L = 10, {/Symbol m} = 1 (100 steps):\nthe loss lags the rate, its minimum lies past 2/L"
set logscale y; set format y logfmt
set ylabel 'f after the step'
set xrange [1e-4:10]; set yrange [1e-9:1e4]
s1 = steep('q'); s2 = tenth('q')
set arrow 1 from s1, graph 0 to s1, graph 1 nohead ls 3 lw 2
set arrow 2 from s2, graph 0 to s2, graph 1 nohead ls 4 lw 2
set arrow 3 from 1/qL, graph 0 to 1/qL, graph 1 nohead ls 21
set arrow 4 from 2/qL, graph 0 to 2/qL, graph 1 nohead ls 20
set label 3 '1/L' at 1/qL, graph 0.97 right offset -0.4,0 font lf
set label 4 '2/L' at 2/qL, graph 0.97 left offset 0.4,0 font lf
plot dat('q') using 2:3 with points ls 8 pt 7 ps 0.4 title 'loss', \
     '' using 2:4 with lines ls 1 title 'smoothed (EMA 0.98, bias-corrected)', \
     NaN with lines ls 3 lw 2 title sprintf('steepest descent: %.3g', s1), \
     NaN with lines ls 4 lw 2 title sprintf('min / 10: %.3g', s2)
unset arrow; unset label

set title 'SGD batch 32, logistic regression on breast cancer (200 steps)'
unset logscale y; set format y '%g'
set xrange [1e-5:100]; set yrange [0:1.2]
s1 = steep('l'); s2 = tenth('l')
set arrow 1 from s1, graph 0 to s1, graph 1 nohead ls 3 lw 2
set arrow 2 from s2, graph 0 to s2, graph 1 nohead ls 4 lw 2
set key at graph 0.02, 0.98 left top
plot dat('l') using 2:3 with points ls 8 pt 7 ps 0.4 title 'loss', \
     '' using 2:4 with lines ls 1 title 'smoothed (EMA 0.98, bias-corrected)', \
     NaN with lines ls 3 lw 2 title sprintf('steepest descent: %.3g', s1), \
     NaN with lines ls 4 lw 2 title sprintf('min / 10: %.3g', s2)
unset multiplot
