/* cosine_restarts: torch.optim.lr_scheduler.CosineAnnealingWarmRestarts
 * (SGDR, Loshchilov & Hutter 2017, eq. 5):
 *   lr_t = eta_min + (lr - eta_min)(1 + cos(pi T_cur/T_i))/2
 * T_cur counts steps since the last restart; a restart comes when T_cur
 * reaches T_i, after which T_i *= T_mult (T_0 the first period). Stepped
 * as torch's step() without an epoch argument. torch has no default T_0:
 * 10 here (the seed material's example). */
#include <limits.h>
#include <math.h>

#include "../core/schedule.h"
#include "../core/dmath.h"
#include "replay.h"

typedef struct {
    double base, eta_min;
    long T_0, T_mult, T_i, T_cur, t;
} restarts_state;

_Static_assert(sizeof(restarts_state) <= DS_SCHEDULE_STATE_MAX, "state too large");

static const ds_param restarts_params[] = {
    {"T_0", DS_P_INT, "10", 1, 1e15, 0, NULL, "steps before the first restart"},
    {"T_mult", DS_P_INT, "1", 1, 1e6, 0, NULL, "each period is T_mult times the previous one"},
    {"eta_min", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "the rate at the end of each period"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int restarts_init(void *state, const ds_values *v, double base_lr, long horizon, ds_err *err)
{
    (void)horizon;
    restarts_state *s = state;
    s->base = base_lr;
    s->T_0 = ds_int(v, "T_0");
    s->T_mult = ds_int(v, "T_mult");
    s->eta_min = ds_num(v, "eta_min");
    if (s->T_0 < 1)
        return ds_fail(err, DS_EINVAL, "schedule 'cosine_restarts': T_0=%ld must be >= 1", s->T_0);
    if (s->T_mult < 1)
        return ds_fail(err, DS_EINVAL, "schedule 'cosine_restarts': T_mult=%ld must be >= 1", s->T_mult);
    if (!(s->eta_min >= 0) || !isfinite(s->eta_min))
        return ds_fail(err, DS_EINVAL, "schedule 'cosine_restarts': eta_min=%g must be finite and >= 0",
                       s->eta_min);
    s->t = -1;
    return DS_OK;
}

static void restarts_advance(void *state, long e)
{
    restarts_state *s = state;
    if (e == 0) {
        s->T_cur = 0;
        s->T_i = s->T_0;
    } else if (++s->T_cur >= s->T_i) {
        s->T_cur -= s->T_i;
        /* a period beyond LONG_MAX steps never ends: keep it there */
        s->T_i = s->T_i > LONG_MAX / s->T_mult ? LONG_MAX : s->T_i * s->T_mult;
    }
}

static double restarts_lr(void *state, long t)
{
    restarts_state *s = state;
    ds_schedule_replay(s, &s->t, t, restarts_advance);
    return s->eta_min + (s->base - s->eta_min) * (1 + ds_cos(M_PI * (double)s->T_cur / (double)s->T_i)) / 2;
}

const ds_schedule_type ds_schedule_cosine_restarts = {
    .name = "cosine_restarts",
    .doc = "torch CosineAnnealingWarmRestarts (SGDR): cosine over periods T_0, T_0 T_mult, ...",
    .params = restarts_params,
    .state_size = sizeof(restarts_state),
    .init = restarts_init,
    .lr = restarts_lr,
};
