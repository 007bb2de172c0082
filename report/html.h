/* The HTML report: one static page (results/index.html) with every suite's
 * tables (sortable by a click on a column), runtime distributions (ECDF of
 * the epochs each run needs to reach each relative target, as COCO's
 * cocopp draws them) as inline SVG, every figure of plots/ with its PNG,
 * PDF and SVG, and the theory verdicts with the failing ones first. No
 * server and no framework: a few lines of plain JavaScript sort the tables
 * and check, once the page has loaded, that every image and table is there
 * (the browser test reads that check). */
#ifndef DS_HTML_H
#define DS_HTML_H

#include <stddef.h>
#include <stdio.h>

#include "../core/error.h"
#include "../engine/run.h"

typedef struct ds_html_suite {
    const char *name;        /**< the suite's name */
    const char *title;       /**< one line; may be NULL */
    const char *tables;      /**< comma-separated table names (as a suite's `tables =`) */
    const ds_result *res;
    size_t n;
} ds_html_suite;

/* A figure: its stem relative to the page (e.g. "../plots/kappa") and
 * which of .png, .pdf, .svg exist. */
typedef struct ds_html_figure {
    const char *stem, *name;
    int png, pdf, svg;
} ds_html_figure;

/* A theory verdict, as `descent verify --json` writes one per line. */
typedef struct ds_html_check {
    char optimizer[256], theorem[96], problem[256], quantity[64], verdict[64];
    double measured, bound;
} ds_html_check;

/* Read `verify --json` lines; *out is malloc'd. A malformed line is an
 * error naming FILE:LINE. */
int ds_html_read_checks(const char *path, ds_html_check **out, size_t *n, ds_err *err);

/* The cumulative distribution of runtimes of one solver: x[k] epochs,
 * y[k] the fraction of (run, target) pairs reached within x[k]; a step
 * function with n points, x ascending. */
typedef struct ds_ecdf {
    size_t n;
    double *x, *y;
} ds_ecdf;

/* The ECDF over the runs idx[0..nidx) of res and the relative targets
 * targets[0..nt): each pair counts 1/(nidx nt). */
int ds_ecdf_of(const ds_result *res, const size_t *idx, size_t nidx, const double *targets, size_t nt,
               ds_ecdf *out);
void ds_ecdf_free(ds_ecdf *e);

int ds_html_write(FILE *out, const ds_html_suite *suites, size_t ns, const ds_html_figure *figs, size_t nf,
                  const ds_html_check *checks, size_t nc, ds_err *err);

#endif
