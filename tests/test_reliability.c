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

static void run_name(const ds_result *r, char *buf, size_t size)
{
    snprintf(buf, size, "/runs/%016llx", (unsigned long long)r->id);
}

/* A 12-byte string attribute as other tools write it: null-padded, all
 * 12 bytes used, no terminator. */
static void test_fixed_strings(void **state)
{
    (void)state;
    char *path = temp_path(), name[64];
    ds_result *res, *back;
    size_t n, nb;
    make_file(path, &res, &n);
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    run_name(&res[0], name, sizeof name);
    hid_t g = H5Gopen2(f, name, H5P_DEFAULT);
    assert_true(H5Adelete(g, "schedule") >= 0);
    hid_t t = H5Tcopy(H5T_C_S1), sp = H5Screate(H5S_SCALAR);
    H5Tset_size(t, 12);
    H5Tset_strpad(t, H5T_STR_NULLPAD);
    hid_t a = H5Acreate2(g, "schedule", t, sp, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(H5Awrite(a, t, "constantABCD") >= 0);
    H5Aclose(a), H5Sclose(sp), H5Tclose(t), H5Gclose(g), H5Fclose(f);
    /* the digest covers the schedule, so the altered run is refused... */
    const char *m = read_error(path);
    assert_non_null(m);
    assert_has(m, "do not match its digest");
    /* ...and without a digest (files made before digests) it reads whole */
    f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    assert_true(H5Adelete_by_name(f, name, "digest", H5P_DEFAULT) >= 0);
    H5Fclose(f);
    ds_err err = {0};
    assert_int_equal(ds_store_read(path, &back, &nb, &err), DS_OK);
    for (size_t i = 0; i < nb; i++)
        if (back[i].id == res[0].id)
            assert_string_equal(back[i].schedule, "constantABCD");
    ds_store_free(back, nb);
    ds_store_free(res, n);
    unlink(path);
}

/* Values changed through HDF5 itself (checksums recomputed) and two runs'
 * names swapped: each is caught by the run digest. */
static void test_digest(void **state)
{
    (void)state;
    char *path = temp_path(), a[64], b[64];
    ds_result *res;
    size_t n;
    make_file(path, &res, &n);
    assert_null(read_error(path));
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    run_name(&res[1], a, sizeof a);
    run_name(&res[2], b, sizeof b);
    assert_true(H5Lmove(f, a, f, "/runs/tmp", H5P_DEFAULT, H5P_DEFAULT) >= 0);
    assert_true(H5Lmove(f, b, f, a, H5P_DEFAULT, H5P_DEFAULT) >= 0);
    assert_true(H5Lmove(f, "/runs/tmp", f, b, H5P_DEFAULT, H5P_DEFAULT) >= 0);
    H5Fclose(f);
    assert_has(read_error(path), "do not match its digest");
    /* one value of a trace, rewritten */
    ds_store_free(res, n);
    make_file(path, &res, &n);
    f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    run_name(&res[3], a, sizeof a);
    strcat(a, "/f");
    hid_t d = H5Dopen2(f, a, H5P_DEFAULT);
    size_t rows = res[3].trace.n;
    double *v = malloc(rows * sizeof *v);
    memcpy(v, res[3].trace.f, rows * sizeof *v);
    v[rows / 2] *= 1.01;
    assert_true(H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0);
    H5Dclose(d);
    H5Fclose(f);
    free(v);
    assert_has(read_error(path), "do not match its digest");
    ds_store_free(res, n);
    unlink(path);
}

/* Shapes a crafted file may claim: an attribute of a million numbers where
 * one is read, a trace of 2^40 records in a file of a few kilobytes, a
 * string where a number belongs. */
static void test_crafted_shapes(void **state)
{
    (void)state;
    char *path = temp_path(), name[64];
    ds_result *res;
    size_t n;
    make_file(path, &res, &n);
    run_name(&res[0], name, sizeof name);
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    hid_t g = H5Gopen2(f, name, H5P_DEFAULT);
    assert_true(H5Adelete(g, "dim") >= 0);
    long *many = calloc(1000000, sizeof *many);
    hsize_t count = 1000000;
    assert_true(H5LTset_attribute_long(f, name, "dim", many, count) >= 0);
    free(many);
    H5Gclose(g);
    H5Fclose(f);
    assert_has(read_error(path), "dim");

    ds_store_free(res, n);
    make_file(path, &res, &n);
    run_name(&res[0], name, sizeof name);
    f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    g = H5Gopen2(f, name, H5P_DEFAULT);
    assert_true(H5Ldelete(g, "f", H5P_DEFAULT) >= 0);
    hsize_t dims = (hsize_t)1 << 40;
    hid_t sp = H5Screate_simple(1, &dims, NULL);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    hsize_t chunk = 1024;
    H5Pset_chunk(dcpl, 1, &chunk);  /* no chunk written: the file stays small */
    hid_t d = H5Dcreate2(g, "f", H5T_NATIVE_DOUBLE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    assert_true(d >= 0);
    H5Dclose(d), H5Pclose(dcpl), H5Sclose(sp), H5Gclose(g), H5Fclose(f);
    assert_has(read_error(path), ": f");
    /* twice as many records as the whole file could hold: refused too */
    ds_store_free(res, n);
    make_file(path, &res, &n);
    run_name(&res[0], name, sizeof name);
    f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    hsize_t fsize = 0;
    H5Fget_filesize(f, &fsize);
    g = H5Gopen2(f, name, H5P_DEFAULT);
    assert_true(H5Ldelete(g, "f", H5P_DEFAULT) >= 0);
    dims = 2 * fsize / sizeof(double);
    sp = H5Screate_simple(1, &dims, NULL);
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(dcpl, 1, &chunk);
    d = H5Dcreate2(g, "f", H5T_NATIVE_DOUBLE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    assert_true(d >= 0);
    H5Dclose(d), H5Pclose(dcpl), H5Sclose(sp), H5Gclose(g), H5Fclose(f);
    assert_has(read_error(path), ": f");

    ds_store_free(res, n);
    make_file(path, &res, &n);
    run_name(&res[2], name, sizeof name);
    f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    assert_true(H5Adelete_by_name(f, name, "L", H5P_DEFAULT) >= 0);
    assert_true(H5LTset_attribute_string(f, name, "L", "four") >= 0);
    H5Fclose(f);
    assert_has(read_error(path), ": L");
    ds_store_free(res, n);
    unlink(path);
}

/* Single bytes changed all over a result file: each damaged file is
 * refused or reads back exactly the runs that were written; never a
 * crash, never an altered run. */
static void test_damaged_bytes(void **state)
{
    (void)state;
    char *path = temp_path();
    ds_result *res;
    size_t n;
    make_file(path, &res, &n);
    FILE *fp = fopen(path, "rb");
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    rewind(fp);
    unsigned char *orig = malloc((size_t)size), *img = malloc((size_t)size);
    assert_int_equal(fread(orig, 1, (size_t)size, fp), (size_t)size);
    fclose(fp);
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
        fp = fopen(bad, "wb");
        fwrite(img, 1, (size_t)size, fp);
        fclose(fp);
        ds_result *back;
        size_t nb;
        ds_err err = {0};
        if (ds_store_read(bad, &back, &nb, &err)) {
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
    print_message("damaged files: %d refused, %d read back unchanged\n", refused, accepted);
    assert_true(refused > 150);
    free(orig);
    free(img);
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
        cmocka_unit_test(test_standardize_extremes), cmocka_unit_test(test_data_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
