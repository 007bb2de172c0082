/* descent merge --out FILE.h5 [--tables DIR] [--no-tables] PART.h5...: join
 * the result files of `bench --shard i/N` (a Slurm job array, say) into the
 * file one process would have written, and write the suite's tables as
 * `bench` and `report` do. The parts must come from the same suite text
 * (suite_sha) and the same code (git_commit), be shards 1..N of one N each
 * exactly once, and hold every run of their shard; otherwise nothing is
 * written and the message says which part is wrong. */
#include <inttypes.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../harness/bench.h"
#include "cli.h"
#include "opts.h"
#include "../harness/store.h"
#include "../harness/suite.h"
#include "../report/claims.h"
#include "../report/tables.h"

#define SUITE_TEXT_MAX (1 << 16)

/* What a part says about itself (its root attributes). */
typedef struct {
    const char *path;
    char sha[64], git[64], shard[32], runs[32], name[DS_NAME_MAX], spath[1024];
    char compiler[256], cflags[512], blas[256], threads[16], ranks[16], host[256], date[64];
    long i, n;  /* shard i of n */
} part_info;

static int read_info(const char *path, part_info *p, ds_err *err)
{
    memset(p, 0, sizeof *p);
    p->path = path;
    struct {
        const char *key;
        char *buf;
        size_t size;
    } keys[] = {{"suite_sha", p->sha, sizeof p->sha},       {"git_commit", p->git, sizeof p->git},
                {"shard", p->shard, sizeof p->shard},       {"suite_runs", p->runs, sizeof p->runs},
                {"suite_name", p->name, sizeof p->name},    {"suite_path", p->spath, sizeof p->spath},
                {"compiler", p->compiler, sizeof p->compiler}, {"cflags", p->cflags, sizeof p->cflags},
                {"blas", p->blas, sizeof p->blas},          {"threads", p->threads, sizeof p->threads},
                {"ranks", p->ranks, sizeof p->ranks},       {"host", p->host, sizeof p->host},
                {"date", p->date, sizeof p->date}};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (ds_store_root_attr(path, keys[k].key, keys[k].buf, keys[k].size, err))
            return DS_EINVAL;
    if (!p->sha[0])
        return ds_fail(err, DS_EINVAL, "%s: not a result file of descent bench (no suite_sha)", path);
    char extra;
    if (sscanf(p->shard, "%ld/%ld%c", &p->i, &p->n, &extra) != 2 || p->i < 1 || p->i > p->n)
        return ds_fail(err, DS_EINVAL, "%s: shard '%s' is not a part i/N of a suite (written without --shard)", path,
                       p->shard);
    return DS_OK;
}

/* Same suite, same code, same N, each shard once, none missing. */
static int check_parts(const part_info *p, size_t np, ds_err *err)
{
    for (size_t k = 1; k < np; k++) {
        if (strcmp(p[k].sha, p[0].sha))
            return ds_fail(err, DS_EINVAL, "%s: suite_sha %s differs from %s's %s: parts of different suites",
                           p[k].path, p[k].sha, p[0].path, p[0].sha);
        if (strcmp(p[k].git, p[0].git))
            return ds_fail(err, DS_EINVAL,
                           "%s: git_commit %s differs from %s's %s: parts from different code versions", p[k].path,
                           p[k].git, p[0].path, p[0].git);
        if (p[k].n != p[0].n)
            return ds_fail(err, DS_EINVAL, "%s is shard %s but %s is shard %s: parts of different splits",
                           p[k].path, p[k].shard, p[0].path, p[0].shard);
    }
    for (size_t k = 0; k < np; k++)
        for (size_t j = 0; j < k; j++)
            if (p[j].i == p[k].i)
                return ds_fail(err, DS_EINVAL, "shard %s given twice: %s and %s", p[k].shard, p[j].path, p[k].path);
    char missing[256] = "";
    size_t nmissing = 0, len = 0;
    for (long i = 1; i <= p[0].n; i++) {
        size_t k = 0;
        while (k < np && p[k].i != i)
            k++;
        if (k < np)
            continue;
        if (len < sizeof missing - 32)
            len += (size_t)snprintf(missing + len, sizeof missing - len, "%s%ld/%ld", nmissing ? ", " : "", i,
                                    p[0].n);
        nmissing++;
    }
    if (nmissing)
        return ds_fail(err, DS_EINVAL, "shard%s %s missing (%zu of %ld given)", nmissing > 1 ? "s" : "", missing,
                       np, p[0].n);
    return DS_OK;
}

static int cmp_id(const void *a, const void *b)
{
    uint64_t x = ((const ds_result *)a)->id, y = ((const ds_result *)b)->id;
    return (x > y) - (x < y);
}

/* The part holds exactly the runs of its shard of s (ids in both sorted),
 * none of them interrupted or unfinished. */
static int check_runs(const ds_suite *s, const part_info *p, ds_result *res, size_t n, ds_err *err)
{
    qsort(res, n, sizeof *res, cmp_id);
    size_t want = 0, have = 0, j = 0;
    for (size_t k = (size_t)(p->i - 1); k < s->nruns; k += (size_t)p->n) {
        want++;
        while (j < n && res[j].id < s->runs[k].id)
            j++;
        if (j < n && res[j].id == s->runs[k].id && res[j].status != DS_ST_RUNNING &&
            res[j].status != DS_ST_INTERRUPTED)
            have++;
    }
    if (have != want || n != want)
        return ds_fail(err, DS_EINVAL,
                       "%s (shard %s): %zu of its %zu runs missing or interrupted%s; finish it with descent bench "
                       "SUITE --shard %s --out %s --resume",
                       p->path, p->shard, want - have, want, n > want ? ", and runs of other shards" : "",
                       p->shard, p->path);
    return DS_OK;
}

/* Append "value" to a space-separated list unless it is there already. */
static void add_distinct(char *list, size_t size, const char *value)
{
    if (!ds_name_in_list(list, value) && strlen(list) + strlen(value) + 2 < size)
        snprintf(list + strlen(list), size - strlen(list), "%s%s", list[0] ? " " : "", value);
}

static int write_merged(const char *out, const char *text, const part_info *p, size_t np, const ds_result *res,
                        size_t n, ds_err *err)
{
    char hosts[1024] = "", threads[256] = "", ranks[256] = "", from[4096] = "";
    const char *date = p[0].date;
    for (size_t k = 0; k < np; k++) {
        add_distinct(hosts, sizeof hosts, p[k].host);
        add_distinct(threads, sizeof threads, p[k].threads);
        add_distinct(ranks, sizeof ranks, p[k].ranks[0] ? p[k].ranks : "1");
        if (strcmp(p[k].date, date) > 0)
            date = p[k].date;  /* ISO dates: the latest part */
        size_t len = strlen(from);
        snprintf(from + len, sizeof from - len, "%s%s (%s)", k ? ", " : "", p[k].path, p[k].shard);
    }
    ds_meta meta[] = {{"suite", text, 0},          {"suite_name", p[0].name, 0},  {"suite_path", p[0].spath, 0},
                      {"suite_sha", p[0].sha, 0},  {"suite_runs", p[0].runs, 1},  {"shard", "all", 0},
                      {"git_commit", p[0].git, 0}, {"compiler", p[0].compiler, 0}, {"cflags", p[0].cflags, 0},
                      {"blas", p[0].blas, 0},      {"threads", threads, 1},       {"ranks", ranks, 1},
                      {"host", hosts, 0},          {"date", date, 0},             {"merged_from", from, 0}};
    return ds_store_write(out, ds_cli_command_line(), meta, sizeof meta / sizeof meta[0], res, n, err);
}

typedef struct {
    const char *out, *dir;
    int no_tables;
} merge_opts;

static int merge_main(int argc, char **argv);

static const ds_param merge_options[] = {
    {"out", DS_P_STR, NULL, 0, 0, DS_CLI_REQUIRED | DS_CLI_OUT, "FILE.h5", "the merged result file"},
    {"tables", DS_P_STR, "results", 0, 0, DS_CLI_OUTDIR, "DIR", "directory of the suite's tables"},
    {"no-tables", DS_P_BOOL, "0", 0, 1, 0, NULL, "write no tables"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

const ds_cli_cmd ds_cli_merge = {
    "merge", "join the result files of bench --shard i/N into one, with its tables", "PART.h5...", 1, -1,
    "Joins the result files of `descent bench SUITE --shard i/N` for i = 1..N into one\n"
    "file, the same runs a single `descent bench SUITE` writes, and writes the suite's\n"
    "tables (and the page of its [claim NAME] sections) to DIR. Parts from different\n"
    "suites (suite_sha) or code versions (git_commit), a shard given twice or missing,\n"
    "or a part with runs missing (interrupted: finish it with --resume) are refused,\n"
    "and nothing is written.",
    merge_options, "descent merge --out all.h5 part1.h5 part2.h5", merge_main};

/* Read, check and join the parts: *res sorted by id. */
static int join_parts(char **paths, size_t np, part_info *p, char *text, ds_suite *s, ds_result **res, size_t *n,
                      ds_err *err)
{
    int rc = DS_OK;
    for (size_t k = 0; k < np && !rc; k++)
        rc = read_info(paths[k], &p[k], err);
    if (rc || (rc = check_parts(p, np, err)))
        return rc;
    if (ds_store_root_attr(p[0].path, "suite", text, SUITE_TEXT_MAX, err))
        return DS_EINVAL;
    if ((rc = ds_suite_parse(p[0].path, text, s, err))) {
        ds_err_prefix(err, "%s: its suite does not parse with this version: ", p[0].path);
        return DS_EINVAL;
    }
    *res = NULL;
    *n = 0;
    for (size_t k = 0; k < np && !rc; k++) {
        ds_result *part;
        size_t m;
        if ((rc = ds_store_read(p[k].path, &part, &m, err)))
            break;
        ds_result *all = realloc(*res, (*n + m + 1) * sizeof *all);
        if (!all || (rc = check_runs(s, &p[k], part, m, err))) {
            ds_store_free(part, m);
            if (!all)
                rc = ds_fail(err, DS_ENOMEM, "out of memory merging %s", p[k].path);
            if (all)
                *res = all;
            break;
        }
        memcpy(all + *n, part, m * sizeof *part);  /* take over the arrays */
        free(part);
        *res = all;
        *n += m;
    }
    if (!rc)
        qsort(*res, *n, sizeof **res, cmp_id);
    return rc;
}

/* --out naming one of the parts would replace an input before it is read
 * whole: refused, by file identity (links and ./ paths included). */
static int out_is_input(const char *out, char **paths, size_t np)
{
    struct stat so, sp;
    if (stat(out, &so))
        return 0;  /* a new file is no input */
    for (size_t i = 0; i < np; i++)
        if (!stat(paths[i], &sp) && so.st_dev == sp.st_dev && so.st_ino == sp.st_ino) {
            ds_cli_error("merge: --out '%s' is the part '%s': write the merged file elsewhere", out, paths[i]);
            return 1;
        }
    return 0;
}

static int merge_main(int argc, char **argv)
{
    ds_cli_args a;
    int rc = ds_cli_parse(&ds_cli_merge, argc, argv, &a);
    merge_opts o = {ds_arg_str(&a, "out"), ds_arg_str(&a, "tables"), ds_arg_on(&a, "no-tables")};
    char **paths = a.pos;
    size_t np = (size_t)a.npos;
    ds_cli_args_free(&a);
    if (rc)
        return rc > 0 ? DS_EXIT_OK : DS_EXIT_USAGE;
    if (out_is_input(o.out, paths, np))
        return DS_EXIT_USAGE;
    part_info *p = calloc(np, sizeof *p);
    char *text = malloc(SUITE_TEXT_MAX);
    ds_suite s;
    memset(&s, 0, sizeof s);
    ds_result *res = NULL;
    size_t n = 0;
    ds_err err = {0};
    int status = DS_EXIT_OK;
    if (!p || !text) {
        ds_cli_error("out of memory");
        status = DS_EXIT_FAIL;
    } else if ((rc = join_parts(paths, np, p, text, &s, &res, &n, &err))) {
        ds_cli_error("merge: %s", err.msg);
        status = ds_cli_exit(rc);
    } else if (write_merged(o.out, text, p, np, res, n, &err) ||
               (!o.no_tables && ds_report(res, n, s.name, s.tables, o.dir, &err)) ||
               (!o.no_tables && s.nclaims && ds_claims_write(&s, res, n, o.dir, &err))) {
        ds_cli_error("merge: %s", err.msg);
        status = DS_EXIT_FAIL;
    } else {
        fprintf(stderr, "descent merge: %s: %zu runs from %zu parts -> %s%s%s\n", s.name, n, np, o.out,
                o.no_tables ? "" : ", tables in ", o.no_tables ? "" : o.dir);
    }
    ds_store_free(res, n);
    ds_suite_free(&s);
    free(text);
    free(p);
    return status;
}
