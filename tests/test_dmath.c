/* The deterministic elementary functions of core/dmath.h against
 * libquadmath's binary128 functions (113-bit significand, so the reference
 * is exact to far below a double's ulp): a quarter of a million arguments
 * per function over the ranges the library calls it on, the error in ulps
 * of the exact result (subnormal ulp 2^-1074 below DBL_MIN), and the
 * special values: zeros of both signs, tiny and subnormal arguments and
 * results, overflow to inf, NaN, and exact cases. SLEEF documents at most
 * 1.0 ulp (0.5001 for hypot); the measured maxima are in each test. */
#include <float.h>
#include <quadmath.h>
#include <stdint.h>
#include <stdlib.h>

#include "../core/dmath.h"
#include "testutil.h"

#define POINTS 250000

/* SplitMix64: the arguments are the same on every run. */
static uint64_t mix(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform in [a, b). */
static double unif(uint64_t *s, double a, double b)
{
    return a + (b - a) * ((double)(mix(s) >> 11) * 0x1p-53);
}

/* 2^e for a uniform e in [lo, hi): arguments spread over binades. */
static double logunif(uint64_t *s, double lo, double hi)
{
    return ldexp(1.0 + unif(s, 0, 1), (int)floor(unif(s, lo, hi)));
}

/* The error of a double result in ulps of the exact value ref. */
static double ulp_err(double got, __float128 ref)
{
    if (isnan(got) || isinf(got))
        return INFINITY;
    int e;
    frexpq(ref, &e);  /* |ref| = m 2^e, m in [0.5, 1) */
    int q = e - 53 < -1074 ? -1074 : e - 53;
    return (double)(fabsq((__float128)got - ref) / ldexpq(1, q));
}

typedef struct worst {
    double err, x, y;
} worst;

static void note(worst *w, double err, double x, double y)
{
    if (err > w->err)
        *w = (worst){err, x, y};
}

/* Fails with the worst argument when the error exceeds ulps. */
static void assert_ulps(const char *name, worst w, double ulps)
{
    print_message("%s: max error %.3f ulp at (%.17g, %.17g)\n", name, w.err, w.x, w.y);
    if (!(w.err <= ulps))
        fail_msg("%s: %.3f ulp at (%.17g, %.17g), more than %.2f", name, w.err, w.x, w.y, ulps);
}

/* exp on [-745, 709.7]: the library's arguments are -|z| (logistic loss),
 * s - max s (softmax) and any value of a spec expression. Measured max
 * 0.925 ulp. */
static void test_exp(void **state)
{
    (void)state;
    uint64_t s = 1;
    worst w = {0};
    for (int i = 0; i < POINTS; i++) {
        double x = i % 2 ? unif(&s, -745, 709.7) : -logunif(&s, -60, 10);
        note(&w, ulp_err(ds_exp(x), expq(x)), x, 0);
    }
    assert_ulps("ds_exp", w, 1.0);
    assert_true(ds_exp(0.0) == 1.0 && ds_exp(-0.0) == 1.0);
    assert_true(ds_exp(1e-300) == 1.0);
    assert_true(ds_exp(710.0) == INFINITY && ds_exp(INFINITY) == INFINITY);
    assert_true(ds_exp(-746.0) == 0.0 && ds_exp(-INFINITY) == 0.0);
    assert_true(isnan(ds_exp(NAN)));
    /* a subnormal result: exp(-740) = 4.2e-322, to the subnormal ulp */
    double sub = ds_exp(-740.0);
    assert_true(sub > 0 && sub < DBL_MIN);
    assert_true(ulp_err(sub, expq(-740.0Q)) <= 1.0);
}

/* log over every binade, subnormals included. Measured max 0.744 ulp. */
static void test_log(void **state)
{
    (void)state;
    uint64_t s = 2;
    worst w = {0};
    for (int i = 0; i < POINTS; i++) {
        double x = i % 2 ? logunif(&s, -1074, 1024) : unif(&s, 0.5, 2.0);
        note(&w, ulp_err(ds_log(x), logq(x)), x, 0);
    }
    assert_ulps("ds_log", w, 1.0);
    assert_true(ds_log(1.0) == 0.0);
    assert_true(ds_log(0.0) == -INFINITY && ds_log(-0.0) == -INFINITY);
    assert_true(isnan(ds_log(-1.0)) && isnan(ds_log(NAN)));
    assert_true(ds_log(INFINITY) == INFINITY);
    assert_true(ulp_err(ds_log(0x1p-1074), logq(0x1p-1074Q)) <= 1.0);  /* -744.44 */
}

/* log1p on (-1, 1e3], mostly (0, 1] where the logistic loss calls it with
 * exp(-|z|), subnormal arguments included (where SLEEF alone is one
 * subnormal ulp off and ds_log1p returns x). Measured max 0.659 ulp. */
static void test_log1p(void **state)
{
    (void)state;
    uint64_t s = 3;
    worst w = {0};
    for (int i = 0; i < POINTS; i++) {
        double x = i % 3 == 0 ? unif(&s, -0.999, 1e3) : logunif(&s, -1074, 0);
        note(&w, ulp_err(ds_log1p(x), log1pq(x)), x, 0);
    }
    assert_ulps("ds_log1p", w, 1.0);
    assert_true(ds_log1p(0.0) == 0.0 && !signbit(ds_log1p(0.0)));
    assert_true(ds_log1p(-0.0) == 0.0 && signbit(ds_log1p(-0.0)));
    assert_true(ds_log1p(1e-300) == 1e-300 && ds_log1p(-1e-300) == -1e-300);
    assert_true(ds_log1p(0x1p-1074) == 0x1p-1074 && ds_log1p(2.5e-308) == 2.5e-308);
    assert_true(ds_log1p(0x1p-55) == 0x1p-55 && ds_log1p(0x1p-50) == 0x1p-50 - 0x1p-101);
    assert_true(ds_log1p(-1.0) == -INFINITY && isnan(ds_log1p(-2.0)) && isnan(ds_log1p(NAN)));
    assert_true(ds_log1p(INFINITY) == INFINITY);
}

/* log10 over every binade (the HTML figure's axes, the tables' sort key).
 * Measured max 0.558 ulp. */
static void test_log10(void **state)
{
    (void)state;
    uint64_t s = 4;
    worst w = {0};
    for (int i = 0; i < POINTS; i++) {
        double x = logunif(&s, -1074, 1024);
        note(&w, ulp_err(ds_log10(x), log10q(x)), x, 0);
    }
    assert_ulps("ds_log10", w, 1.0);
    assert_true(ds_log10(1.0) == 0.0 && ds_log10(0.0) == -INFINITY);
    assert_true(isnan(ds_log10(-1.0)) && isnan(ds_log10(NAN)));
}

/* pow: rates (0, 1) to the power 2t (t up to 1e6), Adam's beta^k into the
 * subnormals, kappa^-e, and bases in (0, 10] to exponents in [-300, 300].
 * Measured max 0.824 ulp. */
static void test_pow(void **state)
{
    (void)state;
    uint64_t s = 5;
    worst w = {0};
    for (int i = 0; i < POINTS; i++) {
        double x, y;
        switch (i % 3) {
        case 0:  /* a contraction to a power */
            x = 1 - logunif(&s, -40, -1);
            y = floor(unif(&s, 0, 1e6));
            break;
        case 1:
            x = unif(&s, 1e-3, 10);
            y = unif(&s, -300, 300);
            break;
        default:  /* results down to the subnormals */
            x = unif(&s, 0.5, 0.999);
            y = unif(&s, 0, 1074 / -log2(x));
        }
        __float128 r = powq(x, y);
        if (r > (__float128)DBL_MAX || r < 0x1p-1074Q)
            continue;
        note(&w, ulp_err(ds_pow(x, y), r), x, y);
    }
    assert_ulps("ds_pow", w, 1.0);
    assert_true(ds_pow(2, 10) == 1024 && ds_pow(10, 3) == 1000 && ds_pow(-2, 3) == -8);
    assert_true(ds_pow(0.5, 1074) == 0x1p-1074 && ds_pow(2, -1074) == 0x1p-1074);
    assert_true(ds_pow(4, 0.5) == 2 && ds_pow(7.5, 1) == 7.5 && ds_pow(7.5, 0) == 1);
    assert_true(ds_pow(NAN, 0) == 1 && ds_pow(1, NAN) == 1 && isnan(ds_pow(NAN, 1)));
    assert_true(ds_pow(2, 1024) == INFINITY && ds_pow(0.5, 1075) == 0);
    assert_true(ds_pow(0.0, -1) == INFINITY && ds_pow(-0.0, -1) == -INFINITY);
    assert_true(isnan(ds_pow(-8, 1.0 / 3)));
}

/* cos and sin on [-1e4, 1e4] (the schedules' pi t / T, the nesterov worst
 * case's L and mu, sin(j) of a coordinate index) and densely on [0, pi].
 * Measured max 0.732 (cos) and 0.722 (sin) ulp. ds_cos_cr is correctly
 * rounded, as cos(pi/100) shows against its value computed to 60 digits
 * (Taylor series in Python's decimal: 0x1.ffbf52e9d1086p-1), which
 * SLEEF's u10 cos misses by an ulp. */
static void test_cos_sin(void **state)
{
    (void)state;
    uint64_t s = 6;
    worst wc = {0}, ws = {0};
    for (int i = 0; i < POINTS; i++) {
        double x = i % 2 ? unif(&s, -1e4, 1e4) : unif(&s, 0, M_PI);
        note(&wc, ulp_err(ds_cos(x), cosq(x)), x, 0);
        note(&ws, ulp_err(ds_sin(x), sinq(x)), x, 0);
    }
    assert_ulps("ds_cos", wc, 1.0);
    assert_ulps("ds_sin", ws, 1.0);
    assert_true(ds_cos(0.0) == 1.0 && ds_cos(-0.0) == 1.0 && ds_cos(1e-300) == 1.0);
    assert_true(ds_cos_cr(M_PI / 100) == 0x1.ffbf52e9d1086p-1);
    assert_true(ds_cos_cr(0.0) == 1.0 && isnan(ds_cos_cr(INFINITY)));
    assert_true(ds_sin(0.0) == 0.0 && !signbit(ds_sin(0.0)) && signbit(ds_sin(-0.0)));
    assert_true(ds_sin(1e-300) == 1e-300 && ds_sin(0x1p-1074) == 0x1p-1074);
    assert_true(isnan(ds_cos(INFINITY)) && isnan(ds_sin(-INFINITY)) && isnan(ds_cos(NAN)));
}

/* hypot over 600 binades of each argument, without overflow or underflow
 * in between. Measured max 0.500 ulp. */
static void test_hypot(void **state)
{
    (void)state;
    uint64_t s = 7;
    worst w = {0};
    for (int i = 0; i < POINTS; i++) {
        double x = logunif(&s, -300, 300) * (mix(&s) & 1 ? -1 : 1);
        double y = i % 2 ? logunif(&s, -300, 300) : x * unif(&s, -3, 3);
        note(&w, ulp_err(ds_hypot(x, y), hypotq(x, y)), x, y);
    }
    assert_ulps("ds_hypot", w, 0.5001);
    assert_true(ds_hypot(3, 4) == 5 && ds_hypot(-3, 4) == 5 && ds_hypot(0, -2.5) == 2.5);
    assert_true(ds_hypot(0, 0) == 0 && ds_hypot(0x1p-1074, 0) == 0x1p-1074);
    assert_true(ulp_err(ds_hypot(1e300, 1e300), hypotq(1e300, 1e300)) <= 0.5001);
    assert_true(ds_hypot(INFINITY, NAN) == INFINITY && isnan(ds_hypot(NAN, 1)));
    assert_true(ds_hypot(DBL_MAX, DBL_MAX) == INFINITY);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exp),   cmocka_unit_test(test_log),     cmocka_unit_test(test_log1p),
        cmocka_unit_test(test_log10), cmocka_unit_test(test_pow),     cmocka_unit_test(test_cos_sin),
        cmocka_unit_test(test_hypot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
