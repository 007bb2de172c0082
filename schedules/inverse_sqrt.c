/* inverse_sqrt: the schedule of "Attention is all you need" (Vaswani et
 * al. 2017, eq. 3), d^-0.5 min(t^-0.5, t warmup^-1.5), rescaled so that
 * its peak, at t = warmup, is the optimizer's lr:
 *   lr_t = lr t/warmup             t < warmup
 *   lr_t = lr sqrt(warmup/t)       t >= warmup
 * i.e. lr min(t/warmup, sqrt(warmup/t)) with t the 0-based step, so the
 * first step has rate 0 (fairseq's inverse_sqrt with warmup_init_lr = 0).
 * warmup defaults to the paper's 4000. */
#include <math.h>

#include "../core/schedule.h"

typedef struct {
    double base;
    long warmup;
} inverse_sqrt_state;

_Static_assert(sizeof(inverse_sqrt_state) <= DS_SCHEDULE_STATE_MAX, "state too large");

static const ds_param inverse_sqrt_params[] = {
    {"warmup", DS_P_INT, "4000", 1, 1e15, 0, NULL, "steps of linear warmup; the peak lr is reached there"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int inverse_sqrt_init(void *state, const ds_values *v, double base_lr, long horizon, ds_err *err)
{
    (void)horizon;
    inverse_sqrt_state *s = state;
    s->base = base_lr;
    s->warmup = ds_int(v, "warmup");
    if (s->warmup < 1)
        return ds_fail(err, DS_EINVAL, "schedule 'inverse_sqrt': warmup=%ld must be >= 1", s->warmup);
    return DS_OK;
}

static double inverse_sqrt_lr(void *state, long t)
{
    const inverse_sqrt_state *s = state;
    if (t < s->warmup)
        return s->base * ((double)t / (double)s->warmup);
    return s->base * sqrt((double)s->warmup / (double)t);
}

const ds_schedule_type ds_schedule_inverse_sqrt = {
    .name = "inverse_sqrt",
    .doc = "Vaswani et al. 2017: lr min(t/warmup, sqrt(warmup/t)), peak lr at t = warmup",
    .params = inverse_sqrt_params,
    .state_size = sizeof(inverse_sqrt_state),
    .init = inverse_sqrt_init,
    .lr = inverse_sqrt_lr,
};
