# Gradient accumulation (results/course.md, row 16): batch 8 x accum 4
# against batch 32, lr 0.1, 5 epochs, the same seed (the sample stream
# depends on the problem and seed only). On n = 512 (32 divides it) every
# accumulated step averages the same 32 samples as the large batch; on the
# course's N = 500 the epoch ends with a batch of 20, which accumulation
# splits as 8 + 8 + 4 and fills with 8 from the next epoch.
# Data: the accum_* runs of suites/figures.ini.
load 'plots/style.gp'
eval term(7, 3.4, 1200, 580)
set output out('accum')
tr(n, o) = runs(sprintf('accum_%s/acc_%s', n, o), '--cols iter,x1,x2,x3')
# max_i |x_i - y_i| per step between the two runs of one problem (steps both took)
diff(n) = sprintf("< %s export %s --runs accum_%s --cols iter,x1,x2,x3 | awk '/^# run/ { r++; next } /^#/ || NF == 0 { next } r == 1 { for (i = 2; i <= 4; i++) a[$1, i] = $i; next } ($1, 2) in a { m = 0; for (i = 2; i <= 4; i++) { d = $i - a[$1, i]; if (d < 0) d = -d; if (d > m) m = d } print $1, m }'", D, H, n)
Z = 1e-20   # exact zeros are drawn here
nz(v) = v > 0 ? v : Z
pz = fmt eq 'pdf' ? 0.5 : 1   # open-circle size

set multiplot layout 1,2 title "Gradient accumulation: SGD lr 0.1, batch 8 {/Symbol \327} accum 4 against batch 32, 5 epochs, same seed (least squares, d = 3, MSE)" font tf
set xlabel 'step t'

set title "n = 512 (32 divides it): the iterates x_t coincide"
set ylabel 'x_t (coordinates)'
set xrange [0:80]
set key at graph 0.98, 0.5 right center width -2 maxrows 6 font kf
plot tr('512', 'b32') using 1:2 with lines ls 1 title 'x_1, batch 32', \
     tr('512', 'b32') using 1:3 with lines ls 2 title 'x_2, batch 32', \
     tr('512', 'b32') using 1:4 with lines ls 3 title 'x_3, batch 32', \
     tr('512', 'b8x4') using 1:2 with points ls 1 pt 6 ps pz title 'x_1, 8 {/Symbol \327} 4', \
     tr('512', 'b8x4') using 1:3 with points ls 2 pt 6 ps pz title 'x_2, 8 {/Symbol \327} 4', \
     tr('512', 'b8x4') using 1:4 with points ls 3 pt 6 ps pz title 'x_3, 8 {/Symbol \327} 4'

set title "max_i |x_{t,i}(8 {/Symbol \327} 4) - x_{t,i}(32)|: rounding on n = 512;\non N = 500 they part at the first epoch boundary (step 16)"
set ylabel '|difference| (0 drawn at the bottom)'
set logscale y; set format y logfmt
set yrange [Z/3:1]
set ytics 1e-18, 100, 1
set ytics add ('0' Z)
set arrow 1 from 16, graph 0 to 16, graph 1 nohead ls 21
set key at graph 0.98, 0.5 right center width -2 font kf
plot 2.2e-16 with lines ls 20 title '2.2{/Symbol \327}10^{-16}', \
     diff('512') using 1:(nz($2)) with linespoints ls 1 title 'n = 512 (16 steps an epoch)', \
     diff('500') using 1:(nz($2)) with linespoints ls 2 title "N = 500, the course's data (last batch 20)"
unset multiplot
