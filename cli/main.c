/* descent: reproducible benchmarks and convergence theory for gradient
 * methods. This file only dispatches to the commands. */
#include <ctype.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/spec.h"
#include "cli.h"

#ifdef DS_OPENBLAS
void openblas_set_num_threads(int);
#endif

static char command_line[8192];

const char *ds_cli_command_line(void)
{
    return command_line;
}

void ds_cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("descent: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int ds_cli_parse_doubles(const char *text, double **out, size_t *n)
{
    size_t cap = 1;
    for (const char *c = text; *c; c++)
        cap += *c == ',';
    double *v = malloc(cap * sizeof *v);
    if (!v)
        return -1;
    size_t k = 0;
    const char *s = text;
    for (;;) {
        const char *comma = strchr(s, ',');
        char item[64];
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        if (len >= sizeof item)
            len = sizeof item - 1;
        memcpy(item, s, len);
        item[len] = '\0';
        if (ds_parse_double(item, &v[k]) || !isfinite(v[k])) {
            free(v);
            return -1;
        }
        k++;
        if (!comma)
            break;
        s = comma + 1;
    }
    *out = v;
    *n = k;
    return 0;
}

int ds_cli_long(const char *opt, const char *text, long lo, long hi, long *out)
{
    if (ds_parse_long(text, out) || *out < lo || *out > hi) {
        ds_cli_error("%s %s: expected a whole number in [%ld, %ld]", opt, text, lo, hi);
        return -1;
    }
    return 0;
}

int ds_cli_double(const char *opt, const char *text, double lo, double hi, double *out)
{
    if (ds_parse_double(text, out) || !(*out >= lo && *out <= hi)) {
        ds_cli_error("%s %s: expected a number in [%g, %g]", opt, text, lo, hi);
        return -1;
    }
    return 0;
}

int ds_cli_check_out(const char *out)
{
    char dir[1100];
    snprintf(dir, sizeof dir, "%s", out);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    const char *d = slash ? (dir[0] ? dir : "/") : ".";
    struct stat st;
    if (stat(d, &st) || !S_ISDIR(st.st_mode) || access(d, W_OK)) {
        ds_cli_error("--out %s: directory '%s' does not exist or is not writable", out, d);
        return -1;
    }
    if (!stat(out, &st) && S_ISDIR(st.st_mode)) {
        ds_cli_error("--out %s: is a directory; expected a FILE.h5 path", out);
        return -1;
    }
    return 0;
}

static void build_command_line(int argc, char **argv)
{
    size_t off = 0;
    for (int i = 0; i < argc && off < sizeof command_line; i++)
        off += (size_t)snprintf(command_line + off, sizeof command_line - off, "%s%s", i ? " " : "",
                                argv[i]);
}

int ds_cmd_pep(int argc, char **argv);  /* cli/cmd_pep.c */

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *doc;
} commands[] = {
    {"list", ds_cmd_list, "list problems|optimizers|schedules|theorems: the catalogs"},
    {"run", ds_cmd_run, "run one problem x optimizer over seeds and print a summary"},
    {"export", ds_cmd_export, "print trajectories of a result file as columns (for gnuplot)"},
    {"grid", ds_cmd_grid, "print f on a grid over a 1-D interval or 2-D box (for gnuplot contours)"},
    {"perf", ds_cmd_perf, "measure bandwidth, gradient and step costs; write results/perf.md"},
    {"lrfind", ds_cmd_lrfind, "learning-rate range test: sweep the rate, suggest one"},
    {"verify", ds_cmd_verify, "check an optimizer against the theorems on the theory battery"},
    {"bench", ds_cmd_bench, "run a suite file in parallel: result file and tables (resumable)"},
    {"report", ds_cmd_report, "rebuild the tables and gnuplot data of a result file"},
    {"merge", ds_cmd_merge, "join the result files of bench --shard i/N into one, with its tables"},
    {"pep", ds_cmd_pep, "the exact worst case of a fixed-step method over a function class (an SDP)"},
};

static void usage(FILE *out)
{
    fputs("usage: descent COMMAND [OPTIONS]   (descent COMMAND --help for its options)\n\ncommands:\n", out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].doc);
}

int main(int argc, char **argv)
{
#ifdef DS_OPENBLAS
    openblas_set_num_threads(1);  /* parallelism is over runs, never inside one */
#endif
    /* Past a file-size limit a write must fail with EFBIG and be reported,
     * not kill the process half-way. */
    signal(SIGXFSZ, SIG_IGN);
    build_command_line(argc, argv);
    if (argc < 2) {
        usage(stderr);
        return DS_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return DS_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    const char *names[16];
    size_t n = 0;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        names[n++] = commands[i].name;
    char hint[128];
    ds_cli_error("unknown command '%s'%s (see descent --help)", argv[1],
                 ds_did_you_mean(argv[1], names, n, hint, sizeof hint));
    return DS_EXIT_USAGE;
}
