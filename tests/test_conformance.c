/* Conformance: walks the registries, so a newly registered problem or
 * optimizer is tested without anyone remembering to add it.
 * Problems: gradient against central differences of f, Hessian-vector
 * products against differences of the gradient, f(x*) = f*, grad f(x*) ~ 0.
 * Optimizers: each, with its default parameters, takes f below 0.9 f(x0)
 * within 500 steps on a well-conditioned quadratic. */
#include <stdlib.h>
#include <string.h>

#include "../bench/run.h"
#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../core/rng.h"
#include "../core/schedule.h"
#include "../core/vec.h"
#include "testutil.h"

/* Small instances for families whose defaults are large; others use their
 * defaults. */
static const char *small_spec(const char *name)
{
    static const struct {
        const char *name, *spec;
    } small[] = {
        {"quadratic", "quadratic:dim=6,kappa=20"},
        {"rosenbrock", "rosenbrock:dim=4"},
    };
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++)
        if (!strcmp(small[i].name, name))
            return small[i].spec;
    return name;
}

/* A point near x0 (x0 + 0.1 * N(0,1)), where most families are smooth. */
static void probe_point(const ds_problem *p, ds_rng *rng, double *x)
{
    for (size_t i = 0; i < p->dim; i++)
        x[i] = p->x0[i] + 0.1 * ds_rng_gaussian(rng);
}

static void check_gradient(ds_problem *p, const double *x, double *g, double *xp)
{
    size_t d = p->dim;
    p->type->grad(p, x, g);
    double scale = 1.0 + ds_nrm2(d, g);
    for (size_t i = 0; i < d && i < 50; i++) {
        double h = 1e-5 * fmax(1.0, fabs(x[i]));
        memcpy(xp, x, d * sizeof *xp);
        xp[i] = x[i] + h;
        double fp = p->type->f(p, xp);
        xp[i] = x[i] - h;
        double fm = p->type->f(p, xp);
        double fd = (fp - fm) / (2 * h);
        if (fabs(fd - g[i]) > 1e-5 * scale)
            fail_msg("%s: d f/d x%zu = %.12g, central difference %.12g", p->canon, i, g[i], fd);
    }
    double f1 = p->type->f(p, x), f2 = ds_problem_fg(p, x, xp);
    assert_close(f2, f1, 1e-13);
    for (size_t i = 0; i < d; i++)
        assert_close(xp[i], g[i], 1e-12 * scale);
}

static void check_hvp(ds_problem *p, const double *x, ds_rng *rng, double *v, double *hv, double *gp,
                      double *gm, double *xp)
{
    size_t d = p->dim;
    for (size_t i = 0; i < d; i++)
        v[i] = ds_rng_gaussian(rng);
    p->type->hvp(p, x, v, hv);
    double h = 1e-5;
    for (size_t i = 0; i < d; i++)
        xp[i] = x[i] + h * v[i];
    p->type->grad(p, xp, gp);
    for (size_t i = 0; i < d; i++)
        xp[i] = x[i] - h * v[i];
    p->type->grad(p, xp, gm);
    double scale = 1.0 + ds_nrm2(d, hv);
    for (size_t i = 0; i < d; i++) {
        double fd = (gp[i] - gm[i]) / (2 * h);
        if (fabs(fd - hv[i]) > 1e-5 * scale)
            fail_msg("%s: (Hv)_%zu = %.12g, difference of gradients %.12g", p->canon, i, hv[i], fd);
    }
}

static void test_problems(void **state)
{
    (void)state;
    ds_rng rng;
    ds_rng_init(&rng, 12345);
    size_t count = 0;
    for (const ds_problem_type *const *t = ds_problems; *t; t++, count++) {
        ds_values v;
        ds_err err = {0};
        ds_problem *p;
        if (ds_problem_parse(small_spec((*t)->name), &v, &err) || ds_problem_new(&v, 1, &p, &err))
            fail_msg("%s: %s", (*t)->name, err.msg);
        size_t d = p->dim;
        double *x = ds_vec_new(d), *g = ds_vec_new(d), *xp = ds_vec_new(d), *v1 = ds_vec_new(d),
               *hv = ds_vec_new(d), *gp = ds_vec_new(d), *gm = ds_vec_new(d);
        assert_true(x && g && xp && v1 && hv && gp && gm);
        for (int trial = 0; trial < 3; trial++) {
            probe_point(p, &rng, x);
            check_gradient(p, x, g, xp);
            check_hvp(p, x, &rng, v1, hv, gp, gm, xp);
        }
        assert_true(p->L > 0);
        assert_true(p->mu >= 0 && p->mu <= p->L);
        if (p->x_star) {
            double f = p->type->f(p, p->x_star);
            assert_close(f, p->f_star, 1e-12);
            p->type->grad(p, p->x_star, g);
            assert_true(ds_nrm2(d, g) <= 1e-9 * (1.0 + p->L));
        } else {
            assert_true((p->flags & DS_UNBOUNDED) || isnan(p->f_star) || isfinite(p->f_star));
        }
        free(x), free(g), free(xp), free(v1), free(hv), free(gp), free(gm);
        ds_problem_free(p);
    }
    assert_true(count >= 2);
    ds_rng_free(&rng);
}

static void test_optimizers_descend(void **state)
{
    (void)state;
    size_t count = 0;
    for (const ds_optimizer_type *const *t = ds_optimizers; *t; t++, count++) {
        static ds_values pv, ov, sv;
        ds_err err = {0};
        const char *prob = ((*t)->flags & DS_OPT_NEEDS_MATRIX) ? "quadratic:dim=12,rows=3,kappa=2"
                                                               : "quadratic:dim=10,kappa=2";
        if (ds_problem_parse(prob, &pv, &err) || ds_optimizer_parse((*t)->name, &ov, &err) ||
            ds_schedule_parse("constant", &sv, &err))
            fail_msg("%s: %s", (*t)->name, err.msg);
        ds_run_spec rs = {.problem = &pv, .optimizer = &ov, .schedule = &sv};
        ds_stop_defaults(&rs.stop);
        rs.stop.max_iters = 500;
        ds_result res;
        if (ds_run(&rs, &res, &err))
            fail_msg("%s: %s", (*t)->name, err.msg);
        if (!(res.f_final < 0.9 * res.f0))
            fail_msg("%s: f went from %g to %g in 500 steps on %s (status %s)", (*t)->name, res.f0,
                     res.f_final, prob, ds_status_name(res.status));
        ds_result_free(&res);
    }
    assert_true(count >= 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_problems),
        cmocka_unit_test(test_optimizers_descend),
    };
    return cmocka_run_group_tests_name("conformance", tests, NULL, NULL);
}
