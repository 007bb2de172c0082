/* lr_range: the exponential sweep of the learning-rate range test (Smith
 * 2017, sec. 3.3; the fastai and torch-lr-finder finders):
 *   lr_t = start (end/start)^(t/(steps - 1))   t < steps,   end after
 * so the sweep's first step uses `start` and its last `end`. The
 * optimizer's lr is not used. `descent lrfind` runs it. */
#include <math.h>

#include "../core/schedule.h"
#include "../core/dmath.h"

typedef struct {
    double start, end;
    long steps;
} lr_range_state;

_Static_assert(sizeof(lr_range_state) <= DS_SCHEDULE_STATE_MAX, "state too large");

static const ds_param lr_range_params[] = {
    {"start", DS_P_REAL, "1e-8", 0, INFINITY, DS_P_LO_OPEN, NULL, "first rate of the sweep"},
    {"end", DS_P_REAL, "10", 0, INFINITY, DS_P_LO_OPEN, NULL, "last rate of the sweep"},
    {"steps", DS_P_INT, "100", 2, 1e15, 0, NULL, "steps of the sweep"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int lr_range_init(void *state, const ds_values *v, double base_lr, long horizon, ds_err *err)
{
    (void)base_lr;
    (void)horizon;
    lr_range_state *s = state;
    s->start = ds_num(v, "start");
    s->end = ds_num(v, "end");
    s->steps = ds_int(v, "steps");
    if (!(s->start > 0) || !(s->end > s->start) || !isfinite(s->end))
        return ds_fail(err, DS_EINVAL, "schedule 'lr_range': needs 0 < start < end (got start=%g, end=%g)",
                       s->start, s->end);
    if (s->steps < 2)
        return ds_fail(err, DS_EINVAL, "schedule 'lr_range': steps=%ld must be >= 2", s->steps);
    return DS_OK;
}

static double lr_range_lr(void *state, long t)
{
    const lr_range_state *s = state;
    if (t >= s->steps - 1)
        return s->end;
    return s->start * ds_pow(s->end / s->start, (double)t / (double)(s->steps - 1));
}

const ds_schedule_type ds_schedule_lr_range = {
    .name = "lr_range",
    .doc = "LR range test sweep: start (end/start)^(t/(steps-1)), ignoring the optimizer's lr",
    .params = lr_range_params,
    .state_size = sizeof(lr_range_state),
    .init = lr_range_init,
    .lr = lr_range_lr,
};
