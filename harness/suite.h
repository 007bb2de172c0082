/* Suite files: the problems, optimizer configurations (with parameter
 * grids), schedules, seeds and budgets of a benchmark, the tables it feeds and the
 * figures it draws. INI, read by libinih; the format is documented in suites/README.md.
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
    int allow_line[DS_SUITE_MAX_LABELS];  /**< the line each name was written on */
    long seeds, first_seed;    /**< problems: the seeds its runs take (the suite's unless overridden) */
} ds_suite_section;

/* One run of the suite (indices into the suite's spec arrays). */
typedef struct ds_suite_run {
    size_t problem, optimizer, schedule;
    uint64_t seed, id;
    int first_seed;  /**< 1 for the first seed of its configuration (set up once to validate it) */
} ds_suite_run;

#define DS_SUITE_MAX_REFS 64   /**< run references one figure may name */
#define DS_SUITE_ALL ((size_t)-1)  /**< a reference to every optimizer of a problem section */

/* A reference to runs: a problem section, and one of its optimizer
 * sections or all of them (DS_SUITE_ALL). Written PROBLEM or PROBLEM/OPTIMIZER. */
typedef struct ds_suite_ref {
    size_t psec, osec;
} ds_suite_ref;

/* A [figure NAME] section: the gnuplot script that draws it and the runs
 * it reads (suites/README.md). */
typedef struct ds_suite_figure {
    char name[DS_NAME_MAX];
    char script[1024];
    int line, script_line;
    size_t nrefs;
    ds_suite_ref refs[DS_SUITE_MAX_REFS];
    char ref_text[DS_SUITE_MAX_REFS][2 * DS_NAME_MAX];
    int ref_line[DS_SUITE_MAX_REFS];
} ds_suite_figure;

/* What a claim compares its measurement with the quoted value by. */
enum { DS_CLAIM_NONE = 0,  /**< no quoted value: the page shows the measurement */
       DS_CLAIM_EQUAL,     /**< |measured - quoted| <= tolerance (relative when written N%) */
       DS_CLAIM_AT_MOST,   /**< measured <= quoted */
       DS_CLAIM_AT_LEAST,  /**< measured >= quoted */
       DS_CLAIM_STATUS };  /**< every selected run ends with the quoted status */

/* How the runs' values combine into the measurement. */
enum { DS_CLAIM_MEDIAN = 0, DS_CLAIM_MIN, DS_CLAIM_MAX };

/* A [claim NAME] section: a number a source quotes, the runs and column
 * that measure it, and how the two are compared (suites/README.md). */
typedef struct ds_suite_claim {
    char name[DS_NAME_MAX];
    int line;
    char text[512];             /**< what the source says, in its words */
    char quoted[64];            /**< the quoted value as written ("" = none) */
    double quoted_v;            /**< the quoted value (NaN for a status) */
    int kind;                   /**< DS_CLAIM_* comparison */
    double tol;                 /**< DS_CLAIM_EQUAL's tolerance */
    int tol_rel;                /**< 1: tol is relative to |quoted| */
    char ref_text[2 * DS_NAME_MAX];
    ds_suite_ref ref;           /**< the runs: PROBLEM or PROBLEM/OPTIMIZER */
    int ref_line;
    /* canonical specs the runs must have ("" = any), as the suite's own */
    char problem[DS_CANON_MAX], optimizer[DS_CANON_MAX], schedule[DS_CANON_MAX];
    long seed;                  /**< -1: every seed */
    char column[32];            /**< what is measured (ds_suite_claim_columns) */
    long at;                    /**< the record of this iteration; -1: the last */
    double gap;                 /**< column iters-to-gap: the relative gap */
    int stat;                   /**< DS_CLAIM_MEDIAN, MIN or MAX over the runs */
    int digits;                 /**< significant digits on the page */
} ds_suite_claim;

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

    ds_suite_figure *figs;      /**< [figure NAME] sections, in the order written */
    size_t nfigs;

    ds_suite_claim *claims;     /**< [claim NAME] sections, in the order written */
    size_t nclaims;
    char page[1024];            /**< the claims page's template (`page =`), "" = none */
    int page_line;
} ds_suite;

/* Table names `tables =` accepts, NULL-terminated. */
extern const char *const ds_suite_table_names[];
extern const char *const ds_suite_figure_names[];
/* Columns a claim may measure, NULL-terminated: a record's iter, f, f_gap,
 * grad_norm, lr, epochs, dist, x1, x2, x3, rel_gap ((f - f*)/(f0 - f*)),
 * rate (f_gap over the record before's); a run's steps, status, L, mu,
 * f_star, iters-to-gap (iterations to the relative gap `gap`, inf when
 * never). */
extern const char *const ds_suite_claim_columns[];

/* Read, validate and expand a suite file. On error the suite is empty and
 * err holds "PATH:LINE: ..." (DS_EINVAL) or a read failure (DS_EIO). The
 * figures' scripts must be readable (ds_suite_check_scripts). */
int ds_suite_load(const char *path, ds_suite *s, ds_err *err);

/* The same from text in memory (path only names it in messages). */
int ds_suite_parse(const char *path, const char *text, ds_suite *s, ds_err *err);

void ds_suite_free(ds_suite *s);

/* DS_EINVAL "PATH:LINE: script = ...: cannot read it" for the first figure
 * whose script (or the claims page's template) cannot be read from the
 * current directory. ds_suite_parse does not check: a result file's suite
 * is read back wherever it is. */
int ds_suite_check_scripts(const ds_suite *s, ds_err *err);

/* The budget of a run (its problem section's). */
const ds_suite_section *ds_suite_run_section(const ds_suite *s, const ds_suite_run *r);

/* Resolve a run reference "PROBLEM" or "PROBLEM/OPTIMIZER" (section
 * labels of the suite). DS_EINVAL, with a "did you mean", for a label the
 * suite does not have or a pair that has no runs. */
int ds_suite_ref_parse(const ds_suite *s, const char *text, ds_suite_ref *ref, ds_err *err);

/* 1 when run r is one of the runs ref names. */
int ds_suite_ref_has(const ds_suite *s, const ds_suite_ref *ref, const ds_suite_run *r);

/* 1 when result r is one of the runs claim c selects (its section
 * reference, specs and seed). */
int ds_suite_claim_has(const ds_suite *s, const ds_suite_claim *c, const ds_result *r);

/* The figure section called name, or NULL. */
const ds_suite_figure *ds_suite_figure_find(const ds_suite *s, const char *name);

/* Expand the grids of one spec text: each `{a,b,c}` group stands for its
 * alternatives, several groups for their product, in the order written.
 * *out is an array of *n strings (free with ds_grid_free). */
int ds_grid_expand(const char *text, char ***out, size_t *n, ds_err *err);
void ds_grid_free(char **items, size_t n);

/* 1 when the comma- or space-separated list contains name. */
int ds_name_in_list(const char *list, const char *name);

#endif
