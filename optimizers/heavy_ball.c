/* heavy_ball: Polyak's heavy-ball method (Polyak 1964, "Some methods of
 * speeding up the convergence of iteration methods"), two forms:
 *   form=polyak  x_{k+1} = x_k - lr g(x_k) + momentum (x_k - x_{k-1}),
 *                x_{-1} = x_0 (the first step is a gradient step)
 *   form=ema     v_{k+1} = momentum v_k + (1 - momentum) g(x_k), v_0 = 0,
 *                x_{k+1} = x_k - lr v_{k+1}   (the form of many course notes)
 * The forms agree exactly when lr_ema = lr_polyak / (1 - momentum): with the
 * same lr the ema form takes (1 - momentum) times smaller steps.
 * Defaults are Polyak's optimal parameters for quadratics with spectrum in
 * [mu, L] (Polyak 1964, sec. 3):
 *   lr = 4 / (sqrt(L) + sqrt(mu))^2,
 *   momentum = ((sqrt(L) - sqrt(mu)) / (sqrt(L) + sqrt(mu)))^2,
 * giving the asymptotic rate (sqrt(kappa) - 1)/(sqrt(kappa) + 1). They need
 * mu > 0 (mu = 0 makes momentum 1, which is refused). Beyond quadratics
 * these parameters can cycle (Lessard, Recht & Packard 2016); Ghadimi et al.
 * 2015 give lr <= 1/L, momentum = sqrt((1 - lr mu)(1 - lr L)) instead. */
#include <math.h>
#include <stdlib.h>

#include "../core/optimizer.h"
#include "../core/vec.h"

enum { HB_POLYAK, HB_EMA };

typedef struct {
    double momentum;
    int form;
    double *mem;  /* polyak: x_{k-1}; ema: v */
} hb_state;

static const ds_param hb_params[] = {
    {"lr", DS_P_REAL, "4/(sqrt(L)+sqrt(mu))^2", 0, INFINITY, DS_P_LO_OPEN, NULL,
     "step size alpha (default: optimal for quadratics)"},
    /* [0, 1] here, < 1 checked in init, to explain the mu = 0 case */
    {"momentum", DS_P_REAL, "((sqrt(L)-sqrt(mu))/(sqrt(L)+sqrt(mu)))^2", 0, 1, 0, NULL,
     "beta, below 1 (default: optimal for quadratics, needs mu > 0)"},
    {"form", DS_P_ENUM, "polyak", 0, 0, 0, "polyak|ema",
     "polyak: x+ = x - lr g + momentum (x - x_prev); ema: v = momentum v + (1-momentum) g, x -= lr v"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int hb_init(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                   long horizon, ds_err *err)
{
    (void)horizon;
    hb_state *s = state;
    s->momentum = ds_num(v, "momentum");
    s->form = ds_enum(v, "form");
    if (s->momentum >= 1 && !ds_given(v, "momentum"))
        return ds_fail(err, DS_EINVAL,
                       "optimizer 'heavy_ball': the default momentum is 1 on problem '%s' (mu = %g): "
                       "give lr and momentum for problems that are not strongly convex "
                       "(e.g. lr=1/L,momentum=0.5)",
                       p->canon, p->mu);
    if (s->momentum >= 1)
        return ds_fail(err, DS_EINVAL, "optimizer 'heavy_ball': momentum=%s must be below 1",
                       ds_str(v, "momentum"));
    double **const vecs[] = {&s->mem};
    int rc = ds_opt_vectors("heavy_ball", p->dim, 1, vecs, err);
    if (rc)
        return rc;
    if (s->form == HB_POLYAK)
        ds_copy(p->dim, x0, s->mem);  /* x_{-1} = x_0 */
    return DS_OK;
}

static int hb_step(void *state, ds_step *st)
{
    hb_state *s = state;
    size_t n = st->dim;
    double *restrict x = st->x, *restrict mem = s->mem;
    const double *restrict g = st->g;
    double beta = s->momentum, lr = st->lr;
    if (s->form == HB_POLYAK) {
        DS_SIMD
        for (size_t i = 0; i < n; i++) {
            double xi = x[i];
            x[i] = (xi + (-lr) * g[i]) + beta * (xi - mem[i]);
            mem[i] = xi;
        }
    } else {
        DS_SIMD
        for (size_t i = 0; i < n; i++) {
            mem[i] = mem[i] * beta + (1.0 - beta) * g[i];
            x[i] = x[i] + (-lr) * mem[i];
        }
    }
    return DS_OK;
}

static void hb_free(void *state)
{
    hb_state *s = state;
    free(s->mem);
}

static const char *const hb_claims[] = {"heavy-ball-quadratic", "heavy-ball-ghadimi", NULL};

const ds_optimizer_type ds_optimizer_heavy_ball = {
    .name = "heavy_ball",
    .doc = "Polyak: x+ = x - lr g + momentum (x - x_prev); form=ema: v = momentum v + (1-momentum) g, x -= lr v",
    .params = hb_params,
    .state_size = sizeof(hb_state),
    .flags = DS_OPT_FIXED_STEP,
    .init = hb_init,
    .step = hb_step,
    .free = hb_free,
    .claims = hb_claims,
};
