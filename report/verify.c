/* The theory battery and the checks of one optimizer on it. Runs are
 * tracked (every iteration observed, running minima and averages kept) and
 * recorded at every iteration, so every theorem's quantity is exact; the
 * budgets stay in the hundreds and the dimensions small, so the whole
 * battery takes seconds. */
#include "verify.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../core/schedule.h"
#include "../harness/runner.h"
#include "../theory/pep.h"

/* Quadratics across kappa, the worst-case instances of THEORY.md, real and
 * synthetic data, Rosenbrock. Families that are not registered are
 * skipped, so the battery grows with the catalog. */
const ds_battery_entry ds_battery[] = {
    {"quad-k10", "quadratic:dim=20,kappa=10", 200, 1, NULL, NULL},
    {"quad-k100", "quadratic:dim=20,kappa=100", 300, 1, NULL, NULL},
    {"quad-k1000", "quadratic:dim=20,kappa=1000", 300, 1, NULL, NULL},
    {"quad-mu0", "quadratic:dim=20,mu=0,L=1", 200, 1, NULL, NULL},
    /* 1-D: every GD bound on quadratics is attained (L = mu = lambda) */
    {"quad-1d", "quadratic:dim=1,L=2,mu=2,x0=1", 50, 1, NULL, NULL},
    /* GD's worst eigenvalue for N = 100 steps of 1/L: lambda = L/(2N+1) */
    {"quad-gdworst", "quadratic:dim=2,L=1,mu=1/201,rotate=0,x0=0;1", 100, 1, NULL, NULL},
    /* exact line search's worst start x0 ~ (1/L, 1/mu) (de Klerk et al.) */
    {"quad-ls-worst", "quadratic:dim=2,L=1,mu=0.01,rotate=0,x0=1;100", 100, 1, NULL, NULL},
    /* heavy ball's worst start: the top eigenvector */
    {"quad-top", "quadratic:dim=2,L=1,mu=0.01,rotate=0,x0=1;0", 200, 1, NULL, NULL},
    /* short horizons, where the tight bounds are far above the rounding
     * floor and equality at the horizon means something */
    {"quad-1d-short", "quadratic:dim=1,L=2,mu=2,x0=1", 10, 1, NULL, NULL},
    {"quad-top-short", "quadratic:dim=2,L=1,mu=0.01,rotate=0,x0=1;0", 30, 1, NULL, NULL},
    /* ITEM's worst case: diag(L, mu) from x* + (1, 1) */
    {"quad-item", "quadratic:dim=2,L=1,mu=0.001,rotate=0", 15, 1, NULL, NULL},
        {"quad-noise", "quadratic:dim=10,kappa=10,noise=0.1", 200, 8, NULL, NULL},
    /* the same with steps lr tau/(tau + t): O(1/t) for beta = lr tau > 1/mu */
    {"quad-noise-1/t", "quadratic:dim=10,kappa=10,noise=0.1", 200, 8, "robbins_monro:p=1,tau=40", NULL},
    /* M|x|_inf in dimension N+1: the subgradient method's worst case */
    {"abs-worst", "abs_worst:dim=51", 50, 1, NULL, NULL},
    {"abs-noise", "abs_worst:dim=5,noise=0.1", 200, 8, NULL, NULL},
    /* the same projected on the box [-1, 1]^5 with steps lr/sqrt(t+1):
     * projected SGD's last iterate on a bounded domain (Shamir & Zhang) */
    {"abs-box-noise", "abs_worst:dim=5,box=1,noise=0.1", 200, 8, "robbins_monro:p=0.5,tau=1", NULL},
    /* Nesterov's nonsmooth lower bound in dimension N+1: no span method
     * gets below M R/(2(1+sqrt(N+1))) in N steps */
    {"nonsmooth-lower", "nesterov_nonsmooth:dim=51", 50, 1, NULL, NULL},
    /* mu-strongly convex with an M-Lipschitz Hessian: Newton's local rate */
    {"cubic-sc", "cubic_sc:dim=2,mu=1,M=2,x0=1;0.5", 10, 1, NULL, NULL},
    {"huber-worst", "huber_worst", 100, 1, NULL, NULL},
    /* GD's worst gradient norm after N steps: the Huber threshold R/(N+1) */
    {"huber-gradworst", "huber_worst:threshold=gdgrad", 100, 1, NULL, NULL},
    {"nesterov-worst", "nesterov_worst", 50, 1, NULL, NULL},
    /* dimension 2N+1: the convex lower bound speaks at every t <= N */
    {"nesterov-worst-101", "nesterov_worst:dim=101", 50, 1, NULL, NULL},
    {"nesterov-worst-sc", "nesterov_worst:dim=200,mu=0.01", 50, 1, NULL, NULL},
    {"hb-cycle", "hb_cycle", 300, 1, NULL, NULL},
    /* Reddi et al.'s online problem: one loss per step, in order. Adam and
     * AMSGrad with their alpha/sqrt(t); AdaGrad, whose own 1/sqrt(sum g^2)
     * is that decay, with a constant lr. */
    {"adam-counter", "adam_counter", 3000, 1, "robbins_monro:p=0.5,tau=1", "batch=1,shuffle=0"},
    {"adam-counter-c", "adam_counter", 3000, 1, NULL, "batch=1,shuffle=0"},
    {"lstsq", "lstsq", 300, 1, NULL, NULL},
    {"logreg", "logreg", 300, 1, NULL, NULL},
    /* the same on real data (data/PROVENANCE.md) */
    {"lstsq-diabetes", "lstsq:data=diabetes", 300, 1, NULL, NULL},
    {"logreg-cancer", "logreg:data=breast_cancer", 300, 1, NULL, NULL},
    {"rosenbrock", "rosenbrock", 500, 1, NULL, NULL},
};
const size_t ds_battery_count = sizeof ds_battery / sizeof ds_battery[0];

void ds_th_run_from_result(const ds_result *res, long horizon, ds_th_run *out)
{
    const ds_trace *tr = &res->trace;
    *out = (ds_th_run){
        .problem = res->problem,
        .optimizer = res->optimizer,
        .schedule = res->schedule,
        .seed = res->seed,
        .horizon = horizon,
        .diverged = res->status == DS_ST_DIVERGED || res->status == DS_ST_FAILED,
        .L = res->L,
        .mu = res->mu,
        .R = res->R,
        .f0 = res->f0,
        .f_star = res->f_star,
        .flags = res->flags,
        .dim = res->dim,
        .n = tr->n,
        .iter = tr->iter,
        .f = tr->f,
        .f_gap = tr->f_gap,
        .grad_norm = tr->grad_norm,
        .lr = tr->lr,
        .dist = tr->dist,
        .grad2_min = tr->grad2_min,
        .grad2_mean = tr->grad2_mean,
        .f_min = tr->f_min,
        .f_avg = tr->f_avg,
        .regret = tr->regret,
        .gsum = tr->gsum,
        .dinf = tr->dinf,
        .xdim = tr->xdim,
        .x = tr->x,
        .x_final = res->x_final,
    };
}

static int push_row(ds_verify_report *rep, const char *opt, const char *problem, const ds_check *c)
{
    if (rep->n == rep->cap) {
        size_t cap = rep->cap ? 2 * rep->cap : 64;
        ds_verify_row *r = realloc(rep->rows, cap * sizeof *r);
        if (!r)
            return -1;
        rep->rows = r;
        rep->cap = cap;
    }
    ds_verify_row *row = &rep->rows[rep->n++];
    snprintf(row->optimizer, sizeof row->optimizer, "%s", opt);
    row->problem = problem;
    row->check = *c;
    return 0;
}

static void note_skip(ds_verify_report *rep, const char *label, const char *why)
{
    size_t len = strlen(rep->skipped);
    snprintf(rep->skipped + len, sizeof rep->skipped - len, "%s%s: %s", len ? "\n" : "", label, why);
}

/* 2 when forced on the command line, 1 when the optimizer's table claims it. */
static int is_claimed(const ds_optimizer_type *ot, const char *id, const char *const *extra, size_t nextra)
{
    for (size_t i = 0; i < nextra; i++)
        if (!strcmp(extra[i], id))
            return 2;
    for (const char *const *c = ot->claims; c && *c; c++)
        if (!strcmp(*c, id))
            return 1;
    return 0;
}

/* The problem of a battery entry, with a family parameter N (the horizon
 * of a worst-case instance) set to the budget. 0 when the family is not
 * registered. */
static int battery_problem(const ds_battery_entry *b, ds_values *pv, ds_err *err)
{
    char name[DS_NAME_MAX];
    memset(pv, 0, sizeof *pv);
    snprintf(name, sizeof name, "%.*s", (int)strcspn(b->spec, ":"), b->spec);
    const ds_problem_type *t = ds_problem_find(name);
    if (!t)
        return 0;
    if (ds_problem_parse(b->spec, pv, err))
        return -1;
    for (const ds_param *p = t->params; p && p->name; p++)
        if (!strcmp(p->name, "N") && !ds_given(pv, "N")) {
            char text[32];
            snprintf(text, sizeof text, "%ld", b->iters);
            if (ds_values_set(pv, "N", text, err))
                return -1;
        }
    return 1;
}

/* Sets each key=value of `opts` whose parameter the user left at its default. */
static int entry_options(ds_values *ov, const char *opts, ds_err *err)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", opts);
    for (char *save = NULL, *kv = strtok_r(buf, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(kv, '=');
        if (!eq)
            return ds_fail(err, DS_EINVAL, "battery option '%s' has no value", kv);
        *eq = '\0';
        if (!ds_given(ov, kv) && ds_values_set(ov, kv, eq + 1, err))
            return err->code;
    }
    return DS_OK;
}

/* A seed that diverged on a problem in the class of one of the method's own
 * theorems: reported, and verify's exit status says so even unclaimed. */
static void note_divergence(ds_verify_report *rep, size_t from, const char *label, const ds_result *res,
                            size_t ns)
{
    size_t i = 0;
    while (i < ns && res[i].status != DS_ST_DIVERGED && res[i].status != DS_ST_FAILED)
        i++;
    if (i == ns)
        return;
    for (size_t k = from; k < rep->n; k++) {
        const ds_check *c = &rep->rows[k].check;
        if (c->class_fits && c->about_method) {
            const ds_trace *tr = &res[i].trace;
            size_t len = strlen(rep->diverged_runs);
            snprintf(rep->diverged_runs + len, sizeof rep->diverged_runs - len,
                     "%s%s on %s: seed %llu diverged at t=%ld, in the class of %s", len ? "\n" : "",
                     res[i].optimizer, label, (unsigned long long)res[i].seed,
                     tr->n ? tr->iter[tr->n - 1] : 0L, c->th->id);
            rep->diverged++;
            return;
        }
    }
}

/* ---- performance estimation --------------------------------------------
 * A fixed-step method (DS_OPT_FIXED_STEP) is also held to its own exact
 * worst case: at horizons t = 1, 2, 5, 10 its PEP value over the smooth
 * (strongly) convex class with the run's L, mu and R (theory/pep.h) bounds
 * the run's gap, squared distance and squared gradient norm, within the
 * solver's stated tolerance. The flag is the claim: a violation counts as
 * a claimed bound violated. On the smooth convex class the same PEP gap is
 * held to Drori's lower bound (drori-lower), which no method beats. */
static const ds_theorem pep_theorems[3] = {
    {.id = "pep-gap", .statement = "f(x_t) - f* <= the PEP worst case of the method at t",
     .method = "any DS_OPT_FIXED_STEP method at a constant lr", .source = "Taylor, Hendrickx & Glineur 2017",
     .requires = DS_CONVEX | DS_SMOOTH, .quantity = DS_Q_GAP, .kind = DS_TH_UPPER},
    {.id = "pep-dist2", .statement = "||x_t - x*||^2 <= the PEP worst case of the method at t",
     .method = "any DS_OPT_FIXED_STEP method at a constant lr", .source = "Taylor, Hendrickx & Glineur 2017",
     .requires = DS_CONVEX | DS_SMOOTH, .quantity = DS_Q_DIST2, .kind = DS_TH_UPPER},
    {.id = "pep-grad2", .statement = "||grad f(x_t)||^2 <= the PEP worst case of the method at t",
     .method = "any DS_OPT_FIXED_STEP method at a constant lr", .source = "Taylor, Hendrickx & Glineur 2017",
     .requires = DS_CONVEX | DS_SMOOTH, .quantity = DS_Q_GRAD2, .kind = DS_TH_UPPER},
};
static const long pep_horizons[] = {1, 2, 5, 10};
enum { PEP_NH = sizeof pep_horizons / sizeof pep_horizons[0] };

/* Deterministic, constant-step runs on a smooth convex problem with known
 * f*, x*, L. */
static int pep_fits(const ds_battery_entry *b, const ds_values *pv, const ds_values *ov, const ds_th_run *run)
{
    unsigned need = DS_CONVEX | DS_SMOOTH;
    return b->seeds == 1 && !b->schedule && !b->sampling && (run->flags & need) == need &&
           !(run->flags & DS_NONCONVEX) && run->R > 0 && isfinite(run->R) && isfinite(run->f_star) &&
           run->L > 0 && isfinite(run->L) && run->dist && !(ds_value_get(pv, "noise") && ds_num(pv, "noise") > 0) &&
           ds_int(ov, "batch") == 0;
}

static double pep_measured(const ds_th_run *run, long t, int m)
{
    for (size_t k = 0; k < run->n; k++)
        if (run->iter[k] == t) {
            double v = m == 0 ? run->f_gap[k] : m == 1 ? run->dist[k] : run->grad_norm[k];
            return m == 0 ? v : v * v;
        }
    return NAN;
}

/* The PEP values of the three measures at horizon t, on the class of the
 * run: strongly convex with its mu when 0 < mu < L, else convex. The
 * method is traced with the run's own L, mu and budget. 1 when the trace
 * refuses the method, an error code when the solver fails. */
static int pep_at(const ds_optimizer_type *ot, const ds_values *ov, const ds_th_run *run, long t,
                  double bound[3], double tol[3], ds_err *err)
{
    ds_pep_steps steps;
    if (ds_pep_trace(ot, ov, run->L, run->mu, t, run->horizon, &steps, err))
        return 1;  /* not a fixed-step method with these parameters (gd:ls=exact) */
    int rc = DS_OK;
    int sc = run->mu > 0 && run->mu < run->L;
    ds_pep_setup su = {.cls = sc ? DS_PEP_SMOOTH_STRONGLY_CONVEX : DS_PEP_SMOOTH_CONVEX, .L = run->L,
                       .mu = sc ? run->mu : 0.0, .R = run->R, .D = NAN};
    for (int m = 0; m < 3 && !rc; m++) {
        ds_pep_result r;
        su.measure = (ds_pep_measure[]){DS_PEP_GAP, DS_PEP_DIST2, DS_PEP_GRAD2}[m];
        rc = ds_pep_solve(&steps, &su, &r, err);
        bound[m] = r.value;
        tol[m] = r.tol;
    }
    ds_pep_steps_free(&steps);
    return rc;
}

/* Drori's lower bound holds for every method on the smooth convex class:
 * a fixed-step method's PEP gap there may not fall below it, and OGM, at its
 * own step and horizon (the run's budget), meets it. */
static int drori_row(const ds_th_run *run, const long *t, const double *value, const double *tol, size_t n,
                     const char *opt, const char *label, ds_verify_report *rep)
{
    const ds_theorem *th = ds_theorem_find("drori-lower");
    ds_values ov;
    ds_problem *p = NULL;
    ds_th_ctx ctx;
    ds_err e = {0};
    ds_check c = {.th = th, .claimed = 1};
    double bound[PEP_NH];
    int attained[PEP_NH];
    if (!th || n == 0)
        return DS_OK;
    if (ds_th_ctx_init(&ctx, run, &ov, &p, &e)) {
        c.last_iter = -1;
        snprintf(c.reason, sizeof c.reason, "not applicable: %s", e.msg);
    } else {
        int optimal = th->is_tight(&ctx);
        for (size_t i = 0; i < n; i++) {
            bound[i] = th->bound(&ctx, t[i], NAN);
            attained[i] = optimal && t[i] == ctx.N;
        }
        ds_pep_judge_lower(t, value, bound, tol, attained, n, &c);
    }
    ds_problem_free(p);
    ds_values_free(&ov);
    rep->claimed_fail += c.verdict == DS_V_FAIL;
    return push_row(rep, opt, label, &c) ? DS_ENOMEM : DS_OK;
}

static int pep_rows(const ds_battery_entry *b, const ds_values *pv, const ds_values *ov,
                    const ds_optimizer_type *ot, const ds_th_run *run, const char *opt, ds_verify_report *rep)
{
    if (!(ot->flags & DS_OPT_FIXED_STEP) || !pep_fits(b, pv, ov, run))
        return DS_OK;
    long t[PEP_NH];
    double meas[3][PEP_NH], bound[3][PEP_NH], tol[3][PEP_NH];
    size_t n = 0;
    ds_err e = {0};
    int rc = DS_OK;
    for (size_t i = 0; i < PEP_NH && pep_horizons[i] <= b->iters && !rc; i++) {
        double bd[3], tl[3];
        t[n] = pep_horizons[i];
        if ((rc = pep_at(ot, ov, run, t[n], bd, tl, &e)) > 0)
            return DS_OK;
        if (rc)
            break;
        for (int m = 0; m < 3; m++) {
            meas[m][n] = pep_measured(run, t[n], m);
            bound[m][n] = bd[m];
            tol[m][n] = tl[m];
        }
        n++;
    }
    for (int m = 0; m < 3; m++) {
        ds_check c = {.th = &pep_theorems[m], .claimed = 1};
        if (rc) {
            c.verdict = DS_V_NA;
            c.last_iter = -1;
            snprintf(c.reason, sizeof c.reason, "at t=%ld, L=%.17g, mu=%.17g, R=%.17g: %s", t[n], run->L, run->mu, run->R, e.msg);
        } else {
            ds_pep_judge(t, meas[m], bound[m], tol[m], n, &c);
            ds_pep_setup su = {.L = run->L, .R = run->R};
            su.measure = (ds_pep_measure[]){DS_PEP_GAP, DS_PEP_DIST2, DS_PEP_GRAD2}[m];
            ds_pep_growth(t, bound[m], tol[m], n, ds_pep_initial(&su), &c);
        }
        rep->claimed_fail += c.verdict == DS_V_FAIL;
        if (push_row(rep, opt, b->label, &c))
            return DS_ENOMEM;
    }
    int sc = run->mu > 0 && run->mu < run->L;
    return rc || sc ? DS_OK : drori_row(run, t, bound[0], tol[0], n, opt, b->label, rep);
}

/* The entry's runs of one optimizer, pv, ov and sv resolved, and every
 * theorem checked on them. */
static int verify_runs(const ds_battery_entry *b, const ds_values *pv, const ds_values *ov, const ds_values *sv,
                       const ds_optimizer_type *ot, const char *const *extra, size_t nextra, ds_verify_report *rep,
                       ds_err *err)
{
    size_t ns = (size_t)b->seeds;
    ds_result *res = calloc(ns, sizeof *res);
    ds_th_run *runs = calloc(ns, sizeof *runs);
    int rc = DS_OK;
    if (!res || !runs) {
        rc = ds_fail(err, DS_ENOMEM, "out of memory");
        goto out;
    }
    size_t done = 0;
    for (; done < ns; done++) {
        ds_run_spec rs = {.problem = pv, .optimizer = ov, .schedule = sv, .seed = done + 1,
                          .log_every = 1, .track = 1};
        ds_stop_defaults(&rs.stop);
        rs.stop.max_iters = b->iters;
        ds_err e = {0};
        if (ds_run(&rs, &res[done], &e)) {
            note_skip(rep, b->label, e.msg);
            goto out;
        }
        ds_th_run_from_result(&res[done], b->iters, &runs[done]);
    }
    size_t from = rep->n;
    for (const ds_theorem *const *t = ds_theorems; *t; t++) {
        int claimed = is_claimed(ot, (*t)->id, extra, nextra);
        ds_check c;
        if ((rc = ds_theory_check(*t, runs, (*t)->stochastic ? ns : 1, claimed, &c, err)))
            goto out;
        if (claimed && (c.verdict == DS_V_FAIL || c.verdict == DS_V_NOT_SHOWN))
            rep->claimed_fail++;
        else if (c.verdict == DS_V_FAIL)
            rep->other_fail++;
        if (push_row(rep, res[0].optimizer, b->label, &c)) {
            rc = ds_fail(err, DS_ENOMEM, "out of memory");
            goto out;
        }
    }
    note_divergence(rep, from, b->label, res, ns);
    if (pep_rows(b, pv, ov, ot, &runs[0], res[0].optimizer, rep))
        rc = ds_fail(err, DS_ENOMEM, "out of memory");
out:
    for (size_t i = 0; i < ns && res; i++)
        ds_result_free(&res[i]);
    free(res);
    free(runs);
    return rc;
}

static int verify_entry(const ds_battery_entry *b, const ds_values *ov, const ds_optimizer_type *ot,
                        const char *const *extra, size_t nextra, ds_verify_report *rep, ds_err *err)
{
    ds_values pv, sv = {.n = 0}, bov = {.n = 0};
    int rc = DS_OK, have = battery_problem(b, &pv, err);
    if (have < 0)
        note_skip(rep, b->label, err->msg);
    else if (have > 0 && !(rc = ds_schedule_parse(b->schedule ? b->schedule : "constant", &sv, err)) &&
             !(rc = ds_values_copy(&bov, ov, err)) && !(rc = b->sampling ? entry_options(&bov, b->sampling, err) : 0))
        rc = verify_runs(b, &pv, &bov, &sv, ot, extra, nextra, rep, err);
    ds_values_free(&pv);
    ds_values_free(&sv);
    ds_values_free(&bov);
    return rc;
}

int ds_verify_optimizer(const char *opt_spec, const char *const *extra_claims, size_t nextra,
                        long only_entry, ds_verify_report *rep, ds_err *err)
{
    ds_values ov;
    int rc = ds_optimizer_parse(opt_spec, &ov, err);
    for (size_t i = 0; i < nextra && !rc; i++)
        if (!ds_theorem_find(extra_claims[i]))
            rc = ds_fail(err, DS_EINVAL, "unknown theorem '%s' (see 'descent list theorems')", extra_claims[i]);
    const ds_optimizer_type *ot = ds_optimizer_find(ov.name);
    for (size_t i = 0; i < ds_battery_count && !rc; i++)
        if (only_entry < 0 || (size_t)only_entry == i)
            rc = verify_entry(&ds_battery[i], &ov, ot, extra_claims, nextra, rep, err);
    ds_values_free(&ov);
    return rc;
}

void ds_verify_report_free(ds_verify_report *rep)
{
    free(rep->rows);
    memset(rep, 0, sizeof *rep);
}
