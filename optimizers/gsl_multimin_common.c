/* GSL's multidimensional minimizers (GSL manual, "Multidimensional
 * Minimization") as baselines: the runner's step is one
 * gsl_multimin_fdfminimizer_iterate.
 *
 * GSL owns its iterate, so after each iterate x, f and the gradient are
 * copied out of the minimizer (have_fg). The callbacks reach the problem
 * only through the run's oracle, so every evaluation GSL makes is counted.
 * GSL_ENOPROG ("the iteration is not making progress", e.g. a line
 * minimization that cannot reduce f at the limit of double precision) is a
 * successful step that leaves x where it is: stopping is the runner's
 * business (gtol, max_iters). Any other GSL error is a numerical failure.
 * If the runner moves x between steps (projection, decoupled wd), the
 * minimizer is restarted from the new x with gsl_multimin_fdfminimizer_set. */
#include "gsl_multimin_common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "../core/vec.h"

const ds_param ds_gslmin_params[] = {
    {"step_size", DS_P_REAL, "0.01", 0, INFINITY, DS_P_LO_OPEN, NULL,
     "size of the first trial step (gsl_multimin_fdfminimizer_set; may be an expression: 1/L)"},
    {"tol", DS_P_REAL, "0.1", 0, INFINITY, DS_P_LO_OPEN, NULL,
     "line-minimization accuracy, |p'g| < tol |p||g| (GSL's suggested 0.1)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

/* GSL's own vectors are contiguous (stride 1), so data is the point. */
static double cb_f(const gsl_vector *x, void *params)
{
    ds_gslmin_state *s = params;
    return ds_f(s->oracle, x->data);
}

static void cb_df(const gsl_vector *x, void *params, gsl_vector *g)
{
    ds_gslmin_state *s = params;
    ds_grad(s->oracle, x->data, g->data);
}

static void cb_fdf(const gsl_vector *x, void *params, double *f, gsl_vector *g)
{
    ds_gslmin_state *s = params;
    *f = ds_fg(s->oracle, x->data, g->data);
}

int ds_gslmin_init(ds_gslmin_state *s, const gsl_multimin_fdfminimizer_type *T, const char *name,
                   const ds_values *v, const ds_problem *p, ds_err *err)
{
    size_t n = p->dim;
    s->name = name;
    s->n = n;
    s->step_size = ds_num(v, "step_size");
    s->tol = ds_num(v, "tol");
    /* GSL's minimizers keep about a dozen vectors of dim (the minimizer's
     * x, gradient and dx; vector_bfgs2's direction, differences and
     * line-search copies); with our x and xlast, 15 bound them. */
    char what[96];
    snprintf(what, sizeof what, "optimizer '%s' (15 vectors of dim %zu)", name, n);
    int rc = ds_check_alloc(n, 15 * sizeof(double), what, err);
    if (rc)
        return rc;
    s->m = gsl_multimin_fdfminimizer_alloc(T, n);
    s->x = gsl_vector_alloc(n);
    s->xlast = ds_vec_new(n);
    if (!s->m || !s->x || !s->xlast)
        return ds_fail(err, DS_ENOMEM, "optimizer '%s': out of memory at dim %zu", name, n);
    s->fdf = (gsl_multimin_function_fdf){.f = cb_f, .df = cb_df, .fdf = cb_fdf, .n = n, .params = s};
    return DS_OK;
}

int ds_gslmin_step(void *state, ds_step *st)
{
    ds_gslmin_state *s = state;
    size_t n = s->n;
    if (!s->started || memcmp(st->x, s->xlast, n * sizeof(double)) != 0) {
        s->oracle = st->oracle;
        memcpy(s->x->data, st->x, n * sizeof(double));
        if (gsl_multimin_fdfminimizer_set(s->m, &s->fdf, s->x, s->step_size, s->tol) != GSL_SUCCESS)
            return DS_ENUM;
        s->started = 1;
    }
    int status = gsl_multimin_fdfminimizer_iterate(s->m);
    if (status != GSL_SUCCESS && status != GSL_ENOPROG)
        return DS_ENUM;
    const gsl_vector *x = gsl_multimin_fdfminimizer_x(s->m);
    const gsl_vector *g = gsl_multimin_fdfminimizer_gradient(s->m);
    for (size_t i = 0; i < n; i++) {
        st->x[i] = gsl_vector_get(x, i);
        st->g_new[i] = gsl_vector_get(g, i);
    }
    memcpy(s->xlast, st->x, n * sizeof(double));
    st->f_new = gsl_multimin_fdfminimizer_minimum(s->m);
    st->have_fg = 1;
    return DS_OK;
}

void ds_gslmin_free(void *state)
{
    ds_gslmin_state *s = state;
    if (s->m)
        gsl_multimin_fdfminimizer_free(s->m);
    gsl_vector_free(s->x);
    free(s->xlast);
}
