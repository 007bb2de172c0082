/* The optimizer catalog: every method, once. `list optimizers`, the spec
 * parser, `verify` and the conformance tests all walk this array. */
#include "../core/optimizer.h"

extern const ds_optimizer_type ds_optimizer_gd;
extern const ds_optimizer_type ds_optimizer_sgd;
extern const ds_optimizer_type ds_optimizer_adam;

const ds_optimizer_type *const ds_optimizers[] = {
    &ds_optimizer_gd,
    &ds_optimizer_sgd,
    &ds_optimizer_adam,
    NULL,
};
