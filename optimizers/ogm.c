/* ogm: the optimized gradient method (Kim & Fessler 2016, Thm 2; Drori &
 * Teboulle 2014 found it numerically). For a horizon of N steps:
 *   theta_0 = 1, theta_{t+1} = (1 + sqrt(1 + 4 theta_t^2))/2 for t+1 < N,
 *   theta_N = (1 + sqrt(1 + 8 theta_{N-1}^2))/2;
 *   x_{t+1} = y_t - lr grad f(y_t)                          (lr default 1/L)
 *   y_{t+1} = x_{t+1} + ((theta_t - 1)/theta_{t+1})(x_{t+1} - x_t)
 *                     + (theta_t/theta_{t+1})(x_{t+1} - y_t),
 * with x_0 = y_0 = x0. The reported iterate (the runner's x) is y_t: the
 * theorem bounds f(y_N) - f* <= L R^2/(2 theta_N^2) <= L R^2/(N+1)^2, tight
 * (on L x^2/2 and on a Huber function) and optimal among first-order
 * methods (Drori 2017) -- THEORY ogm-convex. N defaults to the run's
 * budget T; past step N the "4" recursion continues from theta_N (a plain
 * accelerated method, no guarantee). */
#include <math.h>
#include <stdlib.h>

#include "../core/optimizer.h"
#include "../core/vec.h"
#include "sequences.h"

typedef struct {
    long N;
    double theta;     /* theta_t at step t */
    double *xk, *g;   /* x_t, gradient at y_t */
} ogm_state;

static const ds_param ogm_params[] = {
    {"lr", DS_P_REAL, "1/L", 0, INFINITY, DS_P_LO_OPEN, NULL, "step size (default 1/L)"},
    {"N", DS_P_REAL, "T", 1, 1e15, 0, NULL, "horizon: the step whose bound is optimized (default T, the budget)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int ogm_init(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                    long horizon, ds_err *err)
{
    (void)horizon;
    ogm_state *s = state;
    double N = ds_num(v, "N");
    if (N != floor(N))
        return ds_fail(err, DS_EINVAL, "optimizer 'ogm': N=%g must be a whole number of steps", N);
    s->N = (long)N;
    s->theta = 1.0;
    double **const vecs[] = {&s->xk, &s->g};
    int rc = ds_opt_vectors("ogm", p->dim, 2, vecs, err);
    if (rc)
        return rc;
    ds_copy(p->dim, x0, s->xk);
    return DS_OK;
}

static int ogm_step(void *state, ds_step *st)
{
    ogm_state *s = state;
    size_t n = st->dim;
    double *y = st->x;
    double th = s->theta;
    double next = st->t + 1 == s->N ? ds_theta_last(th) : ds_theta_next(th);
    double a = (th - 1.0) / next, b = th / next;
    ds_grad(st->oracle, y, s->g);
    for (size_t i = 0; i < n; i++) {
        double xn = y[i] - st->lr * s->g[i];
        y[i] = xn + a * (xn - s->xk[i]) + b * (xn - y[i]);
        s->xk[i] = xn;
    }
    s->theta = next;
    return DS_OK;
}

static void ogm_free(void *state)
{
    ogm_state *s = state;
    free(s->xk);
    free(s->g);
}

static const char *const ogm_claims[] = {"ogm-convex", "ogm-grad-norm", NULL};

const ds_optimizer_type ds_optimizer_ogm = {
    .name = "ogm",
    .doc = "optimized gradient method (Kim & Fessler 2016) for horizon N, reporting y_t",
    .params = ogm_params,
    .state_size = sizeof(ogm_state),
    .flags = DS_OPT_SELF | DS_OPT_FIXED_STEP,
    .init = ogm_init,
    .step = ogm_step,
    .free = ogm_free,
    .claims = ogm_claims,
};
