/*
** test_source.c: positions: UTF-8 decoding, display width (CJK two
** columns), span -> line:col.
*/
#include "helpers.h"

static void test_decode(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(src_decode("a", 1, &cp), 1);
    assert_int_equal(cp, 'a');
    assert_int_equal(src_decode("中", 3, &cp), 3);
    assert_int_equal(cp, 0x4E2D);
    assert_int_equal(src_decode("\xF0\x9F\x98\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
    assert_int_equal(src_decode("\xC0\x80", 2, &cp), 1);     /* overlong */
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(src_decode("\xED\xA0\x80", 3, &cp), 1); /* surrogate */
    assert_int_equal(src_decode("\xE4\xB8", 2, &cp), 1);     /* truncated */
}

static void test_width(void **state)
{
    (void)state;
    assert_int_equal(src_char_width('a'), 1);
    assert_int_equal(src_char_width(0x4E2D), 2);     /* 中 */
    assert_int_equal(src_char_width(0xFF08), 2);     /* （ */
    assert_int_equal(src_char_width(0x3000), 2);     /* ideographic space */
    assert_int_equal(src_char_width(0x2265), 1);     /* ≥ */
    assert_int_equal(src_display_width("行政运行 290.02", (uint32_t)strlen("行政运行 290.02")), 15);
}

static void test_linecol(void **state)
{
    (void)state;
    const char *text = "a\n中文 x\r\n\nlast";
    Compilation *cx = test_cx(NULL, "t.budget", text);
    LineCol lc = src_linecol(cx, 0, 0);
    assert_int_equal(lc.line, 1);
    assert_int_equal(lc.col, 1);
    const char *x = strchr(text, 'x');
    lc = src_linecol(cx, 0, (uint32_t)(x - text));
    assert_int_equal(lc.line, 2);
    assert_int_equal(lc.col, 6);        /* two wide characters, a space */
    assert_int_equal(lc.byte_col, 8);
    lc = src_linecol(cx, 0, (uint32_t)strlen(text));
    assert_int_equal(lc.line, 4);
    assert_int_equal(lc.col, 5);
    uint32_t n;
    const char *line = src_line(cx, 0, 2, &n);
    assert_int_equal(n, strlen("中文 x"));   /* no \r */
    assert_memory_equal(line, "中文 x", n);
    src_line(cx, 0, 9, &n);
    assert_int_equal(n, 0);
    cx_free(cx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_width),
        cmocka_unit_test(test_linecol),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
