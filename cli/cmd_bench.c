/* descent bench SUITE [--out FILE.h5] [--resume] [--shard i/N] [--threads N]
 *                    [--checkpoint S] [--tables DIR] [--no-tables] [--figures DIR] [--no-figures]
 * and descent report FILE.h5 [--tables DIR]: run a suite file and write its
 * result file, tables and figures; rebuild the tables from a result file. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <omp.h>

#include "../harness/bench.h"
#include "../harness/bench_mpi.h"
#include "cli.h"
#include "opts.h"
#include "../harness/store.h"
#include "../harness/suite.h"
#include "../report/claims.h"
#include "../report/tables.h"

static volatile sig_atomic_t interrupted = 0;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

/* The first SIGINT/SIGTERM stops the suite cleanly; a second one (the
 * handler resets itself) ends the process at once. */
static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

typedef struct {
    const char *suite, *out, *dir, *figdir, *baseline;
    int resume, no_tables, no_figures, force;
    long shard, nshards, threads;
    double checkpoint;
} bench_opts;

static int parse_shard(const char *text, long *i, long *n)
{
    char extra;
    if (sscanf(text, "%ld/%ld%c", i, n, &extra) != 2 || *n < 1 || *i < 1 || *i > *n || *n > 1000000) {
        ds_cli_error("--shard %s: expected i/N with 1 <= i <= N (e.g. --shard 2/4)", text);
        return -1;
    }
    return 0;
}

static int bench_cmd(int argc, char **argv);
static int report_main(int argc, char **argv);

/* A compact copy of the runs for `descent compare` to hold later results
 * against: no run times, no iterates or final points, and of the
 * provenance only the suite (no host, date or code version), so that the
 * same results give the same bytes on any machine. */
static int write_baseline(const char *path, const char *out, const ds_result *res, size_t n, ds_err *err)
{
    static const char *const keys[] = {"suite", "suite_name", "suite_path", "suite_sha", "suite_runs"};
    enum { NK = sizeof keys / sizeof keys[0] };
    static char vals[NK][1 << 16];
    ds_meta meta[NK];
    int rc = DS_OK;
    for (size_t k = 0; k < NK && !rc; k++) {
        rc = ds_store_root_attr(out, keys[k], vals[k], sizeof vals[k], err);
        meta[k] = (ds_meta){keys[k], vals[k], k == NK - 1};
    }
    ds_result *c = rc ? NULL : malloc((n + 1) * sizeof *c);
    if (!rc && !c)
        rc = ds_fail(err, DS_ENOMEM, "out of memory for the baseline of %zu runs", n);
    for (size_t i = 0; i < n && c; i++) {
        c[i] = res[i];  /* shallow: the writer copies what it keeps */
        c[i].seconds = 0;
        c[i].x_final = NULL;
        c[i].trace.xdim = 0;
    }
    if (!rc)
        rc = ds_store_write(path, "descent bench --baseline", meta, NK, c, n, err);
    free(c);
    return rc;
}

static const ds_param bench_options[] = {
    {"out", DS_P_STR, NULL, 0, 0, DS_CLI_OUT, "FILE.h5", "the result file (default results/<suite>.h5)"},
    {"resume", DS_P_BOOL, "0", 0, 1, 0, NULL,
     "keep the complete runs of FILE.h5 (same suite and code version), run the rest"},
    {"force", DS_P_BOOL, "0", 0, 1, 0, NULL, "replace FILE.h5 even when it holds another suite's runs"},
    {"shard", DS_P_STR, NULL, 0, 0, 0, "i/N", "run only part i (1..N) of N disjoint parts; tables are left to merge"},
    {"threads", DS_P_INT, "0", 0, 4096, 0, NULL, "OpenMP threads (0: all); results do not depend on it"},
    {"checkpoint", DS_P_REAL, "30", 0, 1e9, DS_P_LO_OPEN, NULL,
     "seconds of runs a crash may lose: FILE.h5 is rewritten this often (the first time after this long), "
     "never sooner than 20 times the last rewrite took"},
    {"tables", DS_P_STR, "results", 0, 0, DS_CLI_OUTDIR, "DIR", "directory of the suite's tables"},
    {"no-tables", DS_P_BOOL, "0", 0, 1, 0, NULL, "write no tables"},
    {"figures", DS_P_STR, "plots", 0, 0, DS_CLI_OUTDIR, "DIR",
     "directory of the suite's [figure NAME] sections, drawn with gnuplot (PNG, PDF, SVG)"},
    {"no-figures", DS_P_BOOL, "0", 0, 1, 0, NULL, "draw no figures"},
    {"baseline", DS_P_STR, NULL, 0, 0, DS_CLI_OUT, "BASE.h5",
     "also write a compact copy for `descent compare` (no run times, iterates, host or date: the same results, the same bytes)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

const ds_cli_cmd ds_cli_bench = {
    "bench", "run a suite file in parallel: result file and tables (resumable)", "SUITE.ini", 1, 1,
    "Runs every problem x optimizer configuration x schedule x seed of a suite (see\n"
    "suites/README.md) in parallel, writes every trajectory to FILE.h5 and the suite's\n"
    "tables to DIR (with DIR/<suite>.md, the page of its [claim NAME] sections: each\n"
    "quoted value against what the runs measure), and draws its [figure NAME] sections\n"
    "with gnuplot into --figures DIR.\n"
    "On SIGINT/SIGTERM the runs in progress stop, finished ones are\n"
    "written, and --resume completes the suite later."
#ifdef DS_MPI
    "\nBuilt with MPI: under mpirun -np N (or srun) the runs are spread over the ranks,\n"
    "OpenMP threads in each; rank 0 writes the one result file."
#endif
    ,
    bench_options, "descent bench suites/quick.ini --out /tmp/quick.h5 --tables /tmp", bench_cmd};

static const ds_param report_options[] = {
    {"tables", DS_P_STR, "results", 0, 0, DS_CLI_OUTDIR, "DIR", "directory of the tables and gnuplot data"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

const ds_cli_cmd ds_cli_report = {
    "report", "rebuild the tables and gnuplot data of a result file", "FILE.h5", 1, 1,
    "Rebuilds the tables and gnuplot data of a result file (those its suite asks for;\n"
    "all of them for a file of `descent run`) under DIR, and the page of its suite's\n"
    "[claim NAME] sections (DIR/<suite>.md, from the suite's page template).",
    report_options, "descent report results/quick.h5 --tables /tmp", report_main};

static int parse_bench(int argc, char **argv, bench_opts *o)
{
    ds_cli_args a;
    int rc = ds_cli_parse(&ds_cli_bench, argc, argv, &a);
    memset(o, 0, sizeof *o);
    o->out = ds_arg_str(&a, "out");
    o->dir = ds_arg_str(&a, "tables");
    o->resume = ds_arg_on(&a, "resume");
    o->force = ds_arg_on(&a, "force");
    o->no_tables = ds_arg_on(&a, "no-tables");
    o->figdir = ds_arg_str(&a, "figures");
    o->baseline = ds_arg_str(&a, "baseline");
    o->no_figures = ds_arg_on(&a, "no-figures");
    o->threads = ds_arg_long(&a, "threads");
    o->checkpoint = ds_arg_num(&a, "checkpoint");
    o->suite = rc ? NULL : a.pos[0];
    if (!rc && ds_arg_given(&a, "shard") && parse_shard(ds_arg_str(&a, "shard"), &o->shard, &o->nshards))
        rc = -1;
    ds_cli_args_free(&a);
    return rc;
}

static int bench_main(int argc, char **argv)
{
    bench_opts o;
    int rc = parse_bench(argc, argv, &o);
    if (rc)
        return rc > 0 ? DS_EXIT_OK : DS_EXIT_USAGE;
    ds_suite s;
    ds_err err = {0};
    /* One instance per problem and instance seed for the whole command:
     * those validation builds are the runs' too. */
    ds_instances *inst = ds_instances_new(o.threads > 0 ? (size_t)o.threads : (size_t)omp_get_max_threads());
    if (!inst) {
        ds_cli_error("out of memory");
        return DS_EXIT_FAIL;
    }
    if ((rc = ds_suite_load(o.suite, &s, &err)) || (rc = ds_bench_validate_shared(&s, (int)o.threads, inst, &err))) {
        ds_cli_error("%s", err.msg);
        ds_suite_free(&s);
        ds_instances_free(inst);
        return ds_cli_exit(rc);
    }
    char out[1100];
    if (o.out)
        snprintf(out, sizeof out, "%s", o.out);
    else
        snprintf(out, sizeof out, "results/%s.h5", s.name);
    if (!o.out)
        mkdir("results", 0777);
    if (ds_cli_check_out("out", out) || (o.baseline && ds_cli_check_out("baseline", o.baseline))) {
        ds_suite_free(&s);
        ds_instances_free(inst);
        return DS_EXIT_USAGE;
    }
    if ((rc = ds_mpi_share_suite(&s, &err))) {
        ds_cli_error("%s", err.msg);
        ds_suite_free(&s);
        ds_instances_free(inst);
        return DS_EXIT_FAIL;
    }
    ds_bench_opts bo = {.out = out, .command = ds_cli_command_line(), .resume = o.resume, .shard = o.shard,
                        .nshards = o.nshards, .threads = (int)o.threads,
                        .checkpoint_seconds = o.checkpoint, .progress = stderr,
                        .progress_tty = isatty(fileno(stderr)), .interrupt = &interrupted,
                        .remote = ds_mpi_remote(), .ranks = ds_mpi_size(), .instances = inst,
                        .force = o.force};
    catch_signals();
    ds_result *res = NULL;
    size_t n = 0;
    ds_bench_report rep;
    rc = ds_bench_run(&s, &bo, &res, &n, &rep, &err);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    int status = DS_EXIT_OK;
    if (rc) {
        ds_cli_error("%s", err.msg);
        status = ds_cli_exit(rc);
    } else if (interrupted) {
        ds_cli_error("interrupted: %zu of %zu runs complete in %s; run the same command with --resume to finish",
                     rep.kept + rep.ran, rep.total, out);
        status = DS_EXIT_FAIL;
    } else if (o.baseline && !o.nshards && (rc = write_baseline(o.baseline, out, res, n, &err))) {
        ds_cli_error("%s", err.msg);
        status = DS_EXIT_FAIL;
    } else if (!o.no_tables && !o.nshards && s.tables[0] &&
               (rc = ds_report(res, n, s.name, s.tables, o.dir, &err))) {
        ds_cli_error("%s", err.msg);
        status = DS_EXIT_FAIL;
    } else if (!o.no_tables && !o.nshards && s.nclaims && (rc = ds_claims_write(&s, res, n, o.dir, &err))) {
        ds_cli_error("%s", err.msg);
        status = DS_EXIT_FAIL;
    } else {
        int tables = !o.no_tables && !o.nshards && s.tables[0];
        fprintf(stderr, "descent bench: %s: %zu runs (%zu kept from the file, %zu run now) -> %s%s%s\n", s.name,
                rep.total, rep.kept, rep.ran, out, tables ? ", tables in " : "", tables ? o.dir : "");
        if (!o.no_tables && !o.nshards && s.nclaims)
            fprintf(stderr, "descent bench: %zu claims checked -> %s/%s.md\n", s.nclaims, o.dir, s.name);
        /* the figures read the file just written, through `descent export` */
        if (s.nfigs && !o.no_figures && !o.nshards)
            status = ds_cli_draw_figures(&s, out, o.figdir, NULL, 0);
    }
    ds_store_free(res, n);
    ds_suite_free(&s);
    ds_instances_free(inst);
    return status;
}

/* An MPI rank other than 0: the same options, the suite from rank 0, runs
 * on request. It prints nothing; its exit status is rank 0's. */
static int bench_worker(int argc, char **argv)
{
    bench_opts o;
    if (parse_bench(argc, argv, &o))
        return DS_EXIT_USAGE;  /* rank 0 parsed the same and said why */
    catch_signals();
    ds_err err = {0};
    int rc = ds_mpi_work(o.suite, (int)o.threads, &interrupted, &err);
    return rc ? ds_cli_exit(rc) : DS_EXIT_OK;
}

static int bench_cmd(int argc, char **argv)
{
    ds_mpi_begin();
    int status = ds_mpi_rank() == 0 ? bench_main(argc, argv) : bench_worker(argc, argv);
    return ds_mpi_end(status);
}

/* The suite text of a result file can be long: `text` is the caller's
 * heap buffer of `size` bytes. */
static int report_file(const char *path, const char *dir, char *text, size_t size)
{
    ds_err err = {0};
    char name[DS_NAME_MAX], tables[512] = "summary, targets, ert, ranks, profile, lr, kappa, timing";
    if (ds_store_root_attr(path, "suite", text, size, &err)) {
        ds_cli_error("%s", err.msg);
        return ds_cli_exit(err.code);
    }
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    snprintf(name, sizeof name, "%.*s", (int)strcspn(base, "."), base);
    ds_suite s = {0};
    if (text[0]) {
        if (ds_suite_parse(path, text, &s, &err)) {
            ds_cli_error("%s: its suite does not parse with this version: %s", path, err.msg);
            return DS_EXIT_FAIL;
        }
        snprintf(name, sizeof name, "%s", s.name);
        snprintf(tables, sizeof tables, "%s", s.tables);
    }
    ds_result *res;
    size_t n;
    if (ds_store_read(path, &res, &n, &err)) {
        ds_cli_error("%s", err.msg);
        ds_suite_free(&s);
        return ds_cli_exit(err.code);
    }
    int rc = ds_report(res, n, name, tables, dir, &err);
    /* the claims page, from the template the suite names (read from here) */
    if (!rc && s.nclaims)
        rc = ds_claims_write(&s, res, n, dir, &err);
    if (rc)
        ds_cli_error("%s", err.msg);
    ds_store_free(res, n);
    ds_suite_free(&s);
    return ds_cli_exit(rc);
}

static int report_main(int argc, char **argv)
{
    ds_cli_args a;
    int rc = ds_cli_parse(&ds_cli_report, argc, argv, &a);
    const char *dir = ds_arg_str(&a, "tables"), *path = rc ? NULL : a.pos[0];
    ds_cli_args_free(&a);
    if (rc)
        return rc > 0 ? DS_EXIT_OK : DS_EXIT_USAGE;
    size_t size = 1 << 16;
    char *text = malloc(size);
    if (!text) {
        ds_cli_error("report: out of memory");
        return DS_EXIT_FAIL;
    }
    int status = report_file(path, dir, text, size);
    free(text);
    return status;
}
