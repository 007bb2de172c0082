/* Dense-vector kernels of our own, deterministic by construction: every
 * result depends only on the inputs and this source, never on the CPU, the
 * compiler, its flags (-O2, -O3, -march=native) or the thread count.
 *
 * Element-wise kernels (axpy, scal, copy) round each entry once and so are
 * exact functions of their inputs whatever the vector width. Reductions
 * (dot, nrm2) use DS_DOT_LANES independent partial sums: entry i goes to
 * partial sum i mod DS_DOT_LANES while a full block of DS_DOT_LANES
 * entries remains, the partial sums are combined pairwise in a fixed tree
 * ((s0+s1)+(s2+s3))+((s4+s5)+(s6+s7)), and the tail entries are then
 * added one by one in index order. The compiler may put the lanes in
 * vector registers (they are independent) but may not reorder a sum: we
 * build without -ffast-math and with -ffp-contract=off, so a product and
 * a sum are never fused into an FMA on one machine and not on another. */
#ifndef DS_VEC_H
#define DS_VEC_H

#include <stddef.h>

/* The kernel set's name and version, recorded in every result file: a
 * change to any summation order must bump it. */
#define DS_KERNELS_VERSION "descent-kernels-5"

/* Partial sums of a reduction (see above). */
#define DS_DOT_LANES 8

/* Put before an element-wise update loop over state vectors that do not
 * overlap: GCC -O2's "very cheap" vectorizer model leaves loops of unknown
 * trip count scalar, and `omp simd` (we build with -fopenmp) asks for the
 * vector loop regardless. Element-wise IEEE operations (+ - * / sqrt,
 * selects) round the same in vector lanes as in scalar code, and the
 * build never contracts to FMA (-ffp-contract=off), so the results are
 * bit for bit those of the scalar loop. Never on a reduction: that would
 * reorder the sum. */
#define DS_SIMD _Pragma("omp simd")

/* Put before the definition of a hot kernel: GCC compiles it twice, for
 * baseline x86-64 (SSE2) and for x86-64-v3 (AVX2), and the loader picks
 * the second on CPUs that have it. The two give the same bits, for the
 * reasons above (fixed lanes, no contraction: a wider vector changes the
 * time, not the result), and tests/cli_flags.sh runs a build without the
 * clones (-DDS_NO_CLONES) against one with them, bit for bit. Clang and
 * other targets get the one baseline function. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(DS_NO_CLONES)
#define DS_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define DS_CLONES
#endif

/* DS_CLONES with a third build for x86-64-v4 (AVX-512), for kernels that
 * are element-wise across lanes with no horizontal sum: the elementary
 * functions' array forms and the panel kernels (core/kernels.h). `make
 * perf` measured them 1.3-2x faster there; the dot products and the
 * row-by-row updates measured slower with 512-bit vectors, so they keep
 * DS_CLONES. Same bits from every clone, for the reasons above. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(DS_NO_CLONES)
#define DS_CLONES_WIDE __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define DS_CLONES_WIDE
#endif

/* sum_i x_i y_i in the fixed blocked order above. */
double ds_dot(size_t n, const double *x, const double *y);

/* The 2-norm as torch computes it for a float64 vector (torch.linalg.
 * vector_norm, and so clip_grad_norm_ of one parameter): the square root
 * of the plain double sum of squares, sqrt(ds_dot(x, x)), without the
 * overflow-avoiding scaling of reference BLAS dnrm2 and without extended
 * precision. It overflows to inf only when the sum of squares does
 * (||x|| > ~1.3e154). */
double ds_nrm2(size_t n, const double *x);

/* Four doubles as one value (GCC and Clang vector extensions), aliasing
 * doubles and aligned as a double: kernels written with it keep their
 * lanes and order in the source, whatever the build vectorises. */
typedef double ds_v4 __attribute__((vector_size(32), aligned(8), may_alias));

/* Two rows of a row-by-row gradient in one sweep: y += c[0] a0, then
 * y += c[1] a1, entry by entry (the bits of two ds_axpy calls), and
 * dots[q] = ds_dot(n, bq, x), so that the pass streams the next rows from
 * memory while it adds the current ones. aheadq (may be NULL): n doubles
 * to ask the memory for during the sweep, one cache line every eight
 * entries, such as a row a few rows on; a prefetch changes no value. y
 * must not overlap the others. */
void ds_axpy2_dot2(size_t n, const double c[2], const double *a0, const double *a1, double *y, const double *b0,
                   const double *b1, const double *x, const double *ahead0, const double *ahead1, double dots[2]);

/* y += a x */
void ds_axpy(size_t n, double a, const double *x, double *y);

/* x *= a */
void ds_scal(size_t n, double a, double *x);

void ds_copy(size_t n, const double *x, double *y);

void ds_zero(size_t n, double *x);

/* ||x - y||_2 without a scratch vector. */
double ds_dist(size_t n, const double *x, const double *y);

/* 1 when every entry is finite. */
int ds_all_finite(size_t n, const double *x);

/* Allocation of n doubles, zeroed; NULL on failure or n == 0 overflow. */
double *ds_vec_new(size_t n);

/* The same, starting on a 64-byte cache line (free() releases it). */
double *ds_vec_new_lines(size_t n);

#endif
