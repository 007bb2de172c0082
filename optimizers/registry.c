/* The optimizer catalog: every method, once. `list optimizers`, the spec
 * parser, `verify` and the conformance tests all walk this array. */
#include "../core/optimizer.h"

extern const ds_optimizer_type ds_optimizer_gd;
extern const ds_optimizer_type ds_optimizer_sgd;
extern const ds_optimizer_type ds_optimizer_adam;
extern const ds_optimizer_type ds_optimizer_agd;
extern const ds_optimizer_type ds_optimizer_ogm;
extern const ds_optimizer_type ds_optimizer_ogm_g;
extern const ds_optimizer_type ds_optimizer_triple_momentum;
extern const ds_optimizer_type ds_optimizer_itm;
extern const ds_optimizer_type ds_optimizer_subgradient;

const ds_optimizer_type *const ds_optimizers[] = {
    &ds_optimizer_gd,
    &ds_optimizer_sgd,
    &ds_optimizer_adam,
    &ds_optimizer_agd,
    &ds_optimizer_ogm,
    &ds_optimizer_ogm_g,
    &ds_optimizer_triple_momentum,
    &ds_optimizer_itm,
    &ds_optimizer_subgradient,
    NULL,
};
