/* descent export FILE.h5 [--match TEXT] [--cols c1,c2,...]: the trajectories
 * of a result file as whitespace-separated columns, one block per run
 * (blocks separated by two blank lines: gnuplot's `index`). The HDF5 file
 * stays the single source of truth; gnuplot reads through this. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "store.h"

static const char *const COLUMNS[] = {"iter", "f", "f_gap", "grad_norm", "lr", "grad_evals", "epochs",
                                      "dist", "x1", "x2", "x3"};
#define NCOLUMNS (sizeof COLUMNS / sizeof COLUMNS[0])

static int column_index(const char *name)
{
    for (size_t i = 0; i < NCOLUMNS; i++)
        if (!strcmp(COLUMNS[i], name))
            return (int)i;
    return -1;
}

static double column_value(const ds_trace *t, size_t k, int col)
{
    switch (col) {
    case 0: return (double)t->iter[k];
    case 1: return t->f[k];
    case 2: return t->f_gap[k];
    case 3: return t->grad_norm[k];
    case 4: return t->lr[k];
    case 5: return (double)t->grad_evals[k];
    case 6: return t->epochs[k];
    case 7: return t->dist[k];
    default: {
        size_t j = (size_t)(col - 8);
        return j < t->xdim ? t->x[k * t->xdim + j] : 0.0 / 0.0;
    }
    }
}

int ds_cmd_export(int argc, char **argv)
{
    static const struct option longs[] = {{"match", required_argument, 0, 'm'},
                                          {"cols", required_argument, 0, 'c'},
                                          {"help", no_argument, 0, 'h'},
                                          {0, 0, 0, 0}};
    const char *match = NULL, *cols = "iter,f_gap";
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
        switch (c) {
        case 'm': match = optarg; break;
        case 'c': cols = optarg; break;
        case 'h':
            printf("usage: descent export FILE.h5 [--match TEXT] [--cols c1,c2,...]\n"
                   "  columns: iter f f_gap grad_norm lr grad_evals epochs dist x1 x2 x3 (default iter,f_gap)\n"
                   "  --match TEXT keeps runs whose problem, optimizer or schedule contains TEXT\n");
            return DS_EXIT_OK;
        case ':': ds_cli_error("export: %s needs a value", argv[optind - 1]); return DS_EXIT_USAGE;
        default: ds_cli_error("export: unknown option '%s'", argv[optind - 1]); return DS_EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        ds_cli_error("export: expected one FILE.h5 (see descent export --help)");
        return DS_EXIT_USAGE;
    }
    int idx[NCOLUMNS];
    size_t ncol = 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", cols);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        int k = column_index(tok);
        if (k < 0 || ncol == NCOLUMNS) {
            ds_cli_error("export: unknown column '%s' (accepted: iter, f, f_gap, grad_norm, lr, grad_evals, epochs, dist, x1, x2, x3)", tok);
            return DS_EXIT_USAGE;
        }
        idx[ncol++] = k;
    }
    ds_result *res;
    size_t n;
    ds_err err = {0};
    if (ds_store_read(argv[optind], &res, &n, &err)) {
        ds_cli_error("%s", err.msg);
        return err.code == DS_EINVAL ? DS_EXIT_USAGE : DS_EXIT_FAIL;
    }
    int first = 1;
    for (size_t i = 0; i < n; i++) {
        const ds_result *r = &res[i];
        if (match && !strstr(r->problem, match) && !strstr(r->optimizer, match) && !strstr(r->schedule, match))
            continue;
        if (!first)
            printf("\n\n");
        first = 0;
        printf("# run %016llx problem %s optimizer %s schedule %s seed %llu status %s\n",
               (unsigned long long)r->id, r->problem, r->optimizer, r->schedule,
               (unsigned long long)r->seed, ds_status_name(r->status));
        for (size_t k = 0; k < r->trace.n; k++) {
            for (size_t j = 0; j < ncol; j++)
                printf("%s%.17g", j ? " " : "", column_value(&r->trace, k, idx[j]));
            printf("\n");
        }
    }
    ds_store_free(res, n);
    return DS_EXIT_OK;
}
