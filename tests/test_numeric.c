/* One source per numeric routine: GSL's error handler set once (errors come
 * back as codes), the dense Hessian's out-of-memory report, the Newton
 * reference solve through GSL's Cholesky, the one quantile and the linear
 * fits of report/ and theory/, and the library's copy of GSL's Gaussian
 * sampler and distribution function. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>

#include "../core/gsl_libm.h"
#include "../core/problem.h"
#include "../core/vec.h"
#include "../report/aggregate.h"
#include "../theory/theorem.h"
#include "testutil.h"

/* ds_init (run before main by testutil.h) turned GSL's aborting handler
 * off: a matrix that is not positive definite is a status code. */
static void test_gsl_errors_are_codes(void **state)
{
    (void)state;
    double a[4] = {1, 2, 2, 1};  /* eigenvalues 3 and -1 */
    gsl_matrix_view m = gsl_matrix_view_array(a, 2, 2);
    assert_int_equal(gsl_linalg_cholesky_decomp1(&m.matrix), GSL_EDOM);
    ds_init();  /* again: harmless */
    double b[4] = {4, 2, 2, 3};
    m = gsl_matrix_view_array(b, 2, 2);
    assert_int_equal(gsl_linalg_cholesky_decomp1(&m.matrix), GSL_SUCCESS);
    assert_close(b[0], 2.0, 1e-16);            /* L = [2 0; 1 sqrt(2)] */
    assert_close(b[2], 1.0, 1e-16);
    assert_close(b[3], sqrt(2.0), 1e-15);
}

/* A problem with Hessian-vector products only: H = [2 1; 1 3]. */
static void hvp_only(ds_problem *p, const double *x, const double *v, double *hv)
{
    (void)p;
    (void)x;
    hv[0] = 2 * v[0] + v[1];
    hv[1] = v[0] + 3 * v[1];
}

static void test_hessian_from_hvps(void **state)
{
    (void)state;
    const ds_problem_type t = {.name = "hvp_only", .hvp = hvp_only};
    ds_problem p;
    memset(&p, 0, sizeof p);
    p.type = &t;
    p.dim = 2;
    snprintf(p.canon, sizeof p.canon, "hvp_only");
    double x[2] = {0, 0}, H[4] = {0};
    ds_err err = {0};
    assert_int_equal(ds_problem_hessian(&p, x, H, &err), DS_OK);
    assert_true(H[0] == 2 && H[1] == 1 && H[2] == 1 && H[3] == 3);
    /* a dimension no scratch vector can hold: reported, H untouched */
    p.dim = SIZE_MAX / 4;
    H[0] = -7;
    assert_int_equal(ds_problem_hessian(&p, x, H, &err), DS_ENOMEM);
    assert_non_null(strstr(err.msg, "out of memory for the Hessian of 'hvp_only'"));
    assert_true(H[0] == -7);
}

/* The Newton reference solve of least squares goes through GSL's
 * Cholesky: x* makes the gradient vanish to rounding and f(x*) = f*. */
static void test_newton_reference(void **state)
{
    (void)state;
    ds_values v = {.n = 0};
    ds_err err = {0};
    ds_problem *p = NULL;
    if (ds_problem_parse("lstsq:n=40,d=6,kappa=30,lambda=0.01", &v, &err) || ds_problem_new(&v, 3, &p, &err))
        fail_msg("%s", err.msg);
    double g[6];
    double f = ds_problem_fg(p, p->x_star, g);
    assert_close(f, p->f_star, 1e-15);
    assert_true(ds_nrm2(6, g) < 1e-13);
    ds_problem_free(p);
    ds_values_free(&v);
}

/* The one quantile keeps a diverged run (+inf) an order statistic where
 * GSL's formula gives 0 * inf = NaN. */
static void test_quantile_with_divergence(void **state)
{
    (void)state;
    double v[3] = {1.0, INFINITY, INFINITY};
    assert_true(ds_quantile(v, 2, 0.0) == 1.0);
    assert_true(isinf(ds_quantile(v, 3, 0.5)));
    assert_true(isinf(ds_quantile(v, 3, 0.75)));  /* between two infinities, not inf - inf */
    double w[4] = {1.0, 2.0, 4.0, 8.0};
    assert_true(ds_quantile(w, 4, 0.5) == 3.0);
    assert_true(ds_quantile(w, 4, 0.25) == 1.75);  /* type 7: 1 + 0.75 (2 - 1) */
}

/* The fits: exact power laws and geometric sequences come back exactly to
 * rounding; equal abscissas have no slope. */
static void test_fits(void **state)
{
    (void)state;
    double x[5] = {2, 4, 8, 16, 32}, y[5], slope, icpt;
    for (int i = 0; i < 5; i++)
        y[i] = 7.0 * pow(x[i], -1.5);
    assert_int_equal(ds_fit_loglog(x, y, 5, &slope, &icpt), 5);
    assert_close(slope, -1.5, 1e-14);
    assert_close(icpt, log(7.0), 1e-14);
    double same[3] = {5, 5, 5}, ys[3] = {1, 2, 3};
    assert_int_equal(ds_fit_loglog(same, ys, 3, &slope, &icpt), 3);
    assert_true(isnan(slope) && isnan(icpt));

    long it[40];
    double q[40], r[40];
    for (int k = 0; k < 40; k++) {
        it[k] = k + 1;
        q[k] = 3.0 / ((double)(k + 1) * (double)(k + 1));  /* order 2 */
        r[k] = 5.0 * pow(0.9, (double)(k + 1));              /* factor 0.9 a step */
    }
    assert_close(ds_fit_order(it, q, 40), 2.0, 1e-12);
    assert_close(ds_fit_linear_rate(it, r, 40), 0.9, 1e-12);
}

/* The library's Gaussian sampler is GSL's ziggurat, built from libgsl.a
 * with exp and log from SLEEF (core/gsl_libm.h): 10^6 draws from one seed
 * are libgsl's own draws bit for bit, the tail's (about 576 beyond the
 * last layer) included, so every data set stays what GSL defines. The
 * distribution function agrees with libgsl's and with 40-digit values. */
static void test_gsl_gaussian_copy(void **state)
{
    (void)state;
    gsl_rng *a = gsl_rng_alloc(gsl_rng_mt19937), *b = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(a);
    assert_non_null(b);
    gsl_rng_set(a, 20261202);
    gsl_rng_set(b, 20261202);
    size_t differ = 0, tail = 0;
    double sum = 0, sum2 = 0;
    const size_t N = 1000000;
    for (size_t i = 0; i < N; i++) {
        double x = ds_gsl_ran_gaussian_ziggurat(a, 1.0), y = gsl_ran_gaussian_ziggurat(b, 1.0);
        differ += memcmp(&x, &y, sizeof x) != 0;
        tail += fabs(x) > 3.442619855899; /* beyond the ziggurat's last layer: the log branch */
        sum += x;
        sum2 += x * x;
    }
    gsl_rng_free(a);
    gsl_rng_free(b);
    assert_int_equal(differ, 0);
    assert_in_range(tail, 400, 800); /* 2 Phi(-3.4426) N = 576 */
    assert_true(fabs(sum / (double)N) < 5e-3 && fabs(sum2 / (double)N - 1) < 5e-3);
    static const double arg[] = {-1.0, -5.0, 2.5}, ref[] = {0.1586552539314570514147674543679620775221,
                                                            2.866515718791939116737523328746453538544e-7,
                                                            0.9937903346742238648330218954258077788721};
    for (int k = 0; k < 3; k++) {
        assert_true(ds_gsl_cdf_ugaussian_P(arg[k]) == gsl_cdf_ugaussian_P(arg[k]));
        assert_true(ds_gsl_cdf_ugaussian_Q(-arg[k]) == gsl_cdf_ugaussian_Q(-arg[k]));
        assert_close(ds_gsl_cdf_ugaussian_P(arg[k]), ref[k], 4e-16 * ref[k]);
        assert_close(ds_gsl_cdf_ugaussian_Q(-arg[k]), ref[k], 4e-16 * ref[k]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gsl_errors_are_codes), cmocka_unit_test(test_hessian_from_hvps),
        cmocka_unit_test(test_newton_reference),     cmocka_unit_test(test_quantile_with_divergence),
        cmocka_unit_test(test_fits),                 cmocka_unit_test(test_gsl_gaussian_copy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
