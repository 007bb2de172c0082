#include "rng.h"
#include "gsl_libm.h"

#include <gsl/gsl_randist.h>

uint64_t ds_splitmix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

uint64_t ds_hash_str(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    return ds_splitmix64(h);
}

uint64_t ds_hash_pair(uint64_t a, uint64_t b)
{
    return ds_splitmix64(ds_splitmix64(a) ^ (b + 0x632be59bd9b4e019ULL));
}

int ds_rng_init(ds_rng *r, uint64_t key)
{
    r->g = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r->g)
        return -1;
    /* MT19937 takes a 32-bit seed: fold the key so both halves count; 0 is
     * replaced by GSL's default, so avoid it. */
    unsigned long s = (unsigned long)((key ^ (key >> 32)) & 0xffffffffUL);
    gsl_rng_set(r->g, s ? s : 4357UL);
    return 0;
}

void ds_rng_free(ds_rng *r)
{
    if (r && r->g) {
        gsl_rng_free(r->g);
        r->g = NULL;
    }
}

double ds_rng_uniform(ds_rng *r)
{
    return gsl_rng_uniform(r->g);
}

double ds_rng_gaussian(ds_rng *r)
{
    return ds_gsl_ran_gaussian_ziggurat(r->g, 1.0);
}

size_t ds_rng_index(ds_rng *r, size_t n)
{
    return (size_t)gsl_rng_uniform_int(r->g, (unsigned long)n);
}

void ds_rng_shuffle(ds_rng *r, size_t *a, size_t n)
{
    gsl_ran_shuffle(r->g, a, n, sizeof *a);
}
