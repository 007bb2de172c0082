/* Results packed into bytes (harness/pack.h) come back bit for bit, a short
 * or damaged buffer is refused without reading past its end, and a suite
 * whose runs are handed out through the remote hook of ds_bench_run (as
 * MPI ranks get them) gives the trajectories of a plain run. */
#include <stdlib.h>
#include <string.h>

#include "../harness/bench.h"
#include "../harness/pack.h"
#include "../harness/runner.h"
#include "../harness/store.h"
#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../core/schedule.h"
#include "testutil.h"

static void run_one(const char *prob, const char *opt, int track, ds_result *res)
{
    ds_values p = {.n = 0}, o = {.n = 0}, s = {.n = 0};
    ds_err err = {0};
    if (ds_problem_parse(prob, &p, &err) || ds_optimizer_parse(opt, &o, &err) ||
        ds_schedule_parse("cosine", &s, &err))
        fail_msg("%s", err.msg);
    ds_run_spec rs = {.problem = &p, .optimizer = &o, .schedule = &s, .seed = 7, .suite_seed = 3, .track = track};
    ds_stop_defaults(&rs.stop);
    rs.stop.max_iters = 200;
    if (ds_run(&rs, res, &err))
        fail_msg("run failed: %s", err.msg);
    ds_values_free(&p);
    ds_values_free(&o);
    ds_values_free(&s);
}

#define SAME_ARRAY(a, b, count)                                                          \
    do {                                                                                 \
        assert_true(((a) == NULL) == ((b) == NULL));                                     \
        if (a)                                                                           \
            assert_memory_equal((a), (b), (count) * sizeof *(a));                        \
    } while (0)

static void assert_same(const ds_result *a, const ds_result *b)
{
    assert_string_equal(a->problem, b->problem);
    assert_string_equal(a->optimizer, b->optimizer);
    assert_string_equal(a->schedule, b->schedule);
    assert_true(a->id == b->id && a->seed == b->seed && a->status == b->status);
    assert_true(a->iters == b->iters && a->dim == b->dim && a->n_g == b->n_g);
    assert_memory_equal(&a->f_final, &b->f_final, sizeof a->f_final);
    assert_memory_equal(&a->seconds, &b->seconds, sizeof a->seconds);
    assert_memory_equal(&a->n_samples, &b->n_samples, sizeof a->n_samples);
    const ds_trace *s = &a->trace, *t = &b->trace;
    assert_int_equal(s->n, t->n);
    assert_int_equal(s->xdim, t->xdim);
    SAME_ARRAY(s->iter, t->iter, s->n);
    SAME_ARRAY(s->f, t->f, s->n);
    SAME_ARRAY(s->f_gap, t->f_gap, s->n);
    SAME_ARRAY(s->grad_norm, t->grad_norm, s->n);
    SAME_ARRAY(s->lr, t->lr, s->n);
    SAME_ARRAY(s->epochs, t->epochs, s->n);
    SAME_ARRAY(s->dist, t->dist, s->n);
    SAME_ARRAY(s->grad_evals, t->grad_evals, s->n);
    SAME_ARRAY(s->x, t->x, s->n * s->xdim);
    SAME_ARRAY(s->grad2_min, t->grad2_min, s->n);
    SAME_ARRAY(s->grad2_mean, t->grad2_mean, s->n);
    SAME_ARRAY(s->f_min, t->f_min, s->n);
    SAME_ARRAY(s->f_avg, t->f_avg, s->n);
    SAME_ARRAY(s->regret, t->regret, s->n);
    SAME_ARRAY(s->gsum, t->gsum, s->n);
    SAME_ARRAY(s->dinf, t->dinf, s->n);
    SAME_ARRAY(a->x_final, b->x_final, a->dim);
}

static void round_trip(const char *prob, const char *opt, int track)
{
    ds_result r, back;
    run_one(prob, opt, track, &r);
    unsigned char *buf;
    size_t size;
    ds_err err = {0};
    assert_int_equal(ds_result_pack(&r, &buf, &size, &err), DS_OK);
    assert_int_equal(ds_result_unpack(buf, size, &back, &err), DS_OK);
    assert_same(&r, &back);
    assert_true(back.trace.f != r.trace.f);  /* its own arrays */
    ds_result_free(&back);
    /* every shorter buffer, and one byte too many, is refused */
    for (size_t len = 0; len < size; len += 1 + len / 64) {
        unsigned char *part = malloc(len ? len : 1);
        memcpy(part, buf, len);
        assert_int_equal(ds_result_unpack(part, len, &back, &err), DS_EIO);
        free(part);
    }
    unsigned char *more = malloc(size + 1);
    memcpy(more, buf, size);
    more[size] = 0;
    assert_int_equal(ds_result_unpack(more, size + 1, &back, &err), DS_EIO);
    free(more);
    buf[0] ^= 1;  /* not a packed result */
    assert_int_equal(ds_result_unpack(buf, size, &back, &err), DS_EIO);
    free(buf);
    ds_result_free(&r);
}

static void test_round_trip_2d(void **state)
{
    (void)state;
    round_trip("rosenbrock", "adam:lr=0.01", 0);  /* x recorded (dim <= 3) */
}

static void test_round_trip_tracked(void **state)
{
    (void)state;
    round_trip("quadratic:dim=20,kappa=100,noise=0.1", "sgd:lr=0.1/L,momentum=0.9", 1);
}

/* ---- the remote hook: a serve thread that runs what it takes ----------- */

static const ds_suite *hook_suite;

static int serve_here(void *ctx, ds_bench_queue *q, ds_err *err)
{
    int *served = ctx;
    size_t run;
    long i;
    while ((i = ds_bench_queue_take(q, &run)) >= 0) {
        ds_run_spec rs = ds_bench_spec(hook_suite, run, NULL);
        ds_result res, back;
        unsigned char *buf;
        size_t size;
        if (ds_run(&rs, &res, err) || ds_result_pack(&res, &buf, &size, err) ||
            ds_result_unpack(buf, size, &back, err))
            return DS_EIO;
        ds_result_free(&res);
        free(buf);
        ds_bench_queue_put(q, i, &back, DS_OK, NULL);
        assert_null(back.trace.f);  /* taken over by the queue */
        (*served)++;
    }
    return DS_OK;
}

static void test_remote_hook(void **state)
{
    (void)state;
    /* runs long enough (about 1 ms each) that the serve thread, however
     * late it starts, finds work left in the queue */
    const char *text = "[suite]\nseeds = 3\niters = 20000\n"
                       "[problem q]\nspec = quadratic:dim=10,kappa={10,100}\n"
                       "[problem r]\nspec = rosenbrock\n"
                       "[optimizer gd]\nspec = gd:lr={0.5/L,1/L}\n"
                       "[optimizer adam]\nspec = adam:lr=0.01\nschedule = cosine\n";
    ds_suite s;
    ds_err err = {0};
    if (ds_suite_parse("hook.ini", text, &s, &err))
        fail_msg("%s", err.msg);
    hook_suite = &s;
    int served = 0;
    ds_bench_remote remote = {.serve = serve_here, .ctx = &served};
    ds_bench_opts plain = {.threads = 2}, hooked = {.threads = 1, .remote = &remote};
    ds_result *a, *b;
    size_t na, nb;
    ds_bench_report ra, rb;
    assert_int_equal(ds_bench_run(&s, &plain, &a, &na, &ra, &err), DS_OK);
    assert_int_equal(ds_bench_run(&s, &hooked, &b, &nb, &rb, &err), DS_OK);
    assert_int_equal(na, s.nruns);
    assert_int_equal(nb, s.nruns);
    assert_true(served > 0);  /* the serve thread took part of the work */
    for (size_t k = 0; k < na; k++) {
        b[k].seconds = a[k].seconds;  /* the one field that may differ */
        assert_same(&a[k], &b[k]);
    }
    ds_store_free(a, na);
    ds_store_free(b, nb);
    ds_suite_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_2d),
        cmocka_unit_test(test_round_trip_tracked),
        cmocka_unit_test(test_remote_hook),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
