/*
** pivot.c: tables are pivots of the facts.
**
** For each table of the layout: the heading rows come from the column
** tree (a group spans its leaves; a leaf spans the rows below it); the
** body rows come from the row sources (a classification hierarchy, units,
** projects, fixed rows); every money cell is the exact sum of the facts
** matching the table's, the row's and the column's filters, in the view
** that can compute it, displayed rounded half up.  No number is typed
** twice: nothing here reads a stated total.
*/
#include "budgetc.h"
#include "table.h"

#include <stdlib.h>
#include <string.h>

static int64_t unit_step(MoneyUnit unit, int decimals)
{
    int64_t step = unit == UNIT_WANYUAN ? 1000000 : 100;
    for (int i = 0; i < decimals; i++)
        step /= 10;
    return step ? step : 1;
}

/* fen rounded half away from zero to the table's displayed step */
static int64_t round_shown(const TableOut *t, int64_t fen)
{
    int64_t step = unit_step(t->unit, t->decimals);
    int64_t a = fen < 0 ? -fen : fen;
    int64_t r = (a + step / 2) / step * step;
    return fen < 0 ? -r : r;
}

char *doc_amount(Document *d, int64_t shown, bool separators)
{
    TableOut t = { .unit = d->unit, .decimals = d->decimals };
    return table_amount(d, &t, shown, separators);
}

/* A displayed amount in the table's unit: 11169500 fen -> "1116.95". */
char *table_amount(Document *d, const TableOut *t, int64_t shown,
                   bool separators)
{
    char buf[MONEY_TEXT_MAX];
    size_t n = table_amount_to(buf, t, shown, separators);
    return arena_strndup(d->cx, buf, n);
}

/* table_amount into buf (MONEY_TEXT_MAX bytes): the writers' per-cell
** form, with nothing allocated; returns the length. */
size_t table_amount_to(char *buf, const TableOut *t, int64_t shown,
                       bool separators)
{
    return money_format_to(buf, shown, t->unit, t->decimals, separators);
}

/* 1 一, 10 十, 12 十二, 20 二十, 35 三十五, 99 九十九; beyond, digits. */
char *doc_chinese(Compilation *cx, int64_t n)
{
    static const char *const digit[] = { "零", "一", "二", "三", "四", "五",
                                         "六", "七", "八", "九" };
    if (n < 0 || n > 99)
        return arena_printf(cx, "%lld", (long long)n);
    if (n < 10)
        return (char *)digit[n];
    return arena_printf(cx, "%s十%s", n >= 20 ? digit[n / 10] : "",
                        n % 10 ? digit[n % 10] : "");
}

/* The 类 (1), 款 (2) or 项 (3) digits of a code: 2060101 part 2 -> "06" */
static char *code_part(Document *d, const char *code, int part)
{
    size_t n = strlen(code), from = part == 1 ? 0 : 3 + 2 * (size_t)(part - 2);
    size_t len = part == 1 ? 3 : 2;
    if (from >= n)
        return NULL;
    return arena_strndup(d->cx, code + from, from + len > n ? n - from : len);
}

/* 2060101 -> "206 01 01" in the spaced style */
char *doc_code(Document *d, const char *code)
{
    if (!d->layout->spaced_codes)
        return (char *)code;
    size_t n = strlen(code);
    char *out = arena_alloc(d->cx, n * 2 + 1);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (i >= 3 && (i - 3) % 2 == 0)
            out[w++] = ' ';
        out[w++] = code[i];
    }
    out[w] = 0;
    return out;
}

/* {year}, {prior-year}, {department}, {unit} in titles and headings. */
char *doc_expand(Document *d, const char *tmpl)
{
    Program *p = d->cx->prog;
    if (!tmpl)
        return NULL;
    VEC(char) out = { 0 };
    for (const char *s = tmpl; *s; s++) {
        const char *end = *s == '{' ? strchr(s, '}') : NULL;
        const char *val = NULL;
        if (end) {
            size_t n = (size_t)(end - s - 1);
            if (n == 4 && strncmp(s + 1, "year", 4) == 0)
                val = arena_printf(d->cx, "%d", p->year);
            else if (n == 10 && strncmp(s + 1, "prior-year", 10) == 0)
                val = arena_printf(d->cx, "%d", p->year - 1);
            else if (n == 10 && strncmp(s + 1, "department", 10) == 0)
                val = p->dept_name ? p->dept_name : "";
            else if (n == 4 && strncmp(s + 1, "unit", 4) == 0)
                val = money_unit_name(d->unit);
        }
        if (val) {
            for (const char *v = val; *v; v++)
                vec_push(d->cx, &out, *v);
            s = end;
        } else {
            vec_push(d->cx, &out, *s);
        }
    }
    vec_push(d->cx, &out, '\0');
    return out.v;
}

typedef VEC(TColumn) TColumnVec;
typedef VEC(const char *) StrVec;

/* ---- headings ------------------------------------------------------- */

static uint32_t tree_depth(const LColumnVec *v)
{
    uint32_t d = 0;
    for (uint32_t i = 0; i < v->n; i++) {
        uint32_t c = v->v[i].kind == COL_GROUP ? 1 + tree_depth(&v->v[i].children) : 1;
        d = c > d ? c : d;
    }
    return d;
}

static uint32_t leaves(const LColumn *c)
{
    if (c->kind != COL_GROUP)
        return 1;
    uint32_t n = 0;
    for (uint32_t i = 0; i < c->children.n; i++)
        n += leaves(&c->children.v[i]);
    return n;
}

/* Lay out one level of the tree: a group sits on its own row and spans
** its leaves; a leaf spans every row below it, so two sides of unequal
** depth share the heading rows as printed. */
static void place(Document *d, TableOut *t, const LColumnVec *v, uint32_t row,
                  uint32_t depth, uint8_t side, TColumnVec *cols)
{
    for (uint32_t i = 0; i < v->n; i++) {
        const LColumn *c = &v->v[i];
        THead h = { doc_expand(d, c->heading), (uint16_t)cols->n,
                    (uint16_t)leaves(c), 1, (uint16_t)row };
        if (c->kind == COL_GROUP) {
            vec_push(d->cx, &t->heads, h);
            place(d, t, &c->children, row + 1, depth, side, cols);
            continue;
        }
        h.rowspan = (uint16_t)(depth - row);
        vec_push(d->cx, &t->heads, h);
        TColumn tc = { h.text, c->kind, c->part, c->filter, side };
        vec_push(d->cx, cols, tc);
    }
}

static int head_cmp(const void *a, const void *b)
{
    const THead *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

static void build_heads(Document *d, TableOut *t)
{
    const LTable *lt = t->lt;
    uint32_t depth = 0;
    for (uint32_t s = 0; s < lt->nsides; s++) {
        uint32_t dd = tree_depth(&lt->sides[s].columns);
        depth = dd > depth ? dd : depth;
    }
    TColumnVec cols = { 0 };
    for (uint32_t s = 0; s < lt->nsides; s++) {
        if (s == 1)
            t->split = cols.n;
        place(d, t, &lt->sides[s].columns, 0, depth, (uint8_t)s, &cols);
    }
    if (lt->nsides < 2)
        t->split = cols.n;
    t->cols = cols.v;
    t->ncols = cols.n;
    t->nhead_rows = depth;
    if (t->heads.n > 1)
        qsort(t->heads.v, t->heads.n, sizeof *t->heads.v, head_cmp);
}

/* ---- rows ----------------------------------------------------------- */

/* A row being built: its filter and its text. */
typedef struct RowSpec {
    Filter filter;
    uint8_t level;
    bool total;
    bool blank;
    const char *code, *name, *gov_name;
    int32_t parent;
    const LRows *from;     /* a classification's row: its row source */
} RowSpec;

typedef VEC(RowSpec) RowSpecVec;


static const char *cat_name(const CatIndex *ix, const char *code)
{
    const CatalogEntry *e = chk_cat(ix, code);
    return e ? e->name : NULL;
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Distinct codes (with their prefixes) of the facts of a view. */
static void collect_codes(Document *d, const Filter *where, int view,
                          bool econ, bool pairs, StrVec *out)
{
    Checker *k = d->k;
    Program *p = d->cx->prog;
    size_t leaf = econ ? 5 : 7;
    for (uint32_t i = 0; i < p->facts.n; i++) {
        const Fact *f = &p->facts.v[i];
        const char *code = econ ? f->econ : f->func;
        if (f->view != view || !code || !chk_match(k, f, where))
            continue;
        for (size_t len = 3; len <= strlen(code) && len <= leaf; len += 2) {
            const char *c = len == strlen(code) && !pairs ? code
                          : arena_strndup(d->cx, code, len);
            if (pairs && len == 5)
                c = arena_printf(d->cx, "%s>%s", code, f->gov ? f->gov : "");
            vec_push(d->cx, out, c);
        }
    }
    if (out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, str_cmp);
    uint32_t w = 0;
    for (uint32_t i = 0; i < out->n; i++)
        if (!w || strcmp(out->v[w - 1], out->v[i]) != 0)
            out->v[w++] = out->v[i];
    out->n = w;
}

static const char *fact_name(Document *d, int view, const char *code,
                             bool econ, bool gov)
{
    Program *p = d->cx->prog;
    for (uint32_t i = 0; i < p->facts.n; i++) {
        const Fact *f = &p->facts.v[i];
        const char *c = gov ? f->gov : econ ? f->econ : f->func;
        if (f->view == view && c && strcmp(c, code) == 0)
            return gov ? f->gov_name : f->name;
    }
    return NULL;
}

static void total_row(Document *d, RowSpecVec *out, const LRows *r, int view)
{
    RowSpec t = { .level = 0, .total = true, .parent = -1, .name = r->label };
    t.filter = r->filter;
    t.filter.view = (uint8_t)view;
    vec_push(d->cx, out, t);
}

/* 类/款/项 (or 类/款, or 类 and pairs) rows of a classification. */
static void rows_hierarchy(Document *d, const LRows *r, const Filter *where,
                           RowSpecVec *out)
{
    Checker *k = d->k;
    bool econ = r->kind != ROWS_FUNCTION && r->kind != ROWS_CLASSES;
    bool pairs = r->kind == ROWS_PAIRS;
    int view = econ ? VIEW_ECONOMIC : VIEW_FUNCTION;
    Filter w;
    if (!chk_filter_meet(where, &r->filter, &w))
        return;
    StrVec codes = { 0 };
    collect_codes(d, &w, view, econ, pairs, &codes);
    int32_t parents[4] = { -1, -1, -1, -1 };
    uint32_t first = out->n;
    if (r->total == 1) {
        parents[0] = (int32_t)out->n;      /* the 类 rows are its parts */
        total_row(d, out, r, view);
    }
    uint32_t nclass = 0;
    for (uint32_t i = 0; i < codes.n; i++) {
        const char *c = codes.v[i];
        const char *gt = pairs ? strchr(c, '>') : NULL;
        size_t len = gt ? (size_t)(gt - c) : strlen(c);
        if (r->kind == ROWS_CLASSES && len != 3)
            continue;
        RowSpec rs = { .level = (uint8_t)((len - 1) / 2), .parent = -1, .from = r };
        if (rs.level > 3)
            rs.level = 3;
        rs.filter = r->filter;
        rs.filter.view = (uint8_t)view;
        rs.code = arena_strndup(d->cx, c, len);
        if (econ)
            rs.filter.econ = rs.code;
        else
            rs.filter.func = rs.code;
        const CatIndex *ix = econ ? &k->econ : &k->func;
        rs.name = cat_name(ix, rs.code);
        if (!rs.name)
            rs.name = fact_name(d, view, rs.code, econ, false);
        if (gt) {
            rs.filter.gov = gt + 1;
            rs.gov_name = cat_name(&k->gov, gt + 1);
            if (!rs.gov_name)
                rs.gov_name = fact_name(d, view, gt + 1, true, true);
        }
        if (r->kind == ROWS_CLASSES && r->numbered)
            rs.name = arena_printf(d->cx, "%s、%s", doc_chinese(d->cx, ++nclass),
                                   rs.name ? rs.name : "");
        rs.parent = parents[rs.level - 1];
        parents[rs.level] = (int32_t)out->n;
        vec_push(d->cx, out, rs);
    }
    if (r->total == 2) {
        for (uint32_t i = first; i < out->n; i++)
            if (out->v[i].level == 1)
                out->v[i].parent = (int32_t)out->n;
        total_row(d, out, r, view);
    }
}

/* Does any fact of this view match both filters? */
static bool has_money(Document *d, const Filter *a, const Filter *b, int view)
{
    Filter f;
    return chk_filter_meet(a, b, &f) && chk_sum(d->k, &f, view).nparts > 0;
}

/* The department, each unit with projects, each project: only those with
** money under the table's filter (an empty table 13 prints no rows). */
static void rows_projects(Document *d, const LTable *lt, const LRows *r,
                          RowSpecVec *out)
{
    Program *p = d->cx->prog;
    RowSpec dept = { .level = 1, .parent = -1, .name = p->dept_name };
    dept.filter = r->filter;
    dept.filter.view = VIEW_PROJECT;
    if (!has_money(d, &lt->where, &dept.filter, VIEW_PROJECT))
        return;
    int32_t dept_row = (int32_t)out->n;
    vec_push(d->cx, out, dept);
    /* each unit's projects, in declaration order: one pass, not one per unit */
    uint32_t *next = arena_alloc(d->cx, (p->projects.n + 1) * sizeof *next);
    uint32_t *head = arena_alloc(d->cx, (p->units.n + 1) * sizeof *head);
    for (uint32_t j = p->projects.n; j-- > 0;) {
        int32_t u = p->projects.v[j].unit;
        if (u < 0)
            continue;
        next[j] = head[u];
        head[u] = j + 1;                  /* 0 ends a list */
    }
    for (uint32_t u = 0; u < p->units.n; u++) {
        RowSpec ur = { .level = 2, .parent = dept_row, .name = p->units.v[u].name };
        ur.filter = dept.filter;
        ur.filter.unit = (int32_t)u;
        if (!head[u] || !has_money(d, &lt->where, &ur.filter, VIEW_PROJECT))
            continue;
        int32_t unit_row = (int32_t)out->n;
        vec_push(d->cx, out, ur);
        for (uint32_t j1 = head[u]; j1; j1 = next[j1 - 1]) {
            uint32_t j = j1 - 1;
            RowSpec pr = { .level = 3, .parent = unit_row,
                           .name = p->projects.v[j].name };
            pr.filter = ur.filter;
            pr.filter.project = (int32_t)j;
            if (has_money(d, &lt->where, &pr.filter, VIEW_PROJECT))
                vec_push(d->cx, out, pr);
        }
    }
}

static void rows_units(Document *d, const LRows *r, RowSpecVec *out)
{
    Program *p = d->cx->prog;
    int32_t top = -1;
    if (r->total == 1) {
        RowSpec t = { .level = 0, .total = true, .parent = -1, .name = r->label,
                      .filter = r->filter };
        top = (int32_t)out->n;
        vec_push(d->cx, out, t);
    }
    for (uint32_t u = 0; u < p->units.n; u++) {
        if (r->kinds && !(r->kinds & B(p->units.v[u].kind)))
            continue;
        RowSpec ur = { .level = 1, .parent = top, .name = p->units.v[u].name,
                       .filter = r->filter };
        ur.filter.unit = (int32_t)u;
        vec_push(d->cx, out, ur);
    }
}

static void expand_rows(Document *d, const LTable *lt, const LRowsVec *v,
                        RowSpecVec *out)
{
    for (uint32_t i = 0; i < v->n; i++) {
        const LRows *r = &v->v[i];
        switch (r->kind) {
        case ROWS_FUNCTION: case ROWS_ECONOMIC: case ROWS_PAIRS: case ROWS_CLASSES:
            rows_hierarchy(d, r, &lt->where, out);
            break;
        case ROWS_PROJECTS:
            rows_projects(d, lt, r, out);
            break;
        case ROWS_UNITS:
            rows_units(d, r, out);
            break;
        default: {
            const char *label = doc_expand(d, r->label);
            RowSpec f = { .level = 0, .parent = -1, .name = label,
                          .filter = r->filter, .blank = r->blank,
                          .total = strstr(label, "合计") || strstr(label, "总计") };
            vec_push(d->cx, out, f);
        }
        }
    }
}

/* ---- cells ---------------------------------------------------------- */

/* ---- a classification's columns at once ----------------------------- */

/* The sums of the money columns down the rows of one classification: rows
** whose filters differ only in their codes.  One pass over the facts adds
** each fact that matches the rest of a column's filter to every row whose
** code begins its code (and, for a pair's row, whose government code
** begins its government code), where a sum per cell scans the row's range:
** at 1,000,000 facts a 类 row's range is a third of them, scanned again
** for every column. */
typedef struct CodeSum {
    int64_t fen;
    uint32_t nparts;
    bool overflow;         /* money_add refused: the cell is summed alone */
} CodeSum;

typedef struct ColSums {
    Filter base;           /* every cell's filter but for its codes */
    bool econ;             /* the rows' code is the economic one */
    CodeSum *v;            /* per row spec, or NULL: each cell summed alone */
} ColSums;

/* A classification's rows by key: the code, or "code>gov" for a pair's. */
typedef struct CodeRows {
    StrMap *map;           /* key -> row spec index */
    uint32_t lens;         /* bit n: a row without a government code has n digits */
    uint32_t pair_lens, gov_lens; /* the same for pairs' codes and government codes */
    const RowSpec *first;  /* the first row: its filter is the others' */
    bool econ;
} CodeRows;

enum { MAX_CODE = 32, MAX_ROWS_A_FACT = 16 };

/* Does cell filter b of row rs ask what base asks, but for rs's codes? */
static bool same_but_code(const ColSums *cs, const RowSpec *rs, const Filter *b)
{
    const Filter *a = &cs->base;
    return a->side == b->side && a->sources == b->sources &&
           a->years == b->years && a->measures == b->measures &&
           a->sangong == b->sangong && a->operating == b->operating &&
           a->unit == b->unit && a->project == b->project &&
           a->view == b->view && !a->func && !a->econ && !a->gov &&
           b->gov == rs->filter.gov &&
           (cs->econ ? !b->func && b->econ == rs->code
                     : b->func == rs->code && !b->econ);
}

/* Map the rows of classification `from` by key; false when they cannot
** be (a blank, a long code, a fact that would fall in too many rows). */
static bool code_rows(Document *d, const RowSpecVec *specs, const LRows *from,
                      CodeRows *cr)
{
    *cr = (CodeRows){ .map = map_new(d->cx) };
    for (uint32_t i = 0; i < specs->n; i++) {
        const RowSpec *rs = &specs->v[i];
        if (rs->from != from || !rs->code)
            continue;
        size_t n = strlen(rs->code), g = rs->filter.gov ? strlen(rs->filter.gov) : 0;
        if (n >= MAX_CODE || g >= MAX_CODE || rs->blank)
            return false;
        if (g) {
            cr->pair_lens |= 1u << n;
            cr->gov_lens |= 1u << g;
        } else {
            cr->lens |= 1u << n;
        }
        map_put(d->cx, cr->map, g ? arena_printf(d->cx, "%s>%s", rs->code,
                rs->filter.gov) : rs->code, 0, (int32_t)i);
        cr->first = cr->first ? cr->first : rs;
        cr->econ = rs->filter.econ == rs->code;
    }
    int most = __builtin_popcount(cr->lens) +
               __builtin_popcount(cr->pair_lens) * __builtin_popcount(cr->gov_lens);
    return cr->first && most <= MAX_ROWS_A_FACT;
}

/* The rows fact f falls in (their spec indices); how many. */
static uint32_t fact_rows(const CodeRows *cr, const Fact *f, int32_t *out)
{
    const char *code = cr->econ ? f->econ : f->func, *gov = f->gov;
    if (!code)
        return 0;
    size_t n = strlen(code), gn = gov ? strlen(gov) : 0;
    char key[2 * MAX_CODE + 2];
    uint32_t k = 0;
    for (size_t len = 1; len <= n && len < MAX_CODE; len++) {
        if (cr->lens >> len & 1) {
            memcpy(key, code, len);
            key[len] = 0;
            int32_t r = map_get(cr->map, key, 0);
            if (r >= 0)
                out[k++] = r;
        }
        for (size_t m = 1; cr->pair_lens >> len & 1 && m <= gn && m < MAX_CODE; m++) {
            if (!(cr->gov_lens >> m & 1))
                continue;
            memcpy(key, code, len);
            key[len] = '>';
            memcpy(key + len + 1, gov, m);
            key[len + 1 + m] = 0;
            int32_t r = map_get(cr->map, key, 0);
            if (r >= 0)
                out[k++] = r;
        }
    }
    return k;
}

/* A money column's filter for classification cr's rows but for their
** codes; false when the table or the column names a code of its own
** (then each cell is summed alone). */
static bool column_base(const TableOut *t, const CodeRows *cr, const TColumn *c,
                        ColSums *cs)
{
    const Filter *w = &t->lt->where, *cf = &c->filter;
    if (w->func || w->econ || w->gov || cf->func || cf->econ || cf->gov)
        return false;
    Filter nocode = cr->first->filter, a;
    nocode.func = nocode.econ = nocode.gov = NULL;
    cs->econ = cr->econ;
    return chk_filter_meet(w, &nocode, &a) && chk_filter_meet(&a, cf, &cs->base) &&
           cs->base.view;
}

/* Every money column of `side` for the rows of classification `from`,
** in one pass over the facts: cs[c] per column. */
static void class_sums(Document *d, const TableOut *t, uint8_t side,
                       const RowSpecVec *specs, const LRows *from, ColSums *cs)
{
    CodeRows cr;
    if (!code_rows(d, specs, from, &cr))
        return;
    uint32_t *cols = arena_alloc(d->cx, (t->ncols + 1) * sizeof *cols), nc = 0;
    for (uint32_t c = 0; c < t->ncols; c++) {
        const TColumn *col = &t->cols[c];
        if (col->side != side || col->kind == COL_CODE || col->kind == COL_NAME ||
            col->kind == COL_GOV_NAME || !column_base(t, &cr, col, &cs[c]))
            continue;
        cs[c].v = arena_alloc(d->cx, specs->n * sizeof *cs[c].v);
        cols[nc++] = c;
    }
    const Program *p = d->cx->prog;
    int32_t rows[MAX_ROWS_A_FACT];
    for (uint32_t i = 0; nc && i < p->facts.n; i++) {
        const Fact *f = &p->facts.v[i];
        uint32_t k = fact_rows(&cr, f, rows);
        for (uint32_t j = 0; k && j < nc; j++) {
            ColSums *x = &cs[cols[j]];
            if (f->view != x->base.view || !chk_match(d->k, f, &x->base))
                continue;
            for (uint32_t r = 0; r < k; r++) {
                CodeSum *s = &x->v[rows[r]];
                s->nparts++;
                s->overflow |= !money_add(s->fen, f->amount.fen, &s->fen);
            }
        }
    }
}

/* The money cell of row i (spec rs) in column c; cs, when it holds the
** column's sums for the row's classification, answers without a scan. */
static TCell sum_cell(Document *d, const TableOut *t, const RowSpec *rs,
                      const TColumn *c, const ColSums *cs, uint32_t i)
{
    const LTable *lt = t->lt;
    TCell cell = { .kind = TC_EMPTY };
    Filter a, b;
    if (rs->blank || !chk_filter_meet(&lt->where, &rs->filter, &a) ||
        !chk_filter_meet(&a, &c->filter, &b))
        return cell;
    int view = chk_cell_view(d->k, &b);
    if (!view)
        return cell;
    Sum s;
    if (cs && cs->v && view == cs->base.view && same_but_code(cs, rs, &b) &&
        !cs->v[i].overflow) {
        s.fen = cs->v[i].fen;
        s.nparts = cs->v[i].nparts;
    } else {
        s = chk_sum(d->k, &b, view);
    }
    if (!s.nparts)
        return cell;
    cell.kind = TC_AMOUNT;
    cell.fen = s.fen;
    cell.shown = round_shown(t, s.fen);
    cell.nparts = s.nparts;
    cell.filter = b;
    cell.view = (uint8_t)view;
    return cell;
}

static TCell text_cell(const char *s)
{
    TCell c = { .kind = s && *s ? TC_TEXT : TC_EMPTY, .text = s };
    return c;
}

/* The column sums of each classification of one side: cs[g * ncols + c]
** for the g-th classification (at most MAX_CLASSIFICATIONS a side; the
** rows of any further one are summed cell by cell). */
enum { MAX_CLASSIFICATIONS = 4 };

static ColSums *side_sums(Document *d, TableOut *t, uint8_t side,
                          const RowSpecVec *specs, const LRows **from)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < specs->n && k < MAX_CLASSIFICATIONS; i++) {
        const LRows *r = specs->v[i].from;
        bool seen = !r;
        for (uint32_t j = 0; j < k; j++)
            seen |= from[j] == r;
        if (!seen)
            from[k++] = r;
    }
    if (!k)
        return NULL;
    ColSums *cs = arena_alloc(d->cx, (size_t)k * t->ncols * sizeof *cs);
    for (uint32_t g = 0; g < k; g++)
        class_sums(d, t, side, specs, from[g], &cs[g * t->ncols]);
    return cs;
}

/* The column sums of row spec rs's classification, or NULL. */
static const ColSums *row_sums(const TableOut *t, const ColSums *cs,
                               const LRows *const *from, const RowSpec *rs,
                               uint32_t c)
{
    for (uint32_t g = 0; cs && rs->from && g < MAX_CLASSIFICATIONS; g++)
        if (from[g] == rs->from)
            return &cs[g * t->ncols + c];
    return NULL;
}

/* Fill one side's columns of the rows [from, from + n). */
static void fill_side(Document *d, TableOut *t, uint8_t side,
                      const RowSpecVec *specs, uint32_t at)
{
    const LRows *from[MAX_CLASSIFICATIONS] = { 0 };
    ColSums *sums = side_sums(d, t, side, specs, from);
    for (uint32_t i = 0; i < specs->n; i++) {
        const RowSpec *rs = &specs->v[i];
        TRow *row = &t->rows.v[at + i];
        if (side == 0 || t->split == 0) {
            row->level = rs->level;
            row->total = rs->total;
            row->parent = rs->parent >= 0 ? (int32_t)at + rs->parent : -1;
        }
        bool labelled = false;
        for (uint32_t c = 0; c < t->ncols; c++) {
            const TColumn *col = &t->cols[c];
            if (col->side != side)
                continue;
            switch (col->kind) {
            case COL_CODE:
                if (!rs->code && rs->total && d->layout->total_in_name) {
                    row->cells[c] = text_cell(NULL);
                    break;
                }
                if (col->part) {
                    row->cells[c] = text_cell(rs->code ? code_part(d, rs->code,
                                                                   col->part)
                                              : NULL);
                    break;
                }
                row->cells[c] = text_cell(rs->code ? doc_code(d, rs->code)
                                          : labelled ? NULL : rs->name);
                labelled |= !rs->code;
                break;
            case COL_NAME:
                row->cells[c] = text_cell(labelled ? NULL : rs->name);
                labelled = true;
                break;
            case COL_GOV_NAME:
                row->cells[c] = text_cell(rs->gov_name);
                break;
            default:
                row->cells[c] = sum_cell(d, t, rs, col,
                                         row_sums(t, sums, from, rs, c), i);
            }
        }
    }
}

static void add_rows(Document *d, TableOut *t, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        TRow r = { .parent = -1 };
        r.cells = arena_alloc(d->cx, (t->ncols ? t->ncols : 1) * sizeof *r.cells);
        vec_push(d->cx, &t->rows, r);
    }
}

static void build_rows(Document *d, TableOut *t)
{
    const LTable *lt = t->lt;
    RowSpecVec body[2] = { { 0 }, { 0 } }, foot[2] = { { 0 }, { 0 } };
    uint32_t nbody = 0, nfoot = 0;
    for (uint32_t s = 0; s < lt->nsides; s++) {
        expand_rows(d, lt, &lt->sides[s].rows, &body[s]);
        expand_rows(d, lt, &lt->sides[s].foot, &foot[s]);
        nbody = body[s].n > nbody ? body[s].n : nbody;
        nfoot = foot[s].n > nfoot ? foot[s].n : nfoot;
    }
    add_rows(d, t, nbody + nfoot);
    for (uint32_t s = 0; s < lt->nsides; s++) {
        fill_side(d, t, (uint8_t)s, &body[s], 0);
        fill_side(d, t, (uint8_t)s, &foot[s], nbody);
    }
    t->empty = true;
    for (uint32_t r = 0; r < t->rows.n; r++)
        for (uint32_t c = 0; c < t->ncols; c++)
            if (t->rows.v[r].cells[c].kind == TC_AMOUNT)
                t->empty = false;
}

/* ---- the document ---------------------------------------------------- */

/* The layout by name, else the one for the department's province, else
** the only one; NULL (with a message) when none fits. */
const Layout *layout_choose(Compilation *cx, const char *name)
{
    Program *p = cx->prog;
    for (uint32_t i = 0; name && i < p->layouts.n; i++)
        if (strcmp(p->layouts.v[i]->name, name) == 0)
            return p->layouts.v[i];
    if (name)
        return NULL;
    for (uint32_t i = 0; p->province && i < p->layouts.n; i++)
        if (p->layouts.v[i]->province &&
            strcmp(p->layouts.v[i]->province, p->province) == 0)
            return p->layouts.v[i];
    return p->layouts.n == 1 ? p->layouts.v[0] : NULL;
}

static Document *doc_make(Compilation *cx, const Layout *l, Rounding r,
                          bool tables_only)
{
    Document *d = arena_alloc(cx, sizeof *d);
    d->cx = cx;
    d->tables_only = tables_only;
    d->k = chk_prepare(cx);
    d->layout = l;
    d->unit = l->unit;
    d->decimals = l->decimals;
    d->title = doc_expand(d, l->title);
    d->caption = doc_expand(d, l->caption);
    d->unit_caption = doc_expand(d, l->unit_caption);
    for (uint32_t i = 0; i < l->tables.n; i++) {
        TableOut t = { .lt = &l->tables.v[i], .number = l->tables.v[i].number };
        t.unit = t.lt->unit ? t.lt->unit : l->unit;
        t.decimals = t.lt->unit ? t.lt->decimals : l->decimals;
        t.unit_caption = t.lt->unit ? arena_printf(cx, "单位：%s",
                                      money_unit_name(t.unit)) : d->unit_caption;
        t.title = doc_expand(d, t.lt->title);
        t.label = doc_expand(d, t.lt->label);
        t.empty_note = doc_expand(d, t.lt->empty);
        t.numbered_columns = t.lt->numbered_columns;
        for (uint32_t n = 0; n < t.lt->notes.n; n++)
            vec_push(cx, &t.notes, doc_expand(d, t.lt->notes.v[n]));
        build_heads(d, &t);
        build_rows(d, &t);
        if (r == ROUND_BALANCED)
            rounding_balance(d, &t);
        vec_push(cx, &d->tables, t);
    }
    if (!tables_only)
        prose_build(d);
    return d;
}

Document *doc_build(Compilation *cx, const Layout *l, Rounding r)
{
    return doc_make(cx, l, r, false);
}

/* The tables alone: a consolidation has no department to write prose of. */
Document *doc_build_tables(Compilation *cx, const Layout *l, Rounding r)
{
    return doc_make(cx, l, r, true);
}
