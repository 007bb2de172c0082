/* Sparse storage for the linear finite sums lstsq and logreg: the features
 * in compressed sparse rows (core/csr.h), from a LIBSVM file or a synthetic
 * sparse design (`density=`). Every evaluation costs O(nnz) (plus O(d) to
 * clear and finish the gradient), and nothing d x d is ever formed:
 *   - L: the power-iteration estimate of lambda_max(A'A/n) (from below,
 *     until successive estimates differ by 1e-6 relative, at most 300
 *     products; on random sparse designs 100 products are already within
 *     4e-4 of 1000) times 1.01, capped by the guaranteed bound ||A||_F^2/n; then L = 2c that + lambda (squared loss) or that/4 +
 *     lambda (logistic).
 *   - mu = lambda > 0, a guaranteed lower bound (lambda_min(A'A) is not
 *     computed); lambda = 0 is refused, since the certificate needs mu > 0.
 *   - x*, f*: Newton-CG (Nocedal & Wright, Algorithm 7.1: CG on Hessian-
 *     vector products to a forcing tolerance, Armijo backtracking) until
 *     the gradient norm stops decreasing; the certificate
 *     f(x*) - f_min <= ||grad f(x*)||^2 / (2 mu) holds by strong convexity
 *     and is kept with the instance (sp_data.cert). */
#ifndef DS_SPARSE_H
#define DS_SPARSE_H

#include <stddef.h>

#include "../core/data.h"
#include "../core/problem.h"

enum { SP_SQUARED = 0, SP_LOGISTIC = 1 };

typedef struct sp_data {
    ds_data dt;       /* dt.csr = A, dt.y: targets (squared) or labels +-1 (logistic) */
    int loss;
    double c;         /* squared: f = (c/n)||Ax - b||^2 + ...; logistic: unused */
    double lambda;
    double lmax;      /* the power-iteration estimate of lambda_max(A'A/n) */
    double cert;      /* f(x*) - f_min <= cert */
    double gnorm;     /* ||grad f(x*)|| of the reference solve */
} sp_data;

/* Whether the spec asks for sparse storage: format=csr, or format=auto
 * with density < 1 (synthetic), or a LIBSVM file with d beyond
 * FS_DENSE_MAX_DIM or at most 10% of its entries written. */
int sp_wanted(const ds_values *v, int *want, ds_err *err);

/* Build the sparse instance into p (dim, n, L, mu, flags, x*, f*, x0). */
int sp_create(ds_problem *p, sp_data **out, const ds_values *v, uint64_t seed, int loss, double c,
              const char *who, ds_err *err);
void sp_free(sp_data *q);

double sp_fg(const sp_data *q, const double *x, double *g);
double sp_fg_batch(const sp_data *q, const double *x, const size_t *idx, size_t m, double *g);
void sp_hvp(const sp_data *q, const double *x, const double *v, double *hv);
/* The dense Hessian a caller asked for (dim x dim), from dim products. */
void sp_hessian(const sp_data *q, const double *x, double *H);

#endif
