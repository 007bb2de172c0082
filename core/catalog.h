/* A catalog: the NULL-terminated table of a family's members (problems,
 * optimizers, schedules, theorems) and the one place that finds a member by
 * name, suggests a near name, and parses a spec against a member's
 * parameters. Members are structs whose name, doc and parameter-table
 * fields sit at the offsets recorded here, so one implementation serves
 * every family without knowing its type. */
#ifndef DS_CATALOG_H
#define DS_CATALOG_H

#include <stddef.h>

#include "error.h"
#include "spec.h"

typedef struct ds_catalog {
    const char *what;              /**< one member, in messages: "optimizer" */
    const char *plural;            /**< the name `list` takes: "optimizers" */
    const void *const *members;    /**< NULL-terminated array of member pointers */
    size_t name_at, doc_at;        /**< offsets of the `const char *` name and doc */
    size_t params_at;              /**< offset of the `const ds_param *` table, or (size_t)-1: none */
    const ds_param *common;        /**< parameters every member takes after its own, or NULL */
} ds_catalog;

/* The i-th member, NULL past the end. */
const void *ds_catalog_at(const ds_catalog *c, size_t i);
size_t ds_catalog_size(const ds_catalog *c);
const char *ds_catalog_name(const ds_catalog *c, const void *member);
const char *ds_catalog_doc(const ds_catalog *c, const void *member);
const ds_param *ds_catalog_params(const ds_catalog *c, const void *member);  /* NULL: none */

/* The member named `name` (exact), or NULL. */
const void *ds_catalog_find(const ds_catalog *c, const char *name);

/* "; did you mean 'x'?" for a name not in the catalog, or "" (into buf). */
const char *ds_catalog_hint(const ds_catalog *c, const char *name, char *buf, size_t size);

/* Find the member named `name` or fail with DS_EINVAL: "unknown optimizer
 * 'adm'; did you mean 'adam'? (see 'descent list optimizers')". */
int ds_catalog_lookup(const ds_catalog *c, const char *name, const void **out, ds_err *err);

/* Parse `name:key=value,...` against the member's parameters and the
 * catalog's common ones into out (ds_values_free it; on failure it is
 * left empty). */
int ds_catalog_parse(const ds_catalog *c, const char *text, ds_values *out, ds_err *err);

#endif
