/* descent figures FILE.h5 [NAME...] [--dir DIR]: draw the figures of the
 * suite that wrote FILE.h5 (its [figure NAME] sections), as DIR/NAME.png
 * and DIR/NAME.pdf; `descent bench` calls the same after its tables. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
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
        fprintf(stderr, "descent figures: %s/%s.png %s/%s.pdf\n", dir ? dir : "plots", f->name,
                dir ? dir : "plots", f->name);
    }
    return DS_EXIT_OK;
}

static void help(void)
{
    printf("usage: descent figures FILE.h5 [NAME...] [--dir DIR]\n"
           "Draws the figures of the suite that wrote FILE.h5 (its [figure NAME] sections, see\n"
           "suites/README.md), or only those named: gnuplot runs each figure's script twice,\n"
           "for DIR/NAME.png and DIR/NAME.pdf (default DIR plots), reading FILE.h5 through\n"
           "`descent export`. The PDF's date is SOURCE_DATE_EPOCH or the script's last commit,\n"
           "so drawing an unchanged figure again gives identical files. Needs gnuplot.\n"
           "Run it from the repository root: scripts are named from there.\n");
}

int ds_cmd_figures(int argc, char **argv)
{
    static const struct option longs[] = {{"dir", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'},
                                          {0, 0, 0, 0}};
    const char *dir = NULL;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
        switch (c) {
        case 'd': dir = optarg; break;
        case 'h': help(); return DS_EXIT_OK;
        case ':': ds_cli_error("figures: %s needs a value", argv[optind - 1]); return DS_EXIT_USAGE;
        default: ds_cli_error("figures: unknown option '%s'", argv[optind - 1]); return DS_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        ds_cli_error("figures: expected FILE.h5 (see descent figures --help)");
        return DS_EXIT_USAGE;
    }
    const char *path = argv[optind];
    static char text[1 << 17];
    ds_err err = {0};
    if (ds_store_root_attr(path, "suite", text, sizeof text, &err)) {
        ds_cli_error("%s", err.msg);
        return err.code == DS_EINVAL ? DS_EXIT_USAGE : DS_EXIT_FAIL;
    }
    if (!text[0]) {
        ds_cli_error("figures: %s was not written by `descent bench` (no suite in it)", path);
        return DS_EXIT_USAGE;
    }
    ds_suite s;
    if (ds_suite_parse(path, text, &s, &err)) {
        ds_cli_error("%s: its suite does not parse with this version: %s", path, err.msg);
        return DS_EXIT_FAIL;
    }
    if (!s.nfigs)
        fprintf(stderr, "descent figures: the suite of %s has no [figure NAME] section\n", path);
    int status = ds_cli_draw_figures(&s, path, dir, argv + optind + 1, argc - optind - 1);
    ds_suite_free(&s);
    return status;
}
