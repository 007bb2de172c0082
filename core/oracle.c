#include "oracle.h"

#include <stdlib.h>

#include "vec.h"

int ds_oracle_init(ds_oracle *o, ds_problem *p, ds_rng *rng, size_t batch, int shuffle, ds_err *err)
{
    *o = (ds_oracle){.p = p, .rng = rng, .shuffle = shuffle};
    if (p->n > 0 && batch > 0 && batch < p->n) {
        if (!p->type->fg_batch)
            return ds_fail(err, DS_ENOTSUP, "problem '%s' has no mini-batch gradient", p->canon);
        o->batch = batch;
        o->perm = malloc(p->n * sizeof *o->perm);
        if (!o->perm)
            return ds_fail(err, DS_ENOMEM, "out of memory for the sample order of '%s'", p->canon);
        for (size_t i = 0; i < p->n; i++)
            o->perm[i] = i;
        o->pos = p->n;  /* shuffle before the first batch */
    }
    return DS_OK;
}

void ds_oracle_free(ds_oracle *o)
{
    free(o->perm);
    o->perm = NULL;
}

int ds_oracle_stochastic(const ds_oracle *o)
{
    return o->batch > 0 || (o->p->n == 0 && o->p->noise > 0);
}

static void count_full(ds_oracle *o)
{
    o->n_g++;
    o->n_samples += o->p->n > 0 ? (double)o->p->n : 1.0;
}

double ds_f(ds_oracle *o, const double *x)
{
    o->n_f++;
    return o->p->type->f(o->p, x);
}

double ds_fg(ds_oracle *o, const double *x, double *g)
{
    o->n_f++;
    count_full(o);
    return ds_problem_fg(o->p, x, g);
}

void ds_grad(ds_oracle *o, const double *x, double *g)
{
    count_full(o);
    o->p->type->grad(o->p, x, g);
}

double ds_sfg(ds_oracle *o, const double *x, double *g)
{
    ds_problem *p = o->p;
    if (o->batch > 0) {
        /* Shuffled epochs: a batch never straddles two epochs, so the last
         * batch of an epoch may be smaller (as in the seed loops'
         * range(0, N, batch_size)). */
        if (o->pos >= p->n) {
            if (o->shuffle)
                ds_rng_shuffle(o->rng, o->perm, p->n);
            o->pos = 0;
        }
        size_t m = p->n - o->pos < o->batch ? p->n - o->pos : o->batch;
        double f = p->type->fg_batch(p, x, o->perm + o->pos, m, g);
        o->pos += m;
        o->n_g++;
        o->n_samples += (double)m;
        return f;
    }
    double f = ds_problem_fg(p, x, g);
    o->n_f++;
    count_full(o);
    if (p->n == 0 && p->noise > 0)
        for (size_t i = 0; i < p->dim; i++)
            g[i] += p->noise * ds_rng_gaussian(o->rng);
    return f;
}

void ds_hvp(ds_oracle *o, const double *x, const double *v, double *hv)
{
    o->n_hvp++;
    o->p->type->hvp(o->p, x, v, hv);
}

double ds_oracle_epochs(const ds_oracle *o)
{
    return o->p->n > 0 ? o->n_samples / (double)o->p->n : o->n_samples;
}
