/* The `descent` command line: one function per command, dispatched from
 * main.c. Each returns the process exit status: 0 success, 1 a runtime
 * failure, 2 bad input (nothing written). */
#ifndef DS_CLI_H
#define DS_CLI_H

#include <stddef.h>

#define DS_EXIT_OK 0
#define DS_EXIT_FAIL 1
#define DS_EXIT_USAGE 2

int ds_cmd_list(int argc, char **argv);
int ds_cmd_run(int argc, char **argv);
int ds_cmd_export(int argc, char **argv);
int ds_cmd_grid(int argc, char **argv);
int ds_cmd_perf(int argc, char **argv);
int ds_cmd_lrfind(int argc, char **argv);
int ds_cmd_verify(int argc, char **argv);
int ds_cmd_bench(int argc, char **argv);
int ds_cmd_report(int argc, char **argv);
int ds_cmd_merge(int argc, char **argv);
int ds_cmd_figures(int argc, char **argv);

/* The whole command line, for the `command` attribute of result files. */
const char *ds_cli_command_line(void);

/* Print "descent: msg" on stderr (one line). */
void ds_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parse "v1,v2,..." into a new array; 0 on success. */
int ds_cli_parse_doubles(const char *text, double **out, size_t *n);

/* Parse option values strictly, reporting the option name on failure. */
int ds_cli_long(const char *opt, const char *text, long lo, long hi, long *out);
int ds_cli_double(const char *opt, const char *text, double lo, double hi, double *out);

/* Refuse an output path that cannot be written, before any work: its
 * directory must exist and be writable, and the path not be a directory.
 * Prints the message; 0 when the path will do. */
int ds_cli_check_out(const char *out);

/* Draw the figures of a suite read from h5 (all, or the nnames named) into
 * dir (NULL: plots); prints one line per figure, or the error. Returns the
 * exit status. */
struct ds_suite;
int ds_cli_draw_figures(const struct ds_suite *s, const char *h5, const char *dir, char **names, int nnames);

#endif
