/* Tables and gnuplot data of a suite's results (tables.h). What each
 * table holds is described in results/README.md. */
#include "tables.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/expr.h"
#include "../core/optimizer.h"
#include "../core/dmath.h"
#include "aggregate.h"
#include "../harness/suite.h"

/* ---- the table type ---------------------------------------------------- */

int ds_table_init(ds_table *t, const char *name, const char *title, size_t ncol, const char *const *header)
{
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "%s", name);
    snprintf(t->title, sizeof t->title, "%s", title);
    t->ncol = ncol;
    return ds_table_row(t, header);
}

int ds_table_row_kinds(ds_table *t, const char *const *cells, const unsigned char *kinds)
{
    if (t->nrow == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        char **c = realloc(t->cell, cap * t->ncol * sizeof *c);
        if (!c)
            return -1;
        t->cell = c;
        unsigned char *k = realloc(t->kind, cap * t->ncol);
        if (!k)
            return -1;
        t->kind = k;
        t->cap = cap;
    }
    for (size_t j = 0; j < t->ncol; j++) {
        t->kind[t->nrow * t->ncol + j] = kinds ? kinds[j] : DS_CELL_TEXT;
        if (!(t->cell[t->nrow * t->ncol + j] = strdup(cells[j] ? cells[j] : "")))
            return -1;
    }
    t->nrow++;
    return 0;
}

int ds_table_row(ds_table *t, const char *const *cells)
{
    return ds_table_row_kinds(t, cells, NULL);
}

void ds_table_free(ds_table *t)
{
    for (size_t i = 0; i < t->nrow * t->ncol; i++)
        free(t->cell[i]);
    free(t->cell);
    free(t->kind);
    memset(t, 0, sizeof *t);
}

static const char *cell(const ds_table *t, size_t i, size_t j)
{
    return t->cell[i * t->ncol + j];
}

static ds_cell_kind kind_of(const ds_table *t, size_t i, size_t j)
{
    return (ds_cell_kind)t->kind[i * t->ncol + j];
}

/* A column is numeric when every body cell is a number or a count. */
static int numeric_column(const ds_table *t, size_t j)
{
    if (t->nrow < 2)
        return 0;
    for (size_t i = 1; i < t->nrow; i++)
        if (kind_of(t, i, j) == DS_CELL_TEXT)
            return 0;
    return 1;
}

/* A real cell as people read it: 3 significant digits, nan and inf spelled
 * out. The cell itself keeps every digit (CSV). */
static void short_real(const char *c, char *buf, size_t size)
{
    double v = strtod(c, NULL);
    if (isnan(v))
        snprintf(buf, size, "nan");
    else if (isinf(v))
        snprintf(buf, size, v > 0 ? "inf" : "-inf");
    else
        snprintf(buf, size, "%.3g", v);
}

void ds_table_markdown(const ds_table *t, FILE *out)
{
    fprintf(out, "%s\n\n", t->title);
    for (size_t i = 0; i < t->nrow; i++) {
        for (size_t j = 0; j < t->ncol; j++) {
            char num[48];
            const char *c = cell(t, i, j);
            if (i > 0 && kind_of(t, i, j) == DS_CELL_REAL)
                short_real(c, num, sizeof num), c = num;
            fputs("| ", out);
            for (; *c; c++)
                fputs(*c == '|' ? "\\|" : (char[]){*c, 0}, out);
            fputc(' ', out);
        }
        fputs("|\n", out);
        if (i == 0) {
            for (size_t j = 0; j < t->ncol; j++)
                fputs(numeric_column(t, j) ? "|---:" : "|:---", out);
            fputs("|\n", out);
        }
    }
}

void ds_table_csv(const ds_table *t, FILE *out)
{
    for (size_t i = 0; i < t->nrow; i++)
        for (size_t j = 0; j < t->ncol; j++) {
            const char *c = cell(t, i, j);
            if (strpbrk(c, ",\"\n")) {
                fputc('"', out);
                for (; *c; c++)
                    fputs(*c == '"' ? "\"\"" : (char[]){*c, 0}, out);
                fputc('"', out);
            } else {
                fputs(c, out);
            }
            fputc(j + 1 < t->ncol ? ',' : '\n', out);
        }
}

static void latex_escape(const char *s, FILE *out)
{
    for (; *s; s++)
        switch (*s) {
        case '_': case '%': case '&': case '#': case '$': case '{': case '}':
            fprintf(out, "\\%c", *s);
            break;
        case '^': fputs("\\^{}", out); break;
        case '~': fputs("\\~{}", out); break;
        case '\\': fputs("\\textbackslash{}", out); break;
        default: fputc(*s, out);
        }
}

/* A real as a LaTeX number: $1.4\times 10^{-8}$, $0.199$; nan as a dash. */
static void latex_real(const char *c, FILE *out)
{
    double v = strtod(c, NULL);
    if (isnan(v)) {
        fputs("--", out);
        return;
    }
    if (isinf(v)) {
        fputs(v > 0 ? "$\\infty$" : "$-\\infty$", out);
        return;
    }
    char buf[48];
    snprintf(buf, sizeof buf, "%.3g", v);
    char *e = strchr(buf, 'e');
    if (!e) {
        fprintf(out, "$%s$", buf);
        return;
    }
    *e = 0;
    int ex = atoi(e + 1);
    if (!strcmp(buf, "1"))
        fprintf(out, "$10^{%d}$", ex);
    else if (!strcmp(buf, "-1"))
        fprintf(out, "$-10^{%d}$", ex);
    else
        fprintf(out, "$%s\\times 10^{%d}$", buf, ex);
}

/* booktabs rules; numeric columns right-aligned. */
void ds_table_latex(const ds_table *t, FILE *out)
{
    fputs("% ", out);
    fputs(t->title, out);
    fputs("\n% needs \\usepackage{booktabs}\n\\begin{tabular}{", out);
    for (size_t j = 0; j < t->ncol; j++)
        fputc(numeric_column(t, j) ? 'r' : 'l', out);
    fputs("}\n\\toprule\n", out);
    for (size_t i = 0; i < t->nrow; i++) {
        for (size_t j = 0; j < t->ncol; j++) {
            if (j)
                fputs(" & ", out);
            if (i > 0 && kind_of(t, i, j) == DS_CELL_REAL)
                latex_real(cell(t, i, j), out);
            else
                latex_escape(cell(t, i, j), out);
        }
        fputs(i == 0 ? " \\\\\n\\midrule\n" : " \\\\\n", out);
    }
    fputs("\\bottomrule\n\\end{tabular}\n", out);
}

int ds_mkdir_p(const char *dir, ds_err *err)
{
    char buf[2048];
    if (snprintf(buf, sizeof buf, "%s", dir) >= (int)sizeof buf)
        return ds_fail(err, DS_EINVAL, "directory name too long: '%.60s...'", dir);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0777) && errno != EEXIST)
                return ds_fail(err, DS_EIO, "cannot create directory '%s': %s", buf, strerror(errno));
            *p = '/';
        }
    if (mkdir(buf, 0777) && errno != EEXIST)
        return ds_fail(err, DS_EIO, "cannot create directory '%s': %s", dir, strerror(errno));
    return DS_OK;
}

/* Close a file written to tmp and rename it to path; on any failure the
 * temporary goes and path is left as it was. */
static int commit_file(FILE *f, const char *tmp, const char *path, ds_err *err)
{
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path)) {
        remove(tmp);
        return ds_fail(err, DS_EIO, "writing '%s' failed", path);
    }
    return DS_OK;
}

/* Write through a temporary file renamed into place, like the store. */
static int write_file(const char *path, void (*fn)(const ds_table *, FILE *), const ds_table *t, ds_err *err)
{
    char tmp[2100];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return ds_fail(err, DS_EIO, "cannot write '%s': %s", tmp, strerror(errno));
    fn(t, f);
    return commit_file(f, tmp, path, err);
}

int ds_table_write(const ds_table *t, const char *dir, const char *suite, ds_err *err)
{
    if (ds_mkdir_p(dir, err))
        return err->code;
    static const char *const ext[] = {"md", "csv", "tex"};
    void (*fn[])(const ds_table *, FILE *) = {ds_table_markdown, ds_table_csv, ds_table_latex};
    for (int k = 0; k < 3; k++) {
        char path[2048];
        snprintf(path, sizeof path, "%s/%s_%s.%s", dir, suite, t->name, ext[k]);
        int rc = write_file(path, fn[k], t, err);
        if (rc)
            return rc;
    }
    return DS_OK;
}

/* ---- numbers in cells -------------------------------------------------- */

typedef struct {
    char s[16][48];
    const char *p[16];
    unsigned char kind[16];
    size_t n;
} row_buf;

static void row_reset(row_buf *r)
{
    r->n = 0;
}

static void put_kind(row_buf *r, ds_cell_kind kind, const char *fmt, va_list ap)
{
    vsnprintf(r->s[r->n], sizeof r->s[r->n], fmt, ap);
    r->p[r->n] = r->s[r->n];
    r->kind[r->n] = (unsigned char)kind;
    r->n++;
}

/* A count: an integer, or "successes/runs". */
static void put_count(row_buf *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put_count(row_buf *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    put_kind(r, DS_CELL_COUNT, fmt, ap);
    va_end(ap);
}

/* A real number at full precision (CSV keeps every digit). */
static void put_num(row_buf *r, double v)
{
    if (isnan(v))
        put_count(r, "nan");
    else if (isinf(v))
        put_count(r, v > 0 ? "inf" : "-inf");
    else
        put_count(r, "%.17g", v);
    r->kind[r->n - 1] = DS_CELL_REAL;
}

/* A median of counts: an integer, or a half-integer between two. */
static void put_median_count(row_buf *r, double v)
{
    if (!isfinite(v))
        put_num(r, v);
    else if (v == floor(v))
        put_count(r, "%.0f", v);
    else
        put_count(r, "%.1f", v);
}

/* Append a row: nlead text cells, then the cells of r. */
static int row_with(ds_table *t, const char *const *lead, size_t nlead, const row_buf *r)
{
    const char *cells[32];
    unsigned char kinds[32];
    if (nlead + r->n > 32 || nlead + r->n != t->ncol)
        return -1;
    for (size_t k = 0; k < nlead; k++)
        cells[k] = lead[k], kinds[k] = DS_CELL_TEXT;
    for (size_t k = 0; k < r->n; k++)
        cells[nlead + k] = r->p[k], kinds[nlead + k] = r->kind[k];
    return ds_table_row_kinds(t, cells, kinds);
}

/* ---- which runs count -------------------------------------------------- */

static int counted(const ds_result *r)
{
    return r->status != DS_ST_INTERRUPTED && r->status != DS_ST_RUNNING;
}

typedef struct {
    ds_result *res;  /* shallow copies of the counted runs */
    size_t n;
    ds_group *g;
    size_t ng;
} view;

static int view_init(view *v, const ds_result *res, size_t n)
{
    memset(v, 0, sizeof *v);
    v->res = malloc((n ? n : 1) * sizeof *v->res);
    if (!v->res)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (counted(&res[i]))
            v->res[v->n++] = res[i];
    return ds_group_results(v->res, v->n, &v->g, &v->ng);
}

static void view_free(view *v)
{
    ds_groups_free(v->g, v->ng);
    free(v->res);
}

static size_t count_status(const view *v, const ds_group *g, ds_status st)
{
    size_t k = 0;
    for (size_t j = 0; j < g->n; j++)
        k += v->res[g->idx[j]].status == st;
    return k;
}

/* Median of one per-run quantity over a group. */
static double group_median(const view *v, const ds_group *g, double (*fn)(const ds_result *))
{
    double *x = malloc(g->n * sizeof *x);
    if (!x)
        return NAN;
    for (size_t j = 0; j < g->n; j++)
        x[j] = fn(&v->res[g->idx[j]]);
    ds_sort_worst_last(x, g->n);
    double m = ds_quantile(x, g->n, 0.5);
    free(x);
    return m;
}

static double r_iters(const ds_result *r) { return (double)r->iters; }
static double r_epochs(const ds_result *r) { return r->epochs; }
static double r_seconds(const ds_result *r) { return r->seconds; }

/* ---- per configuration ------------------------------------------------- */

static int table_summary(const view *v, ds_table *t)
{
    static const char *const h[] = {"problem", "optimizer", "schedule", "runs", "gap median", "gap q10",
                                    "gap q90", "rel gap median", "iters median", "epochs median", "diverged"};
    if (ds_table_init(t, "summary", "Final f - f* over seeds per configuration (quantiles over seeds)", 11, h))
        return -1;
    for (size_t i = 0; i < v->ng; i++) {
        const ds_group *g = &v->g[i];
        double *x = malloc(g->n * sizeof *x);
        if (!x)
            return -1;
        for (size_t j = 0; j < g->n; j++)
            x[j] = v->res[g->idx[j]].gap_final;
        ds_sort_worst_last(x, g->n);
        row_buf r;
        row_reset(&r);
        const char *lead[3] = {g->problem, g->optimizer, g->schedule};
        put_count(&r, "%zu", g->n);
        put_num(&r, ds_quantile(x, g->n, 0.5));
        put_num(&r, ds_quantile(x, g->n, 0.1));
        put_num(&r, ds_quantile(x, g->n, 0.9));
        put_num(&r, group_median(v, g, ds_final_rel_gap));
        put_median_count(&r, group_median(v, g, r_iters));
        put_num(&r, group_median(v, g, r_epochs));
        put_count(&r, "%zu", count_status(v, g, DS_ST_DIVERGED));
        free(x);
        if (row_with(t, lead, 3, &r))
            return -1;
    }
    return 0;
}

/* Wall-clock time is the one number that differs between machines and
 * between runs: it has its own table, so the others stay reproducible. */
static int table_timing(const view *v, ds_table *t)
{
    static const char *const h[] = {"problem", "optimizer", "schedule", "runs", "seconds median",
                                    "microseconds per iteration"};
    if (ds_table_init(t, "timing", "Time in the run loop (recording and writing excluded), median over seeds", 6, h))
        return -1;
    for (size_t i = 0; i < v->ng; i++) {
        const ds_group *g = &v->g[i];
        double secs = 0, iters = 0;
        for (size_t j = 0; j < g->n; j++)
            secs += v->res[g->idx[j]].seconds, iters += (double)v->res[g->idx[j]].iters;
        row_buf r;
        row_reset(&r);
        put_count(&r, "%zu", g->n);
        put_num(&r, group_median(v, g, r_seconds));
        put_num(&r, iters > 0 ? 1e6 * secs / iters : NAN);
        const char *lead[3] = {g->problem, g->optimizer, g->schedule};
        if (row_with(t, lead, 3, &r))
            return -1;
    }
    return 0;
}

static int table_targets(const view *v, ds_table *t, int ert)
{
    const char *h[3 + 3 * DS_NTARGETS] = {"problem", "optimizer", "schedule"};
    char names[3 * DS_NTARGETS][48];
    size_t nc = 3;
    for (int k = 0; k < DS_NTARGETS; k++) {
        const char *cols[3] = {"success", "iters", "epochs"};
        const char *ecols[2] = {"ERT iters", "ERT epochs"};
        for (int c = 0; c < (ert ? 2 : 3); c++) {
            snprintf(names[nc - 3], sizeof names[0], "%s %.0e", ert ? ecols[c] : cols[c], ds_targets[k]);
            h[nc] = names[nc - 3];
            nc++;
        }
    }
    if (ds_table_init(t, ert ? "ert" : "targets",
                      ert ? "Expected running time to (f - f*)/(f0 - f*) <= eps: cost of all runs / successes"
                          : "Iterations and epochs to (f - f*)/(f0 - f*) <= eps: successes/runs and medians over successful runs",
                      nc, h))
        return -1;
    for (size_t i = 0; i < v->ng; i++) {
        const ds_group *g = &v->g[i];
        row_buf r;
        row_reset(&r);
        for (int k = 0; k < DS_NTARGETS; k++) {
            ds_target_stats st;
            ds_target_stats_of(v->res, g->idx, g->n, ds_targets[k], &st);
            if (ert) {
                put_num(&r, st.ert_iters);
                put_num(&r, st.ert_epochs);
            } else {
                put_count(&r, "%zu/%zu", st.success, st.runs);
                put_median_count(&r, st.med_iters);
                put_num(&r, st.med_epochs);
            }
        }
        const char *lead[3] = {g->problem, g->optimizer, g->schedule};
        if (row_with(t, lead, 3, &r))
            return -1;
    }
    return 0;
}

/* ---- across problems --------------------------------------------------- */

/* Solvers are (optimizer configuration, schedule) pairs; problems are
 * those with a known f*. cost[p][s] is the ERT in epochs to 1e-6 (inf when
 * never reached, NaN when s did not run on p). */
typedef struct {
    size_t np, ns;
    const char **prob, **opt, **sched;
    double *cost, *final;  /* np x ns */
} matrix;

static size_t find_or_add(const char **a, const char **b, size_t *n, const char *x, const char *y)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(a[i], x) && (!b || !strcmp(b[i], y)))
            return i;
    a[*n] = x;
    if (b)
        b[*n] = y;
    return (*n)++;
}

static int matrix_of(const view *v, matrix *m)
{
    memset(m, 0, sizeof *m);
    size_t ng = v->ng ? v->ng : 1;
    m->prob = calloc(ng, sizeof *m->prob);
    m->opt = calloc(ng, sizeof *m->opt);
    m->sched = calloc(ng, sizeof *m->sched);
    if (!m->prob || !m->opt || !m->sched)
        return -1;
    for (size_t i = 0; i < v->ng; i++) {
        if (isnan(v->res[v->g[i].idx[0]].f_star))
            continue;
        find_or_add(m->prob, NULL, &m->np, v->g[i].problem, NULL);
        find_or_add(m->opt, m->sched, &m->ns, v->g[i].optimizer, v->g[i].schedule);
    }
    m->cost = malloc((m->np * m->ns + 1) * sizeof *m->cost);
    m->final = malloc((m->np * m->ns + 1) * sizeof *m->final);
    if (!m->cost || !m->final)
        return -1;
    for (size_t k = 0; k < m->np * m->ns; k++)
        m->cost[k] = m->final[k] = NAN;
    for (size_t i = 0; i < v->ng; i++) {
        const ds_group *g = &v->g[i];
        if (isnan(v->res[g->idx[0]].f_star))
            continue;
        size_t p = find_or_add(m->prob, NULL, &m->np, g->problem, NULL);
        size_t s = find_or_add(m->opt, m->sched, &m->ns, g->optimizer, g->schedule);
        ds_target_stats st;
        ds_target_stats_of(v->res, g->idx, g->n, 1e-6, &st);
        m->cost[p * m->ns + s] = st.ert_epochs;
        m->final[p * m->ns + s] = group_median(v, g, ds_final_rel_gap);
    }
    return 0;
}

static void matrix_free(matrix *m)
{
    free(m->prob), free(m->opt), free(m->sched), free(m->cost), free(m->final);
}

static void solver_name(const matrix *m, size_t s, char *buf, size_t size)
{
    if (!strcmp(m->sched[s], "constant"))
        snprintf(buf, size, "%s", m->opt[s]);
    else
        snprintf(buf, size, "%s + %s", m->opt[s], m->sched[s]);
}

static int table_ranks(const view *v, ds_table *t)
{
    static const char *const h[] = {"solver", "mean rank", "problems", "solved 1e-6", "wins"};
    matrix m;
    if (matrix_of(v, &m) || ds_table_init(t, "ranks",
                                          "Mean rank across problems: by ERT (epochs) to 1e-6, then by median final relative gap",
                                          5, h)) {
        matrix_free(&m);
        return -1;
    }
    /* solved runs rank by log ERT, unsolved ones after them by final gap */
    double *score = malloc((m.np * m.ns + 1) * sizeof *score), *avg = malloc((m.ns + 1) * sizeof *avg);
    size_t *order = malloc((m.ns + 1) * sizeof *order);
    int rc = !score || !avg || !order;
    for (size_t k = 0; !rc && k < m.np * m.ns; k++) {
        double c = m.cost[k], f = m.final[k];
        score[k] = isnan(c) ? NAN : isfinite(c) ? ds_log10(c > 1e-300 ? c : 1e-300)
                                                : 1000.0 + (f > 0 ? ds_log10(f) : isnan(f) ? INFINITY : -400.0);
        if (isnan(score[k]) && !isnan(c))
            score[k] = INFINITY;
    }
    if (!rc) {
        ds_ranks(score, m.np, m.ns, avg);
        for (size_t s = 0; s < m.ns; s++)
            order[s] = s;
        for (size_t a = 1; a < m.ns; a++)  /* insertion sort by mean rank */
            for (size_t b = a; b > 0 && avg[order[b]] < avg[order[b - 1]]; b--) {
                size_t tmp = order[b];
                order[b] = order[b - 1];
                order[b - 1] = tmp;
            }
    }
    for (size_t o = 0; !rc && o < m.ns; o++) {
        size_t s = order[o], runs = 0, solved = 0, wins = 0;
        for (size_t p = 0; p < m.np; p++) {
            double me = score[p * m.ns + s];
            if (isnan(me))
                continue;
            runs++;
            solved += isfinite(m.cost[p * m.ns + s]);
            int best = 1;
            for (size_t q = 0; q < m.ns; q++)
                best &= !(score[p * m.ns + q] < me);
            wins += best;
        }
        char name[2 * DS_CANON_MAX];
        solver_name(&m, s, name, sizeof name);
        row_buf r;
        row_reset(&r);
        put_num(&r, avg[s]);
        put_count(&r, "%zu", runs);
        put_count(&r, "%zu", solved);
        put_count(&r, "%zu", wins);
        const char *lead[1] = {name};
        rc = row_with(t, lead, 1, &r);
    }
    free(score), free(avg), free(order);
    matrix_free(&m);
    return rc ? -1 : 0;
}

static const double profile_tau[] = {1, 1.25, 1.5, 2, 3, 5, 10, 100};
#define NTAU (sizeof profile_tau / sizeof profile_tau[0])

static int table_profile(const view *v, ds_table *t)
{
    const char *h[1 + NTAU] = {"solver"};
    char names[NTAU][32];
    for (size_t k = 0; k < NTAU; k++) {
        snprintf(names[k], sizeof names[k], "rho(%g)", profile_tau[k]);
        h[1 + k] = names[k];
    }
    matrix m;
    if (matrix_of(v, &m) ||
        ds_table_init(t, "profile",
                      "Dolan-More performance profile: fraction of problems solved to 1e-6 within tau times the best ERT (epochs)",
                      1 + NTAU, h)) {
        matrix_free(&m);
        return -1;
    }
    for (size_t k = 0; k < m.np * m.ns; k++)
        if (isnan(m.cost[k]))
            m.cost[k] = INFINITY;  /* not run counts as not solved */
    double *rho = malloc((m.ns * NTAU + 1) * sizeof *rho);
    int rc = !rho;
    if (!rc)
        ds_profile(m.cost, m.np, m.ns, profile_tau, NTAU, rho);
    for (size_t s = 0; !rc && s < m.ns; s++) {
        char name[2 * DS_CANON_MAX];
        solver_name(&m, s, name, sizeof name);
        row_buf r;
        row_reset(&r);
        const char *lead[1] = {name};
        for (size_t k = 0; k < NTAU; k++)
            put_num(&r, rho[s * NTAU + k]);
        rc = row_with(t, lead, 1, &r);
    }
    free(rho);
    matrix_free(&m);
    return rc ? -1 : 0;
}

/* ---- sweeps: lr and kappa ---------------------------------------------- */

/* A canonical spec without one key: "adam:beta1=0.8,lr=0.1" less lr is
 * "adam:beta1=0.8"; the value goes to val ("" when absent). */
static void spec_without(const char *canon, const char *key, char *rest, size_t size, char *val, size_t vsize)
{
    const char *colon = strchr(canon, ':');
    size_t klen = strlen(key);
    val[0] = '\0';
    if (!colon) {
        snprintf(rest, size, "%s", canon);
        return;
    }
    size_t off = (size_t)snprintf(rest, size, "%.*s", (int)(colon - canon), canon);
    int first = 1;
    for (const char *p = colon + 1; *p;) {
        size_t len = strcspn(p, ",");
        if (len > klen && !strncmp(p, key, klen) && p[klen] == '=')
            snprintf(val, vsize, "%.*s", (int)(len - klen - 1), p + klen + 1);
        else if (off < size)
            off += (size_t)snprintf(rest + off, size - off, "%c%.*s", first ? ':' : ',', (int)len, p), first = 0;
        p += len + (p[len] == ',');
    }
}

typedef struct {
    char family[DS_CANON_MAX];  /* the spec less the swept key */
    const ds_group *g;
    double x;                   /* the swept value */
} sweep_item;

static int cmp_sweep(const void *a, const void *b)
{
    const sweep_item *x = a, *y = b;
    int c = strcmp(x->g->problem, y->g->problem);
    if (!c)
        c = strcmp(x->family, y->family);
    if (!c)
        c = strcmp(x->g->schedule, y->g->schedule);
    if (!c)
        c = (x->x > y->x) - (x->x < y->x);
    return c;
}

/* The base lr of a run: its spec's lr (or the optimizer's default),
 * evaluated in the problem's constants as the runner did. The first
 * recorded rate would do only for schedules without warm-up. */
static double base_lr(const ds_result *r, const char *text)
{
    char buf[DS_TEXT_MAX];
    snprintf(buf, sizeof buf, "%s", text);
    if (!buf[0]) {
        char name[DS_NAME_MAX];
        snprintf(name, sizeof name, "%.*s", (int)strcspn(r->optimizer, ":"), r->optimizer);
        const ds_optimizer_type *ot = ds_optimizer_find(name);
        for (const ds_param *p = ot ? ot->params : NULL; p && p->name; p++)
            if (!strcmp(p->name, "lr"))
                snprintf(buf, sizeof buf, "%s", p->def);
    }
    ds_expr_vars vars = {.L = r->L, .mu = r->mu, .kappa = r->mu > 0 ? r->L / r->mu : INFINITY,
                         .dim = (double)r->dim, .n = (double)r->n, .R = r->R, .T = (double)r->iters};
    double lr;
    ds_err err = {0};
    if (!buf[0] || ds_expr_eval(buf, &vars, &lr, &err))
        return r->trace.n ? r->trace.lr[0] : NAN;
    return lr;
}

static int table_lr(const view *v, ds_table *t)
{
    static const char *const h[] = {"problem", "optimizer", "schedule", "lr", "rel gap median", "rel gap q25",
                                    "rel gap q75", "diverged"};
    if (ds_table_init(t, "lr", "Learning-rate sensitivity: final (f - f*)/(f0 - f*) against lr, per optimizer", 8, h))
        return -1;
    sweep_item *it = malloc((v->ng + 1) * sizeof *it);
    if (!it)
        return -1;
    for (size_t i = 0; i < v->ng; i++) {
        char val[DS_TEXT_MAX];
        spec_without(v->g[i].optimizer, "lr", it[i].family, sizeof it[i].family, val, sizeof val);
        it[i].g = &v->g[i];
        it[i].x = base_lr(&v->res[v->g[i].idx[0]], val);
    }
    qsort(it, v->ng, sizeof *it, cmp_sweep);
    int rc = 0;
    for (size_t a = 0, b; !rc && a < v->ng; a = b) {
        for (b = a + 1; b < v->ng && !strcmp(it[b].family, it[a].family) &&
                        !strcmp(it[b].g->problem, it[a].g->problem) && !strcmp(it[b].g->schedule, it[a].g->schedule);
             b++)
            ;
        if (b - a < 2)
            continue;  /* no sweep */
        for (size_t k = a; !rc && k < b; k++) {
            const ds_group *g = it[k].g;
            double *x = malloc(g->n * sizeof *x);
            if (!x)
                return free(it), -1;
            for (size_t j = 0; j < g->n; j++)
                x[j] = ds_final_rel_gap(&v->res[g->idx[j]]);
            ds_sort_worst_last(x, g->n);
            row_buf r;
            row_reset(&r);
            put_num(&r, it[k].x);
            put_num(&r, ds_quantile(x, g->n, 0.5));
            put_num(&r, ds_quantile(x, g->n, 0.25));
            put_num(&r, ds_quantile(x, g->n, 0.75));
            put_count(&r, "%zu/%zu", count_status(v, g, DS_ST_DIVERGED), g->n);
            free(x);
            const char *lead[3] = {g->problem, it[k].family, g->schedule};
            rc = row_with(t, lead, 3, &r);
        }
    }
    free(it);
    return rc;
}

static int cmp_family(const void *a, const void *b)
{
    const sweep_item *x = a, *y = b;
    int c = strcmp(x->family, y->family);
    if (!c)
        c = strcmp(x->g->schedule, y->g->schedule);
    if (!c)
        c = (x->x > y->x) - (x->x < y->x);
    return c;
}

/* Condition-number scaling: groups whose problems differ only in kappa. */
static int table_kappa(const view *v, ds_table *t, ds_table *fit)
{
    static const char *const h[] = {"problem family", "optimizer", "schedule", "kappa", "iters to 1e-6 median",
                                    "success"};
    static const char *const hf[] = {"problem family", "optimizer", "schedule", "exponent", "points"};
    if (ds_table_init(t, "kappa", "Iterations to (f - f*)/(f0 - f*) <= 1e-6 against the condition number kappa = L/mu",
                      6, h) ||
        ds_table_init(fit, "kappa_fit",
                      "Fitted exponent a of iterations ~ kappa^a (least squares on log-log; GD ~ 1, accelerated ~ 0.5)",
                      5, hf))
        return -1;
    sweep_item *it = malloc((v->ng + 1) * sizeof *it);
    if (!it)
        return -1;
    for (size_t i = 0; i < v->ng; i++) {
        char val[DS_TEXT_MAX], fam[DS_CANON_MAX];
        spec_without(v->g[i].problem, "kappa", fam, sizeof fam, val, sizeof val);
        /* family = problem less kappa, then the optimizer: sorted together */
        snprintf(it[i].family, sizeof it[i].family, "%s\t%s", fam, v->g[i].optimizer);
        it[i].g = &v->g[i];
        const ds_result *r = &v->res[v->g[i].idx[0]];
        it[i].x = r->mu > 0 ? r->L / r->mu : NAN;
    }
    qsort(it, v->ng, sizeof *it, cmp_family);  /* the problem's name does not matter here */
    int rc = 0;
    for (size_t a = 0, b; !rc && a < v->ng; a = b) {
        for (b = a + 1; b < v->ng && !strcmp(it[b].family, it[a].family) && !strcmp(it[b].g->schedule, it[a].g->schedule);
             b++)
            ;
        if (b - a < 3 || isnan(it[a].x))
            continue;  /* a scaling needs three condition numbers */
        double xs[64], ys[64];
        size_t np = 0;
        char fam[DS_CANON_MAX];
        snprintf(fam, sizeof fam, "%s", it[a].family);
        char *tab = strchr(fam, '\t');
        *tab = '\0';
        for (size_t k = a; !rc && k < b; k++) {
            ds_target_stats st;
            ds_target_stats_of(v->res, it[k].g->idx, it[k].g->n, 1e-6, &st);
            if (np < 64 && 2 * st.success >= st.runs)
                xs[np] = it[k].x, ys[np++] = st.med_iters;
            row_buf r;
            row_reset(&r);
            put_num(&r, it[k].x);
            put_median_count(&r, st.med_iters);
            put_count(&r, "%zu/%zu", st.success, st.runs);
            const char *lead[3] = {fam, tab + 1, it[k].g->schedule};
            rc = row_with(t, lead, 3, &r);
        }
        double slope, icpt;
        size_t used = ds_fit_loglog(xs, ys, np, &slope, &icpt);
        row_buf r;
        row_reset(&r);
        put_num(&r, slope);
        put_count(&r, "%zu", used);
        const char *lead[3] = {fam, tab + 1, it[a].g->schedule};
        rc = rc || row_with(fit, lead, 3, &r);
    }
    free(it);
    return rc;
}

/* ---- gnuplot data ------------------------------------------------------ */

static int write_bands(const view *v, const char *path, int axis, ds_err *err)
{
    char tmp[2100];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return ds_fail(err, DS_EIO, "cannot write '%s': %s", tmp, strerror(errno));
    fprintf(f, "# median and quantile bands of f - f* over seeds, one block per configuration\n"
               "# columns: %s q10 q25 median q75 q90\n",
            axis == DS_AXIS_ITER ? "iter" : "epochs");
    for (size_t i = 0; i < v->ng; i++) {
        const ds_group *g = &v->g[i];
        ds_band b;
        if (ds_band_of(v->res, g->idx, g->n, axis, &b))
            break;
        fprintf(f, "%s# problem %s optimizer %s schedule %s runs %zu\n", i ? "\n\n" : "", g->problem, g->optimizer,
                g->schedule, g->n);
        for (size_t k = 0; k < b.n; k++)
            fprintf(f, "%.6g %.6g %.6g %.6g %.6g %.6g\n", b.x[k], b.q10[k], b.q25[k], b.med[k], b.q75[k], b.q90[k]);
        ds_band_free(&b);
    }
    return commit_file(f, tmp, path, err);
}

/* The rows of a table as a whitespace data file (cells with spaces are
 * joined by '_'), for the sweeps and the profile. */
static int write_table_data(const ds_table *t, const char *path, ds_err *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return ds_fail(err, DS_EIO, "cannot write '%s': %s", path, strerror(errno));
    fprintf(f, "# %s\n# ", t->title);
    for (size_t i = 0; i < t->nrow; i++) {
        for (size_t j = 0; j < t->ncol; j++) {
            if (j)
                fputc(' ', f);
            for (const char *c = cell(t, i, j); *c; c++)
                fputc(isspace((unsigned char)*c) ? '_' : *c, f);
        }
        fputc('\n', f);
    }
    return fclose(f) ? ds_fail(err, DS_EIO, "writing '%s' failed", path) : DS_OK;
}

/* ---- entry points ------------------------------------------------------ */

int ds_report_table(const ds_result *res, size_t n, const char *name, ds_table *out, ds_err *err)
{
    view v;
    memset(out, 0, sizeof *out);
    if (view_init(&v, res, n)) {
        view_free(&v);
        return ds_fail(err, DS_ENOMEM, "out of memory for the tables");
    }
    int rc;
    ds_table extra = {0};
    if (!strcmp(name, "summary"))
        rc = table_summary(&v, out);
    else if (!strcmp(name, "timing"))
        rc = table_timing(&v, out);
    else if (!strcmp(name, "targets") || !strcmp(name, "ert"))
        rc = table_targets(&v, out, name[0] == 'e');
    else if (!strcmp(name, "ranks"))
        rc = table_ranks(&v, out);
    else if (!strcmp(name, "profile"))
        rc = table_profile(&v, out);
    else if (!strcmp(name, "lr"))
        rc = table_lr(&v, out);
    else if (!strcmp(name, "kappa") || !strcmp(name, "kappa_fit")) {
        rc = table_kappa(&v, name[5] ? &extra : out, name[5] ? out : &extra);
        ds_table_free(&extra);
    } else {
        view_free(&v);
        return ds_fail(err, DS_EINVAL, "unknown table '%s'", name);
    }
    view_free(&v);
    if (rc) {
        ds_table_free(out);
        return ds_fail(err, DS_ENOMEM, "out of memory for table '%s'", name);
    }
    return DS_OK;
}

static int one_table(const ds_result *res, size_t n, const char *suite, const char *name, const char *dir,
                     ds_err *err)
{
    ds_table t;
    int rc = ds_report_table(res, n, name, &t, err);
    if (!rc)
        rc = ds_table_write(&t, dir, suite, err);
    if (!rc && (!strcmp(name, "profile") || !strcmp(name, "lr") || !strcmp(name, "kappa_fit") ||
                !strcmp(name, "kappa"))) {
        char path[2048];
        snprintf(path, sizeof path, "%s/data/%s_%s.dat", dir, suite, name);
        rc = write_table_data(&t, path, err);
    }
    ds_table_free(&t);
    return rc;
}

int ds_report(const ds_result *res, size_t n, const char *suite, const char *tables, const char *dir, ds_err *err)
{
    char data[2048];
    snprintf(data, sizeof data, "%s/data", dir);
    if (ds_mkdir_p(data, err))
        return err->code;
    for (size_t k = 0; ds_suite_table_names[k]; k++) {
        const char *name = ds_suite_table_names[k];
        if (!ds_name_in_list(tables, name))
            continue;
        int rc = one_table(res, n, suite, name, dir, err);
        if (!rc && !strcmp(name, "kappa"))
            rc = one_table(res, n, suite, "kappa_fit", dir, err);
        if (rc)
            return rc;
    }
    view v;
    if (view_init(&v, res, n)) {
        view_free(&v);
        return ds_fail(err, DS_ENOMEM, "out of memory for the bands");
    }
    char path[2100];
    snprintf(path, sizeof path, "%s/%s_bands_iter.dat", data, suite);
    int rc = write_bands(&v, path, DS_AXIS_ITER, err);
    snprintf(path, sizeof path, "%s/%s_bands_epoch.dat", data, suite);
    if (!rc)
        rc = write_bands(&v, path, DS_AXIS_EPOCH, err);
    view_free(&v);
    return rc;
}
