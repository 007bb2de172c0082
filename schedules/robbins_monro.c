/* robbins_monro: the step sizes of stochastic approximation (Robbins &
 * Monro 1951), lr_t = lr/(1 + t/tau)^p. For p in (0.5, 1] the sum of the
 * rates diverges and the sum of their squares converges, the classic
 * conditions for SGD to converge; p = 1 is the 1/t rate of strongly convex
 * SGD. Any p in (0, 1] is accepted: p = 1/2 (alpha/sqrt(t+1)) is the rate
 * of online convex optimization and of Adam's counterexample, although its
 * squares no longer sum. */
#include <math.h>

#include "../core/schedule.h"
#include "../core/dmath.h"

typedef struct {
    double base, tau, p;
} robbins_monro_state;

_Static_assert(sizeof(robbins_monro_state) <= DS_SCHEDULE_STATE_MAX, "state too large");

static const ds_param robbins_monro_params[] = {
    {"tau", DS_P_REAL, "1", 0, INFINITY, DS_P_LO_OPEN, NULL, "steps over which the rate halves (p = 1)"},
    {"p", DS_P_REAL, "1", 0, 1, DS_P_LO_OPEN, NULL, "decay exponent, in (0, 1]; (0.5, 1] meets Robbins-Monro"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int robbins_monro_init(void *state, const ds_values *v, double base_lr, long horizon, ds_err *err)
{
    (void)horizon;
    robbins_monro_state *s = state;
    s->base = base_lr;
    s->tau = ds_num(v, "tau");
    s->p = ds_num(v, "p");
    if (!(s->tau > 0) || !isfinite(s->tau))
        return ds_fail(err, DS_EINVAL, "schedule 'robbins_monro': tau=%g must be finite and > 0", s->tau);
    if (!(s->p > 0 && s->p <= 1))
        return ds_fail(err, DS_EINVAL, "schedule 'robbins_monro': p=%g must be in (0, 1]", s->p);
    return DS_OK;
}

static double robbins_monro_lr(void *state, long t)
{
    const robbins_monro_state *s = state;
    return s->base / ds_pow(1.0 + (double)t / s->tau, s->p);
}

const ds_schedule_type ds_schedule_robbins_monro = {
    .name = "robbins_monro",
    .doc = "Robbins & Monro 1951: lr/(1 + t/tau)^p, p in (0, 1]",
    .params = robbins_monro_params,
    .state_size = sizeof(robbins_monro_state),
    .init = robbins_monro_init,
    .lr = robbins_monro_lr,
};
