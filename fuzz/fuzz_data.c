/* libFuzzer target: the data loaders (CSV, whitespace and LIBSVM text,
 * detected from the content) and the label maps on arbitrary bytes, read
 * through a real file as users' data are. Any crash, leak or undefined
 * behaviour is a bug; a bad file must end in a one-line message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/data.h"

#include "../core/problem.h"

/* A few bytes can ask for gigabytes (a LIBSVM feature index of 10^8 makes
 * a dense matrix that wide): refused above 256 MiB, as on a machine that
 * small, so that the search stays inside libFuzzer's 2 GB limit. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ds_set_alloc_limit(256.0 * (1 << 20));
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/descent-fuzz-data-%ld.txt", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    ds_data d;
    ds_err err = {0};
    if (ds_data_load(path, &d, &err) == DS_OK) {
        ds_data_standardize(&d, 1);
        size_t k;
        ds_data_class_labels(&d, 10, &k, &err);
        ds_data_binary_labels(&d, &err);
        ds_data_add_intercept(&d, &err);
        ds_data_free(&d);
    } else if (strchr(err.msg, '\n')) {
        abort();
    }
    unlink(path);
    return 0;
}
