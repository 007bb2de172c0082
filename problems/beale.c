/* beale: f(x, y) = sum_{i=1..3} (c_i - x + x y^i)^2, c = (1.5, 2.25, 2.625)
 * (Beale 1958; Moré, Garbow & Hillstrom 1981, problem 5, start (1, 1)).
 * x* = (3, 1/2) with f* = 0 (each residual vanishes exactly there).
 * Not convex and not globally L-smooth: as for rosenbrock, L and mu are the
 * extreme eigenvalues of the Hessian at x* (the local constants that set
 * the asymptotic rate), from the closed-form 2 x 2 eigenvalues. */
#include <math.h>

#include "../core/problem.h"
#include "../core/vec.h"
#include "../core/dmath.h"
#include "finite_sum.h"

static const double beale_c[3] = {1.5, 2.25, 2.625};

static const ds_param be_params[] = {
    {"x0", DS_P_LIST, "", -INFINITY, INFINITY, 0, NULL, "start (default 1;1)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

/* Residual r_i, its gradient (rx, ry) and second derivatives (rxy, ryy). */
static void residual(int i, double x, double y, double *r, double *rx, double *ry, double *rxy, double *ryy)
{
    double yi1 = i == 1 ? 1.0 : (i == 2 ? y : y * y);  /* y^(i-1) */
    double yi = yi1 * y;
    *r = beale_c[i - 1] - x + x * yi;
    *rx = yi - 1;
    *ry = i * x * yi1;
    *rxy = i * yi1;
    *ryy = i == 1 ? 0.0 : i * (i - 1) * x * (i == 2 ? 1.0 : y);
}

static double be_fg(ds_problem *p, const double *x, double *g)
{
    (void)p;
    double f = 0, gx = 0, gy = 0;
    for (int i = 1; i <= 3; i++) {
        double r, rx, ry, rxy, ryy;
        residual(i, x[0], x[1], &r, &rx, &ry, &rxy, &ryy);
        f += r * r;
        gx += 2 * r * rx;
        gy += 2 * r * ry;
    }
    if (g) {
        g[0] = gx;
        g[1] = gy;
    }
    return f;
}

static double be_f(ds_problem *p, const double *x)
{
    return be_fg(p, x, NULL);
}

static void be_grad(ds_problem *p, const double *x, double *g)
{
    be_fg(p, x, g);
}

static void be_hessian(ds_problem *p, const double *x, double *H)
{
    (void)p;
    double hxx = 0, hxy = 0, hyy = 0;
    for (int i = 1; i <= 3; i++) {
        double r, rx, ry, rxy, ryy;
        residual(i, x[0], x[1], &r, &rx, &ry, &rxy, &ryy);
        hxx += 2 * rx * rx;
        hxy += 2 * (rx * ry + r * rxy);
        hyy += 2 * (ry * ry + r * ryy);
    }
    H[0] = hxx;
    H[1] = H[2] = hxy;
    H[3] = hyy;
}

static void be_hvp(ds_problem *p, const double *x, const double *v, double *hv)
{
    double H[4];
    be_hessian(p, x, H);
    hv[0] = H[0] * v[0] + H[1] * v[1];
    hv[1] = H[2] * v[0] + H[3] * v[1];
}

static int be_create(ds_problem *p, const ds_values *v, uint64_t seed, ds_err *err)
{
    (void)seed;
    static const double start[2] = {1.0, 1.0};
    p->dim = 2;
    int rc = fs_start(p, v, "beale", start, err);
    if (rc)
        return rc;
    p->x_star = ds_vec_new(2);
    if (!p->x_star)
        return ds_fail(err, DS_ENOMEM, "out of memory");
    p->x_star[0] = 3.0;
    p->x_star[1] = 0.5;
    p->f_star = 0.0;
    double H[4];
    be_hessian(p, p->x_star, H);
    double m = 0.5 * (H[0] + H[3]), r = ds_hypot(0.5 * (H[0] - H[3]), H[1]);
    p->L = m + r;
    p->mu = m - r;
    p->flags = DS_NONCONVEX;
    return DS_OK;
}

const ds_problem_type ds_problem_beale = {
    .name = "beale",
    .doc = "sum_i (c_i - x + x y^i)^2, c = (1.5, 2.25, 2.625), x* = (3, 0.5), start (1, 1)",
    .params = be_params,
    .create = be_create,
    .f = be_f,
    .grad = be_grad,
    .fg = be_fg,
    .hvp = be_hvp,
    .hessian = be_hessian,
};
