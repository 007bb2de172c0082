/* Adam and AdamW's update in one pass over g, x, m, v (and vmax); see
 * adam.c and adamw.c for the formulas and the rounding they follow. */
#include "adam_core.h"

#include <math.h>
#include <stdlib.h>

#include "../core/vec.h"
#include "../core/dmath.h"

int ds_adam_init(ds_adam_state *s, const char *name, int decoupled, const ds_values *v,
                 const ds_problem *p, ds_err *err)
{
    s->name = name;
    s->decoupled = decoupled;
    s->beta1 = ds_num(v, "beta1");
    s->beta2 = ds_num(v, "beta2");
    s->eps = ds_num(v, "eps");
    s->weight_decay = ds_num(v, "weight_decay");
    s->amsgrad = ds_bool(v, "amsgrad");
    double **const vecs[] = {&s->m, &s->v, &s->vmax};
    return ds_opt_vectors(name, p->dim, s->amsgrad ? 3 : 2, vecs, err);
}

/* One pass, specialised by the caller on its two switches (constants after
 * inlining), so that the loop has no branches and vectorises:
 *   coupled: g + wd x replaces g (Adam with weight_decay > 0; with 0 the
 *            gradient is used as it is, as torch skips the add);
 *   amsgrad: the denominator uses the running maximum of v, which
 *            propagates NaN as torch.maximum does.
 * decay is AdamW's 1 - lr wd, and exactly 1 for Adam (x * 1 == x in IEEE
 * arithmetic, NaN and -0 included). */
static inline __attribute__((always_inline)) void adam_pass(size_t n, double *restrict x, const double *restrict g,
                                                            double *restrict m, double *restrict v,
                                                            double *restrict vmax, double b1, double b2,
                                                            double wd, double decay, double step_size,
                                                            double bc2_sqrt, double eps, int coupled,
                                                            int amsgrad)
{
    DS_SIMD
    for (size_t i = 0; i < n; i++) {
        double xi = x[i] * decay;
        double gi = coupled ? g[i] + wd * x[i] : g[i];
        double mi = m[i] * b1 + (1.0 - b1) * gi;
        double vi = v[i] * b2 + ((1.0 - b2) * gi) * gi;
        m[i] = mi;
        v[i] = vi;
        if (amsgrad) {
            double vm = vmax[i];
            vm = (vi > vm || vi != vi) ? vi : vm;
            vmax[i] = vm;
            vi = vm;
        }
        double denom = sqrt(vi) / bc2_sqrt + eps;
        x[i] = xi + ((-step_size) * mi) / denom;
    }
}

DS_CLONES
int ds_adam_step(void *state, ds_step *st)
{
    ds_adam_state *s = state;
    size_t n = st->dim;
    double b1 = s->beta1, b2 = s->beta2, wd = s->weight_decay, eps = s->eps;
    double k = (double)(st->t + 1);
    double step_size = st->lr / (1.0 - ds_pow(b1, k));
    double bc2_sqrt = sqrt(1.0 - ds_pow(b2, k));
    double decay = s->decoupled ? 1.0 - st->lr * wd : 1.0;
    int coupled = !s->decoupled && wd != 0;
    double *x = st->x, *m = s->m, *v = s->v, *vm = s->vmax;
    const double *g = st->g;
    if (coupled && s->amsgrad)
        adam_pass(n, x, g, m, v, vm, b1, b2, wd, decay, step_size, bc2_sqrt, eps, 1, 1);
    else if (coupled)
        adam_pass(n, x, g, m, v, vm, b1, b2, wd, decay, step_size, bc2_sqrt, eps, 1, 0);
    else if (s->amsgrad)
        adam_pass(n, x, g, m, v, vm, b1, b2, wd, decay, step_size, bc2_sqrt, eps, 0, 1);
    else
        adam_pass(n, x, g, m, v, vm, b1, b2, wd, decay, step_size, bc2_sqrt, eps, 0, 0);
    return DS_OK;
}

void ds_adam_free(void *state)
{
    ds_adam_state *s = state;
    free(s->m);
    free(s->v);
    free(s->vmax);
}

int ds_adam_set_momentum(void *state, double momentum, size_t dim, ds_err *err)
{
    (void)dim, (void)err;
    ((ds_adam_state *)state)->beta1 = momentum;
    return DS_OK;
}
