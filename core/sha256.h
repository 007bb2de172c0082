/* SHA-256 (FIPS 180-4): the whole-file check of result files. */
#ifndef DS_SHA256_H
#define DS_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct ds_sha256 {
    uint32_t h[8];
    uint64_t bytes;           /* message length so far */
    unsigned char block[64];  /* a partial block */
    size_t fill;
} ds_sha256;

void ds_sha256_init(ds_sha256 *s);
void ds_sha256_update(ds_sha256 *s, const void *data, size_t n);
void ds_sha256_final(ds_sha256 *s, unsigned char digest[32]);

/* The digest of data[0..n) as 64 lowercase hex digits and a terminator. */
void ds_sha256_hex(const void *data, size_t n, char hex[65]);

#endif
