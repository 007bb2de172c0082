/* The fixed-order kernels of core/vec.h and core/kernels.h: exact on
 * integer data (against 64-bit integer sums), the documented summation
 * order reproduced bit for bit on data where any other order gives a
 * different answer, the blocked matrix kernels equal to the plain loops
 * of their stated order bit for bit, and the 2-norm as torch defines it
 * (a plain sum of squares, no scaling) where scaled dnrm2 differs; the
 * per-thread scratch the passes keep their partial sums in. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/kernels.h"
#include "../core/scratch.h"
#include "../core/vec.h"
#include "testutil.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t next_u64(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
static double small_int(void) { return (double)((int)(next_u64() % 2001) - 1000); }
static double unit(void) { return (double)(next_u64() >> 11) * 0x1p-53 * 2.0 - 1.0; }

static void fill_unit(double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] = unit();
}

static const size_t sizes[] = {0, 1, 3, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000, 1003};

static void test_dot_exact_on_integers(void **st)
{
    (void)st;
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        size_t n = sizes[s];
        double x[1003], y[1003];
        int64_t ref = 0;
        for (size_t i = 0; i < n; i++) {
            x[i] = small_int();
            y[i] = small_int();
            ref += (int64_t)x[i] * (int64_t)y[i];
        }
        assert_true(ds_dot(n, x, y) == (double)ref);
    }
}

/* The documented order written out plainly: lane i mod 8 over full
 * blocks, the tree ((s0+s1)+(s2+s3))+((s4+s5)+(s6+s7)), then the tail. */
static double dot_reference(size_t n, const double *x, const double *y)
{
    double s[8] = {0};
    size_t full = n / 8 * 8;
    for (size_t i = 0; i < full; i++)
        s[i % 8] = s[i % 8] + x[i] * y[i];
    double t = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
    for (size_t i = full; i < n; i++)
        t = t + x[i] * y[i];
    return t;
}

static void test_dot_order(void **st)
{
    (void)st;
    /* Derived by hand: the lanes give (2^53 + 1) = 2^53 (a tie, to even)
     * and (1 - 2^53) = -(2^53 - 1) exactly, their sum 1; the other four
     * lanes add up to 2^-58, below half an ulp of 1; the tail 0.5 and 0.25
     * make 1.75. In index order: 2^53 + 1 + 1 = 2^53, minus 2^53 is 0,
     * then 2^-58 + 0.5 = 0.5 and + 0.25: 0.75. */
    double x[10] = {0x1p53, 1, 1, -0x1p53, 0x1p-60, 0x1p-60, 0x1p-60, 0x1p-60, 0.5, 0.25};
    double one[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    assert_true(ds_dot(10, x, one) == 1.75);
    double seq = 0;
    for (int i = 0; i < 10; i++)
        seq += x[i];
    assert_true(seq != 1.75);
    /* Random data of every size: the kernel is the written-out order. */
    double a[1003], b[1003];
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        size_t n = sizes[s];
        for (size_t i = 0; i < n; i++) {
            a[i] = unit() * 1e3;
            b[i] = unit();
        }
        double got = ds_dot(n, a, b), want = dot_reference(n, a, b);
        assert_memory_equal(&got, &want, sizeof got);
    }
}

static void test_axpy2_dot2(void **st)
{
    (void)st;
    static double a0[1003], a1[1003], b0[1003], b1[1003], x[1003], y[1003], z[1003];
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        size_t n = sizes[s];
        fill_unit(a0, n);
        fill_unit(a1, n);
        fill_unit(b0, n);
        fill_unit(b1, n);
        fill_unit(x, n);
        fill_unit(y, n);
        memcpy(z, y, n * sizeof *z);
        const double c[2] = {0.3, -1.7};
        double got[2], want[2] = {dot_reference(n, b0, x), dot_reference(n, b1, x)};
        ds_axpy2_dot2(n, c, a0, a1, y, b0, b1, x, s % 2 ? a0 : NULL, s % 3 ? NULL : b1, got);
        for (size_t i = 0; i < n; i++)
            z[i] = (z[i] + 0.3 * a0[i]) + -1.7 * a1[i];
        assert_memory_equal(got, want, sizeof got);
        if (n)
            assert_memory_equal(y, z, n * sizeof *y);
    }
}

/* Reference dnrm2's scaled sum of squares (what OpenBLAS and netlib do,
 * and what ds_dist still does to avoid overflow). */
static double scaled_nrm2(size_t n, const double *x)
{
    double scale = 0, ssq = 1;
    for (size_t i = 0; i < n; i++) {
        double a = fabs(x[i]);
        if (a == 0)
            continue;
        if (scale < a) {
            ssq = 1 + ssq * (scale / a) * (scale / a);
            scale = a;
        } else {
            ssq += (a / scale) * (a / scale);
        }
    }
    return scale * sqrt(ssq);
}

static void test_nrm2_is_torch(void **st)
{
    (void)st;
    /* torch.linalg.vector_norm (float64) sums the squares in plain
     * doubles: 3e-170 and 4e-170 square to below the smallest subnormal,
     * so torch's norm is 0, while scaled dnrm2 gives 5e-170. */
    double tiny[2] = {3e-170, 4e-170};
    assert_true(ds_nrm2(2, tiny) == 0.0);
    assert_rel(scaled_nrm2(2, tiny), 5e-170, 1e-15);
    /* and (3e160, 4e160) overflows to inf where dnrm2 gives 5e160 */
    double big[2] = {3e160, 4e160};
    assert_true(isinf(ds_nrm2(2, big)));
    assert_rel(scaled_nrm2(2, big), 5e160, 1e-15);
    /* In range: exactly sqrt of the fixed-order sum of squares, and a
     * Pythagorean triple is exact. */
    double t[2] = {3, 4};
    assert_true(ds_nrm2(2, t) == 5.0);
    double v[1003];
    for (size_t i = 0; i < 1003; i++)
        v[i] = unit();
    double got = ds_nrm2(1003, v), want = sqrt(dot_reference(1003, v, v));
    assert_memory_equal(&got, &want, sizeof got);
}

/* C = beta C + sum_p (alpha opA_ip) opB_pj in increasing p, as plain loops. */
static void gemm_reference(int ta, size_t m, size_t n, size_t k, double alpha, const double *A, const double *B,
                           double beta, double *C)
{
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            double c = beta == 0 ? 0.0 : beta * C[i * n + j];
            for (size_t p = 0; p < k; p++)
                c = c + (alpha * (ta ? A[p * m + i] : A[i * k + p])) * B[p * n + j];
            C[i * n + j] = c;
        }
}

static void fill(double *x, size_t n, int integers)
{
    for (size_t i = 0; i < n; i++)
        x[i] = integers ? small_int() : unit();
}

static void test_gemm_order(void **st)
{
    (void)st;
    /* k = 131 crosses the 64-row block twice and leaves a tail of 3 */
    size_t m = 7, n = 13, k = 131;
    double *A = malloc(m * k * sizeof *A), *B = malloc(k * n * sizeof *B), *C = malloc(m * n * sizeof *C),
           *R = malloc(m * n * sizeof *R);
    assert_non_null(A && B && C && R);
    for (int ta = 0; ta < 2; ta++) {
        fill(A, m * k, 0);
        fill(B, k * n, 0);
        fill(C, m * n, 0);
        memcpy(R, C, m * n * sizeof *R);
        ds_gemm(ta, 0, m, n, k, 0.7, A, ta ? m : k, B, n, 0.3, C, n);
        gemm_reference(ta, m, n, k, 0.7, A, B, 0.3, R);
        assert_memory_equal(C, R, m * n * sizeof *C);
    }
    /* dot order (B transposed): on integers, exact */
    fill(A, m * k, 1);
    fill(B, n * k, 1);
    ds_gemm(0, 1, m, n, k, 1.0, A, k, B, k, 0.0, C, n);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            int64_t s = 0;
            for (size_t p = 0; p < k; p++)
                s += (int64_t)A[i * k + p] * (int64_t)B[j * k + p];
            assert_true(C[i * n + j] == (double)s);
        }
    free(A);
    free(B);
    free(C);
    free(R);
}

static void test_gemv(void **st)
{
    (void)st;
    size_t m = 70, n = 11;
    double A[770], x[70], y[70], z[11], r[11];
    fill(A, m * n, 0);
    fill(x, m, 0);
    fill(z, n, 0);
    memcpy(r, z, sizeof r);
    /* A' x in accumulating order, beta = 2 */
    ds_gemv_t(m, n, 0.5, A, n, x, 2.0, z);
    gemm_reference(1, n, 1, m, 0.5, A, x, 2.0, r);
    assert_memory_equal(z, r, sizeof z);
    /* A x: each entry the fixed-order dot of its row */
    double v[11];
    fill(v, n, 0);
    ds_gemv_n(m, n, A, n, v, y);
    for (size_t i = 0; i < m; i++) {
        double want = dot_reference(n, A + i * n, v);
        assert_memory_equal(&y[i], &want, sizeof want);
    }
}

static void test_gram(void **st)
{
    (void)st;
    size_t k = 133, n = 9;
    double A[133 * 9], w[133], C[81], R[81];
    fill(A, k * n, 0);
    fill(w, k, 0);
    ds_gram(k, n, 0.0, w, A, n, 0.0, C, n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j <= i; j++) {
            double c = 0;
            for (size_t p = 0; p < k; p++)
                c = c + (w[p] * A[p * n + i]) * A[p * n + j];
            R[i * n + j] = R[j * n + i] = c;
        }
    assert_memory_equal(C, R, sizeof C);
    /* unweighted: alpha for every row; on integers, exact */
    fill(A, k * n, 1);
    ds_gram(k, n, 1.0, NULL, A, n, 0.0, C, n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int64_t s = 0;
            for (size_t p = 0; p < k; p++)
                s += (int64_t)A[p * n + i] * (int64_t)A[p * n + j];
            assert_true(C[i * n + j] == (double)s);
        }
}

/* Scratch slots: on a cache line whatever their size (a gradient entry's
 * eight partial sums are then one line), the whole request writable, the
 * buffer kept for requests no larger, a slot out of range refused. */
static void test_scratch(void **state)
{
    (void)state;
    static const size_t sizes[] = {1, 7, 100, 5000, 100000, (size_t)1 << 20};
    for (unsigned slot = 0; slot < DS_SCRATCH_SLOTS; slot++)
        for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
            double *p = ds_scratch(slot, sizes[k]);
            assert_non_null(p);
            assert_int_equal((uintptr_t)p % 64, 0);
            p[0] = p[sizes[k] - 1] = 1.0;
            assert_ptr_equal(ds_scratch(slot, sizes[k] / 2), p);
        }
    assert_null(ds_scratch(DS_SCRATCH_SLOTS, 1));
    ds_scratch_release();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dot_exact_on_integers), cmocka_unit_test(test_dot_order),
        cmocka_unit_test(test_nrm2_is_torch),         cmocka_unit_test(test_gemm_order),
        cmocka_unit_test(test_gemv),                  cmocka_unit_test(test_gram),
        cmocka_unit_test(test_axpy2_dot2),            cmocka_unit_test(test_scratch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
