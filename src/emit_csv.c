/*
** emit_csv.c: one CSV file per table (csv/table-NN.csv), RFC 4180: CRLF
** line ends, fields quoted when they hold a comma, quote or line break,
** UTF-8 with a byte-order mark so Excel opens it as UTF-8 (unless
** --csv-no-bom).  The heading rows come first, a spanning heading in its
** first cell; amounts are plain numbers as displayed (1116.95); a text
** cell a spreadsheet would run as a formula is neutralised.
*/
#include "budgetc.h"
#include "emit.h"

#include <string.h>

static void field(FILE *f, const char *s, bool first)
{
    if (!first)
        fputc(',', f);
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n") && s[0] != ' ') {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void write_table(Document *d, FILE *f, const TableOut *t)
{
    for (uint32_t r = 0; r < t->nhead_rows; r++) {
        for (uint32_t c = 0; c < t->ncols; c++) {
            const char *text = NULL;
            for (uint32_t h = 0; h < t->heads.n; h++)
                if (t->heads.v[h].row == r && t->heads.v[h].col == c)
                    text = t->heads.v[h].text;
            field(f, csv_cell(d, text), c == 0);
        }
        fputs("\r\n", f);
    }
    for (uint32_t c = 0; t->numbered_columns && c < t->ncols; c++)
        fprintf(f, c + 1 < t->ncols ? "%u," : "%u\r\n", c + 1);
    for (uint32_t r = 0; r < t->rows.n; r++) {
        const TRow *row = &t->rows.v[r];
        for (uint32_t c = 0; c < t->ncols; c++) {
            const TCell *cell = &row->cells[c];
            const char *text = cell->kind == TC_TEXT ? csv_cell(d, cell->text)
                             : cell->kind == TC_AMOUNT
                               ? table_amount(d, t, cell->shown, false) : NULL;
            field(f, text, c == 0);
        }
        fputs("\r\n", f);
    }
    if (t->empty && t->empty_note) {
        field(f, csv_cell(d, t->empty_note), true);
        fputs("\r\n", f);
    }
    for (uint32_t i = 0; i < t->notes.n; i++) {
        field(f, csv_cell(d, t->notes.v[i]), true);
        fputs("\r\n", f);
    }
}

bool emit_csv(Document *d, const BuildOptions *o)
{
    for (uint32_t i = 0; i < d->tables.n; i++) {
        const TableOut *t = &d->tables.v[i];
        char *rel = arena_printf(d->cx, "csv/table-%02d.csv", t->number);
        FILE *f = out_open(d, o, rel);
        if (!f)
            return false;
        if (o->csv_bom)
            fputs("\xEF\xBB\xBF", f);
        write_table(d, f, t);
        if (!out_close(d, o, f, rel))
            return false;
    }
    return true;
}
