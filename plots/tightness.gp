# Theory tightness: f(x_N) - f* divided by the theorem's bound at N, against
# the horizon N. On their worst-case instances the bounds are attained
# (ratio 1); on a generic quadratic the smooth-convex bound is slack.
#   GD, lr 1/L:        L R^2/(4N+2)              (Drori & Teboulle 2014)
#   OGM:               L R^2/(2 theta_N^2)       (Kim & Fessler 2016)
#   AGD, t/(t+3):      2 L R^2/((N+2)(N+3))
# L and R are read from each run. Data: the tight_* runs of suites/figures.ini,
# 200 steps recorded at every step, each read at its horizon N: the N= of its
# problem or optimizer (both on huber_worst with OGM), else every N drawn.
load 'plots/style.gp'
HZ = '1 2 3 5 7 10 15 20 30 50 70 100 150 200'
atN = "awk -v hz='".HZ."' 'BEGIN { split(hz, h, \" \"); for (i in h) all[h[i]] = 1 } " . \
      "function N(s) { return match(s, /(^|[:,])N=[0-9]+/) ? substr(s, RSTART + (RSTART > 1) + 2, RLENGTH - (RSTART > 1) - 2) : \"\" } " . \
      "/^# run/ { p = N($5); o = N($7); n = p != \"\" ? p : o; ok = p == \"\" || o == \"\" || p == o; next } " . \
      "/^#/ || NF == 0 { next } ok && (n != \"\" ? $1 == n : $1 in all)'"
pts(m) = runs('tight_'.m, '--cols iter,f_gap,L,R | '.atN.' | sort -g')
# theta_0 = 1, theta_t = (1 + sqrt(1 + 4 theta_{t-1}^2))/2; TH[t+1] = theta_t
array TH[1001]
TH[1] = 1.0
do for [i=2:1001] { TH[i] = (1 + sqrt(1 + 4*TH[i-1]**2))/2 }
thN(n) = (1 + sqrt(1 + 8*TH[int(n)]**2))/2   # the last step's "8" formula
bgd(N, L, R) = L*R**2/(4*N + 2)
bogm(N, L, R) = L*R**2/(2*thN(N)**2)
bt3(N, L, R) = 2*L*R**2/((N + 2)*(N + 3))

eval term(7, 3.4, 1200, 580)
set output out('tightness')
set multiplot layout 1,2 title 'Theory tightness: measured f(x_N) - f* over the theorem bound at the horizon N' font tf
set xlabel 'horizon N (steps)'
set logscale x; set format x logfmt
set xrange [0.8:250]

set title 'The ratio: 1 on the worst-case instances'
set ylabel 'f(x_N) - f*  /  bound(N)'
set yrange [0:1.15]
set key at graph 0.98, 0.5 right center width -2 font kf
plot 1 with lines ls 20 notitle, \
     pts('gd') using 1:($2/bgd($1, $3, $4)) with linespoints ls 1 ps 1.6 title 'GD on huber\_worst (threshold gd)', \
     pts('ogmh') using 1:($2/bogm($1, $3, $4)) with linespoints ls 2 ps 1.2 title 'OGM on huber\_worst (threshold ogm)', \
     pts('ogmq') using 1:($2/bogm($1, $3, $4)) with linespoints ls 6 pt 4 ps 1.0 title 'OGM on L x^2/2', \
     pts('t3') using 1:($2/bt3($1, $3, $4)) with linespoints ls 5 pt 2 ps 0.9 title 'AGD t/(t+3) on huber\_worst (threshold t3)', \
     pts('gdq') using 1:($2/bgd($1, $3, $4)) with linespoints ls 8 title 'GD, quadratic dim 100, {/Symbol k} = 1000'

set title 'Distance to tightness |ratio - 1| (0 drawn at 10^{-17})'
set ylabel '| f(x_N) - f*  /  bound(N) - 1 |'
set logscale y; set format y logfmt
set yrange [1e-17:10]
dev(r) = abs(r - 1) > 1e-17 ? abs(r - 1) : 1e-17
set key at graph 0.02, 0.98 left top width -2 font kf
plot pts('gd') using 1:(dev($2/bgd($1, $3, $4))) with linespoints ls 1 ps 1.6 title 'GD, huber\_worst', \
     pts('ogmh') using 1:(dev($2/bogm($1, $3, $4))) with linespoints ls 2 ps 1.2 title 'OGM, huber\_worst', \
     pts('ogmq') using 1:(dev($2/bogm($1, $3, $4))) with linespoints ls 6 pt 4 title 'OGM, L x^2/2', \
     pts('t3') using 1:(dev($2/bt3($1, $3, $4))) with linespoints ls 5 pt 2 title 'AGD t/(t+3), huber\_worst', \
     pts('gdq') using 1:(dev($2/bgd($1, $3, $4))) with linespoints ls 8 title 'GD, quadratic'
unset multiplot
