/* cubic1d: f(x) = x^3, the course's saddle demo ("SGD gets stuck on a
 * saddle point, momentum escapes"). f'(0) = f''(0) = 0: from x0 > 0 plain
 * gradient descent creeps towards 0 (x <- x - 3 lr x^2) and stalls; a
 * method that overshoots 0 runs off to -infinity, since inf f = -infinity.
 * No minimizer: f* = -INFINITY, x* unknown, DS_UNBOUNDED; the runner's
 * divergence rule (|f| beyond a multiple of |f(x0)|) ends such a run. There
 * is no global L either: L = |f''(x0)| = 6|x0| is the curvature at the
 * start (1 at x0 = 0, to keep lr = 1/L finite); mu = 0. */
#include <math.h>

#include "../core/problem.h"
#include "../core/vec.h"
#include "finite_sum.h"

static const ds_param cu_params[] = {
    {"x0", DS_P_LIST, "", -INFINITY, INFINITY, 0, NULL, "start (default 1)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static double cu_f(ds_problem *p, const double *x)
{
    (void)p;
    return x[0] * x[0] * x[0];
}

static void cu_grad(ds_problem *p, const double *x, double *g)
{
    (void)p;
    g[0] = 3 * x[0] * x[0];
}

static void cu_hvp(ds_problem *p, const double *x, const double *v, double *hv)
{
    (void)p;
    hv[0] = 6 * x[0] * v[0];
}

static int cu_create(ds_problem *p, const ds_values *v, uint64_t seed, ds_err *err)
{
    (void)seed;
    static const double start = 1.0;
    p->dim = 1;
    int rc = fs_start(p, v, "cubic1d", &start, err);
    if (rc)
        return rc;
    p->f_star = -INFINITY;
    p->x_star = NULL;
    p->L = p->x0[0] != 0 ? 6 * fabs(p->x0[0]) : 1.0;
    p->mu = 0.0;
    p->flags = DS_NONCONVEX | DS_UNBOUNDED;
    return DS_OK;
}

const ds_problem_type ds_problem_cubic1d = {
    .name = "cubic1d",
    .doc = "x^3, unbounded below (saddle at 0), start 1",
    .params = cu_params,
    .create = cu_create,
    .f = cu_f,
    .grad = cu_grad,
    .hvp = cu_hvp,
};
