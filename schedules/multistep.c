/* multistep: torch.optim.lr_scheduler.MultiStepLR, in its chainable form.
 *   lr_0 = lr (times gamma if 0 is a milestone);
 *   lr_t = lr_{t-1} * gamma when t is a milestone, else lr_{t-1}
 * (closed form lr * gamma^(milestones <= t)). Milestones are whole,
 * strictly increasing step numbers: torch documents "must be increasing". */
#include <math.h>

#include "../core/schedule.h"
#include "replay.h"

/* Kept in the fixed-size schedule state. */
#define MULTISTEP_MAX 24

typedef struct {
    double base, gamma, lr;
    long t;       /* the step lr belongs to; -1 before the first call */
    size_t n, next;
    long m[MULTISTEP_MAX];
} multistep_state;

_Static_assert(sizeof(multistep_state) <= DS_SCHEDULE_STATE_MAX, "state too large");

static const ds_param multistep_params[] = {
    {"milestones", DS_P_LIST, "30;60;90", 0, 1e15, 0, NULL,
     "steps at which lr is multiplied by gamma (increasing, ';'-separated)"},
    {"gamma", DS_P_REAL, "0.1", 0, INFINITY, DS_P_LO_OPEN, NULL, "multiplicative factor of each decay"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int multistep_init(void *state, const ds_values *v, double base_lr, long horizon, ds_err *err)
{
    (void)horizon;
    multistep_state *s = state;
    size_t n;
    const double *m = ds_list(v, "milestones", &n);
    s->base = base_lr;
    s->gamma = ds_num(v, "gamma");
    if (!(s->gamma > 0))
        return ds_fail(err, DS_EINVAL, "schedule 'multistep': gamma=%g must be > 0", s->gamma);
    if (n > MULTISTEP_MAX)
        return ds_fail(err, DS_EINVAL, "schedule 'multistep': %zu milestones, at most %d", n, MULTISTEP_MAX);
    for (size_t i = 0; i < n; i++) {
        if (m[i] != floor(m[i]) || m[i] < 0)
            return ds_fail(err, DS_EINVAL, "schedule 'multistep': milestone %g is not a step number", m[i]);
        if (i > 0 && m[i] <= m[i - 1])
            return ds_fail(err, DS_EINVAL,
                           "schedule 'multistep': milestones must increase (%g after %g)", m[i], m[i - 1]);
        s->m[i] = (long)m[i];
    }
    s->n = n;
    s->t = -1;
    return DS_OK;
}

static void multistep_advance(void *state, long e)
{
    multistep_state *s = state;
    if (e == 0) {
        s->lr = s->base;
        s->next = 0;
    }
    if (s->next < s->n && s->m[s->next] == e) {
        s->lr = s->lr * s->gamma;
        s->next++;
    }
}

static double multistep_lr(void *state, long t)
{
    multistep_state *s = state;
    ds_schedule_replay(s, &s->t, t, multistep_advance);
    return s->lr;
}

const ds_schedule_type ds_schedule_multistep = {
    .name = "multistep",
    .doc = "torch MultiStepLR: lr * gamma^(number of milestones <= t)",
    .params = multistep_params,
    .state_size = sizeof(multistep_state),
    .init = multistep_init,
    .lr = multistep_lr,
};
