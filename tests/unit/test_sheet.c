/*
** test_sheet.c: spreadsheets into grids: CSV (quotes, CRLF, BOM) and the
** sheets of an XLSX workbook found by name or position through
** xl/workbook.xml and its relationships, where the sheet named 表3 is not
** the member sheet3.xml and targets may be absolute.
*/
#include "helpers.h"
#include "sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <zip.h>

static const char *cell(const Sheet *sh, uint32_t r, uint32_t c)
{
    if (r >= sh->rows.n || c >= sh->rows.v[r].cells.n)
        return NULL;
    return sh->rows.v[r].cells.v[c];
}

static void test_csv(void **state)
{
    (void)state;
    Compilation *cx = cx_new(NULL, NULL, NULL);
    Sheet sh = { 0 };
    const char *text = "\xEF\xBB\xBF" "科目编码,科目名称,合计\r\n"
                       "2060101,\"行政, 运行\",290.02\r\n"
                       "\r\n"
                       "合计,,\"1,116.95\"\r\n";
    assert_true(sheet_read_csv(cx, text, strlen(text), &sh));
    assert_int_equal(sh.rows.n, 3);
    assert_string_equal(cell(&sh, 0, 0), "科目编码");
    assert_string_equal(cell(&sh, 1, 1), "行政, 运行");
    assert_string_equal(cell(&sh, 2, 1), "");
    assert_string_equal(cell(&sh, 2, 2), "1,116.95");
    Sheet bad = { 0 };
    assert_false(sheet_read_csv(cx, "a,\"b", 4, &bad));
    /* tab-separated: a tab and no comma on the first line */
    Sheet tsv = { 0 };
    const char *t = "code\tname\tparent_code\n206\t科学技术支出\t\n"
                    "20601\t科学技术管理事务, 其他\t206\n";
    assert_true(sheet_read_csv(cx, t, strlen(t), &tsv));
    assert_int_equal(tsv.rows.n, 3);
    assert_string_equal(cell(&tsv, 1, 1), "科学技术支出");
    assert_string_equal(cell(&tsv, 2, 1), "科学技术管理事务, 其他");
    assert_string_equal(cell(&tsv, 2, 2), "206");
    cx_free(cx);
}

typedef struct Member {
    const char *name;
    const char *text;
} Member;

static void write_zip(const char *path, const Member *m, size_t n)
{
    int err;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    assert_non_null(z);
    for (size_t i = 0; i < n; i++) {
        zip_source_t *s = zip_source_buffer(z, m[i].text, strlen(m[i].text), 0);
        assert_non_null(s);
        assert_true(zip_file_add(z, m[i].name, s, ZIP_FL_ENC_UTF_8) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
}

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

/* Three sheets: 目录 (sheet2.xml), 表3 (sheet1.xml, absolute target),
** 表6 (x:-prefixed workbook elements are matched by local name). */
static const Member book[] = {
    { "xl/workbook.xml",
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook " NS "><sheets>"
      "<sheet name=\"目录\" sheetId=\"1\" r:id=\"rId1\"/>"
      "<sheet name=\"表3\" sheetId=\"2\" r:id=\"rId7\"/>"
      "<sheet name=\"表6\" sheetId=\"3\" r:id=\"rId3\"/>"
      "</sheets></workbook>" },
    { "xl/_rels/workbook.xml.rels",
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"w\" Target=\"worksheets/sheet2.xml\"/>"
      "<Relationship Id=\"rId3\" Type=\"w\" Target=\"./worksheets/sheet3.xml\"/>"
      "<Relationship Id=\"rId7\" Type=\"w\" Target=\"/xl/worksheets/sheet1.xml\"/>"
      "</Relationships>" },
    { "xl/sharedStrings.xml",
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst " NS ">"
      "<si><t>合计</t></si><si><r><t>部门名称：</t></r><r><t>测试局</t></r></si>"
      "</sst>" },
    { "xl/worksheets/sheet1.xml",
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet " NS "><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c></row>"
      "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>0</v></c><c r=\"C3\"><v>1116.95</v></c></row>"
      "</sheetData></worksheet>" },
    { "xl/worksheets/sheet2.xml",
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet " NS "><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>目录</t></is></c></row>"
      "</sheetData></worksheet>" },
};

static void test_xlsx_by_name(void **state)
{
    (void)state;
    char path[] = "/tmp/budgetc-test-sheet-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    write_zip(path, book, sizeof book / sizeof book[0]);
    Compilation *cx = cx_new(NULL, NULL, NULL);
    const char *why = NULL;

    Sheet t3 = { 0 };
    assert_true(sheet_read_xlsx_sheet(cx, path, "表3", 0, &t3, &why));
    assert_string_equal(cell(&t3, 0, 0), "部门名称：测试局");
    assert_string_equal(cell(&t3, 2, 0), "合计");
    assert_string_equal(cell(&t3, 2, 1), "");
    assert_string_equal(cell(&t3, 2, 2), "1116.95");

    Sheet first = { 0 };
    assert_true(sheet_read_xlsx_sheet(cx, path, NULL, 0, &first, &why));
    assert_string_equal(cell(&first, 0, 0), "目录");

    Sheet missing = { 0 };
    assert_false(sheet_read_xlsx_sheet(cx, path, "表9", 0, &missing, &why));
    assert_non_null(strstr(why, "no sheet named '表9'"));
    assert_non_null(strstr(why, "'表3'"));
    assert_false(sheet_read_xlsx_sheet(cx, path, NULL, 3, &missing, &why));
    assert_non_null(strstr(why, "no sheet 4"));
    /* 表6's relationship names a member the package does not have */
    assert_false(sheet_read_xlsx_sheet(cx, path, "表6", 0, &missing, &why));
    assert_non_null(strstr(why, "xl/worksheets/sheet3.xml"));

    /* the first-worksheet reader still reads sheet1.xml */
    Sheet one = { 0 };
    assert_true(sheet_read_xlsx(cx, path, &one, &why));
    assert_string_equal(cell(&one, 2, 0), "合计");
    cx_free(cx);
    remove(path);
}

static void test_xlsx_not_a_book(void **state)
{
    (void)state;
    char path[] = "/tmp/budgetc-test-sheet-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    Compilation *cx = cx_new(NULL, NULL, NULL);
    const char *why = NULL;
    Sheet sh = { 0 };
    assert_false(sheet_read_xlsx_sheet(cx, path, "表3", 0, &sh, &why));
    assert_non_null(strstr(why, "zip"));
    const Member only[] = { book[3] };
    write_zip(path, only, 1);
    assert_false(sheet_read_xlsx_sheet(cx, path, "表3", 0, &sh, &why));
    assert_non_null(strstr(why, "xl/workbook.xml"));
    cx_free(cx);
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_xlsx_by_name),
        cmocka_unit_test(test_xlsx_not_a_book),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
