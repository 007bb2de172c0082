/* descent grid --problem SPEC --box lo,hi[,lo2,hi2] [--n N]: f sampled on a
 * regular grid, for gnuplot. One-dimensional problems print "x f" lines;
 * two-dimensional ones print "x1 x2 f" in gnuplot's grid layout (one blank
 * line after each x1 row), ready for `splot ... with pm3d` or `set contour`.
 * The problem is evaluated through its oracle, so the surface drawn is the
 * function the runs minimize. */
#include <stdio.h>
#include <stdlib.h>

#include "../core/problem.h"
#include "cli.h"
#include "opts.h"

#define GRID_MAX 2000

typedef struct {
    const char *problem, *box;
    long n;
} grid_opts;

static int grid_main(int argc, char **argv);

static const ds_param grid_options[] = {
    {"problem", DS_P_STR, NULL, 0, 0, DS_CLI_REQUIRED, "SPEC", "the problem, of dim 1 or 2"},
    {"box", DS_P_STR, NULL, 0, 0, DS_CLI_REQUIRED, "LO,HI[,LO2,HI2]",
     "the interval (dim 1) or rectangle x1lo,x1hi,x2lo,x2hi (dim 2)"},
    {"n", DS_P_INT, "200", 2, GRID_MAX, 0, NULL, "points per axis"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

const ds_cli_cmd ds_cli_grid = {
    "grid", "print f on a grid over a 1-D interval or 2-D box (for gnuplot contours)", NULL, 0, 0,
    "Prints f on an N-point (N x N for dim 2) regular grid over the box, for gnuplot:\n"
    "\"x f\" lines for dim 1, \"x1 x2 f\" rows separated by blank lines for dim 2.",
    grid_options, "descent grid --problem rosenbrock --box -2,2,-1,3 --n 200", grid_main};

/* The box must give one lo < hi pair per dimension. */
static int check_box(const char *text, const double *b, size_t nb, size_t dim)
{
    if (dim != 1 && dim != 2) {
        ds_cli_error("grid: the problem has dim %zu; grid draws dim 1 or 2 only", dim);
        return -1;
    }
    if (nb != 2 * dim) {
        ds_cli_error("grid: --box %s: expected %zu numbers for dim %zu", text, 2 * dim, dim);
        return -1;
    }
    for (size_t k = 0; k < dim; k++)
        if (!(b[2 * k] < b[2 * k + 1])) {
            ds_cli_error("grid: --box %s: each low end must be below its high end", text);
            return -1;
        }
    return 0;
}

static double at(double lo, double hi, long i, long n)
{
    return lo + (hi - lo) * (double)i / (double)(n - 1);
}

static void print_grid(ds_problem *p, const double *b, long n)
{
    double x[2];
    if (p->dim == 1) {
        for (long i = 0; i < n; i++) {
            x[0] = at(b[0], b[1], i, n);
            printf("%.17g %.17g\n", x[0], p->type->f(p, x));
        }
        return;
    }
    for (long i = 0; i < n; i++) {
        x[0] = at(b[0], b[1], i, n);
        for (long j = 0; j < n; j++) {
            x[1] = at(b[2], b[3], j, n);
            printf("%.17g %.17g %.17g\n", x[0], x[1], p->type->f(p, x));
        }
        printf("\n");
    }
}

static int grid_values(const grid_opts *po, ds_values *pv)
{
    grid_opts o = *po;
    ds_err err = {0};
    ds_problem *p = NULL;
    if (ds_problem_parse(o.problem, pv, &err) || ds_problem_new(pv, 0, &p, &err)) {
        ds_cli_error("%s", err.msg);
        return ds_cli_exit(err.code);
    }
    double *b = NULL;
    size_t nb = 0;
    if (ds_cli_parse_doubles(o.box, &b, &nb)) {
        ds_cli_error("grid: --box %s: expected finite numbers separated by commas", o.box);
        ds_problem_free(p);
        return DS_EXIT_USAGE;
    }
    int status = DS_EXIT_USAGE;
    if (!check_box(o.box, b, nb, p->dim)) {
        print_grid(p, b, o.n);
        status = DS_EXIT_OK;
    }
    free(b);
    ds_problem_free(p);
    return status;
}

static int grid_main(int argc, char **argv)
{
    ds_cli_args a;
    int rc = ds_cli_parse(&ds_cli_grid, argc, argv, &a);
    grid_opts o = {ds_arg_str(&a, "problem"), ds_arg_str(&a, "box"), ds_arg_long(&a, "n")};
    ds_cli_args_free(&a);
    if (rc)
        return rc > 0 ? DS_EXIT_OK : DS_EXIT_USAGE;
    ds_values pv = {.n = 0};
    int status = grid_values(&o, &pv);
    ds_values_free(&pv);
    return status;
}
