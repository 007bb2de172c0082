/* Conformance: walks the optimizer registry, so a newly registered method
 * is tested without anyone remembering to add it (the problem registry is
 * walked by test_problems.c).
 * Optimizers: each, with its default parameters, takes f below 0.9 f(x0)
 * within 500 steps on a well-conditioned quadratic. */
#include <stdlib.h>
#include <string.h>

#include "../bench/run.h"
#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../core/schedule.h"
#include "../core/vec.h"
#include "testutil.h"

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
        cmocka_unit_test(test_optimizers_descend),
    };
    return cmocka_run_group_tests_name("conformance", tests, NULL, NULL);
}
