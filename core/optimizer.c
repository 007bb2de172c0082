#include "optimizer.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "vec.h"

const ds_param ds_optimizer_common_params[] = {
    {"batch", DS_P_INT, "all", 1, 9.007199254740992e15, DS_P_ALL, NULL,
     "samples per stochastic gradient of a finite sum (all = the full gradient)"},
    {"shuffle", DS_P_BOOL, "1", 0, 1, 0, NULL,
     "reshuffle the samples every epoch (0: visit them in order, cyclically)"},
    {"accum", DS_P_INT, "1", 1, 1e6, 0, NULL,
     "gradient accumulation: average this many mini-batch gradients per step"},
    {"clip", DS_P_REAL, "0", 0, INFINITY, 0, NULL,
     "clip the gradient's global norm to this (torch clip_grad_norm_); 0 = off"},
    {"clip_value", DS_P_REAL, "0", 0, INFINITY, 0, NULL,
     "clip each gradient entry to [-c, c] (torch clip_grad_value_); 0 = off"},
    {"l2", DS_P_REAL, "0", 0, INFINITY, 0, NULL,
     "coupled L2: add l2*x to the gradient before the step"},
    {"wd", DS_P_REAL, "0", 0, INFINITY, 0, NULL,
     "decoupled weight decay: x *= 1 - lr*wd before the step"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

const ds_catalog ds_optimizer_catalog = {
    "optimizer", "optimizers", (const void *const *)ds_optimizers, offsetof(ds_optimizer_type, name),
    offsetof(ds_optimizer_type, doc), offsetof(ds_optimizer_type, params), ds_optimizer_common_params};

const ds_optimizer_type *ds_optimizer_find(const char *name)
{
    return ds_catalog_find(&ds_optimizer_catalog, name);
}

int ds_optimizer_parse(const char *text, ds_values *out, ds_err *err)
{
    return ds_catalog_parse(&ds_optimizer_catalog, text, out, err);
}

int ds_opt_vectors(const char *who, size_t dim, size_t k, double **const vecs[], ds_err *err)
{
    char what[96];
    snprintf(what, sizeof what, "optimizer '%s' (%zu vectors of dim %zu)", who, k, dim);
    int rc = k ? ds_check_alloc(dim, k * sizeof(double), what, err) : DS_OK;
    for (size_t i = 0; i < k && !rc; i++)
        if (!(*vecs[i] = ds_vec_new(dim)))
            rc = ds_fail(err, DS_ENOMEM, "out of memory for %s", what);
    return rc;
}
