/* The theory tracker: an observer that follows the running quantities the
 * theorems bound (theory/theorem.h's ds_theory_trace) over every iteration
 * and writes them at each record into a ds_trace's tracking columns
 * (grad2_min, grad2_mean, f_min, f_avg, regret, gsum, dinf). It asks the
 * engine to observe the true f and gradient at every iteration, stochastic
 * runs included (uncharged), so the sums run over all iterations. */
#ifndef DS_TRACK_H
#define DS_TRACK_H

#include <stddef.h>

#include "../core/observer.h"
#include "../core/trace.h"

typedef struct ds_tracker {
    ds_trace *trace;
    size_t k;                          /**< records written */
    double *xsum, *xtmp, *gtmp, *gsq;  /**< sum_{j<t} x_j; scratch; scratch; sum_{j<t} g_j^2 per coordinate */
    double g2min, g2sum, fmin, regret, dinf;
} ds_tracker;

/* An observer over tk (caller's storage) writing into tr. Attach it after
 * the recorder of the same trace, which sets the trace's capacity. */
ds_observer ds_tracker_observer(ds_tracker *tk, ds_trace *tr);

#endif
