/*
** test_emit_html.c: the HTML writer.  Compiles a small budget written to
** a temporary folder (with a project named like a script, one with a
** right-to-left override in its name, and markup in its texts), builds
** its Document with the Shanxi layout and writes disclosure.html, then
** checks the file: nothing from the source becomes markup, headings keep
** their spans, amounts are right-aligned with separators and carry their
** sources, and two writes are byte for byte the same.
*/
#include "helpers.h"
#include "emit.h"

#include <stdlib.h>
#include <unistd.h>

static const char budget[] =
    "import shanxi\n"
    "department \"测试局\" {\n"
    "  code \"001\"\n"
    "  year 2026\n"
    "  province 山西\n"
    "  duties { \"负责<b>测试</b>工作。\" }\n"
    "  offices { 办公室 }\n"
    "}\n"
    "unit 测试局 { kind 行政; level 本级 }\n"
    "expenditure by function {\n"
    "  source  一般公共预算\n"
    "  amounts 万元\n"
    "  columns 基本支出 项目支出\n"
    "  2060101 行政运行                          1234.56  -\n"     /* line 14 */
    "  2060199 其他科学技术管理事务支出          -        12.00\n"
    "  2060201 机构运行                          1.00     -\n"
    "  2060299 其他基础研究支出                  1.00     -\n"
    "  2060501 机构运行                          1.00     -\n"
    "  2060599 其他科技条件与服务支出            1.00     -\n"
    "  2080501 行政单位离退休                    1.00     -\n"
    "  2080502 事业单位离退休                    1.00     -\n"
    "  2080505 机关事业单位基本养老保险缴费支出  1.00     -\n"
    "  2101101 行政单位医疗                      1.00     -\n"
    "}\n"
    "project \"<script>alert(1)</script>\" {\n"
    "  unit 测试局\n"
    "  category 其他运转类\n"
    "  function 2060199\n"
    "  budget 一般公共预算 10.00万元\n"
    "  form {\n"
    "    authority \"001-测试局\"\n"
    "    attribute 经常性 \"经常性 <th colspan=\\\"2\\\">\"\n"
    "    period 1年\n"
    "    funds {\n"
    "      总额         100,000元 100,000元\n"
    "      市县财政资金 100,000元 100,000元\n"
    "    }\n"
    "    goal \"目标 & 更多\" \"年度'目标'\"\n"
    "    indicators 年度 {\n"
    "      产出指标 数量指标 \"<i>次数</i>\" 3次\n"
    "    }\n"
    "  }\n"
    "}\n"
    "project \"A\\u{202E}B\" {\n"
    "  unit 测试局\n"
    "  category 其他运转类\n"
    "  function 2060199\n"
    "  budget 一般公共预算 2.00万元\n"
    "}\n";

/* The folder, the compilation and the HTML it wrote. */
typedef struct Fixture {
    char dir[64];          /* mkdtemp folder */
    char *path;            /* the budget's path, as given to the compiler */
    Compilation *cx;
    Document *d;
    char *html;            /* disclosure.html, NUL-terminated (malloc) */
} Fixture;

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = 0;
    fclose(f);
    return s;
}

/* Write disclosure.html into DIR/SUB and return its text. */
static char *write_html(Fixture *fx, const char *sub)
{
    BuildOptions bo = { .dir = arena_printf(fx->cx, "%s/%s", fx->dir, sub) };
    assert_true(out_mkdirs(bo.dir));
    assert_true(emit_html(fx->d, &bo));
    return slurp(arena_printf(fx->cx, "%s/disclosure.html", bo.dir));
}

static int setup(void **state)
{
    static Options opt;
    Fixture *fx = calloc(1, sizeof *fx);
    strcpy(fx->dir, "/tmp/budgetc-html-XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    char path[128];
    snprintf(path, sizeof path, "%s/main.budget", fx->dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(budget, f);
    fclose(f);
    opt = (Options){ .stdlib_dir = "stdlib" };
    int st;
    fx->cx = driver_compile(&opt, path, NULL, NULL, &st);
    assert_non_null(fx->cx);
    if (st != 0)
        diag_render(fx->cx, stderr);
    assert_int_equal(st, 0);
    fx->path = arena_printf(fx->cx, "%s", path);
    const Layout *l = layout_choose(fx->cx, NULL);
    assert_non_null(l);
    fx->d = doc_build(fx->cx, l, ROUND_HALF_UP);
    fx->html = write_html(fx, "out");
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    Fixture *fx = *state;
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", fx->dir);
    free(fx->html);
    cx_free(fx->cx);
    free(fx);
    return 0;
}

static void test_script_name_is_text(void **state)
{
    Fixture *fx = *state;
    assert_null(strstr(fx->html, "<script"));
    assert_non_null(strstr(fx->html, "<th scope=\"row\" class=\"lv3\">"
                           "&lt;script&gt;alert(1)&lt;/script&gt;</th>"));
    assert_non_null(strstr(fx->html, "<td colspan=\"6\">"
                           "&lt;script&gt;alert(1)&lt;/script&gt;</td>"));
}

static void test_bidi_override_is_neutralised(void **state)
{
    Fixture *fx = *state;
    assert_null(strstr(fx->html, "\xE2\x80\xAE"));          /* U+202E */
    assert_non_null(strstr(fx->html, ">A&#xFFFD;B</th>"));
}

static void test_markup_in_texts_is_escaped(void **state)
{
    Fixture *fx = *state;
    assert_null(strstr(fx->html, "<b>"));
    assert_null(strstr(fx->html, "<i>"));
    assert_non_null(strstr(fx->html, "负责&lt;b&gt;测试&lt;/b&gt;工作。"));
    assert_non_null(strstr(fx->html, "经常性 &lt;th colspan=&quot;2&quot;&gt;</td>"));
    assert_non_null(strstr(fx->html, "目标 &amp; 更多"));
    assert_non_null(strstr(fx->html, "年度&#39;目标&#39;"));
    assert_non_null(strstr(fx->html, "<td>&lt;i&gt;次数&lt;/i&gt;</td>"));
}

static void test_headings_keep_their_spans(void **state)
{
    Fixture *fx = *state;
    /* table 3: 项目 over two code columns; 合计 … span both heading rows */
    assert_non_null(strstr(fx->html, "<th scope=\"colgroup\" colspan=\"2\">项目</th>"));
    assert_non_null(strstr(fx->html, "<th scope=\"col\" rowspan=\"2\""));
    assert_non_null(strstr(fx->html, "<thead>\n<tr>"));
    assert_non_null(strstr(fx->html, "thead{display:table-header-group}"));
    assert_non_null(strstr(fx->html, "@page{size:A4"));
}

static void test_amounts_right_aligned_with_sources(void **state)
{
    Fixture *fx = *state;
    char *cell = arena_printf(fx->cx, "<td class=\"num\" title=\"来源（1项）：\n"
                              "%s:14\">1,234.56</td>", fx->path);
    assert_non_null(strstr(fx->html, cell));
    assert_non_null(strstr(fx->html, "td.num{text-align:right"));
    /* the 合计 of ten facts on ten lines lists eight places, then "…" */
    char *total = strstr(fx->html, "title=\"来源（10项）：");
    assert_non_null(total);
    char *end = strchr(total + 7, '"');
    int lines = 0;
    for (char *s = total; s < end; s++)
        lines += *s == '\n';
    assert_int_equal(lines, 9);
    assert_memory_equal(end - 4, "\n…", 4);
}

static void test_output_is_deterministic(void **state)
{
    Fixture *fx = *state;
    char *again = write_html(fx, "again");
    assert_string_equal(fx->html, again);
    free(again);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_script_name_is_text),
        cmocka_unit_test(test_bidi_override_is_neutralised),
        cmocka_unit_test(test_markup_in_texts_is_escaped),
        cmocka_unit_test(test_headings_keep_their_spans),
        cmocka_unit_test(test_amounts_right_aligned_with_sources),
        cmocka_unit_test(test_output_is_deterministic),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
