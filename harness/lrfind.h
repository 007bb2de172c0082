/* The learning-rate range test (Smith 2017, sec. 3.3; the fastai and
 * torch-lr-finder recipe): one run from the problem's start with the rate
 * growing exponentially (schedule lr_range), the loss after each step
 * smoothed by a bias-corrected exponential moving average, the sweep cut
 * where the smoothed loss exceeds div_factor times its best (divergence),
 * and two suggested rates read off the smoothed curve. */
#ifndef DS_LRFIND_H
#define DS_LRFIND_H

#include <stddef.h>
#include <stdint.h>

#include "../core/error.h"
#include "../core/spec.h"

typedef struct ds_lrfind_opts {
    double start;       /**< first rate; default 1e-8 */
    double end;         /**< last rate; default 10 */
    long steps;         /**< steps of the sweep; default 100 */
    double beta;        /**< EMA factor: avg = beta avg + (1 - beta) loss; default 0.98 (fastai) */
    double div_factor;  /**< divergence: smoothed > div_factor best; default 4 (fastai) */
    uint64_t seed;      /**< the run's seed (sample order, noise); default 0 */
} ds_lrfind_opts;

void ds_lrfind_defaults(ds_lrfind_opts *o);

typedef struct ds_lrfind_result {
    size_t n;           /**< points of the sweep kept, the one that stopped it included */
    double *lr;         /**< lr[k]: the rate of step k */
    double *loss;       /**< loss[k]: f after step k */
    double *smoothed;   /**< avg_k/(1 - beta^(k+1)), avg_k = beta avg_{k-1} + (1 - beta) loss[k] */
    int diverged;       /**< the sweep stopped: smoothed > div_factor best, or a non-finite loss */
    double best;        /**< smallest smoothed loss */
    /* Read on points [steps/10, n - 5) (fastai's window; all points when
     * that leaves fewer than 2): */
    double steepest;    /**< lr[i] at the most negative (s[i+1]-s[i])/(log lr[i+1]-log lr[i]) (fastai's steep) */
    double min_div10;   /**< lr at the smallest smoothed loss, divided by 10 (fastai's minimum) */
} ds_lrfind_result;

/* Smooth, cut and read a sweep: lr[k] the rate of step k and loss[k] the
 * loss after it, k < n; `requested` the sweep's planned length (for the
 * window). out owns its arrays; free with ds_lrfind_free. */
int ds_lrfind_analyse(const double *lr, const double *loss, size_t n, size_t requested, double beta,
                      double div_factor, ds_lrfind_result *out, ds_err *err);

/* Run the sweep of problem x optimizer (resolved specs; the optimizer's lr
 * is not used) and analyse it. */
int ds_lrfind(const ds_values *problem, const ds_values *optimizer, const ds_lrfind_opts *o,
              ds_lrfind_result *out, ds_err *err);

void ds_lrfind_free(ds_lrfind_result *r);

#endif
