/* Theory checks of runs: the bridge from the runner's ds_result to
 * theory's view of a run, the theory battery (the problems `verify` runs an
 * optimizer on), and the checks of one optimizer on it. */
#ifndef DS_VERIFY_H
#define DS_VERIFY_H

#include <stddef.h>

#include "../core/error.h"
#include "../theory/theorem.h"
#include "../engine/run.h"

/* theory's view of a run; points into res (which must outlive it). */
void ds_th_run_from_result(const ds_result *res, long horizon, ds_th_run *out);

/* One problem of the battery. */
typedef struct ds_battery_entry {
    const char *label;  /**< short name in tables */
    const char *spec;   /**< problem spec; a family absent from the catalog is skipped */
    long iters;         /**< step budget (the horizon N); a family parameter N is set to it */
    int seeds;          /**< > 1 for stochastic problems (theorems on the mean) */
    const char *schedule; /**< the step-size schedule; NULL: constant */
    const char *sampling; /**< optimizer options the instance needs unless given (NULL: none) */
} ds_battery_entry;

extern const ds_battery_entry ds_battery[];
extern const size_t ds_battery_count;

/* One checked (theorem, problem, optimizer). */
typedef struct ds_verify_row {
    char optimizer[DS_CANON_MAX];
    const char *problem;        /**< battery label */
    ds_check check;
} ds_verify_row;

typedef struct ds_verify_report {
    ds_verify_row *rows;
    size_t n, cap;
    size_t claimed_fail;        /**< claimed theorems violated (or not reproduced) */
    size_t other_fail;          /**< applicable, unclaimed theorems violated */
    char skipped[4096];         /**< "problem: why" for runs that could not start */
    size_t diverged;            /**< problems where a run diverged inside the class of one of
                                     the method's own theorems (claimed or not) */
    char diverged_runs[4096];   /**< "problem: seed s diverged at t=..., in the class of ID" */
} ds_verify_report;

/* Run the optimizer (spec text) on the battery and check every theorem:
 * those its table claims (claimed = 1) and extra_claims[0..nextra) (forced,
 * claimed = 2), the
 * rest where they apply. Rows are appended to rep. only_entry >= 0 runs one
 * battery entry (tests). */
int ds_verify_optimizer(const char *opt_spec, const char *const *extra_claims, size_t nextra,
                        long only_entry, ds_verify_report *rep, ds_err *err);

void ds_verify_report_free(ds_verify_report *rep);

#endif
