/* descent compare NEW.h5 BASE.h5 [--metric gap|ert] [--alpha A]
 * [--target EPS] [--resamples B]: per configuration in both files, the
 * ERT ratio NEW / BASE with its bootstrap interval and a one-sided
 * signed-rank test of final f - f* over matched seeds (report/compare.h).
 * Exit status 1 when NEW is significantly worse than BASE on the chosen
 * metric for some configuration, so that CI can gate on it; 2 for bad
 * input; 0 otherwise. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../harness/store.h"
#include "../report/compare.h"

static void help(void)
{
    printf("usage: descent compare NEW.h5 BASE.h5 [--metric gap|ert] [--alpha A] [--target EPS] [--resamples B]\n"
           "  Compares two result files of the same suite, configuration by configuration.\n"
           "  --metric gap   one-sided Wilcoxon signed-rank test of final f - f* over seeds present in both (default)\n"
           "  --metric ert   expected running time (epochs) to the relative target, bootstrap over runs\n"
           "  --alpha A      family-wise level, Holm-corrected over the configurations (default 0.05)\n"
           "  --target EPS   relative target (f - f*)/(f0 - f*) of the ERT (default 1e-6)\n"
           "  --resamples B  bootstrap resamples (default 2000; the generator's seed is fixed)\n"
           "  Exit status: 1 when NEW is significantly worse on the metric for some configuration.\n");
}

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

int ds_cmd_compare(int argc, char **argv)
{
    ds_compare_opts o;
    ds_compare_defaults(&o);
    static const struct option longopts[] = {{"metric", required_argument, 0, 'm'}, {"alpha", required_argument, 0, 'a'},
                                             {"target", required_argument, 0, 't'},
                                             {"resamples", required_argument, 0, 'b'},
                                             {"help", no_argument, 0, 'h'},     {0, 0, 0, 0}};
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        long b;
        switch (c) {
        case 'm':
            if (!strcmp(optarg, "gap") || !strcmp(optarg, "ert")) {
                o.metric = !strcmp(optarg, "ert") ? DS_CMP_ERT : DS_CMP_GAP;
                break;
            }
            ds_cli_error("--metric %s: expected gap or ert", optarg);
            return DS_EXIT_USAGE;
        case 'a':
            if (ds_cli_double("--alpha", optarg, 1e-12, 0.5, &o.alpha))
                return DS_EXIT_USAGE;
            break;
        case 't':
            if (ds_cli_double("--target", optarg, 1e-300, 1, &o.target))
                return DS_EXIT_USAGE;
            break;
        case 'b':
            if (ds_cli_long("--resamples", optarg, 10, 10000000, &b))
                return DS_EXIT_USAGE;
            o.resamples = (size_t)b;
            break;
        case 'h':
            help();
            return DS_EXIT_OK;
        default:
            ds_cli_error("compare: unknown option '%s' (see descent compare --help)", argv[optind - 1]);
            return DS_EXIT_USAGE;
        }
    }
    if (argc - optind != 2) {
        ds_cli_error("compare: expected two result files, NEW.h5 and BASE.h5 (see descent compare --help)");
        return DS_EXIT_USAGE;
    }
    ds_result *a = NULL, *b = NULL;
    size_t na = 0, nb = 0, nrows = 0, worse = 0;
    ds_compare_row *rows = NULL;
    ds_err err = {0};
    int rc = ds_store_read(argv[optind], &a, &na, &err);
    if (!rc)
        rc = ds_store_read(argv[optind + 1], &b, &nb, &err);
    if (!rc)
        rc = ds_compare(a, na, b, nb, &o, &rows, &nrows, &worse, &err);
    if (!rc)
        print_rows(rows, nrows, &o);
    free(rows);
    ds_store_free(a, na);
    ds_store_free(b, nb);
    if (rc) {
        ds_cli_error("%s", err.msg);
        return rc == DS_EINVAL || rc == DS_EIO ? DS_EXIT_USAGE : DS_EXIT_FAIL;
    }
    if (worse)
        printf("compare: NEW is significantly worse than BASE on %zu configuration(s)\n", worse);
    return worse ? DS_EXIT_FAIL : DS_EXIT_OK;
}
