/*
** table.h: the disclosure as the backends see it.
**
** pivot.c turns a layout and the facts into a Document: every table as
** heading rows (with spans, as printed) and body rows of cells; prose.c
** expands the prose.  The format writers (emit_*.c) only format and
** write a Document: no writer computes a number.
*/
#ifndef BUDGETC_TABLE_H
#define BUDGETC_TABLE_H

#include "budgetc.h"
#include "check.h"
#include "program.h"

enum { TC_EMPTY, TC_TEXT, TC_AMOUNT };

typedef struct TCell {
    uint8_t kind;          /* TC_* */
    bool adjusted;         /* balanced rounding moved it by one step */
    const char *text;      /* TC_TEXT */
    int64_t fen;           /* TC_AMOUNT: the exact sum */
    int64_t shown;         /* TC_AMOUNT: the displayed value, in fen */
    uint32_t nparts;       /* facts summed */
    Filter filter;         /* TC_AMOUNT: what was summed */
    uint8_t view;          /* TC_AMOUNT: in which view */
} TCell;

typedef struct TRow {
    uint8_t level;         /* 0 a total row; 1 类/department; 2 款/unit; 3 项/project */
    bool total;            /* a 合计 row */
    int32_t parent;        /* index of the row it is a part of, or -1 */
    TCell *cells;          /* one per leaf column */
} TRow;

typedef struct THead {
    const char *text;
    uint16_t col;          /* first leaf column it covers */
    uint16_t colspan, rowspan;
    uint16_t row;          /* heading row it starts on */
} THead;

typedef struct TColumn {
    const char *heading;   /* the leaf's own heading */
    uint8_t kind;          /* COL_* */
    uint8_t part;          /* COL_CODE: 0 whole code, 1/2/3 its 类/款/项 digits */
    Filter filter;         /* COL_SUM */
    uint8_t side;          /* 0 or 1 */
} TColumn;

typedef struct TableOut {
    const LTable *lt;      /* the layout's table */
    int32_t number;
    const char *title;     /* expanded */
    const char *label;     /* expanded, or NULL */
    uint32_t ncols;
    TColumn *cols;
    VEC(THead) heads;      /* heading cells, by row then column */
    uint32_t nhead_rows;
    VEC(TRow) rows;
    uint32_t split;        /* first column of the second side, or ncols */
    bool empty;            /* no figure at all: print the empty note */
    const char *empty_note;
    VEC(const char *) notes;
    bool numbered_columns;
    MoneyUnit unit;        /* displayed unit of this table */
    int decimals;          /* displayed decimals of this table */
    const char *unit_caption; /* "单位：元" for this table */
} TableOut;

typedef struct ProseOut {
    const char *title;
    VEC(const char *) paragraphs;
} ProseOut;

typedef enum Rounding { ROUND_HALF_UP, ROUND_BALANCED } Rounding;

typedef struct Document {
    Compilation *cx;
    Checker *k;
    const Layout *layout;
    const char *title;
    const char *caption, *unit_caption;
    MoneyUnit unit;        /* displayed unit */
    int decimals;          /* displayed decimals */
    VEC(TableOut) tables;
    VEC(ProseOut) prose;
    VEC(const char *) adjustments; /* balanced rounding: what moved */
    bool tables_only;      /* a consolidation: the tables, no department
                           ** prose (概况, 情况说明, 名词解释) */
} Document;

const Layout *layout_choose(Compilation *cx, const char *name);
Document *doc_build(Compilation *cx, const Layout *l, Rounding r);
Document *doc_build_tables(Compilation *cx, const Layout *l, Rounding r);
char *doc_expand(Document *d, const char *tmpl);
char *doc_amount(Document *d, int64_t shown, bool separators);
char *table_amount(Document *d, const TableOut *t, int64_t shown,
                   bool separators);
size_t table_amount_to(char *buf, const TableOut *t, int64_t shown,
                       bool separators);
char *doc_code(Document *d, const char *code);
char *doc_chinese(Compilation *cx, int64_t n);
void prose_build(Document *d);
void rounding_balance(Document *d, TableOut *t);

#endif
