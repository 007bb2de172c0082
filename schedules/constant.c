/* constant: lr_t = lr (torch's ConstantLR with factor 1). */
#include "../core/schedule.h"

typedef struct {
    double lr;
} constant_state;

static const ds_param constant_params[] = {
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int constant_init(void *state, const ds_values *v, double base_lr, long horizon, ds_err *err)
{
    (void)v;
    (void)horizon;
    (void)err;
    ((constant_state *)state)->lr = base_lr;
    return DS_OK;
}

static double constant_lr(void *state, long t)
{
    (void)t;
    return ((constant_state *)state)->lr;
}

const ds_schedule_type ds_schedule_constant = {
    .name = "constant",
    .doc = "lr_t = lr",
    .params = constant_params,
    .state_size = sizeof(constant_state),
    .init = constant_init,
    .lr = constant_lr,
};
