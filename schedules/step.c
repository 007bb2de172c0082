/* step: torch.optim.lr_scheduler.StepLR, in its chainable form.
 *   lr_0 = lr;  lr_t = lr_{t-1} * gamma when t % step_size == 0, else lr_{t-1}
 * (closed form lr * gamma^floor(t / step_size); the product is kept
 * step by step, as torch's step() does, so values agree to the rounding). */
#include <math.h>

#include "../core/schedule.h"
#include "replay.h"

typedef struct {
    double base, gamma, lr;
    long step_size;
    long t;  /* the step lr belongs to; -1 before the first call */
} step_state;

_Static_assert(sizeof(step_state) <= DS_SCHEDULE_STATE_MAX, "state too large");

static const ds_param step_params[] = {
    {"step_size", DS_P_INT, "30", 1, 1e15, 0, NULL, "decay every step_size steps"},
    {"gamma", DS_P_REAL, "0.1", 0, INFINITY, DS_P_LO_OPEN, NULL, "multiplicative factor of the decay"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int step_init(void *state, const ds_values *v, double base_lr, long horizon, ds_err *err)
{
    (void)horizon;
    step_state *s = state;
    s->base = base_lr;
    s->step_size = ds_int(v, "step_size");
    s->gamma = ds_num(v, "gamma");
    if (s->step_size < 1)
        return ds_fail(err, DS_EINVAL, "schedule 'step': step_size=%ld must be >= 1", s->step_size);
    if (!(s->gamma > 0))
        return ds_fail(err, DS_EINVAL, "schedule 'step': gamma=%g must be > 0", s->gamma);
    s->t = -1;
    return DS_OK;
}

static void step_advance(void *state, long e)
{
    step_state *s = state;
    if (e == 0)
        s->lr = s->base;
    else if (e % s->step_size == 0)
        s->lr = s->lr * s->gamma;
}

static double step_lr(void *state, long t)
{
    step_state *s = state;
    ds_schedule_replay(s, &s->t, t, step_advance);
    return s->lr;
}

const ds_schedule_type ds_schedule_step = {
    .name = "step",
    .doc = "torch StepLR: lr * gamma^floor(t/step_size), multiplied step by step",
    .params = step_params,
    .state_size = sizeof(step_state),
    .init = step_init,
    .lr = step_lr,
};
