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
 * Synthetic data: A = U diag(s) V' with s_i^2/n geometric from 1 down to
 * 1/kappa, so A'A/n has condition number kappa exactly; b = A x_true +
 * noise * N(0, 1), x_true ~ N(0, I). V (d x d) is orthonormal from
 * Gram-Schmidt on a Gaussian matrix; U = F[:, :d] for F (n x n) a
 * butterfly of ceil(log2 n) layers of random plane rotations (rows i and
 * i + 2^l), applied to [diag(s) V'; 0] row pair by row pair, O(n d log n)
 * in all and no n x d orthogonalization. Since we built the factorization,
 * L and mu are 2c (1 and 1/kappa) + lambda in closed form and x* =
 * V diag(s/(s^2 + n lambda/(2c))) U'b, without a decomposition of A.
 * Rounding: each layer is a set of disjoint rotations, so the stored A
 * is F[S V'; 0] up to a perturbation of norm at most about
 * (6 ceil(log2 n) + c d) u ||A||_F, c a small constant (Higham, Accuracy
 * and Stability, 2nd ed., Lemma 19.9, and twice-iterated Gram-Schmidt
 * for V), and its singular values are s up to that (Weyl); measured
 * against GSL on the stored data they agree to a few 1e-15 relative
 * (tests/test_lstsq_constants.c). The rows of U are dense but not Gaussian: their norms (leverages)
 * vary more than a Gaussian U's would. With intercept=1 the spectrum is
 * no longer designed and the SVD path below is used. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>

#include "../core/kernels.h"
#include "../core/rng.h"
#include "../core/scratch.h"
#include "../core/vec.h"
#include "../core/dmath.h"
#include "finite_sum.h"
#include "sparse.h"

typedef struct {
    ds_data dt;   /* A = dt.X (n x d), b = dt.y */
    fs_rows rw;   /* A on cache lines for the full gradient, over 8 MiB */
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

/* Orthonormalize the rows of Q (rows x cols, row-major, rows <= cols) in
 * place by modified Gram-Schmidt, twice ("twice is enough", Giraud et al.
 * 2005), with the blocked kernels of vec.h: the same bits on every
 * machine. */
static void mgs_rows(double *Q, size_t rows, size_t cols)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t j = 0; j < rows; j++) {
            double *qj = Q + j * cols;
            for (size_t k = 0; k < j; k++) {
                const double *qk = Q + k * cols;
                ds_axpy(cols, -ds_dot(cols, qj, qk), qk, qj);
            }
            double nrm = ds_nrm2(cols, qj);
            for (size_t i = 0; i < cols; i++)
                qj[i] /= nrm;
        }
}

/* The synthetic factorization A = F [S W; 0]: W (d x d) has orthonormal
 * rows (W = V', the right singular vectors), S = diag(s), and F (n x n)
 * is a butterfly of plane rotations: layer l rotates rows i and i + 2^l
 * (bit l of i clear, i + 2^l < n) by an angle whose cosine and sine are
 * cs[l][i] and sn[l][i]. F is orthogonal, so U = F[:, :d] has orthonormal
 * columns and A's singular values are s by construction. */
typedef struct {
    size_t n, d, layers;
    double kappa;
    double *W, *s;
    double *cs, *sn;  /* layers x n */
} ls_synth;

static void synth_free(ls_synth *f)
{
    free(f->W);
    free(f->s);
    free(f->cs);
    free(f->sn);
}

/* Rows [i, i + m) against rows [i + h, i + h + m) of X (row length w),
 * by the rotations c, s of those pairs; transposed (the inverse) when
 * inv. Element-wise, so each entry is rounded the same on every machine. */
static void rotate_rows(size_t m, size_t w, double *X, size_t h, const double *c, const double *s, int inv)
{
    for (size_t k = 0; k < m; k++) {
        double *u = X + k * w, *v = X + (k + h) * w, ck = c[k], sk = inv ? -s[k] : s[k];
        DS_SIMD
        for (size_t j = 0; j < w; j++) {
            double a = u[j], b = v[j];
            u[j] = ck * a - sk * b;
            v[j] = sk * a + ck * b;
        }
    }
}

/* Layer l of the butterfly on X (n rows of width w), skipping the pairs
 * whose rows are all below row `live` (both rows zero: nothing to turn). */
static void butterfly_layer(const ls_synth *f, size_t l, double *X, size_t w, size_t live, int inv)
{
    size_t n = f->n, h = (size_t)1 << l;
    const double *c = f->cs + l * n, *s = f->sn + l * n;
    for (size_t b = 0; b < live && b + h < n; b += 2 * h) {
        size_t m = n - (b + h) < h ? n - (b + h) : h;
        rotate_rows(m, w, X + b * w, h, c + b, s + b, inv);
    }
}

/* Draw W, s and the rotations. A rotation's cosine and sine are a
 * Gaussian pair over its norm (no trigonometric function: sqrt and
 * division are correctly rounded everywhere). */
static int synth_draw(ls_synth *f, ds_rng *rng, double kappa)
{
    size_t n = f->n, d = f->d;
    f->layers = 0;
    while (((size_t)1 << f->layers) < n)
        f->layers++;
    f->W = ds_vec_new(d * d);
    f->s = ds_vec_new(d);
    f->cs = ds_vec_new(f->layers * n + 1);
    f->sn = ds_vec_new(f->layers * n + 1);
    if (!f->W || !f->s || !f->cs || !f->sn)
        return -1;
    for (size_t i = 0; i < d * d; i++)
        f->W[i] = ds_rng_gaussian(rng);
    mgs_rows(f->W, d, d);
    /* s_j = sqrt(n) kappa^(-j/(2(d-1))), so s_j^2/n runs from 1 to 1/kappa */
    for (size_t j = 0; j < d; j++) {
        double e = d > 1 ? (double)j / (double)(d - 1) : 0.0;
        f->s[j] = sqrt((double)n * ds_pow(kappa, -e));
    }
    for (size_t l = 0; l < f->layers; l++)
        for (size_t i = 0; i < n; i++) {
            size_t h = (size_t)1 << l;
            if ((i & h) || i + h >= n)
                continue;
            double a = ds_rng_gaussian(rng), b = ds_rng_gaussian(rng), r = sqrt(a * a + b * b);
            f->cs[l * n + i] = r > 0 ? a / r : 1.0;
            f->sn[l * n + i] = r > 0 ? b / r : 0.0;
        }
    return 0;
}

/* X = F [S W; 0] (n x d): the rows of S W, then the butterfly's layers in
 * order; a layer only turns rows that earlier layers reached. */
static void synth_matrix(const ls_synth *f, double *X)
{
    size_t n = f->n, d = f->d, live = d;
    for (size_t i = 0; i < d; i++)
        for (size_t j = 0; j < d; j++)
            X[i * d + j] = f->s[i] * f->W[i * d + j];
    for (size_t l = 0; l < f->layers; l++) {
        butterfly_layer(f, l, X, d, live, 0);
        size_t h = (size_t)1 << l;
        live = live + h < n ? live + h : n;
    }
}

/* x* = W' diag(s / (s^2 + n lambda/(2c))) U'b, U'b the first d entries
 * of F'b (the layers transposed, last first): the minimizer of
 * (c/n)||Ax - b||^2 + (lambda/2)||x||^2 for A = U S W. */
static int synth_xstar(const ls_synth *f, const double *b, double c, double lambda, double *x)
{
    size_t n = f->n, d = f->d;
    double *z = ds_vec_new(n);
    if (!z)
        return -1;
    ds_copy(n, b, z);
    for (size_t l = f->layers; l-- > 0;)
        butterfly_layer(f, l, z, 1, n, 1);
    double shift = (double)n * lambda / (2 * c);
    for (size_t i = 0; i < d; i++)
        z[i] *= f->s[i] / (f->s[i] * f->s[i] + shift);
    ds_gemv_t(d, d, 1.0, f->W, d, z, 0.0, x);
    free(z);
    return 0;
}

static int synthesize(ls_data *q, const ds_values *v, uint64_t seed, ls_synth *f, ds_err *err)
{
    size_t n = (size_t)ds_int(v, "n"), d = (size_t)ds_int(v, "d");
    double kappa = ds_num(v, "kappa"), noise = ds_num(v, "noise");
    if (d > n)
        return ds_fail(err, DS_EINVAL,
                       "problem 'lstsq': d=%zu > n=%zu: A = U diag(s) V' needs n >= d for kappa to hold", d, n);
    size_t layers = 0;
    while (((size_t)1 << layers) < n)
        layers++;
    /* X, y and the rotations; W (d x d) fits in another d per row */
    int rc = ds_check_alloc(n, (2 * d + 2 * layers + 2) * sizeof(double), "problem 'lstsq' synthetic data", err);
    if (rc)
        return rc;
    f->n = n;
    f->d = d;
    f->kappa = kappa;
    double *xt = ds_vec_new(d);
    q->dt.X = ds_vec_new(n * d);
    q->dt.y = ds_vec_new(n);
    if (!xt || !q->dt.X || !q->dt.y) {
        free(xt);
        return ds_fail(err, DS_ENOMEM, "out of memory for lstsq synthetic data (%zu x %zu)", n, d);
    }
    q->dt.n = n;
    q->dt.d = d;
    snprintf(q->dt.path, sizeof q->dt.path, "synthetic");
    ds_rng rng;
    if (ds_rng_init(&rng, ds_hash_pair(0x15a5c0deULL, seed))) {
        free(xt);
        return ds_fail(err, DS_ENOMEM, "out of memory for a generator");
    }
    if (synth_draw(f, &rng, kappa)) {
        rc = ds_fail(err, DS_ENOMEM, "out of memory for lstsq's %zu x %zu factors", n, d);
        goto done;
    }
    synth_matrix(f, q->dt.X);
    for (size_t i = 0; i < d; i++)
        xt[i] = ds_rng_gaussian(&rng);
    ds_gemv_n(n, d, q->dt.X, d, xt, q->dt.y);
    for (size_t i = 0; i < n; i++)
        q->dt.y[i] += noise * ds_rng_gaussian(&rng);
done:
    ds_rng_free(&rng);
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

/* L, mu and x* of the synthetic instance from the factorization it was
 * built from: lambda_max,min(A'A/n) = s_max,min^2/n = 1 and 1/kappa. */
static int synth_constants(ds_problem *p, const ls_data *q, const ls_synth *f, double *lmin, double *lmax,
                           ds_err *err)
{
    if (synth_xstar(f, q->dt.y, q->c, q->lambda, p->x_star))
        return ds_fail(err, DS_ENOMEM, "out of memory for the lstsq reference solve (%zu rows)", q->dt.n);
    *lmax = 1.0;
    *lmin = f->d > 1 ? 1.0 / f->kappa : 1.0;
    return DS_OK;
}

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
    ls_synth f = {0};
    int synthetic = !*ds_str(v, "data");
    if (!synthetic) {
        if ((rc = fs_load(v, "lstsq", FS_REGRESSION, &q->dt, err)))
            return rc;
    } else if ((rc = fs_check_synthetic(v, "lstsq", err)) || (rc = synthesize(q, v, seed, &f, err))) {
        synth_free(&f);
        return rc;
    }
    /* an intercept column changes the spectrum: then the SVD path */
    int closed = synthetic && !ds_bool(v, "intercept");
    if ((rc = fs_finish(v, &q->dt, err)) ||
        (fs_rows_pay(q->dt.n, q->dt.d) && (rc = fs_rows_build(&q->rw, q->dt.X, q->dt.n, q->dt.d, err))))
        goto done;
    size_t n = q->dt.n, d = q->dt.d;
    p->dim = d;
    p->n = n;
    p->x_star = ds_vec_new(d);
    if (!p->x_star) {
        rc = ds_fail(err, DS_ENOMEM, "out of memory for lstsq (%zu x %zu)", n, d);
        goto done;
    }
    double lmin = 0, lmax = 0;
    if ((rc = closed ? synth_constants(p, q, &f, &lmin, &lmax, err) : constants(p, q, &lmin, &lmax, err)))
        goto done;
    if (q->lambda == 0 && !(lmin > 1e-13 * lmax)) {
        rc = ds_fail(err, DS_EINVAL,
                     "problem 'lstsq': A'A is singular (%zu samples, %zu features, lambda_min/lambda_max = "
                     "%.3g), so lambda=0 has no unique minimizer; set lambda > 0",
                     n, d, lmax > 0 ? lmin / lmax : 0.0);
        goto done;
    }
    p->L = 2 * q->c * lmax + q->lambda;
    p->mu = 2 * q->c * lmin + q->lambda;
    p->flags = DS_CONVEX | DS_SMOOTH | DS_QUADRATIC | DS_FINITE_SUM | (p->mu > 0 ? DS_STRONGLY_CONVEX : 0);
    p->f_star = ls_f(p, p->x_star);
    rc = fs_start(p, v, "lstsq", NULL, err);
done:
    synth_free(&f);
    return rc;
}

static void ls_destroy(ds_problem *p)
{
    ls_data *q = p->data;
    if (!q)
        return;
    ds_data_free(&q->dt);
    fs_rows_free(&q->rw);
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
    double rr = q->rw.R ? fs_rows_pass(&q->rw, x, ls_row, q, g) : fs_fused_pass(q->dt.X, n, d, x, ls_row, q, g);
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
    double s = fs_batch_pass(q->dt.X, d, idx, m, x, ls_row, q, g);
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
