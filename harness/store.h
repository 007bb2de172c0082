/* The HDF5 store: one file per command, written by one thread through a
 * temporary file renamed into place, so a reader never sees half a file.
 *
 * Layout, version 2 (README.md, "Result files"; docs/results.md): root
 * attributes `format_version` (2), `command` and the provenance given as
 * meta; /runs, a table with a row per run (its specs, seed, status,
 * constants, counters, digest, `start` and `count` of its rows in
 * /trajectory, and a column per optimizer and schedule parameter, opt_lr,
 * sched_gamma, NaN where a run's method has none); /trajectory, a table
 * with a row per record (run, iter, f, f_gap, grad_norm, lr, grad_evals,
 * epochs, dist); /x, the iterates of runs with xdim > 0 (at most 3
 * coordinates), rows aligned with /trajectory; /x_final, each run's final
 * point from its row's x_final_start (-1: none). */
#ifndef DS_STORE_H
#define DS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "../core/error.h"
#include "../engine/run.h"

#define DS_FORMAT_VERSION 2

/* A result file's first bytes: an HDF5 user block holding the file's
 * check (its format, length and SHA-256), verified by every reader before
 * HDF5 reads a byte. HDF5 and the tools built on it skip it. */
#define DS_CHECK_BLOCK 512

/* A provenance root attribute: a string, or a 64-bit integer when
 * `integer` is set and the value is a whole number. */
typedef struct ds_meta {
    const char *key, *value;
    int integer;
} ds_meta;

/* 1 (the default): numeric datasets' chunks are filtered on all threads
 * and written with H5Dwrite_chunk; 0: everything through H5Dwrite. The
 * file's bytes are the same either way (tests check it). */
extern int ds_store_direct_chunks;

/* Write results [0, n) and root attributes; meta[0..nmeta) are extra root
 * attributes (provenance). */
int ds_store_write(const char *path, const char *command, const ds_meta *meta, size_t nmeta,
                   const ds_result *res, size_t n, ds_err *err);

/* The same file built run by run, for a suite that checkpoints: open
 * (root attributes, nothing on disk yet), add each run once as it ends (a
 * copy is kept; an id added twice is refused), commit whenever the file on
 * disk should catch up (every commit builds and writes the whole file,
 * rows in the order of the run ids, through a temporary and a rename:
 * the same runs give the same bytes), close. One thread at a
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

/* Read every run back (traces included), in the order of their ids. *out
 * is an array of *n results to release with ds_store_free. A file of
 * another format version is refused with a message saying how to write
 * it again. */
int ds_store_read(const char *path, ds_result **out, size_t *n, ds_err *err);

/* The same for the runs whose id keep(id, user) accepts; the others are
 * not read. */
typedef int (*ds_store_keep_fn)(uint64_t id, void *user);
int ds_store_read_some(const char *path, ds_store_keep_fn keep, void *user, ds_result **out, size_t *n,
                       ds_err *err);
void ds_store_free(ds_result *res, size_t n);

/* Renew the check block of a result file changed on purpose through HDF5
 * (its format and command kept): the file is then read as it now is, and
 * only the checks behind the block (shapes, types, run digests) judge it. */
int ds_store_seal(const char *path, ds_err *err);

/* Read one root attribute into buf as text ("" when absent; an integer
 * in decimal). */
int ds_store_root_attr(const char *path, const char *key, char *buf, size_t size, ds_err *err);

/* A 64-bit digest of everything a run stores (its id included) but its
 * run time `seconds`, which differs from one machine to the next; written
 * with each run and checked by ds_store_read. */
uint64_t ds_result_digest(const ds_result *r);

/* Parse a status name back. */
ds_status ds_status_parse(const char *name);

#endif
