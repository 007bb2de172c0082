/* lstsq: regularized linear least squares, a finite sum
 *   f(x) = (c/n) ||A x - b||^2 + (lambda/2) ||x||^2,
 * c = 1/2 (the default, the optimization convention) or c = 1 with mse=1
 * (the course's mean squared error J = (1/n) sum (y_hat - y)^2, whose
 * worked example is data/worked_example.csv). Hessian (2c/n) A'A + lambda I,
 * so L = 2c lambda_max(A'A)/n + lambda and mu = 2c lambda_min(A'A)/n +
 * lambda exactly, the extreme singular values of A from an SVD of the R of
 * a Householder QR of A (not an eigensolve of A'A, whose rounding would
 * grow with cond(A)^2). x* by Householder QR of [R; sqrt(n lambda/(2c)) I]
 * (Golub & Van Loan, Matrix Computations, 4th ed., section 5.3), whose
 * error grows with cond(A), not cond(A)^2 as the normal equations would.
 *
 * Synthetic data: A = U diag(s) V' with U (n x d) and V (d x d) orthonormal
 * from Gram-Schmidt on Gaussian matrices and s_i^2/n geometric from 1 down
 * to 1/kappa, so A'A/n has condition number kappa exactly; b = A x_true +
 * noise * N(0, 1), x_true ~ N(0, I). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>

#include "../core/kernels.h"
#include "../core/rng.h"
#include "../core/scratch.h"
#include "../core/vec.h"
#include "finite_sum.h"
#include "sparse.h"

typedef struct {
    ds_data dt;   /* A = dt.X (n x d), b = dt.y */
    double c;     /* 1/2, or 1 for mse */
    double lambda;
    sp_data *sp;  /* sparse storage (sparse.c) instead of dt.X */
} ls_data;

static const ds_param ls_params[] = {
    {"data", DS_P_STR, "", 0, 0, 0, NULL,
     "data set: a name in data/ (diabetes, worked_example) or a CSV/LIBSVM path; empty = synthetic"},
    {"standardize", DS_P_ENUM, "auto", 0, 0, 0, "auto|0|1",
     "centre features to unit variance (ddof 0) and centre the target (auto: CSV yes, LIBSVM no)"},
    {"intercept", DS_P_BOOL, "0", 0, 1, 0, NULL, "append a constant feature 1 (last coordinate)"},
    {"lambda", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "L2 regularization weight"},
    {"mse", DS_P_BOOL, "0", 0, 1, 0, NULL, "f = (1/n)||Ax-b||^2 (the course's MSE) instead of (1/2n)"},
    {"n", DS_P_INT, "200", 1, 1e9, 0, NULL, "synthetic: samples"},
    {"d", DS_P_INT, "20", 1, 1e8, 0, NULL, "synthetic: features"},
    {"kappa", DS_P_REAL, "100", 1, 1e12, 0, NULL, "synthetic: condition number of A'A/n"},
    {"noise", DS_P_REAL, "0.1", 0, INFINITY, 0, NULL, "synthetic: sigma of the Gaussian noise in b"},
    {"format", DS_P_ENUM, "auto", 0, 0, 0, "auto|dense|csr",
     "feature storage: csr = compressed sparse rows, O(nnz) a gradient (auto: csr for density < 1 and for "
     "LIBSVM files with d > 2000 or at most 10% entries)"},
    {"density", DS_P_REAL, "1", 0, 1, DS_P_LO_OPEN, NULL,
     "synthetic: fraction of entries written per row (< 1: sparse rows, stored csr, needs lambda > 0)"},
    {"x0", DS_P_LIST, "", -INFINITY, INFINITY, 0, NULL, "start (one value is repeated; default 0)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

/* Orthonormalize the columns of Q (rows x cols, row-major) in place by
 * modified Gram-Schmidt, twice ("twice is enough", Giraud et al. 2005).
 * The work runs on the transpose, where each column is contiguous, with the
 * blocked kernels of vec.h: the same bits on every machine, and a 20000 x
 * 500 instance in a fraction of a second instead of seconds. */
static void mgs(double *Qt, size_t rows, size_t cols)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t j = 0; j < cols; j++) {
            double *qj = Qt + j * rows;
            for (size_t k = 0; k < j; k++) {
                const double *qk = Qt + k * rows;
                ds_axpy(rows, -ds_dot(rows, qj, qk), qk, qj);
            }
            double nrm = ds_nrm2(rows, qj);
            for (size_t i = 0; i < rows; i++)
                qj[i] /= nrm;
        }
}

static int orthonormalize(double *Q, size_t rows, size_t cols)
{
    double *Qt = malloc(rows * cols * sizeof *Qt);
    if (!Qt)
        return -1;
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++)
            Qt[j * rows + i] = Q[i * cols + j];
    mgs(Qt, rows, cols);
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++)
            Q[i * cols + j] = Qt[j * rows + i];
    free(Qt);
    return 0;
}

static int synthesize(ls_data *q, const ds_values *v, uint64_t seed, ds_err *err)
{
    size_t n = (size_t)ds_int(v, "n"), d = (size_t)ds_int(v, "d");
    double kappa = ds_num(v, "kappa"), noise = ds_num(v, "noise");
    if (d > n)
        return ds_fail(err, DS_EINVAL,
                       "problem 'lstsq': d=%zu > n=%zu: A = U diag(s) V' needs n >= d for kappa to hold", d, n);
    int rc = ds_check_alloc(n, (2 * d + 2) * sizeof(double), "problem 'lstsq' synthetic data", err);
    if (rc)
        return rc;
    double *U = ds_vec_new(n * d), *V = ds_vec_new(d * d), *xt = ds_vec_new(d);
    q->dt.X = ds_vec_new(n * d);
    q->dt.y = ds_vec_new(n);
    if (!U || !V || !xt || !q->dt.X || !q->dt.y) {
        rc = ds_fail(err, DS_ENOMEM, "out of memory for lstsq synthetic data (%zu x %zu)", n, d);
        goto done;
    }
    q->dt.n = n;
    q->dt.d = d;
    snprintf(q->dt.path, sizeof q->dt.path, "synthetic");
    ds_rng rng;
    if (ds_rng_init(&rng, ds_hash_pair(0x15a5c0deULL, seed))) {
        rc = ds_fail(err, DS_ENOMEM, "out of memory for a generator");
        goto done;
    }
    for (size_t i = 0; i < n * d; i++)
        U[i] = ds_rng_gaussian(&rng);
    for (size_t i = 0; i < d * d; i++)
        V[i] = ds_rng_gaussian(&rng);
    for (size_t i = 0; i < d; i++)
        xt[i] = ds_rng_gaussian(&rng);
    if (orthonormalize(U, n, d) || orthonormalize(V, d, d)) {
        ds_rng_free(&rng);
        rc = ds_fail(err, DS_ENOMEM, "out of memory for the orthonormalization of lstsq's %zu x %zu factor", n, d);
        goto done;
    }
    /* U diag(s): s_j = sqrt(n) kappa^(-j/(2(d-1))), so s_j^2/n runs from 1 to 1/kappa. */
    for (size_t j = 0; j < d; j++) {
        double e = d > 1 ? (double)j / (double)(d - 1) : 0.0;
        double s = sqrt((double)n * pow(kappa, -e));
        for (size_t i = 0; i < n; i++)
            U[i * d + j] *= s;
    }
    /* A = U V' with V transposed in place first: the accumulating product
     * streams rows of V' instead of taking d^2 dot products per row */
    for (size_t i = 0; i < d; i++)
        for (size_t j = i + 1; j < d; j++) {
            double t = V[i * d + j];
            V[i * d + j] = V[j * d + i];
            V[j * d + i] = t;
        }
    ds_gemm(0, 0, n, d, d, 1.0, U, d, V, d, 0.0, q->dt.X, d);
    ds_gemv_n(n, d, q->dt.X, d, xt, q->dt.y);
    for (size_t i = 0; i < n; i++)
        q->dt.y[i] += noise * ds_rng_gaussian(&rng);
    ds_rng_free(&rng);
done:
    free(U);
    free(V);
    free(xt);
    return rc;
}

/* The reduced system: M (m x d) and r with ||A x - b||^2 = ||M x - r||^2
 * + const. With n > d, M = R and r = the first d entries of Q'b from a
 * Householder QR of A (Golub & Van Loan, section 5.2): A's singular values
 * are R's, and x* comes from the small d x d system. Otherwise M = A. */
static int reduce(const ls_data *q, gsl_matrix **M, gsl_vector **r, ds_err *err)
{
    size_t n = q->dt.n, d = q->dt.d;
    gsl_matrix *A = gsl_matrix_alloc(n, d);
    gsl_vector *b = gsl_vector_alloc(n), *tau = gsl_vector_alloc(d < n ? d : n);
    *M = NULL;
    *r = NULL;
    int rc = DS_OK;
    if (!A || !b || !tau) {
        rc = ds_fail(err, DS_ENOMEM, "out of memory for the lstsq reference solve (%zu x %zu)", n, d);
        goto done;
    }
    memcpy(A->data, q->dt.X, n * d * sizeof(double));
    memcpy(b->data, q->dt.y, n * sizeof(double));
    if (n <= d) {
        *M = A;
        *r = b;
        A = NULL;
        b = NULL;
        goto done;
    }
    gsl_linalg_QR_decomp(A, tau);
    gsl_linalg_QR_QTvec(A, tau, b);
    *M = gsl_matrix_calloc(d, d);
    *r = gsl_vector_alloc(d);
    if (!*M || !*r) {
        rc = ds_fail(err, DS_ENOMEM, "out of memory for the lstsq reference solve (%zu x %zu)", d, d);
        goto done;
    }
    for (size_t i = 0; i < d; i++) {
        for (size_t j = i; j < d; j++)
            (*M)->data[i * d + j] = A->data[i * d + j];
        (*r)->data[i] = b->data[i];
    }
done:
    gsl_matrix_free(A);
    gsl_vector_free(b);
    gsl_vector_free(tau);
    return rc;
}

/* The extreme singular values of M (m x d) by an SVD: one-sided Jacobi up
 * to SV_JACOBI_MAX_DIM columns (it gets small singular values to high
 * relative accuracy), Golub-Kahan beyond (O(d^3) with a smaller
 * constant). Fewer rows than columns: M' is decomposed and smin = 0. */
#define SV_JACOBI_MAX_DIM 200
static int singular_extremes(const gsl_matrix *M, double *smin, double *smax, ds_err *err)
{
    size_t m = M->size1, d = M->size2, rows = m >= d ? m : d, cols = m >= d ? d : m;
    gsl_matrix *U = gsl_matrix_alloc(rows, cols), *V = gsl_matrix_alloc(cols, cols);
    gsl_vector *S = gsl_vector_alloc(cols), *w = gsl_vector_alloc(cols);
    int rc = DS_OK;
    if (!U || !V || !S || !w) {
        rc = ds_fail(err, DS_ENOMEM, "out of memory for the SVD of lstsq's %zu x %zu matrix", m, d);
        goto done;
    }
    if (m >= d)
        gsl_matrix_memcpy(U, M);
    else
        gsl_matrix_transpose_memcpy(U, M);
    int st = cols <= SV_JACOBI_MAX_DIM ? gsl_linalg_SV_decomp_jacobi(U, V, S) : gsl_linalg_SV_decomp(U, V, S, w);
    if (st) {
        rc = ds_fail(err, DS_ENUM, "problem 'lstsq': the SVD of the %zu x %zu data matrix failed (GSL error %d)",
                     m, d, st);
        goto done;
    }
    *smax = gsl_vector_max(S);
    *smin = m >= d ? gsl_vector_min(S) : 0.0;
done:
    gsl_matrix_free(U);
    gsl_matrix_free(V);
    gsl_vector_free(S);
    gsl_vector_free(w);
    return rc;
}

/* x* minimizes ||M x - r||^2 + (n lambda / 2c) ||x||^2: least squares on
 * the augmented system [M; sqrt(n lambda/2c) I] x = [r; 0]. */
static int solve_xstar(ds_problem *p, const ls_data *q, const gsl_matrix *Mr, const gsl_vector *r, ds_err *err)
{
    size_t m = Mr->size1, d = q->dt.d;
    gsl_matrix *M = gsl_matrix_calloc(m + d, d);
    gsl_vector *tau = gsl_vector_alloc(d), *rhs = gsl_vector_calloc(m + d), *res = gsl_vector_alloc(m + d);
    gsl_vector_view xs = gsl_vector_view_array(p->x_star, d);
    int rc = DS_OK;
    if (!M || !tau || !rhs || !res) {
        rc = ds_fail(err, DS_ENOMEM, "out of memory for the lstsq reference solve");
        goto done;
    }
    memcpy(M->data, Mr->data, m * d * sizeof(double));
    double s = sqrt((double)q->dt.n * q->lambda / (2.0 * q->c));
    for (size_t j = 0; j < d; j++)
        M->data[(m + j) * d + j] = s;
    memcpy(rhs->data, r->data, m * sizeof(double));
    gsl_linalg_QR_decomp(M, tau);
    gsl_linalg_QR_lssolve(M, tau, rhs, &xs.vector, res);
done:
    gsl_matrix_free(M);
    gsl_vector_free(tau);
    gsl_vector_free(rhs);
    gsl_vector_free(res);
    return rc;
}

/* L, mu and x* from the reduced system: lambda_max,min(A'A/n) =
 * s_max,min(A)^2 / n. */
static int constants(ds_problem *p, ls_data *q, double *lmin, double *lmax, ds_err *err)
{
    size_t n = q->dt.n, d = q->dt.d;
    if (d > FS_DENSE_MAX_DIM)
        return ds_fail(err, DS_ENOTSUP,
                       "problem 'lstsq': %zu features is beyond %d, where the dense SVD for L and mu and "
                       "the reference solve for x* (O(d^3)) get too slow", d, FS_DENSE_MAX_DIM);
    int rc = ds_check_alloc(n + d, (d + 2) * sizeof(double), "the lstsq reference solve", err);
    if (rc)
        return rc;
    gsl_matrix *M;
    gsl_vector *r;
    double smin = 0, smax = 0;
    if (!(rc = reduce(q, &M, &r, err)) && !(rc = singular_extremes(M, &smin, &smax, err))) {
        *lmin = smin * smin / (double)n;
        *lmax = smax * smax / (double)n;
        rc = solve_xstar(p, q, M, r, err);
    }
    gsl_matrix_free(M);
    gsl_vector_free(r);
    return rc;
}

static double ls_f(ds_problem *p, const double *x);

static int ls_create(ds_problem *p, const ds_values *v, uint64_t seed, ds_err *err)
{
    ls_data *q = calloc(1, sizeof *q);
    if (!q)
        return ds_fail(err, DS_ENOMEM, "out of memory");
    p->data = q;
    q->c = ds_bool(v, "mse") ? 1.0 : 0.5;
    q->lambda = ds_num(v, "lambda");
    int rc, sparse;
    if ((rc = sp_wanted(v, &sparse, err)))
        return rc;
    if (sparse)
        return sp_create(p, &q->sp, v, seed, SP_SQUARED, q->c, "lstsq", err);
    if (*ds_str(v, "data")) {
        if ((rc = fs_load(v, "lstsq", FS_REGRESSION, &q->dt, err)))
            return rc;
    } else if ((rc = fs_check_synthetic(v, "lstsq", err)) || (rc = synthesize(q, v, seed, err))) {
        return rc;
    }
    if ((rc = fs_finish(v, &q->dt, err)))
        return rc;
    size_t n = q->dt.n, d = q->dt.d;
    p->dim = d;
    p->n = n;
    p->x_star = ds_vec_new(d);
    if (!p->x_star)
        return ds_fail(err, DS_ENOMEM, "out of memory for lstsq (%zu x %zu)", n, d);
    double lmin = 0, lmax = 0;
    if ((rc = constants(p, q, &lmin, &lmax, err)))
        return rc;
    if (q->lambda == 0 && !(lmin > 1e-13 * lmax))
        return ds_fail(err, DS_EINVAL,
                       "problem 'lstsq': A'A is singular (%zu samples, %zu features, lambda_min/lambda_max = "
                       "%.3g), so lambda=0 has no unique minimizer; set lambda > 0",
                       n, d, lmax > 0 ? lmin / lmax : 0.0);
    p->L = 2 * q->c * lmax + q->lambda;
    p->mu = 2 * q->c * lmin + q->lambda;
    p->flags = DS_CONVEX | DS_SMOOTH | DS_QUADRATIC | DS_FINITE_SUM | (p->mu > 0 ? DS_STRONGLY_CONVEX : 0);
    p->f_star = ls_f(p, p->x_star);
    return fs_start(p, v, "lstsq", NULL, err);
}

static void ls_destroy(ds_problem *p)
{
    ls_data *q = p->data;
    if (!q)
        return;
    ds_data_free(&q->dt);
    sp_free(q->sp);
    free(q);
}

/* Residual r_i = a_i'x - b_i: loss r_i^2, derivative r_i. */
static double ls_row(const void *ctx, size_t i, double margin, double *deriv)
{
    const ls_data *q = ctx;
    double r = margin - q->dt.y[i];
    *deriv = r;
    return r * r;
}

static double ls_fg(ds_problem *p, const double *x, double *g)
{
    ls_data *q = p->data;
    if (q->sp)
        return sp_fg(q->sp, x, g);
    size_t n = q->dt.n, d = q->dt.d;
    double *buf = ds_scratch(0, fs_block_rows(d));
    if (!buf)
        return fs_nan(d, g);
    double rr = fs_fused_pass(q->dt.X, n, d, x, buf, ls_row, q, g);
    if (g) {
        ds_scal(d, 2 * q->c / (double)n, g);
        ds_axpy(d, q->lambda, x, g);
    }
    return q->c * rr / (double)n + 0.5 * q->lambda * ds_dot(d, x, x);
}

static double ls_f(ds_problem *p, const double *x)
{
    return ls_fg(p, x, NULL);
}

static void ls_grad(ds_problem *p, const double *x, double *g)
{
    ls_fg(p, x, g);
}

/* The mean over the batch: the same per-row loss as the full gradient,
 * through the shared mini-batch pass. */
static double ls_fg_batch(ds_problem *p, const double *x, const size_t *idx, size_t m, double *g)
{
    ls_data *q = p->data;
    if (q->sp)
        return sp_fg_batch(q->sp, x, idx, m, g);
    size_t d = q->dt.d;
    fs_batch_ws ws;
    if (fs_batch_ws_thread(&ws, d, 1))
        return fs_nan(d, g);
    double s = fs_batch_pass(q->dt.X, d, idx, m, x, &ws, ls_row, q, g);
    fs_scale_add(d, 2 * q->c / (double)m, g, q->lambda, x);
    return q->c * s / (double)m + (q->lambda != 0 ? 0.5 * q->lambda * ds_dot(d, x, x) : 0.0);
}

static void ls_hvp(ds_problem *p, const double *x, const double *v, double *hv)
{
    ls_data *q = p->data;
    if (q->sp) {
        sp_hvp(q->sp, x, v, hv);
        return;
    }
    size_t n = q->dt.n, d = q->dt.d;
    double *r = ds_scratch(0, n);
    if (!r) {
        fs_nan(d, hv);
        return;
    }
    ds_gemv_n(n, d, q->dt.X, d, v, r);
    ds_copy(d, v, hv);
    ds_gemv_t(n, d, 2 * q->c / (double)n, q->dt.X, d, r, q->lambda, hv);
}

static void ls_hessian(ds_problem *p, const double *x, double *H)
{
    ls_data *q = p->data;
    if (q->sp) {
        sp_hessian(q->sp, x, H);
        return;
    }
    size_t n = q->dt.n, d = q->dt.d;
    ds_gram(n, d, 2 * q->c / (double)n, NULL, q->dt.X, d, 0.0, H, d);
    for (size_t i = 0; i < d; i++)
        H[i * d + i] += q->lambda;
}

const ds_problem_type ds_problem_lstsq = {
    .name = "lstsq",
    .doc = "(1/2n)||Ax-b||^2 + (lambda/2)||x||^2 (mse=1: 1/n), synthetic or data=diabetes/CSV/LIBSVM",
    .params = ls_params,
    .create = ls_create,
    .destroy = ls_destroy,
    .f = ls_f,
    .grad = ls_grad,
    .fg = ls_fg,
    .fg_batch = ls_fg_batch,
    .hvp = ls_hvp,
    .hessian = ls_hessian,
};
