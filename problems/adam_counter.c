/* adam_counter: Reddi, Kale & Kumar 2018 (ICLR), Thm 1, as a finite sum of
 * n = 3 linear losses on the feasible set [-1, 1]:
 *   f_1(x) = C x,  f_2(x) = f_3(x) = -x,   C > 2,
 *   f(x) = (1/3) sum_i f_i(x) = (C - 2) x/3,  x* = -1, f* = -(C - 2)/3.
 * With batch=1 and shuffle=0 the runner's oracle visits the samples in
 * order, f_1, f_2, f_3, f_1, ..., which is the online sequence of the
 * theorem (f_t = C x when t mod 3 = 1, else -x). The projection hook clamps
 * x to [-1, 1]. Start x0 = 1, as the paper's proof assumes (any start maps
 * to it by a change of coordinates). Adam with beta1 = 0,
 * beta2 = 1/(1 + C^2) and alpha_t = alpha/sqrt(t) is pushed to +1 (the
 * large gradient C is damped by the second moment it inflates, the two -1
 * gradients are not), with average regret -> 2(C-2)/3; AMSGrad and
 * AdaGrad go to x* = -1 (THEORY adam-counterexample).
 * f is linear: L = 0 and the problem is not flagged smooth (no step 1/L);
 * it is (C-2)/3-Lipschitz on the set. */
#include <math.h>
#include <stdlib.h>

#include "../core/problem.h"
#include "../core/vec.h"

typedef struct {
    double C;
} ac_data;

static const ds_param ac_params[] = {
    {"C", DS_P_REAL, "3", 2, INFINITY, DS_P_LO_OPEN, NULL, "slope of the first loss (C > 2)"},
    {"x0", DS_P_REAL, "1", -1, 1, 0, NULL, "start in [-1, 1]"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static double ac_fg_batch(ds_problem *p, const double *x, const size_t *idx, size_t m, double *g)
{
    const ac_data *d = p->data;
    double s = 0.0;
    for (size_t k = 0; k < m; k++)
        s += idx[k] == 0 ? d->C : -1.0;
    s /= (double)m;
    g[0] = s;
    return s * x[0];
}

static double ac_fg(ds_problem *p, const double *x, double *g)
{
    const ac_data *d = p->data;
    double s = (d->C - 2.0) / 3.0;
    if (g)
        g[0] = s;
    return s * x[0];
}

static double ac_f(ds_problem *p, const double *x)
{
    return ac_fg(p, x, NULL);
}

static void ac_grad(ds_problem *p, const double *x, double *g)
{
    ac_fg(p, x, g);
}

static void ac_hvp(ds_problem *p, const double *x, const double *v, double *hv)
{
    (void)p, (void)x, (void)v;
    hv[0] = 0.0;
}

static void ac_project(ds_problem *p, double *x)
{
    (void)p;
    x[0] = fmax(-1.0, fmin(1.0, x[0]));
}

static int ac_create(ds_problem *p, const ds_values *v, uint64_t seed, ds_err *err)
{
    (void)seed;
    ac_data *d = calloc(1, sizeof *d);
    if (!d)
        return ds_fail(err, DS_ENOMEM, "out of memory");
    p->data = d;
    d->C = ds_num(v, "C");
    p->dim = 1;
    p->n = 3;
    p->x0 = ds_vec_new(1);
    p->x_star = ds_vec_new(1);
    if (!p->x0 || !p->x_star)
        return ds_fail(err, DS_ENOMEM, "out of memory");
    p->x0[0] = ds_num(v, "x0");
    p->x_star[0] = -1.0;
    p->f_star = -(d->C - 2.0) / 3.0;
    p->L = 0.0;
    p->mu = 0.0;
    p->M = (d->C - 2.0) / 3.0;
    p->flags = DS_CONVEX | DS_FINITE_SUM | DS_LIPSCHITZ;
    return DS_OK;
}

static void ac_destroy(ds_problem *p)
{
    free(p->data);
}

const ds_problem_type ds_problem_adam_counter = {
    .name = "adam_counter",
    .doc = "Reddi-Kale-Kumar: losses Cx, -x, -x cycled on [-1,1]; Adam drifts to +1 (use batch=1,shuffle=0)",
    .params = ac_params,
    .create = ac_create,
    .destroy = ac_destroy,
    .f = ac_f,
    .grad = ac_grad,
    .fg = ac_fg,
    .fg_batch = ac_fg_batch,
    .hvp = ac_hvp,
    .project = ac_project,
};
