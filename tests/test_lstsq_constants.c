/* Least squares' L and mu. Data sets: from an SVD of A: on the raw diabetes data
 * with an intercept (442 x 11, cond(A'A) ~ 5e7) they match a 50-digit
 * eigensolve of A'A/n (mpmath, from the decimal data file) to a few
 * 1e-16 relative, where an eigensolve of the rounded Gram matrix was off
 * by 2.1e-12 in mu. */
#include <stdlib.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_linalg.h>

#include "../core/problem.h"
#include "../core/vec.h"
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

/* The synthetic instance takes L, mu and x* from the factorization it
 * was built from (no decomposition of A). Checked against GSL on the
 * Hessian (2c/n) A'A + lambda I the instance forms from its stored data:
 * the extreme eigenvalues (symmetric eigensolve) and the solution of
 * H x = -grad f(0) (Cholesky). They agree to a few 1e-15 relative
 * (measured: at most 6e-15); an error in a singular value, the shift or
 * a rotation shows at 1e-3 or more. */
static void check_against_gsl(const char *spec, double tol)
{
    ds_values v;
    ds_err err = {0};
    ds_problem *p = NULL;
    if (ds_problem_parse(spec, &v, &err) || ds_problem_new(&v, 5, &p, &err))
        fail_msg("%s: %s", spec, err.msg);
    ds_values_free(&v);
    size_t d = p->dim;
    gsl_matrix *H = gsl_matrix_alloc(d, d), *E = gsl_matrix_alloc(d, d);
    gsl_vector *ev = gsl_vector_alloc(d), *x = gsl_vector_alloc(d), *g0 = gsl_vector_alloc(d);
    gsl_eigen_symm_workspace *w = gsl_eigen_symm_alloc(d);
    double *zero = ds_vec_new(d), *g = ds_vec_new(d);
    assert_non_null(H && E && ev && x && g0 && w && zero && g);
    assert_int_equal(ds_problem_hessian(p, zero, H->data, &err), 0);
    gsl_matrix_memcpy(E, H);
    gsl_eigen_symm(E, ev, w);
    assert_rel(p->L, gsl_vector_max(ev), tol);
    assert_rel(p->mu, gsl_vector_min(ev), tol);
    ds_problem_fg(p, zero, g0->data);
    gsl_vector_scale(g0, -1.0);
    assert_int_equal(gsl_linalg_cholesky_decomp1(H), 0);
    assert_int_equal(gsl_linalg_cholesky_solve(H, g0, x), 0);
    assert_true(ds_dist(d, p->x_star, x->data) <= 1e-12 * ds_nrm2(d, x->data));
    /* relative, but n = d gives f* = 0 up to rounding of the residuals */
    double fx = ds_problem_fg(p, x->data, g);
    assert_true(fabs(p->f_star - fx) <= 1e-14 * fx + 1e-28);
    ds_problem_fg(p, p->x_star, g);
    assert_true(ds_nrm2(d, g) <= 1e-13 * ds_nrm2(d, g0->data));
    free(zero);
    free(g);
    gsl_eigen_symm_free(w);
    gsl_vector_free(ev);
    gsl_vector_free(x);
    gsl_vector_free(g0);
    gsl_matrix_free(H);
    gsl_matrix_free(E);
    ds_problem_free(p);
}

static void test_synthetic_constants(void **st)
{
    (void)st;
    check_against_gsl("lstsq:n=300,d=40,kappa=50", 1e-13);
    check_against_gsl("lstsq:n=1000,d=64,kappa=1000,lambda=0.01,mse=1", 1e-13);
    check_against_gsl("lstsq:n=7,d=7,kappa=10", 1e-13);
    /* with an intercept the spectrum is no longer designed: the SVD path */
    check_against_gsl("lstsq:n=300,d=40,kappa=50,intercept=1", 1e-13);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_diabetes_constants),
                                       cmocka_unit_test(test_synthetic_constants)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
