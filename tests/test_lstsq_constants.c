/* Least squares' L and mu come from an SVD of A: on the raw diabetes data
 * with an intercept (442 x 11, cond(A'A) ~ 5e7) they match a 50-digit
 * eigensolve of A'A/n (mpmath, from the decimal data file) to a few
 * 1e-16 relative, where an eigensolve of the rounded Gram matrix was off
 * by 2.1e-12 in mu. */
#include "../core/problem.h"
#include "testutil.h"

static void test_diabetes_constants(void **st)
{
    (void)st;
    ds_values v = {.n = 0};
    ds_err err = {0};
    ds_problem *p = NULL;
    const char *spec = "lstsq:data=diabetes,intercept=1,standardize=0";
    if (ds_problem_parse(spec, &v, &err) || ds_problem_new(&v, 7, &p, &err))
        fail_msg("%s: %s", spec, err.msg);
    /* mpmath.eigsy at 50 digits: 73592.421706998913381, 0.0014053651800518124819 */
    assert_rel(p->L, 73592.421706998913381, 5e-16);
    assert_rel(p->mu, 0.0014053651800518124819, 5e-16);
    ds_problem_free(p);
    ds_values_free(&v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_diabetes_constants)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
