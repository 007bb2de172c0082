/* Command-line options from a table. Each command declares its options as
 * a core ds_param table (name, type, default, range, doc: the same tables
 * that describe optimizer parameters); the parser (getopt_long built from
 * the table), --help, the man page and the bash completion are all
 * generated from it, so what a command accepts and what it documents
 * cannot drift apart.
 *
 * Conventions on top of ds_param, for options:
 * - DS_P_BOOL is a switch (--resume): it takes no value.
 * - DS_P_STR uses `choices` as the placeholder shown in help (SPEC, FILE.h5).
 * - DS_P_INT and DS_P_REAL values are checked against [lo, hi] (decimal
 *   only: 0x10 is refused), DS_P_ENUM against its choices.
 * - Every option is given at most once, unless flagged DS_CLI_REPEAT. */
#ifndef DS_CLI_OPTS_H
#define DS_CLI_OPTS_H

#include <stddef.h>
#include <stdio.h>

#include "../core/spec.h"

enum {
    DS_CLI_REPEAT = 1u << 8,    /**< may be given more than once; every value is kept */
    DS_CLI_REQUIRED = 1u << 9,  /**< must be given */
    DS_CLI_OUT = 1u << 10,      /**< an output file: checked before any work is done */
    DS_CLI_FILE = 1u << 11,     /**< an input file (for completion) */
    DS_CLI_OUTDIR = 1u << 12    /**< an output directory: checked before any work is done */
};

typedef struct ds_cli_cmd {
    const char *name;
    const char *doc;        /**< one line, for `descent --help` */
    const char *args;       /**< positional arguments as usage shows them ("SUITE.ini"), or NULL */
    int min_args, max_args; /**< how many positional arguments; max_args < 0: any number */
    const char *about;      /**< what the command does, for --help and the man page */
    const ds_param *opts;   /**< its options, NULL-name terminated (--help is implicit) */
    const char *example;    /**< one command line, or NULL */
    int (*fn)(int argc, char **argv);
} ds_cli_cmd;

#define DS_CLI_MAX_OPTS 32

/* A parsed command line. */
typedef struct ds_cli_args {
    const ds_cli_cmd *cmd;
    size_t nopt;
    const char *text[DS_CLI_MAX_OPTS];  /**< last value given, NULL when not given */
    double num[DS_CLI_MAX_OPTS];        /**< INT, REAL, BOOL value or ENUM index (given or default) */
    size_t ngiven;                      /**< every (option, value) given, in order */
    int *given_opt;
    const char **given_text;
    int npos;
    char **pos;                         /**< positional arguments */
} ds_cli_args;

/* Parse argv (argv[0] is the command's name). Returns 0 when the command
 * should run, 1 when --help was printed, -1 on bad input (the message,
 * naming the option, is printed). Free with ds_cli_args_free either way. */
int ds_cli_parse(const ds_cli_cmd *cmd, int argc, char **argv, ds_cli_args *a);
void ds_cli_args_free(ds_cli_args *a);

/* Values by option name (a name not in the table is a programming error:
 * NULL, NaN, 0). */
const char *ds_arg_str(const ds_cli_args *a, const char *name);  /* given or default; NULL if none */
double ds_arg_num(const ds_cli_args *a, const char *name);
long ds_arg_long(const ds_cli_args *a, const char *name);
int ds_arg_on(const ds_cli_args *a, const char *name);
int ds_arg_given(const ds_cli_args *a, const char *name);
/* The i-th value of a DS_CLI_REPEAT option, NULL past the last. */
const char *ds_arg_nth(const ds_cli_args *a, const char *name, size_t i);

/* Generated documentation. */
void ds_cli_help(const ds_cli_cmd *cmd, FILE *out);
void ds_cli_completion_bash(const ds_cli_cmd *const *cmds, FILE *out);
void ds_cli_man(const ds_cli_cmd *const *cmds, FILE *out);

#endif
