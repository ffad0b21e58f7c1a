/*
** import.c: `budgetc import`, the disclosure tables a department already
** has into .budget source it can start from.  The input is a folder of
** table-NN.csv (as `budgetc build -f csv` writes them) or an XLSX workbook
** with sheets 表1…表13; the output is a budget with its department, units,
** income, expenditure by function and by economic classification, and
** projects, that `budgetc check` accepts.
**
** Which input column holds what is a *map*, written in .budget
** statements (`table 3 columns code name 合计 基本支出 项目支出`) and read
** by the front end, so a mistake in it gets a caret diagnostic: the
** layout's default map below, then the user's `--map FILE`.  Catalog names
** become codes through the catalogs the front end compiles from the
** layout's stdlib module and every `--catalog FILE`.
**
** Key invariant: every amount written is a cell of the input as printed
** (to the fen: a spreadsheet's binary float is rounded there, nothing
** else); the only figures the importer derives are a row's split by
** source, and those are table 2's cells.  The rows the tables print as
** totals (类, 款, 合计, the department's and units' rows) are written as
** the figures to check they are, so the imported budget checks itself.
*/
#define _XOPEN_SOURCE 700               /* realpath(3) */
#include "budgetc.h"
#include "program.h"
#include "sheet.h"
#include "import.h"
#include "fmt.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { NTABLES = 13, MAX_COLS = 32, MAX_WHERE = 4 };

/* ---- what the importer knows of a layout ------------------------------- */

/* A layout the importer can read, and its default map. */
typedef struct ImportLayout {
    const char *name;     /* --layout NAME, and the layout block's name */
    const char *module;   /* the stdlib module the budget imports */
    const char *map;      /* the input's columns, in the --map language */
} ImportLayout;

static const ImportLayout import_layouts[] = {
    { "shanxi", "shanxi",
      "table 1 columns name income exp-name 合计 当年 上年结转\n"
      "table 2 columns code name 合计 一般公共预算 政府性基金预算 "
      "国有资本经营预算 财政专户管理资金 单位资金 上年结转\n"
      "table 2 where 当年\n"
      "table 3 columns code name 合计 基本支出 项目支出\n"
      "table 6 columns name gov-name 合计 人员经费 公用经费\n"
      "table 6 where 一般公共预算 当年\n"
      "table 11 columns name 财政拨款 一般公共预算 政府性基金预算 "
      "国有资本经营预算\n"
      "table 12 columns name 合计 一般公共预算 政府性基金预算 "
      "国有资本经营预算 财政专户管理资金 单位资金\n"
      "table 13 columns name 财政拨款 一般公共预算 政府性基金预算 "
      "国有资本经营预算\n" },
};

/* What a column of the input holds. */
#define ROLES(X) \
    X(ROLE_SKIP, "-") \
    X(ROLE_CODE, "code") \
    X(ROLE_NAME, "name") \
    X(ROLE_GOV_NAME, "gov-name") \
    X(ROLE_EXP_NAME, "exp-name") \
    X(ROLE_INCOME, "income") \
    X(ROLE_TERM, "")

#define X(r, w) r,
typedef enum RoleKind { ROLES(X) ROLE__COUNT } RoleKind;
#undef X
#define X(r, w) w,
static const char *const role_words[] = { ROLES(X) };
#undef X

#define R(r) (uint8_t)(1u << (r))
#define D(d) (uint16_t)(1u << (d))

/* The tables the importer reads, and the columns each may have. */
typedef struct TableSpec {
    uint8_t number;       /* the layout's table number */
    uint8_t roles;        /* bit per RoleKind it takes */
    uint8_t need;         /* bit per RoleKind it must have */
    uint16_t dims;        /* bit per Dim its terms may be (合计 always) */
    bool measures;        /* measures other than 合计 too */
    bool where;           /* takes 'where' terms */
    bool by_label;        /* rows are found by their labels, not position */
} TableSpec;

static const TableSpec specs[] = {
    { 1, R(ROLE_NAME) | R(ROLE_INCOME) | R(ROLE_EXP_NAME) | R(ROLE_TERM),
      R(ROLE_NAME) | R(ROLE_INCOME), D(DIM_YEAR), false, false, true },
    { 2, R(ROLE_CODE) | R(ROLE_NAME) | R(ROLE_TERM), R(ROLE_CODE),
      D(DIM_SOURCE) | D(DIM_YEAR), false, true, false },
    { 3, R(ROLE_CODE) | R(ROLE_NAME) | R(ROLE_TERM),
      R(ROLE_CODE) | R(ROLE_TERM), 0, true, true, false },
    { 6, R(ROLE_NAME) | R(ROLE_GOV_NAME) | R(ROLE_TERM),
      R(ROLE_NAME) | R(ROLE_TERM), 0, true, true, false },
    { 11, R(ROLE_NAME) | R(ROLE_TERM), R(ROLE_NAME), D(DIM_SOURCE), false,
      false, false },
    { 12, R(ROLE_NAME) | R(ROLE_TERM), R(ROLE_NAME), D(DIM_SOURCE), false,
      false, false },
    { 13, R(ROLE_NAME) | R(ROLE_TERM), R(ROLE_NAME), D(DIM_SOURCE), false,
      false, false },
};

/* ---- the importer's state ------------------------------------------------ */

/* One column's role. */
typedef struct Role {
    uint8_t kind;               /* RoleKind */
    const VocabEntry *term;     /* ROLE_TERM: its source, year or measure */
} Role;

/* How one table is laid out in the input. */
typedef struct TableMap {
    Role roles[MAX_COLS];       /* the input's columns, left to right */
    uint32_t nroles;            /* 0: not read */
    const char *file;           /* its CSV's name in the folder */
    const char *sheet;          /* its XLSX sheet's name */
    int32_t skip;               /* heading rows; -1: found */
    MoneyUnit unit;             /* UNIT_NONE: the caption's, or the layout's */
    const VocabEntry *where[MAX_WHERE]; /* terms every figure of it has */
    uint32_t nwhere;            /* entries in where */
} TableMap;

/* A cell read as money. */
typedef struct Amount {
    int64_t fen;                /* exact */
    bool set;                   /* false: blank or '-' */
} Amount;

/* A data row of a table. */
typedef struct TRow {
    uint32_t line;              /* 1-based row of the sheet */
    const char *code;           /* digits of a code column, or NULL */
    bool all;                   /* a 合计 row */
    const char *name;           /* the name cell, trimmed ("" if none) */
    const char *gov_name;       /* table 6's 政府经济科目 */
    const char *exp_name;       /* table 1's expenditure label */
    Amount income;              /* table 1's income amount */
    Amount *amt;                /* one per term column, in map order */
} TRow;

/* One table of the input. */
typedef struct Table {
    const TableSpec *spec;      /* NULL: the importer does not read it */
    TableMap map;               /* its columns */
    bool present;               /* found in the input */
    const char *where;          /* "DIR/table-03.csv" or "BOOK.xlsx[表3]" */
    Sheet sheet;                /* its cells */
    uint32_t first;             /* the first data row of the sheet */
    MoneyUnit unit;             /* of its amounts */
    uint32_t nterms;            /* term columns */
    uint32_t term_col[MAX_COLS];/* their column indexes */
    const VocabEntry *term[MAX_COLS]; /* and terms */
    VEC(TRow) rows;             /* its data rows, in order */
    bool *unit_row;             /* tables 12, 13: rows[i + 1] is a unit's */
} Table;

/* A unit of the department. */
typedef struct IUnit {
    const char *name;
    uint8_t kind;               /* KIND_ADMIN or KIND_INSTITUTION */
    bool own;                   /* 本级: the department's own office */
} IUnit;

/* A project of tables 12 and 13. */
typedef struct IProject {
    const char *name;
    const char *unit;           /* its unit's name */
    const TRow *budget;         /* its table 12 row, or NULL */
    const TRow *carried;        /* its table 13 row, or NULL */
} IProject;

enum { LINE_ROW, LINE_TEXT, LINE_BLANK };

/* One line of the output, before alignment. */
typedef struct OutLine {
    uint8_t kind;               /* LINE_* */
    uint32_t depth;             /* block depth: two spaces each */
    VEC(const char *) cells;    /* LINE_ROW: the statement's atoms */
    const char *text;           /* LINE_TEXT: the line after its indentation */
    const char *comment;        /* LINE_ROW: trailing comment from '#' */
} OutLine;

typedef struct Imp {
    Compilation *cx;            /* owns everything; holds the catalogs */
    const ImportLayout *il;     /* the layout read */
    const Layout *layout;       /* its compiled layout block */
    Table t[NTABLES + 1];       /* by number */
    const char *input;          /* INPUT as given */
    bool xlsx;                  /* INPUT is a workbook, not a folder */
    const char *department;     /* the department's name, or NULL */
    const char *department_from;/* where that name came from */
    int32_t year;               /* from the headings; 0: not found */
    VEC(const char *) catalogs; /* --catalog files, as given */
    const char *out_path;       /* -o, or NULL for standard output */
    VEC(IUnit) units;           /* in the order the tables name them */
    VEC(IProject) projects;     /* in table 12's order, then table 13's */
    uint32_t errors;            /* input errors reported */
    bool table2_broken;         /* a row of table 3 lost table 2's sources */
    bool operating_unknown;     /* a row of table 6 lost its government code,
                                ** so 机关运行经费 cannot be told */
    bool project_sourceless[YEAR_CARRIED + 1]; /* 项目支出 of that year
                                ** written without a source */
    VEC(OutLine) out;           /* the budget, line by line */
    uint32_t depth;             /* of the next output line */
} Imp;

/* ---- messages ------------------------------------------------------------ */

enum { MSG_NOTE, MSG_WARNING, MSG_ERROR };

/* "WHERE:LINE: warning: message" about a table's row (line 0: the table). */
static void report(Imp *m, const Table *t, uint32_t line, int sev,
                   const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static void report(Imp *m, const Table *t, uint32_t line, int sev,
                   const char *fmt, ...)
{
    static const char *const sevs[] = { "note", "warning", "error" };
    if (t && line)
        fprintf(stderr, "%s:%u: %s: ", t->where, line, sevs[sev]);
    else if (t)
        fprintf(stderr, "%s: %s: ", t->where, sevs[sev]);
    else
        fprintf(stderr, "budgetc: %s: ", sevs[sev]);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    m->errors += sev == MSG_ERROR;
}

static int usage(const char *fmt, const char *arg)
{
    fputs("budgetc: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'budgetc help import'.\n", stderr);
    return 2;
}

/* ---- text ------------------------------------------------------------- */

static bool is_space_at(const char *s, size_t *n)
{
    if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
        *n = 1;
        return true;
    }
    if (memcmp(s, "\xE3\x80\x80", 3) == 0) {      /* U+3000 */
        *n = 3;
        return true;
    }
    return false;
}

/* A cell without white space at its ends and without line breaks inside
** (a spreadsheet wraps long names). */
static const char *clean(Compilation *cx, const char *s)
{
    size_t n, k = 0;
    while (*s && is_space_at(s, &n))
        s += n;
    char *out = arena_alloc(cx, strlen(s) + 1);
    for (; *s; s++)
        if (*s != '\n' && *s != '\r')
            out[k++] = *s;
    while (k && (out[k - 1] == ' ' || out[k - 1] == '\t'))
        k--;
    while (k >= 3 && memcmp(out + k - 3, "\xE3\x80\x80", 3) == 0)
        k -= 3;
    out[k] = 0;
    return out;
}

static bool has_prefix(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/* ---- money cells ----------------------------------------------------- */

static bool is_blank_cell(const char *s)
{
    return !*s || strcmp(s, "-") == 0 || strcmp(s, "—") == 0 ||
           strcmp(s, "－") == 0;
}

/* The digits of "1,116.95", "-3.5", "316.32999999999998" or "1.2E-2":
** digits into d (no separators), *point where the decimal point falls
** among them.  False when s is not such a number. */
static bool split_number(const char *s, char *d, size_t cap, size_t *nd,
                         long *point, bool *neg)
{
    size_t k = 0;
    long nint = 0, exp = 0;
    *neg = *s == '-';
    s += *s == '-' || *s == '+';
    if (*s < '0' || *s > '9')
        return false;
    for (; (*s >= '0' && *s <= '9') || (*s == ',' && s[1] >= '0' && s[1] <= '9'); s++)
        if (*s != ',' && k < cap)
            d[k++] = *s, nint++;
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++)
            if (k < cap)
                d[k++] = *s;
    if (*s == 'e' || *s == 'E') {
        char *end;
        exp = strtol(s + 1, &end, 10);
        if (end == s + 1 || exp < -30 || exp > 30)
            return false;
        s = end;
    }
    *nd = k;
    *point = nint + exp;
    return !*s && k < cap;
}

/* A cell as money in `unit`, rounded half up to the fen (a spreadsheet
** stores 316.33 as 316.32999999999998).  Blank, '-' and '—' are no
** amount.  False when the cell is not a number. */
static bool parse_amount(const char *s, MoneyUnit unit, Amount *out)
{
    char d[64];
    size_t nd;
    long point;
    bool neg;
    *out = (Amount){ 0, false };
    if (is_blank_cell(s))
        return true;
    if (!split_number(s, d, sizeof d, &nd, &point, &neg))
        return false;
    long total = point + (unit == UNIT_WANYUAN ? 6 : 2);   /* fen digits */
    int64_t v = 0;
    for (long i = 0; i < total; i++) {
        int digit = i < (long)nd && i >= 0 ? d[i] - '0' : 0;
        if (__builtin_mul_overflow(v, 10, &v) ||
            __builtin_add_overflow(v, digit, &v))
            return false;
    }
    if (total >= 0 && total < (long)nd && d[total] >= '5')
        v++;
    out->fen = neg ? -v : v;
    out->set = true;
    return true;
}

static bool has(Amount a)
{
    return a.set && a.fen != 0;
}

/* fen in `unit` with the layout's decimals, and more when the fen need
** them: 290020000 fen in 万元 is "290.02". */
static const char *amount_text(Imp *m, int64_t fen, MoneyUnit unit)
{
    int places = unit == UNIT_WANYUAN ? 6 : 2;
    int dec = m->layout && m->layout->decimals < places ? m->layout->decimals : 2;
    uint64_t per = unit == UNIT_WANYUAN ? 1000000 : 100;
    uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    uint64_t ip = a / per, fp = a % per;
    int d = places;
    while (d > dec && fp % 10 == 0) {
        fp /= 10;
        d--;
    }
    if (!d)
        return arena_printf(m->cx, "%s%llu", fen < 0 ? "-" : "",
                            (unsigned long long)ip);
    return arena_printf(m->cx, "%s%llu.%0*llu", fen < 0 ? "-" : "",
                        (unsigned long long)ip, d, (unsigned long long)fp);
}

static const char *amount_with_unit(Imp *m, int64_t fen, MoneyUnit unit)
{
    return arena_printf(m->cx, "%s%s", amount_text(m, fen, unit),
                        money_unit_name(unit));
}

/* The digits of a code cell ("2060101", "206 01 01", "2060101.0"), or NULL. */
static const char *code_digits(Compilation *cx, const char *s)
{
    size_t n = strlen(s), k = 0;
    char *out = arena_alloc(cx, n + 1);
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            out[k++] = s[i];
        else if (s[i] == '.' && strspn(s + i + 1, "0") == strlen(s + i + 1))
            break;
        else if (s[i] != ' ')
            return NULL;
    }
    out[k] = 0;
    return k ? out : NULL;
}

static bool is_total_label(const char *s)
{
    return strstr(s, "合计") || strstr(s, "总计");
}

/* ---- output: lines, then aligned as `budgetc fmt` aligns them ---------- */

/* printf into the arena, whatever the length. */
static char *vformat(Compilation *cx, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *out = arena_alloc(cx, (size_t)(n > 0 ? n : 0) + 1);
    if (n > 0)
        vsnprintf(out, (size_t)n + 1, fmt, again);
    va_end(again);
    return out;
}

static OutLine *line_new(Imp *m, uint8_t kind)
{
    OutLine l = { .kind = kind, .depth = m->depth };
    vec_push(m->cx, &m->out, l);
    return &m->out.v[m->out.n - 1];
}

static void o_text(Imp *m, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* A line as it is: a comment, `x {`, `}` or a one-line block. */
static void o_text(Imp *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = vformat(m->cx, fmt, ap);
    va_end(ap);
    line_new(m, LINE_TEXT)->text = text;
}

static void o_blank(Imp *m)
{
    line_new(m, LINE_BLANK);
}

static void o_open(Imp *m, const char *head)
{
    o_text(m, "%s {", head);
    m->depth++;
}

static void o_close(Imp *m)
{
    m->depth--;
    o_text(m, "}");
}

/* Start a statement; its atoms follow with o_atom. */
static void o_row(Imp *m)
{
    line_new(m, LINE_ROW);
}

static void o_atom(Imp *m, const char *s)
{
    OutLine *l = &m->out.v[m->out.n - 1];
    assert(l->kind == LINE_ROW);
    vec_push(m->cx, &l->cells, s);
}

static void o_word(Imp *m, const char *s)
{
    o_atom(m, src_atom(m->cx, s));
}

static void o_amount(Imp *m, Amount a, MoneyUnit unit)
{
    o_atom(m, has(a) ? amount_text(m, a.fen, unit) : "-");
}

/* A trailing comment on the current statement. */
static void o_note(Imp *m, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void o_note(Imp *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *buf = vformat(m->cx, fmt, ap);
    va_end(ap);
    OutLine *l = &m->out.v[m->out.n - 1];
    l->comment = l->comment ? arena_printf(m->cx, "%s; %s", l->comment, buf)
                            : arena_printf(m->cx, "# %s", buf);
}

typedef VEC(char) Buf;

static void put(Imp *m, Buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        vec_push(m->cx, b, s[i]);
}

static void put_spaces(Imp *m, Buf *b, uint32_t n)
{
    while (n--)
        vec_push(m->cx, b, ' ');
}

/* Write one statement line, one space between its atoms; budgetc fmt
** aligns the runs afterwards (write_out). */
static void put_row(Imp *m, Buf *b, const OutLine *l)
{
    put_spaces(m, b, 2 * l->depth);
    for (uint32_t i = 0; i < l->cells.n; i++) {
        if (i)
            put(m, b, " ", 1);
        put(m, b, l->cells.v[i], strlen(l->cells.v[i]));
    }
    if (l->comment) {
        put(m, b, "  ", 2);
        put(m, b, l->comment, strlen(l->comment));
    }
    put(m, b, "\n", 1);
}

/* The whole budget: blank lines only between items of a block. */
static void render(Imp *m, Buf *b)
{
    const OutLine *v = m->out.v;
    for (uint32_t i = 0; i < m->out.n;) {
        if (v[i].kind == LINE_BLANK) {
            bool after_open = !b->n || b->v[b->n - 1] != '\n' ||
                              (b->n >= 2 && (b->v[b->n - 2] == '{' ||
                                             b->v[b->n - 2] == '\n'));
            bool before_close = i + 1 >= m->out.n ||
                                v[i + 1].kind == LINE_BLANK ||
                                (v[i + 1].kind == LINE_TEXT &&
                                 strcmp(v[i + 1].text, "}") == 0);
            if (!after_open && !before_close)
                put(m, b, "\n", 1);
            i++;
        } else if (v[i].kind == LINE_TEXT) {
            put_spaces(m, b, 2 * v[i].depth);
            put(m, b, v[i].text, strlen(v[i].text));
            put(m, b, "\n", 1);
            i++;
        } else {
            put_row(m, b, &v[i++]);
        }
    }
}

/* ---- the map: the layout's default, then --map --------------------------- */

static Table *map_table(Imp *m, Atom a)
{
    uint32_t n;
    const char *s = atom_text(m->cx, a, &n);
    long k = a.kind == TK_NUMBER ? strtol(s, NULL, 10) : 0;
    bool digits = a.kind == TK_NUMBER && strspn(s, "0123456789") == n;
    if (digits && k >= 1 && k <= NTABLES && m->t[k].spec)
        return &m->t[k];
    diag_emit(m->cx, E0303, a.span, "the importer reads tables 1, 2, 3, 6, "
              "11, 12 and 13, not '%.*s'", (int)n, s);
    return NULL;
}

/* A column role: -, code, name, gov-name, exp-name, income, or a term. */
static bool map_role(Imp *m, Table *t, Atom a, Role *r)
{
    uint32_t n;
    const char *s = atom_text(m->cx, a, &n);
    for (int k = 0; k < ROLE_TERM; k++)
        if ((a.kind == TK_DASH && k == ROLE_SKIP) ||
            (a.kind == TK_WORD && strlen(role_words[k]) == n &&
             memcmp(role_words[k], s, n) == 0)) {
            *r = (Role){ (uint8_t)k, NULL };
            return (t->spec->roles & R(k)) || k == ROLE_SKIP;
        }
    const VocabEntry *e = vocab_lookup(m->cx, a, DIM_NONE);
    if (!e)
        return false;
    *r = (Role){ ROLE_TERM, e };
    if (e->dim == DIM_MEASURE)
        return e->mask == (1u << MEAS_TOTAL) || t->spec->measures;
    return (t->spec->dims & D(e->dim)) != 0;
}

static void map_columns(Imp *m, Table *t, Stmt *st)
{
    uint8_t seen = 0;
    t->map.nroles = 0;
    if (st->natoms - 3 > MAX_COLS) {
        diag_emit(m->cx, E0302, st->span, "more than %d columns", MAX_COLS);
        return;
    }
    for (uint32_t i = 3; i < st->natoms; i++) {
        Role r;
        if (!map_role(m, t, st->atoms[i], &r)) {
            uint32_t n;
            const char *s = atom_text(m->cx, st->atoms[i], &n);
            diag_emit(m->cx, E0303, st->atoms[i].span, "table %d has no column "
                      "'%.*s'; see 'budgetc help import' for each table's", 
                      t->spec->number, (int)n, s);
            continue;
        }
        t->map.roles[t->map.nroles++] = r;
        seen |= R(r.kind);
    }
    uint8_t missing = t->spec->need & ~seen;
    for (int k = 0; missing && k < ROLE__COUNT; k++)
        if (missing & R(k))
            diag_emit(m->cx, E0302, st->span, "table %d needs a %s column",
                      t->spec->number, k == ROLE_TERM ? "money" : role_words[k]);
}

static void map_where(Imp *m, Table *t, Stmt *st)
{
    t->map.nwhere = 0;
    if (!t->spec->where) {
        diag_emit(m->cx, E0302, st->span, "only tables 2, 3 and 6 take 'where'");
        return;
    }
    for (uint32_t i = 3; i < st->natoms && t->map.nwhere < MAX_WHERE; i++) {
        const VocabEntry *e = vocab_lookup(m->cx, st->atoms[i], DIM_NONE);
        if (!e || (e->dim != DIM_SOURCE && e->dim != DIM_YEAR) ||
            !vocab_fact_value(e)) {
            diag_emit(m->cx, E0303, st->atoms[i].span, "expected one source "
                      "(一般公共预算, ...) or year (当年, 上年结转)");
            continue;
        }
        t->map.where[t->map.nwhere++] = e;
    }
}

static void map_value(Imp *m, Table *t, Stmt *st, const char *key)
{
    Atom a = st->atoms[3];
    uint32_t n;
    const char *s = atom_text(m->cx, a, &n);
    if (st->natoms != 4) {
        diag_emit(m->cx, E0302, st->span, "expected 'table N %s VALUE'", key);
    } else if (strcmp(key, "skip") == 0) {
        if (a.kind != TK_NUMBER || strspn(s, "0123456789") != n || n > 4)
            diag_emit(m->cx, E0303, a.span, "expected a count of heading rows");
        else
            t->map.skip = (int32_t)strtol(s, NULL, 10);
    } else if (strcmp(key, "unit") == 0) {
        MoneyUnit u = money_unit_from(s, n);
        if (a.kind != TK_WORD || !u)
            diag_emit(m->cx, E0303, a.span, "expected 万元 or 元");
        t->map.unit = u;
    } else if (a.kind != TK_WORD && a.kind != TK_STRING) {
        diag_emit(m->cx, E0303, a.span, "expected a %s name", key);
    } else {
        const char *v = ast_string_value(m->cx, a, &n);
        *(strcmp(key, "file") == 0 ? &t->map.file : &t->map.sheet) = v;
    }
}

/* table N columns|where|file|sheet|skip|unit ... */
static void map_stmt(Imp *m, Stmt *st)
{
    static const char *const keys[] = { "columns", "where", "file", "sheet",
                                        "skip", "unit" };
    if (st->has_block || st->natoms < 4 || !atom_is(m->cx, st->atoms[0], "table")) {
        diag_emit(m->cx, E0301, st->span, "expected 'table N columns|where|"
                  "file|sheet|skip|unit ...'");
        return;
    }
    Table *t = map_table(m, st->atoms[1]);
    size_t k = 0;
    while (k < 6 && !atom_is(m->cx, st->atoms[2], keys[k]))
        k++;
    if (k == 6)
        diag_emit(m->cx, E0301, st->atoms[2].span, "expected columns, where, "
                  "file, sheet, skip or unit");
    if (!t || k == 6)
        return;
    if (k == 0)
        map_columns(m, t, st);
    else if (k == 1)
        map_where(m, t, st);
    else
        map_value(m, t, st, keys[k]);
}

static bool map_load(Imp *m, const char *name, char *text, uint32_t len)
{
    uint32_t file = src_add(m->cx, name, text, len, span_none());
    Stmt *root = ast_parse_file(m->cx, file);
    for (Stmt *st = root; st; st = st->next)
        map_stmt(m, st);
    return m->cx->nerrors == 0;
}

static void tables_init(Imp *m)
{
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        Table *t = &m->t[specs[i].number];
        t->spec = &specs[i];
        t->map.skip = -1;
        t->map.file = arena_printf(m->cx, "table-%02d.csv", specs[i].number);
        t->map.sheet = arena_printf(m->cx, "表%d", specs[i].number);
    }
}

/* ---- the catalogs and the layout, through the front end --------------- */

/* Compile `import MODULE` and an include of each --catalog file. */
static bool load_catalogs(Imp *m)
{
    Compilation *cx = m->cx;
    char *text = arena_printf(cx, "import %s\n", m->il->module);
    for (uint32_t i = 0; i < m->catalogs.n; i++)
        text = arena_printf(cx, "%sinclude %s\n", text,
                            src_quoted(cx, m->catalogs.v[i]));
    uint32_t file = src_add(cx, "<catalogs>", text, (uint32_t)strlen(text),
                            span_none());
    Stmt *root = ast_parse_file(cx, file);
    resolve_enter(cx, file);
    sema_build(cx, root, false);
    resolve_leave(cx);
    if (cx->nerrors)
        return false;
    for (uint32_t i = 0; i < cx->prog->layouts.n; i++)
        if (strcmp(cx->prog->layouts.v[i]->name, m->il->name) == 0)
            m->layout = cx->prog->layouts.v[i];
    if (!m->layout)
        report(m, NULL, 0, MSG_ERROR, "module '%s' declares no layout '%s'",
               m->il->module, m->il->name);
    return m->layout != NULL;
}

/* The catalog codes of `kind` and length `len` named `name`, those under
** `prefix` first; returns how many, the best in *code. */
static uint32_t codes_named(Imp *m, const char *kind, const char *name,
                            size_t len, const char *prefix, const char **code)
{
    uint32_t count = 0;
    const char *best = NULL;
    bool best_under = false;
    Program *p = m->cx->prog;
    for (uint32_t i = 0; i < p->catalogs.n; i++) {
        const Catalog *c = p->catalogs.v[i];
        for (uint32_t j = 0; strcmp(c->kind, kind) == 0 && j < c->entries.n; j++) {
            const CatalogEntry *e = &c->entries.v[j];
            if (strlen(e->code) != len || strcmp(e->name, name) != 0)
                continue;
            if (best && strcmp(best, e->code) == 0)
                continue;                       /* in two catalogs */
            bool under = prefix && has_prefix(e->code, prefix);
            count++;
            if (!best || (under && !best_under)) {
                best = e->code;
                best_under = under;
            }
        }
    }
    *code = best;
    return count;
}

static const char *catalog_name(Imp *m, const char *kind, const char *code)
{
    Program *p = m->cx->prog;
    for (uint32_t i = 0; i < p->catalogs.n; i++)
        for (uint32_t j = 0; strcmp(p->catalogs.v[i]->kind, kind) == 0 &&
                             j < p->catalogs.v[i]->entries.n; j++)
            if (strcmp(p->catalogs.v[i]->entries.v[j].code, code) == 0)
                return p->catalogs.v[i]->entries.v[j].name;
    return NULL;
}

/* The government economic code table 6 names beside department code
** `econ`: the one the mapping pairs with it whose catalog name is the one
** printed, else the one code of that name in the government catalogs. */
static const char *gov_code(Imp *m, const char *econ, const char *gov_name,
                            uint32_t *count)
{
    Program *p = m->cx->prog;
    for (uint32_t i = 0; econ && i < p->mapping.n; i++) {
        const MappingEntry *e = &p->mapping.v[i];
        const char *nm = strcmp(e->econ, econ) == 0
            ? catalog_name(m, "government", e->gov) : NULL;
        if (nm && strcmp(nm, gov_name) == 0) {
            *count = 1;
            return e->gov;
        }
    }
    const char *code;
    *count = codes_named(m, "government", gov_name, 5, NULL, &code);
    return code;
}

/* ---- reading the input ------------------------------------------------- */

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool utf8_ok(const char *s, uint32_t n)
{
    for (uint32_t i = 0; i < n;) {
        uint32_t cp, k = src_decode(s + i, n - i, &cp);
        if ((cp == 0xFFFD && k == 1) || s[i] == 0)
            return false;
        i += k;
    }
    return true;
}

static void load_csv(Imp *m, Table *t)
{
    const char *path = arena_printf(m->cx, "%s/%s", m->input, t->map.file);
    t->where = path;
    char *text;
    uint32_t len;
    const char *why;
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT)
        return;
    if (!src_read_file(m->cx, path, &text, &len, &why))
        report(m, t, 0, MSG_ERROR, "cannot read it: %s", why);
    else if (!utf8_ok(text, len))
        report(m, t, 0, MSG_ERROR, "is not UTF-8 text (convert it, e.g. "
               "iconv -f GB18030 -t UTF-8)");
    else if (!sheet_read_csv(m->cx, text, len, &t->sheet))
        report(m, t, 0, MSG_ERROR, "has an unterminated quoted field");
    else
        t->present = true;
}

static void load_sheet(Imp *m, Table *t, const char **missing)
{
    const char *why;
    t->where = arena_printf(m->cx, "%s[%s]", m->input, t->map.sheet);
    if (sheet_read_xlsx_sheet(m->cx, m->input, t->map.sheet, 0, &t->sheet, &why))
        t->present = true;
    else if (has_prefix(why, "no sheet named"))
        *missing = why;
    else
        report(m, t, 0, MSG_ERROR, "cannot read it: %s", why);
}

/* Read every table the map names; table 3 is required. */
static bool load_tables(Imp *m)
{
    const char *missing = NULL;
    for (int i = 1; i <= NTABLES; i++) {
        Table *t = &m->t[i];
        if (!t->spec || !t->map.nroles)
            continue;
        const char *why = NULL;
        if (m->xlsx)
            load_sheet(m, t, &why);
        else
            load_csv(m, t);
        if (i == 3)
            missing = why;
    }
    if (m->errors)
        return false;
    if (!m->t[3].present) {
        if (m->xlsx)
            report(m, NULL, 0, MSG_ERROR, "%s: %s: table 3 (预算支出总表, "
                   "function × 基本支出/项目支出) is required", m->input,
                   missing ? missing : "no sheet");
        else
            report(m, NULL, 0, MSG_ERROR, "%s: no %s: table 3 (预算支出总表, "
                   "function × 基本支出/项目支出) is required", m->input,
                   m->t[3].map.file);
        return false;
    }
    return true;
}

static const char *cell_at(const SheetRow *r, uint32_t col)
{
    return col < r->cells.n ? r->cells.v[col] : "";
}

/* A row "1 2 3 … k" numbering the columns under the headings. */
static bool numbering_row(const SheetRow *r)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < r->cells.n; i++) {
        const char *c = r->cells.v[i];
        if (!*c)
            continue;
        char *end;
        long v = strtol(c, &end, 10);
        if (*end || v != (long)++k)
            return false;
    }
    return k >= 2;
}

/* The column of the first role of kind k, or -1. */
static int role_col(const Table *t, int k)
{
    for (uint32_t i = 0; i < t->map.nroles; i++)
        if (t->map.roles[i].kind == k)
            return (int)i;
    return -1;
}

static const char *role_cell(Imp *m, const Table *t, const SheetRow *r, int k)
{
    int c = role_col(t, k);
    return c < 0 ? "" : clean(m->cx, cell_at(r, (uint32_t)c));
}

/* Parse row r's money cells into tr; counts the numbers and the cells
** that are not numbers. */
static void row_amounts(Imp *m, const Table *t, const SheetRow *r, TRow *tr,
                        uint32_t *nums, uint32_t *bad, int *bad_col)
{
    *nums = *bad = 0;
    tr->amt = arena_alloc(m->cx, (t->nterms + 1) * sizeof *tr->amt);
    for (uint32_t k = 0; k <= t->nterms; k++) {
        int col = k < t->nterms ? (int)t->term_col[k] : role_col(t, ROLE_INCOME);
        if (col < 0)
            continue;
        Amount *a = k < t->nterms ? &tr->amt[k] : &tr->income;
        const char *c = clean(m->cx, cell_at(r, (uint32_t)col));
        if (!parse_amount(c, t->unit, a)) {
            (*bad)++;
            *bad_col = col;
        } else if (a->set) {
            (*nums)++;
        }
    }
}

/* The data rows: after the headings (rows without an amount before the
** first that has one, or `skip` rows), without the column-number row and
** the notes under the table. */
static void read_rows(Imp *m, Table *t)
{
    bool data = t->spec->by_label || t->map.skip >= 0;
    t->first = t->map.skip > 0 ? (uint32_t)t->map.skip : 0;
    for (uint32_t i = t->map.skip > 0 ? (uint32_t)t->map.skip : 0;
         i < t->sheet.rows.n; i++) {
        const SheetRow *r = &t->sheet.rows.v[i];
        TRow tr = { .line = i + 1 };
        uint32_t nums, bad;
        int bad_col = 0;
        row_amounts(m, t, r, &tr, &nums, &bad, &bad_col);
        if (numbering_row(r) || (!data && (bad || !nums)) ||
            (t->spec->by_label && bad)) {
            if (!data)
                t->first = i + 1;
            continue;
        }
        data = true;
        if (bad) {
            report(m, t, i + 1, MSG_ERROR, "column %d: '%s' is not an amount",
                   bad_col + 1, cell_at(r, (uint32_t)bad_col));
            continue;
        }
        tr.name = role_cell(m, t, r, ROLE_NAME);
        tr.gov_name = role_cell(m, t, r, ROLE_GOV_NAME);
        tr.exp_name = role_cell(m, t, r, ROLE_EXP_NAME);
        const char *code = role_cell(m, t, r, ROLE_CODE);
        tr.all = is_total_label(code) || (!*code && is_total_label(tr.name));
        tr.code = tr.all ? NULL : code_digits(m->cx, code);
        if (nums || *tr.name || tr.code || *tr.exp_name)
            vec_push(m->cx, &t->rows, tr);
    }
}

/* Tables 2 and 3: a row is 合计 or a function code of 3, 5 or 7 digits;
** any other is left out, with a warning. */
static void function_rows(Imp *m, Table *t)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < t->rows.n; i++) {
        const TRow *r = &t->rows.v[i];
        size_t n = r->code ? strlen(r->code) : 0;
        if (r->all || n == 3 || n == 5 || n == 7)
            t->rows.v[k++] = *r;
        else
            report(m, t, r->line, MSG_WARNING, "'%s' is neither a function "
                   "code (3, 5 or 7 digits) nor 合计: the row is left out",
                   r->code ? r->code : r->name);
    }
    t->rows.n = k;
}

/* The term columns of a table, and its money unit: the map's, the
** caption's (单位：元), or the layout's. */
static void table_terms(Imp *m, Table *t)
{
    for (uint32_t i = 0; i < t->map.nroles; i++)
        if (t->map.roles[i].kind == ROLE_TERM) {
            t->term_col[t->nterms] = i;
            t->term[t->nterms++] = t->map.roles[i].term;
        }
    t->unit = t->map.unit ? t->map.unit : m->layout->unit ? m->layout->unit
                                                        : UNIT_WANYUAN;
    for (uint32_t i = 0; !t->map.unit && i < t->sheet.rows.n && i < 8; i++)
        for (uint32_t j = 0; j < t->sheet.rows.v[i].cells.n; j++) {
            const char *c = t->sheet.rows.v[i].cells.v[j];
            const char *u = strstr(c, "单位：");
            u = u ? u + strlen("单位：") : strstr(c, "单位:");
            if (u && has_prefix(u, "单位:"))
                u += strlen("单位:");
            if (u && has_prefix(u, "万元"))
                t->unit = UNIT_WANYUAN;
            else if (u && has_prefix(u, "元"))
                t->unit = UNIT_YUAN;
        }
}

/* The department's name from a caption (部门名称：…) and the year from a
** heading (2026年预算数) above the data. */
static void headings(Imp *m, const Table *t)
{
    for (uint32_t i = 0; i < t->first && i < t->sheet.rows.n; i++)
        for (uint32_t j = 0; j < t->sheet.rows.v[i].cells.n; j++) {
            const char *c = t->sheet.rows.v[i].cells.v[j];
            const char *d = strstr(c, "部门名称：");
            size_t skip = strlen("部门名称：");
            if (!d && (d = strstr(c, "部门名称:")))
                skip = strlen("部门名称:");
            if (d && !m->department && *clean(m->cx, d + skip)) {
                m->department = clean(m->cx, d + skip);
                m->department_from = arena_printf(m->cx, "the caption of %s",
                                                  t->where);
            }
            for (const char *p = c; !m->year && *p; p++)
                if (strspn(p, "0123456789") == 4 && has_prefix(p + 4, "年") &&
                    (p == c || p[-1] < '0' || p[-1] > '9'))
                    m->year = (int32_t)strtol(p, NULL, 10);
        }
}

/* ---- the model: units and projects (tables 11, 12, 13) -------------- */

static IUnit *unit_find(Imp *m, const char *name)
{
    for (uint32_t i = 0; i < m->units.n; i++)
        if (strcmp(m->units.v[i].name, name) == 0)
            return &m->units.v[i];
    return NULL;
}

static void unit_add(Imp *m, const char *name, uint8_t kind)
{
    IUnit *u = unit_find(m, name);
    if (u) {
        u->kind = kind == KIND_ADMIN ? kind : u->kind;
        return;
    }
    IUnit nu = { name, kind, false };
    vec_push(m->cx, &m->units, nu);
}

/* The term index of a table's 合计 column, else of a composite source
** (财政拨款), else -1: the figure a row of table 12 or 13 is known by. */
static int total_term(const Table *t)
{
    int composite = -1;
    for (uint32_t k = 0; k < t->nterms; k++) {
        if (t->term[k]->dim == DIM_MEASURE)
            return (int)k;
        if (!vocab_fact_value(t->term[k]) && composite < 0)
            composite = (int)k;
    }
    return composite;
}

static int64_t row_total(const Table *t, const TRow *r)
{
    int k = total_term(t);
    if (k >= 0)
        return r->amt[k].set ? r->amt[k].fen : 0;
    int64_t sum = 0;
    for (uint32_t j = 0; j < t->nterms; j++)
        sum += r->amt[j].set ? r->amt[j].fen : 0;
    return sum;
}

/* Splitting table 12's rows into units and projects (below). */
typedef struct Split {
    const int64_t *amt;         /* each row's figure */
    const bool *must_unit;      /* a name table 11 lists */
    bool *is_unit;              /* the answer */
    uint32_t n;                 /* rows */
    int64_t half;               /* half a printed step, in fen */
    int64_t dept;               /* the department row's figure */
    uint32_t steps;             /* search budget left */
} Split;

static bool near(int64_t a, int64_t b, int64_t tol)
{
    return (a > b ? a - b : b - a) <= tol;
}

/* Rows i.. as groups, each a unit's row then its projects, whose figures
** add up to the unit's within their rounding; the units' add up to the
** department's.  Shortest groups first; backtracks. */
static bool split_from(Split *s, uint32_t i, int64_t units, uint32_t nunits)
{
    if (i == s->n)
        return near(units, s->dept, (nunits + 1) * s->half);
    if (!s->steps-- )
        return false;
    s->is_unit[i] = true;
    int64_t sum = 0;
    for (uint32_t j = i + 1; j < s->n && !s->must_unit[j]; j++) {
        s->is_unit[j] = false;
        sum += s->amt[j];
        if (near(sum, s->amt[i], (j - i + 1) * s->half) &&
            split_from(s, j + 1, units + s->amt[i], nunits + 1))
            return true;
    }
    return false;
}

/* Which rows of table 12 (or 13), after the department's, are units. */
static bool *find_units(Imp *m, const Table *t)
{
    uint32_t n = t->rows.n - 1;
    Split s = { .n = n, .steps = 1000000,
                .half = t->unit == UNIT_WANYUAN ? 5000 : 1,
                .dept = row_total(t, &t->rows.v[0]) };
    int64_t *amt = arena_alloc(m->cx, (n + 1) * sizeof *amt);
    bool *must = arena_alloc(m->cx, n + 1);
    s.is_unit = arena_alloc(m->cx, n + 1);
    for (uint32_t i = 0; i < n; i++) {
        amt[i] = row_total(t, &t->rows.v[i + 1]);
        const IUnit *u = unit_find(m, t->rows.v[i + 1].name);
        must[i] = u && u->kind == KIND_ADMIN;
    }
    s.amt = amt;
    s.must_unit = must;
    if (n && split_from(&s, 0, 0, 0))
        return s.is_unit;
    report(m, t, 0, MSG_WARNING, "cannot tell its unit rows from its project "
           "rows by their figures: the names table 11 lists, and the first "
           "row, are read as units");
    for (uint32_t i = 0; i < n; i++)
        s.is_unit[i] = i == 0 || must[i];
    return s.is_unit;
}

static IProject *project_find(Imp *m, const char *name, const char *unit)
{
    for (uint32_t i = 0; i < m->projects.n; i++)
        if (strcmp(m->projects.v[i].name, name) == 0 &&
            strcmp(m->projects.v[i].unit, unit) == 0)
            return &m->projects.v[i];
    return NULL;
}

/* Table 12 or 13: the department's row, then units and their projects. */
static void read_projects(Imp *m, Table *t, bool carried)
{
    if (!t->present || t->rows.n < 2)
        return;
    const TRow *dept = &t->rows.v[0];
    if (!m->department && *dept->name) {
        m->department = dept->name;
        m->department_from = arena_printf(m->cx, "the first row of %s",
                                          t->where);
    }
    bool *is_unit = t->unit_row = find_units(m, t);
    const char *unit = NULL;
    for (uint32_t i = 1; i < t->rows.n; i++) {
        const TRow *r = &t->rows.v[i];
        if (is_unit[i - 1]) {
            unit = r->name;
            unit_add(m, unit, KIND_INSTITUTION);
            continue;
        }
        IProject *p = project_find(m, r->name, unit);
        if (!p) {
            IProject np = { r->name, unit, NULL, NULL };
            vec_push(m->cx, &m->projects, np);
            p = &m->projects.v[m->projects.n - 1];
        }
        if ((carried ? p->carried : p->budget) != NULL)
            report(m, t, r->line, MSG_WARNING, "project '%s' of '%s' is "
                   "listed twice; the first row is kept", r->name, unit);
        else
            *(carried ? &p->carried : &p->budget) = r;
    }
}

/* Table 11: its units are administrative (行政). */
static void read_admin_units(Imp *m)
{
    const Table *t = &m->t[11];
    for (uint32_t i = 0; t->present && i < t->rows.n; i++)
        if (*t->rows.v[i].name && !is_total_label(t->rows.v[i].name))
            unit_add(m, t->rows.v[i].name, KIND_ADMIN);
}

/* The department's own office: the unit named as the department, without
** its "[部门]"; it goes first. */
static void own_unit(Imp *m)
{
    const char *d = m->department;
    const char *bracket = d ? strstr(d, "[部门]") : NULL;
    size_t n = bracket ? (size_t)(bracket - d) : d ? strlen(d) : 0;
    for (uint32_t i = 0; d && i < m->units.n; i++) {
        IUnit *u = &m->units.v[i];
        if (strlen(u->name) == n && memcmp(u->name, d, n) == 0) {
            u->own = true;
            IUnit own = *u;
            memmove(m->units.v + 1, m->units.v, i * sizeof *u);
            m->units.v[0] = own;
            return;
        }
    }
}

/* ---- writing: header, department, units -------------------------------- */

static const char *table_title(Imp *m, int number)
{
    for (uint32_t i = 0; i < m->layout->tables.n; i++) {
        const LTable *lt = &m->layout->tables.v[i];
        if (lt->number != number)
            continue;
        const char *ti = lt->title, *y = strstr(ti, "{year}");
        if (!y)
            return ti;
        const char *year = m->year ? arena_printf(m->cx, "%d", m->year) : "";
        return arena_printf(m->cx, "%.*s%s%s", (int)(y - ti), ti, year, y + 6);
    }
    return "";
}

/* "table-01.csv … table-13.csv" or "表1 … 表13": the tables read. */
static const char *tables_read(Imp *m)
{
    const char *out = "", *missing = "";
    for (int i = 1; i <= NTABLES; i++) {
        const Table *t = &m->t[i];
        if (!t->spec || !t->map.nroles)
            continue;
        const char *nm = m->xlsx ? t->map.sheet : t->map.file;
        if (t->present)
            out = arena_printf(m->cx, "%s%s%s", out, *out ? ", " : "", nm);
        else
            missing = arena_printf(m->cx, "%s%s%s", missing,
                                   *missing ? ", " : "", nm);
    }
    return *missing ? arena_printf(m->cx, "%s; not found: %s", out, missing)
                    : out;
}

static void write_header(Imp *m)
{
    o_text(m, "# %s: imported by `budgetc import --layout %s` from %s %s",
           m->department ? m->department : "budget", m->il->name,
           m->xlsx ? "the workbook" : "the tables in", m->input);
    o_text(m, "# (read: %s).", tables_read(m));
    o_text(m, "#");
    o_text(m, "# Every amount is a figure the tables print, in their unit and "
           "precision (%s to %d decimals):", money_unit_name(m->t[3].unit),
           m->layout->decimals);
    o_text(m, "# an exact amount the tables round (a project's 年度资金总额 in "
           "元) is not known here.");
    o_text(m, "# The rows the tables print as totals (类, 款, 合计, the "
           "department's and the units') are");
    o_text(m, "# written as figures to check. The tables do not say, so this "
           "budget lacks: the department's");
    o_text(m, "# code, duties, offices and staff; project categories and KPI "
           "forms (E0601); the department-wide");
    o_text(m, "# KPI form; last year's figures; 三公, procurement and assets; "
           "the prose of 情况说明.");
    o_blank(m);
    o_text(m, "import %s", m->il->module);
}

/* `path` as seen from the folder of `from` (a file, NULL for the current
** folder): relative when both resolve, else absolute. */
static const char *path_from(Imp *m, const char *path, const char *from)
{
    char a[PATH_MAX], b[PATH_MAX];
    const char *slash = from ? strrchr(from, '/') : NULL;
    const char *dir = !from || !slash ? "." : slash == from ? "/"
                    : arena_strndup(m->cx, from, (size_t)(slash - from));
    if (!realpath(path, a))
        return path;
    if (!realpath(dir, b))
        return arena_strndup(m->cx, a, strlen(a));
    size_t i = 0, common = 0;
    while (a[i] && a[i] == b[i]) {
        if (a[i] == '/')
            common = i;
        i++;
    }
    if (!b[i] && a[i] == '/')
        common = i;
    const char *out = "";
    for (const char *p = b + common; *p; p++)
        if (*p == '/' && p[1])
            out = arena_printf(m->cx, "%s../", out);
    return arena_printf(m->cx, "%s%s", out, a + common + 1);
}

static void write_department(Imp *m)
{
    for (uint32_t i = 0; i < m->catalogs.n; i++)
        o_text(m, "include %s", src_quoted(m->cx, path_from(m, m->catalogs.v[i],
                                                         m->out_path)));
    o_blank(m);
    if (m->department_from)
        o_text(m, "# the department's name: %s", m->department_from);
    o_open(m, arena_printf(m->cx, "department %s",
                           src_quoted(m->cx, m->department)));
    if (m->year) {
        o_row(m);
        o_word(m, "year");
        o_atom(m, arena_printf(m->cx, "%d", m->year));
    } else {
        o_text(m, "# year: no heading of the tables names it");
    }
    if (m->layout->province) {
        o_row(m);
        o_word(m, "province");
        o_word(m, m->layout->province);
    }
    o_close(m);
}

static void write_units(Imp *m)
{
    o_blank(m);
    if (!m->units.n) {
        o_text(m, "# units: tables 11, 12 and 13 name none");
        return;
    }
    o_text(m, "# units: those table 11 lists (机关运行经费) are administrative "
           "(行政; or 参公: the table");
    o_text(m, "# does not say), the others of tables 12 and 13 institutions "
           "(事业)");
    for (uint32_t i = 0; i < m->units.n; i++) {
        const IUnit *u = &m->units.v[i];
        o_text(m, "unit %s { kind %s%s }", src_atom(m->cx, u->name),
               vocab_name(DIM_KIND, u->kind), u->own ? "; level 本级" : "");
    }
}

/* ---- writing: table 1, income and its totals ----------------------------- */

/* "一、一般公共预算" -> "一般公共预算": a printed label without its ordinal. */
static const char *label_of(const char *s)
{
    static const char numerals[] = "一二三四五六七八九十〇零0123456789";
    const char *sep = strstr(s, "、");
    if (!sep || sep == s || sep - s > 12)
        return s;
    for (const char *p = s; p < sep;) {
        uint32_t cp, k = src_decode(p, (uint32_t)(sep - p), &cp);
        char one[8] = { 0 };
        memcpy(one, p, k < 7 ? k : 7);
        if (!strstr(numerals, one))
            return s;
        p += k;
    }
    return sep + strlen("、");
}

static void write_income(Imp *m)
{
    const Table *t = &m->t[1];
    if (!t->present)
        return;
    o_blank(m);
    o_text(m, "# 表1 %s: 收入", table_title(m, 1));
    o_open(m, "income");
    o_row(m);
    o_word(m, "amounts");
    o_word(m, money_unit_name(t->unit));
    for (uint32_t i = 0; i < t->rows.n; i++) {
        const TRow *r = &t->rows.v[i];
        const char *l = label_of(r->name);
        const VocabEntry *e = vocab_find(DIM_SOURCE, l);
        const VocabEntry *y = vocab_find(DIM_YEAR, l);
        if (!(e && vocab_fact_value(e)) &&
            !(y && vocab_fact_value(y) == YEAR_CARRIED)) {
            if (has(r->income) && !is_total_label(l))
                report(m, t, r->line, MSG_WARNING, "income row '%s' is not a "
                       "source the language knows: left out", r->name);
            continue;
        }
        o_row(m);
        o_word(m, e ? e->canonical : y->canonical);
        o_amount(m, r->income, t->unit);
    }
    o_close(m);
}

/* A total line: `total TERMS... [unit NAME] [TERM] AMOUNT "LABEL"`;
** `terms` are vocabulary words, one space apart. */
static void total_line(Imp *m, const char *terms, const char *unit,
                       const char *term, int64_t fen, MoneyUnit mu,
                       const char *label)
{
    o_row(m);
    o_word(m, "total");
    for (const char *p = terms; *p;) {
        const char *sp = strchr(p, ' ');
        size_t n = sp ? (size_t)(sp - p) : strlen(p);
        o_atom(m, arena_strndup(m->cx, p, n));
        p += n + (sp != NULL);
    }
    if (unit) {
        o_word(m, "unit");
        o_word(m, unit);
    }
    if (term && *term)
        o_word(m, term);
    o_atom(m, amount_with_unit(m, fen, mu));
    o_atom(m, src_quoted(m->cx, label));
}

/* The terms of a money column for a total line ("" for 合计). */
static const char *col_terms(const VocabEntry *e)
{
    return e->dim == DIM_MEASURE ? "" : e->canonical;
}

/* Table 1's 合计 and 总计 rows: figures to check. */
static void write_table1_totals(Imp *m)
{
    const Table *t = &m->t[1];
    for (uint32_t i = 0; t->present && i < t->rows.n; i++) {
        const TRow *r = &t->rows.v[i];
        const char *l = label_of(r->name);
        if (has(r->income) && strcmp(l, "本年收入合计") == 0)
            total_line(m, "income 当年", NULL, NULL, r->income.fen, t->unit,
                       r->name);
        else if (has(r->income) && strcmp(l, "收入总计") == 0)
            total_line(m, "income", NULL, NULL, r->income.fen, t->unit,
                       r->name);
        const char *e = label_of(r->exp_name);
        if (strcmp(e, "本年支出合计") != 0 && strcmp(e, "支出总计") != 0)
            continue;
        for (uint32_t k = 0; k < t->nterms; k++) {
            const VocabEntry *v = t->term[k];
            if (has(r->amt[k]))
                total_line(m, "expenditure", NULL, col_terms(v), r->amt[k].fen,
                           t->unit, r->exp_name);
        }
    }
}

/* ---- writing: tables 3 and 2, expenditure by function ------------------ */

/* A source and a year: which block a fact goes to. */
typedef struct Key {
    uint8_t source;             /* SRC_*, 0: none */
    uint8_t year;               /* YEAR_*, 0: none */
} Key;

/* The terms of a `where`, as a key. */
static Key where_key(const Table *t)
{
    Key k = { 0, 0 };
    for (uint32_t i = 0; i < t->map.nwhere; i++) {
        const VocabEntry *e = t->map.where[i];
        *(e->dim == DIM_SOURCE ? &k.source : &k.year) =
            (uint8_t)vocab_fact_value(e);
    }
    return k;
}

static bool key_eq(Key a, Key b)
{
    return a.source == b.source && a.year == b.year;
}

/* "一般公共预算", "一般公共预算 上年结转", "上年结转": a key's words. */
static const char *key_text(Imp *m, Key k)
{
    if (!k.source)
        return vocab_name(DIM_YEAR, k.year ? k.year : YEAR_CURRENT);
    if (k.year != YEAR_CARRIED)
        return vocab_name(DIM_SOURCE, k.source);
    return arena_printf(m->cx, "%s %s", vocab_name(DIM_SOURCE, k.source),
                        vocab_name(DIM_YEAR, k.year));
}

/* A function row's money by source, from table 2. */
typedef struct Split2 {
    Key key[MAX_COLS];
    int64_t fen[MAX_COLS];
    uint32_t n;
    bool found;                 /* table 2 has the row */
} Split2;

static Split2 sources_of(Imp *m, const char *code)
{
    const Table *t = &m->t[2];
    Split2 s = { .n = 0 };
    Key base = where_key(t);
    for (uint32_t i = 0; code && t->present && i < t->rows.n; i++) {
        const TRow *r = &t->rows.v[i];
        if (!r->code || strcmp(r->code, code) != 0)
            continue;
        s.found = true;
        for (uint32_t k = 0; k < t->nterms; k++) {
            const VocabEntry *e = t->term[k];
            int v = vocab_fact_value(e);
            if (!has(r->amt[k]) || e->dim == DIM_MEASURE || !v)
                continue;
            Key key = base;
            *(e->dim == DIM_SOURCE ? &key.source : &key.year) = (uint8_t)v;
            s.key[s.n] = key;
            s.fen[s.n++] = r->amt[k].fen;
        }
        break;
    }
    return s;
}

/* Where a leaf row of table 3 goes: the block of its key, or, split by
** source, the block of each source. */
typedef struct Placed {
    const TRow *r;              /* the row */
    Split2 s;                   /* its money by source (table 2) */
    int measure;                /* its one measure's term, -1: several */
    bool split;                 /* written once per source, under s.key[j] */
    Key key;                    /* else the block it goes to */
    const char *why;            /* written without its source: why */
} Placed;

/* "一般公共预算 90.00, 单位资金 20.00": a row's sources, for a comment. */
static const char *sources_text(Imp *m, const Split2 *s, MoneyUnit unit)
{
    const char *out = "";
    for (uint32_t i = 0; i < s->n; i++)
        out = arena_printf(m->cx, "%s%s%s %s", out, i ? ", " : "",
                           key_text(m, s->key[i]), amount_text(m, s->fen[i], unit));
    return out;
}

/* The year every source of the row shares, or 0. */
static uint8_t common_year(const Split2 *s)
{
    for (uint32_t i = 1; i < s->n; i++)
        if (s->key[i].year != s->key[0].year)
            return 0;
    return s->n ? s->key[0].year : 0;
}

/* Table 2 has several sources for the row: split it when it has one
** measure whose amount they add up to; else it has no single source. */
static void place_several(Imp *m, Placed *p, uint32_t nmeasures, int64_t msum)
{
    MoneyUnit u = m->t[3].unit;
    int64_t ssum = 0;
    for (uint32_t i = 0; i < p->s.n; i++)
        ssum += p->s.fen[i];
    if (nmeasures == 1 && ssum == msum) {
        p->split = true;
        return;
    }
    p->key = (Key){ 0, common_year(&p->s) };
    if (nmeasures != 1)
        p->why = arena_printf(m->cx, "table 2 gives it several sources (%s) "
                              "and table 3 several measures: written without "
                              "a source", sources_text(m, &p->s, u));
    else
        p->why = arena_printf(m->cx, "table 2's sources (%s) add up to %s, "
                              "not %s: written without a source",
                              sources_text(m, &p->s, u),
                              amount_text(m, ssum, u), amount_text(m, msum, u));
}

static void place(Imp *m, const TRow *r, Placed *p)
{
    const Table *t = &m->t[3];
    *p = (Placed){ .r = r, .measure = -1, .s = sources_of(m, r->code) };
    uint32_t nmeasures = 0;
    int64_t msum = 0;
    for (uint32_t k = 0; k < t->nterms; k++)
        if (t->term[k]->mask != (1u << MEAS_TOTAL) && has(r->amt[k])) {
            nmeasures++;
            p->measure = (int)k;
            msum = r->amt[k].fen;
        }
    if (nmeasures != 1)
        p->measure = -1;
    Key w = where_key(t);
    if (p->s.n == 0 && (w.source || w.year)) {
        p->s.key[0] = w;
        p->s.n = 1;
    }
    if (p->s.n == 1)
        p->key = p->s.key[0];
    else if (p->s.n == 0 && m->t[2].present)
        p->why = p->s.found ? "table 2 prints no amount for it: written "
                              "without a source"
                            : "not in table 2: written without a source";
    else if (p->s.n > 1)
        place_several(m, p, nmeasures, msum);
}

/* A row of table 3 as printed, or (src >= 0) one source's share of it. */
static void fn_row(Imp *m, const TRow *r, const Placed *p, int src)
{
    const Table *t = &m->t[3];
    o_row(m);
    o_atom(m, r->code ? r->code : "all");
    if (*r->name)
        o_word(m, r->name);
    else if (r->all)
        o_word(m, "合计");
    for (uint32_t k = 0; k < t->nterms; k++) {
        Amount a = r->amt[k];
        if (src >= 0) {
            bool mine = t->term[k]->mask == (1u << MEAS_TOTAL) ||
                        (int)k == p->measure;
            a = (Amount){ mine ? p->s.fen[src] : 0, mine };
        }
        o_amount(m, a, t->unit);
    }
}

static void block_head(Imp *m, const Table *t, Key k, const char *what)
{
    o_open(m, what);
    if (k.source) {
        o_row(m);
        o_word(m, "source");
        o_word(m, vocab_name(DIM_SOURCE, k.source));
    }
    if (k.year) {
        o_row(m);
        o_word(m, "year");
        o_word(m, vocab_name(DIM_YEAR, k.year));
    }
    o_row(m);
    o_word(m, "amounts");
    o_word(m, money_unit_name(t->unit));
    o_row(m);
    o_word(m, "columns");
    for (uint32_t i = 0; i < t->nterms; i++)
        o_word(m, t->term[i]->canonical);
}

static bool is_leaf(const TRow *r)
{
    return r->code && strlen(r->code) == 7;
}

static void key_add(Key *keys, uint32_t *nk, Key k)
{
    for (uint32_t q = 0; q < *nk; q++)
        if (key_eq(keys[q], k))
            return;
    if (*nk < MAX_COLS)
        keys[(*nk)++] = k;
}

/* The keys of the leaf rows' blocks, in the order they first appear. */
static uint32_t block_keys(const Placed *p, uint32_t n, Key *keys)
{
    uint32_t nk = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (!is_leaf(p[i].r))
            continue;
        if (!p[i].split)
            key_add(keys, &nk, p[i].key);
        for (uint32_t j = 0; p[i].split && j < p[i].s.n; j++)
            key_add(keys, &nk, p[i].s.key[j]);
    }
    return nk;
}

/* The rows of the block of key k, with the printed totals when `totals`. */
static void fn_rows(Imp *m, const Placed *p, uint32_t n, Key k, bool totals)
{
    for (uint32_t i = 0; i < n; i++) {
        const TRow *r = p[i].r;
        if (!is_leaf(r)) {
            if (totals)
                fn_row(m, r, NULL, -1);
        } else if (!p[i].split && key_eq(p[i].key, k)) {
            fn_row(m, r, NULL, -1);
            if (p[i].why)
                o_note(m, "%s", p[i].why);
        }
        for (uint32_t j = 0; p[i].split && j < p[i].s.n; j++)
            if (key_eq(p[i].s.key[j], k)) {
                fn_row(m, r, &p[i], (int)j);
                o_note(m, "its %s (table 2)", key_text(m, k));
            }
    }
}

/* What the placement means for the figures that follow: table 2 cannot
** be checked when a row lost its sources; a project figure by source of
** a year cannot when a row has 项目支出 of that year without one. */
static void note_sourceless(Imp *m, const Placed *p)
{
    const Table *t = &m->t[3];
    m->table2_broken |= p->why != NULL;
    if (p->split || p->key.source)
        return;
    for (uint32_t k = 0; k < t->nterms; k++)
        if (t->term[k]->mask == (1u << MEAS_PROJECT) && has(p->r->amt[k]))
            m->project_sourceless[p->key.year ? p->key.year : YEAR_CURRENT] =
                true;
}

static void write_function(Imp *m)
{
    const Table *t = &m->t[3];
    uint32_t n = t->rows.n;
    Placed *p = arena_alloc(m->cx, (n + 1) * sizeof *p);
    for (uint32_t i = 0; i < n; i++) {
        p[i] = (Placed){ .r = &t->rows.v[i], .measure = -1 };
        if (is_leaf(&t->rows.v[i])) {
            place(m, &t->rows.v[i], &p[i]);
            note_sourceless(m, &p[i]);
        }
    }
    Key keys[MAX_COLS], none = { 0, 0 };
    uint32_t nk = block_keys(p, n, keys);
    Key first = nk == 1 ? keys[0] : none;
    o_blank(m);
    o_text(m, "# 表3 %s: the facts by function 项 and measure, the source of "
           "each row", table_title(m, 3));
    Key w = where_key(t);
    if (m->t[2].present)
        o_text(m, "# from table 2");
    else if (w.source || w.year)
        o_text(m, "# from the map: table 3 where %s", key_text(m, w));
    else
        o_text(m, "# unknown: table 2 was not found");
    block_head(m, t, first, "expenditure by function");
    fn_rows(m, p, n, first, true);
    o_close(m);
    for (uint32_t j = 0; nk > 1 && j < nk; j++) {
        if (key_eq(keys[j], none))
            continue;
        o_blank(m);
        if (keys[j].source)
            o_text(m, "# 表3's rows of %s (table 2)", key_text(m, keys[j]));
        else
            o_text(m, "# 表3's rows without a source (%s)", key_text(m, keys[j]));
        block_head(m, t, keys[j], "expenditure by function");
        fn_rows(m, p, n, keys[j], false);
        o_close(m);
    }
}

/* Table 2 as printed: every cell a figure to check. */
static void write_table2(Imp *m)
{
    const Table *t = &m->t[2];
    if (!t->present)
        return;
    o_blank(m);
    if (m->table2_broken) {
        o_text(m, "# 表2 %s is not written as figures to check: rows of "
               "table 3 above", table_title(m, 2));
        o_text(m, "# have no single source");
        return;
    }
    o_text(m, "# 表2 %s, as printed: figures to check", table_title(m, 2));
    block_head(m, t, where_key(t), "stated expenditure by function");
    for (uint32_t i = 0; i < t->rows.n; i++) {
        const TRow *r = &t->rows.v[i];
        if (!r->code && !r->all)
            continue;
        o_row(m);
        o_atom(m, r->code ? r->code : "all");
        o_word(m, *r->name ? r->name : "合计");
        for (uint32_t k = 0; k < t->nterms; k++)
            o_amount(m, r->amt[k], t->unit);
    }
    o_close(m);
}

/* ---- writing: table 6, expenditure by economic ---------------------------- */

/* The codes of a table 6 row, which prints names only. */
typedef struct EconRes {
    const char *code;           /* 类 or 部门经济科目 code; NULL: left out */
    bool named;                 /* the name's code (else its 类's 其他, 99) */
    bool cls;                   /* a 类 row: a figure to check */
    const char *gov;            /* 政府经济科目 code, or NULL */
    uint32_t ncodes, ngov;      /* codes the names have, for a "check" note */
    const char *dropped;        /* the government code the mapping refuses */
} EconRes;

/* Does the mapping pair `econ` with another government code for the kind
** of unit `gov` says (501/502 行政, 505 事业)? */
static bool mapping_refuses(Imp *m, const char *econ, const char *gov)
{
    int kind = has_prefix(gov, "501") || has_prefix(gov, "502") ? KIND_ADMIN
             : has_prefix(gov, "505") ? KIND_INSTITUTION : 0;
    Program *p = m->cx->prog;
    bool other = false;
    for (uint32_t i = 0; kind && i < p->mapping.n; i++) {
        const MappingEntry *e = &p->mapping.v[i];
        if (e->kind == kind && strcmp(e->econ, econ) == 0) {
            if (strcmp(e->gov, gov) == 0)
                return false;
            other = true;
        }
    }
    return other;
}

/* A row's codes: a name alone is a 类 (it sets *cls for the rows under
** it) or a 款; a 款 not in the catalogs goes under its 类's 其他 (99). */
static EconRes econ_resolve(Imp *m, const TRow *r, const char **cls)
{
    EconRes e = { .named = true };
    if (!*r->gov_name &&
        (e.ncodes = codes_named(m, "economic", r->name, 3, NULL, &e.code))) {
        *cls = e.code;
        e.cls = true;
        return e;
    }
    e.ncodes = codes_named(m, "economic", r->name, 5, *cls, &e.code);
    if (!e.code) {
        e.named = false;
        e.code = *cls ? arena_printf(m->cx, "%s99", *cls) : NULL;
    }
    if (*r->gov_name && e.code)
        e.gov = gov_code(m, e.named ? e.code : NULL, r->gov_name, &e.ngov);
    if (e.gov && !e.named && mapping_refuses(m, e.code, e.gov)) {
        e.dropped = e.gov;
        e.gov = NULL;
    }
    return e;
}

/* Another row whose 合计 filter (code, and gov when known) covers this
** row's facts too: then this row's 合计 cannot be checked. */
static bool shares_filter(const EconRes *res, uint32_t n, uint32_t i)
{
    for (uint32_t j = 0; j < n; j++)
        if (j != i && res[j].code && !res[j].cls && res[i].code &&
            strcmp(res[j].code, res[i].code) == 0 &&
            (!res[i].gov || (res[j].gov && strcmp(res[j].gov, res[i].gov) == 0)))
            return true;
    return false;
}

static void econ_notes(Imp *m, const Table *t, const TRow *r, const EconRes *e,
                       bool blank_total)
{
    if (!e->named) {
        report(m, t, r->line, MSG_WARNING, "no 部门经济科目 named '%s' in the "
               "catalogs: written under %s, the 其他 of its 类", r->name,
               e->code);
        o_note(m, "unresolved: %s (written under %s, its 类's 其他)", r->name,
               e->code);
    } else if (e->ncodes > 1) {
        o_note(m, "'%s' names %u codes: check", r->name, e->ncodes);
    }
    if (*r->gov_name && !e->gov) {
        m->operating_unknown = true;
        report(m, t, r->line, MSG_WARNING, "政府经济科目 '%s' %s: written "
               "without one", r->gov_name, e->dropped ? "is not what the "
               "mapping pairs with the 其他 code" : "is in neither the mapping "
               "nor the catalogs");
        if (e->dropped)
            o_note(m, "unresolved: %s (%s by its name, which the mapping does "
                   "not pair with %s)", r->gov_name, e->dropped, e->code);
        else
            o_note(m, "unresolved: %s", r->gov_name);
    } else if (e->ngov > 1) {
        o_note(m, "'%s' names %u government codes: check", r->gov_name, e->ngov);
    }
    if (blank_total)
        o_note(m, "its 合计 is not a figure to check: another row has its code");
}

static void econ_row(Imp *m, const Table *t, const TRow *r, const EconRes *e,
                     bool blank_total)
{
    if (!e->code) {
        report(m, t, r->line, MSG_WARNING, "no 部门经济科目 named '%s' and no "
               "类 above it: the row is left out", r->name);
        o_text(m, "# unresolved: %s (no code; the row is left out)", r->name);
        return;
    }
    const char *other = e->named ? r->name
                                 : catalog_name(m, "economic", e->code);
    o_row(m);
    o_atom(m, e->code);
    if (other)
        o_word(m, other);
    if (e->gov) {
        o_atom(m, "->");
        o_atom(m, e->gov);
        o_word(m, r->gov_name);
    }
    for (uint32_t k = 0; k < t->nterms; k++)
        o_amount(m, blank_total && t->term[k]->mask == (1u << MEAS_TOTAL)
                    ? (Amount){ 0, false } : r->amt[k], t->unit);
    econ_notes(m, t, r, e, blank_total);
}

static void write_economic(Imp *m)
{
    const Table *t = &m->t[6];
    if (!t->present)
        return;
    o_blank(m);
    o_text(m, "# 表6 %s:", table_title(m, 6));
    o_text(m, "# it prints names; the codes are the economic catalog's, and "
           "the mapping's (stdlib/mapping.budget)");
    o_text(m, "# and the government catalog's");
    block_head(m, t, where_key(t), "expenditure by economic");
    EconRes *res = arena_alloc(m->cx, (t->rows.n + 1) * sizeof *res);
    const char *cls = NULL;
    for (uint32_t i = 0; i < t->rows.n; i++)
        if (!t->rows.v[i].all && !is_total_label(t->rows.v[i].name) &&
            *t->rows.v[i].name)
            res[i] = econ_resolve(m, &t->rows.v[i], &cls);
    for (uint32_t i = 0; i < t->rows.n; i++) {
        const TRow *r = &t->rows.v[i];
        if (r->all || is_total_label(r->name)) {
            o_row(m);
            o_atom(m, "all");
            o_word(m, *r->name ? r->name : "合计");
            for (uint32_t j = 0; j < t->nterms; j++)
                o_amount(m, r->amt[j], t->unit);
        } else if (*r->name) {
            econ_row(m, t, r, &res[i], !res[i].cls &&
                     shares_filter(res, t->rows.n, i));
        }
    }
    o_close(m);
}

/* ---- writing: tables 11, 12, 13 ----------------------------------------- */

static void unit_totals(Imp *m, const Table *t, const TRow *r, const char *what,
                        const char *unit, bool sources)
{
    for (uint32_t k = 0; k < t->nterms; k++)
        if (has(r->amt[k]) && (sources || t->term[k]->dim != DIM_SOURCE))
            total_line(m, what, unit, col_terms(t->term[k]), r->amt[k].fen,
                       t->unit, r->name);
}

static void write_table11(Imp *m)
{
    const Table *t = &m->t[11];
    if (!t->present || !t->rows.n)
        return;
    o_blank(m);
    if (m->operating_unknown) {
        o_text(m, "# 表11 %s is not written as figures to check:",
               table_title(m, 11));
        o_text(m, "# rows of table 6 have no government code, so which 公用经费 "
               "is 机关运行经费 cannot be told");
        return;
    }
    o_text(m, "# 表11 %s: figures to check", table_title(m, 11));
    for (uint32_t i = 0; i < t->rows.n; i++) {
        const TRow *r = &t->rows.v[i];
        bool dept = is_total_label(r->name) || i == 0;
        unit_totals(m, t, r, "机关运行经费 当年", dept ? NULL : r->name, true);
    }
}

/* Tables 12 and 13's department and unit rows: figures to check. */
static void project_totals(Imp *m, const Table *t, const char *year)
{
    if (!t->present || t->rows.n < 2)
        return;
    o_blank(m);
    o_text(m, "# 表%d %s: the department's and the units' rows, figures to "
           "check;", t->spec->number, table_title(m, t->spec->number));
    o_text(m, "# each project's row is its `%s` line below",
           t->spec->number == 12 ? "budget" : "carried");
    const char *what = arena_printf(m->cx, "%s 项目支出", year);
    bool sourceless = m->project_sourceless[t->spec->number == 12
                                            ? YEAR_CURRENT : YEAR_CARRIED];
    if (sourceless)
        o_text(m, "# (the department's figures by source are not: table 3 "
               "has 项目支出 of %s without a source)", year);
    unit_totals(m, t, &t->rows.v[0], what, NULL, !sourceless);
    for (uint32_t i = 1; i < t->rows.n; i++) {
        const TRow *r = &t->rows.v[i];
        if (t->unit_row[i - 1])
            unit_totals(m, t, r, what, r->name, true);
    }
}

/* `budget 合计 10.50万元 一般公共预算 10.50万元`: a project's row. */
static void project_line(Imp *m, const Table *t, const TRow *r, const char *kw)
{
    if (!r)
        return;
    o_row(m);
    o_word(m, kw);
    bool any = false;
    for (uint32_t k = 0; k < t->nterms; k++) {
        if (!has(r->amt[k]))
            continue;
        o_word(m, t->term[k]->canonical);
        o_atom(m, amount_with_unit(m, r->amt[k].fen, t->unit));
        any = true;
    }
    if (!any) {
        o_word(m, "合计");
        o_atom(m, "-");
    }
}

static void write_projects(Imp *m)
{
    for (uint32_t i = 0; i < m->projects.n; i++) {
        const IProject *p = &m->projects.v[i];
        o_blank(m);
        o_open(m, arena_printf(m->cx, "project %s", src_atom(m->cx, p->name)));
        o_row(m);
        o_word(m, "unit");
        o_word(m, p->unit);
        project_line(m, &m->t[12], p->budget, "budget");
        project_line(m, &m->t[13], p->carried, "carried");
        o_close(m);
    }
}

/* ---- the command -------------------------------------------------------- */

/* Write the budget to path (standard output if NULL); the exit status. */
static int write_out(Imp *m, const char *path)
{
    Buf raw = { 0 };
    render(m, &raw);
    /* the layout is budgetc fmt's: parse the text and format it */
    uint32_t nerr = m->cx->nerrors;
    uint32_t file = src_add(m->cx, "<import>", arena_strndup(m->cx, raw.v,
                            raw.n), (uint32_t)raw.n, span_none());
    Stmt *root = ast_parse_file(m->cx, file);
    if (m->cx->nerrors != nerr) {  /* a bug: the diagnostics say where */
        diag_render(m->cx, stderr);
        fputs("budgetc: internal error: the imported budget does not parse\n",
              stderr);
        return 2;
    }
    size_t n;
    char *text = fmt_source(m->cx, file, root, &n);
    bool ok;
    if (!path) {
        ok = fwrite(text, 1, n, stdout) == n && fflush(stdout) == 0;
    } else {
        const char *tmp = arena_printf(m->cx, "%s.tmp", path);
        FILE *f = fopen(tmp, "w");
        ok = f && fwrite(text, 1, n, f) == n;
        ok = f && fclose(f) == 0 && ok;
        if (f && (!ok || rename(tmp, path) != 0)) {
            int err = errno;
            remove(tmp);
            errno = err;
            ok = false;
        }
    }
    if (ok)
        return 0;
    report(m, NULL, 0, MSG_ERROR, "cannot write '%s': %s",
           path ? path : "standard output", strerror(errno));
    return 2;
}

/* Read the input's tables into the model; false on an input error. */
static bool read_input(Imp *m)
{
    if (!load_tables(m))
        return false;
    for (int i = 1; i <= NTABLES; i++) {
        Table *t = &m->t[i];
        if (!t->present)
            continue;
        table_terms(m, t);
        read_rows(m, t);
        if (i == 2 || i == 3)
            function_rows(m, t);
    }
    for (int i = 3; i > 0; i--)
        if (m->t[i].present)
            headings(m, &m->t[i]);
    for (int i = 4; i <= NTABLES; i++)
        if (m->t[i].present)
            headings(m, &m->t[i]);
    read_admin_units(m);
    read_projects(m, &m->t[12], false);
    read_projects(m, &m->t[13], true);
    if (m->errors)
        return false;
    if (!m->department) {
        report(m, NULL, 0, MSG_ERROR, "%s: no department name (no 部门名称 "
               "caption, no table 12): give --department NAME", m->input);
        return false;
    }
    own_unit(m);
    return true;
}

static void write_budget(Imp *m)
{
    write_header(m);
    write_department(m);
    write_units(m);
    write_income(m);
    write_table1_totals(m);
    write_function(m);
    write_table2(m);
    write_economic(m);
    write_table11(m);
    project_totals(m, &m->t[12], "当年");
    project_totals(m, &m->t[13], "上年结转");
    write_projects(m);
}

static int run(Imp *m, const char *map_path)
{
    if (!load_catalogs(m))
        return diag_render(m->cx, stderr), 1;
    tables_init(m);
    if (!map_load(m, arena_printf(m->cx, "<layout %s>", m->il->name),
                  (char *)m->il->map, (uint32_t)strlen(m->il->map)))
        return diag_render(m->cx, stderr), 2;
    if (map_path) {
        char *text;
        uint32_t len;
        const char *why;
        if (!src_read_file(m->cx, map_path, &text, &len, &why)) {
            report(m, NULL, 0, MSG_ERROR, "cannot read '%s': %s", map_path, why);
            return 2;
        }
        if (!map_load(m, map_path, text, len))
            return diag_render(m->cx, stderr), 1;
    }
    if (!read_input(m))
        return 1;
    write_budget(m);
    return write_out(m, m->out_path);
}

/* The arguments: options anywhere, one INPUT. */
static int parse_args(Imp *m, Options *opt, int argc, char **argv,
                      const char **map, const char **layout)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        bool valued = !strcmp(a, "--layout") || !strcmp(a, "--map") ||
                      !strcmp(a, "--department") || !strcmp(a, "--catalog") ||
                      !strcmp(a, "-o") || !strcmp(a, "-I");
        if (valued && i + 1 >= argc)
            return usage("%s needs a value", a);
        const char *v = valued ? argv[++i] : NULL;
        if (!strcmp(a, "--layout"))
            *layout = v;
        else if (!strcmp(a, "--map"))
            *map = v;
        else if (!strcmp(a, "--department"))
            m->department = v, m->department_from = "--department";
        else if (!strcmp(a, "--catalog"))
            vec_push(m->cx, &m->catalogs, v);
        else if (!strcmp(a, "-o"))
            m->out_path = strcmp(v, "-") ? v : NULL;
        else if (!strcmp(a, "-I"))
            vec_push(m->cx, &opt->search, v);
        else if (a[0] == '-' && a[1])
            return usage("unknown option '%s'", a);
        else if (m->input)
            return usage("import takes one INPUT, not '%s' too", a);
        else
            m->input = a;
    }
    return 0;
}

/* INPUT: a folder, or a zip (an XLSX workbook). */
static int check_input(Imp *m)
{
    if (is_dir(m->input))
        return 0;
    FILE *f = fopen(m->input, "rb");
    if (!f) {
        fprintf(stderr, "budgetc: error: cannot read '%s': %s\n", m->input,
                strerror(errno));
        return 2;
    }
    char sig[4] = { 0 };
    size_t n = fread(sig, 1, 4, f);
    fclose(f);
    if (n == 4 && memcmp(sig, "PK\003\004", 4) == 0) {
        m->xlsx = true;
        return 0;
    }
    fprintf(stderr, "budgetc: error: '%s' is neither a folder of table CSVs "
            "(table-01.csv ...) nor an XLSX workbook\n", m->input);
    return 1;
}

int import_main(Options *opt, int argc, char **argv)
{
    Imp m = { .cx = cx_new(opt, NULL, NULL) };
    const char *map = NULL, *layout = "shanxi";
    int st = parse_args(&m, opt, argc, argv, &map, &layout);
    if (!st && !m.input)
        st = usage("%s", "import needs an INPUT (a folder of table CSVs or "
                   "an XLSX workbook)");
    for (size_t i = 0; !st && i < sizeof import_layouts / sizeof
                                         import_layouts[0]; i++)
        if (strcmp(import_layouts[i].name, layout) == 0)
            m.il = &import_layouts[i];
    if (!st && !m.il)
        st = usage("no importer for layout '%s' (shanxi)", layout);
    for (uint32_t i = 0; !st && i < m.catalogs.n; i++)
        if (access(m.catalogs.v[i], R_OK) != 0) {
            fprintf(stderr, "budgetc: error: cannot read catalog '%s': %s\n",
                    m.catalogs.v[i], strerror(errno));
            st = 2;
        }
    if (!st)
        st = check_input(&m);
    if (!st)
        st = run(&m, map);
    memset(&opt->search, 0, sizeof opt->search);  /* its -I entries live in m.cx */
    cx_free(m.cx);
    return st;
}
