/* ds_result <-> bytes (pack.h). Layout: a magic word, the ds_result struct
 * with its pointers cleared, then the arrays in a fixed order, each as a
 * count of elements (uint64) and its bytes; a count of 0 stands for an
 * absent (NULL) array. */
#include "pack.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PACK_MAGIC 0x31746c7573656444ULL /* "Ddesult1": catches a mismatched peer */
#define NARRAYS 17

typedef struct {
    void **ptr;
    size_t elem, count;
} array_ref;

/* Every array a result owns, with its element size and length. */
static void arrays_of(ds_result *r, array_ref a[NARRAYS])
{
    ds_trace *t = &r->trace;
    size_t n = t->n, nx = t->n * t->xdim;
    array_ref v[NARRAYS] = {
        {(void **)&t->iter, sizeof(long), n},          {(void **)&t->f, sizeof(double), n},
        {(void **)&t->f_gap, sizeof(double), n},       {(void **)&t->grad_norm, sizeof(double), n},
        {(void **)&t->lr, sizeof(double), n},          {(void **)&t->epochs, sizeof(double), n},
        {(void **)&t->dist, sizeof(double), n},        {(void **)&t->grad_evals, sizeof(long), n},
        {(void **)&t->x, sizeof(double), nx},          {(void **)&t->grad2_min, sizeof(double), n},
        {(void **)&t->grad2_mean, sizeof(double), n},  {(void **)&t->f_min, sizeof(double), n},
        {(void **)&t->f_avg, sizeof(double), n},       {(void **)&t->regret, sizeof(double), n},
        {(void **)&t->gsum, sizeof(double), n},        {(void **)&t->dinf, sizeof(double), n},
        {(void **)&r->x_final, sizeof(double), r->dim},
    };
    memcpy(a, v, sizeof v);
}

int ds_result_pack(const ds_result *r, unsigned char **buf, size_t *size, ds_err *err)
{
    ds_result copy = *r;  /* arrays_of needs writable pointers; nothing is changed */
    array_ref a[NARRAYS];
    arrays_of(&copy, a);
    size_t total = sizeof(uint64_t) + sizeof copy;
    for (int k = 0; k < NARRAYS; k++)
        total += sizeof(uint64_t) + (*a[k].ptr ? a[k].count * a[k].elem : 0);
    unsigned char *b = malloc(total), *p = b;
    if (!b)
        return ds_fail(err, DS_ENOMEM, "out of memory packing a result of %zu bytes", total);
    uint64_t magic = PACK_MAGIC;
    memcpy(p, &magic, sizeof magic);
    p += sizeof magic;
    ds_result head = copy;
    memset(&head.trace, 0, sizeof head.trace);  /* pointers mean nothing elsewhere */
    head.trace.n = copy.trace.n;
    head.trace.xdim = copy.trace.xdim;
    head.x_final = NULL;
    memcpy(p, &head, sizeof head);
    p += sizeof head;
    for (int k = 0; k < NARRAYS; k++) {
        uint64_t count = *a[k].ptr ? a[k].count : 0;
        memcpy(p, &count, sizeof count);
        p += sizeof count;
        if (count) {
            memcpy(p, *a[k].ptr, count * a[k].elem);
            p += count * a[k].elem;
        }
    }
    *buf = b;
    *size = total;
    return DS_OK;
}

int ds_result_unpack(const unsigned char *buf, size_t size, ds_result *r, ds_err *err)
{
    memset(r, 0, sizeof *r);
    uint64_t magic;
    if (size < sizeof magic + sizeof *r)
        return ds_fail(err, DS_EIO, "a packed result of %zu bytes is too short", size);
    memcpy(&magic, buf, sizeof magic);
    if (magic != PACK_MAGIC)
        return ds_fail(err, DS_EIO, "not a packed result (another version of descent on a rank?)");
    const unsigned char *p = buf + sizeof magic, *end = buf + size;
    memcpy(r, p, sizeof *r);
    p += sizeof *r;
    r->trace.cap = r->trace.n;
    array_ref a[NARRAYS];
    arrays_of(r, a);
    for (int k = 0; k < NARRAYS; k++) {
        uint64_t count;
        if ((size_t)(end - p) < sizeof count)
            goto short_buf;
        memcpy(&count, p, sizeof count);
        p += sizeof count;
        if (!count)
            continue;
        if (count != a[k].count || count > (size_t)(end - p) / a[k].elem)
            goto short_buf;
        if (!(*a[k].ptr = malloc(count * a[k].elem))) {
            ds_result_free(r);
            return ds_fail(err, DS_ENOMEM, "out of memory unpacking a result");
        }
        memcpy(*a[k].ptr, p, count * a[k].elem);
        p += count * a[k].elem;
    }
    if (p != end)
        goto short_buf;
    return DS_OK;
short_buf:
    ds_result_free(r);
    return ds_fail(err, DS_EIO, "a packed result of %zu bytes is damaged (array sizes do not match)", size);
}
