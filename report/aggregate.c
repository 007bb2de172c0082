/* Aggregation over seeds and across problems (aggregate.h). */
#include "aggregate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/fit.h"
#include "../core/dmath.h"

const double ds_targets[DS_NTARGETS] = {1e-2, 1e-4, 1e-6, 1e-8};

/* ---- groups ------------------------------------------------------------ */

typedef struct {
    const ds_result *res;
    size_t i;
} group_key;

static int cmp_key(const void *a, const void *b)
{
    const ds_result *x = ((const group_key *)a)->res, *y = ((const group_key *)b)->res;
    int c = strcmp(x->problem, y->problem);
    if (!c)
        c = strcmp(x->optimizer, y->optimizer);
    if (!c)
        c = strcmp(x->schedule, y->schedule);
    if (!c)
        c = (x->seed > y->seed) - (x->seed < y->seed);
    return c;
}

static int same_group(const ds_result *x, const ds_result *y)
{
    return !strcmp(x->problem, y->problem) && !strcmp(x->optimizer, y->optimizer) &&
           !strcmp(x->schedule, y->schedule);
}

int ds_group_results(const ds_result *res, size_t n, ds_group **out, size_t *ng)
{
    *out = NULL;
    *ng = 0;
    if (!n)
        return 0;
    group_key *k = malloc(n * sizeof *k);
    ds_group *g = calloc(n, sizeof *g);
    size_t *idx = malloc(n * sizeof *idx);
    if (!k || !g || !idx) {
        free(k), free(g), free(idx);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        k[i] = (group_key){&res[i], i};
    qsort(k, n, sizeof *k, cmp_key);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        idx[i] = k[i].i;
        if (i == 0 || !same_group(k[i - 1].res, k[i].res)) {
            g[m++] = (ds_group){k[i].res->problem, k[i].res->optimizer, k[i].res->schedule, 0, &idx[i]};
        }
        g[m - 1].n++;
    }
    free(k);
    *out = g;
    *ng = m;
    return 0;
}

void ds_groups_free(ds_group *g, size_t ng)
{
    if (g && ng)
        free(g[0].idx);  /* one index array shared by every group */
    free(g);
}

/* ---- quantiles --------------------------------------------------------- */

static int cmp_worst_last(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    if (isnan(x))
        x = INFINITY;
    if (isnan(y))
        y = INFINITY;
    return (x > y) - (x < y);
}

void ds_sort_worst_last(double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (isnan(v[i]))
            v[i] = INFINITY;
    qsort(v, n, sizeof *v, cmp_worst_last);
}

/* The one quantile of the program (tables, medians, perf). Not GSL's
 * gsl_stats_quantile_from_sorted_data, which has the same definition but
 * evaluates it as (1 - frac) a + frac b: that differs from a + frac (b - a)
 * in the last bit in about a fifth of the cases, and turns a diverged run
 * (+inf, see ds_sort_worst_last) into NaN through 0 * inf, where this
 * returns the order statistic itself. */
double ds_quantile(const double *sorted, size_t n, double q)
{
    if (!n)
        return NAN;
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)floor(h);
    if (lo >= n - 1)
        return sorted[n - 1];
    double frac = h - (double)lo, a = sorted[lo], b = sorted[lo + 1];
    if (frac == 0.0 || a == b)
        return a;
    return a + frac * (b - a);
}

/* ---- traces ------------------------------------------------------------ */

static double axis_at(const ds_trace *t, int axis, size_t k)
{
    return axis == DS_AXIS_ITER ? (double)t->iter[k] : t->epochs[k];
}

/* Log-linear interpolation of y between (x0, y0) and (x1, y1). */
static double interp(double x0, double y0, double x1, double y1, double x)
{
    if (x1 == x0)
        return y1;
    double w = (x - x0) / (x1 - x0);
    if (y0 > 0 && y1 > 0 && isfinite(y0) && isfinite(y1))
        return ds_exp(ds_log(y0) + w * (ds_log(y1) - ds_log(y0)));
    return y0 + w * (y1 - y0);
}

double ds_trace_gap_at(const ds_trace *t, int axis, double x)
{
    if (!t->n)
        return NAN;
    if (x >= axis_at(t, axis, t->n - 1))
        return t->f_gap[t->n - 1];
    if (x <= axis_at(t, axis, 0))
        return t->f_gap[0];
    size_t lo = 0, hi = t->n - 1;  /* axis[lo] < x < axis[hi] */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (axis_at(t, axis, mid) <= x)
            lo = mid;
        else
            hi = mid;
    }
    return interp(axis_at(t, axis, lo), t->f_gap[lo], axis_at(t, axis, hi), t->f_gap[hi], x);
}

static double rel_gap(const ds_result *r, size_t k)
{
    double d0 = r->trace.f_gap[0];
    return d0 > 0 ? r->trace.f_gap[k] / d0 : (d0 == 0 ? 0.0 : NAN);
}

double ds_final_rel_gap(const ds_result *r)
{
    return r->trace.n ? rel_gap(r, r->trace.n - 1) : NAN;
}

int ds_time_to_target(const ds_result *r, double eps, double *iters, double *epochs)
{
    const ds_trace *t = &r->trace;
    *iters = *epochs = NAN;
    for (size_t k = 0; k < t->n; k++) {
        double g = rel_gap(r, k);
        if (!(g <= eps))
            continue;
        if (k == 0) {
            *iters = 0;
            *epochs = t->epochs[0];
            return 1;
        }
        double g0 = rel_gap(r, k - 1), i0 = (double)t->iter[k - 1], i1 = (double)t->iter[k];
        double w = g > 0 && g0 > 0 ? (ds_log(eps) - ds_log(g0)) / (ds_log(g) - ds_log(g0)) : (eps - g0) / (g - g0);
        if (!(w >= 0 && w <= 1))
            w = 1;
        double it = ceil(i0 + w * (i1 - i0) - 1e-9);
        if (it < i0 + 1)
            it = i0 + 1;
        if (it > i1)
            it = i1;
        *iters = it;
        *epochs = t->epochs[k - 1] + (it - i0) / (i1 - i0) * (t->epochs[k] - t->epochs[k - 1]);
        return 1;
    }
    return 0;
}

void ds_target_stats_of(const ds_result *res, const size_t *idx, size_t n, double eps, ds_target_stats *out)
{
    double *it = malloc((n ? n : 1) * sizeof *it), *ep = malloc((n ? n : 1) * sizeof *ep);
    double cost_i = 0, cost_e = 0;
    size_t ok = 0;
    for (size_t j = 0; j < n; j++) {
        const ds_result *r = &res[idx[j]];
        double a, b;
        if (ds_time_to_target(r, eps, &a, &b)) {
            if (it && ep)
                it[ok] = a, ep[ok] = b;
            ok++;
        } else if (r->trace.n) {
            a = (double)r->trace.iter[r->trace.n - 1];
            b = r->trace.epochs[r->trace.n - 1];
        } else {
            a = b = 0;
        }
        cost_i += a;
        cost_e += b;
    }
    out->runs = n;
    out->success = ok;
    out->med_iters = out->med_epochs = NAN;
    if (ok && it && ep) {
        ds_sort_worst_last(it, ok);
        ds_sort_worst_last(ep, ok);
        out->med_iters = ds_quantile(it, ok, 0.5);
        out->med_epochs = ds_quantile(ep, ok, 0.5);
    }
    out->ert_iters = ok ? cost_i / (double)ok : INFINITY;
    out->ert_epochs = ok ? cost_e / (double)ok : INFINITY;
    free(it);
    free(ep);
}

/* ---- bands ------------------------------------------------------------- */

static size_t make_grid(double end, int axis, double *x, size_t cap)
{
    size_t n = 0;
    x[n++] = 0.0;
    for (int k = axis == DS_AXIS_ITER ? 0 : -20; n + 1 < cap; k++) {
        double v = ds_pow(10.0, k / 10.0);
        if (axis == DS_AXIS_ITER)
            v = floor(v + 1e-9);
        if (v >= end)
            break;
        if (v > x[n - 1])
            x[n++] = v;
    }
    if (end > x[n - 1])
        x[n++] = end;
    return n;
}

int ds_band_of(const ds_result *res, const size_t *idx, size_t n, int axis, ds_band *out)
{
    memset(out, 0, sizeof *out);
    double end = 0;
    for (size_t j = 0; j < n; j++) {
        const ds_trace *t = &res[idx[j]].trace;
        if (t->n && axis_at(t, axis, t->n - 1) > end)
            end = axis_at(t, axis, t->n - 1);
    }
    size_t cap = 256;
    double *x = malloc(cap * sizeof *x), *col = malloc((n ? n : 1) * sizeof *col);
    double *all = malloc(5 * cap * sizeof *all);
    if (!x || !col || !all) {
        free(x), free(col), free(all);
        return -1;
    }
    size_t m = make_grid(end, axis, x, cap);
    out->n = m;
    out->x = x;
    out->q10 = all, out->q25 = all + cap, out->med = all + 2 * cap, out->q75 = all + 3 * cap,
    out->q90 = all + 4 * cap;
    for (size_t k = 0; k < m; k++) {
        for (size_t j = 0; j < n; j++)
            col[j] = ds_trace_gap_at(&res[idx[j]].trace, axis, x[k]);
        ds_sort_worst_last(col, n);
        out->q10[k] = ds_quantile(col, n, 0.10);
        out->q25[k] = ds_quantile(col, n, 0.25);
        out->med[k] = ds_quantile(col, n, 0.50);
        out->q75[k] = ds_quantile(col, n, 0.75);
        out->q90[k] = ds_quantile(col, n, 0.90);
    }
    free(col);
    return 0;
}

void ds_band_free(ds_band *b)
{
    free(b->x);
    free(b->q10);  /* the five columns share one block */
    memset(b, 0, sizeof *b);
}

/* ---- across problems --------------------------------------------------- */

void ds_profile(const double *cost, size_t np, size_t ns, const double *tau, size_t nt, double *rho)
{
    for (size_t s = 0; s < ns; s++)
        for (size_t k = 0; k < nt; k++) {
            size_t within = 0;
            for (size_t p = 0; p < np; p++) {
                double best = INFINITY;
                for (size_t q = 0; q < ns; q++)
                    if (cost[p * ns + q] < best)
                        best = cost[p * ns + q];
                double c = cost[p * ns + s];
                within += isfinite(best) && isfinite(c) && c <= tau[k] * best;
            }
            rho[s * nt + k] = np ? (double)within / (double)np : NAN;
        }
}

void ds_ranks(const double *score, size_t np, size_t ns, double *avg)
{
    for (size_t s = 0; s < ns; s++) {
        double sum = 0;
        size_t count = 0;
        for (size_t p = 0; p < np; p++) {
            double me = score[p * ns + s];
            if (isnan(me))
                continue;
            size_t better = 0, tied = 0;
            for (size_t q = 0; q < ns; q++) {
                double o = score[p * ns + q];
                if (isnan(o))
                    continue;
                better += o < me;
                tied += o == me;
            }
            sum += (double)better + (double)(tied + 1) / 2.0;  /* mean of ranks better+1 .. better+tied */
            count++;
        }
        avg[s] = count ? sum / (double)count : NAN;
    }
}

size_t ds_fit_loglog(const double *x, const double *y, size_t n, double *slope, double *intercept)
{
    *slope = *intercept = NAN;
    double *lx = malloc((n + 1) * sizeof *lx), *ly = malloc((n + 1) * sizeof *ly);
    size_t m = 0;
    if (lx && ly)
        for (size_t i = 0; i < n; i++)
            if (x[i] > 0 && y[i] > 0 && isfinite(x[i]) && isfinite(y[i])) {
                lx[m] = ds_log(x[i]);
                ly[m] = ds_log(y[i]);
                m++;
            }
    if (lx && ly)
        *slope = ds_fit_line(lx, ly, m, intercept);
    free(lx);
    free(ly);
    return m;
}
