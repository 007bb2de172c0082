/* adamw: torch.optim.AdamW (Loshchilov & Hutter 2019, Algorithm 2, in
 * torch's form), to the rounding of torch 1.13.1's single-tensor path:
 *   x = x (1 - lr weight_decay)              (decoupled decay, first)
 *   m = m beta1 + (1 - beta1) g
 *   v = v beta2 + ((1 - beta2) g) g
 *   vmax = max(vmax, v)                      (amsgrad)
 *   x = x + ((-lr / (1 - beta1^t)) m) / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * The decay factor uses this step's lr, so a schedule scales it too, as
 * torch's lr_scheduler does. torch >= 2.0 writes the moment updates with
 * lerp_, which rounds differently; 1.13.1 is the reference here. */
#include <math.h>
#include <stdlib.h>

#include "../core/optimizer.h"
#include "../core/vec.h"

typedef struct {
    double beta1, beta2, eps, weight_decay;
    int amsgrad;
    double *m, *v, *vmax;
} adamw_state;

static const ds_param adamw_params[] = {
    {"lr", DS_P_REAL, "0.001", 0, INFINITY, DS_P_LO_OPEN, NULL, "learning rate"},
    {"beta1", DS_P_REAL, "0.9", 0, 1, DS_P_HI_OPEN, NULL, "first-moment decay"},
    {"beta2", DS_P_REAL, "0.999", 0, 1, DS_P_HI_OPEN, NULL, "second-moment decay"},
    {"eps", DS_P_REAL, "1e-8", 0, INFINITY, DS_P_LO_OPEN, NULL, "added to the denominator"},
    {"weight_decay", DS_P_REAL, "0.01", 0, INFINITY, 0, NULL,
     "decoupled decay: x *= 1 - lr*weight_decay before the step"},
    {"amsgrad", DS_P_BOOL, "0", 0, 1, 0, NULL, "use the running maximum of v (Reddi et al. 2018)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int adamw_init(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                      long horizon, ds_err *err)
{
    (void)x0;
    (void)horizon;
    adamw_state *s = state;
    s->beta1 = ds_num(v, "beta1");
    s->beta2 = ds_num(v, "beta2");
    s->eps = ds_num(v, "eps");
    s->weight_decay = ds_num(v, "weight_decay");
    s->amsgrad = ds_bool(v, "amsgrad");
    s->m = ds_vec_new(p->dim);
    s->v = ds_vec_new(p->dim);
    if (!s->m || !s->v || (s->amsgrad && !(s->vmax = ds_vec_new(p->dim))))
        return ds_fail(err, DS_ENOMEM, "out of memory");
    return DS_OK;
}

static int adamw_step(void *state, ds_step *st)
{
    adamw_state *s = state;
    size_t n = st->dim;
    double *x = st->x, *m = s->m, *v = s->v;
    const double *g = st->g;
    double b1 = s->beta1, b2 = s->beta2;
    double k = (double)(st->t + 1);
    double decay = 1.0 - st->lr * s->weight_decay;
    double step_size = st->lr / (1.0 - pow(b1, k));
    double bc2_sqrt = sqrt(1.0 - pow(b2, k));
    for (size_t i = 0; i < n; i++) {
        double xi = x[i] * decay;
        m[i] = m[i] * b1 + (1.0 - b1) * g[i];
        v[i] = v[i] * b2 + ((1.0 - b2) * g[i]) * g[i];
        double vi = v[i];
        if (s->amsgrad) {
            /* torch.maximum propagates NaN */
            if (vi > s->vmax[i] || isnan(vi))
                s->vmax[i] = vi;
            vi = s->vmax[i];
        }
        double denom = sqrt(vi) / bc2_sqrt + s->eps;
        x[i] = xi + ((-step_size) * m[i]) / denom;
    }
    return DS_OK;
}

static void adamw_free(void *state)
{
    adamw_state *s = state;
    free(s->m);
    free(s->v);
    free(s->vmax);
}

const ds_optimizer_type ds_optimizer_adamw = {
    .name = "adamw",
    .doc = "torch.optim.AdamW: Adam with decoupled decay x *= 1 - lr*weight_decay, amsgrad",
    .params = adamw_params,
    .state_size = sizeof(adamw_state),
    .init = adamw_init,
    .step = adamw_step,
    .free = adamw_free,
};
