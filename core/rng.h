/* Random streams. Every run owns one generator whose seed is a hash of the
 * suite seed and the run id, so the numbers a run draws never depend on
 * which thread or process ran it. The generator is GSL's (MT19937 behind
 * gsl_rng); the seeding hash is SplitMix64. */
#ifndef DS_RNG_H
#define DS_RNG_H

#include <stdint.h>
#include <stddef.h>
#include <gsl/gsl_rng.h>

typedef struct ds_rng {
    gsl_rng *g;
} ds_rng;

uint64_t ds_splitmix64(uint64_t x);

/* 64-bit FNV-1a of a string, mixed once more through SplitMix64. */
uint64_t ds_hash_str(const char *s);

/* Combine two 64-bit values into one stream key. */
uint64_t ds_hash_pair(uint64_t a, uint64_t b);

int ds_rng_init(ds_rng *r, uint64_t key);
void ds_rng_free(ds_rng *r);

double ds_rng_uniform(ds_rng *r);          /* [0, 1) */
double ds_rng_gaussian(ds_rng *r);         /* N(0, 1) */
size_t ds_rng_index(ds_rng *r, size_t n);  /* uniform in [0, n) */
void ds_rng_shuffle(ds_rng *r, size_t *a, size_t n);

#endif
