/* Claims measured on a suite's runs, compared with their quoted values,
 * and written into the suite's page. */
#include "claims.h"

#include "aggregate.h"
#include "tables.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- measuring ---------------------------------------------------------- */

static int no_value(ds_err *err, const ds_suite_claim *c, const ds_result *r, const char *what)
{
    return ds_fail(err, DS_EINVAL, "claim %s: the run of %s, %s, %s, seed %llu has %s", c->name, r->problem,
                   r->optimizer, r->schedule, (unsigned long long)r->seed, what);
}

/* The record the claim reads: iteration `at`, or the last. */
static int record_of(const ds_suite_claim *c, const ds_result *r, size_t *k, ds_err *err)
{
    const ds_trace *t = &r->trace;
    if (!t->n)
        return no_value(err, c, r, "no records");
    if (c->at < 0) {
        *k = t->n - 1;
        return DS_OK;
    }
    for (size_t i = 0; i < t->n; i++)
        if (t->iter[i] == c->at) {
            *k = i;
            return DS_OK;
        }
    char what[96];
    snprintf(what, sizeof what, "no record at iteration %ld (log-every)", c->at);
    return no_value(err, c, r, what);
}

/* A value of the run itself, not of one record; 0 when column is not one. */
static int run_value(const ds_suite_claim *c, const ds_result *r, double *v)
{
    double it, ep;
    if (!strcmp(c->column, "steps"))
        *v = (double)r->iters;
    else if (!strcmp(c->column, "L"))
        *v = r->L;
    else if (!strcmp(c->column, "mu"))
        *v = r->mu;
    else if (!strcmp(c->column, "f_star"))
        *v = r->f_star;
    else if (!strcmp(c->column, "iters-to-gap"))
        *v = ds_time_to_target(r, c->gap, &it, &ep) ? it : INFINITY;
    else
        return 0;
    return 1;
}

static int record_value(const ds_suite_claim *c, const ds_result *r, double *v, ds_err *err)
{
    size_t k = 0;
    int rc = record_of(c, r, &k, err);
    if (rc)
        return rc;
    const ds_trace *t = &r->trace;
    const char *col = c->column;
    if (col[0] == 'x' && col[1] >= '1' && col[1] <= '3' && !col[2]) {
        size_t i = (size_t)(col[1] - '1');
        if (i >= t->xdim)
            return no_value(err, c, r, "no such coordinate (x is kept for dim <= 3)");
        *v = t->x[k * t->xdim + i];
    } else if (!strcmp(col, "rate")) {
        if (!k)
            return no_value(err, c, r, "no record before the one read (rate needs two)");
        *v = t->f_gap[k] / t->f_gap[k - 1];
    } else if (!strcmp(col, "rel_gap")) {
        *v = t->f_gap[k] / (r->f0 - r->f_star);
    } else {
        const double *cols[] = {t->f, t->f_gap, t->grad_norm, t->lr, t->epochs, t->dist};
        static const char *const names[] = {"f", "f_gap", "grad_norm", "lr", "epochs", "dist"};
        *v = (double)t->iter[k];  /* iter */
        for (size_t j = 0; j < 6; j++)
            if (!strcmp(col, names[j]))
                *v = cols[j][k];
    }
    return DS_OK;
}

static void combine(const ds_suite_claim *c, double *v, size_t n, ds_claim_value *out)
{
    ds_sort_worst_last(v, n);
    out->value = c->stat == DS_CLAIM_MIN ? v[0] : c->stat == DS_CLAIM_MAX ? v[n - 1] : ds_quantile(v, n, 0.5);
    double q = c->quoted_v, m = out->value;
    int ok = c->kind == DS_CLAIM_EQUAL      ? fabs(m - q) <= (c->tol_rel ? c->tol * fabs(q) : c->tol)
             : c->kind == DS_CLAIM_AT_MOST  ? m <= q
             : c->kind == DS_CLAIM_AT_LEAST ? m >= q
                                            : 1;
    out->verdict = c->kind == DS_CLAIM_NONE ? DS_VERDICT_MEASURED : ok ? DS_VERDICT_AGREES : DS_VERDICT_DISAGREES;
}

int ds_claim_measure(const ds_suite *s, const ds_suite_claim *c, const ds_result *res, size_t n, ds_claim_value *out,
                     ds_err *err)
{
    memset(out, 0, sizeof *out);
    out->value = NAN;
    double *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return ds_fail(err, DS_ENOMEM, "claim %s: out of memory", c->name);
    int rc = DS_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        const ds_result *r = &res[i];
        if (!ds_suite_claim_has(s, c, r))
            continue;
        if (!strcmp(c->column, "status")) {
            const char *st = ds_status_name(r->status);
            if (!out->runs)
                snprintf(out->status, sizeof out->status, "%s", st);
            else if (strcmp(out->status, st))
                snprintf(out->status, sizeof out->status, "mixed");
        } else if (!run_value(c, r, &v[out->runs])) {
            rc = record_value(c, r, &v[out->runs], err);
        }
        out->runs++;
    }
    if (!rc && !out->runs)
        rc = ds_fail(err, DS_EINVAL, "claim %s: the results hold none of its runs (%s): a part of the suite?",
                     c->name, c->ref_text);
    if (!rc && c->kind == DS_CLAIM_STATUS)
        out->verdict = strcmp(out->status, c->quoted) ? DS_VERDICT_DISAGREES : DS_VERDICT_AGREES;
    else if (!rc)
        combine(c, v, out->runs, out);
    free(v);
    return rc;
}

/* ---- the page ------------------------------------------------------------ */

static void md_text(const char *s, FILE *out)
{
    for (; *s; s++) {
        if (*s == '|')
            fputc('\\', out);
        fputc(*s, out);
    }
}

static void put_value(const ds_suite_claim *c, const ds_claim_value *v, FILE *out)
{
    if (!strcmp(c->column, "status"))
        fputs(v->status, out);
    else if (isinf(v->value) && v->value > 0 && !strcmp(c->column, "iters-to-gap"))
        fputs("never", out);
    else if (isnan(v->value))
        fputs("n/a", out);
    else
        fprintf(out, "%.*g", c->digits, v->value);
}

static const char *verdict_name(int verdict)
{
    return verdict == DS_VERDICT_AGREES ? "agrees" : verdict == DS_VERDICT_DISAGREES ? "**disagrees**" : "measured";
}

static void put_comparison(const ds_suite_claim *c, FILE *out)
{
    switch (c->kind) {
    case DS_CLAIM_EQUAL:
        if (c->tol_rel)
            fprintf(out, "within %.3g%%", 100 * c->tol);
        else if (c->tol > 0)
            fprintf(out, "within %.3g", c->tol);
        else
            fputs("exactly", out);
        break;
    case DS_CLAIM_AT_MOST: fputs("at most", out); break;
    case DS_CLAIM_AT_LEAST: fputs("at least", out); break;
    case DS_CLAIM_STATUS: fputs("status", out); break;
    default: break;
    }
}

static void summary(const ds_suite *s, const ds_claim_value *v, FILE *out)
{
    size_t bad = 0;
    for (size_t i = 0; i < s->nclaims; i++)
        bad += v[i].verdict == DS_VERDICT_DISAGREES;
    fprintf(out, "%zu claims, %zu disagreeing with what was measured.\n\n", s->nclaims, bad);
    fputs("| claim | the source says | quoted | measured | comparison | verdict |\n|---|---|--:|--:|---|---|\n", out);
    for (size_t i = 0; i < s->nclaims; i++) {
        const ds_suite_claim *c = &s->claims[i];
        fprintf(out, "| %s | ", c->name);
        md_text(c->text, out);
        fputs(" | ", out);
        md_text(c->quoted, out);
        fputs(" | ", out);
        put_value(c, &v[i], out);
        fputs(" | ", out);
        put_comparison(c, out);
        fprintf(out, " | %s |\n", verdict_name(v[i].verdict));
    }
}

static const ds_suite_claim *find_claim(const ds_suite *s, const char *name, size_t len, size_t *idx)
{
    for (size_t i = 0; i < s->nclaims; i++)
        if (strlen(s->claims[i].name) == len && !strncmp(s->claims[i].name, name, len)) {
            *idx = i;
            return &s->claims[i];
        }
    return NULL;
}

/* One {{...}} of the template: key[0..len). */
static int fill(const ds_suite *s, const ds_claim_value *v, const char *key, size_t len, FILE *out)
{
    if (len == 6 && !strncmp(key, "claims", 6)) {
        summary(s, v, out);
        return 0;
    }
    const char *dot = memchr(key, '.', len);
    size_t i, nlen = dot ? (size_t)(dot - key) : len;
    const ds_suite_claim *c = find_claim(s, key, nlen, &i);
    if (!c)
        return -1;
    const char *field = dot ? dot + 1 : "";
    size_t flen = dot ? len - nlen - 1 : 0;
    if (!flen)
        put_value(c, &v[i], out);
    else if (flen == 6 && !strncmp(field, "quoted", 6))
        fputs(c->quoted, out);
    else if (flen == 7 && !strncmp(field, "verdict", 7))
        fputs(verdict_name(v[i].verdict), out);
    else if (flen == 4 && !strncmp(field, "runs", 4))
        fprintf(out, "%zu", v[i].runs);
    else
        return -1;
    return 0;
}

int ds_claims_page(const ds_suite *s, const ds_claim_value *v, const char *tmpl, FILE *out, ds_err *err)
{
    int line = 1;
    for (const char *p = tmpl; *p;) {
        const char *open = strstr(p, "{{");
        size_t plain = open ? (size_t)(open - p) : strlen(p);
        fwrite(p, 1, plain, out);
        for (size_t i = 0; i < plain; i++)
            line += p[i] == '\n';
        if (!open)
            break;
        const char *close = strstr(open + 2, "}}");
        const char *nl = strchr(open, '\n');
        if (!close || (nl && nl < close))
            return ds_fail(err, DS_EINVAL, "%s:%d: '{{' without '}}' on its line", s->page[0] ? s->page : s->name,
                           line);
        if (fill(s, v, open + 2, (size_t)(close - open - 2), out))
            return ds_fail(err, DS_EINVAL, "%s:%d: {{%.*s}}: no such claim or field (a [claim NAME] of %s; "
                           "NAME, NAME.quoted, NAME.verdict, NAME.runs, or claims)", s->page[0] ? s->page : s->name,
                           line, (int)(close - open - 2), open + 2, s->path);
        p = close + 2;
    }
    return ferror(out) ? ds_fail(err, DS_EIO, "writing the claims page failed") : DS_OK;
}

static char *read_text(const char *path, ds_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        ds_fail(err, DS_EIO, "cannot read the page template %s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *t = malloc(cap);
    for (size_t got; t && (got = fread(t + n, 1, cap - n - 1, f)) > 0;) {
        n += got;
        if (n + 1 == cap) {
            char *u = realloc(t, cap *= 2);
            if (!u)
                free(t);
            t = u;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!t || bad) {
        free(t);
        ds_fail(err, DS_EIO, "cannot read the page template %s", path);
        return NULL;
    }
    t[n] = '\0';
    return t;
}

static int write_page(const ds_suite *s, const ds_claim_value *v, const char *tmpl, const char *path, ds_err *err)
{
    char tmp[2200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return ds_fail(err, DS_EIO, "cannot write '%s': %s", tmp, strerror(errno));
    /* the suite by name, not path: bench, report and merge write the same page */
    fprintf(f, "<!-- Written by descent from the [claim NAME] sections of the %s suite%s%s: edit %s, not this "
            "file. -->\n", s->name, s->page[0] ? " and " : "", s->page, s->page[0] ? "those" : "them");
    int rc = ds_claims_page(s, v, tmpl, f, err);
    if (fclose(f) && !rc)
        rc = ds_fail(err, DS_EIO, "cannot write '%s'", tmp);
    if (!rc && rename(tmp, path))
        rc = ds_fail(err, DS_EIO, "cannot rename '%s' to '%s': %s", tmp, path, strerror(errno));
    if (rc)
        remove(tmp);
    return rc;
}

int ds_claims_write(const ds_suite *s, const ds_result *res, size_t n, const char *dir, ds_err *err)
{
    ds_claim_value *v = calloc(s->nclaims ? s->nclaims : 1, sizeof *v);
    if (!v)
        return ds_fail(err, DS_ENOMEM, "out of memory for the claims");
    int rc = DS_OK;
    for (size_t i = 0; i < s->nclaims && !rc; i++)
        rc = ds_claim_measure(s, &s->claims[i], res, n, &v[i], err);
    char *tmpl = NULL;
    if (!rc && s->page[0])
        rc = (tmpl = read_text(s->page, err)) ? DS_OK : err->code;
    else if (!rc)
        rc = (tmpl = strdup("# Claims of the suite\n\n{{claims}}\n")) ? DS_OK
                                                                          : ds_fail(err, DS_ENOMEM, "out of memory");
    if (!rc) {
        char path[2100];
        snprintf(path, sizeof path, "%s/%s.md", dir, s->name);
        rc = ds_mkdir_p(dir, err);
        rc = rc ? rc : write_page(s, v, tmpl, path, err);
    }
    free(tmpl);
    free(v);
    return rc;
}
