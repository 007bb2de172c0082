/* Tables of a suite's results, each written as Markdown, CSV and LaTeX
 * (DIR/<suite>_<table>.md/.csv/.tex), and the data gnuplot draws from
 * (DIR/data/<suite>_<what>.dat, whitespace columns, one block per
 * configuration separated by two blank lines: gnuplot's `index`). */
#ifndef DS_TABLES_H
#define DS_TABLES_H

#include <stddef.h>
#include <stdio.h>

#include "../core/error.h"
#include "../engine/run.h"

/* What a cell holds, which decides how each format prints it: text as
 * it is (escaped); a real number kept at full precision (%.17g), printed
 * so in CSV and with 3 significant digits in Markdown and LaTeX; a count
 * (an integer, or "successes/runs") printed as it is. Numeric columns are
 * right-aligned. */
typedef enum ds_cell_kind { DS_CELL_TEXT = 0, DS_CELL_REAL, DS_CELL_COUNT } ds_cell_kind;

/* A table of strings; row 0 holds the column names. */
typedef struct ds_table {
    char name[64];    /**< file stem: <suite>_<name> */
    char title[256];  /**< one line saying what it is */
    size_t ncol, nrow, cap;
    char **cell;      /**< nrow x ncol */
    unsigned char *kind;  /**< nrow x ncol ds_cell_kind */
} ds_table;

int ds_table_init(ds_table *t, const char *name, const char *title, size_t ncol, const char *const *header);
/* Append a row of ncol text cells. */
int ds_table_row(ds_table *t, const char *const *cells);
/* Append a row of ncol cells of the given kinds. */
int ds_table_row_kinds(ds_table *t, const char *const *cells, const unsigned char *kinds);
void ds_table_free(ds_table *t);

void ds_table_markdown(const ds_table *t, FILE *out);
void ds_table_csv(const ds_table *t, FILE *out);
void ds_table_latex(const ds_table *t, FILE *out);

/* Create dir and the directories above it that are missing (mkdir -p). */
int ds_mkdir_p(const char *dir, ds_err *err);

/* Write the three forms under dir (created when missing). */
int ds_table_write(const ds_table *t, const char *dir, const char *suite, ds_err *err);

/* Every table named in `tables` (comma- or space-separated: summary,
 * targets, ert, ranks, profile, lr, kappa, timing) and the gnuplot data of the
 * suite's results under dir. Interrupted runs are left out. */
int ds_report(const ds_result *res, size_t n, const char *suite, const char *tables, const char *dir,
              ds_err *err);

/* Build one named table (for tests and `report`); DS_EINVAL for an unknown
 * name. */
int ds_report_table(const ds_result *res, size_t n, const char *name, ds_table *out, ds_err *err);

#endif
