# Every registered learning-rate schedule over 100 epochs (one step an
# epoch, base lr 0.1), as the runner applied it: the lr column of real runs.
# Legends give each schedule's canonical spec. Data: the sched runs of
# suites/figures.ini, one optimizer section sched_NAME per schedule.
load 'plots/style.gp'
eval term(7, 5.6, 1200, 950)
set output out('schedules')
tr(s) = runs('sched/sched_'.s, '--cols iter,lr')
spec(s) = system(sprintf("%s export %s --runs sched/sched_%s --cols iter | awk 'NR == 1 { print $9; exit }'", D, H, s))

set multiplot layout 2,2 title 'Learning-rate schedules over 100 epochs (one step an epoch, base lr 0.1)' font tf
set xlabel 'epoch t'; set ylabel 'learning rate lr_t'
set xrange [0:100]; set yrange [0:0.17]; set ytics 0, 0.02, 0.1
set key at graph 0.99, 0.99 right top width -4 font kf samplen 2

set title 'Decays'
G = 'constant step multistep exponential cosine polynomial robbins_monro'
plot for [i=1:words(G)] tr(word(G, i)) using 1:2 with steps ls i title spec(word(G, i)) noenhanced

set title 'Warm-up, then decay'
G = 'linear warmup_cosine inverse_sqrt wsd onecycle'
plot for [i=1:words(G)] tr(word(G, i)) using 1:2 with steps ls i title spec(word(G, i)) noenhanced

set title 'Cycles and restarts'
G = 'cyclic cosine_restarts'
plot for [i=1:words(G)] tr(word(G, i)) using 1:2 with steps ls i title spec(word(G, i)) noenhanced

set title 'The range test sweep (log scale; it ignores the base lr)'
set logscale y; set format y logfmt; set yrange [5e-5:2]; set ytics auto
set key at graph 0.02, 0.99 left top
plot tr('lr_range') using 1:2 with steps ls 1 title spec('lr_range') noenhanced
unset multiplot
