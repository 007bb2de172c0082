#include "replay.h"

void ds_schedule_replay(void *state, long *pos, long t, void (*advance)(void *state, long e))
{
    if (t < *pos)
        *pos = -1;
    while (*pos < t)
        advance(state, ++*pos);
}
