/*
** emit_html.c: the whole disclosure as one self-contained HTML file,
** disclosure.html, in the order of the published document: 概况, the
** tables, 情况说明, 名词解释, then the KPI forms (绩效目标表).
**
** Invariant: every text that comes from a source file or a layout goes
** through html_text, which escapes markup characters and neutralises
** control and bidi-override characters, so no budget text can become
** markup or make a line read differently from what it is.  Attributes the
** writer composes (ids, classes, spans) are numbers and fixed words only.
** Nothing is loaded from outside the file (a CSP forbids it) and nothing
** varies between runs: no dates, no pointers.
*/
#include "budgetc.h"
#include "emit.h"

#include <assert.h>
#include <string.h>

/* The writer's context, passed first to every helper. */
typedef struct Html {
    Document *d;        /* what is written */
    Compilation *cx;    /* d->cx: the arena for temporary strings */
    Program *p;         /* d->cx->prog */
    FILE *f;            /* disclosure.html, being written */
} Html;

/* An indicator grid: the indicators of one form, the periods printed
** side by side, and the rows each level takes. */
typedef struct KpiGrid {
    const Indicator *v;       /* the form's indicators, in written order */
    uint32_t n;
    const uint8_t *periods;   /* PERIOD_* printed, left to right */
    int np;
    uint32_t rows[10];        /* per 二级指标 (0: an unknown level) */
    uint32_t span[4];         /* per 一级指标 (0: an unknown level) */
    uint32_t total;           /* rows in all */
} KpiGrid;

/* Source locations listed in an amount's tooltip before "…". */
enum { MAX_SOURCES = 8 };

/* Screen first (a phone at 375px reads it: tables scroll sideways in
** their wrapper), then A4 print: each table and form on a new page, the
** heading rows repeated on every page a table runs over. */
static const char html_css[] =
    ":root{--line:#8c8c8c;--head:#edf1f5;--ink:#1b1b1b}*{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
    "body{margin:0;color:var(--ink);background:#fff;font-size:16px;line-height:1.7;"
    "font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\","
    "\"Microsoft YaHei\",sans-serif}\n"
    "main{max-width:1100px;margin:0 auto;padding:16px}\n"
    "h1{font-size:1.6rem;text-align:center;margin:1.2em 0;line-height:1.4}\n"
    "h2{font-size:1.3rem;margin:2em 0 .8em;padding-bottom:.2em;"
    "border-bottom:2px solid #333}\n"
    "h3{font-size:1.1rem;margin:1.5em 0 .5em}h4{font-size:1rem;margin:1.2em 0 .4em}\n"
    "p{margin:.5em 0;text-indent:2em}.sub{text-align:center;text-indent:0;margin-top:0}\n"
    "nav ol{list-style:none;margin:0;padding-left:1.5em}nav>ol{padding-left:0}\n"
    "nav a{color:#0645ad;text-decoration:none}ol.cn{list-style:none;padding:0}\n"
    ".sheet{margin-bottom:2.5em}.note{text-indent:0;font-size:.9rem;margin:.3em 0}\n"
    ".scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:.5em 0}\n"
    ".scroll:focus-visible{outline:2px solid #0645ad}\n"
    "table{border-collapse:collapse;width:100%;min-width:600px;font-size:14px;"
    "line-height:1.45}\n"
    "caption{text-align:center;padding:0 0 .4em}\n"
    "caption .label{display:block;text-align:left;font-size:.85rem}\n"
    "caption .title{display:block;font-size:1.15rem;font-weight:bold}\n"
    "caption .meta{display:flex;flex-wrap:wrap;justify-content:space-between;"
    "column-gap:1em;font-size:.9rem}\n"
    "th,td{border:1px solid var(--line);padding:.25em .5em;vertical-align:middle}\n"
    "thead th,thead td{background:var(--head);text-align:center}\n"
    "tbody th{font-weight:normal;text-align:left;min-width:8em}\n"
    "td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n"
    "td.code{white-space:nowrap}.side2{border-left:3px double #555}\n"
    "th.lv2{padding-left:1.5em}th.lv3{padding-left:2.5em}\n"
    "tr.total th,tr.total td{font-weight:bold}\n"
    "table.form{min-width:720px}table.form col.grp{width:6.5em}"
    "table.form col.n{width:9em}\n"
    "table.form th{background:var(--head);text-align:center;font-weight:bold;"
    "min-width:0}\n"
    "table.form th.lvl{background:#f7f9fb;font-weight:normal}\n"
    "dl.glossary div{margin:.6em 0}dl.glossary dt{display:inline;font-weight:bold}"
    "dl.glossary dd{display:inline;margin:0}\n"
    "@media (max-width:600px){body{font-size:15px}main{padding:10px}h1{font-size:1.3rem}"
    "table{font-size:13px}caption{text-align:left;position:sticky;left:0;"
    "max-width:calc(100vw - 20px)}}\n"
    "@page{size:A4;margin:15mm 12mm}\n"
    "@media print{body{font-size:10.5pt}main{max-width:none;padding:0}"
    "nav a{color:inherit}"
    "h2,.sheet{break-before:page}#toc-title,h2+.sheet{break-before:auto}"
    "h2,h3,caption{break-after:avoid}.scroll{overflow:visible}table{font-size:9pt}"
    "thead{display:table-header-group}tr{break-inside:avoid}}\n";

/* ---- text ------------------------------------------------------------ */

/* What to write instead of a character, or NULL to write it as is.
** Controls (but tab and newline) and the bidi embeddings, overrides and
** isolates become U+FFFD, visibly; so does invalid UTF-8. */
static const char *html_entity(uint32_t cp)
{
    switch (cp) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    }
    bool control = (cp < 0x20 && cp != '\t' && cp != '\n') ||
                   (cp >= 0x7F && cp <= 0x9F);
    bool bidi = (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    return control || bidi || cp == 0xFFFD ? "&#xFFFD;" : NULL;
}

/* Does byte c end a run of text written as is?  The markup characters,
** controls and DEL, and the leads of the characters html_entity may
** replace: C2 (U+0080-U+009F), E2 (bidi controls), EF (U+FFFD), and every
** byte that cannot start a valid UTF-8 character (80-C1, F5-FF, which
** src_decode takes one at a time).  A valid sequence led by any other byte
** is never replaced, and its continuation bytes end no run. */
static bool html_stop(unsigned char c)
{
    if (c < 0x80)
        return c < 0x20 || c == 0x7F || c == '&' || c == '<' || c == '>' ||
               c == '"' || c == '\'';
    return c < 0xC2 || c == 0xC2 || c == 0xE2 || c == 0xEF || c > 0xF4;
}

/* Text content or a quoted attribute value; NULL writes nothing.  Runs
** that need no escaping go out in one fwrite. */
static void html_text(Html *h, const char *s)
{
    if (!s)
        return;
    uint32_t n = (uint32_t)strlen(s), run = 0;
    for (uint32_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp, len = 1;
        if (!html_stop(c)) {
            if (c >= 0x80) {           /* a lead byte: check its sequence */
                len = src_decode(s + i, n - i, &cp);
                if (len == 1)          /* invalid: U+FFFD below */
                    goto replace;
            }
            i += len;
            continue;
        }
        len = src_decode(s + i, n - i, &cp);
        if (!html_entity(cp)) {
            i += len;
            continue;
        }
    replace:
        fwrite(s + run, 1, i - run, h->f);
        fputs(html_entity(cp), h->f);
        i += len;
        run = i;
    }
    fwrite(s + run, 1, n - run, h->f);
}

/* Markup of the writer's own (never source text). */
static void put(Html *h, const char *markup)
{
    fputs(markup, h->f);
}

/* A small number of the writer's own (spans, counts). */
static void put_u(Html *h, uint64_t v)
{
    char b[24];
    fwrite(b, 1, fmt_u64(b, v), h->f);
}

/* <tag attrs>text</tag>; attrs are the writer's own, never source text. */
static void html_el(Html *h, const char *tag, const char *attrs, const char *text)
{
    putc_unlocked('<', h->f);
    put(h, tag);
    if (attrs) {
        putc_unlocked(' ', h->f);
        put(h, attrs);
    }
    putc_unlocked('>', h->f);
    html_text(h, text);
    put(h, "</");
    put(h, tag);
    put(h, ">\n");
}

/* A cell with its spans, the writer's own attributes (a scope) and
** classes; its text escaped. */
static void html_cell(Html *h, const char *tag, const char *attrs,
                      unsigned colspan, unsigned rowspan, const char *cls,
                      const char *text)
{
    putc_unlocked('<', h->f);
    put(h, tag);
    if (attrs) {
        putc_unlocked(' ', h->f);
        put(h, attrs);
    }
    if (colspan > 1) {
        put(h, " colspan=\"");
        put_u(h, colspan);
        putc_unlocked('"', h->f);
    }
    if (rowspan > 1) {
        put(h, " rowspan=\"");
        put_u(h, rowspan);
        putc_unlocked('"', h->f);
    }
    if (cls && *cls) {
        put(h, " class=\"");
        put(h, cls);
        putc_unlocked('"', h->f);
    }
    putc_unlocked('>', h->f);
    html_text(h, text);
    put(h, "</");
    put(h, tag);
    putc_unlocked('>', h->f);
}

/* 1 -> 一, 12 -> 十二, 21 -> 二十一; beyond 99 in digits. */
static const char *html_cn(Html *h, uint32_t n)
{
    static const char *const digit[] = { "", "一", "二", "三", "四", "五",
                                         "六", "七", "八", "九" };
    if (n == 0 || n > 99)
        return arena_printf(h->cx, "%u", (unsigned)n);
    return arena_printf(h->cx, "%s%s%s", n >= 20 ? digit[n / 10] : "",
                        n >= 10 ? "十" : "", digit[n % 10]);
}

/* "file:line" of a span, the path as given. */
static const char *html_loc(Html *h, Span s)
{
    if (s.file >= h->cx->files.n)
        return "?";
    if (h->cx->files.v[s.file]->artifact)      /* a consolidated .bcf */
        return h->cx->files.v[s.file]->path;
    LineCol lc = src_linecol(h->cx, s.file, s.off);
    return arena_printf(h->cx, "%s:%u", h->cx->files.v[s.file]->path,
                        (unsigned)lc.line);
}

/* ---- titles and ids the contents share with the body ---------------- */

static const char *part2_title(Html *h)
{
    return arena_printf(h->cx, "第二部分 %d年部门预算报表", (int)h->p->year);
}

static const char *part3_title(Html *h)
{
    return arena_printf(h->cx, "第三部分 %d年度部门预算情况说明", (int)h->p->year);
}

static const char *table_name(Html *h, const TableOut *t)
{
    return arena_printf(h->cx, "表%s %s", html_cn(h, (uint32_t)t->number),
                        t->title ? t->title : "");
}

static const char *html_id(Html *h, const char *prefix, uint32_t i)
{
    return arena_printf(h->cx, "%s-%02u", prefix, (unsigned)i + 1);
}

/* The index after the run of paragraphs of the section starting at i. */
static uint32_t section_end(Html *h, uint32_t i)
{
    const Text *s = h->p->sections.v;
    uint32_t j = i + 1;
    while (j < h->p->sections.n && strcmp(s[j].key, s[i].key) == 0)
        j++;
    return j;
}

/* Does the prose already print this free-text section ({sections} in a
** layout's prose puts each title in as a paragraph)? */
static bool prose_has(Html *h, const char *title)
{
    for (uint32_t i = 0; i < h->d->prose.n; i++) {
        const ProseOut *po = &h->d->prose.v[i];
        if (po->title && strstr(po->title, title))
            return true;
        for (uint32_t k = 0; k < po->paragraphs.n; k++)
            if (strcmp(po->paragraphs.v[k], title) == 0)
                return true;
    }
    return false;
}

/* The prose entry the free-text sections go under (its title says
** 其他说明), or -1 when the writer adds that heading itself. */
static int32_t prose_other(Html *h)
{
    for (uint32_t i = 0; i < h->d->prose.n; i++)
        if (h->d->prose.v[i].title && strstr(h->d->prose.v[i].title, "其他说明"))
            return (int32_t)i;
    return -1;
}

static bool sections_left(Html *h)
{
    for (uint32_t i = 0; i < h->p->sections.n; i = section_end(h, i))
        if (!prose_has(h, h->p->sections.v[i].key))
            return true;
    return false;
}

static const char *other_title(Html *h)
{
    return arena_printf(h->cx, "%s、其他说明", html_cn(h, h->d->prose.n + 1));
}

static bool has_forms(Html *h)
{
    for (uint32_t j = 0; j < h->p->projects.n; j++)
        if (h->p->projects.v[j].form)
            return true;
    return h->p->performance != NULL;
}

/* ---- head and contents ----------------------------------------------- */

static void html_head(Html *h)
{
    put(h, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
        "'none'; style-src 'unsafe-inline'\">\n"
        "<meta name=\"generator\" content=\"budgetc " BUDGETC_VERSION "\">\n");
    html_el(h, "title", NULL, h->d->title);
    fprintf(h->f, "<style>\n%s</style>\n</head>\n<body>\n<main>\n", html_css);
    html_el(h, "h1", NULL, h->d->title);
}

/* One entry of the contents; `sub` leaves it open for a nested list,
** which toc_end closes. */
static void toc_item(Html *h, const char *id, const char *text, bool sub)
{
    fprintf(h->f, "<li><a href=\"#%s\">", id);
    html_text(h, text);
    put(h, sub ? "</a><ol>\n" : "</a></li>\n");
}

static void toc_end(Html *h)
{
    put(h, "</ol></li>\n");
}

static void toc_sections(Html *h)
{
    for (uint32_t s = 0; s < h->p->sections.n; s = section_end(h, s))
        if (!prose_has(h, h->p->sections.v[s].key))
            toc_item(h, html_id(h, "section", s), h->p->sections.v[s].key, false);
}

static void toc_part3(Html *h)
{
    int32_t other = prose_other(h);
    bool left = sections_left(h);
    toc_item(h, "part3", part3_title(h), true);
    for (uint32_t i = 0; i < h->d->prose.n; i++) {
        bool sub = (int32_t)i == other && left;
        toc_item(h, html_id(h, "prose", i), h->d->prose.v[i].title, sub);
        if (sub)
            toc_sections(h), toc_end(h);
    }
    if (other < 0 && left)
        toc_item(h, "other", other_title(h), true), toc_sections(h), toc_end(h);
    toc_end(h);
}

static void toc_forms(Html *h)
{
    toc_item(h, "forms", "附件 绩效目标表", true);
    if (h->p->performance)
        toc_item(h, "perf", "部门整体支出绩效目标申报表", false);
    for (uint32_t j = 0; j < h->p->projects.n; j++)
        if (h->p->projects.v[j].form)
            toc_item(h, html_id(h, "form", j), arena_printf(h->cx,
                     "项目支出绩效目标表：%s", form_title(&h->p->projects.v[j])),
                     false);
    toc_end(h);
}

static void html_toc(Html *h)
{
    put(h, "<nav id=\"toc\" aria-labelledby=\"toc-title\">\n");
    html_el(h, "h2", "id=\"toc-title\"", "目 录");
    put(h, "<ol>\n");
    bool dept = !h->d->tables_only;
    if (dept) {
        toc_item(h, "part1", "第一部分 概况", true);
        toc_item(h, "duties", "一、本部门职责", false);
        toc_item(h, "offices", "二、机构设置情况", false);
        toc_end(h);
    }
    toc_item(h, "part2", part2_title(h), true);
    for (uint32_t i = 0; i < h->d->tables.n; i++)
        toc_item(h, html_id(h, "table", i), table_name(h, &h->d->tables.v[i]), false);
    toc_end(h);
    if (dept) {
        toc_part3(h);
        toc_item(h, "part4", "第四部分 名词解释", false);
    }
    if (has_forms(h))
        toc_forms(h);
    put(h, "</ol>\n</nav>\n");
}

/* ---- 第一部分 概况 ------------------------------------------------------ */

static const char *unit_kind_name(uint8_t kind)
{
    static const char *const names[] = { "", "行政单位", "事业单位",
                                         "参公事业单位", "企业" };
    return kind < sizeof names / sizeof names[0] ? names[kind] : "";
}

/* Append to a growing text (never by copying the text so far: a budget
** may have thousands of units). */
typedef VEC(char) TextBuf;

static void buf_add(Html *h, TextBuf *b, const char *s)
{
    for (; *s; s++)
        vec_push(h->cx, b, *s);
}

static const char *buf_str(Html *h, TextBuf *b)
{
    vec_push(h->cx, b, '\0');
    return b->v;
}

/* 二、机构设置情况: the offices, then the units in the budget. */
static void html_offices(Html *h)
{
    Program *p = h->p;
    html_el(h, "h3", "id=\"offices\"", "二、机构设置情况");
    TextBuf b = { 0 };
    buf_add(h, &b, arena_printf(h->cx, "%s内设机构%u个，分别是", p->dept_name,
                                (unsigned)p->offices.n));
    for (uint32_t i = 0; i < p->offices.n; i++) {
        buf_add(h, &b, i ? "、" : "");
        buf_add(h, &b, p->offices.v[i].value);
    }
    buf_add(h, &b, "。");
    if (p->offices.n)
        html_el(h, "p", NULL, buf_str(h, &b));
    TextBuf u = { 0 };
    buf_add(h, &u, arena_printf(h->cx, "部门预算构成：纳入%s%d年部门预算公开的单位有",
                                p->dept_name, (int)p->year));
    for (uint32_t i = 0; i < p->units.n; i++) {
        const Unit *un = &p->units.v[i];
        buf_add(h, &u, i ? "、" : "");
        buf_add(h, &u, un->name);
        buf_add(h, &u, "（");
        buf_add(h, &u, un->own ? "本级，" : "");
        buf_add(h, &u, unit_kind_name(un->kind));
        buf_add(h, &u, "）");
    }
    buf_add(h, &u, "。");
    if (p->units.n)
        html_el(h, "p", NULL, buf_str(h, &u));
}

static void html_overview(Html *h)
{
    put(h, "<section id=\"part1\">\n");
    html_el(h, "h2", NULL, "第一部分 概况");
    html_el(h, "h3", "id=\"duties\"", "一、本部门职责");
    put(h, "<ol class=\"cn\">\n");
    for (uint32_t i = 0; i < h->p->duties.n; i++)
        html_el(h, "li", NULL, arena_printf(h->cx, "（%s）%s", html_cn(h, i + 1),
                                            h->p->duties.v[i].value));
    put(h, "</ol>\n");
    html_offices(h);
    put(h, "</section>\n");
}

/* ---- 第二部分 the tables ------------------------------------------------ */

/* The tooltip of an amount: where the facts it sums were written (the
** same facts, in the same view, that pivot.c summed). */
static void html_sources(Html *h, const TCell *c)
{
    uint32_t first[MAX_SOURCES + 1];
    uint32_t n = fx_each(h->d->k, &c->filter, c->view, first, MAX_SOURCES + 1);
    const char *last = NULL;
    uint32_t shown = 0;
    put(h, " title=\"来源（");
    put_u(h, c->nparts);
    put(h, "项）：");
    for (uint32_t i = 0; i < n && i <= MAX_SOURCES && shown <= MAX_SOURCES; i++) {
        const char *loc = html_loc(h, h->p->facts.v[first[i]].span);
        if (last && strcmp(last, loc) == 0)
            continue;
        put(h, shown++ < MAX_SOURCES ? "\n" : "\n…");
        if (shown <= MAX_SOURCES)
            html_text(h, loc);
        last = loc;
    }
    put(h, c->adjusted ? "\n（平衡舍入：调整一个单位）\"" : "\"");
}

static bool starts_side2(const TableOut *t, uint32_t col)
{
    return col == t->split && col > 0 && col < t->ncols;
}

/* The heading rows as printed, then the 1 2 3 … row when there is one. */
static void html_thead(Html *h, const TableOut *t)
{
    put(h, "<thead>\n");
    for (uint32_t r = 0; r < t->nhead_rows; r++) {
        put(h, "<tr>");
        for (uint32_t i = 0; i < t->heads.n; i++) {
            const THead *th = &t->heads.v[i];
            if (th->row == r)
                html_cell(h, "th", th->colspan > 1 ? "scope=\"colgroup\""
                          : "scope=\"col\"", th->colspan, th->rowspan,
                          starts_side2(t, th->col) ? "side2" : NULL, th->text);
        }
        put(h, "</tr>\n");
    }
    if (t->numbered_columns) {
        put(h, "<tr class=\"colno\">");
        for (uint32_t c = 0; c < t->ncols; c++)
            fprintf(h->f, "<td%s>%u</td>", starts_side2(t, c) ? " class=\"side2\""
                    : "", (unsigned)c + 1);
        put(h, "</tr>\n");
    }
    put(h, "</thead>\n");
}

/* The column of a row's label on one side: its name, or (on a total
** row, whose code column carries the label) its code column; -1 if none. */
static int32_t label_col(const TableOut *t, const TRow *row, uint8_t side)
{
    for (int kind = COL_NAME; kind >= COL_CODE; kind--)
        for (uint32_t c = 0; c < t->ncols; c++)
            if (t->cols[c].side == side && t->cols[c].kind == kind &&
                row->cells[c].kind == TC_TEXT)
                return (int32_t)c;
    return -1;
}

static void html_amount(Html *h, const TableOut *t, const TCell *c, uint32_t col)
{
    char num[MONEY_TEXT_MAX];
    put(h, starts_side2(t, col) ? "<td class=\"num side2\"" : "<td class=\"num\"");
    html_sources(h, c);
    putc_unlocked('>', h->f);
    html_text(h, table_amount_to(num, t, c->shown, true) ? num : "");
    put(h, "</td>");
}

/* The classes of a row's label, [level][second side], and of its other
** text cells, [code column][second side]: fixed words, not made per cell. */
static const char *const row_class[4][2] = {   /* a level is 0 to 3 */
    { "lv0", "lv0 side2" }, { "lv1", "lv1 side2" }, { "lv2", "lv2 side2" },
    { "lv3", "lv3 side2" },
};
static const char *const cell_class[2][2] = { { "", " side2" },
                                              { "code", "code side2" } };

/* A body row: amounts right-aligned; the label a row header, indented by
** its level (类/款/项) on the first side. */
static void html_row(Html *h, const TableOut *t, const TRow *row)
{
    int32_t label[2] = { label_col(t, row, 0), label_col(t, row, 1) };
    assert(row->level < 4);
    put(h, row->total ? "<tr class=\"total\">" : "<tr>");
    for (uint32_t c = 0; c < t->ncols; c++) {
        const TCell *cell = &row->cells[c];
        uint8_t side = t->cols[c].side & 1;
        bool s2 = starts_side2(t, c);
        if (cell->kind == TC_AMOUNT)
            html_amount(h, t, cell, c);
        else if ((int32_t)c == label[side])
            html_cell(h, "th", "scope=\"row\"", 0, 0,
                      row_class[side ? 0 : row->level & 3][s2],
                      cell->text);
        else
            html_cell(h, "td", NULL, 0, 0,
                      cell_class[t->cols[c].kind == COL_CODE][s2],
                      cell->kind == TC_TEXT ? cell->text : NULL);
    }
    put(h, "</tr>\n");
}

/* The caption: label, title, then 部门名称 left and 单位 right. */
static void html_caption(Html *h, const TableOut *t, uint32_t i)
{
    fprintf(h->f, "<caption id=\"%s\">", html_id(h, "cap", i));
    if (t->label)
        html_cell(h, "span", NULL, 0, 0, "label", t->label);
    html_cell(h, "span", NULL, 0, 0, "title", t->title);
    put(h, "<span class=\"meta\">");
    html_cell(h, "span", NULL, 0, 0, NULL, h->d->caption);
    html_cell(h, "span", NULL, 0, 0, NULL, t->unit_caption);
    put(h, "</span></caption>\n");
}

static void html_table(Html *h, uint32_t i)
{
    const TableOut *t = &h->d->tables.v[i];
    fprintf(h->f, "<section class=\"sheet\" id=\"%s\">\n<div class=\"scroll\" "
            "role=\"region\" tabindex=\"0\" aria-labelledby=\"%s\">\n<table>\n",
            html_id(h, "table", i), html_id(h, "cap", i));
    html_caption(h, t, i);
    html_thead(h, t);
    put(h, "<tbody>\n");
    for (uint32_t r = 0; r < t->rows.n; r++)
        html_row(h, t, &t->rows.v[r]);
    put(h, "</tbody>\n</table>\n</div>\n");
    if (t->empty && t->empty_note)
        html_el(h, "p", "class=\"note\"", t->empty_note);
    for (uint32_t n = 0; n < t->notes.n; n++)
        html_el(h, "p", "class=\"note\"", t->notes.v[n]);
    put(h, "</section>\n");
}

static void html_tables(Html *h)
{
    put(h, "<section id=\"part2\">\n");
    html_el(h, "h2", NULL, part2_title(h));
    for (uint32_t i = 0; i < h->d->tables.n; i++)
        html_table(h, i);
    put(h, "</section>\n");
}

/* ---- 第三部分 情况说明, 第四部分 名词解释 ----------------------------------- */

/* The free-text sections the prose does not print, each a heading and
** its paragraphs. */
static void html_sections(Html *h)
{
    const Text *v = h->p->sections.v;
    for (uint32_t s = 0; s < h->p->sections.n; s = section_end(h, s)) {
        if (prose_has(h, v[s].key))
            continue;
        html_el(h, "h4", arena_printf(h->cx, "id=\"%s\"", html_id(h, "section", s)),
                v[s].key);
        for (uint32_t k = s; k < section_end(h, s); k++)
            html_el(h, "p", NULL, v[k].value);
    }
}

static void html_explanation(Html *h)
{
    int32_t other = prose_other(h);
    put(h, "<section id=\"part3\">\n");
    html_el(h, "h2", NULL, part3_title(h));
    for (uint32_t i = 0; i < h->d->prose.n; i++) {
        const ProseOut *po = &h->d->prose.v[i];
        html_el(h, "h3", arena_printf(h->cx, "id=\"%s\"", html_id(h, "prose", i)),
                po->title);
        for (uint32_t k = 0; k < po->paragraphs.n; k++)
            html_el(h, "p", NULL, po->paragraphs.v[k]);
        if ((int32_t)i == other)
            html_sections(h);
    }
    if (other < 0 && sections_left(h)) {
        html_el(h, "h3", "id=\"other\"", other_title(h));
        html_sections(h);
    }
    put(h, "</section>\n");
}

static void html_glossary(Html *h)
{
    put(h, "<section id=\"part4\">\n");
    html_el(h, "h2", NULL, "第四部分 名词解释");
    put(h, "<dl class=\"glossary\">\n");
    for (uint32_t i = 0; i < h->p->glossary.n; i++) {
        put(h, "<div>");
        html_el(h, "dt", NULL, arena_printf(h->cx, "%s、%s：", html_cn(h, i + 1),
                                            h->p->glossary.v[i].key));
        html_el(h, "dd", NULL, h->p->glossary.v[i].value);
        put(h, "</div>\n");
    }
    put(h, "</dl>\n</section>\n");
}

/* ---- indicator grids ------------------------------------------------ */

/* The 一级指标 of each 二级指标, in printed order (slot 0: unknown). */
static const uint8_t kpi_level1_of[10] = { 0, 1, 1, 1, 1, 2, 2, 2, 2, 3 };

static uint8_t kpi_level2(const Indicator *in)
{
    return in->level2 < 10 ? in->level2 : 0;
}

/* A 二级指标 takes as many rows as its longest period; an empty one still
** prints one row, as the forms do (the unknown slot only when used). */
static KpiGrid kpi_grid(const Indicator *v, uint32_t n, const uint8_t *periods,
                        int np)
{
    KpiGrid g = { .v = v, .n = n, .periods = periods, .np = np };
    for (uint8_t l2 = 0; l2 < 10; l2++) {
        for (int p = 0; p < np; p++) {
            uint32_t c = 0;
            for (uint32_t i = 0; i < n; i++)
                c += v[i].period == periods[p] && kpi_level2(&v[i]) == l2;
            g.rows[l2] = c > g.rows[l2] ? c : g.rows[l2];
        }
        g.rows[l2] += l2 && !g.rows[l2];
        g.span[kpi_level1_of[l2]] += g.rows[l2];
        g.total += g.rows[l2];
    }
    return g;
}

/* The r-th indicator of a level in a period, or NULL. */
static const Indicator *kpi_nth(const KpiGrid *g, uint8_t period, uint8_t l2,
                                uint32_t r)
{
    for (uint32_t i = 0; i < g->n; i++)
        if (g->v[i].period == period && kpi_level2(&g->v[i]) == l2 && r-- == 0)
            return &g->v[i];
    return NULL;
}

static const char *kpi_value(Html *h, const Indicator *in)
{
    if (!in || !in->value_kind)
        return NULL;
    return arena_printf(h->cx, "%s%s", in->op ? in->op : "", in->value);
}

/* The heading row, under a cell spanning the whole grid. */
static void kpi_head(Html *h, const KpiGrid *g, const char *label)
{
    put(h, "<tr>");
    html_cell(h, "th", "scope=\"rowgroup\"", 0, g->total + 1, NULL, label);
    html_cell(h, "th", "scope=\"col\"", 0, 0, NULL, "一级指标");
    for (int p = 0; p < g->np; p++) {
        html_cell(h, "th", "scope=\"col\"", 0, 0, NULL, "二级指标");
        html_cell(h, "th", "scope=\"col\"", 0, 0, NULL, "三级指标");
        html_cell(h, "th", "scope=\"col\"", 0, 0, NULL, "指标值");
    }
    put(h, "</tr>\n");
}

/* Row r of a 二级指标: per period, the 二级 cell (first row only), the
** 三级指标 and its value. */
static void kpi_row(Html *h, const KpiGrid *g, uint8_t l2, uint32_t r)
{
    for (int p = 0; p < g->np; p++) {
        const Indicator *in = kpi_nth(g, g->periods[p], l2, r);
        if (r == 0)
            html_cell(h, "th", "scope=\"row\"", 0, g->rows[l2], "lvl",
                      vocab_name(DIM_LEVEL2, l2));
        html_cell(h, "td", NULL, 0, 0, NULL, in ? in->name : NULL);
        html_cell(h, "td", NULL, 0, 0, NULL, kpi_value(h, in));
    }
}

/* The rows, grouped by 一级 then 二级 with row spans. */
static void kpi_rows(Html *h, const KpiGrid *g)
{
    static const uint8_t order[] = { 1, 2, 3, 0 };
    for (int i = 0; i < 4; i++) {
        bool first = true;
        for (uint8_t l2 = 0; l2 < 10; l2++) {
            for (uint32_t r = 0; kpi_level1_of[l2] == order[i] && r < g->rows[l2]; r++) {
                put(h, "<tr>");
                if (first)
                    html_cell(h, "th", "scope=\"row\"", 0, g->span[order[i]], "lvl",
                              vocab_name(DIM_LEVEL1, order[i]));
                first = false;
                kpi_row(h, g, l2, r);
                put(h, "</tr>\n");
            }
        }
    }
}

/* ---- the KPI forms ---------------------------------------------------- */

/* <tr><th colspan=a>label</th><td colspan=b>text</td></tr> */
static void form_line(Html *h, unsigned a, const char *label, unsigned b,
                      const char *text)
{
    put(h, "<tr>");
    html_cell(h, "th", "scope=\"row\"", a, 0, NULL, label);
    html_cell(h, "td", NULL, b, 0, NULL, text);
    put(h, "</tr>\n");
}

static const char *field_label(const char *key)
{
    static const struct { const char *key, *label; } labels[] = {
        { "duties", "部门职责" }, { "strategy", "部门战略目标" },
        { "goal", "年度绩效目标" }, { "overview", "项目概况" },
        { "basis", "立项依据" }, { "necessity", "项目设立必要性" },
        { "measures", "保证项目实施的制度、措施" }, { "plan", "项目实施计划" },
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].key, key) == 0)
            return labels[i].label;
    return key;
}

/* A form's frame: its section, title lines, and the table it fills. */
static void form_open(Html *h, const char *id, const char *title,
                      const char *name, const char *cols)
{
    fprintf(h->f, "<section class=\"sheet\" id=\"%s\">\n", id);
    html_el(h, "h3", NULL, title);
    html_el(h, "p", "class=\"sub\"", arena_printf(h->cx, "（%d年度）",
                                                   (int)h->p->year));
    fprintf(h->f, "<div class=\"scroll\" role=\"region\" tabindex=\"0\" "
            "aria-labelledby=\"%s-name\">\n<table class=\"form\">\n"
            "<caption id=\"%s-name\">", id, id);
    html_text(h, name);
    fprintf(h->f, "</caption>\n<colgroup>%s</colgroup>\n<tbody>\n", cols);
}

static void form_close(Html *h)
{
    put(h, "</tbody>\n</table>\n</div>\n</section>\n");
}

/* An amount as a form states it: in the heading's unit when it was
** written in it, else with its own unit named; exact either way. */
static const char *form_money(Html *h, Money m, MoneyUnit heading)
{
    if (!m.unit)
        return NULL;
    const char *s = money_format(h->cx, m.fen, (MoneyUnit)m.unit, m.decimals);
    return m.unit == heading ? s : arena_printf(h->cx, "%s%s", s,
                                                money_unit_name((MoneyUnit)m.unit));
}

/* 部门基本信息: the name, the counts and the staff, under one heading. */
static void perf_basics(Html *h, const Performance *pf)
{
    static const char *const labels[] = { "内设职能部门数", "所属预算单位数",
        "核定的人员编制数", "实际在职人员总数", "其中：在编人员数", "其他人员数" };
    int32_t v[6] = { pf->offices, pf->units, pf->staff[0], pf->staff[1],
                     pf->staff[2], pf->staff[3] };
    put(h, "<tr>");
    html_cell(h, "th", "scope=\"rowgroup\"", 0, 4, NULL, "部门基本信息");
    html_cell(h, "th", "scope=\"row\"", 0, 0, NULL, "部门名称");
    html_cell(h, "td", NULL, 3, 0, NULL, pf->authority);
    for (int i = 0; i < 6; i++) {
        put(h, i % 2 ? "" : "</tr>\n<tr>");
        html_cell(h, "th", "scope=\"row\"", 0, 0, NULL, labels[i]);
        html_cell(h, "td", NULL, 0, 0, NULL, v[i] < 0 ? NULL
                  : arena_printf(h->cx, "%d%s", (int)v[i], i < 2 ? "个" : "人"));
    }
    put(h, "</tr>\n");
}

/* The text fields: the goal, or all the others. */
static void perf_fields(Html *h, const Performance *pf, bool goal)
{
    for (uint32_t i = 0; i < pf->fields.n; i++)
        if ((strcmp(pf->fields.v[i].key, "goal") == 0) == goal)
            form_line(h, 1, field_label(pf->fields.v[i].key), 4,
                      pf->fields.v[i].value);
}

/* The funding box prints sources on the left and directions (基本支出,
** 项目支出) on the right, each with its own 合计: the 合计 just before the
** first direction starts the right-hand column. */
static uint32_t perf_split(const Performance *pf)
{
    uint32_t m = 0;
    while (m < pf->funds.n && !pf->funds.v[m].filter.measures)
        m++;
    if (m > 1 && m < pf->funds.n && !pf->funds.v[m - 1].filter.sources)
        m--;
    return m;
}

static void perf_fund(Html *h, const Total *t)
{
    html_cell(h, "td", NULL, 0, 0, NULL, t ? t->label : NULL);
    html_cell(h, "td", NULL, 0, 0, "num", t ? form_money(h, t->amount, UNIT_WANYUAN)
                                            : NULL);
}

/* 年度预算情况: sources | amount | directions | amount. */
static void perf_funds(Html *h, const Performance *pf)
{
    uint32_t split = perf_split(pf), nr = pf->funds.n - split;
    uint32_t rows = split > nr ? split : nr;
    put(h, "<tr>");
    html_cell(h, "th", "scope=\"rowgroup\"", 0, rows + 1, NULL, "年度预算情况");
    for (int i = 0; i < 4; i++)
        html_cell(h, "th", "scope=\"col\"", 0, 0, NULL, i % 2 ? "资金总额（万元）"
                  : i ? "按资金方向划分" : "按资金来源划分");
    for (uint32_t r = 0; r < rows; r++) {
        put(h, "</tr>\n<tr>");
        perf_fund(h, r < split ? &pf->funds.v[r] : NULL);
        perf_fund(h, r < nr ? &pf->funds.v[split + r] : NULL);
    }
    put(h, "</tr>\n");
}

static void perf_tasks(Html *h, const Performance *pf)
{
    put(h, "<tr>");
    html_cell(h, "th", "scope=\"rowgroup\"", 0, pf->tasks.n + 1, NULL, "年度重点任务");
    html_cell(h, "th", "scope=\"col\"", 0, 0, NULL, "核心职能");
    html_cell(h, "th", "scope=\"col\"", 3, 0, NULL, "重点任务");
    put(h, "</tr>\n");
    for (uint32_t i = 0; i < pf->tasks.n; i++) {
        put(h, "<tr>");
        html_cell(h, "td", NULL, 0, 0, NULL, pf->tasks.v[i].key);
        html_cell(h, "td", NULL, 3, 0, NULL, pf->tasks.v[i].value);
        put(h, "</tr>\n");
    }
}

/* 整体支出绩效目标申报表, in the order the form prints. */
static void html_perf(Html *h, const Performance *pf)
{
    static const uint8_t annual[] = { PERIOD_ANNUAL };
    KpiGrid g = kpi_grid(pf->indicators.v, pf->indicators.n, annual, 1);
    form_open(h, "perf", "部门整体支出绩效目标申报表", h->p->dept_name,
              "<col class=\"grp\"><col class=\"n\"><col class=\"n\"><col>"
              "<col class=\"n\">");
    perf_basics(h, pf);
    perf_fields(h, pf, false);
    perf_funds(h, pf);
    perf_tasks(h, pf);
    perf_fields(h, pf, true);
    kpi_head(h, &g, "年度绩效指标");
    kpi_rows(h, &g);
    form_close(h);
}

/* An amount of the 项目资金 box in 元: as written when written in 元,
** else with as many decimals as it needs to stay exact. */
static const char *form_yuan(Html *h, Money m)
{
    if (!m.unit)
        return NULL;
    int dec = m.unit == UNIT_YUAN ? m.decimals : m.fen % 100 ? m.fen % 10 ? 2 : 1 : 0;
    return money_format(h->cx, m.fen, UNIT_YUAN, dec);
}

/* 项目资金（元）: 实施期 and 年度 side by side, a row per source. */
static void form_funds(Html *h, const Form *fm)
{
    for (uint32_t i = 0; i < fm->funds.n; i++) {
        const FundRow *fr = &fm->funds.v[i];
        bool total = strcmp(fr->name, "总额") == 0;
        const char *name = arena_printf(h->cx, "%s%s", !total && i == 1 ? "其中：" : "",
                                        fr->name);
        put(h, "<tr>");
        if (i == 0)
            html_cell(h, "th", "scope=\"rowgroup\"", 0, fm->funds.n, NULL,
                      "项目资金（元）");
        html_cell(h, "th", "scope=\"row\"", 2, 0, NULL, total ? "实施期资金总额" : name);
        html_cell(h, "td", NULL, 0, 0, "num", form_yuan(h, fr->period));
        html_cell(h, "th", "scope=\"row\"", 2, 0, NULL, total ? "年度资金总额" : name);
        html_cell(h, "td", NULL, 2, 0, "num", form_yuan(h, fr->year));
        put(h, "</tr>\n");
    }
}

/* 主管部门及代码 | 实施单位, 项目属性 | 项目期. */
static void form_pairs(Html *h, const Project *pr)
{
    const Form *fm = pr->form;
    const char *unit = pr->unit >= 0 && (uint32_t)pr->unit < h->p->units.n
                     ? h->p->units.v[pr->unit].name : pr->unit_name;
    const char *attr = fm->attribute_text ? fm->attribute_text
                     : fm->attribute ? vocab_name(DIM_ATTR, fm->attribute) : NULL;
    const char *cells[2][4] = { { "主管部门及代码", fm->authority, "实施单位", unit },
                                { "项目属性", attr, "项目期", fm->period } };
    for (int r = 0; r < 2; r++) {
        put(h, "<tr>");
        for (int c = 0; c < 4; c += 2) {
            html_cell(h, "th", "scope=\"row\"", 2, 0, NULL, cells[r][c]);
            html_cell(h, "td", NULL, 2, 0, NULL, cells[r][c + 1]);
        }
        put(h, "</tr>\n");
    }
}

/* 总体目标: 实施期目标 | 年度目标. */
static void form_goals(Html *h, const Form *fm)
{
    put(h, "<tr><td colspan=\"2\"></td>");
    html_cell(h, "th", "scope=\"col\"", 3, 0, NULL, "实施期目标");
    html_cell(h, "th", "scope=\"col\"", 3, 0, NULL, "年度目标");
    put(h, "</tr>\n<tr>");
    html_cell(h, "th", "scope=\"row\"", 2, 0, NULL, "总体目标");
    html_cell(h, "td", NULL, 3, 0, NULL, fm->goal_period);
    html_cell(h, "td", NULL, 3, 0, NULL, fm->goal_year);
    put(h, "</tr>\n");
}

/* 项目支出绩效目标表 of one project, in the order the form prints; the
** indicators of both periods side by side. */
static void html_form(Html *h, uint32_t j)
{
    static const uint8_t periods[] = { PERIOD_IMPL, PERIOD_ANNUAL };
    const Project *pr = &h->p->projects.v[j];
    const Form *fm = pr->form;
    KpiGrid g = kpi_grid(fm->indicators.v, fm->indicators.n, periods, 2);
    form_open(h, html_id(h, "form", j), "项目支出绩效目标表", form_title(pr),
              "<col class=\"grp\"><col span=\"7\">");
    form_line(h, 2, "项目名称", 6, form_title(pr));
    form_pairs(h, pr);
    form_funds(h, fm);
    for (uint32_t i = 0; i < fm->fields.n; i++)
        form_line(h, 2, field_label(fm->fields.v[i].key), 6, fm->fields.v[i].value);
    form_goals(h, fm);
    kpi_head(h, &g, "绩效指标");
    kpi_rows(h, &g);
    if (fm->filed)
        form_line(h, 2, "填报日期", 6, fm->filed);
    form_close(h);
}

static void html_forms(Html *h)
{
    if (!has_forms(h))
        return;
    put(h, "<section id=\"forms\">\n");
    html_el(h, "h2", NULL, "附件 绩效目标表");
    if (h->p->performance)
        html_perf(h, h->p->performance);
    for (uint32_t j = 0; j < h->p->projects.n; j++)
        if (h->p->projects.v[j].form)
            html_form(h, j);
    put(h, "</section>\n");
}

bool emit_html(Document *d, const BuildOptions *o)
{
    static const char rel[] = "disclosure.html";
    FILE *f = out_open(d, o, rel);
    if (!f)
        return false;
    Html h = { d, d->cx, d->cx->prog, f };
    html_head(&h);
    html_toc(&h);
    if (!d->tables_only)
        html_overview(&h);
    html_tables(&h);
    if (!d->tables_only) {
        html_explanation(&h);
        html_glossary(&h);
    }
    html_forms(&h);
    put(&h, "</main>\n</body>\n</html>\n");
    return out_close(d, o, f, rel);
}
