/* descent run: one problem x optimizer x schedule over seeds, in parallel
 * (OpenMP over seeds), a summary table, and optionally an HDF5 file. */
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/mem.h"
#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../core/schedule.h"
#include "cli.h"
#include "opts.h"
#include "../engine/progress.h"
#include "../engine/run.h"
#include "../harness/bench.h"
#include "../harness/runner.h"
#include "../harness/store.h"
#include "../report/aggregate.h"

static volatile sig_atomic_t interrupted = 0;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

static int run_main(int argc, char **argv);

static const ds_param run_options[] = {
    {"problem", DS_P_STR, NULL, 0, 0, DS_CLI_REQUIRED, "SPEC", "the problem, name:key=value,... (descent list problems)"},
    {"optimizer", DS_P_STR, NULL, 0, 0, DS_CLI_REQUIRED, "SPEC",
     "the optimizer, name:key=value,... (descent list optimizers)"},
    {"schedule", DS_P_STR, "constant", 0, 0, 0, "SPEC", "the learning-rate schedule (descent list schedules)"},
    {"iters", DS_P_INT, "1000", 0, 1e9, 0, NULL, "step budget"},
    {"seeds", DS_P_INT, "1", 1, 1e6, 0, NULL, "number of seeds, run in parallel"},
    {"seed", DS_P_INT, "0", 0, 9007199254740991.0, 0, NULL, "first seed: seeds S..S+K-1 are run"},
    {"x0", DS_P_STR, NULL, 0, 0, 0, "v1,v2,...", "starting point (default: the problem's own)"},
    {"log-every", DS_P_INT, "0", 0, 1e9, 0, NULL, "record every N-th iteration (0: log-spaced records)"},
    {"out", DS_P_STR, NULL, 0, 0, DS_CLI_OUT, "FILE.h5",
     "write every trajectory (to a temporary file, then renamed); checked before running"},
    {"target", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "stop when f - f* <= X (0: never)"},
    {"gtol", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "stop when ||grad f|| <= X (0: never)"},
    {"max-epochs", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "stop after X passes over the data (0: no limit)"},
    {"time-limit", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "stop a run after X seconds (0: no limit)"},
    {"digits", DS_P_INT, "6", 1, 17, 0, NULL,
     "significant digits of L and mu in the summary (17: full precision, %.17g; f* always has 17)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

const ds_cli_cmd ds_cli_run = {
    "run", "run one problem x optimizer over seeds and print a summary", NULL, 0, 0,
    "Runs seeds S..S+K-1 in parallel and prints, per seed and the median, the final\n"
    "f - f*, ||grad f||, iterations and status. Specs are name:key=value,... and step\n"
    "sizes may be written in the problem's constants (lr=1/L, lr=2/(L+mu)).",
    run_options, "descent run --problem quadratic:dim=100,kappa=1000 --optimizer 'gd:lr=2/(L+mu)'", run_main};

typedef struct {
    const char *problem, *optimizer, *schedule, *out, *x0;
    long seeds, seed, log_every;
    int digits;
    ds_stop stop;
} run_opts;

static void read_opts(const ds_cli_args *a, run_opts *o)
{
    memset(o, 0, sizeof *o);
    ds_stop_defaults(&o->stop);
    o->problem = ds_arg_str(a, "problem");
    o->optimizer = ds_arg_str(a, "optimizer");
    o->schedule = ds_arg_str(a, "schedule");
    o->out = ds_arg_str(a, "out");
    o->x0 = ds_arg_str(a, "x0");
    o->seeds = ds_arg_long(a, "seeds");
    o->seed = ds_arg_long(a, "seed");
    o->log_every = ds_arg_long(a, "log-every");
    o->digits = (int)ds_arg_long(a, "digits");
    o->stop.max_iters = ds_arg_long(a, "iters");
    o->stop.target = ds_arg_num(a, "target");
    o->stop.gtol = ds_arg_num(a, "gtol");
    o->stop.max_evals = ds_arg_num(a, "max-epochs");
    o->stop.time_limit = ds_arg_num(a, "time-limit");
}

static double median(double *v, size_t n)
{
    ds_sort_worst_last(v, n);
    return ds_quantile(v, n, 0.5);
}

static void summary(const ds_result *res, size_t n, int digits)
{
    printf("problem   %s\noptimizer %s\nschedule  %s\n", res[0].problem, res[0].optimizer, res[0].schedule);
    printf("L = %.*g, mu = %.*g, f* = %.17g, dim = %zu\n\n", digits, res[0].L, digits, res[0].mu, res[0].f_star,
           res[0].dim);
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
 * (eight numbers a record, and x for dim <= 3), as many records as the
 * engine allocates (ds_run_records). Checked against the memory this
 * process may still use, so --seeds 1000000 is refused up front with the
 * figure, not half way. */
static int check_memory(const run_opts *o, size_t n)
{
    double records = (double)ds_run_records(o->log_every, o->stop.max_iters > 0 ? o->stop.max_iters : 1);
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

static int parse_specs(const run_opts *o, ds_values *pv, ds_values *ov, ds_values *sv)
{
    ds_err err = {0};
    int rc = ds_problem_parse(o->problem, pv, &err);
    if (!rc)
        rc = ds_optimizer_parse(o->optimizer, ov, &err);
    if (!rc)
        rc = ds_schedule_parse(o->schedule, sv, &err);
    if (rc)
        ds_cli_error("%s", err.msg);
    return rc;
}

static int run_parsed(const run_opts *o, ds_values *pv, ds_values *ov, ds_values *sv);

static int run_main(int argc, char **argv)
{
    ds_cli_args a;
    int rc = ds_cli_parse(&ds_cli_run, argc, argv, &a);
    run_opts o;
    read_opts(&a, &o);
    ds_cli_args_free(&a);
    if (rc)
        return rc > 0 ? DS_EXIT_OK : DS_EXIT_USAGE;
    ds_values v[3] = {{.n = 0}, {.n = 0}, {.n = 0}};
    rc = parse_specs(&o, &v[0], &v[1], &v[2]);
    int status = rc ? ds_cli_exit(rc) : run_parsed(&o, &v[0], &v[1], &v[2]);
    for (int i = 0; i < 3; i++)
        ds_values_free(&v[i]);
    return status;
}

static int run_parsed(const run_opts *po, ds_values *pv, ds_values *ov, ds_values *sv)
{
    run_opts o = *po;
    ds_err err = {0};
    if (o.out && ds_store_check_out(o.out, &err)) {  /* before any work */
        ds_cli_error("--out: %s", err.msg);
        return DS_EXIT_USAGE;
    }
    const ds_value *data = ds_value_get(pv, "data");
    struct stat sa, sb;
    if (o.out && data && data->text[0] && stat(o.out, &sa) == 0 && stat(data->text, &sb) == 0 &&
        sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino) {
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
        free(res);
        free(codes);
        free(errs);
        free(x0);
        return DS_EXIT_FAIL;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    /* A long run shows its progress on stderr (the first seed's, as the
     * seeds run side by side); stdout keeps only the summary. */
    char label[64];
    snprintf(label, sizeof label, "seed %lld", (long long)o.seed);
    ds_run_progress prog;
    ds_run_progress_init(&prog, stderr, isatty(STDERR_FILENO), label);
    ds_observer prog_obs = ds_run_progress_observer(&prog);
#pragma omp parallel for schedule(dynamic)
    for (size_t i = 0; i < n; i++) {
        ds_run_spec rs = {.problem = pv, .optimizer = ov, .schedule = sv, .seed = (uint64_t)o.seed + i,
                          .stop = o.stop, .log_every = o.log_every, .x0 = x0, .x0_len = nx0,
                          .interrupt = &interrupted, .observers = i == 0 ? &prog_obs : NULL,
                          .n_observers = i == 0};
        codes[i] = ds_run(&rs, &res[i], &errs[i]);
    }
    int status = DS_EXIT_OK;
    for (size_t i = 0; i < n; i++)
        if (codes[i]) {
            ds_cli_error("%s", errs[i].msg);
            status = ds_cli_exit(codes[i]);
            break;
        }
    if (status == DS_EXIT_OK && interrupted)
        status = save_finished(&o, res, n);
    else if (status == DS_EXIT_OK) {
        summary(res, n, o.digits);
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
