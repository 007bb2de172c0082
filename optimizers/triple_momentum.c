/* triple_momentum: the triple momentum method (Van Scoy, Freeman & Lynch
 * 2018), in the parameterisation of PEPit's triple_momentum.py:
 *   rho = 1 - 1/sqrt(kappa), alpha = (1+rho)/L, beta = rho^2/(2-rho),
 *   gamma = rho^2/((1+rho)(2-rho)), delta = rho^2/(1-rho^2);
 *   xi_{t+1} = (1+beta) xi_t - beta xi_{t-1} - alpha grad f(y_t)
 *   y_{t+1}  = (1+gamma) xi_{t+1} - gamma xi_t
 *   x_{t+1}  = (1+delta) xi_{t+1} - delta xi_t
 * with xi_0 = xi_{-1} = y_0 = x_0 = x0. Gradients are taken at y; the
 * reported iterate is x. Bound (THEORY triple-momentum, PEPit's code):
 *   f(x_N) - f* <= rho^(2N) (L kappa/2) R^2.
 * L and mu are the problem's; it needs mu > 0. */
#include <math.h>
#include <stdlib.h>

#include "../core/optimizer.h"
#include "../core/vec.h"
#include "sequences.h"

typedef struct {
    ds_tm_coef c;
    double *xi, *xi_old, *y, *g;
} tm_state;

static const ds_param tm_params[] = {
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int tm_init(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                   long horizon, ds_err *err)
{
    (void)v;
    (void)horizon;
    tm_state *s = state;
    if (!(p->mu > 0) || !(p->L >= p->mu) || !isfinite(p->L))
        return ds_fail(err, DS_EINVAL,
                       "optimizer 'triple_momentum' needs 0 < mu <= L, and problem '%s' has mu=%g, L=%g",
                       p->canon, p->mu, p->L);
    s->c = ds_tm_coefficients(p->L, p->mu);
    size_t n = p->dim;
    double **const vecs[] = {&s->xi, &s->xi_old, &s->y, &s->g};
    int rc = ds_opt_vectors("triple_momentum", n, 4, vecs, err);
    if (rc)
        return rc;
    ds_copy(n, x0, s->xi);
    ds_copy(n, x0, s->xi_old);
    ds_copy(n, x0, s->y);
    return DS_OK;
}

static int tm_step(void *state, ds_step *st)
{
    tm_state *s = state;
    const ds_tm_coef *c = &s->c;
    ds_grad(st->oracle, s->y, s->g);
    for (size_t i = 0; i < st->dim; i++) {
        double xn = (1.0 + c->beta) * s->xi[i] - c->beta * s->xi_old[i] - c->alpha * s->g[i];
        s->y[i] = (1.0 + c->gamma) * xn - c->gamma * s->xi[i];
        st->x[i] = (1.0 + c->delta) * xn - c->delta * s->xi[i];
        s->xi_old[i] = s->xi[i];
        s->xi[i] = xn;
    }
    return DS_OK;
}

static void tm_free(void *state)
{
    tm_state *s = state;
    free(s->xi);
    free(s->xi_old);
    free(s->y);
    free(s->g);
}

static const char *const tm_claims[] = {"triple-momentum", NULL};

const ds_optimizer_type ds_optimizer_triple_momentum = {
    .name = "triple_momentum",
    .doc = "triple momentum (Van Scoy, Freeman & Lynch 2018), rate 1-1/sqrt(kappa), PEPit's form",
    .params = tm_params,
    .state_size = sizeof(tm_state),
    .flags = DS_OPT_SELF | DS_OPT_FIXED_STEP,
    .init = tm_init,
    .step = tm_step,
    .free = tm_free,
    .claims = tm_claims,
};
