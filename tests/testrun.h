/* One run for a test: problem x optimizer under the constant schedule,
 * seed 1, a record every step, optionally with the theory tracker; any
 * error fails the test with the specs and the message. */
#ifndef DS_TESTRUN_H
#define DS_TESTRUN_H

#include "testutil.h"

#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../core/schedule.h"
#include "../harness/runner.h"

static inline void tu_run(const char *prob, const char *opt, long iters, int track, ds_result *res)
{
    ds_values pv = {.n = 0}, ov = {.n = 0}, sv = {.n = 0};
    ds_err err = {0};
    if (ds_problem_parse(prob, &pv, &err) || ds_optimizer_parse(opt, &ov, &err) ||
        ds_schedule_parse("constant", &sv, &err))
        fail_msg("parse %s / %s: %s", prob, opt, err.msg);
    ds_run_spec rs = {.problem = &pv, .optimizer = &ov, .schedule = &sv, .seed = 1, .log_every = 1, .track = track};
    ds_stop_defaults(&rs.stop);
    rs.stop.max_iters = iters;
    if (ds_run(&rs, res, &err))
        fail_msg("run %s / %s: %s", prob, opt, err.msg);
    ds_values_free(&pv);
    ds_values_free(&ov);
    ds_values_free(&sv);
}

#endif
