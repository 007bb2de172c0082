/* descent compare NEW.h5 BASE.h5 [--metric gap|ert] [--alpha A]
 * [--target EPS] [--resamples B]: per configuration in both files, the
 * ERT ratio NEW / BASE with its bootstrap interval and a one-sided
 * signed-rank test of final f - f* over matched seeds (report/compare.h).
 * Exit status 1 when NEW is significantly worse than BASE on the chosen
 * metric for some configuration, so that CI can gate on it; 2 for bad
 * input; 0 otherwise. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"
#include "../harness/store.h"
#include "../report/compare.h"

static const char *verdict_name(ds_cmp_verdict v)
{
    return v == DS_CMP_WORSE ? "WORSE" : v == DS_CMP_BETTER ? "better" : "same";
}

static void print_rows(const ds_compare_row *r, size_t n, const ds_compare_opts *o)
{
    printf("%-28s %-28s %-14s %5s %10s %10s %21s %10s %10s  %s\n", "problem", "optimizer", "schedule", "pairs",
           "ERT new", "ERT base", "ratio [interval]", "p worse", "p better", "verdict");
    for (size_t i = 0; i < n; i++)
        printf("%-28s %-28s %-14s %5zu %10.4g %10.4g %6.3g [%5.3g, %5.3g] %10.3g %10.3g  %s\n", r[i].problem,
               r[i].optimizer, r[i].schedule, r[i].pairs, r[i].ert_new, r[i].ert_base, r[i].ratio, r[i].ratio_lo,
               r[i].ratio_hi, r[i].p_worse, r[i].p_better, verdict_name(r[i].verdict));
    printf("metric %s, alpha %g (Holm over %zu configurations), ERT target %g, %zu resamples\n",
           o->metric == DS_CMP_ERT ? "ert" : "gap", o->alpha, n, o->target, o->resamples);
}

static int compare_main(int argc, char **argv);

static const ds_param compare_options[] = {
    {"metric", DS_P_ENUM, "gap", 0, 0, 0, "gap|ert",
     "gap: signed-rank test of final f - f* over matched seeds; ert: expected running time (bootstrap)"},
    {"alpha", DS_P_REAL, "0.05", 0, 0.5, DS_P_LO_OPEN, NULL, "family-wise level, Holm-corrected over the configurations"},
    {"target", DS_P_REAL, "1e-6", 0, 1, DS_P_LO_OPEN, NULL, "relative target (f - f*)/(f0 - f*) of the ERT"},
    {"resamples", DS_P_INT, "2000", 10, 1e7, 0, NULL, "bootstrap resamples (the generator's seed is fixed)"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

const ds_cli_cmd ds_cli_compare = {
    "compare", "compare a result file with a baseline; exit 1 when significantly worse", "NEW.h5 BASE.h5", 2, 2,
    "Compares two result files of the same suite, configuration by configuration: the ratio of\n"
    "expected running times NEW/BASE with a bootstrap interval, and a one-sided Wilcoxon\n"
    "signed-rank test of final f - f* over the seeds both ran. Exit status 1 when NEW is\n"
    "significantly worse on the chosen metric for some configuration (Holm over all of them).",
    compare_options, "descent compare new.h5 results/quick.h5 --metric ert", compare_main};

static int compare_main(int argc, char **argv)
{
    ds_cli_args a;
    int p = ds_cli_parse(&ds_cli_compare, argc, argv, &a);
    ds_compare_opts o;
    ds_compare_defaults(&o);
    char new_path[1024] = "", base_path[1024] = "";
    if (!p) {
        o.metric = (ds_cmp_metric)ds_arg_num(&a, "metric");
        o.alpha = ds_arg_num(&a, "alpha");
        o.target = ds_arg_num(&a, "target");
        o.resamples = (size_t)ds_arg_long(&a, "resamples");
        snprintf(new_path, sizeof new_path, "%s", a.pos[0]);
        snprintf(base_path, sizeof base_path, "%s", a.pos[1]);
    }
    ds_cli_args_free(&a);
    if (p)
        return p > 0 ? DS_EXIT_OK : DS_EXIT_USAGE;
    ds_result *ra = NULL, *rb = NULL;
    size_t na = 0, nb = 0, nrows = 0, worse = 0;
    ds_compare_row *rows = NULL;
    ds_err err = {0};
    int rc = ds_store_read(new_path, &ra, &na, &err);
    if (!rc)
        rc = ds_store_read(base_path, &rb, &nb, &err);
    if (!rc)
        rc = ds_compare(ra, na, rb, nb, &o, &rows, &nrows, &worse, &err);
    if (!rc)
        print_rows(rows, nrows, &o);
    free(rows);
    ds_store_free(ra, na);
    ds_store_free(rb, nb);
    if (rc) {
        ds_cli_error("%s", err.msg);
        /* an input that cannot be read is bad input */
        return rc == DS_EIO ? DS_EXIT_USAGE : ds_cli_exit(rc);
    }
    if (worse)
        printf("compare: NEW is significantly worse than BASE on %zu configuration(s)\n", worse);
    return worse ? DS_EXIT_FAIL : DS_EXIT_OK;
}
