#include "track.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/vec.h"

static void tk_release(ds_tracker *tk)
{
    free(tk->xsum);
    free(tk->xtmp);
    free(tk->gtmp);
    free(tk->gsq);
    tk->xsum = tk->xtmp = tk->gtmp = tk->gsq = NULL;
}

static int tk_start(void *ctx, const ds_run_info *info, ds_err *err)
{
    ds_tracker *tk = ctx;
    size_t d = info->dim;
    tk->k = 0;
    tk->xsum = ds_vec_new(d);
    tk->xtmp = ds_vec_new(d);
    tk->gtmp = ds_vec_new(d);
    tk->gsq = ds_vec_new(d);
    if (!tk->xsum || !tk->xtmp || !tk->gtmp || !tk->gsq || ds_trace_alloc_track(tk->trace)) {
        tk_release(tk);
        return ds_fail(err, DS_ENOMEM, "out of memory for the theory tracking of a run of dim %zu", d);
    }
    ds_zero(d, tk->xsum);
    ds_zero(d, tk->gsq);
    tk->regret = 0.0;
    tk->dinf = info->problem->x_star ? 0.0 : NAN;
    tk->g2min = INFINITY;
    tk->fmin = INFINITY;
    tk->g2sum = 0.0;
    return DS_OK;
}

/* The observation at x_t joins the running minima (before it is recorded) ... */
static void tk_visit(void *ctx, const ds_observation *o)
{
    ds_tracker *tk = ctx;
    tk->g2min = fmin(tk->g2min, o->gnorm * o->gnorm);
    tk->fmin = fmin(tk->fmin, o->f);
}

/* ... and the sums over j < t+1 once x_t is about to be left. */
static void tk_leave(void *ctx, const ds_observation *o)
{
    ds_tracker *tk = ctx;
    const ds_problem *p = o->problem;
    tk->g2sum += o->gnorm * o->gnorm;
    ds_axpy(o->dim, 1.0, o->x, tk->xsum);
    tk->regret += isfinite(p->f_star) ? o->f - p->f_star : NAN;
    for (size_t i = 0; i < o->dim; i++)
        tk->gsq[i] += o->g[i] * o->g[i];
    if (p->x_star)
        for (size_t i = 0; i < o->dim; i++)
            tk->dinf = fmax(tk->dinf, fabs(o->x[i] - p->x_star[i]));
}

static void tk_record(void *ctx, const ds_observation *o)
{
    ds_tracker *tk = ctx;
    ds_trace *tr = tk->trace;
    if (tk->k == tr->cap)
        return;
    size_t k = tk->k++;
    long t = o->t;
    tr->grad2_min[k] = tk->g2min;
    tr->f_min[k] = tk->fmin;
    tr->grad2_mean[k] = t > 0 ? tk->g2sum / (double)t : NAN;
    if (t > 0) {
        for (size_t i = 0; i < o->dim; i++)
            tk->xtmp[i] = tk->xsum[i] / (double)t;
        tr->f_avg[k] = ds_problem_fg(o->problem, tk->xtmp, tk->gtmp);
    } else {
        tr->f_avg[k] = NAN;
    }
    double s = 0.0;
    for (size_t i = 0; i < o->dim; i++)
        s += sqrt(tk->gsq[i]);
    tr->regret[k] = isfinite(o->problem->f_star) ? tk->regret : NAN;
    tr->gsum[k] = s;
    tr->dinf[k] = t > 0 ? tk->dinf : NAN;
}

static void tk_finish(void *ctx, const ds_observation *last, int status)
{
    (void)last;
    (void)status;
    tk_release(ctx);
}

ds_observer ds_tracker_observer(ds_tracker *tk, ds_trace *tr)
{
    memset(tk, 0, sizeof *tk);
    tk->trace = tr;
    return (ds_observer){.ctx = tk, .flags = DS_OBS_EVERY, .start = tk_start, .visit = tk_visit,
                         .record = tk_record, .leave = tk_leave, .finish = tk_finish};
}
