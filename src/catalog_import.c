/*
** catalog_import.c: `budgetc catalog import`, the official classification
** spreadsheet (CSV or XLSX, code and name columns) into a stdlib module,
** so a department holding the Ministry of Finance's full catalog gets
** complete checking.  Codes may be printed spaced ("201 13 01"); the
** header row is found by its 编码/名称 (or code/name) headings.
*/
#include "budgetc.h"
#include "sheet.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { MAX_ROW_ERRORS = 20 };   /* rows with errors listed, at most */

typedef struct ImportRow {
    const char *code;     /* digits only */
    const char *name;
    uint32_t line;        /* 1-based row in the sheet */
} ImportRow;

/* Does the cell contain the Chinese heading a, or the English b (any case)? */
static bool has_word(const char *cell, const char *a, const char *b)
{
    if (strstr(cell, a))
        return true;
    size_t n = strlen(b);
    for (const char *p = cell; *p; p++)
        if (strncasecmp(p, b, n) == 0)
            return true;
    return false;
}

/* Digits of a code cell, spaces dropped; NULL if anything else is there.
** A number cell written by a spreadsheet as "2060101.0" is accepted. */
static char *code_digits(Compilation *cx, const char *s)
{
    size_t n = strlen(s), k = 0;
    char *out = arena_alloc(cx, n + 1);
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            out[k++] = s[i];
        else if (s[i] == '.' && strspn(s + i + 1, "0") == strlen(s + i + 1))
            break;
        else if (s[i] != ' ' && s[i] != '\t')
            return NULL;
    }
    out[k] = 0;
    return out;
}

static const char *infer_kind(const char *code)
{
    switch (code[0]) {
    case '2': return "function";
    case '3': return "economic";
    case '5': return "government";
    default: return NULL;
    }
}

static bool length_ok(const char *kind, size_t n)
{
    if (strcmp(kind, "function") == 0)
        return n == 3 || n == 5 || n == 7;
    return n == 3 || n == 5;
}

static int fail(const char *fmt, const char *a, const char *b)
{
    fputs("budgetc: error: ", stderr);
    fprintf(stderr, fmt, a, b);
    fputc('\n', stderr);
    return 1;
}

static bool read_input(Compilation *cx, const char *path, Sheet *sh,
                       const char **why)
{
    char *text;
    uint32_t len;
    if (!src_read_file(cx, path, &text, &len, why))
        return false;
    if (len >= 4 && memcmp(text, "PK\003\004", 4) == 0)
        return sheet_read_xlsx(cx, path, sh, why);
    uint32_t file = src_add(cx, path, text, len, span_none());
    for (uint32_t i = 0; i < len;) {
        uint32_t cp, k = src_decode(text + i, len - i, &cp);
        if ((cp == 0xFFFD && k == 1) || text[i] == 0) {
            *why = "is not UTF-8 text (convert it, e.g. iconv -f GB18030 -t UTF-8)";
            return false;
        }
        i += k;
    }
    (void)file;
    if (!sheet_read_csv(cx, text, len, sh)) {
        *why = "has an unterminated quoted field";
        return false;
    }
    return true;
}

/* Where the code and the name are: one code column, or the code split
** over 类, 款 and 项 columns (the layout of the printed 科目表, where a
** 款 row gives only its two digits under 款). */
typedef struct Columns {
    int code;             /* the code column, or -1 when split */
    int part[3];          /* the 类, 款, 项 columns, -1 if absent */
    int name;             /* the name column */
} Columns;

static bool cell_is(const char *cell, const char *word)
{
    cell += strspn(cell, " \t");
    size_t n = strlen(word);
    return strncmp(cell, word, n) == 0 && cell[n + strspn(cell + n, " \t")] == 0;
}

/* The 类, 款 and 项 columns of a row; true if it has 类 and 款. */
static bool find_parts(const SheetRow *row, int part[3])
{
    static const char *const parts[3] = { "类", "款", "项" };
    part[0] = part[1] = part[2] = -1;
    for (uint32_t i = 0; row && i < row->cells.n; i++)
        for (int j = 0; j < 3; j++)
            if (part[j] < 0 && cell_is(row->cells.v[i], parts[j]))
                part[j] = (int)i;
    return part[0] >= 0 && part[1] >= 0;
}

/* The column of a row whose heading has 名称 (or name), or -1. */
static int find_name(const SheetRow *row)
{
    for (uint32_t i = 0; row && i < row->cells.n; i++)
        if (has_word(row->cells.v[i], "名称", "name"))
            return (int)i;
    return -1;
}

/* Find the header (among the first ten rows) and the columns; returns the
** first data row, or -1 when there is none.  The split layout has its
** headings on two rows: 科目编码 and 科目名称, then 类 款 项 under the
** first. */
static int find_header(const Sheet *sh, Columns *k)
{
    for (uint32_t r = 0; r < sh->rows.n && r < 10; r++) {
        const SheetRow *row = &sh->rows.v[r];
        const SheetRow *prev = r ? &sh->rows.v[r - 1] : NULL;
        const SheetRow *next = r + 1 < sh->rows.n ? &sh->rows.v[r + 1] : NULL;
        *k = (Columns){ -1, { -1, -1, -1 }, find_name(row) };
        for (uint32_t i = 0; k->code < 0 && i < row->cells.n; i++)
            if (has_word(row->cells.v[i], "编码", "code"))
                k->code = (int)i;
        if (find_parts(row, k->part)) {          /* 类 款 项 and a name */
            k->code = -1;
            if (k->name < 0)
                k->name = find_name(prev);
            if (k->name >= 0)
                return (int)r + 1;
        } else if (k->code >= 0 && k->name >= 0) {
            if (!find_parts(next, k->part))
                return (int)r + 1;
            k->code = -1;                        /* 类 款 项 below */
            return (int)r + 2;
        }
    }
    *k = (Columns){ 0, { -1, -1, -1 }, 1 };
    return -1;
}

static const char *cell_at(const SheetRow *row, int col)
{
    return col >= 0 && (uint32_t)col < row->cells.n ? row->cells.v[col] : "";
}

/* The code of a row whose code is split over 类/款/项 columns; `lei` and
** `kuan` carry the current 类 and 款 from row to row.  A part written in
** full (20601 under 款) is taken as the whole code.  NULL if a part is not
** digits. */
static char *split_code(Compilation *cx, const SheetRow *row, const Columns *k,
                        char lei[4], char kuan[6])
{
    char *p[3];
    for (int j = 0; j < 3; j++)
        if (!(p[j] = code_digits(cx, cell_at(row, k->part[j]))))
            return NULL;
    if (strlen(p[2]) == 7 || strlen(p[1]) == 5)
        return strlen(p[2]) == 7 ? p[2] : p[1];
    if (*p[0]) {
        snprintf(lei, 4, "%s", p[0]);
        kuan[0] = 0;
        if (!*p[1] && !*p[2])
            return p[0];
    }
    if (*p[1]) {
        snprintf(kuan, 6, "%s%s", lei, p[1]);
        if (!*p[2])
            return arena_strndup(cx, kuan, strlen(kuan));
    }
    if (*p[2])
        return arena_printf(cx, "%s%s", kuan, p[2]);
    return p[0];                              /* "": a blank code */
}

static int import(Compilation *cx, const char *in, const char *out_path,
                  const char *kind, const char *edition)
{
    Sheet sh = { 0 };
    const char *why;
    if (!read_input(cx, in, &sh, &why))
        return fail("cannot import '%s': %s", in, why) + 1;
    Columns k;
    int first = find_header(&sh, &k);
    if (first < 0) {
        /* no header: the first two columns, if the first row is a code */
        const char *c0 = sh.rows.n ? cell_at(&sh.rows.v[0], 0) : "";
        const char *d = code_digits(cx, c0);
        if (!d || !*d)
            return fail("%s: no header row: the first ten rows have no "
                        "code and name headings (编码 and 名称, code and "
                        "name, or 类 款 项 and 名称)%s", in, "");
        first = 0;
    }
    VEC(ImportRow) rows = { 0 };
    int errors = 0;
    char lei[4] = "", kuan[6] = "";
    for (uint32_t r = (uint32_t)first; r < sh.rows.n; r++) {
        const SheetRow *row = &sh.rows.v[r];
        const char *n = cell_at(row, k.name);
        char *code = k.code >= 0 ? code_digits(cx, cell_at(row, k.code))
                                 : split_code(cx, row, &k, lei, kuan);
        char line[32];
        snprintf(line, sizeof line, "%u", r + 1);
        if (errors == MAX_ROW_ERRORS) {
            errors++;
            fail("%s: more rows with errors are not listed%s", in, "");
        }
        if (errors > MAX_ROW_ERRORS) {
            continue;
        } else if (!code) {
            errors += fail("%s: row %s: the code is not digits", in, line);
            continue;
        }
        if (!*code && !*n)
            continue;                       /* a blank row */
        if (!kind)
            kind = infer_kind(code);
        if (!kind || !length_ok(kind, strlen(code)) || !*n) {
            errors += fail("%s: row %s: not a catalog row (code of 3, 5 or 7 "
                           "digits, and a name)", in, line);
            continue;
        }
        ImportRow ir = { code, n, r + 1 };
        vec_push(cx, &rows, ir);
    }
    for (uint32_t i = 0; i < rows.n; i++)
        for (uint32_t j = i + 1; j < rows.n && j < i + 64; j++)
            if (strcmp(rows.v[i].code, rows.v[j].code) == 0)
                errors += fail("%s: code %s appears twice", in, rows.v[i].code);
    if (errors)
        return 1;
    if (!rows.n)
        return fail("%s: no catalog rows found%s", in, "");
    FILE *out = stdout;
    char *tmp = NULL;
    if (out_path) {
        tmp = arena_printf(cx, "%s.tmp", out_path);
        out = fopen(tmp, "w");
        if (!out)
            return fail("cannot write '%s'%s", out_path, "") + 1;
    }
    const char *base = strrchr(in, '/');
    fprintf(out, "# %s classification, imported by `budgetc catalog import` "
            "from %s (%u rows).\n", kind, base ? base + 1 : in, rows.n);
    fprintf(out, "catalog %s ", kind);
    fputs(src_quoted(cx, edition ? edition : "imported"), out);
    fputs(" {\n", out);
    int width = 0;                       /* the layout of budgetc fmt */
    for (uint32_t i = 0; i < rows.n; i++)
        width = (int)strlen(rows.v[i].code) > width ? (int)strlen(rows.v[i].code)
                                                    : width;
    for (uint32_t i = 0; i < rows.n; i++) {
        fprintf(out, "  %-*s ", width, rows.v[i].code);
        fputs(src_atom(cx, rows.v[i].name), out);
        fputc('\n', out);
    }
    fputs("}\n", out);
    if (out_path) {
        bool bad = ferror(out) != 0;
        bad |= fclose(out) != 0;
        if (bad || rename(tmp, out_path) != 0) {
            remove(tmp);
            return fail("cannot write '%s'%s", out_path, "") + 1;
        }
    }
    return 0;
}

int catalog_import_main(int argc, char **argv)
{
    const char *kind = NULL, *edition = NULL, *out = NULL, *in = NULL;
    if (argc < 1 || strcmp(argv[0], "import") != 0)
        return fail("usage: budgetc catalog import [--kind KIND] [--edition "
                    "E] [-o OUT.budget] INPUT.csv|INPUT.xlsx%s%s", "", "") + 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = strcmp(a, "--kind") == 0 ? &kind
                          : strcmp(a, "--edition") == 0 ? &edition
                          : strcmp(a, "-o") == 0 ? &out : NULL;
        if (slot) {
            if (i + 1 >= argc)
                return fail("%s needs a value%s", a, "") + 1;
            *slot = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            return fail("unknown option '%s'%s", a, "") + 1;
        } else if (!in) {
            in = a;
        } else {
            return fail("one INPUT only, not '%s'%s", a, "") + 1;
        }
    }
    if (!in)
        return fail("catalog import needs an INPUT file%s%s", "", "") + 1;
    if (kind && strcmp(kind, "function") != 0 && strcmp(kind, "economic") != 0 &&
        strcmp(kind, "government") != 0)
        return fail("unknown kind '%s': function, economic or government%s",
                    kind, "") + 1;
    Compilation *cx = cx_new(NULL, NULL, NULL);
    int st = import(cx, in, out, kind, edition);
    cx_free(cx);
    return st;
}
