/* agd: Nesterov's accelerated gradient, three momentum sequences. The
 * gradient is taken at the extrapolated point y; the reported iterate (the
 * runner's x, whose f is recorded) is x_t. With x_0 = y_0 = x0 (x_{-1} = x0),
 * at step t = 0, 1, ...:
 *   x_{t+1} = y_t - lr grad f(y_t)                         (lr default 1/L)
 *   y_{t+1} = x_{t+1} + m_t (x_{t+1} - x_t)
 * with the momentum m_t of the variant:
 *   fista: m_t = (lambda_{t+1} - 1)/lambda_{t+2}, lambda_1 = 1,
 *          lambda_{k+1} = (1 + sqrt(4 lambda_k^2 + 1))/2.
 *          f(x_N) - f* <= L R^2/(2 lambda_N^2) <= 2 L R^2/(N+1)^2
 *          (Beck & Teboulle 2009, Thm 4.4; THEORY agd-convex).
 *   t3:    m_t = t/(t+3) (so y_1 = x_1: the first step is plain GD), as in
 *          PEPit's accelerated_gradient_convex.py.
 *          f(x_N) - f* <= 2 L R^2/((N+2)(N+3)) (Taylor, Hendrickx & Glineur
 *          2017; THEORY agd-t3-convex).
 *   sc:    m_t = (sqrt(kappa) - 1)/(sqrt(kappa) + 1), constant.
 *          f(x_N) - f* <= (1 - 1/sqrt(kappa))^N (f(x0) - f* + mu R^2/2)
 *          (d'Aspremont, Scieur & Taylor 2021, Cor 4.15; THEORY agd-sc).
 * FISTA's index shift: x_{t+1} here is Beck & Teboulle's x_{t+1}, computed
 * from y_{t+1} (their indices start at y_1 = x_0), and lambda_{t+1} is the
 * lambda of that step, so after N steps the bound is L R^2/(2 lambda_N^2). */
#include <math.h>
#include <stdlib.h>

#include "../core/optimizer.h"
#include "../core/vec.h"
#include "sequences.h"

enum { AGD_FISTA, AGD_T3, AGD_SC };

typedef struct {
    int variant;
    double lambda;    /* fista: lambda_{t+1} at step t */
    double momentum;  /* sc: the constant momentum */
    double *y, *g;    /* extrapolated point, gradient at y */
    double *xprev;    /* x_t before the step */
} agd_state;

static const ds_param agd_params[] = {
    {"lr", DS_P_REAL, "1/L", 0, INFINITY, DS_P_LO_OPEN, NULL, "step size (default 1/L)"},
    {"variant", DS_P_ENUM, "fista", 0, 0, 0, "fista|t3|sc",
     "momentum: FISTA's lambda sequence, t/(t+3), or (sqrt(kappa)-1)/(sqrt(kappa)+1)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int agd_init(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                    long horizon, ds_err *err)
{
    (void)horizon;
    agd_state *s = state;
    s->variant = ds_enum(v, "variant");
    s->lambda = 1.0;
    if (s->variant == AGD_SC) {
        if (!(p->mu > 0) || !(p->L > 0))
            return ds_fail(err, DS_EINVAL,
                           "optimizer 'agd': variant=sc needs mu > 0, and problem '%s' has mu=%g",
                           p->canon, p->mu);
        double sk = sqrt(p->L / p->mu);
        s->momentum = (sk - 1.0) / (sk + 1.0);
    }
    double **const vecs[] = {&s->y, &s->g, &s->xprev};
    int rc = ds_opt_vectors("agd", p->dim, 3, vecs, err);
    if (rc)
        return rc;
    ds_copy(p->dim, x0, s->y);
    return DS_OK;
}

static int agd_step(void *state, ds_step *st)
{
    agd_state *s = state;
    size_t n = st->dim;
    double *x = st->x;
    double m;
    switch (s->variant) {
    case AGD_FISTA: {
        double next = ds_theta_next(s->lambda);
        m = (s->lambda - 1.0) / next;
        s->lambda = next;
        break;
    }
    case AGD_T3:
        m = (double)st->t / ((double)st->t + 3.0);
        break;
    default:
        m = s->momentum;
    }
    ds_grad(st->oracle, s->y, s->g);
    ds_copy(n, x, s->xprev);
    for (size_t i = 0; i < n; i++) {
        double xn = s->y[i] - st->lr * s->g[i];
        s->y[i] = xn + m * (xn - s->xprev[i]);
        x[i] = xn;
    }
    return DS_OK;
}

static void agd_free(void *state)
{
    agd_state *s = state;
    free(s->y);
    free(s->g);
    free(s->xprev);
}

static const char *const agd_claims[] = {"agd-convex", "agd-t3-convex", "agd-sc", NULL};

const ds_optimizer_type ds_optimizer_agd = {
    .name = "agd",
    .doc = "Nesterov's accelerated gradient at y, reporting x: fista (default), t3 = t/(t+3), sc",
    .params = agd_params,
    .state_size = sizeof(agd_state),
    .flags = DS_OPT_SELF | DS_OPT_FIXED_STEP,
    .init = agd_init,
    .step = agd_step,
    .free = agd_free,
    .claims = agd_claims,
};
