/* Hostile and damaged input: messages that are never cut inside a
 * character, expressions that are not finite, suite files that editors and
 * typos produce, and result files altered, crafted or damaged. Each case is
 * refused with a message or read back unchanged; none crashes. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>
#include <zlib.h>

#include "testutil.h"

#include "../core/data.h"
#include "../core/error.h"
#include "../core/expr.h"
#include "../harness/bench.h"
#include "../harness/progress.h"
#include "../harness/store.h"
#include "../harness/suite.h"

/* libhdf5 1.10 leaks its metadata cache entries when a damaged object
 * header fails its checksum (test_damaged_bytes); the leak is inside the
 * library, on its error path. LeakSanitizer (SANITIZE=1) calls this hook. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libhdf5_serial.so\nleak:libhdf5.so\n";
}

/* ---- messages ---------------------------------------------------------- */

static int valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : -1;
        if (n < 0)
            return 0;
        p++;
        for (int i = 0; i < n; i++, p++)
            if ((*p & 0xC0) != 0x80)
                return 0;
    }
    return 1;
}

static void test_messages(void **state)
{
    (void)state;
    char text[4000];
    ds_err err = {0};
    /* 700 bytes: longer than the old 512-byte buffer, kept whole */
    memset(text, 'a', 699);
    text[699] = '\0';
    ds_fail(&err, DS_EINVAL, "x%sz", text);
    assert_int_equal(strlen(err.msg), 701);
    assert_int_equal(err.msg[700], 'z');
    /* 3000 bytes of two-byte characters: cut between two, ending in "..." */
    for (int i = 0; i < 3000; i += 2)
        text[i] = (char)0xC3, text[i + 1] = (char)0xA9;  /* e acute */
    text[3000] = '\0';
    for (int shift = 0; shift < 3; shift++) {
        ds_fail(&err, DS_EINVAL, "%.*s%s", shift, "xy", text);
        size_t len = strlen(err.msg);
        assert_true(len < DS_ERRMSG_MAX && len > DS_ERRMSG_MAX - 8);
        assert_string_equal(err.msg + len - 3, "...");
        assert_true(valid_utf8(err.msg));
    }
    /* a prefix added to a full message keeps the message valid too */
    ds_err_prefix(&err, "file.ini:%d: ", 3);
    assert_true(strncmp(err.msg, "file.ini:3: ", 12) == 0 && valid_utf8(err.msg));
    assert_string_equal(err.msg + strlen(err.msg) - 3, "...");
}

/* ---- expressions ------------------------------------------------------- */

static void test_not_finite(void **state)
{
    (void)state;
    ds_expr_vars vars = {.L = 4, .mu = 0, .kappa = INFINITY, .dim = 3, .n = 0, .R = 1, .T = 100};
    double x = 0;
    ds_err err = {0};
    const char *bad[] = {"1/0", "10^400", "inf", "1/mu", "exp(1000)", "kappa", "-1/0", "0/0", "log(0)"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err.msg[0] = '\0';
        if (ds_expr_eval(bad[i], &vars, &x, &err) != DS_EINVAL)
            fail_msg("'%s' accepted as %g", bad[i], x);
        assert_non_null(strstr(err.msg, bad[i]));
        assert_non_null(strstr(err.msg, "not finite"));
    }
    /* finite values still pass, and an expression whose value depends on
     * the problem is only judged once it is bound */
    assert_int_equal(ds_expr_eval("1/(L-mu)", &vars, &x, &err), DS_OK);
    assert_true(x == 0.25);
    assert_int_equal(ds_expr_check("1/mu", &err), DS_OK);
    assert_int_equal(ds_expr_check("1/0", &err), DS_EINVAL);
    assert_false(ds_expr_is_constant("1/0"));
}

/* ---- suite files ------------------------------------------------------- */

#define BODY "[problem q]\nspec = quadratic:dim=3\n[optimizer g]\nspec = gd\n"

static const char *parse_error(const char *path, const char *text)
{
    static ds_err err;
    ds_suite s;
    memset(&err, 0, sizeof err);
    if (ds_suite_parse(path, text, &s, &err) == DS_OK) {
        ds_suite_free(&s);
        fail_msg("%s accepted", path);
    }
    return err.msg;
}

static void assert_has(const char *msg, const char *part)
{
    if (!strstr(msg, part))
        fail_msg("message '%s' lacks '%s'", msg, part);
}

static void test_suite_files(void **state)
{
    (void)state;
    ds_suite s;
    ds_err err = {0};
    /* a byte-order mark before [suite], as some editors save */
    assert_int_equal(ds_suite_parse("bom.ini", "\xEF\xBB\xBF[suite]\nseeds = 2\n" BODY, &s, &err), DS_OK);
    assert_int_equal(s.nruns, 2);
    assert_string_equal(s.name, "bom");
    ds_suite_free(&s);
    /* a second mark: inih skips it too, and the header count must agree */
    assert_int_equal(ds_suite_parse("bom2.ini", "\xEF\xBB\xBF\xEF\xBB\xBF[suite]\nseeds = 3\n" BODY, &s, &err), DS_OK);
    assert_int_equal(s.nruns, 3);
    ds_suite_free(&s);
    assert_has(parse_error("bom3.ini", "\xEF\xBB\xBF\xEF\xBB\xBF[sui\xEF\xBB\xBF[suiPe]\nse=1\n"),
               "bom3.ini:1: unknown section");
    /* a key written twice keeps neither silently */
    assert_has(parse_error("d.ini", "[suite]\nseeds = 2\niters = 5\nseeds = 3\n" BODY),
               "d.ini:4: seeds = 3: 'seeds' appears twice in this section (first on line 2)");
    assert_has(parse_error("d.ini", "[suite]\n[problem q]\nspec = quadratic\niters = 5\niters = 6\n"
                                    "[optimizer g]\nspec = gd\n"),
               "d.ini:5: iters = 6: 'iters' appears twice");
    /* an indented line continues its key, as inih reads it */
    assert_int_equal(ds_suite_parse("ml.ini", "[suite]\ndescription = one\n  two\n" BODY, &s, &err), DS_OK);
    ds_suite_free(&s);
    /* ...but spec lines add up, and the same key in two sections is fine */
    assert_int_equal(ds_suite_parse("two.ini", "[suite]\niters = 5\n[problem q]\nspec = quadratic:dim=3\n"
                                               "spec = quadratic:dim=4\niters = 7\n[optimizer g]\nspec = gd\n",
                                    &s, &err), DS_OK);
    assert_int_equal(s.nruns, 2);
    ds_suite_free(&s);
    /* a name taken from the file name follows the rule of an explicit one */
    assert_has(parse_error("dir/.ini", "[suite]\n" BODY), "the suite name '' taken from the file name");
    assert_has(parse_error("my suite.ini", "[suite]\n" BODY), "'my suite'");
    assert_has(parse_error("$(id).ini", "[suite]\n" BODY), "'$(id)'");
    assert_int_equal(ds_suite_parse("$(id).ini", "[suite]\nname = fine\n" BODY, &s, &err), DS_OK);
    ds_suite_free(&s);
    /* an unclosed header names its own line */
    assert_has(parse_error("u.ini", "; comment\n[suite\nseeds = 2\n" BODY), "u.ini:2: '[suite' is never closed");
    /* runs are counted before any list is built: 10 x 10 x 1e6 */
    assert_has(parse_error("big.ini", "[suite]\nseeds = 1000000\n[problem q]\n"
                                      "spec = quadratic:dim=3,kappa={1,2,3,4,5,6,7,8,9,10}\n"
                                      "[optimizer g]\nspec = gd:lr={1,2,3,4,5,6,7,8,9,10}/L\n"),
               "the suite stands for 100000000 runs");
    /* one line of 17^3 configurations */
    char wide[400] = "[suite]\n[problem q]\nspec = quadratic:dim=3";
    for (int g = 0; g < 3; g++)
        strcat(wide, ",kappa={1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17}");
    strcat(wide, "\n[optimizer g]\nspec = gd\n");
    assert_has(parse_error("wide.ini", wide), "wide.ini:3: spec = quadratic");
    assert_has(parse_error("wide.ini", wide), "more than 4096 configurations");
    /* 20 lines of 4^6 = 4096 configurations each: refused by their count,
     * before 80000 specs are built */
    char many[8000] = "[suite]\n[problem q]\n";
    for (int line = 0; line < 20; line++)
        snprintf(many + strlen(many), sizeof many - strlen(many),
                 "spec = quadratic:dim=%d,a={1,2,3,4},b={1,2,3,4},c={1,2,3,4},d={1,2,3,4},e={1,2,3,4},"
                 "f={1,2,3,4}\n", line + 1);
    strcat(many, "[optimizer g]\nspec = gd\n");
    assert_has(parse_error("many.ini", many), "the spec lines expand to 81921 configurations, more than 16384");
}

static void test_suite_load(void **state)
{
    (void)state;
    ds_suite s;
    ds_err err = {0};
    assert_int_equal(ds_suite_load("/dev/zero", &s, &err), DS_EINVAL);
    assert_has(err.msg, "larger than");
    assert_int_equal(ds_suite_load("/tmp", &s, &err), DS_EINVAL);
    assert_has(err.msg, "is a directory");
}

/* ---- result files ------------------------------------------------------ */

static const char *SUITE = "[suite]\nname = rel\nseeds = 2\niters = 40\n"
                           "[problem q]\nspec = quadratic:dim=3,kappa={4,9}\n"
                           "[optimizer g]\nspec = gd\n";

/* A result file of 4 runs at path, and its runs in memory. */
static void make_file(const char *path, ds_result **res, size_t *n)
{
    ds_suite s;
    ds_err err = {0};
    assert_int_equal(ds_suite_parse("rel.ini", SUITE, &s, &err), DS_OK);
    ds_bench_opts o = {.out = path, .command = "test", .threads = 1};
    ds_bench_report rep;
    if (ds_bench_run(&s, &o, res, n, &rep, &err))
        fail_msg("bench: %s", err.msg);
    assert_int_equal(*n, 4);
    ds_suite_free(&s);
}

static char *temp_path(void)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/descent-rel-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    return path;
}

static const char *read_error(const char *path)
{
    static ds_err err;
    ds_result *res;
    size_t n;
    memset(&err, 0, sizeof err);
    if (ds_store_read(path, &res, &n, &err) == DS_OK) {
        ds_store_free(res, n);
        return NULL;
    }
    return err.msg;
}

/* The row of /runs that holds run id. */
static hsize_t run_row(const char *path, uint64_t id)
{
    ds_result *back;
    size_t n;
    ds_err err = {0};
    assert_int_equal(ds_store_read(path, &back, &n, &err), DS_OK);
    hsize_t row = n;
    for (size_t i = 0; i < n; i++)
        if (back[i].id == id)
            row = i;  /* runs come back in the file's row order */
    ds_store_free(back, n);
    assert_true(row < n);
    return row;
}

/* A file changed through HDF5 itself is refused by its check block; with
 * the block renewed, as a forger would, the checks behind it judge it. */
static void reseal(const char *path)
{
    ds_err err = {0};
    if (ds_store_seal(path, &err))
        fail_msg("seal: %s", err.msg);
}

/* Cell (row, field) of a table read or written through HDF5 itself: a
 * compound memory type of the one field moves only it. */
static void cell_io(const char *path, const char *table, hsize_t row, const char *field, hid_t type, void *v,
                    int write)
{
    hid_t f = H5Fopen(path, write ? H5F_ACC_RDWR : H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t d = H5Dopen2(f, table, H5P_DEFAULT);
    hid_t mt = H5Tcreate(H5T_COMPOUND, H5Tget_size(type));
    assert_true(H5Tinsert(mt, field, 0, type) >= 0);
    hsize_t one = 1;
    hid_t fs = H5Dget_space(d), ms = H5Screate_simple(1, &one, NULL);
    assert_true(H5Sselect_hyperslab(fs, H5S_SELECT_SET, &row, NULL, &one, NULL) >= 0);
    assert_true((write ? H5Dwrite(d, mt, ms, fs, H5P_DEFAULT, v) : H5Dread(d, mt, ms, fs, H5P_DEFAULT, v)) >= 0);
    H5Sclose(ms), H5Sclose(fs), H5Tclose(mt), H5Dclose(d), H5Fclose(f);
}

/* A cell rewritten (checksums recomputed by HDF5): the file's check block
 * no longer matches until it is renewed. */
static void set_cell(const char *path, const char *table, hsize_t row, const char *field, hid_t type, const void *v)
{
    cell_io(path, table, row, field, type, (void *)v, 1);
    assert_has(read_error(path), "damaged or modified since descent wrote it");
    reseal(path);
}

static void get_cell(const char *path, const char *table, hsize_t row, const char *field, hid_t type, void *v)
{
    cell_io(path, table, row, field, type, v, 0);
}

static hid_t vlen_string(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    return t;
}

/* A root string attribute as other tools write it (12 bytes, null-padded,
 * all used, no terminator) reads whole; a run's schedule rewritten in
 * /runs is caught by its digest. */
static void test_fixed_strings(void **state)
{
    (void)state;
    char *path = temp_path(), buf[64];
    ds_result *res;
    size_t n;
    make_file(path, &res, &n);
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    assert_true(H5Adelete(f, "suite_name") >= 0);
    hid_t t = H5Tcopy(H5T_C_S1), sp = H5Screate(H5S_SCALAR);
    H5Tset_size(t, 12);
    H5Tset_strpad(t, H5T_STR_NULLPAD);
    hid_t a = H5Acreate2(f, "suite_name", t, sp, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(H5Awrite(a, t, "constantABCD") >= 0);
    H5Aclose(a), H5Sclose(sp), H5Tclose(t), H5Fclose(f);
    reseal(path);
    ds_err err = {0};
    assert_int_equal(ds_store_root_attr(path, "suite_name", buf, sizeof buf, &err), DS_OK);
    assert_string_equal(buf, "constantABCD");
    assert_null(read_error(path));
    /* the digest covers the schedule, so the altered run is refused */
    const char *sched = "constantABCD";
    hid_t vs = vlen_string();
    set_cell(path, "runs", run_row(path, res[0].id), "schedule", vs, &sched);
    H5Tclose(vs);
    assert_has(read_error(path), "do not match its digest");
    ds_store_free(res, n);
    unlink(path);
}

/* Values changed through HDF5 itself (checksums recomputed) and two runs'
 * ids swapped: each is caught by the run digest. */
static void test_digest(void **state)
{
    (void)state;
    char *path = temp_path();
    ds_result *res;
    size_t n;
    make_file(path, &res, &n);
    assert_null(read_error(path));
    hsize_t a = run_row(path, res[1].id), b = run_row(path, res[2].id);
    set_cell(path, "runs", a, "id", H5T_NATIVE_UINT64, &res[2].id);
    set_cell(path, "runs", b, "id", H5T_NATIVE_UINT64, &res[1].id);
    assert_has(read_error(path), "do not match its digest");
    /* one value of a trace, rewritten */
    ds_store_free(res, n);
    make_file(path, &res, &n);
    int64_t start = 0;
    get_cell(path, "runs", run_row(path, res[3].id), "start", H5T_NATIVE_INT64, &start);
    double v = res[3].trace.f[res[3].trace.n / 2] * 1.01;
    set_cell(path, "trajectory", (hsize_t)start + res[3].trace.n / 2, "f", H5T_NATIVE_DOUBLE, &v);
    assert_has(read_error(path), "do not match its digest");
    /* a record moved to another run (its run column changed) */
    ds_store_free(res, n);
    make_file(path, &res, &n);
    int64_t other = 3;
    get_cell(path, "runs", run_row(path, res[0].id), "start", H5T_NATIVE_INT64, &start);
    other = run_row(path, res[0].id) == 3 ? 2 : 3;
    set_cell(path, "trajectory", (hsize_t)start, "run", H5T_NATIVE_INT64, &other);
    assert_has(read_error(path), "names another run");
    ds_store_free(res, n);
    unlink(path);
}

/* /trajectory replaced by a table of `rows` rows (none written: the file
 * stays small) whose column `odd`, if any, is a string. */
static void replace_trajectory(const char *path, hsize_t rows, const char *odd)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    hid_t d = H5Dopen2(f, "trajectory", H5P_DEFAULT), ft = H5Dget_type(d);
    H5Dclose(d);
    assert_true(H5Ldelete(f, "trajectory", H5P_DEFAULT) >= 0);
    hid_t t = H5Tcreate(H5T_COMPOUND, H5Tget_size(ft)), s8 = H5Tcopy(H5T_C_S1);
    H5Tset_size(s8, 8);
    for (int k = 0; k < H5Tget_nmembers(ft); k++) {
        char *name = H5Tget_member_name(ft, (unsigned)k);
        hid_t mt = H5Tget_member_type(ft, (unsigned)k);
        assert_true(H5Tinsert(t, name, H5Tget_member_offset(ft, (unsigned)k),
                              odd && !strcmp(name, odd) ? s8 : mt) >= 0);
        H5Tclose(mt);
        H5free_memory(name);
    }
    hsize_t chunk = 1024, most = H5S_UNLIMITED;
    hid_t sp = H5Screate_simple(1, &rows, &most), dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(dcpl, 1, &chunk);
    d = H5Dcreate2(f, "trajectory", t, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    assert_true(d >= 0);
    H5Dclose(d), H5Pclose(dcpl), H5Sclose(sp), H5Tclose(s8), H5Tclose(t), H5Tclose(ft), H5Fclose(f);
    reseal(path);
}

/* Shapes a crafted file may claim: an attribute of a million numbers where
 * one is read, a trajectory of 2^40 records in a file of a few kilobytes
 * (or more than deflate could pack into it), a string where a number
 * belongs. */
static void test_crafted_shapes(void **state)
{
    (void)state;
    char *path = temp_path();
    ds_result *res;
    size_t n;
    make_file(path, &res, &n);
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    assert_true(H5Adelete(f, "format_version") >= 0);
    long *many = calloc(1000000, sizeof *many);
    hsize_t count = 1000000;
    assert_true(H5LTset_attribute_long(f, "/", "format_version", many, count) >= 0);
    free(many);
    H5Fclose(f);
    reseal(path);
    assert_has(read_error(path), "format_version");

    ds_store_free(res, n);
    make_file(path, &res, &n);
    replace_trajectory(path, (hsize_t)1 << 40, NULL);
    assert_has(read_error(path), "/trajectory is not a table");
    /* more records than the file could hold deflated: refused too */
    ds_store_free(res, n);
    make_file(path, &res, &n);
    f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hsize_t fsize = 0;
    H5Fget_filesize(f, &fsize);
    H5Fclose(f);
    replace_trajectory(path, 2000 * fsize / 72 + (1u << 20), NULL);
    assert_has(read_error(path), "/trajectory is not a table");
    /* records the file could hold but never wrote: refused by the checks of each run */
    ds_store_free(res, n);
    make_file(path, &res, &n);
    replace_trajectory(path, 2 * fsize / 72, NULL);
    assert_non_null(read_error(path));

    ds_store_free(res, n);
    make_file(path, &res, &n);
    replace_trajectory(path, 0, "f");
    assert_has(read_error(path), "no column 'f' of the right type");
    ds_store_free(res, n);
    unlink(path);
}

static unsigned char *slurp(const char *path, long *size)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    *size = ftell(fp);
    rewind(fp);
    unsigned char *b = malloc((size_t)*size);
    assert_int_equal(fread(b, 1, (size_t)*size, fp), (size_t)*size);
    fclose(fp);
    return b;
}

static void spill(const char *path, const unsigned char *b, long size)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(b, 1, (size_t)size, fp), (size_t)size);
    fclose(fp);
}

/* A read that HDF5 could make loop without end fails the test (SIGALRM)
 * instead of hanging it. */
#define NO_HANG_SECONDS 60

/* Single bits flipped all over a result file, in its check block, its
 * metadata, its tables and its global heap of strings: each damaged file
 * is refused by the whole-file check with the message that says so,
 * before HDF5 reads a byte; never a crash, a hang or an altered run. */
static void test_damaged_bytes(void **state)
{
    (void)state;
    char *path = temp_path();
    ds_result *res;
    size_t n;
    make_file(path, &res, &n);
    long size;
    unsigned char *orig = slurp(path, &size), *img = malloc((size_t)size);
    alarm(NO_HANG_SECONDS);
    long used[100000];
    size_t nused = 0;  /* bytes that hold something (the rest is reserve) */
    for (long i = 0; i < size && nused < 100000; i++)
        if (orig[i])
            used[nused++] = i;
    char bad[64];
    snprintf(bad, sizeof bad, "%s.bad", path);
    uint64_t x = 88172645463325252ull;
    int refused = 0, accepted = 0;
    for (int trial = 0; trial < 300; trial++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        long at = used[x % nused];
        memcpy(img, orig, (size_t)size);
        img[at] ^= (unsigned char)(1u << (x >> 60 & 7));
        spill(bad, img, size);
        ds_result *back;
        size_t nb;
        ds_err err = {0};
        if (ds_store_read(bad, &back, &nb, &err)) {
            if (!strstr(err.msg, "damaged or modified since descent wrote it") || !strstr(err.msg, "regenerate"))
                fail_msg("byte %ld changed: refused as '%s'", at, err.msg);
            refused++;
            continue;
        }
        accepted++;
        assert_int_equal(nb, n);
        for (size_t i = 0; i < nb; i++) {
            size_t j = 0;
            while (j < n && res[j].id != back[i].id)
                j++;
            assert_true(j < n);
            if (ds_result_digest(&back[i]) != ds_result_digest(&res[j]))
                fail_msg("byte %ld changed: run %016llx read back altered", at, (unsigned long long)back[i].id);
        }
        ds_store_free(back, nb);
    }
    alarm(0);
    print_message("damaged files: %d refused, %d read back unchanged\n", refused, accepted);
    assert_int_equal(refused, 300);  /* the check covers every byte */
    free(orig);
    free(img);
    ds_store_free(res, n);
    unlink(bad);
    unlink(path);
}

/* Every byte that holds something in the global heap collection of the
 * variable-length strings of /runs (found by its 'GCOL' signature; its
 * size follows it), and every 16th of its free space, flipped one at a
 * time: refused by the whole-file check, quickly. HDF5 itself loops
 * without end on some of these. */
static void test_global_heap(void **state)
{
    (void)state;
    char *path = temp_path(), bad[64];
    ds_result *res;
    size_t n;
    make_file(path, &res, &n);
    long size;
    unsigned char *orig = slurp(path, &size);
    long at = -1;
    for (long i = DS_CHECK_BLOCK; i + 16 <= size && at < 0; i++)
        if (!memcmp(orig + i, "GCOL", 4))
            at = i;
    assert_true(at > 0);
    uint64_t len = 0;  /* GCOL, version, 3 reserved bytes, the collection's size */
    for (int k = 7; k >= 0; k--)
        len = len << 8 | orig[at + 8 + k];
    assert_true(len >= 16 && at + (long)len <= size);
    snprintf(bad, sizeof bad, "%s.bad", path);
    alarm(NO_HANG_SECONDS);
    double t0 = ds_now();
    int flipped = 0;
    for (long i = at; i < at + (long)len; i++) {
        if (!orig[i] && (i - at) % 16)
            continue;
        flipped++;
        orig[i] ^= 0x10;
        spill(bad, orig, size);
        orig[i] ^= 0x10;
        const char *msg = read_error(bad);
        if (!msg || !strstr(msg, "damaged or modified since descent wrote it"))
            fail_msg("heap byte %ld of %llu flipped: %s", i - at, (unsigned long long)len, msg ? msg : "accepted");
        assert_has(msg, bad);
    }
    alarm(0);
    print_message("global heap of %llu bytes: %d flipped, each refused, in %.2f s\n", (unsigned long long)len,
                  flipped, ds_now() - t0);
    assert_null(read_error(path));  /* the intact file still reads */
    free(orig);
    ds_store_free(res, n);
    unlink(bad);
    unlink(path);
}

/* ---- data files -------------------------------------------------------- */

/* Columns near 1e200 and 1e-200 standardize like any other: (x - mean)/sd
 * of {1, 2, 3} is {-sqrt(3/2), 0, sqrt(3/2)} at any scale. */
static void test_standardize_extremes(void **state)
{
    (void)state;
    double X[9] = {1e200, 1, 1e-200, 2e200, 2, 2e-200, 3e200, 3, 3e-200}, y[3] = {0, 0, 0};
    ds_data dt = {.n = 3, .d = 3, .X = X, .y = y};
    ds_data_standardize(&dt, 0);
    double z = sqrt(1.5);
    for (size_t j = 0; j < 3; j++) {
        assert_close(X[0 * 3 + j], -z, 1e-15);
        assert_close(X[1 * 3 + j], 0, 1e-15);
        assert_close(X[2 * 3 + j], z, 1e-15);
    }
    /* an ordinary column is unchanged bit for bit by the scaled path */
    double W[3] = {0.1, 0.7, 2.9}, v[3];
    ds_data dw = {.n = 3, .d = 1, .X = W, .y = v};
    double mean = (0.1 + 0.7 + 2.9) / 3, var = 0;
    for (int i = 0; i < 3; i++)
        var += (W[i] - mean) * (W[i] - mean);
    double s = 1.0 / sqrt(var / 3), want = (0.7 - mean) * s;
    ds_data_standardize(&dw, 0);
    assert_true(W[1] == want);
}

static void test_data_files(void **state)
{
    (void)state;
    ds_data dt;
    ds_err err = {0};
    assert_int_equal(ds_data_load("/tmp", &dt, &err), DS_EINVAL);
    assert_has(err.msg, "'/tmp' is a directory");
    /* 128 MiB of "1,2" lines in a gzip file of a few hundred kilobytes */
    char path[] = "/tmp/descent-bomb-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    gzFile gz = gzdopen(fd, "wb9");
    static char block[1 << 16];
    for (size_t i = 0; i + 4 <= sizeof block; i += 4)
        memcpy(block + i, "1,2\n", 4);
    for (int k = 0; k < 2048; k++)
        assert_int_equal(gzwrite(gz, block, sizeof block), (int)sizeof block);
    gzclose(gz);
    assert_int_equal(ds_data_load(path, &dt, &err), DS_EINVAL);
    assert_has(err.msg, "more than 64 MiB of text");
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_messages),     cmocka_unit_test(test_not_finite),
        cmocka_unit_test(test_suite_files),  cmocka_unit_test(test_suite_load),
        cmocka_unit_test(test_fixed_strings), cmocka_unit_test(test_digest),
        cmocka_unit_test(test_crafted_shapes), cmocka_unit_test(test_damaged_bytes),
        cmocka_unit_test(test_global_heap),
        cmocka_unit_test(test_standardize_extremes), cmocka_unit_test(test_data_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
