/* Training techniques the runner applies around every optimizer's step
 * (engine/run.c, options in core/optimizer.c): global-norm clipping (torch's
 * clip_grad_norm_ with its 1e-6), value clipping, coupled L2 versus
 * decoupled weight decay, and gradient accumulation. Each is checked
 * through ds_run with every iteration recorded, against the step computed
 * here by hand from the problem's own gradient.
 *
 * Accumulation needs a finite sum. ds_run only runs registered problems, so
 * its premise (k mini-batches of B draw exactly the samples of one batch of
 * kB, in the same order) is checked at the oracle on a small finite sum
 * defined in this file; through ds_run it is checked on the first
 * registered finite-sum problem (skipped while the catalog has none), and
 * the averaging itself (a mean of k gradients, not a sum) on a quadratic. */
#include <stdlib.h>
#include <string.h>

#include "../harness/runner.h"
#include "../core/optimizer.h"
#include "../core/oracle.h"
#include "../core/problem.h"
#include "../core/rng.h"
#include "../core/schedule.h"
#include "testutil.h"

/* diag(10, 5.5, 1), x* = 0, x0 = (1, 1, 1): the trace keeps x (dim <= 3). */
#define QUAD "quadratic:dim=3,kappa=10,rotate=0"

typedef struct {
    ds_values pv, ov, sv;
    ds_result res;
} run_t;

static void run(run_t *r, const char *problem, const char *optimizer, long iters)
{
    ds_err err = {0};
    if (ds_problem_parse(problem, &r->pv, &err) || ds_optimizer_parse(optimizer, &r->ov, &err) ||
        ds_schedule_parse("constant", &r->sv, &err))
        fail_msg("%s", err.msg);
    ds_run_spec rs = {.problem = &r->pv, .optimizer = &r->ov, .schedule = &r->sv, .seed = 1, .log_every = 1};
    ds_stop_defaults(&rs.stop);
    rs.stop.max_iters = iters;
    if (ds_run(&rs, &r->res, &err))
        fail_msg("%s / %s: %s", problem, optimizer, err.msg);
    assert_int_equal(r->res.trace.n, iters + 1);
    ds_values_free(&r->pv);
    ds_values_free(&r->ov);
    ds_values_free(&r->sv);
}

static ds_problem *problem(const char *spec)
{
    ds_values v = {.n = 0};
    ds_err err = {0};
    ds_problem *p;
    if (ds_problem_parse(spec, &v, &err) || ds_problem_new(&v, 1, &p, &err))
        fail_msg("%s", err.msg);
    ds_values_free(&v);
    return p;
}

/* x at record k of a trace */
static const double *xk(const run_t *r, size_t k)
{
    return r->res.trace.x + k * r->res.trace.xdim;
}

static double norm3(const double *g)
{
    return sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
}

/* clip=C: g <- g C/(||g|| + 1e-6) when that factor is below 1 (torch's
 * clip_grad_norm_), then gd's step. From x0 = (1,1,1), ||g|| = 11.5 > C = 1
 * for the first steps, and the clipped steps have length lr C ||g||/(||g||
 * + 1e-6), shorter than lr C by 1e-7 relative: the 1e-6 shows at 1e-12. */
static void test_clip_norm(void **st)
{
    (void)st;
    run_t r;
    run(&r, QUAD, "gd:lr=0.05,clip=1", 40);
    ds_problem *p = problem(QUAD);
    double x[3] = {1, 1, 1}, g[3];
    int clipped = 0, unclipped = 0;
    for (size_t k = 0; k < 40; k++) {
        for (int i = 0; i < 3; i++)
            assert_close(xk(&r, k)[i], x[i], 1e-13);
        ds_problem_fg(p, x, g);
        double coef = 1.0 / (norm3(g) + 1e-6);
        if (coef < 1)
            for (int i = 0; i < 3; i++)
                g[i] *= coef;
        clipped += coef < 1;
        unclipped += coef >= 1;
        for (int i = 0; i < 3; i++)
            x[i] -= 0.05 * g[i];
    }
    assert_true(clipped > 0 && unclipped > 0);  /* both branches were taken */
    /* the first step by itself: length exactly lr ||g||/(||g|| + 1e-6) */
    double d[3], g0[3];
    ds_problem_fg(p, (double[]){1, 1, 1}, g0);
    for (int i = 0; i < 3; i++)
        d[i] = xk(&r, 1)[i] - 1.0;
    double n0 = norm3(g0);
    assert_rel(norm3(d), 0.05 * n0 / (n0 + 1e-6), 1e-14);
    assert_true(fabs(norm3(d) - 0.05) > 1e-9);  /* not lr C: the 1e-6 is there */
    ds_problem_free(p);
    ds_result_free(&r.res);
}

/* clip_value=2: g = (10, 5.5, 1) at x0 becomes (2, 2, 1). */
static void test_clip_value(void **st)
{
    (void)st;
    run_t r;
    run(&r, QUAD, "gd:lr=0.1,clip_value=2", 1);
    assert_rel(xk(&r, 1)[0], 1 - 0.1 * 2, 1e-15);
    assert_rel(xk(&r, 1)[1], 1 - 0.1 * 2, 1e-15);
    assert_rel(xk(&r, 1)[2], 1 - 0.1 * 1, 1e-15);
    ds_result_free(&r.res);
}

/* Coupled L2 adds l2 x to the gradient; decoupled wd scales x by
 * 1 - lr wd before the step. One sgd step, by hand:
 *   l2: x1 = x0 - lr (g + l2 x0)       wd: x1 = (1 - lr wd) x0 - lr g
 * equal for plain sgd (up to rounding), as Loshchilov & Hutter note; with
 * momentum the L2 term enters the buffer and the two part from step 2. */
static void test_l2_vs_wd_sgd(void **st)
{
    (void)st;
    ds_problem *p = problem(QUAD);
    const double lr = 0.05, lam = 0.5, mom = 0.9;
    double g[3];
    ds_problem_fg(p, (double[]){1, 1, 1}, g);

    run_t a, b;
    run(&a, QUAD, "sgd:lr=0.05,l2=0.5", 1);
    run(&b, QUAD, "sgd:lr=0.05,wd=0.5", 1);
    for (int i = 0; i < 3; i++) {
        assert_rel(xk(&a, 1)[i], 1 - lr * (g[i] + lam * 1), 1e-15);
        assert_rel(xk(&b, 1)[i], (1 - lr * lam) * 1 - lr * g[i], 1e-15);
    }
    ds_result_free(&a.res);
    ds_result_free(&b.res);

    /* momentum: three steps by hand, torch's buffer b = mom b + d */
    run(&a, QUAD, "sgd:lr=0.05,momentum=0.9,l2=0.5", 3);
    run(&b, QUAD, "sgd:lr=0.05,momentum=0.9,wd=0.5", 3);
    double xa[3] = {1, 1, 1}, xb[3] = {1, 1, 1}, ba[3] = {0, 0, 0}, bb[3] = {0, 0, 0};
    for (int k = 0; k < 3; k++) {
        for (int i = 0; i < 3; i++) {
            assert_close(xk(&a, (size_t)k)[i], xa[i], 1e-14);
            assert_close(xk(&b, (size_t)k)[i], xb[i], 1e-14);
        }
        double ga[3], gb[3];
        ds_problem_fg(p, xa, ga);
        ds_problem_fg(p, xb, gb);
        for (int i = 0; i < 3; i++) {
            double d = ga[i] + lam * xa[i];
            ba[i] = k == 0 ? d : mom * ba[i] + d;
            xa[i] -= lr * ba[i];
            bb[i] = k == 0 ? gb[i] : mom * bb[i] + gb[i];
            xb[i] = (1 - lr * lam) * xb[i] - lr * bb[i];
        }
    }
    for (int i = 0; i < 3; i++) {
        assert_rel(xk(&a, 3)[i], xa[i], 1e-14);
        assert_rel(xk(&b, 3)[i], xb[i], 1e-14);
        assert_true(fabs(xa[i] - xb[i]) > 1e-4);  /* they do differ */
    }
    ds_result_free(&a.res);
    ds_result_free(&b.res);

    /* the runner's l2 is torch SGD's own weight_decay, to the bit */
    run(&a, QUAD, "sgd:lr=0.05,momentum=0.9,l2=0.5", 20);
    run(&b, QUAD, "sgd:lr=0.05,momentum=0.9,weight_decay=0.5", 20);
    for (size_t k = 0; k <= 20; k++)
        for (int i = 0; i < 3; i++)
            assert_true(xk(&a, k)[i] == xk(&b, k)[i]);
    ds_result_free(&a.res);
    ds_result_free(&b.res);
    ds_problem_free(p);
}

/* For Adam the two differ at the first step: L2 is normalised with the
 * gradient, weight decay is not (AdamW). First Adam step: m/(1-b1) = d,
 * sqrt(v/(1-b2)) = |d|, x1 = x0 - lr d/(|d| + eps). */
static void test_l2_vs_wd_adam(void **st)
{
    (void)st;
    ds_problem *p = problem(QUAD);
    double g[3];
    ds_problem_fg(p, (double[]){1, 1, 1}, g);
    const double lr = 0.01, lam = 4, eps = 1e-8;
    run_t a, b;
    run(&a, QUAD, "adam:lr=0.01,l2=4", 1);
    run(&b, QUAD, "adam:lr=0.01,wd=4", 1);
    for (int i = 0; i < 3; i++) {
        double d = g[i] + lam;
        assert_rel(xk(&a, 1)[i], 1 - lr * d / (fabs(d) + eps), 1e-12);
        assert_rel(xk(&b, 1)[i], (1 - lr * lam) - lr * g[i] / (fabs(g[i]) + eps), 1e-12);
    }
    ds_result_free(&a.res);
    ds_result_free(&b.res);
    ds_problem_free(p);
}

/* accum=k averages k gradients: with exact gradients the step is accum=1's
 * (a sum would be k times longer), and k gradients are charged per step. */
static void test_accum_mean(void **st)
{
    (void)st;
    run_t a, b;
    run(&a, QUAD, "gd:lr=0.05", 10);
    run(&b, QUAD, "gd:lr=0.05,accum=4", 10);
    for (size_t k = 0; k <= 10; k++)
        for (int i = 0; i < 3; i++)
            assert_close(xk(&b, k)[i], xk(&a, k)[i], 1e-15);
    assert_true(b.res.n_g >= 4 * 10);
    assert_true(b.res.n_g >= 3 * a.res.n_g);
    ds_result_free(&a.res);
    ds_result_free(&b.res);
}

/* ---- a small finite sum: f(x) = (1/n) sum_i (a_i'x - b_i)^2 / 2 ---------- */

#define TOY_N 64
#define TOY_D 3

typedef struct {
    double a[TOY_N][TOY_D], b[TOY_N];
} toy_data;

static double toy_fg_batch(ds_problem *p, const double *x, const size_t *idx, size_t m, double *g)
{
    const toy_data *d = p->data;
    double f = 0;
    for (int j = 0; j < TOY_D; j++)
        g[j] = 0;
    for (size_t k = 0; k < m; k++) {
        const double *ai = d->a[idx[k]];
        double r = ai[0] * x[0] + ai[1] * x[1] + ai[2] * x[2] - d->b[idx[k]];
        f += 0.5 * r * r;
        for (int j = 0; j < TOY_D; j++)
            g[j] += r * ai[j];
    }
    for (int j = 0; j < TOY_D; j++)
        g[j] /= (double)m;
    return f / (double)m;
}

static double toy_fg(ds_problem *p, const double *x, double *g)
{
    size_t idx[TOY_N];
    for (size_t i = 0; i < TOY_N; i++)
        idx[i] = i;
    return toy_fg_batch(p, x, idx, TOY_N, g);
}

static const ds_problem_type toy_type = {
    .name = "toy_lsq",
    .doc = "least squares over 64 samples (test only)",
    .fg = toy_fg,
    .fg_batch = toy_fg_batch,
};

/* The premise of accumulation, at the oracle: from identically keyed
 * streams, the mean of 4 gradients of 8 samples equals 1 gradient of 32,
 * over two epochs (reshuffles included). */
static void test_accum_oracle(void **st)
{
    (void)st;
    toy_data d;
    ds_rng gen;
    assert_int_equal(ds_rng_init(&gen, 99), 0);
    for (int i = 0; i < TOY_N; i++) {
        for (int j = 0; j < TOY_D; j++)
            d.a[i][j] = ds_rng_gaussian(&gen);
        d.b[i] = ds_rng_gaussian(&gen);
    }
    ds_rng_free(&gen);
    ds_problem p = {.type = &toy_type, .dim = TOY_D, .n = TOY_N, .data = &d};
    ds_rng r8, r32;
    ds_oracle o8, o32;
    ds_err err = {0};
    assert_int_equal(ds_rng_init(&r8, 1234), 0);
    assert_int_equal(ds_rng_init(&r32, 1234), 0);
    assert_int_equal(ds_oracle_init(&o8, &p, &r8, 8, 1, &err), 0);
    assert_int_equal(ds_oracle_init(&o32, &p, &r32, 32, 1, &err), 0);
    double x[TOY_D] = {0.3, -0.2, 0.5}, g8[TOY_D], acc[TOY_D], g32[TOY_D];
    int differ = 0;
    for (int step = 0; step < 4; step++) {
        double f8 = 0;
        for (int j = 0; j < TOY_D; j++)
            acc[j] = 0;
        for (int k = 0; k < 4; k++) {
            f8 += ds_sfg(&o8, x, g8) / 4;
            for (int j = 0; j < TOY_D; j++)
                acc[j] += g8[j] / 4;
        }
        double f32 = ds_sfg(&o32, x, g32);
        assert_rel(f8, f32, 1e-13);
        for (int j = 0; j < TOY_D; j++) {
            assert_close(acc[j], g32[j], 1e-13);
            x[j] -= 0.1 * g32[j];
        }
        /* a mini-batch gradient, not the full one */
        double full[TOY_D];
        toy_fg(&p, x, full);
        differ += fabs(g32[0] - full[0]) > 1e-6;
    }
    assert_true(differ > 0);
    assert_true(ds_oracle_epochs(&o8) == 2.0 && ds_oracle_epochs(&o32) == 2.0);
    ds_oracle_free(&o8);
    ds_oracle_free(&o32);
    ds_rng_free(&r8);
    ds_rng_free(&r32);
}

/* Through ds_run: sgd batch=8, accum=4 against batch=32 on the first
 * registered finite-sum problem, to 1e-13. */
static void test_accum_run(void **st)
{
    (void)st;
    const char *name = NULL;
    size_t n = 0;
    for (const ds_problem_type *const *t = ds_problems; *t && !name; t++) {
        if (!(*t)->fg_batch)
            continue;
        ds_problem *p = problem((*t)->name);
        if ((p->flags & DS_FINITE_SUM) && p->n >= 64)
            name = (*t)->name, n = p->n;
        ds_problem_free(p);
    }
    if (!name)
        skip();
    /* within whole batches of 32 the sample order is the same; a partial
     * last batch of an epoch is not split the same way, so stop before it
     * unless n is a multiple of 32 */
    long iters = n % 32 == 0 ? (long)(3 * n / 32) : (long)(n / 32);
    run_t a, b;
    run(&a, name, "sgd:lr=0.01,batch=8,accum=4", iters);
    run(&b, name, "sgd:lr=0.01,batch=32", iters);
    for (size_t k = 0; k <= (size_t)iters; k++)
        assert_rel(a.res.trace.f[k], b.res.trace.f[k], 1e-13);
    assert_true(a.res.trace.f[iters] != a.res.trace.f[0]);
    ds_result_free(&a.res);
    ds_result_free(&b.res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clip_norm),     cmocka_unit_test(test_clip_value),
        cmocka_unit_test(test_l2_vs_wd_sgd),  cmocka_unit_test(test_l2_vs_wd_adam),
        cmocka_unit_test(test_accum_mean),    cmocka_unit_test(test_accum_oracle),
        cmocka_unit_test(test_accum_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
