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

#include "../core/init.h"
#include "../core/spec.h"
#include "cli.h"
#include "opts.h"

#ifndef DS_GIT_COMMIT
#define DS_GIT_COMMIT "unknown"
#endif
#ifndef DS_BUILD_FLAGS
#define DS_BUILD_FLAGS "unknown"
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

int ds_cli_exit(int code)
{
    switch (code) {
    case DS_OK: return DS_EXIT_OK;
    case DS_EINVAL:
    case DS_ENOTSUP: return DS_EXIT_USAGE;
    default: return DS_EXIT_FAIL;
    }
}

int ds_cli_check_out(const char *opt, const char *out)
{
    if (!*out) {
        ds_cli_error("--%s: empty file name", opt);
        return -1;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", out);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    const char *d = slash ? (dir[0] ? dir : "/") : ".";
    struct stat st;
    if (stat(d, &st) || !S_ISDIR(st.st_mode) || access(d, W_OK)) {
        ds_cli_error("--%s %s: directory '%s' does not exist or is not writable", opt, out, d);
        return -1;
    }
    if (!stat(out, &st) && S_ISDIR(st.st_mode)) {
        ds_cli_error("--%s %s: is a directory; expected a file name", opt, out);
        return -1;
    }
    if (!stat(out, &st) && !S_ISREG(st.st_mode)) {
        ds_cli_error("--%s %s: exists and is not a regular file", opt, out);
        return -1;
    }
    return 0;
}

/* The nearest existing ancestor of path, into buf ("." for a relative
 * name without one). */
static void existing_ancestor(const char *path, char *buf, size_t size)
{
    struct stat st;
    snprintf(buf, size, "%s", path);
    while (stat(buf, &st)) {
        char *slash = strrchr(buf, '/');
        if (!slash)
            snprintf(buf, size, ".");
        else if (slash == buf)
            buf[1] = '\0';
        else
            *slash = '\0';
    }
}

int ds_cli_check_dir(const char *opt, const char *dir)
{
    if (!*dir) {
        ds_cli_error("--%s: empty directory name", opt);
        return -1;
    }
    char anc[4096];
    existing_ancestor(dir, anc, sizeof anc);
    struct stat st;
    if (stat(anc, &st) || !S_ISDIR(st.st_mode) || access(anc, W_OK)) {
        if (!strcmp(anc, dir))
            ds_cli_error("--%s %s: not a writable directory", opt, dir);
        else
            ds_cli_error("--%s %s: cannot be created: '%s' is not a writable directory", opt, dir, anc);
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

static int cmd_completion(int argc, char **argv);
static int cmd_man(int argc, char **argv);

static const ds_param no_options[] = {{NULL, 0, NULL, 0, 0, 0, NULL, NULL}};

static const ds_cli_cmd completion_cmd = {
    "completion", "print a bash completion script (source <(descent completion bash))", "bash", 1, 1,
    "Prints a bash completion script for every command, option and catalog name,\n"
    "generated from the same tables as --help. docs/descent.bash is its output.",
    no_options, "source <(descent completion bash)", cmd_completion};

static const ds_cli_cmd man_cmd = {
    "man", "print the man page (roff), generated from the command tables", NULL, 0, 0,
    "Prints the manual page in roff, generated from the command tables; docs/descent.1\n"
    "is its output (man docs/descent.1 shows it).",
    no_options, "descent man > descent.1 && man ./descent.1", cmd_man};

static const ds_cli_cmd *const commands[] = {
    &ds_cli_list,   &ds_cli_run,    &ds_cli_export, &ds_cli_grid,  &ds_cli_perf,      &ds_cli_lrfind,
    &ds_cli_verify, &ds_cli_bench,  &ds_cli_report, &ds_cli_merge, &ds_cli_compare, &ds_cli_html,
    &ds_cli_figures, &ds_cli_pep, &completion_cmd, &man_cmd,
    NULL};

static int cmd_completion(int argc, char **argv)
{
    ds_cli_args a;
    int rc = ds_cli_parse(&completion_cmd, argc, argv, &a);
    if (!rc && strcmp(a.pos[0], "bash")) {
        ds_cli_error("completion: '%s' is not a supported shell (accepted: bash)", a.pos[0]);
        rc = -1;
    }
    if (!rc)
        ds_cli_completion_bash(commands, stdout);
    ds_cli_args_free(&a);
    return rc < 0 ? DS_EXIT_USAGE : DS_EXIT_OK;
}

static int cmd_man(int argc, char **argv)
{
    ds_cli_args a;
    int rc = ds_cli_parse(&man_cmd, argc, argv, &a);
    if (!rc)
        ds_cli_man(commands, stdout);
    ds_cli_args_free(&a);
    return rc < 0 ? DS_EXIT_USAGE : DS_EXIT_OK;
}

static void usage(FILE *out)
{
    fputs("usage: descent COMMAND [OPTIONS]   (descent COMMAND --help for its options)\n"
          "       descent --version\n\ncommands:\n",
          out);
    for (size_t i = 0; commands[i]; i++)
        fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->doc);
    fputs("\nexit status: 0 success, 1 a runtime failure (I/O, memory, interrupted),\n"
          "2 bad input (usage, spec, data, suite, output path): nothing was run or written.\n",
          out);
}

static void version(void)
{
#ifdef __clang__
    const char *cc = "clang";
#else
    const char *cc = "gcc";
#endif
    /* The commit is the one main.c was last compiled at. */
    printf("descent %s\ncompiler: %s %s\nflags: %s\n", DS_GIT_COMMIT, cc, __VERSION__, DS_BUILD_FLAGS);
}

int main(int argc, char **argv)
{
    ds_init();  /* GSL's errors become codes, once for the whole process */
    /* Past a file-size limit a write must fail with EFBIG and be reported,
     * not kill the process half-way. */
    signal(SIGXFSZ, SIG_IGN);
    /* `descent ... | head -1`: a closed pipe makes writes to stdout fail
     * (and are then dropped) instead of killing the process before it
     * writes its result file */
    signal(SIGPIPE, SIG_IGN);
    build_command_line(argc, argv);
    if (argc < 2) {
        usage(stderr);
        return DS_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return DS_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        version();
        return DS_EXIT_OK;
    }
    for (size_t i = 0; commands[i]; i++)
        if (!strcmp(argv[1], commands[i]->name))
            return commands[i]->fn(argc - 1, argv + 1);
    const char *names[32];
    size_t n = 0;
    for (size_t i = 0; commands[i] && n < 32; i++)
        names[n++] = commands[i]->name;
    char hint[128];
    ds_cli_error("unknown command '%s'%s (see descent --help)", argv[1],
                 ds_did_you_mean(argv[1], names, n, hint, sizeof hint));
    return DS_EXIT_USAGE;
}
