/* Per-thread scratch buffers (scratch.h). */
#include "scratch.h"

#include <stdlib.h>

typedef struct {
    double *p;
    size_t cap;
} scratch_buf;

static _Thread_local scratch_buf bufs[DS_SCRATCH_SLOTS];

double *ds_scratch(unsigned slot, size_t count)
{
    if (slot >= DS_SCRATCH_SLOTS)
        return NULL;
    scratch_buf *b = &bufs[slot];
    if (count > b->cap || !b->p) {
        size_t want = count ? count : 1;
        if (want > ((size_t)-1) / sizeof(double))
            return NULL;
        /* on a cache line: each gradient entry's eight partial sums
         * (fs_panel_pass) are then one line, not two */
        void *q;
        if (posix_memalign(&q, 64, want * sizeof(double)))
            return NULL;
        free(b->p);
        b->p = q;
        b->cap = want;
    }
    return b->p;
}

void ds_scratch_release(void)
{
    for (unsigned i = 0; i < DS_SCRATCH_SLOTS; i++) {
        free(bufs[i].p);
        bufs[i].p = NULL;
        bufs[i].cap = 0;
    }
}
