/* Second-order, quasi-Newton, matrix and GSL baseline methods: first steps
 * against hand-derived values, closed forms (Newton's one-step solve,
 * L-BFGS's finite termination, Cauchy's exact-step rate), convergence on
 * Rosenbrock, and refusals with their messages. */
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>

#include "../harness/runner.h"
#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../core/schedule.h"
#include "../core/vec.h"
#include "testutil.h"

/* One run, every iteration recorded; x0 may be NULL (the problem's start). */
static int run1(const char *prob, const char *opt, long iters, double gtol, const double *x0, size_t nx0,
                ds_result *res, ds_err *err)
{
    ds_values pv = {.n = 0}, ov = {.n = 0}, sv = {.n = 0};
    int rc;
    ds_run_spec rs = {.problem = &pv, .optimizer = &ov, .schedule = &sv, .seed = 1, .suite_seed = 7,
                      .log_every = 1, .x0 = x0, .x0_len = nx0};
    ds_stop_defaults(&rs.stop);
    rs.stop.max_iters = iters;
    rs.stop.gtol = gtol;
    if (!(rc = ds_problem_parse(prob, &pv, err)) && !(rc = ds_optimizer_parse(opt, &ov, err)) &&
        !(rc = ds_schedule_parse("constant", &sv, err)))
        rc = ds_run(&rs, res, err);
    ds_values_free(&pv);
    ds_values_free(&ov);
    ds_values_free(&sv);
    return rc;
}

static void run_ok(const char *prob, const char *opt, long iters, double gtol, const double *x0, size_t nx0,
                   ds_result *res)
{
    ds_err err = {0};
    int rc = run1(prob, opt, iters, gtol, x0, nx0, res, &err);
    if (rc)
        fail_msg("%s on %s: %s", opt, prob, err.msg);
}

/* The run is refused with a message containing `want`. */
static void refused(const char *prob, const char *opt, const char *want)
{
    ds_err err = {0};
    ds_result res;
    int rc = run1(prob, opt, 3, 0, NULL, 0, &res, &err);
    if (rc == DS_OK) {
        ds_result_free(&res);
        fail_msg("%s on %s was accepted", opt, prob);
    }
    if (!strstr(err.msg, want))
        fail_msg("%s on %s: message '%s' lacks '%s'", opt, prob, err.msg, want);
}

/* The problem instance a run with seed 1 sees, and its gradient at x. */
static ds_problem *instance(const char *prob)
{
    ds_values pv = {.n = 0};
    ds_err err = {0};
    ds_problem *p = NULL;
    if (ds_problem_parse(prob, &pv, &err) || ds_problem_new(&pv, 1, &p, &err))
        fail_msg("%s: %s", prob, err.msg);
    ds_values_free(&pv);
    return p;
}

/* ---- gd:ls=exact ------------------------------------------------------- */

/* Cauchy's steepest descent with exact steps on diag(L, mu) from x0
 * proportional to (1/L, 1/mu) zig-zags with the worst-case rate
 * f_{k+1} - f* = ((kappa-1)/(kappa+1))^2 (f_k - f*) at every step. */
static void test_gd_exact_rate(void **state)
{
    (void)state;
    double kappa = 10, x0[2] = {1.0 / 10, 1.0};
    ds_result res;
    run_ok("quadratic:dim=2,rotate=0,kappa=10", "gd:ls=exact", 12, 0, x0, 2, &res);
    double q = (kappa - 1) / (kappa + 1);
    assert_int_equal(res.trace.n, 13);
    for (size_t k = 0; k + 1 < res.trace.n; k++)
        assert_rel(res.trace.f_gap[k + 1] / res.trace.f_gap[k], q * q, 1e-12);
    ds_result_free(&res);
}

/* ---- newton -------------------------------------------------------------- */

static void test_newton_quadratic_one_step(void **state)
{
    (void)state;
    ds_result res;
    run_ok("quadratic:dim=6,kappa=100,xstar=random", "newton", 1, 0, NULL, 0, &res);
    ds_problem *p = instance("quadratic:dim=6,kappa=100,xstar=random");
    for (size_t i = 0; i < 6; i++)
        assert_close(res.x_final[i], p->x_star[i], 1e-12);
    assert_int_equal(res.n_hvp, 6);  /* one column of the Hessian each */
    ds_problem_free(p);
    ds_result_free(&res);
}

/* At (0, 1) the Rosenbrock Hessian is diag(-398, 200): Nocedal & Wright's
 * shift tau = 398 + beta, beta = 1e-3 ||H||_F, gives the direction
 * p = (2 / beta, -200 / (598 + beta)), and the accepted step is p halved
 * until Armijo holds. */
static void test_newton_indefinite_shift(void **state)
{
    (void)state;
    double x0[2] = {0.0, 1.0};
    ds_result res;
    run_ok("rosenbrock", "newton", 1, 0, x0, 2, &res);
    double beta = 1e-3 * sqrt(398.0 * 398.0 + 200.0 * 200.0);
    double p0 = 2.0 / beta, p1 = -200.0 / (598.0 + beta);
    double a0 = (res.x_final[0] - x0[0]) / p0, a1 = (res.x_final[1] - x0[1]) / p1;
    assert_rel(a0, a1, 1e-12);
    double k = -log2(a0);  /* alpha = 2^-k */
    assert_close(k, round(k), 1e-12);
    assert_true(k >= 1);
    assert_true(res.f_final < res.f0);
    ds_result_free(&res);
}

static void test_newton_rosenbrock(void **state)
{
    (void)state;
    ds_result res;
    run_ok("rosenbrock", "newton", 50, 1e-8, NULL, 0, &res);
    assert_int_equal(res.status, DS_ST_CONVERGED);
    assert_close(res.x_final[0], 1.0, 1e-8);
    assert_close(res.x_final[1], 1.0, 1e-8);
    ds_result_free(&res);
}

static void test_newton_refusals(void **state)
{
    (void)state;
    refused("quadratic:dim=5001", "newton", "dim=5001 is above 5000");
    refused("quadratic:dim=4", "newton:c1=1", "c1");
    refused("quadratic:dim=4", "newton:backtrack=0", "backtrack");
}

/* ---- lbfgs --------------------------------------------------------------- */

/* diag(4, 1) from (1, 1): g = (4, 1), first trial a = min(1, 1/||g||_1) = 0.2,
 * phi'(a) = -17 + 65 a, so a = 0.2 meets both Wolfe conditions
 * (|-4| <= 0.9 * 17) and x1 = (0.2, 0.8). The second step is the BFGS
 * step from H0 = (s'y/y'y) I, checked against the matrix form of the update
 * H1 = V' H0 V + rho s s', V = I - rho y s', with the unit step. */
static void test_lbfgs_first_steps(void **state)
{
    (void)state;
    double x0[2] = {1, 1};
    ds_result res;
    run_ok("quadratic:dim=2,rotate=0,kappa=4", "lbfgs", 2, 0, x0, 2, &res);
    const double *X = res.trace.x;
    assert_close(X[2], 0.2, 1e-15);
    assert_close(X[3], 0.8, 1e-15);

    double s[2] = {-0.8, -0.2}, y[2] = {4 * s[0], s[1]}, g1[2] = {4 * 0.2, 0.8};
    double ys = y[0] * s[0] + y[1] * s[1], rho = 1 / ys, gam = ys / (y[0] * y[0] + y[1] * y[1]);
    double V[2][2], H[2][2];
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            V[i][j] = (i == j) - rho * y[i] * s[j];
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            H[i][j] = gam * (V[0][i] * V[0][j] + V[1][i] * V[1][j]) + rho * s[i] * s[j];
    double d[2] = {-(H[0][0] * g1[0] + H[0][1] * g1[1]), -(H[1][0] * g1[0] + H[1][1] * g1[1])};
    /* the unit step is acceptable: check, then expect it */
    double x2[2] = {0.2 + d[0], 0.8 + d[1]};
    double f1 = 0.5 * (4 * 0.04 + 0.64), f2 = 0.5 * (4 * x2[0] * x2[0] + x2[1] * x2[1]);
    double gtd = g1[0] * d[0] + g1[1] * d[1], dphi = 4 * x2[0] * d[0] + x2[1] * d[1];
    assert_true(f2 <= f1 + 1e-4 * gtd && fabs(dphi) <= -0.9 * gtd);
    assert_close(X[4], x2[0], 1e-14);
    assert_close(X[5], x2[1], 1e-14);
    ds_result_free(&res);
}

/* With exact steps and m >= dim, L-BFGS is conjugate gradients on a
 * quadratic: ||g|| vanishes at step dim and not before. */
static void test_lbfgs_finite_termination(void **state)
{
    (void)state;
    ds_result res;
    run_ok("quadratic:dim=8,kappa=100", "lbfgs:ls=exact", 8, 0, NULL, 0, &res);
    double g0 = res.trace.grad_norm[0];
    assert_true(res.trace.grad_norm[7] > 1e-6 * g0);
    assert_true(res.trace.grad_norm[8] < 1e-11 * g0);
    ds_result_free(&res);
}

static void test_lbfgs_rosenbrock(void **state)
{
    (void)state;
    ds_result res;
    run_ok("rosenbrock", "lbfgs", 100, 1e-8, NULL, 0, &res);
    assert_int_equal(res.status, DS_ST_CONVERGED);
    assert_true(res.gnorm_final < 1e-8);
    assert_close(res.x_final[0], 1.0, 1e-7);
    assert_close(res.x_final[1], 1.0, 1e-7);
    /* the f and gradient lbfgs reports are those of its x */
    double g[2];
    ds_problem *p = instance("rosenbrock");
    assert_true(ds_problem_fg(p, res.x_final, g) == res.f_final);
    ds_problem_free(p);
    ds_result_free(&res);
}

/* Past the first m steps the memory is a ring whose oldest pair gives way
 * to the newest; near the solution steps are tiny, and a pair must still be
 * kept when its curvature is positive beyond rounding (an absolute
 * threshold such as y's > 1e-10 stalls this run near ||g|| = 1e-7). */
static void test_lbfgs_memory_ring(void **state)
{
    (void)state;
    ds_result res;
    run_ok("quadratic:dim=200,kappa=1e4", "lbfgs:m=10", 400, 1e-8, NULL, 0, &res);
    assert_int_equal(res.status, DS_ST_CONVERGED);
    ds_result_free(&res);
}

static void test_lbfgs_refusals(void **state)
{
    (void)state;
    refused("rosenbrock", "lbfgs:c1=0.95", "c1=0.95 must be below c2=0.9");
    refused("rosenbrock", "lbfgs:ls=exact", "ls=exact needs a quadratic");
    refused("rosenbrock", "lbfgs:m=0", "m");
}

/* ---- GSL baselines ------------------------------------------------------- */

static void test_gsl_rosenbrock(void **state)
{
    (void)state;
    static const struct {
        const char *spec;
        long iters;
    } cases[] = {{"gsl_bfgs2", 200}, {"gsl_cg_fr", 1000}, {"gsl_cg_pr", 1000}, {"gsl_steepest", 40000}};
    ds_problem *p = instance("rosenbrock");
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        ds_result res;
        run_ok("rosenbrock", cases[k].spec, cases[k].iters, 1e-6, NULL, 0, &res);
        if (res.status != DS_ST_CONVERGED)
            fail_msg("%s: %s after %ld steps", cases[k].spec, ds_status_name(res.status), res.iters);
        assert_close(res.x_final[0], 1.0, 1e-5);
        assert_close(res.x_final[1], 1.0, 1e-5);
        double g[2];
        assert_true(ds_problem_fg(p, res.x_final, g) == res.f_final);  /* copied out of GSL */
        ds_result_free(&res);
    }
    ds_problem_free(p);
}

/* GSL's steepest descent tries x - step g/||g|| with step = step_size and
 * keeps it when f decreases: from (1, 1) on diag(4, 1), x1 = (1, 1) -
 * 0.01 (4, 1)/sqrt(17). */
static void test_gsl_steepest_first_step(void **state)
{
    (void)state;
    double x0[2] = {1, 1};
    ds_result res;
    run_ok("quadratic:dim=2,rotate=0,kappa=4", "gsl_steepest", 1, 0, x0, 2, &res);
    assert_close(res.x_final[0], 1 - 0.04 / sqrt(17.0), 1e-15);
    assert_close(res.x_final[1], 1 - 0.01 / sqrt(17.0), 1e-15);
    ds_result_free(&res);
}

/* Near the solution GSL reports "no progress": a step that leaves x, not a
 * failure. */
static void test_gsl_no_progress_is_not_failure(void **state)
{
    (void)state;
    ds_result res;
    run_ok("rosenbrock", "gsl_bfgs2", 300, 0, NULL, 0, &res);
    assert_int_equal(res.status, DS_ST_MAX_ITERS);
    assert_true(res.gap_final < 1e-15);
    ds_result_free(&res);
}

static void test_gsl_refusals(void **state)
{
    (void)state;
    refused("rosenbrock", "gsl_cg_fr:step_size=0", "step_size");
    refused("rosenbrock", "gsl_bfgs2:tol=-1", "tol");
}

/* ---- sophia -------------------------------------------------------------- */

/* diag(4, 1): u (.) (A u) = (4, 1) for every Rademacher u, so h = 0.01 (4, 1)
 * after the first estimate. From (0.1, 1) with gamma = 1, lr = 0.1:
 * m = 0.04 g = (0.016, 0.04), m/h = (0.4, 4) -> clipped (0.4, 1),
 * x1 = (0.06, 0.9); then g = (0.24, 0.9), m = (0.02496, 0.0744), h unchanged,
 * m/h = (0.624, 7.44) -> (0.624, 1), x2 = (-0.0024, 0.8). */
static void test_sophia_first_steps(void **state)
{
    (void)state;
    double x0[2] = {0.1, 1};
    ds_result res;
    run_ok("quadratic:dim=2,rotate=0,kappa=4", "sophia:lr=0.1,gamma=1", 2, 0, x0, 2, &res);
    const double *X = res.trace.x;
    assert_close(X[2], 0.06, 1e-15);
    assert_close(X[3], 0.9, 1e-15);
    assert_close(X[4], -0.0024, 1e-15);
    assert_close(X[5], 0.8, 1e-15);
    assert_int_equal(res.n_hvp, 1);
    ds_result_free(&res);
}

/* No coordinate moves by more than lr, and some move by exactly lr (the
 * clip is active); one Hessian estimate every k steps. */
static void test_sophia_clipping(void **state)
{
    (void)state;
    const char *probs[] = {"quadratic:dim=3,kappa=100", "rosenbrock"};
    for (size_t k = 0; k < 2; k++) {
        ds_result res;
        run_ok(probs[k], "sophia:lr=0.05", 200, 0, NULL, 0, &res);
        size_t d = res.trace.xdim;
        double big = 0;
        for (size_t t = 0; t + 1 < res.trace.n; t++)
            for (size_t i = 0; i < d; i++)
                big = fmax(big, fabs(res.trace.x[(t + 1) * d + i] - res.trace.x[t * d + i]));
        assert_true(big <= 0.05 * (1 + 1e-12));
        assert_close(big, 0.05, 1e-12);
        assert_int_equal(res.n_hvp, 20);
        ds_result_free(&res);
    }
}

static void test_sophia_refusals(void **state)
{
    (void)state;
    refused("rosenbrock", "sophia:k=0", "k");
    refused("rosenbrock", "sophia:gamma=0", "gamma");
    refused("rosenbrock", "sophia:beta2=1", "beta2");
}

/* ---- shampoo and muon ------------------------------------------------------ */

/* x0 on diag(lambda) (x* = 0) such that the gradient at x0 is
 * G = sigma u v' with u = (1, 2, 2)/3, v = (1, 1, 1, 1)/2. */
#define R1_PROB "quadratic:dim=12,rows=3,rotate=0,kappa=4"
static void rank1_start(double sigma, double *x0, double *uv)
{
    ds_problem *p = instance(R1_PROB);
    double u[3] = {1.0 / 3, 2.0 / 3, 2.0 / 3}, e[12] = {0}, hv[12];
    for (size_t k = 0; k < 12; k++) {
        uv[k] = u[k / 4] * 0.5;
        e[k] = 1;
        p->type->hvp(p, e, e, hv);
        e[k] = 0;
        x0[k] = sigma * uv[k] / hv[k];
    }
    ds_problem_free(p);
}

/* L^{-1/4} G R^{-1/4} = sigma (sigma^2 + eps)^{-1/2} u v' for G = sigma u v'. */
static void test_shampoo_rank1_first_step(void **state)
{
    (void)state;
    double x0[12], uv[12], sigma = 2, eps = 1e-4, lr = 0.3;
    rank1_start(sigma, x0, uv);
    ds_result res;
    run_ok(R1_PROB, "shampoo:lr=0.3", 1, 0, x0, 12, &res);
    double c = lr * sigma / sqrt(sigma * sigma + eps);
    for (size_t k = 0; k < 12; k++)
        assert_close(res.x_final[k], x0[k] - c * uv[k], 1e-14);
    ds_result_free(&res);
}

/* With G = U S V' (3 x 4, rank 3), L = U (S^2 + eps) U' and
 * R = V (S^2 + eps) V' + eps (I - V V'), so the first step is
 * lr U diag(s / sqrt(s^2 + eps)) V', here from GSL's one-sided Jacobi SVD
 * (a different algorithm from the optimizer's eigendecompositions). */
static void test_shampoo_first_step_direct(void **state)
{
    (void)state;
    const char *prob = "quadratic:dim=12,rows=3,kappa=4,xstar=random";
    ds_problem *p = instance(prob);
    double G[12], eps = 1e-4, lr = 0.5;
    ds_problem_fg(p, p->x0, G);
    /* the SVD of the transpose A = G' = Ua S Va' gives U = Va, V = Ua */
    gsl_matrix *A = gsl_matrix_alloc(4, 3), *V = gsl_matrix_alloc(3, 3);
    gsl_vector *S = gsl_vector_alloc(3);
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 4; j++)
            gsl_matrix_set(A, j, i, G[i * 4 + j]);
    assert_int_equal(gsl_linalg_SV_decomp_jacobi(A, V, S), 0);
    ds_result res;
    run_ok(prob, "shampoo:lr=0.5", 1, 0, NULL, 0, &res);
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 4; j++) {
            double u = 0;
            for (size_t k = 0; k < 3; k++) {
                double sk = gsl_vector_get(S, k);
                u += gsl_matrix_get(V, i, k) * sk / sqrt(sk * sk + eps) * gsl_matrix_get(A, j, k);
            }
            assert_close(res.x_final[i * 4 + j], p->x0[i * 4 + j] - lr * u, 1e-13);
        }
    ds_result_free(&res);
    gsl_matrix_free(A);
    gsl_matrix_free(V);
    gsl_vector_free(S);
    ds_problem_free(p);
}

/* The quintic Newton-Schulz map on one singular value, composed n times. */
static double ns_poly(double s, int n)
{
    for (int k = 0; k < n; k++)
        s = 3.4445 * s - 4.7750 * s * s * s + 2.0315 * s * s * s * s * s;
    return s;
}

/* G = sigma u v': the first buffer is G, nesterov orthogonalizes
 * (1 + 0.95) G, whose normalized form has the single singular value
 * s0 = 1.95 sigma / (1.95 sigma + 1e-7); the update is lr phi^5(s0) u v'
 * (scale max(1, 3/4)^0.5 = 1). */
static void test_muon_rank1_first_step(void **state)
{
    (void)state;
    double x0[12], uv[12], sigma = 3, lr = 0.1;
    rank1_start(sigma, x0, uv);
    ds_result res;
    run_ok(R1_PROB, "muon:lr=0.1", 1, 0, x0, 12, &res);
    double s0 = 1.95 * sigma / (1.95 * sigma + 1e-7), o = ns_poly(s0, 5);
    assert_true(o > 0.6 && o < 1.2);  /* orthogonal-ish */
    for (size_t k = 0; k < 12; k++)
        assert_close(res.x_final[k], x0[k] - lr * o * uv[k], 1e-14);
    ds_result_free(&res);
}

/* Full-rank G in both orientations: O = U phi^5(S) V' from a direct SVD of
 * G / (||G||_F + 1e-7); a 4 x 3 parameter is scaled by sqrt(4/3). Without
 * nesterov the first buffer is G itself. */
static void test_muon_first_step_direct(void **state)
{
    (void)state;
    const char *probs[] = {"quadratic:dim=12,rows=4,kappa=4,xstar=random",
                           "quadratic:dim=12,rows=3,kappa=4,xstar=random"};
    for (int pi = 0; pi < 2; pi++) {
        ds_problem *p = instance(probs[pi]);
        size_t r = p->rows, c = p->cols, m = r > c ? r : c, n = r > c ? c : r;
        double G[12], lr = 0.2;
        ds_problem_fg(p, p->x0, G);
        double fro = ds_nrm2(12, G);
        /* A = the m x n orientation of G (GSL's SVD needs rows >= cols) */
        gsl_matrix *A = gsl_matrix_alloc(m, n), *V = gsl_matrix_alloc(n, n);
        gsl_vector *S = gsl_vector_alloc(n), *w = gsl_vector_alloc(n);
        for (size_t i = 0; i < r; i++)
            for (size_t j = 0; j < c; j++) {
                double g = G[i * c + j] / (fro + 1e-7);
                if (r >= c)
                    gsl_matrix_set(A, i, j, g);
                else
                    gsl_matrix_set(A, j, i, g);
            }
        assert_int_equal(gsl_linalg_SV_decomp(A, V, S, w), 0);
        ds_result res;
        run_ok(probs[pi], "muon:lr=0.2,nesterov=0", 1, 0, NULL, 0, &res);
        double scale = sqrt(fmax(1.0, (double)r / (double)c));
        for (size_t i = 0; i < r; i++)
            for (size_t j = 0; j < c; j++) {
                size_t a = r >= c ? i : j, b = r >= c ? j : i;
                double o = 0;
                for (size_t k = 0; k < n; k++)
                    o += gsl_matrix_get(A, a, k) * ns_poly(gsl_vector_get(S, k), 5) * gsl_matrix_get(V, b, k);
                assert_close(res.x_final[i * c + j], p->x0[i * c + j] - lr * scale * o, 1e-13);
            }
        ds_result_free(&res);
        gsl_matrix_free(A);
        gsl_matrix_free(V);
        gsl_vector_free(S);
        gsl_vector_free(w);
        ds_problem_free(p);
    }
}

static void test_matrix_methods_refusals(void **state)
{
    (void)state;
    refused("quadratic:dim=12", "shampoo", "needs a matrix-shaped parameter");
    refused("quadratic:dim=12", "muon", "needs a matrix-shaped parameter");
    refused("quadratic:dim=12,rows=3", "muon:momentum=0", "nesterov=1 needs momentum > 0");
    refused("quadratic:dim=12,rows=3", "shampoo:update_every=0", "update_every");
    refused("quadratic:dim=12,rows=3", "shampoo:eps=0", "eps");
}

/* Both converge on the matrix quadratic the issue names. */
static void test_matrix_methods_converge(void **state)
{
    (void)state;
    ds_result res;
    run_ok("quadratic:dim=12,rows=3,kappa=4", "shampoo", 300, 0, NULL, 0, &res);
    assert_true(res.gap_final < 1e-10 * res.f0);
    ds_result_free(&res);
    run_ok("quadratic:dim=12,rows=3,kappa=4", "muon", 300, 0, NULL, 0, &res);
    assert_true(res.gap_final < 1e-2 * res.f0);
    ds_result_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gd_exact_rate),
        cmocka_unit_test(test_newton_quadratic_one_step),
        cmocka_unit_test(test_newton_indefinite_shift),
        cmocka_unit_test(test_newton_rosenbrock),
        cmocka_unit_test(test_newton_refusals),
        cmocka_unit_test(test_lbfgs_first_steps),
        cmocka_unit_test(test_lbfgs_finite_termination),
        cmocka_unit_test(test_lbfgs_rosenbrock),
        cmocka_unit_test(test_lbfgs_memory_ring),
        cmocka_unit_test(test_lbfgs_refusals),
        cmocka_unit_test(test_gsl_rosenbrock),
        cmocka_unit_test(test_gsl_steepest_first_step),
        cmocka_unit_test(test_gsl_no_progress_is_not_failure),
        cmocka_unit_test(test_gsl_refusals),
        cmocka_unit_test(test_sophia_first_steps),
        cmocka_unit_test(test_sophia_clipping),
        cmocka_unit_test(test_sophia_refusals),
        cmocka_unit_test(test_shampoo_rank1_first_step),
        cmocka_unit_test(test_shampoo_first_step_direct),
        cmocka_unit_test(test_muon_rank1_first_step),
        cmocka_unit_test(test_muon_first_step_direct),
        cmocka_unit_test(test_matrix_methods_refusals),
        cmocka_unit_test(test_matrix_methods_converge),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
