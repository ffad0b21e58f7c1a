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

static void write_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n' || c == '\r' || c == '\t')
            fputc(' ', out);
        else if (c >= 0x20)
            fputc(c, out);
    }
    fputc('"', out);
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

/* Find the header row and the code and name columns. */
static uint32_t find_header(const Sheet *sh, uint32_t *ccol, uint32_t *ncol)
{
    for (uint32_t r = 0; r < sh->rows.n && r < 10; r++) {
        int c = -1, m = -1;
        const SheetRow *row = &sh->rows.v[r];
        for (uint32_t i = 0; i < row->cells.n; i++) {
            if (c < 0 && has_word(row->cells.v[i], "编码", "code"))
                c = (int)i;
            else if (m < 0 && has_word(row->cells.v[i], "名称", "name"))
                m = (int)i;
        }
        if (c >= 0 && m >= 0) {
            *ccol = (uint32_t)c;
            *ncol = (uint32_t)m;
            return r + 1;
        }
    }
    *ccol = 0;
    *ncol = 1;
    return 0;
}

static int import(Compilation *cx, const char *in, const char *out_path,
                  const char *kind, const char *edition)
{
    Sheet sh = { 0 };
    const char *why;
    if (!read_input(cx, in, &sh, &why))
        return fail("cannot import '%s': %s", in, why) + 1;
    uint32_t ccol, ncol;
    uint32_t first = find_header(&sh, &ccol, &ncol);
    VEC(ImportRow) rows = { 0 };
    int errors = 0;
    for (uint32_t r = first; r < sh.rows.n; r++) {
        const SheetRow *row = &sh.rows.v[r];
        const char *c = ccol < row->cells.n ? row->cells.v[ccol] : "";
        const char *n = ncol < row->cells.n ? row->cells.v[ncol] : "";
        char *code = code_digits(cx, c);
        char line[32];
        snprintf(line, sizeof line, "%u", r + 1);
        if (!code) {
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
    write_string(out, edition ? edition : "imported");
    fputs(" {\n", out);
    for (uint32_t i = 0; i < rows.n; i++) {
        fprintf(out, "  %-7s ", rows.v[i].code);
        write_string(out, rows.v[i].name);
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
