/* libFuzzer target: the suite-file parser (INI through libinih, grids,
 * specs, budgets) on arbitrary text. Any crash, leak or undefined
 * behaviour is a bug; a bad file must end in a one-line file:line message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../harness/suite.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    static ds_suite s;
    ds_err err = {0};
    memset(&s, 0, sizeof s);
    if (ds_suite_parse("fuzz.ini", text, &s, &err) != DS_OK && strchr(err.msg, '\n'))
        abort();
    ds_suite_free(&s);
    char **items;
    size_t n;
    if (ds_grid_expand(text, &items, &n, &err) == DS_OK)
        ds_grid_free(items, n);
    free(text);
    return 0;
}
