#include "schedule.h"

#include <stddef.h>
#include <string.h>

const ds_catalog ds_schedule_catalog = {
    "schedule", "schedules", (const void *const *)ds_schedules, offsetof(ds_schedule_type, name),
    offsetof(ds_schedule_type, doc), offsetof(ds_schedule_type, params), NULL};

const ds_schedule_type *ds_schedule_find(const char *name)
{
    return ds_catalog_find(&ds_schedule_catalog, name);
}

int ds_schedule_parse(const char *text, ds_values *out, ds_err *err)
{
    return ds_catalog_parse(&ds_schedule_catalog, text, out, err);
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
