/* The scaling study (scaling.h). */
#include "scaling.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/csr.h"
#include "../core/optimizer.h"
#include "../core/rng.h"
#include "../core/problem.h"
#include "../core/schedule.h"
#include "../core/vec.h"
#include "../core/dmath.h"
#include "../harness/runner.h"
#include "../harness/bench.h"
#include "../harness/store.h"
#include "../harness/suite.h"
#include "perf.h"

double ds_scaling_exponent(const double *x, const double *y, int n)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int i = 0; i < n; i++) {
        double a = ds_log(x[i]), b = ds_log(y[i]);
        sx += a;
        sy += b;
        sxx += a * a;
        sxy += a * b;
    }
    double den = n * sxx - sx * sx;
    return den > 0 ? (n * sxy - sx * sy) / den : NAN;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One measured problem: its set-up time and the median time of a full
 * f + gradient at a fixed point. */
typedef struct {
    double setup, grad, nnz, bytes, L, f_star, cert;
    size_t n, d;
} measured;

static int measure(const char *spec, int reps, measured *m, ds_problem **keep, char *msg, size_t msgsize)
{
    ds_values v;
    ds_err err = {0};
    ds_problem *p = NULL;
    if (ds_problem_parse(spec, &v, &err)) {
        snprintf(msg, msgsize, "%s: %s", spec, err.msg);
        return -1;
    }
    double t0 = ds_perf_now();
    int rc = ds_problem_new(&v, 1, &p, &err);
    ds_values_free(&v);
    if (rc) {
        snprintf(msg, msgsize, "%s: %s", spec, err.msg);
        return -1;
    }
    m->setup = ds_perf_now() - t0;
    double *g = ds_vec_new(p->dim), *x = ds_vec_new(p->dim), t[32];
    if (!g || !x || reps > 32) {
        free(g);
        free(x);
        ds_problem_free(p);
        snprintf(msg, msgsize, "out of memory");
        return -1;
    }
    for (size_t j = 0; j < p->dim; j++)
        x[j] = p->x_star[j] + 1e-3 * ds_sin((double)j);
    volatile double sink = ds_problem_fg(p, x, g);
    for (int r = 0; r < reps; r++) {
        double s0 = ds_perf_now();
        sink += ds_problem_fg(p, x, g);
        t[r] = ds_perf_now() - s0;
    }
    (void)sink;
    qsort(t, (size_t)reps, sizeof *t, cmp_double);
    m->grad = t[reps / 2];
    m->n = p->n;
    m->d = p->dim;
    m->L = p->L;
    m->f_star = p->f_star;
    m->cert = p->f_star_cert;
    free(g);
    free(x);
    if (keep)
        *keep = p;
    else
        ds_problem_free(p);
    return 0;
}

/* Cost per gradient against nnz, sparse (logreg, 100 entries a row) and
 * dense (lstsq, d = 100), with set-up times. */
static int gradients(FILE *md, FILE *dat, double bw, int quick, char *msg, size_t msgsize)
{
    static const long rows[] = {1000, 3000, 10000, 30000, 100000};
    int np = quick ? 3 : 5, reps = quick ? 3 : 9;
    double xs[5], ts[5], ss[5], xd[5], td[5], sd[5];
    fprintf(md, "| storage | n | d | nnz | set-up s | gradient ms | ns per entry | share of bandwidth limit |\n"
                "|---|---|---|---|---|---|---|---|\n");
    for (int k = 0; k < 2; k++) {
        if (dat)
            fprintf(dat, "# %s: nnz set-up-s gradient-s\n", k ? "dense" : "sparse");
        for (int i = 0; i < np; i++) {
            char spec[160];
            if (k == 0)
                snprintf(spec, sizeof spec, "logreg:n=%ld,d=100000,density=1e-3,lambda=1e-3", rows[i]);
            else
                snprintf(spec, sizeof spec, "lstsq:n=%ld,d=100", rows[i]);
            measured m;
            if (measure(spec, reps, &m, NULL, msg, msgsize))
                return -1;
            double nnz = k ? (double)m.n * (double)m.d : 100.0 * (double)m.n;
            /* one pass over the arrays: values and column indices and the row
             * starts (sparse), the matrix (dense) */
            double bytes = k ? nnz * 8 : nnz * 12 + (double)(m.n + 1) * 8;
            fprintf(md, "| %s | %zu | %zu | %.3g | %.3f | %.3f | %.2f | %.0f%% |\n", k ? "dense" : "csr", m.n, m.d,
                    nnz, m.setup, 1e3 * m.grad, 1e9 * m.grad / nnz, 100 * bytes / m.grad / bw);
            if (dat)
                fprintf(dat, "%.6g %.6g %.6g\n", nnz, m.setup, m.grad);
            (k ? xd : xs)[i] = nnz;
            (k ? td : ts)[i] = m.grad;
            (k ? sd : ss)[i] = m.setup;
        }
        if (dat)
            fprintf(dat, "\n\n");
    }
    fprintf(md, "\nFitted exponents (time ~ size^e): gradient against nnz **%.2f** (csr) and **%.2f** (dense);\n"
                "set-up against nnz **%.2f** (csr: power iteration and Newton-CG) and against n d **%.2f** (dense,\n"
                "d fixed, so n d^2 grows as n d).\n\n",
            ds_scaling_exponent(xs, ts, np), ds_scaling_exponent(xd, td, np), ds_scaling_exponent(xs, ss, np),
            ds_scaling_exponent(xd, sd, np));
    return 0;
}

/* A suite of k runs (one optimizer, k seeds) on one instance (the spec
 * fixes its seed), on one thread. */
static int suite_of(int k, double *secs, size_t *builds, char *msg, size_t msgsize)
{
    char text[512];
    snprintf(text, sizeof text,
             "[suite]\nname = share%d\nseeds = %d\niters = 5\n[problem big]\nspec = lstsq:n=20000,d=200,seed=1\n"
             "[optimizer gd]\nspec = gd:lr=1/L\n",
             k, k);
    ds_suite s;
    ds_err err = {0};
    if (ds_suite_parse("scaling.ini", text, &s, &err)) {
        snprintf(msg, msgsize, "%s", err.msg);
        return -1;
    }
    ds_bench_opts o = {.command = "perf", .threads = 1};
    ds_result *res = NULL;
    size_t n = 0;
    ds_bench_report rep;
    double t0 = ds_perf_now();
    int rc = ds_bench_run(&s, &o, &res, &n, &rep, &err);
    *secs = ds_perf_now() - t0;
    *builds = rep.builds;
    ds_store_free(res, n);
    ds_suite_free(&s);
    if (rc)
        snprintf(msg, msgsize, "%s", err.msg);
    return rc ? -1 : 0;
}

static int sharing(FILE *md, FILE *dat, int quick, char *msg, size_t msgsize)
{
    static const int ks[] = {1, 2, 4, 8, 16};
    int np = quick ? 3 : 5;
    double x[5], y[5];
    fprintf(md, "| runs sharing the instance | instances built | suite s |\n|---|---|---|\n");
    if (dat)
        fprintf(dat, "# suites: runs seconds\n");
    for (int i = 0; i < np; i++) {
        size_t builds;
        if (suite_of(ks[i], &y[i], &builds, msg, msgsize))
            return -1;
        x[i] = ks[i];
        fprintf(md, "| %d | %zu | %.3f |\n", ks[i], builds, y[i]);
        if (dat)
            fprintf(dat, "%d %.6g\n", ks[i], y[i]);
    }
    if (dat)
        fprintf(dat, "\n\n");
    fprintf(md, "\nFitted exponent of suite time against runs: **%.2f** (lstsq n=20000, d=200, 5 steps a run, one\n"
                "thread; a suite that rebuilt the instance per run would grow with exponent 1).\n\n",
            ds_scaling_exponent(x, y, np));
    return 0;
}

/* The floor of a sparse gradient's memory traffic, measured: a matrix of
 * the same shape (n rows of `per` increasing columns drawn uniformly from
 * d), walked as the gradient walks it (each entry's x read and gradient
 * updated at its column, with the same requests ahead, then one pass over
 * x and g) but with no loss to evaluate; the median of `reps` passes, 0
 * when out of memory. */
static double access_floor(size_t n, size_t d, size_t per, int reps)
{
    ds_csr A;
    ds_err err = {0};
    ds_rng rng;
    if (ds_csr_alloc(&A, n, d, n * per, &err) || ds_rng_init(&rng, 1))
        return 0;
    for (size_t i = 0; i < n; i++) {
        A.rowptr[i + 1] = (i + 1) * per;
        for (size_t k = 0; k < per; k++) {
            /* increasing within the row, as a CSR row is stored */
            A.col[i * per + k] = (uint32_t)((k * d + ds_rng_index(&rng, d)) / per);
            A.val[i * per + k] = 1.0;
        }
    }
    ds_rng_free(&rng);
    double *x = ds_vec_new(d), *g = ds_vec_new(d), t[32], best = 0;
    if (x && g && reps <= 32) {
        ds_zero(d, x);
        ds_zero(d, g);
        volatile double sink = 0;
        for (int r = 0; r < reps; r++) {
            double t0 = ds_perf_now();
            for (size_t i = 0; i < n; i++) {
                double s = ds_csr_row_dot_ahead(&A, i, x, g);
                ds_csr_row_axpy(&A, i, s + 1e-3, g);
            }
            double xx = 0;
            for (size_t j = 0; j < d; j++) {  /* the gradient's closing pass over x and g */
                xx += x[j] * x[j];
                g[j] = 0.5 * g[j] + 1e-4 * x[j];
            }
            t[r] = ds_perf_now() - t0;
            sink += xx;
            sink += g[0];
        }
        (void)sink;
        qsort(t, (size_t)reps, sizeof *t, cmp_double);
        best = t[reps / 2];
    }
    free(x);
    free(g);
    ds_csr_free(&A);
    return best;
}

/* A sparse logistic regression with d = 10^6 and 10^7 entries, end to end:
 * set-up with its certified f*, then 20 steps of gd. */
static int big_sparse(FILE *md, double bw, int quick, double *share, char *msg, size_t msgsize)
{
    const char *spec = quick ? "logreg:n=10000,d=1000000,density=1e-4,lambda=1e-4"
                             : "logreg:n=100000,d=1000000,density=1e-4,lambda=1e-4";
    measured m;
    ds_problem *p = NULL;
    if (measure(spec, 5, &m, &p, msg, msgsize))
        return -1;
    double nnz = 100.0 * (double)m.n, bytes = nnz * 12 + (double)(m.n + 1) * 8;
    ds_values pv = {.n = 0}, ov = {.n = 0}, sv = {.n = 0};
    ds_err err = {0};
    ds_result res;
    int rc = ds_problem_parse(spec, &pv, &err) || ds_optimizer_parse("gd:lr=1/L", &ov, &err) ||
             ds_schedule_parse("constant", &sv, &err);
    ds_run_spec rs = {.problem = &pv, .optimizer = &ov, .schedule = &sv, .seed = 1, .instance = p};
    ds_stop_defaults(&rs.stop);
    rs.stop.max_iters = 20;
    double t0 = ds_perf_now();
    if (!rc)
        rc = ds_run(&rs, &res, &err);
    double run = ds_perf_now() - t0;
    ds_values_free(&pv);
    ds_values_free(&ov);
    ds_values_free(&sv);
    if (rc) {
        snprintf(msg, msgsize, "%s", err.msg);
        ds_problem_free(p);
        return -1;
    }
    *share = bytes / m.grad / bw;
    double floor = access_floor(m.n, m.d, 100, 5);
    fprintf(md, "`%s` (%.3g non-zeros, %.0f MiB of CSR arrays): set-up %.1f s (power iteration for L, Newton-CG\n"
                "for f*), L = %.6g, f* = %.15g certified to f(x*) - inf f <= **%.2g**; one gradient %.1f ms\n"
                "(%.0f%% of the one-pass bandwidth limit); 20 steps of gd:lr=1/L in %.2f s, f - f* from %.3g to %.3g.\n\n",
            spec, nnz, bytes / 1048576.0, m.setup, m.L, m.f_star, m.cert, 1e3 * m.grad, 100 * bytes / m.grad / bw,
            run, res.trace.f_gap[0], res.gap_final);
    if (floor > 0) {
        double fshare = bytes / floor / bw;
        fprintf(md, "The same pass over a matrix of this shape with no loss to evaluate (each entry's x read and\n"
                    "gradient updated at its scattered column, with the same requests ahead, then one pass over x\n"
                    "and the gradient) takes "
                    "%.1f ms, %.1f ns an entry: %.0f%% of the one-pass limit%s; the gradient takes %.2fx that.\n\n",
                1e3 * floor, 1e9 * floor / nnz, 100 * fshare,
                fshare < 0.5 ? ", so on this machine the memory traffic of the scattered columns alone keeps a "
                               "gradient in this storage under the 50% target"
                             : "",
                m.grad / floor);
    }
    ds_result_free(&res);
    ds_problem_free(p);
    return 0;
}

int ds_scaling_study(FILE *md, FILE *dat, int section, double bandwidth, int quick, double *sparse_share, char *msg,
                     size_t msgsize)
{
    *sparse_share = NAN;
    fprintf(md, "## %d. Scaling\n\nHow the costs grow with the work (`report/scaling.c`; figure `plots/scaling_perf.png`).\n\n"
                "### Cost per gradient and set-up against the size of the data\n\n",
            section);
    if (gradients(md, dat, bandwidth, quick, msg, msgsize))
        return -1;
    fprintf(md, "### Suite time against the runs sharing one instance\n\n");
    if (sharing(md, dat, quick, msg, msgsize))
        return -1;
    fprintf(md, "### Sparse logistic regression, d = 10^6\n\n");
    return big_sparse(md, bandwidth, quick, sparse_share, msg, msgsize);
}
