/* The trajectory recorder: an observer that writes each recorded iteration
 * (iteration, f, f - f*, ||grad f||, lr, gradient evaluations, epochs,
 * ||x - x*||, and x itself when dim <= 3) into a ds_trace. */
#ifndef DS_RECORD_H
#define DS_RECORD_H

#include "../core/observer.h"
#include "../core/trace.h"

/* An observer that fills tr (zeroed or freed; the caller frees it with
 * ds_trace_free, ds_result_free when it is a result's trace). */
ds_observer ds_recorder(ds_trace *tr);

#endif
