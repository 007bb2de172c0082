/* abs_worst: f(x) = M max_i |x_i| (M |x| in 1-D), convex, M-Lipschitz,
 * nonsmooth; x* = 0, f* = 0; start x0 = (R/sqrt(dim)) (1, ..., 1), so
 * ||x0 - x*|| = R.
 * The subgradient returned is M sign(x_j) e_j for the lowest index j with
 * |x_j| maximal (0 at x = 0): this tie-break is the adversarial oracle that
 * makes the subgradient method's bound tight. With dim = N+1 and the step
 * R/(M sqrt(N+1)), each step zeroes one coordinate (up to rounding) and
 * leaves the others at R/sqrt(N+1), so f(x_t) - f* = M R/sqrt(N+1) for
 * every t <= N: min_t f(x_t) - f* meets M R/sqrt(N+1) exactly
 * (THEORY subgradient; after Drori & Teboulle 2016, and Nesterov 2004,
 * Thm 3.2.1, for the lower bound's construction).
 * With box = B the feasible set is [-B, B]^dim, of diameter 2 B sqrt(dim),
 * and the runner projects every step on it: projected (stochastic)
 * subgradient methods on a bounded domain (THEORY sgd-last-iterate). */
#include <math.h>
#include <stdlib.h>

#include "../core/problem.h"
#include "../core/vec.h"

typedef struct {
    double M, box;
} abs_data;

static const ds_param abs_params[] = {
    {"dim", DS_P_INT, "1", 1, 1e8, 0, NULL, "number of variables (N+1 for the worst case of N steps)"},
    {"M", DS_P_REAL, "1", 0, INFINITY, DS_P_LO_OPEN, NULL, "Lipschitz constant"},
    {"R", DS_P_REAL, "1", 0, INFINITY, DS_P_LO_OPEN, NULL, "distance ||x0 - x*||"},
    {"box", DS_P_REAL, "0", 0, INFINITY, 0, NULL,
     "feasible set [-box, box]^dim, each step projected on it (0: unconstrained)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static size_t abs_argmax(const ds_problem *p, const double *x)
{
    size_t j = 0;
    for (size_t i = 1; i < p->dim; i++)
        if (fabs(x[i]) > fabs(x[j]))
            j = i;
    return j;
}

static double abs_fg(ds_problem *p, const double *x, double *g)
{
    const abs_data *d = p->data;
    size_t j = abs_argmax(p, x);
    if (g) {
        ds_zero(p->dim, g);
        g[j] = x[j] > 0 ? d->M : x[j] < 0 ? -d->M : 0.0;
    }
    return d->M * fabs(x[j]);
}

static double abs_f(ds_problem *p, const double *x)
{
    return abs_fg(p, x, NULL);
}

static void abs_grad(ds_problem *p, const double *x, double *g)
{
    abs_fg(p, x, g);
}

/* Piecewise linear: zero curvature wherever f is differentiable. */
static void abs_hvp(ds_problem *p, const double *x, const double *v, double *hv)
{
    (void)x, (void)v;
    ds_zero(p->dim, hv);
}

/* The projection on the box (nothing when it is infinite). */
static void abs_project(ds_problem *p, double *x)
{
    const abs_data *d = p->data;
    for (size_t i = 0; i < p->dim; i++)
        x[i] = fmax(-d->box, fmin(d->box, x[i]));
}

static int abs_create(ds_problem *p, const ds_values *v, uint64_t seed, ds_err *err)
{
    (void)seed;
    abs_data *d = calloc(1, sizeof *d);
    if (!d)
        return ds_fail(err, DS_ENOMEM, "out of memory");
    p->data = d;
    d->M = ds_num(v, "M");
    size_t n = (size_t)ds_int(v, "dim");
    p->dim = n;
    p->x0 = ds_vec_new(n);
    p->x_star = ds_vec_new(n);
    if (!p->x0 || !p->x_star)
        return ds_fail(err, DS_ENOMEM, "out of memory for abs_worst of dim %zu", n);
    double c = ds_num(v, "R") / sqrt((double)n);
    d->box = ds_num(v, "box") > 0 ? ds_num(v, "box") : INFINITY;
    if (c > d->box)
        return ds_fail(err, DS_EINVAL, "problem 'abs_worst': the start R/sqrt(dim)=%g lies outside box=%g",
                       c, d->box);
    for (size_t i = 0; i < n; i++)
        p->x0[i] = c;
    p->M = d->M;
    p->L = INFINITY;  /* not differentiable at its minimizer */
    p->mu = 0.0;
    p->f_star = 0.0;
    p->flags = DS_CONVEX | DS_LIPSCHITZ;
    return DS_OK;
}

static void abs_destroy(ds_problem *p)
{
    free(p->data);
}

const ds_problem_type ds_problem_abs_worst = {
    .name = "abs_worst",
    .doc = "M max_i |x_i| from R/sqrt(dim) (1..1): the subgradient method's worst case at dim = N+1",
    .params = abs_params,
    .create = abs_create,
    .destroy = abs_destroy,
    .f = abs_f,
    .grad = abs_grad,
    .fg = abs_fg,
    .hvp = abs_hvp,
    .project = abs_project,
};
