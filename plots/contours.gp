# The optimizer race on four 2-D landscapes: gradient steps, momentum,
# RMSProp and Adam, every iterate over contours of log10 f (f* = 0 on all
# four). Data: the race_* runs of suites/figures.ini.
load 'plots/style.gp'
eval term(7, 6.2, 1200, 1060)
set output out('contours')

grid(p, box) = sprintf('< %s grid --problem "%s" --box %s --n 160', D, p, box)
path(tag, o) = runs(sprintf('race_%s/%s', tag, o), '--cols x1,x2')
zf(z) = log10(z + 1e-6)

set view map
unset logscale
set palette defined (0 '#ffffff', 1 '#f6f1e6', 2 '#ebe1cc', 3 '#dccdb0')
unset colorbox
set cntrparam linear
set tics front
set key noopaque nobox


set multiplot \
    title "The optimizer race: paths over contours of log_{10} f (one level every half decade)" font tf

# ---- Rosenbrock
set size 0.5, 0.445; set origin 0, 0.50
P = 'rosenbrock'; B = '-2,2,-1,3'
set xrange [-2:2]; set yrange [-1:3]
set table $C
set contour base; unset surface; set cntrparam levels incremental -1,0.5,4
splot grid(P, B) using 1:2:(zf($3)) with lines notitle
unset table; unset contour; set surface
set xlabel 'x_1'; set ylabel 'x_2'
set title "Rosenbrock 100(x_2-x_1^2)^2+(1-x_1)^2 from (-1.5, 2), 3000 steps\nlr: GD and momentum 0.0008, RMSProp 0.01, Adam 0.01"
unset key
plot grid(P, B) using 1:2:(zf($3)) with image notitle, \
     $C using 1:2 with lines lc rgb '#8a7d68' lw 0.7 notitle, \
     path('rosenbrock', 'rosen_sgd') using 1:2 with lines ls 1 notitle, \
     path('rosenbrock', 'rosen_mom') using 1:2 with lines ls 2 notitle, \
     path('rosenbrock', 'race_rmsprop') using 1:2 with lines ls 3 lw 4.5 notitle, \
     path('rosenbrock', 'adam_0.01') using 1:2 with lines ls 4 notitle, \
     '+' using (-1.5):(2) every ::0::0 with points pt 6 ps 1.6 lc rgb '#000000' notitle, \
     '+' using (1):(1) every ::0::0 with points pt 3 ps 2 lw 2 lc rgb '#000000' notitle

# ---- Beale
set origin 0.5, 0.50
P = 'beale'; B = '-0.5,4,-1,2'
set xrange [-0.5:4]; set yrange [-1:2]
set table $C
set contour base; unset surface; set cntrparam levels incremental -1,0.5,4
splot grid(P, B) using 1:2:(zf($3)) with lines notitle
unset table; unset contour; set surface
set title "Beale (Moré et al. 1981, #5) from (1, 1), 1000 steps\nlr 0.01 for all four"
plot grid(P, B) using 1:2:(zf($3)) with image notitle, \
     $C using 1:2 with lines lc rgb '#8a7d68' lw 0.7 notitle, \
     path('beale', 'race_sgd') using 1:2 with lines ls 1 notitle, \
     path('beale', 'race_mom') using 1:2 with lines ls 2 notitle, \
     path('beale', 'race_rmsprop') using 1:2 with lines ls 3 lw 4.5 notitle, \
     path('beale', 'adam_0.01') using 1:2 with lines ls 4 notitle, \
     '+' using (1):(1) every ::0::0 with points pt 6 ps 1.6 lc rgb '#000000' notitle, \
     '+' using (3):(0.5) every ::0::0 with points pt 3 ps 2 lw 2 lc rgb '#000000' notitle

# ---- Himmelblau
set origin 0, 0.055
P = 'himmelblau'; B = '-5,5,-5,5'
set xrange [-5:5]; set yrange [-5:5]
set table $C
set contour base; unset surface; set cntrparam levels incremental -1,0.5,3
splot grid(P, B) using 1:2:(zf($3)) with lines notitle
unset table; unset contour; set surface
set title "Himmelblau (x_1^2+x_2-11)^2+(x_1+x_2^2-7)^2 from (0, 0), 1000 steps\nlr 0.01 for all four; its four minima marked"
plot grid(P, B) using 1:2:(zf($3)) with image notitle, \
     $C using 1:2 with lines lc rgb '#8a7d68' lw 0.7 notitle, \
     path('himmelblau', 'race_sgd') using 1:2 with lines ls 1 notitle, \
     path('himmelblau', 'race_mom') using 1:2 with lines ls 2 notitle, \
     path('himmelblau', 'race_rmsprop') using 1:2 with lines ls 3 lw 4.5 notitle, \
     path('himmelblau', 'adam_0.01') using 1:2 with lines ls 4 notitle, \
     '+' using (0):(0) every ::0::0 with points pt 6 ps 1.6 lc rgb '#000000' notitle, \
     '-' using 1:2 with points pt 3 ps 2 lw 2 lc rgb '#000000' notitle
3 2
-2.805118 3.131313
-3.779310 -3.283186
3.584428 -1.848127
e

# ---- the elongated quadratic
set origin 0.5, 0.055
P = 'quadratic:dim=2,rotate=0,L=20,mu=0.2,x0=5;5'; B = '-6,6,-6,6'
set xrange [-6:6]; set yrange [-6:6]
set table $C
set contour base; unset surface; set cntrparam levels incremental -2,0.5,3
splot grid(P, B) using 1:2:(zf($3)) with lines notitle
unset table; unset contour; set surface
set title "Elongated quadratic 10x_1^2 + 0.1x_2^2 (L = 20, {/Symbol m} = 0.2)\nfrom (5, 5), 300 steps, lr 0.04 for all four"
plot grid(P, B) using 1:2:(zf($3)) with image notitle, \
     $C using 1:2 with lines lc rgb '#8a7d68' lw 0.7 notitle, \
     path('elongated', 'elong_sgd') using 1:2 with lines ls 1 notitle, \
     path('elongated', 'elong_mom') using 1:2 with lines ls 2 notitle, \
     path('elongated', 'elong_rmsprop') using 1:2 with lines ls 3 lw 4.5 notitle, \
     path('elongated', 'elong_adam') using 1:2 with lines ls 4 notitle, \
     '+' using (5):(5) every ::0::0 with points pt 6 ps 1.6 lc rgb '#000000' notitle, \
     '+' using (0):(0) every ::0::0 with points pt 3 ps 2 lw 2 lc rgb '#000000' notitle

# the key for all four panels, in a strip of its own below them
set origin 0, 0; set size 1, 0.06
unset border; unset tics; unset xlabel; unset ylabel; unset title; unset grid
set xrange [0:1]; set yrange [0:1]
set key center center horizontal maxrows 2 samplen 3 width 2 font kf
plot NaN with lines ls 1 title 'gradient steps (sgd, full gradient)', \
     NaN with lines ls 2 title 'momentum 0.9 (torch SGD)', \
     NaN with lines ls 3 lw 4.5 title 'RMSProp ({/Symbol a} = 0.99)', \
     NaN with lines ls 4 title 'Adam ({/Symbol b} = 0.9, 0.999)', \
     NaN with points pt 6 ps 1.6 lc rgb '#000000' title 'start', \
     NaN with points pt 3 ps 2 lw 2 lc rgb '#000000' title 'minimum'
unset multiplot
