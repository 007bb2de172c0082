#include "catalog.h"

#include <stdlib.h>
#include <string.h>

static const char *field(const void *member, size_t at)
{
    return *(const char *const *)((const char *)member + at);
}

const void *ds_catalog_at(const ds_catalog *c, size_t i)
{
    for (size_t k = 0; c->members[k]; k++)
        if (k == i)
            return c->members[k];
    return NULL;
}

size_t ds_catalog_size(const ds_catalog *c)
{
    size_t n = 0;
    while (c->members[n])
        n++;
    return n;
}

const char *ds_catalog_name(const ds_catalog *c, const void *member)
{
    return field(member, c->name_at);
}

const char *ds_catalog_doc(const ds_catalog *c, const void *member)
{
    return field(member, c->doc_at);
}

const ds_param *ds_catalog_params(const ds_catalog *c, const void *member)
{
    if (c->params_at == (size_t)-1)
        return NULL;
    return *(const ds_param *const *)((const char *)member + c->params_at);
}

const void *ds_catalog_find(const ds_catalog *c, const char *name)
{
    for (size_t k = 0; c->members[k]; k++)
        if (strcmp(ds_catalog_name(c, c->members[k]), name) == 0)
            return c->members[k];
    return NULL;
}

const char *ds_catalog_hint(const ds_catalog *c, const char *name, char *buf, size_t size)
{
    size_t n = ds_catalog_size(c);
    const char **names = malloc((n ? n : 1) * sizeof *names);
    if (!names) {
        buf[0] = '\0';  /* the hint is a courtesy: without memory, none */
        return buf;
    }
    for (size_t k = 0; k < n; k++)
        names[k] = ds_catalog_name(c, c->members[k]);
    ds_did_you_mean(name, names, n, buf, size);
    free(names);
    return buf;
}

int ds_catalog_lookup(const ds_catalog *c, const char *name, const void **out, ds_err *err)
{
    *out = ds_catalog_find(c, name);
    if (*out)
        return DS_OK;
    char hint[128];
    return ds_fail(err, DS_EINVAL, "unknown %s '%s'%s (see 'descent list %s')", c->what, name,
                   ds_catalog_hint(c, name, hint, sizeof hint), c->plural);
}

int ds_catalog_parse(const ds_catalog *c, const char *text, ds_values *out, ds_err *err)
{
    memset(out, 0, sizeof *out);  /* empty on every failure, so always safe to free */
    ds_spec *spec = malloc(sizeof *spec);
    if (!spec)
        return ds_fail(err, DS_ENOMEM, "out of memory parsing %s spec", c->what);
    const void *m = NULL;
    int rc = ds_spec_parse(text, spec, err);
    if (!rc)
        rc = ds_catalog_lookup(c, spec->name, &m, err);
    if (!rc) {
        const ds_param *tables[2] = {ds_catalog_params(c, m), c->common};
        rc = ds_values_parse(c->what, spec, tables, c->common ? 2 : 1, out, err);
    }
    free(spec);
    return rc;
}
