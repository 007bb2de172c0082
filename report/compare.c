/* Two result files compared configuration by configuration (compare.h). */
#include "compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/gsl_libm.h"

#include "../core/rng.h"
#include "aggregate.h"

void ds_compare_defaults(ds_compare_opts *o)
{
    *o = (ds_compare_opts){.metric = DS_CMP_GAP, .alpha = 0.05, .target = 1e-6, .resamples = 2000, .seed = 1};
}

/* ---- the signed-rank test ---------------------------------------------- */

static int cmp_abs(const void *a, const void *b)
{
    double x = fabs(*(const double *)a), y = fabs(*(const double *)b);
    return (x > y) - (x < y);
}

/* P(W+ >= w) and P(W+ <= w) for m untied ranks 1..m: the number of sign
 * patterns with each rank sum, by dynamic programming over the ranks. */
static void exact_tails(size_t m, double w, double *ge, double *le)
{
    size_t top = m * (m + 1) / 2;
    double *c = calloc(top + 1, sizeof *c);
    if (!c) {
        *ge = *le = NAN;
        return;
    }
    c[0] = 1;
    for (size_t r = 1; r <= m; r++)
        for (size_t s = top; s >= r; s--)
            c[s] += c[s - r];
    double total = ldexp(1.0, (int)m), a = 0, b = 0;
    for (size_t s = 0; s <= top; s++) {
        if ((double)s >= w)
            a += c[s];
        if ((double)s <= w)
            b += c[s];
    }
    free(c);
    *ge = a / total;
    *le = b / total;
}

void ds_wilcoxon(const double *d, size_t n, double *w_plus, double *p_greater, double *p_less)
{
    double *v = malloc((n ? n : 1) * sizeof *v);
    size_t m = 0;
    *w_plus = 0;
    *p_greater = *p_less = 1;
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        if (d[i] != 0 && !isnan(d[i]))
            v[m++] = d[i];
    if (m == 0) {
        free(v);
        return;
    }
    qsort(v, m, sizeof *v, cmp_abs);
    double w = 0, tie_term = 0;
    int ties = 0;
    for (size_t i = 0, j; i < m; i = j) {
        for (j = i + 1; j < m && fabs(v[j]) == fabs(v[i]); j++)
            ;
        double t = (double)(j - i), rank = 0.5 * (double)(i + 1 + j);  /* mean of ranks i+1..j */
        if (j - i > 1)
            ties = 1, tie_term += t * t * t - t;
        for (size_t k = i; k < j; k++)
            if (v[k] > 0)
                w += rank;
    }
    free(v);
    *w_plus = w;
    if (!ties && m <= 60) {
        exact_tails(m, w, p_greater, p_less);
        return;
    }
    double dm = (double)m, mean = dm * (dm + 1) / 4;
    double sd = sqrt(dm * (dm + 1) * (2 * dm + 1) / 24 - tie_term / 48);
    if (!(sd > 0))
        return;
    *p_greater = ds_gsl_cdf_ugaussian_Q((w - 0.5 - mean) / sd);
    *p_less = ds_gsl_cdf_ugaussian_P((w + 0.5 - mean) / sd);
}

/* ---- expected running time and its bootstrap ---------------------------- */

/* Per run: the epochs paid (to the target when reached, else the whole
 * run) and whether it succeeded. */
static void run_costs(const ds_result *res, const ds_group *g, double eps, double *cost, int *ok)
{
    for (size_t j = 0; j < g->n; j++) {
        const ds_result *r = &res[g->idx[j]];
        double it, ep;
        ok[j] = ds_time_to_target(r, eps, &it, &ep);
        if (!ok[j])
            ep = r->trace.n ? r->trace.epochs[r->trace.n - 1] : 0;
        cost[j] = ep;
    }
}

static double ert_of(const double *cost, const int *ok, const size_t *pick, size_t n)
{
    double c = 0;
    size_t s = 0;
    for (size_t j = 0; j < n; j++) {
        size_t k = pick ? pick[j] : j;
        c += cost[k];
        s += ok[k] != 0;
    }
    return s ? c / (double)s : INFINITY;
}

/* The ratio of ERTs with both sides at infinity counted as no change. */
static double ratio_of(double a, double b)
{
    if (isinf(a) && isinf(b))
        return 1;
    return a / b;
}

typedef struct side {
    double *cost;
    int *ok;
    size_t n;
} side;

/* Percentile interval of the ERT ratio and the bootstrap's share of
 * ratios <= 1 (the one-sided p-value that NEW is not slower) and >= 1. */
static int bootstrap(const side *a, const side *b, const ds_compare_opts *o, uint64_t key, ds_compare_row *row)
{
    size_t nb = o->resamples;
    double *ratios = malloc(nb * sizeof *ratios);
    size_t *pa = malloc((a->n + b->n) * sizeof *pa);
    ds_rng rng = {0};
    if (!ratios || !pa || ds_rng_init(&rng, key)) {
        free(ratios), free(pa);
        return -1;
    }
    size_t *pb = pa + a->n, not_slower = 0, not_faster = 0;
    for (size_t k = 0; k < nb; k++) {
        for (size_t j = 0; j < a->n; j++)
            pa[j] = ds_rng_index(&rng, a->n);
        for (size_t j = 0; j < b->n; j++)
            pb[j] = ds_rng_index(&rng, b->n);
        ratios[k] = ratio_of(ert_of(a->cost, a->ok, pa, a->n), ert_of(b->cost, b->ok, pb, b->n));
        not_slower += ratios[k] <= 1;
        not_faster += ratios[k] >= 1;
    }
    ds_sort_worst_last(ratios, nb);
    row->ratio_lo = ds_quantile(ratios, nb, o->alpha / 2);
    row->ratio_hi = ds_quantile(ratios, nb, 1 - o->alpha / 2);
    row->p_worse = (double)(not_slower + 1) / (double)(nb + 1);
    row->p_better = (double)(not_faster + 1) / (double)(nb + 1);
    ds_rng_free(&rng);
    free(ratios), free(pa);
    return 0;
}

/* ---- one configuration --------------------------------------------------- */

/* Final gaps paired by seed (groups list their runs by seed); a diverged
 * run's gap counts as +inf, and two diverged runs as a tie. */
static size_t paired_diffs(const ds_result *rn, const ds_group *gn, const ds_result *rb, const ds_group *gb,
                           double *d)
{
    size_t m = 0;
    for (size_t i = 0, j = 0; i < gn->n && j < gb->n;) {
        const ds_result *a = &rn[gn->idx[i]], *b = &rb[gb->idx[j]];
        if (a->seed < b->seed) {
            i++;
        } else if (b->seed < a->seed) {
            j++;
        } else {
            double x = a->status == DS_ST_DIVERGED ? INFINITY : a->gap_final;
            double y = b->status == DS_ST_DIVERGED ? INFINITY : b->gap_final;
            if (!isnan(x) && !isnan(y))
                d[m++] = (isinf(x) && isinf(y)) ? 0 : x - y;
            i++, j++;
        }
    }
    return m;
}

static int compare_one(const ds_result *rn, const ds_group *gn, const ds_result *rb, const ds_group *gb,
                       const ds_compare_opts *o, ds_compare_row *row)
{
    memset(row, 0, sizeof *row);
    row->problem = gn->problem, row->optimizer = gn->optimizer, row->schedule = gn->schedule;
    row->runs_new = gn->n, row->runs_base = gb->n;
    size_t n = gn->n + gb->n;
    double *cost = malloc(n * sizeof *cost), *d = malloc((gn->n + 1) * sizeof *d);
    int *ok = malloc(n * sizeof *ok);
    int rc = -1;
    if (cost && d && ok) {
        side a = {cost, ok, gn->n}, b = {cost + gn->n, ok + gn->n, gb->n};
        run_costs(rn, gn, o->target, a.cost, a.ok);
        run_costs(rb, gb, o->target, b.cost, b.ok);
        row->ert_new = ert_of(a.cost, a.ok, NULL, a.n);
        row->ert_base = ert_of(b.cost, b.ok, NULL, b.n);
        row->ratio = ratio_of(row->ert_new, row->ert_base);
        row->pairs = paired_diffs(rn, gn, rb, gb, d);
        double pg, pl;
        ds_wilcoxon(d, row->pairs, &row->w_plus, &pg, &pl);
        /* the bootstrap's stream: its seed and the configuration only */
        uint64_t key = ds_hash_pair(o->seed, ds_hash_pair(ds_hash_str(gn->problem),
                                                          ds_hash_pair(ds_hash_str(gn->optimizer),
                                                                       ds_hash_str(gn->schedule))));
        rc = bootstrap(&a, &b, o, key, row);
        if (o->metric == DS_CMP_GAP)
            row->p_worse = pg, row->p_better = pl;
    }
    free(cost), free(d), free(ok);
    return rc;
}

/* ---- Holm's step-down correction --------------------------------------- */

typedef struct {
    double p;
    size_t i;
} pidx;

static int cmp_p(const void *a, const void *b)
{
    const pidx *x = a, *y = b;
    if (x->p != y->p)
        return (x->p > y->p) - (x->p < y->p);
    return (x->i > y->i) - (x->i < y->i);
}

/* Mark rows whose p-value (worse or better) is rejected by Holm at alpha. */
static int holm(ds_compare_row *rows, size_t n, double alpha, int worse, ds_cmp_verdict mark)
{
    pidx *p = malloc((n ? n : 1) * sizeof *p);
    if (!p)
        return -1;
    for (size_t i = 0; i < n; i++)
        p[i] = (pidx){worse ? rows[i].p_worse : rows[i].p_better, i};
    qsort(p, n, sizeof *p, cmp_p);
    for (size_t k = 0; k < n && p[k].p <= alpha / (double)(n - k); k++)
        rows[p[k].i].verdict = mark;
    free(p);
    return 0;
}

static int group_cmp(const ds_group *a, const ds_group *b)
{
    int c = strcmp(a->problem, b->problem);
    if (!c)
        c = strcmp(a->optimizer, b->optimizer);
    if (!c)
        c = strcmp(a->schedule, b->schedule);
    return c;
}

int ds_compare(const ds_result *new_res, size_t n_new, const ds_result *base, size_t n_base,
               const ds_compare_opts *o, ds_compare_row **rows, size_t *nrows, size_t *worse, ds_err *err)
{
    ds_group *gn = NULL, *gb = NULL;
    size_t nn = 0, nb = 0, m = 0;
    *rows = NULL, *nrows = 0, *worse = 0;
    if (!(o->alpha > 0 && o->alpha < 1) || o->resamples < 10 || !(o->target > 0))
        return ds_fail(err, DS_EINVAL, "compare: alpha must be in (0, 1), resamples >= 10 and target > 0");
    if (ds_group_results(new_res, n_new, &gn, &nn) || ds_group_results(base, n_base, &gb, &nb)) {
        ds_groups_free(gn, nn);
        return ds_fail(err, DS_ENOMEM, "out of memory grouping the runs");
    }
    ds_compare_row *out = malloc((nn ? nn : 1) * sizeof *out);
    int rc = out ? DS_OK : ds_fail(err, DS_ENOMEM, "out of memory for the comparison");
    for (size_t i = 0, j = 0; !rc && i < nn && j < nb;) {
        int c = group_cmp(&gn[i], &gb[j]);
        if (c < 0)
            i++;
        else if (c > 0)
            j++;
        else if (compare_one(new_res, &gn[i++], base, &gb[j++], o, &out[m++]))
            rc = ds_fail(err, DS_ENOMEM, "out of memory for the bootstrap");
    }
    /* p_worse + p_better > 1 for both tests, so no row is rejected both
     * ways at alpha < 1/2; worse is marked last all the same, so that a
     * gate errs on the side of caution */
    if (!rc && (holm(out, m, o->alpha, 0, DS_CMP_BETTER) || holm(out, m, o->alpha, 1, DS_CMP_WORSE)))
        rc = ds_fail(err, DS_ENOMEM, "out of memory for the comparison");
    for (size_t i = 0; !rc && i < m; i++)
        *worse += out[i].verdict == DS_CMP_WORSE;
    ds_groups_free(gn, nn);
    ds_groups_free(gb, nb);
    if (rc) {
        free(out);
        return rc;
    }
    if (m == 0) {
        free(out);
        return ds_fail(err, DS_EINVAL, "compare: the two files have no configuration (problem, optimizer, schedule) in common");
    }
    *rows = out;
    *nrows = m;
    return DS_OK;
}
