/* The spec parser, parameter tables and expressions: good input parses to
 * the right values; bad input is refused with a message naming it. */
#include <string.h>

#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../core/schedule.h"
#include "../core/spec.h"
#include "testutil.h"

static void assert_msg_has(const ds_err *err, const char *needle)
{
    if (!strstr(err->msg, needle))
        fail_msg("message '%s' lacks '%s'", err->msg, needle);
}

static void test_spec_split(void **state)
{
    (void)state;
    ds_spec s;
    ds_err err = {0};
    assert_int_equal(ds_spec_parse("quadratic:dim=100, kappa = 1000", &s, &err), DS_OK);
    assert_string_equal(s.name, "quadratic");
    assert_int_equal(s.n, 2);
    assert_string_equal(s.key[1], "kappa");
    assert_string_equal(s.val[1], "1000");
    assert_int_equal(ds_spec_parse("adam", &s, &err), DS_OK);
    assert_int_equal(s.n, 0);
    assert_int_equal(ds_spec_parse("adam:lr", &s, &err), DS_EINVAL);
    assert_msg_has(&err, "'lr' is not key=value");
    assert_int_equal(ds_spec_parse("adam:lr=1,lr=2", &s, &err), DS_EINVAL);
    assert_msg_has(&err, "given twice");
    assert_int_equal(ds_spec_parse(":lr=1", &s, &err), DS_EINVAL);
    assert_int_equal(ds_spec_parse("ad am", &s, &err), DS_EINVAL);
    assert_int_equal(ds_spec_parse("adam:lr=", &s, &err), DS_EINVAL);
    assert_msg_has(&err, "empty value for 'lr'");
}

static void test_values_and_ranges(void **state)
{
    (void)state;
    ds_values v = {.n = 0};
    ds_err err = {0};
    assert_int_equal(ds_optimizer_parse("adam:beta2=0.99,lr=3e-4", &v, &err), DS_OK);
    assert_true(ds_num(&v, "lr") == 3e-4);
    assert_true(ds_num(&v, "beta2") == 0.99);
    assert_true(ds_num(&v, "beta1") == 0.9); /* default */
    assert_true(isnan(ds_num(&v, "no_such_param")));
    ds_values_free(&v);
    assert_int_equal(ds_optimizer_parse("adam:beta1=1", &v, &err), DS_EINVAL);
    assert_msg_has(&err, "beta1=1 is out of range; accepted: [0, 1)");
    ds_values_free(&v);
    assert_int_equal(ds_optimizer_parse("adam:eps=0", &v, &err), DS_EINVAL);
    assert_msg_has(&err, "eps=0");
    ds_values_free(&v);
    assert_int_equal(ds_optimizer_parse("adam:lr=abc", &v, &err), DS_EINVAL);
    assert_msg_has(&err, "unknown name 'abc'");
    ds_values_free(&v);
    assert_int_equal(ds_optimizer_parse("adam:betta1=0.5", &v, &err), DS_EINVAL);
    assert_msg_has(&err, "no parameter 'betta1'; did you mean 'beta1'?");
    ds_values_free(&v);
    assert_int_equal(ds_optimizer_parse("adma", &v, &err), DS_EINVAL);
    assert_msg_has(&err, "unknown optimizer 'adma'; did you mean 'adam'?");
    ds_values_free(&v);
    assert_int_equal(ds_problem_parse("quadratic:dim=-3", &v, &err), DS_EINVAL);
    assert_msg_has(&err, "dim=-3 is out of range");
    ds_values_free(&v);
    assert_int_equal(ds_problem_parse("quadratic:dim=2.5", &v, &err), DS_EINVAL);
    assert_msg_has(&err, "dim=2.5 is not a whole number");
    ds_values_free(&v);
    assert_int_equal(ds_problem_parse("quadratic:kappa=0.5", &v, &err), DS_EINVAL);
    assert_msg_has(&err, "kappa=0.5 is out of range");
    ds_values_free(&v);
    assert_int_equal(ds_problem_parse("quadratic:spectrum=cubic", &v, &err), DS_EINVAL);
    assert_msg_has(&err, "spectrum=cubic is not one of linear|log|two-cluster");
    ds_values_free(&v);
    assert_int_equal(ds_problem_parse("quadratic:rotate=maybe", &v, &err), DS_EINVAL);
    assert_msg_has(&err, "rotate=maybe is not a boolean");
    assert_int_equal(ds_problem_parse("quadratic:x0=1;2;x", &v, &err), DS_EINVAL);
    assert_msg_has(&err, "'x' is not a number");
    ds_values_free(&v);
    assert_int_equal(ds_schedule_parse("nosuch", &v, &err), DS_EINVAL);
    assert_msg_has(&err, "unknown schedule 'nosuch'");
    ds_values_free(&v);
}

static void test_lists_and_all(void **state)
{
    (void)state;
    ds_values v = {.n = 0};
    ds_err err = {0};
    assert_int_equal(ds_problem_parse("quadratic:dim=3,x0=1;-2.5;3e2", &v, &err), DS_OK);
    size_t n;
    const double *x = ds_list(&v, "x0", &n);
    assert_int_equal(n, 3);
    assert_true(x[0] == 1 && x[1] == -2.5 && x[2] == 300);
    ds_values_free(&v);
    assert_int_equal(ds_optimizer_parse("sgd:batch=all", &v, &err), DS_OK);
    assert_int_equal(ds_int(&v, "batch"), 0);
    ds_values_free(&v);
    assert_int_equal(ds_optimizer_parse("sgd:batch=0", &v, &err), DS_EINVAL);
    assert_msg_has(&err, "batch=0 is out of range; accepted: [1, 9007199254740992] or all");
    ds_values_free(&v);
}

static void test_expressions(void **state)
{
    (void)state;
    ds_expr_vars vars = {.L = 4, .mu = 1, .kappa = 4, .dim = 10, .n = 0, .R = 2, .T = 100};
    double x;
    ds_err err = {0};
    assert_int_equal(ds_expr_eval("1/L", &vars, &x, &err), DS_OK);
    assert_true(x == 0.25);
    assert_int_equal(ds_expr_eval("2/(L+mu)", &vars, &x, &err), DS_OK);
    assert_true(x == 0.4);
    /* 4/(sqrt(4)+sqrt(1))^2 = 4/9: power binds tighter than division */
    assert_int_equal(ds_expr_eval("4/(sqrt(L)+sqrt(mu))^2", &vars, &x, &err), DS_OK);
    assert_true(x == 4.0 / 9.0);
    assert_int_equal(ds_expr_eval("-2^2", &vars, &x, &err), DS_OK);
    assert_true(x == -4);
    assert_int_equal(ds_expr_eval("2^3^2", &vars, &x, &err), DS_OK);
    assert_true(x == 512); /* right-associative */
    assert_int_equal(ds_expr_eval("0.5/L*2", &vars, &x, &err), DS_OK);
    assert_true(x == 0.25);
    assert_int_equal(ds_expr_eval("(1", &vars, &x, &err), DS_EINVAL);
    assert_msg_has(&err, "missing ')'");
    assert_int_equal(ds_expr_eval("1/Lx", &vars, &x, &err), DS_EINVAL);
    assert_msg_has(&err, "unknown name 'Lx'");
    assert_int_equal(ds_expr_eval("cbrt(L)", &vars, &x, &err), DS_EINVAL);
    assert_int_equal(ds_expr_eval("1/L", NULL, &x, &err), DS_EINVAL);
    assert_true(ds_expr_is_constant("2*pi"));
    assert_false(ds_expr_is_constant("2*mu"));
}

static void test_bind_and_canon(void **state)
{
    (void)state;
    ds_values a = {.n = 0}, b = {.n = 0};
    ds_err err = {0};
    assert_int_equal(ds_optimizer_parse("adam:beta2=0.99, lr=0.010", &a, &err), DS_OK);
    assert_int_equal(ds_optimizer_parse("adam:lr=1e-2,beta2=0.99,beta1=0.9", &b, &err), DS_OK);
    char ca[DS_CANON_MAX], cb[DS_CANON_MAX];
    ds_values_canon(&a, ca, sizeof ca);
    ds_values_canon(&b, cb, sizeof cb);
    assert_string_equal(ca, "adam:lr=0.01,beta2=0.99");
    assert_string_equal(ca, cb);
    ds_values_free(&a);
    assert_int_equal(ds_optimizer_parse("gd:lr=2 / (L + mu)", &a, &err), DS_OK);
    ds_values_canon(&a, ca, sizeof ca);
    assert_string_equal(ca, "gd:lr=2/(L+mu)");
    ds_expr_vars vars = {.L = 9, .mu = 1};
    assert_int_equal(ds_values_bind(&a, &vars, &err), DS_OK);
    assert_true(ds_num(&a, "lr") == 0.2);
    ds_values_free(&a);
    assert_int_equal(ds_optimizer_parse("gd:lr=1-L", &a, &err), DS_OK);
    assert_int_equal(ds_values_bind(&a, &vars, &err), DS_EINVAL);
    assert_msg_has(&err, "lr=1-L (= -8) is out of range");
    char buf[32];
    ds_fmt_double(0.1, buf, sizeof buf);
    assert_string_equal(buf, "0.1");
    ds_fmt_double(1.0 / 3.0, buf, sizeof buf);
    assert_true(strtod(buf, NULL) == 1.0 / 3.0);
    ds_values_free(&a);
    ds_values_free(&b);
}

/* Values are sized to their tables (the member's own and the common
 * ones, each name once), copies are independent, and a failed parse
 * leaves nothing to free. */
static void test_values_own_their_storage(void **state)
{
    (void)state;
    size_t own = 0, common = 0;
    const ds_optimizer_type *adam = ds_optimizer_find("adam");
    for (const ds_param *p = adam->params; p->name; p++)
        own++;
    for (const ds_param *p = ds_optimizer_common_params; p->name; p++)
        common++;
    ds_values a, b;
    ds_err err = {0};
    assert_int_equal(ds_optimizer_parse("adam:lr=0.5", &a, &err), DS_OK);
    assert_int_equal(a.n, own + common);
    assert_true(own + common < DS_MAX_PARAMS);
    assert_int_equal(ds_values_copy(&b, &a, &err), DS_OK);
    assert_ptr_not_equal(a.v, b.v);
    assert_int_equal(ds_values_set(&b, "lr", "0.25", &err), DS_OK);
    assert_true(ds_num(&a, "lr") == 0.5 && ds_num(&b, "lr") == 0.25);
    assert_string_equal(b.name, "adam");
    ds_values_free(&a);
    assert_true(a.n == 0 && a.v == NULL);
    assert_true(ds_num(&b, "lr") == 0.25);  /* b survives a */
    ds_values_free(&b);
    ds_values_free(&b);  /* freeing an empty one is harmless */
    memset(&a, 0xa5, sizeof a);  /* garbage in: a failure leaves it empty */
    assert_int_equal(ds_optimizer_parse("adma", &a, &err), DS_EINVAL);
    assert_true(a.n == 0 && a.v == NULL);
    memset(&a, 0xa5, sizeof a);
    assert_int_equal(ds_optimizer_parse("adam:beta1=2", &a, &err), DS_EINVAL);
    assert_true(a.n == 0 && a.v == NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_split),       cmocka_unit_test(test_values_and_ranges),
        cmocka_unit_test(test_lists_and_all),    cmocka_unit_test(test_expressions),
        cmocka_unit_test(test_bind_and_canon),   cmocka_unit_test(test_values_own_their_storage),
    };
    return cmocka_run_group_tests_name("spec", tests, NULL, NULL);
}
