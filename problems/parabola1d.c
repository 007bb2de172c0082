/* parabola1d: f(x) = (x + 1)^2 = x^2 + 2x + 1, the course's first gradient
 * descent example (seed notes: "minimum at x=-1", start x0 = 5). x* = -1,
 * f* = 0, f'' = 2 everywhere: L = mu = 2, so lr = 1 reaches x* in one step
 * and lr > 1 diverges. */
#include <math.h>

#include "../core/problem.h"
#include "../core/vec.h"
#include "finite_sum.h"

static const ds_param pb_params[] = {
    {"x0", DS_P_LIST, "", -INFINITY, INFINITY, 0, NULL, "start (default 5)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static double pb_f(ds_problem *p, const double *x)
{
    (void)p;
    return (x[0] + 1) * (x[0] + 1);
}

static void pb_grad(ds_problem *p, const double *x, double *g)
{
    (void)p;
    g[0] = 2 * (x[0] + 1);
}

static void pb_hvp(ds_problem *p, const double *x, const double *v, double *hv)
{
    (void)p;
    (void)x;
    hv[0] = 2 * v[0];
}

static int pb_create(ds_problem *p, const ds_values *v, uint64_t seed, ds_err *err)
{
    (void)seed;
    static const double start = 5.0;
    p->dim = 1;
    p->x_star = ds_vec_new(1);
    if (!p->x_star)
        return ds_fail(err, DS_ENOMEM, "out of memory");
    p->x_star[0] = -1.0;
    p->f_star = 0.0;
    p->L = p->mu = 2.0;
    p->flags = DS_CONVEX | DS_STRONGLY_CONVEX | DS_QUADRATIC | DS_SMOOTH;
    return fs_start(p, v, "parabola1d", &start, err);
}

const ds_problem_type ds_problem_parabola1d = {
    .name = "parabola1d",
    .doc = "(x+1)^2, x* = -1, start 5 (the course's first example)",
    .params = pb_params,
    .create = pb_create,
    .f = pb_f,
    .grad = pb_grad,
    .hvp = pb_hvp,
};
