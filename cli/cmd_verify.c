/* descent verify: an optimizer against the theory battery. Every theorem it
 * claims (its table's claims, plus --claim) is checked on every battery
 * problem of the right class, and every other theorem wherever it applies;
 * the exit status is 1 when a claimed bound is violated. With --all, every
 * registered optimizer in its reference configurations, and --report
 * writes the Markdown table (results/theory_checks.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/optimizer.h"
#include "cli.h"
#include "opts.h"
#include "../report/verify.h"

/* The configurations `verify --all` checks: the step sizes the theorems
 * are stated for. Optimizers not listed are checked with their defaults;
 * specs of optimizers not registered are skipped. */
static const char *const reference_specs[] = {
    "gd:lr=1/L",
    "gd:lr=0.5/L",
    "gd:lr=2/(L+mu)",
    "gd:ls=exact",
    "sgd:lr=0.5/L",
    "sgd:lr=4/(sqrt(L)+sqrt(mu))^2,momentum=((sqrt(kappa)-1)/(sqrt(kappa)+1))^2,batch=all",
    "heavy_ball:lr=4/(sqrt(L)+sqrt(mu))^2,momentum=((sqrt(kappa)-1)/(sqrt(kappa)+1))^2",
    "heavy_ball:lr=1/9,momentum=4/9",
    "agd:variant=fista",
    "agd:variant=t3",
    "agd:variant=sc",
    "ogm",
    "ogm_g",
    "triple_momentum",
    "itm",
    "subgradient",
    "adam:lr=0.01",
    /* Reddi et al.'s counterexample: beta2 = 1/(1 + C^2) for its C = 3 */
    "adam:lr=0.5,beta1=0,beta2=0.1",
    "adam:lr=0.5,beta1=0,beta2=0.1,amsgrad=1",
    "adagrad:lr=0.25",
    NULL,
};

static void fmt_num(double v, char *buf, size_t n)
{
    if (isnan(v))
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%.4g", v);
}

/* "emp 0.8181 / thm 0.81 / tight 0.8181" or "order 1.00 (thm 1)". */
static void fmt_rate(const ds_check *c, char *buf, size_t n)
{
    char a[32], b[32], t[32];
    if (c->th->quantity == DS_Q_REGRET) {
        *buf = '\0';
    } else if (c->th->order > 0) {
        fmt_num(c->order_emp, a, sizeof a);
        snprintf(buf, n, "order %s (thm %g)", a, c->th->order);
    } else {
        fmt_num(c->rate_emp, a, sizeof a);
        fmt_num(c->rate_thm, b, sizeof b);
        fmt_num(c->rate_tight, t, sizeof t);
        snprintf(buf, n, "rate %s / %s / %s", a, b, t);
    }
}

static int shown(const ds_verify_row *r, int verbose)
{
    return verbose || r->check.verdict != DS_V_NA || r->check.claimed;
}

static void print_rows(const ds_verify_report *rep, size_t from, int verbose)
{
    printf("%-24s %-14s %-12s %5s %12s %12s %10s  %-34s %s\n", "theorem", "problem", "quantity", "t",
           "measured", "bound", "worst m/b", "rate emp/thm/tight | order", "verdict");
    for (size_t i = from; i < rep->n; i++) {
        const ds_verify_row *r = &rep->rows[i];
        const ds_check *c = &r->check;
        if (!shown(r, verbose))
            continue;
        char id[40];
        snprintf(id, sizeof id, "%s%s", c->th->id, c->claimed ? "*" : "");
        if (c->verdict == DS_V_NA || c->th->kind == DS_TH_COUNTER) {
            printf("%-24s %-14s %-12s %5s %12s %12s %10s  %-34s %s%s%s\n", id, r->problem,
                   ds_quantity_name(c->th->quantity), "", "", "", "", "",
                   c->verdict == DS_V_NA ? "" : ds_verdict_name(c->verdict),
                   c->verdict == DS_V_NA ? "" : ": ", c->reason);
            continue;
        }
        char m[32], b[32], w[32], rate[64];
        fmt_num(c->measured, m, sizeof m);
        fmt_num(c->bound, b, sizeof b);
        fmt_num(c->worst_ratio, w, sizeof w);
        fmt_rate(c, rate, sizeof rate);
        printf("%-24s %-14s %-12s %5ld %12s %12s %10s  %-34s %s%s%s%s\n", id, r->problem,
               ds_quantity_name(c->th->quantity), c->last_iter, m, b, w, rate, ds_verdict_name(c->verdict),
               c->tight ? " (tight)" : "", *c->reason ? ": " : "", c->reason);
    }
}

static int run_one(const char *spec, const char *const *claims, size_t nclaims, ds_verify_report *rep,
                   int print, int verbose)
{
    ds_err err = {0};
    size_t from = rep->n, cf = rep->claimed_fail;
    rep->skipped[0] = '\0';
    if (ds_verify_optimizer(spec, claims, nclaims, -1, rep, &err)) {
        ds_cli_error("verify: %s", err.msg);
        return ds_cli_exit(err.code);
    }
    if (print) {
        printf("optimizer %s\n\n", spec);
        print_rows(rep, from, verbose);
        if (*rep->skipped)
            printf("\nnot run:\n%s\n", rep->skipped);
        printf("\n* claimed. %zu claimed bound(s) violated.\n\n", rep->claimed_fail - cf);
    }
    return DS_EXIT_OK;
}

static void md_escape(FILE *f, const char *s)
{
    for (; *s; s++)
        fputs(*s == '|' ? "\\|" : (char[2]){*s, 0}, f);
}

/* Pairs of bounds on the same quantity where the first is the loose
 * textbook form of the second. */
static const char *const loose_pairs[][2] = {
    {"gd-convex-classic", "gd-convex-tight"},
    {"gd-sc-f-textbook", "gd-sc-f"},
};

static const ds_verify_row *find_row(const ds_verify_report *rep, const char *opt, const char *problem,
                                     const char *id)
{
    for (size_t i = 0; i < rep->n; i++)
        if (!strcmp(rep->rows[i].optimizer, opt) && rep->rows[i].problem == problem &&
            !strcmp(rep->rows[i].check.th->id, id))
            return &rep->rows[i];
    return NULL;
}

static int write_report(const char *path, const ds_verify_report *rep)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        ds_cli_error("verify: cannot write %s", tmp);
        return DS_EXIT_FAIL;
    }
    fprintf(f, "# Theory checks\n\nGenerated by `descent verify --all --report %s`: every registered "
               "optimizer in its reference configurations on the theory battery, every theorem that "
               "applies (or is claimed, marked *). Upper bounds must hold at every iteration within a "
               "relative 1e-9, lower bounds likewise, tight bounds are met to 1e-9 on their worst-case "
               "instance (tight). `worst m/b` is the largest measured/bound over the run (the smallest "
               "for lower bounds): how close the theorem comes to this problem. Rates are per-step "
               "factors fitted over the second half of the run (measured / the bound's / the "
               "asymptotically tight one); orders are slopes of -log q against log t.\n\n",
            path);
    fprintf(f, "| optimizer | theorem | problem | quantity | t | measured | bound | worst m/b | "
               "rate or order | verdict |\n|---|---|---|---|---|---|---|---|---|---|\n");
    size_t pass = 0, fail = 0, shown_n = 0;
    for (size_t i = 0; i < rep->n; i++) {
        const ds_verify_row *r = &rep->rows[i];
        const ds_check *c = &r->check;
        if (c->verdict == DS_V_NA && !c->claimed)
            continue;
        pass += c->verdict == DS_V_PASS || c->verdict == DS_V_SHOWN;
        fail += c->verdict == DS_V_FAIL || c->verdict == DS_V_NOT_SHOWN;
        shown_n++;
        char m[32] = "", b[32] = "", w[32] = "", rate[64] = "", t[24] = "";
        if (c->last_iter >= 0)
            snprintf(t, sizeof t, "%ld", c->last_iter);
        if (c->verdict != DS_V_NA && c->th->kind != DS_TH_COUNTER) {
            fmt_num(c->measured, m, sizeof m);
            fmt_num(c->bound, b, sizeof b);
            fmt_num(c->worst_ratio, w, sizeof w);
            fmt_rate(c, rate, sizeof rate);
        }
        fprintf(f, "| `");
        md_escape(f, r->optimizer);
        fprintf(f, "` | %s%s | %s | %s | %s | %s | %s | %s | %s | %s%s%s", c->th->id, c->claimed ? "*" : "",
                r->problem, ds_quantity_name(c->th->quantity), t, m, b, w, rate,
                c->verdict == DS_V_NA ? "n/a" : ds_verdict_name(c->verdict), c->tight ? " (tight)" : "",
                *c->reason ? ": " : "");
        md_escape(f, c->reason);
        fprintf(f, " |\n");
    }
    fprintf(f, "\n%zu checks: %zu pass, %zu fail.\n\n## Loose textbook bounds\n\n"
               "The textbook bound against the exact one on the same run, at the last iteration, and "
               "their per-step rates.\n\n| optimizer | problem | textbook | exact | t | textbook/exact | "
               "rates textbook vs exact |\n|---|---|---|---|---|---|---|\n",
            shown_n, pass, fail);
    for (size_t i = 0; i < rep->n; i++) {
        const ds_verify_row *r = &rep->rows[i];
        for (size_t k = 0; k < sizeof loose_pairs / sizeof loose_pairs[0]; k++) {
            if (strcmp(r->check.th->id, loose_pairs[k][0]) || r->check.verdict != DS_V_PASS)
                continue;
            const ds_verify_row *e = find_row(rep, r->optimizer, r->problem, loose_pairs[k][1]);
            if (!e || e->check.verdict != DS_V_PASS || e->check.last_iter != r->check.last_iter ||
                !(e->check.bound > 0))
                continue;
            char rt[32], re[32];
            fmt_num(r->check.rate_thm, rt, sizeof rt);
            fmt_num(e->check.rate_thm, re, sizeof re);
            fprintf(f, "| `");
            md_escape(f, r->optimizer);
            fprintf(f, "` | %s | %s | %s | %ld | %.4g | %s vs %s |\n", r->problem, loose_pairs[k][0],
                    loose_pairs[k][1], r->check.last_iter, r->check.bound / e->check.bound, rt, re);
        }
    }
    if (fclose(f) || rename(tmp, path)) {
        ds_cli_error("verify: cannot write %s", path);
        remove(tmp);
        return DS_EXIT_FAIL;
    }
    return DS_EXIT_OK;
}

static int verify_main(int argc, char **argv);

static const ds_param verify_options[] = {
    {"optimizer", DS_P_STR, NULL, 0, 0, 0, "SPEC", "the optimizer to check (or --all)"},
    {"claim", DS_P_STR, NULL, 0, 0, DS_CLI_REPEAT, "ID", "check this theorem as claimed, even outside its conditions"},
    {"verbose", DS_P_BOOL, "0", 0, 1, 0, NULL, "also list the theorems that do not apply, with the reason"},
    {"all", DS_P_BOOL, "0", 0, 1, 0, NULL, "every registered optimizer (reference step sizes)"},
    {"report", DS_P_STR, NULL, 0, 0, DS_CLI_OUT, "FILE.md", "with --all: write the Markdown table of every check"},
    {NULL, 0, NULL, 0, 0, 0, NULL, NULL},
};

const ds_cli_cmd ds_cli_verify = {
    "verify", "check an optimizer against the theorems on the theory battery", NULL, 0, 0,
    "Runs the optimizer on the theory battery (quadratics across kappa, the worst-case\n"
    "instances, data problems, Rosenbrock) and checks every theorem it claims and every\n"
    "theorem that applies: upper bounds measured <= bound (1+1e-9) at every iteration,\n"
    "lower bounds measured >= bound (1-1e-9), tight ones to 1e-9 on their worst case.\n"
    "Give --optimizer SPEC or --all. Exit status 1 when a claimed bound is violated.\n"
    "Theorems: descent list theorems.",
    verify_options, "descent verify --optimizer 'gd:lr=1/L'", verify_main};

/* The --claim ids, each a known theorem. */
static int read_claims(const ds_cli_args *a, const char **claims, size_t cap, size_t *n)
{
    *n = 0;
    for (const char *id; (id = ds_arg_nth(a, "claim", *n)); (*n)++) {
        if (*n == cap) {
            ds_cli_error("verify: more than %zu --claim", cap);
            return -1;
        }
        if (!ds_theorem_find(id)) {
            ds_cli_error("verify: unknown theorem '%s' (see descent list theorems)", id);
            return -1;
        }
        claims[*n] = id;
    }
    return 0;
}

static int verify_main(int argc, char **argv)
{
    ds_cli_args a;
    const char *claims[64];
    size_t nclaims = 0;
    int rc = ds_cli_parse(&ds_cli_verify, argc, argv, &a);
    if (!rc && read_claims(&a, claims, sizeof claims / sizeof claims[0], &nclaims))
        rc = -1;
    const char *opt = ds_arg_str(&a, "optimizer"), *report = ds_arg_str(&a, "report");
    int all = ds_arg_on(&a, "all"), verbose = ds_arg_on(&a, "verbose");
    ds_cli_args_free(&a);
    if (rc)
        return rc > 0 ? DS_EXIT_OK : DS_EXIT_USAGE;
    if (!all == !opt) {
        ds_cli_error("verify: give --optimizer SPEC or --all (see descent verify --help)");
        return DS_EXIT_USAGE;
    }
    ds_verify_report rep = {0};
    int status = DS_EXIT_OK;
    if (opt) {
        status = run_one(opt, claims, nclaims, &rep, 1, verbose);
    } else {
        for (const char *const *s = reference_specs; *s && status == DS_EXIT_OK; s++) {
            char name[DS_NAME_MAX];
            snprintf(name, sizeof name, "%.*s", (int)strcspn(*s, ":"), *s);
            if (ds_optimizer_find(name))
                status = run_one(*s, claims, nclaims, &rep, !report, verbose);
        }
        for (const ds_optimizer_type *const *t = ds_optimizers; *t && status == DS_EXIT_OK; t++) {
            int listed = 0;
            for (const char *const *s = reference_specs; *s; s++)
                listed |= strncmp(*s, (*t)->name, strlen((*t)->name)) == 0 &&
                          ((*s)[strlen((*t)->name)] == ':' || (*s)[strlen((*t)->name)] == '\0');
            if (!listed)
                status = run_one((*t)->name, claims, nclaims, &rep, !report, verbose);
        }
        if (status == DS_EXIT_OK && report)
            status = write_report(report, &rep);
        if (status == DS_EXIT_OK)
            printf("%zu checks; claimed bounds violated: %zu; other bounds violated: %zu%s%s\n", rep.n,
                   rep.claimed_fail, rep.other_fail, report ? "; wrote " : "", report ? report : "");
    }
    if (status == DS_EXIT_OK && rep.claimed_fail > 0)
        status = DS_EXIT_FAIL;
    ds_verify_report_free(&rep);
    return status;
}
