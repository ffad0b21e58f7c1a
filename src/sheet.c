/*
** sheet.c: reading spreadsheets into a grid of cell strings: CSV
** (RFC 4180, UTF-8 with or without a BOM) and the first worksheet of an
** XLSX workbook (libzip for the container, expat for the XML).  Used by
** `budgetc catalog import` and the table importer.  Every cell is a
** NUL-terminated UTF-8 string in the compilation's arena; a malformed file
** is a diagnostic, never a crash.
*/
#include "budgetc.h"
#include "sheet.h"

#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

static void put_cell(Compilation *cx, Sheet *sh, uint32_t row, uint32_t col,
                     const char *s, size_t n)
{
    while (sh->rows.n <= row) {
        SheetRow r = { 0 };
        vec_push(cx, &sh->rows, r);
    }
    SheetRow *r = &sh->rows.v[row];
    while (r->cells.n <= col)
        vec_push(cx, &r->cells, (const char *)"");
    r->cells.v[col] = arena_strndup(cx, s, n);
}

/* ---- CSV ------------------------------------------------------------- */

bool sheet_read_csv(Compilation *cx, const char *text, size_t n, Sheet *sh)
{
    size_t i = 0;
    if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    uint32_t row = 0, col = 0;
    VEC(char) buf = { 0 };
    bool quoted = false, was_quoted = false, row_used = false;
    for (; i <= n; i++) {
        char c = i < n ? text[i] : '\n';
        if (quoted) {
            if (i == n)
                return false;                /* unterminated quote */
            if (c == '"' && i + 1 < n && text[i + 1] == '"') {
                vec_push(cx, &buf, '"');
                i++;
            } else if (c == '"') {
                quoted = false;
            } else {
                vec_push(cx, &buf, c);
            }
            continue;
        }
        if (c == '"' && buf.n == 0 && !was_quoted) {
            quoted = was_quoted = true;
        } else if (c == ',' || c == '\n') {
            if (c == ',' || col || buf.n || was_quoted) {
                put_cell(cx, sh, row, col, buf.v ? buf.v : "", buf.n);
                row_used = true;
            }
            buf.n = 0;
            was_quoted = false;
            col = c == ',' ? col + 1 : 0;
            if (c == '\n' && row_used) {
                row++;
                row_used = false;
            }
        } else if (c != '\r') {
            vec_push(cx, &buf, c);
        }
    }
    return true;
}

/* ---- XLSX ------------------------------------------------------------ */

typedef struct XmlState {
    Compilation *cx;
    Sheet *sh;                  /* the grid being filled (sheet pass) */
    VEC(const char *) strings;  /* shared strings (first pass) */
    VEC(char) text;             /* character data being collected */
    bool in_text;               /* inside <t> or <v> */
    bool in_si;                 /* inside a shared string item */
    uint32_t row, col;          /* the current cell */
    char type[8];               /* the current cell's t= attribute */
    uint32_t depth;             /* element depth, bounded */
    bool bad;                   /* malformed content */
} XmlState;

static const char *attr(const XML_Char **a, const char *name)
{
    for (; a && a[0]; a += 2)
        if (strcmp(a[0], name) == 0)
            return a[1];
    return NULL;
}

/* "BC12" -> column 54 (0-based), row 11 */
static bool cell_ref(const char *r, uint32_t *row, uint32_t *col)
{
    uint32_t c = 0, n = 0, k = 0;
    for (; *r >= 'A' && *r <= 'Z' && k < 4; r++, k++)
        c = c * 26 + (uint32_t)(*r - 'A' + 1);
    for (k = 0; *r >= '0' && *r <= '9' && k < 8; r++, k++)
        n = n * 10 + (uint32_t)(*r - '0');
    if (!c || !n || *r || c > 16384 || n > 1048576)
        return false;
    *row = n - 1;
    *col = c - 1;
    return true;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **a)
{
    XmlState *x = ud;
    if (++x->depth > 64) {
        x->bad = true;
        return;
    }
    if (strcmp(name, "si") == 0) {
        x->in_si = true;
        x->text.n = 0;
    } else if (strcmp(name, "t") == 0 || strcmp(name, "v") == 0) {
        x->in_text = true;
        if (!x->in_si)
            x->text.n = 0;
    } else if (strcmp(name, "c") == 0) {
        const char *r = attr(a, "r"), *t = attr(a, "t");
        if (!r || !cell_ref(r, &x->row, &x->col))
            x->bad = true;
        snprintf(x->type, sizeof x->type, "%s", t ? t : "");
        x->text.n = 0;
    }
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    XmlState *x = ud;
    x->depth--;
    if (strcmp(name, "t") == 0 || strcmp(name, "v") == 0) {
        x->in_text = false;
    } else if (strcmp(name, "si") == 0) {
        x->in_si = false;
        vec_push(x->cx, &x->strings,
                 arena_strndup(x->cx, x->text.v ? x->text.v : "", x->text.n));
    } else if (strcmp(name, "c") == 0 && x->sh && !x->bad) {
        const char *v = arena_strndup(x->cx, x->text.v ? x->text.v : "",
                                      x->text.n);
        if (strcmp(x->type, "s") == 0) {
            long idx = strtol(v, NULL, 10);
            if (idx < 0 || (unsigned long)idx >= x->strings.n) {
                x->bad = true;
                return;
            }
            v = x->strings.v[idx];
        }
        put_cell(x->cx, x->sh, x->row, x->col, v, strlen(v));
    }
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    XmlState *x = ud;
    if (!x->in_text || len <= 0)
        return;
    for (int i = 0; i < len; i++)
        vec_push(x->cx, &x->text, s[i]);
}

/* Read one member of the zip fully (bounded), or NULL. */
static char *zip_member(Compilation *cx, zip_t *z, const char *name, size_t *n)
{
    zip_stat_t st;
    if (zip_stat(z, name, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
        st.size > MAX_FILE_BYTES * 4u)
        return NULL;
    zip_file_t *f = zip_fopen(z, name, 0);
    if (!f)
        return NULL;
    char *buf = arena_alloc(cx, (size_t)st.size + 1);
    zip_int64_t got = zip_fread(f, buf, st.size);
    zip_fclose(f);
    if (got < 0 || (zip_uint64_t)got != st.size)
        return NULL;
    *n = (size_t)st.size;
    return buf;
}

static bool parse_xml(XmlState *x, const char *text, size_t n)
{
    XML_Parser p = XML_ParserCreate("UTF-8");
    if (!p)
        cx_oom();
    XML_SetUserData(p, x);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    bool ok = XML_Parse(p, text, (int)n, 1) != XML_STATUS_ERROR && !x->bad;
    XML_ParserFree(p);
    return ok;
}

bool sheet_read_xlsx(Compilation *cx, const char *path, Sheet *sh,
                     const char **why)
{
    int err = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &err);
    if (!z) {
        *why = "not a zip archive (XLSX workbook)";
        return false;
    }
    XmlState x = { .cx = cx };
    size_t n;
    char *text = zip_member(cx, z, "xl/sharedStrings.xml", &n);
    if (text && !parse_xml(&x, text, n)) {
        zip_close(z);
        *why = "malformed xl/sharedStrings.xml";
        return false;
    }
    text = zip_member(cx, z, "xl/worksheets/sheet1.xml", &n);
    zip_close(z);
    if (!text) {
        *why = "no first worksheet (xl/worksheets/sheet1.xml)";
        return false;
    }
    x.sh = sh;
    x.depth = 0;
    if (!parse_xml(&x, text, n)) {
        *why = "malformed worksheet XML";
        return false;
    }
    return true;
}
