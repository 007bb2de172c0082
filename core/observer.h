/* The observer interface (after COCO's logger): what watches a run without
 * steering it. The engine (engine/run.c) calls the observers a run lists at
 * fixed points of its loop and knows none of them by name; the trajectory
 * recorder (engine/record.c), the theory tracker (theory/track.c) and the
 * progress line (engine/progress.c) are observers. Here, in core, because
 * theory sits below the engine and implements it.
 *
 * An observer reads; it never changes x, the optimizer's state or the
 * oracle's counters, so a run's numbers are the same whatever observers are
 * attached (the tests check it). Hooks may be NULL. */
#ifndef DS_OBSERVER_H
#define DS_OBSERVER_H

#include <stddef.h>

#include "error.h"
#include "oracle.h"
#include "problem.h"

/* What an observer sees at iteration t. x, g and the problem belong to the
 * engine and are valid only during the call. */
typedef struct ds_observation {
    long t;                    /**< the iteration: x = x_t */
    size_t dim;
    const double *x;           /**< x_t */
    const double *g;           /**< the true gradient at x_t (when exact) */
    double f, gnorm;           /**< f(x_t), ||g|| (when exact) */
    double lr;                 /**< the rate of the step leaving x_t; NaN when none follows,
                                    and in visit (computed after the stop test) */
    int exact;                 /**< 1: f, g and gnorm were observed at x_t; 0: they are older */
    ds_problem *problem;       /**< not const only so that an observer may evaluate f
                                    elsewhere (ds_problem_fg, uncharged), as the tracker
                                    does at the average iterate */
    const ds_oracle *oracle;   /**< evaluation counters and epochs so far */
} ds_observation;

/* What is known when a run starts, before iteration 0 is observed. */
typedef struct ds_run_info {
    const ds_problem *problem;
    size_t dim;
    long max_iters;
    size_t capacity;           /**< the most record calls the run can make */
} ds_run_info;

/* Ask the engine to observe the true f and gradient at every iteration
 * (stochastic runs included, without charging the method), so that visit
 * sees each one; otherwise a stochastic run observes only where it records
 * or stops. */
#define DS_OBS_EVERY 1u

typedef struct ds_observer {
    void *ctx;
    unsigned flags;  /**< DS_OBS_EVERY */
    /* Before the loop. May fail (out of memory): the run then does not
     * happen, and finish(ctx, NULL, status) is called on the observers
     * whose start succeeded. */
    int (*start)(void *ctx, const ds_run_info *info, ds_err *err);
    /* Every iteration at which the true f and gradient were observed,
     * before the stop test and before the step. */
    void (*visit)(void *ctx, const ds_observation *o);
    /* The sampled iterations (log-spaced or every N) and the last one;
     * at most info->capacity calls. */
    void (*record)(void *ctx, const ds_observation *o);
    /* x_t is about to be left by a step (after record). */
    void (*leave)(void *ctx, const ds_observation *o);
    /* Once, after the last record; last is NULL when the run did not
     * happen. status is the engine's ds_status. */
    void (*finish)(void *ctx, const ds_observation *last, int status);
} ds_observer;

#endif
