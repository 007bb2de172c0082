/* Shared helpers for the cmocka tests. */
#ifndef DS_TESTUTIL_H
#define DS_TESTUTIL_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "../core/init.h"

/* Every test program sets the library up once before main, as the
 * program does first thing in main. */
__attribute__((constructor)) static void ds_test_init(void)
{
    ds_init();
}

/* |a - b| <= tol * max(1, |b|), with a readable failure. */
#define assert_close(a, b, tol)                                                                   \
    do {                                                                                          \
        double a_ = (a), b_ = (b), t_ = (tol);                                                    \
        double s_ = fabs(b_) > 1.0 ? fabs(b_) : 1.0;                                              \
        if (!(fabs(a_ - b_) <= t_ * s_))                                                          \
            fail_msg("%s = %.17g, expected %s = %.17g (tol %g)", #a, a_, #b, b_, t_);             \
    } while (0)

/* Relative: |a - b| <= tol * |b|. */
#define assert_rel(a, b, tol)                                                                     \
    do {                                                                                          \
        double a_ = (a), b_ = (b), t_ = (tol);                                                    \
        if (!(fabs(a_ - b_) <= t_ * fabs(b_)))                                                    \
            fail_msg("%s = %.17g, expected %s = %.17g (rel tol %g)", #a, a_, #b, b_, t_);         \
    } while (0)

#endif
