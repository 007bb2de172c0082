#include "dmath.h"

#include <stdint.h>
#include <string.h>

#include "vec.h"

/* libquadmath's, declared here so that no header needs GCC's quadmath.h
 * (Clang builds the fuzzers and does not search GCC's include directory). */
extern __float128 cosq(__float128);

double ds_cos_cr(double x)
{
    /* cosq is good to about an ulp of binary128, 2^-60 of a double ulp: the
     * rounding below is the correctly rounded double but where the true
     * cosine lies that close to a halfway point */
    return (double)cosq((__float128)x);
}

/* ---- exp and log1p: fdlibm's algorithms (e_exp.c, s_log1p.c; Sun
 * Microsystems 1993, error below 1 ulp), without branches. Every operation
 * is an IEEE + - * / of doubles, a select, or an exact integer operation on
 * a double's bits, in a fixed order: vector lanes give the scalar bits. */

static inline uint64_t bits_of(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static inline double from_bits(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* 1.5 * 2^52: adding it rounds a double of magnitude below 2^51 to an
 * integer, kept in the low bits of the sum's significand (no conversion
 * to an integer type, which SSE2 and AVX2 lack for 64 bits). */
static const double SHIFTER = 0x1.8p52;
/* ln 2 in two parts: k * LN2_HI is exact for |k| < 2^21 */
static const double LN2_HI = 0x1.62e42fee00000p-1, LN2_LO = 0x1.a39ef35793c76p-33;
static const double INV_LN2 = 0x1.71547652b82fep+0;

/* 2^k for an integer k with -1022 <= k <= 1023: k + 1023 becomes the
 * exponent field (the shift drops the shifter's own exponent and leading
 * bit). */
static inline double pow2i(double k)
{
    return from_bits(bits_of(k + (SHIFTER + 1023.0)) << 52);
}

/* fdlibm's exp: x = k ln2 + r, |r| <= ln2/2 (plus rounding), exp(r) by a
 * rational form whose numerator is a degree-5 minimax polynomial in r^2,
 * then times 2^k as 2^k1 2^k2 with k1, k2 about k/2: each factor normal,
 * the first product exact, so a subnormal result is rounded once. */
static inline double exp_kernel(double x)
{
    static const double P1 = 0x1.555555555553ep-3, P2 = -0x1.6c16c16bebd93p-9, P3 = 0x1.1566aaf25de2cp-14,
                        P4 = -0x1.bbd41c5d26bf1p-20, P5 = 0x1.6376972bea4d0p-25;
    /* beyond these the result is inf or 0 anyway; NaN passes both */
    double xc = x > 710.0 ? 710.0 : x;
    xc = xc < -750.0 ? -750.0 : xc;
    double k = (xc * INV_LN2 + SHIFTER) - SHIFTER;
    double hi = xc - k * LN2_HI, lo = k * LN2_LO, r = hi - lo;
    double t = r * r;
    double c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    double y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
    double k1 = (k * 0.5 + SHIFTER) - SHIFTER, k2 = k - k1;
    double e = y * pow2i(k1) * pow2i(k2);
    /* NaN in, the same NaN out (quieted, its sign kept), whatever order
     * of operands scalar or vector code used on the way */
    return x != x ? x + x : e;
}

/* fdlibm's log1p: u = 1 + x rounded, c = ((1 + x) - u) / u the first-order
 * correction for that rounding, u = 2^k m with m in [sqrt(2)/2, sqrt(2)),
 * f = m - 1 (exact), log(1 + f) = f - (f^2/2 - s (f^2/2 + R(s^2))) with
 * s = f / (2 + f) and R a degree-7 minimax polynomial. For 1 + x in
 * [sqrt(2)/2, sqrt(2)) (k = 0) f is x itself, unrounded. */
static inline double log1p_kernel(double x)
{
    static const double L1 = 0x1.5555555555593p-1, L2 = 0x1.999999997fa04p-2, L3 = 0x1.2492494229359p-2,
                        L4 = 0x1.c71c51d8e78afp-3, L5 = 0x1.7466496cb03dep-3, L6 = 0x1.39a09d078c69fp-3,
                        L7 = 0x1.2f112df3e5244p-3;
    double u = 1.0 + x;
    /* the rounding error of 1 + x, exact (Fast2Sum, larger term first) */
    double err_big = 1.0 - (u - x), err_small = x - (u - 1.0);
    double err = x >= 1.0 ? err_big : err_small;
    /* u's exponent and significand shifted so that m lands in
     * [sqrt(2)/2, sqrt(2)): fdlibm's high-word offset 0x3ff00000 - 0x3fe6a09e */
    uint64_t ix = bits_of(u) + ((uint64_t)(0x3ff00000 - 0x3fe6a09e) << 32);
    double ku = from_bits((ix >> 52) | bits_of(0x1p52)) - (0x1p52 + 1023.0);
    double fu = from_bits((ix & 0x000fffffffffffffull) + ((uint64_t)0x3fe6a09e << 32)) - 1.0;
    double cu = err / u;
    int k0 = (x < 0x1.6a09e00000000p-2) & (x > -0x1.2bec400000000p-2);
    double f = k0 ? x : fu, k = k0 ? 0.0 : ku, c = k0 ? 0.0 : cu;
    double hfsq = 0.5 * f * f, s = f / (2.0 + f), z = s * s;
    double R = z * (L1 + z * (L2 + z * (L3 + z * (L4 + z * (L5 + z * (L6 + z * L7))))));
    double r0 = f - (hfsq - s * (hfsq + R));
    double r1 = k * LN2_HI - ((hfsq - (s * (hfsq + R) + (k * LN2_LO + c))) - f);
    double r = k0 ? r0 : r1;
    r = x == INFINITY ? x : r;
    r = x == -1.0 ? -INFINITY : r;
    r = x < -1.0 ? NAN : r;
    return x != x ? x + x : r;  /* as in exp_kernel */
}

double ds_exp(double x) { return exp_kernel(x); }

double ds_log1p(double x) { return log1p_kernel(x); }

/* softplus(z) = max(z, 0) + log1p(e) and sigmoid(z) = (z >= 0 ? 1 : e) /
 * (1 + e), with e = exp(-|z|) <= 1 shared: no overflow for any z. */
/* The last stage of softplus_kernel, from e = exp(-|z|) and l = log1p(e);
 * NaN in gives the same NaN (quieted) out in both, as exp_kernel. */
static inline double softplus_finish(double z, double e, double l, double *sigmoid)
{
    double num = z >= 0 ? 1.0 : e, s = num / (1.0 + e), sp = (z > 0 ? z : 0.0) + l;
    *sigmoid = z != z ? z + z : s;
    return z != z ? z + z : sp;
}

static inline double softplus_kernel(double z, double *sigmoid)
{
    double e = exp_kernel(-fabs(z)), l = log1p_kernel(e);
    return softplus_finish(z, e, l, sigmoid);
}

double ds_softplus(double z, double *sigmoid) { return softplus_kernel(z, sigmoid); }

/* In chunks, one loop per stage (each vectorises on its own; the stages
 * of one entry are softplus_kernel's operations in its order). */
DS_CLONES_WIDE void ds_softplus_n(size_t n, const double *z, double *softplus, double *sigmoid)
{
    enum { CHUNK = 64 };
    double e[CHUNK], l[CHUNK];
    for (size_t i0 = 0; i0 < n; i0 += CHUNK) {
        size_t m = n - i0 < CHUNK ? n - i0 : CHUNK;
        const double *zc = z + i0;
        DS_SIMD
        for (size_t i = 0; i < m; i++)
            e[i] = exp_kernel(-fabs(zc[i]));
        DS_SIMD
        for (size_t i = 0; i < m; i++)
            l[i] = log1p_kernel(e[i]);
        DS_SIMD
        for (size_t i = 0; i < m; i++) {
            double sg;
            softplus[i0 + i] = softplus_finish(zc[i], e[i], l[i], &sg);
            sigmoid[i0 + i] = sg;
        }
    }
}

double ds_sigmoid_e(double z, double *e)
{
    double sg;
    *e = exp_kernel(-fabs(z));
    (void)softplus_finish(z, *e, 0.0, &sg);  /* the sigmoid does not read l */
    return sg;
}

DS_CLONES_WIDE void ds_softplus_e_n(size_t n, const double *z, const double *e, double *softplus)
{
    enum { CHUNK = 64 };
    double l[CHUNK];
    for (size_t i0 = 0; i0 < n; i0 += CHUNK) {
        size_t m = n - i0 < CHUNK ? n - i0 : CHUNK;
        DS_SIMD
        for (size_t i = 0; i < m; i++)
            l[i] = log1p_kernel(e[i0 + i]);
        DS_SIMD
        for (size_t i = 0; i < m; i++) {
            double sg;
            softplus[i0 + i] = softplus_finish(z[i0 + i], e[i0 + i], l[i], &sg);
        }
    }
}

DS_CLONES_WIDE void ds_exp_n(size_t n, const double *in, double *out)
{
    DS_SIMD
    for (size_t i = 0; i < n; i++)
        out[i] = exp_kernel(in[i]);
}

DS_CLONES_WIDE void ds_log1p_n(size_t n, const double *in, double *out)
{
    DS_SIMD
    for (size_t i = 0; i < n; i++)
        out[i] = log1p_kernel(in[i]);
}
