/* itm: the information-theoretic exact method, ITEM (Taylor & Drori 2022,
 * Thm 3), as PEPit's information_theoretic_exact_method.py writes it. With
 * q = mu/L, A_0 = 0 and z_0 = x_0 = x0, at step t:
 *   A_{t+1} = [(1+q)A_t + 2(1 + sqrt((1+A_t)(1+q A_t)))]/(1-q)^2
 *   beta_t  = A_t/((1-q) A_{t+1})
 *   delta_t = ((1-q)^2 A_{t+1} - (1+q) A_t)/(2(1 + q + q A_t))
 *   y_t     = (1-beta_t) z_t + beta_t x_t
 *   x_{t+1} = y_t - grad f(y_t)/L
 *   z_{t+1} = (1 - q delta_t) z_t + q delta_t y_t - (delta_t/L) grad f(y_t).
 * The reported iterate is z_t, the point the tight bound is about
 * (THEORY item): ||z_N - x*||^2 <= R^2/(1 + q A_N). The steps use the
 * problem's L and mu (mu may be 0: then q = 0 and the method is a
 * convex-case accelerated method). */
#include <math.h>
#include <stdlib.h>

#include "../core/optimizer.h"
#include "../core/vec.h"
#include "sequences.h"

typedef struct {
    double q, L, A;
    double *xk, *y, *g;
} itm_state;

static const ds_param itm_params[] = {
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int itm_init(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                    long horizon, ds_err *err)
{
    (void)v;
    (void)horizon;
    itm_state *s = state;
    if (!(p->L > 0) || !isfinite(p->L) || !(p->mu >= 0) || !(p->mu < p->L))
        return ds_fail(err, DS_EINVAL, "optimizer 'itm' needs 0 <= mu < L, and problem '%s' has mu=%g, L=%g",
                       p->canon, p->mu, p->L);
    s->q = p->mu / p->L;
    s->L = p->L;
    s->A = 0.0;
    double **const vecs[] = {&s->xk, &s->y, &s->g};
    int rc = ds_opt_vectors("itm", p->dim, 3, vecs, err);
    if (rc)
        return rc;
    ds_copy(p->dim, x0, s->xk);
    return DS_OK;
}

static int itm_step(void *state, ds_step *st)
{
    itm_state *s = state;
    double q = s->q, A = s->A, An = ds_item_next(A, q), beta, delta;
    if (q > 0 && A > 1e250) {
        /* A_t grows like (1 - sqrt(q))^(-2t) and would overflow; long
         * before that beta_t and delta_t have reached their limits
         * (1 - sqrt(q))^2/(1 - q) and 1/sqrt(q) to the last bit. */
        double sq = sqrt(q);
        beta = (1.0 - sq) * (1.0 - sq) / (1.0 - q);
        delta = 1.0 / sq;
        An = A;
    } else {
        beta = A / ((1.0 - q) * An);
        delta = 0.5 * ((1.0 - q) * (1.0 - q) * An - (1.0 + q) * A) / (1.0 + q + q * A);
    }
    double *z = st->x;
    size_t n = st->dim;
    for (size_t i = 0; i < n; i++)
        s->y[i] = (1.0 - beta) * z[i] + beta * s->xk[i];
    ds_grad(st->oracle, s->y, s->g);
    for (size_t i = 0; i < n; i++) {
        s->xk[i] = s->y[i] - s->g[i] / s->L;
        z[i] = (1.0 - q * delta) * z[i] + q * delta * s->y[i] - (delta / s->L) * s->g[i];
    }
    s->A = An;
    return DS_OK;
}

static void itm_free(void *state)
{
    itm_state *s = state;
    free(s->xk);
    free(s->y);
    free(s->g);
}

static const char *const itm_claims[] = {"item", NULL};

const ds_optimizer_type ds_optimizer_itm = {
    .name = "itm",
    .doc = "information-theoretic exact method ITEM (Taylor & Drori 2022), reporting z_t",
    .params = itm_params,
    .state_size = sizeof(itm_state),
    .flags = DS_OPT_SELF | DS_OPT_FIXED_STEP,
    .init = itm_init,
    .step = itm_step,
    .free = itm_free,
    .claims = itm_claims,
};
