/* The schedule catalog: every learning-rate schedule, once. */
#include "../core/schedule.h"

extern const ds_schedule_type ds_schedule_constant;

const ds_schedule_type *const ds_schedules[] = {
    &ds_schedule_constant,
    NULL,
};
