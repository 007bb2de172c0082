/* Shared machinery of the data-driven families (lstsq, logreg, softmax):
 * the data parameters, loading and preparing a data file, the extreme
 * eigenvalues of A'A/n, a dense Cholesky solve and the Newton reference
 * solver that gives their x* and f* to near machine precision. Not a
 * catalog member. */
#ifndef DS_FINITE_SUM_H
#define DS_FINITE_SUM_H

#include <stddef.h>

#include "../core/data.h"
#include "../core/kernels.h"
#include "../core/problem.h"

/* Loss targets: regression centres the target when standardizing. */
enum { FS_REGRESSION = 1, FS_CLASSIFICATION = 0 };

/* Load `data` (a short name or a path), standardize it as `standardize`
 * says (auto: CSV yes, LIBSVM no), then nothing else: the caller maps
 * labels and adds the intercept (fs_finish). `who` names the problem in
 * messages. */
int fs_load(const ds_values *v, const char *who, int regression, ds_data *dt, ds_err *err);

/* Refuse standardize=1 for synthetic data (it would undo the designed
 * spectrum), then add the intercept column when asked. */
int fs_check_synthetic(const ds_values *v, const char *who, ds_err *err);
int fs_finish(const ds_values *v, ds_data *dt, ds_err *err);

/* The reference constants and solutions are dense O(d^3) computations:
 * beyond this many unknowns they are refused (DS_ENOTSUP) rather than
 * left to run for minutes. */
#define FS_DENSE_MAX_DIM 2000

/* Extreme eigenvalues of A'A/n (A is n x d, row-major), by a dense
 * symmetric eigensolve of the d x d Gram matrix formed by ds_gram; gram
 * (d x d, may be NULL) receives that Gram matrix. */
int fs_gram_extremes(const char *who, const double *A, size_t n, size_t d, double *lmin, double *lmax, double *gram,
                     ds_err *err);

/* Newton's method with Armijo backtracking from x (in/out) on a strongly
 * convex problem whose dense Hessian ds_problem_hessian provides; stops
 * when the gradient norm no longer decreases or is below 1e-15 * max(1,
 * ||g(x0)||). Refuses (DS_ENUM) when the iterates run away (no
 * minimizer). *gnorm gets the final gradient norm. */
int fs_newton(ds_problem *p, double *x, double *gnorm, ds_err *err);

/* Newton-CG (Nocedal & Wright, Algorithm 7.1) from x (in/out): each step
 * solves H dx = -g by CG on the problem's Hessian-vector products,
 * preconditioned by M (d x d, symmetric positive definite, overwritten by
 * its Cholesky factor), to the forcing tolerance min(0.5, sqrt(||g|| /
 * ||g0||)) ||g||, then Armijo backtracking; it stops when the gradient
 * norm no longer decreases. No Hessian is formed: a step costs a few
 * passes over the data instead of one n d^2 product. *gnorm gets the
 * final gradient norm, which bounds f(x) - f* by gnorm^2 / (2 mu). */
int fs_newton_pcg(ds_problem *p, double *M, double *x, double *gnorm, ds_err *err);

/* Set x0 from the `x0` list parameter: none gives def (zeros when def is
 * NULL), one value is repeated, else exactly dim values. The small
 * analytic functions use it too. */
int fs_start(ds_problem *p, const ds_values *v, const char *who, const double *def, ds_err *err);

/* Per-row loss of a margin m_i = a_i'x: returns loss_i and sets *deriv to
 * d loss_i / d m_i. */
typedef double (*fs_row_fn)(const void *ctx, size_t i, double margin, double *deriv);

/* One pass over the rows of X (n x d, row-major), row by row: the
 * margin m_i = a_i'x by ds_dot, its loss and derivative r_i, then
 * gsum += r_i a_i by ds_axpy while the row is still in L1 (two rows a
 * sweep, ds_axpy2_dot2), with the lines of rows some 16 KiB on asked for
 * meanwhile, so a full gradient reads the data once from memory. Rows go in index order with the fixed-order
 * kernels of vec.h, the loss sum too: the same bits on every machine.
 * Returns sum_i loss_i; gsum (d, may be NULL for f alone) receives
 * sum_i r_i a_i. */
double fs_fused_pass(const double *X, size_t n, size_t d, const double *x, fs_row_fn row, const void *ctx,
                     double *gsum);

/* The data matrix again, each row starting on a cache line (its stride
 * ld is d rounded up to a multiple of 8, the padding zero), built once
 * with the instance where a full gradient goes row by row over data from
 * memory: the pass's vector loads then never straddle two lines, which
 * measured 11-26% faster (a standalone pass at d = 500) than rows at 16
 * bytes past a line. */
typedef struct {
    double *R;      /**< n rows of ld, the first d of each the row */
    size_t n, d, ld;
} fs_rows;

/* 1 when an n x d matrix is worth the copy: 8 MiB and more. */
int fs_rows_pay(size_t n, size_t d);
int fs_rows_build(fs_rows *rw, const double *X, size_t n, size_t d, ds_err *err);
void fs_rows_free(fs_rows *rw);

/* fs_fused_pass over those rows: the same bits (a row's values do not
 * depend on where it lies). */
double fs_rows_pass(const fs_rows *rw, const double *x, fs_row_fn row, const void *ctx, double *gsum);

/* The data matrix in panels of DS_PANEL rows (core/kernels.h), built
 * once with the instance: logreg's gradients (full and mini-batch) use
 * them instead of fs_fused_pass, except at the shapes where the row pass
 * is faster (logreg.c). They start on a cache line, so that each panel
 * column is four whole lines: a breast_cancer pass measured 1.2x faster
 * than with the panels 16 bytes past a line. */
typedef struct {
    double *P;      /**< count panels of DS_PANEL x d, column by column */
    size_t n, d, count;
} fs_panels;

int fs_panels_build(fs_panels *pn, const double *X, size_t n, size_t d, ds_err *err);
void fs_panels_free(fs_panels *pn);

/* The losses of rows consecutive rows (whole panels) from their margins:
 * z[0..rows) holds the margins and receives the losses, deriv the
 * derivatives d loss / d margin; y[0..rows) are the rows' targets (0 past
 * the last row, whose values the pass discards). Each entry must depend
 * on its own row alone. */
typedef void (*fs_panel_fn)(const void *ctx, const double *y, double *z, double *deriv, size_t rows);

/* The most rows one call of an fs_panel_fn gets. */
#define FS_GROUP_ROWS (8 * DS_PANEL)

/* One pass over the panels in order: margins (ds_panel_margins), the
 * losses by fn (one call for a group of panels that fits in L1), the
 * loss sum and gsum = sum_i r_i a_i in eight partial sums by row
 * (ds_panel_lanes, the loss by the same rule), each combined by vec.h's
 * tree. Returns the loss sum; gsum (d) may be NULL for f
 * alone. NaN when the calling thread's scratch is short. */
double fs_panel_pass(const fs_panels *pn, const double *y, const double *x, fs_panel_fn fn, const void *ctx,
                     double *gsum);

/* The same over rows idx[0..m) of X (row-major, n x d) in the order of
 * idx, gathered a panel at a time: over every row in index order it is
 * fs_panel_pass bit for bit. */
double fs_panel_batch(const double *X, const double *y, size_t d, const size_t *idx, size_t m, const double *x,
                      fs_panel_fn fn, const void *ctx, double *gsum);

size_t fs_block_rows(size_t d);

/* Scratch for the mini-batch passes, allocated with the problem so that a
 * step allocates nothing: a block of fs_block_rows(d) gathered rows and
 * extra doubles per row (margins, or k scores for softmax). */
typedef struct {
    double *rows;   /**< cap x d gathered rows */
    double *out;    /**< cap x per_row: margins or scores */
    size_t cap;     /**< rows the block holds */
} fs_batch_ws;

int fs_batch_ws_init(fs_batch_ws *w, size_t d, size_t per_row, ds_err *err);
void fs_batch_ws_free(fs_batch_ws *w);

/* The same block in the calling thread's scratch (core/scratch.h), so that
 * threads evaluating one shared instance never write to it: slots
 * FS_SCRATCH_ROWS and FS_SCRATCH_OUT. Returns -1 when out of memory. */
enum { FS_SCRATCH_LANES = 5, FS_SCRATCH_ROWS = 6, FS_SCRATCH_OUT = 7 };
int fs_batch_ws_thread(fs_batch_ws *w, size_t d, size_t per_row);

/* When scratch is short: fill v (d values, may be NULL) with NaN and
 * return NaN, so the runner stops the run as diverged instead of reading
 * garbage. */
double fs_nan(size_t d, double *v);

/* Gather rows idx[0..m) of X (n x d) into w->rows, at most w->cap of them
 * starting at idx[k0]; returns how many. Contiguous rows let one
 * matrix-vector (or matrix-matrix) product read the whole block from cache. */
size_t fs_gather(const double *X, size_t d, const size_t *idx, size_t m, size_t k0, fs_batch_ws *w);

/* The mini-batch analogue of fs_fused_pass over rows idx[0..m), in the
 * order of idx, row by row: returns sum_k loss_{idx[k]}, and gsum (d)
 * receives sum_k r_k a_{idx[k]}; over every row in index order it is
 * fs_fused_pass bit for bit. */
double fs_batch_pass(const double *X, size_t d, const size_t *idx, size_t m, const double *x, fs_row_fn row,
                     const void *ctx, double *gsum);

/* g = scale g + lambda x, in one pass (the finishing step of a finite-sum
 * gradient: mean of the data term plus the L2 term). */
void fs_scale_add(size_t d, double scale, double *g, double lambda, const double *x);

#endif
