/* Measurements for `descent perf`: the machine's read bandwidth and the
 * costs of gradients and optimizer steps, as medians of repeated timings
 * taken side by side in one process. */
#ifndef DS_PERF_H
#define DS_PERF_H

#include <stddef.h>

/* Read bandwidth in bytes per second over `bytes` of doubles: the
 * fastest of three readers (perf.c), each the median of reps passes. */
double ds_perf_read_bandwidth(size_t bytes, int reps);

/* Median seconds of one full f+gradient evaluation of the problem spec,
 * of f alone (one read of the data with the margins and the losses but no
 * gradient work), and of one read of a buffer the size of its data matrix
 * by the fastest of ds_perf_read_bandwidth's readers (its limit), the
 * three timed alternately so that a drift of the machine hits them alike,
 * each after a read of 256 MiB of other data, so that none finds its data
 * in cache. */
int ds_perf_gradient(const char *spec, int reps, double *seconds, double *f_seconds, double *limit_seconds,
                     double *matrix_bytes, char *msg, size_t msgsize);

/* Building an instance (data, L, mu, x*, f*) against one full f+gradient
 * of it: medians over reps fresh builds of the spec, the build in CPU
 * seconds of the calling thread and in wall seconds. */
typedef struct {
    double cpu, wall, step;
} ds_perf_setup_time;
int ds_perf_setup(const char *spec, int reps, ds_perf_setup_time *t, char *msg, size_t msgsize);

/* Median seconds of one step of an optimizer (gradient given, fixed) on a
 * diagonal quadratic of dimension dim. */
int ds_perf_step(const char *optimizer, size_t dim, int reps, double *seconds, char *msg,
                 size_t msgsize);

/* Seconds per step of a whole run (gradient and update, recording
 * excluded) of `steps` steps: the run loop as users run it. */
int ds_perf_run(const char *problem, const char *optimizer, long steps, double *seconds, char *msg,
                size_t msgsize);

double ds_perf_now(void);

#endif
