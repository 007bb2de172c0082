/* The generic catalog (core/catalog.c): find, suggest, look up with its
 * message, parse against a member's table and the common one, on a small
 * catalog made here whose answers are known, and the three real catalogs
 * against their arrays. */
#include <stdlib.h>
#include <string.h>

#include "../core/catalog.h"
#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../core/schedule.h"
#include "testutil.h"

/* A member type laid out differently from the real ones (params first),
 * so the offsets are what is exercised. */
typedef struct widget {
    const ds_param *params;
    int unused;
    const char *doc;
    const char *name;
} widget;

static const ds_param beta_params[] = {
    {"x", DS_P_REAL, "1", 0, 10, 0, NULL, "a real"},
    {"seed", DS_P_INT, "5", 0, 100, 0, NULL, "shadows the common seed"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};
static const ds_param common_params[] = {
    {"seed", DS_P_INT, "-1", -1, 1000, 0, NULL, "common"},
    {"on", DS_P_BOOL, "0", 0, 1, 0, NULL, "common switch"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

static const widget alpha = {NULL, 0, "the first", "alpha"};
static const widget beta = {beta_params, 0, "the second", "beta"};
static const widget gamma_ = {NULL, 0, "the third", "gamma"};
static const widget *const widgets[] = {&alpha, &beta, &gamma_, NULL};

static const ds_catalog cat = {"widget", "widgets", (const void *const *)widgets, offsetof(widget, name),
                               offsetof(widget, doc), offsetof(widget, params), common_params};

static void test_find_and_walk(void **state)
{
    (void)state;
    assert_int_equal(ds_catalog_size(&cat), 3);
    assert_ptr_equal(ds_catalog_find(&cat, "beta"), &beta);
    assert_ptr_equal(ds_catalog_find(&cat, "gamma"), &gamma_);
    assert_null(ds_catalog_find(&cat, "bet"));
    assert_null(ds_catalog_find(&cat, ""));
    assert_ptr_equal(ds_catalog_at(&cat, 0), &alpha);
    assert_null(ds_catalog_at(&cat, 3));
    assert_string_equal(ds_catalog_name(&cat, ds_catalog_at(&cat, 1)), "beta");
    assert_string_equal(ds_catalog_doc(&cat, ds_catalog_at(&cat, 2)), "the third");
    assert_ptr_equal(ds_catalog_params(&cat, &beta), beta_params);
    assert_null(ds_catalog_params(&cat, &alpha));
}

static void test_lookup_message(void **state)
{
    (void)state;
    const void *m = &alpha;
    ds_err err = {0};
    assert_int_equal(ds_catalog_lookup(&cat, "gamma", &m, &err), DS_OK);
    assert_ptr_equal(m, &gamma_);
    assert_int_equal(ds_catalog_lookup(&cat, "alpah", &m, &err), DS_EINVAL);
    assert_null(m);
    assert_string_equal(err.msg, "unknown widget 'alpah'; did you mean 'alpha'? (see 'descent list widgets')");
    assert_int_equal(ds_catalog_lookup(&cat, "zzzzzz", &m, &err), DS_EINVAL);
    assert_string_equal(err.msg, "unknown widget 'zzzzzz' (see 'descent list widgets')");
    char hint[64];
    assert_string_equal(ds_catalog_hint(&cat, "gama", hint, sizeof hint), "; did you mean 'gamma'?");
}

static void test_parse(void **state)
{
    (void)state;
    ds_values *v = calloc(1, sizeof *v);
    assert_non_null(v);
    ds_err err = {0};
    /* the member's own seed shadows the common one; the common switch applies */
    assert_int_equal(ds_catalog_parse(&cat, "beta:x=2.5,on=1", v, &err), DS_OK);
    assert_string_equal(v->name, "beta");
    assert_true(ds_num(v, "x") == 2.5);
    assert_int_equal(ds_int(v, "seed"), 5);
    assert_int_equal(ds_bool(v, "on"), 1);
    assert_int_equal(v->n, 3);
    /* a member without a table takes the common parameters alone */
    ds_values_free(v);
    assert_int_equal(ds_catalog_parse(&cat, "alpha:seed=7", v, &err), DS_OK);
    assert_int_equal(ds_int(v, "seed"), 7);
    assert_int_equal(v->n, 2);
    ds_values_free(v);
    assert_int_equal(ds_catalog_parse(&cat, "alpha:x=1", v, &err), DS_EINVAL);
    assert_non_null(strstr(err.msg, "widget 'alpha' has no parameter 'x'"));
    ds_values_free(v);
    assert_int_equal(ds_catalog_parse(&cat, "beta:x=11", v, &err), DS_EINVAL);
    assert_non_null(strstr(err.msg, "x=11 is out of range"));
    ds_values_free(v);
    assert_int_equal(ds_catalog_parse(&cat, "btea:x=1", v, &err), DS_EINVAL);
    assert_non_null(strstr(err.msg, "did you mean 'beta'"));
    ds_values_free(v);
    free(v);
}

/* The real catalogs walk the registries, in order, with their common tables. */
static void test_real_catalogs(void **state)
{
    (void)state;
    size_t n = 0;
    for (; ds_optimizers[n]; n++)
        assert_ptr_equal(ds_catalog_at(&ds_optimizer_catalog, n), ds_optimizers[n]);
    assert_int_equal(ds_catalog_size(&ds_optimizer_catalog), n);
    for (n = 0; ds_problems[n]; n++)
        assert_ptr_equal(ds_catalog_find(&ds_problem_catalog, ds_problems[n]->name), ds_problems[n]);
    for (n = 0; ds_schedules[n]; n++)
        assert_ptr_equal(ds_schedule_find(ds_schedules[n]->name), ds_schedules[n]);
    assert_ptr_equal(ds_optimizer_catalog.common, ds_optimizer_common_params);
    assert_ptr_equal(ds_problem_catalog.common, ds_problem_common_params);
    assert_null(ds_schedule_catalog.common);
    ds_values *v = calloc(1, sizeof *v);
    assert_non_null(v);
    ds_err err = {0};
    assert_int_equal(ds_optimizer_parse("adam:lr=0.5,wd=0.1", v, &err), DS_OK);
    assert_true(ds_num(v, "lr") == 0.5 && ds_num(v, "wd") == 0.1);
    ds_values_free(v);
    assert_int_equal(ds_schedule_parse("cosine:wd=0.1", v, &err), DS_EINVAL);  /* no common table */
    ds_values_free(v);
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find_and_walk),
        cmocka_unit_test(test_lookup_message),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_real_catalogs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
