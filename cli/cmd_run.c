/* descent run: one problem x optimizer x schedule over seeds, in parallel
 * (OpenMP over seeds), a summary table, and optionally an HDF5 file. */
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/mem.h"
#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../core/schedule.h"
#include "cli.h"
#include "../engine/run.h"
#include "../harness/bench.h"
#include "../harness/store.h"

static volatile sig_atomic_t interrupted = 0;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

static void help(void)
{
    printf("usage: descent run --problem SPEC --optimizer SPEC [--schedule SPEC] [--iters N]\n"
           "                   [--seeds K] [--seed S] [--x0 v1,v2,...] [--log-every N] [--out FILE.h5]\n"
           "                   [--target EPS] [--gtol EPS] [--max-epochs E] [--time-limit SEC]\n"
           "Runs seeds S..S+K-1 in parallel and prints, per seed and the median, the final\n"
           "f - f*, ||grad f||, iterations and status. Specs are name:key=value,... and step\n"
           "sizes may be written in the problem's constants (lr=1/L, lr=2/(L+mu)).\n"
           "  --iters N       step budget (default 1000)\n"
           "  --log-every N   record every N-th iteration (default: log-spaced)\n"
           "  --out FILE.h5   write every trajectory (written to a temporary file, then renamed)\n"
           "example: descent run --problem quadratic:dim=100,kappa=1000 --optimizer gd:lr=2/(L+mu)\n");
}

typedef struct {
    const char *problem, *optimizer, *schedule, *out, *x0;
    long iters, seeds, seed, log_every;
    ds_stop stop;
} run_opts;

static int parse_opts(int argc, char **argv, run_opts *o)
{
    static const struct option longs[] = {
        {"problem", required_argument, 0, 'p'}, {"optimizer", required_argument, 0, 'o'},
        {"schedule", required_argument, 0, 's'}, {"iters", required_argument, 0, 'i'},
        {"seeds", required_argument, 0, 'k'},    {"seed", required_argument, 0, 'S'},
        {"x0", required_argument, 0, 'x'},       {"log-every", required_argument, 0, 'l'},
        {"out", required_argument, 0, 'O'},      {"target", required_argument, 0, 't'},
        {"gtol", required_argument, 0, 'g'},     {"max-epochs", required_argument, 0, 'e'},
        {"time-limit", required_argument, 0, 'T'}, {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    memset(o, 0, sizeof *o);
    o->schedule = "constant";
    o->seeds = 1;
    ds_stop_defaults(&o->stop);
    o->iters = o->stop.max_iters;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
        int bad = 0;
        switch (c) {
        case 'p': o->problem = optarg; break;
        case 'o': o->optimizer = optarg; break;
        case 's': o->schedule = optarg; break;
        case 'x': o->x0 = optarg; break;
        case 'O': o->out = optarg; break;
        case 'i': bad = ds_cli_long("--iters", optarg, 0, 1000000000L, &o->iters); break;
        case 'k': bad = ds_cli_long("--seeds", optarg, 1, 1000000L, &o->seeds); break;
        case 'S': bad = ds_cli_long("--seed", optarg, 0, 9007199254740991L, &o->seed); break;
        case 'l': bad = ds_cli_long("--log-every", optarg, 1, 1000000000L, &o->log_every); break;
        case 't': bad = ds_cli_double("--target", optarg, 0, INFINITY, &o->stop.target); break;
        case 'g': bad = ds_cli_double("--gtol", optarg, 0, INFINITY, &o->stop.gtol); break;
        case 'e': bad = ds_cli_double("--max-epochs", optarg, 0, INFINITY, &o->stop.max_evals); break;
        case 'T': bad = ds_cli_double("--time-limit", optarg, 0, INFINITY, &o->stop.time_limit); break;
        case 'h': help(); return 1;
        case ':': ds_cli_error("run: %s needs a value", argv[optind - 1]); return -1;
        default: ds_cli_error("run: unknown option '%s' (see descent run --help)", argv[optind - 1]); return -1;
        }
        if (bad)
            return -1;
    }
    if (optind < argc) {
        ds_cli_error("run: unexpected argument '%s'", argv[optind]);
        return -1;
    }
    if (!o->problem || !o->optimizer) {
        ds_cli_error("run: --problem and --optimizer are required (see descent run --help)");
        return -1;
    }
    o->stop.max_iters = o->iters;
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    if (isnan(x))
        return isnan(y) ? 0 : 1;
    if (isnan(y))
        return -1;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static void summary(const ds_result *res, size_t n)
{
    printf("problem   %s\noptimizer %s\nschedule  %s\n", res[0].problem, res[0].optimizer, res[0].schedule);
    printf("L = %.6g, mu = %.6g, f* = %.17g, dim = %zu\n\n", res[0].L, res[0].mu, res[0].f_star, res[0].dim);
    printf("%8s  %-11s %10s %14s %14s %14s\n", "seed", "status", "iters", "f - f*", "||grad||", "f");
    double *gap = malloc(n * sizeof *gap), *gn = malloc(n * sizeof *gn), *it = malloc(n * sizeof *it),
           *f = malloc(n * sizeof *f);
    for (size_t i = 0; i < n; i++) {
        const ds_result *r = &res[i];
        printf("%8llu  %-11s %10ld %14.6e %14.6e %14.6e\n", (unsigned long long)r->seed,
               ds_status_name(r->status), r->iters, r->gap_final, r->gnorm_final, r->f_final);
        if (gap && gn && it && f) {
            gap[i] = r->gap_final;
            gn[i] = r->gnorm_final;
            it[i] = (double)r->iters;
            f[i] = r->f_final;
        }
    }
    if (n > 1 && gap && gn && it && f)
        printf("%8s  %-11s %10.0f %14.6e %14.6e %14.6e\n", "median", "", median(it, n), median(gap, n),
               median(gn, n), median(f, n));
    free(gap);
    free(gn);
    free(it);
    free(f);
}

/* What n runs keep until the file is written: each result and its trace
 * (eight numbers a record, and x for dim <= 3), records ten a decade when
 * log-spaced. Checked against the memory this process may still use, so
 * --seeds 1000000 is refused up front with the figure, not half way. */
static int check_memory(const run_opts *o, size_t n)
{
    long it = o->stop.max_iters > 0 ? o->stop.max_iters : 1;
    double records = o->log_every > 0 ? (double)it / (double)o->log_every + 2 : 10 * log10((double)it + 1) + 2;
    double need = (double)n * ((double)sizeof(ds_result) + records * 11 * sizeof(double));
    double avail = ds_mem_available();
    if (avail > 0 && need > avail) {
        ds_cli_error("--seeds %zu: the runs would keep %.3g GiB of results, more than the %.3g GiB this process "
                     "may use; use fewer seeds or a larger --log-every", n, need / (1ULL << 30),
                     avail / (1ULL << 30));
        return -1;
    }
    return 0;
}

/* After SIGINT/SIGTERM: the seeds that finished are written (the run in
 * progress of each thread stopped and is left out). */
static int save_finished(const run_opts *o, ds_result *res, size_t n)
{
    size_t m = 0;
    ds_err err = {0};
    for (size_t i = 0; i < n; i++)
        if (ds_bench_complete(res[i].status)) {
            ds_result t = res[m];
            res[m++] = res[i];
            res[i] = t;
        }
    if (!o->out || !m) {
        ds_cli_error("interrupted: %zu of %zu seeds finished%s", m, n, o->out ? "; no file written" : "");
        return DS_EXIT_FAIL;
    }
    if (ds_store_write(o->out, ds_cli_command_line(), NULL, 0, res, m, &err)) {
        ds_cli_error("%s", err.msg);
        return DS_EXIT_FAIL;
    }
    ds_cli_error("interrupted: the %zu of %zu seeds that finished are in %s", m, n, o->out);
    return DS_EXIT_FAIL;
}

int ds_cmd_run(int argc, char **argv)
{
    run_opts o;
    int rc = parse_opts(argc, argv, &o);
    if (rc)
        return rc > 0 ? DS_EXIT_OK : DS_EXIT_USAGE;
    ds_err err = {0};
    static ds_values pv, ov, sv;
    if (ds_problem_parse(o.problem, &pv, &err) || ds_optimizer_parse(o.optimizer, &ov, &err) ||
        ds_schedule_parse(o.schedule, &sv, &err)) {
        ds_cli_error("%s", err.msg);
        return DS_EXIT_USAGE;
    }
    if (o.out && ds_store_check_out(o.out, &err)) {  /* before any work */
        ds_cli_error("--out: %s", err.msg);
        return DS_EXIT_USAGE;
    }
    const ds_value *data = ds_value_get(&pv, "data");
    struct stat a, b;
    if (o.out && data && data->text[0] && stat(o.out, &a) == 0 && stat(data->text, &b) == 0 &&
        a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
        ds_cli_error("--out '%s' is the problem's data file", o.out);
        return DS_EXIT_USAGE;
    }
    double *x0 = NULL;
    size_t nx0 = 0;
    if (o.x0 && ds_cli_parse_doubles(o.x0, &x0, &nx0)) {
        ds_cli_error("--x0 %s: expected finite numbers separated by commas", o.x0);
        return DS_EXIT_USAGE;
    }
    size_t n = (size_t)o.seeds;
    if (check_memory(&o, n)) {
        free(x0);
        return DS_EXIT_USAGE;
    }
    ds_result *res = calloc(n, sizeof *res);
    int *codes = calloc(n, sizeof *codes);
    ds_err *errs = calloc(n, sizeof *errs);
    if (!res || !codes || !errs) {
        ds_cli_error("out of memory for %zu runs", n);
        return DS_EXIT_FAIL;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
#pragma omp parallel for schedule(dynamic)
    for (size_t i = 0; i < n; i++) {
        ds_run_spec rs = {.problem = &pv, .optimizer = &ov, .schedule = &sv, .seed = (uint64_t)o.seed + i,
                          .stop = o.stop, .log_every = o.log_every, .x0 = x0, .x0_len = nx0,
                          .interrupt = &interrupted};
        codes[i] = ds_run(&rs, &res[i], &errs[i]);
    }
    int status = DS_EXIT_OK;
    for (size_t i = 0; i < n; i++)
        if (codes[i]) {
            ds_cli_error("%s", errs[i].msg);
            status = codes[i] == DS_EINVAL || codes[i] == DS_ENOTSUP || codes[i] == DS_ENOMEM
                         ? DS_EXIT_USAGE
                         : DS_EXIT_FAIL;
            break;
        }
    if (status == DS_EXIT_OK && interrupted)
        status = save_finished(&o, res, n);
    else if (status == DS_EXIT_OK) {
        summary(res, n);
        if (o.out && ds_store_write(o.out, ds_cli_command_line(), NULL, 0, res, n, &err)) {
            ds_cli_error("%s", err.msg);
            status = DS_EXIT_FAIL;
        }
    }
    for (size_t i = 0; i < n; i++)
        ds_result_free(&res[i]);
    free(res);
    free(codes);
    free(errs);
    free(x0);
    return status;
}
