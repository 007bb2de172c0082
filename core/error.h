/* Errors as values (after NLopt and libLBFGS): a negative code and a message
 * stored in a caller-owned ds_err. Library code never exits or aborts; only
 * main() decides how a program ends. */
#ifndef DS_ERROR_H
#define DS_ERROR_H

#include <stdarg.h>
#include <stddef.h>

enum {
    DS_OK = 0,
    DS_EINVAL = -1,   /**< bad input: a spec, an option, a data file */
    DS_ENOMEM = -2,   /**< allocation failed or refused as too large */
    DS_EIO = -3,      /**< reading or writing a file failed */
    DS_ENOTSUP = -4,  /**< the combination is not supported (e.g. muon on a vector problem) */
    DS_ENUM = -5,     /**< a numerical failure (singular system, no descent) */
    DS_EINTR = -6     /**< interrupted by a signal */
};

/* Room for a whole suite line (inih reads up to 200 bytes) quoted twice
 * with a long path; anything longer ends in "..." (ds_format). */
#define DS_ERRMSG_MAX 1024

typedef struct ds_err {
    int code;                  /**< DS_OK or a negative DS_E* code */
    char msg[DS_ERRMSG_MAX];   /**< one line, no trailing newline */
} ds_err;

/* Set err (when not NULL) and return code, so callers can write
 * `return ds_fail(err, DS_EINVAL, "...", ...);`. */
int ds_fail(ds_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefix the message already in err with more context ("file.csv:3: "). */
void ds_err_prefix(ds_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

void ds_err_clear(ds_err *err);

const char *ds_strerror(int code);

/* snprintf that, when the text does not fit, ends it in "..." cut at a
 * UTF-8 character boundary. */
void ds_format(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void ds_vformat(char *buf, size_t size, const char *fmt, va_list ap);

#endif
