/* The bench harness: suite parsing and its errors, grid expansion, run ids,
 * aggregation on hand-made traces, tables, progress lines, resume and
 * thread-count independence. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>
#include <omp.h>

#include "testutil.h"

#include "../report/aggregate.h"
#include "../harness/bench.h"
#include "../harness/progress.h"
#include "../harness/store.h"
#include "../harness/suite.h"
#include "../report/tables.h"

static const char *GOOD =
    "; a small suite\n"
    "[suite]\n"
    "name = t\n"
    "seeds = 2\n"
    "iters = 60\n"
    "tables = summary, ranks\n"
    "\n"
    "[problem quad]\n"
    "spec = quadratic:dim=4,kappa={10,100}\n"
    "iters = 80\n"
    "\n"
    "[problem rosen]\n"
    "spec = rosenbrock\n"
    "optimizers = adam\n"
    "\n"
    "[optimizer gd]\n"
    "spec = gd:lr=1/L\n"
    "\n"
    "[optimizer adam]\n"
    "spec = adam:lr={1e-3,1e-2,1e-1},beta1={0.8,0.9}\n";

static void parse_ok(const char *text, ds_suite *s)
{
    ds_err err = {0};
    int rc = ds_suite_parse("t.ini", text, s, &err);
    if (rc)
        fail_msg("parse failed: %s", err.msg);
}

static void test_parse_good(void **state)
{
    (void)state;
    ds_suite s;
    parse_ok(GOOD, &s);
    assert_string_equal(s.name, "t");
    assert_int_equal(s.nproblems, 3);
    assert_int_equal(s.noptimizers, 7);  /* gd + 3 x 2 adam */
    assert_int_equal(s.nschedules, 2);   /* constant, once per optimizer section */
    /* quad: 2 problems x 7 configs x 2 seeds; rosen: 1 x 6 x 2 */
    assert_int_equal(s.nruns, 2 * 7 * 2 + 6 * 2);
    for (size_t i = 1; i < s.nruns; i++)
        assert_true(s.runs[i - 1].id < s.runs[i].id);
    /* the budget override applies to its section only */
    assert_int_equal(s.psec[0].stop.max_iters, 80);
    assert_int_equal(s.psec[1].stop.max_iters, 60);
    assert_string_equal(s.optimizers[1].canon, "adam:beta1=0.8");  /* lr=1e-3 is the default */
    assert_string_equal(s.optimizers[3].canon, "adam:lr=0.01,beta1=0.8");
    assert_int_equal(s.optimizers[1].line, 20);
    ds_suite_free(&s);
}

static void test_grid_expand(void **state)
{
    (void)state;
    char **items;
    size_t n;
    ds_err err = {0};
    assert_int_equal(ds_grid_expand("sgd:lr={1,2,3},momentum={0, 0.9}", &items, &n, &err), 0);
    assert_int_equal(n, 6);
    assert_string_equal(items[0], "sgd:lr=1,momentum=0");
    assert_string_equal(items[1], "sgd:lr=1,momentum=0.9");
    assert_string_equal(items[5], "sgd:lr=3,momentum=0.9");
    ds_grid_free(items, n);
    /* list values keep their ';' inside an alternative */
    assert_int_equal(ds_grid_expand("step:milestones={30;60,50;80}", &items, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(items[1], "step:milestones=50;80");
    ds_grid_free(items, n);
    assert_int_equal(ds_grid_expand("gd", &items, &n, &err), 0);
    assert_int_equal(n, 1);
    ds_grid_free(items, n);
    assert_int_equal(ds_grid_expand("gd:lr={1,{2}}", &items, &n, &err), DS_EINVAL);
    assert_int_equal(ds_grid_expand("gd:lr={1,2", &items, &n, &err), DS_EINVAL);
    assert_int_equal(ds_grid_expand("gd:lr=1}", &items, &n, &err), DS_EINVAL);
    assert_int_equal(ds_grid_expand("gd:lr={}", &items, &n, &err), DS_EINVAL);
}

/* The error for text, which must name t.ini:line and contain what. */
static void expect_error(const char *text, int line, const char *what)
{
    ds_suite s;
    ds_err err = {0};
    assert_int_equal(ds_suite_parse("t.ini", text, &s, &err), DS_EINVAL);
    char prefix[32];
    snprintf(prefix, sizeof prefix, "t.ini:%d: ", line);
    if (strncmp(err.msg, prefix, strlen(prefix)) || !strstr(err.msg, what))
        fail_msg("message '%s' lacks '%s' or '%s'", err.msg, prefix, what);
    assert_null(s.runs);
}

/* Figure sections: scripts, run references and what they select; seeds
 * per problem section; a repeated optimizers key adds names. */
static const char *FIGS =
    "[suite]\n"
    "tables = none\n"
    "[problem quad]\n"
    "spec = quadratic:dim=2,kappa={10,100}\n"
    "seeds = 3\n"
    "first-seed = 5\n"
    "optimizers = gd\n"
    "optimizers = adam\n"
    "[problem rosen]\n"
    "spec = rosenbrock\n"
    "optimizers = adam\n"
    "[optimizer gd]\n"
    "spec = gd\n"
    "[optimizer adam]\n"
    "spec = adam:lr={0.01,0.1}\n"
    "[figure paths]\n"
    "script = plots/contours.gp\n"
    "runs = quad/adam, rosen\n"
    "runs = quad\n"
    "[figure lr]\n"
    "script = plots/lrfind.gp\n";

static size_t count_ref(const ds_suite *s, const char *text)
{
    ds_suite_ref ref;
    ds_err err = {0};
    if (ds_suite_ref_parse(s, text, &ref, &err))
        fail_msg("%s: %s", text, err.msg);
    size_t n = 0;
    for (size_t i = 0; i < s->nruns; i++)
        n += (size_t)ds_suite_ref_has(s, &ref, &s->runs[i]);
    return n;
}

static void test_figure_sections(void **state)
{
    (void)state;
    ds_suite s;
    parse_ok(FIGS, &s);
    assert_string_equal(s.tables, "");
    /* quad: 2 problems x (1 gd + 2 adam) x seeds 5, 6, 7; rosen: 2 adam x 1 seed (0) */
    assert_int_equal(s.nruns, 2 * 3 * 3 + 2);
    size_t firsts = 0;
    for (size_t i = 0; i < s.nruns; i++) {
        const ds_suite_run *r = &s.runs[i];
        int quad = s.problems[r->problem].section == 0;
        assert_true(quad ? r->seed >= 5 && r->seed <= 7 : r->seed == 0);
        assert_int_equal(r->first_seed, quad ? r->seed == 5 : 1);
        firsts += (size_t)r->first_seed;
    }
    assert_int_equal(firsts, 2 * 3 + 2);
    assert_int_equal(s.nfigs, 2);
    const ds_suite_figure *f = ds_suite_figure_find(&s, "paths");
    assert_non_null(f);
    assert_string_equal(f->script, "plots/contours.gp");
    assert_int_equal(f->nrefs, 3);
    assert_int_equal(f->ref_line[2], 19);
    assert_int_equal(f->refs[0].psec, 0);
    assert_int_equal(f->refs[0].osec, 1);
    assert_true(f->refs[1].osec == DS_SUITE_ALL);
    assert_int_equal(ds_suite_figure_find(&s, "lr")->nrefs, 0);
    assert_null(ds_suite_figure_find(&s, "nope"));
    assert_int_equal(count_ref(&s, "quad/adam"), 2 * 2 * 3);
    assert_int_equal(count_ref(&s, "quad/gd"), 2 * 3);
    assert_int_equal(count_ref(&s, "quad"), 2 * 3 * 3);
    assert_int_equal(count_ref(&s, "rosen"), 2);
    ds_err err = {0};
    ds_suite_ref ref;
    assert_int_equal(ds_suite_ref_parse(&s, "rosen/gd", &ref, &err), DS_EINVAL);
    assert_non_null(strstr(err.msg, "names no run"));
    assert_int_equal(ds_suite_ref_parse(&s, "qaud", &ref, &err), DS_EINVAL);
    assert_non_null(strstr(err.msg, "no section [problem qaud]; did you mean 'quad'?"));
    assert_int_equal(ds_suite_ref_parse(&s, "quad/adma", &ref, &err), DS_EINVAL);
    assert_non_null(strstr(err.msg, "no section [optimizer adma]; did you mean 'adam'?"));
    assert_int_equal(ds_suite_check_scripts(&s, &err), DS_OK);
    ds_suite_free(&s);
}

/* FIGS with one line replaced (a line number, counted from 1). */
static char *figs_with(int line, const char *text)
{
    static char buf[4096];
    const char *p = FIGS;
    size_t off = 0;
    for (int l = 1; *p; l++) {
        size_t len = strcspn(p, "\n") + 1;
        off += (size_t)snprintf(buf + off, sizeof buf - off, "%.*s", (int)(l == line ? strlen(text) : len),
                                l == line ? text : p);
        p += len;
    }
    return buf;
}

static void test_figure_errors(void **state)
{
    (void)state;
    expect_error(figs_with(18, "runs = quad/adam, rosn\n"), 18,
                 "runs = rosn: no section [problem rosn]; did you mean 'rosen'?");
    expect_error(figs_with(18, "runs = rosen/gd\n"), 18, "rosen/gd names no run");
    expect_error(figs_with(18, "rusn = quad\n"), 18, "unknown key in [figure paths]; did you mean 'runs'?");
    expect_error(figs_with(17, "script = a.gp\nscript = b.gp\n"), 18, "appears twice in this section (first on line 17)");
    expect_error(figs_with(17, "\n"), 16, "[figure paths] has no script");
    expect_error(figs_with(20, "[figure paths]\n"), 20, "[figure paths] appears twice (first on line 16)");
    expect_error(figs_with(20, "[figure]\n"), 20, "needs one name");
    expect_error(figs_with(5, "seeds = 0\n"), 5, "seeds = 0: expected a whole number in [1, 1000000]");
    expect_error(figs_with(2, "tables = nothing\n"), 2, "unknown name 'nothing'");
    /* a name of a repeated optimizers key is reported on its own line */
    expect_error(figs_with(7, "optimizers = gdd\n"), 7, "optimizers = gdd: no section [optimizer gdd]");
    /* an unreadable script is refused by load, naming its line */
    char path[] = "/tmp/descent_figs_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = figs_with(21, "script = plots/no_such_figure.gp\n");
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    ds_suite s;
    ds_err err = {0};
    assert_int_equal(ds_suite_load(path, &s, &err), DS_EINVAL);
    char want[128];
    snprintf(want, sizeof want, "%s:21: script = plots/no_such_figure.gp: cannot read it", path);
    if (strncmp(err.msg, want, strlen(want)))
        fail_msg("message '%s' lacks '%s'", err.msg, want);
    assert_null(s.runs);
    unlink(path);
}

static void test_parse_errors(void **state)
{
    (void)state;
    expect_error("[suite]\nseeds = 2\nthis is not ini\n[problem q]\nspec = quadratic\n[optimizer g]\nspec = gd\n", 3,
                 "syntax error");
    expect_error("[suite]\nitres = 10\n[problem q]\nspec = quadratic\n[optimizer g]\nspec = gd\n", 2,
                 "itres = 10: unknown key in [suite]; did you mean 'iters'?");
    expect_error("[suite]\n[problem q]\nspec = quadratc:dim=3\n[optimizer g]\nspec = gd\n", 3,
                 "spec = quadratc:dim=3: unknown problem 'quadratc'; did you mean 'quadratic'?");
    expect_error("[suite]\n[problem q]\nspec = quadratic\n[optimizer g]\nspec = adam:lr={0.1,}\n", 5,
                 "spec = adam:lr={0.1,}: empty alternative");
    expect_error("[suite]\n[problem q]\nspec = quadratic\n[optimizer g]\nspec = adam:lr={0.1,-1}\n", 5,
                 "in 'adam:lr=-1'");
    expect_error("[suite]\nseeds = -3\n[problem q]\nspec = quadratic\n[optimizer g]\nspec = gd\n", 2,
                 "seeds = -3: expected a whole number");
    expect_error("[suite]\n[problem q]\nspec = quadratic\noptimizers = gdd\n[optimizer gd]\nspec = gd\n", 4,
                 "no section [optimizer gdd]; did you mean 'gd'?");
    expect_error("[suite]\n[problem q]\nspec = quadratic\n[optimizer a]\nspec = gd\n[optimizer b]\nspec = gd\n", 7,
                 "listed twice");
    expect_error("[suite]\n[problem q]\nspec = quadratic\n[optimizer g]\nschedule = constant\n", 4, "has no spec");
    expect_error("[suite]\n[problem q]\nspec = quadratic\n[optimiser g]\nspec = gd\n", 4, "unknown section");
}

/* Sections, keys and spec parameters in another order give the same runs. */
static void test_run_ids_order_free(void **state)
{
    (void)state;
    const char *b = "[optimizer adam]\n"
                    "spec = adam:beta1={0.9,0.8},lr={1e-1,1e-2,0.001}\n"
                    "[problem rosen]\n"
                    "optimizers = adam\n"
                    "spec = rosenbrock:dim=2\n"
                    "[optimizer gd]\n"
                    "spec = gd:lr=1/L\n"
                    "[problem quad]\n"
                    "iters = 80\n"
                    "spec = quadratic:kappa={100,10},dim=4\n"
                    "[suite]\n"
                    "tables = ranks, summary\n"
                    "iters = 60\n"
                    "seeds = 2\n"
                    "name = t\n";
    ds_suite s1, s2;
    parse_ok(GOOD, &s1);
    parse_ok(b, &s2);
    assert_int_equal(s1.nruns, s2.nruns);
    for (size_t i = 0; i < s1.nruns; i++) {
        assert_true(s1.runs[i].id == s2.runs[i].id);
        assert_string_equal(s1.problems[s1.runs[i].problem].canon, s2.problems[s2.runs[i].problem].canon);
        assert_string_equal(s1.optimizers[s1.runs[i].optimizer].canon, s2.optimizers[s2.runs[i].optimizer].canon);
    }
    ds_suite_free(&s1);
    ds_suite_free(&s2);
}

/* ---- aggregation on hand-made traces ----------------------------------- */

/* A result with records at iters[k] with gaps[k] (f* = 0, one epoch per
 * iteration plus the first evaluation). */
static void fake(ds_result *r, const long *iters, const double *gaps, size_t n, const char *opt, uint64_t seed)
{
    memset(r, 0, sizeof *r);
    snprintf(r->problem, sizeof r->problem, "p");
    snprintf(r->optimizer, sizeof r->optimizer, "%s", opt);
    snprintf(r->schedule, sizeof r->schedule, "constant");
    r->seed = seed;
    r->status = DS_ST_MAX_ITERS;
    r->f_star = 0;
    ds_trace *t = &r->trace;
    t->n = t->cap = n;
    t->iter = calloc(n, sizeof *t->iter);
    t->grad_evals = calloc(n, sizeof *t->grad_evals);
    t->f = calloc(n, sizeof(double));
    t->f_gap = calloc(n, sizeof(double));
    t->grad_norm = calloc(n, sizeof(double));
    t->lr = calloc(n, sizeof(double));
    t->epochs = calloc(n, sizeof(double));
    t->dist = calloc(n, sizeof(double));
    for (size_t k = 0; k < n; k++) {
        t->iter[k] = iters[k];
        t->f[k] = t->f_gap[k] = gaps[k];
        t->epochs[k] = (double)iters[k] + 1;
        t->lr[k] = 0.1;
    }
    r->f0 = gaps[0];
    r->gap_final = gaps[n - 1];
    r->iters = iters[n - 1];
    r->epochs = (double)iters[n - 1] + 1;
}

static void test_quantiles(void **state)
{
    (void)state;
    double v[] = {4, 1, 3, 2};
    ds_sort_worst_last(v, 4);
    assert_close(ds_quantile(v, 4, 0.5), 2.5, 1e-15);
    assert_close(ds_quantile(v, 4, 0.1), 1.3, 1e-15);   /* type 7: 1 + 0.3 (2 - 1) */
    assert_close(ds_quantile(v, 4, 0.75), 3.25, 1e-15);
    assert_close(ds_quantile(v, 4, 0.9), 3.7, 1e-15);
    double w[] = {NAN, 5, 1};  /* a diverged run counts as the worst */
    ds_sort_worst_last(w, 3);
    assert_close(ds_quantile(w, 3, 0.5), 5, 0);
    assert_true(isinf(ds_quantile(w, 3, 1.0)));
}

static void test_trace_interpolation(void **state)
{
    (void)state;
    ds_result r;
    long it[] = {0, 10, 20};
    double g[] = {1, 1e-2, 1e-3};
    fake(&r, it, g, 3, "a", 0);
    assert_close(ds_trace_gap_at(&r.trace, DS_AXIS_ITER, 5), 0.1, 1e-14);     /* log-linear */
    assert_close(ds_trace_gap_at(&r.trace, DS_AXIS_ITER, 15), 10.0 * 1e-3 / sqrt(10.0), 1e-14);
    assert_close(ds_trace_gap_at(&r.trace, DS_AXIS_ITER, 500), 1e-3, 0);     /* carried forward */
    assert_close(ds_trace_gap_at(&r.trace, DS_AXIS_EPOCH, 6), 0.1, 1e-14);   /* epochs = iter + 1 */
    double iters, epochs;
    assert_true(ds_time_to_target(&r, 1e-1, &iters, &epochs));
    assert_close(iters, 5, 0);
    assert_close(epochs, 6, 1e-14);
    assert_true(ds_time_to_target(&r, 2e-2, &iters, &epochs));  /* crossing at 8.49: the step that gets there is 9 */
    assert_close(iters, 9, 0);
    assert_false(ds_time_to_target(&r, 1e-4, &iters, &epochs));
    ds_result_free(&r);
}

static void test_targets_and_ert(void **state)
{
    (void)state;
    ds_result r[3];
    long a[] = {0, 10}, b[] = {0, 40}, c[] = {0, 100};
    double ga[] = {1, 1e-4}, gb[] = {1, 1e-4}, gc[] = {1, 0.5};
    fake(&r[0], a, ga, 2, "x", 0);  /* 1e-2 reached at iteration 5 */
    fake(&r[1], b, gb, 2, "x", 1);  /* at 20 */
    fake(&r[2], c, gc, 2, "x", 2);  /* never, 100 iterations */
    size_t idx[] = {0, 1, 2};
    ds_target_stats st;
    ds_target_stats_of(r, idx, 3, 1e-2, &st);
    assert_int_equal(st.success, 2);
    assert_close(st.med_iters, 12.5, 0);
    assert_close(st.ert_iters, (5.0 + 20.0 + 100.0) / 2.0, 1e-15);
    assert_close(st.ert_epochs, (6.0 + 21.0 + 101.0) / 2.0, 1e-15);
    ds_target_stats_of(r, idx, 3, 1e-8, &st);
    assert_int_equal(st.success, 0);
    assert_true(isinf(st.ert_iters));
    assert_true(isnan(st.med_iters));

    ds_band band;
    assert_int_equal(ds_band_of(r, idx, 3, DS_AXIS_ITER, &band), 0);
    assert_close(band.x[band.n - 1], 100, 0);
    assert_close(band.med[0], 1, 0);
    /* at iteration 10: gaps 1e-4, 1e-1 (40 steps to 1e-4), 0.5^(1/10) */
    size_t k = 0;
    while (band.x[k] != 10)
        k++;
    assert_close(band.med[k], 0.1, 1e-14);
    assert_close(band.q25[k], 0.5 * (1e-4 + 0.1), 1e-14);
    /* past the end of the short runs their last value is carried forward */
    assert_close(band.q10[band.n - 1], 1e-4, 1e-15);
    assert_close(band.q90[band.n - 1], 0.5 - 0.2 * (0.5 - 1e-4), 1e-14);
    ds_band_free(&band);
    for (int i = 0; i < 3; i++)
        ds_result_free(&r[i]);
}

static void test_profile_ranks_fit(void **state)
{
    (void)state;
    /* 3 problems x 2 solvers; best costs 1, 2, 3 */
    const double cost[] = {1, 2, 4, 2, INFINITY, 3};
    const double tau[] = {1, 2, 100};
    double rho[6];
    ds_profile(cost, 3, 2, tau, 3, rho);
    assert_close(rho[0], 1.0 / 3, 1e-15);  /* solver 0: ratios 1, 2, inf */
    assert_close(rho[1], 2.0 / 3, 1e-15);
    assert_close(rho[2], 2.0 / 3, 1e-15);
    assert_close(rho[3], 2.0 / 3, 1e-15);  /* solver 1: ratios 2, 1, 1 */
    assert_close(rho[4], 1.0, 0);
    double avg[3];
    const double score[] = {1, 2, 2, /* */ 3, 1, NAN};
    ds_ranks(score, 2, 3, avg);
    assert_close(avg[0], (1 + 2) / 2.0, 0);
    assert_close(avg[1], (2.5 + 1) / 2.0, 0);
    assert_close(avg[2], 2.5, 0);
    double x[] = {10, 100, 1000, 10000}, y[4], slope, icpt;
    for (int i = 0; i < 4; i++)
        y[i] = 3 * sqrt(x[i]);
    assert_int_equal(ds_fit_loglog(x, y, 4, &slope, &icpt), 4);
    assert_close(slope, 0.5, 1e-12);
    assert_close(exp(icpt), 3, 1e-12);
}

static void test_table_formats(void **state)
{
    (void)state;
    ds_table t;
    const char *h[] = {"problem", "value"};
    const char *row[] = {"quadratic:dim=4,kappa=10", "a|b_c"};
    assert_int_equal(ds_table_init(&t, "x", "title", 2, h), 0);
    assert_int_equal(ds_table_row(&t, row), 0);
    char buf[1024];
    FILE *f = fmemopen(buf, sizeof buf, "w");
    ds_table_csv(&t, f);
    fclose(f);
    assert_string_equal(buf, "problem,value\n\"quadratic:dim=4,kappa=10\",a|b_c\n");
    f = fmemopen(buf, sizeof buf, "w");
    ds_table_markdown(&t, f);
    fclose(f);
    assert_non_null(strstr(buf, "| quadratic:dim=4,kappa=10 | a\\|b_c |"));
    f = fmemopen(buf, sizeof buf, "w");
    ds_table_latex(&t, f);
    fclose(f);
    assert_non_null(strstr(buf, "quadratic:dim=4,kappa=10 & a|b\\_c \\\\"));
    ds_table_free(&t);
}

/* Numbers keep every digit in CSV, 3 significant digits in Markdown and
 * LaTeX (typeset as numbers), counts stay integers, numeric columns are
 * right-aligned, LaTeX uses booktabs rules. */
static void test_table_numbers(void **state)
{
    (void)state;
    ds_table t;
    const char *h[] = {"name", "gap", "iters"};
    const char *row1[] = {"gd", "1.4000000000000001e-08", "9431"};
    const char *row2[] = {"adam", "0.19912345678901234", "12/20"};
    const char *row3[] = {"sgd", "nan", "9430.5"};
    const unsigned char k[] = {DS_CELL_TEXT, DS_CELL_REAL, DS_CELL_COUNT};
    assert_int_equal(ds_table_init(&t, "x", "title", 3, h), 0);
    assert_int_equal(ds_table_row_kinds(&t, row1, k), 0);
    assert_int_equal(ds_table_row_kinds(&t, row2, k), 0);
    assert_int_equal(ds_table_row_kinds(&t, row3, k), 0);
    char buf[2048];
    FILE *f = fmemopen(buf, sizeof buf, "w");
    ds_table_csv(&t, f);
    fclose(f);
    assert_string_equal(buf, "name,gap,iters\ngd,1.4000000000000001e-08,9431\nadam,0.19912345678901234,12/20\n"
                             "sgd,nan,9430.5\n");
    f = fmemopen(buf, sizeof buf, "w");
    ds_table_markdown(&t, f);
    fclose(f);
    assert_non_null(strstr(buf, "|:---|---:|---:|\n"));
    assert_non_null(strstr(buf, "| gd | 1.4e-08 | 9431 |"));
    assert_non_null(strstr(buf, "| adam | 0.199 | 12/20 |"));
    f = fmemopen(buf, sizeof buf, "w");
    ds_table_latex(&t, f);
    fclose(f);
    assert_non_null(strstr(buf, "\\begin{tabular}{lrr}\n\\toprule\n"));
    assert_non_null(strstr(buf, "gd & $1.4\\times 10^{-8}$ & 9431 \\\\"));
    assert_non_null(strstr(buf, "adam & $0.199$ & 12/20 \\\\"));
    assert_non_null(strstr(buf, "sgd & -- & 9430.5 \\\\"));
    assert_non_null(strstr(buf, "\\midrule"));
    assert_non_null(strstr(buf, "\\bottomrule\n\\end{tabular}"));
    assert_null(strstr(buf, "hline"));
    ds_table_free(&t);
}

static void test_progress_lines(void **state)
{
    (void)state;
    char buf[4096];
    FILE *f = fmemopen(buf, sizeof buf, "w");
    ds_progress p;
    ds_progress_init(&p, f, 0, 20, 0, 0.0);
    for (size_t i = 1; i <= 20; i++)
        ds_progress_update(&p, i, 0.01 * (double)i);
    ds_progress_end(&p, 0.2);
    fclose(f);
    int lines = 0;
    for (char *c = buf; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, 1 + 10 + 1);  /* start, every 10%, end */
    assert_non_null(strstr(buf, "descent bench: 2/20 runs (10%)"));
    assert_non_null(strstr(buf, "descent bench: 20/20 runs complete"));
    assert_null(strchr(buf, '\r'));
    /* slow runs: a line every 5 s even between 10% steps */
    f = fmemopen(buf, sizeof buf, "w");
    ds_progress_init(&p, f, 0, 1000, 0, 0.0);
    ds_progress_update(&p, 1, 1.0);
    ds_progress_update(&p, 2, 6.0);
    fclose(f);
    assert_null(strstr(buf, "1/1000"));
    assert_non_null(strstr(buf, "2/1000 runs (0%), 6.0 s"));
}

/* ---- running ----------------------------------------------------------- */

static const char *SMALL =
    "[suite]\n"
    "name = small\n"
    "seeds = 3\n"
    "iters = 150\n"
    "[problem quad]\n"
    "spec = quadratic:dim=6,kappa={10,50}\n"
    "[problem noisy]\n"
    "spec = quadratic:dim=3,noise=0.1\n"
    "[problem sums]\n"
    "spec = logreg:n=60,d=4\n"
    "[optimizer sgd]\n"
    "spec = sgd:lr={0.01,0.05},momentum=0.9\n"
    "[optimizer adam]\n"
    "spec = adam:lr=0.05\n";

static void assert_same_runs(const ds_result *a, size_t na, const ds_result *b, size_t nb)
{
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        const ds_trace *x = &a[i].trace, *y = &b[i].trace;
        assert_true(a[i].id == b[i].id);
        assert_int_equal(a[i].status, b[i].status);
        assert_int_equal(x->n, y->n);
        assert_memory_equal(x->iter, y->iter, x->n * sizeof *x->iter);
        assert_memory_equal(x->f, y->f, x->n * sizeof(double));
        assert_memory_equal(x->grad_norm, y->grad_norm, x->n * sizeof(double));
        assert_memory_equal(x->lr, y->lr, x->n * sizeof(double));
        assert_memory_equal(x->epochs, y->epochs, x->n * sizeof(double));
        assert_memory_equal(x->dist, y->dist, x->n * sizeof(double));
        assert_int_equal(x->xdim, y->xdim);
        if (x->xdim)
            assert_memory_equal(x->x, y->x, x->n * x->xdim * sizeof(double));
    }
}

static void run_suite(const ds_suite *s, const char *out, int resume, ds_result **res, size_t *n,
                      ds_bench_report *rep)
{
    ds_bench_opts o = {.out = out, .command = "test", .resume = resume};
    ds_err err = {0};
    if (ds_bench_run(s, &o, res, n, rep, &err))
        fail_msg("bench failed: %s", err.msg);
}

static void test_threads_identical(void **state)
{
    (void)state;
    ds_suite s;
    parse_ok(SMALL, &s);
    ds_err err = {0};
    assert_int_equal(ds_bench_validate(&s, 0, &err), 0);
    ds_result *r1, *r2;
    size_t n1, n2;
    ds_bench_report rep;
    omp_set_num_threads(1);
    run_suite(&s, NULL, 0, &r1, &n1, &rep);
    omp_set_num_threads(2);
    run_suite(&s, NULL, 0, &r2, &n2, &rep);
    assert_int_equal(n1, s.nruns);
    for (size_t i = 0; i < n1; i++)  /* the ids the runner computes are the suite's */
        assert_true(r1[i].id == s.runs[i].id);
    assert_same_runs(r1, n1, r2, n2);
    /* and once more at 2 threads: the same bits again */
    ds_result *r3;
    size_t n3;
    run_suite(&s, NULL, 0, &r3, &n3, &rep);
    assert_same_runs(r2, n2, r3, n3);
    ds_store_free(r1, n1);
    ds_store_free(r2, n2);
    ds_store_free(r3, n3);
    ds_suite_free(&s);
}

/* Drop every other run from a result file and mark one interrupted: the
 * file written again with the runs kept and the same root attributes. */
static size_t cut_file(const char *path, const ds_result *res, size_t n)
{
    static const char *const keys[] = {"suite", "suite_name", "suite_path", "suite_sha", "suite_runs",
                                       "shard", "git_commit", "compiler", "cflags", "blas",
                                       "threads", "ranks", "host", "date"};
    enum { NK = sizeof keys / sizeof keys[0] };
    static char vals[NK][1 << 16];
    ds_meta meta[NK];
    ds_err err = {0};
    for (size_t k = 0; k < NK; k++) {
        if (ds_store_root_attr(path, keys[k], vals[k], sizeof vals[k], &err))
            fail_msg("%s", err.msg);
        meta[k] = (ds_meta){keys[k], vals[k], !strcmp(keys[k], "suite_runs") || !strcmp(keys[k], "threads") ||
                                                  !strcmp(keys[k], "ranks")};
    }
    ds_result *kept = calloc(n, sizeof *kept);
    size_t nk = 0, left = 0;
    for (size_t i = 0; i < n; i += 2) {
        kept[nk] = res[i];
        if (i == 2)  /* as an interrupted run is written */
            kept[nk].status = DS_ST_INTERRUPTED;
        else
            left++;
        nk++;
    }
    if (ds_store_write(path, "test", meta, NK, kept, nk, &err))
        fail_msg("%s", err.msg);
    free(kept);
    return left;
}

static void test_resume(void **state)
{
    (void)state;
    ds_suite s;
    parse_ok(SMALL, &s);
    char path[] = "/tmp/descent-test-resume-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    ds_result *full, *res;
    size_t nfull, n;
    ds_bench_report rep;
    run_suite(&s, path, 0, &full, &nfull, &rep);
    size_t left = cut_file(path, full, nfull);
    run_suite(&s, path, 1, &res, &n, &rep);
    assert_int_equal(rep.kept, left);
    assert_int_equal(rep.ran, nfull - left);
    ds_store_free(res, n);
    ds_store_read(path, &res, &n, &(ds_err){0});
    assert_same_runs(full, nfull, res, n);
    ds_store_free(res, n);

    /* another suite's file is refused, and left as it was */
    ds_suite other;
    parse_ok("[suite]\n[problem q]\nspec = quadratic\n[optimizer g]\nspec = gd\n", &other);
    ds_bench_opts o = {.out = path, .resume = 1};
    ds_err err = {0};
    assert_int_equal(ds_bench_run(&other, &o, &res, &n, &rep, &err), DS_EINVAL);
    assert_non_null(strstr(err.msg, "suite_sha"));
    ds_store_read(path, &res, &n, &err);
    assert_int_equal(n, nfull);
    ds_store_free(res, n);
    ds_suite_free(&other);

    ds_store_free(full, nfull);
    ds_suite_free(&s);
    unlink(path);
}

static void test_report_tables(void **state)
{
    (void)state;
    ds_result r[4];
    long a[] = {0, 10}, b[] = {0, 40};
    double g1[] = {1, 1e-8}, g2[] = {1, 1e-7};
    fake(&r[0], a, g1, 2, "fast", 0);
    fake(&r[1], a, g1, 2, "fast", 1);
    fake(&r[2], b, g2, 2, "slow", 0);
    fake(&r[3], b, g2, 2, "slow", 1);
    r[3].status = DS_ST_INTERRUPTED;  /* left out */
    ds_table t;
    ds_err err = {0};
    assert_int_equal(ds_report_table(r, 4, "summary", &t, &err), 0);
    assert_int_equal(t.nrow, 3);
    assert_string_equal(t.cell[1 * t.ncol + 1], "fast");
    assert_string_equal(t.cell[2 * t.ncol + 3], "1");  /* slow: one counted run */
    ds_table_free(&t);
    assert_int_equal(ds_report_table(r, 4, "ranks", &t, &err), 0);
    assert_string_equal(t.cell[1 * t.ncol + 0], "fast");
    assert_string_equal(t.cell[1 * t.ncol + 1], "1");  /* mean rank, every digit kept */
    ds_table_free(&t);
    assert_int_equal(ds_report_table(r, 4, "nope", &t, &err), DS_EINVAL);
    for (int i = 0; i < 4; i++)
        ds_result_free(&r[i]);

    /* an lr sweep written in the problem's constants: lr = 0.1/L and 1/L
     * with L = 4 are 0.025 and 0.25; a lone configuration is no sweep */
    fake(&r[0], a, g1, 2, "sgd:lr=1/L,momentum=0.9", 0);
    fake(&r[1], a, g2, 2, "sgd:lr=0.1/L,momentum=0.9", 0);
    fake(&r[2], a, g2, 2, "adam", 0);
    for (int i = 0; i < 3; i++)
        r[i].L = 4;
    assert_int_equal(ds_report_table(r, 3, "lr", &t, &err), 0);
    assert_int_equal(t.nrow, 3);
    assert_string_equal(t.cell[1 * t.ncol + 1], "sgd:momentum=0.9");
    /* cells keep every digit: they read back as the very doubles */
    assert_true(strtod(t.cell[1 * t.ncol + 3], NULL) == 0.1 / 4);
    assert_true(strtod(t.cell[1 * t.ncol + 4], NULL) == 1e-7);
    assert_true(strtod(t.cell[2 * t.ncol + 3], NULL) == 1.0 / 4);
    assert_true(strtod(t.cell[2 * t.ncol + 4], NULL) == 1e-8);
    ds_table_free(&t);
    for (int i = 0; i < 3; i++)
        ds_result_free(&r[i]);
}

/* The checkpoint rule: its cases by hand, then a simulated suite of
 * 100000 runs, one a millisecond, whose checkpoint of k runs takes k * 10
 * microseconds: the first comes after 30 s, the later ones double in size,
 * never come within a second of each other or within 20 times the last
 * one's cost, and cost at most 5% of the time plus one final write (a
 * checkpoint every thousand runs would cost 50 final writes). */
static void test_checkpoint_rule(void **state)
{
    (void)state;
    ds_bench_opts o = {0};
    assert_false(ds_bench_checkpoint_due(&o, 1000, 0, 29.9, 0)); /* the first: not before 30 s */
    assert_true(ds_bench_checkpoint_due(&o, 1, 0, 30.0, 0));
    assert_false(ds_bench_checkpoint_due(&o, 15, 10, 5.0, 0));  /* fewer than 16 runs, under 30 s */
    assert_true(ds_bench_checkpoint_due(&o, 16, 10, 1.0, 0));
    assert_false(ds_bench_checkpoint_due(&o, 16, 10, 0.5, 0));  /* at most once a second */
    assert_false(ds_bench_checkpoint_due(&o, 99, 100, 10.0, 0)); /* as many runs as the last one wrote */
    assert_true(ds_bench_checkpoint_due(&o, 100, 100, 10.0, 0));
    assert_false(ds_bench_checkpoint_due(&o, 100, 100, 1.5, 0.1)); /* nor sooner than 20 times the last's cost */
    assert_true(ds_bench_checkpoint_due(&o, 100, 100, 2.0, 0.1));
    assert_true(ds_bench_checkpoint_due(&o, 1, 1000, 30.0, 1.0)); /* 30 s passed, the last took 1 s */
    assert_false(ds_bench_checkpoint_due(&o, 1, 1000, 30.0, 2.0)); /* ... or 2 s: wait 40 s */
    assert_true(ds_bench_checkpoint_due(&o, 1, 1000, 40.0, 2.0));
    o.checkpoint_seconds = 0.5;  /* --checkpoint 0.5: the first after half a second */
    assert_false(ds_bench_checkpoint_due(&o, 1000, 0, 0.4, 0));
    assert_true(ds_bench_checkpoint_due(&o, 1, 0, 0.5, 0));
    assert_false(ds_bench_checkpoint_due(&o, 1, 0, 0.5, 0.1)); /* still 20 times the last's cost */
    o.checkpoint_seconds = 0;
    o.checkpoint_runs = 10;  /* a fixed count, without the one-second floor */
    assert_true(ds_bench_checkpoint_due(&o, 10, 500, 0.01, 0));
    assert_true(ds_bench_checkpoint_due(&o, 10, 0, 0.01, 0));
    assert_false(ds_bench_checkpoint_due(&o, 9, 0, 0.01, 0));
    o.checkpoint_runs = 0;
    const size_t N = 100000;
    const double per_run = 1e-3, per_row = 1e-5;
    size_t since = 0, at = 0, count = 0, rows = 0;
    double last = 0, cost = 0, spent = 0;
    for (size_t k = 1; k <= N; k++) {
        double now = (double)k * per_run;
        since++;
        if (!ds_bench_checkpoint_due(&o, since, at, now - last, cost))
            continue;
        assert_true(count > 0 || now >= 30.0 - 1e-9);
        assert_true(count == 0 || (now - last >= 1.0 - 1e-9 && now - last >= 20.0 * cost - 1e-9));
        assert_true(count == 0 || since >= at || now - last >= 30.0 - 1e-9);
        since = 0, at = k, last = now, count++;
        cost = (double)k * per_row;
        rows += k, spent += cost;
    }
    print_message("checkpoints: %zu, %zu rows written (%.2f final files), %.2f s of %.0f s\n", count, rows,
                  (double)rows / (double)N, spent, (double)N * per_run);
    assert_true(count <= 10);
    assert_true(spent <= 0.05 * (double)N * per_run + (double)N * per_row);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_good),          cmocka_unit_test(test_grid_expand),
        cmocka_unit_test(test_figure_sections),     cmocka_unit_test(test_figure_errors),
        cmocka_unit_test(test_parse_errors),        cmocka_unit_test(test_run_ids_order_free),
        cmocka_unit_test(test_quantiles),           cmocka_unit_test(test_trace_interpolation),
        cmocka_unit_test(test_targets_and_ert),     cmocka_unit_test(test_profile_ranks_fit),
        cmocka_unit_test(test_table_formats),
        cmocka_unit_test(test_table_numbers),       cmocka_unit_test(test_progress_lines),
        cmocka_unit_test(test_threads_identical),   cmocka_unit_test(test_resume),
        cmocka_unit_test(test_report_tables),       cmocka_unit_test(test_checkpoint_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
