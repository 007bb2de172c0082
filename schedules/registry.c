/* The schedule catalog: every learning-rate schedule, once. `list
 * schedules`, the spec parser and the conformance tests all walk this
 * array. */
#include "../core/schedule.h"

extern const ds_schedule_type ds_schedule_constant;
extern const ds_schedule_type ds_schedule_step;
extern const ds_schedule_type ds_schedule_multistep;
extern const ds_schedule_type ds_schedule_exponential;
extern const ds_schedule_type ds_schedule_cosine;
extern const ds_schedule_type ds_schedule_cosine_restarts;
extern const ds_schedule_type ds_schedule_onecycle;
extern const ds_schedule_type ds_schedule_cyclic;
extern const ds_schedule_type ds_schedule_linear;
extern const ds_schedule_type ds_schedule_polynomial;
extern const ds_schedule_type ds_schedule_warmup_cosine;
extern const ds_schedule_type ds_schedule_inverse_sqrt;
extern const ds_schedule_type ds_schedule_wsd;
extern const ds_schedule_type ds_schedule_robbins_monro;
extern const ds_schedule_type ds_schedule_lr_range;

const ds_schedule_type *const ds_schedules[] = {
    &ds_schedule_constant,
    &ds_schedule_step,
    &ds_schedule_multistep,
    &ds_schedule_exponential,
    &ds_schedule_cosine,
    &ds_schedule_cosine_restarts,
    &ds_schedule_onecycle,
    &ds_schedule_cyclic,
    &ds_schedule_linear,
    &ds_schedule_polynomial,
    &ds_schedule_warmup_cosine,
    &ds_schedule_inverse_sqrt,
    &ds_schedule_wsd,
    &ds_schedule_robbins_monro,
    &ds_schedule_lr_range,
    NULL,
};
