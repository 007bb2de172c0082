/* The least-squares line, the one fit of the program: report/'s log-log
 * fits of the tables and theory/'s fitted rates and orders. */
#ifndef DS_FIT_H
#define DS_FIT_H

#include <stddef.h>

/* y ~ intercept + slope x over n points, by the two-pass centred sums
 * (means first, then sum (x - mx)(y - my) / sum (x - mx)^2). Returns the
 * slope; slope and intercept are NaN when n < 2 or every x is the same.
 * intercept may be NULL. Not GSL's gsl_fit_linear: that one updates the
 * means point by point, which changes the last bits, and the theory
 * checks print fitted orders of quantities at the rounding floor, where
 * the last bits show. */
double ds_fit_line(const double *x, const double *y, size_t n, double *intercept);

#endif
