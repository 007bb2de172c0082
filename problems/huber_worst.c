/* huber_worst: the 1-D Huber function on which first-order methods meet
 * their worst case, started at x0 = R (x* = 0, f* = 0):
 *   f(x) = L tau |x| - L tau^2/2   if |x| >= tau,   L x^2/2 otherwise,
 * convex and L-smooth, with the threshold tau of
 *   threshold=gd:  tau = R/(2Nh+1). GD with step h/L stays in the linear
 *                  part, x_t = R - t h tau, and after N steps
 *                  f(x_N) = L R^2/(4Nh+2) exactly (Drori & Teboulle 2014,
 *                  Thm 3.1; THEORY gd-convex-tight; L=3, N=4, h=1: 1/6).
 *   threshold=ogm: tau = R/theta_N^2 with OGM's theta_N (Kim & Fessler 2016,
 *                  Thm 3), where OGM's f(y_N) is L R^2/(2 theta_N^2)
 *                  (THEORY ogm-convex; L=3, N=4, R=1: 0.0767518).
 *   threshold=t3:  tau = 4R/((N+2)(N+3)), where Nesterov's method with
 *                  momentum t/(t+3) (agd variant=t3, step 1/L) ends exactly
 *                  on its bound f(x_N) = 2 L R^2/((N+2)(N+3)) (THEORY
 *                  agd-t3-convex, "numerically tight on a Huber function";
 *                  this threshold was found by a scan over tau and checked
 *                  to rounding for N = 1..30: the iterates never leave the
 *                  linear part).
 *   threshold=gdgrad: tau = R/(Nh+1). GD with step h/L moves h tau a
 *                  step and reaches x_N = tau, the end of the linear part,
 *                  so ||f'(x_N)|| = L tau = L R/(Nh+1) (THEORY
 *                  gd-grad-norm, the worst case performance estimation
 *                  computes for h <= 1).
 * theta_N is recomputed here (theta_0 = 1, theta_t = (1+sqrt(1+4theta^2))/2,
 * last step with 8 in place of 4) rather than shared with optimizers/, so
 * that problems stay independent of the methods. */
#include <math.h>
#include <stdlib.h>

#include "../core/problem.h"
#include "../core/vec.h"

typedef struct {
    double L, tau;
} huber_data;

static const ds_param huber_params[] = {
    {"N", DS_P_INT, "4", 1, 1e9, 0, NULL, "number of steps the instance is tuned for"},
    {"L", DS_P_REAL, "3", 0, INFINITY, DS_P_LO_OPEN, NULL, "smoothness constant"},
    {"R", DS_P_REAL, "1", 0, INFINITY, DS_P_LO_OPEN, NULL, "start x0 = R = |x0 - x*|"},
    {"h", DS_P_REAL, "1", 0, 1, DS_P_LO_OPEN, NULL, "GD's normalized step h (step h/L)"},
    {"threshold", DS_P_ENUM, "gd", 0, 0, 0, "gd|ogm|t3|gdgrad",
     "tau = R/(2Nh+1) (GD's worst case), R/theta_N^2 (OGM's), 4R/((N+2)(N+3)) (agd t3's) or "
     "R/(Nh+1) (GD's worst gradient norm)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static double huber_fg(ds_problem *p, const double *x, double *g)
{
    const huber_data *d = p->data;
    double a = fabs(x[0]);
    if (a >= d->tau) {
        if (g)
            g[0] = d->L * d->tau * (x[0] > 0 ? 1.0 : -1.0);
        return d->L * d->tau * a - 0.5 * d->L * d->tau * d->tau;
    }
    if (g)
        g[0] = d->L * x[0];
    return 0.5 * d->L * x[0] * x[0];
}

static double huber_f(ds_problem *p, const double *x)
{
    return huber_fg(p, x, NULL);
}

static void huber_grad(ds_problem *p, const double *x, double *g)
{
    huber_fg(p, x, g);
}

static void huber_hvp(ds_problem *p, const double *x, const double *v, double *hv)
{
    const huber_data *d = p->data;
    hv[0] = fabs(x[0]) < d->tau ? d->L * v[0] : 0.0;
}

static int huber_create(ds_problem *p, const ds_values *v, uint64_t seed, ds_err *err)
{
    (void)seed;
    huber_data *d = calloc(1, sizeof *d);
    if (!d)
        return ds_fail(err, DS_ENOMEM, "out of memory");
    p->data = d;
    long N = ds_int(v, "N");
    double R = ds_num(v, "R"), h = ds_num(v, "h");
    d->L = ds_num(v, "L");
    int which = ds_enum(v, "threshold");
    if (which == 3) {
        d->tau = R / ((double)N * h + 1.0);
    } else if (which == 2) {
        d->tau = 4.0 * R / (((double)N + 2.0) * ((double)N + 3.0));
    } else if (which == 1) {
        double th = 1.0;
        for (long t = 1; t <= N; t++)
            th = (1.0 + sqrt(1.0 + (t == N ? 8.0 : 4.0) * th * th)) / 2.0;
        d->tau = R / (th * th);
    } else {
        d->tau = R / (2.0 * (double)N * h + 1.0);
    }
    p->dim = 1;
    p->x0 = ds_vec_new(1);
    p->x_star = ds_vec_new(1);
    if (!p->x0 || !p->x_star)
        return ds_fail(err, DS_ENOMEM, "out of memory");
    p->x0[0] = R;
    p->L = d->L;
    p->mu = 0.0;
    p->f_star = 0.0;
    p->flags = DS_CONVEX | DS_SMOOTH;
    return DS_OK;
}

static void huber_destroy(ds_problem *p)
{
    free(p->data);
}

const ds_problem_type ds_problem_huber_worst = {
    .name = "huber_worst",
    .doc = "Drori & Teboulle's 1-D Huber: GD with step h/L ends at L R^2/(4Nh+2) (threshold=ogm: OGM's)",
    .params = huber_params,
    .create = huber_create,
    .destroy = huber_destroy,
    .f = huber_f,
    .grad = huber_grad,
    .fg = huber_fg,
    .hvp = huber_hvp,
};
