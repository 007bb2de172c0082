/* One run: a problem instance, an optimizer, a schedule and a seed, driven
 * by the loop that owns x, f and the gradient and calls the run's
 * observers (core/observer.h). Everything a run touches lives in its
 * ds_result, the locals of ds_engine_run and its observers' contexts, so
 * runs can go in parallel without sharing anything (no globals). */
#ifndef DS_RUN_H
#define DS_RUN_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/error.h"
#include "../core/observer.h"
#include "../core/spec.h"
#include "../core/trace.h"

typedef enum ds_status {
    DS_ST_RUNNING = 0,
    DS_ST_CONVERGED,    /**< ||grad f|| <= gtol */
    DS_ST_MAX_ITERS,
    DS_ST_MAX_EVALS,
    DS_ST_TARGET,       /**< f - f* <= target */
    DS_ST_TIMEOUT,
    DS_ST_DIVERGED,     /**< non-finite f, x or gradient, or f beyond a multiple of f(x0) */
    DS_ST_FAILED,       /**< the optimizer reported a numerical failure */
    DS_ST_INTERRUPTED
} ds_status;

const char *ds_status_name(ds_status s);

/* Central stopping rules (after NLopt's nlopt_stopping), checked by the
 * runner only. */
typedef struct ds_stop {
    long max_iters;         /**< steps; default 1000 */
    double max_evals;       /**< gradient evaluations in passes over the data (epochs); 0 = none */
    double target;          /**< stop when f - f* <= target; 0 = none */
    double gtol;            /**< stop when ||grad f(x)|| <= gtol; 0 = none */
    double time_limit;      /**< seconds; 0 = none */
    double diverge_factor;  /**< diverged when f - f* > factor (f(x0) - f*) (or |f| > factor (|f0|+1)); default 1e12 */
} ds_stop;

void ds_stop_defaults(ds_stop *s);

/* What to run. Specs are resolved values (parsed and validated up front). */
typedef struct ds_run_spec {
    const ds_values *problem;
    const ds_values *optimizer;
    const ds_values *schedule;
    uint64_t seed;          /**< the run's seed (also the problem instance's unless it sets one) */
    uint64_t suite_seed;    /**< mixed with the problem and seed into the run's random stream */
    ds_stop stop;
    long log_every;         /**< 0: log-spaced iterations; N: every N */
    const double *x0;       /**< NULL: the problem's standard start */
    size_t x0_len;
    volatile sig_atomic_t *interrupt;  /**< set by a signal handler; NULL = none */
    /* Appended for theory checks (theory/): read by the standard
     * composition (harness/runner.h's ds_run), which then attaches the
     * theory tracker (theory/track.h): the true f and gradient observed at
     * every iteration, stochastic runs included (uncharged), and the
     * running quantities theorems bound in ds_trace's tracking columns.
     * 0 = off (nothing extra is computed). The engine itself ignores it. */
    int track;
    /* Appended: the observers ds_engine_run calls, in this order (none
     * when 0). ds_run puts the recorder and the tracker first. */
    const ds_observer *observers;
    size_t n_observers;
    /* Appended: a prebuilt instance of `problem` for seed `seed` (the same
     * canonical spec and instance seed), shared read-only with other runs
     * and not freed by the run; NULL: the run builds its own. */
    const struct ds_problem *instance;
} ds_run_spec;

typedef struct ds_result {
    char problem[DS_CANON_MAX], optimizer[DS_CANON_MAX], schedule[DS_CANON_MAX];
    uint64_t seed, id;
    ds_status status;
    long iters;             /**< steps taken */
    long stop_iter;         /**< iteration at which the stop was decided */
    size_t dim, n;
    double L, mu, f_star, R, f0;
    double f_final, gap_final, gnorm_final;
    long n_f, n_g, n_hvp;
    double n_samples, epochs;
    double seconds;         /**< time in the loop, recording excluded */
    unsigned flags;         /**< the problem's class flags */
    char message[DS_ERRMSG_MAX];  /**< why it failed, when it did */
    ds_trace trace;         /**< filled by the recorder (engine/record.h), when attached */
    double *x_final;        /**< dim values */
    double f_star_cert;     /**< appended: the problem's certificate f(x*) - inf f <= this (NAN: none) */
    long max_iters;         /**< appended: the iteration budget (the `T` of parameter expressions) */
} ds_result;

/* Stable id: a hash of the canonical specs and the seed. */
uint64_t ds_run_id(const char *problem, const char *optimizer, const char *schedule, uint64_t seed);

/* Run to a stop, calling rs->observers along the way (core/observer.h).
 * Returns DS_OK when the run happened (whatever its status, diverged
 * included), or an error when it could not start (bad spec for this
 * problem, unsupported combination, no memory, an observer's start
 * failed); res is then empty. Most callers want harness/runner.h's ds_run,
 * which attaches the recorder (and the theory tracker) first. */
int ds_engine_run(const ds_run_spec *rs, ds_result *res, ds_err *err);

void ds_result_free(ds_result *res);

/* Records a run of max_iters steps keeps (its trace's capacity): every
 * log_every-th iteration, or ten a decade when log_every is 0, with the
 * first and the last. For memory checks made before runs start. */
size_t ds_run_records(long log_every, long max_iters);

#endif
