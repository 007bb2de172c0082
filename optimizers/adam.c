/* adam: torch.optim.Adam (Kingma & Ba 2015, Algorithm 1, with torch's
 * placement of eps outside the bias-corrected square root), to the
 * rounding of torch's single-tensor path:
 *   g = g + weight_decay x                   (coupled L2)
 *   m = m beta1 + (1 - beta1) g
 *   v = v beta2 + ((1 - beta2) g) g
 *   vmax = max(vmax, v)                      (amsgrad)
 *   x = x + ((-lr / (1 - beta1^t)) m) / (sqrt(v) / sqrt(1 - beta2^t) + eps) */
#include <math.h>
#include <stdlib.h>

#include "../core/optimizer.h"
#include "../core/vec.h"

typedef struct {
    double beta1, beta2, eps, weight_decay;
    int amsgrad;
    double *m, *v, *vmax;
} adam_state;

static const ds_param adam_params[] = {
    {"lr", DS_P_REAL, "0.001", 0, INFINITY, DS_P_LO_OPEN, NULL, "learning rate"},
    {"beta1", DS_P_REAL, "0.9", 0, 1, DS_P_HI_OPEN, NULL, "first-moment decay"},
    {"beta2", DS_P_REAL, "0.999", 0, 1, DS_P_HI_OPEN, NULL, "second-moment decay"},
    {"eps", DS_P_REAL, "1e-8", 0, INFINITY, DS_P_LO_OPEN, NULL, "added to the denominator"},
    {"weight_decay", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "coupled L2 added to the gradient"},
    {"amsgrad", DS_P_BOOL, "0", 0, 1, 0, NULL, "use the running maximum of v (Reddi et al. 2018)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int adam_init(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                     long horizon, ds_err *err)
{
    (void)x0;
    (void)horizon;
    adam_state *s = state;
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

static int adam_step(void *state, ds_step *st)
{
    adam_state *s = state;
    size_t n = st->dim;
    double *x = st->x, *m = s->m, *v = s->v;
    const double *g = st->g;
    double b1 = s->beta1, b2 = s->beta2, wd = s->weight_decay;
    double k = (double)(st->t + 1);
    double step_size = st->lr / (1.0 - pow(b1, k));
    double bc2_sqrt = sqrt(1.0 - pow(b2, k));
    for (size_t i = 0; i < n; i++) {
        double gi = wd != 0 ? g[i] + wd * x[i] : g[i];
        m[i] = m[i] * b1 + (1.0 - b1) * gi;
        v[i] = v[i] * b2 + ((1.0 - b2) * gi) * gi;
        double vi = v[i];
        if (s->amsgrad) {
            if (vi > s->vmax[i] || isnan(vi))
                s->vmax[i] = vi;
            vi = s->vmax[i];
        }
        double denom = sqrt(vi) / bc2_sqrt + s->eps;
        x[i] = x[i] + ((-step_size) * m[i]) / denom;
    }
    return DS_OK;
}

static void adam_free(void *state)
{
    adam_state *s = state;
    free(s->m);
    free(s->v);
    free(s->vmax);
}

const ds_optimizer_type ds_optimizer_adam = {
    .name = "adam",
    .doc = "torch.optim.Adam: bias-corrected moments, eps outside the sqrt, amsgrad",
    .params = adam_params,
    .state_size = sizeof(adam_state),
    .init = adam_init,
    .step = adam_step,
    .free = adam_free,
};
