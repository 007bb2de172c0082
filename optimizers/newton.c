/* newton: damped Newton's method with a backtracking (Armijo) line search,
 * for small dimensions (the Hessian is formed densely).
 *   H = [H(x) e_1, ..., H(x) e_d]          (d Hessian-vector products)
 *   (H + tau I) p = -g                     (Cholesky; tau = 0 when H is PD)
 *   x <- x + alpha p,  alpha = lr, lr/2, ... until
 *   f(x + alpha p) <= f(x) + c1 alpha g'p  (Armijo)
 * tau follows Nocedal & Wright, Numerical Optimization (2nd ed.), Algorithm
 * 3.3 (Cholesky with added multiple of the identity): tau_0 = 0 when
 * min_i H_ii > 0, else -min_i H_ii + beta; double it (at least beta) until
 * the factorization succeeds. Here beta = 1e-3 ||H||_F rather than the book's
 * absolute 1e-3, so the shift does not depend on the scale of f. With
 * tau > 0 the direction is Levenberg's and still a descent direction.
 * On a convex quadratic with lr = 1 the first step lands on x* exactly.
 *
 * When no trial step passes the Armijo test within max_ls halvings (which
 * happens only at the limit of double precision), x stays where it is and
 * the step reports success: the runner's gtol or max_iters ends the run. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>

#include "../core/optimizer.h"
#include "../core/vec.h"

#define NEWTON_MAX_DIM 5000
#define NEWTON_MAX_SHIFTS 200

typedef struct {
    size_t n;
    double c1, backtrack;
    long max_ls;
    gsl_matrix *H, *C;  /* Hessian; its shifted Cholesky factor */
    double *x, *g, *p, *xt, *e;
    double f;
    int have;           /* f, g are known at x */
} newton_state;

static const ds_param newton_params[] = {
    {"lr", DS_P_REAL, "1", 0, INFINITY, DS_P_LO_OPEN, NULL,
     "first trial step of the line search (1 = the full Newton step)"},
    {"c1", DS_P_REAL, "1e-4", 0, 1, DS_P_LO_OPEN | DS_P_HI_OPEN, NULL, "Armijo sufficient-decrease constant"},
    {"backtrack", DS_P_REAL, "0.5", 0, 1, DS_P_LO_OPEN | DS_P_HI_OPEN, NULL,
     "factor the trial step shrinks by when Armijo fails"},
    {"max_ls", DS_P_INT, "60", 1, 1000, 0, NULL, "trial steps per line search"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int newton_init(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                       long horizon, ds_err *err)
{
    (void)x0;
    (void)horizon;
    newton_state *s = state;
    size_t n = p->dim;
    if (n > NEWTON_MAX_DIM)
        return ds_fail(err, DS_ENOTSUP,
                       "optimizer 'newton': dim=%zu is above %d (it forms the dense dim x dim Hessian)", n,
                       NEWTON_MAX_DIM);
    if (!p->type->hvp)
        return ds_fail(err, DS_ENOTSUP, "optimizer 'newton': problem '%s' has no Hessian-vector product",
                       p->canon);
    int rc = ds_check_alloc(n * n, 2 * sizeof(double), "optimizer 'newton'", err);
    if (rc)
        return rc;
    s->n = n;
    s->c1 = ds_num(v, "c1");
    s->backtrack = ds_num(v, "backtrack");
    s->max_ls = ds_int(v, "max_ls");
    s->H = gsl_matrix_alloc(n, n);
    s->C = gsl_matrix_alloc(n, n);
    s->x = ds_vec_new(n);
    s->g = ds_vec_new(n);
    s->p = ds_vec_new(n);
    s->xt = ds_vec_new(n);
    s->e = ds_vec_new(n);
    if (!s->H || !s->C || !s->x || !s->g || !s->p || !s->xt || !s->e)
        return ds_fail(err, DS_ENOMEM, "out of memory for newton at dim %zu", n);
    return DS_OK;
}

/* Form H(x) column by column through the oracle (so the products are
 * counted), then symmetrize away the rounding. */
static void form_hessian(newton_state *s, ds_oracle *o, const double *x)
{
    size_t n = s->n;
    double *H = s->H->data;
    for (size_t j = 0; j < n; j++) {
        s->e[j] = 1.0;
        ds_hvp(o, x, s->e, s->xt);
        s->e[j] = 0.0;
        for (size_t i = 0; i < n; i++)
            H[i * n + j] = s->xt[i];
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            double a = 0.5 * (H[i * n + j] + H[j * n + i]);
            H[i * n + j] = H[j * n + i] = a;
        }
}

/* Factor H + tau I (Nocedal & Wright Alg. 3.3) into s->C. */
static int factor_shifted(newton_state *s)
{
    size_t n = s->n;
    double mindiag = INFINITY, fro = 0.0;
    for (size_t i = 0; i < n; i++)
        mindiag = fmin(mindiag, gsl_matrix_get(s->H, i, i));
    for (size_t k = 0; k < n * n; k++)
        fro += s->H->data[k] * s->H->data[k];
    double beta = 1e-3 * (fro > 0 ? sqrt(fro) : 1.0);
    double tau = mindiag > 0 ? 0.0 : -mindiag + beta;
    for (int k = 0; k < NEWTON_MAX_SHIFTS; k++) {
        gsl_matrix_memcpy(s->C, s->H);
        for (size_t i = 0; i < n; i++)
            s->C->data[i * n + i] += tau;
        if (gsl_linalg_cholesky_decomp1(s->C) == GSL_SUCCESS)
            return DS_OK;
        tau = fmax(2.0 * tau, beta);
    }
    return DS_ENUM;
}

static int newton_step(void *state, ds_step *st)
{
    newton_state *s = state;
    size_t n = s->n;
    ds_oracle *o = st->oracle;
    double *x = st->x;
    /* The runner may have moved x since the last step (projection, wd). */
    if (!s->have || memcmp(x, s->x, n * sizeof *x) != 0) {
        s->f = ds_fg(o, x, s->g);
        ds_copy(n, x, s->x);
        s->have = 1;
    }
    if (ds_nrm2(n, s->g) > 0) {
        form_hessian(s, o, x);
        if (!ds_all_finite(n * n, s->H->data) || factor_shifted(s) != DS_OK)
            return DS_ENUM;
        for (size_t i = 0; i < n; i++)
            s->p[i] = -s->g[i];
        gsl_vector_view pv = gsl_vector_view_array(s->p, n);
        gsl_linalg_cholesky_svx(s->C, &pv.vector);
        double gtp = ds_dot(n, s->g, s->p);
        double alpha = st->lr;
        for (long k = 0; k < s->max_ls && gtp < 0; k++, alpha *= s->backtrack) {
            for (size_t i = 0; i < n; i++)
                s->xt[i] = x[i] + alpha * s->p[i];
            double ft = ds_f(o, s->xt);
            if (isfinite(ft) && ft <= s->f + s->c1 * alpha * gtp) {
                ds_copy(n, s->xt, x);
                ds_copy(n, x, s->x);
                ds_grad(o, x, s->g);
                s->f = ft;
                break;
            }
        }
    }
    st->f_new = s->f;
    ds_copy(n, s->g, st->g_new);
    st->have_fg = 1;
    return DS_OK;
}

static void newton_free(void *state)
{
    newton_state *s = state;
    gsl_matrix_free(s->H);
    gsl_matrix_free(s->C);
    free(s->x);
    free(s->g);
    free(s->p);
    free(s->xt);
    free(s->e);
}

const ds_optimizer_type ds_optimizer_newton = {
    .name = "newton",
    .doc = "damped Newton: Cholesky solve of (H + tau I) p = -g, Armijo backtracking (Nocedal & Wright Alg. 3.3)",
    .params = newton_params,
    .state_size = sizeof(newton_state),
    .flags = DS_OPT_DENSE | DS_OPT_SELF | DS_OPT_FULL_BATCH | DS_OPT_NEEDS_HVP,
    .init = newton_init,
    .step = newton_step,
    .free = newton_free,
};
