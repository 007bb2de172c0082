/* Shared problem instances (instances.h). One lock guards the table; each
 * entry has a lock of its own that its builder holds while building, so
 * runs needing other instances are not held up, and runs needing the same
 * one wait for it instead of building it again. */
#include "instances.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "progress.h"

typedef struct {
    char key[DS_CANON_MAX + 32];  /* canonical spec '#' instance seed */
    omp_lock_t build;             /* held by the builder */
    int state;                    /* 0 not built, 1 built (p or rc), 2 freed after use */
    ds_problem *p;
    int rc;                       /* the build's error, remembered */
    ds_err err;
    size_t users;                 /* acquisitions not yet released */
    long remaining;               /* expected acquisitions not yet released; -1 unknown */
    int hold;                     /* kept until uses are expected */
    unsigned long last_use;       /* for least-recently-used eviction */
} entry;

struct ds_instances {
    omp_lock_t lock;
    entry **e;
    size_t n, cap, max_idle;
    unsigned long tick;
    ds_instances_stats st;
};

ds_instances *ds_instances_new(size_t max_idle)
{
    ds_instances *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->max_idle = max_idle;
    omp_init_lock(&c->lock);
    return c;
}

void ds_instances_free(ds_instances *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        ds_problem_free(c->e[i]->p);
        omp_destroy_lock(&c->e[i]->build);
        free(c->e[i]);
    }
    free(c->e);
    omp_destroy_lock(&c->lock);
    free(c);
}

uint64_t ds_instance_seed(const ds_values *problem, uint64_t run_seed)
{
    long s = ds_value_get(problem, "seed") ? ds_int(problem, "seed") : -1;
    return s >= 0 ? (uint64_t)s : run_seed;
}

static void key_of(const ds_values *v, uint64_t run_seed, char *key, size_t size)
{
    char canon[DS_CANON_MAX];
    ds_values_canon(v, canon, sizeof canon);
    snprintf(key, size, "%s#%" PRIu64, canon, ds_instance_seed(v, run_seed));
}

/* The entry of key, created when absent; under c->lock. NULL: no memory. */
static entry *find(ds_instances *c, const char *key, int create)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->e[i]->key, key))
            return c->e[i];
    if (!create)
        return NULL;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        entry **e = realloc(c->e, cap * sizeof *e);
        if (!e)
            return NULL;
        c->e = e;
        c->cap = cap;
    }
    entry *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    snprintf(e->key, sizeof e->key, "%s", key);
    omp_init_lock(&e->build);
    e->remaining = -1;
    c->e[c->n++] = e;
    return e;
}

int ds_instances_expect(ds_instances *c, const ds_values *problem, uint64_t run_seed, size_t uses, ds_err *err)
{
    char key[DS_CANON_MAX + 32];
    key_of(problem, run_seed, key, sizeof key);
    int rc = DS_OK;
    omp_set_lock(&c->lock);
    entry *e = find(c, key, 1);
    if (!e)
        rc = ds_fail(err, DS_ENOMEM, "out of memory for the instance table");
    else {
        e->remaining = (e->remaining > 0 ? e->remaining : 0) + (long)uses;
        e->hold = 0;
    }
    omp_unset_lock(&c->lock);
    return rc;
}

int ds_instances_hold(ds_instances *c, const ds_values *problem, uint64_t run_seed, ds_err *err)
{
    char key[DS_CANON_MAX + 32];
    key_of(problem, run_seed, key, sizeof key);
    omp_set_lock(&c->lock);
    entry *e = find(c, key, 1);
    if (e)
        e->hold = 1;
    omp_unset_lock(&c->lock);
    return e ? DS_OK : ds_fail(err, DS_ENOMEM, "out of memory for the instance table");
}

/* Build e (its builder holds e->build). */
static void build(ds_instances *c, entry *e, const ds_values *problem, uint64_t run_seed)
{
    double t0 = ds_now();
    e->err = (ds_err){0};
    e->rc = ds_problem_new(problem, run_seed, &e->p, &e->err);
    double dt = ds_now() - t0;
    omp_set_lock(&c->lock);
    c->st.builds++;
    c->st.build_seconds += dt;
    if (e->p && ++c->st.live > c->st.peak)
        c->st.peak = c->st.live;
    e->state = 1;
    omp_unset_lock(&c->lock);
}

int ds_instances_acquire(ds_instances *c, const ds_values *problem, uint64_t run_seed, const ds_problem **out,
                         ds_err *err)
{
    *out = NULL;
    char key[DS_CANON_MAX + 32];
    key_of(problem, run_seed, key, sizeof key);
    omp_set_lock(&c->lock);
    entry *e = find(c, key, 1);
    if (e) {
        e->users++;
        e->last_use = ++c->tick;
        c->st.acquired++;
    }
    int ready = e && e->state == 1;
    omp_unset_lock(&c->lock);
    if (!e)
        return ds_fail(err, DS_ENOMEM, "out of memory for the instance table");
    if (!ready) {
        omp_set_lock(&e->build);
        if (e->state != 1)  /* nobody built it while this one waited */
            build(c, e, problem, run_seed);
        omp_unset_lock(&e->build);
    }
    if (e->rc) {
        *err = e->err;
        return e->rc;
    }
    *out = e->p;
    return DS_OK;
}

/* Free e's instance; under c->lock, with no users. */
static void drop(ds_instances *c, entry *e)
{
    if (e->p)
        c->st.live--;
    ds_problem_free(e->p);
    e->p = NULL;
    e->state = 2;
}

/* Keep at most max_idle unused instances whose further use is unknown. */
static void evict(ds_instances *c)
{
    for (;;) {
        size_t idle = 0;
        entry *old = NULL;
        for (size_t i = 0; i < c->n; i++) {
            entry *e = c->e[i];
            if (e->state == 1 && e->p && !e->users && e->remaining < 0 && !e->hold) {
                idle++;
                if (!old || e->last_use < old->last_use)
                    old = e;
            }
        }
        if (idle <= c->max_idle)
            return;
        drop(c, old);
    }
}

void ds_instances_release(ds_instances *c, const ds_values *problem, uint64_t run_seed)
{
    char key[DS_CANON_MAX + 32];
    key_of(problem, run_seed, key, sizeof key);
    omp_set_lock(&c->lock);
    entry *e = find(c, key, 0);
    if (e && e->users) {
        e->users--;
        if (e->remaining > 0)
            e->remaining--;
        if (e->remaining == 0 && !e->users && e->state == 1)
            drop(c, e);
        else if (e->remaining < 0)
            evict(c);
    }
    omp_unset_lock(&c->lock);
}

void ds_instances_get_stats(ds_instances *c, ds_instances_stats *st)
{
    omp_set_lock(&c->lock);
    *st = c->st;
    omp_unset_lock(&c->lock);
}
