/* The SVG rewrite of report/figures.h: gnuplot's Symbol-font codes become
 * the UTF-8 of the characters they stand for (hand-encoded references),
 * other text is left alone, and what cannot be made UTF-8 is refused. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "../report/figures.h"

static char *rewrite(const char *in, int *rc)
{
    char *out = NULL;
    size_t n = 0;
    ds_err err = {0};
    *rc = ds_svg_symbols(in, strlen(in), &out, &n, &err);
    if (*rc)
        return strdup(err.msg);
    assert_int_equal(n, strlen(out));
    return out;
}

static void test_symbol_codes(void **state)
{
    (void)state;
    /* as gnuplot 5.4 writes f - f* {/Symbol \243} 10^{-6}, {/Symbol m}, {/Symbol \326k} */
    const char *in = "<g font-family=\"DejaVu Sans\"><text><tspan font-family=\"DejaVu Sans\" >f - f* </tspan>"
                     "<tspan font-family=\"Symbol\" >\243</tspan><tspan font-family=\"Symbol\"  font-size=\"8.8\" "
                     "dy=\"-5.50px\">m</tspan><tspan font-family=\"Symbol\" >\326k = 2</tspan></text></g>";
    /* U+2264 <= is E2 89 A4, U+03BC mu is CE BC, U+221A root is E2 88 9A,
     * U+03BA kappa is CE BA; digits and blanks stay */
    const char *want = "<g font-family=\"DejaVu Sans\"><text><tspan font-family=\"DejaVu Sans\" >f - f* </tspan>"
                       "<tspan >\xE2\x89\xA4</tspan><tspan  font-size=\"8.8\" dy=\"-5.50px\">\xCE\xBC</tspan>"
                       "<tspan >\xE2\x88\x9A\xCE\xBA = 2</tspan></text></g>";
    int rc;
    char *out = rewrite(in, &rc);
    assert_int_equal(rc, DS_OK);
    assert_string_equal(out, want);
    free(out);
}

static void test_greek_alphabet(void **state)
{
    (void)state;
    /* a..z and A..Z in the Symbol font: the lower-case Greek alphabet in
     * Adobe's order (c is chi, j phi1, q theta, v omega1), and the capitals */
    int rc;
    char *out = rewrite("<tspan font-family=\"Symbol\">abgdqlpsw</tspan><tspan font-family=\"Symbol\">DGLSW</tspan>",
                        &rc);
    assert_int_equal(rc, DS_OK);
    assert_string_equal(out, "<tspan>\xCE\xB1\xCE\xB2\xCE\xB3\xCE\xB4\xCE\xB8\xCE\xBB\xCF\x80\xCF\x83\xCF\x89</tspan>"
                             "<tspan>\xCE\x94\xCE\x93\xCE\x9B\xCE\xA3\xCE\xA9</tspan>");
    free(out);
}

static void test_other_text_untouched(void **state)
{
    (void)state;
    /* UTF-8 written in a script, and letters outside a Symbol tspan */
    const char *in = "<text><tspan font-family=\"DejaVu Sans\" >m = \xCE\xBC</tspan></text>";
    int rc;
    char *out = rewrite(in, &rc);
    assert_int_equal(rc, DS_OK);
    assert_string_equal(out, in);
    free(out);
}

static void test_refused(void **state)
{
    (void)state;
    int rc;
    char *msg = rewrite("<tspan font-family=\"Symbol\" >\377</tspan>", &rc);
    assert_int_equal(rc, DS_EINVAL);
    assert_non_null(strstr(msg, "\\377"));
    free(msg);
    /* a Symbol byte outside a Symbol tspan is not UTF-8 */
    msg = rewrite("<tspan font-family=\"DejaVu Sans\" >\243</tspan>", &rc);
    assert_int_equal(rc, DS_EINVAL);
    assert_non_null(strstr(msg, "not UTF-8"));
    free(msg);
    /* an overlong encoding of '/' is not UTF-8 either */
    msg = rewrite("<text>\xC0\xAF</text>", &rc);
    assert_int_equal(rc, DS_EINVAL);
    free(msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_symbol_codes),
        cmocka_unit_test(test_greek_alphabet),
        cmocka_unit_test(test_other_text_untouched),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
