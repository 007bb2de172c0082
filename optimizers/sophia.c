/* sophia: Sophia with the Hutchinson estimator (Liu, Li, Hall, Liang & Ma
 * 2023, "Sophia: A Scalable Stochastic Second-order Optimizer", Algorithm 3
 * with Algorithm 1's estimator), step t = 0, 1, ...:
 *   m = beta1 m + (1 - beta1) g
 *   every k-th step (t mod k = 0, the first step included):
 *     u Rademacher (+-1 with probability 1/2, from the run's stream),
 *     h = beta2 h + (1 - beta2) u (.) (H(x) u)        (one HVP; h_0 = 0)
 *   x = x - lr weight_decay x                         (decoupled)
 *   x = x - lr clip(m / max(gamma h, eps), 1),  clip(z, 1) = max(-1, min(1, z))
 * so no coordinate moves by more than lr (plus the decay).
 * The paper's defaults are kept for beta1 = 0.96, beta2 = 0.99, eps = 1e-12,
 * k = 10 and gamma = 0.01. The paper's lr (6e-4 and below, for GPT-2) and
 * weight decay (0.2) are tuned to language models; here lr = 0.01 suits
 * the unit-scale problems of the catalog, and weight_decay = 0 because a
 * decoupled decay moves the minimizer away from the problem's x*. */
#include <math.h>
#include <stdlib.h>

#include "../core/optimizer.h"
#include "../core/vec.h"

typedef struct {
    double beta1, beta2, gamma, eps, weight_decay;
    long k;
    double *m, *h, *u, *hu;
} sophia_state;

static const ds_param sophia_params[] = {
    {"lr", DS_P_REAL, "0.01", 0, INFINITY, DS_P_LO_OPEN, NULL, "learning rate: the largest move of a coordinate"},
    {"beta1", DS_P_REAL, "0.96", 0, 1, DS_P_HI_OPEN, NULL, "gradient EMA decay"},
    {"beta2", DS_P_REAL, "0.99", 0, 1, DS_P_HI_OPEN, NULL, "Hessian-diagonal EMA decay"},
    {"gamma", DS_P_REAL, "0.01", 0, INFINITY, DS_P_LO_OPEN, NULL, "scale of the Hessian estimate in the ratio"},
    {"eps", DS_P_REAL, "1e-12", 0, INFINITY, DS_P_LO_OPEN, NULL, "floor of the denominator"},
    {"k", DS_P_INT, "10", 1, 1e9, 0, NULL, "steps between Hessian estimates"},
    {"weight_decay", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "decoupled weight decay (the paper uses 0.2)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int sophia_init(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                       long horizon, ds_err *err)
{
    (void)x0;
    (void)horizon;
    sophia_state *s = state;
    if (!p->type->hvp)
        return ds_fail(err, DS_ENOTSUP, "optimizer 'sophia': problem '%s' has no Hessian-vector product",
                       p->canon);
    s->beta1 = ds_num(v, "beta1");
    s->beta2 = ds_num(v, "beta2");
    s->gamma = ds_num(v, "gamma");
    s->eps = ds_num(v, "eps");
    s->k = ds_int(v, "k");
    s->weight_decay = ds_num(v, "weight_decay");
    double **const vecs[] = {&s->m, &s->h, &s->u, &s->hu};
    int rc = ds_opt_vectors("sophia", p->dim, 4, vecs, err);
    if (rc)
        return rc;
    return DS_OK;
}

static int sophia_step(void *state, ds_step *st)
{
    sophia_state *s = state;
    size_t n = st->dim;
    double *x = st->x;
    for (size_t i = 0; i < n; i++)
        s->m[i] = s->beta1 * s->m[i] + (1.0 - s->beta1) * st->g[i];
    if (st->t % s->k == 0) {
        for (size_t i = 0; i < n; i++)
            s->u[i] = ds_rng_uniform(st->oracle->rng) < 0.5 ? -1.0 : 1.0;
        ds_hvp(st->oracle, x, s->u, s->hu);
        for (size_t i = 0; i < n; i++)
            s->h[i] = s->beta2 * s->h[i] + (1.0 - s->beta2) * s->u[i] * s->hu[i];
    }
    if (s->weight_decay > 0)
        ds_scal(n, 1.0 - st->lr * s->weight_decay, x);
    for (size_t i = 0; i < n; i++) {
        double r = s->m[i] / fmax(s->gamma * s->h[i], s->eps);
        r = r > 1.0 ? 1.0 : r < -1.0 ? -1.0 : r;  /* a NaN passes, so divergence shows */
        x[i] -= st->lr * r;
    }
    return DS_OK;
}

static void sophia_free(void *state)
{
    sophia_state *s = state;
    free(s->m);
    free(s->h);
    free(s->u);
    free(s->hu);
}

const ds_optimizer_type ds_optimizer_sophia = {
    .name = "sophia",
    .doc = "Sophia: x -= lr clip(m / max(gamma h, eps), 1), Hutchinson h every k steps (Liu et al. 2023, Alg. 3)",
    .params = sophia_params,
    .state_size = sizeof(sophia_state),
    .flags = DS_OPT_NEEDS_HVP,
    .init = sophia_init,
    .step = sophia_step,
    .free = sophia_free,
};
