#include "vec.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void ds_zero(size_t n, double *x)
{
    memset(x, 0, n * sizeof *x);
}

double ds_dist(size_t n, const double *x, const double *y)
{
    /* scaled sum of squares, as dnrm2 does, to avoid overflow */
    double scale = 0.0, ssq = 1.0;
    for (size_t i = 0; i < n; i++) {
        double d = fabs(x[i] - y[i]);
        if (d == 0.0)
            continue;
        if (scale < d) {
            ssq = 1.0 + ssq * (scale / d) * (scale / d);
            scale = d;
        } else {
            ssq += (d / scale) * (d / scale);
        }
    }
    return scale * sqrt(ssq);
}

int ds_all_finite(size_t n, const double *x)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return 0;
    return 1;
}

double *ds_vec_new(size_t n)
{
    if (n == 0 || n > ((size_t)-1) / sizeof(double))
        return NULL;
    return calloc(n, sizeof(double));
}
