/* onecycle: torch.optim.lr_scheduler.OneCycleLR (Smith & Topin 2019,
 * "Super-convergence"; the two-phase form is fastai's, torch's default).
 *   initial = max_lr/div_factor, min = initial/final_div_factor
 *   two phases:   initial -> max_lr over steps [0, pct_start T - 1],
 *                 max_lr -> min over [pct_start T - 1, T - 1]
 *   three_phase:  initial -> max_lr -> initial (symmetric), then -> min
 * each by cos (end + (start - end)(1 + cos(pi pct))/2) or linear
 * annealing, pct the fraction of the phase done, T = total_steps.
 * max_lr defaults to the optimizer's lr. torch raises past T steps; here
 * the rate stays at min. As torch (cycle_momentum=True by default), the
 * momentum of SGD and RMSprop, or beta1 of the Adam family, moves against
 * the rate between max_momentum and base_momentum with the same annealing;
 * a method without a momentum keeps none (torch raises there). */
#include <math.h>

#include "../core/schedule.h"
#include "../core/dmath.h"

typedef struct {
    double initial, max, min;
    double base_m, max_m;  /* momentum bounds; NaN when it is not cycled */
    double end[3];  /* last step of each phase, as torch computes it */
    int nphase, linear;
    long total;
} onecycle_state;

_Static_assert(sizeof(onecycle_state) <= DS_SCHEDULE_STATE_MAX, "state too large");

static const ds_param onecycle_params[] = {
    {"max_lr", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "peak rate (0: the optimizer's lr)"},
    {"total_steps", DS_P_INT, "all", 1, 1e15, DS_P_ALL, NULL, "length of the cycle (all: the run's length)"},
    {"pct_start", DS_P_REAL, "0.3", 0, 1, 0, NULL, "fraction of the cycle spent increasing the rate"},
    {"anneal_strategy", DS_P_ENUM, "cos", 0, 0, 0, "cos|linear", "annealing within each phase"},
    {"div_factor", DS_P_REAL, "25", 0, INFINITY, DS_P_LO_OPEN, NULL, "initial rate = max_lr/div_factor"},
    {"final_div_factor", DS_P_REAL, "1e4", 0, INFINITY, DS_P_LO_OPEN, NULL,
     "final rate = initial rate/final_div_factor"},
    {"three_phase", DS_P_BOOL, "0", 0, 1, 0, NULL, "go back to the initial rate before annihilating (Smith's form)"},
    {"cycle_momentum", DS_P_BOOL, "1", 0, 1, 0, NULL,
     "cycle the optimizer's momentum (SGD, RMSprop) or beta1 (Adam family) inversely to the rate, as torch"},
    {"base_momentum", DS_P_REAL, "0.85", 0, 1, 0, NULL, "momentum at the peak rate"},
    {"max_momentum", DS_P_REAL, "0.95", 0, 1, 0, NULL, "momentum at the lowest rates"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int onecycle_init(void *state, const ds_values *v, double base_lr, long horizon, ds_err *err)
{
    onecycle_state *s = state;
    double max_lr = ds_num(v, "max_lr");
    if (max_lr == 0)
        max_lr = base_lr;
    double pct = ds_num(v, "pct_start"), div = ds_num(v, "div_factor"), fdiv = ds_num(v, "final_div_factor");
    s->total = ds_int(v, "total_steps");
    if (s->total == 0)
        s->total = horizon > 0 ? horizon : 1;
    if (!(max_lr > 0) || !isfinite(max_lr))
        return ds_fail(err, DS_EINVAL, "schedule 'onecycle': max_lr=%g must be finite and > 0", max_lr);
    if (!(pct >= 0 && pct <= 1))
        return ds_fail(err, DS_EINVAL, "schedule 'onecycle': pct_start=%g must be in [0, 1]", pct);
    if (!(div > 0) || !(fdiv > 0))
        return ds_fail(err, DS_EINVAL, "schedule 'onecycle': div_factor=%g and final_div_factor=%g must be > 0",
                       div, fdiv);
    s->max = max_lr;
    s->initial = max_lr / div;
    s->min = s->initial / fdiv;
    s->linear = ds_enum(v, "anneal_strategy") == 1;
    s->base_m = s->max_m = NAN;
    if (ds_bool(v, "cycle_momentum"))
        s->base_m = ds_num(v, "base_momentum"), s->max_m = ds_num(v, "max_momentum");
    double T = (double)s->total;
    if (ds_bool(v, "three_phase")) {
        s->nphase = 3;
        s->end[0] = pct * T - 1;
        s->end[1] = 2 * pct * T - 2;
        s->end[2] = T - 1;
    } else {
        s->nphase = 2;
        s->end[0] = pct * T - 1;
        s->end[1] = T - 1;
    }
    /* torch divides by each phase's length: a zero length has no rate */
    double start = 0;
    for (int i = 0; i < s->nphase; i++) {
        if (s->end[i] == start)
            return ds_fail(err, DS_EINVAL,
                           "schedule 'onecycle': pct_start=%g with total_steps=%ld leaves phase %d with no step",
                           pct, s->total, i + 1);
        start = s->end[i];
    }
    return DS_OK;
}

static double anneal(const onecycle_state *s, double start, double end, double pct)
{
    if (s->linear)
        return (end - start) * pct + start;
    double cos_out = ds_cos(M_PI * pct) + 1;
    return end + (start - end) / 2.0 * cos_out;
}

/* The value at step t of a quantity that goes from a[i] to b[i] over
 * phase i, as torch's OneCycleLR walks its phases. */
static double in_phases(const onecycle_state *s, long t, const double *a, const double *b)
{
    double step = (double)t, start = 0;
    for (int i = 0; i < s->nphase; i++) {
        if (step <= s->end[i] || i == s->nphase - 1)
            return anneal(s, a[i], b[i], (step - start) / (s->end[i] - start));
        start = s->end[i];
    }
    return b[s->nphase - 1];
}

static double onecycle_lr(void *state, long t)
{
    const onecycle_state *s = state;
    if (t > s->total)
        return s->min;
    /* phase i goes from rate a[i] to b[i] */
    double a[3] = {s->initial, s->max, s->initial}, b[3] = {s->max, s->min, 0};
    if (s->nphase == 3)
        b[1] = s->initial, b[2] = s->min;
    return in_phases(s, t, a, b);
}

/* torch: the momentum moves against the rate, max -> base while the rate
 * climbs, base -> max while it falls (and stays at max in a third phase). */
static double onecycle_momentum(void *state, long t)
{
    const onecycle_state *s = state;
    if (isnan(s->max_m) || t > s->total)
        return s->max_m;
    double a[3] = {s->max_m, s->base_m, s->max_m}, b[3] = {s->base_m, s->max_m, s->max_m};
    return in_phases(s, t, a, b);
}

const ds_schedule_type ds_schedule_onecycle = {
    .name = "onecycle",
    .doc = "torch OneCycleLR: max_lr/div_factor up to max_lr, then down to 1/final_div_factor of the start",
    .params = onecycle_params,
    .state_size = sizeof(onecycle_state),
    .init = onecycle_init,
    .lr = onecycle_lr,
    .momentum = onecycle_momentum,
};
