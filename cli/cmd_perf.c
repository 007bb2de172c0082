/* descent perf [--out FILE.md] [--quick]: the benchmark behind `make perf`.
 * Everything is measured side by side in one process and reported as
 * ratios: gradient time against the one-pass bandwidth limit, optimizer
 * step time in passes over memory. Not a test: timings are noisy, so each
 * figure is a median of repeated timings. */
#include <math.h>
#include <omp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../harness/bench.h"
#include "cli.h"
#include "../report/aggregate.h"
#include "opts.h"
#include "../report/perf.h"
#include "../report/scaling.h"
#include "../theory/pep.h"
#include "../harness/store.h"
#include "../harness/suite.h"

/* A target the report is held to: what was measured against what was
 * asked, and for a miss, why and what was tried (from the measurements
 * behind the numbers, kept next to the code that takes them). */
typedef struct {
    char what[96], goal[48], measured[48];
    int met;
    const char *why;
} perf_target;

#define PERF_TARGETS 16

typedef struct {
    perf_target t[PERF_TARGETS];
    int nt;
    FILE *out;
    int quick;
    double bandwidth;
    const char *torch;  /* timings file from scripts/perf_torch.py, or NULL */
    const char *suite;  /* the suite whose throughput is measured */
    const char *load;   /* h5py load timings from scripts/perf_load.py, or NULL */
} perf_ctx;

static void target(perf_ctx *c, int met, const char *why, const char *what, const char *goal, const char *fmt, ...)
{
    if (c->nt == PERF_TARGETS)
        return;
    perf_target *t = &c->t[c->nt++];
    snprintf(t->what, sizeof t->what, "%s", what);
    snprintf(t->goal, sizeof t->goal, "%s", goal);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->measured, sizeof t->measured, fmt, ap);
    va_end(ap);
    t->met = met;
    t->why = why;
}

static const char WHY_GRADIENT[] =
    "Both go row by row at this size, two rows a sweep (their axpys while the rows are still in L1, "
    "with the next two rows' dot products), asking for the lines of rows 16 KiB on meanwhile, over a "
    "copy of the data with each row on a cache line (a standalone pass at d = 500: 97-99% of the limit "
    "against 71-91% over rows 16 bytes past a line); what the gradient's arithmetic adds is not always "
    "hidden under the memory stream, and this machine is shared, so runs vary. Logistic regression "
    "computes each row's sigmoid in the sweep and its loss's logarithm after it, all rows at once in "
    "vector lanes: with the whole loss a row the sweep reached 79-89% of the limit where the deferred "
    "logarithm reached 83-95% (eight runs side by side, rows off the lines); what remains in the sweep "
    "is each pair's exponential and division, a chain of dependent operations between a row's dot "
    "product and its axpy. Its panels of 32 rows (the order "
    "below 256 and above 512 features, and in cache) reached 56-69% at d = 500: each panel comes from "
    "memory for its margins and again from L2 for its gradient while the memory idles. Tried, side by "
    "side, and no better: blocks of 4-32 rows with their losses vectorised (62-83%: the rows must wait "
    "in L2), the derivatives one sweep ahead of the axpys (78-89% against 86-95%: six rows in L1 with "
    "the lines asked for ahead); for the panels, the gradient of one panel fused with the margins of the "
    "next, asking for the next panel's lines during the gradient, panels of 8 rows; every vector "
    "allocated on a cache line but rows unpadded (least squares' 75-78% against 85-93%; its rows of "
    "4000 bytes then start alternately on a line and half-way into one); the sweep in 512-bit vectors "
    "(31-74%).";
static const char WHY_SETUP[] = "See the set-up table: the Gram matrix (n d^2) and the reference solve dominate.";
static const char WHY_ADAM[] =
    "The update is one fused loop. Per entry it divides twice and takes a square root, which bound it "
    "at baseline x86-64 (two doubles an instruction); the AVX2 build of the same loop (DS_CLONES, the "
    "same bits) is what the loader picks where the CPU has AVX2.";
static const char WHY_TORCH[] =
    "On breast_cancer (569 rows, 30 features) a step is mostly the loss: under `perf record` the "
    "panels' vectorised softplus and sigmoid (exp, log1p, four divisions a row) took about 37% of a "
    "step, the margins 22%, the gradient sums 18%, the pass around them, the 2-norm and the update "
    "the rest. The softplus alone runs at about 2.2 ns a value in long arrays with AVX-512, 1.2 us "
    "for 569 values: about a third of what a whole step may take for 20x.";
static const char WHY_HDF5[] =
    "What is left is the final write: the suite ends before the first checkpoint (30 s by default), "
    "and the later ones are spaced so that their cost stays under 5% of a long suite's time.";
static const char WHY_LOAD[] = "See the load timing in section 5.";
static const char WHY_SPARSE[] =
    "Each entry reads x and updates the gradient at a scattered column; at d = 10^6 both exceed the "
    "cache, so an entry costs two random cache lines (128 bytes) besides its own 12. Tried: asking for "
    "those lines 64 entries ahead (2-4x faster than without), 2 MiB pages for large vectors.";
static const char WHY_PEP[] = "DSDP's solve grows steeply with N: see the ratios in section 8.";

static int omp_threads(void)
{
    return omp_get_max_threads();
}

static void header(perf_ctx *c)
{
    struct utsname u;
    uname(&u);
    char date[64];
    time_t now = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", gmtime(&now));
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    fprintf(c->out, "# Performance\n\nMeasured by `make perf` (`build/descent perf`) on %s, %s %s, %ld cores, %s.\n"
                    "Every figure is the median of repeated timings in one process; ratios compare\n"
                    "numbers measured side by side.\n\n",
            u.nodename, u.sysname, u.machine, cores, date);
}

static void bandwidth(perf_ctx *c)
{
    size_t bytes = (size_t)(c->quick ? 64 : 512) << 20;
    c->bandwidth = ds_perf_read_bandwidth(bytes, c->quick ? 5 : 11);
    fprintf(c->out, "## 1. Read bandwidth\n\nOne pass over %zu MiB (in 2 MiB pages where the kernel gives them, as the problems' data),\n"
                    "the fastest of four readers, each the median of its runs: a sum of |x_i| (eight partial sums)\n"
                    "over the whole buffer, a dot product of each 4 KiB chunk with itself, a sum in four vectors\n"
                    "of four built for AVX2 and AVX-512 too, and a dot product of each run of 500 values with a\n"
                    "vector in L1: **%.2f GB/s**.\n\n",
            bytes >> 20, c->bandwidth / 1e9);
}

static void gradients(perf_ctx *c)
{
    static const char *const specs[] = {"lstsq:n=20000,d=500", "logreg:n=20000,d=500"};
    fprintf(c->out, "## 2. Full gradient against the bandwidth limit\n\n"
                    "The limit is one read of a buffer the size of the data matrix by the fastest of\n"
                    "section 1's readers. It is timed alternately with each f+grad and with f alone (the\n"
                    "same single read of the data with the margins and the losses but no gradient work),\n"
                    "so that a drift of the machine hits all three alike; each is the median of its runs.\n\n"
                    "| problem | matrix | time per f+grad | one-pass limit | fraction of limit | f alone | its fraction |\n"
                    "|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        double s, sf, limit, bytes;
        char msg[DS_ERRMSG_MAX];
        if (ds_perf_gradient(specs[i], c->quick ? 3 : 15, &s, &sf, &limit, &bytes, msg, sizeof msg)) {
            fprintf(c->out, "| `%s` | - | not measured: %s | | | | |\n", specs[i], msg);
            continue;
        }
        fprintf(c->out, "| `%s` | %.1f MB | %.3f ms | %.3f ms | %.0f%% | %.3f ms | %.0f%% |\n", specs[i],
                bytes / 1e6, 1e3 * s, 1e3 * limit, 100.0 * limit / s, 1e3 * sf, 100.0 * limit / sf);
        char what[96];
        snprintf(what, sizeof what, "f+grad of `%s`", specs[i]);
        target(c, limit / s >= 0.9, WHY_GRADIENT, what, ">= 90% of the one-pass limit", "%.0f%%", 100.0 * limit / s);
    }
    fprintf(c->out, "\n");
}

/* Set-up against one step: the one-core targets (CPU time, since the
 * machine may be shared), and the data-set path of lstsq for comparison
 * (an intercept column makes the synthetic spectrum undesigned, so L, mu
 * and x* come from a QR and SVD of A as for a data file). */
static void setups(perf_ctx *c)
{
    static const struct {
        const char *spec;
        double target;  /* CPU seconds; 0: none */
    } cases[] = {
        {"lstsq:n=20000,d=500,seed=1", 1.0},
        {"logreg:n=20000,d=500,seed=1", 1.0},
        {"lstsq:n=20000,d=500,seed=1,intercept=1", 0},
    };
    fprintf(c->out, "Set-up (data, L, mu, x*, f*), built afresh, against one full f+gradient of the\n"
                    "instance: the build's CPU time on one thread and its wall time (the median of %d\n"
                    "fresh builds for a target, of one otherwise; the machine may be shared, so CPU time\n"
                    "is the figure the target reads):\n\n"
                    "| problem | set-up CPU | set-up wall | one f+grad | set-up in f+grads | target |\n"
                    "|---|---|---|---|---|---|\n",
            c->quick ? 1 : 3);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ds_perf_setup_time t;
        char msg[DS_ERRMSG_MAX], verdict[64] = "-";
        int reps = c->quick || !cases[i].target ? 1 : 3;
        if (ds_perf_setup(cases[i].spec, reps, &t, msg, sizeof msg)) {
            fprintf(c->out, "| `%s` | not measured: %s | | | | |\n", cases[i].spec, msg);
            continue;
        }
        if (cases[i].target > 0 && t.cpu < cases[i].target)
            snprintf(verdict, sizeof verdict, "< %.0f s CPU: **met**", cases[i].target);
        else if (cases[i].target > 0)
            snprintf(verdict, sizeof verdict, "< %.0f s CPU: **missed** by %.2f s", cases[i].target,
                     t.cpu - cases[i].target);
        fprintf(c->out, "| `%s` | %.2f s | %.2f s | %.1f ms | %.0f | %s |\n", cases[i].spec, t.cpu, t.wall,
                1e3 * t.step, t.cpu / t.step, verdict);
        char what[96];
        snprintf(what, sizeof what, "set-up of `%s`", cases[i].spec);
        if (cases[i].target > 0)
            target(c, t.cpu < cases[i].target, WHY_SETUP, what, "< 1 s CPU, one thread", "%.2f s", t.cpu);
    }
    fprintf(c->out, "\n");
}

static void steps(perf_ctx *c)
{
    size_t dim = c->quick ? 100000 : 1000000;
    double pass = (double)dim * sizeof(double) / c->bandwidth;
    fprintf(c->out, "## 3. Optimizer step cost on a %zu-dimensional diagonal quadratic\n\n"
                    "In passes over one vector of x's size (%.1f MB, %.3f ms at the measured bandwidth);\n"
                    "the gradient is given, so this is the update alone.\n\n"
                    "| optimizer | time per step | passes |\n|---|---|---|\n",
            dim, (double)dim * 8 / 1e6, 1e3 * pass);
    for (const ds_optimizer_type *const *t = ds_optimizers; *t; t++) {
        if ((*t)->flags & (DS_OPT_SELF | DS_OPT_NEEDS_MATRIX | DS_OPT_DENSE | DS_OPT_NEEDS_HVP))
            continue;
        double s;
        char msg[DS_ERRMSG_MAX];
        if (ds_perf_step((*t)->name, dim, c->quick ? 5 : 21, &s, msg, sizeof msg))
            fprintf(c->out, "| `%s` | not measured: %s | |\n", (*t)->name, msg);
        else
            fprintf(c->out, "| `%s` | %.3f ms | %.1f |\n", (*t)->name, 1e3 * s, s / pass);
        if (!strcmp((*t)->name, "adam") && s > 0)
            target(c, s / pass <= 7.0, WHY_ADAM, "Adam's update", "<= 7 passes (its reads and writes)", "%.1f passes",
                   s / pass);
    }
    fprintf(c->out, "\n");
}

/* Wall time of the suite with `threads` threads; with `out`, written as
 * `descent bench` writes it (each run added to the file's image as it
 * ends, checkpoints, the final commit). The results come back in res, n. */
static int suite_time(const ds_suite *s, int threads, const char *out, double *secs, ds_result **res, size_t *n,
                      ds_err *err)
{
    ds_bench_opts o = {.threads = threads, .command = "descent perf", .out = out};
    ds_bench_report rep;
    double t0 = ds_perf_now();
    int rc = ds_bench_run(s, &o, res, n, &rep, err);
    *secs = ds_perf_now() - t0;
    return rc;
}


/* Median wall times of the suite on all threads without and with the
 * result file, alternated so that drifts of the machine hit both alike. */
#define SUITE_REPS 5
static int hdf5_share(const ds_suite *s, int threads, double *bare, double *with, ds_err *err)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "/tmp/descent-perf-%ld.h5", (long)getpid());
    double t0[SUITE_REPS], t1[SUITE_REPS];
    int rc = DS_OK;
    for (int k = 0; k < SUITE_REPS && !rc; k++) {
        ds_result *r = NULL;
        size_t n = 0;
        rc = suite_time(s, threads, NULL, &t0[k], &r, &n, err);
        ds_store_free(r, n);
        r = NULL, n = 0;
        if (!rc)
            rc = suite_time(s, threads, tmp, &t1[k], &r, &n, err);
        ds_store_free(r, n);
        unlink(tmp);
    }
    ds_sort_worst_last(t0, SUITE_REPS);
    ds_sort_worst_last(t1, SUITE_REPS);
    *bare = ds_quantile(t0, SUITE_REPS, 0.5);
    *with = ds_quantile(t1, SUITE_REPS, 0.5);
    return rc;
}

/* `key value` from a timings file; NaN when absent. */
static double load_value(const char *path, const char *key)
{
    FILE *f = path ? fopen(path, "r") : NULL;
    char line[256], k[64];
    double v, out = NAN;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "%63s %lf", k, &v) == 2 && !strcmp(k, key))
            out = v;
    if (f)
        fclose(f);
    return out;
}

/* Loading the suite's file into pandas (scripts/perf_load.py), against the
 * same runs in the version 1 layout, timed in the same `make perf`. */
static void load_times(perf_ctx *c)
{
    double tn = load_value(c->load, "new"), to = load_value(c->load, "old"), runs = load_value(c->load, "runs");
    if (isnan(tn) || isnan(to) || isnan(runs)) {
        fprintf(c->out, "Loading with h5py: not measured (scripts/perf_load.py needs Debian's python3-h5py and "
                        "python3-pandas).\n\n");
        return;
    }
    fprintf(c->out, "Loading the suite's result file (%.0f runs, %.0f records) with h5py into a runs and a "
                    "trajectory DataFrame (scripts/perf_load.py, median of 5): **%.3f s**; the same runs written "
                    "in the version 1 layout (a group per run) and walked group by group: %.3f s (%.1fx).\n\n",
            runs, load_value(c->load, "records"), tn, to, to / tn);
    target(c, tn < 0.3, WHY_LOAD, "loading the default suite's file with h5py", "< 0.3 s", "%.3f s", tn);
}

static void throughput(perf_ctx *c)
{
    fprintf(c->out, "## 4. Suite throughput and 5. HDF5 share\n\n");
    static ds_suite s;
    ds_err err = {0};
    if (ds_suite_load(c->suite, &s, &err) || ds_bench_validate(&s, 0, &err)) {
        fprintf(c->out, "`%s`: not measured: %s\n\n", c->suite, err.msg);
        ds_suite_free(&s);
        return;
    }
    int all = omp_threads();
    ds_result *r1 = NULL, *r2 = NULL;
    size_t n1 = 0, n2 = 0;
    double t1, t2, bare, with;
    if (suite_time(&s, 1, NULL, &t1, &r1, &n1, &err) || suite_time(&s, all, NULL, &t2, &r2, &n2, &err)) {
        fprintf(c->out, "`%s`: not measured: %s\n\n", c->suite, err.msg);
    } else {
        char tmp[64];
        snprintf(tmp, sizeof tmp, "/tmp/descent-perf-%ld.h5", (long)getpid());
        double w0 = ds_perf_now();
        int wrc = ds_store_write(tmp, "descent perf", NULL, 0, r2, n2, &err);
        double tw = ds_perf_now() - w0;
        unlink(tmp);
        fprintf(c->out, "`%s`, %zu runs, results kept in memory:\n\n"
                        "| threads | wall time | runs per second | parallel efficiency |\n|---|---|---|---|\n"
                        "| 1 | %.2f s | %.1f | - |\n| %d | %.2f s | %.1f | %.0f%% |\n\n",
                c->suite, n1, t1, (double)n1 / t1, all, t2, (double)n2 / t2, 100.0 * t1 / (all * t2));
        if (wrc)
            fprintf(c->out, "HDF5 writing: not measured: %s\n\n", err.msg);
        else
            fprintf(c->out, "Writing all %zu trajectories to HDF5 at once (one writer, in-memory image, "
                            "fsync): %.3f s, %.1f%% of the suite's %d-thread time plus the write.\n\n",
                    n2, tw, 100.0 * tw / (t2 + tw), all);
        if (hdf5_share(&s, all, &bare, &with, &err))
            fprintf(c->out, "HDF5 share in `descent bench`: not measured: %s\n\n", err.msg);
        else
            fprintf(c->out, "As `descent bench` writes it (each run added to the file's image as it ends, "
                            "checkpoints every 30 s and as their runs double, at most 5%% of the time, the final commit), median of %d "
                            "alternated runs on %d threads: %.2f s without the file, %.2f s with it: HDF5 "
                            "adds **%.1f%%** to the suite's time.\n\n",
                    SUITE_REPS, all, bare, with, 100.0 * (with - bare) / with);
        if (!isnan(bare))
            target(c, (with - bare) / with < 0.05, WHY_HDF5, "HDF5's share of the default suite's time", "< 5%",
                   "%.1f%%", 100.0 * (with - bare) / with);
        load_times(c);
    }
    ds_store_free(r1, n1);
    ds_store_free(r2, n2);
    ds_suite_free(&s);
}

/* Our side of the torch comparison: the same problem and method, timed
 * the way scripts/perf_torch.py times torch (the median over `repeats`
 * runs of (time of `steps` steps) / steps), so the two sides share their
 * statistic as well as their work. */
static const struct {
    const char *torch_case, *torch_opt, *problem, *optimizer;
    long steps;
    int repeats;
} torch_cases[] = {
    {"breast_cancer", "adam", "logreg:data=breast_cancer", "adam:lr=0.01", 2000, 7},
    {"breast_cancer", "sgd_momentum", "logreg:data=breast_cancer", "sgd:lr=0.01,momentum=0.9,batch=all", 2000, 7},
    {"lstsq_large", "adam", "lstsq:n=20000,d=500", "adam:lr=0.01", 40, 5},
    {"lstsq_large", "sgd_momentum", "lstsq:n=20000,d=500", "sgd:lr=0.01,momentum=0.9,batch=all", 40, 5},
};

enum { TORCH_MAX_REPEATS = 16 };

static int our_time(size_t i, double *secs, char *msg, size_t msgsize)
{
    double t[TORCH_MAX_REPEATS];
    int reps = torch_cases[i].repeats < TORCH_MAX_REPEATS ? torch_cases[i].repeats : TORCH_MAX_REPEATS;
    for (int r = 0; r < reps; r++)
        if (ds_perf_run(torch_cases[i].problem, torch_cases[i].optimizer, torch_cases[i].steps, &t[r], msg, msgsize))
            return -1;
    ds_sort_worst_last(t, (size_t)reps);
    *secs = ds_quantile(t, (size_t)reps, 0.5);
    return 0;
}

static int torch_time(const char *path, const char *cas, const char *opt, double *secs)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[256], a[64], b[64];
    double s;
    int found = -1;
    while (found && fgets(line, sizeof line, f))
        if (line[0] != '#' && sscanf(line, "%63s %63s %lf", a, b, &s) == 3 && !strcmp(a, cas) && !strcmp(b, opt)) {
            *secs = s;
            found = 0;
        }
    fclose(f);
    return found;
}

static void torch_table(perf_ctx *c)
{
    fprintf(c->out, "## 6. Against torch.optim\n\n");
    double dummy;
    if (!c->torch || torch_time(c->torch, torch_cases[0].torch_case, torch_cases[0].torch_opt, &dummy)) {
        fprintf(c->out, "torch is not installed here (Debian's python3-torch): not measured.\n\n");
        return;
    }
    fprintf(c->out, "Both sides float64 and one thread, measured in the same `make perf`. A torch step is\n"
                    "zero_grad, loss, backward (autograd), step (scripts/perf_torch.py); a descent step is\n"
                    "the run loop's gradient and update (recording excluded). Each side is the median over\n"
                    "the same number of runs of the same number of steps (%d of %ld on breast_cancer, %d of\n"
                    "%ld on lstsq) of the run's time per step.\n\n"
                    "| problem | optimizer | torch per step | descent per step | speed-up |\n|---|---|---|---|---|\n",
            torch_cases[0].repeats, torch_cases[0].steps, torch_cases[2].repeats, torch_cases[2].steps);
    for (size_t i = 0; i < sizeof torch_cases / sizeof torch_cases[0]; i++) {
        double ts, ds;
        char msg[DS_ERRMSG_MAX];
        if (torch_time(c->torch, torch_cases[i].torch_case, torch_cases[i].torch_opt, &ts))
            continue;
        if (our_time(i, &ds, msg, sizeof msg)) {
            fprintf(c->out, "| `%s` | `%s` | not measured: %s | | |\n", torch_cases[i].problem,
                    torch_cases[i].optimizer, msg);
            continue;
        }
        fprintf(c->out, "| `%s` | `%s` | %.2f us | %.2f us | **%.1fx** |\n", torch_cases[i].problem,
                torch_cases[i].optimizer, 1e6 * ts, 1e6 * ds, ts / ds);
        if (!strcmp(torch_cases[i].torch_case, "breast_cancer")) {
            char what[96];
            snprintf(what, sizeof what, "`%s` on breast_cancer against torch.optim", torch_cases[i].optimizer);
            target(c, ts / ds >= 20.0, WHY_TORCH, what, ">= 20x faster a step", "%.1fx", ts / ds);
        }
    }
    fprintf(c->out, "\n");
}

/* The scaling study, its figure's points next to the report
 * (results/scaling_perf.dat for results/perf.md). */
static void scaling(perf_ctx *c, const char *path)
{
    char dat[4096], msg[DS_ERRMSG_MAX];
    const char *slash = strrchr(path, '/');
    snprintf(dat, sizeof dat, "%.*sscaling_perf.dat", slash ? (int)(slash - path + 1) : 0, path);
    FILE *f = fopen(dat, "w");
    double share = NAN;
    if (ds_scaling_study(c->out, f, 7, c->bandwidth, c->quick, &share, msg, sizeof msg))
        fprintf(c->out, "(scaling study failed: %s)\n\n", msg);
    if (!isnan(share))
        target(c, share >= 0.5, WHY_SPARSE, "sparse logreg gradient, d = 10^6", ">= 50% of the one-pass limit",
               "%.0f%%", 100.0 * share);
    if (f)
        fclose(f);
}

/* CPU seconds of one exact worst case (trace and SDP), or a negative
 * value when it fails. */
static double pep_cpu(const char *text, ds_pep_class cls, ds_pep_measure m, double D, long N, char *msg,
                      size_t msgsize)
{
    ds_values v;
    ds_err err = {0};
    const ds_optimizer_type *ot = NULL;
    ds_pep_setup su = {.cls = cls, .L = 1, .mu = cls == DS_PEP_SMOOTH_CONVEX ? 0.0 : 0.1, .measure = m, .R = 1,
                       .D = D};
    ds_pep_result r;
    clock_t c0 = clock();
    int bad = ds_optimizer_parse(text, &v, &err) || !(ot = ds_optimizer_find(v.name)) ||
              ds_pep_bound(ot, &v, &su, N, N, &r, &err);
    ds_values_free(&v);
    if (bad) {
        snprintf(msg, msgsize, "%s", err.msg);
        return -1.0;
    }
    return (double)(clock() - c0) / CLOCKS_PER_SEC;
}

/* The SDP solve time of performance estimation against the horizon. */
static void pep_times(perf_ctx *c)
{
    static const struct {
        const char *spec;
        ds_pep_class cls;
        ds_pep_measure m;
        double D;
    } cases[] = {{"gd:lr=1/L", DS_PEP_SMOOTH_CONVEX, DS_PEP_GAP, NAN},
                 {"ogm", DS_PEP_SMOOTH_CONVEX, DS_PEP_GAP, NAN},
                 {"ogm_g", DS_PEP_SMOOTH_CONVEX, DS_PEP_GRAD2, 0.5},
                 {"itm", DS_PEP_SMOOTH_STRONGLY_CONVEX, DS_PEP_DIST2, NAN},
                 {"triple_momentum", DS_PEP_SMOOTH_STRONGLY_CONVEX, DS_PEP_GAP, NAN}};
    static const long Ns[] = {10, 20, 30};
    fprintf(c->out, "## 8. Exact worst cases (`descent pep`)\n\n"
                    "CPU seconds of one worst case (the method traced, the SDP built and solved by DSDP;\n"
                    "on the smooth convex class by constraint generation, on the strongly convex one in\n"
                    "full, there beyond 10 steps after the SDPs of 5 and 10 steps that estimate the rate\n"
                    "it is scaled by, and in the shifted gradients g - mu x, whose interpolation rows have\n"
                    "O(N) nonzeros instead of O(N^2): DSDP's LP cone costs (unknowns) x (nonzeros of all\n"
                    "rows) per iteration; solved again when its gap is coarse), L = 1, R = 1, mu = 0.1 on\n"
                    "the strongly convex class, f(x0) - f* <= 1/2 for ogm_g; in brackets, the ratio to the\n"
                    "same method's N = 10.\n\n"
                    "| method | N = 10 | N = 20 | N = 30 |\n|---|---|---|---|\n");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fprintf(c->out, "| `%s`, %s, %s |", cases[i].spec, ds_pep_class_name(cases[i].cls),
                ds_pep_measure_name(cases[i].m));
        double first = 0.0;
        for (size_t k = 0; k < sizeof Ns / sizeof Ns[0]; k++) {
            char msg[DS_ERRMSG_MAX];
            double s = pep_cpu(cases[i].spec, cases[i].cls, cases[i].m, cases[i].D, Ns[k], msg, sizeof msg);
            if (s < 0)
                fprintf(c->out, " not measured: %s |", msg);
            else if (k == 0)
                fprintf(c->out, " %.3f s |", first = s);
            else
                fprintf(c->out, " %.3f s (%.0fx) |", s, first > 0 ? s / first : NAN);
            char what[96];
            snprintf(what, sizeof what, "worst case of `%s` at N = 30", cases[i].spec);
            if (Ns[k] == 30 && s >= 0)
                target(c, s <= 5.0, WHY_PEP, what, "a few seconds (<= 5 s CPU)", "%.2f s", s);
        }
        fprintf(c->out, "\n");
    }
    fprintf(c->out, "\n");
}

/* The targets, met or not, with the reason for each miss. */
static void targets(perf_ctx *c)
{
    fprintf(c->out, "## 9. Targets\n\nEach target against this run's figures above.\n\n"
                    "| target | goal | measured | |\n|---|---|---|---|\n");
    int missed = 0;
    for (int i = 0; i < c->nt; i++) {
        fprintf(c->out, "| %s | %s | %s | %s |\n", c->t[i].what, c->t[i].goal, c->t[i].measured,
                c->t[i].met ? "met" : "**missed**");
        missed += !c->t[i].met;
    }
    if (missed)
        fprintf(c->out, "\nWhy the missed ones miss, and what was tried:\n\n");
    const char *said[PERF_TARGETS];
    int nsaid = 0;
    for (int i = 0; i < c->nt; i++) {
        int dup = 0;
        for (int k = 0; k < nsaid; k++)
            dup |= said[k] == c->t[i].why;
        if (c->t[i].met || dup)
            continue;
        said[nsaid++] = c->t[i].why;
        fprintf(c->out, "- %s: %s\n", c->t[i].what, c->t[i].why);
    }
    fprintf(c->out, "\n");
}

static int perf_main(int argc, char **argv);

static const ds_param perf_options[] = {
    {"out", DS_P_STR, "results/perf.md", 0, 0, DS_CLI_OUT, "FILE.md", "the Markdown report"},
    {"quick", DS_P_BOOL, "0", 0, 1, 0, NULL, "fewer repetitions: a rough report in seconds"},
    {"torch", DS_P_STR, NULL, 0, 0, DS_CLI_FILE, "TIMINGS", "torch.optim step timings to compare with"},
    {"suite", DS_P_STR, "suites/default.ini", 0, 0, DS_CLI_FILE, "SUITE.ini", "the suite whose throughput is measured"},
    {"load", DS_P_STR, NULL, 0, 0, DS_CLI_FILE, "TIMINGS", "h5py load timings (scripts/perf_load.py) to report"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

const ds_cli_cmd ds_cli_perf = {
    "perf", "measure bandwidth, gradient and step costs; write results/perf.md", NULL, 0, 0,
    "Measures read bandwidth, gradient time against the one-pass limit, optimizer step\n"
    "costs and a suite's throughput; writes a Markdown report.",
    perf_options, "descent perf --quick --out /tmp/perf.md", perf_main};

static int perf_main(int argc, char **argv)
{
    ds_cli_args a;
    int rc = ds_cli_parse(&ds_cli_perf, argc, argv, &a);
    const char *path = ds_arg_str(&a, "out");
    perf_ctx c = {.suite = ds_arg_str(&a, "suite"), .torch = ds_arg_str(&a, "torch"), .quick = ds_arg_on(&a, "quick"),
                 .load = ds_arg_str(&a, "load")};
    ds_cli_args_free(&a);
    if (rc)
        return rc > 0 ? DS_EXIT_OK : DS_EXIT_USAGE;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    c.out = fopen(tmp, "w");
    if (!c.out) {
        ds_cli_error("perf: cannot write '%s'", tmp);
        return DS_EXIT_FAIL;
    }
    header(&c);
    bandwidth(&c);
    fprintf(stderr, "perf: bandwidth %.2f GB/s\n", c.bandwidth / 1e9);
    gradients(&c);
    setups(&c);
    fprintf(stderr, "perf: gradients and set-ups done\n");
    steps(&c);
    fprintf(stderr, "perf: optimizer steps done\n");
    throughput(&c);
    fprintf(stderr, "perf: suite throughput done\n");
    torch_table(&c);
    scaling(&c, path);
    fprintf(stderr, "perf: scaling study done\n");
    pep_times(&c);
    fprintf(stderr, "perf: exact worst cases done\n");
    targets(&c);
    if (fclose(c.out) != 0 || rename(tmp, path) != 0) {
        unlink(tmp);
        ds_cli_error("perf: cannot write '%s'", path);
        return DS_EXIT_FAIL;
    }
    fprintf(stderr, "perf: wrote %s\n", path);
    return DS_EXIT_OK;
}
