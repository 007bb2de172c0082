/* The problem interface: a type table per family (after GSL's
 * gsl_multimin_function_fdf and COCO's coco_problem_s) and the instance it
 * creates, which carries its own truth: f*, x*, L, mu, class flags and the
 * standard start. Families live in problems/, one file each, registered in
 * problems/registry.c. */
#ifndef DS_PROBLEM_H
#define DS_PROBLEM_H

#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "error.h"
#include "spec.h"

/* Class flags: what theory may assume of f. */
enum {
    DS_CONVEX = 1u << 0,
    DS_STRONGLY_CONVEX = 1u << 1,  /**< mu > 0 */
    DS_QUADRATIC = 1u << 2,        /**< f(x) = 1/2 x'Ax - b'x + c exactly */
    DS_SMOOTH = 1u << 3,           /**< gradient globally L-Lipschitz */
    DS_NONCONVEX = 1u << 4,
    DS_UNBOUNDED = 1u << 5,        /**< inf f = -infinity (no minimizer) */
    DS_FINITE_SUM = 1u << 6,       /**< f = (1/n) sum_i f_i (+ regularizer) */
    DS_LIPSCHITZ = 1u << 7         /**< f itself is M-Lipschitz (problem->M) */
};

typedef struct ds_problem ds_problem;

typedef struct ds_problem_type {
    const char *name;        /**< as `list problems` prints it */
    const char *doc;         /**< one line: the formula */
    const ds_param *params;  /**< family parameters, NULL-name terminated */

    /* Build an instance: set dim, n, rows/cols, L, mu, f_star, x_star,
     * x0, flags and data from the resolved parameters. `seed` drives any
     * randomness of the instance (a random rotation, synthetic data).
     * x0 and x_star are allocated with ds_vec_new and freed by the
     * generic layer; everything else lives in data. */
    int (*create)(ds_problem *p, const ds_values *v, uint64_t seed, ds_err *err);
    void (*destroy)(ds_problem *p);  /**< free p->data (may be NULL) */

    double (*f)(ds_problem *p, const double *x);
    void (*grad)(ds_problem *p, const double *x, double *g);
    /* f and gradient in one pass; optional (NULL: f then grad). */
    double (*fg)(ds_problem *p, const double *x, double *g);
    /* Finite sums: the mean loss over samples idx[0..m) plus the
     * regularizer, and its gradient. NULL when not a finite sum. */
    double (*fg_batch)(ds_problem *p, const double *x, const size_t *idx, size_t m, double *g);
    /* Hessian-vector product H(x) v. */
    void (*hvp)(ds_problem *p, const double *x, const double *v, double *hv);
    /* Dense Hessian (dim x dim, row-major); optional: NULL builds it from
     * dim Hessian-vector products. */
    void (*hessian)(ds_problem *p, const double *x, double *H);
    /* Projection onto the feasible set, applied by the runner after every
     * step; NULL for unconstrained problems. */
    void (*project)(ds_problem *p, double *x);
} ds_problem_type;

struct ds_problem {
    const ds_problem_type *type;
    ds_values params;          /**< the resolved spec */
    char canon[DS_CANON_MAX];  /**< canonical spec */
    size_t dim;
    size_t n;                  /**< samples of a finite sum; 0 otherwise */
    size_t rows, cols;         /**< matrix shape of x (row-major); 0, 0 for a vector */
    double L;                  /**< smoothness constant (over the sublevel set of x0 when not global) */
    double mu;                 /**< strong convexity; 0 when not strongly convex */
    double M;                  /**< Lipschitz constant of f when DS_LIPSCHITZ */
    double f_star;             /**< NAN when unknown, -INFINITY when unbounded */
    double *x_star;            /**< NULL when unknown */
    double *x0;                /**< the standard start */
    unsigned flags;            /**< DS_CONVEX | ... */
    double noise;              /**< sigma of additive gradient noise for stochastic oracles */
    uint64_t seed;             /**< instance seed */
    void *data;                /**< family-private */
    /* Appended: f(x_star) - inf f <= f_star_cert, when f* comes from an
     * iterative solve that certifies it (||grad f(x*)||^2 / (2 mu)); NAN
     * when f* is exact or not certified. */
    double f_star_cert;
};

/* The catalog: NULL-terminated, in problems/registry.c. */
extern const ds_problem_type *const ds_problems[];

/* Parameters every problem accepts besides its own. */
extern const ds_param ds_problem_common_params[];

extern const ds_catalog ds_problem_catalog;  /* core/catalog.h */
const ds_problem_type *ds_problem_find(const char *name);

/* Parse and validate a spec text against the catalog. */
int ds_problem_parse(const char *text, ds_values *out, ds_err *err);

/* Create an instance from resolved parameters; run_seed is the instance
 * seed unless the spec sets its own `seed`. */
int ds_problem_new(const ds_values *v, uint64_t run_seed, ds_problem **out, ds_err *err);
void ds_problem_free(ds_problem *p);

/* f and gradient, using fg when the family has it. */
double ds_problem_fg(ds_problem *p, const double *x, double *g);

/* Dense Hessian (dim x dim, row-major) through the family's function or
 * dim HVPs. Returns DS_OK, or DS_ENOMEM (H untouched) when the scratch
 * vector of the HVPs cannot be had. */
int ds_problem_hessian(ds_problem *p, const double *x, double *H, ds_err *err);

/* Constants for spec expressions (R needs x0 and x*). */
void ds_problem_vars(const ds_problem *p, long horizon, ds_expr_vars *vars);

/* Bytes the instance would need, for refusing runs that cannot fit: more
 * than the machine's physical memory, or than the cap below when one is
 * set. */
int ds_check_alloc(size_t count, size_t elem, const char *what, ds_err *err);

/* Cap the one allocation ds_check_alloc lets through at bytes (0, the
 * default: the machine's physical memory). For a process that must stay
 * small, such as a fuzz target under its memory limit: a data file asking
 * for more is then refused with a message, as on a smaller machine. Set
 * it before any thread starts. */
void ds_set_alloc_limit(double bytes);

#endif
