/* softmax: L2-regularized multinomial logistic regression with a d x k
 * weight matrix W (x = W row-major: x[j k + c]; p->rows = d, p->cols = k),
 *   f(W) = (1/n) sum_i [ logsumexp(W'a_i) - (W'a_i)_{y_i} ] + (lambda/2) ||W||_F^2,
 * classes y_i in 0..k-1 (the sorted distinct label values). Scores are
 * shifted by their row maximum before exp, so no margin overflows.
 *
 * Constants. With p_i = softmax(W'a_i), the Hessian is
 *   H = (1/n) sum_i (diag(p_i) - p_i p_i') (x) a_i a_i' + lambda I.
 * mu = lambda exactly: the loss part is singular (W = u 1' leaves every
 * softmax unchanged). L bound: for any v in R^k,
 *   v'(diag(p) - p p')v = Var_p(v) <= (max v - min v)^2 / 4   (Popoviciu)
 *                       <= (|v_max| + |v_min|)^2 / 4 <= ||v||^2 / 2,
 * so diag(p) - pp' <= I/2 and H <= (1/2n) I (x) A'A + lambda I, giving
 *   L = lambda_max(A'A)/(2n) + lambda.
 * lambda > 0 is required: without it f has no minimizer (shift W by u 1').
 * W*, f* by Newton's method on the dense (dk x dk) Hessian (finite_sum.c).
 *
 * Synthetic data: a_i ~ N(0, I_d), W_true ~ N(0, scale^2 I), labels drawn
 * from softmax(W_true'a_i). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/rng.h"
#include "../core/kernels.h"
#include "../core/scratch.h"
#include "../core/vec.h"
#include "../core/dmath.h"
#include "finite_sum.h"

#define SM_MAX_CLASSES 100

typedef struct {
    ds_data dt;   /* A = dt.X (n x d), y = dt.y in 0..k-1 */
    size_t k;
    double lambda;
} sm_data;

/* What an evaluation writes, in the calling thread's scratch so a shared
 * instance stays read-only: P, U n x k (probabilities, A V), B n x d
 * weighted rows and G a d x d block of the dense Hessian, z k scores of one
 * sample, and the mini-batch block. Each taken only when used. */
enum { SM_P, SM_U, SM_B, SM_G, SM_Z };

static const ds_param sm_params[] = {
    {"data", DS_P_STR, "", 0, 0, 0, NULL, "data set: digits, or a CSV (class last) / LIBSVM path; empty = synthetic"},
    {"standardize", DS_P_ENUM, "auto", 0, 0, 0, "auto|0|1",
     "centre features to unit variance, ddof 0 (auto: CSV yes, LIBSVM no)"},
    {"intercept", DS_P_BOOL, "0", 0, 1, 0, NULL, "append a constant feature 1 (last row of W)"},
    {"lambda", DS_P_REAL, "1e-3", 0, INFINITY, DS_P_LO_OPEN, NULL,
     "L2 regularization weight (> 0: the minimizer exists and mu = lambda)"},
    {"n", DS_P_INT, "300", 1, 1e9, 0, NULL, "synthetic: samples"},
    {"d", DS_P_INT, "5", 1, 1e5, 0, NULL, "synthetic: features"},
    {"k", DS_P_INT, "3", 2, SM_MAX_CLASSES, 0, NULL, "synthetic: classes"},
    {"scale", DS_P_REAL, "1", 0, INFINITY, 0, NULL, "synthetic: standard deviation of W_true's entries"},
    {"x0", DS_P_LIST, "", -INFINITY, INFINITY, 0, NULL, "start (one value is repeated; default 0)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int synthesize(sm_data *q, const ds_values *v, uint64_t seed, ds_err *err)
{
    size_t n = (size_t)ds_int(v, "n"), d = (size_t)ds_int(v, "d"), k = (size_t)ds_int(v, "k");
    double scale = ds_num(v, "scale");
    int rc = ds_check_alloc(n, (d + 1) * sizeof(double), "problem 'softmax' synthetic data", err);
    if (rc)
        return rc;
    double *W = ds_vec_new(d * k), *s = ds_vec_new(k);
    q->dt.X = ds_vec_new(n * d);
    q->dt.y = ds_vec_new(n);
    if (!W || !s || !q->dt.X || !q->dt.y) {
        free(W);
        free(s);
        return ds_fail(err, DS_ENOMEM, "out of memory for softmax synthetic data (%zu x %zu)", n, d);
    }
    q->dt.n = n;
    q->dt.d = d;
    q->k = k;
    snprintf(q->dt.path, sizeof q->dt.path, "synthetic");
    ds_rng rng;
    if (ds_rng_init(&rng, ds_hash_pair(0x50f7a3ULL, seed))) {
        free(W);
        free(s);
        return ds_fail(err, DS_ENOMEM, "out of memory for a generator");
    }
    for (size_t i = 0; i < d * k; i++)
        W[i] = scale * ds_rng_gaussian(&rng);
    for (size_t i = 0; i < n; i++) {
        double *a = q->dt.X + i * d, mx = -INFINITY, tot = 0;
        for (size_t j = 0; j < d; j++)
            a[j] = ds_rng_gaussian(&rng);
        ds_gemv_t(d, k, 1.0, W, k, a, 0.0, s);
        for (size_t c = 0; c < k; c++)
            mx = s[c] > mx ? s[c] : mx;
        for (size_t c = 0; c < k; c++)
            tot += (s[c] = ds_exp(s[c] - mx));
        double u = ds_rng_uniform(&rng) * tot;
        size_t c = 0;
        while (c + 1 < k && u >= s[c])
            u -= s[c++];
        q->dt.y[i] = (double)c;
    }
    ds_rng_free(&rng);
    free(W);
    free(s);
    return DS_OK;
}

static int sm_create(ds_problem *p, const ds_values *v, uint64_t seed, ds_err *err)
{
    sm_data *q = calloc(1, sizeof *q);
    if (!q)
        return ds_fail(err, DS_ENOMEM, "out of memory");
    p->data = q;
    q->lambda = ds_num(v, "lambda");
    int rc;
    if (*ds_str(v, "data")) {
        if ((rc = fs_load(v, "softmax", FS_CLASSIFICATION, &q->dt, err)))
            return rc;
        if ((rc = ds_data_class_labels(&q->dt, SM_MAX_CLASSES, &q->k, err))) {
            ds_err_prefix(err, "problem 'softmax': ");
            return rc;
        }
    } else if ((rc = fs_check_synthetic(v, "softmax", err)) || (rc = synthesize(q, v, seed, err))) {
        return rc;
    }
    if ((rc = fs_finish(v, &q->dt, err)))
        return rc;
    size_t n = q->dt.n, d = q->dt.d, k = q->k;
    if ((rc = ds_check_alloc(n, (2 * k + d) * sizeof(double), "problem 'softmax' scratch", err)))
        return rc;
    p->dim = d * k;
    p->rows = d;
    p->cols = k;
    p->n = n;
    p->x_star = ds_vec_new(d * k);
    if (!p->x_star)
        return ds_fail(err, DS_ENOMEM, "out of memory for softmax (%zu x %zu, %zu classes)", n, d, k);
    double lmin, lmax;
    if ((rc = fs_gram_extremes("softmax", q->dt.X, n, d, &lmin, &lmax, NULL, err)))
        return rc;
    p->L = lmax / 2 + q->lambda;
    p->mu = q->lambda;
    p->flags = DS_CONVEX | DS_STRONGLY_CONVEX | DS_SMOOTH | DS_FINITE_SUM;
    double gn;
    if ((rc = fs_newton(p, p->x_star, &gn, err)))
        return rc;
    p->f_star = p->type->f(p, p->x_star);
    return fs_start(p, v, "softmax", NULL, err);
}

static void sm_destroy(ds_problem *p)
{
    sm_data *q = p->data;
    if (!q)
        return;
    ds_data_free(&q->dt);
    free(q);
}

/* Scores z (k values) into probabilities in place; returns logsumexp. */
static double softmax_row(double *z, size_t k)
{
    double mx = z[0], tot = 0;
    for (size_t c = 1; c < k; c++)
        mx = z[c] > mx ? z[c] : mx;
    for (size_t c = 0; c < k; c++)
        tot += (z[c] = ds_exp(z[c] - mx));
    for (size_t c = 0; c < k; c++)
        z[c] /= tot;
    return mx + ds_log(tot);
}

/* P = softmax(A W) row by row into the thread's scratch; returns the
 * summed loss, NaN and *Pout = NULL when out of memory. */
static double probabilities(const sm_data *q, const double *W, double **Pout)
{
    size_t n = q->dt.n, d = q->dt.d, k = q->k;
    double *P = *Pout = ds_scratch(SM_P, n * k);
    if (!P)
        return NAN;
    ds_gemm(0, 0, n, k, d, 1.0, q->dt.X, d, W, k, 0.0, P, k);
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        double *z = P + i * k;
        size_t y = (size_t)q->dt.y[i];
        double zy = z[y];
        s += softmax_row(z, k) - zy;
    }
    return s;
}

static double sm_fg(ds_problem *p, const double *W, double *g)
{
    sm_data *q = p->data;
    size_t n = q->dt.n, d = q->dt.d, k = q->k;
    double *P;
    double s = probabilities(q, W, &P);
    if (!P)
        return fs_nan(d * k, g);
    if (g) {
        for (size_t i = 0; i < n; i++)
            P[i * k + (size_t)q->dt.y[i]] -= 1.0;
        ds_copy(d * k, W, g);
        ds_gemm(1, 0, d, k, n, 1.0 / (double)n, q->dt.X, d, P, k, q->lambda, g, k);
    }
    return s / (double)n + 0.5 * q->lambda * ds_dot(d * k, W, W);
}

static double sm_f(ds_problem *p, const double *W)
{
    return sm_fg(p, W, NULL);
}

static void sm_grad(ds_problem *p, const double *W, double *g)
{
    sm_fg(p, W, g);
}

/* The mean over the batch. One sample: its scores by a matrix-vector
 * product and a rank-one update. More: the rows gathered into a
 * contiguous block, scores Z = B W and gradient B' (P - Y) by two
 * matrix-matrix products per block, as the full gradient does. */
static double sm_fg_batch(ds_problem *p, const double *W, const size_t *idx, size_t m, double *g)
{
    sm_data *q = p->data;
    size_t d = q->dt.d, k = q->k;
    double s = 0, *zs = ds_scratch(SM_Z, k);
    fs_batch_ws ws;
    if (!zs || fs_batch_ws_thread(&ws, d, k))
        return fs_nan(d * k, g);
    if (m == 1) {
        ds_copy(d * k, W, g);
        ds_scal(d * k, q->lambda, g);
        const double *a = q->dt.X + idx[0] * d;
        size_t y = (size_t)q->dt.y[idx[0]];
        ds_gemv_t(d, k, 1.0, W, k, a, 0.0, zs);
        double zy = zs[y];
        s = softmax_row(zs, k) - zy;
        zs[y] -= 1.0;
        ds_ger(d, k, 1.0, a, zs, g, k);
        return s + 0.5 * q->lambda * ds_dot(d * k, W, W);
    }
    ds_zero(d * k, g);
    for (size_t t0 = 0; t0 < m;) {
        size_t b = fs_gather(q->dt.X, d, idx, m, t0, &ws);
        double *Z = ws.out;
        ds_gemm(0, 0, b, k, d, 1.0, ws.rows, d, W, k, 0.0, Z, k);
        for (size_t t = 0; t < b; t++) {
            double *z = Z + t * k;
            size_t y = (size_t)q->dt.y[idx[t0 + t]];
            double zy = z[y];
            s += softmax_row(z, k) - zy;
            z[y] -= 1.0;
        }
        ds_gemm(1, 0, d, k, b, 1.0, ws.rows, d, Z, k, 1.0, g, k);
        t0 += b;
    }
    fs_scale_add(d * k, 1.0 / (double)m, g, q->lambda, W);
    return s / (double)m + 0.5 * q->lambda * ds_dot(d * k, W, W);
}

/* H V = (1/n) A' R + lambda V with R_i = p_i o u_i - p_i (p_i'u_i), U = A V. */
static void sm_hvp(ds_problem *p, const double *W, const double *V, double *hv)
{
    sm_data *q = p->data;
    size_t n = q->dt.n, d = q->dt.d, k = q->k;
    double *P, *U = ds_scratch(SM_U, n * k);
    probabilities(q, W, &P);
    if (!P || !U) {
        fs_nan(d * k, hv);
        return;
    }
    ds_gemm(0, 0, n, k, d, 1.0, q->dt.X, d, V, k, 0.0, U, k);
    for (size_t i = 0; i < n; i++) {
        const double *pi = P + i * k;
        double *ui = U + i * k;
        double pu = ds_dot(k, pi, ui);
        for (size_t c = 0; c < k; c++)
            ui[c] = pi[c] * (ui[c] - pu);
    }
    ds_copy(d * k, V, hv);
    ds_gemm(1, 0, d, k, n, 1.0 / (double)n, q->dt.X, d, U, k, q->lambda, hv, k);
}

/* Block (c, c') of the Hessian is (1/n) A' diag(p_c (delta_cc' - p_c')) A:
 * k(k+1)/2 weighted Gram matrices, scattered into the (j k + c) layout. */
static void sm_hessian(ds_problem *p, const double *W, double *H)
{
    sm_data *q = p->data;
    size_t n = q->dt.n, d = q->dt.d, k = q->k, D = d * k;
    double *P, *B = ds_scratch(SM_B, n * d), *G = ds_scratch(SM_G, d * d);
    probabilities(q, W, &P);
    if (!P || !B || !G) {
        fs_nan(D * D, H);
        return;
    }
    for (size_t c = 0; c < k; c++)
        for (size_t c2 = c; c2 < k; c2++) {
            for (size_t i = 0; i < n; i++) {
                const double *pi = P + i * k;
                double w = pi[c] * ((c == c2) - pi[c2]) / (double)n;
                const double *a = q->dt.X + i * d;
                double *b = B + i * d;
                for (size_t j = 0; j < d; j++)
                    b[j] = w * a[j];
            }
            ds_gemm(1, 0, d, d, n, 1.0, q->dt.X, d, B, d, 0.0, G, d);
            for (size_t j = 0; j < d; j++)
                for (size_t j2 = 0; j2 < d; j2++) {
                    double h = G[j * d + j2];
                    H[(j * k + c) * D + j2 * k + c2] = h;
                    H[(j2 * k + c2) * D + j * k + c] = h;
                }
        }
    for (size_t i = 0; i < D; i++)
        H[i * D + i] += q->lambda;
}

const ds_problem_type ds_problem_softmax = {
    .name = "softmax",
    .doc = "multinomial logistic regression, W d x k: (1/n) sum CE(softmax(W'a_i), y_i) + (lambda/2)||W||^2",
    .params = sm_params,
    .create = sm_create,
    .destroy = sm_destroy,
    .f = sm_f,
    .grad = sm_grad,
    .fg = sm_fg,
    .fg_batch = sm_fg_batch,
    .hvp = sm_hvp,
    .hessian = sm_hessian,
};
