/* quadratic: f(x) = 1/2 (x - x*)' A (x - x*), A = Q diag(lambda) Q'.
 *
 * The eigenvalues fill [mu, L] (largest first, so that dim=2, rotate=0
 * gives diag(L, mu)); Q is a product of min(dim, 8) Householder
 * reflections with Gaussian directions drawn from the instance seed, so A
 * is never formed: a product A v costs O(8 dim) at any dimension, and the
 * spectrum, hence L, mu and kappa, is exact. f* = 0 at x*. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/problem.h"
#include "../core/rng.h"
#include "../core/scratch.h"
#include "../core/vec.h"
#include "../core/dmath.h"

#define QUAD_REFLECTIONS 8

typedef struct {
    size_t k;         /* reflections */
    double *u;        /* k unit vectors, dim each */
    double *lambda;   /* eigenvalues */
} quad_data;

static const ds_param quad_params[] = {
    {"dim", DS_P_INT, "10", 1, 1e8, 0, NULL, "number of variables"},
    {"kappa", DS_P_REAL, "10", 1, INFINITY, 0, NULL, "condition number L/mu"},
    {"mu", DS_P_REAL, "1", 0, INFINITY, 0, NULL, "smallest eigenvalue"},
    {"L", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "largest eigenvalue (0: mu*kappa)"},
    {"spectrum", DS_P_ENUM, "linear", 0, 0, 0, "linear|log|two-cluster",
     "how eigenvalues fill [mu, L]: evenly, geometrically, or half at each end"},
    {"rotate", DS_P_BOOL, "1", 0, 1, 0, NULL, "random orthogonal Q (0: A diagonal)"},
    {"xstar", DS_P_ENUM, "zero", 0, 0, 0, "zero|random", "x* = 0 or Gaussian"},
    {"rows", DS_P_INT, "0", 0, 1e8, 0, NULL,
     "view x as a rows x (dim/rows) matrix, row-major (0: a plain vector)"},
    {"x0", DS_P_LIST, "", -INFINITY, INFINITY, 0, NULL,
     "start (one value is repeated; default x* + 1)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

/* y = Q' v with Q = H_1 H_2 ... H_k, H_j = I - 2 u_j u_j'. */
static void apply_qt(const quad_data *q, size_t n, const double *v, double *y)
{
    if (y != v)
        ds_copy(n, v, y);
    for (size_t j = q->k; j-- > 0;) {
        const double *u = q->u + j * n;
        ds_axpy(n, -2.0 * ds_dot(n, u, y), u, y);
    }
}

static void apply_q(const quad_data *q, size_t n, const double *v, double *y)
{
    if (y != v)
        ds_copy(n, v, y);
    for (size_t j = 0; j < q->k; j++) {
        const double *u = q->u + j * n;
        ds_axpy(n, -2.0 * ds_dot(n, u, y), u, y);
    }
}

/* hv = A v */
static void quad_apply(const ds_problem *p, const double *v, double *hv)
{
    const quad_data *q = p->data;
    size_t n = p->dim;
    apply_qt(q, n, v, hv);
    for (size_t i = 0; i < n; i++)
        hv[i] *= q->lambda[i];
    apply_q(q, n, hv, hv);
}

static int resolve_constants(const ds_values *v, double *mu, double *L, ds_err *err)
{
    *mu = ds_num(v, "mu");
    double kappa = ds_num(v, "kappa");
    int has_L = ds_given(v, "L"), has_kappa = ds_given(v, "kappa");
    if (has_L) {
        *L = ds_num(v, "L");
        if (*L <= 0)
            return ds_fail(err, DS_EINVAL, "problem 'quadratic': L=%g must be > 0", *L);
        if (has_kappa && fabs(*L - kappa * *mu) > 1e-12 * *L)
            return ds_fail(err, DS_EINVAL,
                           "problem 'quadratic': L=%g, mu=%g and kappa=%g disagree (give two of them)",
                           *L, *mu, kappa);
        if (*L < *mu)
            return ds_fail(err, DS_EINVAL, "problem 'quadratic': L=%g is below mu=%g", *L, *mu);
    } else {
        if (*mu == 0)
            return ds_fail(err, DS_EINVAL, "problem 'quadratic': mu=0 needs L (kappa is infinite)");
        *L = kappa * *mu;
    }
    return DS_OK;
}

static void fill_spectrum(double *lambda, size_t n, double mu, double L, int kind)
{
    for (size_t i = 0; i < n; i++) {
        double s = n > 1 ? (double)i / (double)(n - 1) : 0.0;  /* 0 at L, 1 at mu */
        switch (kind) {
        case 1:  /* log */
            lambda[i] = mu > 0 ? L * ds_pow(mu / L, s) : L * (1 - s);
            break;
        case 2:  /* two-cluster */
            lambda[i] = i < (n + 1) / 2 ? L : mu;
            break;
        default:
            lambda[i] = L - (L - mu) * s;
        }
    }
    lambda[0] = L;
    lambda[n - 1] = n > 1 ? mu : L;
}

static int quad_create(ds_problem *p, const ds_values *v, uint64_t seed, ds_err *err)
{
    double mu = 0, L = 0;
    int rc = resolve_constants(v, &mu, &L, err);
    if (rc)
        return rc;
    size_t n = (size_t)ds_int(v, "dim");
    size_t k = ds_bool(v, "rotate") && n > 1 ? (n < QUAD_REFLECTIONS ? n : QUAD_REFLECTIONS) : 0;
    if ((rc = ds_check_alloc(n, (k + 6) * sizeof(double), "problem 'quadratic'", err)))
        return rc;
    quad_data *q = calloc(1, sizeof *q);
    if (!q)
        return ds_fail(err, DS_ENOMEM, "out of memory");
    p->data = q;
    q->k = k;
    q->lambda = ds_vec_new(n);
    q->u = k ? ds_vec_new(k * n) : NULL;
    p->x_star = ds_vec_new(n);
    p->x0 = ds_vec_new(n);
    if (!q->lambda || (k && !q->u) || !p->x_star || !p->x0)
        return ds_fail(err, DS_ENOMEM, "out of memory for a quadratic of dim %zu", n);
    p->dim = n;
    size_t rows = (size_t)ds_int(v, "rows");
    if (rows > 0) {
        if (n % rows)
            return ds_fail(err, DS_EINVAL, "problem 'quadratic': rows=%zu does not divide dim=%zu", rows, n);
        p->rows = rows;
        p->cols = n / rows;
    }
    p->L = L;
    p->mu = mu;
    p->f_star = 0.0;
    p->flags = DS_CONVEX | DS_SMOOTH | DS_QUADRATIC | (mu > 0 ? DS_STRONGLY_CONVEX : 0);
    fill_spectrum(q->lambda, n, mu, L, ds_enum(v, "spectrum"));

    ds_rng rng;
    if (ds_rng_init(&rng, ds_hash_pair(0x71ad4a7cULL, seed)))
        return ds_fail(err, DS_ENOMEM, "out of memory for a generator");
    for (size_t j = 0; j < k; j++) {
        double *u = q->u + j * n;
        for (size_t i = 0; i < n; i++)
            u[i] = ds_rng_gaussian(&rng);
        ds_scal(n, 1.0 / ds_nrm2(n, u), u);
    }
    if (ds_enum(v, "xstar") == 1)
        for (size_t i = 0; i < n; i++)
            p->x_star[i] = ds_rng_gaussian(&rng);
    ds_rng_free(&rng);

    size_t nx0;
    const double *x0 = ds_list(v, "x0", &nx0);
    if (nx0 != 0 && nx0 != 1 && nx0 != n)
        return ds_fail(err, DS_EINVAL, "problem 'quadratic': x0 has %zu values; dim=%zu wants 1 or %zu",
                       nx0, n, n);
    for (size_t i = 0; i < n; i++)
        p->x0[i] = nx0 == 0 ? p->x_star[i] + 1.0 : x0[nx0 == 1 ? 0 : i];
    return DS_OK;
}

static void quad_destroy(ds_problem *p)
{
    quad_data *q = p->data;
    if (!q)
        return;
    free(q->u);
    free(q->lambda);
    free(q);
}

static double quad_fg(ds_problem *p, const double *x, double *g)
{
    size_t n = p->dim;
    double *dx = ds_scratch(0, n);
    if (!dx)
        return NAN;
    for (size_t i = 0; i < n; i++)
        dx[i] = x[i] - p->x_star[i];
    quad_apply(p, dx, g);
    return 0.5 * ds_dot(n, dx, g);
}

static double quad_f(ds_problem *p, const double *x)
{
    double *g = ds_scratch(1, p->dim);
    return g ? quad_fg(p, x, g) : NAN;
}

static void quad_grad(ds_problem *p, const double *x, double *g)
{
    quad_fg(p, x, g);
}

static void quad_hvp(ds_problem *p, const double *x, const double *v, double *hv)
{
    (void)x;
    quad_apply(p, v, hv);
}

const ds_problem_type ds_problem_quadratic = {
    .name = "quadratic",
    .doc = "1/2 (x-x*)'A(x-x*), A = Q diag(lambda) Q', spectrum in [mu, L]",
    .params = quad_params,
    .create = quad_create,
    .destroy = quad_destroy,
    .f = quad_f,
    .grad = quad_grad,
    .fg = quad_fg,
    .hvp = quad_hvp,
};
