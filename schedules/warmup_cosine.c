/* warmup_cosine: linear warmup then cosine decay, the transformer schedule
 * of the course material (as in BERT, GPT and LLaMA training):
 *   lr_t = lr (t/warmup)                                                     t < warmup
 *   lr_t = eta_min + 0.5 (lr - eta_min)(1 + cos(pi (t - warmup)/(total - warmup)))   warmup <= t < total
 *   lr_t = eta_min                                                           t >= total
 * (the seed's warmup_cosine_schedule, evaluated in the same order). The
 * warmup starts from 0: the first step is taken with rate 0. */
#include <math.h>

#include "../core/schedule.h"
#include "../core/dmath.h"

typedef struct {
    double base, eta_min;
    long warmup, total;
} warmup_cosine_state;

_Static_assert(sizeof(warmup_cosine_state) <= DS_SCHEDULE_STATE_MAX, "state too large");

static const ds_param warmup_cosine_params[] = {
    {"warmup", DS_P_INT, "0", 0, 1e15, 0, NULL, "steps of linear warmup from 0 to lr"},
    {"total", DS_P_INT, "all", 1, 1e15, DS_P_ALL, NULL, "step at which eta_min is reached (all: the run's length)"},
    {"eta_min", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "final rate"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int warmup_cosine_init(void *state, const ds_values *v, double base_lr, long horizon, ds_err *err)
{
    warmup_cosine_state *s = state;
    s->base = base_lr;
    s->warmup = ds_int(v, "warmup");
    s->total = ds_int(v, "total");
    s->eta_min = ds_num(v, "eta_min");
    if (s->total == 0)
        s->total = horizon > s->warmup ? horizon : s->warmup + 1;
    if (s->warmup < 0 || s->warmup >= s->total)
        return ds_fail(err, DS_EINVAL, "schedule 'warmup_cosine': warmup=%ld must be in [0, total=%ld)",
                       s->warmup, s->total);
    if (!(s->eta_min >= 0) || !isfinite(s->eta_min))
        return ds_fail(err, DS_EINVAL, "schedule 'warmup_cosine': eta_min=%g must be finite and >= 0",
                       s->eta_min);
    return DS_OK;
}

static double warmup_cosine_lr(void *state, long t)
{
    const warmup_cosine_state *s = state;
    if (t < s->warmup)
        return s->base * ((double)t / (double)s->warmup);
    if (t >= s->total)
        return s->eta_min;
    double progress = (double)(t - s->warmup) / (double)(s->total - s->warmup);
    return s->eta_min + 0.5 * (s->base - s->eta_min) * (1 + ds_cos(M_PI * progress));
}

const ds_schedule_type ds_schedule_warmup_cosine = {
    .name = "warmup_cosine",
    .doc = "linear warmup from 0 over `warmup` steps, then cosine down to eta_min at `total`",
    .params = warmup_cosine_params,
    .state_size = sizeof(warmup_cosine_state),
    .init = warmup_cosine_init,
    .lr = warmup_cosine_lr,
};
