# The one look of every descent figure: terminal, fonts, palette, lines.
# Load it first:  load 'plots/style.gp'  then  set output out('name').
# `descent figures` (and `descent bench`) runs each script three times,
# with fmt='png', 'pdf' and 'svg', D the program, H the suite's result file and O
# the output folder; run by hand from the repository root, a script writes
# plots/NAME.png from results/figures.h5.
if (!exists("fmt")) fmt = 'png'
if (!exists("D")) D = 'build/descent'
if (!exists("H")) H = 'results/figures.h5'
if (!exists("O")) O = 'plots'
# The SVG is the PNG in vector form: the same pixel size, font face and
# look, on white as the PNG is. pngcairo takes font sizes and line widths
# in points at 96 dpi, the svg terminal in pixels, so the SVG's are 4/3 of
# the PNG's. Its options are all given again whenever its size changes:
# the svg terminal, unlike cairo's, forgets them.
svgterm(w, h) = sprintf("set terminal svg enhanced size %d,%d fixed font 'DejaVu Sans,14.67' linewidth 1.6 " . \
                        "background rgb 'white'", w, h)
if (fmt eq 'pdf') {
    set terminal pdfcairo enhanced color size 6in,3.9in font 'DejaVu Sans,9' linewidth 1
} else {
    if (fmt eq 'svg') {
        eval svgterm(1000, 650)
    } else {
        set terminal pngcairo enhanced color size 1000,650 font 'DejaVu Sans,11' linewidth 1.2
    }
}
# A figure of its own size: eval term(WIDTH_IN, HEIGHT_IN, WIDTH_PX, HEIGHT_PX),
# inches for the PDF, pixels for the PNG and SVG.
term(wi, hi, w, h) = fmt eq 'pdf' ? sprintf('set terminal pdfcairo size %gin,%gin', wi, hi) : \
                     fmt eq 'svg' ? svgterm(w, h) : sprintf('set terminal pngcairo size %d,%d', w, h)
out(name) = sprintf('%s/%s.%s', O, name, fmt)
# fonts for keys (kf), figure titles (tf) and small labels (lf): the PDF
# is drawn at print size, so its fonts are smaller; the SVG's are the PNG's
# in pixels
kf = fmt eq 'pdf' ? ',7' : fmt eq 'svg' ? ',13.33' : ',10'
tf = fmt eq 'pdf' ? ',10' : fmt eq 'svg' ? ',16' : ',12'
lf = fmt eq 'pdf' ? ',7' : fmt eq 'svg' ? ',13.33' : ',10'
# The runs of suite sections REF = 'PROBLEM' or 'PROBLEM/OPTIMIZER' (the
# labels of suites/figures.ini), as columns: runs(REF, '--cols iter,f_gap')
runs(ref, opts) = sprintf('< %s export %s --runs %s %s', D, H, ref, opts)

# Okabe-Ito palette (colour-blind safe), one colour per optimizer role:
# 1 gd/sgd, 2 momentum, 3 rmsprop, 4 adam, 5 heavy ball/agd, 6 amsgrad/other,
# 7, 8 extra.
c1 = '#0072B2'; c2 = '#D55E00'; c3 = '#009E73'; c4 = '#CC79A7'
c5 = '#E69F00'; c6 = '#56B4E9'; c7 = '#000000'; c8 = '#999999'
set style line 1 lc rgb c1 lw 2 pt 7 ps 0.6
set style line 2 lc rgb c2 lw 2 pt 5 ps 0.6
set style line 3 lc rgb c3 lw 2 pt 9 ps 0.7
set style line 4 lc rgb c4 lw 2 pt 11 ps 0.7
set style line 5 lc rgb c5 lw 2 pt 13 ps 0.7
set style line 6 lc rgb c6 lw 2 pt 15 ps 0.7
set style line 7 lc rgb c7 lw 2 pt 3 ps 0.7
set style line 8 lc rgb c8 lw 2 pt 1 ps 0.7
# bounds and reference slopes: dashed
set style line 20 lc rgb '#333333' lw 1.5 dt 2
set style line 21 lc rgb '#777777' lw 1.5 dt 4
set style increment user

set grid back lc rgb '#dddddd' lw 1 dt 1
set border 3 lc rgb '#333333'
set tics nomirror out
set key opaque box lc rgb '#bbbbbb' samplen 2.5 spacing 1.1
set style fill transparent solid 0.18 noborder
set mxtics default
# log-axis tick labels as powers of ten
logfmt = '10^{%L}'
