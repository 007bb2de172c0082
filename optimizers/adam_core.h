/* The Adam update shared by adam.c (coupled L2) and adamw.c (decoupled
 * decay): one pass over x, g, m, v (and vmax) per step, in the order of
 * operations of torch 1.13.1's single-tensor path. Not a catalog member. */
#ifndef DS_ADAM_CORE_H
#define DS_ADAM_CORE_H

#include "../core/optimizer.h"

typedef struct adam_core {
    double beta1, beta2, eps, weight_decay;
    int amsgrad;
    int decoupled;  /**< 1: x *= 1 - lr wd (AdamW); 0: g += wd x (Adam) */
    double *m, *v, *vmax;
} adam_core;

/* Read beta1, beta2, eps, weight_decay, amsgrad and allocate the moments. */
int adam_core_init(adam_core *s, const ds_values *v, const ds_problem *p, int decoupled, ds_err *err);
int adam_core_step(adam_core *s, ds_step *st);
void adam_core_free(adam_core *s);

#endif
