/* The update shared by adam and adamw (torch.optim.Adam and AdamW, which
 * torch 1.13.1 also writes as one function with a `decoupled` switch):
 * their state, init, step and free. Not a method itself: adam.c and
 * adamw.c each keep their own parameter table, documentation and type
 * table. */
#ifndef DS_ADAM_CORE_H
#define DS_ADAM_CORE_H

#include "../core/optimizer.h"

typedef struct {
    const char *name;     /**< the method, for messages */
    int decoupled;        /**< 1: AdamW's x *= 1 - lr wd; 0: Adam's g += wd x */
    double beta1, beta2, eps, weight_decay;
    int amsgrad;
    double *m, *v, *vmax;
} ds_adam_state;

/* Reads beta1, beta2, eps, weight_decay and amsgrad from v; allocates m
 * and v (and vmax with amsgrad). */
int ds_adam_init(ds_adam_state *s, const char *name, int decoupled, const ds_values *v,
                 const ds_problem *p, ds_err *err);
int ds_adam_step(void *state, ds_step *st);
void ds_adam_free(void *state);

/* torch's CyclicLR and OneCycleLR write betas[0]: the moment update and
 * the bias correction 1 - beta1^t use the new value from this step on. */
int ds_adam_set_momentum(void *state, double momentum, size_t dim, ds_err *err);

#endif
