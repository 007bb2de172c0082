/* Shared problem instances: one build per canonical spec and instance seed
 * (counted), runs on a shared instance bit-identical to runs that build
 * their own, at 1 and 2 threads, and a shared instance evaluated from two
 * threads at once giving the values it gives one thread. */
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "testutil.h"

#include "../core/problem.h"
#include "../core/vec.h"
#include "../harness/runner.h"
#include "../harness/bench.h"
#include "../harness/instances.h"
#include "../harness/store.h"
#include "../harness/suite.h"

/* 3 seeds: lstsq, logreg and softmax build one instance per seed (3 each),
 * the quadratic fixes its instance seed (1 for all seeds): 10 instances
 * for 3 x (2 + 2 + 2 + 2) = 24 runs. */
static const char *SUITE =
    "[suite]\n"
    "name = shared\n"
    "seeds = 3\n"
    "iters = 40\n"
    "[problem ls]\n"
    "spec = lstsq:n=300,d=12\n"
    "[problem lr]\n"
    "spec = logreg:n=200,d=8\n"
    "[problem sm]\n"
    "spec = softmax:n=120,d=5,k=3\n"
    "[problem quad]\n"
    "spec = quadratic:dim=30,kappa=50,rotate=1,seed=7\n"
    "[optimizer gd]\n"
    "spec = gd:lr=1/L\n"
    "[optimizer sgd]\n"
    "spec = sgd:lr=0.2/L,batch=8,momentum=0.5\n";

static void parse_ok(const char *text, ds_suite *s)
{
    ds_err err = {0};
    if (ds_suite_parse("t.ini", text, s, &err))
        fail_msg("parse: %s", err.msg);
}

static void assert_same(const ds_result *a, const ds_result *b)
{
    const ds_trace *x = &a->trace, *y = &b->trace;
    assert_true(a->id == b->id);
    assert_int_equal(a->status, b->status);
    assert_int_equal(x->n, y->n);
    assert_memory_equal(x->f, y->f, x->n * sizeof(double));
    assert_memory_equal(x->grad_norm, y->grad_norm, x->n * sizeof(double));
    assert_memory_equal(x->dist, y->dist, x->n * sizeof(double));
    assert_memory_equal(&a->f_star, &b->f_star, sizeof(double));
    assert_memory_equal(&a->L, &b->L, sizeof(double));
    assert_memory_equal(a->x_final, b->x_final, a->dim * sizeof(double));
}

static void bench(const ds_suite *s, int threads, ds_instances *inst, ds_result **res, size_t *n,
                  ds_bench_report *rep)
{
    ds_bench_opts o = {.command = "test", .threads = threads, .instances = inst};
    ds_err err = {0};
    if (ds_bench_run(s, &o, res, n, rep, &err))
        fail_msg("bench: %s", err.msg);
}

/* Each run building its own instance, one after the other. */
static ds_result *unshared(const ds_suite *s)
{
    ds_result *r = calloc(s->nruns, sizeof *r);
    assert_non_null(r);
    for (size_t i = 0; i < s->nruns; i++) {
        ds_run_spec rs = ds_bench_spec(s, i, NULL);
        ds_err err = {0};
        if (ds_run(&rs, &r[i], &err))
            fail_msg("run: %s", err.msg);
    }
    return r;
}

static void test_one_build_per_instance(void **state)
{
    (void)state;
    ds_suite s;
    parse_ok(SUITE, &s);
    assert_int_equal(s.nruns, 24);
    ds_result *res;
    size_t n;
    ds_bench_report rep;
    bench(&s, 2, NULL, &res, &n, &rep);
    assert_int_equal(n, 24);
    assert_int_equal(rep.builds, 10);
    assert_true(rep.setup_seconds > 0 && rep.run_seconds > 0);
    ds_store_free(res, n);

    /* Validation and the runs on one cache: validation's builds (the first
     * seed of each problem) serve the runs, nothing is built twice. */
    ds_instances *inst = ds_instances_new(2);
    ds_err err = {0};
    assert_int_equal(ds_bench_validate_shared(&s, 2, inst, &err), DS_OK);
    ds_instances_stats st;
    ds_instances_get_stats(inst, &st);
    assert_int_equal(st.builds, 4);
    bench(&s, 2, inst, &res, &n, &rep);
    ds_instances_get_stats(inst, &st);
    assert_int_equal(st.builds, 10);
    assert_int_equal(st.live, 0);  /* each freed after its last run */
    ds_store_free(res, n);
    ds_instances_free(inst);
    ds_suite_free(&s);
}

static void test_shared_runs_identical(void **state)
{
    (void)state;
    ds_suite s;
    parse_ok(SUITE, &s);
    ds_result *own = unshared(&s);
    for (int threads = 1; threads <= 2; threads++) {
        ds_result *res;
        size_t n;
        ds_bench_report rep;
        bench(&s, threads, NULL, &res, &n, &rep);
        assert_int_equal(n, s.nruns);
        for (size_t i = 0; i < n; i++)  /* both in the suite's id order */
            assert_same(&res[i], &own[i]);
        ds_store_free(res, n);
    }
    ds_store_free(own, s.nruns);
    ds_suite_free(&s);
}

/* Expected uses free an instance after the last; unknown uses keep at
 * most max_idle unused ones. */
static void test_lifetime(void **state)
{
    (void)state;
    ds_values v = {.n = 0};
    ds_err err = {0};
    assert_int_equal(ds_problem_parse("quadratic:dim=4", &v, &err), DS_OK);
    ds_instances *c = ds_instances_new(0);
    const ds_problem *p, *q;
    assert_int_equal(ds_instances_expect(c, &v, 5, 2, &err), DS_OK);
    assert_int_equal(ds_instances_acquire(c, &v, 5, &p, &err), DS_OK);
    assert_int_equal(ds_instances_acquire(c, &v, 5, &q, &err), DS_OK);
    assert_ptr_equal(p, q);
    ds_instances_release(c, &v, 5);
    ds_instances_release(c, &v, 5);
    ds_instances_stats st;
    ds_instances_get_stats(c, &st);
    assert_int_equal(st.builds, 1);
    assert_int_equal(st.live, 0);
    /* another seed, nothing expected, none kept idle: built per use */
    for (int k = 0; k < 2; k++) {
        assert_int_equal(ds_instances_acquire(c, &v, 6, &p, &err), DS_OK);
        ds_instances_release(c, &v, 6);
    }
    ds_instances_get_stats(c, &st);
    assert_int_equal(st.builds, 3);
    assert_int_equal(st.peak, 1);
    /* a failed build is remembered, not retried */
    ds_values bad = {.n = 0};
    assert_int_equal(ds_problem_parse("lstsq:n=5,d=10", &bad, &err), DS_OK);
    for (int k = 0; k < 2; k++) {
        ds_err e = {0};
        assert_int_equal(ds_instances_acquire(c, &bad, 1, &p, &e), DS_EINVAL);
        assert_null(p);
        assert_non_null(strstr(e.msg, "d=10 > n=5"));
    }
    ds_instances_get_stats(c, &st);
    assert_int_equal(st.builds, 4);
    ds_instances_free(c);
    ds_values_free(&v);
    ds_values_free(&bad);
}

/* One instance, two threads evaluating it at different points at once:
 * every value equals the one computed alone. */
static void concurrent(const char *spec, int batch)
{
    ds_values v = {.n = 0};
    ds_err err = {0};
    ds_problem *p;
    assert_int_equal(ds_problem_parse(spec, &v, &err), DS_OK);
    assert_int_equal(ds_problem_new(&v, 3, &p, &err), DS_OK);
    enum { K = 24 };
    size_t d = p->dim, idx[16];
    for (size_t i = 0; i < 16; i++)
        idx[i] = (i * 7) % p->n;
    double *x = malloc(K * d * sizeof *x), *g0 = malloc(K * d * sizeof *g0), *g1 = malloc(K * d * sizeof *g1);
    double f0[K], f1[K];
    for (size_t k = 0; k < K; k++)
        for (size_t j = 0; j < d; j++)
            x[k * d + j] = sin((double)(k * d + j)) * (1.0 + (double)k / 4);
    for (size_t k = 0; k < K; k++)
        f0[k] = batch ? p->type->fg_batch(p, x + k * d, idx, 16, g0 + k * d) : ds_problem_fg(p, x + k * d, g0 + k * d);
    for (int rep = 0; rep < 20; rep++) {
#pragma omp parallel for num_threads(2) schedule(static, 1)
        for (size_t k = 0; k < K; k++)
            f1[k] = batch ? p->type->fg_batch(p, x + k * d, idx, 16, g1 + k * d)
                          : ds_problem_fg(p, x + k * d, g1 + k * d);
        assert_memory_equal(f0, f1, sizeof f0);
        assert_memory_equal(g0, g1, K * d * sizeof *g0);
    }
    free(x);
    free(g0);
    free(g1);
    ds_problem_free(p);
    ds_values_free(&v);
}

static void test_concurrent_evaluation(void **state)
{
    (void)state;
    concurrent("lstsq:n=2000,d=30", 0);
    concurrent("lstsq:n=2000,d=30", 1);
    concurrent("logreg:n=2000,d=30", 0);
    concurrent("logreg:n=2000,d=30", 1);
    concurrent("softmax:n=1500,d=10,k=4", 0);
    concurrent("softmax:n=1500,d=10,k=4", 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_build_per_instance),
        cmocka_unit_test(test_shared_runs_identical),
        cmocka_unit_test(test_lifetime),
        cmocka_unit_test(test_concurrent_evaluation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
