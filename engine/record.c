#include "record.h"

#include <math.h>
#include <string.h>

#include "../core/vec.h"

static int rec_start(void *ctx, const ds_run_info *info, ds_err *err)
{
    ds_trace *tr = ctx;
    size_t xdim = info->dim <= 3 ? info->dim : 0;
    if (ds_trace_alloc(tr, info->capacity, xdim))
        return ds_fail(err, DS_ENOMEM, "out of memory for the trace");
    return DS_OK;
}

static void rec_record(void *ctx, const ds_observation *o)
{
    ds_trace *tr = ctx;
    if (tr->n == tr->cap)
        return;
    const ds_problem *p = o->problem;
    size_t k = tr->n++;
    tr->iter[k] = o->t;
    tr->f[k] = o->f;
    tr->f_gap[k] = isfinite(p->f_star) ? o->f - p->f_star : NAN;
    tr->grad_norm[k] = o->gnorm;
    tr->lr[k] = o->lr;
    tr->grad_evals[k] = o->oracle->n_g;
    tr->epochs[k] = ds_oracle_epochs(o->oracle);
    tr->dist[k] = p->x_star ? ds_dist(o->dim, o->x, p->x_star) : NAN;
    if (tr->xdim)
        memcpy(tr->x + k * tr->xdim, o->x, tr->xdim * sizeof(double));
}

ds_observer ds_recorder(ds_trace *tr)
{
    return (ds_observer){.ctx = tr, .start = rec_start, .record = rec_record};
}
