/* The problem catalog: every family, once. `list problems`, the spec
 * parser and the conformance tests all walk this array. */
#include "../core/problem.h"

extern const ds_problem_type ds_problem_quadratic;
extern const ds_problem_type ds_problem_rosenbrock;

const ds_problem_type *const ds_problems[] = {
    &ds_problem_quadratic,
    &ds_problem_rosenbrock,
    NULL,
};
