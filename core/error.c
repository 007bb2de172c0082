#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Messages are one line whatever text they quote: control characters
 * (a newline inside a spec or a data file) become '?'. */
static void one_line(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            *s = '?';
}

/* A message longer than the buffer ends in "..." and is cut between UTF-8
 * characters, never inside one: a reader sees that text is missing, and a
 * terminal never gets half a character. */
void ds_vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
    if (!size)
        return;
    int len = vsnprintf(buf, size, fmt, ap);
    if (len < 0) {
        buf[0] = '\0';
        return;
    }
    if ((size_t)len < size || size < 4)
        return;
    size_t cut = size - 4;
    while (cut > 0 && ((unsigned char)buf[cut] & 0xC0) == 0x80)
        cut--;
    memcpy(buf + cut, "...", 4);
}

void ds_format(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ds_vformat(buf, size, fmt, ap);
    va_end(ap);
}

int ds_fail(ds_err *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        ds_vformat(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        one_line(err->msg);
        err->code = code;
    }
    return code;
}

void ds_err_prefix(ds_err *err, const char *fmt, ...)
{
    if (!err)
        return;
    char head[DS_ERRMSG_MAX], old[DS_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    ds_vformat(head, sizeof head, fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof old);
    ds_format(err->msg, sizeof err->msg, "%s%s", head, old);
    one_line(err->msg);
}

void ds_err_clear(ds_err *err)
{
    if (err) {
        err->code = DS_OK;
        err->msg[0] = '\0';
    }
}

const char *ds_strerror(int code)
{
    switch (code) {
    case DS_OK: return "success";
    case DS_EINVAL: return "invalid input";
    case DS_ENOMEM: return "out of memory";
    case DS_EIO: return "input/output error";
    case DS_ENOTSUP: return "not supported";
    case DS_ENUM: return "numerical failure";
    case DS_EINTR: return "interrupted";
    default: return "unknown error";
    }
}
