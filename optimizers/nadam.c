/* nadam: torch.optim.NAdam (Dozat 2016, with the momentum schedule
 * mu_t = beta1 (1 - 0.5 * 0.96^(t momentum_decay)) of torch), to the
 * rounding of torch 1.13.1's single-tensor path, t = 1, 2, ...:
 *   g     = g + weight_decay x                (coupled L2)
 *   P_t   = P_{t-1} mu_t  (P_0 = 1);  P' = P_t mu_t mu_{t+1}  (variant=torch113)
 *                                     P' = P_t mu_{t+1}       (variant=dozat)
 *   m     = m beta1 + (1 - beta1) g
 *   v     = v beta2 + ((1 - beta2) g) g
 *   d     = sqrt(v / (1 - beta2^t)) + eps
 *   x     = x + ((-lr (1 - mu_t) / (1 - P_t)) g) / d
 *   x     = x + ((-lr mu_{t+1} / (1 - P')) m) / d
 * torch 1.13.1 multiplies mu_t into P' twice; Dozat's rule, which torch
 * >= 2.0 follows, has P' = mu_1 ... mu_{t+1}. The default is the release
 * this project is pinned to and cross-checked against; variant=dozat gives
 * the published rule (torch >= 2.0 also rounds m with lerp_, so it agrees
 * with that variant to a few ulps, not bit for bit).
 * P is kept in double, as torch does when the default dtype is float64
 * (torch 1.13.1 keeps it in a tensor of the default dtype: under float32
 * it is rounded to single precision every step). */
#include <math.h>
#include <stdlib.h>

#include "../core/optimizer.h"
#include "../core/vec.h"
#include "../core/dmath.h"

typedef struct {
    double beta1, beta2, eps, weight_decay, momentum_decay;
    double mu_product;
    int dozat;
    double *m, *v;
} nadam_state;

static const ds_param nadam_params[] = {
    {"lr", DS_P_REAL, "0.002", 0, INFINITY, DS_P_LO_OPEN, NULL, "learning rate"},
    {"beta1", DS_P_REAL, "0.9", 0, 1, DS_P_HI_OPEN, NULL, "first-moment decay"},
    {"beta2", DS_P_REAL, "0.999", 0, 1, DS_P_HI_OPEN, NULL, "second-moment decay"},
    {"eps", DS_P_REAL, "1e-8", 0, INFINITY, DS_P_LO_OPEN, NULL, "added to the denominator"},
    {"weight_decay", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "coupled L2 added to the gradient"},
    {"momentum_decay", DS_P_REAL, "0.004", 0, INFINITY, 0, NULL,
     "psi in mu_t = beta1 (1 - 0.5 * 0.96^(t psi))"},
    {"variant", DS_P_ENUM, "torch113", 0, 0, 0, "torch113|dozat",
     "momentum coefficient mu_{t+1}/(1 - P_t mu_t mu_{t+1}) as torch 1.13, or /(1 - P_t mu_{t+1}) as Dozat 2016"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int nadam_init(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                      long horizon, ds_err *err)
{
    (void)x0;
    (void)horizon;
    nadam_state *s = state;
    s->beta1 = ds_num(v, "beta1");
    s->beta2 = ds_num(v, "beta2");
    s->eps = ds_num(v, "eps");
    s->weight_decay = ds_num(v, "weight_decay");
    s->momentum_decay = ds_num(v, "momentum_decay");
    s->mu_product = 1.0;
    s->dozat = ds_enum(v, "variant") == 1;
    double **const vecs[] = {&s->m, &s->v};
    return ds_opt_vectors("nadam", p->dim, 2, vecs, err);
}

/* One branch-free pass (coupled is a constant after inlining, so the loop
 * vectorises); with weight_decay = 0 the gradient is used as it is. */
static inline __attribute__((always_inline)) void nadam_pass(size_t n, double *restrict x, const double *restrict g,
                                                             double *restrict m, double *restrict v, double b1,
                                                             double b2, double wd, double bc2, double eps,
                                                             double c_grad, double c_avg, int coupled)
{
    DS_SIMD
    for (size_t i = 0; i < n; i++) {
        double gi = coupled ? g[i] + wd * x[i] : g[i];
        double mi = m[i] * b1 + (1.0 - b1) * gi;
        double vi = v[i] * b2 + ((1.0 - b2) * gi) * gi;
        m[i] = mi;
        v[i] = vi;
        double denom = sqrt(vi / bc2) + eps;
        /* two separate updates of x, each rounded, as torch's two addcdiv_ */
        double xi = x[i] + (c_grad * gi) / denom;
        x[i] = xi + (c_avg * mi) / denom;
    }
}

static int nadam_step(void *state, ds_step *st)
{
    nadam_state *s = state;
    size_t n = st->dim;
    double *x = st->x, *m = s->m, *v = s->v;
    const double *g = st->g;
    double b1 = s->beta1, b2 = s->beta2, wd = s->weight_decay, lr = st->lr;
    double k = (double)(st->t + 1);
    double bc2 = 1.0 - ds_pow(b2, k);
    double mu = b1 * (1.0 - 0.5 * ds_pow(0.96, k * s->momentum_decay));
    double mu_next = b1 * (1.0 - 0.5 * ds_pow(0.96, (k + 1.0) * s->momentum_decay));
    s->mu_product *= mu;
    double mu_product_next = s->dozat ? s->mu_product * mu_next : s->mu_product * mu * mu_next;
    double c_grad = -lr * (1.0 - mu) / (1.0 - s->mu_product);
    double c_avg = -lr * mu_next / (1.0 - mu_product_next);
    if (wd != 0)
        nadam_pass(n, x, g, m, v, b1, b2, wd, bc2, s->eps, c_grad, c_avg, 1);
    else
        nadam_pass(n, x, g, m, v, b1, b2, wd, bc2, s->eps, c_grad, c_avg, 0);
    return DS_OK;
}

static void nadam_free(void *state)
{
    nadam_state *s = state;
    free(s->m);
    free(s->v);
}

/* torch's CyclicLR and OneCycleLR write betas[0]; mu_t and the bias
 * corrections then use the new value from this step on, as in torch. */
static int nadam_set_momentum(void *state, double momentum, size_t dim, ds_err *err)
{
    (void)dim, (void)err;
    ((nadam_state *)state)->beta1 = momentum;
    return DS_OK;
}

const ds_optimizer_type ds_optimizer_nadam = {
    .name = "nadam",
    .doc = "torch.optim.NAdam: Adam with Nesterov momentum and the schedule mu_t (momentum_decay)",
    .params = nadam_params,
    .state_size = sizeof(nadam_state),
    .init = nadam_init,
    .step = nadam_step,
    .free = nadam_free,
    .set_momentum = nadam_set_momentum,
};
