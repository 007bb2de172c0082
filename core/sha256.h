/* SHA-256 (FIPS 180-4): the whole-file check of result files, computed by
 * OpenSSL's libcrypto, which uses the CPU's SHA instructions where there
 * are some: a digest is a fixed function of the bytes, so how it is
 * computed changes no result, only the time a result file takes to seal
 * and to check (a portable C compression ran at about 200 MB/s here, a
 * tenth of it). */
#ifndef DS_SHA256_H
#define DS_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct ds_sha256 {
    void *ctx;  /* libcrypto's EVP_MD_CTX */
} ds_sha256;

/* 0, or -1 when out of memory (then update and final do nothing and final
 * returns -1). */
int ds_sha256_init(ds_sha256 *s);
void ds_sha256_update(ds_sha256 *s, const void *data, size_t n);
/* Writes the digest and releases the state: 0, or -1 on failure. */
int ds_sha256_final(ds_sha256 *s, unsigned char digest[32]);

/* The digest of data[0..n) as 64 lowercase hex digits and a terminator
 * (an empty string if libcrypto fails). */
void ds_sha256_hex(const void *data, size_t n, char hex[65]);

#endif
