/* The figures of a suite ([figure NAME] sections, suites/README.md): each
 * is a gnuplot script run twice, for DIR/NAME.png and DIR/NAME.pdf, reading
 * the suite's result file through `descent export`. */
#ifndef DS_FIGURES_H
#define DS_FIGURES_H

#include <stdint.h>

#include "../core/error.h"
#include "../harness/suite.h"

typedef struct ds_figures_opts {
    const char *descent;  /**< the program the scripts call (D in plots/style.gp) */
    const char *h5;       /**< the suite's result file (H) */
    const char *dir;      /**< where NAME.png and NAME.pdf go (O); NULL = plots */
} ds_figures_opts;

/* Draw one figure: `gnuplot -e "fmt='png'; D=...; H=...; O=..." SCRIPT`,
 * then fmt='pdf', each of which must write DIR/NAME.<fmt>. The PDF's
 * creation date is then set to SOURCE_DATE_EPOCH, or else to the time of
 * the last commit of the script (0 outside git), so that drawing an
 * unchanged figure again leaves both files byte-identical. DS_ENOTSUP when
 * gnuplot is not installed, DS_EIO when it fails or writes no file. */
int ds_figure_draw(const ds_suite_figure *f, const ds_figures_opts *o, ds_err *err);

/* DS_EINVAL naming the first run the figure reads that h5 does not hold
 * (a shard, a file of another suite): a figure is drawn from all its runs
 * or not at all. */
int ds_figure_check_runs(const ds_suite *s, const ds_suite_figure *f, const char *h5, ds_err *err);

/* 1 when a `gnuplot` is on the PATH. */
int ds_figures_have_gnuplot(void);

#endif
