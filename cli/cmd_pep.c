/* descent pep --optimizer SPEC [--class C] [--L L] [--mu MU] --N N|A:B
 *            [--measure gap|grad2|dist2] [--R R] [--D D] [--full] [--out FILE.h5]
 * The exact worst case of a fixed-step method after N steps over a
 * function class (theory/pep.h): one number, or a table over the horizons
 * A..B (and an HDF5 dataset with --out). Every value carries the solver's
 * tolerance: the true worst case lies in [value - tol, value], each end
 * up to DSDP's feasibility tolerance (1e-9 of the value). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "../core/spec.h"
#include "../theory/pep.h"
#include "cli.h"
#include "opts.h"

typedef struct {
    const char *optimizer, *out;
    ds_pep_setup setup;
    long n_lo, n_hi;
    int have_mu, have_n;
} pep_opts;

static int pep_main(int argc, char **argv);

static const ds_param pep_options[] = {
    {"optimizer", DS_P_STR, NULL, 0, 0, DS_CLI_REQUIRED, "SPEC", "a fixed-step method (DS_OPT_FIXED_STEP)"},
    {"N", DS_P_STR, NULL, 0, 0, DS_CLI_REQUIRED, "N|A:B", "the horizon, or a range of horizons (a table)"},
    {"class", DS_P_STR, "smooth-convex", 0, 0, 0, "smooth-convex|smooth-strongly-convex",
     "the function class (strongly convex needs --mu)"},
    {"L", DS_P_REAL, "1", 0, INFINITY, DS_P_LO_OPEN, NULL, "the smoothness constant"},
    {"mu", DS_P_REAL, "0", 0, INFINITY, 0, NULL, "the strong convexity constant (0 < mu < L)"},
    {"measure", DS_P_STR, "gap", 0, 0, 0, "gap|grad2|dist2",
     "f(x_N) - f*, ||grad f(x_N)||^2 or ||x_N - x*||^2"},
    {"R", DS_P_REAL, "1", 0, INFINITY, DS_P_LO_OPEN, NULL, "the bound on ||x0 - x*||"},
    {"D", DS_P_REAL, NULL, 0, INFINITY, 0, NULL, "adds the initial condition f(x0) - f* <= D"},
    {"full", DS_P_BOOL, "0", 0, 1, 0, NULL,
     "every interpolation condition from the start (no constraint generation; slower)"},
    {"out", DS_P_STR, NULL, 0, 0, DS_CLI_OUT, "FILE.h5", "with --N A:B, the table as dataset /pep of FILE.h5"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

const ds_cli_cmd ds_cli_pep = {
    "pep", "the exact worst case of a fixed-step method over a function class (an SDP)", NULL, 0, 0,
    "The exact worst case, over the class, of a fixed-step method after N steps from\n"
    "||x0 - x*|| <= R (performance estimation: an SDP solved by DSDP). A:B prints a table.\n"
    "Each value is followed by its tolerance: the worst case lies in [value - tol, value]\n"
    "(each end up to DSDP's feasibility tolerance, 1e-9 of the value).",
    pep_options, "descent pep --optimizer gd:lr=1/L --N 1:30", pep_main};

/* A horizon: a whole number in [1, 1000]. */
static int horizon(const char *text, long *out)
{
    if (ds_parse_long(text, out) || *out < 1 || *out > 1000) {
        ds_cli_error("--N %s: expected a whole number in [1, 1000]", text);
        return -1;
    }
    return 0;
}

static int parse_range(const char *text, pep_opts *o)
{
    const char *colon = strchr(text, ':');
    char lo[32];
    if (!colon)
        return horizon(text, &o->n_lo) || horizon(text, &o->n_hi);
    size_t k = (size_t)(colon - text);
    if (k == 0 || k >= sizeof lo) {
        ds_cli_error("--N %s: expected N or A:B", text);
        return -1;
    }
    memcpy(lo, text, k);
    lo[k] = '\0';
    if (horizon(lo, &o->n_lo) || horizon(colon + 1, &o->n_hi))
        return -1;
    if (o->n_hi < o->n_lo) {
        ds_cli_error("--N %s: the range must not be empty", text);
        return -1;
    }
    return 0;
}

static int parse_opts(int argc, char **argv, pep_opts *o)
{
    ds_cli_args a;
    int rc = ds_cli_parse(&ds_cli_pep, argc, argv, &a);
    *o = (pep_opts){.setup = {.cls = DS_PEP_SMOOTH_CONVEX, .L = 1, .measure = DS_PEP_GAP, .R = 1, .D = NAN}};
    ds_err err = {0};
    ds_pep_setup *s = &o->setup;
    if (!rc) {
        o->optimizer = ds_arg_str(&a, "optimizer");
        o->out = ds_arg_str(&a, "out");
        s->L = ds_arg_num(&a, "L");
        s->mu = ds_arg_num(&a, "mu");
        s->R = ds_arg_num(&a, "R");
        o->have_mu = ds_arg_given(&a, "mu");
        if (ds_arg_given(&a, "D"))
            s->D = ds_arg_num(&a, "D");
        s->rows = ds_arg_on(&a, "full") ? DS_PEP_ROWS_FULL : DS_PEP_ROWS_GENERATE;
        o->have_n = 1;
        if (ds_pep_class_parse(ds_arg_str(&a, "class"), &s->cls, &err) ||
            ds_pep_measure_parse(ds_arg_str(&a, "measure"), &s->measure, &err)) {
            ds_cli_error("%s", err.msg);
            rc = -1;
        } else if (parse_range(ds_arg_str(&a, "N"), o)) {
            rc = -1;
        }
    }
    ds_cli_args_free(&a);  /* the strings kept point into argv */
    if (rc)
        return rc;
    if (o->out && o->n_lo == o->n_hi) {
        ds_cli_error("pep: --out writes a table: give --N as a range A:B");
        return -1;
    }
    if (o->setup.cls == DS_PEP_SMOOTH_STRONGLY_CONVEX && !o->have_mu) {
        ds_cli_error("pep: --class smooth-strongly-convex needs --mu");
        return -1;
    }
    return 0;
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
    printf("\n# DSDP, relative gap tolerance %g: the worst case lies in [value - tol, value] (each end up "
           "to 1e-9 of the value: DSDP's feasibility tolerance)\n", DS_PEP_GAP_TOL);
    printf("# at x0 itself the worst case is %.15g; a value above it means no convergence guarantee\n",
           ds_pep_initial(&o->setup));
}

/* The note after a value: "not convergent" when its lower end exceeds x0's
 * worst case and the worst case one step earlier (prev, NAN when unknown),
 * "above x0's worst case" when it exceeds x0's alone (a convergent method
 * may start so: triple_momentum at N = 1). */
static const char *growth_note(const pep_opts *o, const ds_pep_result *r, double prev)
{
    double x0 = ds_pep_initial(&o->setup), low = r->value - r->tol;
    if (!(low > x0 * (1 + 1e-9)))
        return "";
    if (low > prev * (1 + 1e-9))
        return "  NOT CONVERGENT: above x0's worst case and growing with N";
    return "  above x0's worst case";
}

/* The worst case one step before N, for a single value above x0's. */
static double before(const ds_optimizer_type *ot, const ds_values *spec, const pep_opts *o, long N)
{
    ds_pep_result r;
    ds_err err = {0};
    if (N < 2 || ds_pep_bound(ot, spec, &o->setup, N - 1, N - 1, &r, &err))
        return NAN;
    return r.value;
}

static int pep_main(int argc, char **argv)
{
    pep_opts o;
    int rc = parse_opts(argc, argv, &o);
    if (rc)
        return rc > 0 ? DS_EXIT_OK : DS_EXIT_USAGE;
    ds_err err = {0};
    ds_values spec;
    const ds_optimizer_type *ot = NULL;
    if (ds_optimizer_parse(o.optimizer, &spec, &err) || !(ot = ds_optimizer_find(spec.name))) {
        ds_values_free(&spec);
        ds_cli_error("%s", err.msg);
        return DS_EXIT_USAGE;
    }
    size_t n = (size_t)(o.n_hi - o.n_lo + 1);
    double *rows = calloc(n * 5, sizeof(double));
    if (!rows) {
        ds_values_free(&spec);
        ds_cli_error("pep: out of memory");
        return DS_EXIT_FAIL;
    }
    int status = DS_EXIT_OK;
    double prev = NAN;
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
        if (n == 1 && r.lower > ds_pep_initial(&o.setup))
            prev = before(ot, &spec, &o, N);
        const char *note = growth_note(&o, &r, prev);
        prev = r.value;
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
    ds_values_free(&spec);
    return status;
}
