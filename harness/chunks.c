#include "chunks.h"

#include <stdlib.h>
#include <string.h>

#include <zlib.h>

uint32_t ds_h5_fletcher32(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint32_t s1 = 0, s2 = 0;
    /* 360 words at most between reductions: the sums stay below 2^32 */
    for (size_t words = n / 2; words;) {
        size_t take = words > 360 ? 360 : words;
        words -= take;
        for (; take; take--, p += 2) {
            s1 += (uint32_t)p[0] << 8 | p[1];
            s2 += s1;
        }
        s1 = (s1 & 0xffff) + (s1 >> 16);
        s2 = (s2 & 0xffff) + (s2 >> 16);
    }
    if (n % 2) {
        s1 += (uint32_t)*p << 8;
        s2 += s1;
        s1 = (s1 & 0xffff) + (s1 >> 16);
        s2 = (s2 & 0xffff) + (s2 >> 16);
    }
    s1 = (s1 & 0xffff) + (s1 >> 16);
    s2 = (s2 & 0xffff) + (s2 >> 16);
    return s2 << 16 | s1;
}

/* HDF5's shuffle: byte j of element i goes to j * count + i; bytes past
 * the last whole element stay where they are. */
static void shuffle(const unsigned char *src, size_t n, size_t size, unsigned char *dst)
{
    size_t count = size ? n / size : 0;
    if (size <= 1 || count <= 1) {
        memcpy(dst, src, n);
        return;
    }
    for (size_t j = 0; j < size; j++)
        for (size_t i = 0; i < count; i++)
            dst[j * count + i] = src[i * size + j];
    memcpy(dst + count * size, src + count * size, n - count * size);
}

typedef struct {
    unsigned char *buf;  /* deflated chunk and its checksum */
    size_t size;
} filtered;

/* Chunk k of rows (row bytes each), padded, shuffled, deflated and
 * checksummed into *out; 0 or -1. */
static int filter_chunk(const unsigned char *rows, size_t nrows, size_t row, size_t esize, size_t crows, size_t k,
                        int level, filtered *out)
{
    size_t bytes = crows * row, first = k * crows, have = nrows - first < crows ? nrows - first : crows;
    unsigned char *plain = calloc(2, bytes ? bytes : 1);
    uLongf zn = compressBound((uLong)bytes);
    out->buf = malloc(zn + 4);
    if (!plain || !out->buf) {
        free(plain);
        return -1;
    }
    memcpy(plain, rows + first * row, have * row);
    shuffle(plain, bytes, esize, plain + bytes);
    int bad = compress2(out->buf, &zn, plain + bytes, (uLong)bytes, level) != Z_OK;
    free(plain);
    if (bad)
        return -1;
    uint32_t c = ds_h5_fletcher32(out->buf, zn);
    for (int i = 0; i < 4; i++)
        out->buf[zn + (size_t)i] = (unsigned char)(c >> (8 * i));  /* HDF5 stores it little-endian */
    out->size = zn + 4;
    return 0;
}

/* The rows in the file type, packed: a converted copy of data. */
static unsigned char *to_file(hid_t ftype, hid_t mtype, size_t n, const void *data)
{
    size_t fs = H5Tget_size(ftype), ms = H5Tget_size(mtype), big = fs > ms ? fs : ms;
    unsigned char *b = malloc(n * big + 1);
    if (b) {
        memcpy(b, data, n * ms);
        if (H5Tconvert(mtype, ftype, n, b, NULL, H5P_DEFAULT) < 0) {
            free(b);
            b = NULL;
        }
    }
    return b;
}

int ds_h5_write_filtered(hid_t d, hid_t ftype, hid_t mtype, int rank, const hsize_t *dims, const hsize_t *chunk,
                         int level, const void *data)
{
    size_t width = rank == 2 ? (size_t)dims[1] : 1, nrows = (size_t)dims[0], crows = (size_t)chunk[0];
    size_t esize = H5Tget_size(ftype), row = width * esize;
    size_t nchunks = crows ? (nrows + crows - 1) / crows : 0;
    if (!esize || !nchunks)
        return -1;
    unsigned char *rows = to_file(ftype, mtype, nrows * width, data);
    filtered *ch = calloc(nchunks, sizeof *ch);
    int bad = !rows || !ch;
    /* the chunks are independent and each one's bytes are fixed whoever
     * filters it: the thread count changes the time, not the file */
#pragma omp parallel for schedule(dynamic, 1) reduction(| : bad)
    for (size_t k = 0; k < nchunks; k++)
        if (!bad)
            bad |= filter_chunk(rows, nrows, row, esize, crows, k, level, &ch[k]);
    for (size_t k = 0; k < nchunks && !bad; k++) {
        hsize_t off[2] = {(hsize_t)(k * crows), 0};
        bad = H5Dwrite_chunk(d, H5P_DEFAULT, 0, off, ch[k].size, ch[k].buf) < 0;
    }
    for (size_t k = 0; ch && k < nchunks; k++)
        free(ch[k].buf);
    free(ch);
    free(rows);
    return bad ? -1 : 0;
}
