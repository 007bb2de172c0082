/* The optimizer interface (after GSL's gsl_multimin_fdfminimizer_type and
 * SQLite's sqlite3_vfs): a constant table with a name, a parameter table,
 * the size of its private state, and init/step/free. The runner owns x,
 * the gradient and the loop; an optimizer does one step and never decides
 * to stop. Methods live in optimizers/, one file each, registered in
 * optimizers/registry.c. */
#ifndef DS_OPTIMIZER_H
#define DS_OPTIMIZER_H

#include <stddef.h>

#include "catalog.h"
#include "error.h"
#include "oracle.h"
#include "problem.h"
#include "spec.h"

enum {
    /* The method evaluates the oracle itself (line searches, gradients at
     * extrapolated points): the runner passes no gradient. */
    DS_OPT_SELF = 1u << 0,
    DS_OPT_NEEDS_MATRIX = 1u << 1,  /**< x must have a matrix shape */
    DS_OPT_NEEDS_HVP = 1u << 2,     /**< uses Hessian-vector products */
    DS_OPT_DENSE = 1u << 3,         /**< keeps dim x dim matrices: small dims only */
    DS_OPT_FULL_BATCH = 1u << 4,    /**< needs exact gradients (line searches) */
    /* Every iterate is x0 minus a fixed combination of past gradients,
     * whose coefficients depend on the parameters and the problem's L, mu
     * but never on the gradients' values (gd at a constant lr, momentum and
     * accelerated methods): its exact worst case is a PEP (theory/pep.h),
     * the step table read off the method itself. */
    DS_OPT_FIXED_STEP = 1u << 5
};

typedef struct ds_step {
    double *x;           /**< in/out: the iterate */
    const double *g;     /**< gradient at x after the runner's techniques (clipping, L2);
                              NULL for DS_OPT_SELF methods */
    double lr;           /**< this step's rate: the optimizer's lr through the schedule */
    long t;              /**< 0-based step index */
    size_t dim;
    ds_oracle *oracle;
    /* Out, for DS_OPT_SELF methods that already know them at the new x
     * (saves the runner an evaluation): */
    double f_new;
    double *g_new;       /**< runner-owned buffer of dim doubles */
    int have_fg;
} ds_step;

typedef struct ds_optimizer_type {
    const char *name;          /**< as `list optimizers` prints it */
    const char *doc;           /**< one line: the update and its source */
    const ds_param *params;    /**< its own parameters (lr first), NULL-name terminated */
    size_t state_size;         /**< bytes of private state, allocated by the runner */
    unsigned flags;            /**< DS_OPT_* */
    /* Validate the combination and allocate vectors. v is bound to the
     * problem (expressions evaluated); x0 is the starting point; horizon
     * is the run's iteration budget. */
    int (*init)(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                long horizon, ds_err *err);
    int (*step)(void *state, ds_step *s);  /**< DS_OK, or DS_ENUM on a numerical failure */
    void (*free)(void *state);              /**< must accept a zeroed state */
    const char *const *claims;              /**< theorem ids it claims, NULL-terminated (or NULL) */
    /* Appended, optional: take a new momentum coefficient before the next
     * step, as torch's CyclicLR and OneCycleLR set group['momentum'] (SGD,
     * RMSprop) or betas[0] (the Adam family) when they cycle momentum.
     * Called once after init with the schedule's first value, then before
     * every step; may allocate the state a non-zero momentum needs. NULL:
     * the method has no momentum to cycle. */
    int (*set_momentum)(void *state, double momentum, size_t dim, ds_err *err);
} ds_optimizer_type;

extern const ds_optimizer_type *const ds_optimizers[];

/* Options every optimizer takes, applied by the runner around its step:
 * batch, accum, clip, clip_value, l2, wd. */
extern const ds_param ds_optimizer_common_params[];

/* The optimizers as a catalog (find, parse, suggest: core/catalog.h). */
extern const ds_catalog ds_optimizer_catalog;

const ds_optimizer_type *ds_optimizer_find(const char *name);

/* The k state vectors of dim doubles an optimizer keeps, zeroed: *vecs[i]
 * receives each. Checked against the machine's memory first (all k
 * together), so a run that cannot fit is refused with DS_ENOMEM and a
 * message naming `who`, never left to fail halfway. On failure the vectors
 * already allocated stay set, for the optimizer's free to release. */
int ds_opt_vectors(const char *who, size_t dim, size_t k, double **const vecs[], ds_err *err);
int ds_optimizer_parse(const char *text, ds_values *out, ds_err *err);

#endif
