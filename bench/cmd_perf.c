/* descent perf [--out FILE.md] [--quick]: the benchmark behind `make perf`.
 * Everything is measured side by side in one process and reported as
 * ratios: gradient time against the one-pass bandwidth limit, optimizer
 * step time in passes over memory. Not a test: timings are noisy, so each
 * figure is a median of repeated timings. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "../core/optimizer.h"
#include "../core/problem.h"
#include "cli.h"
#include "perf.h"

typedef struct {
    FILE *out;
    int quick;
    double bandwidth;
} perf_ctx;

static void header(perf_ctx *c)
{
    struct utsname u;
    uname(&u);
    char date[64];
    time_t now = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", gmtime(&now));
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    fprintf(c->out, "# Performance\n\nMeasured by `make perf` (`build/descent perf`) on %s, %s %s, %ld cores, %s.\n"
                    "Every figure is the median of repeated timings in one process; ratios compare\n"
                    "numbers measured side by side.\n\n",
            u.nodename, u.sysname, u.machine, cores, date);
}

static void bandwidth(perf_ctx *c)
{
    size_t bytes = (size_t)(c->quick ? 64 : 512) << 20;
    c->bandwidth = ds_perf_read_bandwidth(bytes, c->quick ? 5 : 11);
    fprintf(c->out, "## 1. Read bandwidth\n\nOne vectorised pass (BLAS dasum) over %zu MiB: **%.2f GB/s**.\n\n",
            bytes >> 20, c->bandwidth / 1e9);
}

static void gradients(perf_ctx *c)
{
    static const char *const specs[] = {"lstsq:n=20000,d=500", "logreg:n=20000,d=500"};
    fprintf(c->out, "## 2. Full gradient against the bandwidth limit\n\n"
                    "The limit is one read of the data matrix at the measured bandwidth.\n\n"
                    "| problem | matrix | time per f+grad | one-pass limit | fraction of limit |\n"
                    "|---|---|---|---|---|\n");
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        double s, bytes;
        char msg[DS_ERRMSG_MAX];
        if (ds_perf_gradient(specs[i], c->quick ? 3 : 15, &s, &bytes, msg, sizeof msg)) {
            fprintf(c->out, "| `%s` | - | not measured: %s | | |\n", specs[i], msg);
            continue;
        }
        double limit = bytes / c->bandwidth;
        fprintf(c->out, "| `%s` | %.1f MB | %.3f ms | %.3f ms | %.0f%% |\n", specs[i], bytes / 1e6, 1e3 * s,
                1e3 * limit, 100.0 * limit / s);
    }
    fprintf(c->out, "\n");
}

static void steps(perf_ctx *c)
{
    size_t dim = c->quick ? 100000 : 1000000;
    double pass = (double)dim * sizeof(double) / c->bandwidth;
    fprintf(c->out, "## 3. Optimizer step cost on a %zu-dimensional diagonal quadratic\n\n"
                    "In passes over one vector of x's size (%.1f MB, %.3f ms at the measured bandwidth);\n"
                    "the gradient is given, so this is the update alone.\n\n"
                    "| optimizer | time per step | passes |\n|---|---|---|\n",
            dim, (double)dim * 8 / 1e6, 1e3 * pass);
    for (const ds_optimizer_type *const *t = ds_optimizers; *t; t++) {
        if ((*t)->flags & (DS_OPT_SELF | DS_OPT_NEEDS_MATRIX | DS_OPT_DENSE | DS_OPT_NEEDS_HVP))
            continue;
        double s;
        char msg[DS_ERRMSG_MAX];
        if (ds_perf_step((*t)->name, dim, c->quick ? 5 : 21, &s, msg, sizeof msg))
            fprintf(c->out, "| `%s` | not measured: %s | |\n", (*t)->name, msg);
        else
            fprintf(c->out, "| `%s` | %.3f ms | %.1f |\n", (*t)->name, 1e3 * s, s / pass);
    }
    fprintf(c->out, "\n");
}

int ds_cmd_perf(int argc, char **argv)
{
    static const struct option longs[] = {{"out", required_argument, 0, 'o'},
                                          {"quick", no_argument, 0, 'q'},
                                          {"help", no_argument, 0, 'h'},
                                          {0, 0, 0, 0}};
    const char *path = "results/perf.md";
    perf_ctx c = {0};
    opterr = 0;
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
        switch (ch) {
        case 'o': path = optarg; break;
        case 'q': c.quick = 1; break;
        case 'h':
            printf("usage: descent perf [--out FILE.md] [--quick]\n"
                   "  Measures read bandwidth, gradient time against the one-pass limit and\n"
                   "  optimizer step costs; writes a Markdown report (default results/perf.md).\n");
            return DS_EXIT_OK;
        case ':': ds_cli_error("perf: %s needs a value", argv[optind - 1]); return DS_EXIT_USAGE;
        default: ds_cli_error("perf: unknown option '%s'", argv[optind - 1]); return DS_EXIT_USAGE;
        }
    }
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    c.out = fopen(tmp, "w");
    if (!c.out) {
        ds_cli_error("perf: cannot write '%s'", tmp);
        return DS_EXIT_FAIL;
    }
    header(&c);
    bandwidth(&c);
    fprintf(stderr, "perf: bandwidth %.2f GB/s\n", c.bandwidth / 1e9);
    gradients(&c);
    fprintf(stderr, "perf: gradients done\n");
    steps(&c);
    if (fclose(c.out) != 0 || rename(tmp, path) != 0) {
        unlink(tmp);
        ds_cli_error("perf: cannot write '%s'", path);
        return DS_EXIT_FAIL;
    }
    fprintf(stderr, "perf: wrote %s\n", path);
    return DS_EXIT_OK;
}
