#include "opts.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static size_t count_opts(const ds_param *p)
{
    size_t n = 0;
    while (p && p[n].name)
        n++;
    return n;
}

static int index_of(const ds_cli_args *a, const char *name)
{
    for (size_t k = 0; k < a->nopt; k++)
        if (!strcmp(a->cmd->opts[k].name, name))
            return (int)k;
    return -1;
}

/* Check one value against its parameter and store its number. */
static int check_value(const char *cmd, const ds_param *p, const char *text, double *num)
{
    char r[80];
    ds_param_range_text(p, r, sizeof r);
    long l;
    double x;
    switch (p->type) {
    case DS_P_INT:
        if (ds_parse_long(text, &l) || !ds_param_in_range(p, (double)l)) {
            ds_cli_error("%s: --%s %s: expected a whole number in %s", cmd, p->name, text, r);
            return -1;
        }
        *num = (double)l;
        return 0;
    case DS_P_REAL:
        if (ds_parse_double(text, &x) || !ds_param_in_range(p, x)) {
            ds_cli_error("%s: --%s %s: expected a number in %s", cmd, p->name, text, r);
            return -1;
        }
        *num = x;
        return 0;
    case DS_P_ENUM: {
        size_t lt = strlen(text);
        int idx = 0;
        for (const char *c = p->choices; *c; idx++) {
            size_t len = strcspn(c, "|");
            if (len == lt && !strncmp(c, text, len)) {
                *num = idx;
                return 0;
            }
            c += len + (c[len] == '|');
        }
        ds_cli_error("%s: --%s %s: expected one of %s", cmd, p->name, text, p->choices);
        return -1;
    }
    default:
        *num = 0;
        return 0;
    }
}

static int set_defaults(ds_cli_args *a)
{
    for (size_t k = 0; k < a->nopt; k++) {
        const ds_param *p = &a->cmd->opts[k];
        a->num[k] = 0;
        if (p->def && *p->def && p->type != DS_P_STR && p->type != DS_P_BOOL &&
            check_value(a->cmd->name, p, p->def, &a->num[k]))
            return -1;  /* a table whose default is out of its own range */
    }
    return 0;
}

/* getopt_long's table: option k has val 256 + k. */
static struct option *long_options(const ds_cli_cmd *cmd, size_t n)
{
    struct option *lo = calloc(n + 2, sizeof *lo);
    if (!lo)
        return NULL;
    for (size_t k = 0; k < n; k++)
        lo[k] = (struct option){cmd->opts[k].name, cmd->opts[k].type == DS_P_BOOL ? no_argument : required_argument,
                                NULL, 256 + (int)k};
    lo[n] = (struct option){"help", no_argument, NULL, 'h'};
    return lo;
}

static int take(ds_cli_args *a, int k, const char *text)
{
    const ds_param *p = &a->cmd->opts[k];
    const char *cmd = a->cmd->name;
    if (a->text[k] && !(p->flags & DS_CLI_REPEAT)) {
        ds_cli_error("%s: --%s given twice (%s, then %s)", cmd, p->name, a->text[k], text);
        return -1;
    }
    if (p->type != DS_P_BOOL && !*text) {
        ds_cli_error("%s: --%s needs a non-empty value", cmd, p->name);
        return -1;
    }
    if (p->type == DS_P_BOOL)
        a->num[k] = 1;
    else if (check_value(cmd, p, text, &a->num[k]))
        return -1;
    a->text[k] = text;
    a->given_opt[a->ngiven] = k;
    a->given_text[a->ngiven++] = text;
    return 0;
}

static int check_after(ds_cli_args *a)
{
    const ds_cli_cmd *c = a->cmd;
    for (size_t k = 0; k < a->nopt; k++) {
        const ds_param *p = &c->opts[k];
        if ((p->flags & DS_CLI_REQUIRED) && !a->text[k]) {
            ds_cli_error("%s: --%s is required (see descent %s --help)", c->name, p->name, c->name);
            return -1;
        }
    }
    if (a->npos < c->min_args || (c->max_args >= 0 && a->npos > c->max_args)) {
        if (a->npos > c->max_args && c->max_args >= 0)
            ds_cli_error("%s: unexpected argument '%s' (see descent %s --help)", c->name, a->pos[c->max_args],
                         c->name);
        else
            ds_cli_error("%s: expected %s (see descent %s --help)", c->name, c->args ? c->args : "no argument",
                         c->name);
        return -1;
    }
    /* Output paths last, once everything else is known to be right, and
     * before the command does any work. */
    for (size_t k = 0; k < a->nopt; k++) {
        const char *path = ds_arg_str(a, c->opts[k].name);
        if ((c->opts[k].flags & DS_CLI_OUT) && path && ds_cli_check_out(c->opts[k].name, path))
            return -1;
        if ((c->opts[k].flags & DS_CLI_OUTDIR) && path && ds_cli_check_dir(c->opts[k].name, path))
            return -1;
    }
    return 0;
}

int ds_cli_parse(const ds_cli_cmd *cmd, int argc, char **argv, ds_cli_args *a)
{
    memset(a, 0, sizeof *a);
    a->cmd = cmd;
    a->nopt = count_opts(cmd->opts);
    if (a->nopt > DS_CLI_MAX_OPTS)
        return -1;
    a->given_opt = calloc((size_t)argc + 1, sizeof *a->given_opt);
    a->given_text = calloc((size_t)argc + 1, sizeof *a->given_text);
    struct option *lo = long_options(cmd, a->nopt);
    if (!a->given_opt || !a->given_text || !lo || set_defaults(a)) {
        free(lo);
        if (!lo || !a->given_opt || !a->given_text)
            ds_cli_error("%s: out of memory parsing options", cmd->name);
        return -1;
    }
    opterr = 0;
    optind = 1;
    int c, rc = 0;
    while (!rc && (c = getopt_long(argc, argv, ":h", lo, NULL)) != -1) {
        if (c == 'h') {
            ds_cli_help(cmd, stdout);
            rc = 1;
        } else if (c == ':') {
            ds_cli_error("%s: %s needs a value", cmd->name, argv[optind - 1]);
            rc = -1;
        } else if (c >= 256) {
            rc = take(a, c - 256, optarg ? optarg : "");
        } else {
            ds_cli_error("%s: unknown option '%s' (see descent %s --help)", cmd->name, argv[optind - 1], cmd->name);
            rc = -1;
        }
    }
    free(lo);
    if (rc)
        return rc;
    a->npos = argc - optind;
    a->pos = argv + optind;
    return check_after(a);
}

void ds_cli_args_free(ds_cli_args *a)
{
    free(a->given_opt);
    free(a->given_text);
    a->given_opt = NULL;
    a->given_text = NULL;
}

const char *ds_arg_str(const ds_cli_args *a, const char *name)
{
    int k = index_of(a, name);
    if (k < 0)
        return NULL;
    if (a->text[k])
        return a->text[k];
    const char *def = a->cmd->opts[k].def;
    return def && *def ? def : NULL;
}

double ds_arg_num(const ds_cli_args *a, const char *name)
{
    int k = index_of(a, name);
    return k < 0 ? NAN : a->num[k];
}

long ds_arg_long(const ds_cli_args *a, const char *name)
{
    int k = index_of(a, name);
    return k < 0 ? 0 : (long)a->num[k];
}

int ds_arg_on(const ds_cli_args *a, const char *name)
{
    int k = index_of(a, name);
    return k >= 0 && a->num[k] != 0;
}

int ds_arg_given(const ds_cli_args *a, const char *name)
{
    int k = index_of(a, name);
    return k >= 0 && a->text[k] != NULL;
}

const char *ds_arg_nth(const ds_cli_args *a, const char *name, size_t i)
{
    int k = index_of(a, name);
    for (size_t g = 0; k >= 0 && g < a->ngiven; g++)
        if (a->given_opt[g] == k && i-- == 0)
            return a->given_text[g];
    return NULL;
}
