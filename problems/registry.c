/* The problem catalog: every family, once. `list problems`, the spec
 * parser and the conformance tests all walk this array. */
#include "../core/problem.h"

extern const ds_problem_type ds_problem_quadratic;
extern const ds_problem_type ds_problem_rosenbrock;
extern const ds_problem_type ds_problem_beale;
extern const ds_problem_type ds_problem_himmelblau;
extern const ds_problem_type ds_problem_poly1d;
extern const ds_problem_type ds_problem_parabola1d;
extern const ds_problem_type ds_problem_cubic1d;
extern const ds_problem_type ds_problem_lstsq;
extern const ds_problem_type ds_problem_logreg;
extern const ds_problem_type ds_problem_softmax;
extern const ds_problem_type ds_problem_nesterov_worst;
extern const ds_problem_type ds_problem_huber_worst;
extern const ds_problem_type ds_problem_hb_cycle;
extern const ds_problem_type ds_problem_adam_counter;
extern const ds_problem_type ds_problem_abs_worst;
extern const ds_problem_type ds_problem_nesterov_nonsmooth;
extern const ds_problem_type ds_problem_cubic_sc;

const ds_problem_type *const ds_problems[] = {
    &ds_problem_quadratic,
    &ds_problem_rosenbrock,
    &ds_problem_beale,
    &ds_problem_himmelblau,
    &ds_problem_poly1d,
    &ds_problem_parabola1d,
    &ds_problem_cubic1d,
    &ds_problem_lstsq,
    &ds_problem_logreg,
    &ds_problem_softmax,
    &ds_problem_nesterov_worst,
    &ds_problem_huber_worst,
    &ds_problem_hb_cycle,
    &ds_problem_adam_counter,
    &ds_problem_abs_worst,
    &ds_problem_nesterov_nonsmooth,
    &ds_problem_cubic_sc,
    NULL,
};
