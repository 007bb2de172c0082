/* Performance estimation: the PEP value of each fixed-step method of the
 * catalog against its closed-form worst case (Drori & Teboulle 2014; Kim &
 * Fessler 2016; Taylor & Drori 2022; PEPit's printed numbers), the step
 * tables the tracer reads off gd, heavy_ball and agd against hand-derived
 * ones, refusals of methods whose steps depend on the gradients, and a
 * method defined in this file that gets its worst case with no table. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "../core/optimizer.h"
#include "../core/vec.h"
#include "../optimizers/sequences.h"
#include "../report/verify.h"
#include "../theory/pep.h"

/* The accuracy target for the PEP against closed forms. */
#define PEP_REL 1e-6
/* PEPit's documentation prints six significant digits. */
#define PEPIT 5e-6

static void parse_with(const ds_optimizer_type *ot, const char *text, ds_values *v)
{
    ds_err err = {0};
    ds_spec spec;
    const ds_param *tables[2] = {ot->params, ds_optimizer_common_params};
    if (ds_spec_parse(text, &spec, &err) || ds_values_parse("optimizer", &spec, tables, 2, v, &err))
        fail_msg("parse %s: %s", text, err.msg);
}

static double pep_of(const ds_optimizer_type *ot, const char *spec, ds_pep_class cls, double L, double mu,
                     ds_pep_measure m, double R, long N, ds_pep_result *res)
{
    ds_values v = {.n = 0};
    parse_with(ot, spec, &v);
    ds_pep_setup su = {.cls = cls, .L = L, .mu = mu, .measure = m, .R = R, .D = NAN};
    ds_err err = {0};
    if (ds_pep_bound(ot, &v, &su, N, N, res, &err))
        fail_msg("pep %s N=%ld: %s", spec, N, err.msg);
    ds_values_free(&v);
    assert_true(res->tol >= 0 && res->tol <= PEP_REL * res->value);
    return res->value;
}

static double convex_gap(const char *spec, double L, double R, long N)
{
    ds_pep_result r;
    const ds_optimizer_type *ot = ds_optimizer_find(strchr(spec, ':') ? "gd" : spec);
    if (!strncmp(spec, "ogm", 3))
        ot = ds_optimizer_find("ogm");
    return pep_of(ot, spec, DS_PEP_SMOOTH_CONVEX, L, 0, DS_PEP_GAP, R, N, &r);
}

/* GD, h = 1: L R^2/(4N + 2) (Drori & Teboulle 2014, Thm 3.1), N = 1..30. */
static void test_gd_h1(void **state)
{
    (void)state;
    const double L = 2.0, R = 1.5;
    for (long N = 1; N <= 30; N++)
        assert_rel(convex_gap("gd:lr=1/L", L, R, N), L * R * R / (4.0 * N + 2.0), PEP_REL);
}

/* GD, h = 1.5: (L R^2/2) max(1/(2Nh+1), (1-h)^(2N)), the conjectured tight
 * value for 1 < h < 2; (1-h)^(2N) wins only at N = 1 (1/4 against 1/4). */
static void test_gd_h15(void **state)
{
    (void)state;
    const double L = 1.0, R = 1.0, h = 1.5;
    const long Ns[] = {1, 2, 3, 5, 10};
    for (size_t i = 0; i < sizeof Ns / sizeof *Ns; i++) {
        long N = Ns[i];
        double want = 0.5 * L * R * R * fmax(1.0 / (2.0 * N * h + 1.0), pow(1.0 - h, 2.0 * N));
        assert_rel(convex_gap("gd:lr=1.5/L", L, R, N), want, PEP_REL);
    }
}

/* OGM: L R^2/(2 theta_N^2) (Kim & Fessler 2016, Thm 2), and PEPit's
 * optimized_gradient.py (L = 3, N = 4: 0.0767518). */
static void test_ogm(void **state)
{
    (void)state;
    const long Ns[] = {1, 2, 5, 10};
    for (size_t i = 0; i < sizeof Ns / sizeof *Ns; i++) {
        double th = ds_ogm_theta(Ns[i], Ns[i]);
        assert_rel(convex_gap("ogm", 1.0, 1.0, Ns[i]), 1.0 / (2.0 * th * th), PEP_REL);
    }
    assert_rel(convex_gap("ogm", 3.0, 1.0, 4), 0.0767518, PEPIT);
}

/* Strongly convex GD, distances: max(|1-h mu|, |1-h L|)^(2N) R^2. */
static void test_gd_sc_dist(void **state)
{
    (void)state;
    const double L = 1.0, mu = 0.1, R = 2.0;
    const char *specs[] = {"gd:lr=1/L", "gd:lr=2/(L+mu)", "gd:lr=1.8/L"};
    const double hs[] = {1.0, 2.0 / 1.1, 1.8};
    const long Ns[] = {1, 3, 10};
    for (size_t i = 0; i < 3; i++)
        for (size_t k = 0; k < 3; k++) {
            ds_pep_result r;
            double q = fmax(fabs(1 - hs[i] * mu), fabs(1 - hs[i] * L));
            double v = pep_of(ds_optimizer_find("gd"), specs[i], DS_PEP_SMOOTH_STRONGLY_CONVEX, L, mu,
                              DS_PEP_DIST2, R, Ns[k], &r);
            assert_rel(v, pow(q, 2.0 * Ns[k]) * R * R, PEP_REL);
        }
}

/* ITEM: ||z_N - x*||^2 <= R^2/(1 + q A_N), tight (Taylor & Drori 2022;
 * PEPit mu = 0.001, L = 1, N = 15: 0.756605). */
static void test_item(void **state)
{
    (void)state;
    const long Ns[] = {1, 5, 15};
    for (size_t i = 0; i < 3; i++) {
        ds_pep_result r;
        double q = 0.001;
        double v = pep_of(ds_optimizer_find("itm"), "itm", DS_PEP_SMOOTH_STRONGLY_CONVEX, 1.0, q, DS_PEP_DIST2,
                          1.0, Ns[i], &r);
        assert_rel(v, 1.0 / (1.0 + q * ds_item_A(Ns[i], q)), PEP_REL);
    }
    ds_pep_result r;
    assert_rel(pep_of(ds_optimizer_find("itm"), "itm", DS_PEP_SMOOTH_STRONGLY_CONVEX, 1.0, 0.001, DS_PEP_DIST2,
                      1.0, 15, &r),
               0.756605, PEPIT);
}

/* Triple momentum: f(x_N) - f* <= rho^(2N) (L kappa/2) R^2 (THEORY.md);
 * PEPit's test (mu = 0.1, L = 1, N = 4) finds 0.238925, the bound itself.
 * At other N the bound holds and the PEP value is the exact worst case. */
static void test_triple_momentum(void **state)
{
    (void)state;
    const double L = 1.0, mu = 0.1, kappa = L / mu, rho = 1.0 - 1.0 / sqrt(kappa);
    ds_pep_result r;
    const ds_optimizer_type *ot = ds_optimizer_find("triple_momentum");
    double v4 = pep_of(ot, "triple_momentum", DS_PEP_SMOOTH_STRONGLY_CONVEX, L, mu, DS_PEP_GAP, 1.0, 4, &r);
    assert_rel(v4, pow(rho, 8) * L * kappa / 2, PEP_REL);
    assert_rel(v4, 0.238925, PEPIT);
    for (long N = 1; N <= 6; N++) {
        double v = pep_of(ot, "triple_momentum", DS_PEP_SMOOTH_STRONGLY_CONVEX, L, mu, DS_PEP_GAP, 1.0, N, &r);
        assert_true(v <= pow(rho, 2.0 * N) * L * kappa / 2 * (1 + PEP_REL));
    }
}

/* OGM-G with f(x0) - f* <= D (PEPit, L = 3, N = 4, D = 1: 0.307007). */
static void test_ogmg_initial_gap(void **state)
{
    (void)state;
    ds_values v = {.n = 0};
    const ds_optimizer_type *ot = ds_optimizer_find("ogm_g");
    parse_with(ot, "ogm_g", &v);
    ds_pep_setup su = {.cls = DS_PEP_SMOOTH_CONVEX, .L = 3, .measure = DS_PEP_GRAD2, .R = 1, .D = 1};
    ds_pep_result r;
    ds_err err = {0};
    assert_int_equal(ds_pep_bound(ot, &v, &su, 4, 4, &r, &err), DS_OK);
    ds_values_free(&v);
    assert_rel(r.value, 0.307007, PEPIT);
}

static void trace(const char *name, const char *spec, double L, double mu, long N, ds_pep_steps *s)
{
    ds_values v = {.n = 0};
    ds_err err = {0};
    const ds_optimizer_type *ot = ds_optimizer_find(name);
    parse_with(ot, spec, &v);
    if (ds_pep_trace(ot, &v, L, mu, N, N, s, &err))
        fail_msg("trace %s: %s", spec, err.msg);
    ds_values_free(&v);
    assert_int_equal(s->K, N);
}

static void assert_table(const ds_pep_steps *s, const double *h, const double *out)
{
    for (size_t k = 0; k < s->K * s->K; k++)
        assert_close(s->h[k], h[k], 1e-13);
    for (size_t k = 0; k < s->K; k++)
        assert_close(s->out[k], out[k], 1e-13);
}

/* gd at lr: every past gradient with weight lr. */
static void test_table_gd(void **state)
{
    (void)state;
    enum { N = 6 };
    double h[N * N] = {0}, out[N];
    for (int k = 0; k < N; k++) {
        for (int j = 0; j < k; j++)
            h[k * N + j] = 0.35;
        out[k] = 0.35;
    }
    ds_pep_steps s;
    trace("gd", "gd:lr=0.7/L", 2.0, 0.0, N, &s);
    assert_table(&s, h, out);
    ds_pep_steps_free(&s);
}

/* Heavy ball: the displacement d_{k+1} = -a g_k + b d_k sums to
 * h[k][j] = a (1 - b^(k-j))/(1 - b) (Polyak form); the EMA form takes
 * (1 - b) of that. */
static void test_table_heavy_ball(void **state)
{
    (void)state;
    enum { N = 7 };
    const double a = 0.3, b = 0.6;
    for (int form = 0; form < 2; form++) {
        double h[N * N] = {0}, out[N];
        double c = form ? 1.0 - b : 1.0;
        for (int k = 0; k <= N; k++)
            for (int j = 0; j < k; j++) {
                double w = c * a * (1.0 - pow(b, k - j)) / (1.0 - b);
                if (k < N)
                    h[k * N + j] = w;
                else
                    out[j] = w;
            }
        ds_pep_steps s;
        trace("heavy_ball", form ? "heavy_ball:lr=0.3,momentum=0.6,form=ema" : "heavy_ball:lr=0.3,momentum=0.6",
              1.0, 0.1, N, &s);
        assert_table(&s, h, out);
        ds_pep_steps_free(&s);
    }
}

/* agd: y_0 = x0, x_{k+1} = y_k - lr g_k, y_{k+1} = x_{k+1} + m_k (x_{k+1} - x_k),
 * written out on coefficient vectors, with FISTA's and t/(t+3) momentum. */
static void test_table_agd(void **state)
{
    (void)state;
    enum { N = 6 };
    const double lr = 0.5;  /* 1/L, L = 2 */
    for (int variant = 0; variant < 2; variant++) {
        double h[N * N] = {0}, xprev[N] = {0}, y[N] = {0}, x[N] = {0};
        double lambda = 1.0;
        for (int k = 0; k < N; k++) {
            memcpy(h + k * N, y, sizeof y);  /* query k at y_k */
            double m;
            if (variant == 0) {
                double next = (1.0 + sqrt(4.0 * lambda * lambda + 1.0)) / 2.0;
                m = (lambda - 1.0) / next;
                lambda = next;
            } else {
                m = k / (k + 3.0);
            }
            memcpy(xprev, x, sizeof x);
            memcpy(x, y, sizeof y);
            x[k] += lr;
            for (int j = 0; j < N; j++)
                y[j] = x[j] + m * (x[j] - xprev[j]);
        }
        ds_pep_steps s;
        trace("agd", variant ? "agd:variant=t3" : "agd", 2.0, 0.0, N, &s);
        assert_table(&s, h, x);
        ds_pep_steps_free(&s);
    }
}

/* ---- methods defined here --------------------------------------------- */

static const ds_param lr_params[] = {
    {"lr", DS_P_REAL, "0.5/L", 0, INFINITY, DS_P_LO_OPEN, NULL, "step size"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int plain_init(void *state, const ds_values *v, const ds_problem *p, const double *x0, long horizon,
                      ds_err *err)
{
    (void)state, (void)v, (void)p, (void)x0, (void)horizon, (void)err;
    return DS_OK;
}

static void plain_free(void *state)
{
    (void)state;
}

/* A new fixed-step method, as one file would add it: a gradient step kept
 * as a direction d = -lr g, then x += d. */
static int halfgd_step(void *state, ds_step *st)
{
    (void)state;
    for (size_t i = 0; i < st->dim; i++) {
        double d = -st->lr * st->g[i];
        st->x[i] += d;
    }
    return DS_OK;
}

static const ds_optimizer_type halfgd = {
    .name = "halfgd", .doc = "x -= lr g", .params = lr_params, .state_size = 1,
    .flags = DS_OPT_FIXED_STEP, .init = plain_init, .step = halfgd_step, .free = plain_free,
};

/* Its worst case with no table: h = 1/2 gives L R^2/(4N h + 2) = L R^2/(2N + 2). */
static void test_new_method(void **state)
{
    (void)state;
    for (long N = 1; N <= 6; N++) {
        ds_pep_result r;
        double v = pep_of(&halfgd, "halfgd", DS_PEP_SMOOTH_CONVEX, 4.0, 0.0, DS_PEP_GAP, 0.5, N, &r);
        assert_rel(v, 4.0 * 0.25 / (2.0 * N + 2.0), PEP_REL);
    }
}

/* Normalised GD, x -= lr g/||g||: its steps scale with 1/||g||. */
static int normgd_step(void *state, ds_step *st)
{
    (void)state;
    double n = sqrt(ds_dot(st->dim, st->g, st->g));
    for (size_t i = 0; i < st->dim; i++)
        st->x[i] -= st->lr * st->g[i] / n;
    return DS_OK;
}

/* Sign GD, x -= lr sign(g): the step ignores the gradient's size. */
static int signgd_step(void *state, ds_step *st)
{
    (void)state;
    for (size_t i = 0; i < st->dim; i++)
        st->x[i] -= st->lr * (st->g[i] > 0 ? 1.0 : st->g[i] < 0 ? -1.0 : 0.0);
    return DS_OK;
}

/* x -= lr max(g, 0) entrywise: positively homogeneous, so scaled unit
 * gradients give the same table; only the rotation shows it is not linear. */
static int relugd_step(void *state, ds_step *st)
{
    (void)state;
    for (size_t i = 0; i < st->dim; i++)
        st->x[i] -= st->lr * fmax(st->g[i], 0.0);
    return DS_OK;
}

static const ds_optimizer_type normgd = {
    .name = "normgd", .doc = "x -= lr g/||g||", .params = lr_params, .state_size = 1,
    .flags = DS_OPT_FIXED_STEP, .init = plain_init, .step = normgd_step, .free = plain_free,
};
static const ds_optimizer_type signgd = {
    .name = "signgd", .doc = "x -= lr sign(g)", .params = lr_params, .state_size = 1,
    .flags = DS_OPT_FIXED_STEP, .init = plain_init, .step = signgd_step, .free = plain_free,
};
static const ds_optimizer_type relugd = {
    .name = "relugd", .doc = "x -= lr max(g, 0)", .params = lr_params, .state_size = 1,
    .flags = DS_OPT_FIXED_STEP, .init = plain_init, .step = relugd_step, .free = plain_free,
};

static void assert_refused(const ds_optimizer_type *ot, const char *spec, const char *text)
{
    ds_values v = {.n = 0};
    parse_with(ot, spec, &v);
    ds_pep_steps s;
    ds_err err = {0};
    assert_int_equal(ds_pep_trace(ot, &v, 1.0, 0.0, 4, 4, &s, &err), DS_ENOTSUP);
    ds_values_free(&v);
    if (!strstr(err.msg, text))
        fail_msg("message '%s' lacks '%s'", err.msg, text);
    assert_null(s.h);
}

static void test_refusals(void **state)
{
    (void)state;
    assert_refused(&normgd, "normgd", "change with the gradients");
    assert_refused(&signgd, "signgd", "change with the gradients");
    assert_refused(&relugd, "relugd", "change with the gradients");
    assert_refused(ds_optimizer_find("adam"), "adam", "not a fixed-step method");
    assert_refused(ds_optimizer_find("gd"), "gd:wd=0.1", "wd=0.1");
}

/* gd at lr = 2.1/L: for a fixed N the SDP is bounded -- the worst case is
 * finite -- and equals (L R^2/2) 1.1^(2N), above x0's own worst case L R^2/2
 * and growing: the method has no convergence guarantee. */
static void test_gd_too_long_step(void **state)
{
    (void)state;
    for (long N = 1; N <= 4; N++) {
        ds_pep_result r;
        double v = pep_of(ds_optimizer_find("gd"), "gd:lr=2.1/L", DS_PEP_SMOOTH_CONVEX, 1.0, 0.0, DS_PEP_GAP,
                          1.0, N, &r);
        assert_rel(v, 0.5 * pow(1.21, (double)N), PEP_REL);
        ds_pep_setup su = {.cls = DS_PEP_SMOOTH_CONVEX, .L = 1, .measure = DS_PEP_GAP, .R = 1, .D = NAN};
        assert_true(r.lower > ds_pep_initial(&su));
    }
}

/* Thirty strongly convex steps, mu/L = 0.1: worst cases of 1e-6 to 1e-10,
 * resolved to 1e-6 of themselves from the output-based basis scaled by the
 * estimated rate. */
static void test_sc_n30(void **state)
{
    (void)state;
    const double mu = 0.1, kappa = 10.0;
    ds_pep_result r;
    double q = (kappa - 1) / (kappa + 1);
    assert_rel(pep_of(ds_optimizer_find("gd"), "gd:lr=2/(L+mu)", DS_PEP_SMOOTH_STRONGLY_CONVEX, 1.0, mu,
                      DS_PEP_DIST2, 1.0, 30, &r),
               pow(q, 60), PEP_REL);
    assert_rel(r.rate, q, 1e-6);  /* gd's rate, read off its own prefixes */
    assert_rel(pep_of(ds_optimizer_find("itm"), "itm", DS_PEP_SMOOTH_STRONGLY_CONVEX, 1.0, mu, DS_PEP_DIST2, 1.0,
                      30, &r),
               1.0 / (1.0 + mu * ds_item_A(30, mu)), PEP_REL);
}

/* Triple momentum at N = 30 (Van Scoy, Freeman & Lynch 2018): rho^(2N)
 * (L kappa/2) R^2 = 6.2e-10, which the unscaled SDP does not resolve (DSDP
 * stops on an indefinite Schur matrix); scaled by the estimated rate, 1 -
 * sqrt(mu/L) itself, it does, with DSDP's gap at most 1e-5 of the value. */
static void test_tm_n30(void **state)
{
    (void)state;
    const double L = 1.0, mu = 0.1, kappa = L / mu, rho = 1.0 - 1.0 / sqrt(kappa);
    const ds_optimizer_type *ot = ds_optimizer_find("triple_momentum");
    ds_values v = {.n = 0};
    parse_with(ot, "triple_momentum", &v);
    ds_pep_setup su = {.cls = DS_PEP_SMOOTH_STRONGLY_CONVEX, .L = L, .mu = mu, .measure = DS_PEP_GAP, .R = 1,
                       .D = NAN};
    ds_pep_result r;
    ds_err err = {0};
    if (ds_pep_bound(ot, &v, &su, 30, 30, &r, &err))
        fail_msg("tm N=30: %s", err.msg);
    ds_values_free(&v);
    assert_rel(r.value, pow(rho, 60) * L * kappa / 2, PEP_REL);
    assert_true(r.tol >= 0 && r.tol <= 1e-5 * r.value);
    assert_rel(r.rate, rho, 1e-6);
}

/* The scaling is a congruence: heavy ball with Polyak's parameters at
 * N = 30 (no closed form: 4.9061032e-5, DSDP's gap about 1e-6 of it)
 * resolves unscaled too, and the two values agree within the sum of their
 * stated tolerances; so do gd's. */
static void test_scaling_invariant(void **state)
{
    (void)state;
    const char *names[] = {"heavy_ball", "gd"}, *specs[] = {"heavy_ball", "gd:lr=2/(L+mu)"};
    const ds_pep_measure ms[] = {DS_PEP_GAP, DS_PEP_DIST2};
    for (int i = 0; i < 2; i++) {
        ds_pep_steps s;
        trace(names[i], specs[i], 1.0, 0.1, 30, &s);
        ds_pep_setup su = {.cls = DS_PEP_SMOOTH_STRONGLY_CONVEX, .L = 1, .mu = 0.1, .measure = ms[i], .R = 1,
                           .D = NAN};
        ds_pep_result a, b;
        ds_err err = {0};
        if (ds_pep_solve(&s, &su, &a, &err) || ds_pep_solve_rate(&s, &su, 1.0, &b, &err))
            fail_msg("%s N=30: %s", specs[i], err.msg);
        ds_pep_steps_free(&s);
        assert_true(a.rate < 0.9 && b.rate == 1.0);
        assert_true(a.tol <= 1e-5 * a.value && b.tol <= 1e-5 * b.value);
        if (!(fabs(a.value - b.value) <= a.tol + b.tol + 1e-15 * a.value))
            fail_msg("%s: scaled %.15g (tol %.2g), unscaled %.15g (tol %.2g)", specs[i], a.value, a.tol, b.value,
                     b.tol);
    }
}

/* One solve of steps with the given rows; fails the test when it does not. */
static ds_pep_result solve_rows(const ds_pep_steps *s, ds_pep_setup su, ds_pep_rows rows, const char *what)
{
    ds_pep_result r;
    ds_err err = {0};
    su.rows = rows;
    if (ds_pep_solve(s, &su, &r, &err))
        fail_msg("%s (rows %d): %s", what, (int)rows, err.msg);
    return r;
}

/* Constraint generation against the full problem, on both classes (the
 * strongly convex one generates only when asked, from x*'s rows): the two
 * values agree within the sum of their stated tolerances, and generation
 * solved with fewer rows than the full problem has. */
static void test_generation_matches_full(void **state)
{
    (void)state;
    static const struct {
        const char *name, *spec;
        ds_pep_class cls;
        ds_pep_measure m;
        long N;
        double D;
    } cases[] = {
        {"gd", "gd:lr=1/L", DS_PEP_SMOOTH_CONVEX, DS_PEP_GAP, 12, NAN},
        {"gd", "gd:lr=1.5/L", DS_PEP_SMOOTH_CONVEX, DS_PEP_GRAD2, 8, NAN},
        {"ogm", "ogm", DS_PEP_SMOOTH_CONVEX, DS_PEP_GAP, 12, NAN},
        {"ogm_g", "ogm_g", DS_PEP_SMOOTH_CONVEX, DS_PEP_GRAD2, 6, 0.5},
        {"heavy_ball", "heavy_ball:lr=1/L,momentum=0.5", DS_PEP_SMOOTH_CONVEX, DS_PEP_DIST2, 6, NAN},
        {"gd", "gd:lr=2/(L+mu)", DS_PEP_SMOOTH_STRONGLY_CONVEX, DS_PEP_DIST2, 6, NAN},
        {"itm", "itm", DS_PEP_SMOOTH_STRONGLY_CONVEX, DS_PEP_DIST2, 6, NAN},
        {"triple_momentum", "triple_momentum", DS_PEP_SMOOTH_STRONGLY_CONVEX, DS_PEP_GAP, 6, NAN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double mu = cases[i].cls == DS_PEP_SMOOTH_CONVEX ? 0.0 : 0.1;
        ds_pep_steps s;
        trace(cases[i].name, cases[i].spec, 1.0, mu, cases[i].N, &s);
        ds_pep_setup su = {.cls = cases[i].cls, .L = 1, .mu = mu, .measure = cases[i].m, .R = 1, .D = cases[i].D};
        ds_pep_rows gen = cases[i].cls == DS_PEP_SMOOTH_CONVEX ? DS_PEP_ROWS_GENERATE : DS_PEP_ROWS_STAR;
        ds_pep_result a = solve_rows(&s, su, gen, cases[i].spec), b = solve_rows(&s, su, DS_PEP_ROWS_FULL, cases[i].spec);
        ds_pep_steps_free(&s);
        assert_true(a.rows < a.rows_all && b.rows == b.rows_all);
        assert_true(a.tol >= 0 && a.tol <= PEP_REL * a.value);
        if (!(fabs(a.value - b.value) <= a.tol + b.tol + DS_TH_REL_TOL * b.value))
            fail_msg("%s N=%ld: generated %.15g (tol %.2g, %zu of %zu rows), full %.15g (tol %.2g)", cases[i].spec,
                     cases[i].N, a.value, a.tol, a.rows, a.rows_all, b.value, b.tol);
    }
}

/* The rows with x* alone are too few for gd: that relaxation, never
 * refined, is worth more than the worst case (by far more than its
 * tolerance); generation from the same rows adds the violated ones and
 * comes back to the full problem's value, L R^2/(4N+2). */
static void test_generation_refines(void **state)
{
    (void)state;
    const long N = 5;
    ds_pep_steps s;
    trace("gd", "gd:lr=1/L", 1.0, 0.0, N, &s);
    ds_pep_setup su = {.cls = DS_PEP_SMOOTH_CONVEX, .L = 1, .measure = DS_PEP_GAP, .R = 1, .D = NAN};
    ds_pep_result relax = solve_rows(&s, su, DS_PEP_ROWS_STAR_ONLY, "x* rows only");
    ds_pep_result gen = solve_rows(&s, su, DS_PEP_ROWS_STAR, "generated from x* rows");
    ds_pep_steps_free(&s);
    double exact = 1.0 / (4.0 * N + 2.0);
    if (!(relax.value - relax.tol > exact * 1.01))
        fail_msg("the unrefined relaxation %.10g is not above the worst case %.10g", relax.value, exact);
    assert_rel(gen.value, exact, PEP_REL);
    assert_true(gen.rows > relax.rows && gen.rounds > 2);
}

/* gd at 2.1/L grows past x0's worst case: never PASS, "not convergent";
 * triple momentum starts above x0's worst case but shrinks: no flag. */
static void test_growth(void **state)
{
    (void)state;
    const long t[3] = {1, 2, 5};
    double v[3], tol[3];
    ds_pep_setup su = {.cls = DS_PEP_SMOOTH_CONVEX, .L = 1, .measure = DS_PEP_GAP, .R = 1, .D = NAN};
    for (int i = 0; i < 3; i++) {
        ds_pep_result r;
        v[i] = pep_of(ds_optimizer_find("gd"), "gd:lr=2.1/L", DS_PEP_SMOOTH_CONVEX, 1.0, 0.0, DS_PEP_GAP, 1.0,
                      t[i], &r);
        tol[i] = r.tol;
    }
    double meas[3] = {0.1, 0.1, 0.1};
    ds_check c = {.th = NULL, .claimed = 1};
    ds_pep_judge(t, meas, v, tol, 3, &c);
    assert_int_equal(c.verdict, DS_V_PASS);
    assert_int_equal(ds_pep_growth(t, v, tol, 3, ds_pep_initial(&su), &c), 1);
    assert_int_equal(c.verdict, DS_V_NA);
    assert_non_null(strstr(c.reason, "not convergent up to t=2"));
    for (int i = 0; i < 3; i++) {
        ds_pep_result r;
        v[i] = pep_of(ds_optimizer_find("triple_momentum"), "triple_momentum", DS_PEP_SMOOTH_STRONGLY_CONVEX, 1.0,
                      0.1, DS_PEP_GAP, 1.0, t[i], &r);
        tol[i] = r.tol;
    }
    assert_true(v[0] > ds_pep_initial(&su));
    ds_pep_judge(t, meas, v, tol, 3, &c);
    assert_int_equal(ds_pep_growth(t, v, tol, 3, ds_pep_initial(&su), &c), 0);
    assert_int_equal(c.verdict, DS_V_PASS);
}

/* Bad setups are refused with the offending value. */
static void test_bad_setup(void **state)
{
    (void)state;
    double h[1] = {0}, out[1] = {1};
    ds_pep_steps s = {.K = 1, .N = 1, .h = h, .out = out};
    ds_pep_setup su = {.cls = DS_PEP_SMOOTH_STRONGLY_CONVEX, .L = 1, .mu = 1, .R = 1, .D = NAN};
    ds_pep_result r;
    ds_err err = {0};
    assert_int_equal(ds_pep_solve(&s, &su, &r, &err), DS_EINVAL);
    assert_non_null(strstr(err.msg, "mu=1"));
    su.mu = 0.5;
    su.R = -1;
    assert_int_equal(ds_pep_solve(&s, &su, &r, &err), DS_EINVAL);
    assert_non_null(strstr(err.msg, "R=-1"));
    /* one step of 1/L from x0 on the strongly convex class: (1 - mu/L)^2 */
    su.R = 1;
    su.measure = DS_PEP_DIST2;
    assert_int_equal(ds_pep_solve(&s, &su, &r, &err), DS_OK);
    assert_rel(r.value, 0.25, PEP_REL);
}

/* A run above its PEP bound by more than the tolerances is never PASS,
 * nor is a run whose measurement is not a number. */
static void test_judge(void **state)
{
    (void)state;
    const long t[3] = {1, 2, 5};
    const double bound[3] = {0.5, 0.2, 0.1}, tol[3] = {1e-12, 1e-12, 1e-12};
    double meas[3] = {0.4, 0.2, 0.1};
    ds_check c = {.th = NULL, .claimed = 1};
    ds_pep_judge(t, meas, bound, tol, 3, &c);
    assert_int_equal(c.verdict, DS_V_PASS);
    assert_int_equal(c.last_iter, 5);
    assert_rel(c.worst_ratio, 1.0, 1e-15);
    meas[1] = 0.2 * (1 + 1e-8);
    ds_pep_judge(t, meas, bound, tol, 3, &c);
    assert_int_equal(c.verdict, DS_V_FAIL);
    assert_int_equal(c.first_violation, 2);
    meas[1] = 0.2;
    meas[2] = NAN;
    ds_pep_judge(t, meas, bound, tol, 3, &c);
    assert_int_equal(c.verdict, DS_V_FAIL);
    assert_int_equal(c.first_violation, 5);
}

/* verify on GD's worst quadratic (lambda = L/201): the squared distance
 * contracts by (1 - 1/201)^2 a step, which is the strongly convex PEP value
 * itself, so the run meets its bound with equality and passes. */
static void test_verify_tight(void **state)
{
    (void)state;
    long entry = -1;
    for (size_t i = 0; i < ds_battery_count; i++)
        if (!strcmp(ds_battery[i].label, "quad-gdworst"))
            entry = (long)i;
    assert_true(entry >= 0);
    ds_verify_report rep = {0};
    ds_err err = {0};
    assert_int_equal(ds_verify_optimizer("gd", NULL, 0, entry, &rep, &err), DS_OK);
    int seen = 0;
    for (size_t i = 0; i < rep.n; i++) {
        const ds_check *c = &rep.rows[i].check;
        if (strncmp(c->th->id, "pep-", 4))
            continue;
        seen++;
        assert_int_equal(c->verdict, DS_V_PASS);
        assert_int_equal(c->last_iter, 10);
        if (!strcmp(c->th->id, "pep-dist2")) {
            assert_rel(c->bound, pow(1.0 - 1.0 / 201.0, 20), PEP_REL);
            assert_rel(c->measured, c->bound, PEP_REL);
        }
    }
    assert_int_equal(seen, 3);
    assert_int_equal(rep.claimed_fail, 0);
    ds_verify_report_free(&rep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gd_h1),
        cmocka_unit_test(test_gd_h15),
        cmocka_unit_test(test_ogm),
        cmocka_unit_test(test_gd_sc_dist),
        cmocka_unit_test(test_item),
        cmocka_unit_test(test_triple_momentum),
        cmocka_unit_test(test_ogmg_initial_gap),
        cmocka_unit_test(test_table_gd),
        cmocka_unit_test(test_table_heavy_ball),
        cmocka_unit_test(test_table_agd),
        cmocka_unit_test(test_new_method),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_gd_too_long_step),
        cmocka_unit_test(test_sc_n30),
        cmocka_unit_test(test_tm_n30),
        cmocka_unit_test(test_scaling_invariant),
        cmocka_unit_test(test_generation_matches_full),
        cmocka_unit_test(test_generation_refines),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_bad_setup),
        cmocka_unit_test(test_judge),
        cmocka_unit_test(test_verify_tight),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
