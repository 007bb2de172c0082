/* cosine: torch.optim.lr_scheduler.CosineAnnealingLR (Loshchilov & Hutter
 * 2017, SGDR without restarts), in the chainable form torch's step() uses:
 *   lr_0 = lr
 *   lr_t = lr_{t-1} + (lr - eta_min)(1 - cos(pi/T_max))/2      when (t-1-T_max) % 2T_max == 0
 *   lr_t = (1 + cos(pi t/T_max)) / (1 + cos(pi (t-1)/T_max)) (lr_{t-1} - eta_min) + eta_min  otherwise
 * which equals eta_min + (lr - eta_min)(1 + cos(pi t/T_max))/2 up to rounding.
 * As in torch, past T_max the rate climbs back (period 2 T_max). */
#include <math.h>

#include "../core/schedule.h"
#include "../core/dmath.h"
#include "replay.h"

typedef struct {
    double base, eta_min, lr;
    long T, t;
    double cos_at;  /* cos(pi e_at / T), kept for the next step's denominator */
    long e_at;
} cosine_state;

_Static_assert(sizeof(cosine_state) <= DS_SCHEDULE_STATE_MAX, "state too large");

static const ds_param cosine_params[] = {
    {"T_max", DS_P_INT, "all", 1, 1e15, DS_P_ALL, NULL, "steps from lr down to eta_min (all: the run's length)"},
    {"eta_min", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "the rate reached at T_max"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int cosine_init(void *state, const ds_values *v, double base_lr, long horizon, ds_err *err)
{
    cosine_state *s = state;
    s->base = base_lr;
    s->eta_min = ds_num(v, "eta_min");
    s->T = ds_int(v, "T_max");
    if (s->T == 0)  /* all: the run's length (a run of no step still needs a valid T) */
        s->T = horizon > 0 ? horizon : 1;
    if (s->T < 1)
        return ds_fail(err, DS_EINVAL, "schedule 'cosine': T_max=%ld must be >= 1", s->T);
    if (!(s->eta_min >= 0) || !isfinite(s->eta_min))
        return ds_fail(err, DS_EINVAL, "schedule 'cosine': eta_min=%g must be finite and >= 0", s->eta_min);
    s->t = -1;
    s->e_at = -1;
    return DS_OK;
}

/* Python's (a % b) for b > 0: never negative. */
static long pymod(long a, long b)
{
    long r = a % b;
    return r < 0 ? r + b : r;
}

/* cos(pi e / T), correctly rounded as torch's (glibc's) is, and computed
 * once a step: the last step's numerator is this step's denominator. */
static double cos_at(cosine_state *s, long e)
{
    if (s->e_at != e) {
        s->cos_at = ds_cos_cr(M_PI * (double)e / (double)s->T);
        s->e_at = e;
    }
    return s->cos_at;
}

static void cosine_advance(void *state, long e)
{
    cosine_state *s = state;
    double T = (double)s->T;
    if (e == 0)
        s->lr = s->base;
    else if (pymod(e - 1 - s->T, 2 * s->T) == 0)
        /* the ratio below would divide by 1 + cos(pi) = 0 */
        s->lr = s->lr + (s->base - s->eta_min) * (1 - ds_cos_cr(M_PI / T)) / 2;
    else {
        double den = 1 + cos_at(s, e - 1), num = 1 + cos_at(s, e);  /* in this order: the cache holds e - 1 */
        s->lr = num / den * (s->lr - s->eta_min) + s->eta_min;
    }
}

static double cosine_lr(void *state, long t)
{
    cosine_state *s = state;
    ds_schedule_replay(s, &s->t, t, cosine_advance);
    return s->lr;
}

const ds_schedule_type ds_schedule_cosine = {
    .name = "cosine",
    .doc = "torch CosineAnnealingLR: eta_min + (lr - eta_min)(1 + cos(pi t/T_max))/2, chainable form",
    .params = cosine_params,
    .state_size = sizeof(cosine_state),
    .init = cosine_init,
    .lr = cosine_lr,
};
