/* gsl_cg_fr: GSL's gsl_multimin_fdfminimizer_conjugate_fr: Fletcher-Reeves
 * conjugate gradients (Fletcher & Reeves 1964) with GSL's line minimization,
 * wrapped as a baseline through optimizers/gsl_multimin_common.c (one
 * gsl_multimin_fdfminimizer_iterate per step). */
#include "gsl_multimin_common.h"

static int init(void *state, const ds_values *v, const ds_problem *p, const double *x0, long horizon,
                ds_err *err)
{
    (void)x0;
    (void)horizon;
    return ds_gslmin_init(state, gsl_multimin_fdfminimizer_conjugate_fr, "gsl_cg_fr", v, p, err);
}

const ds_optimizer_type ds_optimizer_gsl_cg_fr = {
    .name = "gsl_cg_fr",
    .doc = "GSL conjugate_fr: Fletcher-Reeves conjugate gradients",
    .params = ds_gslmin_params,
    .state_size = sizeof(ds_gslmin_state),
    .flags = DS_OPT_SELF | DS_OPT_FULL_BATCH,
    .init = init,
    .step = ds_gslmin_step,
    .free = ds_gslmin_free,
};
