/* GSL's Gaussian sampler and Gaussian distribution function: the very code
 * of Debian's libgsl.a (their algorithms, tables and random streams), built
 * into the library by the Makefile (gsl_libm.o) with their exp and log
 * calls going to SLEEF's non-dispatching functions and their names prefixed
 * with ds_. libgsl's own copies call glibc's exp and log, which glibc
 * chooses by CPU (core/dmath.h says why that matters): a draw whose wedge
 * test or tail fell on a different rounding would change a data set. */
#ifndef DS_GSL_LIBM_H
#define DS_GSL_LIBM_H

#include <gsl/gsl_rng.h>

double ds_gsl_ran_gaussian_ziggurat(const gsl_rng *r, double sigma);
double ds_gsl_cdf_ugaussian_P(double x);
double ds_gsl_cdf_ugaussian_Q(double x);

#endif
