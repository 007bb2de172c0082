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
#include <hdf5_hl.h>

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

/* ---- writing --------------------------------------------------------- */

/* Attributes written straight onto the open object, in H5LT's layout
 * (numbers: a 1-element simple dataspace; strings: a scalar, fixed-length,
 * null-terminated string): H5LT looks the object up by name on every call,
 * which is most of the cost of a run's two dozen attributes. */
static int put_attr(hid_t loc, const char *name, hid_t type, hid_t space, const void *v)
{
    hid_t a = H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0)
        return 1;
    int bad = H5Awrite(a, type, v) < 0;
    return H5Aclose(a) < 0 || bad;
}

static int put_num(hid_t loc, const char *name, hid_t type, const void *v)
{
    hsize_t one = 1;
    hid_t sp = H5Screate_simple(1, &one, NULL);
    if (sp < 0)
        return 1;
    int bad = put_attr(loc, name, type, sp, v);
    return H5Sclose(sp) < 0 || bad;
}

static int put_double(hid_t loc, const char *name, double v)
{
    return put_num(loc, name, H5T_NATIVE_DOUBLE, &v);
}

static int put_long(hid_t loc, const char *name, long v)
{
    return put_num(loc, name, H5T_NATIVE_LONG, &v);
}

static int put_string(hid_t loc, const char *name, const char *v)
{
    hid_t t = H5Tcopy(H5T_C_S1), sp = H5Screate(H5S_SCALAR);
    int bad = t < 0 || sp < 0 || H5Tset_size(t, strlen(v) + 1) < 0 || H5Tset_strpad(t, H5T_STR_NULLTERM) < 0 ||
              put_attr(loc, name, t, sp, v);
    if (t >= 0)
        H5Tclose(t);
    if (sp >= 0)
        H5Sclose(sp);
    return bad;
}

/* Each non-empty dataset is one chunk under HDF5's Fletcher-32 filter, so
 * a flipped byte in a trace is a read error, not a changed result (an
 * empty one has no data to check and cannot be chunked). */
static int put_vec(hid_t g, const char *name, hid_t type, size_t rows, size_t cols, const void *data)
{
    hsize_t dims[2] = {rows, cols};
    int rank = cols ? 2 : 1;
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    int bad = dcpl < 0 || H5Pset_obj_track_times(dcpl, 0) < 0;
    if (!bad && rows && (rank == 1 || cols))
        bad = H5Pset_chunk(dcpl, rank, dims) < 0 || H5Pset_fletcher32(dcpl) < 0;
    hid_t sp = bad ? -1 : H5Screate_simple(rank, dims, NULL);
    hid_t d = sp < 0 ? -1 : H5Dcreate2(g, name, type, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    bad = d < 0 || H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0;
    if (d >= 0)
        H5Dclose(d);
    if (sp >= 0)
        H5Sclose(sp);
    if (dcpl >= 0)
        H5Pclose(dcpl);
    return bad;
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
    const long l[] = {(long)r->dim, (long)r->n, r->iters, r->stop_iter, r->n_f, r->n_g, r->n_hvp, (long)r->flags};
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

static int write_run(hid_t runs, const ds_result *r)
{
    char name[32], digest[32];
    snprintf(name, sizeof name, "%016" PRIx64, r->id);
    snprintf(digest, sizeof digest, "%016" PRIx64, ds_result_digest(r));
    hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
    hid_t g = gcpl < 0 || H5Pset_obj_track_times(gcpl, 0) < 0 ? -1
                                                            : H5Gcreate2(runs, name, H5P_DEFAULT, gcpl, H5P_DEFAULT);
    if (gcpl >= 0)
        H5Pclose(gcpl);
    if (g < 0)
        return -1;
    unsigned long seed = (unsigned long)r->seed;
    int bad = 0;
    bad |= put_string(g, "problem", r->problem) | put_string(g, "optimizer", r->optimizer);
    bad |= put_string(g, "schedule", r->schedule) | put_string(g, "status", ds_status_name(r->status));
    bad |= put_string(g, "message", r->message);
    bad |= put_num(g, "seed", H5T_NATIVE_ULONG, &seed);
    bad |= put_double(g, "f_star", r->f_star) | put_double(g, "L", r->L) | put_double(g, "mu", r->mu);
    if (!isnan(r->f_star_cert))  /* f* from a certified iterative solve */
        bad |= put_double(g, "f_star_cert", r->f_star_cert);
    bad |= put_long(g, "dim", (long)r->dim) | put_long(g, "n", (long)r->n);
    bad |= put_double(g, "R", r->R) | put_double(g, "f0", r->f0);
    bad |= put_double(g, "f_final", r->f_final) | put_double(g, "gap_final", r->gap_final);
    bad |= put_double(g, "grad_norm_final", r->gnorm_final);
    bad |= put_long(g, "iters", r->iters) | put_long(g, "stop_iter", r->stop_iter);
    bad |= put_long(g, "n_f", r->n_f) | put_long(g, "n_g", r->n_g) | put_long(g, "n_hvp", r->n_hvp);
    bad |= put_double(g, "n_samples", r->n_samples) | put_double(g, "epochs_total", r->epochs);
    bad |= put_double(g, "seconds", r->seconds) | put_long(g, "flags", (long)r->flags);
    bad |= put_string(g, "digest", digest);
    const ds_trace *t = &r->trace;
    bad |= put_vec(g, "iter", H5T_NATIVE_LONG, t->n, 0, t->iter);
    bad |= put_vec(g, "f", H5T_NATIVE_DOUBLE, t->n, 0, t->f);
    bad |= put_vec(g, "f_gap", H5T_NATIVE_DOUBLE, t->n, 0, t->f_gap);
    bad |= put_vec(g, "grad_norm", H5T_NATIVE_DOUBLE, t->n, 0, t->grad_norm);
    bad |= put_vec(g, "lr", H5T_NATIVE_DOUBLE, t->n, 0, t->lr);
    bad |= put_vec(g, "grad_evals", H5T_NATIVE_LONG, t->n, 0, t->grad_evals);
    bad |= put_vec(g, "epochs", H5T_NATIVE_DOUBLE, t->n, 0, t->epochs);
    bad |= put_vec(g, "dist", H5T_NATIVE_DOUBLE, t->n, 0, t->dist);
    if (t->xdim)
        bad |= put_vec(g, "x", H5T_NATIVE_DOUBLE, t->n, t->xdim, t->x);
    if (r->x_final)
        bad |= put_vec(g, "x_final", H5T_NATIVE_DOUBLE, r->dim, 0, r->x_final);
    H5Gclose(g);
    return bad ? -1 : 0;
}

/* The file is built in memory (HDF5's core driver, no backing store) and
 * each commit writes the image with plain POSIX calls to a temporary file,
 * fsync and rename. HDF5 never touches the disk, so a full disk, a size
 * limit or a bad path is an ordinary write error reported with the path,
 * and the library is never left holding a half-closed file. Runs are added
 * once: a checkpoint costs one copy of the image, not a rebuild. */
struct ds_store_writer {
    hid_t file, runs;
    char *path;
    int lock;  /* the locked `<path>.lock`, held while the writer is open */
};

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

int ds_store_open(ds_store_writer **out, const char *path, const char *command, const ds_meta *meta,
                  size_t nmeta, ds_err *err)
{
    static unsigned long serial = 0;
    quiet_hdf5();
    *out = NULL;
    ds_store_writer *w = calloc(1, sizeof *w);
    if (!w || !(w->path = strdup(path))) {
        free(w);
        return ds_fail(err, DS_ENOMEM, "out of memory for the HDF5 image of '%s'", path);
    }
    w->file = w->runs = -1;
    w->lock = -1;
    int rc = ds_store_check_out(path, err);
    if (!rc)
        rc = lock_out(path, &w->lock, err);
    if (rc) {
        ds_store_close(w);
        return rc;
    }
    remove_stale(path);
    char name[64];
    snprintf(name, sizeof name, "descent-image-%ld-%lu", (long)getpid(), serial++);
    /* 16 MiB growth steps and 1 MiB metadata blocks: a suite's thousands of
     * small objects are placed without a reallocation or a free-space
     * search each. */
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    /* HDF5 1.10's formats: checksummed object headers (a damaged header is
     * an error on reading, not a wild pointer) and a one-chunk index small
     * enough to checksum every dataset */
    int bad = fapl < 0 || H5Pset_fapl_core(fapl, 16 << 20, 0) < 0 || H5Pset_meta_block_size(fapl, 1 << 20) < 0 ||
              H5Pset_small_data_block_size(fapl, 1 << 20) < 0 ||
              H5Pset_libver_bounds(fapl, H5F_LIBVER_V110, H5F_LIBVER_V110) < 0;
    if (!bad)
        bad = (w->file = H5Fcreate(name, H5F_ACC_TRUNC, H5P_DEFAULT, fapl)) < 0;
    if (fapl >= 0)
        H5Pclose(fapl);
    if (!bad) {
        bad |= put_string(w->file, "version", DS_FORMAT_VERSION);
        bad |= put_string(w->file, "command", command ? command : "");
        for (size_t i = 0; i < nmeta && !bad; i++)
            bad |= put_string(w->file, meta[i].key, meta[i].value);
        bad |= (w->runs = H5Gcreate2(w->file, "runs", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)) < 0;
    }
    if (bad) {
        ds_store_close(w);
        return ds_fail(err, DS_ENOMEM, "cannot build the HDF5 image for '%s' (out of memory?)", path);
    }
    *out = w;
    return DS_OK;
}

int ds_store_add(ds_store_writer *w, const ds_result *r, ds_err *err)
{
    if (write_run(w->runs, r))
        return ds_fail(err, DS_ENOMEM, "cannot add run %016" PRIx64 " to the HDF5 image for '%s' (out of memory?)",
                       r->id, w->path);
    return DS_OK;
}

void ds_store_close(ds_store_writer *w)
{
    if (!w)
        return;
    if (w->runs >= 0)
        H5Gclose(w->runs);
    if (w->file >= 0)
        H5Fclose(w->file);
    unlock_out(w->path, w->lock);
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
    if (size < 16 || memcmp(img, "\211HDF\r\n\032\n", 8) || (img[8] != 2 && img[8] != 3))
        return;
    size_t len = 12 + 4 * (size_t)img[9];
    if (len + 4 > size)
        return;
    uint32_t c = lookup3(img, len);
    for (int i = 0; i < 4; i++)
        img[len + i] = (unsigned char)(c >> (8 * i));
}

int ds_store_snapshot(ds_store_writer *w, void **image, size_t *size, ds_err *err)
{
    *image = NULL;
    ssize_t len = H5Fflush(w->file, H5F_SCOPE_GLOBAL) < 0 ? -1 : H5Fget_file_image(w->file, NULL, 0);
    if (len <= 0 || !(*image = malloc((size_t)len)) || H5Fget_file_image(w->file, *image, (size_t)len) != len) {
        free(*image);
        *image = NULL;
        return ds_fail(err, DS_ENOMEM, "cannot build the HDF5 image for '%s' (out of memory?)", w->path);
    }
    *size = (size_t)len;
    fix_superblock(*image, *size);
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
    ds_result *res;
    size_t n, cap;
    ds_store_keep_fn keep;
    void *user;
    hsize_t file_size;  /* bounds every dataset read */
    char why[256];      /* the first thing wrong, for the message */
} read_acc;

static void bad(read_acc *acc, const char *run, const char *what)
{
    if (!acc->why[0])
        snprintf(acc->why, sizeof acc->why, "run %s: %s", run, what);
}

static double attr_double(read_acc *acc, hid_t g, const char *run, const char *name)
{
    double v = NAN;
    if (get_num(g, name, H5T_FLOAT, H5T_NATIVE_DOUBLE, &v) < 0)
        bad(acc, run, name);
    return v;
}

static long attr_long(read_acc *acc, hid_t g, const char *run, const char *name)
{
    long v = 0;
    if (get_num(g, name, H5T_INTEGER, H5T_NATIVE_LONG, &v) < 0)
        bad(acc, run, name);
    return v;
}

static void attr_string(read_acc *acc, hid_t g, const char *run, const char *name, char *buf, size_t size)
{
    if (get_string(g, name, buf, size))
        bad(acc, run, name);
}

/* A dataset of class cls and rank `rank` read as mtype (elem bytes each);
 * NULL when absent (*bad 0) or unusable (*bad 1). */
static void *read_vec(read_acc *acc, hid_t g, const char *run, const char *name, H5T_class_t cls, hid_t mtype,
                      size_t elem, int rank, size_t *rows, size_t *cols)
{
    htri_t ex = H5Lexists(g, name, H5P_DEFAULT);
    if (ex <= 0) {
        if (ex < 0)
            bad(acc, run, name);
        return NULL;
    }
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    hid_t t = d >= 0 ? H5Dget_type(d) : -1, sp = d >= 0 ? H5Dget_space(d) : -1;
    hsize_t dims[2] = {0, 1};
    int ok = t >= 0 && sp >= 0 && H5Tget_class(t) == cls && H5Sget_simple_extent_ndims(sp) == rank &&
             H5Sget_simple_extent_dims(sp, dims, NULL) == rank;
    /* dims[0] * dims[1] * elem bytes, checked against the file's size */
    ok = ok && dims[1] <= acc->file_size && dims[0] <= acc->file_size / elem / (dims[1] ? dims[1] : 1);
    void *buf = NULL;
    if (ok) {
        size_t count = (size_t)(dims[0] * dims[1]);
        buf = malloc(count ? count * elem : 1);
        ok = buf && H5Dread(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0;
    }
    if (t >= 0)
        H5Tclose(t);
    if (sp >= 0)
        H5Sclose(sp);
    if (d >= 0)
        H5Dclose(d);
    if (!ok) {
        free(buf);
        bad(acc, run, name);
        return NULL;
    }
    *rows = (size_t)dims[0];
    if (cols)
        *cols = (size_t)dims[1];
    return buf;
}

static int grow(read_acc *acc)
{
    if (acc->n < acc->cap)
        return 0;
    size_t cap = acc->cap ? 2 * acc->cap : 64;
    ds_result *r = realloc(acc->res, cap * sizeof *r);
    if (!r)
        return -1;
    acc->res = r;
    acc->cap = cap;
    return 0;
}

static void read_attrs(read_acc *acc, hid_t g, const char *name, ds_result *r)
{
    char status[64];
    unsigned long seed = 0;
    attr_string(acc, g, name, "problem", r->problem, sizeof r->problem);
    attr_string(acc, g, name, "optimizer", r->optimizer, sizeof r->optimizer);
    attr_string(acc, g, name, "schedule", r->schedule, sizeof r->schedule);
    attr_string(acc, g, name, "message", r->message, sizeof r->message);
    attr_string(acc, g, name, "status", status, sizeof status);
    r->status = ds_status_parse(status);
    if (get_num(g, "seed", H5T_INTEGER, H5T_NATIVE_ULONG, &seed) < 0)
        bad(acc, name, "seed");
    r->seed = seed;
    r->id = strtoull(name, NULL, 16);
    r->f_star = attr_double(acc, g, name, "f_star");
    r->f_star_cert = attr_double(acc, g, name, "f_star_cert");  /* NaN when absent: no certificate */
    r->L = attr_double(acc, g, name, "L");
    r->mu = attr_double(acc, g, name, "mu");
    r->dim = (size_t)attr_long(acc, g, name, "dim");
    r->n = (size_t)attr_long(acc, g, name, "n");
    r->R = attr_double(acc, g, name, "R");
    r->f0 = attr_double(acc, g, name, "f0");
    r->f_final = attr_double(acc, g, name, "f_final");
    r->gap_final = attr_double(acc, g, name, "gap_final");
    r->gnorm_final = attr_double(acc, g, name, "grad_norm_final");
    r->iters = attr_long(acc, g, name, "iters");
    r->stop_iter = attr_long(acc, g, name, "stop_iter");
    r->n_f = attr_long(acc, g, name, "n_f");
    r->n_g = attr_long(acc, g, name, "n_g");
    r->n_hvp = attr_long(acc, g, name, "n_hvp");
    r->n_samples = attr_double(acc, g, name, "n_samples");
    r->epochs = attr_double(acc, g, name, "epochs_total");
    r->seconds = attr_double(acc, g, name, "seconds");
    r->flags = (unsigned)attr_long(acc, g, name, "flags");
}

/* The traces; every vector has one entry a record, x one row a record. */
static void read_traces(read_acc *acc, hid_t g, const char *name, ds_result *r)
{
    ds_trace *t = &r->trace;
    struct { const char *name; void **dst; int is_long; } v[] = {
        {"iter", (void **)&t->iter, 1}, {"f", (void **)&t->f, 0}, {"f_gap", (void **)&t->f_gap, 0},
        {"grad_norm", (void **)&t->grad_norm, 0}, {"lr", (void **)&t->lr, 0},
        {"grad_evals", (void **)&t->grad_evals, 1}, {"epochs", (void **)&t->epochs, 0},
        {"dist", (void **)&t->dist, 0},
    };
    size_t rows = 0, xr = 0, xc = 0, dr = 0;
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        size_t n = 0;
        *v[i].dst = read_vec(acc, g, name, v[i].name, v[i].is_long ? H5T_INTEGER : H5T_FLOAT,
                             v[i].is_long ? H5T_NATIVE_LONG : H5T_NATIVE_DOUBLE, v[i].is_long ? sizeof(long)
                                                                                              : sizeof(double),
                             1, &n, NULL);
        if (!*v[i].dst)
            bad(acc, name, v[i].name);
        else if (i > 0 && n != rows)
            bad(acc, name, "trace vectors of different lengths");
        rows = n;
    }
    t->x = read_vec(acc, g, name, "x", H5T_FLOAT, H5T_NATIVE_DOUBLE, sizeof(double), 2, &xr, &xc);
    r->x_final = read_vec(acc, g, name, "x_final", H5T_FLOAT, H5T_NATIVE_DOUBLE, sizeof(double), 1, &dr, NULL);
    if (t->x && (xr != rows || xc < 1 || xc > 3))
        bad(acc, name, "x is not one row of at most 3 coordinates a record");
    if (r->x_final && dr != r->dim)
        bad(acc, name, "x_final does not have dim values");
    t->n = t->cap = rows;
    t->xdim = t->x ? xc : 0;
}

static herr_t read_one(hid_t runs, const char *name, const H5L_info_t *info, void *data)
{
    (void)info;
    read_acc *acc = data;
    if (acc->keep && !acc->keep(strtoull(name, NULL, 16), acc->user))
        return 0;  /* not opened: reading a few runs of a large file stays cheap */
    if (grow(acc))
        return -1;
    hid_t g = H5Gopen2(runs, name, H5P_DEFAULT);
    if (g < 0) {
        bad(acc, name, "not a group");
        return -1;
    }
    ds_result *r = &acc->res[acc->n++];
    memset(r, 0, sizeof *r);
    char digest[32], want[32];
    read_attrs(acc, g, name, r);
    read_traces(acc, g, name, r);
    attr_string(acc, g, name, "digest", digest, sizeof digest);
    H5Gclose(g);
    if (!acc->why[0] && digest[0]) {  /* files made before digests have none */
        snprintf(want, sizeof want, "%016" PRIx64, ds_result_digest(r));
        if (strcmp(digest, want))
            bad(acc, name, "its values do not match its digest (altered or damaged)");
    }
    return acc->why[0] ? -1 : 0;
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
    if (access(path, R_OK) != 0)
        return ds_fail(err, DS_EINVAL, "cannot read '%s': %s", path, strerror(errno));
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0)
        return ds_fail(err, DS_EINVAL, "'%s' is not an HDF5 file", path);
    hid_t runs = H5Gopen2(file, "runs", H5P_DEFAULT);
    if (runs < 0) {
        H5Fclose(file);
        return ds_fail(err, DS_EIO, "'%s' has no /runs group: not a descent result file", path);
    }
    read_acc acc = {.keep = keep, .user = user};
    if (H5Fget_filesize(file, &acc.file_size) < 0)
        acc.file_size = 0;
    hsize_t idx = 0;
    herr_t rc = H5Literate(runs, H5_INDEX_NAME, H5_ITER_INC, &idx, read_one, &acc);
    H5Gclose(runs);
    H5Fclose(file);
    if (rc < 0 || acc.why[0]) {
        ds_store_free(acc.res, acc.n);
        return ds_fail(err, DS_EIO, "'%s' is damaged or not a descent result file: %s", path,
                       acc.why[0] ? acc.why : "the run list is unreadable");
    }
    *out = acc.res;
    *n = acc.n;
    return DS_OK;
}

void ds_store_free(ds_result *res, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ds_result_free(&res[i]);
    free(res);
}

int ds_store_root_attr(const char *path, const char *key, char *buf, size_t size, ds_err *err)
{
    quiet_hdf5();
    if (access(path, R_OK) != 0)
        return ds_fail(err, DS_EINVAL, "cannot read '%s': %s", path, strerror(errno));
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0)
        return ds_fail(err, DS_EINVAL, "cannot open '%s' as HDF5", path);
    hid_t root = H5Gopen2(file, "/", H5P_DEFAULT);
    int rc = get_string(root, key, buf, size);
    H5Gclose(root);
    H5Fclose(file);
    return rc ? ds_fail(err, DS_EIO, "'%s': attribute '%s' unreadable", path, key) : DS_OK;
}
