/* adam: torch.optim.Adam (Kingma & Ba 2015, Algorithm 1, with torch's
 * placement of eps outside the bias-corrected square root), to the
 * rounding of torch's single-tensor path:
 *   g = g + weight_decay x                   (coupled L2)
 *   m = m beta1 + (1 - beta1) g
 *   v = v beta2 + ((1 - beta2) g) g
 *   vmax = max(vmax, v)                      (amsgrad)
 *   x = x + ((-lr / (1 - beta1^t)) m) / (sqrt(v) / sqrt(1 - beta2^t) + eps) */
#include <math.h>

#include "adam_core.h"

static const ds_param adam_params[] = {
    {"lr", DS_P_REAL, "0.001", 0, INFINITY, DS_P_LO_OPEN, NULL, "learning rate"},
    {"beta1", DS_P_REAL, "0.9", 0, 1, DS_P_HI_OPEN, NULL, "first-moment decay"},
    {"beta2", DS_P_REAL, "0.999", 0, 1, DS_P_HI_OPEN, NULL, "second-moment decay"},
    {"eps", DS_P_REAL, "1e-8", 0, INFINITY, DS_P_LO_OPEN, NULL, "added to the denominator"},
    {"weight_decay", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "coupled L2 added to the gradient"},
    {"amsgrad", DS_P_BOOL, "0", 0, 1, 0, NULL, "use the running maximum of v (Reddi et al. 2018)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static int adam_init(void *state, const ds_values *v, const ds_problem *p, const double *x0,
                     long horizon, ds_err *err)
{
    (void)x0;
    (void)horizon;
    return ds_adam_init(state, "adam", 0, v, p, err);
}

const ds_optimizer_type ds_optimizer_adam = {
    .name = "adam",
    .doc = "torch.optim.Adam: bias-corrected moments, eps outside the sqrt, amsgrad",
    .params = adam_params,
    .state_size = sizeof(ds_adam_state),
    .init = adam_init,
    .step = ds_adam_step,
    .set_momentum = ds_adam_set_momentum,
    .free = ds_adam_free,
};
