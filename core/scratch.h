/* Scratch memory for evaluating a shared problem instance. An instance is
 * read-only once built, so that runs on several threads can evaluate the
 * same one; the buffers an evaluation writes (residuals, margins, a block of
 * gathered rows) come from here instead, one set per thread. A thread
 * evaluates one thing at a time and nothing is kept in scratch between
 * calls, so per-thread buffers are as private as per-run ones. A buffer
 * grows to the largest size asked of its slot and is then reused, so a step
 * allocates nothing after its thread's first. */
#ifndef DS_SCRATCH_H
#define DS_SCRATCH_H

#include <stddef.h>

/* Independent buffers one evaluation may hold at once. */
#define DS_SCRATCH_SLOTS 8

/* At least count doubles for slot (0 <= slot < DS_SCRATCH_SLOTS) of the
 * calling thread, their contents undefined; NULL when out of memory (the
 * caller returns NaN). */
double *ds_scratch(unsigned slot, size_t count);

/* Release the calling thread's buffers (tests, and threads that end). */
void ds_scratch_release(void);

#endif
