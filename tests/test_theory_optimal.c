/* OGM's optimality on L-smooth convex functions: its worst gradient norm
 * (ogm-grad-norm) against the exact worst case that performance estimation
 * computes and on the 1-D quadratic that attains it, and Drori's lower bound
 * (drori-lower) against the exact worst case of every fixed-step method in
 * the registry, OGM meeting it; the judge that `verify` applies, on planted
 * values and on a wrong constant; and the rows `verify` writes. Every bound
 * is the catalog's own (ds_theorem_find), never a formula written here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testrun.h"

#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../core/schedule.h"
#include "../harness/runner.h"
#include "../report/verify.h"
#include "../theory/pep.h"
#include "../theory/theorem.h"

#define TIGHT 1e-9
/* PEPit's documentation prints six significant digits. */
#define PEPIT 5e-6

/* The catalog's bound `id` at step t for a method of horizon N on a
 * problem with constants L, R (a context with no run: the bound functions
 * read only these). */
static double catalog(const char *id, double L, double R, long N, long t)
{
    const ds_theorem *th = ds_theorem_find(id);
    if (!th)
        fail_msg("no theorem %s in the catalog", id);
    ds_values ov = {.n = 0};
    ds_th_run run;
    memset(&run, 0, sizeof run);
    ds_th_ctx c = {.run = &run, .ov = &ov, .opt = "ogm", .L = L, .R = R, .lr = 1 / L, .N = N, .mu = 0,
                   .kappa = INFINITY, .D = NAN};
    return th->bound(&c, t, NAN);
}

/* The PEP worst case of `spec` (default parameters when it is a bare name)
 * after N steps, horizon N, over L-smooth convex f with ||x0 - x*|| <= R,
 * the method's parameters bound to L and mu_method (a method tuned for a
 * strongly convex class may still be asked about the convex one). Returns
 * the status of the trace or the solver; the value and tolerance in *r. */
static int pep_tuned(const char *spec, double mu_method, ds_pep_measure m, double L, double R, long N,
                     ds_pep_result *r)
{
    ds_values v = {.n = 0};
    ds_err err = {0};
    ds_pep_steps steps;
    if (ds_optimizer_parse(spec, &v, &err))
        fail_msg("parse %s: %s", spec, err.msg);
    const ds_optimizer_type *ot = ds_optimizer_find(v.name);
    ds_pep_setup su = {.cls = DS_PEP_SMOOTH_CONVEX, .L = L, .measure = m, .R = R, .D = NAN};
    int rc = ds_pep_trace(ot, &v, L, mu_method, N, N, &steps, &err);
    if (!rc) {
        rc = ds_pep_solve(&steps, &su, r, &err);
        ds_pep_steps_free(&steps);
    }
    ds_values_free(&v);
    return rc;
}

static int pep(const char *spec, ds_pep_measure m, double L, double R, long N, ds_pep_result *r)
{
    return pep_tuned(spec, 0.0, m, L, R, N, r);
}

static void run(const char *prob, const char *opt, long iters, ds_result *res)
{
    tu_run(prob, opt, iters, 0, res);
}

/* ---- ogm-grad-norm ------------------------------------------------------- */

/* The numbers `descent pep --optimizer ogm --measure grad2` prints at
 * L = R = 1 (0.25, 0.1238, 0.0754 for N = 1, 2, 3), and 2 L times PEPit's
 * OGM gap at L = 3, N = 4 (||g||^2 = 2 L (f - f*) on the attaining
 * quadratic): 6 x 0.0767518 = 0.4605108. */
static void test_ogm_grad_constants(void **st)
{
    (void)st;
    assert_rel(catalog("ogm-grad-norm", 1, 1, 1, 1), 0.25, 1e-15);
    assert_close(catalog("ogm-grad-norm", 1, 1, 2, 2), 0.1238, 5e-5);
    assert_close(catalog("ogm-grad-norm", 1, 1, 3, 3), 0.0754, 5e-5);
    assert_rel(catalog("ogm-grad-norm", 3, 1, 4, 4), 6 * 0.0767518, PEPIT);
    /* scales as (L R)^2, and speaks only at the horizon */
    assert_rel(catalog("ogm-grad-norm", 2, 3, 4, 4), 36.0 / 9 * catalog("ogm-grad-norm", 3, 1, 4, 4), 1e-14);
    assert_true(isnan(catalog("ogm-grad-norm", 1, 1, 4, 3)));
}

/* The exact worst case over the class, N = 1..12, equals the bound within
 * the solver's stated tolerance: the worst case lies in [value - tol, value]. */
static void test_ogm_grad_pep(void **st)
{
    (void)st;
    for (long N = 1; N <= 12; N++) {
        ds_pep_result r;
        assert_int_equal(pep("ogm", DS_PEP_GRAD2, 1, 1, N, &r), DS_OK);
        double b = catalog("ogm-grad-norm", 1, 1, N, N);
        if (!(b >= r.value - r.tol - TIGHT * b && b <= r.value + TIGHT * b))
            fail_msg("N=%ld: bound %.15g outside the PEP interval [%.15g, %.15g]", N, b, r.value - r.tol, r.value);
        assert_true(r.tol <= 1e-6 * b);  /* resolved to the accuracy PEP is held to */
    }
    /* L and R scale it: L = 3, R = 2 at N = 5 */
    ds_pep_result r;
    assert_int_equal(pep("ogm", DS_PEP_GRAD2, 3, 2, 5, &r), DS_OK);
    assert_rel(r.value, catalog("ogm-grad-norm", 3, 2, 5, 5), 1e-8);
}

/* L x^2/2 from x0 = x* + R attains it (x_t = 0, |y_N| = R/theta_N); a run
 * on the Huber function built for OGM stays below it. */
static void test_ogm_grad_instance(void **st)
{
    (void)st;
    ds_result r;
    run("quadratic:dim=1,mu=3,L=3", "ogm", 4, &r);
    assert_int_equal(r.status, DS_ST_MAX_ITERS);
    assert_rel(r.gnorm_final * r.gnorm_final, catalog("ogm-grad-norm", 3, 1, 4, 4), TIGHT);
    assert_rel(r.gnorm_final * r.gnorm_final, 6 * 0.0767518, PEPIT);
    ds_result_free(&r);
    run("huber_worst:threshold=ogm,L=2,N=9,R=2", "ogm:N=9", 9, &r);
    double b = catalog("ogm-grad-norm", 2, 2, 9, 9);
    assert_true(r.gnorm_final * r.gnorm_final <= b * (1 + TIGHT));
    assert_true(r.gnorm_final * r.gnorm_final >= 1e-3 * b);
    ds_result_free(&r);
}

/* ---- drori-lower --------------------------------------------------------- */

/* PEPit's OGM value at L = 3, N = 4 is the bound itself (optimized_gradient.py,
 * tight by Drori's Thm 3); N = 1: theta_1 = 2, L R^2/8. */
static void test_drori_constants(void **st)
{
    (void)st;
    assert_rel(catalog("drori-lower", 3, 1, 4, 4), 0.0767518, PEPIT);
    assert_rel(catalog("drori-lower", 1, 2, 1, 1), 0.5, 1e-15);
    assert_true(isnan(catalog("drori-lower", 1, 1, 1, 0)));
    /* no lower bound below GD's exact worst case L R^2/(4N+2) could be attained
     * by GD: the bound is strictly below it */
    for (long N = 1; N <= 50; N++)
        assert_true(catalog("drori-lower", 1, 1, N, N) < 1.0 / (4.0 * N + 2));
}

static void judge(const long *t, const double *v, const double *b, const double *tol, const int *att, size_t n,
                  ds_check *c)
{
    *c = (ds_check){.th = ds_theorem_find("drori-lower"), .claimed = 1};
    ds_pep_judge_lower(t, v, b, tol, att, n, c);
}

/* OGM at its own horizon meets the bound to the solver's tolerance, N = 1..10;
 * the bound x2 fails it (below), the bound x0.5 fails it (not attained). */
static void test_drori_ogm(void **st)
{
    (void)st;
    long t[10];
    double v[10], b[10], tol[10], b2[10], bh[10];
    int att[10];
    for (long N = 1; N <= 10; N++) {
        ds_pep_result r;
        assert_int_equal(pep("ogm", DS_PEP_GAP, 1, 1, N, &r), DS_OK);
        size_t i = (size_t)N - 1;
        t[i] = N, v[i] = r.value, tol[i] = r.tol, att[i] = 1;
        b[i] = catalog("drori-lower", 1, 1, N, N);
        b2[i] = 2 * b[i], bh[i] = 0.5 * b[i];
    }
    ds_check c;
    judge(t, v, b, tol, att, 10, &c);
    assert_int_equal(c.verdict, DS_V_PASS);
    assert_true(c.tight);
    assert_int_equal(c.n_checked, 10);
    assert_true(c.tight_err <= 1e-6);
    judge(t, v, b2, tol, att, 10, &c);
    assert_int_equal(c.verdict, DS_V_FAIL);
    assert_int_equal(c.first_violation, 1);
    assert_non_null(strstr(c.reason, "below"));
    judge(t, v, bh, tol, att, 10, &c);
    assert_int_equal(c.verdict, DS_V_FAIL);
    assert_non_null(strstr(c.reason, "not attained"));
    /* x0.5 is a valid (weaker) lower bound for a method that does not attain it */
    judge(t, v, bh, tol, NULL, 10, &c);
    assert_int_equal(c.verdict, DS_V_PASS);
    assert_false(c.tight);
}

/* Planted PEP values: one a millionth below the bound with a tiny
 * tolerance fails at its horizon; one below by less than its tolerance
 * passes (the worst case may still reach the bound); a NaN fails. */
static void test_drori_planted(void **st)
{
    (void)st;
    long t[3] = {1, 2, 5};
    double b[3], v[3], tol[3] = {1e-12, 1e-12, 1e-12};
    for (int i = 0; i < 3; i++)
        b[i] = catalog("drori-lower", 1, 1, t[i], t[i]), v[i] = 1.5 * b[i];
    v[1] = b[1] * (1 - 1e-6);
    ds_check c;
    judge(t, v, b, tol, NULL, 3, &c);
    assert_int_equal(c.verdict, DS_V_FAIL);
    assert_int_equal(c.first_violation, 2);
    assert_rel(c.worst_ratio, 1 - 1e-6, 1e-12);
    tol[1] = 2e-6 * b[1];
    judge(t, v, b, tol, NULL, 3, &c);
    assert_int_equal(c.verdict, DS_V_PASS);
    /* the slack is the stated tolerance, not more: 3 tol below fails, 0.5 tol passes */
    tol[1] = 1e-8 * b[1];
    v[1] = b[1] - 3 * tol[1];
    judge(t, v, b, tol, NULL, 3, &c);
    assert_int_equal(c.verdict, DS_V_FAIL);
    v[1] = b[1] - 0.5 * tol[1];
    judge(t, v, b, tol, NULL, 3, &c);
    assert_int_equal(c.verdict, DS_V_PASS);
    v[2] = NAN;
    judge(t, v, b, tol, NULL, 3, &c);
    assert_int_equal(c.verdict, DS_V_FAIL);
    assert_int_equal(c.first_violation, 5);
}

/* Every fixed-step method of the registry at its defaults, N = 1..4: its
 * exact worst case over L-smooth convex functions (L = R = 1) is at least
 * the bound. Methods whose defaults need mu > 0 (triple momentum, heavy ball
 * with Polyak's parameters) are tuned for mu = 0.1 and still asked about
 * the convex class; a method no PEP can be solved for fails here. */
static void test_drori_every_method(void **st)
{
    (void)st;
    size_t checked = 0;
    for (const ds_optimizer_type *const *ot = ds_optimizers; *ot; ot++) {
        if (!((*ot)->flags & DS_OPT_FIXED_STEP))
            continue;
        long t[4];
        double v[4], b[4], tol[4];
        for (long N = 1; N <= 4; N++) {
            ds_pep_result r;
            if (pep((*ot)->name, DS_PEP_GAP, 1, 1, N, &r) &&
                pep_tuned((*ot)->name, 0.1, DS_PEP_GAP, 1, 1, N, &r))
                fail_msg("%s: no PEP value at N=%ld", (*ot)->name, N);
            t[N - 1] = N, v[N - 1] = r.value, tol[N - 1] = r.tol;
            b[N - 1] = catalog("drori-lower", 1, 1, N, N);
        }
        ds_check c;
        judge(t, v, b, tol, NULL, 4, &c);
        if (c.verdict != DS_V_PASS)
            fail_msg("%s: %s", (*ot)->name, c.reason);
        checked++;
    }
    assert_true(checked >= 7);
    /* and variants away from the defaults */
    static const char *const specs[] = {"gd:lr=0.5/L", "gd:lr=1.5/L", "agd:variant=t3",
                                        "heavy_ball:lr=1/L,momentum=0.5", "ogm:N=6"};
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        ds_pep_result r;
        long t = 3;
        assert_int_equal(pep(specs[i], DS_PEP_GAP, 2, 1, t, &r), DS_OK);
        double b = catalog("drori-lower", 2, 1, t, t);
        ds_check c;
        judge(&t, &r.value, &b, &r.tol, NULL, 1, &c);
        if (c.verdict != DS_V_PASS)
            fail_msg("%s: %s", specs[i], c.reason);
    }
}

/* ---- verify's rows --------------------------------------------------------- */

static long battery_index(const char *label)
{
    for (size_t i = 0; i < ds_battery_count; i++)
        if (!strcmp(ds_battery[i].label, label))
            return (long)i;
    fail_msg("no battery entry %s", label);
    return -1;
}

static const ds_check *row(const ds_verify_report *rep, const char *id)
{
    for (size_t i = 0; i < rep->n; i++)
        if (!strcmp(rep->rows[i].check.th->id, id) && rep->rows[i].check.verdict != DS_V_NA)
            return &rep->rows[i].check;
    fail_msg("no decided %s row", id);
    return NULL;
}

/* quad-1d-short (L x^2/2, budget 10): OGM attains both at t = 10; GD meets
 * neither, and its PEP gap stays above Drori's bound. */
static void test_verify_rows(void **st)
{
    (void)st;
    ds_verify_report rep = {0};
    ds_err err = {0};
    long e = battery_index("quad-1d-short");
    assert_int_equal(ds_verify_optimizer("ogm", NULL, 0, e, &rep, &err), DS_OK);
    const ds_check *c = row(&rep, "drori-lower");
    assert_int_equal(c->verdict, DS_V_PASS);
    assert_true(c->tight);
    assert_int_equal(c->last_iter, 10);
    assert_rel(c->bound, catalog("drori-lower", 2, 1, 10, 10), 1e-15);
    c = row(&rep, "ogm-grad-norm");
    assert_int_equal(c->verdict, DS_V_PASS);
    assert_true(c->tight);
    assert_true(c->claimed);
    assert_int_equal(rep.claimed_fail, 0);
    ds_verify_report_free(&rep);
    assert_int_equal(ds_verify_optimizer("gd:lr=1/L", NULL, 0, e, &rep, &err), DS_OK);
    c = row(&rep, "drori-lower");
    assert_int_equal(c->verdict, DS_V_PASS);
    assert_false(c->tight);
    assert_true(c->worst_ratio > 1.2);  /* GD is far from optimal: 1/6 against 1/8 at t = 1 */
    ds_verify_report_free(&rep);
    /* strongly convex problems are another class: no drori-lower row */
    assert_int_equal(ds_verify_optimizer("ogm", NULL, 0, battery_index("quad-k10"), &rep, &err), DS_OK);
    for (size_t i = 0; i < rep.n; i++)
        assert_true(strcmp(rep.rows[i].check.th->id, "drori-lower") || rep.rows[i].check.verdict == DS_V_NA);
    ds_verify_report_free(&rep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ogm_grad_constants),
        cmocka_unit_test(test_ogm_grad_pep),
        cmocka_unit_test(test_ogm_grad_instance),
        cmocka_unit_test(test_drori_constants),
        cmocka_unit_test(test_drori_ogm),
        cmocka_unit_test(test_drori_planted),
        cmocka_unit_test(test_drori_every_method),
        cmocka_unit_test(test_verify_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
