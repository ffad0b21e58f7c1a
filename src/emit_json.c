/*
** emit_json.c: the disclosure as data.  disclosure.json holds the facts
** with every dimension, every table as heading cells and rows of cells,
** the prose and the glossary; facts.csv and datapackage.json are a Fiscal
** Data Package (the open-data portals' format) whose model maps the
** facts' columns to measures and dimensions.  Amounts are exact: every
** amount carries its integer fen beside its decimal value in 元.
*/
#include "budgetc.h"
#include "emit.h"
#include "json.h"

#include <string.h>

/* fen as an exact decimal number of 元 into buf (MONEY_TEXT_MAX bytes):
** 11169500 -> 111695.00 */
static const char *yuan(char *buf, int64_t fen)
{
    money_format_to(buf, fen, UNIT_YUAN, 2, false);
    return buf;
}

static void raw(Json *j, const char *key, const char *number)
{
    json_key(j, key);
    j->after_key = false;
    fputs(number, j->out);
}

static const char *name_of_unit(const Program *p, int32_t u)
{
    return u >= 0 ? p->units.v[u].name : NULL;
}

static const char *name_of_project(const Program *p, int32_t i)
{
    return i >= 0 ? p->projects.v[i].name : NULL;
}

/* The words of a fact's dimensions, looked up once per value, since
** vocab_name scans the vocabulary: [W_*][value], "" for no value. */
enum { W_SOURCE, W_YEAR, W_MEASURE, W_SANGONG, W__COUNT, W_VALUES = 16 };

typedef struct Words {
    const char *w[W__COUNT][W_VALUES];   /* vocab_name, or NULL: not looked up */
} Words;

static const char *word(Words *w, int which, uint8_t value)
{
    static const int dims[W__COUNT] = { DIM_SOURCE, DIM_YEAR, DIM_MEASURE,
                                        DIM_SANGONG };
    if (value >= W_VALUES)
        return vocab_name(dims[which], value);
    if (!w->w[which][value])
        w->w[which][value] = vocab_name(dims[which], value);
    return w->w[which][value];
}

static void fact_json(Document *d, Json *j, Words *w, const Fact *f)
{
    const Program *p = d->cx->prog;
    static const char *const views[] = { "", "function", "economic",
                                         "project", "income" };
    json_open(j, NULL, '{');
    json_string(j, "side", f->side == SIDE_INCOME ? "income" : "expenditure");
    json_string(j, "view", views[f->view]);
    json_string(j, "source", f->source ? word(w, W_SOURCE, f->source) : NULL);
    json_string(j, "year", word(w, W_YEAR, f->year));
    json_string(j, "measure", f->measure ? word(w, W_MEASURE, f->measure) : NULL);
    json_string(j, "sangong", f->sangong ? word(w, W_SANGONG, f->sangong) : NULL);
    json_string(j, "unit", name_of_unit(p, f->unit));
    json_string(j, "project", name_of_project(p, f->project));
    json_string(j, "function", f->func);
    json_string(j, "economic", f->econ);
    json_string(j, "gov", f->gov);
    json_int(j, "fen", f->amount.fen);
    char buf[MONEY_TEXT_MAX];
    raw(j, "yuan", yuan(buf, f->amount.fen));
    const SourceFile *sf = d->cx->files.v[f->span.file];
    LineCol lc = src_linecol(d->cx, f->span.file, f->span.off);
    json_string(j, "at", sf->artifact ? sf->path      /* a consolidated .bcf */
                : arena_printf(d->cx, "%s:%u:%u", sf->path, lc.line, lc.col));
    json_close(j, '}');
}

static void cell_json(Document *d, Json *j, const TableOut *t, const TCell *c)
{
    if (c->kind == TC_EMPTY) {
        json_null(j, NULL);
        return;
    }
    json_open(j, NULL, '{');
    if (c->kind == TC_TEXT) {
        json_string(j, "text", c->text);
    } else {
        char buf[MONEY_TEXT_MAX];
        table_amount_to(buf, t, c->shown, false);
        raw(j, "value", buf);
        json_int(j, "fen", c->fen);
        json_int(j, "shown_fen", c->shown);
        if (c->adjusted)
            json_bool(j, "adjusted", true);
    }
    json_close(j, '}');
}

static void table_json(Document *d, Json *j, const TableOut *t)
{
    json_open(j, NULL, '{');
    json_int(j, "number", t->number);
    json_string(j, "title", t->title);
    json_string(j, "unit", money_unit_name(t->unit));
    json_open(j, "headings", '[');
    for (uint32_t i = 0; i < t->heads.n; i++) {
        const THead *h = &t->heads.v[i];
        json_open(j, NULL, '{');
        json_int(j, "row", h->row);
        json_int(j, "col", h->col);
        json_int(j, "colspan", h->colspan);
        json_int(j, "rowspan", h->rowspan);
        json_string(j, "text", h->text);
        json_close(j, '}');
    }
    json_close(j, ']');
    json_open(j, "rows", '[');
    for (uint32_t r = 0; r < t->rows.n; r++) {
        const TRow *row = &t->rows.v[r];
        json_open(j, NULL, '{');
        json_int(j, "level", row->level);
        json_bool(j, "total", row->total);
        json_open(j, "cells", '[');
        for (uint32_t c = 0; c < t->ncols; c++)
            cell_json(d, j, t, &row->cells[c]);
        json_close(j, ']');
        json_close(j, '}');
    }
    json_close(j, ']');
    json_bool(j, "empty", t->empty);
    json_string(j, "empty_note", t->empty ? t->empty_note : NULL);
    json_open(j, "notes", '[');
    for (uint32_t i = 0; i < t->notes.n; i++)
        json_string(j, NULL, t->notes.v[i]);
    json_close(j, ']');
    json_close(j, '}');
}

static bool write_disclosure(Document *d, const BuildOptions *o)
{
    const Program *p = d->cx->prog;
    FILE *f = out_open(d, o, "disclosure.json");
    if (!f)
        return false;
    Json j = { .out = f, .pretty_depth = 2 };
    json_open(&j, NULL, '{');
    json_string(&j, "title", d->title);
    json_string(&j, "layout", d->layout->name);
    json_open(&j, "department", '{');
    json_string(&j, "name", p->dept_name);
    json_string(&j, "code", p->dept_code);
    json_int(&j, "year", p->year);
    json_string(&j, "province", p->province);
    json_close(&j, '}');
    json_open(&j, "units", '[');
    for (uint32_t i = 0; i < p->units.n; i++) {
        json_open(&j, NULL, '{');
        json_string(&j, "name", p->units.v[i].name);
        json_string(&j, "kind", vocab_name(DIM_KIND, p->units.v[i].kind));
        json_close(&j, '}');
    }
    json_close(&j, ']');
    json_open(&j, "facts", '[');
    Words w = { 0 };
    for (uint32_t i = 0; i < p->facts.n; i++)
        fact_json(d, &j, &w, &p->facts.v[i]);
    json_close(&j, ']');
    json_open(&j, "tables", '[');
    for (uint32_t i = 0; i < d->tables.n; i++)
        table_json(d, &j, &d->tables.v[i]);
    json_close(&j, ']');
    json_open(&j, "prose", '[');
    for (uint32_t i = 0; i < d->prose.n; i++) {
        json_open(&j, NULL, '{');
        json_string(&j, "title", d->prose.v[i].title);
        json_open(&j, "paragraphs", '[');
        for (uint32_t k = 0; k < d->prose.v[i].paragraphs.n; k++)
            json_string(&j, NULL, d->prose.v[i].paragraphs.v[k]);
        json_close(&j, ']');
        json_close(&j, '}');
    }
    json_close(&j, ']');
    json_open(&j, "glossary", '[');
    for (uint32_t i = 0; i < p->glossary.n; i++) {
        json_open(&j, NULL, '{');
        json_string(&j, "term", p->glossary.v[i].key);
        json_string(&j, "definition", p->glossary.v[i].value);
        json_close(&j, '}');
    }
    json_close(&j, ']');
    json_close(&j, '}');
    fputc('\n', f);
    return out_close(d, o, f, "disclosure.json");
}

/* facts.csv: the Fiscal Data Package's one resource. */
static const char *const fact_columns[] = {
    "amount", "side", "source", "year", "measure", "sangong", "unit",
    "project", "function", "economic", "gov",
};

static bool write_facts_csv(Document *d, const BuildOptions *o)
{
    const Program *p = d->cx->prog;
    FILE *f = out_open(d, o, "facts.csv");
    if (!f)
        return false;
    for (size_t c = 0; c < sizeof fact_columns / sizeof *fact_columns; c++)
        fprintf(f, "%s%s", c ? "," : "", fact_columns[c]);
    fputs("\r\n", f);
    Words w = { 0 };
    for (uint32_t i = 0; i < p->facts.n; i++) {
        const Fact *x = &p->facts.v[i];
        char buf[MONEY_TEXT_MAX];
        const char *cells[] = {
            yuan(buf, x->amount.fen), x->side == SIDE_INCOME ? "income" : "expenditure",
            x->source ? word(&w, W_SOURCE, x->source) : "",
            word(&w, W_YEAR, x->year),
            x->measure ? word(&w, W_MEASURE, x->measure) : "",
            x->sangong ? word(&w, W_SANGONG, x->sangong) : "",
            csv_cell(d, name_of_unit(p, x->unit)),
            csv_cell(d, name_of_project(p, x->project)),
            x->func ? x->func : "", x->econ ? x->econ : "", x->gov ? x->gov : "",
        };
        for (size_t c = 0; c < sizeof cells / sizeof *cells; c++) {
            bool quote = strpbrk(cells[c], ",\"\r\n") != NULL;
            if (c)
                putc_unlocked(',', f);
            if (!quote) {
                fputs(cells[c], f);
                continue;
            }
            putc_unlocked('"', f);
            for (const char *s = cells[c]; *s; s++) {
                if (*s == '"')
                    putc_unlocked('"', f);
                putc_unlocked(*s, f);
            }
            putc_unlocked('"', f);
        }
        fputs("\r\n", f);
    }
    return out_close(d, o, f, "facts.csv");
}

static void dimension(Json *j, const char *name, const char *type,
                      const char *classification, const char *column)
{
    json_open(j, name, '{');
    json_string(j, "dimensionType", type);
    if (classification)
        json_string(j, "classificationType", classification);
    json_open(j, "attributes", '{');
    json_open(j, "code", '{');
    json_string(j, "source", column);
    json_close(j, '}');
    json_close(j, '}');
    json_open(j, "primaryKey", '[');
    json_string(j, NULL, "code");
    json_close(j, ']');
    json_close(j, '}');
}

static bool write_datapackage(Document *d, const BuildOptions *o)
{
    const Program *p = d->cx->prog;
    FILE *f = out_open(d, o, "datapackage.json");
    if (!f)
        return false;
    Json j = { .out = f, .pretty_depth = 3 };
    json_open(&j, NULL, '{');
    json_string(&j, "profile", "fiscal-data-package");
    json_string(&j, "name", arena_printf(d->cx, "budget-%s-%d",
                                         p->dept_code ? p->dept_code : "dept",
                                         p->year));
    json_string(&j, "title", d->title);
    json_string(&j, "fiscalPeriod", arena_printf(d->cx, "%d", p->year));
    json_open(&j, "resources", '[');
    json_open(&j, NULL, '{');
    json_string(&j, "name", "facts");
    json_string(&j, "path", "facts.csv");
    json_string(&j, "format", "csv");
    json_string(&j, "mediatype", "text/csv");
    json_string(&j, "encoding", "utf-8");
    json_open(&j, "schema", '{');
    json_open(&j, "fields", '[');
    for (size_t c = 0; c < sizeof fact_columns / sizeof *fact_columns; c++) {
        json_open(&j, NULL, '{');
        json_string(&j, "name", fact_columns[c]);
        json_string(&j, "type", c == 0 ? "number" : "string");
        json_close(&j, '}');
    }
    json_close(&j, ']');
    json_close(&j, '}');
    json_close(&j, '}');
    json_close(&j, ']');
    json_open(&j, "model", '{');
    json_open(&j, "measures", '{');
    json_open(&j, "amount", '{');
    json_string(&j, "source", "amount");
    json_string(&j, "currency", "CNY");
    json_close(&j, '}');
    json_close(&j, '}');
    json_open(&j, "dimensions", '{');
    dimension(&j, "functional-classification", "classification", "functional",
              "function");
    dimension(&j, "economic-classification", "classification", "economic",
              "economic");
    dimension(&j, "government-economic-classification", "classification",
              "economic", "gov");
    dimension(&j, "funding-source", "fact", NULL, "source");
    dimension(&j, "year", "fact", NULL, "year");
    dimension(&j, "expenditure-type", "fact", NULL, "measure");
    dimension(&j, "direction", "fact", NULL, "side");
    dimension(&j, "administrative-classification", "entity", NULL, "unit");
    dimension(&j, "project", "fact", NULL, "project");
    json_close(&j, '}');
    json_close(&j, '}');
    json_close(&j, '}');
    fputc('\n', f);
    return out_close(d, o, f, "datapackage.json");
}

bool emit_json(Document *d, const BuildOptions *o)
{
    return write_disclosure(d, o) && write_facts_csv(d, o) &&
           write_datapackage(d, o);
}
