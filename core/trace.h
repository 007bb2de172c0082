/* The recorded trajectory of one run, as the recorder (engine/record.c) and
 * the theory tracker (theory/track.c) fill it. In core so that observers
 * below the engine can write their columns. */
#ifndef DS_TRACE_H
#define DS_TRACE_H

#include <stddef.h>

/* Iteration 0 first, then the sampled iterations, the last one always.
 * lr[k] is the rate used for the step from iter[k] to iter[k]+1 (NaN at the
 * last record, where no step follows). */
typedef struct ds_trace {
    size_t n, cap, xdim;    /**< records, capacity, coordinates kept per record (dim <= 3) */
    long *iter;
    double *f, *f_gap, *grad_norm, *lr, *epochs;
    double *dist;           /**< ||x - x*|| (NaN when x* is unknown) */
    long *grad_evals;
    double *x;              /**< n x xdim */
    /* Appended; allocated only when the theory tracker observes the run,
     * else NULL. At the record of iteration t: */
    double *grad2_min;      /**< min_{0<=j<=t} ||grad f(x_j)||^2 */
    double *grad2_mean;     /**< (1/t) sum_{j<t} ||grad f(x_j)||^2 (NaN at t = 0) */
    double *f_min;          /**< min_{0<=j<=t} f(x_j) */
    double *f_avg;          /**< f(xbar_t), xbar_t = (1/t) sum_{j<t} x_j (NaN at t = 0) */
    double *regret;         /**< sum_{j<t} (f(x_j) - f*) (NaN when f* is unknown) */
    double *gsum;           /**< sum_i sqrt(sum_{j<t} g_{j,i}^2), the true gradients */
    double *dinf;           /**< max_{j<t} ||x_j - x*||_inf (NaN at t = 0 or when x* is unknown) */
} ds_trace;

/* The recorder's columns for cap records of xdim coordinates; n = 0.
 * Leaves the tracking columns alone. Returns 0, or -1 out of memory (what
 * was allocated stays, for ds_trace_free). */
int ds_trace_alloc(ds_trace *tr, size_t cap, size_t xdim);
/* The tracking columns, tr->cap each. Returns 0, or -1 out of memory. */
int ds_trace_alloc_track(ds_trace *tr);
/* Frees every column and zeroes tr; accepts a zeroed trace. */
void ds_trace_free(ds_trace *tr);

#endif
