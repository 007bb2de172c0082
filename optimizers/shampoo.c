/* shampoo: Shampoo for a matrix-shaped parameter W (rows x cols, row-major)
 * (Gupta, Koren & Singer 2018, "Shampoo: Preconditioned Stochastic Tensor
 * Optimization", Algorithm 1):
 *   L = L + G G'          (rows x rows, L_0 = eps I)
 *   R = R + G' G          (cols x cols, R_0 = eps I)
 *   W = W - lr L^{-1/4} G R^{-1/4}
 * The inverse 4th roots come from the symmetric eigendecompositions
 * L = Q diag(l) Q' (gsl_eigen_symmv): L^{-1/4} = Q diag(l^{-1/4}) Q'.
 * update_every = k recomputes the roots on steps 0, k, 2k, ... and reuses
 * them in between (L and R still accumulate every step), the usual way of
 * amortizing the eigendecompositions.
 * On the first step, with G = U S V', the update is
 *   lr U diag(s / sqrt(s^2 + eps)) V'  (about lr times the polar factor),
 * and later steps shrink like AdaGrad's. The paper leaves lr open; the
 * default 1 moves each singular direction by about 1 on the first step, the
 * scale of x0 - x* in the catalog's problems (on quadratic:dim=12,rows=3,
 * kappa=4 it reaches f - f* < 1e-300 in 2000 steps, where lr = 0.1 is at
 * 4e-5). */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>

#include "../core/optimizer.h"
#include "../core/kernels.h"
#include "../core/vec.h"
#include "../core/dmath.h"

typedef struct {
    size_t r, c;
    double eps;
    long every;
    double *L, *R, *Lr, *Rr, *T;  /* statistics, their inverse 4th roots, scratch (r x c) */
    gsl_matrix *A, *Q;            /* eigen input (destroyed) and vectors, max(r,c)^2 */
    gsl_vector *lam;
    gsl_eigen_symmv_workspace *wr, *wc;
} shampoo_state;

static const ds_param shampoo_params[] = {
    {"lr", DS_P_REAL, "1", 0, INFINITY, DS_P_LO_OPEN, NULL, "learning rate"},
    {"eps", DS_P_REAL, "1e-4", 0, INFINITY, DS_P_LO_OPEN, NULL, "L and R start at eps I"},
    {"update_every", DS_P_INT, "1", 1, 1e9, 0, NULL, "steps between recomputations of the inverse roots"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int shampoo_init(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                        long horizon, ds_err *err)
{
    (void)x0;
    (void)horizon;
    shampoo_state *s = state;
    size_t r = p->rows, c = p->cols, k = r > c ? r : c;
    if (r == 0 || r * c != p->dim)
        return ds_fail(err, DS_ENOTSUP, "optimizer 'shampoo' needs a matrix-shaped parameter, and '%s' is not one",
                       p->canon);
    int rc = ds_check_alloc(3 * k * k + r * c, 2 * sizeof(double), "optimizer 'shampoo'", err);
    if (rc)
        return rc;
    s->r = r;
    s->c = c;
    s->eps = ds_num(v, "eps");
    s->every = ds_int(v, "update_every");
    s->L = ds_vec_new(r * r);
    s->R = ds_vec_new(c * c);
    s->Lr = ds_vec_new(r * r);
    s->Rr = ds_vec_new(c * c);
    s->T = ds_vec_new(r * c);
    s->A = gsl_matrix_alloc(k, k);
    s->Q = gsl_matrix_alloc(k, k);
    s->lam = gsl_vector_alloc(k);
    s->wr = gsl_eigen_symmv_alloc(r);
    s->wc = gsl_eigen_symmv_alloc(c);
    if (!s->L || !s->R || !s->Lr || !s->Rr || !s->T || !s->A || !s->Q || !s->lam || !s->wr || !s->wc)
        return ds_fail(err, DS_ENOMEM, "out of memory for shampoo at %zu x %zu", r, c);
    for (size_t i = 0; i < r; i++)
        s->L[i * r + i] = s->eps;
    for (size_t i = 0; i < c; i++)
        s->R[i * c + i] = s->eps;
    return DS_OK;
}

/* out = M^{-1/4} for the symmetric positive definite n x n matrix M. */
static int inv_root4(shampoo_state *s, const double *M, size_t n, gsl_eigen_symmv_workspace *w, double *out)
{
    gsl_matrix_view A = gsl_matrix_submatrix(s->A, 0, 0, n, n);
    gsl_matrix_view Q = gsl_matrix_submatrix(s->Q, 0, 0, n, n);
    gsl_vector_view lam = gsl_vector_subvector(s->lam, 0, n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            gsl_matrix_set(&A.matrix, i, j, M[i * n + j]);
    if (gsl_eigen_symmv(&A.matrix, &lam.vector, &Q.matrix, w) != GSL_SUCCESS)
        return DS_ENUM;
    ds_zero(n * n, out);
    for (size_t k = 0; k < n; k++) {
        double l = gsl_vector_get(&lam.vector, k);
        if (!(l > 0))  /* L, R >= eps I in exact arithmetic */
            return DS_ENUM;
        double sk = ds_pow(l, -0.25);
        for (size_t i = 0; i < n; i++) {
            double qik = sk * gsl_matrix_get(&Q.matrix, i, k);
            for (size_t j = 0; j < n; j++)
                out[i * n + j] += qik * gsl_matrix_get(&Q.matrix, j, k);
        }
    }
    return DS_OK;
}

static int shampoo_step(void *state, ds_step *st)
{
    shampoo_state *s = state;
    size_t r = s->r, c = s->c;
    const double *G = st->g;
    /* L += G G', R += G' G */
    /* both exactly symmetric: products commute, and each entry's terms
     * come in the same order as its mirror's */
    ds_gemm(0, 1, r, r, c, 1.0, G, c, G, c, 1.0, s->L, r);
    ds_gram(r, c, 1.0, NULL, G, c, 1.0, s->R, c);
    if (st->t % s->every == 0) {
        if (inv_root4(s, s->L, s->r, s->wr, s->Lr) || inv_root4(s, s->R, s->c, s->wc, s->Rr))
            return DS_ENUM;
    }
    /* T = G R^{-1/4}; W -= lr L^{-1/4} T */
    ds_gemm(0, 0, r, c, c, 1.0, G, c, s->Rr, c, 0.0, s->T, c);
    ds_gemm(0, 0, r, c, r, -st->lr, s->Lr, r, s->T, c, 1.0, st->x, c);
    return DS_OK;
}

static void shampoo_free(void *state)
{
    shampoo_state *s = state;
    free(s->L);
    free(s->R);
    free(s->Lr);
    free(s->Rr);
    free(s->T);
    gsl_matrix_free(s->A);
    gsl_matrix_free(s->Q);
    gsl_vector_free(s->lam);
    if (s->wr)
        gsl_eigen_symmv_free(s->wr);
    if (s->wc)
        gsl_eigen_symmv_free(s->wc);
}

const ds_optimizer_type ds_optimizer_shampoo = {
    .name = "shampoo",
    .doc = "Shampoo: W -= lr L^-1/4 G R^-1/4, L += GG', R += G'G (Gupta, Koren & Singer 2018, Alg. 1)",
    .params = shampoo_params,
    .state_size = sizeof(shampoo_state),
    .flags = DS_OPT_NEEDS_MATRIX,
    .init = shampoo_init,
    .step = shampoo_step,
    .free = shampoo_free,
};
