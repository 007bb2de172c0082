/* The standard composition of a run: the engine (engine/run.h) with the
 * trajectory recorder into res->trace, the theory tracker when rs->track
 * is set, then the observers rs lists. What the commands, bench, verify,
 * lrfind, perf and the tests call. */
#ifndef DS_RUNNER_H
#define DS_RUNNER_H

#include "../engine/run.h"

/* As ds_engine_run, with res->trace recorded (and tracked when rs->track). */
int ds_run(const ds_run_spec *rs, ds_result *res, ds_err *err);

#endif
