/* libFuzzer target: the spec parser, parameter validation, canonical forms
 * and the expression evaluator on arbitrary text. Any crash, leak or
 * undefined behaviour is a bug; every input must end in DS_OK or a message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../core/schedule.h"
#include "../core/spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    ds_values v = {.n = 0};
    ds_err err = {0};
    char canon[DS_CANON_MAX];
    ds_expr_vars vars = {.L = 10, .mu = 0.1, .kappa = 100, .dim = 5, .n = 3, .R = 1, .T = 100};
    if (ds_problem_parse(text, &v, &err) == DS_OK) {
        ds_values_canon(&v, canon, sizeof canon);
        ds_values_bind(&v, &vars, &err);
    }
    ds_values_free(&v);
    if (ds_optimizer_parse(text, &v, &err) == DS_OK) {
        ds_values_canon(&v, canon, sizeof canon);
        ds_values_bind(&v, &vars, &err);
    }
    ds_values_free(&v);
    if (ds_schedule_parse(text, &v, &err) == DS_OK)
        ds_values_canon(&v, canon, sizeof canon);
    double x;
    ds_expr_eval(text, &vars, &x, &err);
    if (err.code != DS_OK && memchr(err.msg, '\n', strlen(err.msg)))
        abort();  /* messages are one line */
    free(text);
    ds_values_free(&v);
    return 0;
}
