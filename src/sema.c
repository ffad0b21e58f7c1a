/*
** sema.c: from statements to the program model.
**
** Each block of the language is a context; the schema table below lists,
** for every context, the keywords it allows and the handler of each, plus
** a row handler for statements that are rows (a code, a source, an
** indicator).  Walking is depth first, so an include is walked in place
** with the include stack bracketing it.  Names that may be declared later
** (units, projects) are resolved by sema_finish at the end.
** Invariant: sema reports what is malformed; what is well formed but
** wrong (sums, catalogs, KPI) is for the checkers.
*/
#include "budgetc.h"
#include "program.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define CONTEXTS(X) \
    X(CTX_TOP, "the top level") \
    X(CTX_DEPT, "a department block") \
    X(CTX_UNIT, "a unit block") \
    X(CTX_STAFF, "a staff block") \
    X(CTX_LIST, "a list block") \
    X(CTX_INCOME, "an income block") \
    X(CTX_TABLE, "an expenditure block") \
    X(CTX_PROJECT, "a project block") \
    X(CTX_FORM, "a form block") \
    X(CTX_FUNDS, "a funds block") \
    X(CTX_INDICATORS, "an indicators block") \
    X(CTX_PERF, "a performance block") \
    X(CTX_PERF_FUNDS, "a performance funds block") \
    X(CTX_PRIOR, "a prior block") \
    X(CTX_PROCUREMENT, "a procurement block") \
    X(CTX_ASSETS, "an assets block") \
    X(CTX_NARRATIVE, "a narrative block") \
    X(CTX_CLAIMS, "a narrative section") \
    X(CTX_TEXT, "a section block") \
    X(CTX_CATALOG, "a catalog block") \
    X(CTX_MAPPING, "a mapping block") \
    X(CTX_GLOSSARY, "a glossary block") \
    X(CTX_LAYOUT, "a layout block") \
    X(CTX_LTABLE, "a layout table") \
    X(CTX_LSIDE, "a table side") \
    X(CTX_LFOOT, "a table foot") \
    X(CTX_LCOLUMNS, "a columns block") \
    X(CTX_LPROSE, "a prose block")

#define X(c, d) c,
typedef enum Ctx { CONTEXTS(X) CTX__COUNT } Ctx;
#undef X

static const char *const ctx_names[] = {
#define X(c, d) d,
    CONTEXTS(X)
#undef X
};

/* A column of a table block. */
typedef struct Column {
    bool total;          /* 合计: no filter of its own */
    uint8_t dim;         /* Dim of its word */
    uint16_t mask;       /* the values it covers */
    uint8_t fact;        /* the value a fact in it gets; 0: never a fact */
    Span span;
} Column;

/* The state of one table block. */
typedef struct Table {
    uint8_t view;        /* VIEW_FUNCTION or VIEW_ECONOMIC */
    bool stated;         /* every cell is a stated total */
    Filter head;         /* dimensions set by header statements */
    Column *cols;
    uint32_t ncols;
    uint8_t fact_dim;    /* the one dimension of fact columns, or 0 */
    Span span;
} Table;

/* Where a walk is: the context and what it is filling. */
typedef struct Scope {
    Ctx ctx;
    MoneyUnit amounts;       /* unit for bare amounts, or UNIT_NONE */
    Table *table;            /* CTX_TABLE */
    Project *project;        /* CTX_PROJECT, CTX_FORM, CTX_FUNDS, ... */
    Form *form;              /* CTX_FORM and below */
    Performance *perf;       /* CTX_PERF and below */
    int32_t *staff;          /* CTX_STAFF: the four figures */
    void *list;              /* CTX_LIST, CTX_TEXT: a VEC(Text) */
    const char *title;       /* CTX_TEXT title, CTX_CLAIMS section */
    uint8_t period;          /* CTX_INDICATORS */
    Catalog *catalog;        /* CTX_CATALOG */
    Unit *unit;              /* CTX_UNIT */
    Layout *layout;          /* CTX_LAYOUT and below */
    LTable *ltable;          /* CTX_LTABLE and below */
    LSide *side;             /* CTX_LSIDE, CTX_LFOOT */
    LColumnVec *cols;        /* CTX_LCOLUMNS */
} Scope;

typedef VEC(Text) TextVec;
typedef VEC(Indicator) IndicatorVec;

typedef struct Sema {
    Compilation *cx;
    Program *p;
    StrMap *unit_map;        /* unit name -> index */
    StrMap *project_map;     /* (name, unit) -> index; see resolve_filter */
    const Allow *pending;    /* an @allow waiting for its statement */
    bool saw_unit_kind;      /* CTX_UNIT: kind given */
    TextVec table_units;     /* 'unit NAME' headers of table blocks */
    VEC(Span) bad_units;     /* unknown unit names already reported */
    struct Interned *strs;   /* every name and code, kept once */
    uint32_t nstrs, capstrs;
} Sema;

/* A string kept once: codes and names repeat on every row of a big
** budget, so equal texts share one copy. */
typedef struct Interned {
    const char *s;
    uint32_t len, hash;
} Interned;

typedef void (*Handler)(Sema *s, Scope *sc, Stmt *st);

static void walk(Sema *s, Scope *sc, Stmt *list);
static void h_form_text(Sema *s, Scope *sc, Stmt *st);

/* ---- small helpers -------------------------------------------------- */

/* The slot of (p, n) in v: where it is, or the empty one where it goes. */
static uint32_t intern_slot(const Interned *v, uint32_t cap, const char *p,
                            uint32_t n, uint32_t h)
{
    uint32_t i = h & (cap - 1);
    while (v[i].s && !(v[i].hash == h && v[i].len == n &&
                       memcmp(v[i].s, p, n) == 0))
        i = (i + 1) & (cap - 1);
    return i;
}

/* Eight bytes at a time: every atom of a big budget passes here. */
static uint32_t intern_hash(const char *p, uint32_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15u ^ n, w;
    for (; n >= 8; p += 8, n -= 8) {
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
        h ^= h >> 32;
    }
    w = 0;
    memcpy(&w, p, n);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53u;
    return (uint32_t)(h ^ h >> 29);
}

static const char *intern(Sema *s, const char *p, uint32_t n)
{
    uint32_t h = intern_hash(p, n);
    if ((s->nstrs + 1) * 2 > s->capstrs) {
        uint32_t cap = s->capstrs ? s->capstrs * 2 : 1024;
        Interned *v = arena_alloc(s->cx, cap * sizeof *v);
        for (uint32_t k = 0; k < s->capstrs; k++) {
            Interned e = s->strs[k];
            if (e.s)
                v[intern_slot(v, cap, e.s, e.len, e.hash)] = e;
        }
        s->strs = v;
        s->capstrs = cap;
    }
    uint32_t i = intern_slot(s->strs, s->capstrs, p, n, h);
    if (!s->strs[i].s) {
        Interned e = { arena_strndup(s->cx, p, n), n, h };
        s->strs[i] = e;
        s->nstrs++;
    }
    return s->strs[i].s;
}

/* An atom's text (a string's value), interned. */
static const char *text_of(Sema *s, Atom a)
{
    uint32_t n;
    const char *p = a.kind == TK_STRING ? ast_string_value(s->cx, a, &n)
                                        : atom_text(s->cx, a, &n);
    return intern(s, p, n);
}

static bool is_name(Atom a)
{
    return a.kind == TK_WORD || a.kind == TK_STRING;
}

static Span atoms_span(Stmt *st, uint32_t from)
{
    Span sp = st->atoms[from].span;
    for (uint32_t i = from + 1; i < st->natoms; i++)
        sp = span_join(sp, st->atoms[i].span);
    return sp;
}

/* atoms[from..to) as written, one space apart */
static const char *words_of(Sema *s, Stmt *st, uint32_t from, uint32_t to)
{
    const char *out = "";
    for (uint32_t i = from; i < to; i++) {
        uint32_t n;
        const char *t = atom_text(s->cx, st->atoms[i], &n);
        out = arena_printf(s->cx, "%s%s%.*s", out, i > from ? " " : "", (int)n, t);
    }
    return out;
}

static void need_args(Sema *s, Stmt *st, uint32_t min, uint32_t max,
                      const char *shape)
{
    if (st->natoms < min)
        diag_emit(s->cx, E0302, st->span, "expected '%s'", shape);
    else if (st->natoms > max)
        diag_emit(s->cx, E0302, atoms_span(st, max), "unexpected words after "
                  "'%s'", shape);
}

static bool no_block(Sema *s, Stmt *st)
{
    if (st->has_block) {
        diag_emit(s->cx, E0302, st->lbrace, "this statement takes no block");
        return false;
    }
    return true;
}

static bool want_block(Sema *s, Stmt *st, const char *shape)
{
    if (!st->has_block) {
        diag_emit(s->cx, E0302, st->span, "expected a block: '%s { ... }'",
                  shape);
        return false;
    }
    return true;
}

/* A word or string argument at index i, or a diagnostic. */
static const char *name_arg(Sema *s, Stmt *st, uint32_t i, const char *what)
{
    if (i >= st->natoms || !is_name(st->atoms[i])) {
        Span sp = i < st->natoms ? st->atoms[i].span : st->span;
        diag_emit(s->cx, E0302, sp, "expected %s (a word or a string)", what);
        return NULL;
    }
    return text_of(s, st->atoms[i]);
}

static int vocab_arg(Sema *s, Atom a, int dim, uint16_t *mask)
{
    const VocabEntry *e = vocab_lookup(s->cx, a, dim);
    if (!e) {
        uint32_t n;
        const char *t = atom_text(s->cx, a, &n);
        diag_emit(s->cx, E0303, a.span, "unknown %s '%.*s'; expected %s",
                  vocab_dim_name(dim), (int)n, t, vocab_list(s->cx, dim));
        return 0;
    }
    if (mask)
        *mask = e->mask;
    int v = 0;
    while (!(e->mask & (1u << v)))
        v++;
    return v;
}

/* Parse an amount: a number with 元/万元, or a bare number under 'amounts'. */
static bool amount_arg(Sema *s, Scope *sc, Atom a, Money *out)
{
    memset(out, 0, sizeof *out);
    if (a.kind != TK_NUMBER) {
        diag_emit(s->cx, E0302, a.span, "expected an amount");
        return false;
    }
    uint32_t n;
    const char *t = atom_text(s->cx, a, &n);
    char buf[64];
    Numeral nm;
    NumStatus st = num_split(t, n, &nm, buf, sizeof buf);
    MoneyUnit u = sc->amounts;
    if (st == NUM_OK && nm.nsuffix) {
        u = money_unit_from(nm.suffix, nm.nsuffix);
        if (u == UNIT_NONE) {
            diag_emit(s->cx, E0204, a.span, "'%.*s' is not a money unit; "
                      "expected 元 or 万元", (int)nm.nsuffix, nm.suffix);
            return false;
        }
    } else if (st == NUM_OK && u == UNIT_NONE) {
        diag_emit(s->cx, E0203, a.span, "amount '%.*s' has no unit; write "
                  "'%.*s万元' or '%.*s元', or put 'amounts 万元' before it",
                  (int)n, t, (int)n, t, (int)n, t);
        return false;
    }
    if (st == NUM_OK)
        st = money_from_numeral(&nm, u, out);
    switch (st) {
    case NUM_OK:
        return true;
    case NUM_OVERFLOW:
        diag_emit(s->cx, E0202, a.span, "amount '%.*s' is out of range",
                  (int)n, t);
        return false;
    case NUM_TOO_FINE:
        diag_emit(s->cx, E0201, a.span, "amount '%.*s' is finer than one fen",
                  (int)n, t);
        return false;
    default:
        diag_emit(s->cx, E0204, a.span, "malformed amount '%.*s'", (int)n, t);
        return false;
    }
}

/* A whole count such as 52, 3个, 60人: returns -1 after a diagnostic. */
static int32_t count_arg(Sema *s, Atom a)
{
    if (a.kind == TK_NUMBER) {
        uint32_t n;
        const char *t = atom_text(s->cx, a, &n);
        char buf[32];
        Numeral nm;
        if (num_split(t, n, &nm, buf, sizeof buf) == NUM_OK && !nm.neg &&
            nm.nfrac == 0 && nm.nint <= 9 &&
            (nm.nsuffix == 0 || (nm.suffix[0] != '%' &&
             money_unit_from(nm.suffix, nm.nsuffix) == UNIT_NONE)))
            return (int32_t)strtol(buf, NULL, 10);
    }
    diag_emit(s->cx, E0302, a.span, "expected a whole number, with a count "
              "unit if any (52, 52人, 3个)");
    return -1;
}

/* A classification code: digits only, of an allowed length. */
static const char *code_arg(Sema *s, Atom a, const char *lens, const char *what)
{
    uint32_t n;
    const char *t = atom_text(s->cx, a, &n);
    bool digits = a.kind == TK_NUMBER && n > 0;
    for (uint32_t i = 0; digits && i < n; i++)
        digits = t[i] >= '0' && t[i] <= '9';
    if (!digits || n > 9 || !strchr(lens, (int)('0' + n))) {
        diag_emit(s->cx, E0309, a.span, "'%.*s' is not a %s code", (int)n, t,
                  what);
        return NULL;
    }
    return intern(s, t, n);
}

static void filter_init(Filter *f)
{
    memset(f, 0, sizeof *f);
    f->unit = -1;
    f->project = -1;
}

/* ---- terms: the filters of total, prior and reason lines ------------ */

/* Parse terms from atoms[from..to) into f.  Returns false on error. */
static bool parse_terms(Sema *s, Stmt *st, uint32_t from, uint32_t to,
                        Filter *f)
{
    for (uint32_t i = from; i < to; i++) {
        Atom a = st->atoms[i];
        if (atom_is(s->cx, a, "function") || atom_is(s->cx, a, "economic") ||
            atom_is(s->cx, a, "gov")) {
            if (i + 1 >= to) {
                diag_emit(s->cx, E0302, a.span, "expected a code after it");
                return false;
            }
            bool fn = atom_is(s->cx, a, "function");
            const char *c = code_arg(s, st->atoms[++i], fn ? "357" : "35",
                                     fn ? "function" : "economic");
            if (!c)
                return false;
            if (fn)
                f->func = c;
            else if (atom_is(s->cx, a, "economic"))
                f->econ = c;
            else
                f->gov = c;
            continue;
        }
        if (atom_is(s->cx, a, "unit") || atom_is(s->cx, a, "project")) {
            bool unit = atom_is(s->cx, a, "unit");
            const char *nm = name_arg(s, st, i + 1, unit ? "a unit name"
                                                         : "a project name");
            if (!nm || i + 1 >= to)
                return false;
            i++;
            if (unit) {
                f->unit_name = nm;
                f->unit_span = st->atoms[i].span;
            } else {
                f->project_name = nm;
                f->project_span = st->atoms[i].span;
            }
            continue;
        }
        if (atom_is(s->cx, a, "机关运行经费") || atom_is(s->cx, a, "operating")) {
            f->operating = true;
            continue;
        }
        const VocabEntry *e = vocab_lookup(s->cx, a, DIM_NONE);
        uint16_t *slot = NULL;
        if (e) {
            switch (e->dim) {
            case DIM_SOURCE: slot = &f->sources; break;
            case DIM_YEAR: slot = &f->years; break;
            case DIM_MEASURE: slot = &f->measures; break;
            case DIM_SANGONG: slot = &f->sangong; break;
            case DIM_SIDE: f->side = (uint8_t)(e->mask == 2 ? SIDE_EXPENDITURE
                                                            : SIDE_INCOME);
                           continue;
            default: break;
            }
        }
        if (!slot) {
            uint32_t n;
            const char *t = atom_text(s->cx, a, &n);
            diag_emit(s->cx, E0303, a.span, "unknown term '%.*s'; expected a "
                      "source, year, measure, \"三公\" category, 机关运行经费, "
                      "income, expenditure, or function/economic/gov CODE, "
                      "unit NAME, project NAME", (int)n, t);
            return false;
        }
        if (e->dim == DIM_MEASURE && e->mask == (1u << MEAS_TOTAL))
            continue;                       /* 合计: no filter */
        *slot = *slot ? (uint16_t)(*slot & e->mask) : e->mask;
    }
    return true;
}

/* ---- top level ------------------------------------------------------ */

/* Atoms kept by the model, copied out of the tree. */
static Atom *keep_atoms(Sema *s, const Atom *a, uint32_t n)
{
    Atom *v = arena_alloc(s->cx, n * sizeof *v);
    memcpy(v, a, n * sizeof *v);
    return v;
}

static void h_include(Sema *s, Scope *sc, Stmt *st)
{
    uint32_t file;
    Stmt *body = resolve_include(s->cx, st, &file);
    if (!body)
        return;
    resolve_enter(s->cx, file);
    Scope inner = *sc;
    walk(s, &inner, body);
    resolve_leave(s->cx);               /* the file's tree dies */
}

static void h_import(Sema *s, Scope *sc, Stmt *st)
{
    uint32_t file;
    Stmt *body = resolve_import(s->cx, st, &file);
    if (!body)
        return;
    vec_push(s->cx, &s->p->modules, text_of(s, st->atoms[1]));
    resolve_enter(s->cx, file);
    Scope inner = { .ctx = CTX_TOP };
    walk(s, &inner, body);
    resolve_leave(s->cx);
}

static void h_amounts(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 2, 2, "amounts 万元");
    if (st->natoms < 2 || !no_block(s, st))
        return;
    uint32_t n;
    const char *t = atom_text(s->cx, st->atoms[1], &n);
    MoneyUnit u = st->atoms[1].kind == TK_WORD ? money_unit_from(t, n) : UNIT_NONE;
    if (u != UNIT_YUAN && u != UNIT_WANYUAN) {
        diag_emit(s->cx, E0303, st->atoms[1].span,
                  "unknown money unit '%.*s'; expected '万元' or '元'", (int)n, t);
        return;
    }
    sc->amounts = u;
}

static void h_department(Sema *s, Scope *sc, Stmt *st)
{
    Program *p = s->p;
    need_args(s, st, 2, 2, "department NAME { ... }");
    const char *name = name_arg(s, st, 1, "the department's name");
    if (!name || !want_block(s, st, "department NAME"))
        return;
    if (p->dept_name) {
        Diag *d = diag_emit(s->cx, E0304, st->atoms[1].span,
                            "a second department '%s'", name);
        diag_note(s->cx, d, p->dept_span, "the department is declared here");
        return;
    }
    p->dept_name = name;
    p->dept_span = st->atoms[1].span;
    Scope in = { .ctx = CTX_DEPT, .amounts = sc->amounts };
    walk(s, &in, st->body);
}

static void h_unit(Sema *s, Scope *sc, Stmt *st)
{
    Program *p = s->p;
    need_args(s, st, 2, 2, "unit NAME { kind KIND }");
    const char *name = name_arg(s, st, 1, "the unit's name");
    if (!name || !want_block(s, st, "unit NAME"))
        return;
    int32_t first = map_put(s->cx, s->unit_map, name, 0, (int32_t)p->units.n);
    if (first != (int32_t)p->units.n) {
        Diag *d = diag_emit(s->cx, E0304, st->atoms[1].span,
                            "unit '%s' is declared twice", name);
        diag_note(s->cx, d, p->units.v[first].span, "first declared here");
        return;
    }
    Unit u = { .name = name, .span = st->atoms[1].span };
    vec_push(s->cx, &p->units, u);
    Scope in = { .ctx = CTX_UNIT, .amounts = sc->amounts,
                 .unit = &p->units.v[p->units.n - 1] };
    s->saw_unit_kind = false;
    walk(s, &in, st->body);
    if (!s->saw_unit_kind)
        diag_emit(s->cx, E0308, st->atoms[1].span, "unit '%s' has no 'kind' "
                  "(行政, 事业, 参公 or 企业)", name);
}

static void h_income(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 1, 1, "income { ... }");
    if (!want_block(s, st, "income"))
        return;
    Scope in = { .ctx = CTX_INCOME, .amounts = sc->amounts };
    walk(s, &in, st->body);
}

/* expenditure by function { ... } and stated expenditure by ... */
static void h_expenditure(Sema *s, Scope *sc, Stmt *st)
{
    uint32_t k = atom_is(s->cx, st->atoms[0], "stated") ? 1 : 0;
    Table *t = arena_alloc(s->cx, sizeof *t);
    t->stated = k == 1;
    t->span = st->span;
    filter_init(&t->head);
    if (st->natoms != k + 3 || !atom_is(s->cx, st->atoms[k], "expenditure") ||
        !atom_is(s->cx, st->atoms[k + 1], "by") ||
        !(atom_is(s->cx, st->atoms[k + 2], "function") ||
          atom_is(s->cx, st->atoms[k + 2], "economic"))) {
        diag_emit(s->cx, E0302, st->span, "expected '%sexpenditure by function "
                  "{ ... }' or '%sexpenditure by economic { ... }'",
                  k ? "stated " : "", k ? "stated " : "");
        return;
    }
    if (!want_block(s, st, "expenditure by function"))
        return;
    t->view = atom_is(s->cx, st->atoms[k + 2], "function") ? VIEW_FUNCTION
                                                           : VIEW_ECONOMIC;
    t->head.view = t->view;
    Scope in = { .ctx = CTX_TABLE, .amounts = sc->amounts, .table = t };
    walk(s, &in, st->body);
}

static void h_total(Sema *s, Scope *sc, Stmt *st)
{
    if (!no_block(s, st))
        return;
    uint32_t n = st->natoms, amt = n;
    for (uint32_t i = 1; i < n; i++)
        if (st->atoms[i].kind == TK_NUMBER && amt == n)
            amt = i;
    if (amt == n || (amt + 1 < n && (amt + 2 != n ||
                                      st->atoms[amt + 1].kind != TK_STRING))) {
        diag_emit(s->cx, E0302, st->span,
                  "expected 'total TERM... AMOUNT [\"LABEL\"]'");
        return;
    }
    Total t = { .span = st->atoms[amt].span, .row = st->span };
    filter_init(&t.filter);
    if (!parse_terms(s, st, 1, amt, &t.filter))
        return;
    if (!amount_arg(s, sc, st->atoms[amt], &t.amount))
        return;
    if (amt + 1 < n)
        t.label = text_of(s, st->atoms[amt + 1]);
    vec_push(s->cx, &s->p->totals, t);
}

static void h_project(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 2, 2, "project NAME { ... }");
    const char *name = name_arg(s, st, 1, "the project's name");
    if (!name || !want_block(s, st, "project NAME"))
        return;
    Project pr = { .name = name, .unit = -1, .span = st->atoms[1].span };
    vec_push(s->cx, &s->p->projects, pr);
    Scope in = { .ctx = CTX_PROJECT, .amounts = sc->amounts,
                 .project = &s->p->projects.v[s->p->projects.n - 1] };
    walk(s, &in, st->body);
    Project *p = &s->p->projects.v[s->p->projects.n - 1];
    if (!p->unit_name)
        diag_emit(s->cx, E0308, p->span, "project '%s' has no 'unit'", name);
}

static void h_performance(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 1, 1, "performance { ... }");
    if (!want_block(s, st, "performance"))
        return;
    if (s->p->performance) {
        Diag *d = diag_emit(s->cx, E0304, st->span, "a second performance form");
        diag_note(s->cx, d, s->p->performance->span, "the first is here");
        return;
    }
    Performance *pf = arena_alloc(s->cx, sizeof *pf);
    pf->span = st->span;
    pf->offices = pf->units = -1;
    for (int i = 0; i < 4; i++)
        pf->staff[i] = -1;
    s->p->performance = pf;
    Scope in = { .ctx = CTX_PERF, .amounts = sc->amounts, .perf = pf };
    walk(s, &in, st->body);
}

static void simple_block(Sema *s, Scope *sc, Stmt *st, Ctx ctx,
                         const char *shape)
{
    need_args(s, st, 1, 1, shape);
    if (!want_block(s, st, shape))
        return;
    Scope in = { .ctx = ctx, .amounts = sc->amounts };
    walk(s, &in, st->body);
}

static void h_prior(Sema *s, Scope *sc, Stmt *st)
{
    simple_block(s, sc, st, CTX_PRIOR, "prior");
}

static void h_procurement(Sema *s, Scope *sc, Stmt *st)
{
    simple_block(s, sc, st, CTX_PROCUREMENT, "procurement");
}

static void h_assets(Sema *s, Scope *sc, Stmt *st)
{
    simple_block(s, sc, st, CTX_ASSETS, "assets");
}

static void h_narrative(Sema *s, Scope *sc, Stmt *st)
{
    simple_block(s, sc, st, CTX_NARRATIVE, "narrative");
}

static void h_glossary(Sema *s, Scope *sc, Stmt *st)
{
    simple_block(s, sc, st, CTX_GLOSSARY, "glossary");
}

static void h_mapping(Sema *s, Scope *sc, Stmt *st)
{
    simple_block(s, sc, st, CTX_MAPPING, "mapping");
}

/* section TITLE { "paragraph" ... } at the top; section 一 { says ... }
** in a narrative. */
static void h_section(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 2, 2, "section TITLE { ... }");
    const char *title = name_arg(s, st, 1, "a title");
    if (!title || !want_block(s, st, "section TITLE"))
        return;
    Scope in = { .ctx = sc->ctx == CTX_NARRATIVE ? CTX_CLAIMS : CTX_TEXT,
                 .amounts = sc->amounts, .title = title,
                 .list = &s->p->sections };
    walk(s, &in, st->body);
}

/* catalog function|economic|government EDITION { CODE NAME ... } */
static void h_catalog(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 3, 3, "catalog KIND EDITION { CODE NAME ... }");
    if (st->natoms < 3 || !want_block(s, st, "catalog KIND EDITION"))
        return;
    static const char *const kinds[] = { "function", "economic", "government" };
    const char *kind = NULL;
    for (int i = 0; i < 3; i++)
        if (atom_is(s->cx, st->atoms[1], kinds[i]))
            kind = kinds[i];
    if (!kind) {
        diag_emit(s->cx, E0303, st->atoms[1].span, "unknown catalog kind; "
                  "expected 'function', 'economic' or 'government'");
        return;
    }
    Catalog *c = arena_alloc(s->cx, sizeof *c);
    c->kind = kind;
    c->edition = text_of(s, st->atoms[2]);
    c->span = st->span;
    vec_push(s->cx, &s->p->catalogs, c);
    Scope in = { .ctx = CTX_CATALOG, .amounts = sc->amounts, .catalog = c };
    walk(s, &in, st->body);
}

/* ---- department, unit, staff, lists -------------------------------- */

static void set_once(Sema *s, Stmt *st, const char **slot, const char *what,
                     uint32_t argi)
{
    need_args(s, st, argi + 1, argi + 1, what);
    if (!no_block(s, st) || st->natoms <= argi)
        return;
    if (*slot) {
        diag_emit(s->cx, E0304, st->span, "'%s' is given twice", what);
        return;
    }
    if (st->atoms[argi].kind == TK_NUMBER)      /* a code may be digits */
        *slot = text_of(s, st->atoms[argi]);
    else
        *slot = name_arg(s, st, argi, what);
}

static void h_dept_code(Sema *s, Scope *sc, Stmt *st)
{
    set_once(s, st, &s->p->dept_code, "code", 1);
}

static void h_dept_province(Sema *s, Scope *sc, Stmt *st)
{
    set_once(s, st, &s->p->province, "province", 1);
}

static void h_dept_year(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 2, 2, "year NUMBER");
    if (st->natoms == 2 && no_block(s, st)) {
        int32_t y = count_arg(s, st->atoms[1]);
        if (sc->ctx == CTX_PRIOR)
            s->p->prior_year = y;
        else
            s->p->year = y;
    }
}

static void list_block(Sema *s, Scope *sc, Stmt *st, void *vec)
{
    need_args(s, st, 1, 1, "NAME { ... }");
    if (!want_block(s, st, "list"))
        return;
    Scope in = { .ctx = CTX_LIST, .amounts = sc->amounts, .list = vec };
    walk(s, &in, st->body);
}

static void h_duties(Sema *s, Scope *sc, Stmt *st)
{
    if (sc->ctx == CTX_PERF) {        /* the form prints them as one text */
        h_form_text(s, sc, st);
        return;
    }
    list_block(s, sc, st, &s->p->duties);
}

static void h_offices(Sema *s, Scope *sc, Stmt *st)
{
    if (sc->ctx == CTX_PERF) {
        need_args(s, st, 2, 2, "offices N");
        if (st->natoms == 2)
            sc->perf->offices = count_arg(s, st->atoms[1]);
        return;
    }
    list_block(s, sc, st, &s->p->offices);
}

static void h_staff(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 1, 1, "staff { ... }");
    if (!want_block(s, st, "staff"))
        return;
    int32_t *staff = sc->ctx == CTX_PERF ? sc->perf->staff : s->p->staff;
    Scope in = { .ctx = CTX_STAFF, .amounts = sc->amounts, .staff = staff };
    walk(s, &in, st->body);
}

static void h_staff_figure(Sema *s, Scope *sc, Stmt *st)
{
    static const char *const keys[] = { "authorized", "employed",
                                        "established", "other" };
    need_args(s, st, 2, 2, "authorized N");
    if (st->natoms != 2 || !no_block(s, st))
        return;
    for (int i = 0; i < 4; i++)
        if (atom_is(s->cx, st->atoms[0], keys[i]))
            sc->staff[i] = count_arg(s, st->atoms[1]);
}

/* Rows of a list: every atom a name (duties, offices, paragraphs). */
static void row_list(Sema *s, Scope *sc, Stmt *st)
{
    if (!no_block(s, st))
        return;
    TextVec *v = sc->list;
    for (uint32_t i = 0; i < st->natoms; i++) {
        if (!is_name(st->atoms[i])) {
            diag_emit(s->cx, E0302, st->atoms[i].span,
                      "expected a word or a string");
            continue;
        }
        Text t = { sc->ctx == CTX_TEXT ? sc->title : NULL,
                   text_of(s, st->atoms[i]), st->atoms[i].span };
        vec_push(s->cx, v, t);
    }
}

static void h_unit_kind(Sema *s, Scope *sc, Stmt *st)
{
    s->saw_unit_kind = true;           /* even if malformed: no E0308 too */
    need_args(s, st, 2, 2, "kind KIND");
    if (st->natoms != 2 || !no_block(s, st))
        return;
    sc->unit->kind = (uint8_t)vocab_arg(s, st->atoms[1], DIM_KIND, NULL);
}

static void h_unit_level(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 2, 2, "level 本级");
    if (st->natoms == 2 && no_block(s, st))
        sc->unit->own = vocab_arg(s, st->atoms[1], DIM_UNIT_LEVEL, NULL) == 1;
}

static void h_unit_code(Sema *s, Scope *sc, Stmt *st)
{
    set_once(s, st, &sc->unit->code, "code", 1);
}

/* ---- income and tables ---------------------------------------------- */

/* Limits keep memory bounded on hostile input; no budget comes near. */
#define MAX_FACTS 50000000u

static void add_fact(Sema *s, Fact f)
{
    if (s->p->facts.n == MAX_FACTS) {
        diag_emit(s->cx, E0009, f.row, "more than %u facts", MAX_FACTS);
        return;
    }
    if (s->p->facts.n > MAX_FACTS)
        return;
    vec_push(s->cx, &s->p->facts, f);
}

/* income rows: SOURCE AMOUNT, or 上年结转 AMOUNT */
static void row_income(Sema *s, Scope *sc, Stmt *st)
{
    if (!no_block(s, st))
        return;
    if (st->natoms != 2) {
        diag_emit(s->cx, E0302, st->span, "expected 'SOURCE AMOUNT'");
        return;
    }
    Fact f = { .side = SIDE_INCOME, .view = VIEW_INCOME, .year = YEAR_CURRENT,
               .unit = -1, .project = -1, .span = st->atoms[1].span,
               .row = st->span };
    const VocabEntry *e = vocab_lookup(s->cx, st->atoms[0], DIM_YEAR);
    if (e && e->mask == (1u << YEAR_CARRIED))
        f.year = YEAR_CARRIED;
    else
        f.source = (uint8_t)vocab_arg(s, st->atoms[0], DIM_SOURCE, NULL);
    if (st->atoms[1].kind == TK_DASH)
        return;
    /* an unknown source was reported: check the amount, add no fact */
    if (amount_arg(s, sc, st->atoms[1], &f.amount) &&
        (f.source || f.year == YEAR_CARRIED))
        add_fact(s, f);
}

static void h_table_source(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 2, 2, "source SOURCE");
    if (st->natoms == 2 && no_block(s, st))
        vocab_arg(s, st->atoms[1], DIM_SOURCE, &sc->table->head.sources);
}

static void h_table_year(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 2, 2, "year YEAR");
    if (st->natoms == 2 && no_block(s, st))
        vocab_arg(s, st->atoms[1], DIM_YEAR, &sc->table->head.years);
}

static void h_table_unit(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 2, 2, "unit NAME");
    const char *nm = name_arg(s, st, 1, "a unit name");
    if (nm && no_block(s, st)) {
        sc->table->head.unit_name = nm;
        sc->table->head.unit_span = st->atoms[1].span;
        Text t = { NULL, nm, st->atoms[1].span };  /* checked at the end */
        vec_push(s->cx, &s->table_units, t);
    }
}

static void h_table_sangong(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 2, 2, "sangong CATEGORY");
    if (st->natoms == 2 && no_block(s, st))
        vocab_arg(s, st->atoms[1], DIM_SANGONG, &sc->table->head.sangong);
}

static bool column_is_leaf(const Column *c)
{
    return !c->total && c->fact;
}

static void h_table_columns(Sema *s, Scope *sc, Stmt *st)
{
    Table *t = sc->table;
    if (!no_block(s, st))
        return;
    if (t->cols) {
        diag_emit(s->cx, E0304, st->span, "'columns' is given twice");
        return;
    }
    if (st->natoms < 2) {
        diag_emit(s->cx, E0302, st->span, "expected 'columns TERM...'");
        return;
    }
    t->ncols = st->natoms - 1;
    t->cols = arena_alloc(s->cx, t->ncols * sizeof *t->cols);
    Span first = span_none();
    for (uint32_t i = 0; i < t->ncols; i++) {
        Atom a = st->atoms[i + 1];
        Column *c = &t->cols[i];
        c->span = a.span;
        const VocabEntry *e = vocab_lookup(s->cx, a, DIM_NONE);
        if (!e || (e->dim != DIM_SOURCE && e->dim != DIM_YEAR &&
                   e->dim != DIM_MEASURE && e->dim != DIM_SANGONG)) {
            uint32_t n;
            const char *tx = atom_text(s->cx, a, &n);
            diag_emit(s->cx, E0303, a.span, "unknown column '%.*s'; expected "
                      "合计, a measure, a source, a year or a \"三公\" category",
                      (int)n, tx);
            t->ncols = 0;
            return;
        }
        c->dim = e->dim;
        c->mask = e->mask;
        c->total = e->dim == DIM_MEASURE && e->mask == (1u << MEAS_TOTAL);
        c->fact = (uint8_t)vocab_fact_value(e);
        if (t->stated || !column_is_leaf(c))
            continue;
        if (t->fact_dim && t->fact_dim != c->dim) {
            Diag *d = diag_emit(s->cx, E0305, a.span, "fact columns mix %s "
                                "and %s", vocab_dim_name(t->fact_dim),
                                vocab_dim_name(c->dim));
            diag_note(s->cx, d, first, "the first fact column is here");
            continue;
        }
        if (!t->fact_dim)
            first = a.span;
        t->fact_dim = c->dim;
    }
}

static int lowest_bit(uint16_t m)
{
    int v = 0;
    while (m && !(m & (1u << v)))
        v++;
    return v;
}

/* Apply a column's value to a filter (a column overrides the header). */
static void column_filter(const Column *c, Filter *f)
{
    if (c->total)
        return;
    switch (c->dim) {
    case DIM_SOURCE: f->sources = c->mask; break;
    case DIM_YEAR: f->years = c->mask; break;
    case DIM_MEASURE: f->measures = c->mask; break;
    case DIM_SANGONG: f->sangong = c->mask; break;
    default: break;
    }
}

/* A table row: KEY [NAME] [-> GOV [GOVNAME]] CELL... */
static void row_table(Sema *s, Scope *sc, Stmt *st)
{
    Table *t = sc->table;
    if (!no_block(s, st))
        return;
    if (!t->cols) {
        diag_emit(s->cx, E0308, st->span, "a row before 'columns'");
        return;
    }
    if (t->ncols == 0)
        return;                        /* 'columns' was reported already */
    bool fn = t->view == VIEW_FUNCTION;
    uint32_t i = 0;
    const char *code = NULL, *name = NULL, *gov = NULL, *gov_name = NULL;
    if (!atom_is(s->cx, st->atoms[0], "all")) {
        code = code_arg(s, st->atoms[0], fn ? "357" : "35",
                        fn ? "function" : "economic");
        if (!code)
            return;
    }
    i = 1;
    if (i < st->natoms && is_name(st->atoms[i]))
        name = text_of(s, st->atoms[i++]);
    if (i < st->natoms && st->atoms[i].kind == TK_ARROW) {
        if (fn || !code || i + 1 >= st->natoms) {
            diag_emit(s->cx, E0302, st->atoms[i].span, "'->' maps an economic "
                      "code to a government economic code");
            return;
        }
        gov = code_arg(s, st->atoms[i + 1], "35", "government economic");
        if (!gov)
            return;
        i += 2;
        if (i < st->natoms && is_name(st->atoms[i]))
            gov_name = text_of(s, st->atoms[i++]);
    }
    if (st->natoms - i != t->ncols) {
        Diag *d = diag_emit(s->cx, E0306, st->span, "row has %u cells but the "
                            "table has %u columns", st->natoms - i, t->ncols);
        diag_note(s->cx, d, span_join(t->cols[0].span,
                                       t->cols[t->ncols - 1].span),
                  "columns declared here");
        return;
    }
    size_t leaf_len = fn ? 7 : 5;
    bool leaf_row = code && strlen(code) == leaf_len;
    for (uint32_t c = 0; c < t->ncols; c++, i++) {
        Atom a = st->atoms[i];
        if (a.kind == TK_DASH)
            continue;
        Money m;
        if (!amount_arg(s, sc, a, &m))
            continue;
        const Column *col = &t->cols[c];
        if (!t->stated && leaf_row && column_is_leaf(col)) {
            Fact f = { .amount = m, .side = SIDE_EXPENDITURE, .view = t->view,
                       .unit = -1, .project = -1, .unit_name = t->head.unit_name,
                       .name = name, .gov_name = gov_name, .span = a.span,
                       .row = st->span };
            Filter h = t->head;
            column_filter(col, &h);
            f.source = (uint8_t)lowest_bit(h.sources);
            f.year = (uint8_t)(h.years ? lowest_bit(h.years) : YEAR_CURRENT);
            f.measure = (uint8_t)lowest_bit(h.measures);
            if (col->dim == DIM_SOURCE)
                f.source = col->fact;
            else if (col->dim == DIM_MEASURE)
                f.measure = col->fact;
            if (!fn && !f.measure)
                f.measure = MEAS_BASIC;
            f.sangong = (uint8_t)lowest_bit(h.sangong);
            if (fn)
                f.func = code;
            else {
                f.econ = code;
                f.gov = gov;
            }
            add_fact(s, f);
            continue;
        }
        Total tot = { .amount = m, .name = name, .span = a.span, .row = st->span };
        tot.filter = t->head;
        column_filter(col, &tot.filter);
        if (fn)
            tot.filter.func = code;
        else {
            tot.filter.econ = code;
            tot.filter.gov = gov;
            if (!tot.filter.measures)
                tot.filter.measures = (1u << MEAS_BASIC) |
                    (1u << MEAS_PERSONNEL) | (1u << MEAS_PUBLIC);
        }
        vec_push(s->cx, &s->p->totals, tot);
    }
}

/* ---- projects and forms --------------------------------------------- */

static void h_project_unit(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 2, 2, "unit NAME");
    const char *nm = name_arg(s, st, 1, "a unit name");
    if (!nm || !no_block(s, st))
        return;
    if (sc->project->unit_name) {
        diag_emit(s->cx, E0304, st->span, "'unit' is given twice");
        return;
    }
    sc->project->unit_name = nm;
    sc->project->unit_span = st->atoms[1].span;
}

static void h_project_category(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 2, 2, "category CATEGORY");
    if (st->natoms == 2 && no_block(s, st))
        sc->project->category = (uint8_t)vocab_arg(s, st->atoms[1],
                                                   DIM_CATEGORY, NULL);
}

static void h_project_function(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 2, 2, "function CODE");
    if (st->natoms == 2 && no_block(s, st))
        sc->project->func = code_arg(s, st->atoms[1], "7", "function 项");
}

/* budget/carried (TERM AMOUNT)... : a project's row of table 12/13 */
static void h_project_budget(Sema *s, Scope *sc, Stmt *st)
{
    Project *pr = sc->project;
    uint32_t k = atom_is(s->cx, st->atoms[0], "stated") ? 1 : 0;
    bool carried = st->natoms > k && atom_is(s->cx, st->atoms[k], "carried");
    if (!no_block(s, st))
        return;
    if (st->natoms < k + 3 || (st->natoms - k) % 2 == 0 ||
        !(carried || atom_is(s->cx, st->atoms[k], "budget"))) {
        diag_emit(s->cx, E0302, st->span, "expected '%s%s TERM AMOUNT ...'",
                  k ? "stated " : "", carried ? "carried" : "budget");
        return;
    }
    int32_t idx = (int32_t)(pr - s->p->projects.v);
    for (uint32_t i = k + 1; i + 1 < st->natoms; i += 2) {
        Atom term = st->atoms[i], val = st->atoms[i + 1];
        const VocabEntry *e = vocab_lookup(s->cx, term, DIM_NONE);
        bool total = e && e->dim == DIM_MEASURE && e->mask == (1u << MEAS_TOTAL);
        if (!total && (!e || e->dim != DIM_SOURCE)) {
            vocab_arg(s, term, DIM_SOURCE, NULL);
            continue;
        }
        if (val.kind == TK_DASH)
            continue;
        Money m;
        if (!amount_arg(s, sc, val, &m))
            continue;
        uint8_t year = carried ? YEAR_CARRIED : YEAR_CURRENT;
        if (total || k || !vocab_fact_value(e)) {
            Total t = { .amount = m, .span = val.span, .row = st->span };
            filter_init(&t.filter);
            t.filter.project = idx;
            t.filter.years = (uint16_t)(1u << year);
            t.filter.view = VIEW_PROJECT;
            if (!total)
                t.filter.sources = e->mask;
            vec_push(s->cx, &s->p->totals, t);
            continue;
        }
        Fact f = { .amount = m, .side = SIDE_EXPENDITURE, .view = VIEW_PROJECT,
                   .source = (uint8_t)vocab_fact_value(e), .year = year,
                   .measure = MEAS_PROJECT, .unit = -1, .project = idx,
                   .func = pr->func, .span = val.span, .row = st->span };
        add_fact(s, f);
    }
}

static void h_project_form(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 1, 1, "form { ... }");
    if (!want_block(s, st, "form"))
        return;
    if (sc->project->form) {
        Diag *d = diag_emit(s->cx, E0304, st->span, "a second form for '%s'",
                            sc->project->name);
        diag_note(s->cx, d, sc->project->form->span, "the first is here");
        return;
    }
    Form *f = arena_alloc(s->cx, sizeof *f);
    f->span = st->span;
    sc->project->form = f;
    Scope in = { .ctx = CTX_FORM, .amounts = sc->amounts,
                 .project = sc->project, .form = f };
    walk(s, &in, st->body);
}

static void h_form_title(Sema *s, Scope *sc, Stmt *st)
{
    set_once(s, st, &sc->form->title, "title", 1);
}

static void h_form_authority(Sema *s, Scope *sc, Stmt *st)
{
    const char **slot = sc->ctx == CTX_PERF ? &sc->perf->authority
                                            : &sc->form->authority;
    set_once(s, st, slot, "authority", 1);
}

static void h_form_attribute(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 2, 3, "attribute ATTR [\"WORDING\"]");
    if (st->natoms < 2 || !no_block(s, st))
        return;
    sc->form->attribute = (uint8_t)vocab_arg(s, st->atoms[1], DIM_ATTR, NULL);
    if (st->natoms == 3)
        sc->form->attribute_text = name_arg(s, st, 2, "the printed wording");
}

static void h_form_period(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 2, 2, "period 99年");
    if (st->natoms == 2 && no_block(s, st)) {
        if (st->atoms[1].kind != TK_NUMBER)
            diag_emit(s->cx, E0302, st->atoms[1].span, "expected a number of years");
        else
            sc->form->period = text_of(s, st->atoms[1]);
    }
}

static void h_form_funds(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 1, 1, "funds { ... }");
    if (!want_block(s, st, "funds"))
        return;
    Scope in = *sc;
    in.ctx = sc->ctx == CTX_PERF ? CTX_PERF_FUNDS : CTX_FUNDS;
    walk(s, &in, st->body);
}

static void h_form_text(Sema *s, Scope *sc, Stmt *st)
{
    uint32_t n;
    const char *key = atom_text(s->cx, st->atoms[0], &n);
    need_args(s, st, 2, 2, "FIELD \"TEXT\"");
    if (st->natoms != 2 || !no_block(s, st))
        return;
    const char *v = name_arg(s, st, 1, "the field's text");
    if (!v)
        return;
    Text t = { arena_strndup(s->cx, key, n), v, st->span };
    TextVec *fields = sc->ctx == CTX_PERF ? (TextVec *)&sc->perf->fields
                                          : (TextVec *)&sc->form->fields;
    for (uint32_t i = 0; i < fields->n; i++)
        if (strcmp(fields->v[i].key, t.key) == 0) {
            Diag *d = diag_emit(s->cx, E0304, st->span, "'%s' is given twice",
                                t.key);
            diag_note(s->cx, d, fields->v[i].span, "first given here");
            return;
        }
    vec_push(s->cx, fields, t);
}

static void h_form_goal(Sema *s, Scope *sc, Stmt *st)
{
    if (sc->ctx == CTX_PERF) {
        h_form_text(s, sc, st);
        return;
    }
    need_args(s, st, 3, 3, "goal \"PERIOD GOAL\" \"ANNUAL GOAL\"");
    if (st->natoms == 3 && no_block(s, st)) {
        sc->form->goal_period = name_arg(s, st, 1, "the period's goal");
        sc->form->goal_year = name_arg(s, st, 2, "the year's goal");
    }
}

static void h_form_filed(Sema *s, Scope *sc, Stmt *st)
{
    set_once(s, st, &sc->form->filed, "filed", 1);
}

static void h_indicators(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 1, 2, "indicators 实施期|年度 { ... }");
    if (!want_block(s, st, "indicators 年度"))
        return;
    Scope in = *sc;
    in.ctx = CTX_INDICATORS;
    in.period = PERIOD_ANNUAL;
    if (st->natoms == 2)
        in.period = (uint8_t)vocab_arg(s, st->atoms[1], DIM_PERIOD, NULL);
    else if (sc->ctx == CTX_FORM)
        diag_emit(s->cx, E0302, st->span, "a project form's indicators say "
                  "their period: 'indicators 实施期' or 'indicators 年度'");
    walk(s, &in, st->body);
}

/* LEVEL1 LEVEL2 NAME [OP] VALUE */
static void row_indicator(Sema *s, Scope *sc, Stmt *st)
{
    if (!no_block(s, st))
        return;
    Indicator ind = { .period = sc->period, .span = st->span };
    uint32_t natoms = st->natoms;
    if (natoms >= 5 && atom_is(s->cx, st->atoms[natoms - 2], "as") &&
        is_name(st->atoms[natoms - 1])) {
        ind.quantity = text_of(s, st->atoms[natoms - 1]);
        natoms -= 2;
    }
    if (natoms < 3 || natoms > 5) {
        diag_emit(s->cx, E0302, st->span, "expected 'LEVEL1 LEVEL2 NAME VALUE "
                  "[as QUANTITY]'");
        return;
    }
    ind.level1 = (uint8_t)vocab_arg(s, st->atoms[0], DIM_LEVEL1, NULL);
    ind.level2 = (uint8_t)vocab_arg(s, st->atoms[1], DIM_LEVEL2, NULL);
    ind.name = name_arg(s, st, 2, "the indicator's name");
    uint32_t i = 3;
    if (i < natoms && st->atoms[i].kind == TK_OP) {
        ind.op = text_of(s, st->atoms[i]);
        ind.value_span = st->atoms[i++].span;
        if (i == natoms) {
            diag_emit(s->cx, E0302, ind.value_span, "an operator needs a value");
            return;
        }
    }
    if (i < natoms) {
        Atom v = st->atoms[i];
        if (v.kind != TK_NUMBER && !is_name(v) && v.kind != TK_DASH) {
            diag_emit(s->cx, E0302, v.span, "expected a value: a number with "
                      "its unit, a word, or a string");
            return;
        }
        if (v.kind != TK_DASH) {
            ind.value_kind = v.kind;
            ind.value = text_of(s, v);
        }
        ind.value_span = ind.op ? span_join(ind.value_span, v.span) : v.span;
        if (++i < natoms)
            diag_emit(s->cx, E0302, st->atoms[i].span, "unexpected extra value");
    }
    IndicatorVec *v = sc->perf ? (IndicatorVec *)&sc->perf->indicators
                               : (IndicatorVec *)&sc->form->indicators;
    vec_push(s->cx, v, ind);
}

/* A form's funds row: NAME PERIOD-AMOUNT YEAR-AMOUNT */
static void row_fund(Sema *s, Scope *sc, Stmt *st)
{
    if (!no_block(s, st))
        return;
    if (st->natoms != 3 || !is_name(st->atoms[0])) {
        diag_emit(s->cx, E0302, st->span,
                  "expected 'NAME PERIOD-AMOUNT YEAR-AMOUNT'");
        return;
    }
    FundRow r = { .name = text_of(s, st->atoms[0]), .span = st->span };
    if (st->atoms[1].kind != TK_DASH)
        amount_arg(s, sc, st->atoms[1], &r.period);
    if (st->atoms[2].kind != TK_DASH)
        amount_arg(s, sc, st->atoms[2], &r.year);
    vec_push(s->cx, &sc->form->funds, r);
}

/* A performance funds row: TERM AMOUNT */
static void row_perf_fund(Sema *s, Scope *sc, Stmt *st)
{
    if (!no_block(s, st))
        return;
    if (st->natoms != 2) {
        diag_emit(s->cx, E0302, st->span, "expected 'TERM AMOUNT'");
        return;
    }
    Total t = { .span = st->atoms[1].span, .row = st->span,
                .label = text_of(s, st->atoms[0]) };
    filter_init(&t.filter);
    if (!parse_terms(s, st, 0, 1, &t.filter))
        return;
    if (st->atoms[1].kind != TK_DASH && amount_arg(s, sc, st->atoms[1], &t.amount))
        vec_push(s->cx, &sc->perf->funds, t);
}

static void h_perf_units(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 2, 2, "units N");
    if (st->natoms == 2 && no_block(s, st))
        sc->perf->units = count_arg(s, st->atoms[1]);
}

static void h_perf_task(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 3, 3, "task NAME \"TEXT\"");
    if (st->natoms != 3 || !no_block(s, st))
        return;
    const char *k = name_arg(s, st, 1, "the task"), *v = name_arg(s, st, 2, "its text");
    if (k && v) {
        Text t = { k, v, st->span };
        vec_push(s->cx, &sc->perf->tasks, t);
    }
}

/* ---- prior, procurement, assets, narrative, catalogs --------------- */

static void row_prior(Sema *s, Scope *sc, Stmt *st)
{
    if (!no_block(s, st))
        return;
    uint32_t n = st->natoms;
    if (n < 2 || st->atoms[n - 1].kind != TK_NUMBER) {
        diag_emit(s->cx, E0302, st->span, "expected 'TERM... AMOUNT'");
        return;
    }
    PriorFigure pf = { .span = st->span };
    filter_init(&pf.filter);
    if (!parse_terms(s, st, 0, n - 1, &pf.filter))
        return;
    pf.what = words_of(s, st, 0, n - 1);
    if (amount_arg(s, sc, st->atoms[n - 1], &pf.amount))
        vec_push(s->cx, &s->p->prior, pf);
}

static void h_prior_reason(Sema *s, Scope *sc, Stmt *st)
{
    uint32_t n = st->natoms;
    if (!no_block(s, st))
        return;
    if (n < 3 || st->atoms[n - 1].kind != TK_STRING) {
        diag_emit(s->cx, E0302, st->span, "expected 'reason TERM... \"REASON\"'");
        return;
    }
    Filter f;
    filter_init(&f);
    if (!parse_terms(s, st, 1, n - 1, &f))
        return;
    Text t = { words_of(s, st, 1, n - 1), text_of(s, st->atoms[n - 1]), st->span };
    vec_push(s->cx, &s->p->reasons, t);
}

/* 货物 1.00 / 工程 0 / 服务 4.00 / 合计 5.00 */
static void row_procurement(Sema *s, Scope *sc, Stmt *st)
{
    static const char *const kinds[] = { "货物", "工程", "服务", "合计",
                                         "goods", "works", "services", "total" };
    if (!no_block(s, st))
        return;
    if (st->natoms != 2) {
        diag_emit(s->cx, E0302, st->span, "expected 'KIND AMOUNT'");
        return;
    }
    int k = -1;
    for (int i = 0; i < 8; i++)
        if (atom_is(s->cx, st->atoms[0], kinds[i]))
            k = i % 4;
    if (k < 0) {
        diag_emit(s->cx, E0303, st->atoms[0].span, "unknown procurement kind; "
                  "expected 货物, 工程, 服务 or 合计");
        return;
    }
    Total t = { .label = kinds[k], .span = st->atoms[1].span, .row = st->span };
    filter_init(&t.filter);
    if (amount_arg(s, sc, st->atoms[1], &t.amount))
        vec_push(s->cx, &s->p->procurement, t);
}

/* assets: ITEM VALUE... kept as written; chk_arith reads the vehicles */
static void row_asset(Sema *s, Scope *sc, Stmt *st)
{
    if (!no_block(s, st))
        return;
    if (st->natoms < 2) {
        diag_emit(s->cx, E0302, st->span, "expected 'ITEM VALUE...'");
        return;
    }
    Claim c = { .key = text_of(s, st->atoms[0]),
                .atoms = keep_atoms(s, st->atoms + 1, st->natoms - 1),
                .natoms = st->natoms - 1, .span = st->span };
    vec_push(s->cx, &s->p->assets, c);
}

static void h_says(Sema *s, Scope *sc, Stmt *st)
{
    if (!no_block(s, st))
        return;
    if (st->natoms < 3 || st->atoms[1].kind != TK_WORD) {
        diag_emit(s->cx, E0302, st->span, "expected 'says KEY VALUE...'");
        return;
    }
    Claim c = { .section = sc->title, .key = text_of(s, st->atoms[1]),
                .atoms = keep_atoms(s, st->atoms + 2, st->natoms - 2),
                .natoms = st->natoms - 2,
                .span = st->span };
    vec_push(s->cx, &s->p->claims, c);
}

static void row_catalog(Sema *s, Scope *sc, Stmt *st)
{
    if (!no_block(s, st))
        return;
    if (st->natoms != 2) {
        diag_emit(s->cx, E0302, st->span, "expected 'CODE NAME'");
        return;
    }
    const char *code = code_arg(s, st->atoms[0], "357", "catalog");
    const char *name = name_arg(s, st, 1, "the code's name");
    if (code && name) {
        CatalogEntry e = { code, name, st->span };
        vec_push(s->cx, &sc->catalog->entries, e);
    }
}

/* ECON KIND GOV */
static void row_mapping(Sema *s, Scope *sc, Stmt *st)
{
    if (!no_block(s, st))
        return;
    if (st->natoms != 3) {
        diag_emit(s->cx, E0302, st->span, "expected 'ECON KIND GOV'");
        return;
    }
    MappingEntry m = { .span = st->span };
    m.econ = code_arg(s, st->atoms[0], "35", "economic");
    m.kind = (uint8_t)vocab_arg(s, st->atoms[1], DIM_KIND, NULL);
    m.gov = code_arg(s, st->atoms[2], "35", "government economic");
    if (m.econ && m.kind && m.gov)
        vec_push(s->cx, &s->p->mapping, m);
}

/* TERM "DEFINITION" */
static void row_glossary(Sema *s, Scope *sc, Stmt *st)
{
    if (!no_block(s, st))
        return;
    if (st->natoms != 2) {
        diag_emit(s->cx, E0302, st->span, "expected 'TERM \"DEFINITION\"'");
        return;
    }
    const char *k = name_arg(s, st, 0, "the term"), *v = name_arg(s, st, 1,
                                                                  "its definition");
    if (k && v) {
        Text t = { k, v, st->span };
        vec_push(s->cx, &s->p->glossary, t);
    }
}

/* ---- layouts (docs/layouts.md) ------------------------------------- */

static void h_layout(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 2, 2, "layout NAME { ... }");
    const char *name = name_arg(s, st, 1, "the layout's name");
    if (!name || !want_block(s, st, "layout NAME"))
        return;
    for (uint32_t i = 0; i < s->p->layouts.n; i++)
        if (strcmp(s->p->layouts.v[i]->name, name) == 0) {
            Diag *d = diag_emit(s->cx, E0304, st->atoms[1].span,
                                "layout '%s' is declared twice", name);
            diag_note(s->cx, d, s->p->layouts.v[i]->span, "first declared here");
            return;
        }
    Layout *l = arena_alloc(s->cx, sizeof *l);
    l->name = name;
    l->unit = UNIT_WANYUAN;
    l->decimals = 2;
    l->span = st->atoms[1].span;
    vec_push(s->cx, &s->p->layouts, l);
    Scope in = { .ctx = CTX_LAYOUT, .amounts = sc->amounts, .layout = l };
    walk(s, &in, st->body);
}

static void h_layout_text(Sema *s, Scope *sc, Stmt *st)
{
    Layout *l = sc->layout;
    const char **slot = atom_is(s->cx, st->atoms[0], "title") ? &l->title
                      : atom_is(s->cx, st->atoms[0], "caption") ? &l->caption
                      : atom_is(s->cx, st->atoms[0], "unit-caption")
                        ? &l->unit_caption : &l->province;
    set_once(s, st, slot, "the text", 1);
}

/* money 万元 2: in a layout, the default; in a table, that table's */
static void h_layout_money(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 3, 3, "money 万元 2");
    if (st->natoms != 3 || !no_block(s, st))
        return;
    uint32_t n;
    const char *t = atom_text(s->cx, st->atoms[1], &n);
    MoneyUnit u = money_unit_from(t, n);
    int32_t d = count_arg(s, st->atoms[2]);
    if (u != UNIT_YUAN && u != UNIT_WANYUAN)
        diag_emit(s->cx, E0303, st->atoms[1].span, "expected '万元' or '元'");
    else if (d >= 0 && d <= (u == UNIT_YUAN ? 2 : 6)) {
        if (sc->ctx == CTX_LTABLE) {
            sc->ltable->unit = u;
            sc->ltable->decimals = d;
        } else {
            sc->layout->unit = u;
            sc->layout->decimals = d;
        }
    } else if (d >= 0)
        diag_emit(s->cx, E0302, st->atoms[2].span, "too many decimals for %.*s",
                  (int)n, t);
}

static bool choice(Sema *s, Stmt *st, const char *a, const char *b)
{
    need_args(s, st, 2, 2, a);
    if (st->natoms != 2 || !no_block(s, st))
        return false;
    if (atom_is(s->cx, st->atoms[1], b))
        return true;
    if (!atom_is(s->cx, st->atoms[1], a))
        diag_emit(s->cx, E0303, st->atoms[1].span, "expected '%s' or '%s'", a, b);
    return false;
}

static void h_layout_codes(Sema *s, Scope *sc, Stmt *st)
{
    sc->layout->spaced_codes = choice(s, st, "plain", "spaced");
}


static void h_layout_total_label(Sema *s, Scope *sc, Stmt *st)
{
    sc->layout->total_in_name = choice(s, st, "first", "name");
}

static void h_layout_table(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 3, 3, "table N \"TITLE\" { ... }");
    if (st->natoms != 3 || !want_block(s, st, "table N \"TITLE\""))
        return;
    LTable t = { .span = st->span };
    t.number = count_arg(s, st->atoms[1]);
    t.title = name_arg(s, st, 2, "the table's title");
    filter_init(&t.where);
    vec_push(s->cx, &sc->layout->tables, t);
    LTable *lt = &sc->layout->tables.v[sc->layout->tables.n - 1];
    Scope in = { .ctx = CTX_LTABLE, .amounts = sc->amounts,
                 .layout = sc->layout, .ltable = lt, .side = &lt->sides[0] };
    walk(s, &in, st->body);
    if (!lt->nsides)
        diag_emit(s->cx, E0308, st->span, "table %d has no columns", t.number);
}

/* A table without 'side' blocks has one side, used as soon as it has
** columns or rows; mixing the two forms is an error. */
static LSide *current_side(Sema *s, Scope *sc, Stmt *st)
{
    if (sc->ctx == CTX_LTABLE) {
        if (sc->ltable->explicit_sides) {
            diag_emit(s->cx, E0302, st->span, "a table with sides has its "
                      "columns and rows inside 'side' blocks");
            return NULL;
        }
        sc->ltable->nsides = 1;
    }
    return sc->side;
}

static void h_layout_side(Sema *s, Scope *sc, Stmt *st)
{
    LTable *t = sc->ltable;
    need_args(s, st, 1, 1, "side { ... }");
    if (!want_block(s, st, "side"))
        return;
    if (t->nsides == 2 || (t->nsides && !t->explicit_sides)) {
        diag_emit(s->cx, E0302, st->span, t->nsides == 2
                  ? "a table has at most two sides"
                  : "a table with sides has its columns and rows inside 'side' "
                    "blocks");
        return;
    }
    t->explicit_sides = true;
    Scope in = *sc;
    in.ctx = CTX_LSIDE;
    in.side = &t->sides[t->nsides++];
    walk(s, &in, st->body);
}

static void h_layout_foot(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 1, 1, "foot { ... }");
    if (!want_block(s, st, "foot"))
        return;
    Scope in = *sc;
    in.ctx = CTX_LFOOT;
    walk(s, &in, st->body);
}

static void h_layout_columns(Sema *s, Scope *sc, Stmt *st)
{
    LSide *side = current_side(s, sc, st);
    need_args(s, st, 1, 1, "columns { ... }");
    if (!side || !want_block(s, st, "columns"))
        return;
    if (side->columns.n) {
        diag_emit(s->cx, E0304, st->span, "'columns' is given twice");
        return;
    }
    Scope in = *sc;
    in.ctx = CTX_LCOLUMNS;
    in.cols = &side->columns;
    walk(s, &in, st->body);
}

/* column "HEADING" code|name|gov-name|sum TERM... ; group "H" { ... } */
static void h_layout_column(Sema *s, Scope *sc, Stmt *st)
{
    bool group = atom_is(s->cx, st->atoms[0], "group");
    LColumn c = { .span = st->span };
    filter_init(&c.filter);
    c.heading = name_arg(s, st, 1, "the column's heading");
    if (!c.heading)
        return;
    if (group) {
        need_args(s, st, 2, 2, "group \"HEADING\" { ... }");
        if (!want_block(s, st, "group \"HEADING\""))
            return;
        c.kind = COL_GROUP;
        Scope in = *sc;
        in.cols = &c.children;
        walk(s, &in, st->body);
        vec_push(s->cx, sc->cols, c);
        return;
    }
    if (!no_block(s, st) || st->natoms < 3) {
        diag_emit(s->cx, E0302, st->span, "expected 'column \"HEADING\" "
                  "code|name|gov-name|sum TERM...'");
        return;
    }
    Atom k = st->atoms[2];
    if (atom_is(s->cx, k, "code"))
        c.kind = COL_CODE;
    else if (atom_is(s->cx, k, "name") || atom_is(s->cx, k, "label"))
        c.kind = COL_NAME;
    else if (atom_is(s->cx, k, "gov-name"))
        c.kind = COL_GOV_NAME;
    else if (atom_is(s->cx, k, "sum"))
        c.kind = COL_SUM;
    else {
        diag_emit(s->cx, E0303, k.span, "unknown column kind; expected code, "
                  "name, gov-name or sum");
        return;
    }
    if (c.kind == COL_CODE && st->natoms == 4) {     /* code 1|2|3: 类|款|项 */
        int32_t part = count_arg(s, st->atoms[3]);
        if (part < 1 || part > 3) {
            diag_emit(s->cx, E0302, st->atoms[3].span, "a code part is 1 (类), "
                      "2 (款) or 3 (项)");
            return;
        }
        c.part = (uint8_t)part;
    } else if (c.kind != COL_SUM && st->natoms > 3) {
        diag_emit(s->cx, E0302, atoms_span(st, 3), "only 'sum' takes terms");
        return;
    }
    if (c.kind == COL_SUM && !parse_terms(s, st, 3, st->natoms, &c.filter))
        return;
    vec_push(s->cx, sc->cols, c);
}

static bool rows_keyword(Sema *s, Atom a)
{
    return atom_is(s->cx, a, "total") || atom_is(s->cx, a, "numbered") ||
           atom_is(s->cx, a, "kind") || atom_is(s->cx, a, "where");
}

/* rows KIND [where TERM...] [total first|last "LABEL"] [numbered] [kind K...] */
static void h_layout_rows(Sema *s, Scope *sc, Stmt *st)
{
    static const char *const kinds[] = { "", "function", "economic",
        "economic-pairs", "classes", "projects", "units" };
    LSide *side = current_side(s, sc, st);
    if (!side || !no_block(s, st))
        return;
    LRows r = { .span = st->span };
    filter_init(&r.filter);
    for (int i = 1; i < 7 && st->natoms > 1; i++)
        if (atom_is(s->cx, st->atoms[1], kinds[i]))
            r.kind = (uint8_t)i;
    if (!r.kind) {
        diag_emit(s->cx, E0303, st->natoms > 1 ? st->atoms[1].span : st->span,
                  "expected a row source: function, economic, economic-pairs, "
                  "classes, projects or units");
        return;
    }
    for (uint32_t i = 2; i < st->natoms;) {
        Atom a = st->atoms[i];
        uint32_t j = i + 1;
        while (j < st->natoms && !rows_keyword(s, st->atoms[j]))
            j++;
        if (atom_is(s->cx, a, "where")) {
            if (!parse_terms(s, st, i + 1, j, &r.filter))
                return;
        } else if (atom_is(s->cx, a, "total") && j - i == 3 &&
                   (atom_is(s->cx, st->atoms[i + 1], "first") ||
                    atom_is(s->cx, st->atoms[i + 1], "last"))) {
            r.total = atom_is(s->cx, st->atoms[i + 1], "first") ? 1 : 2;
            r.label = name_arg(s, st, i + 2, "the total row's label");
        } else if (atom_is(s->cx, a, "numbered") && j == i + 1) {
            r.numbered = true;
        } else if (atom_is(s->cx, a, "kind") && j > i + 1) {
            for (uint32_t k = i + 1; k < j; k++) {
                uint16_t m = 0;
                vocab_arg(s, st->atoms[k], DIM_KIND, &m);
                r.kinds |= m;
            }
        } else {
            diag_emit(s->cx, E0302, a.span, "expected 'where TERM...', 'total "
                      "first|last \"LABEL\"', 'numbered' or 'kind KIND...'");
            return;
        }
        i = j;
    }
    vec_push(s->cx, sc->ctx == CTX_LFOOT ? &side->foot : &side->rows, r);
}

/* row "LABEL" [TERM...] | row "LABEL" blank */
static void h_layout_row(Sema *s, Scope *sc, Stmt *st)
{
    LSide *side = current_side(s, sc, st);
    if (!side || !no_block(s, st))
        return;
    LRows r = { .kind = ROW_FIXED, .span = st->span };
    filter_init(&r.filter);
    r.label = name_arg(s, st, 1, "the row's label");
    if (!r.label)
        return;
    if (st->natoms == 3 && atom_is(s->cx, st->atoms[2], "blank"))
        r.blank = true;
    else if (!parse_terms(s, st, 2, st->natoms, &r.filter))
        return;
    vec_push(s->cx, sc->ctx == CTX_LFOOT ? &side->foot : &side->rows, r);
}

static void h_layout_where(Sema *s, Scope *sc, Stmt *st)
{
    if (no_block(s, st))
        parse_terms(s, st, 1, st->natoms, &sc->ltable->where);
}

static void h_layout_table_text(Sema *s, Scope *sc, Stmt *st)
{
    LTable *t = sc->ltable;
    if (atom_is(s->cx, st->atoms[0], "note")) {
        need_args(s, st, 2, 2, "note \"TEXT\"");
        const char *v = st->natoms == 2 ? name_arg(s, st, 1, "the note") : NULL;
        if (v)
            vec_push(s->cx, &t->notes, v);
        return;
    }
    set_once(s, st, atom_is(s->cx, st->atoms[0], "label") ? &t->label : &t->empty,
             "the text", 1);
}

static void h_layout_numbered(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 1, 1, "numbered-columns");
    sc->ltable->numbered_columns = true;
}

static void h_layout_prose(Sema *s, Scope *sc, Stmt *st)
{
    need_args(s, st, 2, 2, "prose \"TITLE\" { \"PARAGRAPH\" ... }");
    LProse pr = { .span = st->span };
    pr.title = name_arg(s, st, 1, "the section's title");
    if (!pr.title || !want_block(s, st, "prose \"TITLE\""))
        return;
    vec_push(s->cx, &sc->layout->prose, pr);
    LProse *p = &sc->layout->prose.v[sc->layout->prose.n - 1];
    Scope in = { .ctx = CTX_LPROSE, .amounts = sc->amounts,
                 .list = &p->paragraphs, .title = pr.title };
    walk(s, &in, st->body);
}

/* ---- the schema ----------------------------------------------------- */

#define ANY_CTX CTX__COUNT
static const struct Rule {
    uint8_t ctx;          /* Ctx, or ANY_CTX */
    const char *keyword;  /* NULL: the context's row handler */
    Handler fn;
} schema[] = {
    { ANY_CTX, "include", h_include },
    { ANY_CTX, "amounts", h_amounts },
    { CTX_TOP, "import", h_import },
    { CTX_TOP, "department", h_department },
    { CTX_TOP, "unit", h_unit },
    { CTX_TOP, "income", h_income },
    { CTX_TOP, "expenditure", h_expenditure },
    { CTX_TOP, "stated", h_expenditure },
    { CTX_TOP, "total", h_total },
    { CTX_TOP, "project", h_project },
    { CTX_TOP, "performance", h_performance },
    { CTX_TOP, "prior", h_prior },
    { CTX_TOP, "procurement", h_procurement },
    { CTX_TOP, "assets", h_assets },
    { CTX_TOP, "narrative", h_narrative },
    { CTX_TOP, "section", h_section },
    { CTX_TOP, "catalog", h_catalog },
    { CTX_TOP, "mapping", h_mapping },
    { CTX_TOP, "glossary", h_glossary },
    { CTX_DEPT, "code", h_dept_code },
    { CTX_DEPT, "year", h_dept_year },
    { CTX_DEPT, "province", h_dept_province },
    { CTX_DEPT, "duties", h_duties },
    { CTX_DEPT, "offices", h_offices },
    { CTX_DEPT, "staff", h_staff },
    { CTX_DEPT, "unit", h_unit },
    { CTX_UNIT, "kind", h_unit_kind },
    { CTX_UNIT, "level", h_unit_level },
    { CTX_UNIT, "code", h_unit_code },
    { CTX_STAFF, "authorized", h_staff_figure },
    { CTX_STAFF, "employed", h_staff_figure },
    { CTX_STAFF, "established", h_staff_figure },
    { CTX_STAFF, "other", h_staff_figure },
    { CTX_LIST, NULL, row_list },
    { CTX_INCOME, NULL, row_income },
    { CTX_TABLE, "source", h_table_source },
    { CTX_TABLE, "year", h_table_year },
    { CTX_TABLE, "unit", h_table_unit },
    { CTX_TABLE, "sangong", h_table_sangong },
    { CTX_TABLE, "columns", h_table_columns },
    { CTX_TABLE, NULL, row_table },
    { CTX_PROJECT, "unit", h_project_unit },
    { CTX_PROJECT, "category", h_project_category },
    { CTX_PROJECT, "function", h_project_function },
    { CTX_PROJECT, "budget", h_project_budget },
    { CTX_PROJECT, "carried", h_project_budget },
    { CTX_PROJECT, "stated", h_project_budget },
    { CTX_PROJECT, "form", h_project_form },
    { CTX_FORM, "title", h_form_title },
    { CTX_FORM, "authority", h_form_authority },
    { CTX_FORM, "attribute", h_form_attribute },
    { CTX_FORM, "period", h_form_period },
    { CTX_FORM, "funds", h_form_funds },
    { CTX_FORM, "overview", h_form_text },
    { CTX_FORM, "basis", h_form_text },
    { CTX_FORM, "necessity", h_form_text },
    { CTX_FORM, "measures", h_form_text },
    { CTX_FORM, "plan", h_form_text },
    { CTX_FORM, "goal", h_form_goal },
    { CTX_FORM, "indicators", h_indicators },
    { CTX_FORM, "filed", h_form_filed },
    { CTX_FUNDS, NULL, row_fund },
    { CTX_INDICATORS, NULL, row_indicator },
    { CTX_PERF, "authority", h_form_authority },
    { CTX_PERF, "offices", h_offices },
    { CTX_PERF, "units", h_perf_units },
    { CTX_PERF, "staff", h_staff },
    { CTX_PERF, "duties", h_duties },
    { CTX_PERF, "strategy", h_form_text },
    { CTX_PERF, "funds", h_form_funds },
    { CTX_PERF, "task", h_perf_task },
    { CTX_PERF, "goal", h_form_goal },
    { CTX_PERF, "indicators", h_indicators },
    { CTX_PERF_FUNDS, NULL, row_perf_fund },
    { CTX_PRIOR, "year", h_dept_year },
    { CTX_PRIOR, "reason", h_prior_reason },
    { CTX_PRIOR, NULL, row_prior },
    { CTX_PROCUREMENT, NULL, row_procurement },
    { CTX_ASSETS, NULL, row_asset },
    { CTX_NARRATIVE, "section", h_section },
    { CTX_CLAIMS, "says", h_says },
    { CTX_TEXT, NULL, row_list },
    { CTX_CATALOG, NULL, row_catalog },
    { CTX_MAPPING, NULL, row_mapping },
    { CTX_GLOSSARY, NULL, row_glossary },
    { CTX_TOP, "layout", h_layout },
    { CTX_LAYOUT, "province", h_layout_text },
    { CTX_LAYOUT, "title", h_layout_text },
    { CTX_LAYOUT, "caption", h_layout_text },
    { CTX_LAYOUT, "unit-caption", h_layout_text },
    { CTX_LAYOUT, "money", h_layout_money },
    { CTX_LAYOUT, "codes", h_layout_codes },
    { CTX_LAYOUT, "total-label", h_layout_total_label },
    { CTX_LTABLE, "money", h_layout_money },
    { CTX_LAYOUT, "table", h_layout_table },
    { CTX_LAYOUT, "prose", h_layout_prose },
    { CTX_LTABLE, "label", h_layout_table_text },
    { CTX_LTABLE, "empty", h_layout_table_text },
    { CTX_LTABLE, "note", h_layout_table_text },
    { CTX_LTABLE, "where", h_layout_where },
    { CTX_LTABLE, "numbered-columns", h_layout_numbered },
    { CTX_LTABLE, "side", h_layout_side },
    { CTX_LTABLE, "columns", h_layout_columns },
    { CTX_LTABLE, "rows", h_layout_rows },
    { CTX_LTABLE, "row", h_layout_row },
    { CTX_LSIDE, "columns", h_layout_columns },
    { CTX_LSIDE, "rows", h_layout_rows },
    { CTX_LSIDE, "row", h_layout_row },
    { CTX_LSIDE, "foot", h_layout_foot },
    { CTX_LFOOT, "rows", h_layout_rows },
    { CTX_LFOOT, "row", h_layout_row },
    { CTX_LCOLUMNS, "column", h_layout_column },
    { CTX_LCOLUMNS, "group", h_layout_column },
    { CTX_LPROSE, NULL, row_list },
};

#define NRULES (sizeof schema / sizeof schema[0])

static char *keywords_of(Sema *s, Ctx ctx)
{
    char buf[1024];
    size_t k = 0;
    for (size_t i = 0; i < NRULES && k < sizeof buf - 40; i++)
        if (schema[i].keyword && (schema[i].ctx == ctx ||
                                  schema[i].ctx == ANY_CTX))
            k += (size_t)snprintf(buf + k, sizeof buf - k, "%s'%s'",
                                  k ? ", " : "", schema[i].keyword);
    return arena_strndup(s->cx, buf, k);
}

/* The rules of each context, for the walk: its keywords (in schema order,
** with their lengths) and its row handler (the last keyword-less rule). */
static struct Dispatch {
    uint8_t n;
    uint8_t rule[32];
    uint8_t len[32];
    int16_t row;
} dispatch[CTX__COUNT];
static pthread_once_t dispatch_once = PTHREAD_ONCE_INIT;

static void dispatch_build(void)
{
    for (int c = 0; c < CTX__COUNT; c++) {
        struct Dispatch *d = &dispatch[c];
        d->row = -1;
        for (size_t i = 0; i < NRULES; i++) {
            if (schema[i].ctx != c && schema[i].ctx != ANY_CTX)
                continue;
            if (!schema[i].keyword) {
                d->row = (int16_t)i;
            } else {
                if (d->n == sizeof d->rule) {
                    fputs("budgetc: internal error: a context has more than "
                          "32 keywords (sema.c, struct Dispatch)\n", stderr);
                    abort();
                }
                d->rule[d->n] = (uint8_t)i;
                d->len[d->n++] = (uint8_t)strlen(schema[i].keyword);
            }
        }
    }
}

/* The handler of a statement starting with atom a in context ctx: *hit
** when a is one of its keywords, else *row (or NULL). */
static void rule_for(Sema *s, Ctx ctx, Atom a, const struct Rule **hit,
                     const struct Rule **row)
{
    const struct Dispatch *d = &dispatch[ctx];
    *row = d->row >= 0 ? &schema[d->row] : NULL;
    if (a.kind != TK_WORD)
        return;
    uint32_t n;
    const char *p = atom_text(s->cx, a, &n);
    for (uint32_t i = 0; i < d->n; i++)
        if (d->len[i] == n && memcmp(schema[d->rule[i]].keyword, p, n) == 0) {
            *hit = &schema[d->rule[i]];
            return;
        }
}

/* @allow CODE "REASON": applies to the next statement. */
static void annotation(Sema *s, Stmt *st)
{
    if (!atom_is(s->cx, st->atoms[0], "@allow")) {
        diag_emit(s->cx, E0310, st->atoms[0].span, "unknown annotation; "
                  "expected '@allow CODE \"REASON\"'");
        return;
    }
    if (st->natoms != 3 || st->atoms[1].kind != TK_WORD ||
        st->atoms[2].kind != TK_STRING || st->has_block) {
        diag_emit(s->cx, E0310, st->span, "expected '@allow CODE \"REASON\"'; "
                  "the reason is mandatory");
        return;
    }
    const char *code = text_of(s, st->atoms[1]);
    int c = diag_lookup(code);
    uint32_t n;
    const char *reason = ast_string_value(s->cx, st->atoms[2], &n);
    if (c < 0 || n == 0) {
        diag_emit(s->cx, E0310, c < 0 ? st->atoms[1].span : st->atoms[2].span,
                  c < 0 ? "no diagnostic '%s'" : "empty reason for '%s'", code);
        return;
    }
    Allow *a = arena_alloc(s->cx, sizeof *a);
    a->code = (DiagCode)c;
    a->reason = reason;
    a->span = st->span;                 /* replaced by the next statement */
    s->pending = a;
}

static bool is_row_start(Sema *s, Ctx ctx, Atom a)
{
    if (ctx == CTX_TABLE)
        return a.kind == TK_NUMBER || atom_is(s->cx, a, "all");
    return true;
}

static void walk(Sema *s, Scope *sc, Stmt *list)
{
    for (Stmt *st = list; st; st = st->next) {
        if (st->atoms[0].kind == TK_ANNOT) {
            annotation(s, st);
            continue;
        }
        if (s->pending) {
            Allow *a = (Allow *)s->pending;
            a->span = st->span;
            vec_push(s->cx, &s->cx->allows, a);
            s->pending = NULL;
        }
        const struct Rule *row = NULL, *hit = NULL;
        rule_for(s, sc->ctx, st->atoms[0], &hit, &row);
        if (hit)
            hit->fn(s, sc, st);
        else if (row && is_row_start(s, sc->ctx, st->atoms[0]))
            row->fn(s, sc, st);
        else {
            uint32_t n;
            const char *t = atom_text(s->cx, st->atoms[0], &n);
            diag_emit(s->cx, E0301, st->atoms[0].span,
                      "unknown statement '%.*s' in %s; expected %s%s",
                      (int)(n > 60 ? 60 : n), t, ctx_names[sc->ctx],
                      keywords_of(s, sc->ctx),
                      sc->ctx == CTX_TABLE ? ", or a row (CODE or 'all')" : "");
        }
    }
    if (s->pending) {
        diag_emit(s->cx, E0310, s->pending->span, "annotation is not followed "
                  "by a statement");
        s->pending = NULL;
    }
}

/* ---- finishing: names declared anywhere ----------------------------- */

static int32_t find_unit(Sema *s, const char *name)
{
    return map_get(s->unit_map, name, 0);
}

static int32_t unit_ref(Sema *s, const char *name, Span at)
{
    if (!name)
        return -1;
    int32_t u = find_unit(s, name);
    if (u >= 0)
        return u;
    /* once per place written: a table's 'unit' header is shared by all
    ** its rows */
    for (uint32_t i = 0; i < s->bad_units.n; i++)
        if (s->bad_units.v[i].file == at.file && s->bad_units.v[i].off == at.off)
            return u;
    vec_push(s->cx, &s->bad_units, at);
    diag_emit(s->cx, E0307, at, "no unit named '%s'", name);
    return u;
}

static void resolve_filter(Sema *s, Filter *f)
{
    if (f->unit_name)
        f->unit = unit_ref(s, f->unit_name, f->unit_span);
    if (!f->project_name)
        return;
    /* (name, unit) is a project's key; (name, -1) the first of that
    ** name, (name, -2) present when there is more than one */
    int32_t found = map_get(s->project_map, f->project_name,
                            f->unit >= 0 ? f->unit : -1);
    int32_t count = found < 0 ? 0
                  : f->unit < 0 && map_get(s->project_map, f->project_name, -2) >= 0
                  ? 2 : 1;
    if (count == 0)
        diag_emit(s->cx, E0307, f->project_span, "no project named '%s'",
                  f->project_name);
    else if (count > 1)
        diag_emit(s->cx, E0307, f->project_span, "%d projects are named '%s'; "
                  "add 'unit NAME' to say which", count, f->project_name);
    else
        f->project = found;
}

static void sema_finish(Sema *s)
{
    Program *p = s->p;
    for (uint32_t i = 0; i < p->projects.n; i++) {
        Project *pr = &p->projects.v[i];
        pr->unit = unit_ref(s, pr->unit_name, pr->unit_span);
        int32_t at = (int32_t)i;
        int32_t q = map_put(s->cx, s->project_map, pr->name, pr->unit, at);
        if (q != at) {
            Diag *d = diag_emit(s->cx, E0304, pr->span, "project '%s' of "
                                "this unit is declared twice", pr->name);
            diag_note(s->cx, d, p->projects.v[q].span, "first declared here");
        }
        if (map_put(s->cx, s->project_map, pr->name, -1, at) != at)
            map_put(s->cx, s->project_map, pr->name, -2, at);
    }
    const char *last_name = NULL;       /* a block's rows share its header */
    int32_t last_unit = -1;
    for (uint32_t i = 0; i < p->facts.n; i++) {
        Fact *f = &p->facts.v[i];
        if (f->project >= 0) {
            f->unit = p->projects.v[f->project].unit;
        } else if (f->unit_name) {
            if (f->unit_name != last_name) {
                last_name = f->unit_name;
                last_unit = find_unit(s, f->unit_name);
            }
            f->unit = last_unit;
        }
    }
    for (uint32_t i = 0; i < s->table_units.n; i++)
        unit_ref(s, s->table_units.v[i].value, s->table_units.v[i].span);
    for (uint32_t i = 0; i < p->totals.n; i++)
        resolve_filter(s, &p->totals.v[i].filter);
    for (uint32_t i = 0; i < p->prior.n; i++)
        resolve_filter(s, &p->prior.v[i].filter);
}

Program *sema_build(Compilation *cx, Stmt *root, bool need_department)
{
    pthread_once(&dispatch_once, dispatch_build);
    Sema s = { .cx = cx };
    s.p = arena_alloc(cx, sizeof *s.p);
    s.unit_map = map_new(cx);
    s.project_map = map_new(cx);
    cx->prog = s.p;
    for (int i = 0; i < 4; i++)
        s.p->staff[i] = -1;
    Scope top = { .ctx = CTX_TOP };
    walk(&s, &top, root);
    sema_finish(&s);
    /* a root file that gave no statement and already has errors (it could
    ** not be parsed: E0002, E0003, ...) would only get a cascade here */
    bool unparsed = !root && cx->nerrors;
    if (need_department && !s.p->dept_name && cx->files.n && !unparsed)
        diag_emit(cx, E0308, (Span){ 0, 0, 0 },
                  "no 'department' statement; a budget declares its department");
    return s.p;
}
