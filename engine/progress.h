/* Progress of one long run on a stream (stderr for `descent run`): an
 * observer. Nothing is printed for the first `delay` seconds, so short runs
 * stay silent; then a line redrawn in place every `every` seconds when the
 * stream is a terminal, or a plain line every `every` seconds otherwise
 * (a log file stays readable), and a closing line. The clock is a
 * parameter so that tests can drive it. */
#ifndef DS_RUN_PROGRESS_H
#define DS_RUN_PROGRESS_H

#include <stdio.h>

#include "../core/observer.h"

typedef struct ds_run_progress {
    FILE *out;               /**< NULL: silent */
    int tty;                 /**< redraw one line in place */
    const char *label;       /**< what the line is about, e.g. "seed 1" */
    double delay;            /**< seconds before the first line; default 2 */
    double every;            /**< seconds between lines; default 0.5 on a terminal, 10 otherwise */
    double (*clock)(void);   /**< seconds; default a monotonic clock */
    /* state */
    long max_iters, t;
    double t0, last, gap;    /**< start, last line, f - f* (or f) at the last exact observation */
    int gap_is_f, printed;
} ds_run_progress;

void ds_run_progress_init(ds_run_progress *pr, FILE *out, int tty, const char *label);
ds_observer ds_run_progress_observer(ds_run_progress *pr);

#endif
