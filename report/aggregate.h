/* Aggregation over seeds and across problems: quantile bands of f - f* on
 * common iteration and epoch grids, time to relative targets, expected
 * running time (ERT, as COCO reports it), Dolan-More performance profiles,
 * ranks and log-log rate fits. Pure functions of results; no I/O. */
#ifndef DS_AGGREGATE_H
#define DS_AGGREGATE_H

#include <stddef.h>

#include "../engine/run.h"

#define DS_NTARGETS 4
extern const double ds_targets[DS_NTARGETS];  /**< relative gaps 1e-2, 1e-4, 1e-6, 1e-8 */

/* Runs of one (problem, optimizer configuration, schedule). */
typedef struct ds_group {
    const char *problem, *optimizer, *schedule;  /**< point into the results */
    size_t n;
    size_t *idx;                                 /**< indices into the results, by seed */
} ds_group;

/* Groups sorted by problem, optimizer, schedule (byte order). */
int ds_group_results(const ds_result *res, size_t n, ds_group **out, size_t *ng);
void ds_groups_free(ds_group *g, size_t ng);

/* Quantile q of sorted[0..n) with linear interpolation between order
 * statistics (Hyndman-Fan type 7, numpy's default); NaN when n == 0. */
double ds_quantile(const double *sorted, size_t n, double q);

/* Sort ascending; NaN counts as +inf (a diverged run is the worst). */
void ds_sort_worst_last(double *v, size_t n);

enum { DS_AXIS_ITER = 0, DS_AXIS_EPOCH = 1 };

/* f - f* of a trace at position x on an axis: log-linear interpolation
 * between records (linear when a value is not positive), the last value
 * carried forward after the run stopped. */
double ds_trace_gap_at(const ds_trace *t, int axis, double x);

/* The first crossing of (f - f*) / (f0 - f*) <= eps, interpolated
 * log-linearly between the records around it: iterations (rounded up to
 * the whole step) and epochs at that iteration. 1 when reached. */
int ds_time_to_target(const ds_result *r, double eps, double *iters, double *epochs);

/* Relative gap of a run's final point; NaN when f* is unknown. */
double ds_final_rel_gap(const ds_result *r);

typedef struct ds_target_stats {
    size_t runs, success;
    double med_iters, med_epochs;  /**< medians over successful runs (NaN if none) */
    double ert_iters, ert_epochs;  /**< cost over all runs / successes (inf if none) */
} ds_target_stats;

/* Statistics of a group for one relative target. ERT (Hansen et al.,
 * COCO): the successful runs' cost up to the target plus the unsuccessful
 * runs' whole cost, divided by the number of successes. */
void ds_target_stats_of(const ds_result *res, const size_t *idx, size_t n, double eps, ds_target_stats *out);

/* Median and quantile bands of f - f* over a group on a common grid. */
typedef struct ds_band {
    size_t n;
    double *x, *q10, *q25, *med, *q75, *q90;
} ds_band;

/* The grid: 0, then ten points a decade (whole steps on the iteration
 * axis; from 0.01 on the epoch axis) up to the group's longest run, and
 * that end itself. */
int ds_band_of(const ds_result *res, const size_t *idx, size_t n, int axis, ds_band *out);
void ds_band_free(ds_band *b);

/* Dolan-More performance profile. cost[p * ns + s] is solver s's cost on
 * problem p (inf: not solved). rho[s * nt + k] receives the fraction of
 * problems on which s is within a factor tau[k] of the best solver. */
void ds_profile(const double *cost, size_t np, size_t ns, const double *tau, size_t nt, double *rho);

/* Ranks of ns solvers on each of np problems, smaller score better; ties
 * share their mean rank; avg[s] is the mean over problems where the score
 * is not NaN (NaN = not run). */
void ds_ranks(const double *score, size_t np, size_t ns, double *avg);

/* Least-squares slope and intercept of log y against log x over the
 * points where both are positive and finite; the count of points used. */
size_t ds_fit_loglog(const double *x, const double *y, size_t n, double *slope, double *intercept);

#endif
