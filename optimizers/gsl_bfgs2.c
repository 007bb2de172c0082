/* gsl_bfgs2: GSL's gsl_multimin_fdfminimizer_vector_bfgs2: BFGS with the
 * line search of Fletcher, Practical Methods of Optimization, Algorithms
 * 2.6.2 and 2.6.4,
 * wrapped as a baseline through optimizers/gsl_multimin_common.c (one
 * gsl_multimin_fdfminimizer_iterate per step). */
#include "gsl_multimin_common.h"

static int init(void *state, const ds_values *v, const ds_problem *p, const double *x0, long horizon,
                ds_err *err)
{
    (void)x0;
    (void)horizon;
    return ds_gslmin_init(state, gsl_multimin_fdfminimizer_vector_bfgs2, "gsl_bfgs2", v, p, err);
}

const ds_optimizer_type ds_optimizer_gsl_bfgs2 = {
    .name = "gsl_bfgs2",
    .doc = "GSL vector_bfgs2: BFGS with Fletcher's line search (Alg. 2.6.2/2.6.4)",
    .params = ds_gslmin_params,
    .state_size = sizeof(ds_gslmin_state),
    .flags = DS_OPT_SELF | DS_OPT_FULL_BATCH,
    .init = init,
    .step = ds_gslmin_step,
    .free = ds_gslmin_free,
};
