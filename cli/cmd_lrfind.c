/* descent lrfind: the learning-rate range test (see lrfind.h). Prints the
 * sweep as a table, where it stopped, and the suggested rates; --out
 * writes the table alone for a figure. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/optimizer.h"
#include "../core/problem.h"
#include "cli.h"
#include "opts.h"
#include "../harness/lrfind.h"

static int lrfind_main(int argc, char **argv);

static const ds_param lrfind_options[] = {
    {"problem", DS_P_STR, NULL, 0, 0, DS_CLI_REQUIRED, "SPEC", "the problem"},
    {"optimizer", DS_P_STR, "sgd", 0, 0, 0, "SPEC", "its lr is ignored (batch=..., momentum=... apply)"},
    {"start", DS_P_REAL, "1e-8", 0, INFINITY, DS_P_LO_OPEN, NULL, "first rate"},
    {"end", DS_P_REAL, "10", 0, INFINITY, DS_P_LO_OPEN, NULL, "last rate (above --start)"},
    {"steps", DS_P_INT, "100", 2, 1e8, 0, NULL, "steps of the sweep"},
    {"seed", DS_P_INT, "0", 0, 9007199254740991.0, 0, NULL, "the run's seed: sample order and noise"},
    {"out", DS_P_STR, NULL, 0, 0, DS_CLI_OUT, "FILE", "write the table 'step lr loss smoothed' to FILE"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

const ds_cli_cmd ds_cli_lrfind = {
    "lrfind", "learning-rate range test: sweep the rate, suggest one", NULL, 0, 0,
    "The learning-rate range test (Smith 2017): one run from the problem's start with\n"
    "the rate growing exponentially from --start to --end over --steps steps; the loss\n"
    "f after each step is smoothed by a bias-corrected moving average (beta 0.98) and\n"
    "the sweep stops when the smoothed loss exceeds 4 times its best (divergence).\n"
    "Suggests the rate at the steepest descent of the smoothed loss against log lr,\n"
    "and the rate of the smallest smoothed loss divided by 10.",
    lrfind_options, "descent lrfind --problem quadratic:dim=10,kappa=10 --optimizer gd", lrfind_main};

static int write_table(FILE *f, const ds_lrfind_result *r)
{
    fprintf(f, "# %6s %24s %24s %24s\n", "step", "lr", "loss", "smoothed");
    for (size_t k = 0; k < r->n; k++)
        fprintf(f, "%8zu %24.17g %24.17g %24.17g\n", k, r->lr[k], r->loss[k], r->smoothed[k]);
    return ferror(f) ? -1 : 0;
}

static int lrfind_values(const char *problem, const char *optimizer, const char *out, ds_lrfind_opts o,
                         ds_values *pv, ds_values *ov);

static int lrfind_main(int argc, char **argv)
{
    ds_cli_args a;
    int rc = ds_cli_parse(&ds_cli_lrfind, argc, argv, &a);
    const char *problem = ds_arg_str(&a, "problem"), *optimizer = ds_arg_str(&a, "optimizer"),
               *out = ds_arg_str(&a, "out");
    ds_lrfind_opts o;
    ds_lrfind_defaults(&o);
    o.start = ds_arg_num(&a, "start");
    o.end = ds_arg_num(&a, "end");
    o.steps = ds_arg_long(&a, "steps");
    o.seed = (uint64_t)ds_arg_long(&a, "seed");
    ds_cli_args_free(&a);
    if (rc)
        return rc > 0 ? DS_EXIT_OK : DS_EXIT_USAGE;
    if (!(o.end > o.start)) {
        ds_cli_error("lrfind: needs 0 < --start < --end (got %g and %g)", o.start, o.end);
        return DS_EXIT_USAGE;
    }
    ds_values pv = {.n = 0}, ov = {.n = 0};
    int status = lrfind_values(problem, optimizer, out, o, &pv, &ov);
    ds_values_free(&pv);
    ds_values_free(&ov);
    return status;
}

static int lrfind_values(const char *problem, const char *optimizer, const char *out, ds_lrfind_opts o,
                         ds_values *pv, ds_values *ov)
{
    ds_err err = {0};
    if (ds_problem_parse(problem, pv, &err) || ds_optimizer_parse(optimizer, ov, &err)) {
        ds_cli_error("%s", err.msg);
        return ds_cli_exit(err.code);
    }
    ds_lrfind_result r;
    int rc = ds_lrfind(pv, ov, &o, &r, &err);
    if (rc) {
        ds_cli_error("%s", err.msg);
        return ds_cli_exit(rc);
    }
    char pc[DS_CANON_MAX], oc[DS_CANON_MAX];
    ds_values_canon(pv, pc, sizeof pc);
    ds_values_canon(ov, oc, sizeof oc);
    printf("problem   %s\noptimizer %s\n", pc, oc);
    printf("sweep     lr from %g to %g over %ld steps; loss = f after each step, smoothed by a\n"
           "          bias-corrected moving average (beta %g)\n\n",
           o.start, o.end, o.steps, o.beta);
    write_table(stdout, &r);
    printf("\n");
    if (r.n == 0)
        printf("no finite loss: the first step already diverged\n");
    else if (r.diverged)
        printf("stopped at step %zu (lr %.6g): smoothed loss %.6g > %g x best %.6g\n", r.n - 1, r.lr[r.n - 1],
               r.smoothed[r.n - 1], o.div_factor, r.best);
    else
        printf("no divergence up to lr %.6g\n", r.lr[r.n - 1]);
    printf("suggested lr (steepest descent of the smoothed loss): %.6g\n", r.steepest);
    printf("lr of the smallest smoothed loss / 10:                %.6g\n", r.min_div10);
    int status = DS_EXIT_OK;
    if (out) {
        FILE *f = fopen(out, "w");
        if (!f || write_table(f, &r) || fclose(f)) {
            ds_cli_error("lrfind: cannot write %s", out);
            status = DS_EXIT_FAIL;
        }
    }
    ds_lrfind_free(&r);
    return status;
}
