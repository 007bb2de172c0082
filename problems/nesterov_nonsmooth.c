/* nesterov_nonsmooth: the nonsmooth lower-bound function of Nesterov 2004,
 * Thm 3.2.1, in dimension k, started at x0 = 0:
 *   f(x) = gamma max_{1<=i<=k} x_i + mu h(x),
 *   gamma = sqrt(k) M/(1 + sqrt(k)),  mu = M/((1 + sqrt(k)) R),
 * with h(x) = ||x||^2/2 for ||x|| <= R and R ||x|| - R^2/2 beyond (the
 * book's ||x||^2/2, made linear outside the ball of radius R so that f is
 * M-Lipschitz everywhere, not only on that ball: ||g|| <= gamma + mu R = M).
 * The minimizer is on that ball (||x*|| = R, where h is still ||x||^2/2
 * and C^1), so the change moves neither x* nor f*:
 *   x*_i = -R/sqrt(k),  ||x0 - x*|| = R,  f* = -M R/(2(1 + sqrt(k))).
 * The subgradient returned is gamma e_j + mu grad h(x), j the lowest index
 * among the maximal coordinates: the resisting oracle of the theorem. A
 * method with x_t in x0 + span of past subgradients then has x_t supported
 * on the first t coordinates, so for t < k some x_i = 0 with i <= k,
 * max_i x_i >= 0, f(x_t) >= 0 = f(x0) and
 *   f(x_t) - f* >= M R/(2(1 + sqrt(k)))   (THEORY nesterov-lower-nonsmooth),
 * which is M R/(2(1 + sqrt(N+1))) for N steps at k = N+1.
 * Convex, M-Lipschitz, not differentiable where the maximum is tied (at x0
 * and at x*); mu-strongly convex only inside the ball: flagged convex. */
#include <math.h>
#include <stdlib.h>

#include "../core/problem.h"
#include "../core/vec.h"

typedef struct {
    double gamma, mu, R;
} nn_data;

static const ds_param nn_params[] = {
    {"dim", DS_P_INT, "11", 1, 1e8, 0, NULL, "number of variables k (N+1 for the bound after N steps)"},
    {"M", DS_P_REAL, "1", 0, INFINITY, DS_P_LO_OPEN, NULL, "Lipschitz constant"},
    {"R", DS_P_REAL, "1", 0, INFINITY, DS_P_LO_OPEN, NULL, "distance ||x0 - x*||"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

/* The lowest index of a maximal coordinate. */
static size_t nn_argmax(size_t n, const double *x)
{
    size_t j = 0;
    for (size_t i = 1; i < n; i++)
        if (x[i] > x[j])
            j = i;
    return j;
}

static double nn_fg(ds_problem *p, const double *x, double *g)
{
    const nn_data *d = p->data;
    size_t n = p->dim, j = nn_argmax(n, x);
    double r = ds_nrm2(n, x);
    int inside = r <= d->R;
    double h = inside ? r * r / 2 : d->R * r - d->R * d->R / 2;
    if (g) {
        /* grad h = x inside the ball, R x/||x|| outside */
        double s = d->mu * (inside ? 1.0 : d->R / r);
        for (size_t i = 0; i < n; i++)
            g[i] = s * x[i];
        g[j] += d->gamma;
    }
    return d->gamma * x[j] + d->mu * h;
}

static double nn_f(ds_problem *p, const double *x)
{
    return nn_fg(p, x, NULL);
}

static void nn_grad(ds_problem *p, const double *x, double *g)
{
    nn_fg(p, x, g);
}

/* The max is piecewise linear: only h curves. Inside the ball mu v; outside
 * mu R (v - x (x'v)/||x||^2)/||x||. */
static void nn_hvp(ds_problem *p, const double *x, const double *v, double *hv)
{
    const nn_data *d = p->data;
    size_t n = p->dim;
    double r = ds_nrm2(n, x);
    if (r <= d->R) {
        for (size_t i = 0; i < n; i++)
            hv[i] = d->mu * v[i];
        return;
    }
    double s = d->mu * d->R / r, xv = ds_dot(n, x, v) / (r * r);
    for (size_t i = 0; i < n; i++)
        hv[i] = s * (v[i] - x[i] * xv);
}

static int nn_create(ds_problem *p, const ds_values *v, uint64_t seed, ds_err *err)
{
    (void)seed;
    nn_data *d = calloc(1, sizeof *d);
    if (!d)
        return ds_fail(err, DS_ENOMEM, "out of memory");
    p->data = d;
    size_t k = (size_t)ds_int(v, "dim");
    double M = ds_num(v, "M"), R = ds_num(v, "R"), sk = sqrt((double)k);
    d->gamma = sk * M / (1 + sk);
    d->mu = M / ((1 + sk) * R);
    d->R = R;
    p->dim = k;
    p->x0 = ds_vec_new(k);
    p->x_star = ds_vec_new(k);
    if (!p->x0 || !p->x_star)
        return ds_fail(err, DS_ENOMEM, "out of memory for nesterov_nonsmooth of dim %zu", k);
    for (size_t i = 0; i < k; i++)
        p->x_star[i] = -R / sk;
    p->f_star = -M * R / (2 * (1 + sk));
    p->M = M;
    p->L = INFINITY;  /* not differentiable where the maximum is tied */
    p->mu = 0.0;
    p->flags = DS_CONVEX | DS_LIPSCHITZ;
    return DS_OK;
}

static void nn_destroy(ds_problem *p)
{
    free(p->data);
}

const ds_problem_type ds_problem_nesterov_nonsmooth = {
    .name = "nesterov_nonsmooth",
    .doc = "Nesterov's nonsmooth worst function gamma max_i x_i + mu h(x) from 0: "
           "any span method has f - f* >= M R/(2(1+sqrt(dim))) for t < dim",
    .params = nn_params,
    .create = nn_create,
    .destroy = nn_destroy,
    .f = nn_f,
    .grad = nn_grad,
    .fg = nn_fg,
    .hvp = nn_hvp,
};
