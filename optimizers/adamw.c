/* adamw: torch.optim.AdamW (Loshchilov & Hutter 2019, Algorithm 2, in
 * torch's form), to the rounding of torch 1.13.1's single-tensor path:
 *   x = x (1 - lr weight_decay)              (decoupled decay, first)
 *   m = m beta1 + (1 - beta1) g
 *   v = v beta2 + ((1 - beta2) g) g
 *   vmax = max(vmax, v)                      (amsgrad)
 *   x = x + ((-lr / (1 - beta1^t)) m) / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * The decay factor uses this step's lr, so a schedule scales it too, as
 * torch's lr_scheduler does. torch >= 2.0 writes the moment updates with
 * lerp_, which rounds differently; 1.13.1 is the reference here. */
#include <math.h>

#include "adam_core.h"

static const ds_param adamw_params[] = {
    {"lr", DS_P_REAL, "0.001", 0, INFINITY, DS_P_LO_OPEN, NULL, "learning rate"},
    {"beta1", DS_P_REAL, "0.9", 0, 1, DS_P_HI_OPEN, NULL, "first-moment decay"},
    {"beta2", DS_P_REAL, "0.999", 0, 1, DS_P_HI_OPEN, NULL, "second-moment decay"},
    {"eps", DS_P_REAL, "1e-8", 0, INFINITY, DS_P_LO_OPEN, NULL, "added to the denominator"},
    {"weight_decay", DS_P_REAL, "0.01", 0, INFINITY, 0, NULL,
     "decoupled decay: x *= 1 - lr*weight_decay before the step"},
    {"amsgrad", DS_P_BOOL, "0", 0, 1, 0, NULL, "use the running maximum of v (Reddi et al. 2018)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int adamw_init(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                      long horizon, ds_err *err)
{
    (void)x0;
    (void)horizon;
    return ds_adam_init(state, "adamw", 1, v, p, err);
}

const ds_optimizer_type ds_optimizer_adamw = {
    .name = "adamw",
    .doc = "torch.optim.AdamW: Adam with decoupled decay x *= 1 - lr*weight_decay, amsgrad",
    .params = adamw_params,
    .state_size = sizeof(ds_adam_state),
    .init = adamw_init,
    .step = ds_adam_step,
    .set_momentum = ds_adam_set_momentum,
    .free = ds_adam_free,
};
