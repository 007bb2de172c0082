/* Drawing a suite's figures: gnuplot, once per format, then the PDF's
 * creation date made reproducible. */
#include "figures.h"

#include "../harness/store.h"

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
    static const char *const fmts[] = {"png", "pdf"};
    char path[2][1200];
    for (int k = 0; k < 2; k++) {
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
    return set_pdf_date(path[1], stamp, err);
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
