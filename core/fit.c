#include "fit.h"

#include <math.h>

double ds_fit_line(const double *x, const double *y, size_t n, double *intercept)
{
    if (intercept)
        *intercept = NAN;
    if (n < 2)
        return NAN;
    double mx = 0, my = 0;
    for (size_t i = 0; i < n; i++)
        mx += x[i], my += y[i];
    mx /= (double)n;
    my /= (double)n;
    double sxy = 0, sxx = 0;
    for (size_t i = 0; i < n; i++)
        sxy += (x[i] - mx) * (y[i] - my), sxx += (x[i] - mx) * (x[i] - mx);
    if (!(sxx > 0))
        return NAN;
    double slope = sxy / sxx;
    if (intercept)
        *intercept = my - slope * mx;
    return slope;
}
