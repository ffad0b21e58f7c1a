/*
** sheet.c: reading spreadsheets into a grid of cell strings: CSV
** (RFC 4180, UTF-8 with or without a BOM) and the worksheets of an XLSX
** workbook (libzip for the container, expat for the XML): the first one,
** or one named in xl/workbook.xml, found through its relationships file.
** Used by `budgetc catalog import` and `budgetc import`.  Every cell is a
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

/* The field separator: a tab when the first line has a tab and no comma
** (a TSV file, as spreadsheets and the domain notes write them), else a
** comma. */
static char separator(const char *text, size_t n)
{
    bool tab = false;
    for (size_t i = 0; i < n && text[i] != '\n'; i++) {
        if (text[i] == ',')
            return ',';
        tab |= text[i] == '\t';
    }
    return tab ? '\t' : ',';
}

bool sheet_read_csv(Compilation *cx, const char *text, size_t n, Sheet *sh)
{
    size_t i = 0;
    if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    char sep = separator(text + i, n - i);
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
        } else if (c == sep || c == '\n') {
            if (c == sep || col || buf.n || was_quoted) {
                put_cell(cx, sh, row, col, buf.v ? buf.v : "", buf.n);
                row_used = true;
            }
            buf.n = 0;
            was_quoted = false;
            col = c == sep ? col + 1 : 0;
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

/* Open the workbook and read its shared strings into x; NULL on failure. */
static zip_t *open_book(Compilation *cx, const char *path, XmlState *x,
                        const char **why)
{
    int err = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &err);
    if (!z) {
        *why = "not a zip archive (XLSX workbook)";
        return NULL;
    }
    *x = (XmlState){ .cx = cx };
    size_t n;
    char *text = zip_member(cx, z, "xl/sharedStrings.xml", &n);
    if (text && !parse_xml(x, text, n)) {
        zip_close(z);
        *why = "malformed xl/sharedStrings.xml";
        return NULL;
    }
    return z;
}

/* Parse the worksheet member `member` of z into sh; closes z. */
static bool read_member(zip_t *z, XmlState *x, const char *member, Sheet *sh,
                        const char **why)
{
    size_t n;
    char *text = zip_member(x->cx, z, member, &n);
    zip_close(z);
    if (!text) {
        *why = arena_printf(x->cx, "no worksheet %s", member);
        return false;
    }
    x->sh = sh;
    x->depth = 0;
    x->bad = false;
    if (!parse_xml(x, text, n)) {
        *why = "malformed worksheet XML";
        return false;
    }
    return true;
}

bool sheet_read_xlsx(Compilation *cx, const char *path, Sheet *sh,
                     const char **why)
{
    XmlState x;
    zip_t *z = open_book(cx, path, &x, why);
    if (!z)
        return false;
    if (!read_member(z, &x, "xl/worksheets/sheet1.xml", sh, why)) {
        if (strncmp(*why, "no worksheet", 12) == 0)
            *why = "no first worksheet (xl/worksheets/sheet1.xml)";
        return false;
    }
    return true;
}

/* ---- the workbook: sheet names -> worksheet members --------------------- */

/* A sheet of xl/workbook.xml, or a relationship of its .rels file. */
typedef struct BookEntry {
    const char *key;    /* the sheet's name, or the relationship's Id */
    const char *value;  /* the sheet's r:id, or the relationship's Target */
} BookEntry;

typedef struct BookState {
    Compilation *cx;
    VEC(BookEntry) sheets;  /* in workbook order */
    VEC(BookEntry) rels;
    uint32_t depth;         /* element depth, bounded */
    bool bad;
} BookState;

/* "x:sheet" and "sheet" are the same element: prefixes are not resolved. */
static const char *local_name(const char *name)
{
    const char *colon = strrchr(name, ':');
    return colon ? colon + 1 : name;
}

/* The r:id attribute under whatever prefix the workbook gave its namespace. */
static const char *rel_id_attr(const XML_Char **a)
{
    for (; a && a[0]; a += 2)
        if (strchr(a[0], ':') && strcmp(local_name(a[0]), "id") == 0)
            return a[1];
    return NULL;
}

static const char *copy_str(Compilation *cx, const char *s)
{
    return s ? arena_strndup(cx, s, strlen(s)) : NULL;
}

/* Expat's strings live only during the callback: entries keep copies. */
static void XMLCALL on_book_start(void *ud, const XML_Char *name,
                                  const XML_Char **a)
{
    BookState *b = ud;
    if (++b->depth > 64) {
        b->bad = true;
        return;
    }
    const char *local = local_name(name);
    bool sheet = strcmp(local, "sheet") == 0;
    if (!sheet && strcmp(local, "Relationship") != 0)
        return;
    const char *key = attr(a, sheet ? "name" : "Id");
    const char *value = sheet ? rel_id_attr(a) : attr(a, "Target");
    if (!key || !value)
        return;
    BookEntry e = { copy_str(b->cx, key), copy_str(b->cx, value) };
    if (sheet)
        vec_push(b->cx, &b->sheets, e);
    else
        vec_push(b->cx, &b->rels, e);
}

static void XMLCALL on_book_end(void *ud, const XML_Char *name)
{
    (void)name;
    ((BookState *)ud)->depth--;
}

static bool parse_book_xml(BookState *b, const char *text, size_t n)
{
    XML_Parser p = XML_ParserCreate("UTF-8");
    if (!p)
        cx_oom();
    XML_SetUserData(p, b);
    XML_SetElementHandler(p, on_book_start, on_book_end);
    bool ok = XML_Parse(p, text, (int)n, 1) != XML_STATUS_ERROR && !b->bad;
    XML_ParserFree(p);
    return ok;
}

/* The zip member a relationship target names: relative to xl/, or
** absolute within the package. */
static const char *member_of(Compilation *cx, const char *target)
{
    if (target[0] == '/')
        return target + 1;
    if (strncmp(target, "./", 2) == 0)
        target += 2;
    return arena_printf(cx, "xl/%s", target);
}

/* "表1, 表2, ..." for a message naming the sheets there are. */
static const char *sheet_names(Compilation *cx, const BookState *b)
{
    const char *out = "";
    for (uint32_t i = 0; i < b->sheets.n && i < 40; i++)
        out = arena_printf(cx, "%s%s'%s'", out, i ? ", " : "",
                           b->sheets.v[i].key);
    return b->sheets.n > 40 ? arena_printf(cx, "%s, ...", out) : out;
}

bool sheet_read_xlsx_sheet(Compilation *cx, const char *path, const char *name,
                           uint32_t index, Sheet *sh, const char **why)
{
    XmlState x;
    zip_t *z = open_book(cx, path, &x, why);
    if (!z)
        return false;
    BookState b = { .cx = cx };
    size_t n;
    char *wb = zip_member(cx, z, "xl/workbook.xml", &n);
    bool ok = wb && parse_book_xml(&b, wb, n);
    char *rels = ok ? zip_member(cx, z, "xl/_rels/workbook.xml.rels", &n) : NULL;
    ok = ok && rels && (b.depth = 0, parse_book_xml(&b, rels, n));
    if (!ok) {
        zip_close(z);
        *why = !wb ? "no xl/workbook.xml (not an XLSX workbook)"
             : !rels ? "no xl/_rels/workbook.xml.rels"
             : "malformed workbook XML";
        return false;
    }
    const BookEntry *sheet = NULL;
    for (uint32_t i = 0; i < b.sheets.n && !sheet; i++)
        if (name ? strcmp(b.sheets.v[i].key, name) == 0 : i == index)
            sheet = &b.sheets.v[i];
    if (!sheet) {
        zip_close(z);
        *why = name ? arena_printf(cx, "no sheet named '%s' (the workbook has "
                                   "%s)", name, sheet_names(cx, &b))
                    : arena_printf(cx, "no sheet %u (the workbook has %u)",
                                   index + 1, b.sheets.n);
        return false;
    }
    for (uint32_t i = 0; i < b.rels.n; i++)
        if (strcmp(b.rels.v[i].key, sheet->value) == 0)
            return read_member(z, &x, member_of(cx, b.rels.v[i].value), sh,
                               why);
    zip_close(z);
    *why = arena_printf(cx, "sheet '%s' has no relationship '%s'", sheet->key,
                        sheet->value);
    return false;
}
