/* descent html --out FILE.html [--plots DIR] [--theory FILE.jsonl]
 * SUITE.h5...: the static HTML report (report/html.h) of result files
 * written by `descent bench`, with the figures found in DIR (default
 * plots) and the verdicts of `descent verify --json`. Written through a
 * temporary file and a rename, like every output. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "opts.h"
#include "../harness/store.h"
#include "../harness/suite.h"
#include "../report/html.h"

#define SUITE_TEXT_MAX (1 << 16)
#define MAX_FIGURES 256

typedef struct {
    const char *out, *plots, *theory;
} html_opts;

static int html_main(int argc, char **argv);

static const ds_param html_options[] = {
    {"out", DS_P_STR, NULL, 0, 0, DS_CLI_REQUIRED | DS_CLI_OUT, "FILE.html", "the page to write"},
    {"plots", DS_P_STR, "plots", 0, 0, DS_CLI_FILE, "DIR", "where the figures are (SVG shown, else PNG; PNG, PDF, SVG linked)"},
    {"theory", DS_P_STR, NULL, 0, 0, DS_CLI_FILE, "FILE.jsonl", "verdicts written by descent verify --json"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

const ds_cli_cmd ds_cli_html = {
    "html", "the static HTML report of result files, figures and theory verdicts", "SUITE.h5...", 1, -1,
    "One static page: each suite's tables (sortable), its runtime distributions (ECDF), every\n"
    "figure of --plots (paths relative to the page) and the verdicts of descent verify --json,\n"
    "failing first. The page checks itself once loaded (images, tables, script errors).",
    html_options, "descent html --out results/index.html results/quick.h5 results/course.h5", html_main};

static int exists(const char *dir, const char *name, const char *ext)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/%s%s", dir, name, ext);
    struct stat st;
    return !stat(path, &st) && S_ISREG(st.st_mode);
}

/* The path of DIR as seen from the page's folder: both are given relative
 * to the working directory, so climb out of the page's folder first. */
static void relative_to_page(const char *out, const char *dir, char *buf, size_t size)
{
    char abs[PATH_MAX];
    if (dir[0] == '/' || (out[0] == '/' && realpath(dir, abs) && (dir = abs)))
    {
        snprintf(buf, size, "%s", dir);
        return;
    }
    size_t off = 0;
    buf[0] = 0;
    for (const char *c = out; *c; c++)
        if (*c == '/' && off + 3 < size)
            off += (size_t)snprintf(buf + off, size - off, "../");
    snprintf(buf + off, size - off, "%s", dir);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Figures: every NAME with a .png or .svg in DIR, sorted by name. */
static size_t find_figures(const html_opts *o, ds_html_figure *f, char **names, char **stems)
{
    DIR *d = opendir(o->plots);
    size_t n = 0;
    if (!d)
        return 0;
    for (struct dirent *e; (e = readdir(d)) && n < MAX_FIGURES;) {
        size_t len = strlen(e->d_name);
        if (len > 4 && !strcmp(e->d_name + len - 4, ".png"))
            names[n++] = strndup(e->d_name, len - 4);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_name);
    char rel[1024];
    relative_to_page(o->out, o->plots, rel, sizeof rel);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(rel) + strlen(names[i]) + 2;
        if (!(stems[i] = malloc(len))) {  /* out of memory: the figures found so far */
            for (size_t j = i; j < n; j++)
                free(names[j]);
            return i;
        }
        snprintf(stems[i], len, "%s/%s", rel, names[i]);
        f[i] = (ds_html_figure){.stem = stems[i], .name = names[i], .png = 1,
                                .pdf = exists(o->plots, names[i], ".pdf"), .svg = exists(o->plots, names[i], ".svg")};
    }
    return n;
}

typedef struct loaded {
    ds_suite suite;
    ds_result *res;
    size_t n;
} loaded;

static int load_one(const char *path, loaded *l, char *text, ds_err *err)
{
    memset(l, 0, sizeof *l);
    int rc = ds_store_root_attr(path, "suite", text, SUITE_TEXT_MAX, err);
    if (!rc && !text[0])
        rc = ds_fail(err, DS_EINVAL, "%s: not a suite's result file (no suite attribute; made by descent bench)", path);
    if (!rc)
        rc = ds_suite_parse(path, text, &l->suite, err);
    if (!rc)
        rc = ds_store_read(path, &l->res, &l->n, err);
    return rc;
}

static int write_page(const html_opts *o, const ds_html_suite *s, size_t ns, const ds_html_figure *f, size_t nf,
                      const ds_html_check *c, size_t nc, ds_err *err)
{
    char tmp[2048];
    snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", o->out);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return ds_fail(err, DS_EIO, "cannot create a temporary file beside '%s': %s", o->out, strerror(errno));
    FILE *out = fdopen(fd, "w");
    int rc = out ? ds_html_write(out, s, ns, f, nf, c, nc, err) : ds_fail(err, DS_EIO, "cannot open '%s'", tmp);
    if (out && fclose(out) && !rc)
        rc = ds_fail(err, DS_EIO, "writing '%s' failed: %s", tmp, strerror(errno));
    if (!rc && chmod(tmp, 0644))
        rc = ds_fail(err, DS_EIO, "cannot set the mode of '%s': %s", tmp, strerror(errno));
    if (!rc && rename(tmp, o->out))
        rc = ds_fail(err, DS_EIO, "cannot rename '%s' to '%s': %s", tmp, o->out, strerror(errno));
    if (rc)
        unlink(tmp);
    return rc;
}

static int html_main(int argc, char **argv)
{
    ds_cli_args a;
    int p = ds_cli_parse(&ds_cli_html, argc, argv, &a);
    if (p) {
        ds_cli_args_free(&a);
        return p > 0 ? DS_EXIT_OK : DS_EXIT_USAGE;
    }
    html_opts o = {ds_arg_str(&a, "out"), ds_arg_str(&a, "plots"), ds_arg_str(&a, "theory")};
    size_t ns = (size_t)a.npos, nf = 0, nc = 0;
    loaded *l = calloc(ns, sizeof *l);
    ds_html_suite *s = calloc(ns, sizeof *s);
    ds_html_figure *f = calloc(MAX_FIGURES, sizeof *f);
    char **names = calloc(MAX_FIGURES, sizeof *names), **stems = calloc(MAX_FIGURES, sizeof *stems);
    char *text = malloc(SUITE_TEXT_MAX);
    ds_html_check *c = NULL;
    ds_err err = {0};
    int rc = l && s && f && names && stems && text ? DS_OK : ds_fail(&err, DS_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < ns; i++) {
        rc = load_one(a.pos[i], &l[i], text, &err);
        s[i] = (ds_html_suite){.name = l[i].suite.name, .tables = l[i].suite.tables, .res = l[i].res, .n = l[i].n};
    }
    if (!rc && o.theory)
        rc = ds_html_read_checks(o.theory, &c, &nc, &err);
    if (!rc)
        nf = find_figures(&o, f, names, stems);
    if (!rc)
        rc = write_page(&o, s, ns, f, nf, c, nc, &err);
    for (size_t i = 0; l && i < ns; i++) {
        ds_suite_free(&l[i].suite);
        ds_store_free(l[i].res, l[i].n);
    }
    for (size_t i = 0; i < nf; i++)
        free(names[i]), free(stems[i]);
    free(l), free(s), free(f), free(names), free(stems), free(text), free(c);
    ds_cli_args_free(&a);  /* o's strings point into it */
    if (rc) {
        ds_cli_error("%s", err.msg);
        return rc == DS_EIO ? DS_EXIT_USAGE : ds_cli_exit(rc);
    }
    return DS_EXIT_OK;
}
