/* Suite files: the problems, optimizer configurations (with parameter
 * grids), schedules, seeds and budgets of a benchmark, and the tables it
 * feeds. INI, read by libinih; the format is documented in suites/README.md.
 *
 * A suite is validated as a whole before anything runs; the first bad line
 * gives one message "FILE:LINE: key = value: what is wrong". Expanded, it
 * is a list of runs sorted by run id, so the work list does not depend on
 * the order the file was written in. */
#ifndef DS_SUITE_H
#define DS_SUITE_H

#include <stddef.h>
#include <stdint.h>

#include "../core/error.h"
#include "../core/spec.h"
#include "../engine/run.h"

#define DS_SUITE_MAX_EXPAND 4096  /**< alternatives one grid line may expand to */
#define DS_SUITE_MAX_LABELS 64    /**< optimizer labels a problem section may restrict to */
#define DS_SUITE_MAX_SPECS 16384  /**< configurations all spec lines together may expand to */
#define DS_SUITE_MAX_RUNS 1000000 /**< runs a suite may list */
#define DS_SUITE_MAX_BYTES (4 << 20) /**< size of a suite file */

/* One expanded spec: a problem, optimizer or schedule configuration. */
typedef struct ds_suite_spec {
    ds_values v;
    char canon[DS_CANON_MAX];
    int line;        /**< the line it was written on */
    size_t section;  /**< index of its section (problems or optimizers) */
} ds_suite_spec;

/* A [problem NAME] or [optimizer NAME] section. */
typedef struct ds_suite_section {
    char label[DS_NAME_MAX];
    int line;
    ds_stop stop;              /**< problems: the suite's budget with this section's overrides */
    long log_every;
    unsigned set;              /**< problems: which budget keys the section overrides */
    size_t nallow;             /**< problems: optimizer labels it is restricted to (0 = all) */
    char allow[DS_SUITE_MAX_LABELS][DS_NAME_MAX];
    int allow_line;
} ds_suite_section;

/* One run of the suite (indices into the suite's spec arrays). */
typedef struct ds_suite_run {
    size_t problem, optimizer, schedule;
    uint64_t seed, id;
} ds_suite_run;

typedef struct ds_suite {
    char path[1024];
    char name[DS_NAME_MAX];
    char *text;                 /**< the file as read (provenance) */
    uint64_t seed;              /**< suite seed, mixed into every run's stream */
    long seeds, first_seed;
    ds_stop stop;               /**< suite-wide budget */
    long log_every;
    char tables[512], figures[512];  /**< comma-separated names, as validated */

    ds_suite_section *psec, *osec;
    size_t npsec, nosec;
    /* Expanded specs. A schedule's `section` is its optimizer section: the
     * configurations of an optimizer section run under each of its
     * schedules (`constant` when it names none). */
    ds_suite_spec *problems, *optimizers, *schedules;
    size_t nproblems, noptimizers, nschedules;

    ds_suite_run *runs;         /**< sorted by id */
    size_t nruns;
} ds_suite;

/* Table names `tables =` accepts, NULL-terminated. */
extern const char *const ds_suite_table_names[];
extern const char *const ds_suite_figure_names[];

/* Read, validate and expand a suite file. On error the suite is empty and
 * err holds "PATH:LINE: ..." (DS_EINVAL) or a read failure (DS_EIO). */
int ds_suite_load(const char *path, ds_suite *s, ds_err *err);

/* The same from text in memory (path only names it in messages). */
int ds_suite_parse(const char *path, const char *text, ds_suite *s, ds_err *err);

void ds_suite_free(ds_suite *s);

/* The budget of a run (its problem section's). */
const ds_suite_section *ds_suite_run_section(const ds_suite *s, const ds_suite_run *r);

/* Expand the grids of one spec text: each `{a,b,c}` group stands for its
 * alternatives, several groups for their product, in the order written.
 * *out is an array of *n strings (free with ds_grid_free). */
int ds_grid_expand(const char *text, char ***out, size_t *n, ds_err *err);
void ds_grid_free(char **items, size_t n);

/* 1 when the comma- or space-separated list contains name. */
int ds_name_in_list(const char *list, const char *name);

#endif
