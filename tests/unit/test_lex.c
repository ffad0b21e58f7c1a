/*
** test_lex.c: the lexer's tokens, including Chinese text, every money
** form, operators, strings and the errors of hostile bytes.
*/
#include "helpers.h"
#include "lex.h"

#define MAXTOK 64

typedef struct Lexed {
    Compilation *cx;
    Token t[MAXTOK];
    int n;
} Lexed;

static Lexed lex_all(const char *text)
{
    Lexed l = { .cx = test_cx(NULL, "t.budget", text) };
    if (!lex_check_text(l.cx, 0))
        return l;
    Lexer lx;
    lex_init(&lx, l.cx, 0);
    do {
        lex_next(&lx, &l.t[l.n]);
    } while (l.t[l.n++].kind != TK_EOF && l.n < MAXTOK);
    return l;
}

static void expect_text(Lexed *l, int i, int kind, const char *text)
{
    assert_true(i < l->n);
    assert_int_equal(l->t[i].kind, kind);
    uint32_t n;
    const char *p = atom_text(l->cx, l->t[i], &n);
    assert_int_equal(n, strlen(text));
    assert_memory_equal(p, text, n);
}

static void test_words_and_chinese(void **state)
{
    (void)state;
    Lexed l = lex_all("unit 大同市科学技术局 income.total J驻村帮扶 经常性项目（长期开展）\n");
    expect_text(&l, 0, TK_WORD, "unit");
    expect_text(&l, 1, TK_WORD, "大同市科学技术局");
    expect_text(&l, 2, TK_WORD, "income.total");
    expect_text(&l, 3, TK_WORD, "J驻村帮扶");
    expect_text(&l, 4, TK_WORD, "经常性项目（长期开展）");
    assert_int_equal(l.t[5].kind, TK_END);
    assert_int_equal(l.t[6].kind, TK_EOF);
    assert_int_equal(l.cx->diags.n, 0);
    cx_free(l.cx);
}

static void test_money_forms(void **state)
{
    (void)state;
    Lexed l = lex_all("1116.95 1,116.95万元 105,000元 22,194.98元 -3.50万元 +41.69 95% 3人 99年 0\n");
    const char *want[] = { "1116.95", "1,116.95万元", "105,000元", "22,194.98元",
                           "-3.50万元", "+41.69", "95%", "3人", "99年", "0" };
    for (int i = 0; i < 10; i++)
        expect_text(&l, i, TK_NUMBER, want[i]);
    cx_free(l.cx);
}

static void test_operators_split_from_numbers(void **state)
{
    (void)state;
    Lexed l = lex_all("≥90% ≤1次 >= <= ＞5 ＜5 ＝1 = - -> @allow\n");
    expect_text(&l, 0, TK_OP, "≥");
    expect_text(&l, 1, TK_NUMBER, "90%");
    expect_text(&l, 2, TK_OP, "≤");
    expect_text(&l, 3, TK_NUMBER, "1次");
    expect_text(&l, 4, TK_OP, ">=");
    expect_text(&l, 5, TK_OP, "<=");
    expect_text(&l, 6, TK_OP, "＞");
    expect_text(&l, 8, TK_OP, "＜");
    expect_text(&l, 10, TK_OP, "＝");
    expect_text(&l, 12, TK_OP, "=");
    expect_text(&l, 13, TK_DASH, "-");
    expect_text(&l, 14, TK_ARROW, "->");
    expect_text(&l, 15, TK_ANNOT, "@allow");
    cx_free(l.cx);
}

static void test_strings_comments_ends(void **state)
{
    (void)state;
    Lexed l = lex_all("# 注释\n\n\"a \\\"b\\\" 中文\" ; x { y } # tail\n");
    expect_text(&l, 0, TK_STRING, "\"a \\\"b\\\" 中文\"");
    assert_int_equal(l.t[1].kind, TK_END);
    expect_text(&l, 2, TK_WORD, "x");
    assert_int_equal(l.t[3].kind, TK_LBRACE);
    expect_text(&l, 4, TK_WORD, "y");
    assert_int_equal(l.t[5].kind, TK_RBRACE);
    assert_int_equal(l.t[6].kind, TK_END);
    assert_int_equal(l.t[7].kind, TK_EOF);
    assert_int_equal(l.cx->files.v[0]->comments.n, 2);
    uint32_t n;
    ast_string_value(l.cx, l.t[0], &n);
    assert_int_equal(n, strlen("a \"b\" 中文"));
    cx_free(l.cx);
}

static void test_full_width_space_and_bom(void **state)
{
    (void)state;
    Lexed l = lex_all("\xEF\xBB\xBF" "a\xE3\x80\x80" "b");
    expect_text(&l, 0, TK_WORD, "a");
    expect_text(&l, 1, TK_WORD, "b");
    assert_int_equal(l.t[2].kind, TK_END);   /* the last line is ended */
    cx_free(l.cx);
}

static void test_unterminated_string(void **state)
{
    (void)state;
    Lexed l = lex_all("\"abc\nnext\n");
    assert_int_equal(l.t[0].kind, TK_STRING);
    assert_int_equal(l.cx->diags.n, 1);
    assert_int_equal(l.cx->diags.v[0]->code, E0004);
    expect_text(&l, 2, TK_WORD, "next");
    cx_free(l.cx);
}

static void test_unexpected_character(void **state)
{
    (void)state;
    Lexed l = lex_all("a (b)\n");
    expect_text(&l, 0, TK_WORD, "a");
    expect_text(&l, 1, TK_WORD, "b");
    assert_int_equal(l.cx->diags.n, 2);
    assert_int_equal(l.cx->diags.v[0]->code, E0005);
    cx_free(l.cx);
}

static void test_invalid_utf8_and_nul(void **state)
{
    (void)state;
    Compilation *cx = cx_new(NULL, NULL, NULL);
    static const char bad[] = "ok \xff\xfe here\n\x00z";
    char *copy = arena_alloc(cx, sizeof bad);
    memcpy(copy, bad, sizeof bad);
    src_add(cx, "t.budget", copy, sizeof bad - 1, span_none());
    assert_false(lex_check_text(cx, 0));
    assert_int_equal(cx->diags.n, 2);
    assert_int_equal(cx->diags.v[0]->code, E0002);
    assert_int_equal(cx->diags.v[0]->span.off, 3);
    assert_int_equal(cx->diags.v[0]->span.len, 2);   /* one report per run */
    assert_int_equal(cx->diags.v[1]->code, E0003);
    cx_free(cx);
}

/* The check byte by byte, as it was before its fast paths: where each
** reported run of bad bytes starts and how long it is. */
static uint32_t reference_runs(const char *s, uint32_t n, uint32_t *off,
                               uint32_t *len)
{
    uint32_t i = 0, runs = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp, k = src_decode(s + i, n - i, &cp);
        if (!((cp == 0xFFFD && k == 1) || c == 0)) {
            i += k;
            continue;
        }
        uint32_t j = i + 1;
        while (j < n && (((unsigned char)s[j] >= 0x80 &&
                src_decode(s + j, n - j, &cp) == 1 && cp == 0xFFFD) ||
                (c == 0 && s[j] == 0)))
            j++;
        if (runs < 8)
            off[runs] = i, len[runs] = j - i;
        runs++;
        i = j;
    }
    return runs;
}

/* The fast paths (eight ASCII bytes, runs of CJK) accept and report
** exactly what the byte-by-byte check does, on random text made of the
** bytes that matter: ASCII, NUL, continuation bytes, the leads of two-,
** three- and four-byte sequences, and the edges (overlong, surrogate). */
static void test_utf8_check_matches_reference(void **state)
{
    (void)state;
    static const unsigned char alphabet[] = {
        'a', ' ', '\n', '1', 0x00, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF,
        0xE0, 0xE4, 0xB8, 0xAD, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF,
    };
    uint32_t seed = 12345;
    for (int round = 0; round < 20000; round++) {
        char buf[48];
        seed = seed * 1103515245u + 12345u;
        uint32_t n = (seed >> 16) % 40;
        for (uint32_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            uint32_t r = seed >> 16;
            buf[i] = (char)(r % 3 == 0 ? "中"[i % 3] : alphabet[r % sizeof alphabet]);
        }
        uint32_t off[8], len[8];
        uint32_t runs = reference_runs(buf, n, off, len);
        Compilation *cx = cx_new(NULL, NULL, NULL);
        char *copy = arena_alloc(cx, n + 1);
        memcpy(copy, buf, n);
        src_add(cx, "t.budget", copy, n, span_none());
        bool ok = lex_check_text(cx, 0);
        assert_int_equal(ok, runs == 0);
        assert_int_equal(cx->diags.n, runs > 8 ? 9 : runs);
        for (uint32_t k = 0; k < runs && k < 8; k++) {
            assert_int_equal(cx->diags.v[k]->span.off, off[k]);
            assert_int_equal(cx->diags.v[k]->span.len, len[k]);
        }
        cx_free(cx);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_and_chinese),
        cmocka_unit_test(test_money_forms),
        cmocka_unit_test(test_operators_split_from_numbers),
        cmocka_unit_test(test_strings_comments_ends),
        cmocka_unit_test(test_full_width_space_and_bom),
        cmocka_unit_test(test_unterminated_string),
        cmocka_unit_test(test_unexpected_character),
        cmocka_unit_test(test_invalid_utf8_and_nul),
        cmocka_unit_test(test_utf8_check_matches_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
