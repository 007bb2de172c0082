/* gsl_steepest: GSL's gsl_multimin_fdfminimizer_steepest_descent: steepest descent
 * with GSL's step control (the trial step doubles after a success and is
 * multiplied by tol after an increase of f),
 * wrapped as a baseline through optimizers/gsl_multimin_common.c (one
 * gsl_multimin_fdfminimizer_iterate per step). */
#include "gsl_multimin_common.h"

static int init(void *state, const ds_values *v, const ds_problem *p, const double *x0, long horizon,
                ds_err *err)
{
    (void)x0;
    (void)horizon;
    return ds_gslmin_init(state, gsl_multimin_fdfminimizer_steepest_descent, "gsl_steepest", v, p, err);
}

const ds_optimizer_type ds_optimizer_gsl_steepest = {
    .name = "gsl_steepest",
    .doc = "GSL steepest_descent (trial step x2 on success, x tol on failure)",
    .params = ds_gslmin_params,
    .state_size = sizeof(ds_gslmin_state),
    .flags = DS_OPT_SELF | DS_OPT_FULL_BATCH,
    .init = init,
    .step = ds_gslmin_step,
    .free = ds_gslmin_free,
};
