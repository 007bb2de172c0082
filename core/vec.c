#include "vec.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* The combining tree below is written for eight partial sums. */
_Static_assert(DS_DOT_LANES == 8, "ds_dot combines exactly eight partial sums");

DS_CLONES
double ds_dot(size_t n, const double *x, const double *y)
{
    double s[DS_DOT_LANES] = {0};
    size_t i = 0;
    for (; i + DS_DOT_LANES <= n; i += DS_DOT_LANES)
        for (size_t k = 0; k < DS_DOT_LANES; k++)
            s[k] += x[i + k] * y[i + k];
    double t = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
    for (; i < n; i++)
        t += x[i] * y[i];
    return t;
}

/* y's entries are read and written once for both rows: a quarter fewer
 * loads and half the stores of a row at a time. Written with vectors of
 * four: each dot's eight partial sums are two vectors, lane for lane, and
 * the tree is ds_dot's. A prefetch inside GCC's own vectorisation of the
 * plain loop kept it scalar. */
DS_CLONES
void ds_axpy2_dot2(size_t n, const double c[2], const double *a0, const double *a1, double *restrict y,
                   const double *b0, const double *b1, const double *x, const double *ahead0,
                   const double *ahead1, double dots[2])
{
    const char *p0 = (const char *)(ahead0 ? ahead0 : b0), *p1 = (const char *)(ahead1 ? ahead1 : b1);
    ds_v4 k0 = {c[0], c[0], c[0], c[0]}, k1 = {c[1], c[1], c[1], c[1]};
    ds_v4 s0 = {0, 0, 0, 0}, s1 = s0, u0 = s0, u1 = s0;
    size_t i = 0;
    for (; i + DS_DOT_LANES <= n; i += DS_DOT_LANES) {
        __builtin_prefetch(p0 + i * sizeof(double));
        __builtin_prefetch(p1 + i * sizeof(double));
        ds_v4 *yv = (ds_v4 *)(y + i);
        const ds_v4 *v0 = (const ds_v4 *)(a0 + i), *v1 = (const ds_v4 *)(a1 + i), *w0 = (const ds_v4 *)(b0 + i),
                  *w1 = (const ds_v4 *)(b1 + i), *xv = (const ds_v4 *)(x + i);
        yv[0] = (yv[0] + k0 * v0[0]) + k1 * v1[0];
        yv[1] = (yv[1] + k0 * v0[1]) + k1 * v1[1];
        s0 += w0[0] * xv[0];
        s1 += w0[1] * xv[1];
        u0 += w1[0] * xv[0];
        u1 += w1[1] * xv[1];
    }
    double t = ((s0[0] + s0[1]) + (s0[2] + s0[3])) + ((s1[0] + s1[1]) + (s1[2] + s1[3]));
    double w = ((u0[0] + u0[1]) + (u0[2] + u0[3])) + ((u1[0] + u1[1]) + (u1[2] + u1[3]));
    for (; i < n; i++) {
        y[i] = (y[i] + c[0] * a0[i]) + c[1] * a1[i];
        t += b0[i] * x[i];
        w += b1[i] * x[i];
    }
    dots[0] = t;
    dots[1] = w;
}

DS_CLONES
double ds_nrm2(size_t n, const double *x)
{
    return sqrt(ds_dot(n, x, x));
}

DS_CLONES
void ds_axpy(size_t n, double a, const double *x, double *y)
{
    DS_SIMD
    for (size_t i = 0; i < n; i++)
        y[i] += a * x[i];
}

DS_CLONES
void ds_scal(size_t n, double a, double *x)
{
    DS_SIMD
    for (size_t i = 0; i < n; i++)
        x[i] *= a;
}

void ds_copy(size_t n, const double *x, double *y)
{
    if (n)
        memmove(y, x, n * sizeof *x);
}

void ds_zero(size_t n, double *x)
{
    memset(x, 0, n * sizeof *x);
}

DS_CLONES
double ds_dist(size_t n, const double *x, const double *y)
{
    /* scaled sum of squares, as reference dnrm2 does, to avoid overflow */
    double scale = 0.0, ssq = 1.0;
    for (size_t i = 0; i < n; i++) {
        double d = fabs(x[i] - y[i]);
        if (d == 0.0)
            continue;
        if (scale < d) {
            ssq = 1.0 + ssq * (scale / d) * (scale / d);
            scale = d;
        } else {
            ssq += (d / scale) * (d / scale);
        }
    }
    return scale * sqrt(ssq);
}

int ds_all_finite(size_t n, const double *x)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return 0;
    return 1;
}

/* A vector of megabytes that a sparse pass reads at scattered places costs
 * a page-table walk per entry with 4 KiB pages; 2 MiB pages cover it from
 * the translation cache. A large calloc is fresh mmap memory not yet
 * touched, so the advice takes effect at the first write. It changes no
 * value, and where the kernel declines it nothing else changes. */
static void advise_huge(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    const uintptr_t huge = (uintptr_t)2 << 20;
    if (!p || bytes < 2 * huge)
        return;
    uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1), e = ((uintptr_t)p + bytes) & ~(huge - 1);
    if (e > a)
        (void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

double *ds_vec_new_lines(size_t n)
{
    void *v;
    if (n == 0 || n > ((size_t)-1) / sizeof(double) || posix_memalign(&v, 64, n * sizeof(double)))
        return NULL;
    advise_huge(v, n * sizeof(double));
    memset(v, 0, n * sizeof(double));
    return v;
}

double *ds_vec_new(size_t n)
{
    if (n == 0 || n > ((size_t)-1) / sizeof(double))
        return NULL;
    double *v = calloc(n, sizeof(double));
    advise_huge(v, n * sizeof(double));
    return v;
}
