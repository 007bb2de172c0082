/* The catalogs `list` walks, by the name the user types. */
#ifndef DS_CATALOG_H
#define DS_CATALOG_H

#include <stddef.h>

typedef struct ds_catalog {
    const char *name;
    /* The i-th member's name and doc; 0 past the end. */
    int (*item)(size_t i, const char **name, const char **doc);
} ds_catalog;

const ds_catalog *ds_catalog_find(const char *name);
extern const char *const ds_catalog_names[];
extern const size_t ds_catalog_count;

#endif
