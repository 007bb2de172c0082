/* The Adam step (Kingma & Ba 2015, Algorithm 1, in torch's form):
 *   g = g + wd x  (adam)      or   x = x (1 - lr wd)  (adamw, first)
 *   m = m beta1 + (1 - beta1) g
 *   v = v beta2 + ((1 - beta2) g) g
 *   vmax = max(vmax, v)                                (amsgrad; NaN wins, as torch.maximum)
 *   x = x + ((-lr / (1 - beta1^t)) m) / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * Each combination of the two flags gets its own branch-free loop (the
 * flags are constants of an always-inlined body), so the compiler
 * vectorises the single pass; no operation is reordered, so the results
 * are those of the scalar formulas bit for bit. */
#include "adam_core.h"

#include <math.h>
#include <stdlib.h>

#include "../core/vec.h"

typedef struct {
    double b1, b2, c1, c2, wd, decay, step_size, bc2_sqrt, eps;
} adam_coef;

static inline __attribute__((always_inline)) void adam_pass(size_t n, double *restrict x,
                                                            const double *restrict g, double *restrict m,
                                                            double *restrict v, double *restrict vmax,
                                                            const adam_coef *k, const int coupled,
                                                            const int ams)
{
    const double b1 = k->b1, b2 = k->b2, c1 = k->c1, c2 = k->c2, wd = k->wd, decay = k->decay;
    const double neg_ss = -k->step_size, bc2 = k->bc2_sqrt, eps = k->eps;
    for (size_t i = 0; i < n; i++) {
        double xi = coupled ? x[i] : x[i] * decay;
        double gi = coupled ? g[i] + wd * x[i] : g[i];
        double mi = m[i] * b1 + c1 * gi;
        double vi = v[i] * b2 + (c2 * gi) * gi;
        m[i] = mi;
        v[i] = vi;
        if (ams) {
            double mx = vmax[i];
            mx = (vi > mx || vi != vi) ? vi : mx;
            vmax[i] = mx;
            vi = mx;
        }
        x[i] = xi + (neg_ss * mi) / (sqrt(vi) / bc2 + eps);
    }
}

int adam_core_init(adam_core *s, const ds_values *v, const ds_problem *p, int decoupled, ds_err *err)
{
    s->beta1 = ds_num(v, "beta1");
    s->beta2 = ds_num(v, "beta2");
    s->eps = ds_num(v, "eps");
    s->weight_decay = ds_num(v, "weight_decay");
    s->amsgrad = ds_bool(v, "amsgrad");
    s->decoupled = decoupled;
    int rc = ds_check_alloc(p->dim, (s->amsgrad ? 3 : 2) * sizeof(double), "Adam's moments", err);
    if (rc)
        return rc;
    s->m = ds_vec_new(p->dim);
    s->v = ds_vec_new(p->dim);
    if (!s->m || !s->v || (s->amsgrad && !(s->vmax = ds_vec_new(p->dim))))
        return ds_fail(err, DS_ENOMEM, "out of memory for Adam's moments (dim %zu)", p->dim);
    return DS_OK;
}

int adam_core_step(adam_core *s, ds_step *st)
{
    double t = (double)(st->t + 1);
    adam_coef k = {
        .b1 = s->beta1, .b2 = s->beta2, .c1 = 1.0 - s->beta1, .c2 = 1.0 - s->beta2,
        .wd = s->weight_decay, .decay = 1.0 - st->lr * s->weight_decay,
        .step_size = st->lr / (1.0 - pow(s->beta1, t)), .bc2_sqrt = sqrt(1.0 - pow(s->beta2, t)),
        .eps = s->eps,
    };
    /* Adam adds the L2 term only when it is set, as torch does (g + 0 x is
     * not g when x is infinite); AdamW's factor 1 - lr 0 = 1 is exact. */
    int coupled = !s->decoupled && s->weight_decay != 0;
    if (!s->decoupled && !coupled)
        k.decay = 1.0;
    size_t n = st->dim;
    if (s->amsgrad) {
        if (coupled)
            adam_pass(n, st->x, st->g, s->m, s->v, s->vmax, &k, 1, 1);
        else
            adam_pass(n, st->x, st->g, s->m, s->v, s->vmax, &k, 0, 1);
    } else {
        if (coupled)
            adam_pass(n, st->x, st->g, s->m, s->v, NULL, &k, 1, 0);
        else
            adam_pass(n, st->x, st->g, s->m, s->v, NULL, &k, 0, 0);
    }
    return DS_OK;
}

void adam_core_free(adam_core *s)
{
    free(s->m);
    free(s->v);
    free(s->vmax);
}
