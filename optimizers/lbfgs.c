/* lbfgs: limited-memory BFGS (Nocedal 1980; Liu & Nocedal 1989) with the
 * two-loop recursion of Nocedal & Wright, Numerical Optimization (2nd ed.),
 * Algorithm 7.4, and H0 = (s'y / y'y) I (eq. 7.20):
 *   d = -H g,  x <- x + alpha d,  s = alpha d, y = g_new - g,
 *   the pair (s, y) kept when y's > DBL_EPSILON ||y|| ||s|| (positive
 *   curvature beyond rounding), the oldest dropped beyond m pairs.
 * The step alpha satisfies the strong Wolfe conditions
 *   f(x + a d) <= f(x) + c1 a g'd,  |g(x + a d)'d| <= c2 |g'd|,
 * found by the bracketing and zoom of Nocedal & Wright Algorithms 3.5 and
 * 3.6 (c1 = 1e-4, c2 = 0.9). Both phases use the cubic interpolant of
 * eq. 3.59: the bracketing phase extrapolates to its minimizer clamped to
 * [a + 0.01 (a - a_prev), 10 a] (torch's bounds), the zoom keeps it in the
 * middle 80% of the bracket, else bisects.
 *
 * Relation to torch.optim.LBFGS: the same two-loop recursion, H0 scaling
 * and first trial step (lr * min(1, 1/||g||_1) on the first iteration, lr
 * after it), with lr = 1 by default. torch keeps a pair when y's > 1e-10,
 * an absolute threshold that freezes the memory once the steps are small:
 * on quadratic:dim=200,kappa=1e4 with m=10 that rule leaves ||g|| at 2.5e-7
 * after 3000 steps, where the scale-free test above reaches 1e-8 in 297.
 * torch's default takes the fixed step lr with no line search, and its
 * line_search_fn="strong_wolfe" is Mark Schmidt's minFunc search; this
 * file uses the textbook search instead (same conditions and extrapolation bounds, but
 * N&W's zoom and its bracket updates, and no tolerance_change test), so
 * trajectories agree with torch's only while the first trial step is
 * accepted.
 * One step here is one outer iteration (torch's max_iter=1).
 *
 * ls=exact replaces the search on quadratics by the exact minimizer along
 * d, alpha = -g'd / d'Ad (one Hessian-vector product): with m >= dim,
 * L-BFGS then coincides with conjugate gradients and ends in at most dim
 * steps.
 *
 * When the search finds no point of sufficient decrease (rounding near the
 * solution, or a poor direction) the memory is cleared and x stays; the next
 * step starts again from -g. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/optimizer.h"
#include "../core/vec.h"

typedef struct {
    size_t n, m;
    int exact;
    double c1, c2;
    long max_ls;
    double *S, *Y, *rho, *alpha;  /* ring of m pairs; rho_i = 1 / y_i's_i */
    size_t head, count;           /* next slot; pairs held */
    double *x, *g, *d, *xt, *gt, *xlo, *glo, *hd;  /* (xlo, glo): the best trial point */
    double f;
    int have;                     /* f, g are known at x */
} lbfgs_state;

static const ds_param lbfgs_params[] = {
    {"lr", DS_P_REAL, "1", 0, INFINITY, DS_P_LO_OPEN, NULL,
     "first trial step of each line search (torch's lr)"},
    {"m", DS_P_INT, "10", 1, 1000, 0, NULL, "pairs (s, y) kept (torch's history_size)"},
    {"ls", DS_P_ENUM, "strong_wolfe", 0, 0, 0, "strong_wolfe|exact",
     "strong Wolfe search (N&W Alg. 3.5/3.6), or the exact step on quadratics"},
    {"c1", DS_P_REAL, "1e-4", 0, 1, DS_P_LO_OPEN | DS_P_HI_OPEN, NULL, "sufficient-decrease constant"},
    {"c2", DS_P_REAL, "0.9", 0, 1, DS_P_LO_OPEN | DS_P_HI_OPEN, NULL, "curvature constant (c1 < c2)"},
    {"max_ls", DS_P_INT, "25", 1, 1000, 0, NULL, "function evaluations per line search (torch's max_ls)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int lbfgs_init(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                      long horizon, ds_err *err)
{
    (void)x0;
    (void)horizon;
    lbfgs_state *s = state;
    size_t n = p->dim;
    s->n = n;
    s->m = (size_t)ds_int(v, "m");
    s->exact = ds_enum(v, "ls") == 1;
    s->c1 = ds_num(v, "c1");
    s->c2 = ds_num(v, "c2");
    s->max_ls = ds_int(v, "max_ls");
    if (s->c1 >= s->c2)
        return ds_fail(err, DS_EINVAL, "optimizer 'lbfgs': c1=%g must be below c2=%g", s->c1, s->c2);
    if (s->exact && !(p->flags & DS_QUADRATIC))
        return ds_fail(err, DS_ENOTSUP, "optimizer 'lbfgs': ls=exact needs a quadratic, and '%s' is not one",
                       p->canon);
    int rc = ds_check_alloc(n, (2 * s->m + 8) * sizeof(double), "optimizer 'lbfgs'", err);
    if (rc)
        return rc;
    s->S = ds_vec_new(s->m * n);
    s->Y = ds_vec_new(s->m * n);
    s->rho = ds_vec_new(s->m);
    s->alpha = ds_vec_new(s->m);
    s->x = ds_vec_new(n);
    s->g = ds_vec_new(n);
    s->d = ds_vec_new(n);
    s->xt = ds_vec_new(n);
    s->gt = ds_vec_new(n);
    s->glo = ds_vec_new(n);
    s->xlo = ds_vec_new(n);
    if (!s->xlo || !s->S || !s->Y || !s->rho || !s->alpha || !s->x || !s->g || !s->d || !s->xt || !s->gt ||
        !s->glo || (s->exact && !(s->hd = ds_vec_new(n))))
        return ds_fail(err, DS_ENOMEM, "out of memory for lbfgs at dim %zu, m=%zu", n, s->m);
    return DS_OK;
}

/* d = -H g by the two-loop recursion (N&W Alg. 7.4). */
static void two_loop(lbfgs_state *s)
{
    size_t n = s->n, m = s->m;
    double *q = s->d;
    for (size_t i = 0; i < n; i++)
        q[i] = -s->g[i];
    for (size_t k = 0; k < s->count; k++) {
        size_t i = (s->head + m - 1 - k) % m;  /* newest first */
        s->alpha[i] = s->rho[i] * ds_dot(n, s->S + i * n, q);
        ds_axpy(n, -s->alpha[i], s->Y + i * n, q);
    }
    if (s->count > 0) {
        size_t i = (s->head + m - 1) % m;
        const double *y = s->Y + i * n;
        ds_scal(n, 1.0 / (s->rho[i] * ds_dot(n, y, y)), q);  /* s'y / y'y */
    }
    for (size_t k = s->count; k-- > 0;) {
        size_t i = (s->head + m - 1 - k) % m;  /* oldest first */
        double beta = s->rho[i] * ds_dot(n, s->Y + i * n, q);
        ds_axpy(n, s->alpha[i] - beta, s->S + i * n, q);
    }
}

/* phi(a) = f(x + a d) and phi'(a); the gradient lands in s->gt. */
static double eval_at(lbfgs_state *s, ds_oracle *o, const double *x, double a, double *dphi)
{
    for (size_t i = 0; i < s->n; i++)
        s->xt[i] = x[i] + a * s->d[i];
    double f = ds_fg(o, s->xt, s->gt);
    *dphi = ds_dot(s->n, s->gt, s->d);
    return f;
}

/* Minimizer of the cubic through (a1, f1, d1), (a2, f2, d2) (N&W eq. 3.59),
 * or NaN when it has none. */
static double cubic_min(double a1, double f1, double d1, double a2, double f2, double d2)
{
    double e1 = d1 + d2 - 3.0 * (f1 - f2) / (a1 - a2);
    double disc = e1 * e1 - d1 * d2;
    if (!(disc >= 0) || !isfinite(f1) || !isfinite(f2))
        return NAN;
    double e2 = copysign(sqrt(disc), a2 - a1);
    return a2 - (a2 - a1) * (d2 + e2 - e1) / (d2 - d1 + 2.0 * e2);
}

/* Zoom's trial: the cubic minimizer kept in the middle 80% of the bracket,
 * else the midpoint. */
static double zoom_point(double a1, double f1, double d1, double a2, double f2, double d2)
{
    double lo = fmin(a1, a2), hi = fmax(a1, a2), w = hi - lo;
    double a = cubic_min(a1, f1, d1, a2, f2, d2);
    return a >= lo + 0.1 * w && a <= hi - 0.1 * w ? a : 0.5 * (lo + hi);
}

/* Bracketing's next trial beyond a (torch's bounds): the cubic minimizer
 * clamped to [a + 0.01 (a - a_prev), 10 a], the upper end when there is
 * none. On a quadratic phi the cubic is exact, so the search then lands on
 * the exact minimizer along d. */
static double extrapolate(double a_prev, double f_prev, double d_prev, double a, double fa, double da)
{
    double lo = a + 0.01 * (a - a_prev), hi = 10.0 * a;
    double c = cubic_min(a_prev, f_prev, d_prev, a, fa, da);
    return c >= lo ? fmin(c, hi) : (c < lo ? lo : hi);
}

/* Keep the trial point (xt, gt) as the best one so far. */
static void keep_trial(lbfgs_state *s)
{
    double *t = s->glo;
    s->glo = s->gt;
    s->gt = t;
    t = s->xlo;
    s->xlo = s->xt;
    s->xt = t;
}

/* Strong Wolfe search along d from x (N&W Alg. 3.5 and 3.6). Returns the
 * step (0: none found); f and gradient at x + step in *fout, s->glo. */
static double wolfe_search(lbfgs_state *s, ds_oracle *o, const double *x, double a1, double gtd,
                           double *fout)
{
    double f0 = s->f, c1 = s->c1, c2 = s->c2;
    double a_prev = 0.0, f_prev = f0, d_prev = gtd;
    double a = a1, lo = 0, hi = 0, f_lo = f0, d_lo = gtd, f_hi = 0, d_hi = 0;
    double a_best = 0.0, f_best = f0;  /* lowest sufficient-decrease point */
    long evals = 0;
    int zoom = 0;
    while (evals < s->max_ls) {  /* bracketing phase */
        double da, fa = eval_at(s, o, x, a, &da);
        evals++;
        if (!isfinite(fa) || fa > f0 + c1 * a * gtd || (evals > 1 && fa >= f_prev)) {
            lo = a_prev, f_lo = f_prev, d_lo = d_prev;
            hi = a, f_hi = fa, d_hi = da;
            zoom = 1;
            break;
        }
        keep_trial(s);
        a_best = a, f_best = fa;
        if (fabs(da) <= -c2 * gtd) {
            *fout = fa;
            return a;
        }
        if (da >= 0) {
            lo = a, f_lo = fa, d_lo = da;
            hi = a_prev, f_hi = f_prev, d_hi = d_prev;
            zoom = 1;
            break;
        }
        double next = extrapolate(a_prev, f_prev, d_prev, a, fa, da);
        a_prev = a, f_prev = fa, d_prev = da;
        a = next;
    }
    double dnorm = ds_nrm2(s->n, s->d);
    while (zoom && evals < s->max_ls && fabs(hi - lo) * dnorm > 1e-12 * (1.0 + ds_nrm2(s->n, x))) {
        double aj = zoom_point(lo, f_lo, d_lo, hi, f_hi, d_hi);
        double dj, fj = eval_at(s, o, x, aj, &dj);
        evals++;
        if (!isfinite(fj) || fj > f0 + c1 * aj * gtd || fj >= f_lo) {
            hi = aj, f_hi = fj, d_hi = dj;
            continue;
        }
        keep_trial(s);
        a_best = aj, f_best = fj;
        if (fabs(dj) <= -c2 * gtd) {
            *fout = fj;
            return aj;
        }
        if (dj * (hi - lo) >= 0)
            hi = lo, f_hi = f_lo, d_hi = d_lo;
        lo = aj, f_lo = fj, d_lo = dj;
    }
    /* Out of evaluations: the lowest point of sufficient decrease, if any
     * (its gradient is in glo), as torch's search returns. */
    *fout = f_best;
    return a_best;
}

static int lbfgs_step(void *state, ds_step *st)
{
    lbfgs_state *s = state;
    size_t n = s->n;
    ds_oracle *o = st->oracle;
    double *x = st->x;
    if (!s->have || memcmp(x, s->x, n * sizeof *x) != 0) {  /* the runner moved x */
        s->f = ds_fg(o, x, s->g);
        ds_copy(n, x, s->x);
        s->have = 1;
    }
    two_loop(s);
    double gtd = ds_dot(n, s->g, s->d);
    if (!(gtd < 0) && s->count > 0) {  /* not a descent direction: forget the pairs */
        s->count = 0;
        two_loop(s);
        gtd = ds_dot(n, s->g, s->d);
    }
    double a = 0.0, fnew = s->f;
    if (gtd < 0) {
        if (s->exact) {
            ds_hvp(o, x, s->d, s->hd);
            double dad = ds_dot(n, s->d, s->hd);
            if (!(dad > 0))
                return DS_ENUM;
            a = -gtd / dad;
            double dphi;
            fnew = eval_at(s, o, x, a, &dphi);
            keep_trial(s);
        } else {
            double g1 = 0.0;
            for (size_t i = 0; i < n; i++)
                g1 += fabs(s->g[i]);
            double a1 = s->count == 0 ? st->lr * fmin(1.0, 1.0 / g1) : st->lr;
            a = wolfe_search(s, o, x, a1, gtd, &fnew);
        }
    }
    if (a > 0) {
        /* the new pair goes to scratch first: when the memory is full, the
         * slot at head still holds the oldest pair in use */
        double *sv = s->xt, *yv = s->gt;
        for (size_t i = 0; i < n; i++) {
            sv[i] = a * s->d[i];
            yv[i] = s->glo[i] - s->g[i];
        }
        double ys = ds_dot(n, yv, sv);
        if (ys > DBL_EPSILON * ds_nrm2(n, yv) * ds_nrm2(n, sv)) {
            ds_copy(n, sv, s->S + s->head * n);
            ds_copy(n, yv, s->Y + s->head * n);
            s->rho[s->head] = 1.0 / ys;
            s->head = (s->head + 1) % s->m;
            if (s->count < s->m)
                s->count++;
        }
        ds_copy(n, s->xlo, x);  /* the very point glo was evaluated at */
        ds_copy(n, x, s->x);
        ds_copy(n, s->glo, s->g);
        s->f = fnew;
    } else {
        s->count = 0;
    }
    st->f_new = s->f;
    ds_copy(n, s->g, st->g_new);
    st->have_fg = 1;
    return DS_OK;
}

static void lbfgs_free(void *state)
{
    lbfgs_state *s = state;
    free(s->S);
    free(s->Y);
    free(s->rho);
    free(s->alpha);
    free(s->x);
    free(s->g);
    free(s->d);
    free(s->xt);
    free(s->gt);
    free(s->glo);
    free(s->xlo);
    free(s->hd);
}

const ds_optimizer_type ds_optimizer_lbfgs = {
    .name = "lbfgs",
    .doc = "L-BFGS: two-loop recursion (N&W Alg. 7.4), strong Wolfe search (N&W Alg. 3.5/3.6)",
    .params = lbfgs_params,
    .state_size = sizeof(lbfgs_state),
    .flags = DS_OPT_SELF | DS_OPT_FULL_BATCH,
    .init = lbfgs_init,
    .step = lbfgs_step,
    .free = lbfgs_free,
};
