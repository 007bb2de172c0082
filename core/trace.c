#include "trace.h"

#include <stdlib.h>
#include <string.h>

int ds_trace_alloc(ds_trace *tr, size_t cap, size_t xdim)
{
    tr->n = 0;
    tr->cap = cap;
    tr->xdim = xdim;
    tr->iter = malloc(cap * sizeof *tr->iter);
    tr->grad_evals = malloc(cap * sizeof *tr->grad_evals);
    tr->f = malloc(cap * sizeof(double));
    tr->f_gap = malloc(cap * sizeof(double));
    tr->grad_norm = malloc(cap * sizeof(double));
    tr->lr = malloc(cap * sizeof(double));
    tr->epochs = malloc(cap * sizeof(double));
    tr->dist = malloc(cap * sizeof(double));
    tr->x = xdim ? malloc(cap * xdim * sizeof(double)) : NULL;
    return tr->iter && tr->grad_evals && tr->f && tr->f_gap && tr->grad_norm && tr->lr && tr->epochs &&
                   tr->dist && (!xdim || tr->x)
               ? 0
               : -1;
}

int ds_trace_alloc_track(ds_trace *tr)
{
    size_t cap = tr->cap;
    tr->grad2_min = malloc(cap * sizeof(double));
    tr->grad2_mean = malloc(cap * sizeof(double));
    tr->f_min = malloc(cap * sizeof(double));
    tr->f_avg = malloc(cap * sizeof(double));
    tr->regret = malloc(cap * sizeof(double));
    tr->gsum = malloc(cap * sizeof(double));
    tr->dinf = malloc(cap * sizeof(double));
    return tr->grad2_min && tr->grad2_mean && tr->f_min && tr->f_avg && tr->regret && tr->gsum && tr->dinf
               ? 0
               : -1;
}

void ds_trace_free(ds_trace *tr)
{
    free(tr->iter);
    free(tr->grad_evals);
    free(tr->f);
    free(tr->f_gap);
    free(tr->grad_norm);
    free(tr->lr);
    free(tr->epochs);
    free(tr->dist);
    free(tr->x);
    free(tr->grad2_min);
    free(tr->grad2_mean);
    free(tr->f_min);
    free(tr->f_avg);
    free(tr->regret);
    free(tr->gsum);
    free(tr->dinf);
    memset(tr, 0, sizeof *tr);
}
