/* descent list problems|optimizers|schedules|theorems [NAME]: one name a
 * line with its one-line description; with NAME, that member's parameter
 * table. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../core/catalog.h"
#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../core/schedule.h"
#include "../theory/theorem.h"
#include "cli.h"
#include "opts.h"

/* The theorems as a catalog: their id is the name, the statement the doc. */
static const ds_catalog theorem_catalog = {
    "theorem", "theorems", (const void *const *)ds_theorems, offsetof(ds_theorem, id),
    offsetof(ds_theorem, statement), (size_t)-1, NULL};

static const ds_catalog *const catalogs[] = {&ds_problem_catalog, &ds_optimizer_catalog, &ds_schedule_catalog,
                                             &theorem_catalog};
#define NCATALOGS (sizeof catalogs / sizeof catalogs[0])

/* Print a table; entries whose name is in `shadow` (a member's own table
 * overriding a common parameter) are skipped. */
static void print_params(const ds_param *p, const char *indent, const ds_param *shadow)
{
    for (; p && p->name; p++) {
        int hidden = 0;
        for (const ds_param *s = shadow; s && s->name; s++)
            hidden |= !strcmp(s->name, p->name);
        if (hidden)
            continue;
        char range[96] = "";
        if (p->type == DS_P_REAL || p->type == DS_P_INT || p->type == DS_P_LIST) {
            char lo[32], hi[32];
            ds_fmt_double(p->lo, lo, sizeof lo);
            ds_fmt_double(p->hi, hi, sizeof hi);
            snprintf(range, sizeof range, "%c%s, %s%c", (p->flags & DS_P_LO_OPEN) ? '(' : '[', lo, hi,
                     (p->flags & DS_P_HI_OPEN) ? ')' : ']');
        } else if (p->type == DS_P_ENUM) {
            snprintf(range, sizeof range, "%s", p->choices);
        } else if (p->type == DS_P_BOOL) {
            snprintf(range, sizeof range, "0|1");
        }
        printf("%s%-14s default %-10s %-22s %s\n", indent, p->name, p->def && *p->def ? p->def : "-",
               range, p->doc);
    }
}

static int list_one(const ds_catalog *cat, const char *name)
{
    const void *m;
    ds_err err = {0};
    if (ds_catalog_lookup(cat, name, &m, &err)) {
        ds_cli_error("list %s: %s", cat->plural, err.msg);
        return DS_EXIT_USAGE;
    }
    printf("%s: %s\n", ds_catalog_name(cat, m), ds_catalog_doc(cat, m));
    const ds_param *own = ds_catalog_params(cat, m);
    print_params(own, "  ", NULL);
    if (cat == &ds_optimizer_catalog)
        printf("  options of every optimizer:\n");
    print_params(cat->common, "  ", own);
    const ds_optimizer_type *t = cat == &ds_optimizer_catalog ? m : NULL;
    if (t && t->claims) {
        printf("  claims:");
        for (const char *const *c = t->claims; *c; c++)
            printf(" %s", *c);
        printf("\n");
    }
    return DS_EXIT_OK;
}

static int list_main(int argc, char **argv);

static const ds_param list_options[] = {{NULL, 0, NULL, 0, 0, 0, NULL, NULL}};

const ds_cli_cmd ds_cli_list = {
    "list", "list problems|optimizers|schedules|theorems: the catalogs", "problems|optimizers|schedules|theorems [NAME]",
    1, 2, "Prints one name a line with its description; with NAME, its parameters (type,\n"
          "default, accepted range, meaning) and, for an optimizer, the theorems it claims.",
    list_options, "descent list optimizers adam", list_main};

static int list_main(int argc, char **argv)
{
    ds_cli_args a;
    int rc = ds_cli_parse(&ds_cli_list, argc, argv, &a);
    const char *kind = rc ? NULL : a.pos[0], *name = rc || a.npos < 2 ? NULL : a.pos[1];
    ds_cli_args_free(&a);
    if (rc)
        return rc > 0 ? DS_EXIT_OK : DS_EXIT_USAGE;
    const ds_catalog *cat = NULL;
    const char *names[NCATALOGS];
    for (size_t i = 0; i < NCATALOGS; i++) {
        names[i] = catalogs[i]->plural;
        if (!strcmp(kind, names[i]))
            cat = catalogs[i];
    }
    if (!cat) {
        char hint[128];
        ds_cli_error("list: unknown catalog '%s'%s (accepted: problems, optimizers, schedules, theorems)", kind,
                     ds_did_you_mean(kind, names, NCATALOGS, hint, sizeof hint));
        return DS_EXIT_USAGE;
    }
    if (name)
        return list_one(cat, name);
    for (size_t i = 0; ds_catalog_at(cat, i); i++)
        printf("%-20s %s\n", ds_catalog_name(cat, ds_catalog_at(cat, i)), ds_catalog_doc(cat, ds_catalog_at(cat, i)));
    return DS_EXIT_OK;
}
