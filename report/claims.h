/* Claims checked against runs: each [claim NAME] section of a suite
 * (suites/README.md) measured on the suite's results and compared with the
 * value its source quotes, and the page that reports them
 * (DIR/<suite>.md, e.g. results/course.md): the suite's `page =` template
 * with every {{NAME}} replaced by what was measured. */
#ifndef DS_CLAIMS_H
#define DS_CLAIMS_H

#include <stddef.h>
#include <stdio.h>

#include "../core/error.h"
#include "../engine/run.h"
#include "../harness/suite.h"

enum { DS_VERDICT_MEASURED = 0, DS_VERDICT_AGREES, DS_VERDICT_DISAGREES };

typedef struct ds_claim_value {
    double value;     /**< the measurement: the runs' values combined by the claim's stat */
    char status[32];  /**< column status: the runs' common status, "mixed" when they differ */
    size_t runs;      /**< runs measured */
    int verdict;      /**< DS_VERDICT_*: measured only (no quoted value), agrees, disagrees */
} ds_claim_value;

/* Measure claim c on the suite's results res[0..n) and compare. DS_EINVAL
 * naming the run when a selected run lacks what the claim reads (no
 * record at iteration `at`, no coordinate x3 in 2-D), or when res holds
 * none of the runs the claim selects (a shard). */
int ds_claim_measure(const ds_suite *s, const ds_suite_claim *c, const ds_result *res, size_t n, ds_claim_value *out,
                     ds_err *err);

/* The page: tmpl with {{claims}} replaced by the summary table of every
 * claim (what the source says, the quoted value, the measurement, the
 * comparison, the verdict), {{NAME}} by claim NAME's measurement,
 * {{NAME.quoted}}, {{NAME.verdict}} and {{NAME.runs}} by its quoted value,
 * verdict and number of runs. v[i] is claim i's. DS_EINVAL naming the
 * template's line for a {{...}} that names no claim. */
int ds_claims_page(const ds_suite *s, const ds_claim_value *v, const char *tmpl, FILE *out, ds_err *err);

/* Measure every claim and write DIR/<suite>.md from the suite's template
 * (read from the current directory), through a temporary file renamed
 * into place. */
int ds_claims_write(const ds_suite *s, const ds_result *res, size_t n, const char *dir, ds_err *err);

#endif
