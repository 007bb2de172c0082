/* muon: MomentUm Orthogonalized by Newton-Schulz, for a matrix-shaped
 * parameter W (rows x cols, row-major) (Jordan et al. 2024, "Muon: An
 * optimizer for hidden layers in neural networks"; the reference code is
 * github.com/KellerJordan/Muon and modded-nanogpt):
 *   B = momentum B + G                          (B_0 = 0)
 *   U = G + momentum B (nesterov) or U = B
 *   X = U / (||U||_F + 1e-7), transposed when rows > cols (so X X' is the
 *       smaller Gram matrix)
 *   5 times (ns_steps):  A = X X',  X = a X + (b A + c A A) X
 *       with (a, b, c) = (3.4445, -4.7750, 2.0315)
 *   O = X (transposed back);  W = W - lr max(1, rows/cols)^0.5 O
 * Each Newton-Schulz step maps every singular value s of X to
 * a s + b s^3 + c s^5 and keeps the singular vectors, so O = U' phi(S) V'
 * with phi the 5-fold composition: singular values land near [0.7, 1.2]
 * rather than exactly 1 (the coefficients maximize the slope at 0).
 * The momentum form is the reference's modded-nanogpt one (buf.mul_(momentum)
 * .add_(g); g.add(buf, alpha=momentum) for nesterov); the later Muon
 * package's lerp form, B = momentum B + (1 - momentum) G, differs by the
 * factor (1 - momentum), which the normalization removes except for the
 * 1e-7. The reference runs the iteration in bfloat16; this file in double.
 * Defaults are the reference's: lr = 0.02, momentum = 0.95, nesterov on. */
#include <math.h>
#include <stdlib.h>

#include "../core/optimizer.h"
#include "../core/kernels.h"
#include "../core/vec.h"

#define MUON_A 3.4445
#define MUON_B (-4.7750)
#define MUON_C 2.0315

typedef struct {
    size_t rows, cols;
    double momentum;
    int nesterov;
    long ns_steps;
    double *buf, *U, *X, *Y, *A, *AA;  /* U, X, Y: rows x cols; A, AA: min^2 */
} muon_state;

static const ds_param muon_params[] = {
    {"lr", DS_P_REAL, "0.02", 0, INFINITY, DS_P_LO_OPEN, NULL, "learning rate"},
    {"momentum", DS_P_REAL, "0.95", 0, 1, DS_P_HI_OPEN, NULL, "momentum factor"},
    {"nesterov", DS_P_BOOL, "1", 0, 1, 0, NULL, "orthogonalize G + momentum B instead of B"},
    {"ns_steps", DS_P_INT, "5", 1, 100, 0, NULL, "Newton-Schulz iterations"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int muon_init(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                     long horizon, ds_err *err)
{
    (void)x0;
    (void)horizon;
    muon_state *s = state;
    size_t r = p->rows, c = p->cols, k = r < c ? r : c;
    if (r == 0 || r * c != p->dim)
        return ds_fail(err, DS_ENOTSUP, "optimizer 'muon' needs a matrix-shaped parameter, and '%s' is not one",
                       p->canon);
    int rc = ds_check_alloc(4 * r * c + 2 * k * k, sizeof(double), "optimizer 'muon'", err);
    if (rc)
        return rc;
    s->rows = r;
    s->cols = c;
    s->momentum = ds_num(v, "momentum");
    s->nesterov = ds_bool(v, "nesterov");
    s->ns_steps = ds_int(v, "ns_steps");
    if (s->nesterov && s->momentum == 0)
        return ds_fail(err, DS_EINVAL, "optimizer 'muon': nesterov=1 needs momentum > 0 (momentum=0)");
    s->buf = ds_vec_new(r * c);
    s->U = ds_vec_new(r * c);
    s->X = ds_vec_new(r * c);
    s->Y = ds_vec_new(r * c);
    s->A = ds_vec_new(k * k);
    s->AA = ds_vec_new(k * k);
    if (!s->buf || !s->U || !s->X || !s->Y || !s->A || !s->AA)
        return ds_fail(err, DS_ENOMEM, "out of memory for muon at %zu x %zu", r, c);
    return DS_OK;
}

static int muon_step(void *state, ds_step *st)
{
    muon_state *s = state;
    size_t r = s->rows, c = s->cols, n = r * c;
    const double *G = st->g;
    for (size_t i = 0; i < n; i++) {
        s->buf[i] = s->momentum * s->buf[i] + G[i];
        s->U[i] = s->nesterov ? G[i] + s->momentum * s->buf[i] : s->buf[i];
    }
    int tr = r > c;
    size_t p = tr ? c : r, q = tr ? r : c;  /* X is p x q, p <= q */
    double scale = 1.0 / (ds_nrm2(n, s->U) + 1e-7);
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < c; j++)
            s->X[tr ? j * r + i : i * c + j] = scale * s->U[i * c + j];
    for (long k = 0; k < s->ns_steps; k++) {
        /* A = X X'; AA = b A + c A A; Y = a X + AA X */
        ds_gemm(0, 1, p, p, q, 1.0, s->X, q, s->X, q, 0.0, s->A, p);
        ds_copy(p * p, s->A, s->AA);
        ds_gemm(0, 0, p, p, p, MUON_C, s->A, p, s->A, p, MUON_B, s->AA, p);
        ds_copy(n, s->X, s->Y);
        ds_gemm(0, 0, p, q, p, 1.0, s->AA, p, s->X, q, MUON_A, s->Y, q);
        double *t = s->X;
        s->X = s->Y;
        s->Y = t;
    }
    double step = st->lr * sqrt(fmax(1.0, (double)r / (double)c));
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < c; j++)
            st->x[i * c + j] -= step * s->X[tr ? j * r + i : i * c + j];
    return DS_OK;
}

static void muon_free(void *state)
{
    muon_state *s = state;
    free(s->buf);
    free(s->U);
    free(s->X);
    free(s->Y);
    free(s->A);
    free(s->AA);
}

const ds_optimizer_type ds_optimizer_muon = {
    .name = "muon",
    .doc = "Muon: W -= lr max(1,rows/cols)^0.5 NS5(momentum), quintic Newton-Schulz (Jordan et al. 2024)",
    .params = muon_params,
    .state_size = sizeof(muon_state),
    .flags = DS_OPT_NEEDS_MATRIX,
    .init = muon_init,
    .step = muon_step,
    .free = muon_free,
};
