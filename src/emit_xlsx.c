/*
** emit_xlsx.c: the disclosure as one workbook, disclosure.xlsx, written
** with Debian's libxlsxwriter.  One sheet per table (表1 … 表13: title,
** caption, the heading cells merged as printed, the body, the notes), then
** the department-wide KPI form (整体绩效) and one sheet per project KPI
** form (绩效-<project>), laid out like the printed forms.  Amounts are in
** each table's own displayed unit and decimals (TableOut.unit, .decimals).
**
** Invariants: an amount is a NUMBER (the displayed value, never the exact
** one, so the sheet shows what the document prints); text is only ever
** written with worksheet_write_string, so a name starting with '=' stays
** text and is never run as a formula; no cell holds more than Excel's
** 32,767 characters (longer text is cut, with a warning naming the cell);
** the same Document gives the same bytes (the creation time is fixed from
** the budget year; libxlsxwriter stamps every zip entry 1980-01-01).
*/
#include "budgetc.h"
#include "emit.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#define XL_MAX_TEXT 32767u      /* Excel's limit, in UTF-16 units */
#define XL_MAX_SHEET 31u        /* Excel's sheet name limit, in UTF-16 units */
#define XL_MAX_INDENT 3         /* deepest hierarchy indent */
#define XL_MAX_WIDTH 50.0       /* widest table column, in characters */
#define XL_MIN_WIDTH 6.0        /* narrowest table column */
#define XL_LINE_HEIGHT 15.0     /* points per line of wrapped text */
#define XL_MAX_HEIGHT 409.0     /* Excel's tallest row, in points */
#define XL_PAPER_A4 9
#define XL_PORTRAIT_WIDTH 100.0 /* wider tables print landscape */
#define XL_MAX_DECIMALS 6       /* finest displayed amount */

/* The shared cell formats, made once per workbook (XF_YUAN and XF_WANYUAN
** look alike; the names say which unit a cell is in). */
enum { XF_TITLE, XF_SUBTITLE, XF_CAPTION, XF_UNIT_CAPTION, XF_HEAD, XF_LABEL,
       XF_TEXT, XF_WRAP, XF_NOTE, XF_YUAN, XF_WANYUAN, XF__COUNT };

typedef VEC(const char *) NameVec;

/* The one context of the writer, passed first to every function. */
typedef struct Xlsx {
    Document *d;                   /* what is written */
    Compilation *cx;               /* d->cx: the arena */
    lxw_workbook *wb;              /* the workbook being built */
    lxw_format *f[XF__COUNT];      /* XF_* */
    lxw_format *text[2][XL_MAX_INDENT + 1]; /* table text: [bold][indent] */
    lxw_format *amount[2][XL_MAX_DECIMALS + 1]; /* table amounts: [bold][decimals],
                                   ** made when first needed */
    lxw_worksheet *ws;             /* the sheet being written */
    const char *sheet;             /* its name, for messages */
    NameVec names;                 /* every sheet name so far */
    StrMap *taken;                 /* folded sheet names; (base, 1): next k */
    bool failed;                   /* a libxlsxwriter call failed */
} Xlsx;

/* ---- text: Excel's limits ------------------------------------------ */

/* Bytes of s that fit in `max` UTF-16 units, cut at a character; *units
** gets the units of the whole string. */
static size_t utf16_prefix(const char *s, size_t max, size_t *units)
{
    uint32_t n = (uint32_t)strlen(s), i = 0;   /* sources are < 64 MiB */
    size_t u = 0, cut = n;
    bool cut_set = false;
    while (i < n) {
        uint32_t cp;
        uint32_t len = src_decode(s + i, n - i, &cp);
        size_t w = cp > 0xFFFF ? 2 : 1;    /* a surrogate pair */
        if (!cut_set && u + w > max) {
            cut = i;
            cut_set = true;
        }
        u += w;
        i += len;
    }
    *units = u;
    return cut;
}

/* "B12" for messages. */
static const char *cell_name(Xlsx *x, uint32_t row, uint32_t col)
{
    char buf[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell(buf, row, (lxw_col_t)col);
    return arena_printf(x->cx, "%s", buf);
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* _xHHHH_ at s: how the file format writes a character XML cannot hold. */
static bool looks_escaped(const char *s)
{
    if (s[0] != '_' || s[1] != 'x')
        return false;
    for (int i = 2; i < 6; i++)
        if (!is_hex(s[i]))
            return false;
    return s[6] == '_';
}

/* Literal text "_x0041_" would show as "A" in Excel, which decodes the
** pattern; the format's own escape is to write its underscore as _x005F_.
** libxlsxwriter 1.1.4 does not, so it is done here. */
static const char *escape_literal(Xlsx *x, const char *s)
{
    const char *p = strstr(s, "_x");
    while (p && !looks_escaped(p))
        p = strstr(p + 1, "_x");
    if (!p)
        return s;
    VEC(char) out = { 0 };
    for (const char *q = s; *q; q++) {
        if (looks_escaped(q))
            for (const char *e = "_x005F"; *e; e++)
                vec_push(x->cx, &out, *e);
        vec_push(x->cx, &out, *q);
    }
    vec_push(x->cx, &out, '\0');
    return out.v;
}

/* The text as Excel can hold it: escaped, then cut to 32,767 characters
** with a warning naming the cell, since Excel refuses (and libxlsxwriter
** drops) longer. */
static const char *fit_text(Xlsx *x, uint32_t row, uint32_t col, const char *s)
{
    const char *e = escape_literal(x, s);
    if (strlen(e) <= XL_MAX_TEXT)   /* a UTF-16 unit takes a byte or more */
        return e;
    size_t units, cut = utf16_prefix(e, XL_MAX_TEXT, &units);
    if (units <= XL_MAX_TEXT)
        return e;
    utf16_prefix(s, XL_MAX_TEXT, &units);
    fprintf(stderr, "budgetc: warning: xlsx: cell '%s'!%s holds %zu characters; "
            "Excel holds at most %u: truncated\n", x->sheet,
            cell_name(x, row, col), units, XL_MAX_TEXT);
    return arena_strndup(x->cx, e, cut);
}

/* ---- cells ---------------------------------------------------------- */

static void check(Xlsx *x, lxw_error e, uint32_t row, uint32_t col)
{
    if (e == LXW_NO_ERROR)
        return;
    fprintf(stderr, "budgetc: error: xlsx: cell '%s'!%s: %s\n", x->sheet,
            cell_name(x, row, col), lxw_strerror(e));
    x->failed = true;
}

/* A string cell (blank when s is empty); never a formula, whatever s holds. */
static void put_text(Xlsx *x, uint32_t row, uint32_t col, const char *s,
                     lxw_format *fmt)
{
    lxw_error e = s && *s
        ? worksheet_write_string(x->ws, row, (lxw_col_t)col, fit_text(x, row, col, s), fmt)
        : worksheet_write_blank(x->ws, row, (lxw_col_t)col, fmt);
    check(x, e, row, col);
}

/* Text over the rectangle [r1..r2] x [c1..c2]; one cell is not merged
** (Excel refuses a one-cell merge). */
static void put_merged(Xlsx *x, uint32_t r1, uint32_t c1, uint32_t r2,
                       uint32_t c2, const char *s, lxw_format *fmt)
{
    if (r1 == r2 && c1 == c2) {
        put_text(x, r1, c1, s, fmt);
        return;
    }
    const char *t = s ? fit_text(x, r1, c1, s) : "";
    check(x, worksheet_merge_range(x->ws, r1, (lxw_col_t)c1, r2, (lxw_col_t)c2,
                                   t, fmt), r1, c1);
}

/* A spreadsheet number is a double: this is display only, the exact
** figure stays in integer fen everywhere else.  Displayed values carry at
** most a few decimals, far inside a double's 15 significant digits. */
static double money_value(int64_t fen, MoneyUnit unit)
{
    double div = unit == UNIT_WANYUAN ? 1000000.0 : unit == UNIT_YUAN ? 100.0 : 1.0;
    return (double)fen / div;
}

static void put_money(Xlsx *x, uint32_t row, uint32_t col, int64_t fen,
                      MoneyUnit unit, lxw_format *fmt)
{
    check(x, worksheet_write_number(x->ws, row, (lxw_col_t)col,
                                    money_value(fen, unit), fmt), row, col);
}

/* Tall enough for `text` wrapped in a cell `width` characters wide, since
** Excel does not size a merged cell's row itself. */
static void fit_height(Xlsx *x, uint32_t row, const char *text, double width)
{
    if (!text || width < 1)
        return;
    double w = src_display_width(text, (uint32_t)strlen(text));
    double lines = (double)(uint32_t)((w + width - 1) / width);
    if (lines <= 1)
        return;
    double h = lines * XL_LINE_HEIGHT;
    worksheet_set_row(x->ws, row, h > XL_MAX_HEIGHT ? XL_MAX_HEIGHT : h, NULL);
}

/* ---- formats -------------------------------------------------------- */

static lxw_format *boxed(Xlsx *x, uint8_t align)
{
    lxw_format *f = workbook_add_format(x->wb);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (align)
        format_set_align(f, align);
    return f;
}

/* "#,##0.00" for two decimals. */
static const char *num_format(Xlsx *x, int decimals)
{
    if (decimals <= 0)
        return "#,##0";
    char zeros[16] = { 0 };
    for (int i = 0; i < decimals && i < 15; i++)
        zeros[i] = '0';
    return arena_printf(x->cx, "#,##0.%s", zeros);
}

static void make_text_formats(Xlsx *x)
{
    for (int b = 0; b < 2; b++)
        for (int i = 0; i <= XL_MAX_INDENT; i++) {
            lxw_format *f = boxed(x, 0);
            format_set_indent(f, (uint8_t)i);
            if (b)
                format_set_bold(f);
            x->text[b][i] = f;
        }
}

/* A table's amounts: its own decimals (a layout may set them per table). */
static lxw_format *amount_format(Xlsx *x, bool bold, int decimals)
{
    int dec = decimals < 0 ? 0 : decimals > XL_MAX_DECIMALS ? XL_MAX_DECIMALS : decimals;
    lxw_format **f = &x->amount[bold][dec];
    if (!*f) {
        *f = boxed(x, 0);
        format_set_num_format(*f, num_format(x, dec));
        if (bold)
            format_set_bold(*f);
    }
    return *f;
}

static void make_formats(Xlsx *x)
{
    lxw_format **f = x->f;
    f[XF_TITLE] = workbook_add_format(x->wb);
    format_set_bold(f[XF_TITLE]);
    format_set_font_size(f[XF_TITLE], 16);
    format_set_align(f[XF_TITLE], LXW_ALIGN_CENTER);
    format_set_align(f[XF_TITLE], LXW_ALIGN_VERTICAL_CENTER);
    f[XF_SUBTITLE] = workbook_add_format(x->wb);
    format_set_align(f[XF_SUBTITLE], LXW_ALIGN_CENTER);
    f[XF_CAPTION] = workbook_add_format(x->wb);
    format_set_align(f[XF_CAPTION], LXW_ALIGN_LEFT);
    f[XF_UNIT_CAPTION] = workbook_add_format(x->wb);
    format_set_align(f[XF_UNIT_CAPTION], LXW_ALIGN_RIGHT);
    f[XF_HEAD] = boxed(x, LXW_ALIGN_CENTER);
    format_set_bold(f[XF_HEAD]);
    format_set_text_wrap(f[XF_HEAD]);
    f[XF_LABEL] = boxed(x, LXW_ALIGN_CENTER);
    format_set_text_wrap(f[XF_LABEL]);
    f[XF_TEXT] = boxed(x, 0);
    f[XF_WRAP] = boxed(x, LXW_ALIGN_LEFT);
    format_set_text_wrap(f[XF_WRAP]);
    f[XF_NOTE] = workbook_add_format(x->wb);
    f[XF_YUAN] = boxed(x, 0);
    format_set_num_format(f[XF_YUAN], "#,##0.00");
    f[XF_WANYUAN] = boxed(x, 0);
    format_set_num_format(f[XF_WANYUAN], "#,##0.00");
    make_text_formats(x);
}

/* ---- sheets and their names ----------------------------------------- */

/* Excel compares sheet names without regard to (ASCII) case. */
/* Sheet names are unique without regard to ASCII case, as in Excel:
** kept in a map by their folded form, since a large department has a
** sheet per KPI form. */
static const char *folded(Xlsx *x, const char *name)
{
    char *f = arena_printf(x->cx, "%s", name);
    for (char *p = f; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p | 0x20);
    return f;
}

static bool name_taken(Xlsx *x, const char *name)
{
    return x->taken && map_get(x->taken, folded(x, name), 0) >= 0;
}

/* A name Excel accepts: none of []:*?/\ or control characters, no
** apostrophe at either end, at most 31 characters, unique ("(2)", "(3)"
** appended), so no project name can be refused or collide. */
static const char *sheet_name(Xlsx *x, const char *want)
{
    char *s = arena_printf(x->cx, "%s", want);
    for (char *p = s; *p; p++)
        if (strchr("[]:*?/\\", *p) || (unsigned char)*p < 0x20)
            *p = '_';
    size_t n = strlen(s);
    if (n && s[n - 1] == '\'')
        s[n - 1] = '_';
    if (s[0] == '\'')
        s[0] = '_';
    if (!x->taken)
        x->taken = map_new(x->cx);
    int32_t next = map_get(x->taken, folded(x, s), 1);  /* (base, 1): next k */
    for (uint32_t k = next > 0 ? (uint32_t)next : 1;; k++) {
        char suffix[16] = "";
        if (k > 1)
            snprintf(suffix, sizeof suffix, "(%u)", k);
        size_t units, cut = utf16_prefix(s, XL_MAX_SHEET - strlen(suffix), &units);
        char *name = arena_printf(x->cx, "%.*s%s", (int)cut, s, suffix);
        if (!name_taken(x, name)) {
            map_put(x->cx, x->taken, folded(x, name), 0, 1);
            const char *base = folded(x, s);
            if (map_get(x->taken, base, 1) < 0)
                map_put(x->cx, x->taken, base, 1, (int32_t)k + 1);
            else
                map_set(x->taken, base, 1, (int32_t)k + 1);
            return name;
        }
    }
}

static bool sheet_new(Xlsx *x, const char *want)
{
    const char *name = sheet_name(x, want);
    x->ws = workbook_add_worksheet(x->wb, name);
    x->sheet = name;
    if (!x->ws) {
        fprintf(stderr, "budgetc: error: xlsx: cannot add sheet '%s'\n", name);
        x->failed = true;
        return false;
    }
    vec_push(x->cx, &x->names, name);
    return true;
}

/* A4, fit to one page wide, the heading rows repeated on every page. */
static void sheet_print(Xlsx *x, bool landscape, int32_t rep_first, int32_t rep_last)
{
    worksheet_set_paper(x->ws, XL_PAPER_A4);
    if (landscape)
        worksheet_set_landscape(x->ws);
    worksheet_fit_to_pages(x->ws, 1, 0);
    if (rep_first >= 0 && rep_last >= rep_first)
        check(x, worksheet_repeat_rows(x->ws, (lxw_row_t)rep_first,
                                       (lxw_row_t)rep_last), (uint32_t)rep_first, 0);
}

/* Fixed widths, one per column, and the sum. */
static double sheet_widths(Xlsx *x, const double *w, uint32_t n)
{
    double sum = 0;
    for (uint32_t c = 0; c < n; c++) {
        worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c, w[c], NULL);
        sum += w[c];
    }
    return sum;
}

/* The title across every column, and a second centred line under it. */
static void sheet_title(Xlsx *x, const char *title, const char *sub, uint32_t ncols)
{
    uint32_t last = ncols ? ncols - 1 : 0;
    put_merged(x, 0, 0, 0, last, title, x->f[XF_TITLE]);
    worksheet_set_row(x->ws, 0, 30, NULL);
    if (sub)
        put_merged(x, 1, 0, 1, last, sub, x->f[XF_SUBTITLE]);
}

/* ---- tables ---------------------------------------------------------- */

/* Row 2: "部门名称：…" on the left, the table's "单位：万元" on the right. */
static void table_caption(Xlsx *x, const TableOut *t)
{
    const Document *d = x->d;
    if (t->ncols < 2) {
        const char *both = arena_printf(x->cx, "%s  %s", d->caption ? d->caption : "",
                                        t->unit_caption ? t->unit_caption : "");
        put_text(x, 1, 0, both, x->f[XF_CAPTION]);
        return;
    }
    if (d->caption)
        put_merged(x, 1, 0, 1, t->ncols - 2, d->caption, x->f[XF_CAPTION]);
    if (t->unit_caption)
        put_text(x, 1, t->ncols - 1, t->unit_caption, x->f[XF_UNIT_CAPTION]);
}

/* The heading cells merged as printed, then the 1 2 3 … row if any;
** returns the first body row. */
static uint32_t table_heads(Xlsx *x, const TableOut *t, uint32_t top)
{
    for (uint32_t i = 0; i < t->heads.n; i++) {
        const THead *h = &t->heads.v[i];
        uint32_t r = top + h->row, c = h->col;
        uint32_t rs = h->rowspan ? h->rowspan : 1, cs = h->colspan ? h->colspan : 1;
        put_merged(x, r, c, r + rs - 1, c + cs - 1, h->text, x->f[XF_HEAD]);
    }
    uint32_t r = top + t->nhead_rows;
    if (!t->numbered_columns)
        return r;
    for (uint32_t c = 0; c < t->ncols; c++)
        put_text(x, r, c, arena_printf(x->cx, "%u", c + 1), x->f[XF_HEAD]);
    return r + 1;
}

/* Hierarchy shows as indent: 类 flush, 款 one step, 项 two. */
static int row_indent(const TRow *row)
{
    int i = row->level > 0 ? row->level - 1 : 0;
    return i > XL_MAX_INDENT ? XL_MAX_INDENT : i;
}

/* Name cells are indented (and a label in a code column); codes are not. */
static bool indented(const TableOut *t, uint32_t c, const TCell *cell)
{
    const TColumn *col = &t->cols[c];
    if (col->side != 0 && t->split != 0)
        return false;      /* the row's level describes the first side only */
    return col->kind == COL_NAME ||
           (col->kind == COL_CODE && !(cell->text[0] >= '0' && cell->text[0] <= '9'));
}

static void table_row(Xlsx *x, const TableOut *t, const TRow *row, uint32_t r)
{
    bool b = row->total;
    for (uint32_t c = 0; c < t->ncols; c++) {
        const TCell *cell = &row->cells[c];
        if (cell->kind == TC_AMOUNT)
            put_money(x, r, c, cell->shown, t->unit, amount_format(x, b, t->decimals));
        else if (cell->kind == TC_TEXT)
            put_text(x, r, c, cell->text,
                     x->text[b][indented(t, c, cell) ? row_indent(row) : 0]);
        else
            put_text(x, r, c, NULL, x->text[b][0]);
    }
}

/* The empty note and the notes, each across the table; returns the next row. */
static uint32_t table_notes(Xlsx *x, const TableOut *t, uint32_t r)
{
    uint32_t last = t->ncols ? t->ncols - 1 : 0;
    if (t->empty && t->empty_note)
        put_merged(x, r, 0, r, last, t->empty_note, x->f[XF_NOTE]), r++;
    for (uint32_t i = 0; i < t->notes.n; i++)
        put_merged(x, r, 0, r, last, t->notes.v[i], x->f[XF_NOTE]), r++;
    return r;
}

static double text_width(const char *s)
{
    return s ? src_display_width(s, (uint32_t)strlen(s)) : 0;
}

/* The printed width of an amount: its digits, separators and point. */
static double amount_width(const TableOut *t, const TCell *cell)
{
    char num[MONEY_TEXT_MAX];
    return (double)table_amount_to(num, t, cell->shown, true);
}

/* Each column as wide as its widest single-column heading or cell (CJK
** counts two) plus a margin, capped; returns the table's width. */
static double table_widths(Xlsx *x, const TableOut *t)
{
    double *w = arena_alloc(x->cx, (t->ncols + 1) * sizeof *w);
    for (uint32_t i = 0; i < t->heads.n; i++)
        if (t->heads.v[i].colspan == 1 && t->heads.v[i].col < t->ncols) {
            double hw = text_width(t->heads.v[i].text);
            uint16_t c = t->heads.v[i].col;
            w[c] = hw > w[c] ? hw : w[c];
        }
    for (uint32_t r = 0; r < t->rows.n; r++)
        for (uint32_t c = 0; c < t->ncols; c++) {
            const TCell *cell = &t->rows.v[r].cells[c];
            double cw = cell->kind == TC_TEXT ? text_width(cell->text) +
                        2.0 * (indented(t, c, cell) ? row_indent(&t->rows.v[r]) : 0)
                      : cell->kind == TC_AMOUNT ? amount_width(t, cell) : 0;
            w[c] = cw > w[c] ? cw : w[c];
        }
    for (uint32_t c = 0; c < t->ncols; c++) {
        w[c] += 2;
        w[c] = w[c] > XL_MAX_WIDTH ? XL_MAX_WIDTH : w[c] < XL_MIN_WIDTH ? XL_MIN_WIDTH : w[c];
    }
    return sheet_widths(x, w, t->ncols);
}

/* The header shows the printed label (预算公开表3), '&' doubled since it
** is the header's escape; a label too long for a header is left out. */
static void table_label(Xlsx *x, const TableOut *t)
{
    if (!t->label || !*t->label)
        return;
    VEC(char) h = { 0 };
    for (const char *p = "&R"; *p; p++)
        vec_push(x->cx, &h, *p);
    for (const char *p = t->label; *p; p++) {
        if (*p == '&')
            vec_push(x->cx, &h, '&');
        vec_push(x->cx, &h, *p);
    }
    vec_push(x->cx, &h, '\0');
    if (h.n <= 255)
        check(x, worksheet_set_header(x->ws, h.v), 0, 0);
}

static void table_sheet(Xlsx *x, const TableOut *t)
{
    if (!sheet_new(x, arena_printf(x->cx, "表%d", t->number)))
        return;
    sheet_title(x, t->title, NULL, t->ncols);
    table_caption(x, t);
    uint32_t body = table_heads(x, t, 2);
    for (uint32_t r = 0; r < t->rows.n; r++)
        table_row(x, t, &t->rows.v[r], body + r);
    table_notes(x, t, body + t->rows.n);
    double width = table_widths(x, t);
    worksheet_freeze_panes(x->ws, body, 0);
    sheet_print(x, width > XL_PORTRAIT_WIDTH, 2, (int32_t)body - 1);
    table_label(x, t);
}

/* ---- KPI indicators, shared by both forms ------------------------- */

/* One printed row of indicators: the 实施期 one and the 年度 one of the
** same 一级/二级指标 side by side, as the forms print them. */
typedef struct IndRow {
    uint8_t level1, level2;
    const Indicator *left, *right;  /* 实施期 (or the only column), 年度 */
} IndRow;

typedef VEC(IndRow) IndRowVec;

static const char *ind_value(Xlsx *x, const Indicator *in)
{
    if (!in || !in->value)
        return NULL;
    return in->op ? arena_printf(x->cx, "%s%s", in->op, in->value) : in->value;
}

/* The (一级, 二级) groups in order of first appearance; in each, the i-th
** indicator of each side on the i-th row.  One side only: every
** indicator goes left. */
static IndRowVec ind_rows(Xlsx *x, const Indicator *v, uint32_t n, bool two)
{
    IndRowVec rows = { 0 };
    for (uint32_t i = 0; i < n; i++) {
        bool seen = false;
        for (uint32_t j = 0; j < i; j++)
            seen |= v[j].level1 == v[i].level1 && v[j].level2 == v[i].level2;
        if (seen)
            continue;
        uint32_t at = rows.n, nl = 0, nr = 0;
        for (uint32_t j = i; j < n; j++) {
            if (v[j].level1 != v[i].level1 || v[j].level2 != v[i].level2)
                continue;
            bool right = two && v[j].period == PERIOD_ANNUAL;
            uint32_t k = at + (right ? nr++ : nl++);
            while (rows.n <= k) {
                IndRow r = { v[i].level1, v[i].level2, NULL, NULL };
                vec_push(x->cx, &rows, r);
            }
            *(right ? &rows.v[k].right : &rows.v[k].left) = &v[j];
        }
    }
    return rows;
}

/* Rows [from, to) of column c merged where they repeat the same level. */
static void ind_levels(Xlsx *x, const IndRowVec *rows, uint32_t r0, uint32_t c,
                       int dim)
{
    uint32_t start = 0;
    for (uint32_t i = 1; i <= rows->n; i++) {
        const IndRow *a = &rows->v[start];
        bool same = i < rows->n && rows->v[i].level1 == a->level1 &&
                    (dim == DIM_LEVEL1 || rows->v[i].level2 == a->level2);
        if (same)
            continue;
        int value = dim == DIM_LEVEL1 ? a->level1 : a->level2;
        put_merged(x, r0 + start, c, r0 + i - 1, c,
                   value ? vocab_name(dim, value) : NULL, x->f[XF_LABEL]);
        start = i;
    }
}

/* The indicator block from column 1: 一级 | 二级 三级 值 [| 二级 三级 值];
** returns the number of rows written. */
static uint32_t ind_block(Xlsx *x, const Indicator *v, uint32_t n, bool two,
                          uint32_t r0)
{
    IndRowVec rows = ind_rows(x, v, n, two);
    if (!rows.n)
        return 0;
    ind_levels(x, &rows, r0, 1, DIM_LEVEL1);
    ind_levels(x, &rows, r0, 2, DIM_LEVEL2);
    if (two)
        ind_levels(x, &rows, r0, 5, DIM_LEVEL2);
    for (uint32_t i = 0; i < rows.n; i++) {
        const IndRow *row = &rows.v[i];
        put_text(x, r0 + i, 3, row->left ? row->left->name : NULL, x->f[XF_WRAP]);
        put_text(x, r0 + i, 4, ind_value(x, row->left), x->f[XF_LABEL]);
        if (!two)
            continue;
        put_text(x, r0 + i, 6, row->right ? row->right->name : NULL, x->f[XF_WRAP]);
        put_text(x, r0 + i, 7, ind_value(x, row->right), x->f[XF_LABEL]);
    }
    return rows.n;
}

/* The heading row and the block, with `label` down column A; returns the
** next row. */
static uint32_t ind_section(Xlsx *x, const char *label, const Indicator *v,
                            uint32_t n, bool two, uint32_t r)
{
    static const char *const heads[] = { "一级指标", "二级指标", "三级指标",
                                         "指标值", "二级指标", "三级指标", "指标值" };
    uint32_t ncols = two ? 7 : 4;
    for (uint32_t c = 0; c < ncols; c++)
        put_text(x, r, c + 1, heads[c], x->f[XF_HEAD]);
    uint32_t k = ind_block(x, v, n, two, r + 1);
    put_merged(x, r, 0, r + k, 0, label, x->f[XF_LABEL]);
    return r + k + 1;
}

/* ---- form texts ------------------------------------------------------ */

/* Field keys of the language and the labels the forms print. */
static const char *const field_labels[][2] = {
    { "overview", "项目概况" },
    { "basis", "立项依据" },
    { "necessity", "项目设立必要性" },
    { "measures", "保证项目实施的制度、措施" },
    { "plan", "项目实施计划" },
    { "duties", "部门职责" },
    { "strategy", "部门战略目标" },
    { "goal", "年度绩效目标" },
};

static const char *field_label(const char *key)
{
    for (size_t i = 0; i < sizeof field_labels / sizeof field_labels[0]; i++)
        if (strcmp(field_labels[i][0], key) == 0)
            return field_labels[i][1];
    return key;
}

/* A label in column A and the text across columns 1..last, wrapped and
** as tall as it needs (`width` is the text's width in characters). */
static void text_row(Xlsx *x, uint32_t r, uint32_t last, const char *label,
                     const char *text, double width)
{
    put_text(x, r, 0, label, x->f[XF_LABEL]);
    put_merged(x, r, 1, r, last, text, x->f[XF_WRAP]);
    fit_height(x, r, text, width);
}

/* Every field but `skip` (NULL: none); returns the next row. */
static uint32_t text_rows(Xlsx *x, const Text *v, uint32_t n, const char *skip,
                          uint32_t r, uint32_t last, double width)
{
    for (uint32_t i = 0; i < n; i++)
        if (!skip || strcmp(v[i].key, skip) != 0)
            text_row(x, r++, last, field_label(v[i].key), v[i].value, width);
    return r;
}

static const Text *text_find(const Text *v, uint32_t n, const char *key)
{
    for (uint32_t i = 0; i < n; i++)
        if (strcmp(v[i].key, key) == 0)
            return &v[i];
    return NULL;
}

/* ---- the project form (项目支出绩效目标表) ----------------------------- */

/* A | B C D | E F G H: label, 实施期 side, 年度 side. */
static const double form_cols[8] = { 16, 12, 14, 26, 14, 14, 26, 14 };
#define FORM_LAST 7u
#define FORM_TEXT_WIDTH 120.0   /* columns B..H */
#define FORM_SIDE_WIDTH 52.0    /* columns B..D, the narrower side */

static const char *project_unit(Xlsx *x, const Project *pr)
{
    Program *p = x->cx->prog;
    if (pr->unit >= 0 && (uint32_t)pr->unit < p->units.n)
        return p->units.v[pr->unit].name;
    return pr->unit_name;
}

/* Rows 2-4: name, authority and unit, attribute and period. */
static uint32_t form_head(Xlsx *x, const Project *pr, uint32_t r)
{
    const Form *f = pr->form;
    lxw_format *lab = x->f[XF_LABEL], *txt = x->f[XF_WRAP];
    put_text(x, r, 0, "项目名称", lab);
    put_merged(x, r, 1, r, FORM_LAST, form_title(pr), txt);
    put_text(x, ++r, 0, "主管部门及代码", lab);
    put_merged(x, r, 1, r, 3, f->authority, txt);
    put_text(x, r, 4, "实施单位", lab);
    put_merged(x, r, 5, r, FORM_LAST, project_unit(x, pr), txt);
    put_text(x, ++r, 0, "项目属性", lab);
    put_merged(x, r, 1, r, 3, f->attribute_text ? f->attribute_text
               : f->attribute ? vocab_name(DIM_ATTR, f->attribute) : NULL, txt);
    put_text(x, r, 4, "项目期", lab);
    put_merged(x, r, 5, r, FORM_LAST, f->period, txt);
    return r + 1;
}

/* The printed wording of a funds row: the first is the total. */
static const char *fund_label(Xlsx *x, const FundRow *fr, uint32_t i, bool year)
{
    if (i == 0 && strcmp(fr->name, "总额") == 0)
        return year ? "年度资金总额：" : "实施期资金总额：";
    return i == 1 ? arena_printf(x->cx, "其中：%s", fr->name) : fr->name;
}

static void fund_amount(Xlsx *x, uint32_t r, uint32_t c, const Money *m)
{
    if (m->unit)
        put_money(x, r, c, m->fen, UNIT_YUAN, x->f[XF_YUAN]);
    else
        put_text(x, r, c, NULL, x->f[XF_YUAN]);
}

/* 项目资金（元）: 实施期 | 年度, amounts in 元 as numbers. */
static uint32_t form_funds(Xlsx *x, const Form *f, uint32_t r)
{
    if (!f->funds.n)
        return r;
    for (uint32_t i = 0; i < f->funds.n; i++) {
        const FundRow *fr = &f->funds.v[i];
        put_merged(x, r + i, 1, r + i, 2, fund_label(x, fr, i, false), x->f[XF_TEXT]);
        fund_amount(x, r + i, 3, &fr->period);
        put_merged(x, r + i, 4, r + i, 5, fund_label(x, fr, i, true), x->f[XF_TEXT]);
        put_merged(x, r + i, 6, r + i, FORM_LAST, NULL, x->f[XF_YUAN]);
        fund_amount(x, r + i, 6, &fr->year);
    }
    put_merged(x, r, 0, r + f->funds.n - 1, 0, "项目资金（元）", x->f[XF_LABEL]);
    return r + f->funds.n;
}

/* 实施期目标 | 年度目标, then 总体目标. */
static uint32_t form_goals(Xlsx *x, const Form *f, uint32_t r)
{
    put_text(x, r, 0, NULL, x->f[XF_LABEL]);
    put_merged(x, r, 1, r, 3, "实施期目标", x->f[XF_HEAD]);
    put_merged(x, r, 4, r, FORM_LAST, "年度目标", x->f[XF_HEAD]);
    put_text(x, ++r, 0, "总体目标", x->f[XF_LABEL]);
    put_merged(x, r, 1, r, 3, f->goal_period, x->f[XF_WRAP]);
    put_merged(x, r, 4, r, FORM_LAST, f->goal_year, x->f[XF_WRAP]);
    const char *longer = text_width(f->goal_period) > text_width(f->goal_year)
                         ? f->goal_period : f->goal_year;
    fit_height(x, r, longer, FORM_SIDE_WIDTH);
    return r + 1;
}

static void form_footer(Xlsx *x, const Form *f, uint32_t r)
{
    put_text(x, r, 0, "负责人：", NULL);
    put_text(x, r, 2, "经办人：", NULL);
    put_text(x, r, 4, "联系电话：", NULL);
    put_text(x, r, 6, "填报日期：", NULL);
    put_text(x, r, 7, f->filed, NULL);
}

static void form_sheet(Xlsx *x, const Project *pr)
{
    const Form *f = pr->form;
    if (!sheet_new(x, arena_printf(x->cx, "绩效-%s", pr->name)))
        return;
    sheet_title(x, "项目支出绩效目标表",
                arena_printf(x->cx, "（%d年度）", x->cx->prog->year), FORM_LAST + 1);
    uint32_t r = form_head(x, pr, 2);
    r = form_funds(x, f, r);
    r = text_rows(x, f->fields.v, f->fields.n, NULL, r, FORM_LAST, FORM_TEXT_WIDTH);
    r = form_goals(x, f, r);
    r = ind_section(x, "绩效指标", f->indicators.v, f->indicators.n, true, r);
    form_footer(x, f, r);
    sheet_widths(x, form_cols, FORM_LAST + 1);
    sheet_print(x, true, -1, -1);
}

/* ---- the department-wide form (整体支出绩效目标申报表) ------------------ */

/* A | B C D E */
static const double perf_cols[5] = { 16, 22, 18, 30, 18 };
#define PERF_LAST 4u
#define PERF_TEXT_WIDTH 88.0    /* columns B..E */
#define PERF_TASK_WIDTH 66.0    /* columns C..E */

static const char *count_text(Xlsx *x, int32_t n, const char *unit)
{
    return n < 0 ? NULL : arena_printf(x->cx, "%d%s", n, unit);
}

/* 部门基本信息: name, offices and units, staff. */
static uint32_t perf_info(Xlsx *x, const Performance *pf, uint32_t r)
{
    lxw_format *lab = x->f[XF_LABEL], *txt = x->f[XF_TEXT];
    static const char *const staff[4] = { "核定的人员编制数", "实际在职人员总数",
                                          "其中：在编人员数", "其他人员数" };
    put_merged(x, r, 0, r + 3, 0, "部门基本信息", lab);
    put_text(x, r, 1, "部门名称", lab);
    put_merged(x, r, 2, r, PERF_LAST, pf->authority, txt);
    put_text(x, r + 1, 1, "内设职能部门数", lab);
    put_text(x, r + 1, 2, count_text(x, pf->offices, "个"), txt);
    put_text(x, r + 1, 3, "所属预算单位数", lab);
    put_text(x, r + 1, 4, count_text(x, pf->units, "个"), txt);
    for (uint32_t i = 0; i < 4; i++) {
        uint32_t row = r + 2 + i / 2, c = 1 + 2 * (i % 2);
        put_text(x, row, c, staff[i], lab);
        put_text(x, row, c + 1, count_text(x, pf->staff[i], "人"), txt);
    }
    return r + 4;
}

/* The funds box splits where the second 合计 (or the first measure) begins. */
static bool fund_is_direction(const Total *t, bool *seen_total, bool *right)
{
    bool total = !t->filter.sources && !t->filter.measures;
    if (t->filter.measures || (total && *seen_total))
        *right = true;
    *seen_total |= total;
    return *right;
}

/* 年度预算情况: 按资金来源划分 | 按资金方向划分, in 万元. */
static uint32_t perf_funds(Xlsx *x, const Performance *pf, uint32_t r)
{
    static const char *const heads[] = { "按资金来源划分", "资金总额（万元）",
                                         "按资金方向划分", "资金总额（万元）" };
    for (uint32_t c = 0; c < 4; c++)
        put_text(x, r, c + 1, heads[c], x->f[XF_HEAD]);
    uint32_t n[2] = { 0, 0 };
    bool seen = false, right = false;
    for (uint32_t i = 0; i < pf->funds.n; i++) {
        const Total *t = &pf->funds.v[i];
        uint32_t side = fund_is_direction(t, &seen, &right) ? 1 : 0;
        uint32_t row = r + 1 + n[side]++;
        put_text(x, row, 1 + 2 * side, t->label, x->f[XF_TEXT]);
        put_money(x, row, 2 + 2 * side, t->amount.fen, UNIT_WANYUAN, x->f[XF_WANYUAN]);
    }
    uint32_t rows = n[0] > n[1] ? n[0] : n[1];
    for (uint32_t side = 0; side < 2; side++)
        for (uint32_t i = n[side]; i < rows; i++) {
            put_text(x, r + 1 + i, 1 + 2 * side, NULL, x->f[XF_TEXT]);
            put_text(x, r + 1 + i, 2 + 2 * side, NULL, x->f[XF_TEXT]);
        }
    put_merged(x, r, 0, r + rows, 0, "年度预算情况", x->f[XF_LABEL]);
    return r + rows + 1;
}

/* 年度重点任务: 核心职能 | 重点任务. */
static uint32_t perf_tasks(Xlsx *x, const Performance *pf, uint32_t r)
{
    put_text(x, r, 1, "核心职能", x->f[XF_HEAD]);
    put_merged(x, r, 2, r, PERF_LAST, "重点任务", x->f[XF_HEAD]);
    for (uint32_t i = 0; i < pf->tasks.n; i++) {
        uint32_t row = r + 1 + i;
        put_text(x, row, 1, pf->tasks.v[i].key, x->f[XF_WRAP]);
        put_merged(x, row, 2, row, PERF_LAST, pf->tasks.v[i].value, x->f[XF_WRAP]);
        fit_height(x, row, pf->tasks.v[i].value, PERF_TASK_WIDTH);
    }
    put_merged(x, r, 0, r + pf->tasks.n, 0, "年度重点任务", x->f[XF_LABEL]);
    return r + pf->tasks.n + 1;
}

static void perf_sheet(Xlsx *x, const Performance *pf)
{
    if (!sheet_new(x, "整体绩效"))
        return;
    sheet_title(x, "部门（单位）整体支出绩效目标申报表",
                arena_printf(x->cx, "（%d）年度", x->cx->prog->year), PERF_LAST + 1);
    uint32_t r = perf_info(x, pf, 2);
    r = text_rows(x, pf->fields.v, pf->fields.n, "goal", r, PERF_LAST, PERF_TEXT_WIDTH);
    r = perf_funds(x, pf, r);
    r = perf_tasks(x, pf, r);
    const Text *goal = text_find(pf->fields.v, pf->fields.n, "goal");
    if (goal)
        text_row(x, r++, PERF_LAST, field_label("goal"), goal->value, PERF_TEXT_WIDTH);
    ind_section(x, "年度绩效指标", pf->indicators.v, pf->indicators.n, false, r);
    sheet_widths(x, perf_cols, PERF_LAST + 1);
    sheet_print(x, false, -1, -1);
}

/* ---- the workbook ---------------------------------------------------- */

/* Jan 1 of the budget year, 00:00 UTC, as the document's creation time:
** fixed, so the same input gives the same bytes.  Computed by hand since
** timegm is not standard C; the year is clamped to what zip and Excel
** can date (and 0 would mean "now" to libxlsxwriter). */
static time_t year_start(int32_t year)
{
    int64_t y = year < 1980 ? 1980 : year > 9999 ? 9999 : year;
    int64_t days = 365 * (y - 1970) + ((y - 1) / 4 - 1969 / 4) -
                   ((y - 1) / 100 - 1969 / 100) + ((y - 1) / 400 - 1969 / 400);
    return (time_t)(days * 86400);
}

static void write_sheets(Xlsx *x)
{
    Program *p = x->cx->prog;
    for (uint32_t i = 0; i < x->d->tables.n; i++)
        table_sheet(x, &x->d->tables.v[i]);
    if (p->performance)
        perf_sheet(x, p->performance);
    for (uint32_t i = 0; i < p->projects.n; i++)
        if (p->projects.v[i].form)
            form_sheet(x, &p->projects.v[i]);
}

bool emit_xlsx(Document *d, const BuildOptions *o)
{
    const char *path = out_path(d, o, "disclosure.xlsx");
    const char *tmp = arena_printf(d->cx, "%s.tmp", path);
    Xlsx x = { .d = d, .cx = d->cx };
    x.wb = workbook_new(tmp);
    if (!x.wb) {
        fprintf(stderr, "budgetc: error: cannot start workbook '%s'\n", tmp);
        return false;
    }
    lxw_doc_properties props = { .title = (char *)d->title,
                                 .created = year_start(d->cx->prog->year) };
    workbook_set_properties(x.wb, &props);
    make_formats(&x);
    write_sheets(&x);
    lxw_error e = workbook_close(x.wb);
    if (e != LXW_NO_ERROR || x.failed || rename(tmp, path) != 0) {
        if (e != LXW_NO_ERROR)
            fprintf(stderr, "budgetc: error: writing '%s' failed: %s\n", path,
                    lxw_strerror(e));
        else
            fprintf(stderr, "budgetc: error: writing '%s' failed\n", path);
        remove(tmp);
        return false;
    }
    return true;
}
