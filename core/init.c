#include "init.h"

#include <pthread.h>

#include <gsl/gsl_errno.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_once(void)
{
    gsl_set_error_handler_off();
}

void ds_init(void)
{
    pthread_once(&once, init_once);
}
