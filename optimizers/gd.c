/* gd: gradient descent x <- x - lr g on the full gradient (Cauchy 1847).
 * With ls=exact on a quadratic the step is the exact minimizer along -g,
 * lr_t = g'g / g'Ag (Cauchy's steepest descent), computed with one
 * Hessian-vector product. */
#include <math.h>
#include <stdlib.h>

#include "../core/optimizer.h"
#include "../core/vec.h"

typedef struct {
    int exact;
    double *hg;  /* A g, for the exact line search */
} gd_state;

static const ds_param gd_params[] = {
    {"lr", DS_P_REAL, "1/L", 0, INFINITY, DS_P_LO_OPEN, NULL, "step size (default 1/L)"},
    {"ls", DS_P_ENUM, "none", 0, 0, 0, "none|exact", "exact line search (quadratics only)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int gd_init(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                   long horizon, ds_err *err)
{
    (void)x0;
    (void)horizon;
    gd_state *s = state;
    s->exact = ds_enum(v, "ls") == 1;
    if (s->exact) {
        if (!(p->flags & DS_QUADRATIC))
            return ds_fail(err, DS_ENOTSUP, "optimizer 'gd': ls=exact needs a quadratic, and '%s' is not one",
                           p->canon);
        double **const vecs[] = {&s->hg};
        return ds_opt_vectors("gd", p->dim, 1, vecs, err);
    }
    return DS_OK;
}

static int gd_step(void *state, ds_step *st)
{
    gd_state *s = state;
    double lr = st->lr;
    if (s->exact) {
        double gg = ds_dot(st->dim, st->g, st->g);
        if (gg == 0.0)
            return DS_OK;
        ds_hvp(st->oracle, st->x, st->g, s->hg);
        lr = gg / ds_dot(st->dim, st->g, s->hg);
    }
    ds_axpy(st->dim, -lr, st->g, st->x);
    return DS_OK;
}

static void gd_free(void *state)
{
    gd_state *s = state;
    free(s->hg);
}

static const char *const gd_claims[] = {"gd-convex-tight", "gd-convex-classic", "gd-sc-dist",
                                        "gd-sc-f", "gd-quadratic-tight", "gd-nonconvex-grad", NULL};

const ds_optimizer_type ds_optimizer_gd = {
    .name = "gd",
    .doc = "gradient descent x -= lr g (ls=exact: Cauchy's exact step on quadratics)",
    .params = gd_params,
    .state_size = sizeof(gd_state),
    .flags = DS_OPT_FIXED_STEP,
    .init = gd_init,
    .step = gd_step,
    .free = gd_free,
    .claims = gd_claims,
};
