/* Progress display (progress.h). */
#include "progress.h"

#include <time.h>

double ds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void fmt_eta(double s, char *buf, size_t size)
{
    if (!(s >= 0) || s > 1e7)
        snprintf(buf, size, "--:--");
    else if (s >= 3600)
        snprintf(buf, size, "%d:%02d:%02d", (int)s / 3600, (int)s / 60 % 60, (int)s % 60);
    else
        snprintf(buf, size, "%d:%02d", (int)s / 60, (int)s % 60);
}

/* Remaining time from this session's pace (runs kept by a resume are free). */
static double eta(const ds_progress *p, double now)
{
    size_t ran = p->done - p->start_done, left = p->total - p->done;
    return ran ? (now - p->t0) / (double)ran * (double)left : -1;
}

void ds_progress_init(ds_progress *p, FILE *out, int tty, size_t total, size_t done, double now)
{
    *p = (ds_progress){.out = out, .tty = tty, .total = total, .start_done = done, .done = done,
                       .t0 = now, .last = now, .last_tenth = total ? (int)(10 * done / total) : 10};
    if (out && !tty)
        fprintf(out, "descent bench: %zu runs to do (%zu already complete)\n", total - done, done);
}

static void draw_bar(ds_progress *p, double now)
{
    char e[32];
    fmt_eta(eta(p, now), e, sizeof e);
    int width = 30, fill = p->total ? (int)((double)width * (double)p->done / (double)p->total) : width;
    fputc('\r', p->out);
    fputc('[', p->out);
    for (int i = 0; i < width; i++)
        fputc(i < fill ? '#' : ' ', p->out);
    fprintf(p->out, "] %zu/%zu runs  ETA %s ", p->done, p->total, e);
    fflush(p->out);
}

static void plain_line(ds_progress *p, double now)
{
    char e[32];
    fmt_eta(eta(p, now), e, sizeof e);
    fprintf(p->out, "descent bench: %zu/%zu runs (%.0f%%), %.1f s, ETA %s\n", p->done, p->total,
            p->total ? 100.0 * (double)p->done / (double)p->total : 100.0, now - p->t0, e);
    fflush(p->out);
}

void ds_progress_update(ds_progress *p, size_t done, double now)
{
    p->done = done;
    if (!p->out)
        return;
    if (p->tty) {
        if (now - p->last >= 0.1 || done == p->total) {
            draw_bar(p, now);
            p->last = now;
        }
        return;
    }
    int tenth = p->total ? (int)(10 * done / p->total) : 10;
    if (tenth > p->last_tenth || now - p->last >= 5.0) {
        plain_line(p, now);
        p->last_tenth = tenth;
        p->last = now;
    }
}

void ds_progress_setup(ds_progress *p, size_t builds, double setup_seconds, double run_seconds)
{
    if (!p->out)
        return;
    if (p->tty)
        fputc('\n', p->out);
    fprintf(p->out, "descent bench: set-up %.2f s building %zu problem instance%s, runs %.2f s (summed over threads)\n",
            setup_seconds, builds, builds == 1 ? "" : "s", run_seconds);
    fflush(p->out);
}

void ds_progress_end(ds_progress *p, double now)
{
    if (!p->out)
        return;
    if (p->tty) {
        draw_bar(p, now);
        fputc('\n', p->out);
    }
    fprintf(p->out, "descent bench: %zu/%zu runs complete in %.1f s\n", p->done, p->total, now - p->t0);
    fflush(p->out);
}
