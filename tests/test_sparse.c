/* Sparse storage: CSR loading of a LIBSVM file against the dense reader,
 * sparse against dense lstsq and logreg on the same data (f, gradients,
 * mini-batch gradients, Hessian-vector products, f*, x*), L against the
 * exact lambda_max, the certificate f - f* <= ||g||^2/(2 mu), synthetic
 * sparse data against finite differences, and the refusals. The d = 10^6
 * end-to-end run is in `make perf` (report/perf.c), too slow for here. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "../core/csr.h"
#include "../core/data.h"
#include "../core/problem.h"
#include "../core/vec.h"
#include "../report/scaling.h"

static ds_problem *make(const char *spec)
{
    ds_values v = {.n = 0};
    ds_err err = {0};
    ds_problem *p = NULL;
    if (ds_problem_parse(spec, &v, &err) || ds_problem_new(&v, 1, &p, &err))
        fail_msg("%s: %s", spec, err.msg);
    ds_values_free(&v);
    return p;
}

static int refuses(const char *spec, const char *what)
{
    ds_values v = {.n = 0};
    ds_err err = {0};
    ds_problem *p = NULL;
    int rc = ds_problem_parse(spec, &v, &err);
    if (!rc)
        rc = ds_problem_new(&v, 1, &p, &err);
    ds_problem_free(p);
    if (!rc || !strstr(err.msg, what))
        fail_msg("%s: rc %d, message '%s', expected '%s'", spec, rc, err.msg, what);
    ds_values_free(&v);
    return 1;
}

/* ||a - b|| <= tol ||b|| */
static void assert_vec_rel(const double *a, const double *b, size_t n, double tol)
{
    double e = 0, s = 0;
    for (size_t i = 0; i < n; i++) {
        e += (a[i] - b[i]) * (a[i] - b[i]);
        s += b[i] * b[i];
    }
    if (!(sqrt(e) <= tol * sqrt(s)))
        fail_msg("||a - b|| = %.3g, ||b|| = %.3g (rel tol %g)", sqrt(e), sqrt(s), tol);
}

static void test_csr_load(void **state)
{
    (void)state;
    ds_data dn, ds;
    ds_err err = {0};
    assert_int_equal(ds_data_load("heart_scale", &dn, &err), DS_OK);
    assert_int_equal(ds_data_load_csr("heart_scale", &ds, &err), DS_OK);
    assert_null(ds.X);
    assert_int_equal(ds.csr.n, dn.n);
    assert_int_equal(ds.csr.d, dn.d);
    assert_int_equal(ds.csr.nnz, ds.nnz);
    assert_int_equal(ds.csr.rowptr[ds.csr.n], ds.nnz);
    /* every entry where the dense matrix has it, the rest of it zero */
    double *row = calloc(dn.d, sizeof *row);
    size_t zeros = 0;
    for (size_t i = 0; i < dn.n; i++) {
        memset(row, 0, dn.d * sizeof *row);
        for (size_t k = ds.csr.rowptr[i]; k < ds.csr.rowptr[i + 1]; k++) {
            if (k > ds.csr.rowptr[i])
                assert_true(ds.csr.col[k] > ds.csr.col[k - 1]);
            row[ds.csr.col[k]] = ds.csr.val[k];
        }
        assert_memory_equal(row, dn.X + i * dn.d, dn.d * sizeof *row);
        assert_true(ds.y[i] == dn.y[i]);
        for (size_t j = 0; j < dn.d; j++)
            zeros += dn.X[i * dn.d + j] == 0;
    }
    assert_true(ds.nnz + zeros >= dn.n * dn.d - 0 && ds.nnz < dn.n * dn.d);
    free(row);
    ds_data_free(&dn);
    ds_data_free(&ds);
    ds_data csv;
    assert_int_equal(ds_data_load_csr("breast_cancer", &csv, &err), DS_EINVAL);
    assert_non_null(strstr(err.msg, "LIBSVM"));
}

/* The same data dense and sparse: every evaluation agrees to rounding,
 * and so do the reference solutions. */
static void agree(const char *base)
{
    char sd[256], ss[256];
    snprintf(sd, sizeof sd, "%s,format=dense", base);
    snprintf(ss, sizeof ss, "%s,format=csr", base);
    ds_problem *pd = make(sd), *ps = make(ss);
    size_t d = pd->dim;
    assert_int_equal(ps->dim, d);
    assert_int_equal(ps->n, pd->n);
    double *x = malloc(d * sizeof *x), *gd = malloc(d * sizeof *gd), *gs = malloc(d * sizeof *gs);
    double *v = malloc(d * sizeof *v);
    size_t idx[5] = {3, 250, 7, 7, 100};
    for (int t = 0; t < 3; t++) {
        for (size_t j = 0; j < d; j++) {
            x[j] = sin(1.0 + (double)(j + 13 * t)) * (t + 0.5);
            v[j] = cos((double)(3 * j + t));
        }
        assert_rel(ds_problem_fg(ps, x, gs), ds_problem_fg(pd, x, gd), 1e-13);
        assert_vec_rel(gs, gd, d, 1e-13);
        assert_rel(ps->type->fg_batch(ps, x, idx, 5, gs), pd->type->fg_batch(pd, x, idx, 5, gd), 1e-13);
        assert_vec_rel(gs, gd, d, 1e-13);
        ps->type->hvp(ps, x, v, gs);
        pd->type->hvp(pd, x, v, gd);
        assert_vec_rel(gs, gd, d, 1e-13);
    }
    assert_rel(ps->f_star, pd->f_star, 1e-12);
    assert_vec_rel(ps->x_star, pd->x_star, d, 1e-12);
    /* the certificate bounds the gap to the dense (direct) f*, and is tiny */
    assert_true(ps->f_star_cert >= 0 && ps->f_star_cert < 1e-20);
    assert_true(ps->f_star - pd->f_star <= ps->f_star_cert + 1e-15 * fabs(pd->f_star));
    /* dense lstsq's f* is direct (no certificate); dense logreg's comes
     * from Newton-CG with the same kind of certificate, as tight */
    if (!strncmp(base, "logreg", 6))
        assert_true(pd->f_star_cert >= 0 && pd->f_star_cert < 1e-20);
    else
        assert_true(isnan(pd->f_star_cert));
    /* L: the power estimate x 1.01 bounds the exact lambda_max from above, by at most 1% */
    assert_true(ps->L >= pd->L && ps->L <= 1.0101 * pd->L);
    /* mu = lambda: a lower bound of the exact strong convexity */
    assert_true(ps->mu <= pd->mu);
    /* the certificate's inequality at points far from x*: f - f* <= ||g||^2/(2 mu) */
    for (int t = 0; t < 3; t++) {
        for (size_t j = 0; j < d; j++)
            x[j] = pd->x_star[j] + 0.3 * sin((double)(7 * j + t));
        double f = ds_problem_fg(ps, x, gs), g2 = ds_dot(d, gs, gs);
        assert_true(f - pd->f_star <= g2 / (2 * ps->mu));
    }
    free(x);
    free(gd);
    free(gs);
    free(v);
    ds_problem_free(pd);
    ds_problem_free(ps);
}

static void test_dense_agreement(void **state)
{
    (void)state;
    agree("logreg:data=heart_scale,lambda=1e-2");
    agree("logreg:data=heart_scale,lambda=1e-3,intercept=1");
    agree("lstsq:data=heart_scale,lambda=1e-2");
    agree("lstsq:data=heart_scale,lambda=1e-2,intercept=1,mse=1");
}

/* Synthetic sparse rows: exact count of entries, gradient and Hessian-
 * vector products against central differences, the full mini-batch equal
 * to the full gradient, and the certificate at the reference point. */
static void synthetic(const char *spec, size_t n, size_t k)
{
    ds_problem *p = make(spec);
    size_t d = p->dim;
    double *x = malloc(d * sizeof *x), *g = malloc(d * sizeof *g), *gb = malloc(d * sizeof *gb);
    double *e = calloc(d, sizeof *e), *hv = malloc(d * sizeof *hv), *g1 = malloc(d * sizeof *g1);
    double *g2 = malloc(d * sizeof *g2);
    size_t *idx = malloc(n * sizeof *idx);
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    for (size_t j = 0; j < d; j++)
        x[j] = 0.5 * sin((double)j);
    double f = ds_problem_fg(p, x, g);
    assert_rel(p->type->fg_batch(p, x, idx, n, gb), f, 1e-14);
    assert_vec_rel(gb, g, d, 1e-14);
    double h = 1e-5;
    for (size_t j = 0; j < d; j += d / 7 + 1) {
        e[j] = h;
        double xp[1];
        (void)xp;
        for (size_t t = 0; t < d; t++)
            gb[t] = x[t] + e[t];
        double fp = p->type->f(p, gb);
        for (size_t t = 0; t < d; t++)
            gb[t] = x[t] - e[t];
        double fm = p->type->f(p, gb);
        assert_close((fp - fm) / (2 * h), g[j], 1e-7);
        /* column j of the Hessian against differences of the gradient */
        e[j] = 1.0;
        p->type->hvp(p, x, e, hv);
        for (size_t t = 0; t < d; t++)
            gb[t] = x[t] + h * e[t];
        ds_problem_fg(p, gb, g1);
        for (size_t t = 0; t < d; t++)
            gb[t] = x[t] - h * e[t];
        ds_problem_fg(p, gb, g2);
        for (size_t t = 0; t < d; t++)
            assert_close((g1[t] - g2[t]) / (2 * h), hv[t], 1e-6);
        e[j] = 0.0;
    }
    ds_problem_fg(p, p->x_star, g);
    double gn = ds_nrm2(d, g);
    assert_true(gn * gn / (2 * p->mu) <= p->f_star_cert * (1 + 1e-12) + 1e-300);
    assert_true(p->f_star_cert < 1e-18);
    (void)k;
    free(x);
    free(g);
    free(gb);
    free(e);
    free(hv);
    free(g1);
    free(g2);
    free(idx);
    ds_problem_free(p);
}

/* A small mini-batch (its columns finished through a sort, since the
 * batch has far fewer entries than d): every coordinate against central
 * differences of the batch's f, and the columns outside the batch exactly
 * lambda x_j (lambda = the problem's, passed in). */
static void small_batch(const char *spec, double lambda)
{
    ds_problem *p = make(spec);
    size_t d = p->dim, idx[3] = {3, 8, 3};
    double *x = malloc(d * sizeof *x), *g = malloc(d * sizeof *g), *gt = malloc(d * sizeof *gt),
           *xt = malloc(d * sizeof *xt);
    for (size_t j = 0; j < d; j++)
        x[j] = 0.5 * cos((double)(3 * j));
    p->type->fg_batch(p, x, idx, 3, g);
    size_t touched = 0;
    double h = 1e-5;
    for (size_t j = 0; j < d; j++) {
        ds_copy(d, x, xt);
        xt[j] = x[j] + h;
        double fp = p->type->fg_batch(p, xt, idx, 3, gt);
        xt[j] = x[j] - h;
        double fm = p->type->fg_batch(p, xt, idx, 3, gt);
        assert_close((fp - fm) / (2 * h), g[j], 1e-7);
        double lx = 0.0 + lambda * x[j];
        touched += memcmp(&g[j], &lx, sizeof lx) != 0;
    }
    /* three rows (one twice) of a few entries each touch a few columns */
    assert_true(touched > 0 && touched <= 3 * 20);
    free(x);
    free(g);
    free(gt);
    free(xt);
    ds_problem_free(p);
}

static void test_synthetic(void **state)
{
    (void)state;
    synthetic("lstsq:n=400,d=300,density=0.02,lambda=0.1", 400, 6);
    synthetic("logreg:n=500,d=3000,density=0.003,lambda=1e-3", 500, 9);
    small_batch("lstsq:n=400,d=300,density=0.02,lambda=0.1", 0.1);
    small_batch("logreg:n=500,d=3000,density=0.003,lambda=1e-3", 1e-3);
    /* the same spec and seed: the same instance, bit for bit */
    ds_problem *a = make("logreg:n=300,d=5000,density=0.002,lambda=1e-3"),
               *b = make("logreg:n=300,d=5000,density=0.002,lambda=1e-3");
    assert_memory_equal(a->x_star, b->x_star, a->dim * sizeof(double));
    assert_true(a->f_star == b->f_star && a->L == b->L);
    ds_problem_free(a);
    ds_problem_free(b);
}

static void test_refusals(void **state)
{
    (void)state;
    refuses("lstsq:n=100,d=50,density=0.1", "lambda > 0");
    refuses("lstsq:n=100,d=50,density=0.1,lambda=1,format=dense", "density=0.1 needs sparse storage");
    refuses("logreg:data=breast_cancer,format=csr", "LIBSVM");
    refuses("logreg:data=heart_scale,format=csr,standardize=1", "standardize=1");
    refuses("logreg:n=100,d=50,density=0.1,rho=0.5", "rho");
}

/* The scaling study's fitted exponent: exact on a power law, and the
 * least-squares slope of two points otherwise. */
static void test_exponent(void **state)
{
    (void)state;
    double x[4] = {1e3, 1e4, 3e5, 1e7}, y[4];
    for (int i = 0; i < 4; i++)
        y[i] = 3e-9 * pow(x[i], 1.5);
    assert_close(ds_scaling_exponent(x, y, 4), 1.5, 1e-12);
    double a[2] = {2, 8}, b[2] = {5, 10};
    assert_close(ds_scaling_exponent(a, b, 2), 0.5, 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csr_load),
        cmocka_unit_test(test_dense_agreement),
        cmocka_unit_test(test_synthetic),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_exponent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
