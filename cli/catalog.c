#include "catalog.h"

#include <string.h>

#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../core/schedule.h"
#include "../theory/theorem.h"

static int problem_item(size_t i, const char **name, const char **doc)
{
    for (size_t k = 0; ds_problems[k]; k++)
        if (k == i) {
            *name = ds_problems[k]->name;
            *doc = ds_problems[k]->doc;
            return 1;
        }
    return 0;
}

static int optimizer_item(size_t i, const char **name, const char **doc)
{
    for (size_t k = 0; ds_optimizers[k]; k++)
        if (k == i) {
            *name = ds_optimizers[k]->name;
            *doc = ds_optimizers[k]->doc;
            return 1;
        }
    return 0;
}

static int schedule_item(size_t i, const char **name, const char **doc)
{
    for (size_t k = 0; ds_schedules[k]; k++)
        if (k == i) {
            *name = ds_schedules[k]->name;
            *doc = ds_schedules[k]->doc;
            return 1;
        }
    return 0;
}

static int theorem_item(size_t i, const char **name, const char **doc)
{
    for (size_t k = 0; ds_theorems[k]; k++)
        if (k == i) {
            *name = ds_theorems[k]->id;
            *doc = ds_theorems[k]->statement;
            return 1;
        }
    return 0;
}

static const ds_catalog catalogs[] = {
    {"problems", problem_item},
    {"optimizers", optimizer_item},
    {"schedules", schedule_item},
    {"theorems", theorem_item},
};

const char *const ds_catalog_names[] = {"problems", "optimizers", "schedules", "theorems"};
const size_t ds_catalog_count = sizeof catalogs / sizeof catalogs[0];

const ds_catalog *ds_catalog_find(const char *name)
{
    for (size_t i = 0; i < ds_catalog_count; i++)
        if (!strcmp(catalogs[i].name, name))
            return &catalogs[i];
    return NULL;
}
