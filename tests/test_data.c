/* The data loader: formats, header detection, gzip, standardization,
 * label maps, name resolution, and every malformed-input message (file,
 * line and the offending token), on small files written to a temp dir. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "../core/data.h"
#include "../core/problem.h"
#include "testutil.h"

static char dir[256];

static const char *write_file(const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/descent_test_data_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void assert_contains(const char *msg, const char *part)
{
    if (!strstr(msg, part))
        fail_msg("message \"%s\" lacks \"%s\"", msg, part);
}

/* Load text expecting failure; returns the message. */
static const char *load_error(const char *name, const char *text)
{
    static ds_err err;
    ds_data dt;
    ds_err_clear(&err);
    int rc = ds_data_load(write_file(name, text), &dt, &err);
    if (rc == DS_OK)
        fail_msg("%s loaded, expected an error", name);
    assert_null(dt.X);
    return err.msg;
}

static void test_csv_header_and_values(void **state)
{
    (void)state;
    ds_data dt;
    ds_err err = {0};
    assert_int_equal(ds_data_load(write_file("h.csv", "a,b,label\n1, 2 ,0\n\n3,4.5,1\r\n"), &dt, &err), DS_OK);
    assert_int_equal(dt.n, 2);
    assert_int_equal(dt.d, 2);
    assert_int_equal(dt.format, DS_DATA_CSV);
    const double X[] = {1, 2, 3, 4.5}, y[] = {0, 1};
    for (int i = 0; i < 4; i++)
        assert_true(dt.X[i] == X[i]);
    for (int i = 0; i < 2; i++)
        assert_true(dt.y[i] == y[i]);
    ds_data_free(&dt);
    /* No header, whitespace-separated (the diabetes files' format). */
    assert_int_equal(ds_data_load(write_file("w.txt", "1 2 3\n-4\t5e-1 6\n"), &dt, &err), DS_OK);
    assert_int_equal(dt.n, 2);
    assert_true(dt.X[3] == 0.5 && dt.y[1] == 6);
    ds_data_free(&dt);
}

static void test_libsvm(void **state)
{
    (void)state;
    ds_data dt;
    ds_err err = {0};
    assert_int_equal(ds_data_load(write_file("s.svm", "+1 1:0.5 3:-2\n-1 2:7\n+1\n"), &dt, &err), DS_OK);
    assert_int_equal(dt.format, DS_DATA_LIBSVM);
    assert_int_equal(dt.n, 3);
    assert_int_equal(dt.d, 3);
    const double X[] = {0.5, 0, -2, 0, 7, 0, 0, 0, 0};
    for (int i = 0; i < 9; i++)
        assert_true(dt.X[i] == X[i]);
    assert_true(dt.y[0] == 1 && dt.y[1] == -1);
    ds_data_free(&dt);
}

static void test_gzip(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/z.csv.gz", dir);
    gzFile gz = gzopen(path, "wb");
    gzputs(gz, "1,2,1\n3,4,0\n");
    gzclose(gz);
    ds_data dt;
    ds_err err = {0};
    assert_int_equal(ds_data_load(path, &dt, &err), DS_OK);
    assert_int_equal(dt.n, 2);
    assert_true(dt.X[2] == 3 && dt.y[1] == 0);
    ds_data_free(&dt);
}

static void test_errors(void **state)
{
    (void)state;
    const char *m;
    m = load_error("nn.csv", "1,2,3\n4,x7,6\n");
    assert_contains(m, "nn.csv:2: value 'x7' is not a number");
    m = load_error("cols.csv", "h1,h2,h3\n1,2,3\n4,5\n");
    assert_contains(m, "cols.csv:3: 2 columns, expected 3");
    m = load_error("empty.csv", "");
    assert_contains(m, "empty.csv: no data");
    m = load_error("hdr.csv", "a,b,c\n\n");
    assert_contains(m, "hdr.csv: no data");
    m = load_error("nan.csv", "1,2,3\n4,nan,6\n");
    assert_contains(m, "nan.csv:2: value 'nan' is not finite");
    m = load_error("inf.csv", "1,-Inf,3\n");
    assert_contains(m, "inf.csv:1: value '-Inf' is not finite");
    m = load_error("emptytok.csv", "1,2,3\n1,,3\n");
    assert_contains(m, "emptytok.csv:2: value '(empty)' is not a number");
    m = load_error("one.csv", "1\n2\n");
    assert_contains(m, "one.csv:1: one column");
    m = load_error("i0.svm", "1 1:2\n-1 0:3\n");
    assert_contains(m, "i0.svm:2: index 0: LIBSVM indices start at 1");
    m = load_error("dec.svm", "1 2:1 5:2 4:3\n");
    assert_contains(m, "dec.svm:1: index 4 after 5: indices must increase");
    m = load_error("dup.svm", "1 2:1 2:2\n");
    assert_contains(m, "dup.svm:1: index 2 after 2");
    m = load_error("tok.svm", "1 2:1 junk\n");
    assert_contains(m, "tok.svm:1: 'junk' is not idx:value");
    m = load_error("val.svm", "1 2:1\n-1 3:abc\n");
    assert_contains(m, "val.svm:2: value 'abc' is not a number");
    m = load_error("lab.svm", "one 2:1\n");
    assert_contains(m, "lab.svm:1: label 'one' is not a number");
    m = load_error("svmnan.svm", "1 2:NaN\n");
    assert_contains(m, "svmnan.svm:1: value 'NaN' is not finite");
    /* Too large for memory: refused before allocating, with the size. */
    char *big = malloc(1000 * 20 + 1);
    big[0] = '\0';
    for (int i = 0; i < 1000; i++)
        strcat(big, "1 99999999:1\n");
    m = load_error("big.svm", big);
    free(big);
    assert_contains(m, "(1000 x 99999999) needs 745 GiB");
    ds_err err;
    ds_data dt;
    /* Under a cap (a fuzz target's): 3 rows 10^6 wide, 22.9 MiB, are
     * refused at 16 MiB and loaded at 32 MiB and with no cap. */
    const char *wide = write_file("wide.svm", "+1 1000000:-1\n1 2:0.25\n-1 7:1\n");
    ds_set_alloc_limit(16.0 * (1 << 20));
    assert_int_equal(ds_data_load(wide, &dt, &err), DS_ENOMEM);
    assert_contains(err.msg, "(3 x 1000000) needs 0.0224 GiB, more than the allocation limit of 0.0156 GiB");
    ds_set_alloc_limit(32.0 * (1 << 20));
    assert_int_equal(ds_data_load(wide, &dt, &err), DS_OK);
    assert_true(dt.n == 3 && dt.d == 1000000 && dt.X[999999] == -1.0 && dt.X[1000000 + 1] == 0.25);
    ds_data_free(&dt);
    ds_set_alloc_limit(0);
    assert_int_equal(ds_data_load(wide, &dt, &err), DS_OK);
    ds_data_free(&dt);
    assert_int_equal(ds_data_load("no/such/file.csv", &dt, &err), DS_EINVAL);
    assert_contains(err.msg, "data 'no/such/file.csv': no such file");
}

static void test_standardize_and_labels(void **state)
{
    (void)state;
    ds_data dt;
    ds_err err = {0};
    assert_int_equal(ds_data_load(write_file("st.csv", "1,5,2\n3,5,4\n5,5,9\n"), &dt, &err), DS_OK);
    ds_data_standardize(&dt, 1);
    /* column 0: mean 3, population sd sqrt(8/3); column 1 constant -> 0. */
    double s = sqrt(8.0 / 3.0);
    assert_close(dt.X[0], -2 / s, 1e-15);
    assert_close(dt.X[2], 0, 1e-15);
    assert_close(dt.X[4], 2 / s, 1e-15);
    assert_true(dt.X[1] == 0 && dt.X[3] == 0 && dt.X[5] == 0);
    assert_close(dt.y[0], 2 - 5, 1e-15);
    assert_close(dt.y[2], 9 - 5, 1e-15);
    assert_int_equal(ds_data_add_intercept(&dt, &err), DS_OK);
    assert_int_equal(dt.d, 3);
    assert_true(dt.X[2] == 1 && dt.X[5] == 1 && dt.X[8] == 1);
    ds_data_free(&dt);

    assert_int_equal(ds_data_load(write_file("bin.csv", "1,2\n3,7\n5,2\n"), &dt, &err), DS_OK);
    assert_int_equal(ds_data_binary_labels(&dt, &err), DS_OK);
    assert_true(dt.y[0] == -1 && dt.y[1] == 1 && dt.y[2] == -1);
    ds_data_free(&dt);
    assert_int_equal(ds_data_load(write_file("three.csv", "1,0\n3,1\n5,2\n"), &dt, &err), DS_OK);
    assert_int_equal(ds_data_binary_labels(&dt, &err), DS_EINVAL);
    assert_contains(err.msg, "sample 3: label 2 is a third class");
    ds_data_free(&dt);
    assert_int_equal(ds_data_load(write_file("same.csv", "1,4\n3,4\n"), &dt, &err), DS_OK);
    assert_int_equal(ds_data_binary_labels(&dt, &err), DS_EINVAL);
    assert_contains(err.msg, "every label is 4");
    ds_data_free(&dt);
    size_t k;
    assert_int_equal(ds_data_load(write_file("cls.csv", "1,7\n3,-2\n5,7\n6,3\n"), &dt, &err), DS_OK);
    assert_int_equal(ds_data_class_labels(&dt, 10, &k, &err), DS_OK);
    assert_int_equal(k, 3);
    assert_true(dt.y[0] == 2 && dt.y[1] == 0 && dt.y[2] == 2 && dt.y[3] == 1);
    ds_data_free(&dt);
    assert_int_equal(ds_data_load(write_file("frac.csv", "1,0.5\n3,1\n"), &dt, &err), DS_OK);
    assert_int_equal(ds_data_class_labels(&dt, 10, &k, &err), DS_EINVAL);
    assert_contains(err.msg, "sample 1: class label 0.5 is not a whole number");
    ds_data_free(&dt);
}

/* Through the problems: a logreg file with a third label, LIBSVM kept
 * unscaled by default, and data/ found from another directory. */
static void test_problem_messages(void **state)
{
    (void)state;
    ds_values v = {.n = 0};
    ds_err err = {0};
    ds_problem *p = NULL;
    char spec[700];
    snprintf(spec, sizeof spec, "logreg:data=%s", write_file("tri.csv", "x\n1,0\n2,1\n3,2\n"));
    assert_int_equal(ds_problem_parse(spec, &v, &err), DS_OK);
    assert_int_equal(ds_problem_new(&v, 1, &p, &err), DS_EINVAL);
    assert_contains(err.msg, "problem 'logreg': ");
    assert_contains(err.msg, "label 2 is a third class");
    snprintf(spec, sizeof spec, "softmax:data=%s", write_file("half.csv", "1,0\n2,1.5\n"));
    ds_values_free(&v);
    assert_int_equal(ds_problem_parse(spec, &v, &err), DS_OK);
    assert_int_equal(ds_problem_new(&v, 1, &p, &err), DS_EINVAL);
    assert_contains(err.msg, "class label 1.5 is not a whole number");
    /* Separable data with lambda = 0 have no minimizer. */
    snprintf(spec, sizeof spec, "logreg:lambda=0,standardize=0,data=%s",
             write_file("sep.csv", "-2,0\n-1,0\n1,1\n2,1\n"));
    ds_values_free(&v);
    assert_int_equal(ds_problem_parse(spec, &v, &err), DS_OK);
    assert_int_equal(ds_problem_new(&v, 1, &p, &err), DS_ENUM);
    assert_contains(err.msg, "linearly separable, so lambda=0 has no minimizer");
    /* LIBSVM: no standardization unless asked. */
    snprintf(spec, sizeof spec, "lstsq:data=%s", write_file("r.svm", "3 1:2\n1 1:0\n2 1:1\n"));
    ds_values_free(&v);
    assert_int_equal(ds_problem_parse(spec, &v, &err), DS_OK);
    assert_int_equal(ds_problem_new(&v, 1, &p, &err), DS_OK);
    /* (a, b) = (2, 3), (0, 1), (1, 2) unscaled: x* = sum ab / sum a^2 = 8/5. */
    assert_close(p->x_star[0], 1.6, 1e-15);
    ds_problem_free(p);
    /* From another directory, data/ is found next to the binary. */
    char cwd[1024];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    char path[1024];
    int rc = ds_data_resolve("heart_scale", path, sizeof path, &err);
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(rc, DS_OK);
    assert_non_null(strstr(path, "data/heart_scale"));
    ds_values_free(&v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_header_and_values), cmocka_unit_test(test_libsvm),
        cmocka_unit_test(test_gzip),                  cmocka_unit_test(test_errors),
        cmocka_unit_test(test_standardize_and_labels), cmocka_unit_test(test_problem_messages),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
