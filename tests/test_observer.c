/* The engine's observers: the calls an observer sees and in what order,
 * that attaching one changes nothing a run records, the theory tracker's
 * running quantities against closed forms, a failing start, and the
 * per-run progress line. */
#include <stdlib.h>
#include <string.h>

#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../core/schedule.h"
#include "../engine/progress.h"
#include "../harness/runner.h"
#include "testutil.h"

typedef struct {
    ds_values p, o, s;
    ds_run_spec rs;
} spec_set;

/* ss is static: the values of its previous use are released first. */
static void make_spec(spec_set *ss, const char *prob, const char *opt, long iters, long log_every)
{
    ds_err err = {0};
    ds_values_free(&ss->p);
    ds_values_free(&ss->o);
    ds_values_free(&ss->s);
    if (ds_problem_parse(prob, &ss->p, &err) || ds_optimizer_parse(opt, &ss->o, &err) ||
        ds_schedule_parse("constant", &ss->s, &err))
        fail_msg("%s", err.msg);
    memset(&ss->rs, 0, sizeof ss->rs);
    ss->rs.problem = &ss->p;
    ss->rs.optimizer = &ss->o;
    ss->rs.schedule = &ss->s;
    ss->rs.seed = 5;
    ss->rs.suite_seed = 11;
    ds_stop_defaults(&ss->rs.stop);
    ss->rs.stop.max_iters = iters;
    ss->rs.log_every = log_every;
}

/* ---- a counting observer ---------------------------------------------- */

#define MAX_REC 64

typedef struct {
    int starts, finishes, last_status, finish_null;
    long visits, leaves, last_visit_t, last_leave_t, finish_t;
    int visits_in_order, leaves_in_order, inexact_leaves;
    size_t capacity, n_rec;
    long rec_t[MAX_REC];
    double rec_lr[MAX_REC];
    int fail_start;
} counter;

static int c_start(void *ctx, const ds_run_info *info, ds_err *err)
{
    counter *c = ctx;
    c->starts++;
    c->capacity = info->capacity;
    c->last_visit_t = c->last_leave_t = -1;
    c->visits_in_order = c->leaves_in_order = 1;
    if (c->fail_start)
        return ds_fail(err, DS_ENOMEM, "test observer refuses to start");
    return DS_OK;
}

static void c_visit(void *ctx, const ds_observation *o)
{
    counter *c = ctx;
    c->visits++;
    if (o->t != c->last_visit_t + 1 || !o->exact)
        c->visits_in_order = 0;
    c->last_visit_t = o->t;
}

static void c_record(void *ctx, const ds_observation *o)
{
    counter *c = ctx;
    if (c->n_rec < MAX_REC) {
        c->rec_t[c->n_rec] = o->t;
        c->rec_lr[c->n_rec] = o->lr;
    }
    c->n_rec++;
}

static void c_leave(void *ctx, const ds_observation *o)
{
    counter *c = ctx;
    c->leaves++;
    if (o->t != c->last_leave_t + 1)
        c->leaves_in_order = 0;
    if (!o->exact)
        c->inexact_leaves++;
    c->last_leave_t = o->t;
}

static void c_finish(void *ctx, const ds_observation *last, int status)
{
    counter *c = ctx;
    c->finishes++;
    c->last_status = status;
    c->finish_null = last == NULL;
    c->finish_t = last ? last->t : -1;
}

static ds_observer counter_observer(counter *c)
{
    memset(c, 0, sizeof *c);
    return (ds_observer){.ctx = c, .start = c_start, .visit = c_visit, .record = c_record, .leave = c_leave,
                         .finish = c_finish};
}

/* GD on a quadratic for 1000 steps, log-spaced records: the observer sees
 * start once, a visit at each of t = 0..1000 (a deterministic run observes
 * every iterate), a leave at t = 0..999, records exactly at 0 and the
 * distinct floor(10^(k/10)) up to 1000 (worked out by hand), and the
 * finish at t = 1000; the recorded trace holds the same iterations. */
static void test_call_sequence(void **state)
{
    (void)state;
    static spec_set ss;
    make_spec(&ss, "quadratic:dim=4,kappa=100", "gd:lr=1/L", 1000, 0);
    counter c;
    ds_observer ob = counter_observer(&c);
    ss.rs.observers = &ob;
    ss.rs.n_observers = 1;
    ds_result res;
    ds_err err = {0};
    assert_int_equal(ds_run(&ss.rs, &res, &err), DS_OK);
    static const long expect[] = {0,  1,  2,   3,   5,   6,   7,   10,  12,  15,  19,  25,  31,  39,
                                  50, 63, 79, 100, 125, 158, 199, 251, 316, 398, 501, 630, 794, 1000};
    size_t n = sizeof expect / sizeof expect[0];
    assert_int_equal(c.starts, 1);
    assert_int_equal(c.n_rec, n);
    assert_true(c.capacity >= n);
    for (size_t k = 0; k < n; k++) {
        assert_int_equal(c.rec_t[k], expect[k]);
        assert_int_equal(res.trace.iter[k], expect[k]);
        /* the rate of the step leaving the record, NaN at the last */
        if (k + 1 < n)
            assert_rel(c.rec_lr[k], 1.0 / 100.0, 1e-15);
        else
            assert_true(isnan(c.rec_lr[k]));
    }
    assert_int_equal(res.trace.n, n);
    assert_int_equal(c.visits, 1001);
    assert_true(c.visits_in_order);
    assert_int_equal(c.leaves, 1000);
    assert_true(c.leaves_in_order);
    assert_int_equal(c.inexact_leaves, 0);
    assert_int_equal(c.finishes, 1);
    assert_int_equal(c.finish_t, 1000);
    assert_int_equal(c.last_status, DS_ST_MAX_ITERS);
    ds_result_free(&res);
}

/* log_every = 7 over 30 steps: records at 0, 7, 14, 21, 28 and the last, 30. */
static void test_every_n_records(void **state)
{
    (void)state;
    static spec_set ss;
    make_spec(&ss, "quadratic:dim=2,kappa=10", "gd:lr=1/L", 30, 7);
    counter c;
    ds_observer ob = counter_observer(&c);
    ss.rs.observers = &ob;
    ss.rs.n_observers = 1;
    ds_result res;
    ds_err err = {0};
    assert_int_equal(ds_run(&ss.rs, &res, &err), DS_OK);
    static const long expect[] = {0, 7, 14, 21, 28, 30};
    assert_int_equal(c.n_rec, 6);
    for (size_t k = 0; k < 6; k++)
        assert_int_equal(c.rec_t[k], expect[k]);
    ds_result_free(&res);
}

#define SAME(a, b, count)                                                          \
    do {                                                                           \
        assert_true(((a) == NULL) == ((b) == NULL));                               \
        if (a)                                                                     \
            assert_memory_equal((a), (b), (count) * sizeof *(a));                  \
    } while (0)

static void same_runs(const ds_result *a, const ds_result *b)
{
    const ds_trace *x = &a->trace, *y = &b->trace;
    assert_int_equal(x->n, y->n);
    size_t n = x->n;
    SAME(x->iter, y->iter, n);
    SAME(x->f, y->f, n);
    SAME(x->f_gap, y->f_gap, n);
    SAME(x->grad_norm, y->grad_norm, n);
    SAME(x->lr, y->lr, n);
    SAME(x->epochs, y->epochs, n);
    SAME(x->dist, y->dist, n);
    SAME(x->grad_evals, y->grad_evals, n);
    SAME(x->grad2_min, y->grad2_min, n);
    SAME(x->grad2_mean, y->grad2_mean, n);
    SAME(x->f_min, y->f_min, n);
    SAME(x->f_avg, y->f_avg, n);
    SAME(x->regret, y->regret, n);
    SAME(x->gsum, y->gsum, n);
    SAME(x->dinf, y->dinf, n);
    SAME(a->x_final, b->x_final, a->dim);
    assert_int_equal(a->n_g, b->n_g);
    assert_int_equal(a->n_f, b->n_f);
    assert_int_equal(a->iters, b->iters);
    assert_int_equal(a->status, b->status);
}

/* Watching changes nothing: the same run with and without an extra
 * observer (one that asks for the true gradient at every iteration, on a
 * mini-batch run where that means extra uncharged evaluations) records the
 * same bits, with and without the tracker. */
static void test_observer_changes_nothing(void **state)
{
    (void)state;
    static const char *const runs[][2] = {
        {"logreg:n=60,d=4", "sgd:lr=0.2,batch=8"},
        {"quadratic:dim=3,kappa=50", "adam:lr=0.05"},
        {"rosenbrock", "lbfgs"},
    };
    for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++)
        for (int track = 0; track <= 1; track++) {
            static spec_set ss;
            make_spec(&ss, runs[r][0], runs[r][1], 300, 0);
            ss.rs.track = track;
            ds_result plain, watched;
            ds_err err = {0};
            assert_int_equal(ds_run(&ss.rs, &plain, &err), DS_OK);
            counter c;
            ds_observer ob = counter_observer(&c);
            ob.flags = DS_OBS_EVERY;
            ss.rs.observers = &ob;
            ss.rs.n_observers = 1;
            assert_int_equal(ds_run(&ss.rs, &watched, &err), DS_OK);
            same_runs(&plain, &watched);
            /* the flag made the stochastic run observe every iterate */
            assert_int_equal(c.visits, watched.iters + 1);
            assert_int_equal(c.inexact_leaves, 0);
            ds_result_free(&plain);
            ds_result_free(&watched);
        }
}

/* Without the flag, a mini-batch run leaves most iterates unobserved:
 * visits happen only at records and the stop. */
static void test_stochastic_observes_sparsely(void **state)
{
    (void)state;
    static spec_set ss;
    make_spec(&ss, "logreg:n=60,d=4", "sgd:lr=0.2,batch=8", 300, 0);
    counter c;
    ds_observer ob = counter_observer(&c);
    ss.rs.observers = &ob;
    ss.rs.n_observers = 1;
    ds_result res;
    ds_err err = {0};
    assert_int_equal(ds_run(&ss.rs, &res, &err), DS_OK);
    assert_int_equal(c.visits, (long)c.n_rec);
    assert_int_equal(c.inexact_leaves, 300 - ((long)c.n_rec - 1));
    ds_result_free(&res);
}

/* GD with lr 1/4 on f = x^2 (quadratic dim 1, L = mu = 2) from x0 = 1:
 * x_j = 2^-j, f_j = 4^-j, g_j = 2^(1-j), f* = 0, x* = 0. At t > 0:
 * regret = sum_{j<t} 4^-j = (1 - 4^-t)/(3/4), grad2_mean = 4 regret / t,
 * f_avg = xbar^2 with xbar = (1/t) sum_{j<t} 2^-j = 2 (1 - 2^-t)/t,
 * grad2_min = 4^(1-t), f_min = 4^-t, gsum = sqrt(4 regret), dinf = 1. */
static void test_tracker_closed_form(void **state)
{
    (void)state;
    static spec_set ss;
    make_spec(&ss, "quadratic:dim=1,mu=2,L=2,rotate=0", "gd:lr=0.25", 12, 1);
    ss.rs.track = 1;
    ds_result res;
    ds_err err = {0};
    assert_int_equal(ds_run(&ss.rs, &res, &err), DS_OK);
    const ds_trace *tr = &res.trace;
    assert_int_equal(tr->n, 13);
    assert_true(isnan(tr->grad2_mean[0]) && isnan(tr->f_avg[0]) && isnan(tr->dinf[0]));
    assert_true(tr->regret[0] == 0.0 && tr->gsum[0] == 0.0);
    for (size_t k = 0; k < tr->n; k++) {
        double t = (double)k;
        assert_rel(tr->f[k], pow(4.0, -t), 1e-15);
        assert_rel(tr->grad2_min[k], pow(4.0, 1.0 - t), 1e-15);
        assert_rel(tr->f_min[k], pow(4.0, -t), 1e-15);
        if (k == 0)
            continue;
        double regret = (1.0 - pow(4.0, -t)) / 0.75;
        double xbar = 2.0 * (1.0 - pow(2.0, -t)) / t;
        assert_rel(tr->regret[k], regret, 1e-15);
        assert_rel(tr->grad2_mean[k], 4.0 * regret / t, 1e-15);
        assert_rel(tr->f_avg[k], xbar * xbar, 1e-15);
        assert_rel(tr->gsum[k], sqrt(4.0 * regret), 1e-15);
        assert_rel(tr->dinf[k], 1.0, 1e-15);
    }
    ds_result_free(&res);
}

/* An observer whose start fails: the run does not happen, the error is
 * the observer's, the result is empty, and the observers started before
 * it are finished with no observation. */
static void test_start_failure(void **state)
{
    (void)state;
    static spec_set ss;
    make_spec(&ss, "quadratic:dim=2,kappa=10", "gd:lr=1/L", 50, 0);
    counter a, b;
    ds_observer obs[2] = {counter_observer(&a), counter_observer(&b)};
    b.fail_start = 1;
    ss.rs.observers = obs;
    ss.rs.n_observers = 2;
    ds_result res;
    ds_err err = {0};
    assert_int_equal(ds_run(&ss.rs, &res, &err), DS_ENOMEM);
    assert_non_null(strstr(err.msg, "refuses to start"));
    assert_int_equal(a.finishes, 1);
    assert_true(a.finish_null);
    assert_int_equal(b.finishes, 0);
    assert_int_equal(a.visits + a.leaves + (long)a.n_rec, 0);
    assert_null(res.trace.iter);
    assert_null(res.x_final);
}

/* ---- the progress line, on a clock the test drives -------------------- */

static double fake_now;
static double fake_clock(void)
{
    return fake_now;
}

static ds_observation at(long t, double f, const ds_problem *p)
{
    return (ds_observation){.t = t, .f = f, .exact = 1, .problem = (ds_problem *)p};
}

/* Silent for the first 2 s and between lines; a plain line every `every`
 * seconds once it has started (checked every 256 steps); a closing line
 * only when it printed. */
static void test_progress_lines(void **state)
{
    (void)state;
    ds_problem p;
    memset(&p, 0, sizeof p);
    p.f_star = 1.0;
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    ds_run_progress pr;
    ds_run_progress_init(&pr, out, 0, "seed 3");
    assert_true(pr.every == 10.0 && pr.delay == 2.0);  /* the defaults off a terminal */
    pr.clock = fake_clock;
    pr.every = 0.5;
    ds_observer ob = ds_run_progress_observer(&pr);
    ds_run_info info = {.problem = &p, .dim = 1, .max_iters = 10000, .capacity = 10};
    fake_now = 100.0;
    ds_err err = {0};
    assert_int_equal(ob.start(ob.ctx, &info, &err), DS_OK);
    ds_observation o = at(256, 1.5, &p);
    fake_now = 101.0;  /* before the delay */
    ob.leave(ob.ctx, &o);
    fflush(out);
    assert_int_equal(len, 0);
    fake_now = 112.5;
    o = at(300, 1.25, &p);  /* not a multiple of 256: the clock is not read */
    ob.leave(ob.ctx, &o);
    fflush(out);
    assert_int_equal(len, 0);
    o = at(512, 1.25, &p);
    ob.leave(ob.ctx, &o);
    fflush(out);
    assert_string_equal(buf, "seed 3: iteration 512/10000 (5%), f - f* 2.500000e-01, 12.5 s\n");
    fake_now = 112.75;  /* within 0.5 s of the last line */
    o = at(768, 1.125, &p);
    ob.leave(ob.ctx, &o);
    fflush(out);
    assert_int_equal(len, strlen("seed 3: iteration 512/10000 (5%), f - f* 2.500000e-01, 12.5 s\n"));
    fake_now = 120.0;
    o = at(10000, 1.0625, &p);
    ob.finish(ob.ctx, &o, DS_ST_MAX_ITERS);
    fflush(out);
    assert_string_equal(buf, "seed 3: iteration 512/10000 (5%), f - f* 2.500000e-01, 12.5 s\n"
                             "seed 3: iteration 10000/10000 (100%), f - f* 6.250000e-02, 20.0 s\n");
    fclose(out);
    free(buf);

    /* a short run prints nothing at all, closing line included */
    buf = NULL;
    out = open_memstream(&buf, &len);
    ds_run_progress_init(&pr, out, 0, "seed 3");
    pr.clock = fake_clock;
    ob = ds_run_progress_observer(&pr);
    fake_now = 0.0;
    assert_int_equal(ob.start(ob.ctx, &info, &err), DS_OK);
    fake_now = 1.0;
    o = at(256, 1.5, &p);
    ob.leave(ob.ctx, &o);
    ob.finish(ob.ctx, &o, DS_ST_MAX_ITERS);
    fflush(out);
    assert_int_equal(len, 0);
    fclose(out);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_call_sequence),
        cmocka_unit_test(test_every_n_records),
        cmocka_unit_test(test_observer_changes_nothing),
        cmocka_unit_test(test_stochastic_observes_sparsely),
        cmocka_unit_test(test_tracker_closed_form),
        cmocka_unit_test(test_start_failure),
        cmocka_unit_test(test_progress_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
