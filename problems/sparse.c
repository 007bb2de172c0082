/* Sparse lstsq and logreg (sparse.h). */
#include "sparse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/rng.h"
#include "../core/scratch.h"
#include "../core/vec.h"
#include "../core/dmath.h"
#include "finite_sum.h"

int sp_wanted(const ds_values *v, int *want, ds_err *err)
{
    int format = ds_enum(v, "format");  /* auto|dense|csr */
    double density = ds_num(v, "density");
    const char *data = ds_str(v, "data");
    *want = format == 2;
    if (format == 1 && density < 1)
        return ds_fail(err, DS_EINVAL, "density=%g needs sparse storage; drop format=dense", density);
    if (format != 0 || !*data) {
        *want = *want || (format == 0 && density < 1);
        return DS_OK;
    }
    ds_data dt;
    int rc = ds_data_peek(data, &dt, err);
    if (rc)
        return rc;
    *want = dt.format == DS_DATA_LIBSVM &&
            (dt.d > FS_DENSE_MAX_DIM || (double)dt.nnz <= 0.1 * (double)dt.n * (double)dt.d);
    return DS_OK;
}

/* ---- losses: the same per-row formulas as lstsq.c and logreg.c --------- */

static inline double row_loss(const sp_data *q, size_t i, double margin, double *deriv)
{
    if (q->loss == SP_SQUARED) {
        double r = margin - q->dt.y[i];
        *deriv = r;
        return r * r;
    }
    double y = q->dt.y[i], s, loss = ds_softplus(-y * margin, &s);
    *deriv = -y * s;
    return loss;
}

/* Second derivative of the row loss in the margin. */
static inline double row_curv(const sp_data *q, double margin)
{
    if (q->loss == SP_SQUARED)
        return 2 * q->c;
    double e = ds_exp(-fabs(margin)), s = 1.0 / (1.0 + e);  /* sigmoid(|m|) */
    return s * (1 - s);
}

/* The data term's scale: squared (c/n) sum r^2 has gradient (2c/n) sum r a. */
static double f_scale(const sp_data *q) { return q->loss == SP_SQUARED ? q->c : 1.0; }
static double g_scale(const sp_data *q) { return q->loss == SP_SQUARED ? 2 * q->c : 1.0; }

double sp_fg(const sp_data *q, const double *x, double *g)
{
    const ds_csr *A = &q->dt.csr;
    size_t n = A->n, d = A->d;
    double s = 0.0;
    if (g)
        ds_zero(d, g);
    for (size_t i = 0; i < n; i++) {
        double deriv;
        s += row_loss(q, i, ds_csr_row_dot_ahead(A, i, x, g), &deriv);
        if (g)
            ds_csr_row_axpy(A, i, deriv, g);
    }
    /* one pass over x and g finishes both: g = (scale/n) g + lambda x and
     * ||x||^2 (at d = 10^6 these vectors are as large as the matrix) */
    double xx = 0.0, gs = g_scale(q) / (double)n;
    for (size_t j = 0; j < d; j++) {
        xx += x[j] * x[j];
        if (g)
            g[j] = gs * g[j] + q->lambda * x[j];
    }
    return f_scale(q) * s / (double)n + 0.5 * q->lambda * xx;
}

/* g = 0 + lambda x for every j (the batch's columns are finished later),
 * returning ||x||^2 in ds_dot's order (eight partial sums, the same tree,
 * then the tail): one pass over x and g instead of a clear, a scaling pass
 * and a dot product. The 0 + keeps the sign of zero a scaled empty sum
 * gives. */
static double fill_lambda_x(size_t d, double lambda, const double *x, double *restrict g)
{
    double s[DS_DOT_LANES] = {0};
    size_t j = 0;
    for (; j + DS_DOT_LANES <= d; j += DS_DOT_LANES)
        for (size_t k = 0; k < DS_DOT_LANES; k++) {
            g[j + k] = 0.0 + lambda * x[j + k];
            s[k] += x[j + k] * x[j + k];
        }
    double t = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
    for (; j < d; j++) {
        g[j] = 0.0 + lambda * x[j];
        t += x[j] * x[j];
    }
    return t;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* The batch's entries sorted by column, ties in batch order (key = column
 * << 32 | position); each column's terms summed from 0 in batch order, the
 * order a dense accumulator gives them, then g_j = scale sum + lambda x_j:
 * the same bits as clearing a d-vector, accumulating and scaling it, in
 * O(entries log entries). */
static void finish_columns(const ds_csr *A, const size_t *idx, size_t m, const double *deriv, uint64_t *key,
                           size_t nb, double scale, double lambda, const double *x, double *g)
{
    size_t e = 0;
    for (size_t k = 0; k < m; k++)
        for (size_t t = A->rowptr[idx[k]]; t < A->rowptr[idx[k] + 1]; t++, e++)
            key[e] = (uint64_t)A->col[t] << 32 | e;
    qsort(key, nb, sizeof *key, cmp_u64);
    /* entry e's value and row: walk the batch once more into a position map */
    double *term = (double *)(key + nb);
    e = 0;
    for (size_t k = 0; k < m; k++)
        for (size_t t = A->rowptr[idx[k]]; t < A->rowptr[idx[k] + 1]; t++, e++)
            term[e] = deriv[k] * A->val[t];
    for (size_t a = 0; a < nb;) {
        uint32_t col = (uint32_t)(key[a] >> 32);
        double sum = 0.0;
        for (; a < nb && (uint32_t)(key[a] >> 32) == col; a++)
            sum += term[key[a] & 0xffffffffu];
        g[col] = scale * sum + lambda * x[col];
    }
}

/* Up to this share of d entries, the batch's columns are finished by a
 * sort; beyond, a dense accumulator is cheaper. Both give the same bits. */
#define SP_SORT_SHARE 16

double sp_fg_batch(const sp_data *q, const double *x, const size_t *idx, size_t m, double *g)
{
    const ds_csr *A = &q->dt.csr;
    size_t d = A->d, nb = 0;
    for (size_t k = 0; k < m; k++)
        nb += A->rowptr[idx[k] + 1] - A->rowptr[idx[k]];
    double *deriv = ds_scratch(FS_SCRATCH_OUT, m ? m : 1), s = 0.0, scale = g_scale(q) / (double)m;
    uint64_t *key = nb <= d / SP_SORT_SHARE && nb < (1u << 31) ? (uint64_t *)ds_scratch(FS_SCRATCH_ROWS, 2 * nb + 1)
                                                               : NULL;
    if (!deriv)
        return fs_nan(d, g);
    for (size_t k = 0; k < m; k++)
        s += row_loss(q, idx[k], ds_csr_row_dot(A, idx[k], x), &deriv[k]);
    double xx;
    if (key) {
        xx = fill_lambda_x(d, q->lambda, x, g);
        finish_columns(A, idx, m, deriv, key, nb, scale, q->lambda, x, g);
    } else {
        ds_zero(d, g);
        for (size_t k = 0; k < m; k++)
            ds_csr_row_axpy(A, idx[k], deriv[k], g);
        fs_scale_add(d, scale, g, q->lambda, x);
        xx = ds_dot(d, x, x);
    }
    return f_scale(q) * s / (double)m + (q->lambda != 0 ? 0.5 * q->lambda * xx : 0.0);
}

void sp_hvp(const sp_data *q, const double *x, const double *v, double *hv)
{
    const ds_csr *A = &q->dt.csr;
    size_t n = A->n, d = A->d;
    ds_zero(d, hv);
    for (size_t i = 0; i < n; i++) {
        double w = row_curv(q, q->loss == SP_SQUARED ? 0.0 : ds_csr_row_dot_ahead(A, i, x, v));
        ds_csr_row_axpy(A, i, w * ds_csr_row_dot_ahead(A, i, v, hv), hv);
    }
    ds_scal(d, 1.0 / (double)n, hv);
    ds_axpy(d, q->lambda, v, hv);
}

void sp_hessian(const sp_data *q, const double *x, double *H)
{
    size_t d = q->dt.csr.d;
    double *e = ds_vec_new(d);
    if (!e) {
        fs_nan(d * d, H);
        return;
    }
    for (size_t j = 0; j < d; j++) {
        e[j] = 1.0;
        sp_hvp(q, x, e, H + j * d);  /* column j as row j: H is symmetric */
        e[j] = 0.0;
    }
    free(e);
}

/* ---- synthetic sparse data --------------------------------------------- */

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* k distinct columns of d, uniformly (Floyd's algorithm), sorted. mark is d
 * bytes of zeros and is left zero. */
static void pick_columns(ds_rng *rng, size_t d, size_t k, uint32_t *col, unsigned char *mark)
{
    for (size_t j = d - k, t = 0; j < d; j++, t++) {
        size_t c = ds_rng_index(rng, j + 1);
        if (mark[c])
            c = j;
        mark[c] = 1;
        col[t] = (uint32_t)c;
    }
    for (size_t t = 0; t < k; t++)
        mark[col[t]] = 0;
    qsort(col, k, sizeof *col, cmp_u32);
}

/* Rows of k = max(1, round(density d)) entries at random distinct columns,
 * values N(0, 1); squared loss: b = A x_true + noise N(0, 1) with x_true ~
 * N(0, I); logistic: labels sign(a_i'w_true), w_true ~ N(0, I), each
 * flipped with probability `flip`. */
static int synthesize(sp_data *q, const ds_values *v, uint64_t seed, const char *who, ds_err *err)
{
    size_t n = (size_t)ds_int(v, "n"), d = (size_t)ds_int(v, "d");
    double density = ds_num(v, "density");
    size_t k = (size_t)llround(density * (double)d);
    k = k < 1 ? 1 : (k > d ? d : k);
    if ((double)n * (double)k > 4e9)
        return ds_fail(err, DS_EINVAL, "problem '%s': n=%zu rows of %zu entries is beyond 4e9 entries", who, n, k);
    int rc = ds_csr_alloc(&q->dt.csr, n, d, n * k, err);
    if (rc)
        return rc;
    q->dt.y = ds_vec_new(n);
    double *xt = ds_vec_new(d);
    unsigned char *mark = calloc(d, 1);
    ds_rng rng;
    int have_rng = 0;
    if (!q->dt.y || !xt || !mark || !(have_rng = !ds_rng_init(&rng, ds_hash_pair(0x5a125eULL, seed)))) {
        rc = ds_fail(err, DS_ENOMEM, "out of memory for %s sparse data (%zu x %zu, %zu a row)", who, n, d, k);
        goto done;
    }
    q->dt.n = n;
    q->dt.d = d;
    q->dt.nnz = n * k;
    snprintf(q->dt.path, sizeof q->dt.path, "synthetic");
    for (size_t j = 0; j < d; j++)
        xt[j] = ds_rng_gaussian(&rng);
    double noise = q->loss == SP_SQUARED ? ds_num(v, "noise") : 0.0;
    double flip = q->loss == SP_LOGISTIC ? ds_num(v, "flip") : 0.0;
    ds_csr *A = &q->dt.csr;
    for (size_t i = 0; i < n; i++) {
        A->rowptr[i + 1] = A->rowptr[i] + k;
        pick_columns(&rng, d, k, A->col + A->rowptr[i], mark);
        for (size_t t = A->rowptr[i]; t < A->rowptr[i + 1]; t++)
            A->val[t] = ds_rng_gaussian(&rng);
        double m = ds_csr_row_dot(A, i, xt);
        if (q->loss == SP_SQUARED) {
            q->dt.y[i] = m + noise * ds_rng_gaussian(&rng);
        } else {
            double y = m >= 0 ? 1.0 : -1.0;
            q->dt.y[i] = ds_rng_uniform(&rng) < flip ? -y : y;
        }
    }
done:
    if (have_rng)
        ds_rng_free(&rng);
    free(xt);
    free(mark);
    return rc;
}

/* ---- the reference solve ----------------------------------------------- */

/* CG on H p = -g (H at x) until ||H p + g|| <= tol or max_it products. */
static void cg(const sp_data *q, const double *x, const double *g, double tol, size_t max_it, double *p, double *r,
               double *s, double *hs)
{
    size_t d = q->dt.csr.d;
    ds_zero(d, p);
    for (size_t j = 0; j < d; j++)
        r[j] = -g[j];
    ds_copy(d, r, s);
    double rr = ds_dot(d, r, r);
    for (size_t it = 0; it < max_it && sqrt(rr) > tol; it++) {
        sp_hvp(q, x, s, hs);
        double shs = ds_dot(d, s, hs);
        if (!(shs > 0))
            break;
        double a = rr / shs;
        ds_axpy(d, a, s, p);
        ds_axpy(d, -a, hs, r);
        double rr1 = ds_dot(d, r, r);
        for (size_t j = 0; j < d; j++)
            s[j] = r[j] + rr1 / rr * s[j];
        rr = rr1;
    }
}

/* Newton-CG from x = 0 until the gradient norm no longer decreases. */
static int newton_cg(ds_problem *p, sp_data *q, const char *who, ds_err *err)
{
    size_t d = q->dt.csr.d;
    double *x = p->x_star, *g = ds_vec_new(d), *dx = ds_vec_new(d), *xt = ds_vec_new(d), *gt = ds_vec_new(d),
           *r = ds_vec_new(d), *s = ds_vec_new(d), *hs = ds_vec_new(d);
    int rc = DS_OK;
    if (!g || !dx || !xt || !gt || !r || !s || !hs) {
        rc = ds_fail(err, DS_ENOMEM, "out of memory for the %s reference solve (dim %zu)", who, d);
        goto done;
    }
    ds_zero(d, x);
    double f = sp_fg(q, x, g), gn = ds_nrm2(d, g), gn0 = gn;
    for (int it = 0; it < 100 && gn > 0; it++) {
        /* forcing term min(0.5, sqrt(||g||/||g0||)) (N&W (7.3)), down to
         * rounding near the end, where CG then runs to the floor */
        double eta = sqrt(gn / (gn0 > 0 ? gn0 : 1));
        eta = eta < 0.5 ? eta : 0.5;
        eta = eta > 1e-14 ? eta : 1e-14;
        cg(q, x, g, eta * gn, 10 * d + 100, dx, r, s, hs);
        double slope = ds_dot(d, g, dx), t = 1.0, ft = 0, gnt = 0;
        for (int ls = 0; ls < 60; ls++, t *= 0.5) {
            ds_copy(d, x, xt);
            ds_axpy(d, t, dx, xt);
            ft = sp_fg(q, xt, gt);
            gnt = ds_nrm2(d, gt);
            if (ft <= f + 1e-4 * t * slope || gnt < gn)
                break;
        }
        if (!(gnt < gn))
            break;  /* the gradient is at its rounding floor */
        ds_copy(d, xt, x);
        ds_copy(d, gt, g);
        f = ft;
        gn = gnt;
    }
    if (!isfinite(f) || !isfinite(gn)) {
        rc = ds_fail(err, DS_ENUM, "problem '%s': the reference solve failed (f = %g)", who, f);
        goto done;
    }
    q->gnorm = gn;
    q->cert = gn * gn / (2 * p->mu);
    p->f_star_cert = q->cert;
    p->f_star = f;
done:
    free(g);
    free(dx);
    free(xt);
    free(gt);
    free(r);
    free(s);
    free(hs);
    return rc;
}

/* ---- creation ---------------------------------------------------------- */

static int load(sp_data *q, const ds_values *v, uint64_t seed, const char *who, ds_err *err)
{
    const char *data = ds_str(v, "data");
    if (!*data) {
        if (q->loss == SP_LOGISTIC && ds_num(v, "rho") > 0)
            return ds_fail(err, DS_EINVAL, "problem '%s': rho applies to dense synthetic data (drop rho or density)", who);
        return synthesize(q, v, seed, who, err);
    }
    if (ds_enum(v, "standardize") == 2)
        return ds_fail(err, DS_EINVAL,
                       "problem '%s': standardize=1 would centre the features and fill the sparse matrix; "
                       "use format=dense or drop standardize", who);
    int rc = ds_data_load_csr(data, &q->dt, err);
    if (rc) {
        ds_err_prefix(err, "problem '%s': ", who);
        return rc;
    }
    if (q->loss == SP_LOGISTIC && (rc = ds_data_binary_labels(&q->dt, err))) {
        ds_err_prefix(err, "problem '%s': ", who);
        return rc;
    }
    return DS_OK;
}

int sp_create(ds_problem *p, sp_data **out, const ds_values *v, uint64_t seed, int loss, double c,
              const char *who, ds_err *err)
{
    sp_data *q = *out = calloc(1, sizeof *q);
    if (!q)
        return ds_fail(err, DS_ENOMEM, "out of memory");
    q->loss = loss;
    q->c = c;
    q->lambda = ds_num(v, "lambda");
    if (!(q->lambda > 0))
        return ds_fail(err, DS_EINVAL,
                       "problem '%s': sparse storage needs lambda > 0 (mu = lambda certifies f*); set lambda", who);
    int rc = load(q, v, seed, who, err);
    if (!rc && ds_bool(v, "intercept")) {
        rc = ds_csr_add_ones(&q->dt.csr, err);
        q->dt.d = q->dt.csr.d;
    }
    if (rc)
        return rc;
    size_t n = q->dt.csr.n, d = q->dt.csr.d;
    p->dim = d;
    p->n = n;
    int iters;
    q->lmax = ds_csr_power_lmax(&q->dt.csr, 300, 1e-6, &iters);
    if (isnan(q->lmax))
        return ds_fail(err, DS_ENOMEM, "out of memory for the power iteration (dim %zu)", d);
    double fro = ds_csr_fro2(&q->dt.csr) / (double)n, lhat = 1.01 * q->lmax;
    lhat = lhat < fro ? lhat : fro;
    p->L = (loss == SP_SQUARED ? 2 * c * lhat : lhat / 4) + q->lambda;
    p->mu = q->lambda;
    p->flags = DS_CONVEX | DS_SMOOTH | DS_FINITE_SUM | DS_STRONGLY_CONVEX | (loss == SP_SQUARED ? DS_QUADRATIC : 0);
    if (!(p->x_star = ds_vec_new(d)))
        return ds_fail(err, DS_ENOMEM, "out of memory for %s (dim %zu)", who, d);
    if ((rc = newton_cg(p, q, who, err)))
        return rc;
    return fs_start(p, v, who, NULL, err);
}

void sp_free(sp_data *q)
{
    if (!q)
        return;
    ds_data_free(&q->dt);
    free(q);
}
