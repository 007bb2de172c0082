/* descent bench SUITE [--out FILE.h5] [--resume] [--shard i/N] [--threads N]
 *                    [--tables DIR] [--no-tables]
 * and descent report FILE.h5 [--tables DIR]: run a suite file and write its
 * result file and tables; rebuild the tables from a result file. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../harness/bench.h"
#include "../harness/bench_mpi.h"
#include "cli.h"
#include "../harness/store.h"
#include "../harness/suite.h"
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

static void bench_help(void)
{
    printf("usage: descent bench SUITE.ini [--out FILE.h5] [--resume] [--force] [--shard i/N] [--threads N]\n"
           "                               [--tables DIR] [--no-tables]\n"
           "Runs every problem x optimizer configuration x schedule x seed of a suite (see\n"
           "suites/README.md) in parallel, writes every trajectory to FILE.h5 (default\n"
           "results/<suite>.h5) and the suite's tables to DIR (default results).\n"
           "  --resume       keep the complete runs of FILE.h5 (same suite and code version), run the rest\n"
           "  --force        replace FILE.h5 even when it holds another suite's runs\n"
           "  --shard i/N    run only part i (1..N) of N disjoint parts; tables are left to `merge`\n"
           "  --threads N    OpenMP threads (default: all); results do not depend on it\n"
           "On SIGINT/SIGTERM the runs in progress stop, finished ones are written, and\n"
           "--resume completes the suite later.\n");
#ifdef DS_MPI
    printf("Built with MPI: under mpirun -np N (or srun) the runs are spread over the ranks,\n"
           "OpenMP threads in each; rank 0 writes the one result file.\n");
#endif
}

typedef struct {
    const char *suite, *out, *dir;
    int resume, no_tables, force;
    long shard, nshards, threads;
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

static int parse_bench(int argc, char **argv, bench_opts *o)
{
    static const struct option longs[] = {
        {"out", required_argument, 0, 'O'},   {"resume", no_argument, 0, 'r'},
        {"shard", required_argument, 0, 's'}, {"threads", required_argument, 0, 'j'},
        {"tables", required_argument, 0, 't'}, {"no-tables", no_argument, 0, 'n'},
        {"force", no_argument, 0, 'f'},       {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    memset(o, 0, sizeof *o);
    o->dir = "results";
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
        int bad = 0;
        switch (c) {
        case 'O': o->out = optarg; break;
        case 'r': o->resume = 1; break;
        case 'f': o->force = 1; break;
        case 's': bad = parse_shard(optarg, &o->shard, &o->nshards); break;
        case 'j': bad = ds_cli_long("--threads", optarg, 1, 4096, &o->threads); break;
        case 't': o->dir = optarg; break;
        case 'n': o->no_tables = 1; break;
        case 'h': bench_help(); return 1;
        case ':': ds_cli_error("bench: %s needs a value", argv[optind - 1]); return -1;
        default: ds_cli_error("bench: unknown option '%s' (see descent bench --help)", argv[optind - 1]); return -1;
        }
        if (bad)
            return -1;
    }
    if (optind != argc - 1) {
        ds_cli_error(optind < argc ? "bench: expected one SUITE file, got '%s' too" : "bench: expected a SUITE file%s",
                     optind < argc ? argv[argc - 1] : " (see descent bench --help)");
        return -1;
    }
    o->suite = argv[optind];
    return 0;
}

static int exit_code(int rc)
{
    return rc == DS_EINVAL || rc == DS_ENOTSUP ? DS_EXIT_USAGE : DS_EXIT_FAIL;
}

static int bench_main(int argc, char **argv)
{
    bench_opts o;
    int rc = parse_bench(argc, argv, &o);
    if (rc)
        return rc > 0 ? DS_EXIT_OK : DS_EXIT_USAGE;
    ds_suite s;
    ds_err err = {0};
    if ((rc = ds_suite_load(o.suite, &s, &err)) || (rc = ds_bench_validate(&s, (int)o.threads, &err))) {
        ds_cli_error("%s", err.msg);
        ds_suite_free(&s);
        return exit_code(rc);
    }
    char out[1100];
    if (o.out)
        snprintf(out, sizeof out, "%s", o.out);
    else
        snprintf(out, sizeof out, "results/%s.h5", s.name);
    if (!o.out)
        mkdir("results", 0777);
    if (ds_cli_check_out(out)) {
        ds_suite_free(&s);
        return DS_EXIT_USAGE;
    }
    if ((rc = ds_mpi_share_suite(&s, &err))) {
        ds_cli_error("%s", err.msg);
        ds_suite_free(&s);
        return DS_EXIT_FAIL;
    }
    ds_bench_opts bo = {.out = out, .command = ds_cli_command_line(), .resume = o.resume, .shard = o.shard,
                        .nshards = o.nshards, .threads = (int)o.threads, .progress = stderr,
                        .progress_tty = isatty(fileno(stderr)), .interrupt = &interrupted,
                        .remote = ds_mpi_remote(), .ranks = ds_mpi_size(), .force = o.force};
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
        status = exit_code(rc);
    } else if (interrupted) {
        ds_cli_error("interrupted: %zu of %zu runs complete in %s; run the same command with --resume to finish",
                     rep.kept + rep.ran, rep.total, out);
        status = DS_EXIT_FAIL;
    } else if (!o.no_tables && !o.nshards && (rc = ds_report(res, n, s.name, s.tables, o.dir, &err))) {
        ds_cli_error("%s", err.msg);
        status = DS_EXIT_FAIL;
    } else {
        fprintf(stderr, "descent bench: %s: %zu runs (%zu kept from the file, %zu run now) -> %s%s%s\n", s.name,
                rep.total, rep.kept, rep.ran, out, o.no_tables || o.nshards ? "" : ", tables in ",
                o.no_tables || o.nshards ? "" : o.dir);
    }
    ds_store_free(res, n);
    ds_suite_free(&s);
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
    return rc ? exit_code(rc) : DS_EXIT_OK;
}

int ds_cmd_bench(int argc, char **argv)
{
    ds_mpi_begin();
    int status = ds_mpi_rank() == 0 ? bench_main(argc, argv) : bench_worker(argc, argv);
    return ds_mpi_end(status);
}

int ds_cmd_report(int argc, char **argv)
{
    static const struct option longs[] = {{"tables", required_argument, 0, 't'}, {"help", no_argument, 0, 'h'},
                                          {0, 0, 0, 0}};
    const char *dir = "results";
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
        switch (c) {
        case 't': dir = optarg; break;
        case 'h':
            printf("usage: descent report FILE.h5 [--tables DIR]\n"
                   "Rebuilds the tables and gnuplot data of a result file (those its suite asks for;\n"
                   "all of them for a file of `descent run`) under DIR (default results).\n");
            return DS_EXIT_OK;
        case ':': ds_cli_error("report: %s needs a value", argv[optind - 1]); return DS_EXIT_USAGE;
        default: ds_cli_error("report: unknown option '%s'", argv[optind - 1]); return DS_EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        ds_cli_error("report: expected one FILE.h5 (see descent report --help)");
        return DS_EXIT_USAGE;
    }
    const char *path = argv[optind];
    ds_err err = {0};
    static char text[1 << 16];
    char name[DS_NAME_MAX], tables[512] = "summary, targets, ert, ranks, profile, lr, kappa, timing";
    if (ds_store_root_attr(path, "suite", text, sizeof text, &err)) {
        ds_cli_error("%s", err.msg);
        return err.code == DS_EINVAL ? DS_EXIT_USAGE : DS_EXIT_FAIL;
    }
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    snprintf(name, sizeof name, "%.*s", (int)strcspn(base, "."), base);
    if (text[0]) {
        ds_suite s;
        if (ds_suite_parse(path, text, &s, &err)) {
            ds_cli_error("%s: its suite does not parse with this version: %s", path, err.msg);
            return DS_EXIT_FAIL;
        }
        snprintf(name, sizeof name, "%s", s.name);
        snprintf(tables, sizeof tables, "%s", s.tables);
        ds_suite_free(&s);
    }
    ds_result *res;
    size_t n;
    if (ds_store_read(path, &res, &n, &err)) {
        ds_cli_error("%s", err.msg);
        return DS_EXIT_FAIL;
    }
    int rc = ds_report(res, n, name, tables, dir, &err);
    if (rc)
        ds_cli_error("%s", err.msg);
    ds_store_free(res, n);
    return rc ? DS_EXIT_FAIL : DS_EXIT_OK;
}
