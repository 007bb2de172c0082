/* The oracle: the only door from an optimizer to a problem. It counts
 * every evaluation and draws mini-batches (shuffled epochs, as the seed
 * material's SGD loops do) and gradient noise from the run's own stream. */
#ifndef DS_ORACLE_H
#define DS_ORACLE_H

#include <stddef.h>

#include "problem.h"
#include "rng.h"

typedef struct ds_oracle {
    ds_problem *p;
    ds_rng *rng;        /**< the run's stream */
    size_t batch;       /**< samples per stochastic gradient; 0 = full */
    size_t *perm;       /**< current epoch's order (finite sums) */
    size_t pos;         /**< next position in perm */
    int shuffle;        /**< 1: reshuffle every epoch; 0: cyclic order 0, 1, ..., n-1 */
    long n_f;           /**< function evaluations */
    long n_g;           /**< gradient evaluations (full or mini-batch) */
    long n_hvp;         /**< Hessian-vector products */
    double n_samples;   /**< sample gradients; a full gradient of a finite sum counts n */
} ds_oracle;

/* batch 0 (or >= n) means the full gradient; shuffle 0 visits the samples
 * in their order (cyclic), as online-learning counterexamples need. */
int ds_oracle_init(ds_oracle *o, ds_problem *p, ds_rng *rng, size_t batch, int shuffle, ds_err *err);
void ds_oracle_free(ds_oracle *o);

/* 1 when ds_sfg is a true stochastic gradient (mini-batch or noise). */
int ds_oracle_stochastic(const ds_oracle *o);

double ds_f(ds_oracle *o, const double *x);
double ds_fg(ds_oracle *o, const double *x, double *g);
void ds_grad(ds_oracle *o, const double *x, double *g);
/* Stochastic f and gradient: the next mini-batch of the shuffled epoch
 * (finite sums), or the full gradient plus N(0, noise^2 I). Returns the
 * mini-batch loss (the full f for non-finite sums). */
double ds_sfg(ds_oracle *o, const double *x, double *g);
void ds_hvp(ds_oracle *o, const double *x, const double *v, double *hv);

/* Passes over the data: sample gradients / n (or gradients when not a
 * finite sum). */
double ds_oracle_epochs(const ds_oracle *o);

#endif
