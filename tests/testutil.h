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
