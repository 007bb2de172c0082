/* Comparing two result files of the same suite, for a CI gate: per
 * configuration (problem, optimizer, schedule) present in both, the ratio
 * of expected running times NEW / BASE to a relative target with a
 * bootstrap confidence interval, and a one-sided Wilcoxon signed-rank test
 * of final f - f* over seeds matched by seed. A configuration is "worse"
 * when NEW is significantly worse on the chosen metric after Holm's
 * correction over all configurations compared (so a suite of many
 * configurations does not cry wolf at the level alpha of one test). */
#ifndef DS_COMPARE_H
#define DS_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "../core/error.h"
#include "../engine/run.h"

typedef enum ds_cmp_metric { DS_CMP_GAP = 0, DS_CMP_ERT } ds_cmp_metric;

typedef struct ds_compare_opts {
    ds_cmp_metric metric;
    double alpha;       /**< family-wise level; default 0.05 */
    double target;      /**< relative target of the ERT; default 1e-6 */
    size_t resamples;   /**< bootstrap resamples; default 2000 */
    uint64_t seed;      /**< of the bootstrap's generator; default 1 */
} ds_compare_opts;

void ds_compare_defaults(ds_compare_opts *o);

typedef enum ds_cmp_verdict { DS_CMP_SAME = 0, DS_CMP_WORSE, DS_CMP_BETTER } ds_cmp_verdict;

typedef struct ds_compare_row {
    const char *problem, *optimizer, *schedule;  /**< point into NEW's results */
    size_t runs_new, runs_base, pairs;           /**< pairs: seeds present in both */
    double ert_new, ert_base;                    /**< epochs to the target (inf: never) */
    double ratio, ratio_lo, ratio_hi;            /**< ERT NEW / BASE and its bootstrap interval */
    double w_plus;                               /**< signed-rank statistic of gap NEW - BASE */
    double p_worse, p_better;                    /**< one-sided p-values of the signed-rank test */
    ds_cmp_verdict verdict;                      /**< after Holm's correction, on the chosen metric */
} ds_compare_row;

/* One-sided Wilcoxon signed-rank test of the differences d[0..n): zeros
 * dropped, ties given their mean rank. W+ is the sum of the ranks of the
 * positive differences; *p_greater = P(W+ >= observed) and *p_less =
 * P(W+ <= observed) under the symmetric null. Exact (by counting the 2^m
 * sign patterns) when there are no ties and m <= 60; otherwise the normal
 * approximation with the tie correction and a continuity correction.
 * With no non-zero difference both p-values are 1. */
void ds_wilcoxon(const double *d, size_t n, double *w_plus, double *p_greater, double *p_less);

/* Compare NEW with BASE. rows is malloc'd (free with free()); *worse
 * counts the configurations judged worse. */
int ds_compare(const ds_result *new_res, size_t n_new, const ds_result *base, size_t n_base,
               const ds_compare_opts *o, ds_compare_row **rows, size_t *nrows, size_t *worse, ds_err *err);

#endif
