/* A suite over MPI ranks (built with `make MPI=1`, which defines DS_MPI;
 * without it every function here is a stub for one process).
 *
 * Rank 0 reads and validates the suite, broadcasts its text, hands out
 * runs on request (a work queue: a rank asks again as soon as a run is
 * done, so slow runs do not idle the rest), computes runs with its own
 * OpenMP threads in between, and is the one writer of the result file.
 * Every other rank runs OpenMP threads that each ask rank 0 for a run,
 * run it, and send back the result packed into bytes (pack.h), with the
 * size first. Only rank 0 prints; the exit status of every rank is rank
 * 0's. */
#ifndef DS_BENCH_MPI_H
#define DS_BENCH_MPI_H

#include <signal.h>

#include "../core/error.h"
#include "bench.h"
#include "suite.h"

/* Start MPI when the process was launched by mpirun or srun (their
 * environment says so); otherwise, and without DS_MPI, one process. Ranks
 * other than 0 have their stdout and stderr sent to /dev/null. */
void ds_mpi_begin(void);

int ds_mpi_rank(void);  /**< 0 without MPI */
int ds_mpi_size(void);  /**< 1 without MPI */

/* Rank 0, once the suite is valid and the output path checked: send the
 * suite to the workers and learn how many threads they run. */
int ds_mpi_share_suite(const ds_suite *s, ds_err *err);

/* Rank 0: the dispatcher for ds_bench_opts.remote; NULL with one rank. */
const ds_bench_remote *ds_mpi_remote(void);

/* Ranks > 0: receive the suite (path names it in messages) and run what
 * rank 0 hands out on `threads` threads (0: OpenMP's default) until it
 * says stop. DS_EINVAL when rank 0 found bad input and sent no suite. */
int ds_mpi_work(const char *path, int threads, volatile sig_atomic_t *interrupt, ds_err *err);

/* Every rank, last: rank 0 releases workers still waiting, broadcasts its
 * status, MPI ends. Returns the status every rank exits with. */
int ds_mpi_end(int status);

#endif
