/* Specs and parameter tables.
 *
 * A spec is `name:key=value,key=value` (quadratic:dim=100,kappa=1000).
 * List values use ';' inside a spec (milestones=30;60;90). Real values may
 * be expressions in the problem's constants (lr=1/L), evaluated when the
 * spec is bound to a problem.
 *
 * Every catalog member declares a ds_param table; parsing, validation,
 * defaults, `list`, --help and the canonical form all come from it. */
#ifndef DS_SPEC_H
#define DS_SPEC_H

#include <stddef.h>

#include "error.h"
#include "expr.h"

#define DS_NAME_MAX 64
#define DS_TEXT_MAX 256
#define DS_SPEC_MAXKV 48
#define DS_LIST_MAX 64
#define DS_MAX_PARAMS 48
#define DS_CANON_MAX 2048

/* A spec split into its name and raw key=value texts. */
typedef struct ds_spec {
    char name[DS_NAME_MAX];
    size_t n;
    char key[DS_SPEC_MAXKV][DS_NAME_MAX];
    char val[DS_SPEC_MAXKV][DS_TEXT_MAX];
} ds_spec;

int ds_spec_parse(const char *text, ds_spec *spec, ds_err *err);

typedef enum ds_ptype {
    DS_P_REAL,  /**< a double, or an expression in the problem constants */
    DS_P_INT,   /**< a whole number */
    DS_P_BOOL,  /**< 0/1/true/false */
    DS_P_ENUM,  /**< one of `choices` ("linear|log|two-cluster") */
    DS_P_STR,   /**< free text (a data file path) */
    DS_P_LIST   /**< ';'-separated reals */
} ds_ptype;

enum {
    DS_P_LO_OPEN = 1u,  /**< lo itself is not allowed */
    DS_P_HI_OPEN = 2u,  /**< hi itself is not allowed */
    DS_P_ALL = 4u       /**< an INT that also accepts "all" (stored as 0) */
};

/* One parameter: what it means, its default, its valid range. A table is
 * an array ended by an entry whose name is NULL. */
typedef struct ds_param {
    const char *name;
    ds_ptype type;
    const char *def;      /**< default as it would be written in a spec */
    double lo, hi;        /**< valid range (REAL, INT, LIST entries) */
    unsigned flags;       /**< DS_P_* */
    const char *choices;  /**< ENUM: '|'-separated names */
    const char *doc;      /**< one line */
} ds_param;

typedef struct ds_value {
    const ds_param *p;
    char text[DS_TEXT_MAX];  /**< as written (or the default) */
    double num;              /**< REAL, INT, BOOL value; ENUM index */
    int bound;               /**< REAL: the expression has been evaluated */
    int is_expr;             /**< REAL: names a problem constant */
    size_t nlist;
    double list[DS_LIST_MAX];
} ds_value;

/* A spec resolved against its parameter tables: every parameter present,
 * given or defaulted. The values live on the heap, as many as the tables
 * have parameters: a ds_values owns them, so it is released with
 * ds_values_free and duplicated with ds_values_copy, never by assigning
 * the struct. A zeroed ds_values is empty and may be freed. */
typedef struct ds_values {
    char name[DS_NAME_MAX];
    size_t n;
    ds_value *v;  /**< n values, in table order */
} ds_values;

/* Resolve spec against tables[0..ntables) (earlier tables shadow later
 * ones of the same parameter name). `what` names the catalog in messages
 * ("optimizer"). Syntax, types, choices and the ranges of constant values
 * are checked here; expressions are checked for syntax and names. out
 * need not be initialized and is overwritten (free what it held first);
 * on failure it is left empty. */
int ds_values_parse(const char *what, const ds_spec *spec, const ds_param *const *tables,
                    size_t ntables, ds_values *out, ds_err *err);

/* Release the values and empty v; accepts an empty (zeroed) ds_values. */
void ds_values_free(ds_values *v);

/* dst becomes an independent copy of src (dst need not be initialized).
 * DS_ENOMEM, dst empty, when memory runs out. */
int ds_values_copy(ds_values *dst, const ds_values *src, ds_err *err);

/* A parameter's accepted range as text, "[0, 1]" or "(0, inf]", and
 * whether x lies in it (NaN never does). */
void ds_param_range_text(const ds_param *p, char *buf, size_t size);
int ds_param_in_range(const ds_param *p, double x);

/* Evaluate expressions in the problem's constants and check their range. */
int ds_values_bind(ds_values *v, const ds_expr_vars *vars, ds_err *err);

/* Set one parameter from text (as if given in the spec). */
int ds_values_set(ds_values *v, const char *key, const char *text, ds_err *err);

/* Accessors. The name must be in the table: an unknown name returns NaN
 * (0, NULL) so a typo shows in tests, never silently a default. */
const ds_value *ds_value_get(const ds_values *v, const char *name);
double ds_num(const ds_values *v, const char *name);
long ds_int(const ds_values *v, const char *name);
int ds_bool(const ds_values *v, const char *name);
int ds_enum(const ds_values *v, const char *name);          /* index into choices */
const char *ds_str(const ds_values *v, const char *name);   /* text as written */
const double *ds_list(const ds_values *v, const char *name, size_t *n);
int ds_given(const ds_values *v, const char *name);         /* set explicitly, not defaulted */

/* Canonical form: the name, then each parameter whose value differs from
 * its default, in table order, numbers in their shortest round-trip form.
 * Independent of the order keys were written in. */
void ds_values_canon(const ds_values *v, char *buf, size_t size);

/* Shortest "%.{15,16,17}g" text that reads back to the same double. */
void ds_fmt_double(double x, char *buf, size_t size);

/* The closest of names[0..n) to `word` (edit distance <= 2, or a prefix),
 * or NULL. */
const char *ds_suggest(const char *word, const char *const *names, size_t n);

/* A ", did you mean 'x'?" tail for messages, or "" (static storage per call
 * site is not needed: writes into buf). */
const char *ds_did_you_mean(const char *word, const char *const *names, size_t n,
                            char *buf, size_t size);

/* Parse a full double / whole number from decimal text (no hexadecimal);
 * 0 on success. */
int ds_parse_double(const char *text, double *out);
int ds_parse_long(const char *text, long *out);

#endif
