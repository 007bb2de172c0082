#include "progress.h"

#include <math.h>
#include <time.h>

static double monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void ds_run_progress_init(ds_run_progress *pr, FILE *out, int tty, const char *label)
{
    *pr = (ds_run_progress){.out = out, .tty = tty, .label = label ? label : "run", .delay = 2.0,
                            .every = tty ? 0.5 : 10.0, .clock = monotonic};
}

static int pr_start(void *ctx, const ds_run_info *info, ds_err *err)
{
    (void)err;
    ds_run_progress *pr = ctx;
    pr->max_iters = info->max_iters;
    pr->t = 0;
    pr->t0 = pr->last = pr->clock();
    pr->gap = NAN;
    pr->gap_is_f = !isfinite(info->problem->f_star);
    pr->printed = 0;
    return DS_OK;
}

static void note(ds_run_progress *pr, const ds_observation *o)
{
    pr->t = o->t;
    if (o->exact)
        pr->gap = pr->gap_is_f ? o->f : o->f - o->problem->f_star;
}

static void line(ds_run_progress *pr, double now, const char *end)
{
    fprintf(pr->out, "%s%s: iteration %ld/%ld (%.0f%%), %s %.6e, %.1f s%s", pr->tty ? "\r" : "", pr->label,
            pr->t, pr->max_iters, pr->max_iters > 0 ? 100.0 * (double)pr->t / (double)pr->max_iters : 100.0,
            pr->gap_is_f ? "f" : "f - f*", pr->gap, now - pr->t0, end);
    fflush(pr->out);
    pr->printed = 1;
    pr->last = now;
}

static void pr_visit(void *ctx, const ds_observation *o)
{
    note(ctx, o);
}

/* The clock is read every 256 steps only: a step can take nanoseconds. */
static void pr_leave(void *ctx, const ds_observation *o)
{
    ds_run_progress *pr = ctx;
    note(pr, o);
    if (!pr->out || o->t % 256 != 0)
        return;
    double now = pr->clock();
    if (now - pr->t0 >= pr->delay && now - pr->last >= pr->every)
        line(pr, now, pr->tty ? "\033[K" : "\n");
}

static void pr_finish(void *ctx, const ds_observation *last, int status)
{
    (void)status;
    ds_run_progress *pr = ctx;
    if (!last || !pr->out || !pr->printed)
        return;
    note(pr, last);
    line(pr, pr->clock(), pr->tty ? "\033[K\n" : "\n");
}

ds_observer ds_run_progress_observer(ds_run_progress *pr)
{
    return (ds_observer){.ctx = pr, .start = pr_start, .visit = pr_visit, .leave = pr_leave,
                         .finish = pr_finish};
}
