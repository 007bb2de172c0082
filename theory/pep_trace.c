/* The step table of a fixed-step method, read off the method itself.
 *
 * The method runs N steps, through its own init and step, on a synthetic
 * problem whose oracle hands out orthonormal gradients: the k-th gradient
 * asked for is c_k Q e_{k+1}, whatever the point. x0 lies along e_0. Each
 * point the method reaches is then x0 - sum_j h_j g_j with h_j read from
 * coordinate j+1 (after undoing Q and c): the whole table in one run, no
 * table written by hand.
 *
 * A method whose coefficients depend on the gradients' values (a
 * normalised or adaptive step, a line search) would produce another table
 * with other gradients, so the run is made twice -- unit gradients, then
 * gradients scaled by powers of two and rotated by a Householder
 * reflection -- and the two tables must agree. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/optimizer.h"
#include "../core/vec.h"
#include "pep.h"

/* Agreement of the two traces, relative to the largest coefficient: a
 * linear method differs only by the rounding of the reflection. */
#define TRACE_TOL 1e-9

typedef struct {
    size_t cap, dim, K;   /* gradient capacity, dim = cap + 1, gradients given */
    int rotate;           /* second trace: scaled and reflected gradients */
    double *hv;           /* the reflection's unit vector (rotate) */
    double *work;
} tracer;

static double trace_scale(size_t k, int rotate)
{
    return rotate ? ldexp(1.0, (int)(k % 5) - 2) : 1.0;
}

/* y = Q y, Q = I - 2 v v' (its own inverse), or the identity. */
static void reflect(const tracer *t, double *y)
{
    if (!t->rotate)
        return;
    double s = 2.0 * ds_dot(t->dim, t->hv, y);
    for (size_t i = 0; i < t->dim; i++)
        y[i] -= s * t->hv[i];
}

/* The next gradient: c_K Q e_{K+1}. */
static void give_grad(tracer *t, double *g)
{
    memset(g, 0, t->dim * sizeof *g);
    if (t->K < t->cap) {
        g[t->K + 1] = trace_scale(t->K, t->rotate);
        reflect(t, g);
    }
    t->K++;
}

/* f is not part of a fixed-step method: a method that asks for it gets NaN. */
static double trace_f(ds_problem *p, const double *x)
{
    (void)p;
    (void)x;
    return NAN;
}

/* The coefficients of z = x0 - sum_j h_j g_j. */
static int coefficients(tracer *t, const double *z, const double *x0, double *h, ds_err *err)
{
    for (size_t i = 0; i < t->dim; i++)
        t->work[i] = z[i] - x0[i];
    reflect(t, t->work);
    if (fabs(t->work[0]) > 1e-12 * fabs(x0[0]))
        return ds_fail(err, DS_ENOTSUP,
                       "its iterates scale x0 by %.17g: not x0 plus a combination of gradients",
                       1.0 + t->work[0] / x0[0]);
    for (size_t j = 0; j < t->K; j++)
        h[j] = -t->work[j + 1] / trace_scale(j, t->rotate);
    return DS_OK;
}

static int check_options(const ds_values *v, ds_err *err)
{
    static const char *const opts[] = {"clip", "clip_value", "l2", "wd"};
    for (size_t i = 0; i < sizeof opts / sizeof *opts; i++)
        if (ds_value_get(v, opts[i]) && ds_num(v, opts[i]) > 0)
            return ds_fail(err, DS_ENOTSUP, "pep: %s=%s changes the method's steps: no step table", opts[i],
                           ds_str(v, opts[i]));
    if (ds_value_get(v, "accum") && ds_int(v, "accum") > 1)
        return ds_fail(err, DS_ENOTSUP, "pep: accum=%s does not apply to exact gradients", ds_str(v, "accum"));
    return DS_OK;
}

typedef struct {
    const ds_optimizer_type *ot;
    ds_values v;
    ds_problem p;
    tracer t;
    ds_oracle o;
    double *x, *g, *gnew, *pts;  /* pts: the K queried points, then x_N */
    void *state;
} trace_run;

static void trace_run_free(trace_run *r)
{
    if (r->state && r->ot->free)
        r->ot->free(r->state);
    free(r->state);
    free(r->p.x0);
    free(r->t.hv);
    free(r->t.work);
    free(r->x);
    free(r->g);
    free(r->gnew);
    free(r->pts);
    ds_values_free(&r->v);
}

/* The runner's loop, reduced to what a fixed-step method sees: the gradient
 * at x (unless the method asks itself), then one step at constant lr. */
static int trace_steps(trace_run *r, long N, ds_err *err)
{
    size_t d = r->t.dim;
    double lr = ds_value_get(&r->v, "lr") ? ds_num(&r->v, "lr") : 1.0;
    int self = (r->ot->flags & DS_OPT_SELF) != 0;
    for (long k = 0; k < N; k++) {
        size_t before = r->t.K;
        if (!self)
            ds_grad(&r->o, r->x, r->g);
        ds_step s = {.x = r->x, .g = self ? NULL : r->g, .lr = lr, .t = k, .dim = d, .oracle = &r->o,
                     .g_new = r->gnew};
        int rc = r->ot->step(r->state, &s);
        if (rc)
            return ds_fail(err, rc, "pep: optimizer '%s' failed at step %ld of the trace", r->ot->name, k);
        if (r->t.K == before)
            return ds_fail(err, DS_ENOTSUP, "pep: optimizer '%s' asked for no gradient at step %ld",
                           r->ot->name, k);
    }
    if (r->t.K > r->t.cap)
        return ds_fail(err, DS_ENOTSUP, "pep: optimizer '%s' asked for %zu gradients in %ld steps, over %zu",
                       r->ot->name, r->t.K, N, r->t.cap);
    return DS_OK;
}

/* The oracle's gradient: record the queried point, hand out the next one. */
static void trace_grad(ds_problem *p, const double *x, double *g)
{
    trace_run *r = p->data;
    if (r->t.K < r->t.cap)
        ds_copy(r->t.dim, x, r->pts + r->t.K * r->t.dim);
    give_grad(&r->t, g);
}

static const ds_problem_type trace_type = {
    .name = "pep_trace",
    .doc = "orthonormal gradients for extracting a method's step table",
    .f = trace_f,
    .grad = trace_grad,
};

static int trace_setup(trace_run *r, const ds_optimizer_type *ot, const ds_values *spec, double L, double mu,
                       long N, long T, int rotate, ds_err *err)
{
    r->ot = ot;
    r->t.cap = 4 * (size_t)N + 4;
    r->t.dim = r->t.cap + 1;
    r->t.rotate = rotate;
    size_t d = r->t.dim;
    r->p = (ds_problem){.type = &trace_type, .dim = d, .L = L, .mu = mu, .f_star = NAN, .data = r,
                        .flags = DS_CONVEX | DS_SMOOTH | (mu > 0 ? DS_STRONGLY_CONVEX : 0)};
    snprintf(r->p.canon, sizeof r->p.canon, "pep_trace:L=%g,mu=%g", L, mu);
    r->p.x0 = ds_vec_new(d);
    r->t.hv = ds_vec_new(d);
    r->t.work = ds_vec_new(d);
    r->x = ds_vec_new(d);
    r->g = ds_vec_new(d);
    r->gnew = ds_vec_new(d);
    r->pts = calloc((r->t.cap + 1) * d, sizeof(double));
    r->state = calloc(1, r->ot->state_size ? r->ot->state_size : 1);
    if (!r->p.x0 || !r->t.hv || !r->t.work || !r->x || !r->g || !r->gnew || !r->pts || !r->state)
        return ds_fail(err, DS_ENOMEM, "pep: out of memory for a trace of %ld steps", N);
    memset(r->p.x0, 0, d * sizeof(double));
    r->p.x0[0] = rotate ? 3.0 : 1.0;
    double nv = sqrt((double)(d - 1));
    for (size_t i = 0; i < d; i++)
        r->t.hv[i] = i == 0 ? 0.0 : (i % 2 ? 1.0 : -1.0) / nv;
    ds_copy(d, r->p.x0, r->x);
    ds_expr_vars vars;
    ds_problem_vars(&r->p, T, &vars);
    int rc = ds_values_copy(&r->v, spec, err);
    if (rc || (rc = ds_values_bind(&r->v, &vars, err)))
        return rc;
    if ((rc = ds_oracle_init(&r->o, &r->p, NULL, 0, 0, err)))
        return rc;
    if ((rc = r->ot->init(r->state, &r->v, &r->p, r->x, T, err))) {
        ds_err_prefix(err, "pep: ");
        return rc;
    }
    return DS_OK;
}

/* One trace: the table of N steps. */
static int trace_once(const ds_optimizer_type *ot, const ds_values *spec, double L, double mu, long N, long T,
                      int rotate, ds_pep_steps *out, ds_err *err)
{
    trace_run r = {0};
    int rc = trace_setup(&r, ot, spec, L, mu, N, T, rotate, err);
    if (!rc)
        rc = trace_steps(&r, N, err);
    size_t K = r.t.K;
    if (!rc) {
        out->K = K;
        out->N = N;
        out->h = calloc(K * K, sizeof(double));
        out->out = calloc(K, sizeof(double));
        if (!out->h || !out->out)
            rc = ds_fail(err, DS_ENOMEM, "pep: out of memory for a step table of %zu gradients", K);
    }
    for (size_t k = 0; !rc && k <= K; k++) {
        const double *z = k < K ? r.pts + k * r.t.dim : r.x;
        rc = coefficients(&r.t, z, r.p.x0, k < K ? out->h + k * K : out->out, err);
        if (rc)
            ds_err_prefix(err, "pep: optimizer '%s' is not a fixed-step method: ", ot->name);
    }
    trace_run_free(&r);
    if (rc)
        ds_pep_steps_free(out);
    return rc;
}

static double table_diff(const ds_pep_steps *a, const ds_pep_steps *b, double *scale)
{
    double diff = 0.0;
    *scale = 0.0;
    for (size_t k = 0; k < a->K * a->K; k++) {
        diff = fmax(diff, fabs(a->h[k] - b->h[k]));
        *scale = fmax(*scale, fabs(a->h[k]));
    }
    for (size_t k = 0; k < a->K; k++) {
        diff = fmax(diff, fabs(a->out[k] - b->out[k]));
        *scale = fmax(*scale, fabs(a->out[k]));
    }
    return diff;
}

int ds_pep_trace(const ds_optimizer_type *ot, const ds_values *spec, double L, double mu, long N, long T,
                 ds_pep_steps *out, ds_err *err)
{
    *out = (ds_pep_steps){0};
    if (!(ot->flags & DS_OPT_FIXED_STEP))
        return ds_fail(err, DS_ENOTSUP,
                       "pep: optimizer '%s' is not a fixed-step method (no DS_OPT_FIXED_STEP): its worst case "
                       "is not a PEP of this kind", ot->name);
    if (N < 1 || N > 100000)
        return ds_fail(err, DS_EINVAL, "pep: N=%ld must be between 1 and 100000 steps", N);
    if (T <= 0)
        T = N;
    if (T < N)
        return ds_fail(err, DS_EINVAL, "pep: a budget of %ld steps is below the horizon N=%ld", T, N);
    int rc = check_options(spec, err);
    if (rc)
        return rc;
    ds_pep_steps other = {0};
    if ((rc = trace_once(ot, spec, L, mu, N, T, 0, out, err)) ||
        (rc = trace_once(ot, spec, L, mu, N, T, 1, &other, err))) {
        ds_pep_steps_free(out);
        return rc;
    }
    double scale;
    if (other.K != out->K)
        rc = ds_fail(err, DS_ENOTSUP,
                     "pep: optimizer '%s' claims fixed steps but asked for %zu gradients, then %zu with other "
                     "gradient values", ot->name, out->K, other.K);
    else if (table_diff(out, &other, &scale) > TRACE_TOL * fmax(scale, 1e-300))
        rc = ds_fail(err, DS_ENOTSUP,
                     "pep: optimizer '%s' claims fixed steps but its coefficients change with the gradients' "
                     "values (by %.3g of %.3g when they are scaled and rotated): no step table",
                     ot->name, table_diff(out, &other, &scale), scale);
    ds_pep_steps_free(&other);
    if (rc)
        ds_pep_steps_free(out);
    return rc;
}
