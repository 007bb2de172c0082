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
 * What instead: SLEEF's scalar "purec" entry points (Sleef_*d1_*purec),
 * plain C compiled for the SSE2 baseline with no FMA, and called directly,
 * never through SLEEF's own dispatching names (Sleef_expd1_u10 picks purec
 * or purecfma by CPU). SLEEF documents a maximum error of 1.0 ulp for the
 * u10 functions and 0.5001 ulp for hypot u05; tests/test_dmath.c measures
 * every one against libquadmath. The price: results are now tied to SLEEF's
 * version (3.5.1, Debian 12's libsleef3; recorded in every result file's
 * numerics identity) instead of to glibc's version and the CPU. */
#ifndef DS_DMATH_H
#define DS_DMATH_H

#include <math.h>
#include <sleef.h>

/* The numerics identity's libm part, recorded in every result file:
 * "SLEEF 3.5.1 purec" with the SLEEF these sources were built against. */
#define DS_DMATH_STR_(v) #v
#define DS_DMATH_STR(v) DS_DMATH_STR_(v)
#define DS_DMATH_VERSION                                                                                   \
    "SLEEF " DS_DMATH_STR(SLEEF_VERSION_MAJOR) "." DS_DMATH_STR(SLEEF_VERSION_MINOR) "." DS_DMATH_STR( \
        SLEEF_VERSION_PATCHLEVEL) " purec"

static inline double ds_exp(double x) { return Sleef_expd1_u10purec(x); }
static inline double ds_log(double x) { return Sleef_logd1_u10purec(x); }
/* SLEEF's log1p is one subnormal ulp off on subnormal arguments
 * (log1p(2^-1074) = 0). Below 2^-54, x^2/2 and the terms after it are
 * less than half an ulp of x, so x itself is the correctly rounded value. */
static inline double ds_log1p(double x)
{
    return fabs(x) < 0x1p-54 ? x : Sleef_log1pd1_u10purec(x);
}
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
