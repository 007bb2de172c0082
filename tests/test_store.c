/* The result file's layout (format version 2): the /runs and /trajectory
 * tables read back through HDF5 itself, parameters evaluated to numbers,
 * typed provenance, byte-identical files for the same runs, and the
 * refusal of version 1 files. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "../core/sha256.h"
#include "../harness/runner.h"
#include "../harness/chunks.h"
#include "../harness/store.h"
#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../core/schedule.h"
#include "testutil.h"

static void run_one(const char *prob, const char *opt, const char *sched, long iters, uint64_t seed, ds_result *res)
{
    ds_values p, o, s;
    ds_err err = {0};
    if (ds_problem_parse(prob, &p, &err) || ds_optimizer_parse(opt, &o, &err) || ds_schedule_parse(sched, &s, &err))
        fail_msg("%s", err.msg);
    ds_run_spec rs = {.problem = &p, .optimizer = &o, .schedule = &s, .seed = seed};
    ds_stop_defaults(&rs.stop);
    rs.stop.max_iters = iters;
    if (ds_run(&rs, res, &err))
        fail_msg("run failed: %s", err.msg);
    ds_values_free(&p);
    ds_values_free(&o);
    ds_values_free(&s);
}

static char *temp_path(char *buf)
{
    strcpy(buf, "/tmp/descent-store-XXXXXX");
    int fd = mkstemp(buf);
    assert_true(fd >= 0);
    close(fd);
    return buf;
}

/* Column `name` of every row of a table, read through a one-member
 * compound type. */
static void *column(const char *path, const char *table, const char *name, hid_t type, size_t *rows)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t d = H5Dopen2(f, table, H5P_DEFAULT), sp = H5Dget_space(d);
    hssize_t n = H5Sget_simple_extent_npoints(sp);
    hid_t mt = H5Tcreate(H5T_COMPOUND, H5Tget_size(type));
    assert_true(H5Tinsert(mt, name, 0, type) >= 0);
    void *buf = calloc((size_t)n + 1, H5Tget_size(type));
    assert_true(H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0);
    H5Tclose(mt), H5Sclose(sp), H5Dclose(d), H5Fclose(f);
    *rows = (size_t)n;
    return buf;
}

static hid_t vlen_string(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    return t;
}

/* Runs of one file: sgd with lr=1/L and momentum, adam with a step
 * schedule, ogm whose horizon defaults to the budget T. */
#define NRUNS 3
static void make_runs(ds_result *res)
{
    run_one("quadratic:dim=2,kappa=4", "sgd:lr=1/L,momentum=0.9", "constant", 40, 0, &res[0]);
    run_one("quadratic:dim=2,kappa=4", "adam:lr=0.05", "step:step_size=7,gamma=0.5", 40, 1, &res[1]);
    run_one("quadratic:dim=5,kappa=10", "ogm", "constant", 25, 0, &res[2]);
}

static size_t row_of(const uint64_t *ids, size_t n, uint64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return i;
    fail_msg("run %llx is not in /runs", (unsigned long long)id);
    return n;
}

static void test_tables(void **state)
{
    (void)state;
    ds_result res[NRUNS];
    make_runs(res);
    char path[64];
    ds_err err = {0};
    ds_meta meta[] = {{"suite_runs", "3", 1}, {"git_commit", "1234567", 0}, {"threads", "1,2", 1}};
    assert_int_equal(ds_store_write(temp_path(path), "test", meta, 3, res, NRUNS, &err), DS_OK);
    size_t n, nt, k;
    uint64_t *ids = column(path, "runs", "id", H5T_NATIVE_UINT64, &n);
    assert_int_equal(n, NRUNS);
    for (size_t i = 1; i < n; i++)
        assert_true(ids[i - 1] < ids[i]);  /* rows in the order of the ids */
    size_t r0 = row_of(ids, n, res[0].id), r1 = row_of(ids, n, res[1].id), r2 = row_of(ids, n, res[2].id);
    /* parameters as numbers: 1/L with L = 4, defaults included, NaN where a method has none */
    double *lr = column(path, "runs", "opt_lr", H5T_NATIVE_DOUBLE, &k);
    double *mom = column(path, "runs", "opt_momentum", H5T_NATIVE_DOUBLE, &k);
    double *beta1 = column(path, "runs", "opt_beta1", H5T_NATIVE_DOUBLE, &k);
    double *horizon = column(path, "runs", "opt_N", H5T_NATIVE_DOUBLE, &k);
    double *gamma = column(path, "runs", "sched_gamma", H5T_NATIVE_DOUBLE, &k);
    double *step = column(path, "runs", "sched_step_size", H5T_NATIVE_DOUBLE, &k);
    assert_true(res[0].L == 4.0);
    assert_true(lr[r0] == 0.25 && mom[r0] == 0.9 && isnan(beta1[r0]));
    assert_true(lr[r1] == 0.05 && beta1[r1] == 0.9 && isnan(mom[r1]));
    assert_true(horizon[r2] == 25.0 && lr[r2] == 1.0 / res[2].L && isnan(horizon[r0]));
    assert_true(gamma[r1] == 0.5 && step[r1] == 7.0 && isnan(gamma[r0]) && isnan(step[r2]));
    /* strings are variable-length UTF-8; status and class by name */
    hid_t vs = vlen_string();
    char **status = column(path, "runs", "status", vs, &k), **class = column(path, "runs", "class", vs, &k);
    char **opt = column(path, "runs", "optimizer", vs, &k);
    assert_string_equal(status[r0], "max_iters");
    assert_string_equal(class[r0], "convex,strongly_convex,quadratic,smooth");
    assert_string_equal(opt[r0], "sgd:lr=1/L,momentum=0.9");
    /* each run's records: its rows of /trajectory name it, and /x is aligned */
    int64_t *start = column(path, "runs", "start", H5T_NATIVE_INT64, &k);
    int64_t *count = column(path, "runs", "count", H5T_NATIVE_INT64, &k);
    int64_t *run = column(path, "trajectory", "run", H5T_NATIVE_INT64, &nt);
    double *f = column(path, "trajectory", "f", H5T_NATIVE_DOUBLE, &nt);
    assert_int_equal(nt, res[0].trace.n + res[1].trace.n + res[2].trace.n);
    size_t rows[NRUNS] = {r0, r1, r2};
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hsize_t xdims[2];
    hid_t xd = H5Dopen2(file, "x", H5P_DEFAULT), xs = H5Dget_space(xd);
    H5Sget_simple_extent_dims(xs, xdims, NULL);
    assert_true(xdims[0] == nt && xdims[1] == 2);
    double *x = malloc(nt * 2 * sizeof *x);
    assert_true(H5Dread(xd, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x) >= 0);
    for (int i = 0; i < NRUNS; i++) {
        size_t r = rows[i];
        assert_int_equal(count[r], res[i].trace.n);
        for (size_t j = 0; j < res[i].trace.n; j++) {
            size_t t = (size_t)start[r] + j;
            assert_int_equal(run[t], r);
            assert_true(f[t] == res[i].trace.f[j]);
            for (size_t c = 0; c < 2; c++)
                assert_true(i == 2 ? isnan(x[2 * t + c]) : x[2 * t + c] == res[i].trace.x[2 * j + c]);
        }
    }
    /* typed provenance: integers as integers, a commit of digits and a list stay strings */
    long long v = 0;
    assert_true(H5LTget_attribute_long_long(file, "/", "format_version", &v) >= 0 && v == 2);
    assert_true(H5LTget_attribute_long_long(file, "/", "suite_runs", &v) >= 0 && v == 3);
    H5T_class_t cls;
    size_t size;
    hsize_t dims;
    assert_true(H5LTget_attribute_info(file, "/", "git_commit", &dims, &cls, &size) >= 0 && cls == H5T_STRING);
    assert_true(H5LTget_attribute_info(file, "/", "threads", &dims, &cls, &size) >= 0 && cls == H5T_STRING);
    char buf[64];
    assert_int_equal(ds_store_root_attr(path, "suite_runs", buf, sizeof buf, &err), DS_OK);
    assert_string_equal(buf, "3");
    H5Sclose(xs), H5Dclose(xd), H5Fclose(file);
    hsize_t nk = k;
    hid_t ks = H5Screate_simple(1, &nk, NULL);
    H5Dvlen_reclaim(vs, ks, H5P_DEFAULT, status), H5Dvlen_reclaim(vs, ks, H5P_DEFAULT, class);
    H5Dvlen_reclaim(vs, ks, H5P_DEFAULT, opt);
    H5Sclose(ks), H5Tclose(vs);
    free(ids), free(lr), free(mom), free(beta1), free(horizon), free(gamma), free(step), free(status), free(class);
    free(opt), free(start), free(count), free(run), free(f), free(x);
    for (int i = 0; i < NRUNS; i++)
        ds_result_free(&res[i]);
    unlink(path);
}

static unsigned char *slurp(const char *path, long *size)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    *size = ftell(fp);
    rewind(fp);
    unsigned char *b = malloc((size_t)*size + 1);
    assert_int_equal(fread(b, 1, (size_t)*size, fp), (size_t)*size);
    fclose(fp);
    return b;
}

/* The same runs give the same bytes: added in another order, after a
 * checkpoint of some of them, with other run times. */
static void test_reproducible(void **state)
{
    (void)state;
    ds_result res[NRUNS];
    make_runs(res);
    char a[64], b[64];
    ds_err err = {0};
    ds_meta meta[] = {{"suite_runs", "3", 1}};
    assert_int_equal(ds_store_write(temp_path(a), "test", meta, 1, res, NRUNS, &err), DS_OK);
    ds_store_writer *w;
    assert_int_equal(ds_store_open(&w, temp_path(b), "test", meta, 1, &err), DS_OK);
    assert_int_equal(ds_store_add(w, &res[2], &err), DS_OK);
    assert_int_equal(ds_store_commit(w, &err), DS_OK);
    assert_int_equal(ds_store_add(w, &res[0], &err), DS_OK);
    assert_int_equal(ds_store_add(w, &res[1], &err), DS_OK);
    /* an id added twice is refused */
    assert_int_equal(ds_store_add(w, &res[1], &err), DS_EINVAL);
    assert_non_null(strstr(err.msg, "added twice"));
    assert_int_equal(ds_store_commit(w, &err), DS_OK);
    ds_store_close(w);
    long na, nb;
    unsigned char *ia = slurp(a, &na), *ib = slurp(b, &nb);
    assert_int_equal(na, nb);
    assert_memory_equal(ia, ib, (size_t)na);
    assert_true(na < 64 * 1024);  /* no large reserved metadata block */
    free(ib);
    /* the run time is stored, so other times give another file */
    res[0].seconds += 1;
    assert_int_equal(ds_store_write(b, "test", meta, 1, res, NRUNS, &err), DS_OK);
    ib = slurp(b, &nb);
    assert_true(na != nb || memcmp(ia, ib, (size_t)na));
    free(ia), free(ib);
    for (int i = 0; i < NRUNS; i++)
        ds_result_free(&res[i]);
    unlink(a), unlink(b);
}

/* Trajectories long enough for several chunks of /trajectory and /x (a
 * record per step), the last one partial: the chunks filtered here and
 * written with H5Dwrite_chunk give the very bytes of HDF5's own filter
 * pipeline, and read back through HDF5 (which checks each chunk's
 * Fletcher-32). */
static void test_direct_chunks(void **state)
{
    (void)state;
    ds_result res[2];
    const char *probs[2] = {"quadratic:dim=2,kappa=4", "rosenbrock"};
    for (int i = 0; i < 2; i++) {
        ds_values p, o, s;
        ds_err err = {0};
        assert_int_equal(ds_problem_parse(probs[i], &p, &err), DS_OK);
        assert_int_equal(ds_optimizer_parse("gd:lr=0.001", &o, &err), DS_OK);
        assert_int_equal(ds_schedule_parse("constant", &s, &err), DS_OK);
        ds_run_spec rs = {.problem = &p, .optimizer = &o, .schedule = &s, .seed = (uint64_t)i, .log_every = 1};
        ds_stop_defaults(&rs.stop);
        rs.stop.max_iters = 3000;
        assert_int_equal(ds_run(&rs, &res[i], &err), DS_OK);
        ds_values_free(&p), ds_values_free(&o), ds_values_free(&s);
    }
    size_t records = res[0].trace.n + res[1].trace.n;
    assert_true(records > 4096 && records % 4096);
    char a[64], b[64];
    ds_err err = {0};
    assert_int_equal(ds_store_write(temp_path(a), "test", NULL, 0, res, 2, &err), DS_OK);
    ds_store_direct_chunks = 0;
    assert_int_equal(ds_store_write(temp_path(b), "test", NULL, 0, res, 2, &err), DS_OK);
    ds_store_direct_chunks = 1;
    long na, nb;
    unsigned char *ia = slurp(a, &na), *ib = slurp(b, &nb);
    assert_int_equal(na, nb);
    assert_memory_equal(ia, ib, (size_t)na);
    free(ia), free(ib);
    size_t rows;
    double *f = column(a, "trajectory", "f", H5T_NATIVE_DOUBLE, &rows);
    assert_int_equal(rows, records);
    /* row order: by run id, each run's records in order */
    size_t first = res[0].id < res[1].id ? 0 : 1, n0 = res[first].trace.n;
    assert_true(f[0] == res[first].trace.f[0] && f[n0 - 1] == res[first].trace.f[n0 - 1]);
    assert_true(f[rows - 1] == res[1 - first].trace.f[res[1 - first].trace.n - 1]);
    free(f);
    for (int i = 0; i < 2; i++)
        ds_result_free(&res[i]);
    unlink(a), unlink(b);
}

/* HDF5's Fletcher-32 (sums of big-endian 16-bit words), by hand: "abcde"
 * is the words 0x6162, 0x6364 and 0x6500. */
static void test_fletcher32(void **state)
{
    (void)state;
    uint32_t s1 = 0x6162, s2 = 0x6162;
    s1 += 0x6364, s2 += s1;
    s1 += 0x6500, s2 += s1;
    s1 = (s1 & 0xffff) + (s1 >> 16), s2 = (s2 & 0xffff) + (s2 >> 16);
    assert_int_equal(ds_h5_fletcher32("abcde", 5), s2 << 16 | s1);
    assert_int_equal(ds_h5_fletcher32("", 0), 0);
    /* past the 360-word reduction: 500 words 0x0101, whose sums modulo
     * 65535 (the ones' complement reductions) are 62965 and 11565 */
    unsigned char ones[1000];
    memset(ones, 1, sizeof ones);
    uint64_t a = 0, c = 0;
    for (int i = 0; i < 500; i++)
        a += 0x0101, c += a;
    assert_int_equal(a % 0xffff, 62965);
    assert_int_equal(ds_h5_fletcher32(ones, sizeof ones), (uint32_t)((c % 0xffff) << 16 | (a % 0xffff)));
}

/* The check block: its lines as documented, the length of what follows,
 * and a SHA-256 computed here from the bytes it covers (its text before
 * the sha256 line, then everything after the block). */
static void test_check_block(void **state)
{
    (void)state;
    ds_result res[NRUNS];
    make_runs(res);
    char path[64], want[256];
    ds_err err = {0};
    assert_int_equal(ds_store_write(temp_path(path), "descent bench s.ini --out s.h5", NULL, 0, res, NRUNS, &err),
                     DS_OK);
    long size;
    unsigned char *b = slurp(path, &size);
    assert_true(size > DS_CHECK_BLOCK);
    assert_memory_equal(b + DS_CHECK_BLOCK, "\211HDF\r\n\032\n", 8);  /* HDF5's superblock follows it */
    int len = snprintf(want, sizeof want, "descent result file\nformat 2\nlength %ld\ncommand descent bench s.ini "
                       "--out s.h5\nsha256 ", size - DS_CHECK_BLOCK);
    assert_memory_equal(b, want, (size_t)len);
    ds_sha256 s;
    unsigned char d[32];
    ds_sha256_init(&s);
    ds_sha256_update(&s, b, (size_t)len - 7);
    ds_sha256_update(&s, b + DS_CHECK_BLOCK, (size_t)(size - DS_CHECK_BLOCK));
    ds_sha256_final(&s, d);
    char hex[65];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    assert_memory_equal(b + len, hex, 64);
    assert_int_equal(b[len + 64], '\n');
    for (long i = len + 65; i < DS_CHECK_BLOCK; i++)
        assert_int_equal(b[i], 0);
    /* HDF5 reads the file past the block as any other */
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT), fcpl = H5Fget_create_plist(f);
    hsize_t ub = 0;
    assert_true(f >= 0 && H5Pget_userblock(fcpl, &ub) >= 0 && ub == DS_CHECK_BLOCK);
    H5Pclose(fcpl), H5Fclose(f);
    /* one byte more at the end: its length is wrong */
    FILE *fp = fopen(path, "ab");
    fputc(0, fp);
    fclose(fp);
    ds_result *back;
    size_t n;
    assert_int_equal(ds_store_read(path, &back, &n, &err), DS_EIO);
    assert_non_null(strstr(err.msg, "damaged or modified since descent wrote it"));
    assert_non_null(strstr(err.msg, "(descent bench s.ini --out s.h5)"));
    free(b);
    for (int i = 0; i < NRUNS; i++)
        ds_result_free(&res[i]);
    unlink(path);
}

/* A version 1 file (a group per run, no check block), an HDF5 file of
 * another tool, a file that is not HDF5 and a file of a later version are
 * each refused with one line saying what it is and what to do. */
static void test_other_versions(void **state)
{
    (void)state;
    char path[64];
    hid_t f = H5Fcreate(temp_path(path), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(H5LTset_attribute_string(f, "/", "version", "descent-h5 1") >= 0);
    assert_true(H5LTset_attribute_string(f, "/", "command", "descent bench suites/quick.ini --out q.h5") >= 0);
    hid_t g = H5Gcreate2(f, "runs", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Gclose(g), H5Fclose(f);
    ds_result *res;
    size_t n;
    ds_err err = {0};
    assert_int_equal(ds_store_read(path, &res, &n, &err), DS_EINVAL);
    assert_non_null(strstr(err.msg, "version 1 result file"));
    assert_non_null(strstr(err.msg, "regenerate it by running its command again (h5dump -a /command"));
    assert_null(strchr(err.msg, '\n'));
    f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    H5Fclose(f);
    assert_int_equal(ds_store_read(path, &res, &n, &err), DS_EINVAL);
    assert_non_null(strstr(err.msg, "without descent's check block"));
    FILE *fp = fopen(path, "w");
    fputs("run,f\n1,2\n", fp);
    fclose(fp);
    assert_int_equal(ds_store_read(path, &res, &n, &err), DS_EINVAL);
    assert_non_null(strstr(err.msg, "is not a descent result file"));
    /* a later format: its block says so (checked after the block's hash) */
    ds_result runs[NRUNS];
    make_runs(runs);
    assert_int_equal(ds_store_write(path, "test", NULL, 0, runs, NRUNS, &err), DS_OK);
    long size;
    unsigned char *b = slurp(path, &size);
    char *fmt = strstr((char *)b, "format 2\n");
    assert_non_null(fmt);
    fmt[7] = '3';
    fp = fopen(path, "wb");
    fwrite(b, 1, (size_t)size, fp);
    fclose(fp);
    assert_int_equal(ds_store_read(path, &res, &n, &err), DS_EIO);
    assert_non_null(strstr(err.msg, "damaged or modified since descent wrote it"));  /* the hash covers the line */
    assert_int_equal(ds_store_seal(path, &err), DS_OK);
    assert_int_equal(ds_store_read(path, &res, &n, &err), DS_EINVAL);
    assert_non_null(strstr(err.msg, "is a version 3 result file"));
    free(b);
    for (int i = 0; i < NRUNS; i++)
        ds_result_free(&runs[i]);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_check_block),
        cmocka_unit_test(test_direct_chunks),
        cmocka_unit_test(test_fletcher32),
        cmocka_unit_test(test_other_versions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
