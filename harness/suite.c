/* Suite files (suites/README.md): read with libinih, every line validated,
 * grids expanded, runs listed and sorted by id. */
#include "suite.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ini.h>

#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../core/schedule.h"

const char *const ds_suite_table_names[] = {"summary", "targets", "ert", "ranks", "profile", "lr", "kappa",
                                            "timing", NULL};
const char *const ds_suite_figure_names[] = {"bands", "bands-epochs", "profile", "lr", "kappa", "paths", NULL};
const char *const ds_suite_claim_columns[] = {"iter", "f", "f_gap", "grad_norm", "lr", "epochs", "dist", "x1", "x2",
                                              "x3", "rel_gap", "rate", "steps", "status", "L", "mu", "f_star",
                                              "iters-to-gap", NULL};

/* Budget keys, shared by [suite] and [problem NAME]; bit i of a section's
 * `set` marks budget_keys[i] as overridden. */
static const char *const budget_keys[] = {"iters", "max-epochs", "target", "gtol", "time-limit",
                                          "log-every", "diverge", NULL};

enum { KIND_NONE, KIND_SUITE, KIND_PROBLEM, KIND_OPTIMIZER, KIND_FIGURE, KIND_CLAIM };

/* A spec line kept until the whole file is read (grids expand after). */
typedef struct {
    int kind;      /* KIND_PROBLEM, KIND_OPTIMIZER, or -1 for a schedule */
    size_t section;
    int line;
    char *text;
} raw_spec;

typedef struct {
    ds_suite *s;
    const char *path;
    ds_err *err;
    /* the reader's position */
    const char *cursor;
    int line, headers, header_line;
    /* the handler's position */
    int seen_headers, kind;
    size_t section;
    unsigned char *opened;  /* headers that had at least one key */
    raw_spec *raw;
    size_t nraw, capraw;
    int suite_seen;
    int name_set;  /* `name =` given: the file name does not name the suite */
    int err_line;  /* line of the first error we found */
    /* the keys of the current section, to refuse one written twice */
    struct seen_key { char key[DS_NAME_MAX]; int line; } *keys;
    size_t nkeys, capkeys;
    int indented;                /* the line read last starts with a blank */
    char last_key[DS_NAME_MAX];  /* the key of the pair before */
} parse_ctx;

static int failf(parse_ctx *c, const char *key, const char *value, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The first error wins; inih goes on reading, we only remember it. */
static int failf(parse_ctx *c, const char *key, const char *value, const char *fmt, ...)
{
    if (c->err->code)
        return 0;
    c->err_line = c->line;
    char msg[DS_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    ds_vformat(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (key)
        ds_fail(c->err, DS_EINVAL, "%s:%d: %s = %s: %s", c->path, c->line, key, value, msg);
    else
        ds_fail(c->err, DS_EINVAL, "%s:%d: %s", c->path, c->line, msg);
    return 0;
}

/* ---- grids ------------------------------------------------------------ */

void ds_grid_free(char **items, size_t n)
{
    for (size_t i = 0; i < n && items; i++)
        free(items[i]);
    free(items);
}

typedef struct {
    const char *start;  /* text before this group (or after the last one) */
    size_t len;
    size_t nalt;
    const char *alt[DS_SUITE_MAX_EXPAND];
    size_t altlen[DS_SUITE_MAX_EXPAND];
} grid_part;

static void trim(const char **s, size_t *len)
{
    while (*len && isspace((unsigned char)**s))
        (*s)++, (*len)--;
    while (*len && isspace((unsigned char)(*s)[*len - 1]))
        (*len)--;
}

/* Split "a{x,y}b{z}c" into parts: literal, then group alternatives. */
static int grid_split(const char *text, grid_part **parts, size_t *nparts, ds_err *err)
{
    size_t cap = 1;
    for (const char *c = text; *c; c++)
        cap += *c == '{';
    grid_part *p = calloc(cap, sizeof *p);
    if (!p)
        return ds_fail(err, DS_ENOMEM, "out of memory");
    size_t k = 0;
    const char *c = text;
    for (;;) {
        const char *open = strpbrk(c, "{}");
        p[k].start = c;
        p[k].len = open ? (size_t)(open - c) : strlen(c);
        if (!open) {
            k++;
            break;
        }
        if (*open == '}') {
            free(p);
            return ds_fail(err, DS_EINVAL, "'}' without '{' at column %d", (int)(open - text) + 1);
        }
        const char *close = strpbrk(open + 1, "{}");
        if (!close || *close == '{') {
            free(p);
            return ds_fail(err, DS_EINVAL, close ? "grids do not nest: '{' inside '{...}'"
                                                 : "'{' at column %d is never closed",
                           (int)(open - text) + 1);
        }
        const char *a = open + 1;
        for (;;) {
            const char *comma = memchr(a, ',', (size_t)(close - a));
            const char *end = comma ? comma : close;
            const char *s = a;
            size_t len = (size_t)(end - a);
            trim(&s, &len);
            if (!len || p[k].nalt == DS_SUITE_MAX_EXPAND) {
                free(p);
                return ds_fail(err, DS_EINVAL, len ? "too many alternatives in one '{...}'"
                                                   : "empty alternative in '{...}' (write {a,b,c})");
            }
            p[k].alt[p[k].nalt] = s;
            p[k].altlen[p[k].nalt++] = len;
            if (!comma)
                break;
            a = comma + 1;
        }
        k++;
        c = close + 1;
    }
    *parts = p;
    *nparts = k;
    return DS_OK;
}

int ds_grid_expand(const char *text, char ***out, size_t *n, ds_err *err)
{
    *out = NULL;
    *n = 0;
    grid_part *p = NULL;
    size_t np = 0;
    int rc = grid_split(text, &p, &np, err);
    if (rc)
        return rc;
    size_t total = 1;
    for (size_t k = 0; k < np; k++)
        if (p[k].nalt) {
            if (total * p[k].nalt > DS_SUITE_MAX_EXPAND) {
                free(p);
                return ds_fail(err, DS_EINVAL, "the grid expands to more than %d configurations",
                               DS_SUITE_MAX_EXPAND);
            }
            total *= p[k].nalt;
        }
    char **items = calloc(total, sizeof *items);
    size_t idx[64] = {0}, size = strlen(text) + 1;
    if (!items || np > 64) {
        free(p);
        free(items);
        return ds_fail(err, DS_EINVAL, "too many grids in one line");
    }
    for (size_t i = 0; i < total; i++) {
        /* odometer: the last group turns fastest, so output follows the text */
        size_t rem = i;
        for (size_t k = np; k-- > 0;)
            if (p[k].nalt) {
                idx[k] = rem % p[k].nalt;
                rem /= p[k].nalt;
            }
        char *s = items[i] = malloc(size);
        if (!s) {
            ds_grid_free(items, total);
            free(p);
            return ds_fail(err, DS_ENOMEM, "out of memory");
        }
        size_t off = 0;
        for (size_t k = 0; k < np; k++) {
            memcpy(s + off, p[k].start, p[k].len);
            off += p[k].len;
            if (p[k].nalt) {
                memcpy(s + off, p[k].alt[idx[k]], p[k].altlen[idx[k]]);
                off += p[k].altlen[idx[k]];
            }
        }
        s[off] = '\0';
    }
    free(p);
    *out = items;
    *n = total;
    return DS_OK;
}

/* How many configurations a spec line stands for, without building them
 * (0 when the line is malformed: expansion reports why). */
static size_t grid_count(const char *text)
{
    grid_part *p = NULL;
    size_t np = 0, total = 1;
    if (grid_split(text, &p, &np, NULL))
        return 0;
    for (size_t k = 0; k < np; k++)
        if (p[k].nalt)
            total = total > DS_SUITE_MAX_EXPAND ? total : total * p[k].nalt;
    free(p);
    return total;
}

/* ---- lists of names ---------------------------------------------------- */

static const char *next_name(const char *s, char *buf, size_t size)
{
    while (*s && (*s == ',' || isspace((unsigned char)*s)))
        s++;
    if (!*s)
        return NULL;
    size_t k = 0;
    while (*s && *s != ',' && !isspace((unsigned char)*s)) {
        if (k + 1 < size)
            buf[k++] = *s;
        s++;
    }
    buf[k] = '\0';
    return s;
}

int ds_name_in_list(const char *list, const char *name)
{
    char w[DS_NAME_MAX];
    for (const char *s = list; (s = next_name(s, w, sizeof w));)
        if (!strcmp(w, name))
            return 1;
    return 0;
}

static size_t count_names(const char *const *names)
{
    size_t n = 0;
    while (names[n])
        n++;
    return n;
}

/* Check every name of a list against the accepted ones. */
static int check_names(parse_ctx *c, const char *key, const char *value, const char *const *accepted)
{
    char w[DS_NAME_MAX], hint[128], all[512] = "";
    size_t n = count_names(accepted);
    for (size_t i = 0; i < n; i++)
        snprintf(all + strlen(all), sizeof all - strlen(all), "%s%s", i ? ", " : "", accepted[i]);
    for (const char *s = value; (s = next_name(s, w, sizeof w));) {
        size_t i = 0;
        while (i < n && strcmp(accepted[i], w))
            i++;
        if (i == n)
            return failf(c, key, value, "unknown name '%s'%s (accepted: %s)", w,
                         ds_did_you_mean(w, accepted, n, hint, sizeof hint), all);
    }
    return 1;
}

/* ---- numbers ----------------------------------------------------------- */

static int get_long(parse_ctx *c, const char *key, const char *value, long lo, long hi, long *out)
{
    if (ds_parse_long(value, out) || *out < lo || *out > hi)
        return failf(c, key, value, "expected a whole number in [%ld, %ld]", lo, hi);
    return 1;
}

static int get_double(parse_ctx *c, const char *key, const char *value, double lo, int lo_open, double *out)
{
    if (ds_parse_double(value, out) || !isfinite(*out) || *out < lo || (lo_open && *out == lo))
        return failf(c, key, value, "expected a finite number %s %g", lo_open ? ">" : ">=", lo);
    return 1;
}

/* A budget key into stop/log_every; 0 not a budget key, -1 bad value. */
static int set_budget(parse_ctx *c, const char *key, const char *value, ds_stop *st, long *log_every,
                      unsigned *mask)
{
    size_t i = 0;
    while (budget_keys[i] && strcmp(budget_keys[i], key))
        i++;
    if (!budget_keys[i])
        return 0;
    int ok;
    switch (i) {
    case 0: ok = get_long(c, key, value, 0, 1000000000L, &st->max_iters); break;
    case 1: ok = get_double(c, key, value, 0, 0, &st->max_evals); break;
    case 2: ok = get_double(c, key, value, 0, 0, &st->target); break;
    case 3: ok = get_double(c, key, value, 0, 0, &st->gtol); break;
    case 4: ok = get_double(c, key, value, 0, 0, &st->time_limit); break;
    case 5: ok = get_long(c, key, value, 0, 1000000000L, log_every); break;
    default: ok = get_double(c, key, value, 1, 1, &st->diverge_factor); break;
    }
    if (mask)
        *mask |= 1u << i;
    return ok ? 1 : -1;
}

static void apply_budget(const ds_stop *from, long from_log, unsigned mask, ds_stop *st, long *log_every)
{
    ds_stop over = *st;
    long over_log = *log_every;
    *st = *from;
    *log_every = from_log;
    if (mask & 1u) st->max_iters = over.max_iters;
    if (mask & 2u) st->max_evals = over.max_evals;
    if (mask & 4u) st->target = over.target;
    if (mask & 8u) st->gtol = over.gtol;
    if (mask & 16u) st->time_limit = over.time_limit;
    if (mask & 32u) *log_every = over_log;
    if (mask & 64u) st->diverge_factor = over.diverge_factor;
}

/* ---- the INI handler --------------------------------------------------- */

static int keep_raw(parse_ctx *c, int kind, const char *value)
{
    if (c->nraw == c->capraw) {
        size_t cap = c->capraw ? 2 * c->capraw : 32;
        raw_spec *r = realloc(c->raw, cap * sizeof *r);
        if (!r)
            return failf(c, NULL, NULL, "out of memory");
        c->raw = r;
        c->capraw = cap;
    }
    char *t = strdup(value);
    if (!t)
        return failf(c, NULL, NULL, "out of memory");
    c->raw[c->nraw++] = (raw_spec){.kind = kind, .section = c->section, .line = c->line, .text = t};
    return 1;
}

static int add_section(parse_ctx *c, ds_suite_section **arr, size_t *n, const char *kind, const char *label)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*arr)[i].label, label))
            return failf(c, NULL, NULL, "[%s %s] appears twice (first on line %d)", kind, label,
                         (*arr)[i].line);
    ds_suite_section *a = realloc(*arr, (*n + 1) * sizeof *a);
    if (!a)
        return failf(c, NULL, NULL, "out of memory");
    *arr = a;
    memset(&a[*n], 0, sizeof a[*n]);
    snprintf(a[*n].label, sizeof a[*n].label, "%s", label);
    a[*n].line = c->header_line;
    ds_stop_defaults(&a[*n].stop);
    a[*n].first_seed = -1;  /* the suite's */
    c->section = (*n)++;
    return 1;
}

static int valid_label(const char *s);

static int add_figure(parse_ctx *c, const char *name)
{
    ds_suite *s = c->s;
    for (size_t i = 0; i < s->nfigs; i++)
        if (!strcmp(s->figs[i].name, name))
            return failf(c, NULL, NULL, "[figure %s] appears twice (first on line %d)", name, s->figs[i].line);
    ds_suite_figure *f = realloc(s->figs, (s->nfigs + 1) * sizeof *f);
    if (!f)
        return failf(c, NULL, NULL, "out of memory");
    s->figs = f;
    memset(&f[s->nfigs], 0, sizeof f[s->nfigs]);
    snprintf(f[s->nfigs].name, sizeof f[s->nfigs].name, "%s", name);
    f[s->nfigs].line = c->header_line;
    c->section = s->nfigs++;
    c->kind = KIND_FIGURE;
    return 1;
}

static int add_claim(parse_ctx *c, const char *name)
{
    ds_suite *s = c->s;
    for (size_t i = 0; i < s->nclaims; i++)
        if (!strcmp(s->claims[i].name, name))
            return failf(c, NULL, NULL, "[claim %s] appears twice (first on line %d)", name, s->claims[i].line);
    ds_suite_claim *a = realloc(s->claims, (s->nclaims + 1) * sizeof *a);
    if (!a)
        return failf(c, NULL, NULL, "out of memory");
    s->claims = a;
    ds_suite_claim *cl = &a[s->nclaims];
    memset(cl, 0, sizeof *cl);
    snprintf(cl->name, sizeof cl->name, "%s", name);
    cl->line = c->header_line;
    cl->seed = -1;
    cl->at = -1;
    cl->digits = 6;
    cl->quoted_v = NAN;
    c->section = s->nclaims++;
    c->kind = KIND_CLAIM;
    return 1;
}

static int valid_label(const char *s)
{
    if (!*s || strlen(s) >= DS_NAME_MAX)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr("_-.+", *s))
            return 0;
    return 1;
}

static int open_section_at(parse_ctx *c, const char *section);

/* Messages about a section name its header's line. */
static int open_section(parse_ctx *c, const char *section)
{
    int line = c->line;
    c->line = c->header_line;
    int ok = open_section_at(c, section);
    c->line = line;
    return ok;
}

static int open_section_at(parse_ctx *c, const char *section)
{
    c->seen_headers = c->headers;
    c->kind = KIND_NONE;
    if (!section[0])
        return failf(c, NULL, NULL, "a key before any section: start with [suite]");
    if (c->opened && c->headers > 0)
        c->opened[c->headers - 1] = 1;
    char kind[32] = "", label[256] = "";
    int nf = sscanf(section, "%31s %255s", kind, label);
    const char *rest = section + strlen(kind);
    while (isspace((unsigned char)*rest))
        rest++;
    if (!strcmp(kind, "suite") && nf == 1) {
        if (c->suite_seen)
            return failf(c, NULL, NULL, "[suite] appears twice");
        c->suite_seen = 1;
        c->kind = KIND_SUITE;
        return 1;
    }
    int is_p = !strcmp(kind, "problem"), is_o = !strcmp(kind, "optimizer"), is_f = !strcmp(kind, "figure");
    int is_c = !strcmp(kind, "claim");
    if (!is_p && !is_o && !is_f && !is_c)
        return failf(c, NULL, NULL, "unknown section [%s] (accepted: [suite], [problem NAME], [optimizer NAME], "
                     "[figure NAME], [claim NAME])", section);
    if (nf < 2 || strcmp(rest, label) || !valid_label(label))
        return failf(c, NULL, NULL, "[%s] needs one name of letters, digits and _-.+ ([%s NAME])", section, kind);
    if (is_f)
        return add_figure(c, label);
    if (is_c)
        return add_claim(c, label);
    c->kind = is_p ? KIND_PROBLEM : KIND_OPTIMIZER;
    return is_p ? add_section(c, &c->s->psec, &c->s->npsec, "problem", label)
                : add_section(c, &c->s->osec, &c->s->nosec, "optimizer", label);
}

static int suite_key(parse_ctx *c, const char *key, const char *value)
{
    ds_suite *s = c->s;
    int b = set_budget(c, key, value, &s->stop, &s->log_every, NULL);
    if (b)
        return b > 0;
    if (!strcmp(key, "name")) {
        if (!valid_label(value))
            return failf(c, key, value, "a suite name is letters, digits and _-.+ (it names result files)");
        snprintf(s->name, sizeof s->name, "%s", value);
        c->name_set = 1;
        return 1;
    }
    if (!strcmp(key, "description"))
        return 1;
    if (!strcmp(key, "page")) {
        if (strlen(value) >= sizeof s->page)
            return failf(c, key, value, "path too long");
        snprintf(s->page, sizeof s->page, "%s", value);
        s->page_line = c->line;
        return 1;
    }
    if (!strcmp(key, "seed")) {
        long v;
        if (!get_long(c, key, value, 0, 9007199254740991L, &v))
            return 0;
        s->seed = (uint64_t)v;
        return 1;
    }
    if (!strcmp(key, "seeds"))
        return get_long(c, key, value, 1, 1000000L, &s->seeds);
    if (!strcmp(key, "first-seed"))
        return get_long(c, key, value, 0, 9007199254740991L, &s->first_seed);
    if (!strcmp(key, "tables") && !strcmp(value, "none")) {
        s->tables[0] = '\0';
        return 1;
    }
    if (!strcmp(key, "tables") || !strcmp(key, "figures")) {
        int tables = key[0] == 't';
        if (!check_names(c, key, value, tables ? ds_suite_table_names : ds_suite_figure_names))
            return 0;
        snprintf(tables ? s->tables : s->figures, sizeof s->tables, "%s", value);
        return 1;
    }
    static const char *const keys[] = {"name", "description", "seed", "seeds", "first-seed", "tables", "figures",
                                       "iters", "max-epochs", "target", "gtol", "time-limit", "log-every",
                                       "diverge", "page"};
    char hint[128];
    return failf(c, key, value, "unknown key in [suite]%s", ds_did_you_mean(key, keys, 15, hint, sizeof hint));
}

static int problem_key(parse_ctx *c, const char *key, const char *value)
{
    ds_suite_section *sec = &c->s->psec[c->section];
    if (!strcmp(key, "spec"))
        return keep_raw(c, KIND_PROBLEM, value);
    if (!strcmp(key, "optimizers")) {
        char w[DS_NAME_MAX];
        for (const char *s = value; (s = next_name(s, w, sizeof w));) {  /* a repeated key adds names */
            if (sec->nallow == DS_SUITE_MAX_LABELS)
                return failf(c, key, value, "more than %d names", DS_SUITE_MAX_LABELS);
            sec->allow_line[sec->nallow] = c->line;
            snprintf(sec->allow[sec->nallow++], DS_NAME_MAX, "%s", w);
        }
        return sec->nallow ? 1 : failf(c, key, value, "expected optimizer section names");
    }
    if (!strcmp(key, "seeds"))
        return get_long(c, key, value, 1, 1000000L, &sec->seeds);
    if (!strcmp(key, "first-seed"))
        return get_long(c, key, value, 0, 9007199254740991L, &sec->first_seed);
    int b = set_budget(c, key, value, &sec->stop, &sec->log_every, &sec->set);
    if (b)
        return b > 0;
    static const char *const keys[] = {"spec", "optimizers", "seeds", "first-seed", "iters", "max-epochs",
                                       "target", "gtol", "time-limit", "log-every", "diverge"};
    char hint[128];
    return failf(c, key, value, "unknown key in [problem %s]%s (accepted: spec, optimizers, seeds, first-seed, "
                 "iters, max-epochs, target, gtol, time-limit, log-every, diverge)", sec->label,
                 ds_did_you_mean(key, keys, 11, hint, sizeof hint));
}

static int optimizer_key(parse_ctx *c, const char *key, const char *value)
{
    if (!strcmp(key, "spec"))
        return keep_raw(c, KIND_OPTIMIZER, value);
    if (!strcmp(key, "schedule"))
        return keep_raw(c, -1, value);
    static const char *const keys[] = {"spec", "schedule"};
    char hint[128];
    return failf(c, key, value, "unknown key in [optimizer %s]%s (accepted: spec, schedule)",
                 c->s->osec[c->section].label, ds_did_you_mean(key, keys, 2, hint, sizeof hint));
}

/* References are resolved once every section is known (check_figures). */
static int figure_key(parse_ctx *c, const char *key, const char *value)
{
    ds_suite_figure *f = &c->s->figs[c->section];
    if (!strcmp(key, "script")) {
        if (f->script[0])
            return failf(c, key, value, "[figure %s] has two scripts (the first on line %d)", f->name,
                         f->script_line);
        if (strlen(value) >= sizeof f->script)
            return failf(c, key, value, "path too long");
        snprintf(f->script, sizeof f->script, "%s", value);
        f->script_line = c->line;
        return 1;
    }
    if (!strcmp(key, "runs")) {
        char w[2 * DS_NAME_MAX];
        for (const char *s = value; (s = next_name(s, w, sizeof w));) {
            if (f->nrefs == DS_SUITE_MAX_REFS)
                return failf(c, key, value, "more than %d run references in one figure", DS_SUITE_MAX_REFS);
            snprintf(f->ref_text[f->nrefs], sizeof f->ref_text[0], "%s", w);
            f->ref_line[f->nrefs++] = c->line;
        }
        return 1;
    }
    static const char *const keys[] = {"script", "runs"};
    char hint[128];
    return failf(c, key, value, "unknown key in [figure %s]%s (accepted: script, runs)", f->name,
                 ds_did_you_mean(key, keys, 2, hint, sizeof hint));
}

static int pick_name(parse_ctx *c, const char *key, const char *value, const char *const *names, int *out)
{
    for (int i = 0; names[i]; i++)
        if (!strcmp(value, names[i])) {
            *out = i;
            return 1;
        }
    char hint[128], list[256] = "";
    for (int i = 0; names[i]; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", names[i]);
    return failf(c, key, value, "unknown value%s (accepted: %s)",
                 ds_did_you_mean(value, names, count_names(names), hint, sizeof hint), list);
}

static int claim_text_key(parse_ctx *c, ds_suite_claim *cl, const char *key, const char *value)
{
    char *dst = !strcmp(key, "text")        ? cl->text
                : !strcmp(key, "quoted")    ? cl->quoted
                : !strcmp(key, "problem")   ? cl->problem
                : !strcmp(key, "optimizer") ? cl->optimizer
                                            : cl->schedule;
    size_t size = dst == cl->text ? sizeof cl->text : dst == cl->quoted ? sizeof cl->quoted : DS_CANON_MAX;
    if (strlen(value) >= size)
        return failf(c, key, value, "longer than %zu characters", size - 1);
    snprintf(dst, size, "%s", value);
    return 1;
}

/* Values are checked against each other once the section is complete
 * (check_claims). */
static int claim_key(parse_ctx *c, const char *key, const char *value)
{
    ds_suite_claim *cl = &c->s->claims[c->section];
    static const char *const kinds[] = {"none", "equal", "at-most", "at-least", "status", NULL};
    static const char *const stats[] = {"median", "min", "max", NULL};
    if (!strcmp(key, "text") || !strcmp(key, "quoted") || !strcmp(key, "problem") || !strcmp(key, "optimizer") ||
        !strcmp(key, "schedule"))
        return claim_text_key(c, cl, key, value);
    if (!strcmp(key, "runs")) {
        if (strlen(value) >= sizeof cl->ref_text)
            return failf(c, key, value, "too long");
        snprintf(cl->ref_text, sizeof cl->ref_text, "%s", value);
        cl->ref_line = c->line;
        return 1;
    }
    if (!strcmp(key, "column")) {
        int k;
        if (!pick_name(c, key, value, ds_suite_claim_columns, &k))
            return 0;
        snprintf(cl->column, sizeof cl->column, "%s", value);
        return 1;
    }
    if (!strcmp(key, "compare"))
        return pick_name(c, key, value, kinds, &cl->kind);
    if (!strcmp(key, "stat"))
        return pick_name(c, key, value, stats, &cl->stat);
    if (!strcmp(key, "tolerance")) {
        size_t len = strlen(value);
        cl->tol_rel = len > 1 && value[len - 1] == '%';
        char num[64];
        snprintf(num, sizeof num, "%.*s", (int)(len - (size_t)cl->tol_rel), value);
        if (ds_parse_double(num, &cl->tol) || !isfinite(cl->tol) || cl->tol < 0)
            return failf(c, key, value, "expected a number >= 0, or a percentage such as 1%%");
        if (cl->tol_rel)
            cl->tol /= 100;
        return 1;
    }
    if (!strcmp(key, "at"))
        return get_long(c, key, value, 0, 9007199254740991L, &cl->at);
    if (!strcmp(key, "seed"))
        return get_long(c, key, value, 0, 9007199254740991L, &cl->seed);
    if (!strcmp(key, "gap"))
        return get_double(c, key, value, 0, 1, &cl->gap);
    if (!strcmp(key, "digits")) {
        long d;
        if (!get_long(c, key, value, 1, 17, &d))
            return 0;
        cl->digits = (int)d;
        return 1;
    }
    static const char *const keys[] = {"text", "quoted", "compare", "tolerance", "runs", "problem", "optimizer",
                                       "schedule", "seed", "column", "at", "gap", "stat", "digits"};
    char hint[128];
    return failf(c, key, value, "unknown key in [claim %s]%s (accepted: text, quoted, compare, tolerance, runs, "
                 "problem, optimizer, schedule, seed, column, at, gap, stat, digits)", cl->name,
                 ds_did_you_mean(key, keys, 14, hint, sizeof hint));
}

/* A key written twice in one section would silently keep the last value;
 * only spec, schedule, optimizers and (figure) runs lines add to each
 * other. */
static int first_time(parse_ctx *c, const char *key, const char *value)
{
    /* an indented line continues the key above (inih's multi-line values) */
    int continued = c->indented && !strcmp(key, c->last_key);
    snprintf(c->last_key, sizeof c->last_key, "%s", key);
    /* a claim names one of everything: its schedule and runs do not add up */
    int adds = c->kind != KIND_CLAIM && (!strcmp(key, "spec") || !strcmp(key, "schedule") ||
                                         !strcmp(key, "optimizers") || !strcmp(key, "runs"));
    if (continued || adds)
        return 1;
    for (size_t i = 0; i < c->nkeys; i++)
        if (!strcmp(c->keys[i].key, key))
            return failf(c, key, value, "'%s' appears twice in this section (first on line %d): keep one", key,
                         c->keys[i].line);
    if (c->nkeys == c->capkeys) {
        size_t cap = c->capkeys ? 2 * c->capkeys : 16;
        struct seen_key *k = realloc(c->keys, cap * sizeof *k);
        if (!k)
            return failf(c, NULL, NULL, "out of memory");
        c->keys = k;
        c->capkeys = cap;
    }
    snprintf(c->keys[c->nkeys].key, sizeof c->keys[c->nkeys].key, "%s", key);
    c->keys[c->nkeys++].line = c->line;
    return 1;
}

static int on_pair(void *user, const char *section, const char *key, const char *value)
{
    parse_ctx *c = user;
    if (c->err->code)
        return 0;
    if (c->headers != c->seen_headers || (c->headers == 0 && c->kind == KIND_NONE)) {
        c->nkeys = 0;
        if (!open_section(c, section))
            return 0;
    }
    if (!value[0])
        return failf(c, key, value, "empty value");
    if (!first_time(c, key, value))
        return 0;
    switch (c->kind) {
    case KIND_SUITE: return suite_key(c, key, value);
    case KIND_PROBLEM: return problem_key(c, key, value);
    case KIND_OPTIMIZER: return optimizer_key(c, key, value);
    case KIND_FIGURE: return figure_key(c, key, value);
    case KIND_CLAIM: return claim_key(c, key, value);
    default: return 0;
    }
}

/* fgets over the text in memory, counting lines and section headers, so
 * every message can name its line. */
static char *read_line(char *str, int num, void *stream)
{
    parse_ctx *c = stream;
    if (!*c->cursor)
        return NULL;
    const char *nl = strchr(c->cursor, '\n');
    size_t len = nl ? (size_t)(nl - c->cursor) + 1 : strlen(c->cursor);
    if (len > (size_t)num - 1)
        len = (size_t)num - 1;
    memcpy(str, c->cursor, len);
    str[len] = '\0';
    c->cursor += len;
    c->line++;
    c->indented = str[0] == ' ' || str[0] == '\t';
    const char *s = str;
    if (c->line == 1 && !strncmp(s, "\xEF\xBB\xBF", 3))  /* inih skips a mark on line 1 too */
        s += 3;
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '[' && strchr(s, ']')) {
        c->headers++;
        c->header_line = c->line;
    } else if (*s == '[') {  /* inih would only report the keys under it */
        size_t n = strcspn(s, "\r\n");
        failf(c, NULL, NULL, "'%.*s' is never closed: write [%.*s]", (int)n, s, (int)n - 1, s + 1);
    }
    return str;
}

/* ---- expansion --------------------------------------------------------- */

static int push_spec(ds_suite_spec **arr, size_t *n, size_t *cap)
{
    if (*n == *cap) {
        size_t nc = *cap ? 2 * *cap : 16;
        ds_suite_spec *a = realloc(*arr, nc * sizeof *a);
        if (!a)
            return -1;
        *arr = a;
        *cap = nc;
    }
    memset(&(*arr)[*n], 0, sizeof **arr);
    return 0;
}

static int expand_raw(parse_ctx *c, const raw_spec *r, size_t *caps)
{
    ds_suite *s = c->s;
    const char *key = r->kind < 0 ? "schedule" : "spec";
    c->line = r->line;
    char **alts;
    size_t nalt;
    ds_err e = {0};
    if (ds_grid_expand(r->text, &alts, &nalt, &e))
        return failf(c, key, r->text, "%s", e.msg);
    for (size_t i = 0; i < nalt; i++) {
        ds_suite_spec **arr = r->kind == KIND_PROBLEM ? &s->problems : r->kind == KIND_OPTIMIZER ? &s->optimizers
                                                                                                 : &s->schedules;
        size_t *n = r->kind == KIND_PROBLEM ? &s->nproblems : r->kind == KIND_OPTIMIZER ? &s->noptimizers
                                                                                         : &s->nschedules;
        size_t *cap = &caps[r->kind == KIND_PROBLEM ? 0 : r->kind == KIND_OPTIMIZER ? 1 : 2];
        if (push_spec(arr, n, cap)) {
            ds_grid_free(alts, nalt);
            return failf(c, NULL, NULL, "out of memory");
        }
        ds_suite_spec *sp = &(*arr)[*n];
        int rc = r->kind == KIND_PROBLEM     ? ds_problem_parse(alts[i], &sp->v, &e)
                 : r->kind == KIND_OPTIMIZER ? ds_optimizer_parse(alts[i], &sp->v, &e)
                                             : ds_schedule_parse(alts[i], &sp->v, &e);
        if (rc) {
            if (nalt > 1)
                failf(c, key, r->text, "in '%s': %s", alts[i], e.msg);
            else
                failf(c, key, r->text, "%s", e.msg);
            ds_grid_free(alts, nalt);
            return 0;
        }
        ds_values_canon(&sp->v, sp->canon, sizeof sp->canon);
        sp->line = r->line;
        sp->section = r->section;
        (*n)++;
    }
    ds_grid_free(alts, nalt);
    return 1;
}

static int allowed(const ds_suite_section *ps, const char *label)
{
    if (!ps->nallow)
        return 1;
    for (size_t a = 0; a < ps->nallow; a++)
        if (!strcmp(ps->allow[a], label))
            return 1;
    return 0;
}

/* a*b, saturating instead of wrapping. */
static uint64_t mul_sat(uint64_t a, uint64_t b)
{
    return a && b > UINT64_MAX / a ? UINT64_MAX : a * b;
}

/* Count the specs and runs the suite stands for before building any of
 * them: a few grid lines can stand for billions of runs, and building
 * their list first would take the machine's memory before any message. */
static int count_runs(parse_ctx *c)
{
    ds_suite *s = c->s;
    size_t nsec = s->npsec + s->nosec;
    uint64_t *count = calloc(nsec + s->nosec + 1, sizeof *count), total = 0, specs = 0;
    if (!count)
        return failf(c, NULL, NULL, "out of memory");
    uint64_t *np = count, *no = count + s->npsec, *ns = no + s->nosec;
    for (size_t i = 0; i < c->nraw; i++) {
        const raw_spec *r = &c->raw[i];
        uint64_t k = grid_count(r->text);
        if (k > DS_SUITE_MAX_EXPAND) {
            free(count);
            c->line = r->line;
            return failf(c, r->kind < 0 ? "schedule" : "spec", r->text,
                         "the grid expands to more than %d configurations", DS_SUITE_MAX_EXPAND);
        }
        specs += k;
        (r->kind == KIND_PROBLEM ? np : r->kind == KIND_OPTIMIZER ? no : ns)[r->section] += k;
    }
    for (size_t p = 0; p < s->npsec; p++)
        for (size_t o = 0; o < s->nosec; o++)
            if (allowed(&s->psec[p], s->osec[o].label)) {
                uint64_t n = mul_sat(mul_sat(np[p], no[o]), mul_sat(ns[o] ? ns[o] : 1, (uint64_t)s->seeds));
                total = total + n < total ? UINT64_MAX : total + n;
            }
    free(count);
    c->line = 1;
    if (specs > DS_SUITE_MAX_SPECS)
        return failf(c, NULL, NULL, "the spec lines expand to %llu configurations, more than %d; split the suite",
                     (unsigned long long)specs, DS_SUITE_MAX_SPECS);
    if (total > DS_SUITE_MAX_RUNS)
        return failf(c, NULL, NULL,
                     "the suite stands for %s%llu runs (problems x configurations x schedules x seeds), "
                     "more than %d; split it or use fewer seeds",
                     total == UINT64_MAX ? "over " : "", (unsigned long long)total, DS_SUITE_MAX_RUNS);
    return 1;
}

/* Optimizer sections without a schedule run under `constant`. */
static int default_schedules(parse_ctx *c, size_t *caps)
{
    ds_suite *s = c->s;
    for (size_t j = 0; j < s->nosec; j++) {
        size_t k = 0;
        while (k < s->nschedules && s->schedules[k].section != j)
            k++;
        if (k < s->nschedules)
            continue;
        raw_spec r = {.kind = -1, .section = j, .line = s->osec[j].line, .text = "constant"};
        if (!expand_raw(c, &r, caps))
            return 0;
    }
    return 1;
}

static int check_sections(parse_ctx *c)
{
    ds_suite *s = c->s;
    for (int h = 0; h < c->headers; h++)
        if (!c->opened[h]) {
            /* find the header again: an empty [suite] takes every default */
            const char *p = s->text, *q = p;
            int line = 1, k = 0;
            for (; *p; p++) {
                q = p;
                while (*q == ' ' || *q == '\t')
                    q++;
                if ((p == s->text || p[-1] == '\n') && *q == '[' && q[strcspn(q, "]\n")] == ']' && k++ == h)
                    break;
                line += *p == '\n';
            }
            c->line = line;
            if (!strncmp(q, "[suite]", 7)) {
                c->suite_seen = 1;
                continue;
            }
            return failf(c, NULL, NULL, "a section with no keys (each section needs at least its spec)");
        }
    for (size_t j = 0; j < s->npsec; j++) {
        ds_suite_section *sec = &s->psec[j];
        apply_budget(&s->stop, s->log_every, sec->set, &sec->stop, &sec->log_every);
        if (!sec->seeds)
            sec->seeds = s->seeds;
        if (sec->first_seed < 0)
            sec->first_seed = s->first_seed;
        c->line = sec->line;
        int has = 0;
        for (size_t k = 0; k < s->nproblems; k++)
            has |= s->problems[k].section == j;
        if (!has)
            return failf(c, NULL, NULL, "[problem %s] has no spec", sec->label);
        const char *names[256];
        size_t nn = 0;
        for (size_t i = 0; i < s->nosec && nn < 256; i++)
            names[nn++] = s->osec[i].label;
        for (size_t a = 0; a < sec->nallow; a++) {
            size_t i = 0;
            while (i < s->nosec && strcmp(s->osec[i].label, sec->allow[a]))
                i++;
            if (i == s->nosec) {
                char hint[128];
                c->line = sec->allow_line[a];
                return failf(c, "optimizers", sec->allow[a], "no section [optimizer %s]%s", sec->allow[a],
                             ds_did_you_mean(sec->allow[a], names, nn, hint, sizeof hint));
            }
        }
    }
    for (size_t j = 0; j < s->nosec; j++) {
        int has = 0;
        for (size_t k = 0; k < s->noptimizers; k++)
            has |= s->optimizers[k].section == j;
        c->line = s->osec[j].line;
        if (!has)
            return failf(c, NULL, NULL, "[optimizer %s] has no spec", s->osec[j].label);
    }
    c->line = 1;
    if (!c->suite_seen)
        return failf(c, NULL, NULL, "no [suite] section");
    if (!s->npsec || !s->nosec)
        return failf(c, NULL, NULL, "a suite needs at least one [problem NAME] and one [optimizer NAME]");
    return 1;
}

/* ---- runs ------------------------------------------------------------- */

static int cmp_run(const void *a, const void *b)
{
    const ds_suite_run *x = a, *y = b;
    if (x->id != y->id)
        return x->id > y->id ? 1 : -1;
    /* equal ids are an error; order them by where they were written */
    if (x->optimizer != y->optimizer)
        return x->optimizer > y->optimizer ? 1 : -1;
    return (x->problem > y->problem) - (x->problem < y->problem);
}

static int list_runs(parse_ctx *c)
{
    ds_suite *s = c->s;
    size_t cap = 0;
    for (size_t p = 0; p < s->nproblems; p++) {
        const ds_suite_section *ps = &s->psec[s->problems[p].section];
        for (size_t o = 0; o < s->noptimizers; o++) {
            size_t os = s->optimizers[o].section;
            if (!allowed(ps, s->osec[os].label))
                continue;
            for (size_t k = 0; k < s->nschedules; k++) {
                if (s->schedules[k].section != os)
                    continue;
                for (long i = 0; i < ps->seeds; i++) {
                    if (s->nruns == cap) {
                        cap = cap ? 2 * cap : 256;
                        ds_suite_run *r = realloc(s->runs, cap * sizeof *r);
                        if (!r)
                            return failf(c, NULL, NULL, "out of memory for the run list");
                        s->runs = r;
                    }
                    uint64_t seed = (uint64_t)(ps->first_seed + i);
                    s->runs[s->nruns++] = (ds_suite_run){
                        .problem = p, .optimizer = o, .schedule = k, .seed = seed, .first_seed = i == 0,
                        .id = ds_run_id(s->problems[p].canon, s->optimizers[o].canon, s->schedules[k].canon, seed)};
                }
            }
        }
    }
    if (!s->nruns)
        return failf(c, NULL, NULL, "the suite has no runs (check each problem's optimizers = list)");
    qsort(s->runs, s->nruns, sizeof *s->runs, cmp_run);
    for (size_t i = 1; i < s->nruns; i++)
        if (s->runs[i].id == s->runs[i - 1].id) {
            const ds_suite_run *a = &s->runs[i - 1], *b = &s->runs[i];
            c->line = s->optimizers[b->optimizer].line;
            return failf(c, NULL, NULL,
                         "problem %s (line %d), optimizer %s, schedule %s, seed %llu is listed twice "
                         "(also by line %d): remove one",
                         s->problems[b->problem].canon, s->problems[b->problem].line, s->optimizers[b->optimizer].canon,
                         s->schedules[b->schedule].canon, (unsigned long long)b->seed,
                         s->optimizers[a->optimizer].line);
        }
    return 1;
}

/* ---- figures ----------------------------------------------------------- */

static size_t find_label(const ds_suite_section *sec, size_t n, const char *label, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(sec[i].label) == len && !strncmp(sec[i].label, label, len))
            return i;
    return DS_SUITE_ALL;
}

static int no_label(const ds_suite_section *sec, size_t n, const char *kind, const char *label, size_t len,
                    ds_err *err)
{
    const char *names[256];
    size_t nn = 0;
    for (size_t i = 0; i < n && nn < 256; i++)
        names[nn++] = sec[i].label;
    char w[DS_NAME_MAX], hint[128];
    snprintf(w, sizeof w, "%.*s", (int)len, label);
    return ds_fail(err, DS_EINVAL, "no section [%s %s]%s", kind, w, ds_did_you_mean(w, names, nn, hint, sizeof hint));
}

int ds_suite_ref_parse(const ds_suite *s, const char *text, ds_suite_ref *ref, ds_err *err)
{
    const char *slash = strchr(text, '/');
    size_t plen = slash ? (size_t)(slash - text) : strlen(text);
    ref->psec = find_label(s->psec, s->npsec, text, plen);
    if (ref->psec == DS_SUITE_ALL)
        return no_label(s->psec, s->npsec, "problem", text, plen, err);
    ref->osec = DS_SUITE_ALL;
    if (slash) {
        ref->osec = find_label(s->osec, s->nosec, slash + 1, strlen(slash + 1));
        if (ref->osec == DS_SUITE_ALL)
            return no_label(s->osec, s->nosec, "optimizer", slash + 1, strlen(slash + 1), err);
    }
    for (size_t i = 0; i < s->nruns; i++)
        if (ds_suite_ref_has(s, ref, &s->runs[i]))
            return DS_OK;
    return ds_fail(err, DS_EINVAL, "%s names no run: [problem %s] does not run [optimizer %s] (its optimizers = "
                   "list)", text, s->psec[ref->psec].label, slash ? slash + 1 : "");
}

int ds_suite_ref_has(const ds_suite *s, const ds_suite_ref *ref, const ds_suite_run *r)
{
    return s->problems[r->problem].section == ref->psec &&
           (ref->osec == DS_SUITE_ALL || s->optimizers[r->optimizer].section == ref->osec);
}

const ds_suite_figure *ds_suite_figure_find(const ds_suite *s, const char *name)
{
    for (size_t i = 0; i < s->nfigs; i++)
        if (!strcmp(s->figs[i].name, name))
            return &s->figs[i];
    return NULL;
}

int ds_suite_check_scripts(const ds_suite *s, ds_err *err)
{
    if (s->page[0] && access(s->page, R_OK))
        return ds_fail(err, DS_EINVAL, "%s:%d: page = %s: cannot read it: %s (a path from the directory descent "
                       "runs in, the repository root)", s->path, s->page_line, s->page, strerror(errno));
    for (size_t i = 0; i < s->nfigs; i++) {
        const ds_suite_figure *f = &s->figs[i];
        if (access(f->script, R_OK))
            return ds_fail(err, DS_EINVAL, "%s:%d: script = %s: cannot read it: %s (a path from the directory "
                           "descent runs in, the repository root)", s->path, f->script_line, f->script,
                           strerror(errno));
    }
    return DS_OK;
}

static int check_figures(parse_ctx *c)
{
    ds_suite *s = c->s;
    for (size_t i = 0; i < s->nfigs; i++) {
        ds_suite_figure *f = &s->figs[i];
        c->line = f->line;
        if (!f->script[0])
            return failf(c, NULL, NULL, "[figure %s] has no script (script = plots/NAME.gp)", f->name);
        for (size_t k = 0; k < f->nrefs; k++) {
            ds_err e = {0};
            c->line = f->ref_line[k];
            if (ds_suite_ref_parse(s, f->ref_text[k], &f->refs[k], &e))
                return failf(c, "runs", f->ref_text[k], "%s", e.msg);
        }
    }
    return 1;
}

/* ---- claims ------------------------------------------------------------ */

static int run_selected(const ds_suite *s, const ds_suite_claim *cl, const ds_suite_run *r)
{
    return ds_suite_ref_has(s, &cl->ref, r) && (!cl->problem[0] || !strcmp(cl->problem, s->problems[r->problem].canon)) &&
           (!cl->optimizer[0] || !strcmp(cl->optimizer, s->optimizers[r->optimizer].canon)) &&
           (!cl->schedule[0] || !strcmp(cl->schedule, s->schedules[r->schedule].canon)) &&
           (cl->seed < 0 || r->seed == (uint64_t)cl->seed);
}

static int cmp_run_id(const void *key, const void *elem)
{
    uint64_t a = *(const uint64_t *)key, b = ((const ds_suite_run *)elem)->id;
    return (a > b) - (a < b);
}

int ds_suite_claim_has(const ds_suite *s, const ds_suite_claim *c, const ds_result *r)
{
    const ds_suite_run *run = bsearch(&r->id, s->runs, s->nruns, sizeof *s->runs, cmp_run_id);
    return run && run_selected(s, c, run);
}

/* A claim's spec filter in the suite's canonical form, so that it names
 * runs however it is written (gd:lr=0.1 or gd:lr=1e-1). */
static int canon_filter(parse_ctx *c, char *field, const char *key, int kind)
{
    if (!field[0])
        return 1;
    ds_values v;
    ds_err e = {0};
    int rc = kind == KIND_PROBLEM ? ds_problem_parse(field, &v, &e)
             : kind == KIND_OPTIMIZER ? ds_optimizer_parse(field, &v, &e) : ds_schedule_parse(field, &v, &e);
    if (rc)
        return failf(c, key, field, "%s", e.msg);
    ds_values_canon(&v, field, DS_CANON_MAX);
    ds_values_free(&v);
    return 1;
}

static int run_level(const char *column)
{
    return ds_name_in_list("steps status L mu f_star iters-to-gap", column);
}

static int claim_quoted(parse_ctx *c, ds_suite_claim *cl)
{
    if (!cl->quoted[0])
        return cl->kind == DS_CLAIM_NONE ? 1 : failf(c, NULL, NULL, "[claim %s] compares, but quotes no value "
                                                     "(quoted = ...)", cl->name);
    if (cl->kind == DS_CLAIM_NONE)
        return failf(c, NULL, NULL, "[claim %s]: compare = none takes no quoted value", cl->name);
    if (cl->kind != DS_CLAIM_STATUS)
        return ds_parse_double(cl->quoted, &cl->quoted_v) || !isfinite(cl->quoted_v)
                   ? failf(c, "quoted", cl->quoted, "expected a finite number") : 1;
    for (int st = DS_ST_RUNNING; st <= DS_ST_INTERRUPTED; st++)
        if (!strcmp(cl->quoted, ds_status_name((ds_status)st)))
            return 1;
    return failf(c, "quoted", cl->quoted, "not a run status (converged, max_iters, max_evals, target, timeout, "
                 "diverged, failed)");
}

static int check_claim(parse_ctx *c, ds_suite_claim *cl)
{
    ds_suite *s = c->s;
    c->line = cl->line;
    if (!cl->text[0] || !cl->ref_text[0] || !cl->column[0])
        return failf(c, NULL, NULL, "[claim %s] needs text, runs and column", cl->name);
    int status = !strcmp(cl->column, "status");
    if (cl->quoted[0] && cl->kind == DS_CLAIM_NONE && !status)
        cl->kind = DS_CLAIM_EQUAL;  /* the default comparison of a quoted number */
    if ((status && cl->kind != DS_CLAIM_STATUS && cl->kind != DS_CLAIM_NONE) ||
        (!status && cl->kind == DS_CLAIM_STATUS))
        return failf(c, NULL, NULL, "[claim %s]: compare = status goes with column = status, which compares by no "
                     "other", cl->name);
    if (!claim_quoted(c, cl))
        return 0;
    if (!strcmp(cl->column, "iters-to-gap") != (cl->gap > 0))
        return failf(c, NULL, NULL, "[claim %s]: gap = EPS goes with column = iters-to-gap, and only with it",
                     cl->name);
    if (cl->at >= 0 && run_level(cl->column))
        return failf(c, NULL, NULL, "[claim %s]: column %s is the run's, not a record's: drop at =", cl->name,
                     cl->column);
    if (!canon_filter(c, cl->problem, "problem", KIND_PROBLEM) ||
        !canon_filter(c, cl->optimizer, "optimizer", KIND_OPTIMIZER) || !canon_filter(c, cl->schedule, "schedule", -1))
        return 0;
    ds_err e = {0};
    c->line = cl->ref_line;
    if (ds_suite_ref_parse(s, cl->ref_text, &cl->ref, &e))
        return failf(c, "runs", cl->ref_text, "%s", e.msg);
    for (size_t i = 0; i < s->nruns; i++)
        if (run_selected(s, cl, &s->runs[i]))
            return 1;
    c->line = cl->line;
    return failf(c, NULL, NULL, "[claim %s] selects no run: runs = %s has none with these specs and seed", cl->name,
                 cl->ref_text);
}

static int check_claims(parse_ctx *c)
{
    for (size_t i = 0; i < c->s->nclaims; i++)
        if (!check_claim(c, &c->s->claims[i]))
            return 0;
    if (c->s->page[0] && !c->s->nclaims) {
        c->line = c->s->page_line;
        return failf(c, "page", c->s->page, "a page needs [claim NAME] sections to fill it");
    }
    return 1;
}

/* ---- entry points ------------------------------------------------------ */

static int check_lines(parse_ctx *c, const char *text)
{
    int line = 1;
    size_t len = 0;
    for (const char *p = text;; p++) {
        if (!*p || *p == '\n') {
            if (len > INI_MAX_LINE - 2) {
                c->line = line;
                return failf(c, NULL, NULL, "line longer than %d characters (split a grid over two spec lines)",
                             INI_MAX_LINE - 2);
            }
            if (!*p)
                return 1;
            line++;
            len = 0;
        } else {
            len++;
        }
    }
}

/* The suite's name makes result file names: one taken from the file name
 * is held to the same rule as one written in the file. */
static int valid_name(parse_ctx *c)
{
    if (c->name_set || valid_label(c->s->name))
        return 1;
    c->line = 1;
    return failf(c, NULL, NULL,
                 "the suite name '%s' taken from the file name is not letters, digits and _-.+ "
                 "(it names result files): rename the file or add name = ... to [suite]",
                 c->s->name);
}

int ds_suite_parse(const char *path, const char *text, ds_suite *s, ds_err *err)
{
    memset(s, 0, sizeof *s);
    if (!strncmp(text, "\xEF\xBB\xBF", 3))  /* a UTF-8 byte-order mark, as some editors save */
        text += 3;
    ds_err_clear(err);
    snprintf(s->path, sizeof s->path, "%s", path);
    s->text = strdup(text);
    s->seeds = 1;
    ds_stop_defaults(&s->stop);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    snprintf(s->name, sizeof s->name, "%.*s", (int)strcspn(base, "."), base);
    snprintf(s->tables, sizeof s->tables, "summary, targets, ert, timing");
    parse_ctx c = {.s = s, .path = path, .err = err, .cursor = text};
    int headers = 0;
    for (const char *p = text; *p; p++)
        headers += *p == '[';
    c.opened = calloc((size_t)headers + 1, 1);
    size_t caps[3] = {0, 0, 0};
    int ok = s->text && c.opened && check_lines(&c, text);
    if (ok) {
        c.line = 0;
        int rc = ini_parse_stream(read_line, &c, on_pair, &c);
        if (rc > 0 && (!err->code || rc < c.err_line)) {
            ds_err_clear(err);
            c.line = rc;
            failf(&c, NULL, NULL, "syntax error: expected [section], key = value, or a ; comment");
        }
        ok = !err->code;
    } else if (!err->code) {
        ds_fail(err, DS_ENOMEM, "out of memory");
    }
    ok = ok && valid_name(&c) && count_runs(&c);
    for (size_t i = 0; ok && i < c.nraw; i++)
        ok = expand_raw(&c, &c.raw[i], caps);
    ok = ok && default_schedules(&c, caps) && check_sections(&c) && list_runs(&c) && check_figures(&c) &&
         check_claims(&c);
    for (size_t i = 0; i < c.nraw; i++)
        free(c.raw[i].text);
    free(c.raw);
    free(c.opened);
    free(c.keys);
    if (!ok) {
        ds_suite_free(s);
        return err->code ? err->code : DS_EINVAL;
    }
    return DS_OK;
}

int ds_suite_load(const char *path, ds_suite *s, ds_err *err)
{
    memset(s, 0, sizeof *s);
    FILE *f = fopen(path, "rb");
    if (!f)
        return ds_fail(err, DS_EINVAL, "cannot read suite '%s': %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        return ds_fail(err, DS_EINVAL, "suite '%s' is a directory, not a suite file", path);
    }
    /* read at most one byte past the cap: /dev/zero or a log file given by
     * mistake is refused at once instead of filling memory */
    size_t cap = 4096, n = 0;
    char *text = malloc(cap);
    for (size_t got; text && n <= DS_SUITE_MAX_BYTES && (got = fread(text + n, 1, cap - n - 1, f)) > 0;) {
        n += got;
        if (n + 1 == cap) {
            char *t = realloc(text, cap *= 2);
            if (!t)
                free(text);
            text = t;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (text && n > DS_SUITE_MAX_BYTES) {
        free(text);
        return ds_fail(err, DS_EINVAL, "suite '%s' is larger than %d bytes: not a suite file", path,
                       DS_SUITE_MAX_BYTES);
    }
    if (!text || bad) {
        free(text);
        return ds_fail(err, DS_EIO, "cannot read suite '%s'", path);
    }
    text[n] = '\0';
    if (strlen(text) != n) {
        free(text);
        return ds_fail(err, DS_EINVAL, "%s: not a text file (contains a NUL byte)", path);
    }
    int rc = ds_suite_parse(path, text, s, err);
    free(text);
    if (!rc && (rc = ds_suite_check_scripts(s, err)))
        ds_suite_free(s);
    return rc;
}

void ds_suite_free(ds_suite *s)
{
    if (!s)
        return;
    free(s->text);
    free(s->psec);
    free(s->osec);
    for (size_t i = 0; s->problems && i < s->nproblems; i++)
        ds_values_free(&s->problems[i].v);
    for (size_t i = 0; s->optimizers && i < s->noptimizers; i++)
        ds_values_free(&s->optimizers[i].v);
    for (size_t i = 0; s->schedules && i < s->nschedules; i++)
        ds_values_free(&s->schedules[i].v);
    free(s->problems);
    free(s->optimizers);
    free(s->schedules);
    free(s->runs);
    free(s->figs);
    free(s->claims);
    memset(s, 0, sizeof *s);
}

const ds_suite_section *ds_suite_run_section(const ds_suite *s, const ds_suite_run *r)
{
    return &s->psec[s->problems[r->problem].section];
}
