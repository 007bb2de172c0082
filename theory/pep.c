/* The PEP as a semidefinite program (Taylor, Hendrickx & Glineur 2017,
 * sec. 3), normalised to L = 1 and R = 1 and scaled back.
 *
 * Unknowns: the Gram matrix G of the basis (x_N - x*, g_0, ..., g_{K-1},
 * g_N) -- every point and gradient is a fixed combination of it: the
 * queries are x_N + sum_j (out_j - h_kj) g_j and x0 = x_N + sum_j out_j g_j
 * -- and the
 * values F_p = f(p) - f* at the K queries and the output. x* is the origin
 * with g* = 0, f* = 0. The interpolation conditions of the smooth
 * (strongly) convex class between every ordered pair of points (i, j),
 *   f_i >= f_j + <g_j, x_i - x_j> + 1/(2(1 - mu)) (||g_i - g_j||^2
 *          + mu ||x_i - x_j||^2 - 2 mu <g_j - g_i, x_j - x_i>),
 * are linear in (G, F) and exact: a (G, F) satisfying them comes from a
 * function of the class (their Thm 4), so the SDP's value is the worst
 * case itself, not a bound on it.
 *
 * DSDP solves max b'y subject to C - sum_i y_i A_i >= 0 (PSD) and
 * c - A'y >= 0 (LP cone); y is (the upper triangle of G, then F). The SDP
 * block is G itself (C = 0, A = -E_ab); each interpolation condition and
 * the initial conditions are one LP row.
 *
 * The basis starts at the output, not at x0: a worst case far below R^2
 * (1e-10 after thirty strongly convex steps) is then one entry of G or F
 * rather than the cancellation of O(1) entries, which DSDP could not
 * resolve (ITEM at N = 30, mu/L = 0.1, from x0: gap 15% of the value
 * whatever the tolerance; from x_N: 1e-7).
 *
 * Beyond DS_PEP_RATE_K2 gradients on the strongly convex class, the
 * gradients of the basis and the values are the shifted ones of f - mu/2
 * ||x - x*||^2 (shift_basis), whose conditions have no ||x_i - x_j||^2
 * term: each row has O(d) nonzeros instead of O(d^2). DSDP's LP cone
 * forms its Schur matrix one unknown at a time, each with a product by
 * the whole constraint matrix (LPConeHessian calls LPComputeAX once per
 * row of the Schur matrix), so its cost per iteration is (unknowns) x
 * (nonzeros of all rows): 559 x 278,000 at N = 30 in the unshifted
 * basis, 79% of the time of triple momentum's solve, against 559 x
 * 33,000 shifted.
 *
 * Beyond DS_PEP_RATE_K2 gradients the basis and the values are scaled by
 * powers of the worst case's rate per step, estimated from the method's
 * own shorter prefixes (basis_build, rate_estimate): a diagonal
 * congruence that leaves the value alone but brings entries of size
 * rho^(2N) (6e-10 for triple momentum at N = 30) to O(1), where DSDP's
 * interior-point steps no longer stop on an indefinite Schur matrix.
 *
 * Constraint generation (the default on the smooth convex class). The
 * full problem has P(P-1) interpolation rows; the worst case needs few of
 * them. The SDP is solved in its Lagrangian dual form (DSDP's y = minus the
 * multipliers of the active rows, its primal X = (G, F)), so that DSDP's
 * Schur matrix is (active rows)^2 instead of (Gram entries + values)^2,
 * starting from the rows between x* and each point, between consecutive
 * queries and between each query and the output. Two ends:
 *  - upper: the certificate of the active rows. Multipliers that are zero
 *    on every dropped row satisfy the full problem's dual constraints too,
 *    so their objective bounds the full problem's worst case from above.
 *  - lower: the measure at a (G, F) that satisfies the active rows (DSDP's
 *    X), checked against every dropped row; the rows it violates by more
 *    than DS_PEP_CUT_TOL (of the measure's size when below 1) are added
 *    and it is solved again, until it violates none. It is then feasible
 *    for the full problem, so its measure is attained by a function of the
 *    class: a lower bound on the worst case.
 * The value lies between; when the two ends are further apart than
 * DS_PEP_CG_GAP and rows were added, the upper end is solved again on them
 * (a relaxation with more rows, whose value can only come down). Since the
 * relaxation's optimum is not unique, its interior-point solution (the
 * centre of the optimal face) violates rows the worst case itself does not;
 * a trace penalty of DS_PEP_TRACE_EPS on the lower end's objective moves
 * it toward a low-rank optimum (its cost, ~1e-8 of the value, is in the
 * stated tolerance). On the strongly convex class that is not enough: the
 * solutions went on violating most dropped rows and generation took longer
 * than the full problem, which is solved there instead. A generation that
 * fails is replaced by the full problem in the (G, F) form. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dsdp/dsdp5.h>

#include "pep.h"
#include "../core/dmath.h"

typedef struct {
    size_t K, d, P;     /* gradients, Gram size, points (x* included) */
    size_t nG, m;       /* Gram unknowns, all unknowns */
    double q;           /* mu / L */
    double *xv, *gv;    /* P x d: each point and its gradient in the scaled basis */
    double *x0;         /* d: x0 - x* in the scaled basis */
    double *fs;         /* P: the unknown value at p is fs[p] times its own */
    double qs;          /* the shift: mu / L when the basis holds g - mu x and f - mu/2 ||x||^2, else 0 */
} basis;

static size_t gram_idx(size_t a, size_t b)
{
    if (a > b) {
        size_t t = a;
        a = b;
        b = t;
    }
    return b * (b + 1) / 2 + a;
}

/* M += c (u v' + v u')/2, so that <M, G> = c <u, v>. */
static void add_form(double *M, size_t d, const double *u, const double *v, double c)
{
    for (size_t a = 0; a < d; a++)
        for (size_t b = 0; b < d; b++)
            M[a * d + b] += 0.5 * c * (u[a] * v[b] + v[a] * u[b]);
}

/* The coefficients of <M, G> on the unknowns y. */
static void form_to_row(const double *M, size_t d, double *row)
{
    for (size_t b = 0; b < d; b++)
        for (size_t a = 0; a <= b; a++)
            row[gram_idx(a, b)] += a == b ? M[a * d + a] : 2.0 * M[a * d + b];
}

/* Solve M X = R in place by Gaussian elimination with partial pivoting (M
 * is n x n, R n x k, both row-major); 1 when M is singular to working
 * precision. Not GSL's LU: its object (lu.o) also holds LU_lndet, which
 * calls glibc's CPU-chosen log, and scripts/lint_gsl_libm.sh refuses any
 * libgsl object the program reaches that does. */
static int gauss_solve(double *M, double *R, size_t n, size_t k)
{
    double big = 0.0;
    for (size_t i = 0; i < n * n; i++)
        big = fmax(big, fabs(M[i]));
    for (size_t c = 0; c < n; c++) {
        size_t piv = c;
        for (size_t r = c + 1; r < n; r++)
            if (fabs(M[r * n + c]) > fabs(M[piv * n + c]))
                piv = r;
        if (!(fabs(M[piv * n + c]) > 1e-12 * big))
            return 1;
        for (size_t j = 0; piv != c && j < n; j++) {
            double t = M[c * n + j];
            M[c * n + j] = M[piv * n + j];
            M[piv * n + j] = t;
        }
        for (size_t j = 0; piv != c && j < k; j++) {
            double t = R[c * k + j];
            R[c * k + j] = R[piv * k + j];
            R[piv * k + j] = t;
        }
        for (size_t r = c + 1; r < n; r++) {
            double f = M[r * n + c] / M[c * n + c];
            for (size_t j = c; j < n; j++)
                M[r * n + j] -= f * M[c * n + j];
            for (size_t j = 0; j < k; j++)
                R[r * k + j] -= f * R[c * k + j];
        }
    }
    for (size_t c = n; c-- > 0;) {
        for (size_t j = 0; j < k; j++) {
            double v = R[c * k + j];
            for (size_t i = c + 1; i < n; i++)
                v -= M[c * n + i] * R[i * k + j];
            R[c * k + j] = v / M[c * n + c];
        }
    }
    return 0;
}

/* On the strongly convex class, the basis of the shifted gradients g~ = g
 * - mu (x - x*) and the unknowns f~ = f - f* - mu/2 ||x - x*||^2: f is in
 * the class exactly when f~ is (L - mu)-smooth and convex, whose
 * interpolation conditions,
 *   f~_i >= f~_j + <g~_j, x_i - x_j> + 1/(2(L - mu)) ||g~_i - g~_j||^2,
 * have O(d) nonzero Gram coefficients instead of the O(d^2) of
 * ||x_i - x_j||^2 in the basis of the gradients themselves: DSDP's LP
 * cone, whose cost per iteration is (unknowns) x (nonzeros of all rows),
 * becomes that much cheaper. The query k at x_N + sum_j c_kj g_j with g_j =
 * g~_j + mu q_j gives (I - mu C) Q = 1 e_0' + C E, solved here (x_N and the
 * g~ unchanged); B->qs is then mu/L. A singular I - mu C (a method that
 * lands on x* of mu/2 ||x||^2) keeps the unshifted basis, and so does one
 * whose inverse makes x0's scaled coordinates (the largest in either
 * basis) more than DS_PEP_SHIFT_GROWTH times larger: a method that
 * contracts mu/2 ||x||^2 much faster than its worst case (heavy ball)
 * would otherwise have rows DSDP cannot resolve. */
static int shift_basis(basis *B, const ds_pep_steps *s, const double *sc)
{
    size_t K = s->K, d = B->d;
    double *M = malloc(K * K * sizeof *M), *R = malloc(K * d * sizeof *R), *x0 = malloc(d * sizeof *x0);
    if (!M || !R || !x0) {
        free(M);
        free(R);
        free(x0);
        return DS_ENOMEM;
    }
    for (size_t k = 0; k < K; k++) {
        const double *x = B->xv + (k + 1) * d;
        for (size_t j = 0; j < K; j++)
            M[k * K + j] = (k == j ? 1.0 : 0.0) - B->q * x[1 + j];
        memcpy(R + k * d, x, d * sizeof *R);
    }
    int keep = gauss_solve(M, R, K, d);
    memcpy(x0, B->x0, d * sizeof *x0);
    for (size_t j = 0; !keep && j < K; j++)
        for (size_t a = 0; a < d; a++)
            x0[a] += B->q * s->out[j] * R[j * d + a];
    /* x0 has the largest coordinates in either basis */
    double before = 0.0, after = 0.0;
    for (size_t a = 0; !keep && a < d; a++) {
        before = fmax(before, fabs(B->x0[a] * sc[a]));
        after = fmax(after, fabs(x0[a] * sc[a]));
    }
    if (!keep && after <= DS_PEP_SHIFT_GROWTH * before) {
        memcpy(B->xv + d, R, K * d * sizeof *R);
        memcpy(B->x0, x0, d * sizeof *x0);
        B->qs = B->q;
    }
    free(M);
    free(R);
    free(x0);
    return DS_OK;
}

/* Every point in the basis (x_N - x*, g_0, ..., g_{K-1}, g_N): a query is
 * x0 - sum_j h_j g_j and x0 = x_N + sum_j out_j g_j, so it is x_N + sum_j
 * (out_j - h_j) g_j. Scaled, basis vector a is sc[a] times a unit of the
 * scaled Gram matrix, and the value at point p is fs[p] times its unknown:
 * G = S G~ S is a congruence, so the SDP's value does not change, but
 * with sc = rho^t for the gradient of step t (rho^N for x_N) and fs =
 * rho^(2t), a worst case that decays like rho^(2t) has every entry O(1)
 * rather than spread over 1 .. rho^(2N) (1e-10 at N = 30, mu/L = 0.1). */
static int basis_build(basis *B, const ds_pep_steps *s, const ds_pep_setup *su, double rho, int shift)
{
    B->K = s->K;
    B->d = s->K + 2;
    B->P = s->K + 2;
    B->nG = B->d * (B->d + 1) / 2;
    B->m = B->nG + s->K + 1;
    B->q = su->mu / su->L;
    size_t d = B->d, out = B->P - 1;
    B->xv = calloc(B->P * d, sizeof(double));
    B->gv = calloc(B->P * d, sizeof(double));
    B->x0 = calloc(d, sizeof(double));
    B->fs = calloc(B->P, sizeof(double));
    double *sc = calloc(d, sizeof(double));
    if (!B->xv || !B->gv || !B->x0 || !B->fs || !sc) {
        free(sc);
        return DS_ENOMEM;
    }
    double N = (double)s->N;
    sc[0] = ds_pow(rho, N);
    B->x0[0] = 1.0;
    for (size_t j = 0; j < s->K; j++)
        B->x0[1 + j] = s->out[j] * su->L;
    for (size_t p = 1; p < B->P; p++) {
        double *x = B->xv + p * d;
        const double *h = p < out ? s->h + (p - 1) * s->K : s->out;
        x[0] = 1.0;
        for (size_t j = 0; j < s->K; j++)
            x[1 + j] = (s->out[j] - h[j]) * su->L;
        B->gv[p * d + p] = 1.0;
        sc[p] = ds_pow(rho, p == out ? N : (double)(p - 1) * N / (double)s->K);
        B->fs[p] = sc[p] * sc[p];
    }
    if (shift && B->q > 0 && shift_basis(B, s, sc) == DS_ENOMEM) {
        free(sc);
        return DS_ENOMEM;
    }
    for (size_t a = 0; a < d; a++) {
        for (size_t p = 0; p < B->P; p++) {
            B->xv[p * d + a] *= sc[a];
            B->gv[p * d + a] *= sc[a];
        }
        B->x0[a] *= sc[a];
    }
    free(sc);
    return DS_OK;
}

static void basis_free(basis *B)
{
    free(B->xv);
    free(B->gv);
    free(B->x0);
    free(B->fs);
}

/* Divide a row (c, then coefficients) by its largest entry. */
static double normalise(double *row, size_t w)
{
    double big = 0.0;
    for (size_t k = 0; k < w; k++)
        big = fmax(big, fabs(row[k]));
    if (big > 0)
        for (size_t k = 0; k < w; k++)
            row[k] /= big;
    return big;
}

/* The row of "interpolation condition (i, j) <= 0" (mu normalised by L):
 *   f_i >= f_j + <g_j, x_i - x_j> + 1/(2(1 - mu)) (||g_i - g_j||^2
 *          + mu ||x_i - x_j||^2 - 2 mu <g_j - g_i, x_j - x_i>). */
static void interp_row(const basis *B, size_t i, size_t j, double *row, double *M, double *dx, double *dg)
{
    size_t d = B->d;
    const double *xi = B->xv + i * d, *xj = B->xv + j * d, *gi = B->gv + i * d, *gj = B->gv + j * d;
    double c1 = 0.5 / (1.0 - B->q), q = B->qs > 0 ? 0.0 : B->q;  /* shifted: the smooth convex row of f~ */
    for (size_t a = 0; a < d; a++) {
        dx[a] = xi[a] - xj[a];
        dg[a] = gi[a] - gj[a];
    }
    memset(M, 0, d * d * sizeof *M);
    add_form(M, d, gj, dx, 1.0);
    add_form(M, d, dg, dg, c1);
    if (q > 0) {
        add_form(M, d, dx, dx, c1 * q);
        add_form(M, d, dg, dx, -2.0 * c1 * q);
    }
    memset(row, 0, B->m * sizeof *row);
    form_to_row(M, d, row);
    if (j > 0)
        row[B->nG + j - 1] += B->fs[j];
    if (i > 0)
        row[B->nG + i - 1] -= B->fs[i];
}

/* The LP cone: every row of the full problem, and the column-compressed
 * form (DSDP's, column 0 is c) of the rows given to DSDP. */
typedef struct {
    size_t rows, w;         /* all rows; width m + 1 */
    double *dense;          /* rows x w: c, then the coefficients of y */
    size_t *pi, *pj;        /* the pair of points of an interpolation row; P for the initial conditions */
    unsigned char *on;      /* the rows given to DSDP */
    size_t n_on;
    int *ik, *cols;
    double *vals;
} lp_data;

/* row += c <u, u> on the unknowns. */
static int add_square(const basis *B, const double *u, double c, double *row)
{
    double *M = calloc(B->d * B->d, sizeof(double));
    if (!M)
        return DS_ENOMEM;
    add_form(M, B->d, u, u, c);
    form_to_row(M, B->d, row);
    free(M);
    return DS_OK;
}

/* DSDP's form of the active rows; a row's index is its rank among them. */
static int lp_compress(lp_data *lp)
{
    size_t w = lp->w, nnz = 0;
    for (size_t r = 0; r < lp->rows; r++)
        for (size_t k = 0; lp->on[r] && k < w; k++)
            nnz += lp->dense[r * w + k] != 0.0;
    free(lp->ik);
    free(lp->cols);
    free(lp->vals);
    lp->ik = malloc((w + 1) * sizeof(int));
    lp->cols = malloc((nnz ? nnz : 1) * sizeof(int));
    lp->vals = malloc((nnz ? nnz : 1) * sizeof(double));
    if (!lp->ik || !lp->cols || !lp->vals)
        return DS_ENOMEM;
    size_t k = 0;
    for (size_t c = 0; c < w; c++) {
        lp->ik[c] = (int)k;
        for (size_t row = 0, rank = 0; row < lp->rows; row++) {
            if (!lp->on[row])
                continue;
            double v = lp->dense[row * w + c];
            if (v != 0.0) {
                lp->cols[k] = (int)rank;
                lp->vals[k++] = v;
            }
            rank++;
        }
    }
    lp->ik[w] = (int)k;
    return DS_OK;
}

static int lp_build(lp_data *lp, const basis *B, double D)
{
    size_t m = B->m, w = m + 1;
    lp->w = w;
    lp->rows = B->P * (B->P - 1) + 1 + (isnan(D) ? 0 : 1);
    lp->dense = calloc(lp->rows * w, sizeof(double));
    lp->pi = malloc(lp->rows * sizeof(size_t));
    lp->pj = malloc(lp->rows * sizeof(size_t));
    lp->on = calloc(lp->rows, 1);
    double *M = malloc(B->d * B->d * sizeof(double));
    double *dx = malloc(B->d * sizeof(double)), *dg = malloc(B->d * sizeof(double));
    int ok = lp->dense && lp->pi && lp->pj && lp->on && M && dx && dg;
    size_t r = 0;
    for (size_t i = 0; ok && i < B->P; i++)
        for (size_t j = 0; j < B->P; j++)
            if (i != j) {
                interp_row(B, i, j, lp->dense + r * w + 1, M, dx, dg);
                lp->pi[r] = i;
                lp->pj[r] = j;
                normalise(lp->dense + (r++) * w, w);
            }
    free(M);
    free(dx);
    free(dg);
    /* ||x0 - x*||^2 <= 1 (normalised) */
    if (!ok || add_square(B, B->x0, 1.0, lp->dense + r * w + 1))
        return DS_ENOMEM;
    lp->dense[r * w] = 1.0;
    lp->pi[r] = lp->pj[r] = B->P;
    normalise(lp->dense + (r++) * w, w);
    if (!isnan(D)) {  /* f(x0) - f* <= D: the first query is x0 */
        lp->dense[r * w] = D;
        lp->dense[r * w + 1 + B->nG] = B->fs[1];
        if (B->qs > 0 && add_square(B, B->xv + B->d, 0.5 * B->qs, lp->dense + r * w + 1))  /* f = f~ + mu/2 ||x||^2 */
            return DS_ENOMEM;
        lp->pi[r] = lp->pj[r] = B->P;
        normalise(lp->dense + r * w, w);
    }
    return DS_OK;
}

static void lp_free(lp_data *lp)
{
    free(lp->dense);
    free(lp->pi);
    free(lp->pj);
    free(lp->on);
    free(lp->ik);
    free(lp->cols);
    free(lp->vals);
}

/* The measure as b'y, normalised to a largest coefficient of 1 (unshifted:
 * coefficient 1 on its scaled unknown); returns the factor that scales
 * DSDP's objective back, NAN when out of memory. In the shifted basis f =
 * f~ + mu/2 ||x||^2 and g = g~ + mu x. */
static double objective(const basis *B, ds_pep_measure measure, double *b)
{
    size_t out = B->P - 1, d = B->d;
    const double *x = B->xv + out * d, *g = B->gv + out * d;
    memset(b, 0, B->m * sizeof *b);
    int bad = 0;
    if (measure == DS_PEP_GAP) {
        b[B->nG + out - 1] = B->fs[out];
        bad = B->qs > 0 && add_square(B, x, 0.5 * B->qs, b);
    } else if (measure == DS_PEP_GRAD2) {
        double *u = malloc(d * sizeof *u);
        for (size_t a = 0; u && a < d; a++)
            u[a] = g[a] + B->qs * x[a];
        bad = !u || add_square(B, u, 1.0, b);
        free(u);
    } else {
        bad = add_square(B, x, 1.0, b);  /* the basis starts at x_N - x* */
    }
    return bad ? NAN : normalise(b, B->m);
}

static double measure_scale(const ds_pep_setup *su)
{
    double R2 = su->R * su->R;
    switch (su->measure) {
    case DS_PEP_GAP: return su->L * R2;
    case DS_PEP_GRAD2: return su->L * su->L * R2;
    default: return R2;
    }
}

static int check_setup(const ds_pep_steps *s, const ds_pep_setup *su, ds_err *err)
{
    if (!(su->L > 0) || !isfinite(su->L))
        return ds_fail(err, DS_EINVAL, "pep: L=%g must be positive and finite", su->L);
    if (su->cls == DS_PEP_SMOOTH_CONVEX && su->mu != 0.0)
        return ds_fail(err, DS_EINVAL, "pep: the smooth convex class has mu = 0, not %g", su->mu);
    if (su->cls == DS_PEP_SMOOTH_STRONGLY_CONVEX && !(su->mu > 0 && su->mu < su->L))
        return ds_fail(err, DS_EINVAL, "pep: mu=%g must lie strictly between 0 and L=%g", su->mu, su->L);
    if (!(su->R > 0) || !isfinite(su->R))
        return ds_fail(err, DS_EINVAL, "pep: R=%g must be positive and finite", su->R);
    if (!isnan(su->D) && !(su->D >= 0))
        return ds_fail(err, DS_EINVAL, "pep: D=%g must be non-negative", su->D);
    if (s->K == 0)
        return ds_fail(err, DS_EINVAL, "pep: the method evaluated no gradient");
    if (!isnan(su->D))
        for (size_t j = 0; j < s->K; j++)
            if (s->h[j] != 0.0)
                return ds_fail(err, DS_ENOTSUP,
                               "pep: f(x0) - f* <= D needs the first gradient at x0, and this method "
                               "queries x0 - %g g_%zu first", s->h[j], j);
    return DS_OK;
}

static const char *stop_text(DSDPTerminationReason r)
{
    switch (r) {
    case DSDP_SMALL_STEPS: return "short steps";
    case DSDP_MAX_IT: return "the iteration limit";
    case DSDP_INDEFINITE_SCHUR_MATRIX: return "an indefinite Schur matrix";
    case DSDP_INFEASIBLE_START: return "an infeasible start";
    case DSDP_NUMERICAL_ERROR: return "a numerical error";
    default: return "an unexpected stop";
    }
}

/* DSDP's settings, tried in turn until one converges: on some
 * ill-conditioned instances (kappa = 1000, one step of 0.5/L, the gradient
 * norm) the defaults stop on a numerical error that a larger potential
 * parameter, the penalty form, a unit initial r or a larger initial
 * barrier avoids. The y bounds stay at their defaults: tighter ones would
 * cut off the large values of diverging methods. */
typedef struct {
    double rho, r0, barrier;
    int penalty;
} dsdp_setting;

static const dsdp_setting dsdp_settings[] = {
    {0, 0, 0, 0}, {10, 0, 0, 0}, {0, 0, 0, 1}, {0, 1, 0, 0}, {0, 0, 100, 0},
};

static int apply_setting(DSDP dsdp, const dsdp_setting *s)
{
    return (s->rho > 0 && DSDPSetPotentialParameter(dsdp, s->rho)) || (s->r0 > 0 && DSDPSetR0(dsdp, s->r0)) ||
           (s->barrier > 0 && DSDPSetBarrierParameter(dsdp, s->barrier)) || (s->penalty && DSDPUsePenalty(dsdp, 1));
}

/* The data DSDP reads from during a solve (it keeps pointers, not copies). */
typedef struct {
    int *ind;
    double *val;
    int *ik, *cols;
    double *lpv;
} dsdp_data;

static void dsdp_data_free(dsdp_data *a)
{
    free(a->ind);
    free(a->val);
    free(a->ik);
    free(a->cols);
    free(a->lpv);
}

/* The PEP with y = (G, F): the SDP block is G itself (C = 0, A = -E_ab),
 * every active row one LP inequality. */
static int load_gram(DSDP dsdp, const basis *B, const lp_data *lp, const double *b, dsdp_data *a, SDPCone *sdp,
                     LPCone *lpc)
{
    int m = (int)B->m, nG = (int)B->nG, d = (int)B->d;
    a->ind = malloc((size_t)nG * sizeof(int));
    a->val = malloc((size_t)nG * sizeof(double));
    int bad = !a->ind || !a->val || DSDPCreateSDPCone(dsdp, 1, sdp) || SDPConeSetBlockSize(*sdp, 0, d);
    for (int i = 0; !bad && i < nG; i++) {
        a->ind[i] = i;  /* gram_idx is DSDP's packed lower triangle */
        a->val[i] = -1.0;
        bad = SDPConeSetASparseVecMat(*sdp, 0, i + 1, d, 1.0, 0, a->ind + i, a->val + i, 1);
    }
    bad = bad || DSDPCreateLPCone(dsdp, lpc) || LPConeSetData(*lpc, (int)lp->n_on, lp->ik, lp->cols, lp->vals);
    for (int i = 0; !bad && i < m; i++)
        bad = DSDPSetDualObjective(dsdp, i + 1, b[i]);
    return bad;
}

/* The PEP's Lagrangian dual, y = -(the multipliers of the active rows):
 * DSDP's primal X is then (G, F, slacks), row r reading <Q_r, G> + q_r'F +
 * s_r = c_r with F, s >= 0 (F >= 0 follows from the rows between x* and
 * each point, which are always active), minimising minus the measure. The
 * Schur matrix is n_on x n_on instead of (G, F)'s m x m. */
static int load_dual(DSDP dsdp, const basis *B, const lp_data *lp, const double *b, dsdp_data *a, SDPCone *sdp,
                     LPCone *lpc)
{
    size_t nG = B->nG, nF = B->m - B->nG, n = lp->n_on, w = lp->w, nx = nF + n;
    a->ind = malloc((n + 1) * nG * sizeof(int));
    a->val = malloc((n + 1) * nG * sizeof(double));
    a->ik = malloc((n + 2) * sizeof(int));
    a->cols = malloc((n + 1) * nx * sizeof(int));
    a->lpv = malloc((n + 1) * nx * sizeof(double));
    int bad = !a->ind || !a->val || !a->ik || !a->cols || !a->lpv || DSDPCreateSDPCone(dsdp, 1, sdp) ||
              SDPConeSetBlockSize(*sdp, 0, (int)B->d);
    size_t k = 0, kl = 0, i = 0;
    for (size_t r = 0; !bad && r <= lp->rows; r++) {
        if (r > 0 && !lp->on[r - 1])
            continue;
        const double *coef = r ? lp->dense + (r - 1) * w + 1 : b;  /* variable 0: the objective */
        double sign = r ? 1.0 : -1.0;
        size_t k0 = k;
        for (size_t g = 0; g < nG; g++)
            if (coef[g] != 0.0) {
                size_t c = 0;
                while ((c + 1) * (c + 2) / 2 <= g)
                    c++;
                a->ind[k] = (int)g;
                a->val[k++] = sign * (g == c * (c + 1) / 2 + c ? coef[g] : 0.5 * coef[g]);
            }
        if (k > k0)
            bad = SDPConeSetASparseVecMat(*sdp, 0, (int)i, (int)B->d, 1.0, 0, a->ind + k0, a->val + k0, (int)(k - k0));
        a->ik[i] = (int)kl;
        for (size_t p = 0; p < nF; p++)
            if (coef[nG + p] != 0.0) {
                a->cols[kl] = (int)p;
                a->lpv[kl++] = sign * coef[nG + p];
            }
        if (r) {  /* the slack of the row */
            a->cols[kl] = (int)(nF + i - 1);
            a->lpv[kl++] = 1.0;
            bad = bad || DSDPSetDualObjective(dsdp, (int)i, coef[-1]);
        }
        i++;
    }
    a->ik[i] = (int)kl;
    return bad || DSDPCreateLPCone(dsdp, lpc) || LPConeSetData(*lpc, (int)nx, a->ik, a->cols, a->lpv);
}

/* (G, F) from DSDP's primal X of the dual form. */
static int read_gram(const basis *B, SDPCone sdp, LPCone lpc, double *y)
{
    double *x;
    int n;
    if (SDPConeGetXArray(sdp, 0, &x, &n) || (size_t)n < B->nG)
        return 1;
    memcpy(y, x, B->nG * sizeof *y);
    if (LPConeGetXArray(lpc, &x, &n) || (size_t)n < B->m - B->nG)
        return 1;
    memcpy(y + B->nG, x, (B->m - B->nG) * sizeof *y);
    return 0;
}

/* One solve at the relative gap tolerance gap_tol, of the PEP itself or
 * (dual) of its Lagrangian dual; y receives (G, F). *size is the solver's
 * estimate of the value, also when it is refused as unresolved (NAN when
 * there is none). */
static int run_dsdp_with(const basis *B, const lp_data *lp, const double *b, const dsdp_setting *set,
                         double gap_tol, int dual, ds_pep_result *res, double *y, double *size, ds_err *err)
{
    int m = dual ? (int)lp->n_on : (int)B->m;
    DSDP dsdp;
    SDPCone sdp;
    LPCone lpc;
    dsdp_data data = {0};
    if (DSDPCreate(m, &dsdp))
        return ds_fail(err, DS_ENOMEM, "DSDP could not create an SDP of %d unknowns", m);
    int bad = dual ? load_dual(dsdp, B, lp, b, &data, &sdp, &lpc) : load_gram(dsdp, B, lp, b, &data, &sdp, &lpc);
    /* DSDP's other tolerances stay at their defaults: tightening its primal
     * feasibility tolerance made it stop on numerical errors (OGM, N = 5). */
    bad = bad || DSDPSetGapTolerance(dsdp, gap_tol) || DSDPSetMaxIts(dsdp, 500) || apply_setting(dsdp, set) ||
          DSDPSetup(dsdp) || DSDPSolve(dsdp) || DSDPComputeX(dsdp);
    DSDPTerminationReason why = DSDP_CONVERGED;
    DSDPSolutionType type = DSDP_PDUNKNOWN;
    double pobj = NAN, dobj = NAN, pinf = NAN;
    int its = 0;
    if (!bad) {
        DSDPStopReason(dsdp, &why);
        DSDPGetSolutionType(dsdp, &type);
        DSDPGetPObjective(dsdp, &pobj);
        DSDPGetDObjective(dsdp, &dobj);
        DSDPGetPInfeasibility(dsdp, &pinf);
        DSDPGetIts(dsdp, &its);
        bad = dual ? read_gram(B, sdp, lpc, y) : DSDPGetY(dsdp, y, m);
    }
    DSDPDestroy(dsdp);
    dsdp_data_free(&data);
    if (bad)
        return ds_fail(err, DS_ENUM, "DSDP refused the SDP or failed while solving it");
    if (dual) {  /* in the sign of the measure; an unbounded dual means an infeasible PEP and back */
        pobj = -pobj;
        dobj = -dobj;
        type = type == DSDP_UNBOUNDED ? DSDP_INFEASIBLE : type == DSDP_INFEASIBLE ? DSDP_UNBOUNDED : type;
    }
    /* A solve that stopped before its gap test (an error, short steps, the
     * iteration limit) would stop at the same iterate with a finer
     * tolerance: no size, no second solve. */
    *size = why == DSDP_CONVERGED && isfinite(pobj) && isfinite(dobj) ? fmax(pobj, dobj) : NAN;
    if (type == DSDP_UNBOUNDED)
        return ds_fail(err, DS_ENUM, "the SDP is unbounded: no finite worst case");
    if (type == DSDP_INFEASIBLE)
        return ds_fail(err, DS_ENUM, "the SDP is infeasible");
    double rel = fabs(pobj - dobj) / fmax(1e-300, fabs(pobj) + fabs(dobj));
    if (why != DSDP_CONVERGED && !(type == DSDP_PDFEASIBLE && rel <= DS_PEP_ACCEPT_GAP))
        return ds_fail(err, DS_ENUM, "DSDP stopped on %s after %d iterations (objectives %.12g and %.12g)",
                       stop_text(why), its, pobj, dobj);
    /* The primal objective bounds the worst case only for a feasible primal
     * point: DSDP's own tolerance on it (1e-4) is far too loose for that. */
    if (!(pinf <= DS_PEP_PINF_TOL))
        return ds_fail(err, DS_ENUM, "DSDP's primal point is infeasible by %.3g (objectives %.12g and %.12g)", pinf,
                       pobj, dobj);
    /* DSDP's gap is relative to 1 + |objective|: a worst case far below 1
     * (1e-10 after thirty accelerated steps) is known only to about its own
     * size, and its primal objective then need not bound it (measured: ITEM
     * at N = 30, mu/L = 0.1, came out 20% low). Such values are refused. */
    if (!(fabs(pobj - dobj) <= DS_PEP_REL_TOL * fmax(fabs(pobj), fabs(dobj))))
        return ds_fail(err, DS_ENUM,
                       "the worst case, about %.3g, is not resolved: DSDP's objectives %.12g and %.12g differ "
                       "by more than %g of it", fmax(pobj, dobj), pobj, dobj, DS_PEP_REL_TOL);
    /* Both objectives are in the sign of b'y; the true value lies between.
     * In the dual form only the certificate (dobj) bounds the worst case
     * of the full problem: the measure at X may exceed it by violating
     * dropped rows. */
    res->value = dual ? dobj : fmax(pobj, dobj);
    res->lower = fmin(pobj, dobj);
    res->tol = res->value - res->lower;
    res->infeas = pinf;
    res->iters = its;
    return DS_OK;
}

/* DSDP's settings tried in turn from *first (then from the start) until
 * one solves; *first becomes that one. Constraint generation keeps one
 * for each end: its SDPs differ by a few rows from round to round, and a
 * setting that failed on one round's mostly failed on the next. */
static int run_dsdp(const basis *B, const lp_data *lp, const double *b, int refine, int dual, size_t *first,
                    ds_pep_result *res, double *y, ds_err *err)
{
    int rc = DS_ENUM;
    size_t n = sizeof dsdp_settings / sizeof dsdp_settings[0];
    double *y2 = malloc(B->m * sizeof *y2);
    if (!y2)
        return ds_fail(err, DS_ENOMEM, "pep: out of memory for an SDP of %zu unknowns", B->m);
    for (size_t k = 0; k < n && rc == DS_ENUM; k++) {
        size_t i = (*first + k) % n;
        double size = NAN;
        rc = run_dsdp_with(B, lp, b, &dsdp_settings[i], DS_PEP_GAP_TOL, dual, res, y, &size, err);
        /* DSDP's gap is relative to 1 + |objective|: a value far below 1 is
         * solved again with the tolerance scaled by its size, so that it is
         * known to DS_PEP_GAP_TOL of itself, or to DS_PEP_GAP_FLOOR (the
         * rounding of DSDP's 1 + |objective|) when that is finer. */
        int coarse = rc == DS_OK ? res->tol > DS_PEP_GAP_TOL * DS_PEP_REFINE * res->value : rc == DS_ENUM;
        if (refine && coarse && size > 0 && size < 1) {
            ds_pep_result fine;
            double size2;
            ds_err e2 = {0};
            int rc2 = run_dsdp_with(B, lp, b, &dsdp_settings[i], fmax(DS_PEP_GAP_TOL * size, DS_PEP_GAP_FLOOR), dual,
                                    &fine, y2, &size2, &e2);
            if (rc2 == DS_OK && (rc || fine.tol < res->tol)) {
                *res = fine;
                memcpy(y, y2, B->m * sizeof *y);
                rc = DS_OK;
            } else if (rc) {
                *err = e2;
            }
        }
        if (rc == DS_OK)
            *first = i;
    }
    free(y2);
    if (rc == DS_ENUM)
        ds_err_prefix(err, "pep: with each of DSDP's %zu settings: ", n);
    else if (rc)
        ds_err_prefix(err, "pep: ");
    return rc;
}

/* The rows constraint generation starts with: the initial conditions and
 * the interpolation conditions between x* and each point, and (unless
 * mode asks for x*'s alone) between consecutive queries and between each
 * query and the output. */
static int seed_row(size_t i, size_t j, size_t P, ds_pep_rows mode)
{
    if (i == P || i == 0 || j == 0 || mode == DS_PEP_ROWS_FULL)
        return 1;
    return mode == DS_PEP_ROWS_GENERATE && (i == P - 1 || j == P - 1 || i + 1 == j || j + 1 == i);
}

static void lp_seed(lp_data *lp, size_t P, ds_pep_rows mode)
{
    lp->n_on = 0;
    for (size_t r = 0; r < lp->rows; r++) {
        lp->on[r] = (unsigned char)seed_row(lp->pi[r], lp->pj[r], P, mode);
        lp->n_on += lp->on[r];
    }
}

/* Give DSDP every dropped row that y violates by more than tol (rows are
 * normalised to a largest coefficient of 1); returns how many. */
static size_t lp_add_violated(lp_data *lp, const double *y, double tol)
{
    size_t added = 0, w = lp->w;
    for (size_t r = 0; r < lp->rows; r++) {
        if (lp->on[r])
            continue;
        const double *row = lp->dense + r * w;
        double slack = row[0];
        for (size_t k = 1; k < w; k++)
            slack -= row[k] * y[k - 1];
        if (slack < -tol) {
            lp->on[r] = 1;
            added++;
        }
    }
    lp->n_on += added;
    return added;
}

/* The full problem in the (G, F) form. */
static int solve_full(const basis *B, lp_data *lp, const double *b, int refine, ds_pep_result *out, double *y,
                      ds_err *err)
{
    lp_seed(lp, B->P, DS_PEP_ROWS_FULL);
    if (lp_compress(lp))
        return ds_fail(err, DS_ENOMEM, "pep: out of memory for %zu rows", lp->n_on);
    out->rounds = 1;
    size_t first = 0;
    return run_dsdp(B, lp, b, refine, 0, &first, out, y, err);
}

/* Feasible to DS_PEP_CUT_TOL of the measure's own unknown when it is
 * below 1 (unscaled, 1e-6 and less): a violation of 1e-9 could otherwise
 * move the measure by more than its tolerance. */
static double cut_tol(const basis *B, const double *b, const double *y)
{
    double big = 0.0, fz = 0.0;
    for (size_t k = 0; k < B->m; k++)
        big = fmax(big, fabs(b[k])), fz += b[k] * y[k];
    return DS_PEP_CUT_TOL * fmin(1.0, fabs(fz) / big);
}

/* The lower end: the measure at a (G, F) that satisfies every row. The
 * relaxation's optimum is not unique, and the interior-point solution (the
 * centre of its optimal face, of full rank) violates dropped rows that the
 * worst case itself satisfies; a small trace penalty eps tr(G) moves it
 * toward a low-rank optimum. The rows it violates are added (unless the
 * active set is not to be refined) and it is solved again. *added counts
 * them. */
static int lower_end(const basis *B, lp_data *lp, const double *b, int refine, int refined, size_t *first,
                     ds_pep_result *lo, double *y, double *f, size_t *added, int *rounds, ds_err *err)
{
    double *bp = malloc(B->m * sizeof *bp);
    if (!bp)
        return ds_fail(err, DS_ENOMEM, "pep: out of memory for an SDP of %zu unknowns", B->m);
    memcpy(bp, b, B->m * sizeof *bp);
    for (size_t a = 0; a < B->d; a++)
        bp[gram_idx(a, a)] -= DS_PEP_TRACE_EPS;
    int rc;
    size_t n = 0;
    *added = 0;
    do {
        *added += n;
        ++*rounds;
        rc = run_dsdp(B, lp, bp, refine, 1, first, lo, y, err);
        if (rc)
            break;
        if (refined)
            n = lp_add_violated(lp, y, cut_tol(B, b, y));
    } while (!rc && refined && n > 0);
    *f = 0.0;
    for (size_t k = 0; k < B->m; k++)
        *f += b[k] * y[k];
    free(bp);
    return rc;
}

/* Constraint generation in the dual form, from the seed rows: the upper
 * end is the certificate of the active rows (their multipliers, zero on
 * the dropped rows, are one for the full problem), the lower end the
 * measure at a (G, F) that satisfies every row. While they lie further
 * apart than DS_PEP_CG_GAP and rows were added since the upper end was
 * solved, it is solved again on them. */
static int generate(const basis *B, lp_data *lp, const double *b, int refine, ds_pep_rows mode, ds_pep_result *out,
                    double *y, ds_err *err)
{
    ds_pep_result lo, last;
    int rounds = 0, have = 0, same = 0;  /* same: the lower end's last solve had the current rows */
    size_t first_up = 0, first_lo = 0;   /* the settings that solved each end last */
    double f = NAN, *yu = malloc(B->m * sizeof *yu);
    if (!yu)
        return ds_fail(err, DS_ENOMEM, "pep: out of memory for an SDP of %zu unknowns", B->m);
    lp_seed(lp, B->P, mode);
    for (;;) {
        int rc = run_dsdp(B, lp, b, refine, 1, &first_up, out, yu, err);
        rounds++;
        size_t added = 0;
        /* its rows unchanged, the lower end would solve the same SDP again */
        if (!rc && !same)
            rc = lower_end(B, lp, b, refine, mode != DS_PEP_ROWS_STAR_ONLY, &first_lo, &lo, y, &f, &added, &rounds, err);
        if (rc && have) {  /* the last round's interval holds: keep it */
            *out = last;
            break;
        }
        if (rc) {
            free(yu);
            return rc;
        }
        /* no tighter than DSDP's own gap at the certificate */
        out->tol = fmax(out->tol, out->value - f);
        out->lower = out->value - out->tol;
        out->infeas = fmax(out->infeas, lo.infeas);
        out->rounds = rounds;
        last = *out;
        have = 1;
        if (out->tol <= DS_PEP_CG_GAP * fabs(out->value) || mode == DS_PEP_ROWS_STAR_ONLY)
            break;
        /* the relaxation is worth more than the worst case: the rows the
         * upper end's own (G, F) violates tighten it */
        if (!added && !lp_add_violated(lp, yu, cut_tol(B, b, yu)))
            break;
        same = added > 0;
    }
    free(yu);
    if (!(out->tol <= DS_PEP_REL_TOL * fabs(out->value)))
        return ds_fail(err, DS_ENUM, "pep: constraint generation ended with its ends %.3g apart", out->tol);
    return DS_OK;
}

/* Constraint generation, or the full problem in the (G, F) form: from the
 * start with DS_PEP_ROWS_FULL, and when generation does not solve (its
 * answer or refusal is then the one given). */
static int solve_rows(const basis *B, lp_data *lp, const double *b, int refine, ds_pep_rows mode, ds_pep_result *out,
                      ds_err *err)
{
    double *y = malloc(B->m * sizeof *y);
    if (!y)
        return ds_fail(err, DS_ENOMEM, "pep: out of memory for an SDP of %zu unknowns", B->m);
    int rc = mode == DS_PEP_ROWS_FULL ? DS_ENUM : generate(B, lp, b, refine, mode, out, y, err);
    out->rounds = rc ? 1 : out->rounds;
    if (rc == DS_ENUM && mode != DS_PEP_ROWS_STAR_ONLY)
        rc = solve_full(B, lp, b, refine, out, y, err);
    out->rows = lp->n_on;
    out->rows_all = lp->rows;
    free(y);
    return rc;
}

/* Constraint generation by default on the smooth convex class only: on
 * the strongly convex one the relaxations' solutions violate most dropped
 * rows (ITEM and triple momentum at N = 30: 540 to 620 of 993 rows after
 * six or seven solves), which then took longer than the full problem. */
static ds_pep_rows rows_mode(const ds_pep_setup *su)
{
    if (su->rows == DS_PEP_ROWS_GENERATE && su->cls == DS_PEP_SMOOTH_STRONGLY_CONVEX)
        return DS_PEP_ROWS_FULL;
    return su->rows;
}

/* One SDP, normalised (L = 1, R = 1): the basis scaled by rho per step (and
 * shifted when *shift is set and it helps; *shift then says whether it
 * was) and the objective divided by vs, the expected value (NAN: by its
 * largest coefficient). The result is in normalised units. */
static int solve_scaled(const ds_pep_steps *steps, const ds_pep_setup *setup, double rho, double vs, int refine,
                        int *shift, ds_pep_result *out, ds_err *err)
{
    basis B = {0};
    lp_data lp = {0};
    double *b = NULL, bscale = NAN;
    double D = isnan(setup->D) ? NAN : setup->D / (setup->L * setup->R * setup->R);
    int rc;
    if (basis_build(&B, steps, setup, rho, *shift) || lp_build(&lp, &B, D) || !(b = malloc(B.m * sizeof *b)) ||
        isnan(bscale = objective(&B, setup->measure, b))) {
        rc = ds_fail(err, DS_ENOMEM, "pep: out of memory for the SDP of %zu gradients", steps->K);
    } else {
        if (vs > 0)
            for (size_t i = 0; i < B.m; i++)
                b[i] *= bscale / vs;
        *shift = B.qs > 0;
        rc = solve_rows(&B, &lp, b, refine, rows_mode(setup), out, err);
        if (rc == DS_ENUM && vs > 0) {  /* DSDP's objectives are in units of vs */
            size_t n = strlen(err->msg);
            snprintf(err->msg + n, sizeof err->msg - n, " in units of the expected worst case %.6g", vs);
        }
    }
    if (!rc) {
        double s = vs > 0 ? vs : bscale;
        out->value *= s;
        out->lower *= s;
        out->tol *= s;
    }
    free(b);
    lp_free(&lp);
    basis_free(&B);
    return rc;
}

/* The first k queries of a table, query k taken as the output. */
static void prefix(const ds_pep_steps *s, size_t k, ds_pep_steps *p)
{
    p->K = k;
    p->N = (long)((double)k * (double)s->N / (double)s->K + 0.5);
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            p->h[i * k + j] = s->h[i * s->K + j];
    for (size_t j = 0; j < k; j++)
        p->out[j] = k < s->K ? s->h[k * s->K + j] : s->out[j];
}

/* The rate per step and the expected value at N, from the worst cases of
 * the table's own prefixes at two short horizons (solved unscaled): with a
 * worst case ~ rho^(2t), every gradient, point and value of the scaled SDP
 * is O(1). Convex-class worst cases never decay geometrically, so there a
 * rate below 1 is only the sublinear decay and is not used (a growing one,
 * gd at lr > 2/L, is). Returns 0 (solve unscaled) otherwise or when a
 * prefix does not solve. */
static int rate_estimate(const ds_pep_steps *s, const ds_pep_setup *su, double *rho, double *expect)
{
    size_t k1 = DS_PEP_RATE_K1, k2 = DS_PEP_RATE_K2;
    ds_pep_steps p = {.h = malloc(k2 * k2 * sizeof(double)), .out = malloc(k2 * sizeof(double))};
    ds_pep_result r1, r2;
    ds_err e = {0};
    int shift = 0;
    int ok = p.h && p.out;
    if (ok) {
        prefix(s, k1, &p);
        long n1 = p.N;
        ok = !solve_scaled(&p, su, 1.0, NAN, 0, &shift, &r1, &e);
        prefix(s, k2, &p);
        ok = ok && p.N > n1 && !solve_scaled(&p, su, 1.0, NAN, 0, &shift, &r2, &e) && r1.value > 0 && r2.value > 0;
        if (ok) {
            *rho = ds_pow(r2.value / r1.value, 0.5 / (double)(p.N - n1));
            *expect = r2.value * ds_pow(*rho, 2.0 * (double)(s->N - p.N));
            ok = isfinite(*rho) && isfinite(*expect) && (su->cls == DS_PEP_SMOOTH_STRONGLY_CONVEX || *rho > 1.0);
        }
    }
    free(p.h);
    free(p.out);
    return ok;
}

/* Solve at rate rho, or at the estimated one when rho is NAN. */
static int solve_at(const ds_pep_steps *steps, const ds_pep_setup *setup, double rho, ds_pep_result *out,
                    ds_err *err)
{
    int rc = check_setup(steps, setup, err);
    if (rc)
        return rc;
    if (!(rho > 0) && !isnan(rho))
        return ds_fail(err, DS_EINVAL, "pep: the scaling rate %g must be positive", rho);
    ds_pep_setup unit = *setup;
    unit.L = 1.0;
    unit.mu = setup->mu / setup->L;
    unit.R = 1.0;
    unit.D = isnan(setup->D) ? NAN : setup->D / (setup->L * setup->R * setup->R);
    ds_pep_steps st = *steps;  /* the table in units of 1/L */
    st.h = malloc(steps->K * steps->K * sizeof(double));
    st.out = malloc(steps->K * sizeof(double));
    if (!st.h || !st.out) {
        free(st.h);
        free(st.out);
        return ds_fail(err, DS_ENOMEM, "pep: out of memory for the SDP of %zu gradients", steps->K);
    }
    for (size_t k = 0; k < steps->K * steps->K; k++)
        st.h[k] = steps->h[k] * setup->L;
    for (size_t k = 0; k < steps->K; k++)
        st.out[k] = steps->out[k] * setup->L;
    double expect = NAN;
    if (isnan(rho) && !(steps->K > DS_PEP_RATE_K2 && rate_estimate(&st, &unit, &rho, &expect)))
        rho = 1.0, expect = NAN;
    int shift = steps->K > DS_PEP_RATE_K2;
    rc = solve_scaled(&st, &unit, rho, expect, 1, &shift, out, err);
    if (rc == DS_ENUM && shift) {  /* the shifted SDP did not solve: the gradients' own */
        shift = 0;
        rc = solve_scaled(&st, &unit, rho, expect, 1, &shift, out, err);
    }
    if (!rc) {
        double s = measure_scale(setup);
        out->value *= s;
        out->lower *= s;
        out->tol *= s;
        out->rate = rho;
    }
    free(st.h);
    free(st.out);
    return rc;
}

int ds_pep_solve(const ds_pep_steps *steps, const ds_pep_setup *setup, ds_pep_result *out, ds_err *err)
{
    return solve_at(steps, setup, NAN, out, err);
}

int ds_pep_solve_rate(const ds_pep_steps *steps, const ds_pep_setup *setup, double rho, ds_pep_result *out,
                      ds_err *err)
{
    return solve_at(steps, setup, rho, out, err);
}

void ds_pep_steps_free(ds_pep_steps *s)
{
    free(s->h);
    free(s->out);
    s->h = s->out = NULL;
    s->K = 0;
}

int ds_pep_bound(const ds_optimizer_type *ot, const ds_values *spec, const ds_pep_setup *setup, long N, long T,
                 ds_pep_result *out, ds_err *err)
{
    ds_pep_steps steps;
    int rc = ds_pep_trace(ot, spec, setup->L, setup->mu, N, T, &steps, err);
    if (rc)
        return rc;
    rc = ds_pep_solve(&steps, setup, out, err);
    ds_pep_steps_free(&steps);
    return rc;
}

double ds_pep_initial(const ds_pep_setup *su)
{
    double s = measure_scale(su);
    return su->measure == DS_PEP_GAP ? 0.5 * s : s;
}

void ds_pep_judge(const long *t, const double *measured, const double *bound, const double *tol, size_t n,
                  ds_check *c)
{
    const ds_theorem *th = c->th;
    int claimed = c->claimed;
    *c = (ds_check){.th = th, .claimed = claimed, .verdict = DS_V_PASS, .first_violation = -1,
                    .worst_ratio = -INFINITY, .last_iter = -1, .seeds = 1, .rate_emp = NAN,
                    .rate_thm = NAN, .rate_tight = NAN, .order_emp = NAN, .order_thm = NAN, .ci = NAN};
    double tol_max = 0.0;
    for (size_t i = 0; i < n; i++) {
        double ratio = measured[i] / bound[i];
        int ok = measured[i] <= bound[i] * (1.0 + DS_TH_REL_TOL) + tol[i];
        if (!(ratio <= c->worst_ratio))
            c->worst_ratio = ratio, c->worst_iter = t[i];
        tol_max = fmax(tol_max, tol[i]);
        c->n_checked++;
        c->last_iter = t[i];
        c->measured = measured[i];
        c->bound = bound[i];
        if (!ok && c->verdict == DS_V_PASS) {
            c->verdict = DS_V_FAIL;
            c->first_violation = t[i];
            c->viol_measured = measured[i];
            c->viol_bound = bound[i];
        }
    }
    if (c->verdict == DS_V_FAIL)
        snprintf(c->reason, sizeof c->reason, "t=%ld: measured %.6g > PEP %.6g (DSDP tol %.2g)",
                 c->first_violation, c->viol_measured, c->viol_bound, tol_max);
    else
        snprintf(c->reason, sizeof c->reason, "PEP at %zu horizons up to t=%ld, DSDP tol <= %.2g", c->n_checked,
                 c->last_iter, tol_max);
}

int ds_pep_growth(const long *t, const double *bound, const double *tol, size_t n, double initial, ds_check *c)
{
    for (size_t i = 1; i < n; i++) {
        double low = bound[i] - tol[i];
        if (low > initial * (1.0 + DS_TH_REL_TOL) && low > bound[i - 1] * (1.0 + DS_TH_REL_TOL)) {
            c->verdict = DS_V_NA;
            snprintf(c->reason, sizeof c->reason,
                     "not convergent up to t=%ld: the PEP worst case grows from %.6g at t=%ld to %.6g, above "
                     "%.6g at x0; no guarantee to check", t[i], bound[i - 1], t[i - 1], bound[i], initial);
            return 1;
        }
    }
    return 0;
}

static const char *const measure_names[] = {"gap", "grad2", "dist2"};
static const char *const class_names[] = {"smooth-convex", "smooth-strongly-convex"};

const char *ds_pep_measure_name(ds_pep_measure m)
{
    return (unsigned)m < 3 ? measure_names[m] : "?";
}

const char *ds_pep_class_name(ds_pep_class c)
{
    return (unsigned)c < 2 ? class_names[c] : "?";
}

int ds_pep_measure_parse(const char *text, ds_pep_measure *out, ds_err *err)
{
    for (int i = 0; i < 3; i++)
        if (!strcmp(text, measure_names[i])) {
            *out = (ds_pep_measure)i;
            return DS_OK;
        }
    return ds_fail(err, DS_EINVAL, "pep: unknown measure '%s' (gap, grad2 or dist2)", text);
}

int ds_pep_class_parse(const char *text, ds_pep_class *out, ds_err *err)
{
    for (int i = 0; i < 2; i++)
        if (!strcmp(text, class_names[i])) {
            *out = (ds_pep_class)i;
            return DS_OK;
        }
    return ds_fail(err, DS_EINVAL, "pep: unknown class '%s' (smooth-convex or smooth-strongly-convex)", text);
}
