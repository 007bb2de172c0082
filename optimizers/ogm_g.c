/* ogm_g: OGM-G, the optimized gradient method for the gradient norm (Kim &
 * Fessler 2021, Sec 6.3, Thm 6.1), as PEPit's optimized_gradient_for_gradient.py
 * writes it. For a horizon of N steps, theta~ is built in reverse:
 *   theta~_N = 1, theta~_t = (1 + sqrt(1 + 4 theta~_{t+1}^2))/2 (1 <= t < N),
 *   theta~_0 = (1 + sqrt(1 + 8 theta~_1^2))/2;
 *   y_{t+1} = x_t - lr grad f(x_t)                          (lr default 1/L)
 *   x_{t+1} = y_{t+1} + ((theta~_t - 1)(2 theta~_{t+1} - 1))/(theta~_t (2 theta~_t - 1)) (y_{t+1} - y_t)
 *                     + ((2 theta~_{t+1} - 1)/(2 theta~_t - 1)) (y_{t+1} - x_t),
 * with y_0 = x_0 = x0. The gradient is taken at x_t, the reported iterate,
 * so the runner supplies it. Tight bound (THEORY ogmg-grad):
 *   ||grad f(x_N)||^2 <= 2 L (f(x0) - f*)/theta~_0^2.
 * N defaults to the run's budget T; past step N the method is plain GD
 * (theta~_t = 1 gives zero momentum). */
#include <math.h>
#include <stdlib.h>

#include "../core/optimizer.h"
#include "../core/vec.h"
#include "sequences.h"

typedef struct {
    long N;
    double *th;   /* theta~_0..theta~_N */
    double *yk;   /* y_t */
} ogmg_state;

static const ds_param ogmg_params[] = {
    {"lr", DS_P_REAL, "1/L", 0, INFINITY, DS_P_LO_OPEN, NULL, "step size (default 1/L)"},
    {"N", DS_P_REAL, "T", 1, 1e9, 0, NULL, "horizon: the step whose gradient is minimized (default T, the budget)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int ogmg_init(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                     long horizon, ds_err *err)
{
    (void)horizon;
    ogmg_state *s = state;
    double N = ds_num(v, "N");
    if (N != floor(N))
        return ds_fail(err, DS_EINVAL, "optimizer 'ogm_g': N=%g must be a whole number of steps", N);
    s->N = (long)N;
    int rc = ds_check_alloc((size_t)s->N + 1, sizeof(double), "optimizer 'ogm_g'", err);
    if (rc)
        return rc;
    s->th = malloc(((size_t)s->N + 1) * sizeof(double));
    if (!s->th)
        return ds_fail(err, DS_ENOMEM, "out of memory");
    double **const vecs[] = {&s->yk};
    if ((rc = ds_opt_vectors("ogm_g", p->dim, 1, vecs, err)))
        return rc;
    ds_ogmg_theta_fill(s->N, s->th);
    ds_copy(p->dim, x0, s->yk);
    return DS_OK;
}

static int ogmg_step(void *state, ds_step *st)
{
    ogmg_state *s = state;
    size_t n = st->dim;
    double *x = st->x;
    const double *g = st->g;
    double a = 0.0, b = 0.0;
    if (st->t < s->N) {
        double th = s->th[st->t], th1 = s->th[st->t + 1];
        a = (th - 1.0) * (2.0 * th1 - 1.0) / (th * (2.0 * th - 1.0));
        b = (2.0 * th1 - 1.0) / (2.0 * th - 1.0);
    }
    for (size_t i = 0; i < n; i++) {
        double yn = x[i] - st->lr * g[i];
        x[i] = yn + a * (yn - s->yk[i]) + b * (yn - x[i]);
        s->yk[i] = yn;
    }
    return DS_OK;
}

static void ogmg_free(void *state)
{
    ogmg_state *s = state;
    free(s->th);
    free(s->yk);
}

static const char *const ogmg_claims[] = {"ogmg-grad", NULL};

const ds_optimizer_type ds_optimizer_ogm_g = {
    .name = "ogm_g",
    .doc = "OGM-G (Kim & Fessler 2021): minimizes ||grad f(x_N)|| for horizon N",
    .params = ogmg_params,
    .state_size = sizeof(ogmg_state),
    .flags = DS_OPT_FIXED_STEP,
    .init = ogmg_init,
    .step = ogmg_step,
    .free = ogmg_free,
    .claims = ogmg_claims,
};
