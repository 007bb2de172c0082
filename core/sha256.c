#include "sha256.h"

#include <stdio.h>

#include <openssl/evp.h>

int ds_sha256_init(ds_sha256 *s)
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    if (c && EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(c);
        c = NULL;
    }
    s->ctx = c;
    return c ? 0 : -1;
}

void ds_sha256_update(ds_sha256 *s, const void *data, size_t n)
{
    if (s->ctx && n && EVP_DigestUpdate(s->ctx, data, n) != 1) {
        EVP_MD_CTX_free(s->ctx);
        s->ctx = NULL;
    }
}

int ds_sha256_final(ds_sha256 *s, unsigned char digest[32])
{
    unsigned len = 0;
    int ok = s->ctx && EVP_DigestFinal_ex(s->ctx, digest, &len) == 1 && len == 32;
    EVP_MD_CTX_free(s->ctx);
    s->ctx = NULL;
    return ok ? 0 : -1;
}

void ds_sha256_hex(const void *data, size_t n, char hex[65])
{
    ds_sha256 s;
    unsigned char d[32];
    hex[0] = '\0';
    ds_sha256_init(&s);
    ds_sha256_update(&s, data, n);
    if (ds_sha256_final(&s, d))
        return;
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
}
