/*
** why.c: `budgetc why FILE TABLE ROW COLUMN`: the source lines behind a
** printed figure.  TABLE is the table's number in the layout, ROW a code
** or a name as printed, COLUMN a heading as printed (a leaf heading, or
** "GROUP/LEAF" when a leaf heading repeats).  The answer lists every fact
** the cell sums, with its amount and file:line, so a reviewer can trace
** any cell of the disclosure back to the budget's text.
*/
#include "budgetc.h"
#include "table.h"
#include "why.h"

#include <string.h>

static const char *cell_text(const TCell *c)
{
    return c->kind == TC_TEXT ? c->text : NULL;
}

/* The row whose code or label cell reads `key` (first match). */
static int find_row(const TableOut *t, const char *key)
{
    for (uint32_t r = 0; r < t->rows.n; r++)
        for (uint32_t c = 0; c < t->ncols; c++) {
            const char *s = cell_text(&t->rows.v[r].cells[c]);
            if (s && strcmp(s, key) == 0)
                return (int)r;
        }
    return -1;
}

/* The heading cell above leaf column c on heading row r, or NULL. */
static const char *head_above(const TableOut *t, uint32_t c, uint32_t r)
{
    for (uint32_t h = 0; h < t->heads.n; h++) {
        const THead *x = &t->heads.v[h];
        if (x->row == r && c >= x->col && c < (uint32_t)x->col + x->colspan)
            return x->text;
    }
    return NULL;
}

/* The leaf column whose heading is `key`, or "GROUP/LEAF". */
static int find_column(const TableOut *t, const char *key)
{
    const char *slash = strchr(key, '/');
    int found = -1, count = 0;
    for (uint32_t c = 0; c < t->ncols; c++) {
        const char *leaf = t->cols[c].heading;
        if (!slash) {
            if (leaf && strcmp(leaf, key) == 0) {
                found = found < 0 ? (int)c : found;
                count++;
            }
            continue;
        }
        size_t g = (size_t)(slash - key);
        for (uint32_t r = 0; r + 1 < t->nhead_rows; r++) {
            const char *grp = head_above(t, c, r);
            if (grp && strlen(grp) == g && strncmp(grp, key, g) == 0 && leaf &&
                strcmp(leaf, slash + 1) == 0)
                return (int)c;
        }
    }
    return count == 1 || (found >= 0 && !slash) ? found : -1;
}

static void explain_cell(Document *d, FILE *out, const TableOut *t,
                         const TCell *cell)
{
    Program *p = d->cx->prog;
    fprintf(out, "%s (exact %s) is the sum of %u fact%s in the %s view:\n",
            table_amount(d, t, cell->shown, true),
            chk_amount(d->k, cell->fen, &(Money){ 0, (uint8_t)t->unit, (uint8_t)t->decimals }),
            cell->nparts, cell->nparts == 1 ? "" : "s",
            chk_view_name(cell->view));
    for (uint32_t i = 0; i < p->facts.n; i++) {
        const Fact *f = &p->facts.v[i];
        if (f->view != cell->view || !chk_match(d->k, f, &cell->filter))
            continue;
        LineCol lc = src_linecol(d->cx, f->span.file, f->span.off);
        const char *code = f->func ? f->func : f->econ ? f->econ : "";
        const char *name = f->name ? f->name
                         : f->project >= 0 ? p->projects.v[f->project].name : "";
        fprintf(out, "  %s:%u:%u  %s%s%s  %s\n", d->cx->files.v[f->span.file]->path,
                lc.line, lc.col, code, *code ? " " : "", name,
                chk_amount(d->k, f->amount.fen, &f->amount));
    }
}

int why_main(Document *d, FILE *out, const char *table, const char *row,
             const char *column)
{
    const TableOut *t = NULL;
    for (uint32_t i = 0; i < d->tables.n; i++)
        if (strcmp(arena_printf(d->cx, "%d", d->tables.v[i].number), table) == 0)
            t = &d->tables.v[i];
    if (!t) {
        fprintf(stderr, "budgetc: error: the layout has no table '%s'\n", table);
        return 1;
    }
    int r = find_row(t, row), c = find_column(t, column);
    if (r < 0 || c < 0) {
        fprintf(stderr, "budgetc: error: table %d has no %s '%s'\n", t->number,
                r < 0 ? "row" : "column (heading as printed; GROUP/LEAF "
                "when it repeats)", r < 0 ? row : column);
        return 1;
    }
    const TCell *cell = &t->rows.v[r].cells[c];
    fprintf(out, "table %d, %s, row '%s', column '%s': ", t->number, t->title,
            row, column);
    if (cell->kind != TC_AMOUNT) {
        fprintf(out, "%s\n", cell->kind == TC_TEXT ? cell->text
                                                   : "blank: no fact is under it");
        return 0;
    }
    explain_cell(d, out, t, cell);
    return 0;
}

/* "file:line" of each fact behind a cell, for tooltips (at most max). */
char *why_sources(Document *d, const TCell *cell, uint32_t max)
{
    Program *p = d->cx->prog;
    VEC(char) b = { 0 };
    uint32_t shown = 0;
    for (uint32_t i = 0; i < p->facts.n && cell->kind == TC_AMOUNT; i++) {
        const Fact *f = &p->facts.v[i];
        if (f->view != cell->view || !chk_match(d->k, f, &cell->filter))
            continue;
        if (shown++ == max) {
            for (const char *s = " …"; *s; s++)
                vec_push(d->cx, &b, *s);
            break;
        }
        LineCol lc = src_linecol(d->cx, f->span.file, f->span.off);
        const char *s = arena_printf(d->cx, "%s%s:%u", b.n ? " " : "",
                                     d->cx->files.v[f->span.file]->path, lc.line);
        for (; *s; s++)
            vec_push(d->cx, &b, *s);
    }
    vec_push(d->cx, &b, '\0');
    return b.v;
}
