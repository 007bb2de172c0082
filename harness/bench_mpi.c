/* A suite over MPI ranks (bench_mpi.h). Gather to one writer rather than
 * parallel HDF5: Debian's HDF5 is the serial build, a result is small next
 * to the compute that made it, and one writer keeps the store's temporary
 * file + rename (a reader never sees half a file), the checkpoints and
 * --resume exactly as they are without MPI.
 *
 * Messages, on MPI_COMM_WORLD:
 *   worker -> 0, TAG_ASK:   long {i, rc, bytes}: the run i it just did (-1:
 *                           none yet), whether it could start, and the size
 *                           of what follows
 *   worker -> 0, TAG_DATA:  bytes: the packed result, or the error message
 *   0 -> worker, TAG_RUN:   long {i, run}: the next run (work index, suite
 *                           index), or {-1, -1}: stop
 * A worker thread holds its rank's MPI lock (MPI_THREAD_SERIALIZED) from
 * its question to the answer, so answers reach the thread that asked. */
#include "bench_mpi.h"

#ifdef DS_MPI

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mpi.h>
#include <omp.h>

#include "pack.h"
#include "runner.h"
#include "store.h"

enum { TAG_ASK = 1, TAG_DATA = 2, TAG_RUN = 3 };

static struct {
    int on, rank, size;
    int serialized;      /* threads may take turns calling MPI */
    int shared;          /* rank 0 sent the suite (or its refusal) */
    int served;          /* rank 0 answered every worker thread's last question */
    long worker_threads; /* threads asking, over all ranks > 0 */
    long stopped;        /* of them, told to stop */
    ds_bench_remote remote;
} mpi;

void ds_mpi_begin(void)
{
    static const char *const launched[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"};
    int under = 0;
    for (size_t k = 0; k < sizeof launched / sizeof launched[0]; k++)
        under |= getenv(launched[k]) != NULL;
    mpi.rank = 0;
    mpi.size = 1;
    if (!under)
        return;  /* a plain process: no MPI_Init, no launcher needed */
    int provided = 0;
    MPI_Init_thread(NULL, NULL, MPI_THREAD_SERIALIZED, &provided);
    mpi.on = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &mpi.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &mpi.size);
    if (mpi.rank > 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
            close(null);
        }
    }
    mpi.serialized = provided >= MPI_THREAD_SERIALIZED;
}

int ds_mpi_rank(void)
{
    return mpi.rank;
}

int ds_mpi_size(void)
{
    return mpi.size;
}

/* Sleep a little longer each time nothing is there, up to 2 ms: an idle
 * dispatcher or a waiting worker thread leaves the core to the runs. */
static void nap(long *ns)
{
    struct timespec t = {0, *ns};
    nanosleep(&t, NULL);
    *ns = *ns < 2000000 ? *ns * 2 : 2000000;
}

static void wait_for(MPI_Request *req)
{
    long ns = 20000;
    int done = 0;
    for (;;) {
        MPI_Test(req, &done, MPI_STATUS_IGNORE);
        if (done)
            return;
        nap(&ns);
    }
}

/* ---- rank 0 ------------------------------------------------------------ */

int ds_mpi_share_suite(const ds_suite *s, ds_err *err)
{
    if (!mpi.on || mpi.size < 2)
        return DS_OK;
    long len = (long)strlen(s->text ? s->text : "") + 1;
    MPI_Bcast(&len, 1, MPI_LONG, 0, MPI_COMM_WORLD);
    MPI_Bcast(s->text ? s->text : "", (int)len, MPI_CHAR, 0, MPI_COMM_WORLD);
    mpi.shared = 1;
    long mine = 0;
    MPI_Reduce(&mine, &mpi.worker_threads, 1, MPI_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    if (mpi.worker_threads < 1)
        return ds_fail(err, DS_EIO, "no MPI rank other than 0 could read the suite");
    return DS_OK;
}

/* The result (or error) of run i from rank src, into the queue (q NULL:
 * nothing to put it in, only released). */
static int take_in(ds_bench_queue *q, int src, const long hdr[3], ds_err *err)
{
    long i = hdr[0], rc = hdr[1], bytes = hdr[2];
    unsigned char *buf = malloc(bytes > 0 ? (size_t)bytes : 1);
    if (!buf)
        return ds_fail(err, DS_ENOMEM, "out of memory for a result of %ld bytes from rank %d", bytes, src);
    if (bytes > 0)
        MPI_Recv(buf, (int)bytes, MPI_BYTE, src, TAG_DATA, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    int out = DS_OK;
    if (q && rc == DS_OK) {
        ds_result res;
        out = ds_result_unpack(buf, (size_t)bytes, &res, err);
        if (!out) {
            if (res.status == DS_ST_INTERRUPTED)
                ds_bench_queue_interrupt(q);  /* a rank was stopped: stop them all */
            ds_bench_queue_put(q, i, &res, DS_OK, NULL);
            ds_result_free(&res);
        } else {
            ds_err_prefix(err, "rank %d: ", src);
        }
    } else if (q) {
        ds_err e = {0};
        snprintf(e.msg, sizeof e.msg, "%.*s", (int)(bytes > 0 ? bytes : 0), (const char *)buf);
        ds_bench_queue_put(q, i, NULL, (int)rc, &e);
    }
    free(buf);
    return out;
}

/* Answer questions until every worker thread was told to stop. The first
 * damaged message ends the handing out, not the answering, so no worker is
 * left waiting. */
static int serve(void *ctx, ds_bench_queue *q, ds_err *err)
{
    (void)ctx;
    int rc = DS_OK;
    long ns = 20000;
    while (mpi.stopped < mpi.worker_threads) {
        int flag = 0;
        MPI_Status st;
        MPI_Iprobe(MPI_ANY_SOURCE, TAG_ASK, MPI_COMM_WORLD, &flag, &st);
        if (!flag) {
            nap(&ns);
            continue;
        }
        ns = 20000;
        long hdr[3], next[2] = {-1, -1};
        MPI_Recv(hdr, 3, MPI_LONG, st.MPI_SOURCE, TAG_ASK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (hdr[0] >= 0) {
            int r = take_in(rc ? NULL : q, st.MPI_SOURCE, hdr, err);
            if (r && !rc) {
                rc = r;
                if (q)
                    ds_bench_queue_interrupt(q);
            }
        }
        size_t run;
        if (q && !rc && (next[0] = ds_bench_queue_take(q, &run)) >= 0)
            next[1] = (long)run;
        mpi.stopped += next[0] < 0;
        MPI_Send(next, 2, MPI_LONG, st.MPI_SOURCE, TAG_RUN, MPI_COMM_WORLD);
    }
    mpi.served = 1;
    return rc;
}

const ds_bench_remote *ds_mpi_remote(void)
{
    if (!mpi.on || mpi.size < 2 || mpi.rank != 0)
        return NULL;
    mpi.remote.serve = serve;
    mpi.remote.ctx = NULL;
    return &mpi.remote;
}

/* ---- ranks > 0 ----------------------------------------------------------- */

/* One question: the outcome of run i (i < 0: none yet), then the answer. */
static long ask(long i, int rc, const unsigned char *data, size_t bytes, long *run)
{
    long hdr[3] = {i, rc, (long)bytes}, next[2];
    MPI_Request req;
#pragma omp critical(ds_mpi)
    {
        MPI_Send(hdr, 3, MPI_LONG, 0, TAG_ASK, MPI_COMM_WORLD);
        if (bytes)
            MPI_Send(data, (int)bytes, MPI_BYTE, 0, TAG_DATA, MPI_COMM_WORLD);
        MPI_Irecv(next, 2, MPI_LONG, 0, TAG_RUN, MPI_COMM_WORLD, &req);
        wait_for(&req);
    }
    *run = next[1];
    return next[0];
}

/* One thread: ask, run, send back, until told to stop. */
static void work_loop(const ds_suite *s, ds_instances *inst, volatile sig_atomic_t *interrupt)
{
    long i = -1, run = -1;
    int rc = DS_OK;
    unsigned char *data = NULL;
    size_t bytes = 0;
    while ((i = ask(i, rc, data, bytes, &run)) >= 0) {
        free(data);
        data = NULL;
        ds_run_spec rs = ds_bench_spec(s, (size_t)run, interrupt);
        ds_result res;
        ds_err e = {0};
        const ds_problem *p;
        rc = ds_instances_acquire(inst, rs.problem, rs.seed, &p, &e);
        if (!rc) {
            rs.instance = p;
            rc = ds_run(&rs, &res, &e);
        }
        ds_instances_release(inst, rs.problem, rs.seed);
        if (!rc) {
            rc = ds_result_pack(&res, &data, &bytes, &e);
            ds_result_free(&res);
        }
        if (!rc && bytes > INT_MAX) {
            rc = ds_fail(&e, DS_ENOMEM, "a result of %zu bytes is too large to send", bytes);
            free(data);
            data = NULL;
        }
        if (rc) {
            bytes = strlen(e.msg) + 1;
            data = (unsigned char *)strdup(e.msg);
            if (!data)
                bytes = 0;
        }
    }
    free(data);
}

int ds_mpi_work(const char *path, int threads, volatile sig_atomic_t *interrupt, ds_err *err)
{
    long len = 0;
    MPI_Bcast(&len, 1, MPI_LONG, 0, MPI_COMM_WORLD);
    if (len <= 0)
        return ds_fail(err, DS_EINVAL, "rank 0 refused the suite");
    char *text = malloc((size_t)len);
    if (!text)
        return ds_fail(err, DS_ENOMEM, "out of memory for the suite text");  /* rank 0 hangs: nothing better */
    MPI_Bcast(text, (int)len, MPI_CHAR, 0, MPI_COMM_WORLD);
    ds_suite s;
    int rc = ds_suite_parse(path, text, &s, err);
    free(text);
    int nt = threads > 0 ? threads : omp_get_max_threads();
    if (!mpi.serialized)
        nt = 1;  /* worker threads take turns calling MPI: without that promise, one asks */
    long mine = rc ? 0 : nt, all;
    MPI_Reduce(&mine, &all, 1, MPI_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    if (rc)
        return rc;
    /* This rank's instances, built once each: rank 0 hands out runs grouped
     * by instance, so keeping one unused instance per thread covers the
     * runs that follow. */
    ds_instances *inst = ds_instances_new((size_t)nt);
    if (!inst) {
        ds_suite_free(&s);
        return ds_fail(err, DS_ENOMEM, "out of memory");  /* rank 0 hangs: nothing better */
    }
#pragma omp parallel num_threads(nt)
    work_loop(&s, inst, interrupt);
    ds_instances_free(inst);
    ds_suite_free(&s);
    return DS_OK;
}

int ds_mpi_end(int status)
{
    if (!mpi.on)
        return status;
    if (mpi.rank == 0 && mpi.size > 1) {
        if (!mpi.shared) {
            long none = 0;  /* bad input: the workers wait for a suite */
            MPI_Bcast(&none, 1, MPI_LONG, 0, MPI_COMM_WORLD);
        } else if (!mpi.served) {
            ds_err e = {0};
            serve(NULL, NULL, &e);  /* the suite never ran: tell every worker to stop */
        }
    }
    MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
    MPI_Finalize();
    return status;
}

#else /* one process */

void ds_mpi_begin(void) {}
int ds_mpi_rank(void) { return 0; }
int ds_mpi_size(void) { return 1; }
int ds_mpi_share_suite(const ds_suite *s, ds_err *err)
{
    (void)s;
    (void)err;
    return DS_OK;
}
const ds_bench_remote *ds_mpi_remote(void) { return NULL; }
int ds_mpi_work(const char *path, int threads, volatile sig_atomic_t *interrupt, ds_err *err)
{
    (void)path;
    (void)threads;
    (void)interrupt;
    return ds_fail(err, DS_ENOTSUP, "this descent was built without MPI (make MPI=1)");
}
int ds_mpi_end(int status) { return status; }

#endif
