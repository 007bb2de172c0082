/* descent grid --problem SPEC --box lo,hi[,lo2,hi2] [--n N]: f sampled on a
 * regular grid, for gnuplot. One-dimensional problems print "x f" lines;
 * two-dimensional ones print "x1 x2 f" in gnuplot's grid layout (one blank
 * line after each x1 row), ready for `splot ... with pm3d` or `set contour`.
 * The problem is evaluated through its oracle, so the surface drawn is the
 * function the runs minimize. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "../core/problem.h"
#include "cli.h"

#define GRID_MAX 2000

typedef struct {
    const char *problem, *box;
    long n;
} grid_opts;

static void help(void)
{
    printf("usage: descent grid --problem SPEC --box LO,HI[,LO2,HI2] [--n N]\n"
           "Prints f on an N-point (N x N for dim 2) regular grid over the box, for gnuplot:\n"
           "\"x f\" lines for dim 1, \"x1 x2 f\" rows separated by blank lines for dim 2.\n"
           "  --box   the interval (dim 1) or rectangle x1lo,x1hi,x2lo,x2hi (dim 2)\n"
           "  --n N   points per axis (default 200, at most %d)\n"
           "example: descent grid --problem rosenbrock --box -2,2,-1,3 --n 200\n",
           GRID_MAX);
}

static int parse_opts(int argc, char **argv, grid_opts *o)
{
    static const struct option longs[] = {{"problem", required_argument, 0, 'p'},
                                          {"box", required_argument, 0, 'b'},
                                          {"n", required_argument, 0, 'n'},
                                          {"help", no_argument, 0, 'h'},
                                          {0, 0, 0, 0}};
    o->problem = o->box = NULL;
    o->n = 200;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
        switch (c) {
        case 'p': o->problem = optarg; break;
        case 'b': o->box = optarg; break;
        case 'n':
            if (ds_cli_long("--n", optarg, 2, GRID_MAX, &o->n))
                return -1;
            break;
        case 'h': help(); return 1;
        case ':': ds_cli_error("grid: %s needs a value", argv[optind - 1]); return -1;
        default: ds_cli_error("grid: unknown option '%s' (see descent grid --help)", argv[optind - 1]); return -1;
        }
    }
    if (optind < argc) {
        ds_cli_error("grid: unexpected argument '%s'", argv[optind]);
        return -1;
    }
    if (!o->problem || !o->box) {
        ds_cli_error("grid: --problem and --box are required (see descent grid --help)");
        return -1;
    }
    return 0;
}

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

int ds_cmd_grid(int argc, char **argv)
{
    grid_opts o;
    int rc = parse_opts(argc, argv, &o);
    if (rc)
        return rc > 0 ? DS_EXIT_OK : DS_EXIT_USAGE;
    ds_err err = {0};
    static ds_values pv;
    ds_problem *p = NULL;
    if (ds_problem_parse(o.problem, &pv, &err) || ds_problem_new(&pv, 0, &p, &err)) {
        ds_cli_error("%s", err.msg);
        return err.code == DS_ENOMEM ? DS_EXIT_FAIL : DS_EXIT_USAGE;
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
