/* lion: EvoLved Sign Momentum (Chen et al. 2023, "Symbolic Discovery of
 * Optimization Algorithms", Algorithm 2), t = 1, 2, ...:
 *   c = beta1 m + (1 - beta1) g
 *   x = x - lr (sign(c) + weight_decay x)     (decoupled decay)
 *   m = beta2 m + (1 - beta2) g
 * Rounded as the authors' PyTorch code (google/automl, lion_pytorch.py):
 * x = x (1 - lr weight_decay), then x = x + (-lr) sign(c), with
 * c = m beta1 + g (1 - beta1) and m = m beta2 + (1 - beta2) g.
 * sign(0) = 0. Every coordinate moves by lr (plus decay) each step, so lr
 * is typically 3-10x smaller than AdamW's. */
#include <math.h>
#include <stdlib.h>

#include "../core/optimizer.h"
#include "../core/vec.h"

typedef struct {
    double beta1, beta2, weight_decay;
    double *m;
} lion_state;

static const ds_param lion_params[] = {
    {"lr", DS_P_REAL, "1e-4", 0, INFINITY, DS_P_LO_OPEN, NULL, "learning rate (size of each signed step)"},
    {"beta1", DS_P_REAL, "0.9", 0, 1, DS_P_HI_OPEN, NULL, "interpolation of the update direction"},
    {"beta2", DS_P_REAL, "0.99", 0, 1, DS_P_HI_OPEN, NULL, "decay of the momentum"},
    {"weight_decay", DS_P_REAL, "0", 0, INFINITY, 0, NULL,
     "decoupled decay: x *= 1 - lr*weight_decay each step"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int lion_init(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                     long horizon, ds_err *err)
{
    (void)x0;
    (void)horizon;
    lion_state *s = state;
    s->beta1 = ds_num(v, "beta1");
    s->beta2 = ds_num(v, "beta2");
    s->weight_decay = ds_num(v, "weight_decay");
    double **const vecs[] = {&s->m};
    return ds_opt_vectors("lion", p->dim, 1, vecs, err);
}

static int lion_step(void *state, ds_step *st)
{
    lion_state *s = state;
    size_t n = st->dim;
    double *restrict x = st->x, *restrict m = s->m;
    const double *restrict g = st->g;
    double b1 = s->beta1, b2 = s->beta2, lr = st->lr;
    double decay = 1.0 - lr * s->weight_decay;
    DS_SIMD
    for (size_t i = 0; i < n; i++) {
        double c = m[i] * b1 + g[i] * (1.0 - b1);
        /* NaN stays NaN (torch.sign), so a blown-up gradient shows */
        /* sign(c) written as one select that GCC if-converts, so the loop
         * vectorises: +-1 for c != 0, c itself for +-0 and NaN */
        double sg = (c == 0 || c != c) ? c : copysign(1.0, c);
        x[i] = x[i] * decay + (-lr) * sg;
        m[i] = m[i] * b2 + (1.0 - b2) * g[i];
    }
    return DS_OK;
}

static void lion_free(void *state)
{
    lion_state *s = state;
    free(s->m);
}

const ds_optimizer_type ds_optimizer_lion = {
    .name = "lion",
    .doc = "Lion (Chen et al. 2023): x -= lr (sign(beta1 m + (1-beta1) g) + weight_decay x)",
    .params = lion_params,
    .state_size = sizeof(lion_state),
    .init = lion_init,
    .step = lion_step,
    .free = lion_free,
};
