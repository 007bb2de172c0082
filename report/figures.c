/* Drawing a suite's figures: gnuplot, once per format, then the PDF's
 * creation date made reproducible and the SVG's text made UTF-8. */
#include "figures.h"

#include "../harness/store.h"
#include "tables.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int ds_figures_have_gnuplot(void)
{
    const char *path = getenv("PATH");
    if (!path)
        return 0;
    char dir[4096], exe[4200];
    for (const char *p = path;;) {
        size_t len = strcspn(p, ":");
        snprintf(dir, sizeof dir, "%.*s", (int)(len < sizeof dir ? len : sizeof dir - 1), p);
        snprintf(exe, sizeof exe, "%s/gnuplot", len ? dir : ".");
        if (!access(exe, X_OK))
            return 1;
        if (!p[len])
            return 0;
        p += len + 1;
    }
}

/* The figure's date, as the PDF writes it (YYYYMMDDHHMMSS): the
 * environment's SOURCE_DATE_EPOCH, else the script's last commit, else 0. */
static void stamp_of(const char *script, char out[15])
{
    long long t = 0;
    const char *env = getenv("SOURCE_DATE_EPOCH");
    if (env && *env) {
        t = atoll(env);
    } else if (!strchr(script, '\'')) {
        char cmd[1200];
        snprintf(cmd, sizeof cmd, "git log -1 --format=%%ct -- '%s' 2>/dev/null", script);
        FILE *p = popen(cmd, "r");
        if (p) {
            if (fscanf(p, "%lld", &t) != 1)
                t = 0;
            pclose(p);
        }
    }
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 15, "%Y%m%d%H%M%S", &tm);
}

/* Replace every "(D:<14 digits>Z)" of the PDF by the stamp: the same
 * length, so the file's cross-reference offsets hold. */
static int set_pdf_date(const char *path, const char *stamp, ds_err *err)
{
    FILE *f = fopen(path, "r+b");
    if (!f)
        return ds_fail(err, DS_EIO, "cannot open %s to set its date: %s", path, strerror(errno));
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    char *buf = size > 0 ? malloc((size_t)size) : NULL;
    int ok = buf && !fseek(f, 0, SEEK_SET) && fread(buf, 1, (size_t)size, f) == (size_t)size;
    for (long i = 0; ok && i + 19 <= size; i++) {
        if (memcmp(buf + i, "(D:", 3) || buf[i + 17] != 'Z' || buf[i + 18] != ')')
            continue;
        int digits = 1;
        for (int k = 3; k < 17; k++)
            digits &= buf[i + k] >= '0' && buf[i + k] <= '9';
        if (digits)
            ok = !fseek(f, i + 3, SEEK_SET) && fwrite(stamp, 1, 14, f) == 14;
    }
    ok = !fclose(f) && ok;
    free(buf);
    return ok ? DS_OK : ds_fail(err, DS_EIO, "cannot set the date of %s", path);
}

/* ---- SVG text in the Symbol font -------------------------------------- */

/* Adobe's Symbol encoding: letters are Greek, and the upper half holds
 * mathematical signs; 0 = no Unicode equivalent here. */
static const unsigned short symbol_lower[26] = {
    0x3B1, 0x3B2, 0x3C7, 0x3B4, 0x3B5, 0x3C6, 0x3B3, 0x3B7, 0x3B9, 0x3D5, 0x3BA, 0x3BB, 0x3BC,
    0x3BD, 0x3BF, 0x3C0, 0x3B8, 0x3C1, 0x3C3, 0x3C4, 0x3C5, 0x3D6, 0x3C9, 0x3BE, 0x3C8, 0x3B6};
static const unsigned short symbol_upper[26] = {
    0x391, 0x392, 0x3A7, 0x394, 0x395, 0x3A6, 0x393, 0x397, 0x399, 0x3D1, 0x39A, 0x39B, 0x39C,
    0x39D, 0x39F, 0x3A0, 0x398, 0x3A1, 0x3A3, 0x3A4, 0x3A5, 0x3C2, 0x3A9, 0x39E, 0x3A8, 0x396};
static const struct { unsigned char code; unsigned short uni; } symbol_high[] = {
    {0xA1, 0x3D2},  {0xA2, 0x2032}, {0xA3, 0x2264}, {0xA4, 0x2044}, {0xA5, 0x221E}, {0xA6, 0x192},
    {0xAC, 0x2190}, {0xAD, 0x2191}, {0xAE, 0x2192}, {0xAF, 0x2193}, {0xB0, 0xB0},   {0xB1, 0xB1},
    {0xB2, 0x2033}, {0xB3, 0x2265}, {0xB4, 0xD7},   {0xB5, 0x221D}, {0xB6, 0x2202}, {0xB7, 0x2022},
    {0xB8, 0xF7},   {0xB9, 0x2260}, {0xBA, 0x2261}, {0xBB, 0x2248}, {0xBC, 0x2026}, {0xC5, 0x2295},
    {0xC6, 0x2205}, {0xC7, 0x2229}, {0xC8, 0x222A}, {0xCE, 0x2208}, {0xD1, 0x2207}, {0xD5, 0x220F},
    {0xD6, 0x221A}, {0xD7, 0x22C5}, {0xD9, 0x2227}, {0xDA, 0x2228}, {0xE5, 0x2211}, {0xF2, 0x222B},
};

/* The Unicode character of a Symbol-font byte; 0 when there is none. */
static unsigned symbol_unicode(unsigned char c)
{
    if (c >= 'a' && c <= 'z')
        return symbol_lower[c - 'a'];
    if (c >= 'A' && c <= 'Z')
        return symbol_upper[c - 'A'];
    if (c < 0x80)
        return c;  /* digits, blanks and punctuation read the same */
    for (size_t i = 0; i < sizeof symbol_high / sizeof symbol_high[0]; i++)
        if (symbol_high[i].code == c)
            return symbol_high[i].uni;
    return 0;
}

static size_t put_utf8(char *o, unsigned u)
{
    if (u < 0x80) {
        o[0] = (char)u;
        return 1;
    }
    if (u < 0x800) {
        o[0] = (char)(0xC0 | (u >> 6));
        o[1] = (char)(0x80 | (u & 0x3F));
        return 2;
    }
    o[0] = (char)(0xE0 | (u >> 12));
    o[1] = (char)(0x80 | ((u >> 6) & 0x3F));
    o[2] = (char)(0x80 | (u & 0x3F));
    return 3;
}

/* 1 when s[0..n) is well-formed UTF-8 (no overlong forms, no surrogates). */
static int valid_utf8(const unsigned char *s, size_t n, size_t *bad)
{
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        unsigned u = len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
        int ok = len && i + len <= n;
        for (size_t k = 1; ok && k < len; k++) {
            ok = (s[i + k] & 0xC0) == 0x80;
            u = (u << 6) | (s[i + k] & 0x3F);
        }
        ok = ok && (len < 2 || u >= (len == 2 ? 0x80u : len == 3 ? 0x800u : 0x10000u)) &&
             !(u >= 0xD800 && u <= 0xDFFF) && u <= 0x10FFFF;
        if (!ok) {
            *bad = i;
            return 0;
        }
        i += len;
    }
    return 1;
}

int ds_svg_symbols(const char *in, size_t n, char **out, size_t *outn, ds_err *err)
{
    static const char attr[] = " font-family=\"Symbol\"";
    const size_t alen = sizeof attr - 1;
    char *o = malloc(3 * n + 1);
    if (!o)
        return ds_fail(err, DS_ENOMEM, "out of memory rewriting an SVG of %zu bytes", n);
    size_t j = 0;
    for (size_t i = 0; i < n;) {
        if (n - i < 6 + alen || memcmp(in + i, "<tspan", 6) || memcmp(in + i + 6, attr, alen)) {
            o[j++] = in[i++];
            continue;
        }
        memcpy(o + j, "<tspan", 6);  /* the text takes its group's font */
        j += 6;
        for (i += 6 + alen; i < n && in[i] != '>';)
            o[j++] = in[i++];
        for (; i < n && in[i] != '<'; i++) {
            unsigned u = symbol_unicode((unsigned char)in[i]);
            if (!u) {
                free(o);
                return ds_fail(err, DS_EINVAL, "the SVG's Symbol-font code \\%03o at byte %zu has no Unicode "
                               "equivalent here: write the character itself", (unsigned char)in[i], i);
            }
            j += put_utf8(o + j, u);
        }
    }
    o[j] = '\0';
    size_t bad;
    if (!valid_utf8((const unsigned char *)o, j, &bad)) {
        free(o);
        return ds_fail(err, DS_EINVAL, "the SVG is not UTF-8 (byte %zu of the rewritten file)", bad);
    }
    *out = o;
    *outn = j;
    return DS_OK;
}

/* Rewrite a drawn SVG file so that a browser reads it (ds_svg_symbols). */
static int fix_svg(const char *path, ds_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ds_fail(err, DS_EIO, "cannot open %s: %s", path, strerror(errno));
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    char *buf = size > 0 ? malloc((size_t)size) : NULL;
    int ok = buf && !fseek(f, 0, SEEK_SET) && fread(buf, 1, (size_t)size, f) == (size_t)size;
    fclose(f);
    if (!ok) {
        free(buf);
        return ds_fail(err, DS_EIO, "cannot read %s", path);
    }
    char *out = NULL;
    size_t n = 0;
    int rc = ds_svg_symbols(buf, (size_t)size, &out, &n, err);
    free(buf);
    if (rc) {
        ds_err_prefix(err, "%s: ", path);
        return rc;
    }
    f = fopen(path, "wb");
    ok = f && fwrite(out, 1, n, f) == n;
    ok = f && !fclose(f) && ok;
    free(out);
    return ok ? DS_OK : ds_fail(err, DS_EIO, "cannot write %s", path);
}

/* gnuplot -e "fmt='...'; D='...'; H='...'; O='...'" SCRIPT, waited for. */
static int run_gnuplot(const char *script, const char *fmt, const ds_figures_opts *o, const char *dir, ds_err *err)
{
    char vars[4096];
    snprintf(vars, sizeof vars, "fmt='%s'; D='%s'; H='%s'; O='%s'", fmt, o->descent, o->h5, dir);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return ds_fail(err, DS_EIO, "cannot start gnuplot: %s", strerror(errno));
    if (pid == 0) {
        execlp("gnuplot", "gnuplot", "-e", vars, script, (char *)NULL);
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return ds_fail(err, DS_EIO, "waiting for gnuplot: %s", strerror(errno));
    if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
        return ds_fail(err, DS_ENOTSUP, "gnuplot is not installed (apt-get install gnuplot-nox; scripts/setup.sh)");
    if (!WIFEXITED(st) || WEXITSTATUS(st))
        return ds_fail(err, DS_EIO, "gnuplot failed on %s (fmt '%s', %s %d)", script, fmt,
                       WIFEXITED(st) ? "exit status" : "signal", WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
    return DS_OK;
}

static int same_time(const struct stat *a, const struct stat *b)
{
    return a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
           a->st_ino == b->st_ino;
}

int ds_figure_draw(const ds_suite_figure *f, const ds_figures_opts *o, ds_err *err)
{
    const char *dir = o->dir ? o->dir : "plots";
    const char *vals[] = {o->descent, o->h5, dir, f->script};
    for (size_t i = 0; i < 4; i++)
        if (strchr(vals[i], '\'') || strchr(vals[i], '"'))
            return ds_fail(err, DS_EINVAL, "figure %s: the path %s has a quote, which gnuplot's -e cannot pass",
                           f->name, vals[i]);
    if (!ds_figures_have_gnuplot())
        return ds_fail(err, DS_ENOTSUP, "figure %s: gnuplot is not installed (apt-get install gnuplot-nox; "
                       "scripts/setup.sh)", f->name);
    int made = ds_mkdir_p(dir, err);
    if (made) {
        ds_err_prefix(err, "figure %s: ", f->name);
        return made;
    }
    static const char *const fmts[] = {"png", "pdf", "svg"};
    char path[3][1200];
    for (int k = 0; k < 3; k++) {
        snprintf(path[k], sizeof path[k], "%s/%s.%s", dir, f->name, fmts[k]);
        struct stat before, after;
        int existed = !stat(path[k], &before);
        int rc = run_gnuplot(f->script, fmts[k], o, dir, err);
        if (rc) {
            ds_err_prefix(err, "figure %s: ", f->name);
            return rc;
        }
        if (stat(path[k], &after) || after.st_size == 0 || (existed && same_time(&before, &after)))
            return ds_fail(err, DS_EIO, "figure %s: %s wrote no %s (its output must be out('%s'))", f->name,
                           f->script, path[k], f->name);
    }
    char stamp[15];
    stamp_of(f->script, stamp);
    int rc = set_pdf_date(path[1], stamp, err);
    if (!rc && (rc = fix_svg(path[2], err)))
        ds_err_prefix(err, "figure %s: ", f->name);
    return rc;
}

/* The ids in the file, collected without opening a run (keep says no). */
typedef struct {
    uint64_t *ids;
    size_t n, cap;
    int nomem;
} id_list;

static int collect_id(uint64_t id, void *user)
{
    id_list *l = user;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 256;
        uint64_t *a = realloc(l->ids, cap * sizeof *a);
        if (!a) {
            l->nomem = 1;
            return 0;
        }
        l->ids = a;
        l->cap = cap;
    }
    l->ids[l->n++] = id;
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

int ds_figure_check_runs(const ds_suite *s, const ds_suite_figure *f, const char *h5, ds_err *err)
{
    id_list l = {0};
    ds_result *none = NULL;
    size_t n = 0;
    int rc = ds_store_read_some(h5, collect_id, &l, &none, &n, err);
    ds_store_free(none, n);
    if (!rc && l.nomem)
        rc = ds_fail(err, DS_ENOMEM, "out of memory listing the runs of %s", h5);
    if (rc) {
        free(l.ids);
        return rc;
    }
    qsort(l.ids, l.n, sizeof *l.ids, cmp_u64);
    for (size_t k = 0; k < f->nrefs && !rc; k++)
        for (size_t i = 0; i < s->nruns; i++) {
            const ds_suite_run *r = &s->runs[i];
            if (!ds_suite_ref_has(s, &f->refs[k], r) || bsearch(&r->id, l.ids, l.n, sizeof *l.ids, cmp_u64))
                continue;
            rc = ds_fail(err, DS_EINVAL, "figure %s: %s has no run %016llx of %s (problem %s, optimizer %s, "
                         "seed %llu): a part of the suite? draw from the whole file", f->name, h5,
                         (unsigned long long)r->id, f->ref_text[k], s->problems[r->problem].canon,
                         s->optimizers[r->optimizer].canon, (unsigned long long)r->seed);
            break;
        }
    free(l.ids);
    return rc;
}
