/* polyak: gradient descent with Polyak's step size (Polyak 1987, Sec 5.3),
 *   x_{t+1} = x_t - (f(x_t) - f*)/||g_t||^2 g_t,
 * with g_t a (sub)gradient at x_t and f* the problem's optimal value, which
 * the method needs. The step is the projection of x_t on the half-space
 * {y : f(x_t) + g_t'(y - x_t) <= f*}, which holds x* by convexity, so
 * ||x_t - x*|| never grows and
 *   ||x_{t+1} - x*||^2 <= ||x_t - x*||^2 - (f(x_t) - f*)^2/||g_t||^2.
 * On M-Lipschitz convex f, min_{t<=N} f(x_t) - f* <= M R/sqrt(N+1)
 * (THEORY polyak-nonsmooth); on L-smooth mu-strongly convex f,
 * ||x_t - x*||^2 <= (1 - mu/(4L))^t R^2 (THEORY polyak-sc). lr scales the
 * step (1: Polyak's). f(x_t) costs one function evaluation per step. */
#include <math.h>

#include "../core/optimizer.h"
#include "../core/oracle.h"
#include "../core/vec.h"

typedef struct {
    double f_star;
} polyak_state;

static const ds_param polyak_params[] = {
    {"lr", DS_P_REAL, "1", 0, 2, DS_P_LO_OPEN, NULL, "multiple of Polyak's step, in (0, 2] (1: Polyak's)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int polyak_init(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                       long horizon, ds_err *err)
{
    (void)v;
    (void)x0;
    (void)horizon;
    polyak_state *s = state;
    if (!isfinite(p->f_star))
        return ds_fail(err, DS_ENOTSUP, "optimizer 'polyak': problem '%s' has no known f* (the step needs it)",
                       p->canon);
    s->f_star = p->f_star;
    return DS_OK;
}

static int polyak_step(void *state, ds_step *st)
{
    const polyak_state *s = state;
    double g2 = ds_dot(st->dim, st->g, st->g);
    double gap = ds_f(st->oracle, st->x) - s->f_star;
    if (!(g2 > 0) || !(gap > 0))
        return DS_OK;  /* at a minimizer: stay */
    ds_axpy(st->dim, -st->lr * gap / g2, st->g, st->x);
    return DS_OK;
}

static const char *const polyak_claims[] = {"polyak-nonsmooth", "polyak-sc", NULL};

const ds_optimizer_type ds_optimizer_polyak = {
    .name = "polyak",
    .doc = "Polyak's step x -= lr (f(x) - f*)/||g||^2 g (Polyak 1987); needs f*",
    .params = polyak_params,
    .state_size = sizeof(polyak_state),
    .init = polyak_init,
    .step = polyak_step,
    .claims = polyak_claims,
};
