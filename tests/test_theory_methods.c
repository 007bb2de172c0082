/* The methods and worst-case instances of THEORY.md on their tight
 * instances: each run against the catalog's own bound (ds_theorem_find,
 * the table verify uses; the bound formulas are checked against
 * hand-derived numbers in test_theory.c's test_every_constant, and the
 * sequences of sequences.c through them against PEPit's), each tight
 * instance to 1e-9 relative and to PEPit's printed number, the lower
 * bounds on nesterov_worst and nesterov_nonsmooth, Newton's local rate,
 * the heavy-ball 3-cycle and Reddi et al.'s Adam counterexample. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>

#include "testrun.h"

#include "../harness/runner.h"
#include "../core/optimizer.h"
#include "../core/oracle.h"
#include "../core/problem.h"
#include "../core/rng.h"
#include "../core/schedule.h"
#include "../core/vec.h"
#include "../optimizers/sequences.h"
#include "../report/verify.h"
#include "../theory/theorem.h"

#define TIGHT 1e-9
/* PEPit's documentation prints six significant digits. */
#define PEPIT 5e-6

/* Run problem x optimizer for `iters` steps, recording every iteration. */
static void run(const char *prob, const char *opt, long iters, ds_result *res)
{
    tu_run(prob, opt, iters, 0, res);
    assert_int_equal(res->status, DS_ST_MAX_ITERS);
    assert_int_equal(res->trace.n, (size_t)iters + 1);
}

static ds_problem *problem(const char *spec)
{
    ds_values pv = {.n = 0};
    ds_err err = {0};
    ds_problem *p = NULL;
    if (ds_problem_parse(spec, &pv, &err) || ds_problem_new(&pv, 1, &p, &err))
        fail_msg("problem %s: %s", spec, err.msg);
    ds_values_free(&pv);
    return p;
}

/* The catalog's bound of theorem `id` at iteration t of a run recorded at
 * every iteration with budget `horizon` (the table, not a formula copied
 * here). */
static double table_bound(const char *id, const ds_result *r, long horizon, long t)
{
    const ds_theorem *th = ds_theorem_find(id);
    if (!th)
        fail_msg("no theorem %s in the catalog", id);
    ds_th_run run;
    ds_th_run_from_result(r, horizon, &run);
    ds_values ov;
    ds_problem *p = NULL;
    ds_th_ctx c;
    ds_err err = {0};
    if (ds_th_ctx_init(&c, &run, &ov, &p, &err))
        fail_msg("%s on %s: %s", id, r->problem, err.msg);
    double b = th->bound(&c, t, r->trace.f[t]);
    ds_problem_free(p);
    ds_values_free(&ov);
    return b;
}

/* ---- the sequences ------------------------------------------------------ */

/* The catalog's bound `id` after t steps of a horizon-N method on a problem
 * with constants L, mu, R, D (a context with no run: these bound functions
 * read nothing else), so that the sequences below are checked through the
 * table verify uses, never through a bound formula written again here. */
static double catalog(const char *id, double L, double mu, double R, double D, long N, long t)
{
    const ds_theorem *th = ds_theorem_find(id);
    if (!th)
        fail_msg("no theorem %s in the catalog", id);
    ds_values ov = {.n = 0};
    ds_th_run run;
    memset(&run, 0, sizeof run);
    ds_th_ctx c = {.run = &run, .ov = &ov, .opt = "", .L = L, .mu = mu, .kappa = mu > 0 ? L / mu : INFINITY,
                   .R = R, .D = D, .lr = 1 / L, .N = N};
    return th->bound(&c, t, NAN);
}

/* sequences.c against hand-derived values and, through the catalog's
 * bounds, against the numbers PEPit's documentation prints. */
static void test_sequences(void **st)
{
    (void)st;
    assert_rel(ds_fista_lambda(1), 1.0, 1e-15);
    assert_rel(ds_fista_lambda(2), (1.0 + sqrt(5.0)) / 2.0, 1e-15);
    /* lambda_t >= (t+1)/2: the step from L R^2/(2 lambda^2) to 2LR^2/(t+1)^2 */
    for (long t = 1; t < 200; t++)
        assert_true(ds_fista_lambda(t) >= (t + 1) / 2.0);
    /* OGM: theta_1 = (1+sqrt 5)/2 for N > 1, (1+3)/2 = 2 for N = 1 */
    assert_rel(ds_ogm_theta(1, 5), (1.0 + sqrt(5.0)) / 2.0, 1e-15);
    assert_rel(ds_ogm_theta(1, 1), 2.0, 1e-15);
    /* PEPit optimized_gradient.py: L=3, N=4 gives 0.0767518 */
    assert_rel(catalog("ogm-convex", 3, 0, 1, NAN, 4, 4), 0.0767518, PEPIT);
    /* Kim & Fessler's corollary: the bound is below L R^2/(N+1)^2 */
    for (long N = 1; N < 100; N++)
        assert_true(catalog("ogm-convex", 1, 0, 1, NAN, N, N) <= 1.0 / ((N + 1.0) * (N + 1.0)));
    double th[5];
    ds_ogmg_theta_fill(4, th);
    assert_rel(th[4], 1.0, 0);
    for (long t = 0; t <= 4; t++)
        assert_rel(ds_ogmg_theta(t, 4), th[t], 1e-15);
    /* OGM-G's theta~_0 equals OGM's theta_N (the two are mirror images) */
    assert_rel(th[0], ds_ogm_theta(4, 4), 1e-14);
    /* PEPit optimized_gradient_for_gradient.py: L=3, N=4, D=1 gives 0.307007 */
    assert_rel(catalog("ogmg-grad", 3, 0, NAN, 1, 4, 4), 0.307007, PEPIT);
    /* ITEM: A_1 = (0 + 2(1 + 1))/(1-q)^2 */
    assert_rel(ds_item_A(1, 0.25), 4.0 / (0.75 * 0.75), 1e-15);
    /* PEPit information_theoretic_exact_method.py: mu=0.001, L=1, N=15 gives 0.756605 */
    assert_rel(catalog("item", 1, 0.001, 1, NAN, 15, 15), 0.756605, PEPIT);
    ds_tm_coef c = ds_tm_coefficients(1.0, 0.1);
    assert_rel(c.rho, 1.0 - sqrt(0.1), 1e-15);
    assert_rel(c.alpha, 2.0 - sqrt(0.1), 1e-15);
    /* PEPit triple_momentum.py: mu=0.1, L=1, N=4 gives 0.238925 */
    assert_rel(catalog("triple-momentum", 1, 0.1, 1, NAN, 4, 4), 0.238925, PEPIT);
}

/* ---- tight instances ------------------------------------------------------ */

static void test_gd_huber(void **st)
{
    (void)st;
    ds_result r;
    run("huber_worst:L=3,N=4,h=1,R=1", "gd", 4, &r);
    assert_rel(r.f_final, table_bound("gd-convex-tight", &r, 4, 4), 1e-12);
    assert_rel(r.f_final, 1.0 / 6.0, 1e-12);
    ds_result_free(&r);
    /* h < 1 and other constants: L R^2/(4Nh+2) = 2*9/(14+2) */
    run("huber_worst:L=2,N=7,h=0.5,R=3", "gd:lr=0.5/L", 7, &r);
    assert_rel(r.f_final, table_bound("gd-convex-tight", &r, 7, 7), 1e-12);
    assert_rel(r.f_final, 18.0 / 16.0, 1e-12);
    ds_result_free(&r);
    /* the worst gradient norm: threshold R/(Nh+1), ||f'(x_N)|| = L R/(Nh+1)
     * = 2*3/4.5, at every t within the conjectured bound */
    run("huber_worst:threshold=gdgrad,L=2,N=7,h=0.5,R=3", "gd:lr=0.5/L", 7, &r);
    for (long t = 0; t <= 7; t++)
        assert_true(r.trace.grad_norm[t] * r.trace.grad_norm[t] <=
                    table_bound("gd-grad-norm", &r, 7, t) * (1 + TIGHT));
    assert_rel(r.gnorm_final * r.gnorm_final, table_bound("gd-grad-norm", &r, 7, 7), TIGHT);
    assert_rel(r.gnorm_final, 6.0 / 4.5, TIGHT);
    /* the same run meets GD's exact min-gradient rate 2 L D/(1 + 2Nh) */
    assert_rel(r.gnorm_final * r.gnorm_final, table_bound("gd-grad-exact", &r, 7, 7), TIGHT);
    ds_result_free(&r);
}

static void test_ogm_tight(void **st)
{
    (void)st;
    ds_result r;
    /* quadratic dim 1 has mu = L; x0 = x* + 1, R = 1. N defaults to T. */
    run("quadratic:dim=1,mu=3,L=3", "ogm", 4, &r);
    assert_rel(r.f_final, table_bound("ogm-convex", &r, 4, 4), TIGHT);
    assert_rel(r.f_final, 0.0767518, PEPIT);
    assert_int_equal(r.n_g, 4);  /* one gradient a step, charged to the method */
    ds_result_free(&r);
    run("huber_worst:threshold=ogm,L=3,N=4,R=1", "ogm", 4, &r);
    assert_rel(r.f_final, 0.0767518, PEPIT);
    assert_rel(r.f_final, table_bound("ogm-convex", &r, 4, 4), TIGHT);
    ds_result_free(&r);
    /* another horizon, given explicitly and shorter than the budget: the
     * bound is met at step N = 9, and says nothing elsewhere */
    run("huber_worst:threshold=ogm,L=2,N=9,R=2", "ogm:N=9", 12, &r);
    assert_rel(r.trace.f_gap[9], table_bound("ogm-convex", &r, 12, 9), TIGHT);
    assert_true(isnan(table_bound("ogm-convex", &r, 12, 12)));
    ds_result_free(&r);
}

static void test_ogmg_tight(void **st)
{
    (void)st;
    ds_result r;
    /* tight on L x^2/2: ||f'(x_N)||^2 = 2 L D / theta~_0^2, D = L/2 */
    run("quadratic:dim=1,mu=3,L=3", "ogm_g", 4, &r);
    double D = r.f0 - 0.0;
    assert_rel(D, 1.5, 1e-15);
    assert_rel(r.gnorm_final * r.gnorm_final, table_bound("ogmg-grad", &r, 4, 4), TIGHT);
    assert_rel(r.gnorm_final * r.gnorm_final / D, 0.307007, PEPIT);
    ds_result_free(&r);
    /* an upper bound on Huber functions of every threshold, N = 10 */
    const char *hub[] = {"huber_worst:N=10,L=3", "huber_worst:threshold=ogm,N=10,L=3",
                         "huber_worst:threshold=t3,N=10,L=3", "huber_worst:N=1,L=3,R=5"};
    for (size_t i = 0; i < sizeof hub / sizeof hub[0]; i++) {
        run(hub[i], "ogm_g:N=10", 10, &r);
        double bound = table_bound("ogmg-grad", &r, 10, 10);
        assert_true(r.gnorm_final * r.gnorm_final <= bound * (1 + TIGHT));
        assert_true(r.gnorm_final * r.gnorm_final >= 1e-3 * bound);  /* not a vacuous check */
        ds_result_free(&r);
    }
}

static void test_item_tight(void **st)
{
    (void)st;
    ds_result r;
    /* diag(L, mu) from x0 = x* + (1, 1): both eigen-directions meet the
     * bound, so ||z_N - x*||^2 = R^2/(1 + q A_N), R^2 = 2 */
    run("quadratic:dim=2,mu=0.001,L=1,rotate=0", "itm", 15, &r);
    for (long t = 1; t <= 15; t++) {
        double d2 = r.trace.dist[t] * r.trace.dist[t];
        assert_true(d2 <= table_bound("item", &r, 15, t) * (1 + TIGHT));
    }
    double d2 = r.trace.dist[15] * r.trace.dist[15];
    assert_rel(d2, table_bound("item", &r, 15, 15), TIGHT);
    assert_rel(d2 / 2.0, 0.756605, PEPIT);
    ds_result_free(&r);
}

static void test_triple_momentum_tight(void **st)
{
    (void)st;
    ds_result r;
    /* f = L x1^2/2 + mu x2^2/2 from (1, 0): the L-direction is the worst */
    run("quadratic:dim=2,mu=0.1,L=1,rotate=0,x0=1;0", "triple_momentum", 4, &r);
    assert_rel(r.f_final, table_bound("triple-momentum", &r, 4, 4), TIGHT);
    assert_rel(r.f_final, 0.238925, PEPIT);
    ds_result_free(&r);
    /* an upper bound at every step on a rotated strongly convex quadratic */
    run("quadratic:dim=20,mu=0.01,L=1", "triple_momentum", 60, &r);
    for (long t = 0; t <= 60; t++)
        assert_true(r.trace.f_gap[t] <= table_bound("triple-momentum", &r, 60, t) * (1 + TIGHT));
    ds_result_free(&r);
}

static void test_agd_bounds(void **st)
{
    (void)st;
    ds_result r;
    /* t3 is tight on the Huber function with tau = 4R/((N+2)(N+3)) */
    for (long N = 1; N <= 12; N += 11) {
        char spec[128];
        snprintf(spec, sizeof spec, "huber_worst:threshold=t3,N=%ld,L=2,R=3", N);
        run(spec, "agd:variant=t3", N, &r);
        assert_rel(r.f_final, table_bound("agd-t3-convex-pep", &r, N, N), TIGHT);
        ds_result_free(&r);
    }
    /* N = 1: 2 L R^2/(3*4) = 2*2*9/12 = 3 (the conjecture, met) */
    run("huber_worst:threshold=t3,N=1,L=2,R=3", "agd:variant=t3", 1, &r);
    assert_rel(r.f_final, 3.0, TIGHT);
    ds_result_free(&r);
    /* the upper bounds at every step, on nesterov_worst (its exact L) */
    run("nesterov_worst:dim=61", "agd:variant=t3", 30, &r);
    for (long t = 1; t <= 30; t++) {
        assert_true(r.trace.f_gap[t] <= table_bound("agd-t3-convex-pep", &r, 30, t) * (1 + TIGHT));
        assert_true(r.trace.f_gap[t] <= table_bound("agd-t3-convex", &r, 30, t) * (1 + TIGHT));
    }
    ds_result_free(&r);
    run("nesterov_worst:dim=61", "agd", 30, &r);
    for (long t = 1; t <= 30; t++)
        assert_true(r.trace.f_gap[t] <= table_bound("agd-convex", &r, 30, t) * (1 + TIGHT));
    assert_int_equal(r.n_g, 30);
    ds_result_free(&r);
    run("quadratic:dim=30,mu=0.01,L=1", "agd:variant=sc", 80, &r);
    for (long t = 0; t <= 80; t++)
        assert_true(r.trace.f_gap[t] <= table_bound("agd-sc", &r, 80, t) * (1 + TIGHT));
    assert_true(r.trace.f_gap[80] < 1e-3 * r.trace.f_gap[0]);
    ds_result_free(&r);
}

/* FISTA against Beck & Teboulle's own indexing, written out independently:
 * y_1 = x_0, t_1 = 1; x_k = y_k - grad f(y_k)/L; t_{k+1} = (1 + sqrt(1 +
 * 4 t_k^2))/2; y_{k+1} = x_k + ((t_k - 1)/t_{k+1})(x_k - x_{k-1}). */
static void test_fista_indexing(void **st)
{
    (void)st;
    ds_result r;
    long T = 25;
    run("nesterov_worst:dim=31,L=2", "agd", T, &r);
    ds_problem *p = problem("nesterov_worst:dim=31,L=2");
    size_t n = p->dim;
    double *x = ds_vec_new(n), *xo = ds_vec_new(n), *y = ds_vec_new(n), *g = ds_vec_new(n);
    double tk = 1.0;
    for (long k = 1; k <= T; k++) {
        p->type->grad(p, y, g);
        ds_copy(n, x, xo);
        for (size_t i = 0; i < n; i++)
            x[i] = y[i] - g[i] / p->L;
        double tn = (1.0 + sqrt(1.0 + 4.0 * tk * tk)) / 2.0;
        for (size_t i = 0; i < n; i++)
            y[i] = x[i] + ((tk - 1.0) / tn) * (x[i] - xo[i]);
        tk = tn;
        assert_rel(r.trace.f_gap[k], p->type->f(p, x) - p->f_star, 1e-11);
    }
    free(x), free(xo), free(y), free(g);
    ds_problem_free(p);
    ds_result_free(&r);
}

/* Nesterov's lower bound (L/8)(1/(t+1) - 1/(k+1)) (>= 3 L R^2/(32 (t+1)^2)
 * at k = 2t+1) holds for every method whose iterates stay in the span of
 * past gradients. */
static void test_lower_bound(void **st)
{
    (void)st;
    const char *opts[] = {"agd", "agd:variant=t3", "ogm", "gd", "triple_momentum"};
    for (long t = 1; t <= 16; t *= 2) {
        char spec[128];
        snprintf(spec, sizeof spec, "nesterov_worst:dim=%ld,L=2", 2 * t + 1);
        for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
            ds_result r;
            run(spec, opts[i], t, &r);
            double lb = table_bound("nesterov-lower-convex", &r, t, t);
            if (!(r.gap_final >= lb * (1 - TIGHT)))
                fail_msg("%s at t=%ld: gap %.17g below the lower bound %.17g", opts[i], t, r.gap_final, lb);
            ds_result_free(&r);
        }
    }
}

/* ---- nesterov_worst's constants -------------------------------------------- */

static void eig_range(ds_problem *p, double *lo, double *hi)
{
    size_t n = p->dim;
    gsl_matrix *H = gsl_matrix_alloc(n, n);
    gsl_vector *ev = gsl_vector_alloc(n);
    gsl_eigen_symm_workspace *w = gsl_eigen_symm_alloc(n);
    assert_int_equal(ds_problem_hessian(p, p->x0, H->data, NULL), DS_OK);
    gsl_eigen_symm(H, ev, w);
    *lo = gsl_vector_min(ev);
    *hi = gsl_vector_max(ev);
    gsl_eigen_symm_free(w);
    gsl_vector_free(ev);
    gsl_matrix_free(H);
}

static void check_optimum(ds_problem *p)
{
    double *g = ds_vec_new(p->dim);
    double f = ds_problem_fg(p, p->x_star, g);
    assert_rel(f, p->f_star, 1e-13);
    assert_true(ds_nrm2(p->dim, g) < 1e-14);
    free(g);
}

static void test_nesterov_worst(void **st)
{
    (void)st;
    ds_problem *p = problem("nesterov_worst:dim=11,L=3");
    assert_rel(p->f_star, (3.0 / 8.0) * (-1.0 + 1.0 / 12.0), 1e-15);
    for (size_t i = 0; i < 11; i++)
        assert_rel(p->x_star[i], 1.0 - (i + 1.0) / 12.0, 1e-15);
    check_optimum(p);
    double lo, hi;
    eig_range(p, &lo, &hi);
    assert_rel(p->L, hi, 1e-12);
    assert_rel(p->mu, lo, 1e-10);
    assert_true(p->L < 3.0 && p->L > 3.0 * 0.97);
    ds_problem_free(p);

    /* strongly convex form: x* from the tridiagonal solve; q^i is its
     * infinite-dimensional limit, reached to rounding when q^n is tiny */
    p = problem("nesterov_worst:dim=200,L=1,mu=0.01");
    check_optimum(p);
    eig_range(p, &lo, &hi);
    assert_rel(p->L, hi, 1e-12);
    assert_rel(p->mu, lo, 1e-10);
    assert_true(p->L <= 1.0 && p->mu >= 0.01);
    double q = (10.0 - 1.0) / (10.0 + 1.0);
    for (size_t i = 0; i < 20; i++)
        assert_close(p->x_star[i], pow(q, i + 1.0), 1e-12);
    ds_problem_free(p);
    /* a short truncation is not the limit */
    p = problem("nesterov_worst:dim=5,L=1,mu=0.01");
    check_optimum(p);
    assert_true(fabs(p->x_star[4] - pow(q, 5)) > 1e-3);
    ds_problem_free(p);
}

/* Gradients of the new problems against central differences. */
static void test_gradients(void **st)
{
    (void)st;
    const char *specs[] = {"nesterov_worst:dim=7", "nesterov_worst:dim=7,mu=0.1",
                           "huber_worst", "hb_cycle", "abs_worst:dim=3", "adam_counter",
                           "nesterov_nonsmooth:dim=7,R=0.5", "cubic_sc:dim=7,M=3"};
    const double pts[][7] = {{0.3, -0.2, 0.9, 0.1, -0.5, 0.7, 0.2}, {0.4, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
                             {0.05, 0, 0, 0, 0, 0, 0}, {1.5, 0, 0, 0, 0, 0, 0},
                             {2.5, 0, 0, 0, 0, 0, 0}, {-0.7, 0.3, -0.4, 0, 0, 0, 0}};
    for (size_t s = 0; s < sizeof specs / sizeof specs[0]; s++) {
        ds_problem *p = problem(specs[s]);
        for (size_t k = 0; k < 6; k++) {
            double x[7], g[7], h = 1e-6;
            for (size_t i = 0; i < p->dim; i++)
                x[i] = pts[k][i];
            p->type->grad(p, x, g);
            for (size_t i = 0; i < p->dim; i++) {
                double xi = x[i];
                x[i] = xi + h;
                double fp = p->type->f(p, x);
                x[i] = xi - h;
                double fm = p->type->f(p, x);
                x[i] = xi;
                assert_close(g[i], (fp - fm) / (2 * h), 1e-6);
            }
        }
        ds_problem_free(p);
    }
}

/* ---- subgradient -------------------------------------------------------- */

static void test_subgradient_tight(void **st)
{
    (void)st;
    ds_result r;
    /* dim = N+1 = 5, M = 2, R = 3: min_t f(x_t) = M R/sqrt(N+1) */
    const char *opts[] = {"subgradient", "subgradient:scale=grad"};
    for (size_t k = 0; k < 2; k++) {
        run("abs_worst:dim=5,M=2,R=3", opts[k], 4, &r);
        double best = INFINITY;
        for (size_t t = 0; t < r.trace.n; t++)
            best = fmin(best, r.trace.f_gap[t]);
        assert_rel(best, table_bound("subgradient", &r, 4, 4), TIGHT);
        assert_rel(best, 6.0 / sqrt(5.0), TIGHT);  /* M R/sqrt(N+1) */
        ds_result_free(&r);
    }
    /* 1-D M|x|: within the bound, and strictly so */
    run("abs_worst:M=2,R=3", "subgradient", 8, &r);
    double best = INFINITY;
    for (size_t t = 0; t < r.trace.n; t++)
        best = fmin(best, r.trace.f_gap[t]);
    assert_true(best <= table_bound("subgradient", &r, 8, 8) * (1 + TIGHT));
    assert_true(best < 0.5 * table_bound("subgradient", &r, 8, 8));
    ds_result_free(&r);
    /* box=1: a step of 3 from 1 lands on -2 and is projected to -1; a start
     * outside the box is refused */
    run("abs_worst:box=1", "subgradient:lr=3", 1, &r);
    assert_true(r.trace.x[1] == -1.0);
    ds_result_free(&r);
    {
        ds_values bv;
        ds_err berr = {0};
        ds_problem *bp = NULL;
        assert_int_equal(ds_problem_parse("abs_worst:dim=4,R=3,box=1", &bv, &berr), 0);
        assert_int_equal(ds_problem_new(&bv, 1, &bp, &berr), DS_EINVAL);
        assert_non_null(strstr(berr.msg, "box=1"));
        ds_problem_free(bp);
        ds_values_free(&bv);
    }
    /* no Lipschitz constant: refused, unless M is given */
    ds_values pv = {.n = 0}, ov = {.n = 0}, sv = {.n = 0};
    ds_err err = {0};
    assert_int_equal(ds_problem_parse("quadratic:dim=2", &pv, &err), 0);
    assert_int_equal(ds_optimizer_parse("subgradient:lr=0.1", &ov, &err), 0);
    assert_int_equal(ds_schedule_parse("constant", &sv, &err), 0);
    ds_run_spec rs = {.problem = &pv, .optimizer = &ov, .schedule = &sv, .seed = 1};
    ds_stop_defaults(&rs.stop);
    rs.stop.max_iters = 3;
    assert_int_equal(ds_run(&rs, &r, &err), DS_ENOTSUP);
    assert_non_null(strstr(err.msg, "Lipschitz"));
    ds_values_free(&pv);
    ds_values_free(&ov);
    ds_values_free(&sv);
}

/* ---- GD's exact gradient rate -------------------------------------------- */

/* min_{k<=N} ||f'(x_k)||^2 on f = x^2 (L = 2) from 1 with step h/L:
 * x_k = (1-h)^k, so the minimum is 4 (1-h)^(2N). For h = 1.9 and N = 10,
 * (1-h)^(-2N) - 1 = 0.81^-10 - 1 = 7.2 < 2Nh = 38: the catalog's bound is
 * 2 L D (1-h)^(2N), met; for h = 1.5 it is 2 L D/(1 + 2Nh), far above. */
static void test_gd_grad_exact(void **st)
{
    (void)st;
    const double hs[2] = {1.9, 1.5};
    for (int k = 0; k < 2; k++) {
        char opt[32];
        snprintf(opt, sizeof opt, "gd:lr=%g/L", hs[k]);
        ds_result r;
        run("quadratic:dim=1,L=2,mu=2,x0=1", opt, 10, &r);
        double best = INFINITY;
        for (long t = 0; t <= 10; t++) {
            best = fmin(best, r.trace.grad_norm[t] * r.trace.grad_norm[t]);
            assert_true(best <= table_bound("gd-grad-exact", &r, 10, t) * (1 + TIGHT));
        }
        double b = table_bound("gd-grad-exact", &r, 10, 10);
        if (k == 0) {
            assert_rel(best, 4 * pow(0.81, 10), TIGHT);
            assert_rel(best, b, TIGHT);
        } else {
            assert_rel(b, 4.0 / 31, 1e-15);
            assert_true(best < 1e-3 * b);
        }
        ds_result_free(&r);
    }
}

/* ---- Nesterov's nonsmooth lower bound ------------------------------------ */

static void test_nonsmooth_lower(void **st)
{
    (void)st;
    /* dim 9, M = 2, R = 3: gamma = 3*2/4 = 1.5, mu = 2/(4*3) = 1/6,
     * x*_i = -R/3 = -1, f* = -1.5 + (1/6)(9/2) = -0.75 = -M R/(2(1+3)) */
    ds_problem *p = problem("nesterov_nonsmooth:dim=9,M=2,R=3");
    assert_rel(p->f_star, -0.75, 1e-15);
    for (size_t i = 0; i < 9; i++)
        assert_rel(p->x_star[i], -1.0, 1e-15);
    double g[9], x[9] = {0};
    /* the resisting oracle: at x0 = 0 every coordinate ties, e_1 is returned */
    p->type->grad(p, x, g);
    assert_rel(g[0], 1.5, 1e-15);
    for (size_t i = 1; i < 9; i++)
        assert_true(g[i] == 0.0);
    /* M-Lipschitz everywhere, with equality far out along e_1:
     * gamma + mu R = 1.5 + 0.5 = 2 */
    x[0] = 1e6;
    p->type->grad(p, x, g);
    assert_rel(ds_nrm2(9, g), 2.0, 1e-12);
    ds_rng rng;
    ds_rng_init(&rng, 3);
    for (int k = 0; k < 100; k++) {
        for (size_t i = 0; i < 9; i++)
            x[i] = 10 * ds_rng_gaussian(&rng);
        p->type->grad(p, x, g);
        assert_true(ds_nrm2(9, g) <= 2.0 * (1 + 1e-15));
    }
    ds_rng_free(&rng);
    ds_problem_free(p);
    /* span methods in dimension N+1: x_N keeps its last coordinate at 0,
     * and f(x_t) - f* never falls below the catalog's bound (0.75 at N = 8) */
    const char *opts[] = {"subgradient", "subgradient:scale=grad", "polyak", "gd:lr=0.5",
                          "heavy_ball:lr=0.5,momentum=0.5"};
    for (long N = 1; N <= 16; N *= 2) {
        char spec[96];
        snprintf(spec, sizeof spec, "nesterov_nonsmooth:dim=%ld,M=2,R=3", N + 1);
        for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
            ds_result r;
            run(spec, opts[i], N, &r);
            assert_true(r.x_final[N] == 0.0);
            if (N == 8)
                assert_rel(table_bound("nesterov-lower-nonsmooth", &r, N, N), 0.75, 1e-15);
            for (long t = 1; t <= N; t++) {
                double lb = table_bound("nesterov-lower-nonsmooth", &r, N, t);
                if (!(r.trace.f_gap[t] >= lb * (1 - 1e-12)))
                    fail_msg("%s on %s at t=%ld: %.17g below the lower bound %.17g", opts[i], spec, t,
                             r.trace.f_gap[t], lb);
            }
            ds_result_free(&r);
        }
    }
}

/* ---- Newton's local quadratic rate ------------------------------------------ */

static void test_newton_quadratic(void **st)
{
    (void)st;
    /* f = x^2/2 + |x|^3/3 (mu = 1, M = 2) from 1: the full Newton step is
     * x+ = x^2/(1 + 2x), so x_k = 1/(2^(2^k) - 1) (x = 1/(a-1) gives
     * 1/(a^2-1)): 1, 1/3, 1/15, 1/255, 1/65535 */
    ds_result r;
    run("cubic_sc:dim=1,mu=1,M=2,x0=1", "newton", 5, &r);
    double a = 2;
    for (long t = 0; t <= 5; t++, a *= a)
        assert_rel(r.trace.x[t], 1 / (a - 1), 1e-12);
    /* within the catalog's bound at every step; |x+|/((M/2mu) x^2) =
     * 1/(1 + 2x) tends to 1: squared, (15/17)^2 at t = 3 (after 1/15) and
     * (255/257)^2 at t = 4 (after 1/255) */
    for (long t = 1; t <= 5; t++) {
        double d2 = r.trace.dist[t] * r.trace.dist[t];
        assert_true(d2 <= table_bound("newton-quadratic", &r, 5, t) * (1 + 1e-12));
    }
    assert_rel(r.trace.dist[3] * r.trace.dist[3] / table_bound("newton-quadratic", &r, 5, 3),
               pow(15.0 / 17.0, 2), 1e-12);
    assert_rel(r.trace.dist[4] * r.trace.dist[4] / table_bound("newton-quadratic", &r, 5, 4),
               pow(255.0 / 257.0, 2), 1e-12);
    ds_result_free(&r);
}

/* ---- heavy ball's 3-cycle ----------------------------------------------- */

static double hb_grad(double x)
{
    return x < 1 ? 25 * x : x < 2 ? x + 24 : 25 * x - 24;
}

static void test_hb_cycle(void **st)
{
    (void)st;
    /* torch SGD with momentum beta, dampening 0: b_0 = g_0, b_t = beta b_{t-1}
     * + g_t, x_{t+1} = x_t - alpha b_t. Since alpha b_{t-1} = x_{t-1} - x_t,
     * x_{t+1} = x_t - alpha g_t + beta (x_t - x_{t-1}) with x_{-1} = x_0:
     * Polyak's heavy ball. */
    ds_result r;
    long T = 600;
    run("hb_cycle", "sgd:lr=1/9,momentum=4/9,batch=all", T, &r);
    double a = 1.0 / 9.0, b = 4.0 / 9.0, x = 3.3, xp = 3.3;
    for (long t = 0; t <= T; t++) {
        assert_close(r.trace.x[t], x, 1e-9);
        double xn = x - a * hb_grad(x) + b * (x - xp);
        xp = x, x = xn;
    }
    /* the cycle 792/1225 -> -2208/1225 -> 2592/1225 (two points in the
     * 25x^2/2 piece, one in the 25x^2/2 - 24x + 36 piece) is a fixed cycle
     * of the recursion, and the run lands on it */
    double c[3] = {792.0 / 1225.0, -2208.0 / 1225.0, 2592.0 / 1225.0};
    for (int i = 0; i < 3; i++) {
        double prev = c[(i + 2) % 3], next = c[(i + 1) % 3];
        assert_close(c[i] - a * hb_grad(c[i]) + b * (c[i] - prev), next, 1e-14);
    }
    assert_close(c[0], 0.6465, 1e-4);
    assert_close(c[1], -1.8024, 1e-4);
    assert_close(c[2], 2.1159, 1e-4);
    /* find the phase of the last iterate, then match three in a row */
    int ph = 0;
    for (int i = 1; i < 3; i++)
        if (fabs(r.trace.x[T] - c[i]) < fabs(r.trace.x[T] - c[ph]))
            ph = i;
    for (int k = 0; k < 3; k++)
        assert_close(r.trace.x[T - k], c[(ph + 3 - k) % 3], 1e-9);
    ds_result_free(&r);
}

/* ---- Adam's counterexample ------------------------------------------------ */

/* Drive an optimizer by hand on adam_counter with lr_t = alpha/sqrt(t+1),
 * the cyclic sample order and the projection, as the runner would with a
 * robbins_monro schedule; returns x after T steps, a multiple of 3. */
static double counter_run(const char *opt, double alpha, long T, double *xmean)
{
    ds_problem *p = problem("adam_counter:C=3");
    ds_values ov = {.n = 0};
    ds_err err = {0};
    if (ds_optimizer_parse(opt, &ov, &err) || ds_values_bind(&ov, NULL, &err))
        fail_msg("%s: %s", opt, err.msg);
    const ds_optimizer_type *ot = ds_optimizer_find(ov.name);
    ds_rng rng;
    ds_oracle o;
    assert_int_equal(ds_rng_init(&rng, 7), 0);
    assert_int_equal(ds_oracle_init(&o, p, &rng, 1, 0, &err), 0);
    void *state = calloc(1, ot->state_size);
    double x = p->x0[0], g, gn;
    assert_int_equal(ot->init(state, &ov, p, &x, T, &err), DS_OK);
    double sum = 0;
    for (long t = 0; t < T; t++) {
        ds_sfg(&o, &x, &g);
        ds_step s = {.x = &x, .g = &g, .lr = alpha / sqrt(t + 1.0), .t = t, .dim = 1,
                     .oracle = &o, .g_new = &gn};
        assert_int_equal(ot->step(state, &s), DS_OK);
        p->type->project(p, &x);
        if (t >= T - 3)
            sum += x;
    }
    *xmean = sum / 3;
    ot->free(state);
    free(state);
    ds_oracle_free(&o);
    ds_rng_free(&rng);
    ds_problem_free(p);
    ds_values_free(&ov);
    return x;
}

/* AdaGrad (Duchi et al. 2011, diagonal): x -= alpha g/sqrt(sum g^2), by
 * hand (no adagrad on this branch), with the same oracle and projection. */
static double adagrad_counter(double alpha, long T)
{
    double x = 1.0, s = 0.0;
    for (long t = 0; t < T; t++) {
        double g = t % 3 == 0 ? 3.0 : -1.0;
        s += g * g;
        x = fmax(-1.0, fmin(1.0, x - alpha * g / sqrt(s)));
    }
    return x;
}

static void test_adam_counter(void **st)
{
    (void)st;
    ds_problem *p = problem("adam_counter:C=3");
    assert_rel(p->f_star, -1.0 / 3.0, 1e-15);
    double x = 1.0, g;
    assert_rel(ds_problem_fg(p, &x, &g), 1.0 / 3.0, 1e-15);
    ds_problem_free(p);
    /* beta2 = 1/(1 + C^2) = 0.1, beta1 = 0 */
    double mean;
    double xa = counter_run("adam:beta1=0,beta2=0.1", 0.5, 3000, &mean);
    assert_rel(xa, 1.0, 0);  /* pinned at the worst point, every cycle */
    assert_true(mean > 0.9);
    double xm = counter_run("adam:beta1=0,beta2=0.1,amsgrad=1", 0.5, 3000, &mean);
    assert_true(xm < -0.95 && mean < -0.95);
    assert_true(adagrad_counter(0.5, 3000) < -0.95);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sequences),
        cmocka_unit_test(test_gd_huber),
        cmocka_unit_test(test_ogm_tight),
        cmocka_unit_test(test_ogmg_tight),
        cmocka_unit_test(test_item_tight),
        cmocka_unit_test(test_triple_momentum_tight),
        cmocka_unit_test(test_agd_bounds),
        cmocka_unit_test(test_fista_indexing),
        cmocka_unit_test(test_lower_bound),
        cmocka_unit_test(test_nesterov_worst),
        cmocka_unit_test(test_gradients),
        cmocka_unit_test(test_subgradient_tight),
        cmocka_unit_test(test_gd_grad_exact),
        cmocka_unit_test(test_nonsmooth_lower),
        cmocka_unit_test(test_newton_quadratic),
        cmocka_unit_test(test_hb_cycle),
        cmocka_unit_test(test_adam_counter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
