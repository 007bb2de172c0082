/* descent pep --optimizer SPEC [--class C] [--L L] [--mu MU] --N N|A:B
 *            [--measure gap|grad2|dist2] [--R R] [--D D] [--out FILE.h5]
 * The exact worst case of a fixed-step method after N steps over a
 * function class (theory/pep.h): one number, or a table over the horizons
 * A..B (and an HDF5 dataset with --out). Every value carries the solver's
 * tolerance: the true worst case lies in [value - tol, value]. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "../theory/pep.h"
#include "cli.h"

typedef struct {
    const char *optimizer, *out;
    ds_pep_setup setup;
    long n_lo, n_hi;
    int have_mu, have_n;
} pep_opts;

static void help(void)
{
    printf("usage: descent pep --optimizer SPEC --N N|A:B [--class smooth-convex|smooth-strongly-convex]\n"
           "                   [--L L] [--mu MU] [--measure gap|grad2|dist2] [--R R] [--D D] [--out FILE.h5]\n"
           "The exact worst case, over the class, of a fixed-step method after N steps from\n"
           "||x0 - x*|| <= R (performance estimation: an SDP solved by DSDP). A:B prints a table.\n"
           "  --class    smooth-convex (default, mu = 0) or smooth-strongly-convex (needs 0 < mu < L)\n"
           "  --L --mu   the class constants (default L = 1)\n"
           "  --measure  gap = f(x_N) - f* (default), grad2 = ||grad f(x_N)||^2, dist2 = ||x_N - x*||^2\n"
           "  --R        the initial distance bound (default 1); --D adds f(x0) - f* <= D\n"
           "  --out      with A:B, the table as dataset /pep of FILE.h5\n"
           "Each value is followed by its tolerance: the worst case lies in [value - tol, value].\n"
           "example: descent pep --optimizer gd:lr=1/L --N 1:30\n");
}

static int parse_range(const char *text, pep_opts *o)
{
    const char *colon = strchr(text, ':');
    char lo[32];
    if (!colon)
        return ds_cli_long("--N", text, 1, 1000, &o->n_lo) || ds_cli_long("--N", text, 1, 1000, &o->n_hi);
    size_t k = (size_t)(colon - text);
    if (k == 0 || k >= sizeof lo) {
        ds_cli_error("--N %s: expected N or A:B", text);
        return -1;
    }
    memcpy(lo, text, k);
    lo[k] = '\0';
    if (ds_cli_long("--N", lo, 1, 1000, &o->n_lo) || ds_cli_long("--N", colon + 1, 1, 1000, &o->n_hi))
        return -1;
    if (o->n_hi < o->n_lo) {
        ds_cli_error("--N %s: the range must not be empty", text);
        return -1;
    }
    return 0;
}

static int parse_one(int c, pep_opts *o)
{
    ds_err err = {0};
    ds_pep_setup *s = &o->setup;
    switch (c) {
    case 'o': o->optimizer = optarg; return 0;
    case 'w': o->out = optarg; return 0;
    case 'c':
        if (ds_pep_class_parse(optarg, &s->cls, &err))
            break;
        return 0;
    case 'm':
        if (ds_pep_measure_parse(optarg, &s->measure, &err))
            break;
        return 0;
    case 'L': return ds_cli_double("--L", optarg, 0, INFINITY, &s->L);
    case 'u': o->have_mu = 1; return ds_cli_double("--mu", optarg, 0, INFINITY, &s->mu);
    case 'R': return ds_cli_double("--R", optarg, 0, INFINITY, &s->R);
    case 'D': return ds_cli_double("--D", optarg, 0, INFINITY, &s->D);
    case 'N': o->have_n = 1; return parse_range(optarg, o);
    default: return -1;
    }
    ds_cli_error("%s", err.msg);
    return -1;
}

static int parse_opts(int argc, char **argv, pep_opts *o)
{
    static const struct option longs[] = {
        {"optimizer", required_argument, 0, 'o'}, {"class", required_argument, 0, 'c'},
        {"L", required_argument, 0, 'L'},         {"mu", required_argument, 0, 'u'},
        {"N", required_argument, 0, 'N'},         {"measure", required_argument, 0, 'm'},
        {"R", required_argument, 0, 'R'},         {"D", required_argument, 0, 'D'},
        {"out", required_argument, 0, 'w'},       {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    *o = (pep_opts){.setup = {.cls = DS_PEP_SMOOTH_CONVEX, .L = 1, .measure = DS_PEP_GAP, .R = 1, .D = NAN}};
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
        if (c == 'h') {
            help();
            return 1;
        }
        if (c == ':') {
            ds_cli_error("pep: %s needs a value", argv[optind - 1]);
            return -1;
        }
        if (c == '?') {
            ds_cli_error("pep: unknown option '%s' (see descent pep --help)", argv[optind - 1]);
            return -1;
        }
        if (parse_one(c, o))
            return -1;
    }
    if (optind < argc) {
        ds_cli_error("pep: unexpected argument '%s'", argv[optind]);
        return -1;
    }
    if (!o->optimizer || !o->have_n) {
        ds_cli_error("pep: --optimizer and --N are required (see descent pep --help)");
        return -1;
    }
    if (o->out && o->n_lo == o->n_hi) {
        ds_cli_error("pep: --out writes a table: give --N as a range A:B");
        return -1;
    }
    if (o->setup.cls == DS_PEP_SMOOTH_STRONGLY_CONVEX && !o->have_mu) {
        ds_cli_error("pep: --class smooth-strongly-convex needs --mu");
        return -1;
    }
    return o->out && ds_cli_check_out(o->out) ? -1 : 0;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0->tv_nsec);
}

/* The table as dataset /pep: rows N, value, lower, tol, seconds. */
static int write_h5(const char *path, const pep_opts *o, const double *rows, size_t n)
{
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (f < 0)
        return -1;
    hsize_t dims[2] = {n, 5};
    const ds_pep_setup *s = &o->setup;
    int bad = H5LTmake_dataset_double(f, "/pep", 2, dims, rows) < 0;
    bad = bad || H5LTset_attribute_string(f, "/pep", "columns", "N,value,lower,tol,seconds") < 0;
    bad = bad || H5LTset_attribute_string(f, "/pep", "optimizer", o->optimizer) < 0;
    bad = bad || H5LTset_attribute_string(f, "/pep", "class", ds_pep_class_name(s->cls)) < 0;
    bad = bad || H5LTset_attribute_string(f, "/pep", "measure", ds_pep_measure_name(s->measure)) < 0;
    bad = bad || H5LTset_attribute_string(f, "/pep", "solver", "DSDP 5.8, reference BLAS/LAPACK") < 0;
    bad = bad || H5LTset_attribute_string(f, "/pep", "command", ds_cli_command_line()) < 0;
    double consts[5] = {s->L, s->mu, s->R, s->D, DS_PEP_GAP_TOL};
    bad = bad || H5LTset_attribute_double(f, "/pep", "L,mu,R,D,gap_tol", consts, 5) < 0;
    return (H5Fclose(f) < 0) || bad ? -1 : 0;
}

static void print_head(const pep_opts *o)
{
    const ds_pep_setup *s = &o->setup;
    printf("# worst case of %s of %s over %s, L=%g mu=%g, ||x0-x*|| <= %g", ds_pep_measure_name(s->measure),
           o->optimizer, ds_pep_class_name(s->cls), s->L, s->mu, s->R);
    if (!isnan(s->D))
        printf(", f(x0)-f* <= %g", s->D);
    printf("\n# DSDP, relative gap tolerance %g: the worst case lies in [value - tol, value]\n", DS_PEP_GAP_TOL);
    printf("# at x0 itself the worst case is %.15g; a value above it means no convergence guarantee\n",
           ds_pep_initial(&o->setup));
}

int ds_cmd_pep(int argc, char **argv)
{
    pep_opts o;
    int rc = parse_opts(argc, argv, &o);
    if (rc)
        return rc > 0 ? DS_EXIT_OK : DS_EXIT_USAGE;
    ds_err err = {0};
    static ds_values spec;
    const ds_optimizer_type *ot = NULL;
    if (ds_optimizer_parse(o.optimizer, &spec, &err) || !(ot = ds_optimizer_find(spec.name))) {
        ds_cli_error("%s", err.msg);
        return DS_EXIT_USAGE;
    }
    size_t n = (size_t)(o.n_hi - o.n_lo + 1);
    double *rows = calloc(n * 5, sizeof(double));
    if (!rows) {
        ds_cli_error("pep: out of memory");
        return DS_EXIT_FAIL;
    }
    int status = DS_EXIT_OK;
    for (long N = o.n_lo; N <= o.n_hi && status == DS_EXIT_OK; N++) {
        ds_pep_result r;
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        if (ds_pep_bound(ot, &spec, &o.setup, N, N, &r, &err)) {
            ds_cli_error("%s (N=%ld)", err.msg, N);
            status = err.code == DS_EINVAL || err.code == DS_ENOTSUP ? DS_EXIT_USAGE : DS_EXIT_FAIL;
            break;
        }
        if (N == o.n_lo) {  /* bad input prints nothing on stdout: the header waits for a value */
            print_head(&o);
            if (n > 1)
                printf("%4s %22s %10s %9s\n", "N", "value", "tol", "seconds");
        }
        double *row = rows + (size_t)(N - o.n_lo) * 5, sec = seconds_since(&t0);
        row[0] = (double)N, row[1] = r.value, row[2] = r.lower, row[3] = r.tol, row[4] = sec;
        /* Worse than the start: the method does not converge from here. */
        const char *note = r.lower > ds_pep_initial(&o.setup) * (1 + 1e-9) ? "  above x0's worst case" : "";
        if (n > 1)
            printf("%4ld %22.15g %10.2g %9.3f%s\n", N, r.value, r.tol, sec, note);
        else
            printf("N=%ld worst %s = %.15g  (tol %.2g, %.3f s)%s\n", N, ds_pep_measure_name(o.setup.measure),
                   r.value, r.tol, sec, note);
    }
    if (status == DS_EXIT_OK && o.out && write_h5(o.out, &o, rows, n)) {
        ds_cli_error("pep: cannot write %s", o.out);
        status = DS_EXIT_FAIL;
    }
    free(rows);
    return status;
}
