/* Running a suite (bench.h). One thread at a time (a lock) adds the
 * finished runs to the result file's in-memory image, and at each
 * checkpoint writes it whole through the store's temporary file and
 * rename: an interrupt or a crash leaves the last checkpoint intact. A
 * thread that finds the lock taken leaves its run to the holder and goes
 * on with the next, so no thread waits while a checkpoint is built. */
#include "bench.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <omp.h>

#include "../core/mem.h"
#include "../core/rng.h"
#include "../core/vec.h"
#include "../core/dmath.h"
#include "progress.h"
#include "runner.h"
#include "store.h"

#ifndef DS_GIT_COMMIT
#define DS_GIT_COMMIT "unknown"
#endif
#ifndef DS_BUILD_FLAGS
#define DS_BUILD_FLAGS "unknown"
#endif

int ds_bench_complete(ds_status st)
{
    return st != DS_ST_RUNNING && st != DS_ST_INTERRUPTED && st != DS_ST_FAILED;
}

static ds_run_spec spec_of(const ds_suite *s, const ds_suite_run *r, volatile sig_atomic_t *interrupt)
{
    const ds_suite_section *sec = ds_suite_run_section(s, r);
    return (ds_run_spec){.problem = &s->problems[r->problem].v, .optimizer = &s->optimizers[r->optimizer].v,
                         .schedule = &s->schedules[r->schedule].v, .seed = r->seed, .suite_seed = s->seed,
                         .stop = sec->stop, .log_every = sec->log_every, .interrupt = interrupt};
}

/* ---- validation -------------------------------------------------------- */

int ds_bench_validate(const ds_suite *s, int threads, ds_err *err)
{
    ds_instances *inst = ds_instances_new(0);
    if (!inst)
        return ds_fail(err, DS_ENOMEM, "out of memory");
    int rc = ds_bench_validate_shared(s, threads, inst, err);
    ds_instances_free(inst);
    return rc;
}

/* A run on the suite's shared instance of its problem: acquire, run,
 * release. */
static int run_shared(ds_instances *inst, ds_run_spec *rs, ds_result *res, ds_err *e)
{
    const ds_problem *p;
    int rc = ds_instances_acquire(inst, rs->problem, rs->seed, &p, e);
    if (!rc) {
        rs->instance = p;
        rc = ds_run(rs, res, e);
    } else {
        memset(res, 0, sizeof *res);
    }
    ds_instances_release(inst, rs->problem, rs->seed);
    return rc;
}

int ds_bench_validate_shared(const ds_suite *s, int threads, ds_instances *inst, ds_err *err)
{
    size_t n = 0;
    size_t *first = malloc((s->nruns + 1) * sizeof *first);
    if (!first)
        return ds_fail(err, DS_ENOMEM, "out of memory");
    for (size_t i = 0; i < s->nruns; i++)
        if (s->runs[i].first_seed)
            first[n++] = i;
    for (size_t k = 0; k < n; k++) {
        const ds_suite_run *r = &s->runs[first[k]];
        if (ds_instances_hold(inst, &s->problems[r->problem].v, r->seed, err)) {
            free(first);
            return DS_ENOMEM;
        }
    }
    int bad = 0;
    ds_err found = {0};
    size_t bad_at = (size_t)-1;
    volatile sig_atomic_t stop_now = 1;  /* zero steps: set up, evaluate x0, stop */
#pragma omp parallel for schedule(dynamic) num_threads(threads > 0 ? threads : omp_get_max_threads())
    for (size_t k = 0; k < n; k++) {
        const ds_suite_run *r = &s->runs[first[k]];
        ds_run_spec rs = spec_of(s, r, &stop_now);
        ds_result res;
        ds_err e = {0};
        int rc = run_shared(inst, &rs, &res, &e);
        if (rc == DS_OK)
            ds_result_free(&res);
#pragma omp critical(ds_validate)
        if (rc && k < bad_at) {  /* report the first in the canonical order */
            bad = rc;
            bad_at = k;
            found = e;
        }
    }
    int rc = DS_OK;
    if (bad) {
        const ds_suite_run *r = &s->runs[first[bad_at]];
        const ds_suite_spec *o = &s->optimizers[r->optimizer], *p = &s->problems[r->problem];
        rc = ds_fail(err, DS_EINVAL, "%s:%d: spec = %s: cannot run on problem %s (line %d), schedule %s: %s",
                     s->path, o->line, o->canon, p->canon, p->line, s->schedules[r->schedule].canon, found.msg);
    }
    free(first);
    return rc;
}

/* ---- provenance -------------------------------------------------------- */

void ds_provenance_of(const ds_suite *s, const ds_bench_opts *o, ds_provenance *p)
{
    memset(p, 0, sizeof *p);
    snprintf(p->suite_sha, sizeof p->suite_sha, "%016" PRIx64, ds_hash_str(s->text ? s->text : ""));
    snprintf(p->git, sizeof p->git, "%s", DS_GIT_COMMIT);
#if defined(__clang__)
    snprintf(p->compiler, sizeof p->compiler, "%s", "clang " __clang_version__);
#elif defined(__VERSION__)
    snprintf(p->compiler, sizeof p->compiler, "%s", "gcc " __VERSION__);
#endif
    snprintf(p->cflags, sizeof p->cflags, "%s", DS_BUILD_FLAGS);
    /* the numerics identity: our fixed-order kernels, the elementary
     * functions (core/dmath.h), and GSL's own reference CBLAS under the GSL
     * baselines and solvers */
    snprintf(p->blas, sizeof p->blas, "%s; %s; GSL on gslcblas", DS_KERNELS_VERSION, DS_DMATH_VERSION);
    snprintf(p->threads, sizeof p->threads, "%d", o->threads > 0 ? o->threads : omp_get_max_threads());
    snprintf(p->ranks, sizeof p->ranks, "%d", o->ranks > 1 ? o->ranks : 1);
    if (gethostname(p->host, sizeof p->host - 1))
        snprintf(p->host, sizeof p->host, "unknown");
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(p->date, sizeof p->date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (o->nshards > 0)
        snprintf(p->shard, sizeof p->shard, "%ld/%ld", o->shard, o->nshards);
    else
        snprintf(p->shard, sizeof p->shard, "all");
}

/* ---- the loop's shared state ------------------------------------------- */

typedef struct ds_bench_queue {
    const ds_suite *s;
    const ds_bench_opts *o;
    ds_provenance prov;
    size_t *work;     /* indices into s->runs */
    size_t n;
    ds_result *res;   /* n, by work index */
    unsigned char *done;  /* 1 complete, 2 interrupted */
    size_t ndone, since_ckpt, at_ckpt;  /* at_ckpt: the runs the last checkpoint wrote */
    double last_ckpt, ckpt_cost;          /* when the last checkpoint was due, and its seconds */
    ds_progress progress;
    ds_store_writer *w;  /* the result file, built run by run (NULL: no --out) */
    omp_lock_t store;    /* held by the one thread adding runs to w */
    long *pending;       /* runs finished and not yet added to w */
    size_t npending;
    int want_ckpt;       /* one of them made a checkpoint due */
    int write_rc;
    ds_err write_err;
    unsigned long snap_seq, disk_seq;  /* checkpoint images: the newest on disk wins */
    int disk_rc;
    ds_err disk_err;
    size_t next;      /* the queue: work[order[next..n)] not handed out yet */
    size_t *order;    /* work indices grouped by problem instance */
    ds_instances *inst;
    int stop;         /* no more runs are handed out */
    int run_rc;       /* the first run that could not start */
    ds_err run_err;
} bench_state;

/* Open the result file's image with the provenance, holding the runs
 * --resume kept. Nothing is written to disk until the first commit. */
static int open_file(bench_state *b, ds_err *err)
{
    const ds_provenance *p = &b->prov;
    char runs[32];
    snprintf(runs, sizeof runs, "%zu", b->s->nruns);
    ds_meta meta[] = {{"suite", b->s->text, 0}, {"suite_name", b->s->name, 0}, {"suite_path", b->s->path, 0},
                      {"suite_sha", p->suite_sha, 0}, {"suite_runs", runs, 1}, {"shard", p->shard, 0},
                      {"git_commit", p->git, 0}, {"compiler", p->compiler, 0}, {"cflags", p->cflags, 0},
                      {"blas", p->blas, 0}, {"threads", p->threads, 1}, {"ranks", p->ranks, 1}, {"host", p->host, 0},
                      {"date", p->date, 0}};
    int rc = ds_store_open(&b->w, b->o->out, b->o->command, meta, sizeof meta / sizeof meta[0], err);
    for (size_t i = 0; i < b->n && !rc; i++)
        if (b->done[i])
            rc = ds_store_add(b->w, &b->res[i], err);
    return rc;
}

/* Called by the thread that finished run i, inside the critical section:
 * 1 when a checkpoint is due. */
int ds_bench_checkpoint_due(const ds_bench_opts *o, size_t since_runs, size_t at_last, double since_seconds,
                            double last_cost)
{
    /* A crash loses at most the runs since the last checkpoint, so one is
     * due once `secs` (30 s) of work would be lost, but never sooner than
     * twenty times as long as the last took: checkpoints cost at most 5% of
     * the time. The first waits the full `secs`: a suite shorter than that
     * is written once, at its end, and is not slowed by a rewrite. After
     * it, since a checkpoint writes the whole file and so costs in
     * proportion to its runs, one is also due when the runs finished since
     * the last are at least as many as it wrote (at least 16), a second
     * or more after it: their sizes double, and all of them together cost
     * about one more final write. */
    double secs = o->checkpoint_seconds > 0 ? o->checkpoint_seconds : 30.0;
    int spaced = since_seconds >= 20.0 * last_cost;
    if (o->checkpoint_runs && since_runs >= o->checkpoint_runs)
        return 1;
    if (since_seconds >= secs && spaced)
        return 1;
    size_t every = at_last > 16 ? at_last : 16;
    return at_last > 0 && since_runs >= every && since_seconds >= 1.0 && spaced;
}

static int finished(bench_state *b, size_t i, int interrupted)
{
    b->done[i] = interrupted ? 2 : 1;
    b->ndone += !interrupted;
    b->since_ckpt++;
    double now = ds_now();
    ds_progress_update(&b->progress, b->ndone, now);
    if (!ds_bench_checkpoint_due(b->o, b->since_ckpt, b->at_ckpt, now - b->last_ckpt, b->ckpt_cost))
        return 0;
    b->since_ckpt = 0;
    b->at_ckpt = b->ndone;
    b->last_ckpt = now;
    return 1;
}

/* A checkpoint that cannot be written (a full disk) would fail the same
 * way at the end, after every run: no more runs are handed out, and the
 * error is the run's result. */
static void stop_queue(bench_state *b)
{
#pragma omp critical(ds_bench)
    b->stop = 1;
}

/* The checkpoint the store's holder found due: its image is written to
 * disk outside the store, so that runs keep being added meanwhile. */
static void write_checkpoint(bench_state *b, void *image, size_t size, unsigned long seq, double t0)
{
    int failed = 0;
#pragma omp critical(ds_bench_disk)
    {
        if (seq > b->disk_seq && !b->disk_rc) {
            b->disk_rc = ds_store_write_image(ds_store_path(b->w), image, size, &b->disk_err);
            b->disk_seq = seq;
            failed = b->disk_rc != 0;
        }
    }
    free(image);
    double cost = ds_now() - t0;
#pragma omp critical(ds_bench)
    b->ckpt_cost = cost;
    if (failed)
        stop_queue(b);
}

/* One waiting run, or -1; *ckpt: a checkpoint is due. */
static long take_pending(bench_state *b, int *ckpt)
{
    long i = -1;
#pragma omp critical(ds_bench_pending)
    {
        if (b->npending)
            i = b->pending[--b->npending];
        *ckpt = b->want_ckpt && !b->npending;
        if (*ckpt)
            b->want_ckpt = 0;
    }
    return i;
}

/* By the thread that holds the store: add every waiting run to the file's
 * image (HDF5 has a lock of its own), and build the image of a due
 * checkpoint. */
static void add_pending(bench_state *b)
{
    for (;;) {
        int ckpt;
        long i = take_pending(b, &ckpt);
        if (i >= 0 && !b->write_rc)
            b->write_rc = ds_store_add(b->w, &b->res[i], &b->write_err);
        if (ckpt && !b->write_rc) {
            void *image = NULL;
            size_t size = 0;
            double t0 = ds_now();
            if (!(b->write_rc = ds_store_snapshot(b->w, &image, &size, &b->write_err)))
                write_checkpoint(b, image, size, ++b->snap_seq, t0);
        }
        if (b->write_rc)
            stop_queue(b);
        if (i < 0)
            return;
    }
}

/* Add the waiting runs unless another thread is adding them: a thread that
 * finds the store busy goes back to its runs instead of waiting for a
 * checkpoint to be built (block: wait, at the end). Whoever adds looks
 * again after letting go, so no run is left waiting. */
static void drain(bench_state *b, int block)
{
    for (;;) {
        if (block)
            omp_set_lock(&b->store);
        else if (!omp_test_lock(&b->store))
            return;
        add_pending(b);
        omp_unset_lock(&b->store);
        size_t left;
#pragma omp critical(ds_bench_pending)
        left = b->npending;
        if (!left)
            return;
    }
}

/* After the queue's critical section, by the thread that finished run i:
 * the run waits to be added to the file's image, and due checkpoint (st
 * 1) is written once it is. */
static void store_run(bench_state *b, long i, int st)
{
    if (st < 0 || !b->w)
        return;
#pragma omp critical(ds_bench_pending)
    {
        b->pending[b->npending++] = i;
        b->want_ckpt |= st == 1;
    }
    drain(b, 0);
}

/* ---- resume ------------------------------------------------------------ */

static int cmp_work_id(const void *key, const void *elem, const ds_suite *s)
{
    uint64_t id = *(const uint64_t *)key, e = s->runs[*(const size_t *)elem].id;
    return (id > e) - (id < e);
}

/* Index in the work list of a run id, or -1 (the list is sorted by id). */
static long find_work(const bench_state *b, uint64_t id)
{
    size_t lo = 0, hi = b->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_work_id(&id, &b->work[mid], b->s);
        if (!c)
            return (long)mid;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

static int check_same(const char *path, const char *key, const char *want, ds_err *err)
{
    char have[256];
    ds_err e = {0};
    if (ds_store_root_attr(path, key, have, sizeof have, &e))
        return ds_fail(err, DS_EINVAL, "--resume: %s", e.msg);
    if (strcmp(have, want))
        return ds_fail(err, DS_EINVAL,
                       "--resume: '%s' has %s '%s', this run has '%s': it was written by another suite, code "
                       "version or shard (remove it or choose another --out)",
                       path, key, have, want);
    return DS_OK;
}

static int resume_from(bench_state *b, size_t *kept, ds_err *err)
{
    const char *path = b->o->out;
    *kept = 0;
    if (access(path, F_OK) != 0)
        return DS_OK;  /* nothing to resume: run everything */
    int rc = check_same(path, "suite_sha", b->prov.suite_sha, err);
    if (!rc)
        rc = check_same(path, "git_commit", b->prov.git, err);
    if (!rc)
        rc = check_same(path, "shard", b->prov.shard, err);
    if (rc)
        return rc;
    ds_result *old;
    size_t nold;
    if ((rc = ds_store_read(path, &old, &nold, err)))
        return rc;
    for (size_t i = 0; i < nold; i++) {
        long k = find_work(b, old[i].id);
        if (k < 0 || !ds_bench_complete(old[i].status) || b->done[k])
            continue;
        b->res[k] = old[i];  /* take ownership of its arrays */
        memset(&old[i], 0, sizeof old[i]);
        b->done[k] = 1;
        (*kept)++;
    }
    ds_store_free(old, nold);
    return DS_OK;
}

/* ---- the run loop ------------------------------------------------------ */

static int make_work(bench_state *b)
{
    const ds_bench_opts *o = b->o;
    b->work = malloc((b->s->nruns + 1) * sizeof *b->work);
    if (!b->work)
        return -1;
    /* Round robin over the id order: the parts are disjoint, and balanced
     * since ids are hashes, unrelated to cost. */
    for (size_t i = 0; i < b->s->nruns; i++)
        if (o->nshards <= 0 || (long)(i % (size_t)o->nshards) == o->shard - 1)
            b->work[b->n++] = i;
    b->res = calloc(b->n + 1, sizeof *b->res);
    b->done = calloc(b->n + 1, 1);
    b->pending = malloc((b->n + 1) * sizeof *b->pending);  /* each run finishes once */
    omp_init_lock(&b->store);
    return b->res && b->done && b->pending ? 0 : -1;
}

static void state_free(bench_state *b)
{
    ds_store_close(b->w);
    for (size_t i = 0; b->res && i < b->n; i++)
        ds_result_free(&b->res[i]);
    free(b->res);
    free(b->work);
    free(b->done);
    free(b->order);
    free(b->pending);
    omp_destroy_lock(&b->store);
}

/* ---- memory ------------------------------------------------------------ */

/* Each problem configuration's dimension, read from the instance the cache
 * holds for its first seed (ds_bench_validate_shared holds them); 0 where
 * none is held, so nothing is built here. */
static void problem_dims(const bench_state *b, double *dim)
{
    for (size_t i = 0; i < b->s->nproblems; i++)
        dim[i] = 0;
    if (!b->o->instances)
        return;
    for (size_t i = 0; i < b->s->nruns; i++) {
        const ds_suite_run *r = &b->s->runs[i];
        const ds_values *pv = &b->s->problems[r->problem].v;
        const ds_problem *p = NULL;
        ds_err e = {0};
        if (!r->first_seed || dim[r->problem] > 0 || ds_instances_acquire(b->o->instances, pv, r->seed, &p, &e))
            continue;
        dim[r->problem] = (double)p->dim;
        ds_instances_release(b->o->instances, pv, r->seed);
    }
}

/* What the work keeps until its file is written, refused before any run
 * starts when it exceeds the memory this process may use (MemAvailable,
 * the cgroup's limit, ulimit -v): every run's result with its final x and
 * its trace's capacity (eleven numbers a record: the recorder's eight and
 * up to three coordinates), counted twice for the copy in the file's
 * in-memory image; and for each thread a run in flight, sixteen vectors
 * of the largest dimension (the runner's and an optimizer's state). */
static int check_memory(const bench_state *b, int nt, ds_err *err)
{
    double *dim = malloc((b->s->nproblems + 1) * sizeof *dim);
    if (!dim)
        return ds_fail(err, DS_ENOMEM, "out of memory");
    problem_dims(b, dim);
    double need = 0, maxdim = 0;
    volatile sig_atomic_t none = 0;
    for (size_t i = 0; i < b->n; i++) {
        const ds_suite_run *r = &b->s->runs[b->work[i]];
        ds_run_spec rs = spec_of(b->s, r, &none);
        double records = (double)ds_run_records(rs.log_every, rs.stop.max_iters);
        need += (double)sizeof(ds_result) + 8.0 * dim[r->problem] + 2.0 * 11.0 * 8.0 * records;
        maxdim = dim[r->problem] > maxdim ? dim[r->problem] : maxdim;
    }
    need += (double)nt * 16.0 * 8.0 * maxdim;
    free(dim);
    double avail = ds_mem_available();
    if (avail > 0 && need > avail)
        return ds_fail(err, DS_EINVAL, "suite %s: its %zu runs on %d threads would keep %.3g GiB until the file is "
                       "written, more than the %.3g GiB this process may use; fewer --threads, record less often (log-every), "
                       "lower max_iters or split the suite (--shard)", b->s->name, b->n, nt, need / (1ULL << 30),
                       avail / (1ULL << 30));
    return DS_OK;
}

/* ---- instances --------------------------------------------------------- */

typedef struct {
    uint64_t key;
    size_t i;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

/* Hand runs out grouped by instance, so that an instance's runs go
 * together and it can be freed as soon as its group is done, instead of
 * every instance of the suite being held until the end. */
static int group_by_instance(bench_state *b)
{
    keyed *k = malloc((b->n + 1) * sizeof *k);
    b->order = malloc((b->n + 1) * sizeof *b->order);
    if (!k || !b->order) {
        free(k);
        return -1;
    }
    for (size_t i = 0; i < b->n; i++) {
        const ds_suite_run *r = &b->s->runs[b->work[i]];
        const ds_suite_spec *p = &b->s->problems[r->problem];
        k[i] = (keyed){ds_hash_pair(ds_hash_str(p->canon), ds_instance_seed(&p->v, r->seed)), i};
    }
    qsort(k, b->n, sizeof *k, cmp_keyed);
    for (size_t i = 0; i < b->n; i++)
        b->order[i] = k[i].i;
    free(k);
    return 0;
}

/* Tell the cache how many runs here will use each instance, so each is
 * freed after its last. Runs handed to other processes never come back
 * here: then nothing is expected, and unused instances are evicted. */
static int expect_uses(bench_state *b, ds_err *err)
{
    if (b->o->remote)
        return DS_OK;
    for (size_t i = 0; i < b->n; i++) {
        if (b->done[i])
            continue;
        const ds_suite_run *r = &b->s->runs[b->work[i]];
        int rc = ds_instances_expect(b->inst, &b->s->problems[r->problem].v, r->seed, 1, err);
        if (rc)
            return rc;
    }
    return DS_OK;
}

/* Move the finished results out, in id order. */
static void collect(bench_state *b, ds_result **res, size_t *n)
{
    size_t m = 0;
    for (size_t i = 0; i < b->n; i++)
        if (b->done[i]) {
            b->res[m] = b->res[i];
            if (m != i)
                memset(&b->res[i], 0, sizeof b->res[i]);
            m++;
        }
    *res = b->res;
    *n = m;
    b->res = NULL;
}

/* ---- the queue --------------------------------------------------------- */

long ds_bench_queue_take(ds_bench_queue *b, size_t *run)
{
    long i = -1;
#pragma omp critical(ds_bench)
    {
        while (b->next < b->n && b->done[b->order[b->next]])  /* kept by --resume */
            b->next++;
        if (b->o->interrupt && *b->o->interrupt)
            b->stop = 1;
        if (!b->stop && b->next < b->n) {
            i = (long)b->order[b->next++];
            *run = b->work[i];
        }
    }
    return i;
}

/* Record run i's outcome; inside the critical section. -1: the run could
 * not start; else finished()'s answer. */
static int outcome(bench_state *b, long i, int rc, const ds_err *e)
{
    if (rc) {
        const ds_suite *s = b->s;
        const ds_suite_run *sr = &s->runs[b->work[i]];
        if (!b->run_rc) {
            b->run_rc = rc;
            b->run_err = *e;
            ds_err_prefix(&b->run_err, "%s:%d: problem %s, optimizer %s, seed %llu: ", s->path,
                          s->optimizers[sr->optimizer].line, s->problems[sr->problem].canon,
                          s->optimizers[sr->optimizer].canon, (unsigned long long)sr->seed);
        }
        return -1;
    }
    return finished(b, (size_t)i, b->res[i].status == DS_ST_INTERRUPTED);
}

void ds_bench_queue_put(ds_bench_queue *b, long i, ds_result *res, int rc, const ds_err *e)
{
    int st;
#pragma omp critical(ds_bench)
    {
        if (!rc) {
            b->res[i] = *res;
            memset(res, 0, sizeof *res);
        }
        st = outcome(b, i, rc, e);
    }
    store_run(b, i, st);
}

void ds_bench_queue_interrupt(ds_bench_queue *b)
{
#pragma omp critical(ds_bench)
    {
        b->stop = 1;
        if (b->o->interrupt)
            *b->o->interrupt = 1;  /* and stop the runs in progress here */
    }
}

ds_run_spec ds_bench_spec(const ds_suite *s, size_t run, volatile sig_atomic_t *interrupt)
{
    return spec_of(s, &s->runs[run], interrupt);
}

/* One thread's share: take runs from the queue until it is empty. */
static void run_local(bench_state *b)
{
    size_t run;
    long i;
    while ((i = ds_bench_queue_take(b, &run)) >= 0) {
        ds_run_spec rs = spec_of(b->s, &b->s->runs[run], b->o->interrupt);
        ds_err e = {0};
        int r = run_shared(b->inst, &rs, &b->res[i], &e);
        int st;
#pragma omp critical(ds_bench)
        st = outcome(b, i, r, &e);
        store_run(b, i, st);
    }
}

/* 1 when a and b name the same file. */
static int same_file(const char *a, const char *b)
{
    struct stat x, y;
    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

/* The output must not be one of the suite's inputs (its own file, a data
 * file a problem reads), and without --resume must not replace the result
 * file of another suite (or a file that is not a result file) unless
 * forced: either would lose work no rerun of this suite gives back. */
static int check_out(const ds_suite *s, const ds_bench_opts *o, ds_err *err)
{
    int rc = ds_store_check_out(o->out, err);
    if (rc)
        return rc;
    if (same_file(o->out, s->path))
        return ds_fail(err, DS_EINVAL, "--out '%s' is the suite file itself", o->out);
    for (size_t k = 0; k < s->nproblems; k++) {
        const ds_value *v = ds_value_get(&s->problems[k].v, "data");
        if (v && v->text[0] && same_file(o->out, v->text))
            return ds_fail(err, DS_EINVAL, "--out '%s' is the data file of problem %s", o->out,
                           s->problems[k].canon);
    }
    struct stat st;
    if (o->resume || o->force || stat(o->out, &st) != 0 || st.st_size == 0)
        return DS_OK;  /* nothing there to lose */
    char name[DS_NAME_MAX] = "";
    ds_err e = {0};
    if (ds_store_root_attr(o->out, "suite_name", name, sizeof name, &e))
        return ds_fail(err, DS_EINVAL, "'%s' exists and is not a result file: refusing to replace it "
                       "(--force replaces it)", o->out);
    if (strcmp(name, s->name))
        return ds_fail(err, DS_EINVAL, "'%s' holds the runs of %s%s, not of suite %s: refusing to replace them "
                       "(--force replaces them, another --out keeps them)",
                       o->out, name[0] ? "suite " : "another command", name, s->name);
    return DS_OK;
}

int ds_bench_run(const ds_suite *s, const ds_bench_opts *o, ds_result **res, size_t *n, ds_bench_report *rep,
                 ds_err *err)
{
    *res = NULL;
    *n = 0;
    memset(rep, 0, sizeof *rep);
    if (o->out) {
        int rc = check_out(s, o, err);
        if (rc)
            return rc;
    }
    bench_state b = {.s = s, .o = o};
    ds_provenance_of(s, o, &b.prov);
    int nt = o->threads > 0 ? o->threads : omp_get_max_threads();
    ds_instances *own = o->instances ? NULL : ds_instances_new((size_t)nt);
    b.inst = o->instances ? o->instances : own;
    if (make_work(&b) || !b.inst || group_by_instance(&b)) {
        state_free(&b);
        ds_instances_free(own);
        return ds_fail(err, DS_ENOMEM, "out of memory for %zu runs", s->nruns);
    }
    int rc = check_memory(&b, nt, err);
    if (!rc && o->resume && o->out)
        rc = resume_from(&b, &rep->kept, err);
    if (!rc && o->out)
        rc = open_file(&b, err);
    if (!rc)
        rc = expect_uses(&b, err);
    if (rc) {
        state_free(&b);
        ds_instances_free(own);
        return rc;
    }
    rep->total = b.n;
    b.ndone = b.at_ckpt = rep->kept;
    b.last_ckpt = ds_now();
    ds_progress_init(&b.progress, o->progress, o->progress_tty, b.n, b.ndone, ds_now());
    int remote_rc = DS_OK;
    ds_err remote_err = {0};
    /* With remote workers, thread 0 serves them and the others run work. */
#pragma omp parallel num_threads(nt + (o->remote != NULL))
    {
        if (o->remote && omp_get_thread_num() == 0)
            remote_rc = o->remote->serve(o->remote->ctx, &b, &remote_err);
        else
            run_local(&b);
    }
    for (size_t i = 0; i < b.n; i++) {
        rep->ran += b.done[i] == 1;
        rep->interrupted += b.done[i] == 2;
    }
    rep->ran -= rep->kept;
    ds_instances_stats st;
    ds_instances_get_stats(b.inst, &st);
    rep->builds = st.builds;
    rep->setup_seconds = st.build_seconds;
    for (size_t i = 0; i < b.n; i++)
        if (b.done[i] && b.res[i].problem[0])
            rep->run_seconds += b.res[i].seconds;
    ds_progress_setup(&b.progress, rep->builds, rep->setup_seconds, rep->run_seconds);
    ds_progress_end(&b.progress, ds_now());
    ds_instances_free(own);
    if (b.w)
        drain(&b, 1);  /* runs a busy store left waiting */
    if (b.write_rc)
        rc = b.write_rc, *err = b.write_err;
    else if (b.disk_rc)
        rc = b.disk_rc, *err = b.disk_err;
    else if (b.w)
        rc = ds_store_commit(b.w, err);
    if (!rc && remote_rc)
        rc = remote_rc, *err = remote_err;
    if (!rc && b.run_rc)
        rc = b.run_rc, *err = b.run_err;
    collect(&b, res, n);
    state_free(&b);
    return rc;
}
