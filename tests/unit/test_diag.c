/*
** test_diag.c: rendering: location, caret runs under CJK spans, notes,
** JSON form, ordering, severity overrides and @allow.
*/
#include "helpers.h"

#include <stdlib.h>

static char *render(Compilation *cx)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    diag_render(cx, f);
    fclose(f);
    return buf;
}

static void test_caret_under_cjk(void **state)
{
    (void)state;
    const char *text = "unit 大同市 { kind 企 }\n";
    Compilation *cx = test_cx(NULL, "t.budget", text);
    const char *k = strstr(text, "企");
    Diag *d = diag_emit(cx, E0303, (Span){ 0, (uint32_t)(k - text), 3 },
                        "unknown unit kind '%s'", "企");
    diag_note(cx, d, (Span){ 0, 5, 9 }, "unit declared here");
    char *out = render(cx);
    const char *want =
        "t.budget:1:20: error[E0303]: unknown unit kind '企'\n"
        "    1 | unit 大同市 { kind 企 }\n"
        "      |                    ^~\n"
        "t.budget:1:6: note: unit declared here\n"
        "    1 | unit 大同市 { kind 企 }\n"
        "      |      ^~~~~~\n"
        "1 error, 0 warnings\n";
    assert_string_equal(out, want);
    free(out);
    cx_free(cx);
}

static void test_tabs_and_controls(void **state)
{
    (void)state;
    const char *text = "\tx\x01y z\n";
    Compilation *cx = test_cx(NULL, "t.budget", text);
    diag_emit(cx, E0005, (Span){ 0, 5, 1 }, "z");
    char *out = render(cx);
    assert_non_null(strstr(out, "    1 |         x?y z\n"));
    assert_non_null(strstr(out, "      |             ^\n"));
    free(out);
    cx_free(cx);
}

static void test_sorted_and_json(void **state)
{
    (void)state;
    Options opt = { .error_format = FMT_JSON };
    Compilation *cx = test_cx(&opt, "t\"q.budget", "ab\ncd\n");
    diag_emit(cx, E0001, (Span){ 0, 3, 2 }, "second \"quoted\"");
    diag_emit(cx, E0005, (Span){ 0, 0, 1 }, "first");
    char *out = render(cx);
    const char *first = strstr(out, "\"first\"");
    const char *second = strstr(out, "second \\\"quoted\\\"");
    assert_non_null(first);
    assert_non_null(second);
    assert_true(first < second);
    assert_non_null(strstr(out, "\"file\":\"t\\\"q.budget\",\"offset\":3,"
                                "\"length\":2,\"line\":2,\"column\":1"));
    assert_int_equal(out[0], '[');
    free(out);
    cx_free(cx);
}

static void test_severity_override(void **state)
{
    (void)state;
    Options opt = { 0 };
    opt.severity[E0104] = SEV_WARNING + 1;
    Compilation *cx = test_cx(&opt, "t.budget", "x\n");
    Diag *d = diag_emit(cx, E0104, (Span){ 0, 0, 1 }, "twice");
    assert_int_equal(d->sev, SEV_WARNING);
    assert_int_equal(cx->nerrors, 0);
    assert_int_equal(cx->nwarnings, 1);
    opt.warnings_as_errors = true;
    d = diag_emit(cx, E0104, (Span){ 0, 0, 1 }, "twice");
    assert_int_equal(d->sev, SEV_ERROR);
    cx_free(cx);
}

static void test_codes_are_unique_and_explained(void **state)
{
    (void)state;
    for (int i = 0; i < DIAG_COUNT; i++) {
        assert_int_equal(diag_lookup(diag_code_name((DiagCode)i)), i);
        assert_true(strlen(diag_explanation((DiagCode)i)) > 40);
        assert_true(strlen(diag_title((DiagCode)i)) > 3);
    }
    assert_int_equal(diag_lookup("E9999"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_caret_under_cjk),
        cmocka_unit_test(test_tabs_and_controls),
        cmocka_unit_test(test_sorted_and_json),
        cmocka_unit_test(test_severity_override),
        cmocka_unit_test(test_codes_are_unique_and_explained),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
