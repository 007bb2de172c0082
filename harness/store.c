#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static int put_vec(hid_t g, const char *name, hid_t type, size_t rows, size_t cols, const void *data)
{
    static hid_t dcpl = -1;
    if (dcpl < 0) { dcpl = H5Pcreate(H5P_DATASET_CREATE); H5Pset_obj_track_times(dcpl, 0); }
    hsize_t dims[2] = {rows, cols};
    hid_t sp = H5Screate_simple(cols ? 2 : 1, dims, NULL);
    hid_t d = H5Dcreate2(g, name, type, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    int bad = d < 0 || H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0;
    H5Dclose(d); H5Sclose(sp);
    return bad;
}

static int write_run(hid_t runs, const ds_result *r)
{
    char name[32];
    snprintf(name, sizeof name, "%016" PRIx64, r->id);
    static hid_t gcpl = -1;
    if (gcpl < 0) { gcpl = H5Pcreate(H5P_GROUP_CREATE); H5Pset_obj_track_times(gcpl, 0); }
    hid_t g = H5Gcreate2(runs, name, H5P_DEFAULT, gcpl, H5P_DEFAULT);
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
};

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
    char name[64];
    snprintf(name, sizeof name, "descent-image-%ld-%lu", (long)getpid(), serial++);
    /* 16 MiB growth steps and 1 MiB metadata blocks: a suite's thousands of
     * small objects are placed without a reallocation or a free-space
     * search each. */
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    int bad = fapl < 0 || H5Pset_fapl_core(fapl, 16 << 20, 0) < 0 || H5Pset_meta_block_size(fapl, 1 << 20) < 0 ||
              H5Pset_small_data_block_size(fapl, 1 << 20) < 0;
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
    return DS_OK;
}

const char *ds_store_path(const ds_store_writer *w)
{
    return w->path;
}

int ds_store_write_image(const char *path, const void *image, size_t size, ds_err *err)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid()) >= (int)sizeof tmp)
        return ds_fail(err, DS_EIO, "output path too long: %s", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return ds_fail(err, DS_EIO, "cannot create '%s': %s", path, strerror(errno));
    int bad = write_all(fd, image, size) || fsync(fd) != 0;
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

static int get_string(hid_t loc, const char *name, char *buf, size_t size)
{
    hsize_t dims;
    H5T_class_t cls;
    size_t tsize;
    buf[0] = '\0';
    if (H5Aexists(loc, name) <= 0)
        return 0;
    if (H5LTget_attribute_info(loc, ".", name, &dims, &cls, &tsize) < 0 || cls != H5T_STRING)
        return -1;
    char *tmp = malloc(tsize + 1);
    if (!tmp)
        return -1;
    int rc = H5LTget_attribute_string(loc, ".", name, tmp) < 0;
    if (!rc)
        snprintf(buf, size, "%s", tmp);
    free(tmp);
    return rc ? -1 : 0;
}

static double get_double(hid_t loc, const char *name)
{
    double v = NAN;
    if (H5Aexists(loc, name) > 0)
        H5LTget_attribute_double(loc, ".", name, &v);
    return v;
}

static long get_long(hid_t loc, const char *name)
{
    long v = 0;
    if (H5Aexists(loc, name) > 0)
        H5LTget_attribute_long(loc, ".", name, &v);
    return v;
}

static void *read_vec(hid_t g, const char *name, hid_t type, size_t elem, size_t *rows, size_t *cols)
{
    int rank;
    hsize_t dims[2] = {0, 0};
    if (H5LTfind_dataset(g, name) != 1 || H5LTget_dataset_ndims(g, name, &rank) < 0 || rank < 1 || rank > 2)
        return NULL;
    if (H5LTget_dataset_info(g, name, dims, NULL, NULL) < 0)
        return NULL;
    size_t count = (size_t)dims[0] * (rank == 2 ? (size_t)dims[1] : 1);
    void *buf = malloc(count ? count * elem : 1);
    if (!buf || H5LTread_dataset(g, name, type, buf) < 0) {
        free(buf);
        return NULL;
    }
    *rows = (size_t)dims[0];
    if (cols)
        *cols = rank == 2 ? (size_t)dims[1] : 0;
    return buf;
}

typedef struct {
    ds_result *res;
    size_t n, cap;
    int bad;
    ds_store_keep_fn keep;
    void *user;
} read_acc;

static herr_t read_one(hid_t runs, const char *name, const H5L_info_t *info, void *data)
{
    (void)info;
    read_acc *acc = data;
    if (acc->keep && !acc->keep(strtoull(name, NULL, 16), acc->user))
        return 0;  /* not opened: reading a few runs of a large file stays cheap */
    if (acc->n == acc->cap) {
        size_t cap = acc->cap ? 2 * acc->cap : 64;
        ds_result *r = realloc(acc->res, cap * sizeof *r);
        if (!r)
            return -1;
        acc->res = r;
        acc->cap = cap;
    }
    hid_t g = H5Gopen2(runs, name, H5P_DEFAULT);
    if (g < 0)
        return -1;
    ds_result *r = &acc->res[acc->n];
    memset(r, 0, sizeof *r);
    char status[64];
    unsigned long seed = 0;
    get_string(g, "problem", r->problem, sizeof r->problem);
    get_string(g, "optimizer", r->optimizer, sizeof r->optimizer);
    get_string(g, "schedule", r->schedule, sizeof r->schedule);
    get_string(g, "message", r->message, sizeof r->message);
    get_string(g, "status", status, sizeof status);
    r->status = ds_status_parse(status);
    if (H5Aexists(g, "seed") > 0)
        H5LTget_attribute_ulong(g, ".", "seed", &seed);
    r->seed = seed;
    r->id = strtoull(name, NULL, 16);
    r->f_star = get_double(g, "f_star");
    r->f_star_cert = get_double(g, "f_star_cert");
    r->L = get_double(g, "L");
    r->mu = get_double(g, "mu");
    r->dim = (size_t)get_long(g, "dim");
    r->n = (size_t)get_long(g, "n");
    r->R = get_double(g, "R");
    r->f0 = get_double(g, "f0");
    r->f_final = get_double(g, "f_final");
    r->gap_final = get_double(g, "gap_final");
    r->gnorm_final = get_double(g, "grad_norm_final");
    r->iters = get_long(g, "iters");
    r->stop_iter = get_long(g, "stop_iter");
    r->n_f = get_long(g, "n_f");
    r->n_g = get_long(g, "n_g");
    r->n_hvp = get_long(g, "n_hvp");
    r->n_samples = get_double(g, "n_samples");
    r->epochs = get_double(g, "epochs_total");
    r->seconds = get_double(g, "seconds");
    r->flags = (unsigned)get_long(g, "flags");
    ds_trace *t = &r->trace;
    size_t rows = 0, xr = 0, xc = 0, dr = 0;
    t->iter = read_vec(g, "iter", H5T_NATIVE_LONG, sizeof(long), &rows, NULL);
    t->f = read_vec(g, "f", H5T_NATIVE_DOUBLE, sizeof(double), &rows, NULL);
    t->f_gap = read_vec(g, "f_gap", H5T_NATIVE_DOUBLE, sizeof(double), &rows, NULL);
    t->grad_norm = read_vec(g, "grad_norm", H5T_NATIVE_DOUBLE, sizeof(double), &rows, NULL);
    t->lr = read_vec(g, "lr", H5T_NATIVE_DOUBLE, sizeof(double), &rows, NULL);
    t->grad_evals = read_vec(g, "grad_evals", H5T_NATIVE_LONG, sizeof(long), &rows, NULL);
    t->epochs = read_vec(g, "epochs", H5T_NATIVE_DOUBLE, sizeof(double), &rows, NULL);
    t->dist = read_vec(g, "dist", H5T_NATIVE_DOUBLE, sizeof(double), &rows, NULL);
    t->x = read_vec(g, "x", H5T_NATIVE_DOUBLE, sizeof(double), &xr, &xc);
    r->x_final = read_vec(g, "x_final", H5T_NATIVE_DOUBLE, sizeof(double), &dr, NULL);
    t->n = t->cap = rows;
    t->xdim = t->x ? xc : 0;
    H5Gclose(g);
    acc->n++;
    if (!t->iter || !t->f || !t->f_gap || !t->grad_norm || !t->lr || !t->grad_evals || !t->epochs || !t->dist) {
        acc->bad = 1;
        return -1;
    }
    return 0;
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
    hsize_t idx = 0;
    herr_t rc = H5Literate(runs, H5_INDEX_NAME, H5_ITER_INC, &idx, read_one, &acc);
    H5Gclose(runs);
    H5Fclose(file);
    if (rc < 0 || acc.bad) {
        ds_store_free(acc.res, acc.n);
        return ds_fail(err, DS_EIO, "'%s': a run group is incomplete or unreadable", path);
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
