/* The checker: a recorded run (or its seeds) against one theorem, with the
 * tolerances of THEORY.md, and the rate fits that show how tight a bound is
 * in practice. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>

#include "../core/fit.h"
#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../core/dmath.h"
#include "theorem.h"

const char *ds_quantity_name(ds_quantity q)
{
    static const char *const names[] = {"f-f*",          "f(xbar)-f*",   "min f-f*",
                                        "||x-x*||^2",    "||g||^2",      "min ||g||^2",
                                        "mean ||g||^2",  "regret",       "behaviour"};
    return (unsigned)q < sizeof names / sizeof names[0] ? names[q] : "?";
}

const char *ds_verdict_name(ds_verdict v)
{
    static const char *const names[] = {"n/a", "PASS", "FAIL", "SHOWN", "NOT SHOWN", "not decidable"};
    return (unsigned)v < sizeof names / sizeof names[0] ? names[v] : "?";
}

static const char *class_name(unsigned flag)
{
    switch (flag) {
    case DS_CONVEX: return "convex";
    case DS_STRONGLY_CONVEX: return "strongly convex";
    case DS_QUADRATIC: return "a quadratic";
    case DS_SMOOTH: return "globally L-smooth";
    case DS_LIPSCHITZ: return "M-Lipschitz";
    case DS_FINITE_SUM: return "a finite sum";
    default: return "in the class";
    }
}

/* The Polyak-Lojasiewicz constant of a quadratic: the smallest eigenvalue
 * of its (constant) Hessian above 1e-9 L, zero eigenvalues being those of
 * a rank-deficient A. NaN for other problems, above 200 variables, or when
 * memory runs out. */
static double pl_constant(ds_problem *p, double L)
{
    if (!(p->flags & DS_QUADRATIC) || !p->x0 || p->dim > 200 || !(L > 0))
        return NAN;
    size_t d = p->dim;
    gsl_matrix *H = gsl_matrix_alloc(d, d);
    gsl_vector *ev = gsl_vector_alloc(d);
    gsl_eigen_symm_workspace *w = gsl_eigen_symm_alloc(d);
    double mu = NAN;
    ds_err herr;
    if (H && ev && w && ds_problem_hessian(p, p->x0, H->data, &herr) == DS_OK) {
        gsl_eigen_symm(H, ev, w);
        for (size_t i = 0; i < d; i++) {
            double l = gsl_vector_get(ev, i);
            if (l > 1e-9 * L && !(l >= mu))
                mu = l;
        }
    }
    gsl_eigen_symm_free(w);
    gsl_vector_free(ev);
    gsl_matrix_free(H);
    return mu;
}

int ds_th_ctx_init(ds_th_ctx *ctx, const ds_th_run *run, ds_values *ov, ds_problem **pp, ds_err *err)
{
    memset(ctx, 0, sizeof *ctx);
    memset(ov, 0, sizeof *ov);
    *pp = NULL;
    ds_values pv;
    int rc = ds_problem_parse(run->problem, &pv, err);
    if (!rc)
        rc = ds_problem_new(&pv, run->seed, pp, err);
    ds_values_free(&pv);
    if (!rc)
        rc = ds_optimizer_parse(run->optimizer, ov, err);
    if (rc)
        return rc;
    const ds_problem *p = *pp;
    ds_expr_vars vars;
    ds_problem_vars(p, run->horizon, &vars);
    vars.R = run->R;  /* the run's own start */
    if ((rc = ds_values_bind(ov, &vars, err)))
        return rc;
    ctx->run = run;
    ctx->p = p;
    ctx->opt = ov->name;
    ctx->ov = ov;
    ctx->schedule = run->schedule ? run->schedule : "constant";
    ctx->L = run->L;
    ctx->mu = run->mu;
    ctx->kappa = run->mu > 0 ? run->L / run->mu : INFINITY;
    ctx->R = run->R;
    ctx->D = run->f0 - run->f_star;
    ctx->M = (p->flags & DS_LIPSCHITZ) ? p->M : NAN;
    ctx->sigma2 = p->n == 0 ? p->noise * p->noise * (double)p->dim : NAN;
    ctx->N = run->horizon;
    ctx->mu_pl = pl_constant(*pp, run->L);
    /* The step the run took: the recorded rate (the optimizer's lr through
     * the schedule), else the parameter. */
    const ds_value *lr = ds_value_get(ov, "lr");
    ctx->lr = run->n >= 2 && isfinite(run->lr[0]) ? run->lr[0] : lr ? lr->num : NAN;
    ctx->constant_lr = 1;
    for (size_t k = 0; k < run->n; k++)
        if (isfinite(run->lr[k]) && run->lr[k] != ctx->lr)
            ctx->constant_lr = 0;
    return DS_OK;
}

/* The quantity at record k; NaN when the trace does not have it. */
static double quantity(const ds_th_run *r, ds_quantity q, size_t k)
{
    double fs = r->f_star;
    switch (q) {
    case DS_Q_GAP: return r->f_gap[k];
    case DS_Q_GAP_AVG: return r->f_avg ? r->f_avg[k] - fs : NAN;
    case DS_Q_GAP_MIN: return r->f_min ? r->f_min[k] - fs : NAN;
    case DS_Q_DIST2: return r->dist[k] * r->dist[k];
    case DS_Q_GRAD2: return r->grad_norm[k] * r->grad_norm[k];
    case DS_Q_GRAD2_MIN: return r->grad2_min ? r->grad2_min[k] : NAN;
    case DS_Q_GRAD2_MEAN: return r->grad2_mean ? r->grad2_mean[k] : NAN;
    case DS_Q_REGRET: return r->regret ? r->regret[k] : NAN;
    default: return NAN;
    }
}

static int needs_tracking(ds_quantity q)
{
    return q == DS_Q_GAP_AVG || q == DS_Q_GAP_MIN || q == DS_Q_GRAD2_MIN || q == DS_Q_GRAD2_MEAN ||
           q == DS_Q_REGRET;
}

/* The sum of squared residuals of the line icpt + slope x. */
static double residuals(const double *x, const double *y, size_t n, double slope, double icpt)
{
    double sse = 0;
    for (size_t i = 0; i < n; i++) {
        double r = y[i] - (icpt + slope * x[i]);
        sse += r * r;
    }
    return sse;
}

/* The tail: the last half of the usable points (finite, positive, t >= 1). */
static size_t tail(const long *it, const double *q, size_t n, int logt, double *xs, double *ys)
{
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        if (it[k] >= 1 && isfinite(q[k]) && q[k] > 0)
            m++;
    size_t skip = m / 2, j = 0, u = 0;
    for (size_t k = 0; k < n; k++) {
        if (!(it[k] >= 1 && isfinite(q[k]) && q[k] > 0))
            continue;
        if (u++ < skip)
            continue;
        xs[j] = logt ? ds_log((double)it[k]) : (double)it[k];
        ys[j] = ds_log(q[k]);
        j++;
    }
    return j;
}

static double fit(const long *it, const double *q, size_t n, int logt, double *sse)
{
    double *xs = malloc((n + 1) * sizeof *xs), *ys = malloc((n + 1) * sizeof *ys);
    double s = NAN, e = NAN;
    if (xs && ys) {
        size_t m = tail(it, q, n, logt, xs, ys);
        if (m >= 3) {
            double icpt;
            s = ds_fit_line(xs, ys, m, &icpt);
            e = isnan(s) ? NAN : residuals(xs, ys, m, s, icpt);
        }
    }
    free(xs);
    free(ys);
    if (sse)
        *sse = e;
    return s;
}

double ds_fit_linear_rate(const long *it, const double *q, size_t n)
{
    return ds_exp(fit(it, q, n, 0, NULL));
}

double ds_fit_order(const long *it, const double *q, size_t n)
{
    return -fit(it, q, n, 1, NULL);
}

/* log q is closer to a line in t than in log t: linear convergence, for
 * which an order of 1/t^p means nothing. */
static int converges_linearly(const long *it, const double *q, size_t n)
{
    double e_lin = NAN, e_log = NAN;
    double s = fit(it, q, n, 0, &e_lin);
    fit(it, q, n, 1, &e_log);
    return s < 0 && e_lin < e_log;
}

/* Rates over the tail: the run's (above the rounding floor: its first
 * nfit records), the bound's, the asymptotically tight one; the order of a
 * sublinear bound, except for linear convergence and instances built for
 * one horizon (their worst case is at N only). A regret grows: no rate. */
static void fit_rates(const ds_theorem *th, const ds_th_ctx *c, const ds_th_run *r, const double *qs,
                      const double *bs, size_t nfit, ds_check *out)
{
    if (th->quantity == DS_Q_REGRET)
        return;
    out->rate_emp = ds_fit_linear_rate(r->iter, qs, nfit);
    out->rate_thm = ds_fit_linear_rate(r->iter, bs, r->n);
    out->rate_tight = th->tight_rate ? th->tight_rate(c) : NAN;
    int horizon_instance = c->p && ds_value_get(&c->p->params, "N") != NULL;
    if (th->order > 0 && !horizon_instance && !converges_linearly(r->iter, qs, nfit))
        out->order_emp = ds_fit_order(r->iter, qs, nfit);
}

/* The first `applies` failure, rewritten as a note for a claim checked
 * anyway: "outside the theorem's conditions: lr=..." */
static void outside_note(char *reason, size_t n, const char *why)
{
    const char *p = strstr(why, "not applicable: ");
    snprintf(reason, n, "outside the theorem's conditions (%s)", p ? p + 16 : why);
}

/* name is one of the '|'-separated list (NULL: any). */
static int in_list(const char *list, const char *name)
{
    if (!list)
        return 1;
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, "|");
        if (len == n && !strncmp(p, name, n))
            return 1;
        p += len + (p[len] == '|');
    }
    return 0;
}

double ds_student_t975(size_t df)
{
    /* two-sided 95% quantiles of Student's t, df = 1..30 */
    static const double t[30] = {12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060,
                                 2.2622,  2.2281, 2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199,
                                 2.1098,  2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687, 2.0639,
                                 2.0595,  2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
    if (df == 0)
        return INFINITY;
    if (df <= 30)
        return t[df - 1];
    /* Cornish-Fisher expansion about the normal quantile: 2.0211 at df = 40 */
    double z = 1.959964, d = (double)df, z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
    return z + (z3 + z) / (4 * d) + (5 * z5 + 16 * z3 + 3 * z) / (96 * d * d) +
           (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * d * d * d);
}

/* Mean over seeds at record k, with the half-width of its 95% interval
 * (Student's t for the seeds) and the sample standard deviation. A seed
 * that diverged counts: the mean is infinite. */
static double seed_mean(const ds_th_run *runs, size_t nruns, ds_quantity q, size_t k, double *ci,
                        double *sd)
{
    double s = 0, s2 = 0;
    size_t m = 0;
    *ci = *sd = NAN;
    for (size_t i = 0; i < nruns; i++) {
        int here = k < runs[i].n && runs[i].iter[k] == runs[0].iter[k];
        double v = here ? quantity(&runs[i], q, k) : NAN;
        if (!isfinite(v)) {
            /* a diverged seed's last record, or past it */
            if (runs[i].diverged && (!here || k + 1 >= runs[i].n || isinf(v)))
                return INFINITY;
            continue;
        }
        s += v, s2 += v * v, m++;
    }
    if (m == 0)
        return NAN;
    double mean = s / (double)m;
    double var = m > 1 ? fmax(0.0, (s2 - (double)m * mean * mean) / (double)(m - 1)) : INFINITY;
    *sd = sqrt(var);
    *ci = ds_student_t975(m - 1) * sqrt(var / (double)m);
    return mean;
}

/* The fewest seeds whose 95% interval is narrower than the bound b for a
 * sample standard deviation sd: below that, even a mean twice the bound
 * cannot fail. */
static size_t seeds_needed(double sd, double b)
{
    if (!(b > 0) || !isfinite(sd))
        return 0;
    for (size_t m = 2; m < 1000000; m++)
        if (ds_student_t975(m - 1) * sd / sqrt((double)m) < b)
            return m;
    return 0;
}

/* The rounding floor of the quantity: where a bound is 0 (a 1-D quadratic
 * solved in one step) only rounding is left: an iterate eps-close to x*
 * gives a quantity of order eps^2 times its initial size, and f - f* loses
 * a few eps |f*|, about sqrt(n) eps |f*| for a mean over n samples. */
static double rounding_floor(const ds_theorem *th, const ds_th_ctx *c, const ds_th_run *r)
{
    double floor_abs = 0;
    for (size_t k = 0; k < r->n && floor_abs == 0; k++) {
        double v = quantity(r, th->quantity, k);
        if (isfinite(v))
            floor_abs = DS_TH_FLOOR_SQ * fabs(v);
    }
    if (th->quantity == DS_Q_GAP || th->quantity == DS_Q_GAP_AVG || th->quantity == DS_Q_GAP_MIN)
        floor_abs += DS_TH_FLOOR_F * fabs(r->f_star) * (c->p && c->p->n > 1 ? sqrt((double)c->p->n) : 1.0);
    return floor_abs;
}

/* Records before the quantity first reaches 100x its rounding floor: past
 * that a fit measures rounding noise. */
static size_t above_floor(const ds_th_run *r, const double *qs, double floor_abs)
{
    for (size_t k = 0; k < r->n; k++)
        if (r->iter[k] >= 1 && isfinite(qs[k]) && qs[k] <= 100 * floor_abs)
            return k;
    return r->n;
}

/* Equality on the worst-case instance at the horizon, where the bound is
 * far enough above the rounding floor for 1e-9 to mean something. */
static void check_tight(const ds_theorem *th, const ds_th_ctx *c, double floor_abs, ds_check *out)
{
    if (th->kind != DS_TH_TIGHT || !th->is_tight || !th->is_tight(c) || out->outside ||
        out->last_iter != c->N)
        return;
    if (!(out->bound > floor_abs / DS_TH_REL_TOL)) {
        if (out->verdict == DS_V_PASS)
            snprintf(out->reason, sizeof out->reason,
                     "tightness not checked: the bound %.3g at the horizon is below 1e9 x the rounding "
                     "floor %.3g", out->bound, floor_abs);
        return;
    }
    out->tight = 1;
    out->tight_err = fabs(out->measured - out->bound) / out->bound;
    if (!(out->tight_err <= DS_TH_REL_TOL) && out->verdict == DS_V_PASS) {
        out->verdict = DS_V_FAIL;
        snprintf(out->reason, sizeof out->reason,
                 "not tight on its worst-case instance: %.17g vs %.17g (rel %.3g)", out->measured,
                 out->bound, out->tight_err);
    }
}

/* A stochastic check that passed is only worth something when its interval
 * could have excluded a mean twice the bound. */
static void check_decidable(size_t nseeds, double sd, ds_check *out)
{
    out->seeds_needed = nseeds < 2 ? 2 : seeds_needed(sd, out->bound);
    if (out->verdict != DS_V_PASS)
        return;
    if (nseeds >= 2 && out->seeds_needed > 0 && nseeds >= out->seeds_needed) {
        if (!*out->reason)
            snprintf(out->reason, sizeof out->reason,
                     "mean of %zu seeds +-%.3g (95%%, Student's t); %zu seeds can decide it", nseeds,
                     out->ci, out->seeds_needed);
        return;
    }
    out->verdict = DS_V_UNDECIDED;
    if (nseeds < 2)
        snprintf(out->reason, sizeof out->reason,
                 "not decidable: 1 seed of a stochastic run gives no interval (needs >= 2 seeds)");
    else if (out->seeds_needed == 0)
        snprintf(out->reason, sizeof out->reason,
                 "not decidable: the 95%% interval +-%.3g is wider than the bound %.3g for any "
                 "number of seeds", out->ci, out->bound);
    else
        snprintf(out->reason, sizeof out->reason,
                 "not decidable: %zu seeds; the 95%% interval +-%.3g is wider than the bound %.3g "
                 "(needs >= %zu seeds)", nseeds, out->ci, out->bound, out->seeds_needed);
}

/* Every record against the bound. Stochastic theorems on sampled
 * gradients: the mean over seeds, failing only when the whole 95% interval
 * lies past the bound. */
static int compare(const ds_theorem *th, const ds_th_ctx *c, const ds_th_run *runs, size_t nruns,
                   int sampled, ds_check *out, ds_err *err)
{
    const ds_th_run *r = &runs[0];
    size_t rs = sizeof out->reason;
    int upper = th->kind != DS_TH_LOWER, diverged = 0;
    for (size_t i = 0; i < nruns; i++)
        diverged |= runs[i].diverged;
    out->seeds = nruns;
    double *qs = malloc(r->n * sizeof *qs), *bs = malloc(r->n * sizeof *bs);
    if (!qs || !bs) {
        free(qs);
        free(bs);
        return ds_fail(err, DS_ENOMEM, "out of memory");
    }
    double floor_abs = rounding_floor(th, c, r), sd_last = NAN;
    for (size_t k = 0; k < r->n; k++) {
        long t = r->iter[k];
        double ci = 0, sd = NAN;
        double m = sampled ? seed_mean(runs, nruns, th->quantity, k, &ci, &sd) : quantity(r, th->quantity, k);
        double b = th->bound(c, t, r->f[k]);
        qs[k] = m;
        bs[k] = b;
        if (isnan(b))
            continue;
        /* A run that blew up has no finite quantity: an upper bound is
         * violated there. */
        if (isnan(m) && !(upper && diverged))
            continue;
        if (isnan(m) || isinf(m))
            m = INFINITY;
        out->n_checked++;
        out->last_iter = t;
        out->measured = m;
        out->bound = b;
        out->ci = sampled ? ci : NAN;
        sd_last = sd;
        double ratio = b > 0 ? m / b : (m <= 0 ? 0.0 : INFINITY);
        /* the start says nothing about tightness: most bounds equal it at t =
         * 0; nor does an upper bound below rounding, met by a quantity at
         * its rounding floor */
        int informative = t >= 1 && !(upper && m <= floor_abs);
        if (informative && (out->worst_iter < 0 || (upper ? ratio > out->worst_ratio : ratio < out->worst_ratio))) {
            out->worst_ratio = ratio;
            out->worst_iter = t;
        }
        double lo = sampled ? m - ci : m, hi = sampled ? m + ci : m;
        int bad = upper ? lo > b * (1 + DS_TH_REL_TOL) + floor_abs : hi < b * (1 - DS_TH_REL_TOL) - floor_abs;
        if (bad && out->first_violation < 0) {
            out->first_violation = t;
            out->viol_measured = m;
            out->viol_bound = b;
        }
    }
    /* A run that stopped on divergence broke any upper bound even when its
     * last finite record did not show it yet, or stopped before the only
     * iteration a horizon-N bound speaks of. */
    long t_end = r->iter[r->n - 1];
    if (upper && diverged && out->first_violation < 0) {
        out->first_violation = out->n_checked > 0 ? out->last_iter : t_end;
        out->viol_measured = INFINITY;
        out->viol_bound = out->n_checked > 0 ? out->bound : NAN;
        if (out->n_checked == 0) {
            out->verdict = DS_V_FAIL;
            snprintf(out->reason, rs, "diverged at t=%ld, before the iteration the bound speaks of", t_end);
            goto out;
        }
    }
    if (out->n_checked == 0) {
        snprintf(out->reason, rs, "not applicable: no recorded iteration where the bound speaks%s",
                 !isnan(th->bound(c, c->N, NAN)) && t_end != c->N ? " (the run stopped before its horizon)"
                                                                   : "");
        goto out;
    }
    out->verdict = out->first_violation >= 0 ? DS_V_FAIL : DS_V_PASS;
    check_tight(th, c, floor_abs, out);
    if (out->verdict == DS_V_FAIL && out->first_violation >= 0) {
        char note[256];
        snprintf(note, sizeof note, "%s", out->reason);
        snprintf(out->reason, rs, "violated at t=%ld: %.6g %s %.6g%s%s", out->first_violation,
                 out->viol_measured, upper ? ">" : "<", out->viol_bound, *note ? "; " : "", note);
    }
    if (sampled)
        check_decidable(nruns, sd_last, out);
    fit_rates(th, c, r, qs, bs, above_floor(r, qs, floor_abs), out);
out:
    free(qs);
    free(bs);
    return DS_OK;
}

int ds_theory_check(const ds_theorem *th, const ds_th_run *runs, size_t nruns, int claimed,
                    ds_check *out, ds_err *err)
{
    memset(out, 0, sizeof *out);
    out->th = th;
    out->claimed = claimed;
    out->first_violation = -1;
    out->worst_iter = -1;
    out->last_iter = -1;
    out->worst_ratio = out->measured = out->bound = out->tight_err = NAN;
    out->viol_measured = out->viol_bound = NAN;
    out->rate_emp = out->rate_thm = out->rate_tight = out->order_emp = out->ci = NAN;
    out->order_thm = th->order > 0 ? th->order : NAN;
    out->seeds = nruns;
    if (nruns == 0)
        return ds_fail(err, DS_EINVAL, "no runs to check");
    const ds_th_run *r = &runs[0];
    size_t rs = sizeof out->reason;

    /* The problem's class first: a claim never overrides it. */
    unsigned missing = th->requires & ~r->flags;
    if (missing) {
        unsigned bit = missing & -missing;
        snprintf(out->reason, rs, "not applicable: problem is not %s", class_name(bit));
        return DS_OK;
    }
    ds_values ov;
    ds_problem *p = NULL;
    ds_th_ctx c;
    int rc = ds_th_ctx_init(&c, r, &ov, &p, err);
    if (rc) {
        ds_problem_free(p);
        ds_values_free(&ov);
        return rc;
    }
    char why[256] = "";
    if (th->instance && strcmp(p->type->name, th->instance) != 0) {
        snprintf(out->reason, rs, "not applicable: the theorem is about %s, not %s", th->instance,
                 p->type->name);
        goto done;
    }
    if ((th->requires & DS_STRONGLY_CONVEX) && !(c.mu > 0)) {
        snprintf(out->reason, rs, "not applicable: problem is not strongly convex (mu=0)");
        goto done;
    }
    if ((th->requires & DS_LIPSCHITZ) && !(c.M > 0)) {
        snprintf(out->reason, rs, "not applicable: problem has no Lipschitz constant M");
        goto done;
    }
    if (th->kind != DS_TH_COUNTER && !isfinite(r->f_star)) {
        snprintf(out->reason, rs, "not applicable: f* unknown");
        goto done;
    }
    if (!th->stochastic && !ds_th_exact_gradients(&c, out->reason, rs))
        goto done;
    if (th->fits && !th->fits(&c, out->reason, rs))
        goto done;
    out->class_fits = 1;
    out->about_method = in_list(th->methods, c.opt);
    if (!out->about_method) {
        if (!claimed || th->kind == DS_TH_COUNTER || !th->bound) {
            snprintf(out->reason, rs, "not applicable: the theorem is about %s, not %s", th->methods, c.opt);
            goto done;
        }
        out->outside = 1;
        snprintf(out->reason, rs, "claimed by %s (the theorem is about %s)", c.opt, th->methods);
    } else if (!th->applies(&c, why, sizeof why)) {
        if (claimed < 2 || th->kind == DS_TH_COUNTER || !th->bound) {
            snprintf(out->reason, rs, "%s", why);
            goto done;
        }
        out->outside = 1;
        outside_note(out->reason, rs, why);
    }
    if (th->kind == DS_TH_COUNTER) {
        out->verdict = th->reproduces(&c, out->reason, rs) ? DS_V_SHOWN : DS_V_NOT_SHOWN;
        goto done;
    }
    if (needs_tracking(th->quantity) && !r->grad2_min) {
        snprintf(out->reason, rs, "not applicable: %s needs a tracked run (every iteration observed)",
                 ds_quantity_name(th->quantity));
        goto done;
    }
    /* A stochastic theorem on a run with exact gradients is a
     * deterministic statement about that one run. */
    char scratch[256];
    int sampled = th->stochastic && !ds_th_exact_gradients(&c, scratch, sizeof scratch);
    rc = compare(th, &c, runs, sampled ? nruns : 1, sampled, out, err);
done:
    ds_problem_free(p);
    ds_values_free(&ov);
    return rc;
}
