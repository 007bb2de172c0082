/* [claim NAME] sections (harness/suite.h) and their page (report/claims.h):
 * bad claims are refused with their line; measurements over hand-made
 * runs give the hand-computed median, min, record and rate; each
 * comparison's verdict flips where it should; the template is filled,
 * and a name it does not know is an error naming its line. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "../harness/suite.h"
#include "../report/claims.h"

#define HEAD "[suite]\nname = t\nseeds = 3\niters = 4\n[problem q]\nspec = quadratic:dim=2,rotate=0\n" \
             "[optimizer gd]\nspec = gd:lr={0.1,0.2}\n"

static void parse_fails(const char *claim, const char *want)
{
    char text[2048];
    snprintf(text, sizeof text, "%s%s", HEAD, claim);
    ds_suite s;
    ds_err err = {0};
    int rc = ds_suite_parse("t.ini", text, &s, &err);
    if (rc != DS_EINVAL || !strstr(err.msg, want))
        fail_msg("claim\n%s\ngave rc %d, '%s'; expected '%s'", claim, rc, err.msg, want);
}

static void test_bad_claims(void **state)
{
    (void)state;
    /* the claim section starts on line 9 */
    parse_fails("[claim c]\ntext = x\nruns = q\ncolumn = f\nqouted = 1\n", "t.ini:13: qouted = 1: unknown key in "
                "[claim c]; did you mean 'quoted'?");
    parse_fails("[claim c]\ntext = x\nruns = q\ncolumn = f\nquoted = 1\nquoted = 2\n", "'quoted' appears twice");
    /* runs and schedule add up in figure and optimizer sections, not here */
    parse_fails("[claim c]\ntext = x\nruns = q\ncolumn = f\nruns = q/gd\n", "'runs' appears twice in this section (first on line 11)");
    parse_fails("[claim c]\ntext = x\nruns = q\ncolumn = f\nschedule = constant\nschedule = step\n",
                "'schedule' appears twice");
    parse_fails("[claim c]\ntext = x\nruns = q\ncolumn = f\n[claim c]\ntext = y\nruns = q\ncolumn = f\n",
                "[claim c] appears twice (first on line 9)");
    parse_fails("[claim c]\ntext = x\nruns = q\ncolumn = f\noptimizer = gd:lr=0.3\n", "[claim c] selects no run");
    parse_fails("[claim c]\ntext = x\nruns = q/adam\ncolumn = f\n", "no section [optimizer adam]");
    parse_fails("[claim c]\ntext = x\nruns = q\ncolumn = fgap\n", "column = fgap: unknown value; did you mean 'f_gap'?");
    parse_fails("[claim c]\ntext = x\nruns = q\ncolumn = f\nquoted = about 1\n", "quoted = about 1: expected a finite");
    parse_fails("[claim c]\ntext = x\nruns = q\ncolumn = status\ncompare = status\nquoted = finished\n",
                "not a run status");
    parse_fails("[claim c]\ntext = x\nruns = q\ncolumn = f\ncompare = status\nquoted = converged\n",
                "compare = status goes with column = status");
    parse_fails("[claim c]\ntext = x\nruns = q\ncolumn = steps\nat = 3\n", "drop at =");
    parse_fails("[claim c]\ntext = x\nruns = q\ncolumn = iters-to-gap\n", "gap = EPS goes with");
    parse_fails("[claim c]\ntext = x\nruns = q\ncolumn = f\ncompare = at-most\n", "quotes no value");
    parse_fails("[claim c]\nruns = q\ncolumn = f\n", "needs text, runs and column");
    parse_fails("[claim c]\ntext = x\nruns = q\ncolumn = f\nquoted = 1\ntolerance = -1\n", "expected a number >= 0");
}

/* A run of the suite whose f - f* is gap0 * r^t at records t = 0..4. */
static void fake(ds_result *r, const ds_suite *s, const ds_suite_run *run, double gap0, double ratio)
{
    memset(r, 0, sizeof *r);
    snprintf(r->problem, sizeof r->problem, "%s", s->problems[run->problem].canon);
    snprintf(r->optimizer, sizeof r->optimizer, "%s", s->optimizers[run->optimizer].canon);
    snprintf(r->schedule, sizeof r->schedule, "%s", s->schedules[run->schedule].canon);
    r->id = run->id;
    r->seed = run->seed;
    r->status = DS_ST_MAX_ITERS;
    r->iters = 4;
    r->f0 = gap0;
    ds_trace *t = &r->trace;
    assert_int_equal(ds_trace_alloc(t, 5, 0), 0);
    t->n = 5;
    for (size_t k = 0; k < 5; k++) {
        t->iter[k] = (long)k;
        t->f_gap[k] = t->f[k] = gap0 * pow(ratio, (double)k);
    }
}

static const char *const CLAIMS =
    "[claim med]\ntext = median final gap at lr 0.1\nruns = q/gd\noptimizer = gd:lr=1e-1\ncolumn = f_gap\n"
    "quoted = 0.0016\ntolerance = 1e-12\n"
    "[claim low]\ntext = smallest gap at iteration 1\nruns = q\ncolumn = f_gap\nat = 1\nstat = min\n"
    "quoted = 0.2\ncompare = at-most\n"
    "[claim rate]\ntext = rate at lr 0.2, seed 2\nruns = q\noptimizer = gd:lr=0.2\nseed = 2\ncolumn = rate\n"
    "quoted = 0.505\ntolerance = 1%\n"
    "[claim st]\ntext = budget\nruns = q\ncolumn = status\ncompare = status\nquoted = max_iters\n";

static void test_measure(void **state)
{
    (void)state;
    char text[4096];
    snprintf(text, sizeof text, "%s%s", HEAD, CLAIMS);
    ds_suite s;
    ds_err err = {0};
    assert_int_equal(ds_suite_parse("t.ini", text, &s, &err), DS_OK);
    assert_int_equal(s.nruns, 6);
    assert_int_equal(s.nclaims, 4);
    ds_result res[6];
    for (size_t i = 0; i < 6; i++) {
        /* lr 0.1: gaps 1, 2, 3 shrinking by 0.2 a record; lr 0.2 by 0.5 */
        int slow = strstr(s.optimizers[s.runs[i].optimizer].canon, "0.1") != NULL;
        fake(&res[i], &s, &s.runs[i], 1.0 + (double)s.runs[i].seed, slow ? 0.2 : 0.5);
    }
    ds_claim_value v[4];
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(ds_claim_measure(&s, &s.claims[i], res, 6, &v[i], &err), DS_OK);
    /* median of 1, 2, 3 times 0.2^4 = 0.0016 (seed 1's) */
    assert_int_equal(v[0].runs, 3);
    assert_close(v[0].value, 2 * 0.0016, 1e-15);
    assert_int_equal(v[0].verdict, DS_VERDICT_DISAGREES);
    /* smallest gap at iteration 1 over all six runs: 1 * 0.2 */
    assert_int_equal(v[1].runs, 6);
    assert_close(v[1].value, 0.2, 1e-15);
    assert_int_equal(v[1].verdict, DS_VERDICT_AGREES);
    /* 0.5 is within 1% of 0.505 (0.00505) */
    assert_int_equal(v[2].runs, 1);
    assert_close(v[2].value, 0.5, 1e-15);
    assert_int_equal(v[2].verdict, DS_VERDICT_AGREES);
    assert_string_equal(v[3].status, "max_iters");
    assert_int_equal(v[3].verdict, DS_VERDICT_AGREES);
    /* the same claims against other quotes: 1% of 0.508 is 0.00508 < 0.008
     * (an absolute 0.01 would pass it) */
    s.claims[2].quoted_v = 0.508;
    assert_int_equal(ds_claim_measure(&s, &s.claims[2], res, 6, &v[2], &err), DS_OK);
    assert_int_equal(v[2].verdict, DS_VERDICT_DISAGREES);
    s.claims[1].quoted_v = 0.19;
    assert_int_equal(ds_claim_measure(&s, &s.claims[1], res, 6, &v[1], &err), DS_OK);
    assert_int_equal(v[1].verdict, DS_VERDICT_DISAGREES);
    res[0].status = DS_ST_DIVERGED;
    assert_int_equal(ds_claim_measure(&s, &s.claims[3], res, 6, &v[3], &err), DS_OK);
    assert_string_equal(v[3].status, "mixed");
    assert_int_equal(v[3].verdict, DS_VERDICT_DISAGREES);
    /* a record that is not there, and a file without the runs */
    s.claims[0].at = 7;
    assert_int_equal(ds_claim_measure(&s, &s.claims[0], res, 6, &v[0], &err), DS_EINVAL);
    assert_non_null(strstr(err.msg, "no record at iteration 7"));
    s.claims[0].at = -1;
    assert_int_equal(ds_claim_measure(&s, &s.claims[0], res, 0, &v[0], &err), DS_EINVAL);
    for (size_t i = 0; i < 6; i++)
        ds_trace_free(&res[i].trace);
    ds_suite_free(&s);
}

static char *page(const ds_suite *s, const ds_claim_value *v, const char *tmpl, int *rc, ds_err *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    *rc = ds_claims_page(s, v, tmpl, f, err);
    fclose(f);
    return buf;
}

static void test_page(void **state)
{
    (void)state;
    char text[4096];
    snprintf(text, sizeof text, "%s%s", HEAD, CLAIMS);
    ds_suite s;
    ds_err err = {0};
    assert_int_equal(ds_suite_parse("t.ini", text, &s, &err), DS_OK);
    ds_claim_value v[4] = {{.value = 0.0032, .runs = 3, .verdict = DS_VERDICT_DISAGREES},
                           {.value = 0.2, .runs = 6, .verdict = DS_VERDICT_AGREES},
                           {.value = 0.5, .runs = 1, .verdict = DS_VERDICT_AGREES},
                           {.status = "max_iters", .runs = 6, .verdict = DS_VERDICT_AGREES}};
    int rc;
    char *out = page(&s, v, "# T\n\nmed {{med}} ({{med.quoted}}, {{med.runs}} runs): {{med.verdict}}; "
                     "{{st}} {{rate.verdict}}\n", &rc, &err);
    assert_int_equal(rc, DS_OK);
    assert_string_equal(out, "# T\n\nmed 0.0032 (0.0016, 3 runs): **disagrees**; max_iters agrees\n");
    free(out);
    out = page(&s, v, "{{claims}}", &rc, &err);
    assert_int_equal(rc, DS_OK);
    assert_non_null(strstr(out, "4 claims, 1 disagreeing"));
    assert_non_null(strstr(out, "| med | median final gap at lr 0.1 | 0.0016 | 0.0032 | within 1e-12 | **disagrees** |"));
    assert_non_null(strstr(out, "| rate | rate at lr 0.2, seed 2 | 0.505 | 0.5 | within 1% | agrees |"));
    free(out);
    out = page(&s, v, "line 1\nline 2 {{nosuch}}\n", &rc, &err);
    assert_int_equal(rc, DS_EINVAL);
    assert_non_null(strstr(err.msg, "t:2: {{nosuch}}: no such claim"));
    free(out);
    out = page(&s, v, "{{med.colour}}", &rc, &err);
    assert_int_equal(rc, DS_EINVAL);
    free(out);
    out = page(&s, v, "a {{med\n}}", &rc, &err);
    assert_int_equal(rc, DS_EINVAL);
    free(out);
    ds_suite_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_claims),
        cmocka_unit_test(test_measure),
        cmocka_unit_test(test_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
