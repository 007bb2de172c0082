/* descent compare's statistics (report/compare.h): the Wilcoxon
 * signed-rank test against p-values counted by hand, the ERT ratio against
 * hand-interpolated times, Holm's correction, and the gate's verdicts. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "../report/compare.h"

/* A run of problem "p" whose relative gap falls from 1 at iteration 0 to
 * `gap` at iteration `last` (epochs = iterations). */
static void fake(ds_result *r, const char *opt, uint64_t seed, long last, double gap)
{
    memset(r, 0, sizeof *r);
    snprintf(r->problem, sizeof r->problem, "p");
    snprintf(r->optimizer, sizeof r->optimizer, "%s", opt);
    snprintf(r->schedule, sizeof r->schedule, "constant");
    r->seed = seed;
    r->status = DS_ST_MAX_ITERS;
    r->f_star = 0;
    r->f0 = 1;
    ds_trace *t = &r->trace;
    t->n = t->cap = 2;
    t->iter = calloc(2, sizeof *t->iter);
    t->grad_evals = calloc(2, sizeof *t->grad_evals);
    t->f = calloc(2, sizeof(double));
    t->f_gap = calloc(2, sizeof(double));
    t->grad_norm = calloc(2, sizeof(double));
    t->lr = calloc(2, sizeof(double));
    t->epochs = calloc(2, sizeof(double));
    t->dist = calloc(2, sizeof(double));
    t->iter[1] = last;
    t->epochs[1] = (double)last;
    t->f[0] = t->f_gap[0] = 1;
    t->f[1] = t->f_gap[1] = gap;
    r->gap_final = gap;
    r->iters = last;
    r->epochs = (double)last;
}

static void free_all(ds_result *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ds_result_free(&r[i]);
}

static void test_wilcoxon_exact(void **state)
{
    (void)state;
    double w, pg, pl;
    /* all five differences positive: W+ = 15, one sign pattern of 32 */
    double a[] = {1, 2, 3, 4, 5};
    ds_wilcoxon(a, 5, &w, &pg, &pl);
    assert_close(w, 15, 0);
    assert_close(pg, 1.0 / 32, 1e-15);
    assert_close(pl, 1, 1e-15);
    /* ranks 2, 3, 5 positive: W+ = 10; sums >= 10 are as many as sums <= 5:
     * {}, {1}..{5}, {1,2}, {1,3}, {1,4}, {2,3} = 10 of 32; sums <= 10 leave
     * out the 7 sums >= 11 (those <= 4: {}, {1}..{4}, {1,2}, {1,3}) */
    double b[] = {-1, 2, 3, -4, 5};
    ds_wilcoxon(b, 5, &w, &pg, &pl);
    assert_close(w, 10, 0);
    assert_close(pg, 10.0 / 32, 1e-15);
    assert_close(pl, 25.0 / 32, 1e-15);
    /* zeros are dropped: one positive difference left, p = 1/2 */
    double c[] = {0, 0, 7};
    ds_wilcoxon(c, 3, &w, &pg, &pl);
    assert_close(w, 1, 0);
    assert_close(pg, 0.5, 1e-15);
    /* nothing but zeros: no evidence either way */
    ds_wilcoxon(c, 2, &w, &pg, &pl);
    assert_close(pg, 1, 0);
    assert_close(pl, 1, 0);
}

/* Ties: ranks 1.5, 1.5, 3.5, 3.5, W+ = 10, mean 5, variance
 * 4*5*9/24 - (6 + 6)/48 = 7.25; P = Q((10 - 0.5 - 5)/sqrt(7.25)) =
 * Q(1.67126...) = 0.0473354 (Python's statistics.NormalDist) */
static void test_wilcoxon_ties(void **state)
{
    (void)state;
    double d[] = {1, 1, 2, 2}, w, pg, pl;
    ds_wilcoxon(d, 4, &w, &pg, &pl);
    assert_close(w, 10, 0);
    assert_close(pg, 0.0473354, 1e-6);
    assert_close(pl, 0.9794564, 1e-6);  /* P(Z <= (10 + 0.5 - 5)/sqrt(7.25)) */
}

static void test_compare_identical(void **state)
{
    (void)state;
    ds_result a[8], b[8];
    for (int i = 0; i < 8; i++) {
        fake(&a[i], "gd", (uint64_t)i, 10, 1e-8);
        fake(&b[i], "gd", (uint64_t)i, 10, 1e-8);
    }
    ds_compare_opts o;
    ds_compare_defaults(&o);
    ds_compare_row *rows;
    size_t n, worse;
    ds_err err = {0};
    assert_int_equal(ds_compare(a, 8, b, 8, &o, &rows, &n, &worse, &err), DS_OK);
    assert_int_equal(n, 1);
    assert_int_equal(worse, 0);
    assert_int_equal(rows[0].pairs, 8);
    /* 1e-6 is crossed at w = log(1e-6)/log(1e-8) = 0.75 of 10 steps: 7.5, rounded up to 8 */
    assert_close(rows[0].ert_new, 8, 0);
    assert_close(rows[0].ratio, 1, 0);
    assert_close(rows[0].ratio_lo, 1, 0);
    assert_close(rows[0].ratio_hi, 1, 0);
    assert_int_equal(rows[0].verdict, DS_CMP_SAME);
    free(rows);
    free_all(a, 8), free_all(b, 8);
}

/* NEW ends 10x higher on every one of 8 seeds: p = 2^-8, worse; as the
 * base, the same files are better. */
static void test_compare_gap_gate(void **state)
{
    (void)state;
    ds_result a[8], b[8];
    for (int i = 0; i < 8; i++) {
        fake(&a[i], "gd", (uint64_t)i, 10, 1e-7 * (1 + i));
        fake(&b[i], "gd", (uint64_t)i, 10, 1e-8 * (1 + i));
    }
    ds_compare_opts o;
    ds_compare_defaults(&o);
    ds_compare_row *rows;
    size_t n, worse;
    ds_err err = {0};
    assert_int_equal(ds_compare(a, 8, b, 8, &o, &rows, &n, &worse, &err), DS_OK);
    assert_int_equal(worse, 1);
    assert_close(rows[0].p_worse, 1.0 / 256, 1e-15);
    assert_int_equal(rows[0].verdict, DS_CMP_WORSE);
    free(rows);
    assert_int_equal(ds_compare(b, 8, a, 8, &o, &rows, &n, &worse, &err), DS_OK);
    assert_int_equal(worse, 0);
    assert_int_equal(rows[0].verdict, DS_CMP_BETTER);
    free(rows);
    free_all(a, 8), free_all(b, 8);
}

/* ERT: NEW needs 20 steps where BASE needs 10: the target is crossed at
 * 15 against 8, on every run, so every resample gives 15/8. */
static void test_compare_ert(void **state)
{
    (void)state;
    ds_result a[6], b[6];
    for (int i = 0; i < 6; i++) {
        fake(&a[i], "gd", (uint64_t)i, 20, 1e-8);
        fake(&b[i], "gd", (uint64_t)i, 10, 1e-8);
    }
    ds_compare_opts o;
    ds_compare_defaults(&o);
    o.metric = DS_CMP_ERT;
    ds_compare_row *rows;
    size_t n, worse;
    ds_err err = {0};
    assert_int_equal(ds_compare(a, 6, b, 6, &o, &rows, &n, &worse, &err), DS_OK);
    assert_close(rows[0].ratio, 15.0 / 8, 1e-15);
    assert_close(rows[0].ratio_lo, 15.0 / 8, 1e-15);
    assert_close(rows[0].ratio_hi, 15.0 / 8, 1e-15);
    assert_close(rows[0].p_worse, 1.0 / 2001, 1e-15);
    assert_int_equal(worse, 1);
    /* the gap metric sees equal final gaps: no verdict */
    o.metric = DS_CMP_GAP;
    free(rows);
    assert_int_equal(ds_compare(a, 6, b, 6, &o, &rows, &n, &worse, &err), DS_OK);
    assert_int_equal(worse, 0);
    free(rows);
    free_all(a, 6), free_all(b, 6);
}

/* Holm over two configurations: p = 2^-8 and 2^-5 are both rejected
 * (2^-8 <= 0.025, 2^-5 <= 0.05); with 2^-4 for the second it is not. */
static void test_compare_holm(void **state)
{
    (void)state;
    ds_result a[13], b[13];
    for (int i = 0; i < 8; i++) {
        fake(&a[i], "adam", (uint64_t)i, 10, 1e-6 * (1 + i));  /* distinct differences: no ties */
        fake(&b[i], "adam", (uint64_t)i, 10, 1e-8 * (1 + i));
    }
    for (int i = 0; i < 5; i++) {
        fake(&a[8 + i], "gd", (uint64_t)i, 10, 1e-6 * (1 + i));
        fake(&b[8 + i], "gd", (uint64_t)i, 10, 1e-8 * (1 + i));
    }
    ds_compare_opts o;
    ds_compare_defaults(&o);
    ds_compare_row *rows;
    size_t n, worse;
    ds_err err = {0};
    assert_int_equal(ds_compare(a, 13, b, 13, &o, &rows, &n, &worse, &err), DS_OK);
    assert_int_equal(n, 2);
    assert_int_equal(worse, 2);
    assert_close(rows[1].p_worse, 1.0 / 32, 1e-15);
    free(rows);
    /* drop one gd seed from NEW: 4 pairs, p = 1/16 > 0.05 */
    assert_int_equal(ds_compare(a, 12, b, 13, &o, &rows, &n, &worse, &err), DS_OK);
    assert_int_equal(worse, 1);
    assert_string_equal(rows[0].optimizer, "adam");
    assert_int_equal(rows[0].verdict, DS_CMP_WORSE);
    assert_int_equal(rows[1].pairs, 4);
    assert_int_equal(rows[1].verdict, DS_CMP_SAME);
    free(rows);
    /* two configurations at p = 2^-5 each: alone each would be rejected at
     * 0.05, but Holm asks the smaller for 0.025 first: none is */
    assert_int_equal(ds_compare(a + 3, 10, b + 3, 10, &o, &rows, &n, &worse, &err), DS_OK);
    assert_int_equal(n, 2);
    assert_close(rows[0].p_worse, 1.0 / 32, 1e-15);
    assert_close(rows[1].p_worse, 1.0 / 32, 1e-15);
    assert_int_equal(worse, 0);
    free(rows);
    free_all(a, 13), free_all(b, 13);
}

static void test_compare_nothing_common(void **state)
{
    (void)state;
    ds_result a[1], b[1];
    fake(&a[0], "gd", 0, 10, 1e-8);
    fake(&b[0], "adam", 0, 10, 1e-8);
    ds_compare_opts o;
    ds_compare_defaults(&o);
    ds_compare_row *rows;
    size_t n, worse;
    ds_err err = {0};
    assert_int_equal(ds_compare(a, 1, b, 1, &o, &rows, &n, &worse, &err), DS_EINVAL);
    assert_non_null(strstr(err.msg, "no configuration"));
    free_all(a, 1), free_all(b, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wilcoxon_exact),   cmocka_unit_test(test_wilcoxon_ties),
        cmocka_unit_test(test_compare_identical), cmocka_unit_test(test_compare_gap_gate),
        cmocka_unit_test(test_compare_ert),      cmocka_unit_test(test_compare_holm),
        cmocka_unit_test(test_compare_nothing_common),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
