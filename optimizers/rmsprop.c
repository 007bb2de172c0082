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

static int rmsprop_step(void *state, ds_step *st)
{
    rmsprop_state *s = state;
    size_t n = st->dim;
    double *x = st->x, *sq = s->sq, *avg = s->avg, *buf = s->buf;
    const double *g = st->g;
    double al = s->alpha, wd = s->weight_decay, mom = s->momentum, lr = st->lr;
    for (size_t i = 0; i < n; i++) {
        double gi = wd != 0 ? g[i] + wd * x[i] : g[i];
        sq[i] = sq[i] * al + ((1.0 - al) * gi) * gi;
        double d;
        if (s->centered) {
            avg[i] = avg[i] * al + (1.0 - al) * gi;
            d = sqrt(sq[i] + (-avg[i]) * avg[i]) + s->eps;
        } else {
            d = sqrt(sq[i]) + s->eps;
        }
        if (mom > 0) {
            buf[i] = buf[i] * mom + gi / d;
            x[i] = x[i] + (-lr) * buf[i];
        } else {
            x[i] = x[i] + ((-lr) * gi) / d;
        }
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
