/* Compressed sparse rows: the n x d matrices of sparse data sets (LIBSVM
 * text classification, synthetic sparse designs). Row i holds its entries
 * at positions rowptr[i] .. rowptr[i+1]-1 of col (increasing column
 * indices, 0-based) and val. Every kernel walks the entries in storage
 * order, one thread, so results do not depend on the machine or the
 * thread count; a pass over the matrix reads val and col once (12 bytes an
 * entry) and touches x and the gradient only at the entries' columns. */
#ifndef DS_CSR_H
#define DS_CSR_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct ds_csr {
    size_t n, d, nnz;
    size_t *rowptr;  /**< n + 1 */
    uint32_t *col;   /**< nnz column indices, increasing within a row */
    double *val;     /**< nnz values */
} ds_csr;

/* Allocate for n rows, d columns and nnz entries (rowptr zeroed); refuses
 * what cannot fit in memory. */
int ds_csr_alloc(ds_csr *A, size_t n, size_t d, size_t nnz, ds_err *err);
void ds_csr_free(ds_csr *A);

/* Bytes of the arrays. */
size_t ds_csr_bytes(const ds_csr *A);

/* a_i'x for row i. */
static inline double ds_csr_row_dot(const ds_csr *A, size_t i, const double *x)
{
    double s = 0.0;
    for (size_t k = A->rowptr[i]; k < A->rowptr[i + 1]; k++)
        s += A->val[k] * x[A->col[k]];
    return s;
}

/* Entries this far ahead have their x (and g) lines requested while row i
 * is summed: the columns are scattered over vectors larger than the cache,
 * and without the requests each entry waits on memory in turn. A request
 * changes no value, so the bits are those of ds_csr_row_dot. */
#define DS_CSR_AHEAD 64

/* a_i'x for row i, asking ahead for the x and (if g is not NULL) g entries
 * of the entries that follow: for a row pass that will then update g, or
 * read it next. */
static inline double ds_csr_row_dot_ahead(const ds_csr *A, size_t i, const double *x, const double *g)
{
    double s = 0.0;
    size_t end = A->rowptr[i + 1], all = A->rowptr[A->n], last = all > DS_CSR_AHEAD ? all - DS_CSR_AHEAD : 0;
    for (size_t k = A->rowptr[i]; k < end; k++) {
        if (k < last) {
            __builtin_prefetch(&x[A->col[k + DS_CSR_AHEAD]], 0, 1);
            if (g)
                __builtin_prefetch(&g[A->col[k + DS_CSR_AHEAD]], 1, 1);
        }
        s += A->val[k] * x[A->col[k]];
    }
    return s;
}

/* g += alpha a_i for row i. */
static inline void ds_csr_row_axpy(const ds_csr *A, size_t i, double alpha, double *g)
{
    for (size_t k = A->rowptr[i]; k < A->rowptr[i + 1]; k++)
        g[A->col[k]] += alpha * A->val[k];
}

/* y = A x (n values). */
void ds_csr_mv(const ds_csr *A, const double *x, double *y);

/* g = A' r (d values). */
void ds_csr_mtv(const ds_csr *A, const double *r, double *g);

/* sum of squares of the entries: ||A||_F^2. */
double ds_csr_fro2(const ds_csr *A);

/* Append a column of ones (an intercept) as column d; d grows by one. */
int ds_csr_add_ones(ds_csr *A, ds_err *err);

/* The largest eigenvalue of A'A/n by power iteration from a fixed start
 * (all ones), at most max_iter products, until the Rayleigh quotient
 * changes by less than rtol relative. Returns the estimate (a lower bound
 * of the true value up to rounding); *iters gets the products used. NaN
 * when out of memory. */
double ds_csr_power_lmax(const ds_csr *A, int max_iter, double rtol, int *iters);

#endif
