/* wsd: warmup-stable-decay (Hu et al. 2024, MiniCPM; Hägele et al. 2024
 * for the length of the decay): with D = round(decay total) decay steps
 * starting at S = total - D,
 *   lr_t = lr t/warmup                       t < warmup
 *   lr_t = lr                                warmup <= t < S
 *   lr_t = eta_min + (lr - eta_min) a(p)     S <= t < total,  p = (t - S)/D
 *   lr_t = eta_min                           t >= total
 * a(p) = 1 - p (linear) or (1 + cos(pi p))/2 (cos). Hägele et al. find a
 * decay over the last 20% matching a cosine schedule: the default. */
#include <math.h>

#include "../core/schedule.h"
#include "../core/dmath.h"

typedef struct {
    double base, eta_min;
    long warmup, total, S, D;
    int cos;
} wsd_state;

_Static_assert(sizeof(wsd_state) <= DS_SCHEDULE_STATE_MAX, "state too large");

static const ds_param wsd_params[] = {
    {"warmup", DS_P_INT, "0", 0, 1e15, 0, NULL, "steps of linear warmup from 0 to lr"},
    {"decay", DS_P_REAL, "0.2", 0, 1, 0, NULL, "fraction of total spent decaying, at the end"},
    {"total", DS_P_INT, "all", 1, 1e15, DS_P_ALL, NULL, "step at which eta_min is reached (all: the run's length)"},
    {"anneal_strategy", DS_P_ENUM, "linear", 0, 0, 0, "linear|cos", "shape of the decay"},
    {"eta_min", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "final rate"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int wsd_init(void *state, const ds_values *v, double base_lr, long horizon, ds_err *err)
{
    wsd_state *s = state;
    double decay = ds_num(v, "decay");
    s->base = base_lr;
    s->warmup = ds_int(v, "warmup");
    s->total = ds_int(v, "total");
    s->eta_min = ds_num(v, "eta_min");
    s->cos = ds_enum(v, "anneal_strategy") == 1;
    if (s->total == 0)
        s->total = horizon > 0 ? horizon : 1;
    if (!(decay >= 0 && decay <= 1))
        return ds_fail(err, DS_EINVAL, "schedule 'wsd': decay=%g must be a fraction in [0, 1]", decay);
    if (!(s->eta_min >= 0) || !isfinite(s->eta_min))
        return ds_fail(err, DS_EINVAL, "schedule 'wsd': eta_min=%g must be finite and >= 0", s->eta_min);
    s->D = (long)round(decay * (double)s->total);
    s->S = s->total - s->D;
    if (s->warmup < 0 || s->warmup > s->S)
        return ds_fail(err, DS_EINVAL,
                       "schedule 'wsd': warmup=%ld overlaps the decay (the last %ld of total=%ld steps)",
                       s->warmup, s->D, s->total);
    return DS_OK;
}

static double wsd_lr(void *state, long t)
{
    const wsd_state *s = state;
    if (t < s->warmup)
        return s->base * ((double)t / (double)s->warmup);
    if (t < s->S)
        return s->base;
    if (t >= s->total)
        return s->eta_min;
    double p = (double)(t - s->S) / (double)s->D;
    double a = s->cos ? (1 + ds_cos(M_PI * p)) / 2 : 1 - p;
    return s->eta_min + (s->base - s->eta_min) * a;
}

const ds_schedule_type ds_schedule_wsd = {
    .name = "wsd",
    .doc = "warmup-stable-decay: linear warmup, constant lr, then a linear or cosine decay over the last `decay` of total",
    .params = wsd_params,
    .state_size = sizeof(wsd_state),
    .init = wsd_init,
    .lr = wsd_lr,
};
