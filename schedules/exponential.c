/* exponential: torch.optim.lr_scheduler.ExponentialLR, in its chainable
 * form: lr_0 = lr, lr_t = lr_{t-1} * gamma (closed form lr * gamma^t; the
 * product is kept step by step as torch's step() does). torch has no
 * default gamma; 0.99 here. */
#include <math.h>

#include "../core/schedule.h"
#include "replay.h"

typedef struct {
    double base, gamma, lr;
    long t;
} exponential_state;

_Static_assert(sizeof(exponential_state) <= DS_SCHEDULE_STATE_MAX, "state too large");

static const ds_param exponential_params[] = {
    {"gamma", DS_P_REAL, "0.99", 0, INFINITY, DS_P_LO_OPEN, NULL, "factor applied every step"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int exponential_init(void *state, const ds_values *v, double base_lr, long horizon, ds_err *err)
{
    (void)horizon;
    exponential_state *s = state;
    s->base = base_lr;
    s->gamma = ds_num(v, "gamma");
    if (!(s->gamma > 0))
        return ds_fail(err, DS_EINVAL, "schedule 'exponential': gamma=%g must be > 0", s->gamma);
    s->t = -1;
    return DS_OK;
}

static void exponential_advance(void *state, long e)
{
    exponential_state *s = state;
    s->lr = e == 0 ? s->base : s->lr * s->gamma;
}

static double exponential_lr(void *state, long t)
{
    exponential_state *s = state;
    ds_schedule_replay(s, &s->t, t, exponential_advance);
    return s->lr;
}

const ds_schedule_type ds_schedule_exponential = {
    .name = "exponential",
    .doc = "torch ExponentialLR: lr * gamma^t, multiplied step by step",
    .params = exponential_params,
    .state_size = sizeof(exponential_state),
    .init = exponential_init,
    .lr = exponential_lr,
};
