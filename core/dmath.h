/* Elementary functions whose results depend only on their argument, never
 * on the CPU: every exp, log, log1p, pow, cos, sin, hypot and log10 whose
 * value can reach a trajectory, a table, a verdict or a figure's data goes
 * through these (make lint refuses a bare libm call in the library).
 *
 * Why not libm: glibc (2.36 here) chooses between variants of exp, log,
 * pow, sin, cos, tan, atan, ... when it loads (ifunc), by CPU: on a CPU with
 * AVX2 and FMA it runs FMA-compiled code, elsewhere the baseline code, and
 * the two round differently on about one argument in 1500 (exp, pow, sin,
 * cos over 5e6 random arguments each). A result computed on one machine
 * then did not come back on a CPU without FMA, or in a VM hiding it:
 * GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA changed the course suite's
 * tables.
 *
 * What instead, for exp and log1p (the logistic loss calls them once a row
 * each, so their speed is the loss's): descent's own, in core/dmath.c,
 * fdlibm's algorithms (Cody-Waite reduction and its rational form for exp;
 * its log1p with the rounding of 1+x corrected) written with IEEE + - * /
 * and exact bit operations on the exponent only, no FMA (the build has
 * -ffp-contract=off), no table, no libm, and with selects instead of
 * branches. A scalar call and every lane of the array forms ds_exp_n and
 * ds_log1p_n (compiled for SSE2, AVX2 and AVX-512, core/vec.h's
 * DS_CLONES_WIDE) run the
 * same operations in the same order, so they give the same bits on every
 * x86-64 CPU and vector width (core/dmath.c alone is compiled with
 * -fno-trapping-math, which lets GCC turn the selects into vector blends
 * and changes no value). tests/test_dmath.c measures them at 0.880 (exp)
 * and 0.772 ulp (log1p) at most against libquadmath over 10^6 arguments a
 * range, and the array forms against the scalar calls bit for bit.
 *
 * For the others: SLEEF's scalar "purec" entry points (Sleef_*d1_*purec),
 * plain C compiled for the SSE2 baseline with no FMA, and called directly,
 * never through SLEEF's own dispatching names (Sleef_expd1_u10 picks purec
 * or purecfma by CPU). SLEEF documents a maximum error of 1.0 ulp for the
 * u10 functions and 0.5001 ulp for hypot u05; tests/test_dmath.c measures
 * every one against libquadmath. GSL's Gaussian sampler keeps SLEEF's
 * exp and log (core/gsl_libm.h), so synthetic data sets stay as they
 * were. The price: those results are tied to
 * SLEEF's version (3.5.1, Debian 12's libsleef3; recorded in every result
 * file's numerics identity) instead of to glibc's version and the CPU. */
#ifndef DS_DMATH_H
#define DS_DMATH_H

#include <math.h>
#include <stddef.h>
#include <sleef.h>

/* The numerics identity's libm part, recorded in every result file:
 * "exp, log1p descent-dmath-1; others SLEEF 3.5.1 purec", with the SLEEF
 * these sources were built against. A change to ds_exp's or ds_log1p's
 * operations must bump descent-dmath-N. */
#define DS_DMATH_STR_(v) #v
#define DS_DMATH_STR(v) DS_DMATH_STR_(v)
#define DS_DMATH_VERSION                                                                         \
    "exp, log1p descent-dmath-1; others SLEEF " DS_DMATH_STR(SLEEF_VERSION_MAJOR) "." DS_DMATH_STR( \
        SLEEF_VERSION_MINOR) "." DS_DMATH_STR(SLEEF_VERSION_PATCHLEVEL) " purec"

/* e^x, within 1 ulp: inf above 709.78, subnormal results below -708.4,
 * 0 below -745.13, NaN for NaN. */
double ds_exp(double x);
static inline double ds_log(double x) { return Sleef_logd1_u10purec(x); }
/* log(1 + x), within 1 ulp, on x >= -1 (-inf at -1, NaN below and for
 * NaN); x itself for |x| < 2^-54, subnormals included. */
double ds_log1p(double x);
/* out[i] = ds_exp(in[i]) and ds_log1p(in[i]), i < n, bit for bit the
 * scalar calls, several at once in vector registers (in and out may be
 * the same array, else must not overlap). */
void ds_exp_n(size_t n, const double *in, double *out);
void ds_log1p_n(size_t n, const double *in, double *out);
/* The logistic loss's pair: softplus(z) = log(1 + e^z), returned, and
 * *sigmoid = 1 / (1 + e^-z), through one ds_exp(-|z|) and one ds_log1p,
 * finite for every finite z. The array form fills softplus[i] and
 * sigmoid[i] for z[i], i < n, bit for bit as the scalar call (the arrays
 * must not overlap). */
double ds_softplus(double z, double *sigmoid);
void ds_softplus_n(size_t n, const double *z, double *softplus, double *sigmoid);
/* ds_softplus in two halves, for a pass that needs the sigmoid at once
 * and the loss later: ds_sigmoid_e returns the sigmoid of z and sets *e
 * = ds_exp(-|z|); ds_softplus_e_n then gives softplus[i] from z[i] and
 * e[i] (one ds_log1p each, several at once; softplus may be z). Both are
 * ds_softplus's operations in its order, so the values are its bits. */
double ds_sigmoid_e(double z, double *e);
void ds_softplus_e_n(size_t n, const double *z, const double *e, double *softplus);
static inline double ds_log10(double x) { return Sleef_log10d1_u10purec(x); }
static inline double ds_pow(double x, double y) { return Sleef_powd1_u10purec(x, y); }
static inline double ds_cos(double x) { return Sleef_cosd1_u10purec(x); }
/* The cosine correctly rounded (libquadmath's binary128 cosine rounded to
 * double: pure software, no CPU dispatch), at about 2 us a call, for the
 * one place where the last ulp grows: torch's chained CosineAnnealingLR
 * divides by 1 + cos(pi e/T) near pi, so SLEEF's cos(pi/100), one ulp
 * below the correctly rounded value glibc gives, grew to 2.2e-13 relative
 * by step 150. */
double ds_cos_cr(double x);
static inline double ds_sin(double x) { return Sleef_sind1_u10purec(x); }
static inline double ds_hypot(double x, double y) { return Sleef_hypotd1_u05purec(x, y); }

#endif
