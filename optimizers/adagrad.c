/* adagrad: torch.optim.Adagrad (Duchi, Hazan & Singer 2011, diagonal
 * form), to the rounding of torch 1.13.1's single-tensor path:
 *   g   = g + weight_decay x                 (coupled L2)
 *   clr = lr / (1 + (t - 1) lr_decay)        (t = 1, 2, ...)
 *   s   = s + g g                            (s starts at initial_accumulator_value)
 *   x   = x + (-clr g) / (sqrt(s) + eps) */
#include <math.h>
#include <stdlib.h>

#include "../core/optimizer.h"
#include "../core/vec.h"

typedef struct {
    double lr_decay, weight_decay, eps;
    double *sum;
} adagrad_state;

static const ds_param adagrad_params[] = {
    {"lr", DS_P_REAL, "0.01", 0, INFINITY, DS_P_LO_OPEN, NULL, "learning rate"},
    {"lr_decay", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "lr / (1 + (t-1) lr_decay) at step t"},
    {"weight_decay", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "coupled L2 added to the gradient"},
    {"initial_accumulator_value", DS_P_REAL, "0", 0, INFINITY, 0, NULL,
     "starting value of the sum of squared gradients"},
    {"eps", DS_P_REAL, "1e-10", 0, INFINITY, DS_P_LO_OPEN, NULL, "added to sqrt(sum)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int adagrad_init(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                        long horizon, ds_err *err)
{
    (void)x0;
    (void)horizon;
    adagrad_state *s = state;
    s->lr_decay = ds_num(v, "lr_decay");
    s->weight_decay = ds_num(v, "weight_decay");
    s->eps = ds_num(v, "eps");
    double **const vecs[] = {&s->sum};
    int rc = ds_opt_vectors("adagrad", p->dim, 1, vecs, err);
    if (rc)
        return rc;
    double acc = ds_num(v, "initial_accumulator_value");
    for (size_t i = 0; i < p->dim; i++)
        s->sum[i] = acc;
    return DS_OK;
}

/* One branch-free pass (coupled is a constant after inlining, so the loop
 * vectorises); with weight_decay = 0 the gradient is used as it is. */
static inline __attribute__((always_inline)) void adagrad_pass(size_t n, double *restrict x, const double *restrict g,
                                                               double *restrict sum, double wd, double clr,
                                                               double eps, int coupled)
{
    DS_SIMD
    for (size_t i = 0; i < n; i++) {
        double gi = coupled ? g[i] + wd * x[i] : g[i];
        double si = sum[i] + gi * gi;
        sum[i] = si;
        double std = sqrt(si) + eps;
        x[i] = x[i] + ((-clr) * gi) / std;
    }
}

static int adagrad_step(void *state, ds_step *st)
{
    adagrad_state *s = state;
    size_t n = st->dim;
    double *x = st->x, *sum = s->sum;
    const double *g = st->g;
    double wd = s->weight_decay;
    /* torch's step counter is a float; step - 1 is the 0-based t */
    double clr = st->lr / (1.0 + (double)st->t * s->lr_decay);
    if (wd != 0)
        adagrad_pass(n, x, g, sum, wd, clr, s->eps, 1);
    else
        adagrad_pass(n, x, g, sum, wd, clr, s->eps, 0);
    return DS_OK;
}

static void adagrad_free(void *state)
{
    adagrad_state *s = state;
    free(s->sum);
}

const ds_optimizer_type ds_optimizer_adagrad = {
    .name = "adagrad",
    .doc = "torch.optim.Adagrad: x -= clr g / (sqrt(sum g^2) + eps), clr = lr/(1+(t-1) lr_decay)",
    .params = adagrad_params,
    .state_size = sizeof(adagrad_state),
    .init = adagrad_init,
    .step = adagrad_step,
    .free = adagrad_free,
};
