/* The `descent` command line: one function per command, dispatched from
 * main.c. Each returns the process exit status: 0 success, 1 a runtime
 * failure, 2 bad input (nothing written). */
#ifndef DS_CLI_H
#define DS_CLI_H

#include <stddef.h>

#define DS_EXIT_OK 0
#define DS_EXIT_FAIL 1
#define DS_EXIT_USAGE 2

/* The commands, each with its option table (cli/opts.h), defined in its
 * cmd_*.c file. */
struct ds_cli_cmd;
extern const struct ds_cli_cmd ds_cli_list, ds_cli_run, ds_cli_export, ds_cli_grid, ds_cli_perf, ds_cli_lrfind,
    ds_cli_verify, ds_cli_bench, ds_cli_report, ds_cli_merge, ds_cli_compare, ds_cli_html, ds_cli_figures, ds_cli_pep;

/* The exit status for a library error code: DS_OK 0; bad input (DS_EINVAL,
 * DS_ENOTSUP: a spec, data, a suite, an option) 2; anything that went wrong
 * while working (DS_EIO, DS_ENOMEM, DS_ENUM, DS_EINTR) 1. */
int ds_cli_exit(int code);

/* The whole command line, for the `command` attribute of result files. */
const char *ds_cli_command_line(void);

/* Print "descent: msg" on stderr (one line). */
void ds_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parse "v1,v2,..." into a new array; 0 on success. */
int ds_cli_parse_doubles(const char *text, double **out, size_t *n);

/* Refuse an output path that cannot be written, before any work: an
 * empty name, a directory that does not exist or is not writable, or an
 * existing path that is not a regular file (a directory, a device).
 * Prints the message naming --opt; 0 when the path will do. */
int ds_cli_check_out(const char *opt, const char *path);

/* The same for an output directory, which the command creates with its
 * parents if need be: it, or its nearest existing ancestor, must be a
 * writable directory. */
int ds_cli_check_dir(const char *opt, const char *dir);

/* Draw the figures of a suite read from h5 (all, or the nnames named) into
 * dir (NULL: plots); prints one line per figure, or the error. Returns the
 * exit status. */
struct ds_suite;
int ds_cli_draw_figures(const struct ds_suite *s, const char *h5, const char *dir, char **names, int nnames);

#endif
