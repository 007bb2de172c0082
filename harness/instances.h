/* Problem instances built once per suite: runs whose problem has the same
 * canonical spec and instance seed share one read-only instance (data, f*,
 * x*, L, mu), across threads and across runs. The first run that needs an
 * instance builds it while later ones wait for it; each use is acquired and
 * released, and an instance is freed when its expected uses are all done
 * (ds_instances_expect), or, when nobody said how many to expect, once
 * more than `max_idle` instances sit unused (least recently used first).
 * A build that fails is remembered, so every run that needs it reports the
 * same error without building again. Thread-safe. */
#ifndef DS_INSTANCES_H
#define DS_INSTANCES_H

#include <stddef.h>
#include <stdint.h>

#include "../core/error.h"
#include "../core/problem.h"
#include "../core/spec.h"

typedef struct ds_instances ds_instances;

typedef struct ds_instances_stats {
    size_t builds;         /**< instances built (failed builds included) */
    size_t acquired;       /**< uses handed out */
    size_t live, peak;     /**< instances held now, and at most at once */
    double build_seconds;  /**< summed over builds (threads build in parallel) */
} ds_instances_stats;

/* max_idle: unused instances of unknown remaining use kept for later runs
 * (0: none kept). NULL when out of memory. */
ds_instances *ds_instances_new(size_t max_idle);

/* Free every instance; NULL is allowed. No use may be in flight. */
void ds_instances_free(ds_instances *c);

/* The instance seed of a run: the spec's own `seed` when it sets one,
 * else the run's seed. */
uint64_t ds_instance_seed(const ds_values *problem, uint64_t run_seed);

/* `uses` more acquisitions of (problem, run_seed) will come: the instance
 * is freed when the last of them is released. */
int ds_instances_expect(ds_instances *c, const ds_values *problem, uint64_t run_seed, size_t uses, ds_err *err);

/* Keep the instance of (problem, run_seed), once built, until uses are
 * expected for it (validation, whose instances the runs reuse). */
int ds_instances_hold(ds_instances *c, const ds_values *problem, uint64_t run_seed, ds_err *err);

/* The shared instance for a run (built now when nobody has yet). Pair
 * with ds_instances_release. On failure *out is NULL and err says why. */
int ds_instances_acquire(ds_instances *c, const ds_values *problem, uint64_t run_seed, const ds_problem **out,
                         ds_err *err);
void ds_instances_release(ds_instances *c, const ds_values *problem, uint64_t run_seed);

void ds_instances_get_stats(ds_instances *c, ds_instances_stats *st);

#endif
