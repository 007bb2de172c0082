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

DS_CLONES
double ds_axpy_dot(size_t n, double c, const double *a, double *restrict y, const double *b, const double *x)
{
    double s[DS_DOT_LANES] = {0};
    size_t i = 0;
    for (; i + DS_DOT_LANES <= n; i += DS_DOT_LANES)
        for (size_t k = 0; k < DS_DOT_LANES; k++) {
            y[i + k] += c * a[i + k];
            s[k] += b[i + k] * x[i + k];
        }
    double t = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
    for (; i < n; i++) {
        y[i] += c * a[i];
        t += b[i] * x[i];
    }
    return t;
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

double *ds_vec_new(size_t n)
{
    if (n == 0 || n > ((size_t)-1) / sizeof(double))
        return NULL;
    double *v = calloc(n, sizeof(double));
    advise_huge(v, n * sizeof(double));
    return v;
}
