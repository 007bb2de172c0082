/* Dense matrix kernels of our own (row-major), deterministic by
 * construction like the vector kernels of vec.h: the order of every sum
 * is fixed by this source, so the results are the same bits on every CPU,
 * with GCC or Clang, at -O2 or -O3, with or without -march=native.
 *
 * Two canonical orders, stated per kernel:
 *  - accumulating ("axpy") order: an output entry starts from its scaled
 *    old value (beta C, exactly 0 when beta == 0) and receives the terms
 *    (alpha a_ip) b_pj one at a time in increasing p. Blocking over rows
 *    and columns, or taking four p at a time in registers, leaves each
 *    entry's sequence of roundings unchanged; it equals the plain triple
 *    loop bit for bit.
 *  - dot order: an entry is alpha ds_dot(row, row) (+ beta C), the blocked
 *    dot product of vec.h.
 * Nothing here allocates, fails or prints. */
#ifndef DS_KERNELS_H
#define DS_KERNELS_H

#include <stddef.h>

/* y = A x (A is m x n, leading dimension lda): dot order. */
void ds_gemv_n(size_t m, size_t n, const double *A, size_t lda, const double *x, double *y);

/* y = beta y + sum_i (alpha x_i) A_i (A' x; A is m x n): accumulating
 * order over the rows i. beta == 0 sets y without reading it. */
void ds_gemv_t(size_t m, size_t n, double alpha, const double *A, size_t lda, const double *x, double beta,
               double *y);

/* C = beta C + alpha op(A) op(B), C is m x n, the inner dimension k.
 * ta: op(A) = A' (A stored k x m), else A (m x k); tb likewise for B.
 * tb == 0: accumulating order; tb == 1 (needs ta == 0): dot order,
 * C_ij = alpha dot(A_i, B_j) + beta C_ij. beta == 0 sets C without
 * reading it. */
void ds_gemm(int ta, int tb, size_t m, size_t n, size_t k, double alpha, const double *A, size_t lda,
             const double *B, size_t ldb, double beta, double *C, size_t ldc);

/* The Gram matrix C = beta C + sum_p w_p a_p a_p' of the rows a_p of A
 * (k x n), C n x n symmetric: accumulating order with the terms
 * (w_p a_pi) a_pj; only j <= i is computed and then mirrored, so C is
 * exactly symmetric. w == NULL means w_p = alpha for every row. */
void ds_gram(size_t k, size_t n, double alpha, const double *w, const double *A, size_t lda, double beta,
             double *C, size_t ldc);

/* A += alpha x y' (A is m x n): entries A_ij + (alpha x_i) y_j. */
void ds_ger(size_t m, size_t n, double alpha, const double *x, const double *y, double *A, size_t lda);

/* Panels: the rows of a data matrix in groups of DS_PANEL, each group
 * stored column by column (entry (r, j) of a panel at P[j * DS_PANEL + r]),
 * rows past the end of the matrix zero. A finite-sum gradient reads a
 * panel once from memory and once more from L1, and both of its products
 * run across the panel's rows in vector lanes, with no sum across lanes:
 *  - margins: z_r = sum_j a_rj x_j, a plain sequential sum over j for each
 *    row (one accumulator a row, starting from 0);
 *  - gradient: g_j = sum_i s_i a_ij with eight partial sums, row i of the
 *    whole pass (its position, counting padding rows of zeros as rows
 *    only within the last panel) in partial sum i mod 8, in increasing i,
 *    combined in vec.h's tree ((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7)).
 * DS_PANEL is a multiple of 8, so a row's partial sum does not depend on
 * how the rows are cut into panels. */
#define DS_PANEL 32

/* z[r] = sum_j P[j * DS_PANEL + r] x_j for the DS_PANEL rows of one
 * panel with d columns, in increasing j. */
void ds_panel_margins(size_t d, const double *P, const double *x, double *z);

/* lanes[8 j + q] += P[j * DS_PANEL + 8 b + q] s[8 b + q] for b = 0, 1, 2,
 * 3 in turn: the panel's rows into the eight partial sums of each of the
 * d columns. */
void ds_panel_lanes(size_t d, const double *P, const double *s, double *restrict lanes);

/* out[j] = ((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7)), l = lanes + 8 j. */
void ds_lanes_sum(size_t d, const double *lanes, double *out);

#endif
