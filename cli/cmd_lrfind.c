/* descent lrfind: the learning-rate range test (see lrfind.h). Prints the
 * sweep as a table, where it stopped, and the suggested rates; --out
 * writes the table alone for a figure. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../core/optimizer.h"
#include "../core/problem.h"
#include "cli.h"
#include "../harness/lrfind.h"

static void help(void)
{
    printf("usage: descent lrfind --problem SPEC [--optimizer SPEC] [--start LR] [--end LR] [--steps N]\n"
           "                      [--seed S] [--out FILE]\n"
           "The learning-rate range test (Smith 2017): one run from the problem's start with\n"
           "the rate growing exponentially from --start to --end over --steps steps; the loss\n"
           "f after each step is smoothed by a bias-corrected moving average (beta 0.98) and\n"
           "the sweep stops when the smoothed loss exceeds 4 times its best (divergence).\n"
           "Suggests the rate at the steepest descent of the smoothed loss against log lr,\n"
           "and the rate of the smallest smoothed loss divided by 10.\n"
           "  --optimizer SPEC  default sgd; its lr is ignored (batch=..., momentum=... apply)\n"
           "  --start LR        first rate (default 1e-8)\n"
           "  --end LR          last rate (default 10)\n"
           "  --steps N         steps of the sweep (default 100)\n"
           "  --seed S          the run's seed: sample order and noise (default 0)\n"
           "  --out FILE        write the table 'step lr loss smoothed' to FILE\n"
           "example: descent lrfind --problem quadratic:dim=10,kappa=10 --optimizer gd\n");
}

static int write_table(FILE *f, const ds_lrfind_result *r)
{
    fprintf(f, "# %6s %24s %24s %24s\n", "step", "lr", "loss", "smoothed");
    for (size_t k = 0; k < r->n; k++)
        fprintf(f, "%8zu %24.17g %24.17g %24.17g\n", k, r->lr[k], r->loss[k], r->smoothed[k]);
    return ferror(f) ? -1 : 0;
}

int ds_cmd_lrfind(int argc, char **argv)
{
    static const struct option longs[] = {
        {"problem", required_argument, 0, 'p'}, {"optimizer", required_argument, 0, 'o'},
        {"start", required_argument, 0, 'a'},   {"end", required_argument, 0, 'b'},
        {"steps", required_argument, 0, 'n'},   {"seed", required_argument, 0, 'S'},
        {"out", required_argument, 0, 'O'},     {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    const char *problem = NULL, *optimizer = "sgd", *out = NULL;
    ds_lrfind_opts o;
    ds_lrfind_defaults(&o);
    long seed = 0;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
        int bad = 0;
        switch (c) {
        case 'p': problem = optarg; break;
        case 'o': optimizer = optarg; break;
        case 'O': out = optarg; break;
        case 'a': bad = ds_cli_double("--start", optarg, 0, INFINITY, &o.start); break;
        case 'b': bad = ds_cli_double("--end", optarg, 0, INFINITY, &o.end); break;
        case 'n': bad = ds_cli_long("--steps", optarg, 2, 100000000L, &o.steps); break;
        case 'S': bad = ds_cli_long("--seed", optarg, 0, 9007199254740991L, &seed); break;
        case 'h': help(); return DS_EXIT_OK;
        case ':': ds_cli_error("lrfind: %s needs a value", argv[optind - 1]); return DS_EXIT_USAGE;
        default:
            ds_cli_error("lrfind: unknown option '%s' (see descent lrfind --help)", argv[optind - 1]);
            return DS_EXIT_USAGE;
        }
        if (bad)
            return DS_EXIT_USAGE;
    }
    if (optind < argc) {
        ds_cli_error("lrfind: unexpected argument '%s'", argv[optind]);
        return DS_EXIT_USAGE;
    }
    if (!problem) {
        ds_cli_error("lrfind: --problem is required (see descent lrfind --help)");
        return DS_EXIT_USAGE;
    }
    if (!(o.start > 0 && o.end > o.start)) {
        ds_cli_error("lrfind: needs 0 < --start < --end (got %g and %g)", o.start, o.end);
        return DS_EXIT_USAGE;
    }
    o.seed = (uint64_t)seed;
    ds_err err = {0};
    static ds_values pv, ov;
    if (ds_problem_parse(problem, &pv, &err) || ds_optimizer_parse(optimizer, &ov, &err)) {
        ds_cli_error("%s", err.msg);
        return DS_EXIT_USAGE;
    }
    ds_lrfind_result r;
    int rc = ds_lrfind(&pv, &ov, &o, &r, &err);
    if (rc) {
        ds_cli_error("%s", err.msg);
        return rc == DS_EINVAL || rc == DS_ENOTSUP ? DS_EXIT_USAGE : DS_EXIT_FAIL;
    }
    char pc[DS_CANON_MAX], oc[DS_CANON_MAX];
    ds_values_canon(&pv, pc, sizeof pc);
    ds_values_canon(&ov, oc, sizeof oc);
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
