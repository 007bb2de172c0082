/* himmelblau: f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2 (Himmelblau,
 * Applied Nonlinear Programming, 1972). Four global minima, f* = 0 at each:
 * (3, 2) exactly and three irrational ones near (-2.805118, 3.131313),
 * (-3.779310, -3.283186), (3.584428, -1.848127), refined here by Newton's
 * method on the gradient to machine precision. x* is the minimum nearest to
 * the start (3, 2 from the default start (0, 0)); f* = 0 holds whichever
 * one a run approaches, so f - f* is right in any case, and ||x - x*|| is
 * only meaningful for runs that stay in x*'s basin. L and mu are the
 * extreme Hessian eigenvalues at that x* (local constants; f is not
 * convex). */
#include <math.h>

#include "../core/problem.h"
#include "../core/vec.h"
#include "../core/dmath.h"
#include "finite_sum.h"

static const ds_param hi_params[] = {
    {"x0", DS_P_LIST, "", -INFINITY, INFINITY, 0, NULL, "start (default 0;0)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static double hi_fg(ds_problem *p, const double *x, double *g)
{
    (void)p;
    double a = x[0] * x[0] + x[1] - 11, b = x[0] + x[1] * x[1] - 7;
    if (g) {
        g[0] = 4 * x[0] * a + 2 * b;
        g[1] = 2 * a + 4 * x[1] * b;
    }
    return a * a + b * b;
}

static double hi_f(ds_problem *p, const double *x)
{
    return hi_fg(p, x, NULL);
}

static void hi_grad(ds_problem *p, const double *x, double *g)
{
    hi_fg(p, x, g);
}

static void hi_hessian(ds_problem *p, const double *x, double *H)
{
    (void)p;
    H[0] = 12 * x[0] * x[0] + 4 * x[1] - 42;
    H[1] = H[2] = 4 * (x[0] + x[1]);
    H[3] = 4 * x[0] + 12 * x[1] * x[1] - 26;
}

static void hi_hvp(ds_problem *p, const double *x, const double *v, double *hv)
{
    double H[4];
    hi_hessian(p, x, H);
    hv[0] = H[0] * v[0] + H[1] * v[1];
    hv[1] = H[2] * v[0] + H[3] * v[1];
}

static int hi_create(ds_problem *p, const ds_values *v, uint64_t seed, ds_err *err)
{
    (void)seed;
    static const double start[2] = {0.0, 0.0};
    static const double minima[4][2] = {
        {3.0, 2.0}, {-2.805118, 3.131313}, {-3.779310, -3.283186}, {3.584428, -1.848127}};
    p->dim = 2;
    int rc = fs_start(p, v, "himmelblau", start, err);
    if (rc)
        return rc;
    p->x_star = ds_vec_new(2);
    if (!p->x_star)
        return ds_fail(err, DS_ENOMEM, "out of memory");
    size_t best = 0;
    for (size_t m = 1; m < 4; m++)
        if (ds_dist(2, p->x0, minima[m]) < ds_dist(2, p->x0, minima[best]))
            best = m;
    double *xs = p->x_star, g[2], H[4];
    xs[0] = minima[best][0];
    xs[1] = minima[best][1];
    for (int it = 0; it < 50; it++) {
        hi_fg(p, xs, g);
        hi_hessian(p, xs, H);
        double det = H[0] * H[3] - H[1] * H[2];
        double dx = (H[3] * g[0] - H[1] * g[1]) / det, dy = (H[0] * g[1] - H[2] * g[0]) / det;
        if (dx == 0 && dy == 0)
            break;
        xs[0] -= dx;
        xs[1] -= dy;
    }
    p->f_star = 0.0;
    hi_hessian(p, xs, H);
    double m = 0.5 * (H[0] + H[3]), r = ds_hypot(0.5 * (H[0] - H[3]), H[1]);
    p->L = m + r;
    p->mu = m - r;
    p->flags = DS_NONCONVEX;
    return DS_OK;
}

const ds_problem_type ds_problem_himmelblau = {
    .name = "himmelblau",
    .doc = "(x^2+y-11)^2 + (x+y^2-7)^2, four minima (f* = 0), x* = the one nearest the start (0, 0)",
    .params = hi_params,
    .create = hi_create,
    .f = hi_f,
    .grad = hi_grad,
    .fg = hi_fg,
    .hvp = hi_hvp,
    .hessian = hi_hessian,
};
