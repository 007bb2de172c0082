/* poly1d: f(x) = x^4 - 3x^3 + 2, the course's 1-D playground (start
 * x0 = -0.5). f'(x) = x^2 (4x - 9): a global minimum at x* = 9/4 with
 * f* = 2 - 2187/256 = -1675/256 (exact in binary), and a stationary point
 * at 0 that is an inflection (f''(0) = 0, f'''(0) = -18 != 0): gradient
 * descent from x0 < 0 creeps up to 0 and stalls there.
 *
 * f is decreasing on (-inf, 9/4] and increasing after, so the sublevel set
 * {f <= f(x0)} is an interval [a, b]; L = max |f''| over it (f'' = 12x^2 -
 * 18x is convex, so the max is at a, at b, or |f''(3/4)| = 27/4), the
 * smoothness constant gradient descent from x0 sees. mu = 0 (not convex). */
#include <math.h>

#include "../core/problem.h"
#include "../core/vec.h"
#include "finite_sum.h"

static const ds_param po_params[] = {
    {"x0", DS_P_LIST, "", -INFINITY, INFINITY, 0, NULL, "start (default -0.5)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static double poly(double x)
{
    return x * x * x * (x - 3) + 2;
}

static double d2(double x)
{
    return 12 * x * x - 18 * x;
}

static double po_f(ds_problem *p, const double *x)
{
    (void)p;
    return poly(x[0]);
}

static void po_grad(ds_problem *p, const double *x, double *g)
{
    (void)p;
    g[0] = x[0] * x[0] * (4 * x[0] - 9);
}

static void po_hvp(ds_problem *p, const double *x, const double *v, double *hv)
{
    (void)p;
    hv[0] = d2(x[0]) * v[0];
}

/* The other end of the sublevel set: the point beyond 9/4 from x0 (on the
 * monotone branch away from x0) where f returns to f(x0), by bisection. */
static double other_end(double x0)
{
    const double xs = 9.0 / 4.0;
    double level = poly(x0), dir = x0 <= xs ? 1.0 : -1.0, step = 1.0;
    double lo = xs, hi = xs + dir * step;
    while (poly(hi) < level) {
        lo = hi;
        step *= 2;
        hi = xs + dir * step;
    }
    for (int i = 0; i < 200; i++) {
        double mid = 0.5 * (lo + hi);
        if (mid == lo || mid == hi)
            break;
        if (poly(mid) < level)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

static int po_create(ds_problem *p, const ds_values *v, uint64_t seed, ds_err *err)
{
    (void)seed;
    static const double start = -0.5;
    p->dim = 1;
    int rc = fs_start(p, v, "poly1d", &start, err);
    if (rc)
        return rc;
    p->x_star = ds_vec_new(1);
    if (!p->x_star)
        return ds_fail(err, DS_ENOMEM, "out of memory");
    p->x_star[0] = 9.0 / 4.0;
    p->f_star = -1675.0 / 256.0;
    double a = p->x0[0], b = a == 9.0 / 4.0 ? a : other_end(a);
    double lo = a < b ? a : b, hi = a < b ? b : a;
    double L = fmax(fabs(d2(lo)), fabs(d2(hi)));
    if (lo <= 0.75 && 0.75 <= hi)
        L = fmax(L, 27.0 / 4.0);
    p->L = L;
    p->mu = 0.0;
    p->flags = DS_NONCONVEX;
    return DS_OK;
}

const ds_problem_type ds_problem_poly1d = {
    .name = "poly1d",
    .doc = "x^4 - 3x^3 + 2, x* = 9/4, inflection at 0, start -0.5 (the course's playground)",
    .params = po_params,
    .create = po_create,
    .f = po_f,
    .grad = po_grad,
    .hvp = po_hvp,
};
