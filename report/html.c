/* The HTML report (html.h). */
#include "html.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "tables.h"
#include "../core/dmath.h"

/* ---- text ----------------------------------------------------------------- */

static void esc(FILE *out, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        case '"': fputs("&quot;", out); break;
        default: fputc(*s, out);
        }
}

/* An id for anchors: letters, digits and '-' only. */
static void anchor(FILE *out, const char *prefix, const char *s)
{
    fputs(prefix, out);
    for (; *s; s++)
        fputc((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ? *s : '-', out);
}

/* ---- verify --json lines ------------------------------------------------ */

/* A JSON string at *p (after the opening quote) into buf; ASCII escapes
 * are decoded, \uXXXX beyond ASCII becomes '?'. */
static int json_string(const char **p, char *buf, size_t size)
{
    size_t k = 0;
    const char *s = *p;
    for (; *s && *s != '"'; s++) {
        char c = *s;
        if (c == '\\') {
            s++;
            switch (*s) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'u': {
                unsigned v = 0;
                for (int i = 1; i <= 4; i++) {
                    char h = s[i];
                    int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                            : h >= 'A' && h <= 'F'           ? h - 'A' + 10
                                                             : -1;
                    if (d < 0)
                        return -1;
                    v = 16 * v + (unsigned)d;
                }
                s += 4;
                c = v < 0x80 ? (char)v : '?';
                break;
            }
            case '"': case '\\': case '/': c = *s; break;
            default: return -1;
            }
        }
        if (k + 1 < size)
            buf[k++] = c;
    }
    if (*s != '"')
        return -1;
    buf[k] = 0;
    *p = s + 1;
    return 0;
}

static void skip_ws(const char **p)
{
    while (**p == ' ' || **p == '\t' || **p == '\r' || **p == '\n')
        (*p)++;
}

static void set_field(ds_html_check *c, const char *key, const char *sval, double num)
{
    struct { const char *key; char *dst; size_t size; } s[] = {
        {"optimizer", c->optimizer, sizeof c->optimizer}, {"theorem", c->theorem, sizeof c->theorem},
        {"problem", c->problem, sizeof c->problem},       {"quantity", c->quantity, sizeof c->quantity},
        {"verdict", c->verdict, sizeof c->verdict},
    };
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        if (sval && !strcmp(key, s[i].key))
            snprintf(s[i].dst, s[i].size, "%s", sval);
    if (!strcmp(key, "measured"))
        c->measured = num;
    if (!strcmp(key, "bound"))
        c->bound = num;
}

/* One flat object of string, number and null values. */
static int parse_check(const char *line, ds_html_check *c)
{
    memset(c, 0, sizeof *c);
    c->measured = c->bound = NAN;
    const char *p = line;
    skip_ws(&p);
    if (*p++ != '{')
        return -1;
    for (;;) {
        char key[64], sval[512];
        skip_ws(&p);
        if (*p == '}')
            return 0;
        if (*p++ != '"' || json_string(&p, key, sizeof key))
            return -1;
        skip_ws(&p);
        if (*p++ != ':')
            return -1;
        skip_ws(&p);
        if (*p == '"') {
            p++;
            if (json_string(&p, sval, sizeof sval))
                return -1;
            set_field(c, key, sval, NAN);
        } else if (!strncmp(p, "null", 4)) {
            p += 4;
            set_field(c, key, NULL, NAN);
        } else if (!strncmp(p, "true", 4) || !strncmp(p, "false", 5)) {
            p += *p == 't' ? 4 : 5;  /* flags (claimed): not shown */
        } else {
            char *end;
            double v = strtod(p, &end);
            if (end == p)
                return -1;
            p = end;
            set_field(c, key, NULL, v);
        }
        skip_ws(&p);
        if (*p == ',')
            p++;
        else if (*p != '}')
            return -1;
    }
}

int ds_html_read_checks(const char *path, ds_html_check **out, size_t *n, ds_err *err)
{
    *out = NULL, *n = 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return ds_fail(err, DS_EIO, "cannot read '%s': %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0, lineno = 0, ncap = 0;
    int rc = DS_OK;
    while (getline(&line, &cap, f) > 0) {
        lineno++;
        const char *s = line;
        skip_ws(&s);
        if (!*s)
            continue;
        if (*n == ncap) {
            ncap = ncap ? 2 * ncap : 64;
            ds_html_check *c = realloc(*out, ncap * sizeof *c);
            if (!c) {
                rc = ds_fail(err, DS_ENOMEM, "out of memory reading '%s'", path);
                break;
            }
            *out = c;
        }
        if (parse_check(s, &(*out)[*n])) {
            rc = ds_fail(err, DS_EINVAL, "%s:%zu: not a verify --json line", path, lineno);
            break;
        }
        (*n)++;
    }
    free(line);
    fclose(f);
    if (rc) {
        free(*out);
        *out = NULL, *n = 0;
    }
    return rc;
}

/* ---- runtime distributions ------------------------------------------------ */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int ds_ecdf_of(const ds_result *res, const size_t *idx, size_t nidx, const double *targets, size_t nt,
               ds_ecdf *out)
{
    memset(out, 0, sizeof *out);
    size_t total = nidx * nt, m = 0;
    double *t = malloc((total ? total : 1) * sizeof *t);
    if (!t)
        return -1;
    for (size_t i = 0; i < nidx; i++)
        for (size_t k = 0; k < nt; k++) {
            double it, ep;
            if (ds_time_to_target(&res[idx[i]], targets[k], &it, &ep) && isfinite(ep))
                t[m++] = ep;
        }
    qsort(t, m, sizeof *t, cmp_double);
    /* one point per distinct time, at the fraction reached by then */
    out->x = malloc((m ? m : 1) * sizeof *out->x);
    out->y = malloc((m ? m : 1) * sizeof *out->y);
    if (!out->x || !out->y) {
        free(t);
        ds_ecdf_free(out);
        return -1;
    }
    for (size_t j = 0; j < m; j++) {
        if (j + 1 < m && t[j + 1] == t[j])
            continue;
        out->x[out->n] = t[j];
        out->y[out->n++] = (double)(j + 1) / (double)total;
    }
    free(t);
    return 0;
}

void ds_ecdf_free(ds_ecdf *e)
{
    free(e->x);
    free(e->y);
    memset(e, 0, sizeof *e);
}

/* Solvers: (optimizer, schedule) over every problem of the suite with a
 * known f*. order[] lists run indices sorted by solver; start[s] .. start[s+1]. */
typedef struct solvers {
    size_t *order, *start, n;
} solvers;

static const ds_result *sort_base;

static int cmp_solver(const void *a, const void *b)
{
    const ds_result *x = &sort_base[*(const size_t *)a], *y = &sort_base[*(const size_t *)b];
    int c = strcmp(x->optimizer, y->optimizer);
    if (!c)
        c = strcmp(x->schedule, y->schedule);
    if (!c)
        c = strcmp(x->problem, y->problem);
    if (!c)
        c = (x->seed > y->seed) - (x->seed < y->seed);
    return c;
}

static int solvers_of(const ds_result *res, size_t n, solvers *s)
{
    memset(s, 0, sizeof *s);
    s->order = malloc((n ? n : 1) * sizeof *s->order);
    s->start = malloc((n + 1) * sizeof *s->start);
    if (!s->order || !s->start)
        return -1;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(res[i].f_star) && res[i].status != DS_ST_INTERRUPTED && res[i].trace.n)
            s->order[m++] = i;
    sort_base = res;  /* qsort has no context argument; the report is built by one thread */
    qsort(s->order, m, sizeof *s->order, cmp_solver);
    for (size_t i = 0; i < m; i++) {
        const ds_result *a = &res[s->order[i]], *b = i ? &res[s->order[i - 1]] : NULL;
        if (!b || strcmp(a->optimizer, b->optimizer) || strcmp(a->schedule, b->schedule))
            s->start[s->n++] = i;
    }
    s->start[s->n] = m;
    return 0;
}

static void solvers_free(solvers *s)
{
    free(s->order);
    free(s->start);
}

static const char *const palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                      "#E69F00", "#56B4E9", "#000000", "#F0E442"};

typedef struct plot_box {
    double w, h, left, right, top, bottom, lx0, lx1;  /* lx: log10 of the x range */
} plot_box;

static double px(const plot_box *b, double x)
{
    double u = (ds_log10(x) - b->lx0) / (b->lx1 - b->lx0);
    return b->left + u * (b->w - b->left - b->right);
}

static double py(const plot_box *b, double y)
{
    return b->h - b->bottom - y * (b->h - b->top - b->bottom);
}

static void svg_axes(FILE *out, const plot_box *b)
{
    fprintf(out, "<rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" fill=\"none\" stroke=\"#888\"/>\n", b->left,
            b->top, b->w - b->left - b->right, b->h - b->top - b->bottom);
    for (int e = (int)ceil(b->lx0); e <= (int)floor(b->lx1); e++)
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">1e%d</text>\n",
                px(b, ds_pow(10, e)), b->h - b->bottom + 14, e);
    for (int k = 0; k <= 4; k++)
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%.2f</text>\n", b->left - 4,
                py(b, k / 4.0) + 4, k / 4.0);
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\">epochs (log scale)</text>\n",
            b->left + (b->w - b->left - b->right) / 2, b->h - 4);
    fprintf(out, "<text x=\"12\" y=\"%.1f\" font-size=\"12\" transform=\"rotate(-90 12 %.1f)\" "
                 "text-anchor=\"middle\">fraction of (run, target) pairs</text>\n",
            b->top + (b->h - b->top - b->bottom) / 2, b->top + (b->h - b->top - b->bottom) / 2);
}

static void svg_curve(FILE *out, const plot_box *b, const ds_ecdf *e, size_t k, double xmax)
{
    fprintf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s points=\"", palette[k % 8],
            k / 8 % 2 ? " stroke-dasharray=\"5,3\"" : "");
    double y = 0;
    fprintf(out, "%.1f,%.1f", px(b, ds_pow(10, b->lx0)), py(b, 0));
    for (size_t j = 0; j < e->n; j++) {
        fprintf(out, " %.1f,%.1f %.1f,%.1f", px(b, e->x[j]), py(b, y), px(b, e->x[j]), py(b, e->y[j]));
        y = e->y[j];
    }
    fprintf(out, " %.1f,%.1f\"/>\n", px(b, xmax), py(b, y));
}

/* The suite's runtime distributions in one SVG, a curve per solver. */
static int write_ecdf(FILE *out, const ds_html_suite *s)
{
    solvers sv;
    if (solvers_of(s->res, s->n, &sv))
        return solvers_free(&sv), -1;
    if (sv.n == 0) {
        fputs("<p>No run with a known f*: no runtime distribution.</p>\n", out);
        solvers_free(&sv);
        return 0;
    }
    ds_ecdf *e = calloc(sv.n, sizeof *e);
    double xmin = INFINITY, xmax = 0;
    int rc = !e;
    for (size_t k = 0; !rc && k < sv.n; k++) {
        rc = ds_ecdf_of(s->res, sv.order + sv.start[k], sv.start[k + 1] - sv.start[k], ds_targets, DS_NTARGETS,
                        &e[k]);
        for (size_t j = sv.start[k]; !rc && j < sv.start[k + 1]; j++) {
            const ds_trace *t = &s->res[sv.order[j]].trace;
            xmax = fmax(xmax, t->epochs[t->n - 1]);
        }
        for (size_t j = 0; !rc && j < e[k].n; j++)
            if (e[k].x[j] > 0)
                xmin = fmin(xmin, e[k].x[j]);
    }
    if (!rc) {
        if (!isfinite(xmin) || !(xmax > xmin))
            xmin = 1e-2, xmax = fmax(xmax, 1.0);
        double lines = (double)sv.n;
        plot_box b = {.w = 900, .h = fmax(360, 16 * lines + 60), .left = 50, .right = 330, .top = 10, .bottom = 40,
                      .lx0 = floor(ds_log10(xmin)), .lx1 = ceil(ds_log10(xmax))};
        if (b.lx1 <= b.lx0)
            b.lx1 = b.lx0 + 1;
        fprintf(out, "<svg class=\"ecdf\" viewBox=\"0 0 %g %g\" width=\"%g\" height=\"%g\" role=\"img\">\n", b.w,
                b.h, b.w, b.h);
        svg_axes(out, &b);
        for (size_t k = 0; k < sv.n; k++) {
            const ds_result *r = &s->res[sv.order[sv.start[k]]];
            svg_curve(out, &b, &e[k], k, xmax);
            fprintf(out, "<text x=\"%g\" y=\"%.1f\" font-size=\"11\" fill=\"%s\">", b.w - b.right + 10,
                    b.top + 12 + 16 * (double)k, palette[k % 8]);
            esc(out, r->optimizer);
            if (strcmp(r->schedule, "constant"))
                fputs(" + ", out), esc(out, r->schedule);
            fputs("</text>\n", out);
        }
        fputs("</svg>\n", out);
    }
    for (size_t k = 0; e && k < sv.n; k++)
        ds_ecdf_free(&e[k]);
    free(e);
    solvers_free(&sv);
    return rc ? -1 : 0;
}

/* ---- tables --------------------------------------------------------------- */

static void write_table(FILE *out, const ds_table *t)
{
    fputs("<table class=\"sortable\">\n<caption>", out);
    esc(out, t->title);
    fputs("</caption>\n<thead><tr>", out);
    for (size_t j = 0; j < t->ncol; j++) {
        fputs("<th>", out);
        esc(out, t->cell[j]);
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    for (size_t i = 1; i < t->nrow; i++) {
        fputs("<tr>", out);
        for (size_t j = 0; j < t->ncol; j++) {
            const char *c = t->cell[i * t->ncol + j];
            int kind = t->kind ? t->kind[i * t->ncol + j] : DS_CELL_TEXT;
            if (kind == DS_CELL_REAL) {
                double v = strtod(c, NULL);
                fprintf(out, "<td class=\"num\" data-v=\"%s\">", c);
                if (isnan(v))
                    fputs("nan", out);
                else
                    fprintf(out, "%.3g", v);
            } else {
                fputs(kind == DS_CELL_COUNT ? "<td class=\"num\">" : "<td>", out);
                esc(out, c);
            }
            fputs("</td>", out);
        }
        fputs("</tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
}

/* The tables named by the suite, but the wall-clock one: the page, like
 * every file but the timing ones, must come back byte for byte. */
static int write_tables(FILE *out, const ds_html_suite *s, size_t *count, ds_err *err)
{
    char names[512];
    snprintf(names, sizeof names, "%s", s->tables ? s->tables : "summary");
    for (char *save = NULL, *tok = strtok_r(names, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
        if (!strcmp(tok, "timing"))
            continue;
        ds_table t;
        int rc = ds_report_table(s->res, s->n, tok, &t, err);
        if (rc)
            return rc;
        write_table(out, &t);
        (*count)++;
        ds_table_free(&t);
    }
    return DS_OK;
}

/* ---- the page ---------------------------------------------------------------- */

static const char *const page_css =
    "body{font-family:sans-serif;max-width:1200px;margin:auto;padding:0 1em;color:#222}\n"
    "table{border-collapse:collapse;margin:1em 0;font-size:13px}\n"
    "caption{text-align:left;font-weight:bold;padding:4px 0}\n"
    "th,td{border-bottom:1px solid #ddd;padding:2px 8px;text-align:left}\n"
    "th{cursor:pointer;background:#f4f4f4;position:sticky;top:0}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "tr.fail td{background:#fde0dc}\n"
    "figure{display:inline-block;margin:1em;vertical-align:top}\n"
    "figure img{max-width:560px;border:1px solid #eee}\n"
    "nav a{margin-right:1em}\n";

/* Sorting by a click on a header (numbers by their full value), and the
 * page's own check once loaded: every image decoded, every table there,
 * no script error. The result is the body's data-check attribute. */
static const char *const page_js =
    "var errors=[];\n"
    "window.addEventListener('error',function(e){errors.push(e.message||'resource failed');},true);\n"
    "var oldError=console.error;console.error=function(){errors.push(Array.prototype.join.call(arguments,' '));"
    "oldError.apply(console,arguments);};\n"
    "function key(td){var v=td.getAttribute('data-v');if(v===null&&td.className==='num')v=td.textContent;"
    "if(v!==null){var x=parseFloat(v);if(v==='nan')return Infinity;if(!isNaN(x))return x;}return td.textContent;}\n"
    "function sortBy(th){var table=th.closest('table'),i=Array.prototype.indexOf.call(th.parentNode.children,th);"
    "var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);var asc=th.getAttribute('data-asc')!=='1';"
    "rows.sort(function(a,b){var x=key(a.cells[i]),y=key(b.cells[i]);var c=(typeof x==='number'&&typeof y==='number')"
    "?(x<y?-1:x>y?1:0):String(x).localeCompare(String(y));return asc?c:-c;});"
    "rows.forEach(function(r){body.appendChild(r);});th.setAttribute('data-asc',asc?'1':'0');}\n"
    "document.querySelectorAll('table.sortable th').forEach(function(th){th.addEventListener('click',"
    "function(){sortBy(th);});});\n"
    "window.addEventListener('load',function(){\n"
    "  var bad=[];document.querySelectorAll('img').forEach(function(img){"
    "if(!img.complete||img.naturalWidth===0)bad.push('image '+img.getAttribute('src'));});\n"
    "  var want=parseInt(document.body.getAttribute('data-tables'),10),have=document.querySelectorAll('table').length;\n"
    "  if(have<want)bad.push('tables '+have+' of '+want);\n"
    "  bad=bad.concat(errors);\n"
    "  document.body.setAttribute('data-check',bad.length?'fail: '+bad.join('; '):'ok');\n"
    "});\n";

static void write_checks(FILE *out, const ds_html_check *c, size_t n, size_t *count)
{
    ds_html_check *s = malloc((n ? n : 1) * sizeof *s);
    size_t nfail = 0, m = 0;
    if (!s) {
        fputs("<p>Out of memory for the theory verdicts.</p>\n", out);
        return;
    }
    /* failing first, each part in file order (a stable partition) */
    for (size_t i = 0; i < n; i++)
        if (!strncmp(c[i].verdict, "FAIL", 4))
            s[m++] = c[i], nfail++;
    for (size_t i = 0; i < n; i++)
        if (strncmp(c[i].verdict, "FAIL", 4))
            s[m++] = c[i];
    fprintf(out, "<p>%zu checks, %zu failing.</p>\n<table class=\"sortable\">\n<caption>Theory verdicts, failing "
                 "first</caption>\n<thead><tr><th>optimizer</th><th>theorem</th><th>problem</th><th>quantity</th>"
                 "<th>measured</th><th>bound</th><th>verdict</th></tr></thead>\n<tbody>\n",
            n, nfail);
    for (size_t i = 0; i < m; i++) {
        fputs(!strncmp(s[i].verdict, "FAIL", 4) ? "<tr class=\"fail\"><td>" : "<tr><td>", out);
        esc(out, s[i].optimizer);
        fputs("</td><td>", out);
        esc(out, s[i].theorem);
        fputs("</td><td>", out);
        esc(out, s[i].problem);
        fputs("</td><td>", out);
        esc(out, s[i].quantity);
        fprintf(out, "</td><td class=\"num\" data-v=\"%.17g\">%.4g</td><td class=\"num\" data-v=\"%.17g\">%.4g</td><td>",
                s[i].measured, s[i].measured, s[i].bound, s[i].bound);
        esc(out, s[i].verdict);
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
    (*count)++;
    free(s);
}

static void write_figures(FILE *out, const ds_html_figure *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *show = f[i].svg ? ".svg" : f[i].png ? ".png" : NULL;
        if (!show)
            continue;
        fputs("<figure><img src=\"", out);
        esc(out, f[i].stem);
        fprintf(out, "%s\" alt=\"", show);
        esc(out, f[i].name);
        fputs("\"><figcaption>", out);
        esc(out, f[i].name);
        const char *ext[] = {".png", ".pdf", ".svg"};
        int have[] = {f[i].png, f[i].pdf, f[i].svg};
        for (int k = 0; k < 3; k++)
            if (have[k]) {
                fputs(" <a href=\"", out);
                esc(out, f[i].stem);
                fprintf(out, "%s\">%s</a>", ext[k], ext[k] + 1);
            }
        fputs("</figcaption></figure>\n", out);
    }
}

static size_t expected_tables(const ds_html_suite *s, size_t ns, size_t nc)
{
    size_t n = nc ? 1 : 0;
    for (size_t i = 0; i < ns; i++) {
        char names[512];
        snprintf(names, sizeof names, "%s", s[i].tables ? s[i].tables : "summary");
        for (char *save = NULL, *tok = strtok_r(names, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save))
            n += strcmp(tok, "timing") != 0;
    }
    return n;
}

int ds_html_write(FILE *out, const ds_html_suite *suites, size_t ns, const ds_html_figure *figs, size_t nf,
                  const ds_html_check *checks, size_t nc, ds_err *err)
{
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>descent results</title>\n"
                 "<style>\n%s</style>\n</head>\n<body data-tables=\"%zu\" data-check=\"pending\">\n"
                 "<h1>descent results</h1>\n<nav>",
            page_css, expected_tables(suites, ns, nc));
    for (size_t i = 0; i < ns; i++) {
        fputs("<a href=\"#", out);
        anchor(out, "suite-", suites[i].name);
        fputs("\">", out);
        esc(out, suites[i].name);
        fputs("</a>", out);
    }
    fputs(nc ? "<a href=\"#theory\">theory</a>" : "", out);
    fputs(nf ? "<a href=\"#figures\">figures</a>" : "", out);
    fputs("</nav>\n", out);
    size_t count = 0;
    if (nc) {
        fputs("<h2 id=\"theory\">Theory verdicts</h2>\n", out);
        write_checks(out, checks, nc, &count);
    }
    for (size_t i = 0; i < ns; i++) {
        fputs("<h2 id=\"", out);
        anchor(out, "suite-", suites[i].name);
        fputs("\">Suite ", out);
        esc(out, suites[i].name);
        fputs("</h2>\n", out);
        if (suites[i].title) {
            fputs("<p>", out);
            esc(out, suites[i].title);
            fputs("</p>\n", out);
        }
        fprintf(out, "<h3>Runtime distributions</h3>\n<p>Fraction of (run, target) pairs, targets (f - f*)/(f0 - f*) "
                     "&lt;= 1e-2, 1e-4, 1e-6, 1e-8, reached within a budget of epochs, per optimizer configuration "
                     "over the suite's problems with a known f* (%zu runs).</p>\n",
                suites[i].n);
        if (write_ecdf(out, &suites[i]))
            return ds_fail(err, DS_ENOMEM, "out of memory drawing the runtime distributions of '%s'", suites[i].name);
        fputs("<h3>Tables</h3>\n", out);
        int rc = write_tables(out, &suites[i], &count, err);
        if (rc)
            return rc;
    }
    if (nf) {
        fputs("<h2 id=\"figures\">Figures</h2>\n", out);
        write_figures(out, figs, nf);
    }
    fprintf(out, "<script>\n%s</script>\n</body>\n</html>\n", page_js);
    return ferror(out) ? ds_fail(err, DS_EIO, "writing the report failed") : DS_OK;
}
