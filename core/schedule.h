/* Learning-rate schedules: lr at step t from the optimizer's base lr and
 * the schedule's parameters, advanced once per optimizer step (as
 * torch.optim.lr_scheduler does). Stateful so that recursive (chainable)
 * forms can follow torch to the rounding. */
#ifndef DS_SCHEDULE_H
#define DS_SCHEDULE_H

#include <stddef.h>

#include "catalog.h"
#include "error.h"
#include "spec.h"

#define DS_SCHEDULE_STATE_MAX 256

typedef struct ds_schedule_type {
    const char *name;
    const char *doc;
    const ds_param *params;
    size_t state_size;  /**< <= DS_SCHEDULE_STATE_MAX */
    /* horizon: the run's iteration budget (a default for T_max and the like). */
    int (*init)(void *state, const ds_values *v, double base_lr, long horizon, ds_err *err);
    /* The rate for step t -> t+1; called with t = 0, 1, 2, ... in order. */
    double (*lr)(void *state, long t);
    /* Appended, optional: the momentum of step t (torch's cycle_momentum),
     * or NaN when the schedule leaves the optimizer's momentum alone. A
     * function of t alone, called after lr for the same t. */
    double (*momentum)(void *state, long t);
} ds_schedule_type;

extern const ds_schedule_type *const ds_schedules[];

extern const ds_catalog ds_schedule_catalog;  /* core/catalog.h */
const ds_schedule_type *ds_schedule_find(const char *name);
int ds_schedule_parse(const char *text, ds_values *out, ds_err *err);

/* A ready-to-use schedule instance. */
typedef struct ds_schedule {
    const ds_schedule_type *type;
    unsigned char state[DS_SCHEDULE_STATE_MAX];
} ds_schedule;

int ds_schedule_init(ds_schedule *s, const ds_values *v, double base_lr, long horizon, ds_err *err);
static inline double ds_schedule_lr(ds_schedule *s, long t)
{
    return s->type->lr(s->state, t);
}

/* The momentum the schedule sets for step t; NaN when it sets none. */
static inline double ds_schedule_momentum(ds_schedule *s, long t)
{
    return s->type->momentum ? s->type->momentum(s->state, t) : __builtin_nan("");
}

#endif
