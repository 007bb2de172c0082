/* cg: the linear conjugate gradient method of Hestenes & Stiefel (1952) on
 * a quadratic f(x) = 1/2 x'Ax - b'x + c, A symmetric positive (semi)definite:
 *   d_0 = -g_0,  d_t = -g_t + beta_t d_{t-1},  beta_t = ||g_t||^2/||g_{t-1}||^2,
 *   x_{t+1} = x_t + alpha_t d_t,  alpha_t = -g_t'd_t/(d_t'A d_t)
 * (the exact minimizer along d_t; A d_t by one Hessian-vector product). In
 * exact arithmetic it ends at x* in at most as many steps as A has distinct
 * eigenvalues, and on the way
 *   ||x_t - x*||_A <= 2 ((sqrt(kappa)-1)/(sqrt(kappa)+1))^t ||x_0 - x*||_A
 * (THEORY cg-quadratic), i.e. f(x_t)-f* <= 4 q^(2t) (f(x_0)-f*). Only for
 * problems flagged quadratic; lr scales the step (1: CG's). */
#include <math.h>
#include <stdlib.h>

#include "../core/optimizer.h"
#include "../core/oracle.h"
#include "../core/vec.h"

typedef struct {
    double *d, *ad;  /* direction, A d */
    double g2_prev;  /* ||g_{t-1}||^2; 0 before the first step */
} cg_state;

static const ds_param cg_params[] = {
    {"lr", DS_P_REAL, "1", 0, INFINITY, DS_P_LO_OPEN, NULL, "multiple of the exact step along d (1: CG)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int cg_init(void *state, const ds_values *v, const ds_problem *p, const double *x0, long horizon,
                   ds_err *err)
{
    (void)v;
    (void)x0;
    (void)horizon;
    cg_state *s = state;
    if (!(p->flags & DS_QUADRATIC))
        return ds_fail(err, DS_ENOTSUP, "optimizer 'cg': problem '%s' is not a quadratic (linear CG needs one)",
                       p->canon);
    double **const vecs[] = {&s->d, &s->ad};
    return ds_opt_vectors("cg", p->dim, 2, vecs, err);
}

static int cg_step(void *state, ds_step *st)
{
    cg_state *s = state;
    size_t n = st->dim;
    double g2 = ds_dot(n, st->g, st->g);
    if (!(g2 > 0))
        return DS_OK;  /* at x* */
    double beta = s->g2_prev > 0 ? g2 / s->g2_prev : 0.0;
    for (size_t i = 0; i < n; i++)
        s->d[i] = -st->g[i] + beta * s->d[i];
    ds_hvp(st->oracle, st->x, s->d, s->ad);
    double dad = ds_dot(n, s->d, s->ad);
    if (!(dad > 0))
        return DS_OK;  /* d in the null space of A: nothing to gain along it */
    ds_axpy(n, -st->lr * ds_dot(n, st->g, s->d) / dad, s->d, st->x);
    s->g2_prev = g2;
    return DS_OK;
}

static void cg_free(void *state)
{
    cg_state *s = state;
    free(s->d);
    free(s->ad);
}

static const char *const cg_claims[] = {"cg-quadratic", NULL};

const ds_optimizer_type ds_optimizer_cg = {
    .name = "cg",
    .doc = "linear conjugate gradients on quadratics (Hestenes & Stiefel 1952), exact step by A d",
    .params = cg_params,
    .state_size = sizeof(cg_state),
    .init = cg_init,
    .step = cg_step,
    .free = cg_free,
    .claims = cg_claims,
};
