/* rmsprop: torch.optim.RMSprop (Hinton 2012, lecture 6e; centered form of
 * Graves 2013), to the rounding of torch 1.13.1's single-tensor path:
 *   g   = g + weight_decay x                 (coupled L2)
 *   v   = v alpha + ((1 - alpha) g) g
 *   a   = a alpha + (1 - alpha) g            (centered)
 *   d   = sqrt(v - a a) + eps  (centered), sqrt(v) + eps otherwise
 *   b   = b momentum + g / d;  x = x - lr b  (momentum > 0)
 *   x   = x + (-lr g) / d                    (momentum = 0)
 * Note eps outside the square root and no bias correction, as in torch. */
#include <math.h>
#include <stdlib.h>

#include "../core/optimizer.h"
#include "../core/vec.h"

typedef struct {
    double alpha, eps, weight_decay, momentum;
    int centered;
    double *sq, *avg, *buf;
} rmsprop_state;

static const ds_param rmsprop_params[] = {
    {"lr", DS_P_REAL, "0.01", 0, INFINITY, DS_P_LO_OPEN, NULL, "learning rate"},
    {"alpha", DS_P_REAL, "0.99", 0, 1, DS_P_HI_OPEN, NULL, "decay of the squared-gradient average"},
    {"eps", DS_P_REAL, "1e-8", 0, INFINITY, DS_P_LO_OPEN, NULL, "added to the root"},
    {"weight_decay", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "coupled L2 added to the gradient"},
    {"momentum", DS_P_REAL, "0", 0, 1, DS_P_HI_OPEN, NULL, "momentum on the scaled step"},
    {"centered", DS_P_BOOL, "0", 0, 1, 0, NULL, "divide by the estimated std (v - mean^2) instead of sqrt(v)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int rmsprop_init(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                        long horizon, ds_err *err)
{
    (void)x0;
    (void)horizon;
    rmsprop_state *s = state;
    s->alpha = ds_num(v, "alpha");
    s->eps = ds_num(v, "eps");
    s->weight_decay = ds_num(v, "weight_decay");
    s->momentum = ds_num(v, "momentum");
    s->centered = ds_bool(v, "centered");
    s->sq = ds_vec_new(p->dim);
    if (!s->sq || (s->centered && !(s->avg = ds_vec_new(p->dim))) ||
        (s->momentum > 0 && !(s->buf = ds_vec_new(p->dim))))
        return ds_fail(err, DS_ENOMEM, "out of memory");
    return DS_OK;
}

/* One pass; the flags are constants of each inlined copy, so every
 * combination gets a branch-free (vectorisable) loop. */
static inline __attribute__((always_inline)) void rmsprop_pass(const rmsprop_state *s, ds_step *st,
                                                               const int coupled, const int centered,
                                                               const int momentum)
{
    size_t n = st->dim;
    double *restrict x = st->x, *restrict sq = s->sq, *restrict avg = s->avg, *restrict buf = s->buf;
    const double *restrict g = st->g;
    const double al = s->alpha, wd = s->weight_decay, mom = s->momentum, lr = st->lr, eps = s->eps;
    for (size_t i = 0; i < n; i++) {
        double gi = coupled ? g[i] + wd * x[i] : g[i];
        double sqi = sq[i] * al + ((1.0 - al) * gi) * gi;
        sq[i] = sqi;
        double d;
        if (centered) {
            double a = avg[i] * al + (1.0 - al) * gi;
            avg[i] = a;
            d = sqrt(sqi + (-a) * a) + eps;
        } else {
            d = sqrt(sqi) + eps;
        }
        if (momentum) {
            double b = buf[i] * mom + gi / d;
            buf[i] = b;
            x[i] = x[i] + (-lr) * b;
        } else {
            x[i] = x[i] + ((-lr) * gi) / d;
        }
    }
}

static int rmsprop_step(void *state, ds_step *st)
{
    const rmsprop_state *s = state;
    int code = (s->weight_decay != 0) * 4 + (s->centered != 0) * 2 + (s->momentum > 0);
    switch (code) {
    case 0: rmsprop_pass(s, st, 0, 0, 0); break;
    case 1: rmsprop_pass(s, st, 0, 0, 1); break;
    case 2: rmsprop_pass(s, st, 0, 1, 0); break;
    case 3: rmsprop_pass(s, st, 0, 1, 1); break;
    case 4: rmsprop_pass(s, st, 1, 0, 0); break;
    case 5: rmsprop_pass(s, st, 1, 0, 1); break;
    case 6: rmsprop_pass(s, st, 1, 1, 0); break;
    default: rmsprop_pass(s, st, 1, 1, 1); break;
    }
    return DS_OK;
}

static void rmsprop_free(void *state)
{
    rmsprop_state *s = state;
    free(s->sq);
    free(s->avg);
    free(s->buf);
}

const ds_optimizer_type ds_optimizer_rmsprop = {
    .name = "rmsprop",
    .doc = "torch.optim.RMSprop: x -= lr g / (sqrt(v) + eps), v an EMA of g^2; centered, momentum",
    .params = rmsprop_params,
    .state_size = sizeof(rmsprop_state),
    .init = rmsprop_init,
    .step = rmsprop_step,
    .free = rmsprop_free,
};
