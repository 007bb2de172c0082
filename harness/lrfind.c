/* The learning-rate range test; see lrfind.h. The loss of step k is the
 * objective f at the iterate that step k produced (the full f the runner
 * records, not the mini-batch loss: the same sweep with less noise), so
 * each rate is paired with the loss it caused. */
#include "lrfind.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/schedule.h"
#include "../core/dmath.h"
#include "runner.h"

void ds_lrfind_defaults(ds_lrfind_opts *o)
{
    *o = (ds_lrfind_opts){.start = 1e-8, .end = 10, .steps = 100, .beta = 0.98, .div_factor = 4, .seed = 0};
}

void ds_lrfind_free(ds_lrfind_result *r)
{
    if (!r)
        return;
    free(r->lr);
    free(r->loss);
    free(r->smoothed);
    r->lr = r->loss = r->smoothed = NULL;
    r->n = 0;
}

int ds_lrfind_analyse(const double *lr, const double *loss, size_t n, size_t requested, double beta,
                      double div_factor, ds_lrfind_result *out, ds_err *err)
{
    memset(out, 0, sizeof *out);
    out->steepest = out->min_div10 = out->best = NAN;
    if (!(beta >= 0 && beta < 1))
        return ds_fail(err, DS_EINVAL, "lrfind: beta=%g must be in [0, 1)", beta);
    if (!(div_factor > 1))
        return ds_fail(err, DS_EINVAL, "lrfind: the divergence factor %g must exceed 1", div_factor);
    if (n == 0)
        return ds_fail(err, DS_EINVAL, "lrfind: the sweep has no step");
    out->lr = malloc(n * sizeof(double));
    out->loss = malloc(n * sizeof(double));
    out->smoothed = malloc(n * sizeof(double));
    if (!out->lr || !out->loss || !out->smoothed) {
        ds_lrfind_free(out);
        return ds_fail(err, DS_ENOMEM, "lrfind: out of memory for %zu points", n);
    }
    double avg = 0, bk = 1;
    for (size_t k = 0; k < n; k++) {
        if (!isfinite(loss[k]) || !(lr[k] > 0)) {
            out->diverged = isfinite(lr[k]) && lr[k] > 0;
            break;
        }
        avg = beta * avg + (1 - beta) * loss[k];
        bk *= beta;
        double s = avg / (1 - bk);
        out->lr[out->n] = lr[k];
        out->loss[out->n] = loss[k];
        out->smoothed[out->n++] = s;
        if (k == 0 || s < out->best)
            out->best = s;
        if (s > div_factor * out->best) {
            out->diverged = 1;
            break;
        }
    }
    if (out->n == 0)
        return DS_OK;

    size_t lo = requested / 10, hi = out->n >= 5 ? out->n - 5 : 0;
    if (hi < lo + 2)
        lo = 0, hi = out->n;
    size_t imin = lo;
    for (size_t i = lo; i < hi; i++)
        if (out->smoothed[i] < out->smoothed[imin])
            imin = i;
    out->min_div10 = out->lr[imin] / 10;
    if (hi >= lo + 2) {
        size_t isteep = lo;
        double gmin = INFINITY;
        for (size_t i = lo; i + 1 < hi; i++) {
            double g = (out->smoothed[i + 1] - out->smoothed[i]) / (ds_log(out->lr[i + 1]) - ds_log(out->lr[i]));
            if (g < gmin)
                gmin = g, isteep = i;
        }
        out->steepest = out->lr[isteep];
    }
    return DS_OK;
}

static int sweep(const ds_values *problem, const ds_values *optimizer, const ds_values *sv,
                 const ds_lrfind_opts *o, ds_lrfind_result *out, ds_err *err)
{
    ds_schedule probe;  /* validate the sweep before any work */
    int rc = ds_schedule_init(&probe, sv, 1.0, o->steps, err);
    if (rc)
        return rc;
    ds_run_spec rs = {.problem = problem, .optimizer = optimizer, .schedule = sv, .seed = o->seed,
                      .log_every = 1};
    ds_stop_defaults(&rs.stop);
    rs.stop.max_iters = o->steps;
    ds_result res;
    if ((rc = ds_run(&rs, &res, err)))
        return rc;
    /* record k is x_k with the rate of step k; the loss of step k is f at
     * record k + 1 */
    const ds_trace *tr = &res.trace;
    size_t n = tr->n > 1 ? tr->n - 1 : 0;
    double *lr = malloc((n ? n : 1) * sizeof *lr), *loss = malloc((n ? n : 1) * sizeof *loss);
    if (!lr || !loss) {
        free(lr);
        free(loss);
        ds_result_free(&res);
        return ds_fail(err, DS_ENOMEM, "lrfind: out of memory for %zu points", n);
    }
    int diverged_run = res.status == DS_ST_DIVERGED;
    for (size_t k = 0; k < n; k++) {
        /* a record that repeats its iteration marks a step abandoned on
         * a non-finite mini-batch loss: the sweep ends there */
        if (tr->iter[k + 1] != tr->iter[k] + 1) {
            n = k;
            diverged_run = 1;
            break;
        }
        lr[k] = tr->lr[k];
        loss[k] = tr->f[k + 1];
    }
    ds_result_free(&res);
    rc = ds_lrfind_analyse(lr, loss, n, (size_t)o->steps, o->beta, o->div_factor, out, err);
    if (rc == DS_OK && diverged_run)
        out->diverged = 1;  /* the runner stopped it: f beyond its divergence bound */
    free(lr);
    free(loss);
    return rc;
}

int ds_lrfind(const ds_values *problem, const ds_values *optimizer, const ds_lrfind_opts *o,
              ds_lrfind_result *out, ds_err *err)
{
    memset(out, 0, sizeof *out);
    char spec[256];
    snprintf(spec, sizeof spec, "lr_range:start=%.17g,end=%.17g,steps=%ld", o->start, o->end, o->steps);
    ds_values sv;
    int rc = ds_schedule_parse(spec, &sv, err);
    if (!rc)
        rc = sweep(problem, optimizer, &sv, o, out, err);
    ds_values_free(&sv);
    return rc;
}
