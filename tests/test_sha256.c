/* SHA-256, the whole-file check of result files: FIPS 180-4's examples,
 * every length around the padding boundary against coreutils' sha256sum,
 * and a message fed in uneven pieces. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/sha256.h"
#include "testutil.h"

static void test_fips_examples(void **state)
{
    (void)state;
    char hex[65];
    ds_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    ds_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    ds_sha256_hex(two, strlen(two), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* A million 'a' in pieces of 1, 2, ..., 1000 bytes (and the rest). */
static void test_pieces(void **state)
{
    (void)state;
    char *a = malloc(1000000);
    memset(a, 'a', 1000000);
    ds_sha256 s;
    assert_int_equal(ds_sha256_init(&s), 0);
    size_t at = 0;
    for (size_t k = 1; at < 1000000; k = k % 1000 + 1) {
        size_t take = at + k > 1000000 ? 1000000 - at : k;
        ds_sha256_update(&s, a + at, take);
        at += take;
    }
    unsigned char d[32];
    assert_int_equal(ds_sha256_final(&s, d), 0);
    char hex[65];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(a);
}

/* Lengths 0..200 of a byte pattern, each against sha256sum. */
static void test_against_sha256sum(void **state)
{
    (void)state;
    unsigned char buf[200];
    for (int i = 0; i < 200; i++)
        buf[i] = (unsigned char)(i * 37 + 11);
    char path[] = "/tmp/descent-sha-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    for (size_t n = 0; n <= 200; n++) {
        FILE *f = fopen(path, "wb");
        assert_int_equal(fwrite(buf, 1, n, f), n);
        fclose(f);
        char cmd[128], want[65] = "", hex[65];
        snprintf(cmd, sizeof cmd, "sha256sum %s", path);
        FILE *p = popen(cmd, "r");
        assert_non_null(p);
        assert_int_equal(fscanf(p, "%64s", want), 1);
        pclose(p);
        ds_sha256_hex(buf, n, hex);
        if (strcmp(hex, want))
            fail_msg("%zu bytes: %s, sha256sum says %s", n, hex, want);
    }
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fips_examples),
        cmocka_unit_test(test_pieces),
        cmocka_unit_test(test_against_sha256sum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
