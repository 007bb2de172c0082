#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hdf5.h>

#include "../core/optimizer.h"
#include "../core/schedule.h"
#include "../core/sha256.h"
#include "chunks.h"

static void quiet_hdf5(void)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

ds_status ds_status_parse(const char *name)
{
    for (int s = DS_ST_RUNNING; s <= DS_ST_INTERRUPTED; s++)
        if (strcmp(ds_status_name((ds_status)s), name) == 0)
            return (ds_status)s;
    return DS_ST_FAILED;
}

/* ---- the tables' columns ------------------------------------------------ */

/* Every cell of a table row in memory takes 8 bytes: a string pointer, a
 * 64-bit integer or a double, so a row is an array of cells and a column's
 * offset is its index times 8. The file holds the same columns as
 * little-endian integers, IEEE doubles and UTF-8 strings of any length. */
typedef enum { C_STR, C_U64, C_I64, C_F64 } col_kind;
typedef union {
    const char *s;
    uint64_t u;
    int64_t i;
    double d;
} cell;
_Static_assert(sizeof(cell) == 8, "a table cell is 8 bytes");

typedef struct {
    const char *name;
    col_kind kind;
} column;

enum {
    RC_ID, RC_PROBLEM, RC_OPTIMIZER, RC_SCHEDULE, RC_SEED, RC_STATUS, RC_MESSAGE, RC_CLASS, RC_F_STAR,
    RC_F_STAR_CERT, RC_L, RC_MU, RC_R, RC_DIM, RC_N, RC_F0, RC_F_FINAL, RC_GAP_FINAL, RC_GNORM_FINAL, RC_ITERS,
    RC_STOP_ITER, RC_MAX_ITERS, RC_N_F, RC_N_G, RC_N_HVP, RC_N_SAMPLES, RC_EPOCHS, RC_SECONDS, RC_START, RC_COUNT,
    RC_XDIM, RC_X_FINAL, RC_DIGEST, RC_NCOLS
};
static const column run_cols[RC_NCOLS] = {
    {"id", C_U64},           {"problem", C_STR},  {"optimizer", C_STR},      {"schedule", C_STR},
    {"seed", C_U64},         {"status", C_STR},   {"message", C_STR},        {"class", C_STR},
    {"f_star", C_F64},       {"f_star_cert", C_F64}, {"L", C_F64},           {"mu", C_F64},
    {"R", C_F64},            {"dim", C_I64},      {"n", C_I64},              {"f0", C_F64},
    {"f_final", C_F64},      {"gap_final", C_F64}, {"grad_norm_final", C_F64}, {"iters", C_I64},
    {"stop_iter", C_I64},    {"max_iters", C_I64}, {"n_f", C_I64},           {"n_g", C_I64},
    {"n_hvp", C_I64},        {"n_samples", C_F64}, {"epochs", C_F64},        {"seconds", C_F64},
    {"start", C_I64},        {"count", C_I64},    {"xdim", C_I64},           {"x_final_start", C_I64},
    {"digest", C_U64},
};

enum { TC_RUN, TC_ITER, TC_F, TC_F_GAP, TC_GRAD_NORM, TC_LR, TC_GRAD_EVALS, TC_EPOCHS, TC_DIST, TC_NCOLS };
static const column traj_cols[TC_NCOLS] = {
    {"run", C_I64},       {"iter", C_I64}, {"f", C_F64},          {"f_gap", C_F64},  {"grad_norm", C_F64},
    {"lr", C_F64},        {"grad_evals", C_I64}, {"epochs", C_F64}, {"dist", C_F64},
};

static hid_t str_type(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t >= 0 && (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0)) {
        H5Tclose(t);
        return -1;
    }
    return t;
}

/* The compound type of cols[0..n), in the file's byte order (file) or the
 * machine's. */
static hid_t table_type(const column *cols, size_t n, int file)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, n * sizeof(cell));
    int bad = t < 0;
    for (size_t i = 0; i < n && !bad; i++) {
        hid_t s = cols[i].kind == C_STR ? str_type() : -1;
        hid_t m = cols[i].kind == C_STR   ? s
                  : cols[i].kind == C_U64 ? (file ? H5T_STD_U64LE : H5T_NATIVE_UINT64)
                  : cols[i].kind == C_I64 ? (file ? H5T_STD_I64LE : H5T_NATIVE_INT64)
                                          : (file ? H5T_IEEE_F64LE : H5T_NATIVE_DOUBLE);
        bad = m < 0 || H5Tinsert(t, cols[i].name, i * sizeof(cell), m) < 0;
        if (s >= 0)
            H5Tclose(s);
    }
    if (bad && t >= 0) {
        H5Tclose(t);
        t = -1;
    }
    return t;
}

/* The problem's class flags by name: the `class` column lists those set,
 * comma-separated ("convex,smooth"). */
static const char *const class_names[] = {"convex", "strongly_convex", "quadratic", "smooth",
                                          "nonconvex", "unbounded", "finite_sum", "lipschitz"};
#define NCLASS (sizeof class_names / sizeof class_names[0])

static void class_text(unsigned flags, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < NCLASS; k++)
        if (flags & (1u << k))
            len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s", len ? "," : "", class_names[k]);
}

static int class_parse(const char *text, unsigned *flags)
{
    *flags = 0;
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, ","), k = 0;
        while (k < NCLASS && (strlen(class_names[k]) != len || strncmp(p, class_names[k], len)))
            k++;
        if (k == NCLASS)
            return -1;
        *flags |= 1u << k;
        p += len + (p[len] == ',');
    }
    return 0;
}
/* ---- the run digest -------------------------------------------------- */

/* FNV-1a over little-endian bytes, so the digest is the same on any CPU. */
static uint64_t fnv_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

static uint64_t fnv_u64(uint64_t h, uint64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    return fnv_bytes(h, b, 8);
}

static uint64_t fnv_double(uint64_t h, double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    return fnv_u64(h, u);
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
    return fnv_bytes(h, s, strlen(s) + 1);
}

static uint64_t fnv_doubles(uint64_t h, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = fnv_double(h, v[i]);
    return h;
}

static uint64_t fnv_longs(uint64_t h, const long *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = fnv_u64(h, (uint64_t)v[i]);
    return h;
}

uint64_t ds_result_digest(const ds_result *r)
{
    uint64_t h = 14695981039346656037ull;
    h = fnv_u64(h, r->id);
    h = fnv_str(fnv_str(fnv_str(h, r->problem), r->optimizer), r->schedule);
    h = fnv_str(fnv_str(h, ds_status_name(r->status)), r->message);
    h = fnv_u64(h, r->seed);
    const double d[] = {r->f_star, r->L, r->mu, r->R, r->f0, r->f_final, r->gap_final, r->gnorm_final,
                        r->n_samples, r->epochs};
    h = fnv_doubles(h, d, sizeof d / sizeof d[0]);
    const long l[] = {(long)r->dim, (long)r->n, r->iters, r->stop_iter, r->n_f, r->n_g, r->n_hvp, (long)r->flags,
                    r->max_iters};
    h = fnv_longs(h, l, sizeof l / sizeof l[0]);
    const ds_trace *t = &r->trace;
    h = fnv_u64(fnv_u64(h, t->n), t->xdim);
    h = fnv_longs(fnv_longs(h, t->iter, t->n), t->grad_evals, t->n);
    const double *tv[] = {t->f, t->f_gap, t->grad_norm, t->lr, t->epochs, t->dist};
    for (size_t i = 0; i < sizeof tv / sizeof tv[0]; i++)
        h = fnv_doubles(h, tv[i], t->n);
    if (t->xdim)
        h = fnv_doubles(h, t->x, t->n * t->xdim);
    h = fnv_u64(h, r->x_final != NULL);
    if (r->x_final)
        h = fnv_doubles(h, r->x_final, r->dim);
    return h;
}

/* ---- the output path --------------------------------------------------- */

int ds_store_check_out(const char *path, ds_err *err)
{
    struct stat st;
    if (!path || !*path)
        return ds_fail(err, DS_EINVAL, "the output file name is empty");
    if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return ds_fail(err, DS_EINVAL,
                       "'%s' is %s, not a regular file: refusing to replace it (give a new path or a result file)",
                       path, S_ISLNK(st.st_mode) ? "a symbolic link" : S_ISDIR(st.st_mode) ? "a directory"
                                                                    : "a device, pipe or socket");
    return DS_OK;
}

/* Temporaries are `<path>.tmp-<pid>-XXXXXX`; one whose process is gone was
 * left by a kill -9 or a power cut, and is removed. */
static void remove_stale(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096], prefix[1024];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) + 1 : 1, slash ? path : ".");
    if (snprintf(prefix, sizeof prefix, "%s.tmp-", slash ? slash + 1 : path) >= (int)sizeof prefix)
        return;
    DIR *d = opendir(dir);
    if (!d)
        return;
    size_t lp = strlen(prefix);
    for (struct dirent *e; (e = readdir(d));) {
        char *end;
        if (strncmp(e->d_name, prefix, lp) || !(e->d_name[lp] >= '1' && e->d_name[lp] <= '9'))
            continue;
        long pid = strtol(e->d_name + lp, &end, 10);
        if ((*end && *end != '-') || pid <= 0 || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        char full[8192];
        if (snprintf(full, sizeof full, "%s/%s", dir, e->d_name) < (int)sizeof full)
            unlink(full);
    }
    closedir(d);
}

/* An exclusive lock on `<path>.lock` for as long as the writer is open:
 * two processes writing one file would each replace the other's runs. */
static int lock_out(const char *path, int *out, ds_err *err)
{
    char lp[4096], pid[32];
    if (snprintf(lp, sizeof lp, "%s.lock", path) >= (int)sizeof lp)
        return ds_fail(err, DS_EIO, "output path too long: %s", path);
    for (int tries = 0; tries < 8; tries++) {
        int fd = open(lp, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0)
            return ds_fail(err, DS_EIO, "cannot create '%s': %s", lp, strerror(errno));
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            ssize_t k = read(fd, pid, sizeof pid - 1);
            pid[k > 0 ? k : 0] = '\0';
            pid[strcspn(pid, "\n")] = '\0';
            close(fd);
            if (e == EWOULDBLOCK)
                return ds_fail(err, DS_EIO, "'%s' is being written by another process (pid %s): wait for it to "
                               "end or choose another output file", path, pid[0] ? pid : "unknown");
            return ds_fail(err, DS_EIO, "cannot lock '%s': %s", lp, strerror(e));
        }
        /* the holder before us may have removed the file meanwhile: the
         * lock counts only on the file still at that name */
        struct stat a, b;
        if (fstat(fd, &a) == 0 && stat(lp, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
            int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
            if (ftruncate(fd, 0) != 0 || write(fd, pid, (size_t)n) != n)
                (void)0;  /* the pid is only for the message of a second writer */
            *out = fd;
            return DS_OK;
        }
        close(fd);
    }
    return ds_fail(err, DS_EIO, "cannot lock '%s': it keeps being replaced", lp);
}

static void unlock_out(const char *path, int fd)
{
    char lp[4096];
    if (fd < 0)
        return;
    if (snprintf(lp, sizeof lp, "%s.lock", path) < (int)sizeof lp)
        unlink(lp);
    close(fd);
}

/* ---- writing ------------------------------------------------------------ */

/* The writer keeps its own copy of every run added; each commit builds the
 * whole file afresh in memory (HDF5's core driver, no backing store), rows
 * in the order of the run ids, and writes the image with plain POSIX calls
 * to a temporary file, fsync and rename. HDF5 never touches the disk, so a
 * full disk, a size limit or a bad path is an ordinary write error reported
 * with the path; and the same runs give the same bytes whatever order they
 * ended in and however many checkpoints came before. */
typedef struct {
    size_t col;  /* index into the writer's parameter names */
    double v;
} param_val;

typedef struct {
    ds_result r;  /* a copy: its stored trace columns and x_final are its own */
    uint64_t digest;
    param_val *p;
    size_t np;
} run_rec;

struct ds_store_writer {
    char *path, *command;
    int lock;  /* the locked `<path>.lock`, held while the writer is open */
    ds_meta *meta;
    size_t nmeta;
    run_rec *runs;
    size_t n, cap;
    char **pnames;  /* every parameter column so far: opt_lr, sched_gamma */
    size_t npn;
    uint64_t *ids;  /* the ids added, an open-addressing set (0 marks a free slot; id 0 is kept apart) */
    size_t idcap;
    int has_zero;
};

/* See store.h. */
int ds_store_direct_chunks = 1;
#define DEFLATE_LEVEL 1   /* shuffled doubles compress about as well at 1 as at 9, several times faster */
#define RUN_CHUNK 1024    /* rows per chunk of /runs */
#define TRAJ_CHUNK 4096   /* rows per chunk of /trajectory and /x: 288 KiB, inside HDF5's 1 MiB chunk cache */

/* 1 when id was already added; otherwise records it (0), or -1 when out
 * of memory. */
static int seen_id(ds_store_writer *w, uint64_t id)
{
    if (id == 0) {
        int had = w->has_zero;
        w->has_zero = 1;
        return had;
    }
    if (2 * (w->n + 1) > w->idcap) {
        size_t cap = w->idcap ? 2 * w->idcap : 256;
        uint64_t *s = calloc(cap, sizeof *s);
        if (!s)
            return -1;
        for (size_t i = 0; i < w->idcap; i++)
            for (size_t h = w->ids[i] % cap; w->ids[i]; h = (h + 1) % cap)
                if (!s[h]) {
                    s[h] = w->ids[i];
                    break;
                }
        free(w->ids);
        w->ids = s;
        w->idcap = cap;
    }
    size_t h = id % w->idcap;
    for (; w->ids[h]; h = (h + 1) % w->idcap)
        if (w->ids[h] == id)
            return 1;
    w->ids[h] = id;
    return 0;
}

static void *dup_mem(const void *p, size_t bytes, int *bad)
{
    if (!p)
        return NULL;
    void *q = malloc(bytes ? bytes : 1);
    if (!q)
        *bad = 1;
    else
        memcpy(q, p, bytes);
    return q;
}

/* A copy of r holding the trace columns the file stores, and x_final. */
static int copy_result(ds_result *dst, const ds_result *r)
{
    const ds_trace *t = &r->trace;
    size_t n = t->n;
    int bad = 0;
    *dst = *r;
    memset(&dst->trace, 0, sizeof dst->trace);
    ds_trace *d = &dst->trace;
    d->n = d->cap = n;
    d->xdim = t->xdim;
    d->iter = dup_mem(t->iter, n * sizeof(long), &bad);
    d->grad_evals = dup_mem(t->grad_evals, n * sizeof(long), &bad);
    d->f = dup_mem(t->f, n * sizeof(double), &bad);
    d->f_gap = dup_mem(t->f_gap, n * sizeof(double), &bad);
    d->grad_norm = dup_mem(t->grad_norm, n * sizeof(double), &bad);
    d->lr = dup_mem(t->lr, n * sizeof(double), &bad);
    d->epochs = dup_mem(t->epochs, n * sizeof(double), &bad);
    d->dist = dup_mem(t->dist, n * sizeof(double), &bad);
    d->x = t->xdim ? dup_mem(t->x, n * t->xdim * sizeof(double), &bad) : NULL;
    dst->x_final = dup_mem(r->x_final, r->dim * sizeof(double), &bad);
    return bad ? -1 : 0;
}

static long param_col(ds_store_writer *w, const char *name)
{
    for (size_t i = 0; i < w->npn; i++)
        if (!strcmp(w->pnames[i], name))
            return (long)i;
    char **p = realloc(w->pnames, (w->npn + 1) * sizeof *p);
    if (!p)
        return -1;
    w->pnames = p;
    if (!(p[w->npn] = strdup(name)))
        return -1;
    return (long)w->npn++;
}

/* Every real, whole-number and yes/no parameter of the run's optimizer and
 * schedule, evaluated in the run's constants as the runner did (lr=1/L is
 * 1/L's value). A spec that no longer parses or binds gives no columns:
 * its text stays in the optimizer and schedule columns. */
static int eval_params(ds_store_writer *w, run_rec *rec)
{
    const ds_result *r = &rec->r;
    ds_expr_vars vars = {.L = r->L, .mu = r->mu, .kappa = r->mu > 0 ? r->L / r->mu : INFINITY,
                         .dim = (double)r->dim, .n = (double)r->n, .R = r->R, .T = (double)r->max_iters};
    const char *text[2] = {r->optimizer, r->schedule}, *prefix[2] = {"opt_", "sched_"};
    int (*parse[2])(const char *, ds_values *, ds_err *) = {ds_optimizer_parse, ds_schedule_parse};
    if (!(rec->p = malloc(2 * DS_MAX_PARAMS * sizeof *rec->p)))
        return -1;
    for (int s = 0; s < 2; s++) {
        ds_err e = {0};
        ds_values v;
        if (parse[s](text[s], &v, &e) || ds_values_bind(&v, &vars, &e)) {
            ds_values_free(&v);
            continue;
        }
        for (size_t i = 0; i < v.n && i < DS_MAX_PARAMS; i++) {
            ds_ptype ty = v.v[i].p->type;
            if (ty != DS_P_REAL && ty != DS_P_INT && ty != DS_P_BOOL)
                continue;
            char name[DS_NAME_MAX + 8];
            snprintf(name, sizeof name, "%s%s", prefix[s], v.v[i].p->name);
            long col = param_col(w, name);
            if (col < 0)
                return ds_values_free(&v), -1;
            rec->p[rec->np++] = (param_val){(size_t)col, v.v[i].num};
        }
        ds_values_free(&v);
    }
    return 0;
}

static void free_rec(run_rec *rec)
{
    ds_result_free(&rec->r);
    free(rec->p);
}

int ds_store_open(ds_store_writer **out, const char *path, const char *command, const ds_meta *meta,
                  size_t nmeta, ds_err *err)
{
    quiet_hdf5();
    *out = NULL;
    ds_store_writer *w = calloc(1, sizeof *w);
    if (!w || !(w->path = strdup(path))) {
        free(w);
        return ds_fail(err, DS_ENOMEM, "out of memory for the HDF5 image of '%s'", path);
    }
    w->lock = -1;
    int bad = !(w->command = strdup(command ? command : "")) || !(w->meta = calloc(nmeta + 1, sizeof *w->meta));
    for (size_t i = 0; i < nmeta && !bad; i++) {
        w->meta[i].integer = meta[i].integer;
        w->meta[i].key = strdup(meta[i].key);
        w->meta[i].value = strdup(meta[i].value ? meta[i].value : "");
        w->nmeta++;  /* freed by ds_store_close, whatever failed */
        bad = !w->meta[i].key || !w->meta[i].value;
    }
    int rc = bad ? ds_fail(err, DS_ENOMEM, "out of memory for the HDF5 image of '%s'", path)
                 : ds_store_check_out(path, err);
    if (!rc)
        rc = lock_out(path, &w->lock, err);
    if (rc) {
        ds_store_close(w);
        return rc;
    }
    remove_stale(path);
    *out = w;
    return DS_OK;
}

int ds_store_add(ds_store_writer *w, const ds_result *r, ds_err *err)
{
    int dup = seen_id(w, r->id);
    if (dup > 0)
        return ds_fail(err, DS_EINVAL, "run %016" PRIx64 " is added twice to '%s'", r->id, w->path);
    if (dup == 0 && w->n == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 64;
        run_rec *p = realloc(w->runs, cap * sizeof *p);
        if (p) {
            w->runs = p;
            w->cap = cap;
        }
    }
    run_rec *rec = dup == 0 && w->n < w->cap ? &w->runs[w->n] : NULL;
    if (rec) {
        memset(rec, 0, sizeof *rec);
        if (copy_result(&rec->r, r) || eval_params(w, rec)) {
            free_rec(rec);
            rec = NULL;
        }
    }
    if (!rec)
        return ds_fail(err, DS_ENOMEM, "cannot add run %016" PRIx64 " to the HDF5 image for '%s' (out of memory?)",
                       r->id, w->path);
    rec->digest = ds_result_digest(r);
    w->n++;
    return DS_OK;
}

void ds_store_close(ds_store_writer *w)
{
    if (!w)
        return;
    unlock_out(w->path, w->lock);
    for (size_t i = 0; i < w->n; i++)
        free_rec(&w->runs[i]);
    for (size_t i = 0; i < w->nmeta; i++) {
        free((char *)w->meta[i].key);
        free((char *)w->meta[i].value);
    }
    for (size_t i = 0; i < w->npn; i++)
        free(w->pnames[i]);
    free(w->meta);
    free(w->runs);
    free(w->pnames);
    free(w->ids);
    free(w->command);
    free(w->path);
    free(w);
}
static int write_all(int fd, const char *buf, size_t size)
{
    while (size > 0) {
        ssize_t k = write(fd, buf, size);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        buf += k;
        size -= (size_t)k;
    }
    return 0;
}

/* Bob Jenkins' lookup3 hashlittle with seed 0: HDF5's metadata checksum. */
#define ROT(x, k) (((x) << (k)) | ((x) >> (32 - (k))))
static uint32_t word(const unsigned char *k)
{
    return k[0] | (uint32_t)k[1] << 8 | (uint32_t)k[2] << 16 | (uint32_t)k[3] << 24;
}

static uint32_t lookup3(const unsigned char *k, size_t len)
{
    uint32_t a, b, c;
    a = b = c = 0xdeadbeef + (uint32_t)len;
    for (; len > 12; len -= 12, k += 12) {
        a += word(k), b += word(k + 4), c += word(k + 8);
        a -= c; a ^= ROT(c, 4); c += b; b -= a; b ^= ROT(a, 6); a += c; c -= b; c ^= ROT(b, 8); b += a;
        a -= c; a ^= ROT(c, 16); c += b; b -= a; b ^= ROT(a, 19); a += c; c -= b; c ^= ROT(b, 4); b += a;
    }
    if (!len)
        return c;
    unsigned char last[12] = {0};
    memcpy(last, k, len);  /* the tail, zero-padded: the same sums as lookup3's byte switch */
    a += word(last), b += word(last + 4), c += word(last + 8);
    c ^= b; c -= ROT(b, 14); a ^= c; a -= ROT(c, 11); b ^= a; b -= ROT(a, 25);
    c ^= b; c -= ROT(b, 16); a ^= c; a -= ROT(c, 4); b ^= a; b -= ROT(a, 14); c ^= b; c -= ROT(b, 24);
    return c;
}

/* HDF5 1.10's file image clears the superblock's "open for writing" flag
 * but keeps the checksum computed with it set, and the image then fails
 * its own check on opening. Recompute it (superblock version 2 or 3:
 * 12 bytes, four addresses, the checksum). */
static void fix_superblock(unsigned char *img, size_t size)
{
    if (size < DS_CHECK_BLOCK + 16)
        return;
    img += DS_CHECK_BLOCK, size -= DS_CHECK_BLOCK;  /* the superblock follows the check block */
    if (memcmp(img, "\211HDF\r\n\032\n", 8) || (img[8] != 2 && img[8] != 3))
        return;
    size_t len = 12 + 4 * (size_t)img[9];
    if (len + 4 > size)
        return;
    uint32_t c = lookup3(img, len);
    for (int i = 0; i < 4; i++)
        img[len + i] = (unsigned char)(c >> (8 * i));
}

/* ---- the check block --------------------------------------------------- */

/* A result file's first DS_CHECK_BLOCK bytes are an HDF5 user block, which
 * HDF5 itself (and so h5py, pandas, HDF5.jl, Octave) skips. It holds lines
 * of text and NUL bytes to its end:
 *     descent result file
 *     format 2
 *     length N          the bytes after the block
 *     command TEXT      the command that wrote it, when it fits
 *     sha256 HEX        of the block's text before this line, then the N bytes
 * Readers check it before HDF5 reads a byte: HDF5 trusts what it reads, and
 * one damaged byte in a global heap of variable-length strings made it loop
 * without end. */
#define MAGIC "descent result file\n"
#define HDF5_SIGNATURE "\211HDF\r\n\032\n"

typedef struct {
    long format;
    unsigned long long length;
    char command[DS_CHECK_BLOCK];
    size_t hashed;  /* bytes of the block the hash covers: its text before the sha256 line */
    char hex[65];
} check_block;

/* 0, or -1 when libcrypto has no memory for the digest. */
static int block_hash(const unsigned char *img, size_t size, size_t hashed, char hex[65])
{
    ds_sha256 s;
    unsigned char d[32];
    ds_sha256_init(&s);
    ds_sha256_update(&s, img, hashed);
    ds_sha256_update(&s, img + DS_CHECK_BLOCK, size - DS_CHECK_BLOCK);
    if (ds_sha256_final(&s, d))
        return -1;
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    return 0;
}

/* One line of text: no control character. */
static int one_line(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return 0;
    return 1;
}

/* Write the check block of a file image whose first DS_CHECK_BLOCK bytes
 * HDF5 left for it. */
static int seal(unsigned char *img, size_t size, long format, const char *command)
{
    if (size < DS_CHECK_BLOCK)
        return -1;
    char *b = (char *)img, hex[65];
    memset(b, 0, DS_CHECK_BLOCK);
    size_t len = (size_t)snprintf(b, DS_CHECK_BLOCK, MAGIC "format %ld\nlength %zu\n", format, size - DS_CHECK_BLOCK);
    if (command && *command && one_line(command) && len + 9 + strlen(command) + 72 < DS_CHECK_BLOCK)
        len += (size_t)sprintf(b + len, "command %s\n", command);
    if (block_hash(img, size, len, hex))
        return -1;
    sprintf(b + len, "sha256 %s\n", hex);
    return 0;
}

static int read_number(const char **p, const char *key, unsigned long long *v)
{
    size_t k = strlen(key);
    char *end;
    if (strncmp(*p, key, k) || (*p)[k] < '0' || (*p)[k] > '9')
        return -1;
    errno = 0;
    *v = strtoull(*p + k, &end, 10);
    if (errno || *end != '\n')
        return -1;
    *p = end + 1;
    return 0;
}

/* The block's lines, or -1 when it is not one: its text ends at its first
 * NUL, and every byte after that is NUL. */
static int parse_block(const unsigned char *img, size_t size, check_block *cb)
{
    const char *b = (const char *)img, *p = b + strlen(MAGIC), *nul;
    unsigned long long format;
    if (size < DS_CHECK_BLOCK || memcmp(b, MAGIC, strlen(MAGIC)) || !(nul = memchr(b, 0, DS_CHECK_BLOCK)))
        return -1;
    for (const char *z = nul; z < b + DS_CHECK_BLOCK; z++)
        if (*z)
            return -1;
    if (read_number(&p, "format ", &format) || format > 1000000 || read_number(&p, "length ", &cb->length))
        return -1;
    cb->format = (long)format;
    cb->command[0] = '\0';
    if (!strncmp(p, "command ", 8)) {
        const char *nl = strchr(p, '\n');
        if (!nl)
            return -1;
        snprintf(cb->command, sizeof cb->command, "%.*s", (int)(nl - p - 8), p + 8);
        p = nl + 1;
    }
    if (strncmp(p, "sha256 ", 7) || nul - p != 72 || p[71] != '\n')
        return -1;
    memcpy(cb->hex, p + 7, 64);
    cb->hex[64] = '\0';
    cb->hashed = (size_t)(p - b);
    return 0;
}

static int damaged(const char *path, const check_block *cb, ds_err *err)
{
    char how[DS_CHECK_BLOCK + 64];
    if (cb && cb->command[0])
        snprintf(how, sizeof how, "%s", cb->command);
    else
        snprintf(how, sizeof how, "descent bench SUITE --out %s", path);
    return ds_fail(err, DS_EIO, "'%s' is damaged or modified since descent wrote it (its SHA-256 check fails): "
                   "regenerate it by running the command that wrote it again (%s)", path, how);
}

static int contains(const unsigned char *b, size_t n, const char *text)
{
    size_t k = strlen(text);
    for (size_t i = 0; i + k <= n; i++)
        if (b[i] == (unsigned char)text[0] && !memcmp(b + i, text, k))
            return 1;
    return 0;
}

/* Why a file without a check block is refused: a version 1 result file
 * (a group per run, before the check) or no result file at all. Its
 * bytes are searched, never handed to HDF5. */
static int unsealed(const char *path, const unsigned char *img, size_t size, ds_err *err)
{
    if (size >= DS_CHECK_BLOCK + 8 && !memcmp(img + DS_CHECK_BLOCK, HDF5_SIGNATURE, 8))
        return damaged(path, NULL, err);  /* ours, but its block is not */
    if (size < 8 || memcmp(img, HDF5_SIGNATURE, 8))
        return ds_fail(err, DS_EINVAL, "'%s' is not a descent result file (not an HDF5 file)", path);
    if (contains(img, size, "descent-h5 1"))
        return ds_fail(err, DS_EINVAL,
                       "'%s' is a version 1 result file (a group per run), which this descent no longer reads: "
                       "regenerate it by running its command again (h5dump -a /command %s shows it)", path, path);
    return ds_fail(err, DS_EINVAL, "'%s' is an HDF5 file without descent's check block: not a descent result "
                   "file (descent bench, run and merge write them with --out)", path);
}

/* The whole file at path, read into memory and checked: the only bytes
 * HDF5 is given (a file that changes after the check changes nothing). */
static int load_checked(const char *path, unsigned char **out, size_t *size, ds_err *err)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        int e = fd < 0 ? errno : EINVAL;
        if (fd >= 0)
            close(fd);
        return ds_fail(err, DS_EINVAL, "cannot read '%s': %s", path, e == EINVAL ? "not a regular file" : strerror(e));
    }
    size_t n = (size_t)st.st_size, got = 0;
    unsigned char *img = malloc(n + 1);
    while (img && got < n) {
        ssize_t k = read(fd, img + got, n - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    close(fd);
    if (!img || got != n) {
        free(img);
        return img ? ds_fail(err, DS_EIO, "cannot read '%s': it changed while being read", path)
                   : ds_fail(err, DS_ENOMEM, "out of memory for '%s' (%zu bytes)", path, n);
    }
    check_block cb;
    char hex[65];
    int rc = DS_OK;
    if (parse_block(img, n, &cb))
        rc = unsealed(path, img, n, err);
    else if (cb.length == n - DS_CHECK_BLOCK && block_hash(img, n, cb.hashed, hex))
        rc = ds_fail(err, DS_ENOMEM, "out of memory checking '%s'", path);
    else if (cb.length != n - DS_CHECK_BLOCK || strcmp(hex, cb.hex))
        rc = damaged(path, &cb, err);
    else if (cb.format != DS_FORMAT_VERSION)
        rc = ds_fail(err, DS_EINVAL, "'%s' is a version %ld result file; this descent reads version %d", path,
                     cb.format, DS_FORMAT_VERSION);
    if (rc) {
        free(img);
        return rc;
    }
    *out = img;
    *size = n;
    return DS_OK;
}

/* The checked file opened by HDF5 from memory (its core driver, which
 * takes a copy of the checked bytes), read-only. *img is left NULL: the
 * bytes belong to HDF5 until H5Fclose. (H5LTopen_file_image could use our
 * buffer without a copy, but leaks its bookkeeping on every call.) */
static int open_checked(const char *path, unsigned char **img, hid_t *file, ds_err *err)
{
    size_t size;
    int rc = load_checked(path, img, &size, err);
    if (rc)
        return rc;
    static unsigned long serial = 0;
    char name[64];
    snprintf(name, sizeof name, "descent-read-%ld-%lu", (long)getpid(), serial++);
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    int ok = fapl >= 0 && H5Pset_fapl_core(fapl, 1 << 20, 0) >= 0 && H5Pset_file_image(fapl, *img, size) >= 0;
    free(*img);  /* the property list holds a copy */
    *img = NULL;
    *file = ok ? H5Fopen(name, H5F_ACC_RDONLY, fapl) : -1;
    if (fapl >= 0)
        H5Pclose(fapl);
    if (*file < 0)
        return ds_fail(err, DS_EINVAL, "'%s' passes its check but HDF5 cannot open it", path);
    return DS_OK;
}

int ds_store_seal(const char *path, ds_err *err)
{
    int fd = open(path, O_RDWR | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        return ds_fail(err, DS_EIO, "cannot open '%s': %s", path, strerror(errno));
    }
    size_t n = (size_t)st.st_size;
    unsigned char *img = malloc(n + 1);
    check_block cb;
    int bad = !img || read(fd, img, n) != (ssize_t)n || parse_block(img, n, &cb) ||
              seal(img, n, cb.format, cb.command) || pwrite(fd, img, DS_CHECK_BLOCK, 0) != DS_CHECK_BLOCK;
    bad |= close(fd) != 0;
    free(img);
    return bad ? ds_fail(err, DS_EIO, "cannot seal '%s': no check block to renew, or a write failed", path) : DS_OK;
}

/* ---- building the image ------------------------------------------------- */

/* A root attribute: one value in a scalar dataspace. */
static int put_attr(hid_t loc, const char *name, hid_t type, const void *v)
{
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = sp < 0 ? -1 : H5Acreate2(loc, name, type, sp, H5P_DEFAULT, H5P_DEFAULT);
    int bad = a < 0 || H5Awrite(a, type, v) < 0;
    if (a >= 0)
        bad |= H5Aclose(a) < 0;
    if (sp >= 0)
        H5Sclose(sp);
    return bad;
}

static int put_string(hid_t loc, const char *name, const char *v)
{
    hid_t t = str_type();
    int bad = t < 0 || put_attr(loc, name, t, &v);
    if (t >= 0)
        H5Tclose(t);
    return bad;
}

/* A value that is a whole number written as one ("12", not "012" or "1,2"). */
static int as_integer(const char *v, long long *out)
{
    char *end;
    if (!*v || (v[0] == '0' && v[1]) || strspn(v + (v[0] == '-'), "0123456789") != strlen(v + (v[0] == '-')) ||
        strlen(v) > 18)
        return 0;
    *out = strtoll(v, &end, 10);
    return !*end;
}

static int put_root(hid_t file, const ds_store_writer *w)
{
    long long version = DS_FORMAT_VERSION;
    int bad = put_attr(file, "format_version", H5T_STD_I64LE, &version) || put_string(file, "command", w->command);
    for (size_t i = 0; i < w->nmeta && !bad; i++) {
        long long v;
        if (w->meta[i].integer && as_integer(w->meta[i].value, &v))
            bad = put_attr(file, w->meta[i].key, H5T_STD_I64LE, &v);
        else
            bad = put_string(file, w->meta[i].key, w->meta[i].value);
    }
    return bad;
}

/* A dataset of rank 1 or 2 in chunks of chunk_rows rows, shuffled,
 * deflated and under HDF5's Fletcher-32 filter, so a flipped byte is a
 * read error, not a changed result (an empty one has no data to check
 * and is not chunked). */
static int put_data(hid_t file, const char *name, hid_t ftype, hid_t mtype, int rank, const hsize_t *dims,
                    hsize_t chunk_rows, const void *data)
{
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    hsize_t chunk[2] = {dims[0] < chunk_rows ? dims[0] : chunk_rows, rank == 2 ? dims[1] : 1};
    int bad = dcpl < 0 || H5Pset_obj_track_times(dcpl, 0) < 0;
    if (!bad && dims[0])
        bad = H5Pset_chunk(dcpl, rank, chunk) < 0 || H5Pset_shuffle(dcpl) < 0 ||
              H5Pset_deflate(dcpl, DEFLATE_LEVEL) < 0 || H5Pset_fletcher32(dcpl) < 0;
    hid_t sp = bad ? -1 : H5Screate_simple(rank, dims, NULL);
    hid_t d = sp < 0 ? -1 : H5Dcreate2(file, name, ftype, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    /* numbers only: their chunks are filtered here on every thread (the
     * trajectories' deflate was most of a suite's final write); a table
     * with strings goes through HDF5, which owns their heap */
    if (d < 0)
        bad = 1;
    else if (dims[0] && ds_store_direct_chunks && H5Tdetect_class(ftype, H5T_STRING) == 0)
        bad = ds_h5_write_filtered(d, ftype, mtype, rank, dims, chunk, DEFLATE_LEVEL, data) != 0;
    else
        bad = dims[0] && H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0;
    if (d >= 0)
        bad |= H5Dclose(d) < 0;
    if (sp >= 0)
        H5Sclose(sp);
    if (dcpl >= 0)
        H5Pclose(dcpl);
    return bad;
}

static int put_table(hid_t file, const char *name, const column *cols, size_t ncols, size_t rows,
                     hsize_t chunk_rows, const cell *data)
{
    hid_t ft = table_type(cols, ncols, 1), mt = table_type(cols, ncols, 0);
    hsize_t dims[1] = {rows};
    int bad = ft < 0 || mt < 0 || put_data(file, name, ft, mt, 1, dims, chunk_rows, data);
    if (ft >= 0)
        H5Tclose(ft);
    if (mt >= 0)
        H5Tclose(mt);
    return bad;
}

static int cmp_rec(const void *a, const void *b)
{
    uint64_t x = (*(const run_rec *const *)a)->r.id, y = (*(const run_rec *const *)b)->r.id;
    return (x > y) - (x < y);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The fixed columns of one run's row; class holds its class text. */
static void run_row(const run_rec *rec, cell *c, char *class, size_t class_size, int64_t start, int64_t xf)
{
    const ds_result *r = &rec->r;
    class_text(r->flags, class, class_size);
    c[RC_ID].u = r->id, c[RC_PROBLEM].s = r->problem, c[RC_OPTIMIZER].s = r->optimizer;
    c[RC_SCHEDULE].s = r->schedule, c[RC_SEED].u = r->seed, c[RC_STATUS].s = ds_status_name(r->status);
    c[RC_MESSAGE].s = r->message, c[RC_CLASS].s = class, c[RC_F_STAR].d = r->f_star;
    c[RC_F_STAR_CERT].d = r->f_star_cert, c[RC_L].d = r->L, c[RC_MU].d = r->mu, c[RC_R].d = r->R;
    c[RC_DIM].i = (int64_t)r->dim, c[RC_N].i = (int64_t)r->n, c[RC_F0].d = r->f0, c[RC_F_FINAL].d = r->f_final;
    c[RC_GAP_FINAL].d = r->gap_final, c[RC_GNORM_FINAL].d = r->gnorm_final, c[RC_ITERS].i = r->iters;
    c[RC_STOP_ITER].i = r->stop_iter, c[RC_MAX_ITERS].i = r->max_iters, c[RC_N_F].i = r->n_f;
    c[RC_N_G].i = r->n_g, c[RC_N_HVP].i = r->n_hvp, c[RC_N_SAMPLES].d = r->n_samples, c[RC_EPOCHS].d = r->epochs;
    c[RC_SECONDS].d = r->seconds, c[RC_START].i = start, c[RC_COUNT].i = (int64_t)r->trace.n;
    c[RC_XDIM].i = (int64_t)r->trace.xdim, c[RC_X_FINAL].i = xf, c[RC_DIGEST].u = rec->digest;
}

static void traj_rows(const ds_trace *t, int64_t run, cell *c, double *x, size_t xw)
{
    for (size_t k = 0; k < t->n; k++, c += TC_NCOLS) {
        c[TC_RUN].i = run, c[TC_ITER].i = t->iter[k], c[TC_F].d = t->f[k], c[TC_F_GAP].d = t->f_gap[k];
        c[TC_GRAD_NORM].d = t->grad_norm[k], c[TC_LR].d = t->lr[k], c[TC_GRAD_EVALS].i = t->grad_evals[k];
        c[TC_EPOCHS].d = t->epochs[k], c[TC_DIST].d = t->dist[k];
        for (size_t j = 0; x && j < xw; j++)
            x[k * xw + j] = j < t->xdim ? t->x[k * t->xdim + j] : NAN;
    }
}

typedef struct {
    run_rec **order;    /* the runs by id */
    column *cols;       /* run_cols, then the parameter columns by name */
    size_t ncols, *pmap;  /* pmap: a writer's parameter index to its column */
    cell *runs, *traj;
    char *classes;      /* the class text of each run, 128 bytes each */
    double *x, *xf;
    size_t ntraj, xw, nxf;
} layout;

#define CLASS_MAX 128

static void free_layout(layout *l)
{
    free(l->order), free(l->cols), free(l->pmap), free(l->runs), free(l->traj);
    free(l->classes), free(l->x), free(l->xf);
}

static int plan(const ds_store_writer *w, layout *l)
{
    memset(l, 0, sizeof *l);
    l->ncols = RC_NCOLS + w->npn;
    char **names = malloc((w->npn + 1) * sizeof *names);
    l->order = malloc((w->n + 1) * sizeof *l->order);
    l->cols = malloc(l->ncols * sizeof *l->cols);
    l->pmap = malloc((w->npn + 1) * sizeof *l->pmap);
    if (!names || !l->order || !l->cols || !l->pmap)
        return free(names), -1;
    memcpy(l->cols, run_cols, sizeof run_cols);
    memcpy(names, w->pnames, w->npn * sizeof *names);
    qsort(names, w->npn, sizeof *names, cmp_name);
    for (size_t i = 0; i < w->npn; i++) {
        l->cols[RC_NCOLS + i] = (column){names[i], C_F64};
        for (size_t j = 0; j < w->npn; j++)
            if (w->pnames[j] == names[i])
                l->pmap[j] = RC_NCOLS + i;
    }
    free(names);
    for (size_t i = 0; i < w->n; i++) {
        l->order[i] = &w->runs[i];
        l->ntraj += w->runs[i].r.trace.n;
        if (w->runs[i].r.trace.xdim > l->xw)
            l->xw = w->runs[i].r.trace.xdim;
        if (w->runs[i].r.x_final)
            l->nxf += w->runs[i].r.dim;
    }
    qsort(l->order, w->n, sizeof *l->order, cmp_rec);
    l->runs = malloc((w->n * l->ncols + 1) * sizeof(cell));
    l->classes = malloc(w->n * CLASS_MAX + 1);
    l->traj = malloc((l->ntraj * TC_NCOLS + 1) * sizeof(cell));
    l->x = l->xw ? malloc(l->ntraj * l->xw * sizeof(double) + 1) : NULL;
    l->xf = malloc(l->nxf * sizeof(double) + 1);
    return !l->runs || !l->classes || !l->traj || (l->xw && !l->x) || !l->xf ? -1 : 0;
}

static void fill(layout *l, size_t n)
{
    size_t start = 0, xf = 0;
    for (size_t i = 0; i < n; i++) {
        const run_rec *rec = l->order[i];
        const ds_result *r = &rec->r;
        cell *c = &l->runs[i * l->ncols];
        run_row(rec, c, l->classes + i * CLASS_MAX, CLASS_MAX, (int64_t)start, r->x_final ? (int64_t)xf : -1);
        for (size_t k = RC_NCOLS; k < l->ncols; k++)
            c[k].d = NAN;  /* the method has no such parameter */
        for (size_t k = 0; k < rec->np; k++)
            c[l->pmap[rec->p[k].col]].d = rec->p[k].v;
        traj_rows(&r->trace, (int64_t)i, &l->traj[start * TC_NCOLS], l->x ? &l->x[start * l->xw] : NULL, l->xw);
        start += r->trace.n;
        if (r->x_final) {
            memcpy(&l->xf[xf], r->x_final, r->dim * sizeof(double));
            xf += r->dim;
        }
    }
}

static int put_layout(hid_t file, const ds_store_writer *w, const layout *l)
{
    hsize_t xd[2] = {l->ntraj, l->xw}, fd[1] = {l->nxf};
    int bad = put_root(file, w) || put_table(file, "runs", l->cols, l->ncols, w->n, RUN_CHUNK, l->runs) ||
              put_table(file, "trajectory", traj_cols, TC_NCOLS, l->ntraj, TRAJ_CHUNK, l->traj);
    if (!bad && l->xw)
        bad = put_data(file, "x", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, xd, TRAJ_CHUNK, l->x);
    if (!bad && l->nxf)
        bad = put_data(file, "x_final", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, fd, TRAJ_CHUNK, l->xf);
    return bad;
}

/* A new file in memory: HDF5 1.10's formats (checksummed object headers,
 * so a damaged header is an error on reading, not a wild pointer), no
 * creation or modification times (the same runs, the same bytes), HDF5's
 * small default metadata blocks. */
static hid_t new_image(void)
{
    static unsigned long serial = 0;
    char name[64];
    snprintf(name, sizeof name, "descent-image-%ld-%lu", (long)getpid(), serial++);
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS), fcpl = H5Pcreate(H5P_FILE_CREATE), file = -1;
    if (fapl >= 0 && fcpl >= 0 && H5Pset_fapl_core(fapl, 4 << 20, 0) >= 0 &&
        H5Pset_libver_bounds(fapl, H5F_LIBVER_V110, H5F_LIBVER_V110) >= 0 && H5Pset_obj_track_times(fcpl, 0) >= 0 &&
        H5Pset_userblock(fcpl, DS_CHECK_BLOCK) >= 0)
        file = H5Fcreate(name, H5F_ACC_TRUNC, fcpl, fapl);
    if (fapl >= 0)
        H5Pclose(fapl);
    if (fcpl >= 0)
        H5Pclose(fcpl);
    return file;
}

static int build_image(const ds_store_writer *w, void **image, size_t *size)
{
    layout l;
    hid_t file = -1;
    int bad = plan(w, &l);
    if (!bad) {
        fill(&l, w->n);
        bad = (file = new_image()) < 0 || put_layout(file, w, &l);
    }
    free_layout(&l);
    /* HDF5's image starts at the superblock: the check block goes before it */
    ssize_t len = bad || H5Fflush(file, H5F_SCOPE_GLOBAL) < 0 ? -1 : H5Fget_file_image(file, NULL, 0);
    unsigned char *img = len > 0 ? malloc(DS_CHECK_BLOCK + (size_t)len) : NULL;
    bad = !img || H5Fget_file_image(file, img + DS_CHECK_BLOCK, (size_t)len) != len;
    if (file >= 0)
        H5Fclose(file);
    if (bad) {
        free(img);
        *image = NULL;
        return -1;
    }
    *image = img;
    *size = DS_CHECK_BLOCK + (size_t)len;
    fix_superblock(img, *size);
    return seal(img, *size, DS_FORMAT_VERSION, w->command);
}
int ds_store_snapshot(ds_store_writer *w, void **image, size_t *size, ds_err *err)
{
    if (build_image(w, image, size))
        return ds_fail(err, DS_ENOMEM, "cannot build the HDF5 image for '%s' (out of memory?)", w->path);
    return DS_OK;
}

const char *ds_store_path(const ds_store_writer *w)
{
    return w->path;
}

int ds_store_write_image(const char *path, const void *image, size_t size, ds_err *err)
{
    char tmp[4096];
    int rc = ds_store_check_out(path, err);  /* again: the path may have changed since the start */
    if (rc)
        return rc;
    if (snprintf(tmp, sizeof tmp, "%s.tmp-%ld-XXXXXX", path, (long)getpid()) >= (int)sizeof tmp)
        return ds_fail(err, DS_EIO, "output path too long: %s", path);
    /* mkstemp: a new file (O_EXCL) under an unpredictable name, so nothing
     * planted at the temporary's name is followed or overwritten */
    int fd = mkstemp(tmp);
    if (fd < 0)
        return ds_fail(err, DS_EIO, "cannot create '%s': %s", path, strerror(errno));
    int bad = fchmod(fd, 0644) != 0 || write_all(fd, image, size) || fsync(fd) != 0;
    int e = errno;
    bad |= close(fd) != 0;
    if (bad) {
        unlink(tmp);
        return ds_fail(err, DS_EIO, "writing '%s' failed: %s; any earlier file is intact", path,
                       strerror(e ? e : EIO));
    }
    if (rename(tmp, path) != 0) {
        e = errno;
        unlink(tmp);
        return ds_fail(err, DS_EIO, "cannot rename '%s' to '%s': %s", tmp, path, strerror(e));
    }
    return DS_OK;
}

int ds_store_commit(ds_store_writer *w, ds_err *err)
{
    void *image;
    size_t size = 0;
    int rc = ds_store_snapshot(w, &image, &size, err);
    if (!rc)
        rc = ds_store_write_image(w->path, image, size, err);
    free(image);
    return rc;
}

int ds_store_write(const char *path, const char *command, const ds_meta *meta, size_t nmeta,
                   const ds_result *res, size_t n, ds_err *err)
{
    ds_store_writer *w;
    int rc = ds_store_open(&w, path, command, meta, nmeta, err);
    for (size_t i = 0; i < n && !rc; i++)
        rc = ds_store_add(w, &res[i], err);
    if (!rc)
        rc = ds_store_commit(w, err);
    ds_store_close(w);
    return rc;
}

/* ---- reading --------------------------------------------------------- */

/* Reading trusts nothing in the file: every attribute and dataset has its
 * class and shape checked before it is read, strings are terminated here
 * whatever padding the writer chose, and no allocation is larger than the
 * file could hold (a dataset's extent is only a number in its header). */

#define MAX_STRING (16u << 20)  /* an attribute string (a suite's text is at most 4 MiB) */

/* The attribute `name` opened when it exists with one element of class
 * cls; 0 when absent, -1 when present but not that. */
static hid_t open_attr(hid_t loc, const char *name, H5T_class_t cls, hid_t *ftype)
{
    htri_t ex = H5Aexists(loc, name);
    if (ex <= 0)
        return ex < 0 ? -1 : 0;
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    if (a < 0)
        return -1;
    hid_t t = H5Aget_type(a), sp = H5Aget_space(a);
    int ok = t >= 0 && sp >= 0 && H5Tget_class(t) == cls && H5Sget_simple_extent_npoints(sp) == 1;
    if (sp >= 0)
        H5Sclose(sp);
    if (!ok) {
        if (t >= 0)
            H5Tclose(t);
        H5Aclose(a);
        return -1;
    }
    *ftype = t;
    return a;
}

/* A string attribute into buf ("" when absent), fixed-length (any
 * padding) or variable-length; 0, or -1 when it is not one string. */
static int get_string(hid_t loc, const char *name, char *buf, size_t size)
{
    hid_t t = -1, a = open_attr(loc, name, H5T_STRING, &t);
    buf[0] = '\0';
    if (a <= 0)
        return a < 0 ? -1 : 0;
    int rc = -1;
    hid_t mt = H5Tcopy(H5T_C_S1);
    if (mt >= 0 && H5Tset_cset(mt, H5Tget_cset(t)) < 0) {  /* HDF5 converts no string between character sets */
        H5Tclose(mt);
        mt = -1;
    }
    if (H5Tis_variable_str(t) > 0) {
        char *v = NULL;
        if (mt >= 0 && H5Tset_size(mt, H5T_VARIABLE) >= 0 && H5Aread(a, mt, &v) >= 0 && v) {
            snprintf(buf, size, "%s", v);
            rc = 0;
        }
        H5free_memory(v);
    } else {
        size_t ts = H5Tget_size(t);
        char *tmp = ts && ts <= MAX_STRING ? malloc(ts + 1) : NULL;
        /* null-padded in memory: a writer's last character is kept (a
         * null-terminated memory type would drop it), and the end is ours */
        if (tmp && mt >= 0 && H5Tset_size(mt, ts) >= 0 && H5Tset_strpad(mt, H5T_STR_NULLPAD) >= 0 &&
            H5Aread(a, mt, tmp) >= 0) {
            tmp[ts] = '\0';
            snprintf(buf, size, "%s", tmp);
            rc = 0;
        }
        free(tmp);
    }
    if (mt >= 0)
        H5Tclose(mt);
    H5Tclose(t);
    H5Aclose(a);
    return rc;
}

/* A one-element numeric attribute of class cls read as mtype; 0 absent,
 * 1 read, -1 present but not one number of that class. */
static int get_num(hid_t loc, const char *name, H5T_class_t cls, hid_t mtype, void *v)
{
    hid_t t = -1, a = open_attr(loc, name, cls, &t);
    if (a <= 0)
        return a < 0 ? -1 : 0;
    int rc = H5Aread(a, mtype, v) < 0 ? -1 : 1;
    H5Tclose(t);
    H5Aclose(a);
    return rc;
}

typedef struct {
    hid_t file;
    hsize_t file_size;  /* bounds every dataset read */
    char why[256];      /* the first thing wrong, for the message */
} reader;

static void bad(reader *rd, const char *fmt, const char *a, const char *b)
{
    if (!rd->why[0])
        snprintf(rd->why, sizeof rd->why, fmt, a, b);
}

/* At most this many bytes are believed of a dataset: deflate packs at most
 * 1032 bytes into one, and a header's extent is only a number. */
static int too_big(const reader *rd, hsize_t rows, size_t row_bytes)
{
    return rows > (rd->file_size * 1040 + (1u << 20)) / row_bytes;
}

/* The dataset `name` when it exists, has rank `rank` and elements of class
 * cls, and no more rows than the file could hold; -1 otherwise (the reason
 * in rd), 0 when absent and absent_ok. */
static hid_t open_data(reader *rd, const char *name, int rank, H5T_class_t cls, size_t row_bytes, hsize_t *dims,
                       int absent_ok)
{
    htri_t ex = H5Lexists(rd->file, name, H5P_DEFAULT);
    if (ex <= 0) {
        if (ex < 0 || !absent_ok)
            bad(rd, "it has no /%s%s", name, "");
        return ex < 0 || !absent_ok ? -1 : 0;
    }
    hid_t d = H5Dopen2(rd->file, name, H5P_DEFAULT);
    hid_t t = d >= 0 ? H5Dget_type(d) : -1, sp = d >= 0 ? H5Dget_space(d) : -1;
    dims[0] = 0, dims[1] = 1;
    int ok = t >= 0 && sp >= 0 && H5Tget_class(t) == cls && H5Sget_simple_extent_ndims(sp) == rank &&
             H5Sget_simple_extent_dims(sp, dims, NULL) == rank && dims[1] >= 1 && dims[1] <= 3 &&
             !too_big(rd, dims[0], row_bytes * dims[1]);
    if (t >= 0)
        H5Tclose(t);
    if (sp >= 0)
        H5Sclose(sp);
    if (!ok) {
        bad(rd, "/%s is not a table of the expected shape and type%s", name, "");
        if (d >= 0)
            H5Dclose(d);
        return -1;
    }
    return d;
}

/* The memory type reading cols[0..n) out of the dataset's compound type,
 * each of the kind it should be; -1 naming the first missing or wrong. */
static hid_t member_type(reader *rd, hid_t d, const char *table, const column *cols, size_t n)
{
    hid_t ft = H5Dget_type(d);
    int ok = ft >= 0;
    for (size_t i = 0; i < n && ok; i++) {
        int k = H5Tget_member_index(ft, cols[i].name);
        hid_t mt = k < 0 ? -1 : H5Tget_member_type(ft, (unsigned)k);
        H5T_class_t want = cols[i].kind == C_STR ? H5T_STRING : cols[i].kind == C_F64 ? H5T_FLOAT : H5T_INTEGER;
        ok = mt >= 0 && H5Tget_class(mt) == want && (cols[i].kind != C_STR || H5Tis_variable_str(mt) > 0);
        if (mt >= 0)
            H5Tclose(mt);
        if (!ok)
            bad(rd, "/%s has no column '%s' of the right type", table, cols[i].name);
    }
    if (ft >= 0)
        H5Tclose(ft);
    return ok ? table_type(cols, n, 0) : -1;
}

/* rows [start, start + count) of dataset d (cols columns of 8 bytes) into buf */
static int read_rows(hid_t d, hid_t mtype, int rank, hsize_t start, hsize_t count, hsize_t cols, void *buf)
{
    if (!count)
        return 0;
    hsize_t off[2] = {start, 0}, cnt[2] = {count, cols};
    hid_t fs = H5Dget_space(d), ms = H5Screate_simple(rank, cnt, NULL);
    int rc = fs < 0 || ms < 0 || H5Sselect_hyperslab(fs, H5S_SELECT_SET, off, NULL, cnt, NULL) < 0 ||
             H5Dread(d, mtype, ms, fs, H5P_DEFAULT, buf) < 0;
    if (fs >= 0)
        H5Sclose(fs);
    if (ms >= 0)
        H5Sclose(ms);
    return rc ? -1 : 0;
}

typedef struct {
    hid_t traj, tmt, x, xf;  /* datasets (x, xf: 0 when absent) and /trajectory's memory type */
    hsize_t ntraj, xw, nxf;
} traces;

static int run_from_row(ds_result *r, const cell *c)
{
    memset(r, 0, sizeof *r);
    const char *s[4] = {c[RC_PROBLEM].s, c[RC_OPTIMIZER].s, c[RC_SCHEDULE].s, c[RC_MESSAGE].s};
    for (int k = 0; k < 4; k++)
        if (!s[k])
            return -1;
    snprintf(r->problem, sizeof r->problem, "%s", s[0]);
    snprintf(r->optimizer, sizeof r->optimizer, "%s", s[1]);
    snprintf(r->schedule, sizeof r->schedule, "%s", s[2]);
    snprintf(r->message, sizeof r->message, "%s", s[3]);
    r->status = ds_status_parse(c[RC_STATUS].s ? c[RC_STATUS].s : "");
    if (!c[RC_CLASS].s || class_parse(c[RC_CLASS].s, &r->flags))
        return -1;
    r->id = c[RC_ID].u, r->seed = c[RC_SEED].u;
    r->f_star = c[RC_F_STAR].d, r->f_star_cert = c[RC_F_STAR_CERT].d, r->L = c[RC_L].d, r->mu = c[RC_MU].d;
    r->R = c[RC_R].d, r->dim = (size_t)c[RC_DIM].i, r->n = (size_t)c[RC_N].i, r->f0 = c[RC_F0].d;
    r->f_final = c[RC_F_FINAL].d, r->gap_final = c[RC_GAP_FINAL].d, r->gnorm_final = c[RC_GNORM_FINAL].d;
    r->iters = c[RC_ITERS].i, r->stop_iter = c[RC_STOP_ITER].i, r->max_iters = c[RC_MAX_ITERS].i;
    r->n_f = c[RC_N_F].i, r->n_g = c[RC_N_G].i, r->n_hvp = c[RC_N_HVP].i, r->n_samples = c[RC_N_SAMPLES].d;
    r->epochs = c[RC_EPOCHS].d, r->seconds = c[RC_SECONDS].d;
    return c[RC_DIM].i < 0 || c[RC_N].i < 0 ? -1 : 0;
}

/* The run's records: rows [start, start + count) of /trajectory, each
 * naming the run's row, and of /x; and its x_final. */
static int read_trace(reader *rd, const traces *tr, const cell *c, size_t row, ds_result *r)
{
    int64_t start = c[RC_START].i, count = c[RC_COUNT].i, xdim = c[RC_XDIM].i, xf = c[RC_X_FINAL].i;
    if (start < 0 || count < 0 || (hsize_t)start > tr->ntraj || (hsize_t)count > tr->ntraj - (hsize_t)start)
        return bad(rd, "%s%s", "its records are outside /trajectory", ""), -1;
    if (xdim < 0 || (hsize_t)xdim > (tr->x ? tr->xw : 0))
        return bad(rd, "%s%s", "its xdim is not a width of /x", ""), -1;
    if (xf >= 0 && (!tr->xf || (hsize_t)xf > tr->nxf || r->dim > tr->nxf - (hsize_t)xf))
        return bad(rd, "%s%s", "its x_final is outside /x_final", ""), -1;
    size_t n = (size_t)count;
    ds_trace *t = &r->trace;
    cell *rows = malloc(n * TC_NCOLS * sizeof *rows + 1);
    double *x = xdim ? malloc(n * tr->xw * sizeof *x + 1) : NULL;
    t->n = t->cap = n, t->xdim = (size_t)xdim;
    t->iter = malloc(n * sizeof(long) + 1), t->grad_evals = malloc(n * sizeof(long) + 1);
    double **dv[] = {&t->f, &t->f_gap, &t->grad_norm, &t->lr, &t->epochs, &t->dist};
    int ok = rows && (!xdim || x) && t->iter && t->grad_evals;
    for (size_t k = 0; k < 6; k++)
        ok &= (*dv[k] = malloc(n * sizeof(double) + 1)) != NULL;
    if (xdim)
        ok &= (t->x = malloc(n * (size_t)xdim * sizeof(double) + 1)) != NULL;
    if (xf >= 0)
        ok &= (r->x_final = malloc(r->dim * sizeof(double) + 1)) != NULL;
    ok = ok && !read_rows(tr->traj, tr->tmt, 1, (hsize_t)start, n, 1, rows) &&
         (!xdim || !read_rows(tr->x, H5T_NATIVE_DOUBLE, 2, (hsize_t)start, n, tr->xw, x)) &&
         (xf < 0 || !read_rows(tr->xf, H5T_NATIVE_DOUBLE, 1, (hsize_t)xf, r->dim, 1, r->x_final));
    if (!ok)
        bad(rd, "%s%s", "its records are unreadable (damaged?)", "");
    for (size_t k = 0; ok && k < n; k++) {
        const cell *e = &rows[k * TC_NCOLS];
        if (e[TC_RUN].i != (int64_t)row) {
            bad(rd, "%s%s", "a record of its rows in /trajectory names another run", "");
            ok = 0;
        }
        t->iter[k] = (long)e[TC_ITER].i, t->grad_evals[k] = (long)e[TC_GRAD_EVALS].i;
        t->f[k] = e[TC_F].d, t->f_gap[k] = e[TC_F_GAP].d, t->grad_norm[k] = e[TC_GRAD_NORM].d;
        t->lr[k] = e[TC_LR].d, t->epochs[k] = e[TC_EPOCHS].d, t->dist[k] = e[TC_DIST].d;
        for (size_t j = 0; j < (size_t)xdim; j++)
            t->x[k * (size_t)xdim + j] = x[k * tr->xw + j];
    }
    free(rows);
    free(x);
    return ok ? 0 : -1;
}

typedef struct {
    ds_result *res;
    size_t n;
} results;

/* Run `row` (its cells c) appended to out when keep accepts it. */
static int read_run(reader *rd, const traces *tr, const cell *c, size_t row, results *out, ds_store_keep_fn keep,
                    void *user)
{
    char id[32];
    snprintf(id, sizeof id, "%016" PRIx64, c[RC_ID].u);
    if (keep && !keep(c[RC_ID].u, user))
        return 0;  /* its records are not read: reading a few runs of a large file stays cheap */
    ds_result *r = &out->res[out->n++];
    if (run_from_row(r, c)) {
        snprintf(rd->why, sizeof rd->why, "run %s: a column of its row in /runs is malformed", id);
        return -1;
    }
    if (read_trace(rd, tr, c, row, r)) {
        char msg[sizeof rd->why];
        snprintf(msg, sizeof msg, "run %s: %s", id, rd->why);
        snprintf(rd->why, sizeof rd->why, "%s", msg);
        return -1;
    }
    if (c[RC_DIGEST].u != ds_result_digest(r)) {
        snprintf(rd->why, sizeof rd->why, "run %s: its values do not match its digest (altered or damaged)", id);
        return -1;
    }
    return 0;
}

/* Version 2 or a one-line refusal: a version 1 file (a group per run)
 * names the command that would write it again. */
static int check_version(hid_t file, const char *path, ds_err *err)
{
    long long v = 0;
    int got = get_num(file, "format_version", H5T_INTEGER, H5T_NATIVE_LLONG, &v);
    if (got == 1 && v == DS_FORMAT_VERSION)
        return DS_OK;
    if (got == 1)
        return ds_fail(err, DS_EINVAL, "'%s' is a version %lld result file; this descent reads version %d", path, v,
                       DS_FORMAT_VERSION);
    char old[64], command[512];
    if (get_string(file, "version", old, sizeof old) == 0 && !strncmp(old, "descent-h5 1", 12)) {
        if (get_string(file, "command", command, sizeof command) || !command[0])
            snprintf(command, sizeof command, "descent bench SUITE --out %s", path);
        return ds_fail(err, DS_EINVAL,
                       "'%s' is a version 1 result file (a group per run), which this descent no longer reads: "
                       "regenerate it by running its command again (%s)",
                       path, command);
    }
    return ds_fail(err, DS_EINVAL, "'%s' has no format_version attribute: not a descent result file", path);
}

static void close_traces(traces *tr)
{
    if (tr->traj > 0)
        H5Dclose(tr->traj);
    if (tr->tmt >= 0)
        H5Tclose(tr->tmt);
    if (tr->x > 0)
        H5Dclose(tr->x);
    if (tr->xf > 0)
        H5Dclose(tr->xf);
}

static int open_traces(reader *rd, traces *tr)
{
    hsize_t dims[2];
    *tr = (traces){.traj = -1, .tmt = -1, .x = -1, .xf = -1};
    if ((tr->traj = open_data(rd, "trajectory", 1, H5T_COMPOUND, TC_NCOLS * sizeof(cell), dims, 0)) < 0)
        return -1;
    tr->ntraj = dims[0];
    if ((tr->tmt = member_type(rd, tr->traj, "trajectory", traj_cols, TC_NCOLS)) < 0 ||
        (tr->x = open_data(rd, "x", 2, H5T_FLOAT, sizeof(double), dims, 1)) < 0)
        return -1;
    tr->xw = tr->x ? dims[1] : 0;
    if (tr->x && dims[0] != tr->ntraj)
        return bad(rd, "%s%s", "/x and /trajectory have different numbers of rows", ""), -1;
    if ((tr->xf = open_data(rd, "x_final", 1, H5T_FLOAT, sizeof(double), dims, 1)) < 0)
        return -1;
    tr->nxf = tr->xf ? dims[0] : 0;
    return 0;
}

/* Every row of /runs, then the runs keep accepts with their records. */
static int read_runs(reader *rd, ds_store_keep_fn keep, void *user, results *out)
{
    hsize_t dims[2] = {0, 1};
    traces tr = {.traj = -1, .tmt = -1, .x = -1, .xf = -1};
    hid_t d = open_data(rd, "runs", 1, H5T_COMPOUND, RC_NCOLS * sizeof(cell), dims, 0);
    hid_t mt = d < 0 ? -1 : member_type(rd, d, "runs", run_cols, RC_NCOLS);
    size_t n = (size_t)dims[0];
    cell *rows = mt < 0 ? NULL : calloc(n + 1, RC_NCOLS * sizeof(cell));
    int rc = -1;
    if (rows && !open_traces(rd, &tr) && (out->res = malloc((n + 1) * sizeof *out->res))) {
        if (read_rows(d, mt, 1, 0, n, 1, rows))
            bad(rd, "%s%s", "/runs is unreadable (damaged?)", "");
        for (size_t i = 0; i < n && !rd->why[0]; i++)
            if (read_run(rd, &tr, &rows[i * RC_NCOLS], i, out, keep, user))
                break;
        rc = rd->why[0] ? -1 : 0;
        hid_t sp = H5Dget_space(d);
        if (sp >= 0) {
            H5Dvlen_reclaim(mt, sp, H5P_DEFAULT, rows);
            H5Sclose(sp);
        }
    } else if (!rows && mt >= 0)
        bad(rd, "%s%s", "out of memory for /runs", "");
    close_traces(&tr);
    free(rows);
    if (mt >= 0)
        H5Tclose(mt);
    if (d >= 0)
        H5Dclose(d);
    return rc;
}

int ds_store_read(const char *path, ds_result **out, size_t *n, ds_err *err)
{
    return ds_store_read_some(path, NULL, NULL, out, n, err);
}

int ds_store_read_some(const char *path, ds_store_keep_fn keep, void *user, ds_result **out, size_t *n,
                       ds_err *err)
{
    quiet_hdf5();
    *out = NULL;
    *n = 0;
    unsigned char *img;
    hid_t file;
    int rc = open_checked(path, &img, &file, err);
    if (rc)
        return rc;
    rc = check_version(file, path, err);
    if (rc) {
        H5Fclose(file);
        free(img);
        return rc;
    }
    reader rd = {.file = file};
    results res = {0};
    if (H5Fget_filesize(file, &rd.file_size) < 0)
        rd.file_size = 0;
    int bad_read = read_runs(&rd, keep, user, &res);
    H5Fclose(file);
    free(img);
    if (bad_read || rd.why[0]) {
        ds_store_free(res.res, res.n);
        return ds_fail(err, DS_EIO, "'%s' is damaged or not a descent result file: %s", path,
                       rd.why[0] ? rd.why : "the run table is unreadable");
    }
    *out = res.res;
    *n = res.n;
    return DS_OK;
}
void ds_store_free(ds_result *res, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ds_result_free(&res[i]);
    free(res);
}

/* A root attribute as text: an integer or a real attribute formatted,
 * a string as it is ("" when absent). */
int ds_store_root_attr(const char *path, const char *key, char *buf, size_t size, ds_err *err)
{
    quiet_hdf5();
    unsigned char *img;
    hid_t file;
    int rc = open_checked(path, &img, &file, err);
    if (rc)
        return rc;
    hid_t root = H5Gopen2(file, "/", H5P_DEFAULT);
    long long iv;
    double dv;
    rc = get_num(root, key, H5T_INTEGER, H5T_NATIVE_LLONG, &iv);
    if (rc == 1)
        snprintf(buf, size, "%lld", iv);
    else if ((rc = get_num(root, key, H5T_FLOAT, H5T_NATIVE_DOUBLE, &dv)) == 1)
        ds_fmt_double(dv, buf, size);
    else
        rc = get_string(root, key, buf, size);
    rc = rc == 1 ? 0 : rc;
    H5Gclose(root);
    H5Fclose(file);
    free(img);
    return rc ? ds_fail(err, DS_EIO, "'%s': attribute '%s' unreadable", path, key) : DS_OK;
}
