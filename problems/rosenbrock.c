/* rosenbrock: the chained Rosenbrock function
 *   f(x) = sum_{i<dim-1} b (x_{i+1} - x_i^2)^2 + (a - x_i)^2,  a = 1, b = 100,
 * minimized at x* = (1, ..., 1) with f* = 0; standard start
 * (-1.2, 1, -1.2, 1, ...), or `x0` (one value repeated, or dim values: the
 * course's contour demo starts at x0=-1.5;2). Not convex and not globally L-smooth: L and mu
 * are the extreme eigenvalues of the Hessian at x* (1001.6 and 0.3994 for
 * dim 2), the local constants near the solution. */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>

#include "../core/problem.h"
#include "../core/vec.h"

static const ds_param rosen_params[] = {
    {"dim", DS_P_INT, "2", 2, 1e7, 0, NULL, "number of variables (chained form)"},
    {"x0", DS_P_LIST, "", -INFINITY, INFINITY, 0, NULL, "start (one value is repeated; default -1.2;1;-1.2;...)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static double rosen_fg(ds_problem *p, const double *x, double *g)
{
    size_t n = p->dim;
    double f = 0.0;
    if (g)
        ds_zero(n, g);
    for (size_t i = 0; i + 1 < n; i++) {
        double r = x[i + 1] - x[i] * x[i], s = 1.0 - x[i];
        f += 100.0 * r * r + s * s;
        if (g) {
            g[i] += -400.0 * x[i] * r - 2.0 * s;
            g[i + 1] += 200.0 * r;
        }
    }
    return f;
}

static double rosen_f(ds_problem *p, const double *x)
{
    return rosen_fg(p, x, NULL);
}

static void rosen_grad(ds_problem *p, const double *x, double *g)
{
    rosen_fg(p, x, g);
}

/* The Hessian is tridiagonal: diagonal 1200 x_i^2 - 400 x_{i+1} + 2 (+200
 * from the previous term), off-diagonal -400 x_i. */
static void rosen_hvp(ds_problem *p, const double *x, const double *v, double *hv)
{
    size_t n = p->dim;
    ds_zero(n, hv);
    for (size_t i = 0; i + 1 < n; i++) {
        double dii = 1200.0 * x[i] * x[i] - 400.0 * x[i + 1] + 2.0, off = -400.0 * x[i];
        hv[i] += dii * v[i] + off * v[i + 1];
        hv[i + 1] += off * v[i] + 200.0 * v[i + 1];
    }
}

/* Extreme eigenvalues of the Hessian at x*; dense for modest dims,
 * Gershgorin bounds beyond. */
static int hessian_extremes(ds_problem *p, double *lo, double *hi)
{
    size_t n = p->dim;
    if (n > 2000) {
        *hi = 1002.0 + 800.0;
        *lo = 0.0;
        return DS_OK;
    }
    gsl_matrix *H = gsl_matrix_calloc(n, n);
    gsl_vector *ev = gsl_vector_alloc(n);
    gsl_eigen_symm_workspace *w = gsl_eigen_symm_alloc(n);
    if (!H || !ev || !w) {
        gsl_matrix_free(H);
        gsl_vector_free(ev);
        gsl_eigen_symm_free(w);
        return DS_ENOMEM;
    }
    if (ds_problem_hessian(p, p->x_star, H->data, NULL)) {
        gsl_matrix_free(H);
        gsl_vector_free(ev);
        gsl_eigen_symm_free(w);
        return DS_ENOMEM;
    }
    gsl_eigen_symm(H, ev, w);
    *lo = gsl_vector_min(ev);
    *hi = gsl_vector_max(ev);
    gsl_matrix_free(H);
    gsl_vector_free(ev);
    gsl_eigen_symm_free(w);
    return DS_OK;
}

static int rosen_create(ds_problem *p, const ds_values *v, uint64_t seed, ds_err *err)
{
    (void)seed;
    size_t n = (size_t)ds_int(v, "dim");
    int rc = ds_check_alloc(n, 2 * sizeof(double), "problem 'rosenbrock'", err);
    if (rc)
        return rc;
    size_t nx0;
    const double *x0 = ds_list(v, "x0", &nx0);
    if (nx0 != 0 && nx0 != 1 && nx0 != n)
        return ds_fail(err, DS_EINVAL, "problem 'rosenbrock': x0 has %zu values; dim=%zu wants 1 or %zu", nx0, n,
                       n);
    p->dim = n;
    p->x_star = ds_vec_new(n);
    p->x0 = ds_vec_new(n);
    if (!p->x_star || !p->x0)
        return ds_fail(err, DS_ENOMEM, "out of memory for rosenbrock of dim %zu", n);
    for (size_t i = 0; i < n; i++) {
        p->x_star[i] = 1.0;
        p->x0[i] = nx0 == 0 ? (i % 2 == 0 ? -1.2 : 1.0) : x0[nx0 == 1 ? 0 : i];
    }
    p->f_star = 0.0;
    p->flags = DS_NONCONVEX;
    if (hessian_extremes(p, &p->mu, &p->L))
        return ds_fail(err, DS_ENOMEM, "out of memory for the Hessian of rosenbrock");
    return DS_OK;
}

const ds_problem_type ds_problem_rosenbrock = {
    .name = "rosenbrock",
    .doc = "sum 100(x_{i+1}-x_i^2)^2 + (1-x_i)^2, x* = 1, start (-1.2, 1, ...)",
    .params = rosen_params,
    .create = rosen_create,
    .f = rosen_f,
    .grad = rosen_grad,
    .fg = rosen_fg,
    .hvp = rosen_hvp,
};
