#include "kernels.h"

#include <string.h>

#include "vec.h"

/* Rows of B a block of the accumulating kernels takes at a time: 64 rows
 * of up to a few thousand doubles stay in L2 while every output row
 * passes over them. The block size changes the speed, never the bits. */
#define KB 64

/* y_j = (((y_j + c0 b0_j) + c1 b1_j) + c2 b2_j) + c3 b3_j: four terms of
 * the accumulating order in one pass over y, the same roundings in the
 * same sequence as four axpys. */
DS_CLONES
static void acc4(size_t n, const double *c, const double *b0, const double *b1, const double *b2,
                 const double *b3, double *y)
{
    double c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3];
    DS_SIMD
    for (size_t j = 0; j < n; j++) {
        double t = y[j] + c0 * b0[j];
        t = t + c1 * b1[j];
        t = t + c2 * b2[j];
        y[j] = t + c3 * b3[j];
    }
}

/* acc4 for two output rows y and z at once with their own coefficients c
 * and e: each b_q[j] is loaded once for both, and each entry still gets
 * its four terms in the same sequence as acc4 gives it. */
DS_CLONES
static void acc4x2(size_t n, const double *c, const double *e, const double *b0, const double *b1,
                   const double *b2, const double *b3, double *y, double *z)
{
    double c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3], e0 = e[0], e1 = e[1], e2 = e[2], e3 = e[3];
    DS_SIMD
    for (size_t j = 0; j < n; j++) {
        double t = y[j] + c0 * b0[j], u = z[j] + e0 * b0[j];
        t = t + c1 * b1[j];
        u = u + e1 * b1[j];
        t = t + c2 * b2[j];
        u = u + e2 * b2[j];
        y[j] = t + c3 * b3[j];
        z[j] = u + e3 * b3[j];
    }
}

/* acc4 for four output rows y[0..3] with their own coefficients c[r][q]:
 * each b_q[j] is loaded once for all four, and each entry still gets its
 * four terms in the same sequence as acc4 gives it. */
DS_CLONES
static void acc4x4(size_t n, const double c[4][4], const double *b0, const double *b1, const double *b2,
                   const double *b3, double *y0, double *y1, double *y2, double *y3)
{
    DS_SIMD
    for (size_t j = 0; j < n; j++) {
        double u0 = b0[j], u1 = b1[j], u2 = b2[j], u3 = b3[j];
        double t0 = y0[j] + c[0][0] * u0, t1 = y1[j] + c[1][0] * u0, t2 = y2[j] + c[2][0] * u0,
               t3 = y3[j] + c[3][0] * u0;
        t0 = t0 + c[0][1] * u1;
        t1 = t1 + c[1][1] * u1;
        t2 = t2 + c[2][1] * u1;
        t3 = t3 + c[3][1] * u1;
        t0 = t0 + c[0][2] * u2;
        t1 = t1 + c[1][2] * u2;
        t2 = t2 + c[2][2] * u2;
        t3 = t3 + c[3][2] * u2;
        y0[j] = t0 + c[0][3] * u3;
        y1[j] = t1 + c[1][3] * u3;
        y2[j] = t2 + c[2][3] * u3;
        y3[j] = t3 + c[3][3] * u3;
    }
}

static void scale_rows(size_t m, size_t n, double beta, double *C, size_t ldc)
{
    for (size_t i = 0; i < m; i++) {
        if (beta == 0.0)
            ds_zero(n, C + i * ldc);
        else if (beta != 1.0)
            ds_scal(n, beta, C + i * ldc);
    }
}

void ds_gemv_n(size_t m, size_t n, const double *A, size_t lda, const double *x, double *y)
{
    for (size_t i = 0; i < m; i++)
        y[i] = ds_dot(n, A + i * lda, x);
}

void ds_gemv_t(size_t m, size_t n, double alpha, const double *A, size_t lda, const double *x, double beta,
               double *y)
{
    scale_rows(1, n, beta, y, n);
    size_t i = 0;
    for (; i + 4 <= m; i += 4) {
        double c[4] = {alpha * x[i], alpha * x[i + 1], alpha * x[i + 2], alpha * x[i + 3]};
        const double *a = A + i * lda;
        acc4(n, c, a, a + lda, a + 2 * lda, a + 3 * lda, y);
    }
    for (; i < m; i++)
        ds_axpy(n, alpha * x[i], A + i * lda, y);
}

/* Rows p0..p1 of B into output row y (n wide) with coefficients
 * coef(p) = alpha a(p) where a(p) = a[p * stride]. */
static void acc_block(size_t n, double alpha, const double *a, size_t stride, const double *B, size_t ldb,
                      size_t p0, size_t p1, double *y)
{
    size_t p = p0;
    for (; p + 4 <= p1; p += 4) {
        double c[4] = {alpha * a[p * stride], alpha * a[(p + 1) * stride], alpha * a[(p + 2) * stride],
                       alpha * a[(p + 3) * stride]};
        const double *b = B + p * ldb;
        acc4(n, c, b, b + ldb, b + 2 * ldb, b + 3 * ldb, y);
    }
    for (; p < p1; p++)
        ds_axpy(n, alpha * a[p * stride], B + p * ldb, y);
}

void ds_gemm(int ta, int tb, size_t m, size_t n, size_t k, double alpha, const double *A, size_t lda,
             const double *B, size_t ldb, double beta, double *C, size_t ldc)
{
    if (tb) {  /* dot order: rows of A against rows of B */
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < n; j++) {
                double t = alpha * ds_dot(k, A + i * lda, B + j * ldb);
                C[i * ldc + j] = beta == 0.0 ? t : t + beta * C[i * ldc + j];
            }
        return;
    }
    scale_rows(m, n, beta, C, ldc);
    for (size_t p0 = 0; p0 < k; p0 += KB) {
        size_t p1 = k - p0 < KB ? k : p0 + KB;
        for (size_t i = 0; i < m; i++) {
            /* op(A)_ip = A[i][p] (stride 1 along p) or A[p][i] (stride lda) */
            const double *a = ta ? A + i : A + i * lda;
            acc_block(n, alpha, a, ta ? lda : 1, B, ldb, p0, p1, C + i * ldc);
        }
    }
}

/* Row i of the lower triangle (columns 0..i) over rows p0..p1 of A. */
DS_CLONES
static void gram_row(size_t p0, size_t p1, size_t i, double alpha, const double *w, const double *A, size_t lda,
                     double *ci)
{
    size_t p = p0;
    for (; p + 4 <= p1; p += 4) {
        const double *a = A + p * lda;
        double c[4];
        for (size_t q = 0; q < 4; q++)
            c[q] = (w ? w[p + q] : alpha) * a[q * lda + i];
        acc4(i + 1, c, a, a + lda, a + 2 * lda, a + 3 * lda, ci);
    }
    for (; p < p1; p++) {
        const double *a = A + p * lda;
        ds_axpy(i + 1, (w ? w[p] : alpha) * a[i], a, ci);
    }
}

/* Rows i and i+1 together: columns 0..i of both, then row i+1's last
 * column i+1 alone, each entry with its terms in increasing p. */
DS_CLONES
static void gram_rows2(size_t p0, size_t p1, size_t i, double alpha, const double *w, const double *A, size_t lda,
                       double *ci, double *cj)
{
    size_t p = p0;
    for (; p + 4 <= p1; p += 4) {
        const double *a = A + p * lda;
        double c[4], e[4];
        for (size_t q = 0; q < 4; q++) {
            double wq = w ? w[p + q] : alpha;
            c[q] = wq * a[q * lda + i];
            e[q] = wq * a[q * lda + i + 1];
        }
        acc4x2(i + 1, c, e, a, a + lda, a + 2 * lda, a + 3 * lda, ci, cj);
        acc4(1, e, a + i + 1, a + lda + i + 1, a + 2 * lda + i + 1, a + 3 * lda + i + 1, cj + i + 1);
    }
    for (; p < p1; p++) {
        const double *a = A + p * lda;
        double wq = w ? w[p] : alpha;
        ds_axpy(i + 1, wq * a[i], a, ci);
        ds_axpy(i + 2, wq * a[i + 1], a, cj);
    }
}

/* Rows i..i+3 together: columns 0..i of all four in one sweep, then the
 * small triangle right of column i row by row; each entry still gets its
 * terms in increasing p, so the bits are gram_row's. */
DS_CLONES
static void gram_rows4(size_t p0, size_t p1, size_t i, double alpha, const double *w, const double *A, size_t lda,
                       double *C, size_t ldc)
{
    double *y[4] = {C + i * ldc, C + (i + 1) * ldc, C + (i + 2) * ldc, C + (i + 3) * ldc};
    size_t p = p0;
    for (; p + 4 <= p1; p += 4) {
        const double *a = A + p * lda;
        double c[4][4];
        for (size_t q = 0; q < 4; q++) {
            double wq = w ? w[p + q] : alpha;
            for (size_t r = 0; r < 4; r++)
                c[r][q] = wq * a[q * lda + i + r];
        }
        acc4x4(i + 1, c, a, a + lda, a + 2 * lda, a + 3 * lda, y[0], y[1], y[2], y[3]);
        for (size_t r = 1; r < 4; r++)
            acc4(r, c[r], a + i + 1, a + lda + i + 1, a + 2 * lda + i + 1, a + 3 * lda + i + 1, y[r] + i + 1);
    }
    for (; p < p1; p++) {
        const double *a = A + p * lda;
        double wq = w ? w[p] : alpha;
        for (size_t r = 0; r < 4; r++)
            ds_axpy(i + r + 1, wq * a[i + r], a, y[r]);
    }
}

void ds_gram(size_t k, size_t n, double alpha, const double *w, const double *A, size_t lda, double beta,
             double *C, size_t ldc)
{
    for (size_t i = 0; i < n; i++) {
        if (beta == 0.0)
            ds_zero(i + 1, C + i * ldc);
        else if (beta != 1.0)
            ds_scal(i + 1, beta, C + i * ldc);
    }
    for (size_t p0 = 0; p0 < k; p0 += KB) {
        size_t p1 = k - p0 < KB ? k : p0 + KB;
        size_t i = 0;
        for (; i + 4 <= n; i += 4)  /* four rows share their loads */
            gram_rows4(p0, p1, i, alpha, w, A, lda, C, ldc);
        for (; i + 2 <= n; i += 2)  /* rows i and i+1 share their loads */
            gram_rows2(p0, p1, i, alpha, w, A, lda, C + i * ldc, C + (i + 1) * ldc);
        for (; i < n; i++)
            gram_row(p0, p1, i, alpha, w, A, lda, C + i * ldc);
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            C[i * ldc + j] = C[j * ldc + i];
}

void ds_ger(size_t m, size_t n, double alpha, const double *x, const double *y, double *A, size_t lda)
{
    for (size_t i = 0; i < m; i++)
        ds_axpy(n, alpha * x[i], y, A + i * lda);
}

_Static_assert(DS_PANEL % DS_DOT_LANES == 0, "a panel holds whole groups of eight rows");

_Static_assert(DS_PANEL == 8 * 4, "ds_panel_margins keeps a panel's margins in eight vectors of four");

/* Eight vectors of four rows, each lane a chain of d additions; the chains
 * are independent, so they overlap. Written with 256-bit vectors: the
 * AVX-512 build then keeps them in its 32 registers, which measured about
 * 5% faster than the 512-bit code GCC makes of the plain loop (and than
 * AVX2 with its 16). Each lane's sequence of roundings is the plain loop's. */
DS_CLONES_WIDE
void ds_panel_margins(size_t d, const double *P, const double *x, double *z)
{
    ds_v4 t0 = {0, 0, 0, 0}, t1 = t0, t2 = t0, t3 = t0, t4 = t0, t5 = t0, t6 = t0, t7 = t0;
    for (size_t j = 0; j < d; j++) {
        double xj = x[j];
        ds_v4 b = {xj, xj, xj, xj};
        const ds_v4 *c = (const ds_v4 *)(P + j * DS_PANEL);
        t0 += c[0] * b;
        t1 += c[1] * b;
        t2 += c[2] * b;
        t3 += c[3] * b;
        t4 += c[4] * b;
        t5 += c[5] * b;
        t6 += c[6] * b;
        t7 += c[7] * b;
    }
    ds_v4 *o = (ds_v4 *)z;
    o[0] = t0;
    o[1] = t1;
    o[2] = t2;
    o[3] = t3;
    o[4] = t4;
    o[5] = t5;
    o[6] = t6;
    o[7] = t7;
}

/* Written with plain int loops over q and b and lanes restrict: so GCC
 * keeps the eight partial sums of a column in one vector (two at AVX2)
 * and vectorises across the lanes; without restrict it vectorised across
 * the columns instead, several times slower. */
DS_CLONES_WIDE
void ds_panel_lanes(size_t d, const double *P, const double *s, double *restrict lanes)
{
    for (size_t j = 0; j < d; j++) {
        const double *c = P + j * DS_PANEL;
        double *l = lanes + DS_DOT_LANES * j, u[DS_DOT_LANES];
        for (int q = 0; q < DS_DOT_LANES; q++)
            u[q] = l[q];
        for (int b = 0; b < DS_PANEL; b += DS_DOT_LANES)
            for (int q = 0; q < DS_DOT_LANES; q++)
                u[q] += c[b + q] * s[b + q];
        for (int q = 0; q < DS_DOT_LANES; q++)
            l[q] = u[q];
    }
}

void ds_lanes_sum(size_t d, const double *lanes, double *out)
{
    for (size_t j = 0; j < d; j++) {
        const double *l = lanes + DS_DOT_LANES * j;
        out[j] = ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]));
    }
}
