/* nesterov_worst: Nesterov's tridiagonal "worst function in the world"
 * (Nesterov 2004, Sec 2.1.2 and 2.1.4), x0 = 0.
 *
 * mu = 0 (THEORY nesterov-lower-convex), dimension k:
 *   f(x) = (L/4) [ (x_1^2 + sum_{i=1}^{k-1} (x_i - x_{i+1})^2 + x_k^2)/2 - x_1 ],
 *   x*_i = 1 - i/(k+1),  f* = (L/8)(-1 + 1/(k+1)).
 *   Any method with x_t in x0 + span(grad f(x_0..x_{t-1})) has x_t supported
 *   on the first t coordinates, and with k = 2t+1,
 *   f(x_t) - f* >= 3 L R^2/(32 (t+1)^2)   (Thm 2.1.7).
 * mu > 0 (THEORY nesterov-lower-sc), kappa = L/mu, dimension n:
 *   f(x) = (mu(kappa-1)/8) [ x_1^2 + sum_{i=1}^{n-1} (x_i - x_{i+1})^2 - 2 x_1 ] + (mu/2)||x||^2.
 *   In infinite dimension x*_i = q^i, q = (sqrt(kappa)-1)/(sqrt(kappa)+1)
 *   (Thm 2.1.13); that is the limit of the finite problem, not its solution.
 *   Here x* solves the n x n tridiagonal system (c T + mu I) x = c e_1,
 *   c = (L - mu)/4, exactly (GSL's symmetric tridiagonal solver), and
 *   f* = f(x*) = -(c/2) x*_1. The bounds hold up to the truncation,
 *   a relative error O(q^(2(n-t))): take n >> t.
 *
 * Both are f(x) = (c/2)(x'Tx - 2 x_1) + (m/2)||x||^2 with T tridiagonal
 * (-1 off the diagonal, 2 on it, except T_nn = 1 in the strongly convex
 * form, which has no x_n^2 term): c = L/4, m = 0, or c = (L-mu)/4, m = mu.
 * The spectrum of T is known in closed form: 2 - 2cos(i pi/(k+1)),
 * i = 1..k (T_kk = 2), and 2 - 2cos((2i-1) pi/(2n+1)), i = 1..n (T_nn = 1).
 * So the problem's L and mu are exact: L = c lambda_max(T) + m and
 * mu = c lambda_min(T) + m, slightly inside the class constants [mu, L]
 * the spec names (read those from the parameters `L`, `mu`: the lower
 * bounds are stated in them; with the exact constants they are weaker and
 * still valid). The convex form is strongly convex in finite dimension,
 * and is flagged so, with its tiny exact mu. */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_vector.h>

#include "../core/problem.h"
#include "../core/vec.h"
#include "../core/dmath.h"

typedef struct {
    double c, m;  /* f = (c/2)(x'Tx - 2 x_1) + (m/2)||x||^2 */
    int sc;       /* T_nn = 1 (strongly convex form) */
} nw_data;

static const ds_param nw_params[] = {
    {"dim", DS_P_INT, "11", 1, 1e8, 0, NULL, "number of variables (k = 2t+1 for the bound at step t)"},
    {"L", DS_P_REAL, "1", 0, INFINITY, DS_P_LO_OPEN, NULL, "smoothness class constant"},
    {"mu", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "strong convexity class constant (0: the convex form)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static double nw_fg(ds_problem *p, const double *x, double *g)
{
    const nw_data *d = p->data;
    size_t n = p->dim;
    double q = x[0] * x[0], sq = 0.0;
    for (size_t i = 0; i + 1 < n; i++) {
        double r = x[i] - x[i + 1];
        q += r * r;
    }
    if (!d->sc)
        q += x[n - 1] * x[n - 1];
    for (size_t i = 0; i < n; i++)
        sq += x[i] * x[i];
    if (g) {
        for (size_t i = 0; i < n; i++) {
            double diag = (d->sc && i == n - 1) ? 1.0 : 2.0;
            double tx = diag * x[i] - (i > 0 ? x[i - 1] : 0.0) - (i + 1 < n ? x[i + 1] : 0.0);
            g[i] = d->c * tx + d->m * x[i];
        }
        g[0] -= d->c;
    }
    return 0.5 * d->c * (q - 2.0 * x[0]) + 0.5 * d->m * sq;
}

static double nw_f(ds_problem *p, const double *x)
{
    return nw_fg(p, x, NULL);
}

static void nw_grad(ds_problem *p, const double *x, double *g)
{
    nw_fg(p, x, g);
}

static void nw_hvp(ds_problem *p, const double *x, const double *v, double *hv)
{
    (void)x;
    const nw_data *d = p->data;
    size_t n = p->dim;
    for (size_t i = 0; i < n; i++) {
        double diag = (d->sc && i == n - 1) ? 1.0 : 2.0;
        double tv = diag * v[i] - (i > 0 ? v[i - 1] : 0.0) - (i + 1 < n ? v[i + 1] : 0.0);
        hv[i] = d->c * tv + d->m * v[i];
    }
}

static int nw_create(ds_problem *p, const ds_values *v, uint64_t seed, ds_err *err)
{
    (void)seed;
    size_t n = (size_t)ds_int(v, "dim");
    double L = ds_num(v, "L"), mu = ds_num(v, "mu");
    if (mu >= L)
        return ds_fail(err, DS_EINVAL, "problem 'nesterov_worst': mu=%g must be below L=%g", mu, L);
    int rc = ds_check_alloc(n, 4 * sizeof(double), "problem 'nesterov_worst'", err);
    if (rc)
        return rc;
    nw_data *d = calloc(1, sizeof *d);
    if (!d)
        return ds_fail(err, DS_ENOMEM, "out of memory");
    p->data = d;
    d->sc = mu > 0;
    d->c = d->sc ? (L - mu) / 4.0 : L / 4.0;
    d->m = d->sc ? mu : 0.0;
    p->dim = n;
    p->x0 = ds_vec_new(n);
    p->x_star = ds_vec_new(n);
    if (!p->x0 || !p->x_star)
        return ds_fail(err, DS_ENOMEM, "out of memory for nesterov_worst of dim %zu", n);
    double dn = (double)n;
    if (!d->sc) {
        p->L = d->c * (2.0 - 2.0 * ds_cos(dn * M_PI / (dn + 1.0)));
        p->mu = d->c * (2.0 - 2.0 * ds_cos(M_PI / (dn + 1.0)));
        for (size_t i = 0; i < n; i++)
            p->x_star[i] = 1.0 - (double)(i + 1) / (dn + 1.0);
        p->f_star = (L / 8.0) * (-1.0 + 1.0 / (dn + 1.0));
    } else {
        p->L = d->c * (2.0 - 2.0 * ds_cos((2.0 * dn - 1.0) * M_PI / (2.0 * dn + 1.0))) + mu;
        p->mu = d->c * (2.0 - 2.0 * ds_cos(M_PI / (2.0 * dn + 1.0))) + mu;
        if (n == 1) {
            p->x_star[0] = d->c / (d->c + mu);
        } else {
            double *diag = ds_vec_new(n), *off = ds_vec_new(n - 1), *b = ds_vec_new(n);
            if (!diag || !off || !b) {
                free(diag), free(off), free(b);
                return ds_fail(err, DS_ENOMEM, "out of memory for nesterov_worst of dim %zu", n);
            }
            for (size_t i = 0; i < n; i++)
                diag[i] = (i == n - 1 ? d->c : 2.0 * d->c) + mu;
            for (size_t i = 0; i + 1 < n; i++)
                off[i] = -d->c;
            b[0] = d->c;
            gsl_vector_view vd = gsl_vector_view_array(diag, n), vo = gsl_vector_view_array(off, n - 1),
                            vb = gsl_vector_view_array(b, n), vx = gsl_vector_view_array(p->x_star, n);
            /* GSL calls its (aborting) error handler only on mismatched
             * lengths or a matrix that is not positive definite; this one is
             * SPD and diagonally dominant, so the call cannot reach it (and
             * the process-wide handler is not touched: runs are parallel). */
            int grc = gsl_linalg_solve_symm_tridiag(&vd.vector, &vo.vector, &vb.vector, &vx.vector);
            free(diag), free(off), free(b);
            if (grc)
                return ds_fail(err, DS_ENUM, "problem 'nesterov_worst': tridiagonal solve failed (%s)",
                               gsl_strerror(grc));
        }
        p->f_star = -0.5 * d->c * p->x_star[0];
    }
    p->flags = DS_CONVEX | DS_SMOOTH | DS_QUADRATIC | DS_STRONGLY_CONVEX;
    return DS_OK;
}

static void nw_destroy(ds_problem *p)
{
    free(p->data);
}

const ds_problem_type ds_problem_nesterov_worst = {
    .name = "nesterov_worst",
    .doc = "Nesterov's tridiagonal worst function (L/4)[(x'Ax)/2 - x_1]; mu>0: strongly convex form",
    .params = nw_params,
    .create = nw_create,
    .destroy = nw_destroy,
    .f = nw_f,
    .grad = nw_grad,
    .fg = nw_fg,
    .hvp = nw_hvp,
};
