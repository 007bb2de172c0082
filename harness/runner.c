#include "runner.h"

#include <stdlib.h>

#include "../engine/record.h"
#include "../theory/track.h"

int ds_run(const ds_run_spec *rs, ds_result *res, ds_err *err)
{
    size_t n = 1 + (rs->track ? 1 : 0) + rs->n_observers;
    ds_observer *obs = malloc(n * sizeof *obs);
    if (!obs)
        return ds_fail(err, DS_ENOMEM, "out of memory for the observers of a run");
    ds_tracker tk;
    size_t k = 0;
    /* The engine clears res first; the observers write into its trace. */
    obs[k++] = ds_recorder(&res->trace);
    if (rs->track)
        obs[k++] = ds_tracker_observer(&tk, &res->trace);
    for (size_t i = 0; i < rs->n_observers; i++)
        obs[k++] = rs->observers[i];
    ds_run_spec full = *rs;
    full.observers = obs;
    full.n_observers = k;
    int rc = ds_engine_run(&full, res, err);
    free(obs);
    return rc;
}
