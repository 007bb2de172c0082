/* linear: torch.optim.lr_scheduler.LinearLR, in its chainable form:
 *   lr_0 = lr start_factor
 *   lr_t = lr_{t-1} (1 + (end - start)/(T start + (t-1)(end - start)))   for 1 <= t <= T
 *   lr_t = lr_{t-1}                                                   for t > T
 * which equals lr (start + (end - start) min(t, T)/T) up to rounding,
 * T = total_iters (the run's length by default; torch's default is 5). */
#include <math.h>

#include "../core/schedule.h"
#include "replay.h"

typedef struct {
    double base, start, end, lr;
    long T, t;
} linear_state;

_Static_assert(sizeof(linear_state) <= DS_SCHEDULE_STATE_MAX, "state too large");

static const ds_param linear_params[] = {
    {"start_factor", DS_P_REAL, "1/3", 0, 1, DS_P_LO_OPEN, NULL, "lr multiplier at step 0"},
    {"end_factor", DS_P_REAL, "1", 0, 1, 0, NULL, "lr multiplier from total_iters on"},
    {"total_iters", DS_P_INT, "all", 1, 1e15, DS_P_ALL, NULL, "steps of the change (all: the run's length)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int linear_init(void *state, const ds_values *v, double base_lr, long horizon, ds_err *err)
{
    linear_state *s = state;
    s->base = base_lr;
    s->start = ds_num(v, "start_factor");
    s->end = ds_num(v, "end_factor");
    s->T = ds_int(v, "total_iters");
    if (s->T == 0)
        s->T = horizon > 0 ? horizon : 1;
    if (!(s->start > 0 && s->start <= 1))
        return ds_fail(err, DS_EINVAL, "schedule 'linear': start_factor=%g must be in (0, 1]", s->start);
    if (!(s->end >= 0 && s->end <= 1))
        return ds_fail(err, DS_EINVAL, "schedule 'linear': end_factor=%g must be in [0, 1]", s->end);
    s->t = -1;
    return DS_OK;
}

static void linear_advance(void *state, long e)
{
    linear_state *s = state;
    if (e == 0)
        s->lr = s->base * s->start;
    else if (e <= s->T)
        s->lr = s->lr *
                (1. + (s->end - s->start) / ((double)s->T * s->start + (double)(e - 1) * (s->end - s->start)));
}

static double linear_lr(void *state, long t)
{
    linear_state *s = state;
    ds_schedule_replay(s, &s->t, t, linear_advance);
    return s->lr;
}

const ds_schedule_type ds_schedule_linear = {
    .name = "linear",
    .doc = "torch LinearLR: lr times a factor going linearly from start_factor to end_factor",
    .params = linear_params,
    .state_size = sizeof(linear_state),
    .init = linear_init,
    .lr = linear_lr,
};
