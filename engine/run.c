#include "run.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/optimizer.h"
#include "../core/oracle.h"
#include "../core/problem.h"
#include "../core/rng.h"
#include "../core/schedule.h"
#include "../core/vec.h"
#include "../core/dmath.h"

const char *ds_status_name(ds_status s)
{
    static const char *const names[] = {"running", "converged", "max_iters", "max_evals", "target",
                                        "timeout", "diverged", "failed", "interrupted"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "unknown";
}

void ds_stop_defaults(ds_stop *s)
{
    *s = (ds_stop){.max_iters = 1000, .diverge_factor = 1e12};
}

uint64_t ds_run_id(const char *problem, const char *optimizer, const char *schedule, uint64_t seed)
{
    uint64_t h = ds_hash_str(problem);
    h = ds_hash_pair(h, ds_hash_str(optimizer));
    h = ds_hash_pair(h, ds_hash_str(schedule));
    return ds_hash_pair(h, seed);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- which iterations are recorded ---------------------------------------
 * Log-spaced: 0 and every distinct floor(10^(k/10)), ten a decade; or every
 * log_every-th. The last iteration is always recorded as well. */
typedef struct {
    long every;
    int k;
    long next;
} sampler;

static void sampler_init(sampler *s, long every)
{
    s->every = every;
    s->k = 0;
    s->next = 0;
}

static long log_point(int k)
{
    return (long)floor(ds_pow(10.0, k / 10.0) + 1e-9);
}

/* 1 when t is a sampled iteration; advances past it. */
static int sampler_hit(sampler *s, long t)
{
    if (s->every > 0)
        return t % s->every == 0;
    if (t < s->next)
        return 0;
    while (s->next <= t) {
        long m;
        do
            m = log_point(++s->k);
        while (m <= s->next);
        s->next = m;
    }
    return 1;
}

static size_t sampler_count(long every, long max_iters)
{
    sampler s;
    sampler_init(&s, every);
    if (every > 0)
        return (size_t)(max_iters / every) + 2;
    size_t n = 0;
    for (long t = 0; t <= max_iters; t = s.next) {
        sampler_hit(&s, t);
        n++;
    }
    return n + 1;
}

size_t ds_run_records(long log_every, long max_iters)
{
    return sampler_count(log_every, max_iters);
}

/* ---- the run context -------------------------------------------------- */

typedef struct {
    const ds_run_spec *rs;
    ds_result *res;
    ds_problem *p;
    const ds_optimizer_type *ot;
    ds_values ov, sv;
    ds_schedule sched;
    int cycle_momentum;  /* the schedule sets the optimizer's momentum every step */
    void *state;
    ds_rng rng;
    ds_oracle oracle;
    size_t dim;
    double *x, *g, *gs, *gnew;  /* iterate, true gradient at x, step gradient, optimizer's out */
    double f, gnorm;
    int stochastic;
    long accum;
    double clip, clip_value, l2, wd, base_lr;
    int every;         /* an observer asked for the true f and gradient at every iteration */
    double rec_time;   /* seconds spent in the observers' record hooks */
} run_ctx;

static void ctx_free(run_ctx *c)
{
    if (c->state) {
        if (c->ot && c->ot->free)
            c->ot->free(c->state);
        free(c->state);
    }
    ds_oracle_free(&c->oracle);
    ds_rng_free(&c->rng);
    if (!c->rs->instance)
        ds_problem_free(c->p);
    free(c->x);
    free(c->g);
    free(c->gs);
    free(c->gnew);
    ds_values_free(&c->ov);
    ds_values_free(&c->sv);
}

/* ---- the observers (core/observer.h) ---------------------------------- */

static ds_observation observation(run_ctx *c, long t, double lr, int exact)
{
    return (ds_observation){.t = t, .dim = c->dim, .x = c->x, .g = c->g, .f = c->f, .gnorm = c->gnorm,
                            .lr = lr, .exact = exact, .problem = c->p, .oracle = &c->oracle};
}

/* Last in set-up, so that nothing after a successful start can fail. */
static int start_observers(run_ctx *c, ds_err *err)
{
    const ds_run_spec *rs = c->rs;
    ds_run_info info = {.problem = c->p, .dim = c->dim, .max_iters = rs->stop.max_iters,
                        .capacity = sampler_count(rs->log_every, rs->stop.max_iters)};
    for (size_t i = 0; i < rs->n_observers; i++) {
        const ds_observer *o = &rs->observers[i];
        int rc = o->start ? o->start(o->ctx, &info, err) : DS_OK;
        if (rc) {
            for (size_t j = 0; j < i; j++)
                if (rs->observers[j].finish)
                    rs->observers[j].finish(rs->observers[j].ctx, NULL, DS_ST_FAILED);
            return rc;
        }
        if (o->flags & DS_OBS_EVERY)
            c->every = 1;
    }
    return DS_OK;
}

static void visit_observers(run_ctx *c, long t)
{
    ds_observation ob = observation(c, t, NAN, 1);
    for (size_t i = 0; i < c->rs->n_observers; i++)
        if (c->rs->observers[i].visit)
            c->rs->observers[i].visit(c->rs->observers[i].ctx, &ob);
}

/* Timed apart: recording is excluded from the run's seconds. */
static void record_observers(run_ctx *c, long t, double lr)
{
    double r0 = now_seconds();
    ds_observation ob = observation(c, t, lr, 1);
    for (size_t i = 0; i < c->rs->n_observers; i++)
        if (c->rs->observers[i].record)
            c->rs->observers[i].record(c->rs->observers[i].ctx, &ob);
    c->rec_time += now_seconds() - r0;
}

static void leave_observers(run_ctx *c, long t, double lr, int exact)
{
    ds_observation ob = observation(c, t, lr, exact);
    for (size_t i = 0; i < c->rs->n_observers; i++)
        if (c->rs->observers[i].leave)
            c->rs->observers[i].leave(c->rs->observers[i].ctx, &ob);
}

static void finish_observers(run_ctx *c, long t, ds_status st)
{
    ds_observation ob = observation(c, t, NAN, 1);
    for (size_t i = 0; i < c->rs->n_observers; i++)
        if (c->rs->observers[i].finish)
            c->rs->observers[i].finish(c->rs->observers[i].ctx, &ob, (int)st);
}

static int setup(run_ctx *c, ds_err *err)
{
    const ds_run_spec *rs = c->rs;
    ds_result *res = c->res;
    /* A shared instance is only read: evaluations write to per-thread
     * scratch (core/scratch.h), never to the instance. */
    int rc = rs->instance ? DS_OK : ds_problem_new(rs->problem, rs->seed, &c->p, err);
    if (rs->instance)
        c->p = (ds_problem *)rs->instance;
    if (rc)
        return rc;
    ds_problem *p = c->p;
    c->dim = p->dim;
    c->ot = ds_optimizer_find(rs->optimizer->name);
    if (!c->ot)
        return ds_fail(err, DS_EINVAL, "unknown optimizer '%s'", rs->optimizer->name);
    if ((c->ot->flags & DS_OPT_NEEDS_MATRIX) && p->rows == 0)
        return ds_fail(err, DS_ENOTSUP,
                       "optimizer '%s' needs a matrix-shaped parameter, and problem '%s' is a plain vector",
                       c->ot->name, p->canon);
    if ((c->ot->flags & DS_OPT_NEEDS_HVP) && !p->type->hvp)
        return ds_fail(err, DS_ENOTSUP, "optimizer '%s' needs Hessian-vector products, which problem '%s' lacks",
                       c->ot->name, p->canon);
    if (rs->x0 && rs->x0_len != p->dim)
        return ds_fail(err, DS_EINVAL, "--x0 has %zu values but problem '%s' has dim %zu", rs->x0_len,
                       p->canon, p->dim);

    ds_expr_vars vars;
    ds_problem_vars(p, rs->stop.max_iters, &vars);
    if (rs->x0 && p->x_star)
        vars.R = ds_dist(p->dim, rs->x0, p->x_star);
    if ((rc = ds_values_copy(&c->ov, rs->optimizer, err)) || (rc = ds_values_copy(&c->sv, rs->schedule, err)))
        return rc;
    if ((rc = ds_values_bind(&c->ov, &vars, err)) || (rc = ds_values_bind(&c->sv, &vars, err)))
        return rc;
    ds_values_canon(rs->optimizer, res->optimizer, sizeof res->optimizer);
    ds_values_canon(rs->schedule, res->schedule, sizeof res->schedule);
    snprintf(res->problem, sizeof res->problem, "%s", p->canon);

    c->accum = ds_int(&c->ov, "accum");
    c->clip = ds_num(&c->ov, "clip");
    c->clip_value = ds_num(&c->ov, "clip_value");
    c->l2 = ds_num(&c->ov, "l2");
    c->wd = ds_num(&c->ov, "wd");
    c->base_lr = ds_value_get(&c->ov, "lr") ? ds_num(&c->ov, "lr") : 1.0;
    if ((c->ot->flags & DS_OPT_SELF) && (c->accum > 1 || c->clip > 0 || c->clip_value > 0 || c->l2 > 0))
        return ds_fail(err, DS_ENOTSUP,
                       "optimizer '%s' evaluates its own gradients: accum, clip, clip_value and l2 do not apply",
                       c->ot->name);

    res->id = ds_run_id(res->problem, res->optimizer, res->schedule, rs->seed);
    res->seed = rs->seed;
    /* The stream depends on the suite seed, the problem and the seed, not on
     * the optimizer: every method compared on a problem and seed sees the
     * same sample order and noise (common random numbers), and gradient
     * accumulation over k batches of B draws exactly the samples of one
     * batch of kB. It never depends on the thread that runs it. */
    uint64_t key = ds_hash_pair(ds_hash_pair(rs->suite_seed, ds_hash_str(res->problem)), rs->seed);
    if (ds_rng_init(&c->rng, key))
        return ds_fail(err, DS_ENOMEM, "out of memory for a generator");
    size_t batch = (size_t)ds_int(&c->ov, "batch");
    if ((c->ot->flags & (DS_OPT_SELF | DS_OPT_FULL_BATCH)) && batch && p->n && batch < p->n)
        return ds_fail(err, DS_ENOTSUP, "optimizer '%s' needs exact gradients: batch=%zu does not apply",
                       c->ot->name, batch);
    if ((rc = ds_oracle_init(&c->oracle, p, &c->rng, batch, ds_bool(&c->ov, "shuffle"), err)))
        return rc;
    c->stochastic = ds_oracle_stochastic(&c->oracle) && !(c->ot->flags & DS_OPT_SELF);

    size_t d = p->dim;
    c->x = ds_vec_new(d);
    c->g = ds_vec_new(d);
    c->gs = ds_vec_new(d);
    c->gnew = ds_vec_new(d);
    c->state = calloc(1, c->ot->state_size ? c->ot->state_size : 1);
    if (!c->x || !c->g || !c->gs || !c->gnew || !c->state)
        return ds_fail(err, DS_ENOMEM, "out of memory for a run of dim %zu", d);
    ds_copy(d, rs->x0 ? rs->x0 : p->x0, c->x);
    if ((rc = c->ot->init(c->state, &c->ov, p, c->x, rs->stop.max_iters, err)))
        return rc;
    if ((rc = ds_schedule_init(&c->sched, &c->sv, c->base_lr, rs->stop.max_iters, err)))
        return rc;
    /* torch's CyclicLR and OneCycleLR set the momentum when they are built
     * (to its value at step 0); a method with no momentum keeps none */
    double m0 = ds_schedule_momentum(&c->sched, 0);
    c->cycle_momentum = !isnan(m0) && c->ot->set_momentum;
    if (c->cycle_momentum && (rc = c->ot->set_momentum(c->state, m0, d, err)))
        return rc;

    res->dim = d;
    res->n = p->n;
    res->L = p->L;
    res->mu = p->mu;
    res->f_star = p->f_star;
    res->f_star_cert = p->f_star_cert;
    res->flags = p->flags;
    res->max_iters = c->rs->stop.max_iters;
    res->R = p->x_star ? ds_dist(d, c->x, p->x_star) : NAN;
    return start_observers(c, err);
}

static double gap_of(const ds_problem *p, double f)
{
    return isfinite(p->f_star) ? f - p->f_star : NAN;
}

/* Observe f and the true gradient at x without charging the method. */
static void observe(run_ctx *c)
{
    c->f = ds_problem_fg(c->p, c->x, c->g);
    c->gnorm = ds_nrm2(c->dim, c->g);
}

static ds_status check_stop(run_ctx *c, long t, double t0)
{
    const ds_stop *s = &c->rs->stop;
    double f0 = c->res->f0;
    if (!isfinite(c->f) || !isfinite(c->gnorm))
        return DS_ST_DIVERGED;
    if (fabs(c->f) > s->diverge_factor * (fabs(f0) + 1.0))
        return DS_ST_DIVERGED;
    double gap = gap_of(c->p, c->f);
    if (s->target > 0 && gap <= s->target)
        return DS_ST_TARGET;
    if (s->gtol > 0 && c->gnorm <= s->gtol)
        return DS_ST_CONVERGED;
    if (t >= s->max_iters)
        return DS_ST_MAX_ITERS;
    if (s->max_evals > 0 && ds_oracle_epochs(&c->oracle) >= s->max_evals)
        return DS_ST_MAX_EVALS;
    if (s->time_limit > 0 && now_seconds() - t0 > s->time_limit)
        return DS_ST_TIMEOUT;
    if (c->rs->interrupt && *c->rs->interrupt)
        return DS_ST_INTERRUPTED;
    return DS_ST_RUNNING;
}

/* The gradient the method steps with: mini-batches (accumulated), then
 * coupled L2, value clipping and norm clipping, in the order of a torch
 * training loop (loss with L2 -> backward -> clip -> step). Returns the
 * (last) mini-batch loss, which flags divergence between records. */
static double step_gradient(run_ctx *c)
{
    size_t d = c->dim;
    double loss = c->f;
    if (c->stochastic || c->accum > 1) {
        if (c->accum == 1) {
            loss = ds_sfg(&c->oracle, c->x, c->gs);
        } else {
            ds_zero(d, c->gs);
            for (long k = 0; k < c->accum; k++) {
                loss = ds_sfg(&c->oracle, c->x, c->gnew);
                ds_axpy(d, 1.0 / (double)c->accum, c->gnew, c->gs);
            }
        }
    } else {
        ds_copy(d, c->g, c->gs);
    }
    if (c->l2 > 0)
        ds_axpy(d, c->l2, c->x, c->gs);
    if (c->clip_value > 0)
        for (size_t i = 0; i < d; i++)
            c->gs[i] = fmax(-c->clip_value, fmin(c->clip_value, c->gs[i]));
    if (c->clip > 0) {
        double coef = c->clip / (ds_nrm2(d, c->gs) + 1e-6);  /* torch clip_grad_norm_ */
        if (coef < 1.0)
            ds_scal(d, coef, c->gs);
    }
    return loss;
}

static void loop(run_ctx *c)
{
    const ds_run_spec *rs = c->rs;
    ds_result *res = c->res;
    int self = (c->ot->flags & DS_OPT_SELF) != 0;
    /* deterministic gradient-fed methods use the observed gradient itself */
    int charged_obs = !self && !c->stochastic;
    sampler smp;
    sampler_init(&smp, rs->log_every);
    double t0 = now_seconds();

    if (charged_obs) {
        c->f = ds_fg(&c->oracle, c->x, c->g);
        c->gnorm = ds_nrm2(c->dim, c->g);
    } else {
        observe(c);
    }
    res->f0 = c->f;
    int have_obs = 1;
    ds_status st = DS_ST_RUNNING;
    long t = 0;
    for (;; t++) {
        int rec = sampler_hit(&smp, t);
        /* a stochastic run observes the true f and gradient only where it
         * records, where an observer asks, or where it may stop */
        if (!have_obs && (rec || c->every || t >= rs->stop.max_iters || (rs->interrupt && *rs->interrupt) ||
                          (rs->stop.max_evals > 0 && ds_oracle_epochs(&c->oracle) >= rs->stop.max_evals)))
            observe(c), have_obs = 1;
        if (have_obs) {
            visit_observers(c, t);
            st = check_stop(c, t, t0);
        }
        if (st != DS_ST_RUNNING) {
            record_observers(c, t, NAN);
            break;
        }
        double lr = ds_schedule_lr(&c->sched, t);
        if (rec)
            record_observers(c, t, lr);
        leave_observers(c, t, lr, have_obs);
        double loss = self ? c->f : step_gradient(c);
        if (!isfinite(loss)) {
            observe(c);
            st = DS_ST_DIVERGED;
            record_observers(c, t, NAN);
            break;
        }
        if (c->wd > 0)
            ds_scal(c->dim, 1.0 - lr * c->wd, c->x);
        ds_step s = {.x = c->x, .g = self ? NULL : c->gs, .lr = lr, .t = t, .dim = c->dim,
                     .oracle = &c->oracle, .g_new = c->gnew};
        ds_err merr;
        int step_rc = c->cycle_momentum
                          ? c->ot->set_momentum(c->state, ds_schedule_momentum(&c->sched, t), c->dim, &merr)
                          : DS_OK;
        if (step_rc == DS_OK)
            step_rc = c->ot->step(c->state, &s);
        if (step_rc == DS_OK && c->p->type->project) {
            c->p->type->project(c->p, c->x);
            s.have_fg = 0;
        }
        if (step_rc != DS_OK) {
            observe(c);
            st = DS_ST_FAILED;
            t++;
            record_observers(c, t, NAN);
            snprintf(res->message, sizeof res->message, "optimizer '%s' failed at step %ld", c->ot->name, t);
            break;
        }
        if (charged_obs) {
            c->f = ds_fg(&c->oracle, c->x, c->g);
            c->gnorm = ds_nrm2(c->dim, c->g);
        } else if (self && s.have_fg) {
            c->f = s.f_new;
            ds_copy(c->dim, c->gnew, c->g);
            c->gnorm = ds_nrm2(c->dim, c->g);
        } else if (self) {
            observe(c);
        }
        have_obs = !c->stochastic;
    }
    finish_observers(c, t, st);
    res->status = st;
    res->stop_iter = t;
    res->iters = t;
    res->f_final = c->f;
    res->gap_final = gap_of(c->p, c->f);
    res->gnorm_final = c->gnorm;
    res->seconds = now_seconds() - t0 - c->rec_time;
}

int ds_engine_run(const ds_run_spec *rs, ds_result *res, ds_err *err)
{
    memset(res, 0, sizeof *res);
    run_ctx c;
    memset(&c, 0, sizeof c);
    c.rs = rs;
    c.res = res;
    int rc = setup(&c, err);
    if (rc) {
        ctx_free(&c);
        ds_result_free(res);
        return rc;
    }
    loop(&c);
    res->n_f = c.oracle.n_f;
    res->n_g = c.oracle.n_g;
    res->n_hvp = c.oracle.n_hvp;
    res->n_samples = c.oracle.n_samples;
    res->epochs = ds_oracle_epochs(&c.oracle);
    res->x_final = c.x;
    c.x = NULL;
    ctx_free(&c);
    return DS_OK;
}

void ds_result_free(ds_result *res)
{
    if (!res)
        return;
    ds_trace_free(&res->trace);
    free(res->x_final);
    res->x_final = NULL;
}
