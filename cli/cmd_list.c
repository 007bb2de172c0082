/* descent list problems|optimizers|schedules [NAME]: one name a line with
 * its one-line description; with NAME, that member's parameter table. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../core/schedule.h"
#include "catalog.h"
#include "cli.h"

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

static int list_one(const char *kind, const char *name)
{
    if (!strcmp(kind, "problems")) {
        const ds_problem_type *t = ds_problem_find(name);
        if (t) {
            printf("%s: %s\n", t->name, t->doc);
            print_params(t->params, "  ", NULL);
            print_params(ds_problem_common_params, "  ", t->params);
            return DS_EXIT_OK;
        }
    } else if (!strcmp(kind, "optimizers")) {
        const ds_optimizer_type *t = ds_optimizer_find(name);
        if (t) {
            printf("%s: %s\n", t->name, t->doc);
            print_params(t->params, "  ", NULL);
            printf("  options of every optimizer:\n");
            print_params(ds_optimizer_common_params, "  ", t->params);
            if (t->claims) {
                printf("  claims:");
                for (const char *const *c = t->claims; *c; c++)
                    printf(" %s", *c);
                printf("\n");
            }
            return DS_EXIT_OK;
        }
    } else if (!strcmp(kind, "schedules")) {
        const ds_schedule_type *t = ds_schedule_find(name);
        if (t) {
            printf("%s: %s\n", t->name, t->doc);
            print_params(t->params, "  ", NULL);
            return DS_EXIT_OK;
        }
    }
    ds_cli_error("list %s: no member named '%s'", kind, name);
    return DS_EXIT_USAGE;
}

int ds_cmd_list(int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: descent list problems|optimizers|schedules|theorems [NAME]\n"
               "  Prints one name a line with its description; with NAME, its parameters.\n");
        return DS_EXIT_OK;
    }
    if (argc < 2 || argc > 3) {
        ds_cli_error("list: expected one of problems, optimizers, schedules, theorems");
        return DS_EXIT_USAGE;
    }
    const char *kind = argv[1];
    const ds_catalog *cat = ds_catalog_find(kind);
    if (!cat) {
        char hint[128];
        ds_cli_error("list: unknown catalog '%s'%s (accepted: %s)", kind,
                     ds_did_you_mean(kind, ds_catalog_names, ds_catalog_count, hint, sizeof hint),
                     "problems, optimizers, schedules, theorems");
        return DS_EXIT_USAGE;
    }
    if (argc == 3)
        return list_one(kind, argv[2]);
    for (size_t i = 0;; i++) {
        const char *name, *doc;
        if (!cat->item(i, &name, &doc))
            break;
        printf("%-20s %s\n", name, doc);
    }
    return DS_EXIT_OK;
}
