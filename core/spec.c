#include "spec.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small text helpers ------------------------------------------------ */

static void trim_copy(char *dst, size_t size, const char *src, size_t len)
{
    while (len && isspace((unsigned char)*src)) {
        src++;
        len--;
    }
    while (len && isspace((unsigned char)src[len - 1]))
        len--;
    if (len >= size)
        len = size - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

int ds_parse_double(const char *text, double *out)
{
    char *end;
    if (!text || !*text)
        return -1;
    /* Decimal only: strtod would read 0x10 as 16, which nobody writing an
     * iteration count or a step size means. */
    if (strpbrk(text, "xX"))
        return -1;
    errno = 0;
    double v = strtod(text, &end);
    while (isspace((unsigned char)*end))
        end++;
    if (end == text || *end || errno == ERANGE)
        return -1;
    *out = v;
    return 0;
}

int ds_parse_long(const char *text, long *out)
{
    double v;
    if (ds_parse_double(text, &v) || !isfinite(v) || v != floor(v) || fabs(v) > 9.007199254740992e15)
        return -1;
    *out = (long)v;
    return 0;
}

void ds_fmt_double(double x, char *buf, size_t size)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, x);
        if (strtod(buf, NULL) == x || isnan(x))
            return;
    }
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    size_t d[64][64];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = d[i - 1][j - 1] + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
            size_t del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
            d[i][j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
    return d[la][lb];
}

const char *ds_suggest(const char *word, const char *const *names, size_t n)
{
    const char *best = NULL;
    size_t best_d = 3;
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(word, names[i]);
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    if (best)
        return best;
    size_t lw = strlen(word);
    for (size_t i = 0; i < n && lw >= 2; i++)
        if (strncmp(names[i], word, lw) == 0)
            return names[i];
    return NULL;
}

const char *ds_did_you_mean(const char *word, const char *const *names, size_t n,
                            char *buf, size_t size)
{
    const char *s = ds_suggest(word, names, n);
    if (!s) {
        buf[0] = '\0';
        return buf;
    }
    snprintf(buf, size, "; did you mean '%s'?", s);
    return buf;
}

/* ---- spec text --------------------------------------------------------- */

int ds_spec_parse(const char *text, ds_spec *spec, ds_err *err)
{
    memset(spec, 0, sizeof *spec);
    if (!text)
        return ds_fail(err, DS_EINVAL, "empty spec");
    const char *colon = strchr(text, ':');
    size_t nlen = colon ? (size_t)(colon - text) : strlen(text);
    trim_copy(spec->name, sizeof spec->name, text, nlen);
    if (!spec->name[0])
        return ds_fail(err, DS_EINVAL, "spec '%s' has no name (expected name:key=value,...)", text);
    for (const char *c = spec->name; *c; c++)
        if (!isalnum((unsigned char)*c) && *c != '_' && *c != '-')
            return ds_fail(err, DS_EINVAL, "spec '%s': bad character '%c' in name '%s'", text, *c, spec->name);
    if (!colon)
        return DS_OK;
    const char *p = colon + 1;
    if (!*p)
        return DS_OK;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        if (!eq) {
            char item[DS_TEXT_MAX];
            trim_copy(item, sizeof item, p, len);
            return ds_fail(err, DS_EINVAL, "spec '%s': '%s' is not key=value", text, item);
        }
        if (spec->n == DS_SPEC_MAXKV)
            return ds_fail(err, DS_EINVAL, "spec '%s': more than %d keys", text, DS_SPEC_MAXKV);
        char *key = spec->key[spec->n], *val = spec->val[spec->n];
        trim_copy(key, DS_NAME_MAX, p, (size_t)(eq - p));
        if ((size_t)(p + len - eq - 1) >= DS_TEXT_MAX)
            return ds_fail(err, DS_EINVAL, "spec '%s': value of '%s' is too long", text, key);
        trim_copy(val, DS_TEXT_MAX, eq + 1, (size_t)(p + len - eq - 1));
        if (!key[0])
            return ds_fail(err, DS_EINVAL, "spec '%s': empty key before '='", text);
        if (!val[0])
            return ds_fail(err, DS_EINVAL, "spec '%s': empty value for '%s'", text, key);
        for (size_t i = 0; i < spec->n; i++)
            if (strcmp(spec->key[i], key) == 0)
                return ds_fail(err, DS_EINVAL, "spec '%s': key '%s' given twice", text, key);
        spec->n++;
        if (!comma)
            break;
        p = comma + 1;
    }
    return DS_OK;
}

/* ---- values ------------------------------------------------------------ */

void ds_param_range_text(const ds_param *p, char *buf, size_t size)
{
    char lo[32], hi[32];
    ds_fmt_double(p->lo, lo, sizeof lo);
    ds_fmt_double(p->hi, hi, sizeof hi);
    snprintf(buf, size, "%c%s, %s%c", (p->flags & DS_P_LO_OPEN) ? '(' : '[', lo, hi,
             (p->flags & DS_P_HI_OPEN) ? ')' : ']');
}

int ds_param_in_range(const ds_param *p, double x)
{
    if (isnan(x))
        return 0;
    if ((p->flags & DS_P_LO_OPEN) ? !(x > p->lo) : !(x >= p->lo))
        return 0;
    if ((p->flags & DS_P_HI_OPEN) ? !(x < p->hi) : !(x <= p->hi))
        return 0;
    return 1;
}

static int out_of_range(const char *what, const ds_values *v, const ds_param *p,
                        const char *text, double x, ds_err *err)
{
    char r[96];
    ds_param_range_text(p, r, sizeof r);
    char xs[32];
    ds_fmt_double(x, xs, sizeof xs);
    const char *all = (p->flags & DS_P_ALL) ? " or all" : "";
    if (strcmp(xs, text) == 0)
        return ds_fail(err, DS_EINVAL, "%s '%s': %s=%s is out of range; accepted: %s%s", what,
                       v->name, p->name, text, r, all);
    return ds_fail(err, DS_EINVAL, "%s '%s': %s=%s (= %s) is out of range; accepted: %s%s", what,
                   v->name, p->name, text, xs, r, all);
}

static int enum_index(const char *choices, const char *text)
{
    int idx = 0;
    const char *c = choices;
    size_t lt = strlen(text);
    while (*c) {
        const char *bar = strchr(c, '|');
        size_t len = bar ? (size_t)(bar - c) : strlen(c);
        if (len == lt && strncmp(c, text, len) == 0)
            return idx;
        idx++;
        if (!bar)
            break;
        c = bar + 1;
    }
    return -1;
}

static int set_value(const char *what, ds_values *vs, ds_value *v, const char *text, ds_err *err)
{
    const ds_param *p = v->p;
    snprintf(v->text, sizeof v->text, "%s", text);
    v->bound = 0;
    v->is_expr = 0;
    v->nlist = 0;
    switch (p->type) {
    case DS_P_REAL: {
        double x;
        if (ds_parse_double(text, &x) == 0) {
            v->num = x;
            v->bound = 1;
        } else {
            int rc = ds_expr_check(text, err);
            if (rc) {
                ds_err_prefix(err, "%s '%s': %s: ", what, vs->name, p->name);
                return rc;
            }
            if (ds_expr_is_constant(text)) {
                ds_expr_eval(text, NULL, &v->num, NULL);
                v->bound = 1;
            } else {
                v->is_expr = 1;
                v->num = NAN;
            }
        }
        if (v->bound && !isfinite(v->num))
            return ds_fail(err, DS_EINVAL, "%s '%s': %s=%s is not a finite number", what, vs->name, p->name, text);
        if (v->bound && !ds_param_in_range(p, v->num))
            return out_of_range(what, vs, p, text, v->num, err);
        return DS_OK;
    }
    case DS_P_INT: {
        long x;
        if ((p->flags & DS_P_ALL) && strcmp(text, "all") == 0) {
            v->num = 0;
            return DS_OK;
        }
        if (ds_parse_long(text, &x)) {
            char r[96];
            ds_param_range_text(p, r, sizeof r);
            return ds_fail(err, DS_EINVAL, "%s '%s': %s=%s is not a whole number; accepted: %s%s",
                           what, vs->name, p->name, text, r, (p->flags & DS_P_ALL) ? " or all" : "");
        }
        v->num = (double)x;
        if (!ds_param_in_range(p, v->num))
            return out_of_range(what, vs, p, text, v->num, err);
        return DS_OK;
    }
    case DS_P_BOOL:
        if (!strcmp(text, "1") || !strcmp(text, "true") || !strcmp(text, "yes"))
            v->num = 1;
        else if (!strcmp(text, "0") || !strcmp(text, "false") || !strcmp(text, "no"))
            v->num = 0;
        else
            return ds_fail(err, DS_EINVAL, "%s '%s': %s=%s is not a boolean; accepted: 0, 1, true, false",
                           what, vs->name, p->name, text);
        return DS_OK;
    case DS_P_ENUM: {
        int idx = enum_index(p->choices, text);
        if (idx < 0)
            return ds_fail(err, DS_EINVAL, "%s '%s': %s=%s is not one of %s", what, vs->name,
                           p->name, text, p->choices);
        v->num = idx;
        return DS_OK;
    }
    case DS_P_STR:
        return DS_OK;
    case DS_P_LIST: {
        const char *s = text;
        if (!*s)
            return DS_OK;  /* an empty default */
        for (;;) {
            const char *semi = strchr(s, ';');
            size_t len = semi ? (size_t)(semi - s) : strlen(s);
            char item[64];
            trim_copy(item, sizeof item, s, len);
            double x;
            if (v->nlist == DS_LIST_MAX)
                return ds_fail(err, DS_EINVAL, "%s '%s': %s has more than %d entries", what,
                               vs->name, p->name, DS_LIST_MAX);
            if (ds_parse_double(item, &x))
                return ds_fail(err, DS_EINVAL, "%s '%s': %s: '%s' is not a number (lists are a;b;c)",
                               what, vs->name, p->name, item);
            if (!ds_param_in_range(p, x))
                return out_of_range(what, vs, p, item, x, err);
            v->list[v->nlist++] = x;
            if (!semi)
                break;
            s = semi + 1;
        }
        return DS_OK;
    }
    }
    return DS_OK;
}

static const char *const *table_names(const ds_param *const *tables, size_t ntables,
                                      const char **buf, size_t cap, size_t *n)
{
    *n = 0;
    for (size_t t = 0; t < ntables; t++)
        for (const ds_param *p = tables[t]; p && p->name && *n < cap; p++)
            buf[(*n)++] = p->name;
    return buf;
}

static size_t count_params(const ds_param *const *tables, size_t ntables)
{
    size_t n = 0;
    for (size_t t = 0; t < ntables; t++)
        for (const ds_param *p = tables[t]; p && p->name; p++)
            n++;
    return n;
}

static int parse_into(const char *what, const ds_spec *spec, const ds_param *const *tables, size_t ntables,
                      ds_values *out, ds_err *err)
{
    for (size_t t = 0; t < ntables; t++) {
        for (const ds_param *p = tables[t]; p && p->name; p++) {
            if (ds_value_get(out, p->name))
                continue;  /* shadowed by an earlier table */
            if (out->n == DS_MAX_PARAMS)
                return ds_fail(err, DS_EINVAL, "%s '%s': too many parameters", what, spec->name);
            ds_value *v = &out->v[out->n++];
            v->p = p;
            int rc = set_value(what, out, v, p->def ? p->def : "0", err);
            if (rc) {
                ds_err_prefix(err, "internal default: ");
                return rc;
            }
        }
    }
    for (size_t i = 0; i < spec->n; i++) {
        ds_value *v = (ds_value *)ds_value_get(out, spec->key[i]);
        if (!v) {
            const char *names[DS_MAX_PARAMS] = {NULL};
            size_t nn;
            table_names(tables, ntables, names, DS_MAX_PARAMS, &nn);
            char hint[128], list[1024] = "";
            size_t off = 0;
            for (size_t k = 0; k < nn && off < sizeof list; k++)
                off += (size_t)snprintf(list + off, sizeof list - off, "%s%s", k ? ", " : "", names[k]);
            ds_did_you_mean(spec->key[i], names, nn, hint, sizeof hint);
            return ds_fail(err, DS_EINVAL, "%s '%s' has no parameter '%s'%s (accepted: %s)", what,
                           spec->name, spec->key[i], hint, nn ? list : "none");
        }
        int rc = set_value(what, out, v, spec->val[i], err);
        if (rc)
            return rc;
    }
    return DS_OK;
}

int ds_values_parse(const char *what, const ds_spec *spec, const ds_param *const *tables,
                    size_t ntables, ds_values *out, ds_err *err)
{
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "%s", spec->name);
    size_t cap = count_params(tables, ntables);
    out->v = calloc(cap ? cap : 1, sizeof *out->v);
    if (!out->v)
        return ds_fail(err, DS_ENOMEM, "out of memory for the %zu parameters of %s '%s'", cap, what, spec->name);
    int rc = parse_into(what, spec, tables, ntables, out, err);
    if (rc)
        ds_values_free(out);
    return rc;
}

void ds_values_free(ds_values *v)
{
    free(v->v);
    memset(v, 0, sizeof *v);
}

int ds_values_copy(ds_values *dst, const ds_values *src, ds_err *err)
{
    memset(dst, 0, sizeof *dst);
    ds_value *v = malloc((src->n ? src->n : 1) * sizeof *v);
    if (!v)
        return ds_fail(err, DS_ENOMEM, "out of memory copying the parameters of '%s'", src->name);
    if (src->n)
        memcpy(v, src->v, src->n * sizeof *v);
    *dst = *src;
    dst->v = v;
    return DS_OK;
}

int ds_values_set(ds_values *vs, const char *key, const char *text, ds_err *err)
{
    ds_value *v = (ds_value *)ds_value_get(vs, key);
    if (!v)
        return ds_fail(err, DS_EINVAL, "'%s' has no parameter '%s'", vs->name, key);
    return set_value("spec", vs, v, text, err);
}

int ds_values_bind(ds_values *vs, const ds_expr_vars *vars, ds_err *err)
{
    for (size_t i = 0; i < vs->n; i++) {
        ds_value *v = &vs->v[i];
        if (v->p->type != DS_P_REAL || !v->is_expr)
            continue;
        int rc = ds_expr_eval(v->text, vars, &v->num, err);
        if (rc) {
            ds_err_prefix(err, "'%s': %s: ", vs->name, v->p->name);
            return rc;
        }
        v->bound = 1;
        if (!ds_param_in_range(v->p, v->num))
            return out_of_range("spec", vs, v->p, v->text, v->num, err);
    }
    return DS_OK;
}

const ds_value *ds_value_get(const ds_values *vs, const char *name)
{
    for (size_t i = 0; i < vs->n; i++)
        if (strcmp(vs->v[i].p->name, name) == 0)
            return &vs->v[i];
    return NULL;
}

double ds_num(const ds_values *vs, const char *name)
{
    const ds_value *v = ds_value_get(vs, name);
    return v ? v->num : NAN;
}

long ds_int(const ds_values *vs, const char *name)
{
    const ds_value *v = ds_value_get(vs, name);
    return v ? (long)v->num : 0;
}

int ds_bool(const ds_values *vs, const char *name)
{
    const ds_value *v = ds_value_get(vs, name);
    return v ? v->num != 0 : 0;
}

int ds_enum(const ds_values *vs, const char *name)
{
    const ds_value *v = ds_value_get(vs, name);
    return v ? (int)v->num : -1;
}

const char *ds_str(const ds_values *vs, const char *name)
{
    const ds_value *v = ds_value_get(vs, name);
    return v ? v->text : NULL;
}

const double *ds_list(const ds_values *vs, const char *name, size_t *n)
{
    const ds_value *v = ds_value_get(vs, name);
    *n = v ? v->nlist : 0;
    return v ? v->list : NULL;
}

/* Canonical text of one value: numbers normalised, expressions without
 * spaces. */
static void canon_value(const ds_value *v, char *buf, size_t size)
{
    switch (v->p->type) {
    case DS_P_REAL:
        if (v->is_expr) {
            size_t k = 0;
            for (const char *c = v->text; *c && k + 1 < size; c++)
                if (!isspace((unsigned char)*c))
                    buf[k++] = *c;
            buf[k] = '\0';
        } else {
            ds_fmt_double(v->num, buf, size);
        }
        return;
    case DS_P_INT:
        if ((v->p->flags & DS_P_ALL) && v->num == 0)
            snprintf(buf, size, "all");
        else
            snprintf(buf, size, "%ld", (long)v->num);
        return;
    case DS_P_BOOL:
        snprintf(buf, size, "%d", v->num != 0);
        return;
    case DS_P_LIST: {
        size_t off = 0;
        buf[0] = '\0';
        for (size_t i = 0; i < v->nlist && off < size; i++) {
            char x[32];
            ds_fmt_double(v->list[i], x, sizeof x);
            off += (size_t)snprintf(buf + off, size - off, "%s%s", i ? ";" : "", x);
        }
        return;
    }
    default:
        snprintf(buf, size, "%s", v->text);
    }
}

int ds_given(const ds_values *vs, const char *name)
{
    const ds_value *v = ds_value_get(vs, name);
    if (!v)
        return 0;
    ds_values tmp = {.n = 0};
    snprintf(tmp.name, sizeof tmp.name, "%s", vs->name);
    ds_value d = {.p = v->p};
    if (set_value("spec", &tmp, &d, v->p->def ? v->p->def : "0", NULL))
        return 1;
    char a[DS_TEXT_MAX * 2], b[DS_TEXT_MAX * 2];
    canon_value(v, a, sizeof a);
    canon_value(&d, b, sizeof b);
    return strcmp(a, b) != 0;
}

void ds_values_canon(const ds_values *vs, char *buf, size_t size)
{
    size_t off = (size_t)snprintf(buf, size, "%s", vs->name);
    int first = 1;
    for (size_t i = 0; i < vs->n && off < size; i++) {
        if (!ds_given(vs, vs->v[i].p->name))
            continue;
        char val[DS_TEXT_MAX * 2];
        canon_value(&vs->v[i], val, sizeof val);
        off += (size_t)snprintf(buf + off, size - off, "%c%s=%s", first ? ':' : ',',
                                vs->v[i].p->name, val);
        first = 0;
    }
}
