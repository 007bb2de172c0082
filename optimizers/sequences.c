/* Scalar sequences of the accelerated methods; see sequences.h for the
 * formulas and their sources. */
#include "sequences.h"

#include <math.h>

double ds_theta_next(double a)
{
    return (1.0 + sqrt(1.0 + 4.0 * a * a)) / 2.0;
}

double ds_theta_last(double a)
{
    return (1.0 + sqrt(1.0 + 8.0 * a * a)) / 2.0;
}

double ds_fista_lambda(long t)
{
    if (t < 1)
        return NAN;
    double l = 1.0;
    for (long k = 1; k < t; k++)
        l = ds_theta_next(l);
    return l;
}

double ds_ogm_theta(long t, long N)
{
    if (t < 0)
        return NAN;
    double th = 1.0;
    for (long k = 1; k <= t; k++)
        th = k == N ? ds_theta_last(th) : ds_theta_next(th);
    return th;
}

void ds_ogmg_theta_fill(long N, double *th)
{
    th[N] = 1.0;
    for (long k = N - 1; k >= 0; k--)
        th[k] = k == 0 ? ds_theta_last(th[k + 1]) : ds_theta_next(th[k + 1]);
}

double ds_ogmg_theta(long t, long N)
{
    if (t < 0 || t > N)
        return NAN;
    double th = 1.0;
    for (long k = N - 1; k >= t; k--)
        th = k == 0 ? ds_theta_last(th) : ds_theta_next(th);
    return th;
}

double ds_item_next(double A, double q)
{
    /* sqrt of each factor: their product overflows long before A does */
    return ((1.0 + q) * A + 2.0 * (1.0 + sqrt(1.0 + A) * sqrt(1.0 + q * A))) / ((1.0 - q) * (1.0 - q));
}

double ds_item_A(long t, double q)
{
    double A = 0.0;
    for (long k = 0; k < t; k++)
        A = ds_item_next(A, q);
    return A;
}

ds_tm_coef ds_tm_coefficients(double L, double mu)
{
    double rho = 1.0 - sqrt(mu / L);
    double r2 = rho * rho;
    return (ds_tm_coef){
        .rho = rho,
        .alpha = (1.0 + rho) / L,
        .beta = r2 / (2.0 - rho),
        .gamma = r2 / ((1.0 + rho) * (2.0 - rho)),
        .delta = r2 / (1.0 - r2),
    };
}
