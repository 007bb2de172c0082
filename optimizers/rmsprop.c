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
    /* sq always; avg when centered; buf with momentum */
    double **vecs[3] = {&s->sq};
    size_t k = 1;
    if (s->centered)
        vecs[k++] = &s->avg;
    if (s->momentum > 0)
        vecs[k++] = &s->buf;
    return ds_opt_vectors("rmsprop", p->dim, k, (double **const *)vecs, err);
}

/* One branch-free pass, specialised on the three switches (constants
 * after inlining, so the loop vectorises); with weight_decay = 0 the
 * gradient is used as it is. */
static inline __attribute__((always_inline)) void rmsprop_pass(size_t n, double *restrict x, const double *restrict g,
                                                               double *restrict sq, double *restrict avg,
                                                               double *restrict buf, double al, double wd,
                                                               double mom, double lr, double eps, int coupled,
                                                               int centered, int momentum)
{
    DS_SIMD
    for (size_t i = 0; i < n; i++) {
        double gi = coupled ? g[i] + wd * x[i] : g[i];
        double si = sq[i] * al + ((1.0 - al) * gi) * gi;
        sq[i] = si;
        double d;
        if (centered) {
            double ai = avg[i] * al + (1.0 - al) * gi;
            avg[i] = ai;
            d = sqrt(si + (-ai) * ai) + eps;
        } else {
            d = sqrt(si) + eps;
        }
        if (momentum) {
            double bi = buf[i] * mom + gi / d;
            buf[i] = bi;
            x[i] = x[i] + (-lr) * bi;
        } else {
            x[i] = x[i] + ((-lr) * gi) / d;
        }
    }
}

/* The eight specialisations of rmsprop_pass, indexed by
 * 4 coupled + 2 centered + momentum. */
#define RMSPROP_PASS(c, ce, mo)                                                                    \
    static void rmsprop_pass_##c##ce##mo(size_t n, double *x, const double *g, double *sq,         \
                                         double *avg, double *buf, double al, double wd,           \
                                         double mom, double lr, double eps)                        \
    {                                                                                              \
        rmsprop_pass(n, x, g, sq, avg, buf, al, wd, mom, lr, eps, c, ce, mo);                      \
    }
RMSPROP_PASS(0, 0, 0)
RMSPROP_PASS(0, 0, 1)
RMSPROP_PASS(0, 1, 0)
RMSPROP_PASS(0, 1, 1)
RMSPROP_PASS(1, 0, 0)
RMSPROP_PASS(1, 0, 1)
RMSPROP_PASS(1, 1, 0)
RMSPROP_PASS(1, 1, 1)

typedef void (*rmsprop_pass_fn)(size_t, double *, const double *, double *, double *, double *, double,
                                double, double, double, double);
static const rmsprop_pass_fn rmsprop_passes[8] = {
    rmsprop_pass_000, rmsprop_pass_001, rmsprop_pass_010, rmsprop_pass_011,
    rmsprop_pass_100, rmsprop_pass_101, rmsprop_pass_110, rmsprop_pass_111,
};

static int rmsprop_step(void *state, ds_step *st)
{
    rmsprop_state *s = state;
    size_t n = st->dim;
    double *x = st->x, *sq = s->sq, *avg = s->avg, *buf = s->buf;
    const double *g = st->g;
    double al = s->alpha, wd = s->weight_decay, mom = s->momentum, lr = st->lr;
    int which = 4 * (wd != 0) + 2 * (s->centered != 0) + (mom > 0);
    rmsprop_passes[which](n, x, g, sq, avg, buf, al, wd, mom, lr, s->eps);
    return DS_OK;
}

static void rmsprop_free(void *state)
{
    rmsprop_state *s = state;
    free(s->sq);
    free(s->avg);
    free(s->buf);
}

/* torch's CyclicLR and OneCycleLR write group['momentum']; the buffer,
 * zeroed as torch makes it, the first time it is positive. */
static int rmsprop_set_momentum(void *state, double momentum, size_t dim, ds_err *err)
{
    rmsprop_state *s = state;
    s->momentum = momentum;
    double **const vecs[] = {&s->buf};
    return momentum > 0 && !s->buf ? ds_opt_vectors("rmsprop", dim, 1, vecs, err) : DS_OK;
}

const ds_optimizer_type ds_optimizer_rmsprop = {
    .name = "rmsprop",
    .doc = "torch.optim.RMSprop: x -= lr g / (sqrt(v) + eps), v an EMA of g^2; centered, momentum",
    .params = rmsprop_params,
    .state_size = sizeof(rmsprop_state),
    .init = rmsprop_init,
    .step = rmsprop_step,
    .free = rmsprop_free,
    .set_momentum = rmsprop_set_momentum,
};
