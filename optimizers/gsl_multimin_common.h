/* The shared adapter behind gsl_steepest, gsl_cg_fr, gsl_cg_pr and
 * gsl_bfgs2: one of GSL's gsl_multimin_fdfminimizer types driven one
 * gsl_multimin_fdfminimizer_iterate per step, with the oracle behind its
 * callbacks. Not a method itself: each wrapper is its own file with its own
 * table. */
#ifndef DS_GSL_MULTIMIN_COMMON_H
#define DS_GSL_MULTIMIN_COMMON_H

#include <gsl/gsl_multimin.h>

#include "../core/optimizer.h"

typedef struct ds_gslmin_state {
    const char *name;                 /**< the wrapper's name, for messages */
    size_t n;
    double step_size, tol;            /**< gsl_multimin_fdfminimizer_set's arguments */
    gsl_multimin_fdfminimizer *m;
    gsl_vector *x;                    /**< the start handed to set */
    gsl_multimin_function_fdf fdf;   /**< callbacks; params points at this state */
    ds_oracle *oracle;                /**< the run's oracle, set at the first step */
    double *xlast;                    /**< x as the last step left it */
    int started;
} ds_gslmin_state;

/* step_size and tol, shared by the four wrappers. */
extern const ds_param ds_gslmin_params[];

int ds_gslmin_init(ds_gslmin_state *s, const gsl_multimin_fdfminimizer_type *T, const char *name,
                   const ds_values *v, const ds_problem *p, ds_err *err);
int ds_gslmin_step(void *state, ds_step *st);
void ds_gslmin_free(void *state);

#endif
