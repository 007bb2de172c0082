/* Conformance of the problem catalog, walked from ds_problems[] so a family
 * registered later is checked without edits: gradients and Hessian-vector
 * products against central finite differences, f(x*) = f*, grad f(x*) = 0,
 * mini-batch oracle over all samples = full oracle, L and mu against the
 * extreme eigenvalues of a Hessian assembled from HVPs. Then per-family
 * checks with hand-derived references. */
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>

#include "../harness/runner.h"
#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../core/rng.h"
#include "../core/schedule.h"
#include "../core/vec.h"
#include "../problems/finite_sum.h"
#include "testutil.h"

/* Small instances, so every check stays fast; unnamed families use their
 * defaults. */
static const struct {
    const char *name, *spec;
} small_specs[] = {
    {"quadratic", "quadratic:dim=6,kappa=50"},
    {"rosenbrock", "rosenbrock:dim=3"},
    {"lstsq", "lstsq:n=40,d=5,kappa=30,lambda=0.01"},
    {"logreg", "logreg:n=60,d=4"},
    {"softmax", "softmax:n=50,d=3,k=3"},
};

static const char *spec_for(const char *name)
{
    for (size_t i = 0; i < sizeof small_specs / sizeof small_specs[0]; i++)
        if (!strcmp(small_specs[i].name, name))
            return small_specs[i].spec;
    return name;
}

static ds_problem *make(const char *spec)
{
    ds_values v = {.n = 0};
    ds_err err = {0};
    ds_problem *p = NULL;
    if (ds_problem_parse(spec, &v, &err) || ds_problem_new(&v, 7, &p, &err))
        fail_msg("%s: %s", spec, err.msg);
    ds_values_free(&v);
    return p;
}

/* The error a spec gets, or "" when it builds. */
static const char *make_error(const char *spec, ds_err *err)
{
    ds_values v = {.n = 0};
    ds_problem *p = NULL;
    ds_err_clear(err);
    int bad = ds_problem_parse(spec, &v, err) || ds_problem_new(&v, 7, &p, err);
    ds_problem_free(p);
    ds_values_free(&v);
    return bad ? err->msg : "";
}

static void assert_contains(const char *msg, const char *part)
{
    if (!strstr(msg, part))
        fail_msg("message \"%s\" lacks \"%s\"", msg, part);
}

/* Dense Hessian assembled column by column from HVPs (independent of any
 * type->hessian), and its extreme eigenvalues. */
static void hvp_extremes(ds_problem *p, const double *x, double *lo, double *hi)
{
    size_t d = p->dim;
    gsl_matrix *H = gsl_matrix_alloc(d, d);
    gsl_vector *ev = gsl_vector_alloc(d);
    gsl_eigen_symm_workspace *w = gsl_eigen_symm_alloc(d);
    double *e = ds_vec_new(d), *col = ds_vec_new(d);
    for (size_t j = 0; j < d; j++) {
        e[j] = 1;
        p->type->hvp(p, x, e, col);
        e[j] = 0;
        for (size_t i = 0; i < d; i++)
            gsl_matrix_set(H, i, j, col[i]);
    }
    for (size_t i = 0; i < d; i++)  /* symmetric? */
        for (size_t j = 0; j < i; j++)
            assert_close(gsl_matrix_get(H, i, j), gsl_matrix_get(H, j, i), 1e-10);
    gsl_eigen_symm(H, ev, w);
    *lo = gsl_vector_min(ev);
    *hi = gsl_vector_max(ev);
    gsl_matrix_free(H);
    gsl_vector_free(ev);
    gsl_eigen_symm_free(w);
    free(e);
    free(col);
}

/* f(x* + h v) >= f* along random directions v and steps h: x* is a
 * minimum even where f has a kink (or in the feasible set of a projected
 * problem). xp and v are dim scratch vectors. */
static void check_nonsmooth_min(ds_problem *p, ds_rng *rng, double *xp, double *v)
{
    size_t d = p->dim;
    for (int k = 0; k < 20; k++) {
        for (size_t i = 0; i < d; i++)
            v[i] = ds_rng_gaussian(rng);
        for (double h = 1e-6; h <= 1.0; h *= 100) {
            ds_copy(d, p->x_star, xp);
            ds_axpy(d, h, v, xp);
            if (p->type->project)  /* stay in the feasible set */
                p->type->project(p, xp);
            double f = p->type->f(p, xp);
            if (!(f >= p->f_star - 1e-14 * (1 + fabs(p->f_star))))
                fail_msg("%s: f(x* + %g v) = %.17g < f* = %.17g", p->canon, h, f, p->f_star);
        }
    }
}

static void check_family(const ds_problem_type *t)
{
    const char *spec = spec_for(t->name);
    ds_problem *p = make(spec);
    size_t d = p->dim;
    double *x = ds_vec_new(d), *g = ds_vec_new(d), *g2 = ds_vec_new(d), *xp = ds_vec_new(d),
           *gp = ds_vec_new(d), *gm = ds_vec_new(d), *v = ds_vec_new(d), *hv = ds_vec_new(d),
           *H = ds_vec_new(d * d);
    ds_rng rng;
    ds_rng_init(&rng, 99);
    for (int trial = 0; trial < 3; trial++) {
        for (size_t i = 0; i < d; i++)
            x[i] = p->x0[i] + 0.3 * ds_rng_gaussian(&rng);
        double f = p->type->f(p, x);
        p->type->grad(p, x, g);
        assert_close(ds_problem_fg(p, x, g2), f, 1e-13);
        for (size_t i = 0; i < d; i++)
            assert_close(g2[i], g[i], 1e-13);
        double gscale = 1 + ds_nrm2(d, g);
        /* Central differences: error O(h^2 f''') + O(eps f / h). */
        for (size_t i = 0; i < d; i++) {
            double h = 1e-5 * (1 + fabs(x[i]));
            ds_copy(d, x, xp);
            xp[i] = x[i] + h;
            double fp = p->type->f(p, xp);
            xp[i] = x[i] - h;
            double fm = p->type->f(p, xp);
            double fd = (fp - fm) / (2 * h);
            if (fabs(fd - g[i]) > 1e-6 * gscale)
                fail_msg("%s: df/dx%zu = %.12g, central difference %.12g", spec, i, g[i], fd);
        }
        /* HVP against differences of the gradient along a random v. */
        for (size_t i = 0; i < d; i++)
            v[i] = ds_rng_gaussian(&rng);
        p->type->hvp(p, x, v, hv);
        double h = 1e-5;
        ds_copy(d, x, xp);
        ds_axpy(d, h, v, xp);
        p->type->grad(p, xp, gp);
        ds_copy(d, x, xp);
        ds_axpy(d, -h, v, xp);
        p->type->grad(p, xp, gm);
        double hscale = 1 + ds_nrm2(d, hv);
        for (size_t i = 0; i < d; i++) {
            double fd = (gp[i] - gm[i]) / (2 * h);
            if (fabs(fd - hv[i]) > 1e-5 * hscale)
                fail_msg("%s: (Hv)_%zu = %.12g, difference of gradients %.12g", spec, i, hv[i], fd);
        }
        /* The dense Hessian agrees with the HVP. */
        assert_int_equal(ds_problem_hessian(p, x, H, NULL), DS_OK);
        for (size_t i = 0; i < d; i++)
            assert_close(ds_dot(d, H + i * d, v), hv[i], 1e-10 * hscale);
        /* A mini-batch of every sample is the full objective. */
        if (p->n > 0) {
            assert_non_null(p->type->fg_batch);
            assert_true(p->flags & DS_FINITE_SUM);
            size_t *idx = malloc(p->n * sizeof *idx);
            for (size_t i = 0; i < p->n; i++)
                idx[i] = p->n - 1 - i;
            double fb = p->type->fg_batch(p, x, idx, p->n, g2);
            assert_close(fb, f, 1e-12);
            for (size_t i = 0; i < d; i++)
                assert_close(g2[i], g[i], 1e-12 * gscale);
            free(idx);
        }
    }
    /* The solution the problem carries. */
    if (p->flags & DS_UNBOUNDED) {
        assert_true(isinf(p->f_star) && p->f_star < 0);
        assert_null(p->x_star);
    }
    if (p->x_star) {
        double fs = ds_problem_fg(p, p->x_star, g);
        assert_true(isfinite(p->f_star));
        assert_close(fs, p->f_star, 1e-13);
        ds_problem_fg(p, p->x0, g2);
        double gn = ds_nrm2(d, g), g0 = ds_nrm2(d, g2);
        /* a constrained minimum (a projected problem) need not be
         * stationary; at a nonsmooth minimum the oracle's subgradient need
         * not be 0 (a tie it breaks), but no direction may descend */
        if ((p->flags & DS_LIPSCHITZ) && !(p->flags & DS_SMOOTH))
            check_nonsmooth_min(p, &rng, xp, v);
        else if (!p->type->project && !(gn <= 1e-12 * (1 + g0)))
            fail_msg("%s: ||grad f(x*)|| = %.3g (at x0: %.3g)", spec, gn, g0);
        assert_true(p->type->f(p, p->x0) >= p->f_star - 1e-12);
    }
    /* L and mu against the Hessian's eigenvalues. */
    double lo, hi;
    if (p->flags & DS_QUADRATIC) {
        hvp_extremes(p, p->x0, &lo, &hi);
        assert_rel(p->L, hi, 1e-10);
        assert_close(p->mu, lo, 1e-10 * hi);
    } else if (p->flags & DS_SMOOTH) {
        /* L is a global bound: no Hessian may exceed it; mu a lower bound. */
        for (int trial = 0; trial < 3; trial++) {
            for (size_t i = 0; i < d; i++)
                x[i] = 2 * ds_rng_gaussian(&rng);
            hvp_extremes(p, trial == 0 && p->x_star ? p->x_star : x, &lo, &hi);
            assert_true(hi <= p->L * (1 + 1e-12));
            assert_true(lo >= p->mu * (1 - 1e-12) - 1e-14);
        }
    } else if (p->x_star && p->mu > 0) {
        /* Non-convex with local constants: the Hessian's extremes at x*. */
        hvp_extremes(p, p->x_star, &lo, &hi);
        assert_rel(p->L, hi, 1e-12);
        assert_rel(p->mu, lo, 1e-10);
    }
    if (p->flags & DS_LIPSCHITZ)  /* nonsmooth: M is its constant, L may be 0 or inf */
        assert_true(p->M > 0 && isfinite(p->M));
    else
        assert_true(p->L > 0 && isfinite(p->L));
    assert_true(p->mu >= 0 && (p->mu <= p->L || isinf(p->L)));
    if (p->flags & DS_STRONGLY_CONVEX)
        assert_true(p->mu > 0);
    ds_rng_free(&rng);
    free(x);
    free(g);
    free(g2);
    free(xp);
    free(gp);
    free(gm);
    free(v);
    free(hv);
    free(H);
    ds_problem_free(p);
}

static void test_conformance(void **state)
{
    (void)state;
    size_t count = 0;
    for (const ds_problem_type *const *t = ds_problems; *t; t++, count++) {
        assert_non_null((*t)->doc);
        assert_non_null((*t)->params);
        check_family(*t);
    }
    assert_true(count >= 10);
}

/* quadratic: kappa exactly as asked; L and mu by power iteration on HVPs
 * (on H for L, on L I - H for L - mu) at a dim too large to bother with a
 * dense eigensolve; two clusters make the iteration exact quickly. */
static void test_quadratic_kappa_power(void **state)
{
    (void)state;
    ds_problem *p = make("quadratic:dim=300,kappa=1000,mu=0.5,spectrum=two-cluster");
    assert_true(p->L / p->mu == 1000.0);
    assert_true(p->mu == 0.5);
    size_t d = p->dim;
    double *v = ds_vec_new(d), *w = ds_vec_new(d);
    for (int shift = 0; shift < 2; shift++) {
        for (size_t i = 0; i < d; i++)
            v[i] = 1.0 + 0.01 * (double)(i % 7);
        double lam = 0;
        for (int it = 0; it < 60; it++) {
            ds_scal(d, 1 / ds_nrm2(d, v), v);
            p->type->hvp(p, p->x0, v, w);
            if (shift)  /* (L I - H) v */
                for (size_t i = 0; i < d; i++)
                    w[i] = p->L * v[i] - w[i];
            lam = ds_dot(d, v, w);
            ds_copy(d, w, v);
        }
        if (shift)
            assert_rel(p->L - lam, p->mu, 1e-9);
        else
            assert_rel(lam, p->L, 1e-12);
    }
    free(v);
    free(w);
    ds_problem_free(p);
    for (const char *const *s = (const char *const[]){"quadratic:dim=40,kappa=1e6,spectrum=log",
                                                     "quadratic:dim=5,L=10,mu=0.1", NULL};
         *s; s++) {
        p = make(*s);
        double lo, hi;
        hvp_extremes(p, p->x0, &lo, &hi);
        assert_rel(hi, p->L, 1e-10);
        assert_rel(lo, p->mu, 1e-6);
        assert_rel(p->L / p->mu, strstr(*s, "1e6") ? 1e6 : 100.0, 1e-15);
        ds_problem_free(p);
    }
}

/* The course's worked example: y = w x + b on (1,2), (2,4), (3,6) with the
 * MSE J = (1/n) sum (y_hat - y)^2 from w = 0.5, b = 0.1: dJ/dw = -13.6,
 * dJ/db = -5.8, and one step of lr = 0.01 gives w = 0.636, b = 0.158. */
static void test_worked_example(void **state)
{
    (void)state;
    ds_problem *p = make("lstsq:data=worked_example,mse=1,intercept=1,standardize=0,x0=0.5;0.1");
    assert_int_equal(p->dim, 2);
    assert_int_equal(p->n, 3);
    double g[2];
    double f = ds_problem_fg(p, p->x0, g);
    /* residuals -1.4, -2.9, -4.4 */
    assert_close(f, (1.96 + 8.41 + 19.36) / 3, 1e-14);
    assert_close(g[0], -13.6, 1e-13);
    assert_close(g[1], -5.8, 1e-13);
    assert_close(p->x0[0] - 0.01 * g[0], 0.636, 1e-14);
    assert_close(p->x0[1] - 0.01 * g[1], 0.158, 1e-14);
    /* y = 2x exactly: x* = (2, 0), f* = 0. */
    assert_close(p->x_star[0], 2.0, 1e-14);
    assert_close(p->x_star[1], 0.0, 1e-14);
    assert_close(p->f_star, 0.0, 1e-25);
    /* Hessian (2/n) A'A with A = [1 1; 2 1; 3 1]: [[28/3, 4], [4, 2]]. */
    double tr = 28.0 / 3 + 2, det = 28.0 / 3 * 2 - 16, disc = sqrt(tr * tr / 4 - det);
    assert_rel(p->L, tr / 2 + disc, 1e-13);
    assert_rel(p->mu, tr / 2 - disc, 1e-12);
    ds_problem_free(p);
}

/* The logistic optimum from Newton against 20000 steps of gradient descent
 * with lr = 1/L through the runner. */
static void test_logreg_against_gd(void **state)
{
    (void)state;
    ds_values pv = {.n = 0}, ov = {.n = 0}, sv = {.n = 0};
    ds_err err = {0};
    const char *spec = "logreg:n=80,d=4,lambda=0.01,intercept=1,seed=3";
    if (ds_problem_parse(spec, &pv, &err) || ds_optimizer_parse("gd:lr=1/L", &ov, &err) ||
        ds_schedule_parse("constant", &sv, &err))
        fail_msg("%s", err.msg);
    ds_run_spec rs = {.problem = &pv, .optimizer = &ov, .schedule = &sv, .seed = 1};
    ds_stop_defaults(&rs.stop);
    rs.stop.max_iters = 20000;
    ds_result res;
    if (ds_run(&rs, &res, &err))
        fail_msg("%s", err.msg);
    ds_problem *p = make(spec);
    assert_close(res.f_final, p->f_star, 1e-14);
    for (size_t i = 0; i < p->dim; i++)
        assert_close(res.x_final[i], p->x_star[i], 1e-9);
    ds_result_free(&res);
    ds_problem_free(p);
    ds_values_free(&pv);
    ds_values_free(&ov);
    ds_values_free(&sv);
}

/* g'v against (f(x + h v) - f(x - h v)) / 2h, v a fixed direction of
 * unit entries' size: a wrong derivative (a sign, a factor) shows at once. */
static void check_slope(ds_problem *p, const double *x, const double *g, double t)
{
    size_t d = p->dim;
    double *v = malloc(d * sizeof *v), *xp = malloc(d * sizeof *xp), h = 1e-5;
    for (size_t j = 0; j < d; j++)
        v[j] = (double)((int)(j * 7 % 11) - 5) / 5;
    ds_copy(d, x, xp);
    ds_axpy(d, h, v, xp);
    double fp = p->type->f(p, xp);
    ds_axpy(d, -2 * h, v, xp);
    double fm = p->type->f(p, xp), slope = ds_dot(d, g, v), fd = (fp - fm) / (2 * h);
    if (!(fabs(fd - slope) <= 1e-6 * (1 + fabs(slope))))
        fail_msg("%s at t = %g: g'v = %.12g, central difference %.12g", p->canon, t, slope, fd);
    free(v);
    free(xp);
}

/* The full logistic gradient reads the data in panels; the mini-batch
 * pass gathers its rows into panels of its own. Over every row in index
 * order the two must agree bit for bit (the same per-row values, the same
 * partial sums), for n a multiple of the panel and not, at points with
 * margins of every size (x* + t (x* - x0) out to t = 30: exp(-|z|) down
 * to the subnormals). The 8.2 MiB logistic instance (rows of 256) goes
 * row by row instead, over a copy of its data on cache lines: its full
 * pass defers each loss's logarithm to after the sweep, its mini-batch
 * pass takes the whole loss a row from the data where they are. Least
 * squares over 8 MiB reads such a copy too (d = 501 pads each row). Each
 * must still agree with its mini-batch bit for bit, and its gradient with
 * the function's central differences along a fixed direction. */
static void test_full_vs_batch(void **state)
{
    (void)state;
    const char *specs[] = {"logreg:n=203,d=37,seed=5",       "logreg:n=64,d=3,lambda=0.1",
                           "logreg:data=breast_cancer",      "logreg:n=90,d=250,lambda=0.1",
                           "logreg:n=4200,d=256,lambda=0.01", "lstsq:n=2100,d=500,seed=2",
                           "lstsq:n=2100,d=501,lambda=0.1,seed=2"};
    for (size_t k = 0; k < sizeof specs / sizeof *specs; k++) {
        ds_problem *p = make(specs[k]);
        size_t d = p->dim, n = p->n;
        double *x = malloc(d * sizeof *x), *g = malloc(d * sizeof *g), *gb = malloc(d * sizeof *gb);
        size_t *idx = malloc(n * sizeof *idx);
        for (size_t i = 0; i < n; i++)
            idx[i] = i;
        for (double t = -1; t <= 30; t += 3.1) {
            for (size_t j = 0; j < d; j++)
                x[j] = p->x_star[j] + t * (p->x_star[j] - p->x0[j]) + 0.01 * (double)(j % 5);
            double f = ds_problem_fg(p, x, g), fb = p->type->fg_batch(p, x, idx, n, gb);
            if (memcmp(&f, &fb, sizeof f) || memcmp(g, gb, d * sizeof *g))
                fail_msg("%s at t = %g: full pass f = %a, mini-batch of every row %a", specs[k], t, f, fb);
            assert_true(p->type->f(p, x) == f);
            if (t <= 5)
                check_slope(p, x, g, t);
        }
        free(x);
        free(g);
        free(gb);
        free(idx);
        ds_problem_free(p);
    }
}

/* A panel hook for the order test: loss y z^2, derivative 2 y z, each
 * row alone (what fs_panel_fn requires). */
static void sq_panel(const void *ctx, const double *y, double *z, double *deriv, size_t rows)
{
    (void)ctx;
    for (size_t k = 0; k < rows; k++) {
        deriv[k] = 2 * y[k] * z[k];
        z[k] = y[k] * z[k] * z[k];
    }
}

/* The order fs_panel_pass and fs_panel_batch promise (core/kernels.h),
 * written out plainly: each margin a sequential sum over the columns from
 * 0, then row k (its position) into partial sum k mod 8 of the loss and of
 * every gradient entry, combined by the tree. */
static double panel_reference(const double *X, const double *y, const size_t *idx, size_t m, size_t d,
                              const double *x, double *g)
{
    double loss[8] = {0}, *lanes = calloc(8 * d, sizeof *lanes);
    for (size_t k = 0; k < m; k++) {
        const double *a = X + idx[k] * d;
        double z = 0;
        for (size_t j = 0; j < d; j++)
            z += a[j] * x[j];
        double yk = y[idx[k]], r = 2 * yk * z;
        loss[k % 8] += yk * z * z;
        for (size_t j = 0; j < d; j++)
            lanes[8 * j + k % 8] += a[j] * r;
    }
    for (size_t j = 0; j < d; j++) {
        const double *l = lanes + 8 * j;
        g[j] = ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]));
    }
    free(lanes);
    return ((loss[0] + loss[1]) + (loss[2] + loss[3])) + ((loss[4] + loss[5]) + (loss[6] + loss[7]));
}

/* The order fs_fused_pass and fs_batch_pass promise, written out
 * plainly: each margin ds_dot's, then the loss and every gradient entry a
 * sequential sum over the rows in their order, from 0. */
static double rows_reference(const double *X, const double *y, const size_t *idx, size_t m, size_t d,
                             const double *x, double *g)
{
    double loss = 0;
    for (size_t j = 0; j < d; j++)
        g[j] = 0;
    for (size_t k = 0; k < m; k++) {
        const double *a = X + idx[k] * d;
        double z = ds_dot(d, a, x), yk = y[idx[k]], r = 2 * yk * z;
        loss += yk * z * z;
        for (size_t j = 0; j < d; j++)
            g[j] += r * a[j];
    }
    return loss;
}

typedef double (*full_pass_fn)(const double *X, const double *y, size_t n, size_t d, const double *x, double *g);
typedef double (*batch_pass_fn)(const double *X, const double *y, size_t d, const size_t *idx, size_t m,
                                const double *x, double *g);
typedef double (*reference_fn)(const double *X, const double *y, const size_t *idx, size_t m, size_t d,
                               const double *x, double *g);

static double panel_full(const double *X, const double *y, size_t n, size_t d, const double *x, double *g)
{
    fs_panels pn;
    ds_err err = {0};
    assert_int_equal(fs_panels_build(&pn, X, n, d, &err), DS_OK);
    assert_true((uintptr_t)pn.P % 64 == 0);
    double f = fs_panel_pass(&pn, y, x, sq_panel, NULL, g);
    fs_panels_free(&pn);
    return f;
}

static double panel_batch(const double *X, const double *y, size_t d, const size_t *idx, size_t m, const double *x,
                          double *g)
{
    return fs_panel_batch(X, y, d, idx, m, x, sq_panel, NULL, g);
}

/* sq_panel's loss for one row (y through ctx). */
static double sq_row(const void *ctx, size_t i, double margin, double *deriv)
{
    const double *y = ctx;
    *deriv = 2 * y[i] * margin;
    return y[i] * margin * margin;
}

static double rows_full(const double *X, const double *y, size_t n, size_t d, const double *x, double *g)
{
    return fs_fused_pass(X, n, d, x, sq_row, y, g);
}

/* The same pass over a copy with each row on a cache line. */
static double lines_full(const double *X, const double *y, size_t n, size_t d, const double *x, double *g)
{
    fs_rows rw;
    ds_err err = {0};
    assert_int_equal(fs_rows_build(&rw, X, n, d, &err), DS_OK);
    assert_true((uintptr_t)rw.R % 64 == 0 && rw.ld % 8 == 0 && rw.ld >= d && rw.ld < d + 8);
    double f = fs_rows_pass(&rw, x, sq_row, y, g);
    fs_rows_free(&rw);
    return f;
}

static double rows_batch(const double *X, const double *y, size_t d, const size_t *idx, size_t m, const double *x,
                         double *g)
{
    return fs_batch_pass(X, d, idx, m, x, sq_row, y, g);
}

/* A pass against its reference, bit for bit: over all rows in order (with
 * and without the gradient), and over a mini-batch in another order. */
static void check_order(const char *what, full_pass_fn full, batch_pass_fn batch, reference_fn ref)
{
    const size_t sizes[][2] = {{75, 37}, {64, 3}, {5, 1}, {3, 40}, {4, 9}, {200, 130}, {61, 1000}, {300, 10}, {600, 500}, {1, 7}, {2, 7}};
    for (size_t c = 0; c < sizeof sizes / sizeof *sizes; c++) {
        size_t n = sizes[c][0], d = sizes[c][1];
        double *X = malloc(n * d * sizeof *X), *y = malloc(n * sizeof *y), *x = malloc(d * sizeof *x),
               *g = malloc(d * sizeof *g), *gr = malloc(d * sizeof *gr);
        size_t *idx = malloc(n * sizeof *idx);
        ds_rng rng;
        ds_rng_init(&rng, 11 + c);
        for (size_t i = 0; i < n * d; i++)
            X[i] = ds_rng_gaussian(&rng);
        for (size_t i = 0; i < n; i++)
            y[i] = ds_rng_uniform(&rng) - 0.3;
        for (size_t j = 0; j < d; j++)
            x[j] = ds_rng_gaussian(&rng);
        for (size_t i = 0; i < n; i++)
            idx[i] = i;
        double f = full(X, y, n, d, x, g), fr = ref(X, y, idx, n, d, x, gr);
        if (memcmp(&f, &fr, sizeof f) || memcmp(g, gr, d * sizeof *g))
            fail_msg("%s, n=%zu d=%zu: full pass f = %a, reference %a", what, n, d, f, fr);
        assert_true(full(X, y, n, d, x, NULL) == f);
        /* a mini-batch in another order: rows by their place in the batch */
        size_t m = n > 3 ? n - 3 : n;
        for (size_t k = 0; k < m; k++)
            idx[k] = (7 * k + 3) % n;
        f = batch(X, y, d, idx, m, x, g);
        fr = ref(X, y, idx, m, d, x, gr);
        if (memcmp(&f, &fr, sizeof f) || memcmp(g, gr, d * sizeof *g))
            fail_msg("%s, n=%zu d=%zu: batch pass f = %a, reference %a", what, n, d, f, fr);
        ds_rng_free(&rng);
        free(X);
        free(y);
        free(x);
        free(g);
        free(gr);
        free(idx);
    }
}

static void test_panel_order(void **state)
{
    (void)state;
    check_order("panels", panel_full, panel_batch, panel_reference);
}

static void test_rows_order(void **state)
{
    (void)state;
    check_order("rows", rows_full, rows_batch, rows_reference);
    check_order("rows on cache lines", lines_full, rows_batch, rows_reference);
}

/* Exact optima of the small functions. */
static void test_closed_forms(void **state)
{
    (void)state;
    ds_problem *p = make("poly1d");
    assert_true(p->f_star == 2 - 2187.0 / 256);
    assert_true(p->x_star[0] == 2.25);
    assert_true(p->x0[0] == -0.5);
    /* f(-0.5) = 2.4375 = f(b) with b in (3, 3.1): L = f''(b) = 12b^2 - 18b. */
    double b = (18 + sqrt(324 + 48 * p->L)) / 24;  /* the root of 12b^2 - 18b = L beyond 3/4 */
    assert_close(b * b * b * (b - 3) + 2, 2.4375, 1e-12);
    double g;
    p->type->grad(p, (double[]){0.0}, &g);
    assert_true(g == 0.0);  /* the inflection point is stationary */
    ds_problem_free(p);

    p = make("poly1d:x0=3");  /* sublevel set [0, 3]: max f'' = f''(3) = 54 */
    assert_rel(p->L, 54.0, 1e-15);
    ds_problem_free(p);

    p = make("parabola1d");
    assert_true(p->x0[0] == 5 && p->x_star[0] == -1 && p->L == 2 && p->mu == 2);
    ds_problem_free(p);

    p = make("cubic1d:x0=-2");
    assert_true(p->L == 12 && p->mu == 0 && (p->flags & DS_UNBOUNDED));
    ds_problem_free(p);

    p = make("beale");
    assert_true(p->type->f(p, p->x_star) == 0.0);
    assert_true(p->x0[0] == 1 && p->x0[1] == 1);
    assert_true(p->type->f(p, p->x0) == 14.203125);  /* the course's 3-D demo: "Loss 14.2031" at (1, 1) */
    ds_problem_free(p);

    /* rosenbrock: the standard start, and the course's contour demo start
     * (-1.5, 2), where f = 2.5^2 + 100 (2 - 2.25)^2 = 12.5. */
    p = make("rosenbrock:dim=3");
    assert_true(p->x0[0] == -1.2 && p->x0[1] == 1 && p->x0[2] == -1.2);
    ds_problem_free(p);
    p = make("rosenbrock:x0=-1.5;2");
    assert_true(p->x0[0] == -1.5 && p->x0[1] == 2 && p->type->f(p, p->x0) == 12.5);
    ds_problem_free(p);
    p = make("rosenbrock:dim=3,x0=0");
    assert_true(p->x0[0] == 0 && p->x0[1] == 0 && p->x0[2] == 0 && p->type->f(p, p->x0) == 2);
    ds_problem_free(p);

    /* himmelblau: x* is the minimum nearest the start, each a true zero. */
    static const struct {
        const char *spec;
        double x, y;
    } hm[] = {{"himmelblau", 3, 2},
              {"himmelblau:x0=-3;3", -2.805118, 3.131312},
              {"himmelblau:x0=-3;-3", -3.779310, -3.283186},
              {"himmelblau:x0=3;-2", 3.584428, -1.848126}};
    for (size_t i = 0; i < 4; i++) {
        p = make(hm[i].spec);
        assert_close(p->x_star[0], hm[i].x, 1e-6);
        assert_close(p->x_star[1], hm[i].y, 1e-6);
        assert_true(p->type->f(p, p->x_star) < 1e-26);
        ds_problem_free(p);
    }
}

/* cubic1d ends cleanly: past the saddle the runner's divergence rule stops
 * the run, with f* = -inf and no gap recorded. */
static void test_cubic_run_ends(void **state)
{
    (void)state;
    ds_values pv = {.n = 0}, ov = {.n = 0}, sv = {.n = 0};
    ds_err err = {0};
    if (ds_problem_parse("cubic1d:x0=-0.5", &pv, &err) || ds_optimizer_parse("gd:lr=0.1", &ov, &err) ||
        ds_schedule_parse("constant", &sv, &err))
        fail_msg("%s", err.msg);
    ds_run_spec rs = {.problem = &pv, .optimizer = &ov, .schedule = &sv, .seed = 1};
    ds_stop_defaults(&rs.stop);
    rs.stop.max_iters = 100000;
    ds_result res;
    if (ds_run(&rs, &res, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(res.status, DS_ST_DIVERGED);
    assert_true(res.iters < 100);
    ds_result_free(&res);
    ds_values_free(&pv);
    ds_values_free(&ov);
    ds_values_free(&sv);
}

/* Real data: standardized features, labels, shapes and the constants. */
static void test_real_data(void **state)
{
    (void)state;
    ds_problem *p = make("logreg:data=breast_cancer");
    assert_int_equal(p->n, 569);
    assert_int_equal(p->dim, 30);
    ds_problem_free(p);
    p = make("logreg:data=heart_scale,intercept=1");
    assert_int_equal(p->n, 270);
    assert_int_equal(p->dim, 14);
    ds_problem_free(p);
    p = make("lstsq:data=diabetes");
    assert_int_equal(p->n, 442);
    assert_int_equal(p->dim, 10);
    /* Standardized features: trace(A'A/n) = d, so lambda_max in [1, d]. */
    assert_true(p->L >= 1 && p->L <= 10);
    ds_problem_free(p);
}

static void test_softmax_shape(void **state)
{
    (void)state;
    ds_problem *p = make("softmax:n=40,d=3,k=4,intercept=1");
    assert_int_equal(p->rows, 4);
    assert_int_equal(p->cols, 4);
    assert_int_equal(p->dim, 16);
    /* mu = lambda exactly: the Hessian is singular along W = u 1'. */
    double lo, hi;
    hvp_extremes(p, p->x_star, &lo, &hi);
    assert_rel(lo, p->mu, 1e-8);
    ds_problem_free(p);
}

static void test_errors(void **state)
{
    (void)state;
    ds_err err;
    assert_contains(make_error("lstsq:standardize=1", &err), "standardize=1 applies to data= files");
    assert_contains(make_error("lstsq:n=3,d=5", &err), "d=5 > n=3");
    assert_contains(make_error("lstsq:d=3,x0=1;2", &err), "x0 has 2 values; dim=3 wants 1 or 3");
    assert_contains(make_error("beale:x0=1;2;3", &err), "x0 has 3 values; dim=2");
    assert_contains(make_error("rosenbrock:x0=1;2;3", &err), "x0 has 3 values; dim=2 wants 1 or 2");
    assert_contains(make_error("logreg:data=no_such_set", &err), "data 'no_such_set': no such file");
    assert_contains(make_error("logreg:data=diabetes", &err), "third class");
    assert_contains(make_error("softmax:data=breast_cancer,lambda=0", &err), "lambda");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conformance),   cmocka_unit_test(test_quadratic_kappa_power),
        cmocka_unit_test(test_worked_example), cmocka_unit_test(test_logreg_against_gd),
        cmocka_unit_test(test_full_vs_batch),
        cmocka_unit_test(test_panel_order),   cmocka_unit_test(test_rows_order),
        cmocka_unit_test(test_closed_forms),  cmocka_unit_test(test_cubic_run_ends),
        cmocka_unit_test(test_real_data),     cmocka_unit_test(test_softmax_shape),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
