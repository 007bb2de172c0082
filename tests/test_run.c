/* The runner and the store: exact trajectories against closed forms, the
 * stopping rules, determinism, and the HDF5 round trip. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../harness/runner.h"
#include "../harness/store.h"
#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../core/schedule.h"
#include "testutil.h"

typedef struct {
    ds_values p, o, s;
    ds_run_spec rs;
} spec_set;

static void make_spec(spec_set *ss, const char *prob, const char *opt, const char *sched, long iters,
                      long log_every)
{
    ds_err err = {0};
    ds_values_free(&ss->p);  /* ss is static: its previous use is released */
    ds_values_free(&ss->o);
    ds_values_free(&ss->s);
    if (ds_problem_parse(prob, &ss->p, &err) || ds_optimizer_parse(opt, &ss->o, &err) ||
        ds_schedule_parse(sched, &ss->s, &err))
        fail_msg("%s", err.msg);
    memset(&ss->rs, 0, sizeof ss->rs);
    ss->rs.problem = &ss->p;
    ss->rs.optimizer = &ss->o;
    ss->rs.schedule = &ss->s;
    ds_stop_defaults(&ss->rs.stop);
    ss->rs.stop.max_iters = iters;
    ss->rs.log_every = log_every;
}

static void run_ok(spec_set *ss, ds_result *res)
{
    ds_err err = {0};
    if (ds_run(&ss->rs, res, &err))
        fail_msg("run failed: %s", err.msg);
}

/* GD with lr = 1/L on diag(lambda) from x0 = 1 (x* = 0): x_i(t) = (1 - lambda_i/L)^t. */
static void test_gd_closed_form(void **state)
{
    (void)state;
    static spec_set ss;
    make_spec(&ss, "quadratic:dim=5,kappa=10,rotate=0", "gd", "constant", 30, 1);
    ds_result res;
    run_ok(&ss, &res);
    const double lambda[5] = {10, 7.75, 5.5, 3.25, 1};
    for (int i = 0; i < 5; i++)
        assert_rel(res.x_final[i] + 1.0, pow(1.0 - lambda[i] / 10.0, 30) + 1.0, 1e-15);
    assert_int_equal(res.trace.n, 31);
    for (size_t k = 0; k < res.trace.n; k++) {
        double f = 0;
        for (int i = 0; i < 5; i++)
            f += 0.5 * lambda[i] * pow(1.0 - lambda[i] / 10.0, 2.0 * (double)k);
        assert_int_equal(res.trace.iter[k], (long)k);
        assert_rel(res.trace.f[k], f, 1e-13);
        assert_rel(res.trace.f_gap[k], f, 1e-13);
    }
    assert_true(res.trace.lr[0] == 0.1);
    assert_true(isnan(res.trace.lr[30]));  /* no step follows the last record */
    assert_int_equal(res.status, DS_ST_MAX_ITERS);
    assert_int_equal(res.n_g, 31);  /* one gradient per step, plus the final observation */
    ds_result_free(&res);
}

/* Adam (lr 0.1) on f = x^2 (quadratic dim 1, L = mu = 2) from x0 = 1, by hand:
 * step 1: g = 2, m = 0.2, v = 0.004, m^ = 2, v^ = 4, x1 = 1 - 0.1*2/(2 + 1e-8). */
static void test_adam_by_hand(void **state)
{
    (void)state;
    static spec_set ss;
    make_spec(&ss, "quadratic:dim=1,mu=2,L=2,rotate=0", "adam:lr=0.1", "constant", 2, 1);
    ds_result res;
    run_ok(&ss, &res);
    double x1 = 1.0 - 0.1 * 2.0 / (2.0 + 1e-8);
    assert_close(x1, 0.9000000005, 1e-16);
    assert_close(res.trace.f[1], x1 * x1, 1e-15);
    double g = 2.0 * x1;
    double m = 0.9 * 0.2 + 0.1 * g, v = 0.999 * 0.004 + 0.001 * g * g;
    double mhat = m / (1.0 - 0.81), vhat = v / (1.0 - 0.999 * 0.999);
    double x2 = x1 - 0.1 * mhat / (sqrt(vhat) + 1e-8);
    assert_close(res.x_final[0], x2, 1e-15);
    /* the second step is close to, but not, a full lr step: m^/sqrt(v^) < 1 */
    assert_true(x1 - x2 < 0.1 && x1 - x2 > 0.09);
    ds_result_free(&res);
}

static void test_stops(void **state)
{
    (void)state;
    static spec_set ss;
    ds_result res;
    /* lr = 2.5/L > 2/L: the top eigencomponent grows by 1.5 a step */
    make_spec(&ss, "quadratic:dim=4,kappa=10", "gd:lr=2.5/L", "constant", 1000, 0);
    run_ok(&ss, &res);
    assert_int_equal(res.status, DS_ST_DIVERGED);
    /* |f| > 1e12 (|f0| + 1) first happens when 1.5^(2t) * f0-ish passes it: t in [30, 40] */
    assert_true(res.stop_iter > 30 && res.stop_iter < 45);
    ds_result_free(&res);
    make_spec(&ss, "quadratic:dim=4,kappa=10", "gd", "constant", 1000, 0);
    ss.rs.stop.target = 1e-6;
    run_ok(&ss, &res);
    assert_int_equal(res.status, DS_ST_TARGET);
    assert_true(res.gap_final <= 1e-6);
    /* the previous record, one step earlier, was still above the target */
    ds_result_free(&res);
    make_spec(&ss, "quadratic:dim=4,kappa=10", "gd", "constant", 1000, 1);
    ss.rs.stop.gtol = 1e-8;
    run_ok(&ss, &res);
    assert_int_equal(res.status, DS_ST_CONVERGED);
    assert_true(res.gnorm_final <= 1e-8);
    assert_true(res.trace.grad_norm[res.trace.n - 2] > 1e-8);
    ds_result_free(&res);
}

static void test_errors(void **state)
{
    (void)state;
    static spec_set ss;
    ds_result res;
    ds_err err = {0};
    make_spec(&ss, "quadratic:dim=4", "gd", "constant", 10, 0);
    double x0[3] = {1, 2, 3};
    ss.rs.x0 = x0;
    ss.rs.x0_len = 3;
    assert_int_equal(ds_run(&ss.rs, &res, &err), DS_EINVAL);
    assert_non_null(strstr(err.msg, "--x0 has 3 values but problem 'quadratic:dim=4' has dim 4"));
    make_spec(&ss, "rosenbrock", "gd:ls=exact", "constant", 10, 0);
    assert_int_equal(ds_run(&ss.rs, &res, &err), DS_ENOTSUP);
    assert_non_null(strstr(err.msg, "ls=exact needs a quadratic"));
    make_spec(&ss, "quadratic:L=1,mu=2", "gd", "constant", 10, 0);
    assert_int_equal(ds_run(&ss.rs, &res, &err), DS_EINVAL);
    assert_non_null(strstr(err.msg, "L=1 is below mu=2"));
}

static int traces_equal(const ds_result *a, const ds_result *b)
{
    const ds_trace *x = &a->trace, *y = &b->trace;
    return x->n == y->n && !memcmp(x->iter, y->iter, x->n * sizeof(long)) &&
           !memcmp(x->f, y->f, x->n * sizeof(double)) &&
           !memcmp(x->grad_norm, y->grad_norm, x->n * sizeof(double)) &&
           !memcmp(x->lr, y->lr, x->n * sizeof(double)) &&
           !memcmp(x->dist, y->dist, x->n * sizeof(double)) &&
           !memcmp(x->epochs, y->epochs, x->n * sizeof(double)) &&
           !memcmp(a->x_final, b->x_final, a->dim * sizeof(double));
}

static void test_determinism(void **state)
{
    (void)state;
    static spec_set ss;
    ds_result a, b, c;
    make_spec(&ss, "quadratic:dim=20,kappa=50,noise=0.3", "sgd:lr=0.01,momentum=0.9", "constant", 300, 0);
    ss.rs.seed = 7;
    run_ok(&ss, &a);
    run_ok(&ss, &b);
    assert_true(traces_equal(&a, &b));
    ss.rs.seed = 8;
    run_ok(&ss, &c);
    assert_false(traces_equal(&a, &c));
    /* noise makes it a stochastic run: the recorded f is the true f at x, and
     * each step costs one gradient */
    assert_int_equal(a.n_g, 300);
    ds_result_free(&a);
    ds_result_free(&b);
    ds_result_free(&c);
}

static void test_store_round_trip(void **state)
{
    (void)state;
    static spec_set ss;
    ds_result res[2];
    make_spec(&ss, "quadratic:dim=3,kappa=5", "adam:lr=0.05", "constant", 50, 0);
    run_ok(&ss, &res[0]);
    ss.rs.seed = 1;
    run_ok(&ss, &res[1]);
    char path[] = "/tmp/descent-test-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    ds_err err = {0};
    ds_meta meta[1] = {{"suite", "inline", 0}};
    assert_int_equal(ds_store_write(path, "descent test", meta, 1, res, 2, &err), DS_OK);
    ds_result *back;
    size_t n;
    assert_int_equal(ds_store_read(path, &back, &n, &err), DS_OK);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < 2; i++) {
        const ds_result *r = back[0].id == res[i].id ? &back[0] : &back[1];
        assert_true(r->id == res[i].id);
        assert_string_equal(r->problem, res[i].problem);
        assert_string_equal(r->optimizer, "adam:lr=0.05");
        assert_int_equal(r->seed, res[i].seed);
        assert_int_equal(r->status, res[i].status);
        assert_true(r->L == res[i].L && r->mu == res[i].mu && r->f_star == res[i].f_star);
        assert_int_equal(r->trace.xdim, 3);
        assert_true(traces_equal(r, &res[i]));
        assert_memory_equal(r->trace.x, res[i].trace.x, res[i].trace.n * 3 * sizeof(double));
    }
    char buf[64];
    assert_int_equal(ds_store_root_attr(path, "format_version", buf, sizeof buf, &err), DS_OK);
    assert_string_equal(buf, "2");
    assert_int_equal(ds_store_root_attr(path, "suite", buf, sizeof buf, &err), DS_OK);
    assert_string_equal(buf, "inline");
    ds_store_free(back, n);
    /* built run by run: each commit writes the runs added so far, whole */
    ds_store_writer *w;
    assert_int_equal(ds_store_open(&w, path, "descent test", meta, 1, &err), DS_OK);
    assert_int_equal(ds_store_add(w, &res[1], &err), DS_OK);
    assert_int_equal(ds_store_commit(w, &err), DS_OK);
    assert_int_equal(ds_store_read(path, &back, &n, &err), DS_OK);
    assert_int_equal(n, 1);
    assert_true(back[0].id == res[1].id && traces_equal(&back[0], &res[1]));
    ds_store_free(back, n);
    assert_int_equal(ds_store_add(w, &res[0], &err), DS_OK);
    assert_int_equal(ds_store_commit(w, &err), DS_OK);
    ds_store_close(w);
    assert_int_equal(ds_store_read(path, &back, &n, &err), DS_OK);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < 2; i++) {
        const ds_result *r = back[0].id == res[i].id ? &back[0] : &back[1];
        assert_true(r->id == res[i].id && traces_equal(r, &res[i]));
        assert_memory_equal(r->trace.x, res[i].trace.x, res[i].trace.n * 3 * sizeof(double));
    }
    ds_store_free(back, n);
    /* a path through a missing directory fails with the path, and leaves nothing */
    assert_int_equal(ds_store_write("/nonexistent-dir/x.h5", "c", NULL, 0, res, 2, &err), DS_EIO);
    assert_non_null(strstr(err.msg, "/nonexistent-dir/x.h5"));
    unlink(path);
    ds_result_free(&res[0]);
    ds_result_free(&res[1]);
}

/* Log-spaced records: 0, 1, 2, ..., 10, 12, 15, 19, 25, 31, 39, 50, ... and the last. */
static void test_log_sampling(void **state)
{
    (void)state;
    static spec_set ss;
    ds_result res;
    make_spec(&ss, "quadratic:dim=2", "gd", "constant", 100, 0);
    run_ok(&ss, &res);
    const long want[] = {0, 1, 2, 3, 5, 6, 7, 10, 12, 15, 19, 25, 31, 39, 50, 63, 79, 100};
    /* floor(10^(k/10)) for k = 0.. gives 1,1,1,1,2,3,3,5,6,7,10,12,15,19,25,31,39,50,63,79,100 */
    assert_int_equal(res.trace.n, sizeof want / sizeof want[0]);
    for (size_t k = 0; k < res.trace.n; k++)
        assert_int_equal(res.trace.iter[k], want[k]);
    ds_result_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gd_closed_form), cmocka_unit_test(test_adam_by_hand),
        cmocka_unit_test(test_stops),          cmocka_unit_test(test_errors),
        cmocka_unit_test(test_determinism),    cmocka_unit_test(test_store_round_trip),
        cmocka_unit_test(test_log_sampling),
    };
    return cmocka_run_group_tests_name("run", tests, NULL, NULL);
}
