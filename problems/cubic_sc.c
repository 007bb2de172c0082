/* cubic_sc: f(x) = sum_i (mu/2) x_i^2 + (M/6)|x_i|^3, strongly convex with
 * a Lipschitz Hessian, both constants exact: the Hessian is
 * diag(mu + M|x_i|), so it is >= mu I everywhere and
 * ||H(x) - H(y)|| = M max_i ||x_i| - |y_i|| <= M ||x - y||, with equality for
 * y = 0 and x = s e_i. x* = 0, f* = 0, x0 = (1, ..., 1) unless given.
 * Newton's step on one coordinate is x+ = (M/2) x|x|/(mu + M|x|), so
 * |x+| / ((M/(2 mu)) x^2) = mu/(mu + M|x|): Newton's local bound
 * ||x+ - x*|| <= (M/(2 mu)) ||x - x*||^2 (THEORY newton-quadratic) holds
 * and is approached as x -> x*. Not globally L-smooth: L is the curvature
 * at x*, mu, as for the other problems without a global L. */
#include <math.h>
#include <stdlib.h>

#include "../core/problem.h"
#include "../core/vec.h"

typedef struct {
    double mu, M;
} cs_data;

static const ds_param cs_params[] = {
    {"dim", DS_P_INT, "2", 1, 1e8, 0, NULL, "number of variables"},
    {"mu", DS_P_REAL, "1", 0, INFINITY, DS_P_LO_OPEN, NULL, "strong convexity"},
    {"M", DS_P_REAL, "1", 0, INFINITY, 0, NULL, "Lipschitz constant of the Hessian"},
    {"x0", DS_P_LIST, "", -INFINITY, INFINITY, 0, NULL, "start: one value for every coordinate, or dim values (default 1)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static double cs_fg(ds_problem *p, const double *x, double *g)
{
    const cs_data *d = p->data;
    double f = 0;
    for (size_t i = 0; i < p->dim; i++) {
        double a = fabs(x[i]);
        f += d->mu / 2 * x[i] * x[i] + d->M / 6 * a * a * a;
        if (g)
            g[i] = d->mu * x[i] + d->M / 2 * x[i] * a;
    }
    return f;
}

static double cs_f(ds_problem *p, const double *x)
{
    return cs_fg(p, x, NULL);
}

static void cs_grad(ds_problem *p, const double *x, double *g)
{
    cs_fg(p, x, g);
}

static void cs_hvp(ds_problem *p, const double *x, const double *v, double *hv)
{
    const cs_data *d = p->data;
    for (size_t i = 0; i < p->dim; i++)
        hv[i] = (d->mu + d->M * fabs(x[i])) * v[i];
}

static int cs_create(ds_problem *p, const ds_values *v, uint64_t seed, ds_err *err)
{
    (void)seed;
    cs_data *d = calloc(1, sizeof *d);
    if (!d)
        return ds_fail(err, DS_ENOMEM, "out of memory");
    p->data = d;
    size_t n = (size_t)ds_int(v, "dim"), nx0;
    d->mu = ds_num(v, "mu");
    d->M = ds_num(v, "M");
    const double *x0 = ds_list(v, "x0", &nx0);
    if (nx0 != 0 && nx0 != 1 && nx0 != n)
        return ds_fail(err, DS_EINVAL, "problem 'cubic_sc': x0 has %zu values; dim=%zu wants 1 or %zu",
                       nx0, n, n);
    p->dim = n;
    p->x0 = ds_vec_new(n);
    p->x_star = ds_vec_new(n);
    if (!p->x0 || !p->x_star)
        return ds_fail(err, DS_ENOMEM, "out of memory for cubic_sc of dim %zu", n);
    for (size_t i = 0; i < n; i++)
        p->x0[i] = nx0 == 0 ? 1.0 : x0[nx0 == 1 ? 0 : i];
    p->f_star = 0.0;
    p->mu = d->mu;
    p->L = d->mu;  /* the curvature at x*; no global L */
    p->flags = DS_CONVEX | DS_STRONGLY_CONVEX;
    return DS_OK;
}

static void cs_destroy(ds_problem *p)
{
    free(p->data);
}

const ds_problem_type ds_problem_cubic_sc = {
    .name = "cubic_sc",
    .doc = "sum (mu/2) x_i^2 + (M/6)|x_i|^3: mu-strongly convex, M-Lipschitz Hessian (Newton's local rate)",
    .params = cs_params,
    .create = cs_create,
    .destroy = cs_destroy,
    .f = cs_f,
    .grad = cs_grad,
    .fg = cs_fg,
    .hvp = cs_hvp,
};
