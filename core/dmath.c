#include "dmath.h"

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
