/* descent figures FILE.h5 [NAME...] [--dir DIR]: draw the figures of the
 * suite that wrote FILE.h5 (its [figure NAME] sections), as DIR/NAME.png,
 * DIR/NAME.pdf and DIR/NAME.svg; `descent bench` calls the same after its
 * tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "opts.h"
#include "../harness/store.h"
#include "../harness/suite.h"
#include "../report/figures.h"

/* The program the scripts call back for their data: this one. */
static const char *self_path(void)
{
    static char path[4096];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0)
        return "build/descent";
    path[n] = '\0';
    return path;
}

/* Every name must be a figure of the suite. */
static int check_names(const ds_suite *s, char **names, int nnames)
{
    const char *all[256];
    size_t n = 0;
    for (size_t i = 0; i < s->nfigs && n < 256; i++)
        all[n++] = s->figs[i].name;
    for (int k = 0; k < nnames; k++)
        if (!ds_suite_figure_find(s, names[k])) {
            char hint[128];
            ds_cli_error("figures: %s has no [figure %s]%s", s->path, names[k],
                         ds_did_you_mean(names[k], all, n, hint, sizeof hint));
            return -1;
        }
    return 0;
}

int ds_cli_draw_figures(const ds_suite *s, const char *h5, const char *dir, char **names, int nnames)
{
    if (check_names(s, names, nnames))
        return DS_EXIT_USAGE;
    ds_err err = {0};
    if (ds_suite_check_scripts(s, &err)) {
        ds_cli_error("%s", err.msg);
        return DS_EXIT_USAGE;
    }
    ds_figures_opts o = {.descent = self_path(), .h5 = h5, .dir = dir};
    for (size_t i = 0; i < s->nfigs; i++) {
        const ds_suite_figure *f = &s->figs[i];
        int wanted = nnames == 0;
        for (int k = 0; k < nnames; k++)
            wanted |= !strcmp(names[k], f->name);
        if (!wanted)
            continue;
        int rc = ds_figure_check_runs(s, f, h5, &err);
        if (!rc)
            rc = ds_figure_draw(f, &o, &err);
        if (rc) {
            ds_cli_error("%s", err.msg);
            return rc == DS_EINVAL ? DS_EXIT_USAGE : DS_EXIT_FAIL;
        }
        const char *d = dir ? dir : "plots";
        fprintf(stderr, "descent figures: %s/%s.png %s/%s.pdf %s/%s.svg\n", d, f->name, d, f->name, d, f->name);
    }
    return DS_EXIT_OK;
}

static int figures_main(int argc, char **argv);

static const ds_param figures_options[] = {
    {"dir", DS_P_STR, "plots", 0, 0, DS_CLI_OUTDIR, "DIR", "where DIR/NAME.png, .pdf and .svg are written"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

const ds_cli_cmd ds_cli_figures = {
    "figures", "draw the figures of a suite's result file (gnuplot: PNG, PDF and SVG)", "FILE.h5 [NAME...]", 1, -1,
    "Draws the figures of the suite that wrote FILE.h5 (its [figure NAME] sections, see\n"
    "suites/README.md), or only those named: gnuplot runs each figure's script three\n"
    "times, for DIR/NAME.png, DIR/NAME.pdf and DIR/NAME.svg, reading FILE.h5 through\n"
    "`descent export`. The PDF's date is SOURCE_DATE_EPOCH or the script's last commit and\n"
    "the SVG has none (its Symbol-font text is rewritten as Unicode), so drawing an\n"
    "unchanged figure again gives identical files. Needs gnuplot; run it from the\n"
    "repository root.",
    figures_options, "descent figures results/figures.h5 kappa saddle", figures_main};

static int figures_main(int argc, char **argv)
{
    ds_cli_args a;
    int p = ds_cli_parse(&ds_cli_figures, argc, argv, &a);
    if (p) {
        ds_cli_args_free(&a);
        return p > 0 ? DS_EXIT_OK : DS_EXIT_USAGE;
    }
    const char *dir = ds_arg_str(&a, "dir");
    const char *path = a.pos[0];
    static char text[1 << 17];
    ds_err err = {0};
    int status;
    ds_suite s;
    if (ds_store_root_attr(path, "suite", text, sizeof text, &err)) {
        ds_cli_error("%s", err.msg);
        status = err.code == DS_EINVAL ? DS_EXIT_USAGE : DS_EXIT_FAIL;
    } else if (!text[0]) {
        ds_cli_error("figures: %s was not written by `descent bench` (no suite in it)", path);
        status = DS_EXIT_USAGE;
    } else if (ds_suite_parse(path, text, &s, &err)) {
        ds_cli_error("%s: its suite does not parse with this version: %s", path, err.msg);
        status = DS_EXIT_FAIL;
    } else {
        if (!s.nfigs)
            fprintf(stderr, "descent figures: the suite of %s has no [figure NAME] section\n", path);
        status = ds_cli_draw_figures(&s, path, dir, a.pos + 1, a.npos - 1);
        ds_suite_free(&s);
    }
    ds_cli_args_free(&a);
    return status;
}
