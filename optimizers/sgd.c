/* sgd: torch.optim.SGD, to the rounding.
 *   d = g + weight_decay x
 *   b = d (first step), b = momentum b + (1 - dampening) d (later)
 *   d = d + momentum b (nesterov) or d = b
 *   x = x - lr d
 * Stochastic by default (batch=1 on finite sums, one sample per step in
 * shuffled epochs). */
#include <math.h>
#include <stdlib.h>

#include "../core/optimizer.h"
#include "../core/vec.h"

typedef struct {
    double momentum, dampening, weight_decay;
    int nesterov;
    int primed;  /* the buffer holds a momentum: torch's momentum_buffer is not None */
    double *buf;
} sgd_state;

static const ds_param sgd_params[] = {
    {"lr", DS_P_REAL, "0.001", 0, INFINITY, DS_P_LO_OPEN, NULL, "learning rate"},
    {"momentum", DS_P_REAL, "0", 0, 1, DS_P_HI_OPEN, NULL, "momentum factor"},
    {"dampening", DS_P_REAL, "0", 0, 1, 0, NULL, "dampening for momentum"},
    {"nesterov", DS_P_BOOL, "0", 0, 1, 0, NULL, "Nesterov momentum (needs momentum > 0, dampening = 0)"},
    {"weight_decay", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "L2 penalty added to the gradient"},
    {"batch", DS_P_INT, "1", 1, 9.007199254740992e15, DS_P_ALL, NULL,
     "samples per step on finite sums (all = full gradient)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int sgd_init(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                    long horizon, ds_err *err)
{
    (void)x0;
    (void)horizon;
    sgd_state *s = state;
    s->momentum = ds_num(v, "momentum");
    s->dampening = ds_num(v, "dampening");
    s->weight_decay = ds_num(v, "weight_decay");
    s->nesterov = ds_bool(v, "nesterov");
    if (s->nesterov && (s->momentum <= 0 || s->dampening != 0))
        return ds_fail(err, DS_EINVAL,
                       "optimizer 'sgd': nesterov=1 needs momentum > 0 and dampening = 0 (got momentum=%g, dampening=%g)",
                       s->momentum, s->dampening);
    double **const vecs[] = {&s->buf};
    return ds_opt_vectors("sgd", p->dim, s->momentum != 0, vecs, err);
}

/* The update d = g (+ wd x), b = mom b + damp d (or b = d on the first
 * step), d = d + mom b (nesterov) or b, x = x - lr d, in one pass with no
 * branch inside the loop: the switches are constants after inlining. */
static inline __attribute__((always_inline)) void sgd_pass(size_t n, double *restrict x, const double *restrict g,
                                                           double *restrict b, double wd, double mom, double damp,
                                                           double lr, int coupled, int momentum, int first,
                                                           int nesterov)
{
    DS_SIMD
    for (size_t i = 0; i < n; i++) {
        double d = coupled ? g[i] + wd * x[i] : g[i];
        if (momentum) {
            double bi = first ? d : b[i] * mom + damp * d;
            b[i] = bi;
            d = nesterov ? d + mom * bi : bi;
        }
        x[i] = x[i] + (-lr) * d;
    }
}

static int sgd_step(void *state, ds_step *st)
{
    sgd_state *s = state;
    size_t n = st->dim;
    double *x = st->x, *b = s->buf;
    const double *g = st->g;
    double mom = s->momentum, damp = 1.0 - s->dampening, wd = s->weight_decay, lr = st->lr;
    /* every switch a constant in its own loop: with momentum, the first
     * step (b = d) is a loop of its own too */
#define SGD_PASS(c, mo, f, ne) sgd_pass(n, x, g, b, wd, mom, damp, lr, c, mo, f, ne)
    /* torch fills its buffer with d on the first step that has a momentum
     * (the first step, unless a schedule starts the momentum at 0) */
    int coupled = wd != 0, first = !s->primed;
    s->primed |= mom != 0;
    switch (mom == 0 ? coupled : 2 + coupled + 2 * first + 4 * s->nesterov) {
    case 0: SGD_PASS(0, 0, 0, 0); break;
    case 1: SGD_PASS(1, 0, 0, 0); break;
    case 2: SGD_PASS(0, 1, 0, 0); break;
    case 3: SGD_PASS(1, 1, 0, 0); break;
    case 4: SGD_PASS(0, 1, 1, 0); break;
    case 5: SGD_PASS(1, 1, 1, 0); break;
    case 6: SGD_PASS(0, 1, 0, 1); break;
    case 7: SGD_PASS(1, 1, 0, 1); break;
    case 8: SGD_PASS(0, 1, 1, 1); break;
    default: SGD_PASS(1, 1, 1, 1); break;
    }
#undef SGD_PASS
    return DS_OK;
}

static void sgd_free(void *state)
{
    sgd_state *s = state;
    free(s->buf);
}

/* torch's CyclicLR and OneCycleLR write group['momentum']: the buffer is
 * made the first time the momentum is not zero, zeroed, as torch starts it
 * (the first step then copies d into it). */
static int sgd_set_momentum(void *state, double momentum, size_t dim, ds_err *err)
{
    sgd_state *s = state;
    s->momentum = momentum;
    double **const vecs[] = {&s->buf};
    return momentum != 0 && !s->buf ? ds_opt_vectors("sgd", dim, 1, vecs, err) : DS_OK;
}

static const char *const sgd_claims[] = {"sgd-convex-avg", "sgd-sc", "sgd-nonconvex", "sgd-last-iterate",
                                         NULL};

const ds_optimizer_type ds_optimizer_sgd = {
    .name = "sgd",
    .doc = "torch.optim.SGD: momentum, dampening, nesterov, weight_decay; batch=1 by default",
    .params = sgd_params,
    .state_size = sizeof(sgd_state),
    .init = sgd_init,
    .step = sgd_step,
    .free = sgd_free,
    .claims = sgd_claims,
    .set_momentum = sgd_set_momentum,
};
