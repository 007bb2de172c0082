/* hb_cycle: Lessard, Recht & Packard's (SIAM J. Optim. 2016) piecewise quadratic
 * on which the heavy-ball method with Polyak's quadratic-tuned parameters
 * does not converge (THEORY heavy-ball-cycle). L = 25, mu = 1:
 *   f(x) = 25 x^2/2              x < 1
 *          x^2/2 + 24 x - 12     1 <= x < 2
 *          25 x^2/2 - 24 x + 36  x >= 2,
 * C^1 (values and slopes agree at 1 and 2), strongly convex, x* = 0,
 * f* = 0, start x0 = 3.3. Heavy ball x_{t+1} = x_t - alpha f'(x_t) +
 * beta (x_t - x_{t-1}) with alpha = 4/(sqrt(L)+sqrt(mu))^2 = 1/9,
 * beta = q^2 = 4/9 and x_{-1} = x0 settles into a 3-cycle near
 * {0.6465, -1.8024, 2.1159}. */
#include <math.h>
#include <stdlib.h>

#include "../core/problem.h"
#include "../core/vec.h"

static const ds_param hbc_params[] = {
    {"x0", DS_P_REAL, "3.3", -INFINITY, INFINITY, 0, NULL, "start"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static double hbc_fg(ds_problem *p, const double *x, double *g)
{
    (void)p;
    double y = x[0];
    if (y < 1.0) {
        if (g)
            g[0] = 25.0 * y;
        return 12.5 * y * y;
    }
    if (y < 2.0) {
        if (g)
            g[0] = y + 24.0;
        return 0.5 * y * y + 24.0 * y - 12.0;
    }
    if (g)
        g[0] = 25.0 * y - 24.0;
    return 12.5 * y * y - 24.0 * y + 36.0;
}

static double hbc_f(ds_problem *p, const double *x)
{
    return hbc_fg(p, x, NULL);
}

static void hbc_grad(ds_problem *p, const double *x, double *g)
{
    hbc_fg(p, x, g);
}

static void hbc_hvp(ds_problem *p, const double *x, const double *v, double *hv)
{
    (void)p;
    hv[0] = (x[0] >= 1.0 && x[0] < 2.0 ? 1.0 : 25.0) * v[0];
}

static int hbc_create(ds_problem *p, const ds_values *v, uint64_t seed, ds_err *err)
{
    (void)seed;
    p->dim = 1;
    p->x0 = ds_vec_new(1);
    p->x_star = ds_vec_new(1);
    if (!p->x0 || !p->x_star)
        return ds_fail(err, DS_ENOMEM, "out of memory");
    p->x0[0] = ds_num(v, "x0");
    p->L = 25.0;
    p->mu = 1.0;
    p->f_star = 0.0;
    p->flags = DS_CONVEX | DS_STRONGLY_CONVEX | DS_SMOOTH;
    return DS_OK;
}

const ds_problem_type ds_problem_hb_cycle = {
    .name = "hb_cycle",
    .doc = "Lessard-Recht-Packard piecewise quadratic (L=25, mu=1): heavy ball 1/9, 4/9 cycles",
    .params = hbc_params,
    .create = hbc_create,
    .f = hbc_f,
    .grad = hbc_grad,
    .fg = hbc_fg,
    .hvp = hbc_hvp,
};
