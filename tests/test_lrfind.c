/* The learning-rate range test: the smoothing, the cut at divergence and
 * the two suggestions on sequences worked out by hand, then the whole test
 * on a quadratic whose divergence threshold is known (gd diverges for
 * lr > 2/L). */
#include <stdlib.h>
#include <string.h>

#include "../harness/lrfind.h"
#include "../core/optimizer.h"
#include "../core/problem.h"
#include "testutil.h"

/* avg_k = beta avg_{k-1} + (1 - beta) loss_k, smoothed = avg_k/(1 - beta^k):
 * with beta 1/2 and losses 1, 2, 3: 1, (1/4 + 1)/(3/4) = 5/3,
 * (5/8 + 3/2)/(7/8) = 17/7. */
static void test_smoothing(void **st)
{
    (void)st;
    const double lr[] = {1e-3, 1e-2, 1e-1}, loss[] = {1, 2, 3};
    ds_lrfind_result r;
    ds_err err = {0};
    assert_int_equal(ds_lrfind_analyse(lr, loss, 3, 3, 0.5, 4, &r, &err), DS_OK);
    assert_int_equal(r.n, 3);
    assert_rel(r.smoothed[0], 1.0, 1e-15);
    assert_rel(r.smoothed[1], 5.0 / 3, 1e-15);
    assert_rel(r.smoothed[2], 17.0 / 7, 1e-15);
    assert_false(r.diverged);
    assert_rel(r.best, 1.0, 0);
    ds_lrfind_free(&r);
}

/* The sweep stops at the first smoothed loss above 4 x the best (that
 * point kept), or before a non-finite loss. */
static void test_divergence(void **st)
{
    (void)st;
    const double lr[] = {1, 2, 3, 4, 5, 6}, loss[] = {2, 1, 3, 4.5, 100, 1};
    ds_lrfind_result r;
    ds_err err = {0};
    assert_int_equal(ds_lrfind_analyse(lr, loss, 6, 6, 0, 4, &r, &err), DS_OK);
    assert_true(r.diverged);
    assert_int_equal(r.n, 4);  /* 4.5 > 4 x 1 */
    assert_rel(r.best, 1.0, 0);
    ds_lrfind_free(&r);

    const double bad[] = {2, 1, 1.5, NAN, 1};
    assert_int_equal(ds_lrfind_analyse(lr, bad, 5, 5, 0.98, 4, &r, &err), DS_OK);
    assert_true(r.diverged);
    assert_int_equal(r.n, 3);
    ds_lrfind_free(&r);

    assert_int_equal(ds_lrfind_analyse(lr, loss, 6, 6, 1.0, 4, &r, &err), DS_EINVAL);
    assert_non_null(strstr(err.msg, "beta=1"));
}

/* lr_k = 10^(k/10); loss_k = -atan(k - 20.3) drops fastest on the segment
 * [20, 21], so the steepest rate is lr_20 = 100; in the window [4, 35) the
 * smallest loss is at k = 34, so min/10 = 10^3.4/10. */
static void test_suggestions(void **st)
{
    (void)st;
    double lr[40], loss[40];
    for (int k = 0; k < 40; k++) {
        lr[k] = pow(10, k / 10.0);
        loss[k] = 10 - atan(k - 20.3);
    }
    ds_lrfind_result r;
    ds_err err = {0};
    assert_int_equal(ds_lrfind_analyse(lr, loss, 40, 40, 0, 4, &r, &err), DS_OK);
    assert_false(r.diverged);
    assert_rel(r.steepest, 100, 1e-14);
    assert_rel(r.min_div10, pow(10, 3.4) / 10, 1e-14);
    ds_lrfind_free(&r);
}

/* quadratic dim=10, kappa=10: L = 10, so gd diverges for lr > 2/L = 0.2.
 * The sweep must go past 0.2 before it stops, and suggest a rate in
 * (1e-3, 0.2). */
static void test_quadratic(void **st)
{
    (void)st;
    ds_values pv = {.n = 0}, ov = {.n = 0};
    ds_err err = {0};
    if (ds_problem_parse("quadratic:dim=10,kappa=10", &pv, &err) || ds_optimizer_parse("gd", &ov, &err))
        fail_msg("%s", err.msg);
    ds_lrfind_opts o;
    ds_lrfind_defaults(&o);
    ds_lrfind_result r;
    if (ds_lrfind(&pv, &ov, &o, &r, &err))
        fail_msg("%s", err.msg);
    assert_true(r.diverged);
    assert_true(r.n < 100);
    assert_true(r.lr[r.n - 1] > 0.2);
    for (size_t k = 0; k + 1 < r.n; k++) {
        assert_rel(r.lr[k + 1] / r.lr[k], pow(1e9, 1 / 99.0), 1e-12);
        assert_true(r.smoothed[k] <= 4 * r.best);  /* only the last point diverged */
    }
    assert_rel(r.lr[0], 1e-8, 1e-15);
    assert_true(r.steepest > 1e-3 && r.steepest < 0.2);
    assert_true(r.min_div10 > 1e-3 && r.min_div10 < 0.2);
    /* the loss is f after the step: a tiny first rate barely moves f(x0) */
    assert_true(r.loss[0] < 23.31 && r.loss[0] > 23.30);
    ds_lrfind_free(&r);
    ds_values_free(&pv);
    ds_values_free(&ov);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_smoothing),
        cmocka_unit_test(test_divergence),
        cmocka_unit_test(test_suggestions),
        cmocka_unit_test(test_quadratic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
