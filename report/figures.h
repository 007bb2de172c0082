/* The figures of a suite ([figure NAME] sections, suites/README.md): each
 * is a gnuplot script run three times, for DIR/NAME.png, DIR/NAME.pdf and
 * DIR/NAME.svg, reading the suite's result file through `descent export`. */
#ifndef DS_FIGURES_H
#define DS_FIGURES_H

#include <stdint.h>

#include "../core/error.h"
#include "../harness/suite.h"

typedef struct ds_figures_opts {
    const char *descent;  /**< the program the scripts call (D in plots/style.gp) */
    const char *h5;       /**< the suite's result file (H) */
    const char *dir;      /**< where NAME.png, .pdf and .svg go (O); NULL = plots */
} ds_figures_opts;

/* Draw one figure: `gnuplot -e "fmt='png'; D=...; H=...; O=..." SCRIPT`,
 * then fmt='pdf' and fmt='svg', each of which must write DIR/NAME.<fmt>.
 * The PDF's creation date is then set to SOURCE_DATE_EPOCH, or else to the
 * time of the last commit of the script (0 outside git), and the SVG's
 * Symbol-font text made Unicode (ds_svg_symbols), so that drawing an
 * unchanged figure again leaves the three files byte-identical (the SVG
 * carries no date). DS_ENOTSUP when gnuplot is not installed, DS_EIO when
 * it fails or writes no file. */
int ds_figure_draw(const ds_suite_figure *f, const ds_figures_opts *o, ds_err *err);

/* gnuplot's svg terminal writes text in the Symbol font ({/Symbol m}) as
 * the font's own one-byte codes (\243 for <=), which is not UTF-8: a
 * browser refuses the whole file. *out (malloc'd, *outn bytes plus a NUL)
 * is in[0..n) with each <tspan font-family="Symbol"> stripped of its font
 * and its text turned into the Unicode characters the codes stand for
 * (Adobe's Symbol encoding: m -> mu, \243 -> <=). DS_EINVAL naming the
 * first code with no Unicode equivalent, or when the result is not UTF-8. */
int ds_svg_symbols(const char *in, size_t n, char **out, size_t *outn, ds_err *err);

/* DS_EINVAL naming the first run the figure reads that h5 does not hold
 * (a shard, a file of another suite): a figure is drawn from all its runs
 * or not at all. */
int ds_figure_check_runs(const ds_suite *s, const ds_suite_figure *f, const char *h5, ds_err *err);

/* 1 when a `gnuplot` is on the PATH. */
int ds_figures_have_gnuplot(void);

#endif
