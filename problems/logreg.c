/* logreg: L2-regularized binary logistic regression, a finite sum
 *   f(w) = (1/n) sum_i log(1 + exp(-y_i a_i'w)) + (lambda/2) ||w||^2,
 * labels mapped to y_i = -1 (the smaller label value) and +1 (the larger).
 * The loss is evaluated as softplus(z) = max(z, 0) + log1p(exp(-|z|)) and
 * its derivative as a sigmoid of a non-positive argument, so no margin
 * overflows. The Hessian (1/n) A' diag(s_i (1 - s_i)) A + lambda I has
 * s (1 - s) <= 1/4, hence L = lambda_max(A'A)/(4n) + lambda; mu = lambda
 * (the loss part's curvature tends to 0 far away). w*, f* by Newton's
 * method to a gradient norm near machine precision (finite_sum.c).
 *
 * Synthetic data: features a_ij = sqrt(1 - rho) z_ij + sqrt(rho) z_i0
 * (pairwise correlation rho), labels sign(a_i'w_true) with w_true ~
 * N(0, I/d), each flipped with probability `flip`. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/kernels.h"
#include "../core/rng.h"
#include "../core/scratch.h"
#include "../core/vec.h"
#include "../core/dmath.h"
#include "finite_sum.h"
#include "sparse.h"

typedef struct {
    ds_data dt;   /* A = dt.X, y = dt.y in {-1, +1} */
    fs_panels pn; /* A again, in panels: the full gradient reads these, */
    fs_rows rw;   /* or A on cache lines where the gradients go row by row
                     (lr_by_rows; rw.R != NULL) */
    double lambda;
    sp_data *sp;  /* sparse storage (sparse.c) instead of dt.X */
} lr_data;

static const ds_param lr_params[] = {
    {"data", DS_P_STR, "", 0, 0, 0, NULL,
     "data set: breast_cancer, heart_scale, or a CSV (label last) / LIBSVM path; empty = synthetic"},
    {"standardize", DS_P_ENUM, "auto", 0, 0, 0, "auto|0|1",
     "centre features to unit variance, ddof 0 (auto: CSV yes, LIBSVM no)"},
    {"intercept", DS_P_BOOL, "0", 0, 1, 0, NULL, "append a constant feature 1 (last coordinate)"},
    {"lambda", DS_P_REAL, "1e-3", 0, INFINITY, 0, NULL,
     "L2 regularization weight (0: only for data that are not separable)"},
    {"n", DS_P_INT, "200", 1, 1e9, 0, NULL, "synthetic: samples"},
    {"d", DS_P_INT, "10", 1, 1e8, 0, NULL, "synthetic: features"},
    {"rho", DS_P_REAL, "0", 0, 1, DS_P_HI_OPEN, NULL, "synthetic: correlation between features"},
    {"flip", DS_P_REAL, "0.1", 0, 0.5, 0, NULL, "synthetic: probability of flipping each label"},
    {"format", DS_P_ENUM, "auto", 0, 0, 0, "auto|dense|csr",
     "feature storage: csr = compressed sparse rows, O(nnz) a gradient (auto: csr for density < 1 and for "
     "LIBSVM files with d > 2000 or at most 10% entries)"},
    {"density", DS_P_REAL, "1", 0, 1, DS_P_LO_OPEN, NULL,
     "synthetic: fraction of entries written per row (< 1: sparse rows, stored csr, needs lambda > 0)"},
    {"x0", DS_P_LIST, "", -INFINITY, INFINITY, 0, NULL, "start (one value is repeated; default 0)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

/* 1 / (1 + exp(-z)) through exp of a non-positive argument: the sigmoid
 * ds_softplus gives, without its log1p. */
static inline double sigmoid(double z)
{
    double e = ds_exp(-fabs(z));
    return (z >= 0 ? 1.0 : e) / (1.0 + e);
}

static int synthesize(lr_data *q, const ds_values *v, uint64_t seed, ds_err *err)
{
    size_t n = (size_t)ds_int(v, "n"), d = (size_t)ds_int(v, "d");
    double rho = ds_num(v, "rho"), flip = ds_num(v, "flip");
    int rc = ds_check_alloc(n, (d + 2) * sizeof(double), "problem 'logreg' synthetic data", err);
    if (rc)
        return rc;
    double *wt = ds_vec_new(d);
    q->dt.X = ds_vec_new(n * d);
    q->dt.y = ds_vec_new(n);
    if (!wt || !q->dt.X || !q->dt.y) {
        free(wt);
        return ds_fail(err, DS_ENOMEM, "out of memory for logreg synthetic data (%zu x %zu)", n, d);
    }
    q->dt.n = n;
    q->dt.d = d;
    snprintf(q->dt.path, sizeof q->dt.path, "synthetic");
    ds_rng rng;
    if (ds_rng_init(&rng, ds_hash_pair(0x10a1e5ULL, seed))) {
        free(wt);
        return ds_fail(err, DS_ENOMEM, "out of memory for a generator");
    }
    for (size_t j = 0; j < d; j++)
        wt[j] = ds_rng_gaussian(&rng) / sqrt((double)d);
    for (size_t i = 0; i < n; i++) {
        double z0 = ds_rng_gaussian(&rng), *a = q->dt.X + i * d;
        for (size_t j = 0; j < d; j++)
            a[j] = sqrt(1 - rho) * ds_rng_gaussian(&rng) + sqrt(rho) * z0;
        double y = ds_dot(d, a, wt) >= 0 ? 1.0 : -1.0;
        q->dt.y[i] = ds_rng_uniform(&rng) < flip ? -y : y;
    }
    ds_rng_free(&rng);
    free(wt);
    return DS_OK;
}

/* Dense gradients go through the panels (fs_panel_pass), or row by row
 * (fs_rows_pass over the data on cache lines, the loss deferred:
 * lr_rows_pass; mini-batches fs_batch_pass, the same order) where that was
 * measured faster: data from memory (8 MiB and more) in rows of 2 to 4
 * KiB, which the row pass adds while they are still in L1; the panels
 * win in cache, for shorter rows and for longer ones. Either order is
 * fixed and the choice reads the shape alone, so it is the same on every
 * machine. */
static int lr_by_rows(size_t n, size_t d)
{
    return d >= 256 && d <= 512 && fs_rows_pay(n, d);
}

static int lr_create(ds_problem *p, const ds_values *v, uint64_t seed, ds_err *err)
{
    lr_data *q = calloc(1, sizeof *q);
    if (!q)
        return ds_fail(err, DS_ENOMEM, "out of memory");
    p->data = q;
    q->lambda = ds_num(v, "lambda");
    int rc, sparse;
    if ((rc = sp_wanted(v, &sparse, err)))
        return rc;
    if (sparse)
        return sp_create(p, &q->sp, v, seed, SP_LOGISTIC, 1.0, "logreg", err);
    if (*ds_str(v, "data")) {
        if ((rc = fs_load(v, "logreg", FS_CLASSIFICATION, &q->dt, err)))
            return rc;
        if ((rc = ds_data_binary_labels(&q->dt, err))) {
            ds_err_prefix(err, "problem 'logreg': ");
            return rc;
        }
    } else if ((rc = fs_check_synthetic(v, "logreg", err)) || (rc = synthesize(q, v, seed, err))) {
        return rc;
    }
    if ((rc = fs_finish(v, &q->dt, err)))
        return rc;
    rc = lr_by_rows(q->dt.n, q->dt.d) ? fs_rows_build(&q->rw, q->dt.X, q->dt.n, q->dt.d, err)
                 : fs_panels_build(&q->pn, q->dt.X, q->dt.n, q->dt.d, err);
    if (rc)
        return rc;
    size_t n = q->dt.n, d = q->dt.d;
    p->dim = d;
    p->n = n;
    p->x_star = ds_vec_new(d);
    if (!p->x_star)
        return ds_fail(err, DS_ENOMEM, "out of memory for logreg (%zu x %zu)", n, d);
    /* the Gram matrix serves twice: L from its largest eigenvalue, and
     * the Hessian at w = 0, A'A/(4n) + lambda I, where every curvature
     * weight is at its maximum 1/4, preconditions the Newton-CG solve */
    if ((rc = ds_check_alloc(d, d * sizeof(double), "the logreg preconditioner", err)))
        return rc;
    double lmin, lmax, gn, *M = malloc(d * d * sizeof *M);
    if (!M)
        return ds_fail(err, DS_ENOMEM, "out of memory for the logreg preconditioner (%zu x %zu)", d, d);
    if ((rc = fs_gram_extremes("logreg", q->dt.X, n, d, &lmin, &lmax, M, err)))
        goto done;
    p->L = lmax / 4 + q->lambda;
    p->mu = q->lambda;
    p->flags = DS_CONVEX | DS_SMOOTH | DS_FINITE_SUM | (q->lambda > 0 ? DS_STRONGLY_CONVEX : 0);
    if (q->lambda == 0 && !(lmin > 1e-13 * lmax)) {
        rc = ds_fail(err, DS_EINVAL,
                     "problem 'logreg': A'A is singular (%zu samples, %zu features), so lambda=0 has no "
                     "unique minimizer; set lambda > 0", n, d);
        goto done;
    }
    for (size_t i = 0; i < d * d; i++)
        M[i] *= 0.25;
    for (size_t i = 0; i < d; i++)
        M[i * d + i] += q->lambda;
    rc = fs_newton_pcg(p, M, p->x_star, &gn, err);
done:
    free(M);
    if (rc)
        return rc;
    if (q->lambda == 0) {
        /* A w with every margin positive proves the data separable: 2w
         * would have a lower loss, so no minimizer exists (Newton only
         * stopped where the gradient underflowed). */
        double mmin = INFINITY;
        for (size_t i = 0; i < n; i++) {
            double m = q->dt.y[i] * ds_dot(d, q->dt.X + i * d, p->x_star);
            mmin = m < mmin ? m : mmin;
        }
        if (mmin > 0)
            return ds_fail(err, DS_ENUM,
                           "problem 'logreg': the data are linearly separable, so lambda=0 has no "
                           "minimizer (the loss tends to 0 as ||w|| grows); set lambda > 0");
    }
    p->f_star = p->type->f(p, p->x_star);
    /* strong convexity: f(w*) - f_min <= ||grad f(w*)||^2 / (2 lambda) */
    p->f_star_cert = q->lambda > 0 ? gn * gn / (2 * q->lambda) : NAN;
    return fs_start(p, v, "logreg", NULL, err);
}

static void lr_destroy(ds_problem *p)
{
    lr_data *q = p->data;
    if (!q)
        return;
    ds_data_free(&q->dt);
    fs_panels_free(&q->pn);
    fs_rows_free(&q->rw);
    sp_free(q->sp);
    free(q);
}

/* Margins m of whole panels' rows: loss softplus(-y m), derivative -y
 * sigmoid(-y m), one vectorised call for them all (ds_softplus_n: one
 * exponential a row for both). */
static void lr_panel(const void *ctx, const double *y, double *z, double *deriv, size_t rows)
{
    (void)ctx;
    double s[FS_GROUP_ROWS];  /* the sigmoids */
    for (size_t k = 0; k < rows; k++)
        deriv[k] = -y[k] * z[k];
    ds_softplus_n(rows, deriv, z, s);
    for (size_t k = 0; k < rows; k++)
        deriv[k] = -y[k] * s[k];
}

/* A row's loss softplus(-y m) and derivative -y sigmoid(-y m). With z
 * and e (a full pass) only the derivative is computed now, the loss's
 * halves kept at row i for lr_rows_pass: its logarithm, a long chain of
 * dependent operations, would otherwise hold up the sweep over the rows. */
typedef struct {
    const lr_data *q;
    double *z, *e; /* n each, or NULL for the whole loss a row */
} lr_rows;

static double lr_row(const void *ctx, size_t i, double m, double *deriv)
{
    const lr_rows *c = ctx;
    double y = c->q->dt.y[i], z = -y * m, s;
    if (!c->z) {
        double l = ds_softplus(z, &s);
        *deriv = -y * s;
        return l;
    }
    c->z[i] = z;
    *deriv = -y * ds_sigmoid_e(z, &c->e[i]);
    return 0.0;
}

enum { LR_SCRATCH_Z = 1, LR_SCRATCH_E = 2, LR_SCRATCH_S = 3 };

/* fs_rows_pass with the losses after it, summed in row order from 0:
 * the bits of the pass with the whole loss a row. */
static double lr_rows_pass(const lr_data *q, const double *w, double *g)
{
    size_t n = q->dt.n;
    lr_rows c = {q, ds_scratch(LR_SCRATCH_Z, n), ds_scratch(LR_SCRATCH_E, n)};
    if (!c.z || !c.e)
        return fs_nan(q->dt.d, g);
    if (g) {
        (void)fs_rows_pass(&q->rw, w, lr_row, &c, g);
        ds_softplus_e_n(n, c.z, c.e, c.z);
    } else {  /* f alone: every margin first (ds_dot's bits), then the losses at once */
        double *s = ds_scratch(LR_SCRATCH_S, n);
        if (!s)
            return NAN;
        ds_gemv_n(n, q->dt.d, q->rw.R, q->rw.ld, w, c.e);
        for (size_t i = 0; i < n; i++)
            c.e[i] *= -q->dt.y[i];
        ds_softplus_n(n, c.e, c.z, s);
    }
    double loss = 0.0;
    for (size_t i = 0; i < n; i++)
        loss += c.z[i];
    return loss;
}

static double lr_fg(ds_problem *p, const double *w, double *g)
{
    lr_data *q = p->data;
    if (q->sp)
        return sp_fg(q->sp, w, g);
    size_t n = q->dt.n, d = q->dt.d;
    double s = q->rw.R ? lr_rows_pass(q, w, g) : fs_panel_pass(&q->pn, q->dt.y, w, lr_panel, q, g);
    if (g) {
        ds_scal(d, 1.0 / (double)n, g);
        ds_axpy(d, q->lambda, w, g);
    }
    return s / (double)n + 0.5 * q->lambda * ds_dot(d, w, w);
}

static double lr_f(ds_problem *p, const double *w)
{
    return lr_fg(p, w, NULL);
}

static void lr_grad(ds_problem *p, const double *w, double *g)
{
    lr_fg(p, w, g);
}

/* The mean over the batch: the same per-row loss as the full gradient,
 * through the shared mini-batch pass. */
static double lr_fg_batch(ds_problem *p, const double *w, const size_t *idx, size_t m, double *g)
{
    lr_data *q = p->data;
    if (q->sp)
        return sp_fg_batch(q->sp, w, idx, m, g);
    size_t d = q->dt.d;
    lr_rows c = {q, NULL, NULL};
    double s = q->rw.R ? fs_batch_pass(q->dt.X, d, idx, m, w, lr_row, &c, g)
                       : fs_panel_batch(q->dt.X, q->dt.y, d, idx, m, w, lr_panel, q, g);
    fs_scale_add(d, 1.0 / (double)m, g, q->lambda, w);
    return s / (double)m + (q->lambda != 0 ? 0.5 * q->lambda * ds_dot(d, w, w) : 0.0);
}

/* Curvature weights s_i (1 - s_i), s_i = sigmoid(a_i'w), in the
 * thread's scratch; NULL when out of memory. */
static double *curvature(const lr_data *q, const double *w)
{
    size_t n = q->dt.n, d = q->dt.d;
    double *c = ds_scratch(0, n);
    if (!c)
        return NULL;
    ds_gemv_n(n, d, q->dt.X, d, w, c);
    for (size_t i = 0; i < n; i++) {
        double s = sigmoid(c[i]);
        c[i] = s * (1 - s);
    }
    return c;
}

/* H v = (1/n) A' diag(c) A v + lambda v in one pass over the rows: each
 * row's curvature c_i and margin a_i'v, then its axpy while it is in L1
 * (a reference solve takes many of these products). */
static void lr_hvp(ds_problem *p, const double *w, const double *v, double *hv)
{
    lr_data *q = p->data;
    if (q->sp) {
        sp_hvp(q->sp, w, v, hv);
        return;
    }
    size_t n = q->dt.n, d = q->dt.d;
    ds_copy(d, v, hv);
    ds_scal(d, q->lambda, hv);
    for (size_t i = 0; i < n; i++) {
        const double *a = q->dt.X + i * d;
        double s = sigmoid(ds_dot(d, a, w));
        ds_axpy(d, s * (1 - s) * ds_dot(d, a, v) / (double)n, a, hv);
    }
}

static void lr_hessian(ds_problem *p, const double *w, double *H)
{
    lr_data *q = p->data;
    if (q->sp) {
        sp_hessian(q->sp, w, H);
        return;
    }
    size_t n = q->dt.n, d = q->dt.d;
    double *c = curvature(q, w);
    if (!c) {
        fs_nan(d * d, H);
        return;
    }
    for (size_t i = 0; i < n; i++)
        c[i] /= (double)n;
    ds_gram(n, d, 0.0, c, q->dt.X, d, 0.0, H, d);
    for (size_t i = 0; i < d; i++)
        H[i * d + i] += q->lambda;
}

const ds_problem_type ds_problem_logreg = {
    .name = "logreg",
    .doc = "(1/n) sum log(1+exp(-y_i a_i'w)) + (lambda/2)||w||^2, synthetic or breast_cancer/heart_scale/file",
    .params = lr_params,
    .create = lr_create,
    .destroy = lr_destroy,
    .f = lr_f,
    .grad = lr_grad,
    .fg = lr_fg,
    .fg_batch = lr_fg_batch,
    .hvp = lr_hvp,
    .hessian = lr_hessian,
};
