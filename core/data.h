/* Data sets for the finite-sum problems: a dense, row-major n x d feature
 * matrix and one target (a label or a response) per sample, read from CSV,
 * whitespace-separated or LIBSVM text, plain or gzip-compressed.
 *
 * Formats, detected from the first data line:
 *   - LIBSVM: `label idx:val idx:val ...`, indices 1-based and increasing,
 *     absent entries are 0; d = the largest index seen.
 *   - CSV (commas) or whitespace-separated numbers: the last column is the
 *     target. A first line that is not all numbers is a header and skipped.
 * Every malformed line is an error naming file:line and the offending
 * token. The file is read twice (count, then fill), so a matrix that would
 * not fit in memory is refused before anything large is allocated. */
#ifndef DS_DATA_H
#define DS_DATA_H

#include <stddef.h>

#include "csr.h"
#include "error.h"

typedef enum ds_data_format {
    DS_DATA_CSV = 0,     /**< commas or whitespace; target = last column */
    DS_DATA_LIBSVM = 1   /**< sparse `label idx:val` */
} ds_data_format;

typedef struct ds_data {
    size_t n, d;              /**< samples, features */
    double *X;                /**< n x d, row-major */
    double *y;                /**< n targets */
    ds_data_format format;
    char path[1024];          /**< the file actually read */
    /* Appended for sparse data: */
    size_t nnz;               /**< LIBSVM entries written in the file */
    ds_csr csr;               /**< ds_data_load_csr: the features, X is then NULL */
} ds_data;

/* Find a data set: `name` as a path when such a file exists; otherwise,
 * when it has no '/', data/NAME, data/NAME.csv, data/NAME.csv.gz or
 * data/NAME.txt, looked up relative to the current directory, then to the
 * parent and grandparent of the running binary's directory (so
 * build/descent finds data/ from anywhere). */
int ds_data_resolve(const char *name, char *path, size_t size, ds_err *err);

/* Read a resolved or raw name into out (zeroed first; free with
 * ds_data_free). */
int ds_data_load(const char *name, ds_data *out, ds_err *err);

void ds_data_free(ds_data *data);

/* Only the counting pass: path, format, n, d and (LIBSVM) nnz, no arrays;
 * to choose dense or sparse storage before reading the file. */
int ds_data_peek(const char *name, ds_data *out, ds_err *err);

/* Read a LIBSVM file into out->csr (n x d, the entries as written) and
 * out->y, never forming the dense matrix; a CSV file is refused. */
int ds_data_load_csr(const char *name, ds_data *out, ds_err *err);

/* Centre every feature and scale it to unit population variance (ddof 0);
 * a constant feature is centred (to 0) and left unscaled. With
 * center_target, the targets are centred as well (regression). */
void ds_data_standardize(ds_data *data, int center_target);

/* Append a constant feature 1 as the last column (after any
 * standardization, so it stays 1). */
int ds_data_add_intercept(ds_data *data, ds_err *err);

/* Map two-valued targets to -1 (the smaller value) and +1 (the larger);
 * anything else is an error naming the first extra value and its line. */
int ds_data_binary_labels(ds_data *data, ds_err *err);

/* Map targets to classes 0..k-1 in increasing order of value; targets must
 * be whole numbers and at most max_classes distinct. */
int ds_data_class_labels(ds_data *data, size_t max_classes, size_t *k, ds_err *err);

#endif
