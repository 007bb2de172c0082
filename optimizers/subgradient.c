/* subgradient: the subgradient method for M-Lipschitz convex functions
 * (Shor 1962; Nesterov 2004, Sec 3.2.3),
 *   x_{t+1} = x_t - (lr/M) g_t             (scale=M, the default)
 *   x_{t+1} = x_t - lr g_t/||g_t||         (scale=grad)
 * with g_t a subgradient at x_t. With the default lr = R/sqrt(T+1) the
 * step is R/(M sqrt(N+1)) for N = T steps, and
 *   min_{0<=t<=N} f(x_t) - f* <= M R/sqrt(N+1),
 * tight (THEORY subgradient; attained by problem abs_worst with dim = N+1).
 * M is the problem's Lipschitz constant (DS_LIPSCHITZ) unless given: the
 * expression language has no M, so it is a parameter of its own. */
#include <math.h>
#include <stdlib.h>

#include "../core/optimizer.h"
#include "../core/vec.h"

typedef struct {
    double M;
    int by_norm;
} subgrad_state;

static const ds_param subgrad_params[] = {
    {"lr", DS_P_REAL, "R/sqrt(T+1)", 0, INFINITY, DS_P_LO_OPEN, NULL,
     "length of a step of a subgradient of norm M (default R/sqrt(T+1))"},
    {"M", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "Lipschitz constant of f (0: the problem's M)"},
    {"scale", DS_P_ENUM, "M", 0, 0, 0, "M|grad", "divide the step by M, or by ||g|| (normalized steps)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int subgrad_init(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                        long horizon, ds_err *err)
{
    (void)x0;
    (void)horizon;
    subgrad_state *s = state;
    s->by_norm = ds_enum(v, "scale") == 1;
    s->M = ds_num(v, "M");
    if (s->M == 0 && !s->by_norm) {
        if (!(p->flags & DS_LIPSCHITZ) || !(p->M > 0))
            return ds_fail(err, DS_ENOTSUP,
                           "optimizer 'subgradient': problem '%s' declares no Lipschitz constant; give M= or scale=grad",
                           p->canon);
        s->M = p->M;
    }
    return DS_OK;
}

static int subgrad_step(void *state, ds_step *st)
{
    subgrad_state *s = state;
    double scale = s->M;
    if (s->by_norm) {
        scale = ds_nrm2(st->dim, st->g);
        if (scale == 0.0)
            return DS_OK;  /* 0 is a subgradient: x is a minimizer */
    }
    ds_axpy(st->dim, -st->lr / scale, st->g, st->x);
    return DS_OK;
}

static const char *const subgrad_claims[] = {"subgradient", NULL};

const ds_optimizer_type ds_optimizer_subgradient = {
    .name = "subgradient",
    .doc = "subgradient method x -= (lr/M) g, lr = R/sqrt(T+1) (or g/||g|| with scale=grad)",
    .params = subgrad_params,
    .state_size = sizeof(subgrad_state),
    .init = subgrad_init,
    .step = subgrad_step,
    .claims = subgrad_claims,
};
