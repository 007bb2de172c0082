/* The scaling study of `descent perf`: how the costs grow with the work.
 * Cost of one full gradient against nnz (sparse) and n d (dense), set-up
 * time against the size of the data, the time of a suite against the number
 * of runs sharing one instance, each with its fitted exponent (the slope of
 * log time on log size, least squares), and an end-to-end sparse logistic
 * regression with d = 10^6 and 10^7 non-zeros. */
#ifndef DS_SCALING_H
#define DS_SCALING_H

#include <stdio.h>

/* Write the study as Markdown section `section` to md, and the points for
 * the figure to dat (gnuplot blocks: sparse gradients, dense gradients,
 * set-up, suites; NULL: none). bandwidth: the machine's one-pass read
 * bandwidth in bytes/s. quick: smaller sizes. Returns 0, or -1 with msg. */
int ds_scaling_study(FILE *md, FILE *dat, int section, double bandwidth, int quick, double *sparse_share, char *msg,
                     size_t msgsize);

/* The slope of log y on log x by least squares over n points. */
double ds_scaling_exponent(const double *x, const double *y, int n);

#endif
