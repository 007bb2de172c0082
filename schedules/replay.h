/* The replay loop of the chainable schedules (torch's step() forms, where
 * lr_t is computed from lr_{t-1}): the state belongs to one step, *pos
 * (-1 before the first call); asked for step t, it advances one step at a
 * time, advance(state, e) for e = *pos+1 .. t, and starts over from e = 0
 * when t is earlier (the runner never asks so; a caller reusing an
 * instance may). advance(state, 0) sets the start. */
#ifndef DS_SCHEDULE_REPLAY_H
#define DS_SCHEDULE_REPLAY_H

void ds_schedule_replay(void *state, long *pos, long t, void (*advance)(void *state, long e));

#endif
