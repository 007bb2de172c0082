/* Compressed sparse rows (csr.h). */
#include "csr.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "problem.h"
#include "vec.h"

int ds_csr_alloc(ds_csr *A, size_t n, size_t d, size_t nnz, ds_err *err)
{
    memset(A, 0, sizeof *A);
    if (d > UINT32_MAX)
        return ds_fail(err, DS_EINVAL, "%zu columns is beyond the 2^32 a sparse matrix indexes", d);
    int rc = ds_check_alloc(nnz + n + 1, sizeof(double) + sizeof(uint32_t), "the sparse matrix", err);
    if (rc)
        return rc;
    A->rowptr = calloc(n + 1, sizeof *A->rowptr);
    A->col = malloc((nnz ? nnz : 1) * sizeof *A->col);
    A->val = malloc((nnz ? nnz : 1) * sizeof *A->val);
    if (!A->rowptr || !A->col || !A->val) {
        ds_csr_free(A);
        return ds_fail(err, DS_ENOMEM, "out of memory for a %zu x %zu sparse matrix with %zu entries", n, d, nnz);
    }
    A->n = n;
    A->d = d;
    A->nnz = nnz;
    return DS_OK;
}

void ds_csr_free(ds_csr *A)
{
    if (!A)
        return;
    free(A->rowptr);
    free(A->col);
    free(A->val);
    memset(A, 0, sizeof *A);
}

size_t ds_csr_bytes(const ds_csr *A)
{
    return (A->n + 1) * sizeof(size_t) + A->nnz * (sizeof(uint32_t) + sizeof(double));
}

void ds_csr_mv(const ds_csr *A, const double *x, double *y)
{
    for (size_t i = 0; i < A->n; i++)
        y[i] = ds_csr_row_dot(A, i, x);
}

void ds_csr_mtv(const ds_csr *A, const double *r, double *g)
{
    ds_zero(A->d, g);
    for (size_t i = 0; i < A->n; i++)
        ds_csr_row_axpy(A, i, r[i], g);
}

double ds_csr_fro2(const ds_csr *A)
{
    double s = 0.0;
    for (size_t k = 0; k < A->nnz; k++)
        s += A->val[k] * A->val[k];
    return s;
}

int ds_csr_add_ones(ds_csr *A, ds_err *err)
{
    ds_csr B;
    int rc = ds_csr_alloc(&B, A->n, A->d + 1, A->nnz + A->n, err);
    if (rc)
        return rc;
    size_t k = 0;
    for (size_t i = 0; i < A->n; i++) {
        B.rowptr[i] = k;
        size_t len = A->rowptr[i + 1] - A->rowptr[i];
        memcpy(B.col + k, A->col + A->rowptr[i], len * sizeof *B.col);
        memcpy(B.val + k, A->val + A->rowptr[i], len * sizeof *B.val);
        k += len;
        B.col[k] = (uint32_t)A->d;
        B.val[k++] = 1.0;
    }
    B.rowptr[A->n] = k;
    ds_csr_free(A);
    *A = B;
    return DS_OK;
}

double ds_csr_power_lmax(const ds_csr *A, int max_iter, double rtol, int *iters)
{
    size_t n = A->n, d = A->d;
    double *v = ds_vec_new(d), *w = ds_vec_new(d), *t = ds_vec_new(n ? n : 1), theta = NAN, prev = 0;
    *iters = 0;
    if (!v || !w || !t)
        goto done;
    for (size_t j = 0; j < d; j++)
        v[j] = 1.0 / sqrt((double)d);
    for (int it = 1; it <= max_iter; it++) {
        ds_csr_mv(A, v, t);
        ds_csr_mtv(A, t, w);  /* w = A'A v */
        theta = ds_dot(d, v, w) / (double)n;  /* Rayleigh quotient of A'A/n at the unit v */
        *iters = it;
        double nw = ds_nrm2(d, w);
        if (!(nw > 0)) {
            theta = 0;
            break;
        }
        for (size_t j = 0; j < d; j++)
            v[j] = w[j] / nw;
        if (it > 1 && fabs(theta - prev) <= rtol * theta)
            break;
        prev = theta;
    }
done:
    free(v);
    free(w);
    free(t);
    return theta;
}
