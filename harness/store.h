/* The HDF5 store: one file per command, written by one thread through a
 * temporary file renamed into place, so a reader never sees half a file.
 *
 * Layout (README.md, "Result files"): root attributes `version`, `command` (and any
 * provenance given as meta); one group per run under /runs/, named by the
 * run id in hex, with attributes problem, optimizer, schedule, seed,
 * status, f_star, L, mu, dim (and the run's counters) and datasets iter,
 * f, f_gap, grad_norm, lr, grad_evals, epochs, and x (T x dim) when
 * dim <= 3. */
#ifndef DS_STORE_H
#define DS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "../core/error.h"
#include "../engine/run.h"

#define DS_FORMAT_VERSION "descent-h5 1"

typedef struct ds_meta {
    const char *key, *value;
} ds_meta;

/* Write results [0, n) and root attributes; meta[0..nmeta) are extra root
 * string attributes (provenance). */
int ds_store_write(const char *path, const char *command, const ds_meta *meta, size_t nmeta,
                   const ds_result *res, size_t n, ds_err *err);

/* The same file built run by run, for a suite that checkpoints: open
 * (root attributes, nothing on disk yet), add each run once as it ends,
 * commit whenever the file on disk should catch up (every commit writes
 * the whole file through a temporary and a rename), close. One thread at a
 * time: HDF5 is not thread-safe. An open writer holds a lock on
 * `<path>.lock`: a second writer of the same path, in any process, is
 * refused; temporaries of processes that no longer exist are removed. */
typedef struct ds_store_writer ds_store_writer;
int ds_store_open(ds_store_writer **w, const char *path, const char *command, const ds_meta *meta,
                  size_t nmeta, ds_err *err);
int ds_store_add(ds_store_writer *w, const ds_result *r, ds_err *err);
int ds_store_commit(ds_store_writer *w, ds_err *err);
void ds_store_close(ds_store_writer *w);
/* A commit in two halves, so that the disk write can leave the lock that
 * serialises HDF5: a copy of the image as it stands (malloc'd; the caller
 * frees it), and the write of an image through a temporary and a rename.
 * Any thread may write images, one at a time, the newest last. */
int ds_store_snapshot(ds_store_writer *w, void **image, size_t *size, ds_err *err);
int ds_store_write_image(const char *path, const void *image, size_t size, ds_err *err);
const char *ds_store_path(const ds_store_writer *w);

/* Refuse an output path that is empty or names something other than a
 * regular file (a device such as /dev/null, a directory, a symbolic link, a
 * pipe): the result file would replace it. A new path is fine. Writers
 * check it themselves; a command checks it early to fail before working. */
int ds_store_check_out(const char *path, ds_err *err);

/* Read every run back (traces included). *out is an array of *n results to
 * release with ds_store_free. */
int ds_store_read(const char *path, ds_result **out, size_t *n, ds_err *err);

/* The same for the runs whose id keep(id, user) accepts; the others are
 * not read. */
typedef int (*ds_store_keep_fn)(uint64_t id, void *user);
int ds_store_read_some(const char *path, ds_store_keep_fn keep, void *user, ds_result **out, size_t *n,
                       ds_err *err);
void ds_store_free(ds_result *res, size_t n);

/* Read one root string attribute into buf ("" when absent). */
int ds_store_root_attr(const char *path, const char *key, char *buf, size_t size, ds_err *err);

/* A 64-bit digest of everything a run stores (its id included) but its
 * run time `seconds`, which differs from one machine to the next; written
 * with each run and checked by ds_store_read. */
uint64_t ds_result_digest(const ds_result *r);

/* Parse a status name back. */
ds_status ds_status_parse(const char *name);

#endif
