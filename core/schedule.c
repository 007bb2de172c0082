#include "schedule.h"

#include <string.h>

const ds_schedule_type *ds_schedule_find(const char *name)
{
    for (const ds_schedule_type *const *t = ds_schedules; *t; t++)
        if (strcmp((*t)->name, name) == 0)
            return *t;
    return NULL;
}

int ds_schedule_parse(const char *text, ds_values *out, ds_err *err)
{
    ds_spec spec;
    int rc = ds_spec_parse(text, &spec, err);
    if (rc)
        return rc;
    const ds_schedule_type *t = ds_schedule_find(spec.name);
    if (!t) {
        const char *names[256];
        size_t n = 0;
        for (const ds_schedule_type *const *p = ds_schedules; *p && n < 256; p++)
            names[n++] = (*p)->name;
        char hint[128];
        return ds_fail(err, DS_EINVAL, "unknown schedule '%s'%s (see 'descent list schedules')",
                       spec.name, ds_did_you_mean(spec.name, names, n, hint, sizeof hint));
    }
    const ds_param *tables[1] = {t->params};
    return ds_values_parse("schedule", &spec, tables, 1, out, err);
}

int ds_schedule_init(ds_schedule *s, const ds_values *v, double base_lr, long horizon, ds_err *err)
{
    memset(s, 0, sizeof *s);
    s->type = ds_schedule_find(v->name);
    if (!s->type)
        return ds_fail(err, DS_EINVAL, "unknown schedule '%s'", v->name);
    if (s->type->state_size > DS_SCHEDULE_STATE_MAX)
        return ds_fail(err, DS_EINVAL, "schedule '%s' state too large", v->name);
    return s->type->init(s->state, v, base_lr, horizon, err);
}
