/* Running a suite: validation of every combination before any run, the
 * OpenMP loop over runs, checkpoints of the result file, resume and
 * shards. The command line is in cmd_bench.c. */
#ifndef DS_BENCH_H
#define DS_BENCH_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#include "../core/error.h"
#include "run.h"
#include "suite.h"

typedef struct ds_bench_opts {
    const char *out;                   /**< result file; NULL: keep in memory only */
    const char *command;               /**< the `command` root attribute */
    int resume;                        /**< keep the complete runs of `out`, run the rest */
    long shard, nshards;               /**< run part shard (1-based) of nshards; 0, 0: all */
    int threads;                       /**< 0: OpenMP's default */
    double checkpoint_seconds;         /**< rewrite `out` at most this often (default 30) */
    size_t checkpoint_runs;            /**< ... or after this many runs (0: a tenth of the work) */
    FILE *progress;                    /**< NULL: silent */
    int progress_tty;                  /**< draw a bar instead of lines */
    volatile sig_atomic_t *interrupt;  /**< set by SIGINT/SIGTERM handlers */
} ds_bench_opts;

typedef struct ds_bench_report {
    size_t total;        /**< runs in this shard's work list */
    size_t kept;         /**< complete runs taken from the file (resume) */
    size_t ran;          /**< runs finished now */
    size_t interrupted;  /**< stopped by the flag (stored, not complete) */
} ds_bench_report;

/* Try every (problem, optimizer, schedule) of the suite for zero steps, so
 * a combination that cannot run (an lr expression out of range, a method
 * that needs a matrix) is reported as "PATH:LINE: ..." before any work. */
int ds_bench_validate(const ds_suite *s, int threads, ds_err *err);

/* 1 when a run with this status is complete (kept by --resume). */
int ds_bench_complete(ds_status st);

/* Run the suite (or one shard). *res receives the results sorted by id,
 * complete and interrupted ones; free with ds_store_free. */
int ds_bench_run(const ds_suite *s, const ds_bench_opts *o, ds_result **res, size_t *n, ds_bench_report *rep,
                 ds_err *err);

/* The provenance stored at the root of a result file. */
typedef struct ds_provenance {
    char suite_sha[32], git[64], compiler[256], cflags[512], blas[256], threads[16], host[256], date[64],
        shard[32];
} ds_provenance;

void ds_provenance_of(const ds_suite *s, const ds_bench_opts *o, ds_provenance *p);

#endif
