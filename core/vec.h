/* Small dense-vector kernels over CBLAS (OpenBLAS when linked, GSL's
 * reference CBLAS otherwise). Kept as inline wrappers so the call sites
 * read like the mathematics. */
#ifndef DS_VEC_H
#define DS_VEC_H

#include <stddef.h>
#include <gsl/gsl_cblas.h>

/* Put before an element-wise update loop over state vectors that do not
 * overlap: GCC -O2's "very cheap" vectorizer model leaves loops of unknown
 * trip count scalar, and `omp simd` (we build with -fopenmp) asks for the
 * vector loop regardless. Element-wise IEEE operations (+ - * / sqrt,
 * selects) round the same in vector lanes as in scalar code, and the
 * build never contracts to FMA (-std=c11 implies -ffp-contract=off), so
 * the results are bit for bit those of the scalar loop. Never on a
 * reduction: that would reorder the sum. */
#define DS_SIMD _Pragma("omp simd")

static inline double ds_dot(size_t n, const double *x, const double *y)
{
    return cblas_ddot((int)n, x, 1, y, 1);
}

static inline double ds_nrm2(size_t n, const double *x)
{
    return cblas_dnrm2((int)n, x, 1);
}

/* y += a x */
static inline void ds_axpy(size_t n, double a, const double *x, double *y)
{
    cblas_daxpy((int)n, a, x, 1, y, 1);
}

static inline void ds_scal(size_t n, double a, double *x)
{
    cblas_dscal((int)n, a, x, 1);
}

static inline void ds_copy(size_t n, const double *x, double *y)
{
    cblas_dcopy((int)n, x, 1, y, 1);
}

void ds_zero(size_t n, double *x);

/* ||x - y||_2 without a scratch vector. */
double ds_dist(size_t n, const double *x, const double *y);

/* 1 when every entry is finite. */
int ds_all_finite(size_t n, const double *x);

/* Allocation of n doubles, zeroed; NULL on failure or n == 0 overflow. */
double *ds_vec_new(size_t n);

#endif
