/* The optimizer catalog: the first steps of each method against its
 * published update rule, invalid parameters refused by name, and a loop
 * over every registered method.
 *
 * The hand-checked runs use f(x) = (10 x1^2 + x2^2)/2 ("quadratic:dim=2,
 * rotate=0,mu=1,L=10": A = diag(10, 1), x* = 0, x0 = (1, 1)), so
 * grad f(x) = (10 x1, x2). Each expected trajectory is written below in
 * the textbook form of the rule (bias corrections applied to m and v,
 * sqrt of the corrected v, ...), not in the operation order of the
 * implementation: agreement to 1e-15 says the rule is the same, and a
 * misplaced eps, a missing bias correction or a wrong momentum start each
 * show up many orders of magnitude above that. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "../harness/runner.h"
#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../core/schedule.h"

#define QUAD2 "quadratic:dim=2,rotate=0,mu=1,L=10"
#define TOL 1e-15
#define STEPS 3

typedef struct {
    double x[STEPS + 1][2];  /* x_0 .. x_STEPS */
} traj;

static void grad2(const double *x, double *g)
{
    g[0] = 10.0 * x[0];
    g[1] = x[1];
}

/* Run `opt` on `problem` for `iters` steps through ds_run; rc and err out. */
static int run(const char *problem, const char *opt, long iters, const double *x0, ds_result *res,
               ds_err *err)
{
    ds_values pv = {.n = 0}, ov = {.n = 0}, sv = {.n = 0};
    int rc = ds_problem_parse(problem, &pv, err);
    if (!rc)
        rc = ds_optimizer_parse(opt, &ov, err);
    if (!rc)
        rc = ds_schedule_parse("constant", &sv, err);
    ds_run_spec rs = {.problem = &pv, .optimizer = &ov, .schedule = &sv, .log_every = 1, .x0 = x0,
                      .x0_len = x0 ? 2 : 0};
    ds_stop_defaults(&rs.stop);
    rs.stop.max_iters = iters;
    if (!rc)
        rc = ds_run(&rs, res, err);
    ds_values_free(&pv);
    ds_values_free(&ov);
    ds_values_free(&sv);
    return rc;
}

/* The first STEPS iterates of `opt` on QUAD2 from x0 (NULL: (1, 1)). */
static void trajectory(const char *opt, const double *x0, traj *t)
{
    ds_result res;
    ds_err err = {0};
    int rc = run(QUAD2, opt, STEPS, x0, &res, &err);
    if (rc)
        fail_msg("%s: %s", opt, err.msg);
    assert_int_equal(res.trace.n, STEPS + 1);
    assert_int_equal(res.trace.xdim, 2);
    memcpy(t->x, res.trace.x, sizeof t->x);
    ds_result_free(&res);
}

static void expect(const char *opt, const double *x0, const traj *want)
{
    traj got;
    trajectory(opt, x0, &got);
    for (int k = 0; k <= STEPS; k++)
        for (int i = 0; i < 2; i++)
            if (!(fabs(got.x[k][i] - want->x[k][i]) <= TOL * fabs(want->x[k][i])))
                fail_msg("%s: x_%d[%d] = %.17g, expected %.17g", opt, k, i, got.x[k][i], want->x[k][i]);
}

/* ---- sgd (torch.optim.SGD) ------------------------------------------- */

static void test_sgd_momentum(void **st)
{
    (void)st;
    /* lr = 0.05, momentum = 0.9; torch starts the buffer at the first
     * gradient (b_1 = g_0, no dampening on it):
     *   g0 = (10, 1)      b1 = (10, 1)                    x1 = (1 - 0.5, 1 - 0.05)      = (0.5, 0.95)
     *   g1 = (5, 0.95)    b2 = 0.9 b1 + g1 = (14, 1.85)   x2 = (0.5 - 0.7, 0.95 - 0.0925) = (-0.2, 0.8575)
     *   g2 = (-2, 0.8575) b3 = (12.6 - 2, 1.665 + 0.8575) = (10.6, 2.5225)
     *                                                     x3 = (-0.2 - 0.53, 0.8575 - 0.126125) = (-0.73, 0.731375) */
    traj want = {{{1, 1}, {0.5, 0.95}, {-0.2, 0.8575}, {-0.73, 0.731375}}};
    expect("sgd:lr=0.05,momentum=0.9", NULL, &want);

    /* dampening = 0.5 enters from the second step: b2 = 0.9 b1 + 0.5 g1 = (11.5, 1.375),
     * x2 = (0.5 - 0.575, 0.95 - 0.06875) = (-0.075, 0.88125); g2 = (-0.75, 0.88125),
     * b3 = (10.35 - 0.375, 1.2375 + 0.440625) = (9.975, 1.678125),
     * x3 = (-0.075 - 0.49875, 0.88125 - 0.08390625) = (-0.57375, 0.79734375) */
    traj damp = {{{1, 1}, {0.5, 0.95}, {-0.075, 0.88125}, {-0.57375, 0.79734375}}};
    expect("sgd:lr=0.05,momentum=0.9,dampening=0.5", NULL, &damp);
}

static void test_sgd_nesterov_weight_decay(void **st)
{
    (void)st;
    /* nesterov: step along d = g + momentum b, momentum 0.5, lr 0.05:
     *   b1 = g0 = (10, 1), d = (15, 1.5), x1 = (0.25, 0.925)
     *   g1 = (2.5, 0.925), b2 = (7.5, 1.425), d = (6.25, 1.6375), x2 = (-0.0625, 0.843125)
     *   g2 = (-0.625, 0.843125), b3 = (3.125, 1.555625), d = (0.9375, 1.6209375),
     *   x3 = (-0.0625 - 0.046875, 0.843125 - 0.081046875) = (-0.109375, 0.762078125) */
    traj nest = {{{1, 1}, {0.25, 0.925}, {-0.0625, 0.843125}, {-0.109375, 0.762078125}}};
    expect("sgd:lr=0.05,momentum=0.5,nesterov=1", NULL, &nest);

    /* weight_decay = 1 adds x to the gradient: g = (11 x1, 2 x2), lr 0.05:
     * x1 = (1 - 0.55, 1 - 0.1) = (0.45, 0.9), x2 = (0.2025, 0.81), x3 = (0.091125, 0.729) */
    traj wd = {{{1, 1}, {0.45, 0.9}, {0.2025, 0.81}, {0.091125, 0.729}}};
    expect("sgd:lr=0.05,weight_decay=1", NULL, &wd);
}

/* ---- the Adam family ------------------------------------------------- */

/* Kingma & Ba 2015, Algorithm 1, with torch's eps outside the corrected
 * root; wd: coupled L2 (Adam) or decoupled x *= 1 - lr wd (AdamW). */
static void adam_ref(double lr, double b1, double b2, double eps, double wd, int decoupled,
                     int amsgrad, traj *t)
{
    double x[2] = {1, 1}, m[2] = {0, 0}, v[2] = {0, 0}, vmax[2] = {0, 0}, g[2];
    memcpy(t->x[0], x, sizeof x);
    for (int k = 1; k <= STEPS; k++) {
        grad2(x, g);
        for (int i = 0; i < 2; i++) {
            if (decoupled)
                x[i] = x[i] * (1 - lr * wd);
            else
                g[i] += wd * x[i];
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            vmax[i] = fmax(vmax[i], v[i]);
            double mhat = m[i] / (1 - pow(b1, k));
            double vhat = (amsgrad ? vmax[i] : v[i]) / (1 - pow(b2, k));
            x[i] = x[i] - lr * mhat / (sqrt(vhat) + eps);
        }
        memcpy(t->x[k], x, sizeof x);
    }
}

static void test_adam(void **st)
{
    (void)st;
    traj want;
    /* First step by hand: m = 0.1 g0, v = 0.001 g0^2, mhat = g0, vhat = g0^2,
     * x1 = 1 - 0.1 g0/(|g0| + 1e-8) = (1 - 1/(10 + 1e-8), 1 - 0.1/(1 + 1e-8)). */
    adam_ref(0.1, 0.9, 0.999, 1e-8, 0, 0, 0, &want);
    assert_rel(want.x[1][0], 1 - 1 / (10 + 1e-8), 1e-16);
    assert_rel(want.x[1][1], 1 - 0.1 / (1 + 1e-8), 1e-16);
    expect("adam:lr=0.1", NULL, &want);
    adam_ref(0.1, 0.8, 0.99, 1e-3, 0.5, 0, 0, &want);
    expect("adam:lr=0.1,beta1=0.8,beta2=0.99,eps=1e-3,weight_decay=0.5", NULL, &want);
    /* amsgrad differs from Adam once v shrinks, i.e. once g^2 < v: with lr
     * 0.99 the first step takes x1 to about 0.01, g1^2 = 1e-2 < v1 = 0.1 */
    adam_ref(0.99, 0.9, 0.999, 1e-8, 0, 0, 1, &want);
    expect("adam:lr=0.99,amsgrad=1", NULL, &want);
    traj plain;
    adam_ref(0.99, 0.9, 0.999, 1e-8, 0, 0, 0, &plain);
    assert_true(fabs(plain.x[3][0] - want.x[3][0]) > 1e-8 * fabs(want.x[3][0]));
}

static void test_adamw(void **st)
{
    (void)st;
    traj want;
    /* default weight_decay 0.01: x1 = 1 (1 - 0.001) - 0.1 g0/(|g0| + 1e-8) */
    adam_ref(0.1, 0.9, 0.999, 1e-8, 0.01, 1, 0, &want);
    assert_rel(want.x[1][0], 0.999 - 1 / (10 + 1e-8), 1e-16);
    expect("adamw:lr=0.1", NULL, &want);
    adam_ref(0.1, 0.8, 0.99, 1e-3, 0.5, 1, 0, &want);
    expect("adamw:lr=0.1,beta1=0.8,beta2=0.99,eps=1e-3,weight_decay=0.5", NULL, &want);
    /* amsgrad, as for Adam: x1 is about 0.009, g1^2 < v1, so v shrinks at step 2 */
    adam_ref(0.99, 0.9, 0.999, 1e-8, 0.01, 1, 1, &want);
    expect("adamw:lr=0.99,amsgrad=1", NULL, &want);
    traj plain;
    adam_ref(0.99, 0.9, 0.999, 1e-8, 0.01, 1, 0, &plain);
    assert_true(fabs(plain.x[3][0] - want.x[3][0]) > 1e-8 * fabs(want.x[3][0]));
}

/* NAdam, Dozat 2016, with torch's schedule mu_t = beta1 (1 - 0.5 * 0.96^(t psi))
 * and P_t = mu_1 ... mu_t:
 *   x -= lr (1 - mu_t)/(1 - P_t) g / d + lr mu_{t+1}/(1 - P_{t+1}) m / d,
 *   d = sqrt(v / (1 - beta2^t)) + eps,
 * where torch 1.13.1 (the default, variant=torch113) uses P_t mu_t mu_{t+1} for P_{t+1}. */
static void nadam_ref(double lr, double wd, int torch113, traj *want)
{
    double b1 = 0.9, b2 = 0.999, eps = 1e-8, psi = 0.004;
    double x[2] = {1, 1}, m[2] = {0, 0}, v[2] = {0, 0}, g[2], P = 1;
    memcpy(want->x[0], x, sizeof x);
    for (int t = 1; t <= STEPS; t++) {
        double mu = b1 * (1 - 0.5 * pow(0.96, t * psi));
        double mu1 = b1 * (1 - 0.5 * pow(0.96, (t + 1) * psi));
        P *= mu;
        double P1 = torch113 ? P * mu * mu1 : P * mu1;
        grad2(x, g);
        for (int i = 0; i < 2; i++) {
            g[i] += wd * x[i];
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            double d = sqrt(v[i] / (1 - pow(b2, t))) + eps;
            x[i] = x[i] - lr * (1 - mu) / (1 - P) * g[i] / d - lr * mu1 / (1 - P1) * m[i] / d;
        }
        memcpy(want->x[t], x, sizeof x);
    }
}

static void test_nadam(void **st)
{
    (void)st;
    traj want, paper;
    nadam_ref(0.1, 0.5, 1, &want);
    expect("nadam:lr=0.1,weight_decay=0.5", NULL, &want);
    nadam_ref(0.1, 0.5, 0, &paper);
    expect("nadam:lr=0.1,weight_decay=0.5,variant=dozat", NULL, &paper);
    /* the two differ from the first step: P_2 is 0.9 times smaller in torch 1.13 */
    assert_true(fabs(paper.x[1][0] - want.x[1][0]) > 1e-4);
}

/* ---- adagrad, rmsprop ------------------------------------------------ */

static void test_adagrad(void **st)
{
    (void)st;
    /* Defaults, lr 0.1: s1 = g0^2, x1 = 1 - 0.1 g0/(|g0| + 1e-10) */
    traj want;
    double x[2] = {1, 1}, s[2], g[2];
    memcpy(want.x[0], x, sizeof x);
    grad2(x, g);
    for (int i = 0; i < 2; i++)
        s[i] = g[i] * g[i], x[i] = 1 - 0.1 * g[i] / (fabs(g[i]) + 1e-10);
    memcpy(want.x[1], x, sizeof x);
    for (int k = 2; k <= STEPS; k++) {
        grad2(x, g);
        for (int i = 0; i < 2; i++) {
            s[i] += g[i] * g[i];
            x[i] -= 0.1 * g[i] / (sqrt(s[i]) + 1e-10);
        }
        memcpy(want.x[k], x, sizeof x);
    }
    expect("adagrad:lr=0.1", NULL, &want);

    /* lr_decay 0.5 (clr_t = lr/(1 + (t-1)/2)), weight_decay 0.25, sum starting at 2, eps 0.01 */
    x[0] = x[1] = 1;
    s[0] = s[1] = 2;
    memcpy(want.x[0], x, sizeof x);
    for (int t = 1; t <= STEPS; t++) {
        double clr = 0.1 / (1 + (t - 1) * 0.5);
        grad2(x, g);
        for (int i = 0; i < 2; i++) {
            g[i] += 0.25 * x[i];
            s[i] += g[i] * g[i];
            x[i] -= clr * g[i] / (sqrt(s[i]) + 0.01);
        }
        memcpy(want.x[t], x, sizeof x);
    }
    expect("adagrad:lr=0.1,lr_decay=0.5,weight_decay=0.25,initial_accumulator_value=2,eps=0.01", NULL,
           &want);
}

/* torch.optim.RMSprop: v = alpha v + (1-alpha) g^2; centered: a = alpha a + (1-alpha) g,
 * d = sqrt(v - a^2) + eps; else d = sqrt(v) + eps; momentum: b = mom b + g/d,
 * x -= lr b; else x -= lr g/d. No bias correction. */
static void rmsprop_ref(double lr, double alpha, double eps, double wd, double mom, int centered,
                        traj *t)
{
    double x[2] = {1, 1}, v[2] = {0, 0}, a[2] = {0, 0}, b[2] = {0, 0}, g[2];
    memcpy(t->x[0], x, sizeof x);
    for (int k = 1; k <= STEPS; k++) {
        grad2(x, g);
        for (int i = 0; i < 2; i++) {
            g[i] += wd * x[i];
            v[i] = alpha * v[i] + (1 - alpha) * g[i] * g[i];
            a[i] = alpha * a[i] + (1 - alpha) * g[i];
            double d = sqrt(centered ? v[i] - a[i] * a[i] : v[i]) + eps;
            b[i] = mom * b[i] + g[i] / d;
            x[i] -= lr * (mom > 0 ? b[i] : g[i] / d);
        }
        memcpy(t->x[k], x, sizeof x);
    }
}

static void test_rmsprop(void **st)
{
    (void)st;
    traj want;
    /* First step by hand: v = 0.01 g0^2, x1 = 1 - 0.01 g0/(0.1 |g0| + 1e-8)
     * = (1 - 0.1/(1 + 1e-8), 1 - 0.01/(0.1 + 1e-8)): one step moves each
     * coordinate by 10 lr, the known RMSprop start without bias correction. */
    rmsprop_ref(0.01, 0.99, 1e-8, 0, 0, 0, &want);
    assert_rel(want.x[1][0], 1 - 0.1 / (1 + 1e-8), 1e-16);
    expect("rmsprop", NULL, &want);
    rmsprop_ref(0.01, 0.9, 1e-8, 0, 0, 1, &want);
    expect("rmsprop:alpha=0.9,centered=1", NULL, &want);
    rmsprop_ref(0.01, 0.99, 1e-4, 0.5, 0.9, 0, &want);
    expect("rmsprop:eps=1e-4,weight_decay=0.5,momentum=0.9", NULL, &want);
    rmsprop_ref(0.001, 0.5, 1e-8, 0, 0.5, 1, &want);
    expect("rmsprop:lr=0.001,alpha=0.5,momentum=0.5,centered=1", NULL, &want);
}

/* ---- lion ------------------------------------------------------------ */

static double sgn(double c)
{
    return (c > 0) - (c < 0);
}

static void test_lion(void **st)
{
    (void)st;
    /* Chen et al. 2023, Algorithm 2, lr 0.6, weight_decay 0.5, from (0.5, 1):
     *   g0 = (5, 1): c = 0.1 g0 > 0, x1 = x0 (1 - 0.3) - 0.6 = (-0.25, 0.1), m1 = 0.01 g0 = (0.05, 0.01)
     *   g1 = (-2.5, 0.1): c = 0.9 m1 + 0.1 g1 = (0.045 - 0.25, 0.009 + 0.01) = (-0.205, 0.019),
     *   x2 = 0.7 x1 - 0.6 sign(c) = (-0.175 + 0.6, 0.07 - 0.6) = (0.425, -0.53)
     *   (with beta2 in c, c1 = 0.99*0.05 - 0.025 = 0.0245 > 0 and x2[0] would be -0.775)
     *   m2 = 0.99 m1 + 0.01 g1 = (0.0245, 0.0109); g2 = (4.25, -0.53):
     *   c = (0.02205 + 0.425, 0.00981 - 0.053) > 0 in x, < 0 in y;
     *   x3 = (0.2975 - 0.6, -0.371 + 0.6) = (-0.3025, 0.229) */
    double x0[2] = {0.5, 1};
    traj want = {{{0.5, 1}, {-0.25, 0.1}, {0.425, -0.53}, {-0.3025, 0.229}}};
    /* the same by the rule, to check the arithmetic above */
    double x[2] = {0.5, 1}, m[2] = {0, 0}, g[2];
    for (int k = 1; k <= STEPS; k++) {
        grad2(x, g);
        for (int i = 0; i < 2; i++) {
            double c = 0.9 * m[i] + 0.1 * g[i];
            x[i] = x[i] - 0.6 * (sgn(c) + 0.5 * x[i]);
            m[i] = 0.99 * m[i] + 0.01 * g[i];
            assert_rel(x[i], want.x[k][i], TOL);
        }
    }
    expect("lion:lr=0.6,weight_decay=0.5", x0, &want);
}

/* ---- heavy_ball ------------------------------------------------------ */

static void test_heavy_ball_polyak_defaults(void **st)
{
    (void)st;
    /* Defaults on L = 10, mu = 1: alpha = 4/(sqrt(10) + 1)^2, beta = ((sqrt(10) - 1)/(sqrt(10) + 1))^2,
     * x_{-1} = x0 so x1 = x0 - alpha g0; then x_{k+1} = x_k - alpha g_k + beta (x_k - x_{k-1}). */
    double s = sqrt(10.0), alpha = 4 / ((s + 1) * (s + 1)), beta = ((s - 1) / (s + 1)) * ((s - 1) / (s + 1));
    traj want;
    double x[2] = {1, 1}, prev[2] = {1, 1}, g[2];
    memcpy(want.x[0], x, sizeof x);
    for (int k = 1; k <= STEPS; k++) {
        grad2(x, g);
        for (int i = 0; i < 2; i++) {
            double xi = x[i];
            x[i] = xi - alpha * g[i] + beta * (xi - prev[i]);
            prev[i] = xi;
        }
        memcpy(want.x[k], x, sizeof x);
    }
    assert_rel(want.x[1][0], 1 - 40 / ((s + 1) * (s + 1)), 1e-16);
    expect("heavy_ball", NULL, &want);

    /* The defaults bind to the problem's constants: the canonical spec keeps
     * the expressions, and the run reaches the rate (sqrt(kappa)-1)/(sqrt(kappa)+1). */
    ds_result res;
    ds_err err = {0};
    assert_int_equal(run(QUAD2, "heavy_ball", 60, NULL, &res, &err), DS_OK);
    assert_string_equal(res.optimizer, "heavy_ball");
    double q = (s - 1) / (s + 1);
    /* ||x_k|| <= (1 + k(1+q)) q^k ||x0||, heavy-ball-quadratic; with k = 60 */
    double bound = (1 + 60 * (1 + q)) * pow(q, 60) * sqrt(2.0);
    double nx = hypot(res.x_final[0], res.x_final[1]);
    assert_true(nx <= bound);
    assert_true(nx > 1e-6 * bound);  /* and not much faster: the rate is q, not better */
    ds_result_free(&res);
}

static void test_heavy_ball_ema(void **st)
{
    (void)st;
    /* form=ema, lr 0.1, momentum 0.6: v = 0.6 v + 0.4 g, x -= 0.1 v
     *   v1 = 0.4 (10, 1) = (4, 0.4), x1 = (0.6, 0.96)
     *   g1 = (6, 0.96), v2 = (2.4 + 2.4, 0.24 + 0.384) = (4.8, 0.624), x2 = (0.12, 0.8976)
     *   g2 = (1.2, 0.8976), v3 = (2.88 + 0.48, 0.3744 + 0.35904) = (3.36, 0.73344),
     *   x3 = (0.12 - 0.336, 0.8976 - 0.073344) = (-0.216, 0.824256) */
    traj want = {{{1, 1}, {0.6, 0.96}, {0.12, 0.8976}, {-0.216, 0.824256}}};
    expect("heavy_ball:form=ema,lr=0.1,momentum=0.6", NULL, &want);

    /* The two forms are the same method when lr_ema = lr_polyak / (1 - momentum):
     * polyak lr 0.04, momentum 0.6 gives x1 = (0.6, 0.96) and x2 = x1 - 0.04 g1 + 0.6 (x1 - x0)
     * = (0.6 - 0.24 - 0.24, 0.96 - 0.0384 - 0.024) = (0.12, 0.8976), as above. */
    expect("heavy_ball:lr=0.04,momentum=0.6", NULL, &want);
}

/* ---- refusals -------------------------------------------------------- */

static void refused(const char *problem, const char *opt, const char *needle1, const char *needle2)
{
    ds_result res;
    ds_err err = {0};
    int rc = run(problem, opt, 5, NULL, &res, &err);
    if (rc == DS_OK) {
        ds_result_free(&res);
        fail_msg("'%s' on '%s' was accepted", opt, problem);
    }
    assert_int_equal(rc, DS_EINVAL);
    if (!strstr(err.msg, needle1) || (needle2 && !strstr(err.msg, needle2)))
        fail_msg("'%s': message \"%s\" does not name '%s'%s%s", opt, err.msg, needle1,
                 needle2 ? " and " : "", needle2 ? needle2 : "");
}

static void test_invalid_parameters(void **st)
{
    (void)st;
    refused(QUAD2, "adam:beta1=1", "beta1=1", "[0, 1)");
    refused(QUAD2, "adamw:beta2=1.5", "beta2=1.5", NULL);
    refused(QUAD2, "adam:eps=0", "eps=0", NULL);
    refused(QUAD2, "nadam:eps=-1e-8", "eps=-1e-8", NULL);
    refused(QUAD2, "nadam:variant=keras", "variant=keras", "torch113|dozat");
    refused(QUAD2, "adagrad:lr_decay=-1", "lr_decay=-1", NULL);
    refused(QUAD2, "adagrad:initial_accumulator_value=-0.1", "initial_accumulator_value", NULL);
    refused(QUAD2, "rmsprop:alpha=1", "alpha=1", NULL);
    refused(QUAD2, "rmsprop:momentum=-0.5", "momentum=-0.5", NULL);
    refused(QUAD2, "lion:beta2=1", "beta2=1", NULL);
    refused(QUAD2, "lion:lr=0", "lr=0", NULL);
    refused(QUAD2, "sgd:nesterov=1", "nesterov=1", "momentum=0");
    refused(QUAD2, "sgd:nesterov=1,momentum=0.9,dampening=0.1", "nesterov=1", "dampening=0.1");
    refused(QUAD2, "heavy_ball:form=nesterov", "form=nesterov", "polyak|ema");
    refused(QUAD2, "heavy_ball:momentum=1", "momentum=1", NULL);
    refused(QUAD2, "adam:momentum=0.9", "momentum", NULL);  /* not one of Adam's */
    /* The default momentum is 1 when mu = 0: refused, saying why. */
    refused("quadratic:dim=2,rotate=0,mu=0,L=10", "heavy_ball", "default momentum is 1", "mu = 0");
}

/* ---- every registered method ----------------------------------------- */

/* Every method, with its defaults, decreases f on a well-conditioned
 * quadratic (kappa = 2, dim 10, f(x0) = 7.5) over 200 steps; methods that
 * need a matrix-shaped x get the 4 x 3 one, and methods that refuse a
 * smooth problem (subgradient needs a Lipschitz f) a nonsmooth one. Defaults meant for deep nets
 * (adam's 1e-3, lion's 1e-4) still decrease f here, only slowly, so no lr
 * is overridden: the loop demands a 0.1% decrease, finite f, and no
 * divergence or failure. */
static void test_every_method_decreases_f(void **st)
{
    (void)st;
    int count = 0;
    for (const ds_optimizer_type *const *t = ds_optimizers; *t; t++) {
        const char *problem = ((*t)->flags & DS_OPT_NEEDS_MATRIX) ? "quadratic:dim=12,rows=3,kappa=2"
                                                                  : "quadratic:dim=10,kappa=2";
        ds_result res;
        ds_err err = {0};
        int rc = run(problem, (*t)->name, 200, NULL, &res, &err);
        if (rc == DS_ENOTSUP) {
            problem = "abs_worst:dim=10";
            rc = run(problem, (*t)->name, 200, NULL, &res, &err);
        }
        if (rc)
            fail_msg("%s on %s: %s", (*t)->name, problem, err.msg);
        if (!(res.status == DS_ST_MAX_ITERS || res.status == DS_ST_CONVERGED || res.status == DS_ST_TARGET) ||
            !isfinite(res.f_final) || !(res.f_final < 0.999 * res.f0))
            fail_msg("%s on %s: status %s, f %.6g -> %.6g", (*t)->name, problem, ds_status_name(res.status),
                     res.f0, res.f_final);
        ds_result_free(&res);
        count++;
    }
    assert_true(count >= 9);
}

/* Parameter tables: lr first (the runner and schedules read it), names
 * unique, and every default valid in its own table. */
static void test_parameter_tables(void **st)
{
    (void)st;
    for (const ds_optimizer_type *const *t = ds_optimizers; *t; t++) {
        const ds_param *p = (*t)->params;
        assert_non_null((*t)->doc);
        for (const ds_param *q = p ? p + 1 : NULL; q && q[-1].name && q->name; q++)
            if (strcmp(q->name, "lr") == 0)
                fail_msg("%s: lr is not its first parameter", (*t)->name);
        for (const ds_param *q = p; q && q->name; q++)
            for (const ds_param *r = q + 1; r->name; r++)
                assert_string_not_equal(q->name, r->name);
        ds_values v = {.n = 0};
        ds_err err = {0};
        if (ds_optimizer_parse((*t)->name, &v, &err))
            fail_msg("%s: defaults refused: %s", (*t)->name, err.msg);
        ds_values_free(&v);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sgd_momentum),
        cmocka_unit_test(test_sgd_nesterov_weight_decay),
        cmocka_unit_test(test_adam),
        cmocka_unit_test(test_adamw),
        cmocka_unit_test(test_nadam),
        cmocka_unit_test(test_adagrad),
        cmocka_unit_test(test_rmsprop),
        cmocka_unit_test(test_lion),
        cmocka_unit_test(test_heavy_ball_polyak_defaults),
        cmocka_unit_test(test_heavy_ball_ema),
        cmocka_unit_test(test_invalid_parameters),
        cmocka_unit_test(test_every_method_decreases_f),
        cmocka_unit_test(test_parameter_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
