/* polynomial: torch.optim.lr_scheduler.PolynomialLR, in its chainable form:
 *   lr_0 = lr
 *   lr_t = lr_{t-1} ((1 - t/T)/(1 - (t-1)/T))^power   for 1 <= t <= T
 *   lr_t = lr_{t-1}                                   for t > T
 * which equals lr (1 - min(t, T)/T)^power up to rounding, T = total_iters
 * (the run's length by default; torch's default is 5). */
#include <math.h>

#include "../core/schedule.h"
#include "../core/dmath.h"
#include "replay.h"

typedef struct {
    double base, power, lr;
    long T, t;
} polynomial_state;

_Static_assert(sizeof(polynomial_state) <= DS_SCHEDULE_STATE_MAX, "state too large");

static const ds_param polynomial_params[] = {
    {"total_iters", DS_P_INT, "all", 1, 1e15, DS_P_ALL, NULL, "steps to reach 0 (all: the run's length)"},
    {"power", DS_P_REAL, "1", 0, INFINITY, 0, NULL, "power of the polynomial"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int polynomial_init(void *state, const ds_values *v, double base_lr, long horizon, ds_err *err)
{
    polynomial_state *s = state;
    s->base = base_lr;
    s->power = ds_num(v, "power");
    s->T = ds_int(v, "total_iters");
    if (s->T == 0)
        s->T = horizon > 0 ? horizon : 1;
    if (!(s->power >= 0) || !isfinite(s->power))
        return ds_fail(err, DS_EINVAL, "schedule 'polynomial': power=%g must be finite and >= 0", s->power);
    s->t = -1;
    return DS_OK;
}

static void polynomial_advance(void *state, long e)
{
    polynomial_state *s = state;
    double T = (double)s->T;
    if (e == 0)
        s->lr = s->base;
    else if (e <= s->T)
        s->lr = s->lr * ds_pow((1.0 - (double)e / T) / (1.0 - (double)(e - 1) / T), s->power);
}

static double polynomial_lr(void *state, long t)
{
    polynomial_state *s = state;
    ds_schedule_replay(s, &s->t, t, polynomial_advance);
    return s->lr;
}

const ds_schedule_type ds_schedule_polynomial = {
    .name = "polynomial",
    .doc = "torch PolynomialLR: lr (1 - t/total_iters)^power, multiplied step by step",
    .params = polynomial_params,
    .state_size = sizeof(polynomial_state),
    .init = polynomial_init,
    .lr = polynomial_lr,
};
