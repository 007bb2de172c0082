/* Shared machinery of the data-driven families; see finite_sum.h. The
 * Newton solver follows Nocedal & Wright, Numerical Optimization (2006),
 * Algorithm 3.1 with the Newton direction and Armijo backtracking, then
 * pure Newton steps once in the quadratic basin, kept while they still
 * reduce the gradient norm (the last digits are rounding). */
#include "finite_sum.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>

#include "../core/kernels.h"
#include "../core/scratch.h"
#include "../core/vec.h"

int fs_load(const ds_values *v, const char *who, int regression, ds_data *dt, ds_err *err)
{
    int rc = ds_data_load(ds_str(v, "data"), dt, err);
    if (rc) {
        ds_err_prefix(err, "problem '%s': ", who);
        return rc;
    }
    int st = ds_enum(v, "standardize");  /* auto|0|1 */
    if (st == 2 || (st == 0 && dt->format == DS_DATA_CSV))
        ds_data_standardize(dt, regression);
    return DS_OK;
}

int fs_check_synthetic(const ds_values *v, const char *who, ds_err *err)
{
    if (ds_enum(v, "standardize") == 2)
        return ds_fail(err, DS_EINVAL,
                       "problem '%s': standardize=1 applies to data= files; synthetic data keep "
                       "their designed scale (drop standardize or give data=)", who);
    return DS_OK;
}

int fs_finish(const ds_values *v, ds_data *dt, ds_err *err)
{
    return ds_bool(v, "intercept") ? ds_data_add_intercept(dt, err) : DS_OK;
}

int fs_gram_extremes(const char *who, const double *A, size_t n, size_t d, double *lmin, double *lmax, double *gram,
                     ds_err *err)
{
    if (d > FS_DENSE_MAX_DIM)
        return ds_fail(err, DS_ENOTSUP,
                       "problem '%s': %zu features is beyond %d, where the dense eigensolve for L and "
                       "mu and the reference solve for x* (O(d^3)) get too slow", who, d, FS_DENSE_MAX_DIM);
    int rc = ds_check_alloc(d, d * sizeof(double), "the Gram matrix A'A", err);
    if (rc)
        return rc;
    gsl_matrix *G = gsl_matrix_calloc(d, d);
    gsl_vector *ev = gsl_vector_alloc(d);
    gsl_eigen_symm_workspace *w = gsl_eigen_symm_alloc(d);
    if (!G || !ev || !w) {
        rc = ds_fail(err, DS_ENOMEM, "out of memory for the %zu x %zu Gram matrix", d, d);
        goto done;
    }
    ds_gram(n, d, 1.0 / (double)n, NULL, A, d, 0.0, G->data, d);
    if (gram)
        memcpy(gram, G->data, d * d * sizeof(double));
    gsl_eigen_symm(G, ev, w);
    *lmin = gsl_vector_min(ev);
    *lmax = gsl_vector_max(ev);
    if (*lmin < 0)
        *lmin = 0;  /* rounding of a singular Gram matrix */
done:
    gsl_matrix_free(G);
    gsl_vector_free(ev);
    gsl_eigen_symm_free(w);
    return rc;
}

/* The two reference solves' failures: iterates that grow without bound
 * (no minimizer), and a gradient that will not go below its floor. */
static int grew(const ds_problem *p, const double *x, size_t d, ds_err *err)
{
    if (!(ds_nrm2(d, x) > 1e8))
        return DS_OK;
    return ds_fail(err, DS_ENUM,
                   "problem '%s': no minimizer (the Newton iterates grow without bound, as on "
                   "linearly separable data with lambda=0); set lambda > 0", p->canon);
}

static int stalled(const ds_problem *p, const char *method, double f, double gn, ds_err *err)
{
    if (gn <= 1e-6 * (1 + fabs(f)))
        return DS_OK;
    return ds_fail(err, DS_ENUM,
                   "problem '%s': %s stalled at gradient norm %.3g (no minimizer? with lambda=0, "
                   "separable data have none: set lambda > 0)", p->canon, method, gn);
}

/* One Armijo backtracking search along dx from x (f, gn its value and
 * gradient norm) into xt, gt; returns 0 when it found no decrease. */
static int line_search(ds_problem *p, const double *x, double f, const double *g, double gn, const double *dx,
                       double *xt, double *gt, double *ft, double *gnt)
{
    size_t d = p->dim;
    double slope = ds_dot(d, g, dx);
    for (double t = 1.0; t >= 1e-12; t *= 0.5) {
        ds_copy(d, x, xt);
        ds_axpy(d, t, dx, xt);
        *ft = ds_problem_fg(p, xt, gt);
        *gnt = ds_nrm2(d, gt);
        if (*ft <= f + 1e-4 * t * slope || *gnt < gn)
            return *gnt < gn || *ft < f;
    }
    return 0;
}

int fs_newton(ds_problem *p, double *x, double *gnorm, ds_err *err)
{
    size_t d = p->dim;
    if (d > FS_DENSE_MAX_DIM)
        return ds_fail(err, DS_ENOTSUP,
                       "problem '%s': dim=%zu is beyond %d, where the dense Newton reference solve for x* "
                       "and f* (O(dim^3) a step) gets too slow",
                       p->canon, d, FS_DENSE_MAX_DIM);
    int rc = ds_check_alloc(d, (d + 4) * sizeof(double), "the Newton reference solve", err);
    if (rc)
        return rc;
    double *H = malloc(d * d * sizeof *H), *g = ds_vec_new(d), *dx = ds_vec_new(d), *xt = ds_vec_new(d),
           *gt = ds_vec_new(d);
    if (!H || !g || !dx || !xt || !gt) {
        rc = ds_fail(err, DS_ENOMEM, "out of memory for the Newton reference solve (dim %zu)", d);
        goto done;
    }
    double f = ds_problem_fg(p, x, g), gn = ds_nrm2(d, g);
    double tol = 1e-15 * (gn > 1 ? gn : 1);
    for (int it = 0; it < 200 && gn > tol; it++) {
        if ((rc = ds_problem_hessian(p, x, H, err)))
            goto done;
        /* GSL reports a matrix that is not positive definite as GSL_EDOM
         * (its error handler is off: ds_init) */
        gsl_matrix_view Hm = gsl_matrix_view_array(H, d, d);
        gsl_vector_view dxv = gsl_vector_view_array(dx, d);
        if (gsl_linalg_cholesky_decomp1(&Hm.matrix) != GSL_SUCCESS) {
            rc = ds_fail(err, DS_ENUM, "problem '%s': the Hessian is singular at Newton step %d (no unique minimizer; "
                         "with lambda=0, separable data have none: set lambda > 0)", p->canon, it);
            goto done;
        }
        for (size_t i = 0; i < d; i++)
            dx[i] = -g[i];
        gsl_linalg_cholesky_svx(&Hm.matrix, &dxv.vector);
        double ft = 0, gnt = 0;
        if (!line_search(p, x, f, g, gn, dx, xt, gt, &ft, &gnt))
            break;  /* no further progress in floating point */
        ds_copy(d, xt, x);
        ds_copy(d, gt, g);
        f = ft;
        gn = gnt;
        if ((rc = grew(p, x, d, err)))
            goto done;
    }
    if ((rc = stalled(p, "Newton's method", f, gn, err)))
        goto done;
    *gnorm = gn;
done:
    free(H);
    free(g);
    free(dx);
    free(xt);
    free(gt);
    return rc;
}

/* Preconditioned CG on H dx = -g (H at x, by the problem's Hessian-vector
 * products; the preconditioner's Cholesky factor in M) until the residual
 * norm is at most tol or max_it products. w holds 4 d doubles. */
static void pcg(ds_problem *p, const double *x, const double *g, const gsl_matrix *M, double tol, int max_it,
                double *dx, double *w)
{
    size_t d = p->dim;
    double *r = w, *z = w + d, *s = w + 2 * d, *hs = w + 3 * d;
    gsl_vector_view zv = gsl_vector_view_array(z, d);
    ds_zero(d, dx);
    for (size_t i = 0; i < d; i++)
        r[i] = -g[i];
    ds_copy(d, r, z);
    gsl_linalg_cholesky_svx(M, &zv.vector);
    ds_copy(d, z, s);
    double rz = ds_dot(d, r, z);
    for (int it = 0; it < max_it && ds_nrm2(d, r) > tol; it++) {
        p->type->hvp(p, x, s, hs);
        double shs = ds_dot(d, s, hs);
        if (!(shs > 0 && rz > 0))
            break;
        double a = rz / shs;
        ds_axpy(d, a, s, dx);
        ds_axpy(d, -a, hs, r);
        ds_copy(d, r, z);
        gsl_linalg_cholesky_svx(M, &zv.vector);
        double rz1 = ds_dot(d, r, z), beta = rz1 / rz;
        for (size_t i = 0; i < d; i++)
            s[i] = z[i] + beta * s[i];
        rz = rz1;
    }
}

int fs_newton_pcg(ds_problem *p, double *M, double *x, double *gnorm, ds_err *err)
{
    size_t d = p->dim;
    int rc = ds_check_alloc(d, 8 * sizeof(double), "the Newton-CG reference solve", err);
    if (rc)
        return rc;
    gsl_matrix_view Mv = gsl_matrix_view_array(M, d, d);
    if (gsl_linalg_cholesky_decomp1(&Mv.matrix) != GSL_SUCCESS)
        return ds_fail(err, DS_ENUM, "problem '%s': the Newton-CG preconditioner is not positive definite",
                       p->canon);
    double *g = ds_vec_new(d), *dx = ds_vec_new(d), *xt = ds_vec_new(d), *gt = ds_vec_new(d),
           *w = ds_vec_new(4 * d);
    if (!g || !dx || !xt || !gt || !w) {
        rc = ds_fail(err, DS_ENOMEM, "out of memory for the Newton-CG reference solve (dim %zu)", d);
        goto done;
    }
    double f = ds_problem_fg(p, x, g), gn = ds_nrm2(d, g), gn0 = gn > 0 ? gn : 1;
    /* the gradient's rounding floor, as fs_newton stops */
    double floor = 1e-15 * (gn > 1 ? gn : 1);
    for (int it = 0; it < 100 && gn > floor; it++) {
        /* forcing term min(0.5, sqrt(||g||/||g0||)) (Nocedal & Wright
         * (7.3)), down to rounding at the end, where CG runs to the floor */
        double eta = sqrt(gn / gn0), ft = 0, gnt = 0;
        eta = eta < 0.5 ? eta : 0.5;
        eta = eta > 1e-14 ? eta : 1e-14;
        pcg(p, x, g, &Mv.matrix, eta * gn, (int)(2 * d + 20), dx, w);
        if (!line_search(p, x, f, g, gn, dx, xt, gt, &ft, &gnt))
            break;  /* the gradient is at its rounding floor */
        ds_copy(d, xt, x);
        ds_copy(d, gt, g);
        f = ft;
        gn = gnt;
        if ((rc = grew(p, x, d, err)))
            goto done;
    }
    if ((rc = stalled(p, "Newton-CG", f, gn, err)))
        goto done;
    *gnorm = gn;
done:
    free(g);
    free(dx);
    free(xt);
    free(gt);
    free(w);
    return rc;
}

int fs_start(ds_problem *p, const ds_values *v, const char *who, const double *def, ds_err *err)
{
    size_t nx0, d = p->dim;
    const double *x0 = ds_list(v, "x0", &nx0);
    if (nx0 != 0 && nx0 != 1 && nx0 != d)
        return ds_fail(err, DS_EINVAL, "problem '%s': x0 has %zu values; dim=%zu wants 1 or %zu", who, nx0,
                       d, d);
    p->x0 = ds_vec_new(d);
    if (!p->x0)
        return ds_fail(err, DS_ENOMEM, "out of memory for the start of '%s'", who);
    for (size_t i = 0; i < d; i++)
        p->x0[i] = nx0 == 0 ? (def ? def[i] : 0.0) : x0[nx0 == 1 ? 0 : i];
    return DS_OK;
}

size_t fs_block_rows(size_t d)
{
    /* 128 KiB of rows: the block stays in L2 between its two products */
    size_t rows = (128u << 10) / (8 * (d ? d : 1));
    return rows ? rows : 1;
}

/* Rows past the ones in L1 whose lines a row-by-row pass asks for: about
 * 16 KiB on, so that the memory is already busy with them while the
 * current rows' work runs. Over 80 MB at d = 500 this made the pass
 * 16-35% faster, measured side by side; on data that stay in cache the
 * requests only cost time (up to 10%), so a full pass over less than
 * 2 MiB makes none. No value depends on it. */
static size_t rows_ahead(size_t d)
{
    return 1 + (16u << 10) / (sizeof(double) * (d ? d : 1));
}

static const double *row_at(const double *X, size_t ld, const size_t *idx, size_t k)
{
    return X + (idx ? idx[k] : k) * ld;
}

/* The lines of row k, or none (NULL) past the last row or when ahead is 0. */
static const double *ahead_of(const double *X, size_t ld, const size_t *idx, size_t n, size_t k, size_t ahead)
{
    return ahead && k + ahead < n ? row_at(X, ld, idx, k + ahead) : NULL;
}

/* The rows ahead of a full pass: none over data that stay in cache. */
static size_t full_ahead(size_t n, size_t d)
{
    return (double)n * (double)d * sizeof(double) < (2 << 20) ? 0 : rows_ahead(d);
}

/* fs_fused_pass and fs_batch_pass, two rows at a time: rows k and k+1
 * go into the gradient in one sweep with the margins of rows k+2 and k+3
 * (ds_axpy2_dot2), which asks for the lines of the rows `ahead` on
 * meanwhile (none when ahead is 0); the same bits as a dot and an axpy a
 * row. */
static double row_pass(const double *X, size_t ld, size_t d, const size_t *idx, size_t n, const double *x,
                       fs_row_fn row, const void *ctx, double *gsum, size_t ahead)
{
    double loss = 0.0, m[2] = {0.0, 0.0}, r[2];
    if (!gsum) {
        for (size_t k = 0; k < n; k++)
            loss += row(ctx, idx ? idx[k] : k, ds_dot(d, row_at(X, ld, idx, k), x), r);
        return loss;
    }
    ds_zero(d, gsum);
    for (size_t k = 0; k < 2 && k < n; k++)
        m[k] = ds_dot(d, row_at(X, ld, idx, k), x);
    size_t k = 0;
    for (; k + 1 < n; k += 2) {
        const double *a0 = row_at(X, ld, idx, k), *a1 = row_at(X, ld, idx, k + 1);
        loss += row(ctx, idx ? idx[k] : k, m[0], &r[0]);
        loss += row(ctx, idx ? idx[k + 1] : k + 1, m[1], &r[1]);
        if (k + 3 < n) {
            ds_axpy2_dot2(d, r, a0, a1, gsum, row_at(X, ld, idx, k + 2), row_at(X, ld, idx, k + 3), x,
                          ahead_of(X, ld, idx, n, k, ahead), ahead_of(X, ld, idx, n, k + 1, ahead), m);
            continue;
        }
        ds_axpy(d, r[0], a0, gsum);
        ds_axpy(d, r[1], a1, gsum);
        if (k + 2 < n)
            m[0] = ds_dot(d, row_at(X, ld, idx, k + 2), x);
    }
    if (k < n) {  /* an odd row count: the last row */
        loss += row(ctx, idx ? idx[k] : k, m[0], &r[0]);
        ds_axpy(d, r[0], row_at(X, ld, idx, k), gsum);
    }
    return loss;
}

double fs_fused_pass(const double *X, size_t n, size_t d, const double *x, fs_row_fn row, const void *ctx,
                     double *gsum)
{
    return row_pass(X, d, d, NULL, n, x, row, ctx, gsum, full_ahead(n, d));
}

double fs_batch_pass(const double *X, size_t d, const size_t *idx, size_t m, const double *x, fs_row_fn row,
                     const void *ctx, double *gsum)
{
    return row_pass(X, d, d, idx, m, x, row, ctx, gsum, rows_ahead(d));  /* rows anywhere in X */
}

int fs_rows_pay(size_t n, size_t d)
{
    return (double)n * (double)d * sizeof(double) >= (double)(8 << 20);
}

int fs_rows_build(fs_rows *rw, const double *X, size_t n, size_t d, ds_err *err)
{
    size_t ld = (d + 7) / 8 * 8;
    *rw = (fs_rows){.n = n, .d = d, .ld = ld};
    int rc = ds_check_alloc(n, ld * sizeof(double), "the data on cache lines", err);
    if (rc)
        return rc;
    rw->R = ds_vec_new_lines(n * ld);
    if (!rw->R && n && d)
        return ds_fail(err, DS_ENOMEM, "out of memory for the data on cache lines (%zu x %zu)", n, d);
    for (size_t i = 0; i < n; i++)
        memcpy(rw->R + i * ld, X + i * d, d * sizeof(double));
    return DS_OK;
}

void fs_rows_free(fs_rows *rw)
{
    free(rw->R);
    rw->R = NULL;
}

double fs_rows_pass(const fs_rows *rw, const double *x, fs_row_fn row, const void *ctx, double *gsum)
{
    return row_pass(rw->R, rw->ld, rw->d, NULL, rw->n, x, row, ctx, gsum, full_ahead(rw->n, rw->d));
}

int fs_panels_build(fs_panels *pn, const double *X, size_t n, size_t d, ds_err *err)
{
    size_t count = (n + DS_PANEL - 1) / DS_PANEL;
    *pn = (fs_panels){.n = n, .d = d, .count = count};
    int rc = ds_check_alloc(count * DS_PANEL, d * sizeof(double), "the data in panels", err);
    if (rc)
        return rc;
    pn->P = ds_vec_new_lines(count * DS_PANEL * d);  /* a panel column is four whole lines */
    if (!pn->P && n && d)
        return ds_fail(err, DS_ENOMEM, "out of memory for the data in panels (%zu x %zu)", n, d);
    for (size_t i = 0; i < n; i++) {
        double *c = pn->P + (i / DS_PANEL) * DS_PANEL * d + i % DS_PANEL;
        for (size_t j = 0; j < d; j++)
            c[j * DS_PANEL] = X[i * d + j];
    }
    return DS_OK;
}

void fs_panels_free(fs_panels *pn)
{
    free(pn->P);
    pn->P = NULL;
}

/* The running state of a pass: the eight partial sums of the loss and of
 * each gradient entry. */
typedef struct {
    double loss[DS_DOT_LANES];
    double *lanes;  /* 8 d, NULL for f alone */
} pass_sums;

static int sums_init(pass_sums *ps, size_t d, int grad)
{
    memset(ps->loss, 0, sizeof ps->loss);
    ps->lanes = NULL;
    if (!grad)
        return 0;
    ps->lanes = ds_scratch(FS_SCRATCH_LANES, DS_DOT_LANES * (d ? d : 1));
    if (!ps->lanes)
        return -1;
    ds_zero(DS_DOT_LANES * d, ps->lanes);
    return 0;
}

/* The losses of rows rows (a multiple of DS_PANEL) from their margins z,
 * the first m of them live (targets y, rows of them, 0 past m), into the
 * loss sums; r receives the derivatives, 0 past m. */
static void panel_loss(size_t rows, size_t m, const double *y, fs_panel_fn fn, const void *ctx, double *z, double *r,
                       pass_sums *ps)
{
    fn(ctx, y, z, r, rows);
    for (size_t k = m; k < rows; k++)
        z[k] = r[k] = 0.0;
    for (size_t b = 0; b < rows; b += DS_DOT_LANES)
        for (size_t q = 0; q < DS_DOT_LANES; q++)
            ps->loss[q] += z[b + q];
}

/* One panel P alone: margins, losses, gradient sums. */
static void panel_step(const double *P, size_t m, size_t d, const double *y, const double *x, fs_panel_fn fn,
                       const void *ctx, pass_sums *ps)
{
    double z[DS_PANEL], r[DS_PANEL];
    ds_panel_margins(d, P, x, z);
    panel_loss(DS_PANEL, m, y, fn, ctx, z, r, ps);
    if (ps->lanes)
        ds_panel_lanes(d, P, r, ps->lanes);
}

static double sums_finish(const pass_sums *ps, size_t d, double *gsum)
{
    if (gsum)
        ds_lanes_sum(d, ps->lanes, gsum);
    double loss;
    ds_lanes_sum(1, ps->loss, &loss);
    return loss;
}

/* Panels a group takes: as many as fit in FS_GROUP_BYTES (so that the
 * group is still in L1 when its gradient sums read it again), at most
 * FS_GROUP_MAX, at least one. A group's losses go in one call of the loss,
 * whose vectorised functions run faster on longer arrays; the grouping
 * changes no value. */
enum { FS_GROUP_BYTES = 32 << 10, FS_GROUP_MAX = FS_GROUP_ROWS / DS_PANEL };

static size_t group_panels(size_t d)
{
    size_t g = FS_GROUP_BYTES / (DS_PANEL * sizeof(double) * (d ? d : 1));
    return g < 1 ? 1 : g > FS_GROUP_MAX ? FS_GROUP_MAX : g;
}

double fs_panel_pass(const fs_panels *pn, const double *y, const double *x, fs_panel_fn fn, const void *ctx,
                     double *gsum)
{
    size_t d = pn->d, G = group_panels(d);
    pass_sums ps;
    if (sums_init(&ps, d, gsum != NULL))
        return fs_nan(d, gsum);
    double z[DS_PANEL * FS_GROUP_MAX], r[DS_PANEL * FS_GROUP_MAX], pad[DS_PANEL * FS_GROUP_MAX];
    for (size_t k0 = 0; k0 < pn->count; k0 += G) {
        size_t g = pn->count - k0 < G ? pn->count - k0 : G, rows = g * DS_PANEL, i0 = k0 * DS_PANEL;
        size_t m = pn->n - i0 < rows ? pn->n - i0 : rows;
        const double *P = pn->P + i0 * d, *yk = y + i0;
        if (m < rows) {  /* the last group: targets past n are 0 */
            memset(pad, 0, rows * sizeof *pad);
            memcpy(pad, yk, m * sizeof *pad);
            yk = pad;
        }
        for (size_t q = 0; q < g; q++)
            ds_panel_margins(d, P + q * DS_PANEL * d, x, z + q * DS_PANEL);
        panel_loss(rows, m, yk, fn, ctx, z, r, &ps);
        for (size_t q = 0; ps.lanes && q < g; q++)
            ds_panel_lanes(d, P + q * DS_PANEL * d, r + q * DS_PANEL, ps.lanes);
    }
    return sums_finish(&ps, d, gsum);
}

double fs_panel_batch(const double *X, const double *y, size_t d, const size_t *idx, size_t m, const double *x,
                      fs_panel_fn fn, const void *ctx, double *gsum)
{
    pass_sums ps;
    double *P = ds_scratch(FS_SCRATCH_ROWS, DS_PANEL * (d ? d : 1));
    if (!P || sums_init(&ps, d, gsum != NULL))
        return fs_nan(d, gsum);
    for (size_t k0 = 0; k0 < m; k0 += DS_PANEL) {
        size_t b = m - k0 < DS_PANEL ? m - k0 : DS_PANEL;
        double yk[DS_PANEL] = {0};
        if (b < DS_PANEL)
            ds_zero(DS_PANEL * d, P);
        for (size_t r = 0; r < b; r++) {
            const double *a = X + idx[k0 + r] * d;
            for (size_t j = 0; j < d; j++)
                P[j * DS_PANEL + r] = a[j];
            yk[r] = y[idx[k0 + r]];
        }
        panel_step(P, b, d, yk, x, fn, ctx, &ps);
    }
    return sums_finish(&ps, d, gsum);
}

int fs_batch_ws_init(fs_batch_ws *w, size_t d, size_t per_row, ds_err *err)
{
    w->cap = fs_block_rows(d);
    int rc = ds_check_alloc(w->cap, (d + per_row) * sizeof(double), "the mini-batch block", err);
    if (rc)
        return rc;
    w->rows = ds_vec_new(w->cap * d);
    w->out = ds_vec_new(w->cap * per_row);
    if (!w->rows || !w->out)
        return ds_fail(err, DS_ENOMEM, "out of memory for the mini-batch block (%zu x %zu)", w->cap, d);
    return DS_OK;
}

int fs_batch_ws_thread(fs_batch_ws *w, size_t d, size_t per_row)
{
    w->cap = fs_block_rows(d);
    w->rows = ds_scratch(FS_SCRATCH_ROWS, w->cap * d);
    w->out = ds_scratch(FS_SCRATCH_OUT, w->cap * per_row);
    return w->rows && w->out ? 0 : -1;
}

double fs_nan(size_t d, double *v)
{
    for (size_t i = 0; v && i < d; i++)
        v[i] = NAN;
    return NAN;
}

void fs_batch_ws_free(fs_batch_ws *w)
{
    free(w->rows);
    free(w->out);
    w->rows = w->out = NULL;
}

size_t fs_gather(const double *X, size_t d, const size_t *idx, size_t m, size_t k0, fs_batch_ws *w)
{
    size_t b = m - k0 < w->cap ? m - k0 : w->cap;
    for (size_t k = 0; k < b; k++)
        memcpy(w->rows + k * d, X + idx[k0 + k] * d, d * sizeof(double));
    return b;
}

void fs_scale_add(size_t d, double scale, double *g, double lambda, const double *x)
{
    DS_SIMD
    for (size_t i = 0; i < d; i++)
        g[i] = scale * g[i] + lambda * x[i];
}
