/* The optimizer catalog: every method, once. `list optimizers`, the spec
 * parser, `verify` and the conformance tests all walk this array. */
#include "../core/optimizer.h"

extern const ds_optimizer_type ds_optimizer_gd;
extern const ds_optimizer_type ds_optimizer_sgd;
extern const ds_optimizer_type ds_optimizer_heavy_ball;
extern const ds_optimizer_type ds_optimizer_agd;
extern const ds_optimizer_type ds_optimizer_ogm;
extern const ds_optimizer_type ds_optimizer_ogm_g;
extern const ds_optimizer_type ds_optimizer_triple_momentum;
extern const ds_optimizer_type ds_optimizer_itm;
extern const ds_optimizer_type ds_optimizer_subgradient;
extern const ds_optimizer_type ds_optimizer_polyak;
extern const ds_optimizer_type ds_optimizer_cg;
extern const ds_optimizer_type ds_optimizer_adagrad;
extern const ds_optimizer_type ds_optimizer_rmsprop;
extern const ds_optimizer_type ds_optimizer_adam;
extern const ds_optimizer_type ds_optimizer_adamw;
extern const ds_optimizer_type ds_optimizer_nadam;
extern const ds_optimizer_type ds_optimizer_lion;
extern const ds_optimizer_type ds_optimizer_sophia;
extern const ds_optimizer_type ds_optimizer_shampoo;
extern const ds_optimizer_type ds_optimizer_muon;
extern const ds_optimizer_type ds_optimizer_newton;
extern const ds_optimizer_type ds_optimizer_lbfgs;
extern const ds_optimizer_type ds_optimizer_gsl_steepest;
extern const ds_optimizer_type ds_optimizer_gsl_cg_fr;
extern const ds_optimizer_type ds_optimizer_gsl_cg_pr;
extern const ds_optimizer_type ds_optimizer_gsl_bfgs2;

const ds_optimizer_type *const ds_optimizers[] = {
    &ds_optimizer_gd,
    &ds_optimizer_sgd,
    &ds_optimizer_heavy_ball,
    &ds_optimizer_agd,
    &ds_optimizer_ogm,
    &ds_optimizer_ogm_g,
    &ds_optimizer_triple_momentum,
    &ds_optimizer_itm,
    &ds_optimizer_subgradient,
    &ds_optimizer_polyak,
    &ds_optimizer_cg,
    &ds_optimizer_adagrad,
    &ds_optimizer_rmsprop,
    &ds_optimizer_adam,
    &ds_optimizer_adamw,
    &ds_optimizer_nadam,
    &ds_optimizer_lion,
    &ds_optimizer_sophia,
    &ds_optimizer_shampoo,
    &ds_optimizer_muon,
    &ds_optimizer_newton,
    &ds_optimizer_lbfgs,
    &ds_optimizer_gsl_steepest,
    &ds_optimizer_gsl_cg_fr,
    &ds_optimizer_gsl_cg_pr,
    &ds_optimizer_gsl_bfgs2,
    NULL,
};
