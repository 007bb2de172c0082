#include "problem.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vec.h"

const ds_param ds_problem_common_params[] = {
    {"seed", DS_P_INT, "-1", -1, 9.007199254740992e15, 0, NULL,
     "instance seed (random rotations, synthetic data); -1 = the run's seed"},
    {"noise", DS_P_REAL, "0", 0, INFINITY, 0, NULL,
     "sigma of Gaussian noise added to stochastic gradients of non-finite-sum problems"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

const ds_catalog ds_problem_catalog = {
    "problem", "problems", (const void *const *)ds_problems, offsetof(ds_problem_type, name),
    offsetof(ds_problem_type, doc), offsetof(ds_problem_type, params), ds_problem_common_params};

const ds_problem_type *ds_problem_find(const char *name)
{
    return ds_catalog_find(&ds_problem_catalog, name);
}

int ds_problem_parse(const char *text, ds_values *out, ds_err *err)
{
    return ds_catalog_parse(&ds_problem_catalog, text, out, err);
}

static double alloc_cap;  /* ds_set_alloc_limit's bytes, 0 for none */

void ds_set_alloc_limit(double bytes)
{
    alloc_cap = bytes > 0 ? bytes : 0;
}

int ds_check_alloc(size_t count, size_t elem, const char *what, ds_err *err)
{
    /* Refuse before allocating what cannot fit: more than the machine's
     * physical memory (or the cap), or a size that overflows. */
    double bytes = (double)count * (double)elem;
    double limit = 0;
#ifdef _SC_PHYS_PAGES
    limit = (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGE_SIZE);
#endif
    if (limit <= 0)
        limit = 64.0 * (1ULL << 30);
    int capped = alloc_cap > 0 && alloc_cap < limit;
    if (capped)
        limit = alloc_cap;
    if (count != 0 && (elem > ((size_t)-1) / count || bytes > limit))
        return ds_fail(err, DS_ENOMEM, "%s needs %.3g GiB, more than %s %.3g GiB", what, bytes / (1ULL << 30),
                       capped ? "the allocation limit of" : "this machine's memory of", limit / (1ULL << 30));
    return DS_OK;
}

int ds_problem_new(const ds_values *v, uint64_t run_seed, ds_problem **out, ds_err *err)
{
    *out = NULL;
    const ds_problem_type *t = ds_problem_find(v->name);
    if (!t)
        return ds_fail(err, DS_EINVAL, "unknown problem '%s'", v->name);
    ds_problem *p = calloc(1, sizeof *p);
    if (!p)
        return ds_fail(err, DS_ENOMEM, "out of memory creating problem '%s'", v->name);
    p->type = t;
    int rc = ds_values_copy(&p->params, v, err);
    if (rc) {
        free(p);
        return rc;
    }
    ds_values_canon(v, p->canon, sizeof p->canon);
    long s = ds_int(v, "seed");
    p->seed = s >= 0 ? (uint64_t)s : run_seed;
    p->noise = ds_num(v, "noise");
    p->f_star = NAN;
    p->f_star_cert = NAN;
    rc = t->create(p, &p->params, p->seed, err);
    if (rc) {
        ds_problem_free(p);
        return rc;
    }
    /* Gradient noise is for problems without samples; a finite sum's own
     * `noise` (lstsq's, in its targets) leaves its gradients exact. */
    if (p->n > 0)
        p->noise = 0.0;
    if (!p->x0) {
        ds_problem_free(p);
        return ds_fail(err, DS_EINVAL, "problem '%s' set no starting point", v->name);
    }
    *out = p;
    return DS_OK;
}

void ds_problem_free(ds_problem *p)
{
    if (!p)
        return;
    if (p->type && p->type->destroy)
        p->type->destroy(p);
    free(p->x0);
    free(p->x_star);
    ds_values_free(&p->params);
    free(p);
}

double ds_problem_fg(ds_problem *p, const double *x, double *g)
{
    if (p->type->fg)
        return p->type->fg(p, x, g);
    p->type->grad(p, x, g);
    return p->type->f(p, x);
}

int ds_problem_hessian(ds_problem *p, const double *x, double *H, ds_err *err)
{
    if (p->type->hessian) {
        p->type->hessian(p, x, H);
        return DS_OK;
    }
    size_t d = p->dim;
    double *e = ds_vec_new(d);
    if (!e)
        return ds_fail(err, DS_ENOMEM, "out of memory for the Hessian of '%s' (dim %zu)", p->canon, d);
    for (size_t j = 0; j < d; j++) {
        e[j] = 1.0;
        p->type->hvp(p, x, e, H + j * d);  /* column j, stored as row j: H is symmetric */
        e[j] = 0.0;
    }
    free(e);
    return DS_OK;
}

void ds_problem_vars(const ds_problem *p, long horizon, ds_expr_vars *vars)
{
    vars->L = p->L;
    vars->mu = p->mu;
    vars->kappa = p->mu > 0 ? p->L / p->mu : INFINITY;
    vars->dim = (double)p->dim;
    vars->n = (double)p->n;
    vars->R = p->x_star ? ds_dist(p->dim, p->x0, p->x_star) : NAN;
    vars->T = (double)horizon;
}
