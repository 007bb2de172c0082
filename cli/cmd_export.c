/* descent export FILE.h5... [--runs REF] [--match TEXT] [--cols c1,c2,...] [--last | --band]:
 * the trajectories of result files as whitespace-separated columns, one
 * block per run (blocks separated by two blank lines: gnuplot's `index`).
 * --last prints one row per run (its final record), all in one block, for
 * plots across runs (final gap against lr, iterations against kappa).
 * --band aggregates the runs of each (problem, optimizer, schedule) over
 * seeds: per value of the first column, the median and the 10% and 90%
 * quantiles of each other column, one block per group. --runs keeps the
 * runs of a suite's sections (PROBLEM or PROBLEM/OPTIMIZER), resolved
 * through the suite text the file records. The HDF5 files stay
 * the single source of truth; gnuplot reads through this. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"
#include "../harness/store.h"
#include "../report/aggregate.h"
#include "../harness/suite.h"

static const char *const COLUMNS[] = {"iter", "f",  "f_gap", "grad_norm", "lr", "grad_evals", "epochs", "dist",
                                      "x1",   "x2", "x3",    "L",         "mu", "kappa",      "R",      "f0",
                                      "seed", "f_star", "lr0"};
#define NCOLUMNS (sizeof COLUMNS / sizeof COLUMNS[0])
#define COLUMN_LIST "iter f f_gap grad_norm lr grad_evals epochs dist x1 x2 x3 L mu kappa R f0 seed f_star lr0"

enum { MODE_TRACE, MODE_LAST, MODE_BAND };

typedef struct {
    const char *match, *cols, *runs;
    int mode;
    int idx[NCOLUMNS];
    size_t ncol;
} export_opts;

typedef struct {
    ds_result *res;
    size_t n;
} result_set;

static int column_index(const char *name)
{
    for (size_t i = 0; i < NCOLUMNS; i++)
        if (!strcmp(COLUMNS[i], name))
            return (int)i;
    return -1;
}

/* Per-run constants (L, mu, ...) repeat on every row of the run. */
static double column_value(const ds_result *r, size_t k, int col)
{
    const ds_trace *t = &r->trace;
    switch (col) {
    case 0: return (double)t->iter[k];
    case 1: return t->f[k];
    case 2: return t->f_gap[k];
    case 3: return t->grad_norm[k];
    case 4: return t->lr[k];
    case 5: return (double)t->grad_evals[k];
    case 6: return t->epochs[k];
    case 7: return t->dist[k];
    case 8: case 9: case 10: {
        size_t j = (size_t)(col - 8);
        return j < t->xdim ? t->x[k * t->xdim + j] : NAN;
    }
    case 11: return r->L;
    case 12: return r->mu;
    case 13: return r->mu > 0 ? r->L / r->mu : INFINITY;
    case 14: return r->R;
    case 15: return r->f0;
    case 16: return (double)r->seed;
    case 17: return r->f_star;
    default: return t->n ? t->lr[0] : NAN;
    }
}

static int parse_cols(export_opts *o)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", o->cols);
    o->ncol = 0;
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        int k = column_index(tok);
        if (k < 0 || o->ncol == NCOLUMNS) {
            ds_cli_error("export: unknown column '%s' (accepted: " COLUMN_LIST ")", tok);
            return -1;
        }
        o->idx[o->ncol++] = k;
    }
    if (o->ncol == 0 || (o->mode == MODE_BAND && o->ncol < 2)) {
        ds_cli_error("export: --cols %s: %s", o->cols,
                     o->mode == MODE_BAND ? "--band needs an x column and at least one more" : "no column");
        return -1;
    }
    return 0;
}

static int export_main(int argc, char **argv);

static const ds_param export_options[] = {
    {"runs", DS_P_STR, NULL, 0, 0, 0, "REF",
     "keep the runs of suite sections: PROBLEM or PROBLEM/OPTIMIZER, labels of the [problem] and "
     "[optimizer] sections of the suite that wrote the file"},
    {"match", DS_P_STR, NULL, 0, 0, 0, "TEXT", "keep runs whose problem, optimizer or schedule contains TEXT"},
    {"cols", DS_P_STR, "iter,f_gap", 0, 0, 0, "c1,c2,...", "columns: " COLUMN_LIST},
    {"last", DS_P_BOOL, "0", 0, 1, 0, NULL, "one row per run (its last record), all runs in one block"},
    {"band", DS_P_BOOL, "0", 0, 1, 0, NULL,
     "per (problem, optimizer, schedule) over seeds: the first column, then median, 10% and 90% "
     "quantiles of each other column (a run that stopped early keeps its last value)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

const ds_cli_cmd ds_cli_export = {
    "export", "print trajectories of a result file as columns (for gnuplot)", "FILE.h5...", 1, -1,
    "Prints the trajectories of result files as whitespace-separated columns, one block\n"
    "per run (blocks separated by two blank lines: gnuplot's index). L mu kappa R f0 seed\n"
    "f_star are the run's constants, repeated on each row; lr0 is the rate of the first\n"
    "step (lr is NaN on the last record: no step follows). --last and --band exclude\n"
    "each other.",
    export_options, "descent export results/quick.h5 --match gd --cols iter,f_gap", export_main};

static int read_opts(const ds_cli_args *a, export_opts *o)
{
    o->match = ds_arg_str(a, "match");
    o->runs = ds_arg_str(a, "runs");
    o->cols = ds_arg_str(a, "cols");
    o->mode = MODE_TRACE;
    if (ds_arg_on(a, "last") && ds_arg_on(a, "band")) {
        ds_cli_error("export: --last and --band exclude each other");
        return -1;
    }
    o->mode = ds_arg_on(a, "last") ? MODE_LAST : ds_arg_on(a, "band") ? MODE_BAND : MODE_TRACE;
    return parse_cols(o);
}

static int keep(const ds_result *r, const char *match)
{
    return !match || strstr(r->problem, match) || strstr(r->optimizer, match) || strstr(r->schedule, match);
}

static void print_row(const ds_result *r, size_t k, const export_opts *o)
{
    for (size_t j = 0; j < o->ncol; j++)
        printf("%s%.17g", j ? " " : "", column_value(r, k, o->idx[j]));
    printf("\n");
}

static void print_traces(const result_set *s, const export_opts *o)
{
    int first = 1;
    for (size_t i = 0; i < s->n; i++) {
        const ds_result *r = &s->res[i];
        if (!keep(r, o->match) || (o->mode == MODE_LAST && r->trace.n == 0))
            continue;
        if (o->mode == MODE_LAST) {
            print_row(r, r->trace.n - 1, o);
            continue;
        }
        if (!first)
            printf("\n\n");
        first = 0;
        printf("# run %016llx problem %s optimizer %s schedule %s seed %llu status %s L %.17g mu %.17g "
               "f_star %.17g R %.17g\n",
               (unsigned long long)r->id, r->problem, r->optimizer, r->schedule, (unsigned long long)r->seed,
               ds_status_name(r->status), r->L, r->mu, r->f_star, r->R);
        for (size_t k = 0; k < r->trace.n; k++)
            print_row(r, k, o);
    }
}

static int same_group(const ds_result *a, const ds_result *b)
{
    return !strcmp(a->problem, b->problem) && !strcmp(a->optimizer, b->optimizer) &&
           !strcmp(a->schedule, b->schedule);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    if (isnan(x))
        return isnan(y) ? 0 : 1;
    if (isnan(y))
        return -1;
    return (x > y) - (x < y);
}

/* ds_quantile of sorted v[0..n), NaNs (sorted last) ignored. */
static double quantile(const double *v, size_t n, double q)
{
    while (n > 0 && isnan(v[n - 1]))
        n--;
    return ds_quantile(v, n, q);
}

/* The record of run r in force at x: the last one whose x column is <= x. */
static size_t record_at(const ds_result *r, int xcol, double x, size_t from)
{
    size_t k = from;
    while (k + 1 < r->trace.n && column_value(r, k + 1, xcol) <= x)
        k++;
    return k;
}

/* One group's band: members m[0..nm). The x values are those of its
 * longest run (the runs of one group share one recording grid). */
static void print_band(const result_set *s, const size_t *m, size_t nm, const export_opts *o, double *vals,
                       size_t *pos)
{
    const ds_result *r0 = &s->res[m[0]];
    size_t longest = m[0];
    for (size_t i = 0; i < nm; i++) {
        pos[i] = 0;
        if (s->res[m[i]].trace.n > s->res[longest].trace.n)
            longest = m[i];
    }
    printf("# band problem %s optimizer %s schedule %s runs %zu L %.17g mu %.17g f_star %.17g\n", r0->problem,
           r0->optimizer, r0->schedule, nm, r0->L, r0->mu, r0->f_star);
    const ds_result *lr = &s->res[longest];
    for (size_t k = 0; k < lr->trace.n; k++) {
        double x = column_value(lr, k, o->idx[0]);
        printf("%.17g", x);
        for (size_t i = 0; i < nm; i++)
            pos[i] = record_at(&s->res[m[i]], o->idx[0], x, pos[i]);
        for (size_t j = 1; j < o->ncol; j++) {
            for (size_t i = 0; i < nm; i++)
                vals[i] = column_value(&s->res[m[i]], pos[i], o->idx[j]);
            qsort(vals, nm, sizeof *vals, cmp_double);
            printf(" %.17g %.17g %.17g", quantile(vals, nm, 0.5), quantile(vals, nm, 0.1), quantile(vals, nm, 0.9));
        }
        printf("\n");
    }
}

static int print_bands(const result_set *s, const export_opts *o)
{
    size_t *m = malloc((s->n + 1) * sizeof *m), *pos = malloc((s->n + 1) * sizeof *pos);
    double *vals = malloc((s->n + 1) * sizeof *vals);
    char *done = calloc(s->n + 1, 1);
    if (!m || !pos || !vals || !done) {
        free(m), free(pos), free(vals), free(done);
        ds_cli_error("export: out of memory for %zu runs", s->n);
        return -1;
    }
    int first = 1;
    for (size_t i = 0; i < s->n; i++) {
        if (done[i] || !keep(&s->res[i], o->match) || s->res[i].trace.n == 0)
            continue;
        size_t nm = 0;
        for (size_t j = i; j < s->n; j++)
            if (!done[j] && s->res[j].trace.n > 0 && same_group(&s->res[i], &s->res[j])) {
                done[j] = 1;
                m[nm++] = j;
            }
        if (!first)
            printf("\n\n");
        first = 0;
        print_band(s, m, nm, o, vals, pos);
    }
    free(m), free(pos), free(vals), free(done);
    return 0;
}

/* The runs a suite reference names, looked up by id in the suite's
 * id-sorted run list. */
typedef struct {
    const ds_suite *s;
    ds_suite_ref ref;
} ref_filter;

static int cmp_id(const void *key, const void *run)
{
    uint64_t id = *(const uint64_t *)key, other = ((const ds_suite_run *)run)->id;
    return (id > other) - (id < other);
}

static int in_ref(uint64_t id, void *user)
{
    const ref_filter *f = user;
    const ds_suite_run *r = bsearch(&id, f->s->runs, f->s->nruns, sizeof *r, cmp_id);
    return r && ds_suite_ref_has(f->s, &f->ref, r);
}

/* Read the runs of path that the suite reference names (through the suite
 * the file records). Returns the exit status. */
static int read_ref(const char *path, const char *ref, ds_result **res, size_t *n)
{
    static char text[1 << 17];
    ds_err err = {0};
    if (ds_store_root_attr(path, "suite", text, sizeof text, &err)) {
        ds_cli_error("%s", err.msg);
        return err.code == DS_EINVAL ? DS_EXIT_USAGE : DS_EXIT_FAIL;
    }
    if (!text[0]) {
        ds_cli_error("export: --runs %s: %s was not written by a suite (use --match)", ref, path);
        return DS_EXIT_USAGE;
    }
    ds_suite s;
    ref_filter f = {.s = &s};
    if (ds_suite_parse(path, text, &s, &err) || ds_suite_ref_parse(&s, ref, &f.ref, &err)) {
        ds_cli_error("export: --runs %s: %s", ref, err.msg);
        ds_suite_free(&s);
        return DS_EXIT_USAGE;
    }
    int rc = ds_store_read_some(path, in_ref, &f, res, n, &err);
    ds_suite_free(&s);
    if (rc)
        ds_cli_error("%s", err.msg);
    return rc ? (err.code == DS_EINVAL ? DS_EXIT_USAGE : DS_EXIT_FAIL) : DS_EXIT_OK;
}

/* Read every file into one set; runs keep the order of the files. Returns
 * the exit status: bad input (a missing or unreadable file) is 2. */
static int read_all(char **paths, int npaths, const char *ref, result_set *s)
{
    s->res = NULL;
    s->n = 0;
    for (int f = 0; f < npaths; f++) {
        ds_result *res;
        size_t n;
        ds_err err = {0};
        if (ref) {
            int st = read_ref(paths[f], ref, &res, &n);
            if (st)
                return st;
        } else if (ds_store_read(paths[f], &res, &n, &err)) {
            ds_cli_error("%s", err.msg);
            return ds_cli_exit(err.code);
        }
        ds_result *grown = realloc(s->res, (s->n + n) * sizeof *grown);
        if (!grown) {
            ds_store_free(res, n);
            ds_cli_error("export: out of memory reading %s", paths[f]);
            return DS_EXIT_FAIL;
        }
        s->res = grown;
        memcpy(s->res + s->n, res, n * sizeof *res);
        s->n += n;
        free(res);  /* the members now belong to s */
    }
    return DS_EXIT_OK;
}

static int export_main(int argc, char **argv)
{
    ds_cli_args a;
    export_opts o;
    int rc = ds_cli_parse(&ds_cli_export, argc, argv, &a);
    if (!rc && read_opts(&a, &o))
        rc = -1;
    char **paths = a.pos;
    int npaths = a.npos;
    ds_cli_args_free(&a);
    if (rc)
        return rc > 0 ? DS_EXIT_OK : DS_EXIT_USAGE;
    result_set s;
    int status = read_all(paths, npaths, o.runs, &s);  /* s holds what was read */
    size_t kept = 0;
    for (size_t i = 0; status == DS_EXIT_OK && i < s.n; i++)
        kept += keep(&s.res[i], o.match);
    if (status == DS_EXIT_OK && o.match && !kept) {  /* an empty export is a typo, not a result */
        ds_cli_error("export: --match '%s' matches none of the %zu runs", o.match, s.n);
        status = DS_EXIT_FAIL;
    }
    if (status == DS_EXIT_OK && o.mode == MODE_BAND)
        status = print_bands(&s, &o) ? DS_EXIT_FAIL : DS_EXIT_OK;
    else if (status == DS_EXIT_OK)
        print_traces(&s, &o);
    if (s.res)
        ds_store_free(s.res, s.n);
    return status;
}
