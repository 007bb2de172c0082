/* Progress of a suite on stderr: a bar redrawn in place when the stream is
 * a terminal (runs done, total, ETA), plain lines otherwise (every 10% or
 * every 5 s), so a log file stays readable. An observer: the runner calls
 * it, nothing in a run depends on it. Times are passed in, so tests can
 * drive it. */
#ifndef DS_PROGRESS_H
#define DS_PROGRESS_H

#include <stddef.h>
#include <stdio.h>

typedef struct ds_progress {
    FILE *out;           /**< NULL: silent */
    int tty;             /**< redraw a bar in place */
    size_t total;        /**< runs in the work list */
    size_t start_done;   /**< runs already complete when it began (resume) */
    size_t done;
    double t0, last;     /**< start, last line printed */
    int last_tenth;      /**< last 10% step printed (plain lines) */
} ds_progress;

void ds_progress_init(ds_progress *p, FILE *out, int tty, size_t total, size_t done, double now);
void ds_progress_update(ds_progress *p, size_t done, double now);
/* The set-up line: instances built and the time building them, apart
 * from the time in the runs' loops (both summed over threads). */
void ds_progress_setup(ds_progress *p, size_t builds, double setup_seconds, double run_seconds);

/* The closing line. */
void ds_progress_end(ds_progress *p, double now);

/* Seconds on a monotonic clock. */
double ds_now(void);

#endif
