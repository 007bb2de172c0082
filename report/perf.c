#include "perf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/optimizer.h"
#include "../core/oracle.h"
#include "../core/problem.h"
#include "../core/rng.h"
#include "../core/schedule.h"
#include "../core/vec.h"
#include "../harness/runner.h"
#include "aggregate.h"

double ds_perf_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double median_of(double *t, int n)
{
    ds_sort_worst_last(t, (size_t)n);
    return ds_quantile(t, (size_t)n, 0.5);
}

/* Readers of the same buffer, each timed; the fastest is the machine's
 * read rate. A plain sum of |x_i| (eight partial sums, as ds_dot keeps)
 * over the whole buffer; a ds_dot of each 4 KiB chunk with itself; a sum
 * in four vectors of four, compiled for AVX2 and AVX-512 too, so that
 * where the CPU has them the instruction rate is never what limits the
 * probe; and a ds_dot of each run of 500 values with a vector that stays
 * in L1, the access pattern of a row-wise pass at d = 500, which on an
 * AMD EPYC streamed about 10% faster than the plain sum in vectors and
 * 20% faster than the 4 KiB chunks. */
enum { READERS = 4, ROW = 500 };

DS_CLONES_WIDE
static double read_wide(const double *x, size_t n)
{
    ds_v4 a0 = {0, 0, 0, 0}, a1 = a0, a2 = a0, a3 = a0;
    for (size_t i = 0; i + 16 <= n; i += 16) {
        const ds_v4 *v = (const ds_v4 *)(x + i);
        a0 += v[0];
        a1 += v[1];
        a2 += v[2];
        a3 += v[3];
    }
    ds_v4 a = (a0 + a1) + (a2 + a3);
    return (a[0] + a[1]) + (a[2] + a[3]);
}

static double read_once(const double *x, size_t n, int reader)
{
    double s = 0.0;
    if (reader == 2)
        return read_wide(x, n);
    if (reader == 3) {
        double v[ROW];
        for (size_t j = 0; j < ROW; j++)
            v[j] = 1.0 / (double)(j + 1);
        for (size_t i = 0; i + ROW <= n; i += ROW)
            s += ds_dot(ROW, x + i, v);
        return s;
    }
    if (reader == 0) {
        double a[DS_DOT_LANES] = {0};
        for (size_t i = 0; i + DS_DOT_LANES <= n; i += DS_DOT_LANES)
            for (size_t k = 0; k < DS_DOT_LANES; k++)
                a[k] += fabs(x[i + k]);
        for (size_t k = 0; k < DS_DOT_LANES; k++)
            s += a[k];
        return s;
    }
    for (size_t i = 0; i + 512 <= n; i += 512)
        s += ds_dot(512, x + i, x + i);
    return s;
}

/* Read before each timed pass of ds_perf_gradient, so that every pass,
 * the problem's and the readers', starts with none of its data in cache:
 * a repeated pass over 80 MB otherwise finds part of it still in L3
 * (f alone then ran at up to 119% of the 512 MiB probe's rate). */
enum { COLD_BYTES = 256 << 20 };

/* A buffer for the readers, allocated as the problems allocate their data
 * (ds_vec_new: 2 MiB pages where the kernel gives them), so that the probe
 * pays for address translation what the data pay. */
static double *read_buffer(size_t n)
{
    double *x = ds_vec_new(n ? n : 1);
    for (size_t i = 0; x && i < n; i++)
        x[i] = (double)(i % 7) - 3.0;
    return x;
}

/* The fastest reader's median time, t[c][0..reps) the times of reader c
 * (sorted in place). */
static double fastest_read(double t[READERS][64], int reps)
{
    double best = INFINITY;
    for (int c = 0; c < READERS; c++)
        best = fmin(best, median_of(t[c], reps));
    return best;
}

double ds_perf_read_bandwidth(size_t bytes, int reps)
{
    size_t n = bytes / sizeof(double);
    double *x = read_buffer(n);
    double t[READERS][64];
    if (!x || reps > 64) {
        free(x);
        return 0;
    }
    volatile double sink = read_once(x, n, 0);  /* warm the pages */
    for (int r = 0; r < reps; r++)
        for (int c = 0; c < READERS; c++) {
            double t0 = ds_perf_now();
            sink += read_once(x, n, c);
            t[c][r] = ds_perf_now() - t0;
        }
    (void)sink;
    free(x);
    return (double)(n * sizeof(double)) / fastest_read(t, reps);
}

int ds_perf_gradient(const char *spec, int reps, double *seconds, double *f_seconds, double *limit_seconds,
                     double *matrix_bytes, char *msg, size_t msgsize)
{
    ds_values v = {.n = 0};
    ds_err err = {0};
    ds_problem *p = NULL;
    double t[64], tf[64], tr[READERS][64];
    int bad = reps > 64 || ds_problem_parse(spec, &v, &err) || ds_problem_new(&v, 0, &p, &err);
    ds_values_free(&v);
    if (bad) {
        snprintf(msg, msgsize, "%s", reps > 64 ? "too many repetitions" : err.msg);
        return -1;
    }
    size_t cells = p->n * p->dim;
    double *g = ds_vec_new(p->dim), *buf = read_buffer(cells), *cold = read_buffer(COLD_BYTES / sizeof(double));
    if (!g || !buf || !cold) {
        free(g);
        free(buf);
        free(cold);
        ds_problem_free(p);
        snprintf(msg, msgsize, "out of memory");
        return -1;
    }
    volatile double sink = ds_problem_fg(p, p->x0, g) + read_once(buf, cells, 0);
    for (int r = 0; r < reps; r++) {  /* f+grad, f alone and the readers, alternated, each from memory */
        sink += read_once(cold, COLD_BYTES / sizeof(double), 2);
        double t0 = ds_perf_now();
        sink += ds_problem_fg(p, p->x0, g);
        t[r] = ds_perf_now() - t0;
        sink += read_once(cold, COLD_BYTES / sizeof(double), 2);
        t0 = ds_perf_now();
        sink += p->type->f(p, p->x0);
        tf[r] = ds_perf_now() - t0;
        for (int c = 0; c < READERS; c++) {
            sink += read_once(cold, COLD_BYTES / sizeof(double), 2);
            t0 = ds_perf_now();
            sink += read_once(buf, cells, c);
            tr[c][r] = ds_perf_now() - t0;
        }
    }
    (void)sink;
    *seconds = median_of(t, reps);
    *f_seconds = median_of(tf, reps);
    *limit_seconds = fastest_read(tr, reps);
    *matrix_bytes = (double)cells * sizeof(double);
    free(g);
    free(buf);
    free(cold);
    ds_problem_free(p);
    return 0;
}

/* CPU seconds of the calling thread: a set-up runs on one thread, and on a
 * shared machine its CPU time says more than its wall time. */
static double thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int ds_perf_setup(const char *spec, int reps, ds_perf_setup_time *t, char *msg, size_t msgsize)
{
    ds_values v = {.n = 0};
    ds_err err = {0};
    double cpu[16], wall[16], step[16];
    if (reps < 1 || reps > 16 || ds_problem_parse(spec, &v, &err)) {
        snprintf(msg, msgsize, "%s", reps < 1 || reps > 16 ? "reps out of range" : err.msg);
        return -1;
    }
    for (int r = 0; r < reps; r++) {
        ds_problem *p = NULL;
        double c0 = thread_cpu(), w0 = ds_perf_now();
        if (ds_problem_new(&v, 0, &p, &err)) {
            ds_values_free(&v);
            snprintf(msg, msgsize, "%s", err.msg);
            return -1;
        }
        cpu[r] = thread_cpu() - c0;
        wall[r] = ds_perf_now() - w0;
        double *g = ds_vec_new(p->dim);
        if (!g) {
            ds_problem_free(p);
            ds_values_free(&v);
            snprintf(msg, msgsize, "out of memory");
            return -1;
        }
        volatile double sink = ds_problem_fg(p, p->x0, g);  /* warm */
        double s0 = ds_perf_now();
        sink += ds_problem_fg(p, p->x0, g);
        step[r] = ds_perf_now() - s0;
        (void)sink;
        free(g);
        ds_problem_free(p);
    }
    ds_values_free(&v);
    t->cpu = median_of(cpu, reps);
    t->wall = median_of(wall, reps);
    t->step = median_of(step, reps);
    return 0;
}

int ds_perf_step(const char *optimizer, size_t dim, int reps, double *seconds, char *msg, size_t msgsize)
{
    ds_values pv = {.n = 0}, ov = {.n = 0};
    ds_err err = {0};
    char pspec[128];
    snprintf(pspec, sizeof pspec, "quadratic:dim=%zu,rotate=0,kappa=10", dim);
    ds_problem *p = NULL;
    double t[64];
    int bad = reps > 64 || ds_problem_parse(pspec, &pv, &err) || ds_optimizer_parse(optimizer, &ov, &err) ||
              ds_problem_new(&pv, 0, &p, &err);
    ds_values_free(&pv);
    if (bad) {
        ds_values_free(&ov);
        snprintf(msg, msgsize, "%s", err.msg);
        return -1;
    }
    const ds_optimizer_type *ot = ds_optimizer_find(ov.name);
    ds_expr_vars vars;
    ds_problem_vars(p, 1000, &vars);
    void *state = calloc(1, ot->state_size ? ot->state_size : 1);
    double *x = ds_vec_new(dim), *g = ds_vec_new(dim);
    ds_rng rng;
    ds_rng_init(&rng, 1);
    ds_oracle oracle;
    int rc = -1;
    if (!state || !x || !g || ds_values_bind(&ov, &vars, &err) ||
        ds_oracle_init(&oracle, p, &rng, 0, 1, &err) || ot->init(state, &ov, p, p->x0, 1000, &err)) {
        snprintf(msg, msgsize, "%s", err.msg[0] ? err.msg : "out of memory");
        goto done;
    }
    ds_copy(dim, p->x0, x);
    ds_problem_fg(p, x, g);
    ds_step st = {.x = x, .g = g, .lr = 1e-3, .dim = dim, .oracle = &oracle};
    ot->step(state, &st);  /* the first step may take another path (buffers start) */
    for (int r = 0; r < reps; r++) {
        st.t = r + 1;
        double t0 = ds_perf_now();
        ot->step(state, &st);
        t[r] = ds_perf_now() - t0;
    }
    *seconds = median_of(t, reps);
    rc = 0;
    ds_oracle_free(&oracle);
done:
    if (state && ot->free)
        ot->free(state);
    free(state);
    free(x);
    free(g);
    ds_rng_free(&rng);
    ds_problem_free(p);
    ds_values_free(&ov);
    return rc;
}

int ds_perf_run(const char *problem, const char *optimizer, long steps, double *seconds, char *msg,
                size_t msgsize)
{
    ds_values pv = {.n = 0}, ov = {.n = 0}, sv = {.n = 0};
    ds_err err = {0};
    ds_result res;
    int bad = ds_problem_parse(problem, &pv, &err) || ds_optimizer_parse(optimizer, &ov, &err) ||
              ds_schedule_parse("constant", &sv, &err);
    if (!bad) {
        ds_run_spec rs = {.problem = &pv, .optimizer = &ov, .schedule = &sv, .log_every = steps};
        ds_stop_defaults(&rs.stop);
        rs.stop.max_iters = steps;
        bad = ds_run(&rs, &res, &err) != DS_OK;
    }
    ds_values_free(&pv);
    ds_values_free(&ov);
    ds_values_free(&sv);
    if (bad) {
        snprintf(msg, msgsize, "%s", err.msg);
        return -1;
    }
    *seconds = res.seconds / (double)(res.iters ? res.iters : 1);
    ds_result_free(&res);
    return 0;
}
