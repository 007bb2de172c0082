/* Running a suite: validation of every combination before any run, the
 * OpenMP loop over runs, checkpoints of the result file, resume and
 * shards. The command line is in cmd_bench.c. */
#ifndef DS_BENCH_H
#define DS_BENCH_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#include "../core/error.h"
#include "../engine/run.h"
#include "instances.h"
#include "suite.h"

typedef struct ds_bench_opts {
    const char *out;                   /**< result file; NULL: keep in memory only */
    const char *command;               /**< the `command` root attribute */
    int resume;                        /**< keep the complete runs of `out`, run the rest */
    long shard, nshards;               /**< run part shard (1-based) of nshards; 0, 0: all */
    int threads;                       /**< 0: OpenMP's default */
    double checkpoint_seconds;         /**< write `out` this often (default 30 s; the first not sooner),
                                            but never sooner than 20 times the last checkpoint's time */
    size_t checkpoint_runs;            /**< ... and after this many runs (0: after the first, as many
                                            as the last checkpoint wrote, at least 16, at most once a
                                            second) */
    FILE *progress;                    /**< NULL: silent */
    int progress_tty;                  /**< draw a bar instead of lines */
    volatile sig_atomic_t *interrupt;  /**< set by SIGINT/SIGTERM handlers */
    /* Appended for runs spread over processes (bench_mpi.c): */
    const struct ds_bench_remote *remote;  /**< NULL: every run here */
    int ranks;                         /**< processes sharing the work (provenance); 0 or 1: one */
    /* Appended: problem instances shared by the runs (and kept from
     * ds_bench_validate_shared); NULL: the run builds a cache of its own.
     * Either way each instance is built once per suite. */
    ds_instances *instances;
    int force;                         /**< replace `out` even when it holds another suite's runs */
} ds_bench_opts;

typedef struct ds_bench_report {
    size_t total;        /**< runs in this shard's work list */
    size_t kept;         /**< complete runs taken from the file (resume) */
    size_t ran;          /**< runs finished now */
    size_t interrupted;  /**< stopped by the flag (stored, not complete) */
    /* Appended: the shared instances' set-up, apart from the runs. */
    size_t builds;         /**< instances built (here; validation's included when shared) */
    double setup_seconds;  /**< building them, summed over threads */
    double run_seconds;    /**< in the runs' loops, summed over the runs done now */
} ds_bench_report;

/* Try every (problem, optimizer, schedule) of the suite for zero steps, so
 * a combination that cannot run (an lr expression out of range, a method
 * that needs a matrix) is reported as "PATH:LINE: ..." before any work. */
int ds_bench_validate(const ds_suite *s, int threads, ds_err *err);

/* The same with the instances it builds kept in inst for the runs that
 * follow (ds_bench_opts.instances = inst). */
int ds_bench_validate_shared(const ds_suite *s, int threads, ds_instances *inst, ds_err *err);

/* 1 when a run with this status is complete (kept by --resume). */
int ds_bench_complete(ds_status st);

/* 1 when a checkpoint of the result file is due: since_runs runs finished
 * and since_seconds passed since the last checkpoint, which wrote at_last
 * complete runs and took last_cost seconds (README, "Benchmarks"). */
int ds_bench_checkpoint_due(const ds_bench_opts *o, size_t since_runs, size_t at_last, double since_seconds,
                            double last_cost);

/* Run the suite (or one shard). *res receives the results sorted by id,
 * complete and interrupted ones; free with ds_store_free. */
int ds_bench_run(const ds_suite *s, const ds_bench_opts *o, ds_result **res, size_t *n, ds_bench_report *rep,
                 ds_err *err);

/* The provenance stored at the root of a result file. */
typedef struct ds_provenance {
    char suite_sha[32], git[64], compiler[256], cflags[512], blas[256], threads[16], host[256], date[64],
        shard[32];
    char ranks[16];  /**< appended: MPI ranks ("1" without MPI) */
} ds_provenance;

void ds_provenance_of(const ds_suite *s, const ds_bench_opts *o, ds_provenance *p);

/* ---- remote workers (appended) ----------------------------------------
 * ds_bench_run can hand runs to other processes: with opts.remote set, one
 * more thread (OpenMP thread 0, the one that may call MPI under
 * MPI_THREAD_FUNNELED) runs remote->serve while the other threads run
 * work locally. serve takes runs from the same queue the local threads
 * do, so the results, checkpoints, resume and interrupt logic are the same
 * whoever ran a run. */
typedef struct ds_bench_queue ds_bench_queue;

typedef struct ds_bench_remote {
    /* Hand out runs until ds_bench_queue_take says none are left and every
     * run handed out is back (ds_bench_queue_put). Returns DS_OK or an
     * error that ends the suite (a lost worker). */
    int (*serve)(void *ctx, ds_bench_queue *q, ds_err *err);
    void *ctx;
} ds_bench_remote;

/* The next run to do: its index in the work list (return value) and in the
 * suite's runs (*run); -1 when none is left or the suite is interrupted. */
long ds_bench_queue_take(ds_bench_queue *q, size_t *run);

/* A run done elsewhere: rc == DS_OK and *res its result (taken over, *res
 * is cleared), or rc and e->msg why it could not start. */
void ds_bench_queue_put(ds_bench_queue *q, long i, ds_result *res, int rc, const ds_err *e);

/* Stop handing out runs (a remote run came back interrupted). */
void ds_bench_queue_interrupt(ds_bench_queue *q);

/* The spec of suite run r, for a worker that runs it. */
ds_run_spec ds_bench_spec(const ds_suite *s, size_t run, volatile sig_atomic_t *interrupt);

#endif
