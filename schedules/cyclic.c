/* cyclic: torch.optim.lr_scheduler.CyclicLR (Smith 2017, "Cyclical
 * learning rates for training neural networks").
 *   cycle = floor(1 + t/(up + down)), x = 1 + t/(up + down) - cycle
 *   s = x/r if x <= r else (x - 1)/(r - 1),  r = up/(up + down)
 *   lr_t = base_lr + (max_lr - base_lr) s scale
 * scale = 1 (triangular), 1/2^(cycle-1) (triangular2), gamma^t (exp_range).
 * base_lr defaults to the optimizer's lr (torch starts there), max_lr to
 * 4 base_lr (Smith: base_lr a third to a quarter of max_lr). As torch
 * (cycle_momentum=True by default), the momentum of SGD and RMSprop, or
 * beta1 of the Adam family, moves against the rate:
 *   m_t = max_momentum - (max_momentum - base_momentum) s scale;
 * a method without a momentum keeps none (torch raises there). */
#include <math.h>

#include "../core/schedule.h"
#include "../core/dmath.h"

typedef struct {
    double base, max, total, ratio, gamma;
    double base_m, max_m;  /* momentum bounds; NaN when it is not cycled */
    int mode;
} cyclic_state;

_Static_assert(sizeof(cyclic_state) <= DS_SCHEDULE_STATE_MAX, "state too large");

enum { TRIANGULAR, TRIANGULAR2, EXP_RANGE };

static const ds_param cyclic_params[] = {
    {"base_lr", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "lower bound of the cycle (0: the optimizer's lr)"},
    {"max_lr", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "upper bound of the cycle (0: 4 base_lr)"},
    {"step_size_up", DS_P_INT, "2000", 1, 1e15, 0, NULL, "steps in the increasing half of a cycle"},
    {"step_size_down", DS_P_INT, "0", 0, 1e15, 0, NULL, "steps in the decreasing half (0: step_size_up)"},
    {"mode", DS_P_ENUM, "triangular", 0, 0, 0, "triangular|triangular2|exp_range",
     "amplitude: constant, halved every cycle, or times gamma^t"},
    {"gamma", DS_P_REAL, "1", 0, INFINITY, DS_P_LO_OPEN, NULL, "exp_range: amplitude factor per step"},
    {"cycle_momentum", DS_P_BOOL, "1", 0, 1, 0, NULL,
     "cycle the optimizer's momentum (SGD, RMSprop) or beta1 (Adam family) inversely to the rate, as torch"},
    {"base_momentum", DS_P_REAL, "0.8", 0, 1, 0, NULL, "momentum at the top of the rate"},
    {"max_momentum", DS_P_REAL, "0.9", 0, 1, 0, NULL, "momentum at the bottom of the rate"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int cyclic_init(void *state, const ds_values *v, double base_lr, long horizon, ds_err *err)
{
    (void)horizon;
    cyclic_state *s = state;
    s->base = ds_num(v, "base_lr");
    if (s->base == 0)
        s->base = base_lr;
    s->max = ds_num(v, "max_lr");
    if (s->max == 0)
        s->max = 4 * s->base;
    long up = ds_int(v, "step_size_up"), down = ds_int(v, "step_size_down");
    if (down == 0)
        down = up;
    s->gamma = ds_num(v, "gamma");
    s->mode = ds_enum(v, "mode");
    s->base_m = s->max_m = NAN;
    if (ds_bool(v, "cycle_momentum"))
        s->base_m = ds_num(v, "base_momentum"), s->max_m = ds_num(v, "max_momentum");
    if (up < 1)
        return ds_fail(err, DS_EINVAL, "schedule 'cyclic': step_size_up=%ld must be >= 1", up);
    if (!(s->gamma > 0))
        return ds_fail(err, DS_EINVAL, "schedule 'cyclic': gamma=%g must be > 0", s->gamma);
    if (!isfinite(s->base) || !isfinite(s->max))
        return ds_fail(err, DS_EINVAL, "schedule 'cyclic': base_lr=%g and max_lr=%g must be finite", s->base,
                       s->max);
    s->total = (double)up + (double)down;
    s->ratio = (double)up / s->total;
    return DS_OK;
}

/* The position in the cycle, f in [0, 1], and the amplitude's scale. */
static void cyclic_phase(const cyclic_state *s, long t, double *f, double *scale)
{
    double e = (double)t;
    double cycle = floor(1 + e / s->total);
    double x = 1. + e / s->total - cycle;
    *f = x <= s->ratio ? x / s->ratio : (x - 1) / (s->ratio - 1);
    *scale = s->mode == TRIANGULAR2 ? 1 / ds_pow(2., cycle - 1) : s->mode == EXP_RANGE ? ds_pow(s->gamma, e) : 1.;
}

static double cyclic_lr(void *state, long t)
{
    const cyclic_state *s = state;
    double f, scale;
    cyclic_phase(s, t, &f, &scale);
    double height = (s->max - s->base) * f;
    return s->base + height * scale;
}

static double cyclic_momentum(void *state, long t)
{
    const cyclic_state *s = state;
    if (isnan(s->max_m))
        return NAN;
    double f, scale;
    cyclic_phase(s, t, &f, &scale);
    double height = (s->max_m - s->base_m) * f;
    return s->max_m - height * scale;
}

const ds_schedule_type ds_schedule_cyclic = {
    .name = "cyclic",
    .doc = "torch CyclicLR: triangular waves between base_lr and max_lr (triangular, triangular2, exp_range)",
    .params = cyclic_params,
    .state_size = sizeof(cyclic_state),
    .init = cyclic_init,
    .lr = cyclic_lr,
    .momentum = cyclic_momentum,
};
