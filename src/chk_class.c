/*
** chk_class.c: classification.  Codes exist in the catalogs in use and
** their names match (RULES S4); declared codes sit under their prefixes;
** running costs are booked to the 项 of the unit's kind; economic pairs
** are valid for the unit's kind (T6d); 人员/公用 follow the economic
** class (T6c); "三公" categories sit on their economic codes (T10b);
** 机关运行经费 comes only from administrative units (T11b).
*/
#include "budgetc.h"
#include "check.h"

#include <string.h>

/* Codes already reported as unknown, so each is reported once. */
typedef struct Seen {
    VEC(const char *) codes;
} Seen;

static bool seen_before(Checker *k, Seen *s, const char *code)
{
    for (uint32_t i = 0; i < s->codes.n; i++)
        if (strcmp(s->codes.v[i], code) == 0)
            return true;
    vec_push(k->cx, &s->codes, code);
    return false;
}

/* The part of ROW from its start (the code) to the end of NAME, where
** the row writes the name; else the whole row. */
static Span code_and_name(Checker *k, Span row, const char *name)
{
    const SourceFile *sf = k->cx->files.v[row.file];
    size_t n = strlen(name);
    const char *p = sf->text + row.off, *end = p + row.len;
    for (const char *q = p; n && q + n <= end; q++)
        if (memcmp(q, name, n) == 0)
            return (Span){ row.file, row.off, (uint32_t)(q + n - p) };
    return row;
}

static void check_code(Checker *k, Seen *seen, const CatIndex *ix,
                       const char *what, const char *code, const char *name,
                       Span at)
{
    if (!code)
        return;
    const CatalogEntry *e = chk_cat(ix, code);
    if (!e) {
        if (ix->n && !seen_before(k, seen, code)) {
            Diag *d = diag_emit(k->cx, E0501, at, "%s code %s%s%s is not in "
                                "the catalogs in use", what, code,
                                name ? " " : "", name ? name : "");
            diag_note(k->cx, d, span_none(), "declare it in a 'catalog %s' "
                      "block, or import the full catalog with 'budgetc "
                      "catalog import'", strcmp(what, "function") == 0 ?
                      "function" : strcmp(what, "economic") == 0 ?
                      "economic" : "government");
        }
        return;
    }
    if (name && strcmp(name, e->name) != 0) {
        Diag *d = diag_emit(k->cx, E0502, code_and_name(k, at, name),
                            "%s code %s is '%s' in the "
                            "catalog, not '%s'", what, code, e->name, name);
        diag_note(k->cx, d, e->span, "catalog entry");
    }
}

/* A declared code must sit under its shorter prefixes (类 3, 款 5). */
static void check_hierarchy(Checker *k, const CatIndex *ix, const char *what)
{
    for (uint32_t i = 0; i < ix->n; i++) {
        const CatalogEntry *e = ix->v[i];
        size_t n = strlen(e->code);
        for (size_t len = 3; len < n; len += 2) {
            char pre[16];
            memcpy(pre, e->code, len);
            pre[len] = 0;
            if (!chk_cat(ix, pre)) {
                diag_emit(k->cx, E0503, e->span, "%s code %s has no parent %s "
                          "in the catalogs", what, e->code, pre);
                break;
            }
        }
    }
}

static const char *func_name(Checker *k, const char *code)
{
    const CatalogEntry *e = code ? chk_cat(&k->func, code) : NULL;
    return e ? e->name : NULL;
}

/* 行政运行 is for administrative units, 机构运行/事业运行 for others. */
static void check_running_cost(Checker *k, const Fact *f)
{
    if (f->unit < 0 || !f->func)
        return;
    const char *nm = func_name(k, f->func);
    if (!nm)
        nm = f->name;
    if (!nm)
        return;
    const Unit *u = &k->p->units.v[f->unit];
    bool admin = u->kind == KIND_ADMIN || u->kind == KIND_CIVIL;
    bool wrong = (strcmp(nm, "行政运行") == 0 && !admin) ||
                 ((strcmp(nm, "机构运行") == 0 || strcmp(nm, "事业运行") == 0) &&
                  admin);
    if (wrong) {
        Diag *d = diag_emit(k->cx, E0504, f->span, "%s %s is for %s units, but "
                            "'%s' is %s", f->func, nm, admin ? "institution"
                            : "administrative", u->name,
                            vocab_name(DIM_KIND, u->kind));
        diag_note(k->cx, d, u->span, "unit declared here");
    }
}

/* The unit kind a fact's money belongs to: its unit's, else what its
** government economic code says (501/502 机关, 505 事业), else 0. */
static int fact_kind(Checker *k, const Fact *f)
{
    if (f->unit >= 0) {
        int kind = k->p->units.v[f->unit].kind;
        return kind == KIND_CIVIL ? KIND_ADMIN : kind;
    }
    if (f->gov && (strncmp(f->gov, "501", 3) == 0 || strncmp(f->gov, "502", 3) == 0))
        return KIND_ADMIN;
    if (f->gov && strncmp(f->gov, "505", 3) == 0)
        return KIND_INSTITUTION;
    return 0;
}

/* The mapping by (economic code, unit kind): the first row of each, and
** each row's next of the same key, in the mapping's order. */
typedef struct Pairs {
    StrMap *first;            /* (econ, kind) -> row */
    int32_t *next;            /* row -> the next row of its key, or -1 */
} Pairs;

static void pairs_build(Checker *k, Pairs *pp)
{
    uint32_t n = k->p->mapping.n;
    pp->first = map_new(k->cx);
    pp->next = arena_alloc(k->cx, (n ? n : 1) * sizeof *pp->next);
    int32_t *last = arena_alloc(k->cx, (n ? n : 1) * sizeof *last);
    for (uint32_t i = 0; i < n; i++) {
        const MappingEntry *m = &k->p->mapping.v[i];
        int32_t head = map_put(k->cx, pp->first, m->econ, m->kind, (int32_t)i);
        pp->next[i] = -1;
        if (head != (int32_t)i)
            pp->next[last[head]] = (int32_t)i;
        last[head] = (int32_t)i;
    }
}

/* The (department, government) economic pair is a valid mapping for the
** unit's kind.  The bundled mapping is partial: a kind it has no row for
** is not checked. */
static void check_pair(Checker *k, const Pairs *pp, const Fact *f)
{
    int kind = fact_kind(k, f);
    if (!f->econ || !f->gov || !kind)
        return;
    int32_t i = map_get(pp->first, f->econ, kind);
    if (i < 0)
        return;
    const MappingEntry *first = &k->p->mapping.v[i];
    for (; i >= 0; i = pp->next[i])
        if (strcmp(k->p->mapping.v[i].gov, f->gov) == 0)
            return;
    Diag *d = diag_emit(k->cx, E0505, f->row, "economic %s maps to government "
                        "%s for a %s unit, not to %s", f->econ, first->gov,
                        vocab_name(DIM_KIND, kind), f->gov);
    diag_note(k->cx, d, first->span, "the mapping");
}

/* 人员经费 is 301 and 303, 公用经费 302 and 310 (RULES 1). */
static void check_class_of(Checker *k, const Fact *f)
{
    if (!f->econ || (f->measure != MEAS_PERSONNEL && f->measure != MEAS_PUBLIC))
        return;
    bool personnel = strncmp(f->econ, "301", 3) == 0 ||
                     strncmp(f->econ, "303", 3) == 0;
    bool public = strncmp(f->econ, "302", 3) == 0 ||
                  strncmp(f->econ, "310", 3) == 0;
    if (f->measure == MEAS_PERSONNEL && !personnel)
        diag_emit(k->cx, E0506, f->span, "economic %s is not 人员经费 (301 or "
                  "303)%s", f->econ, public ? "; it is 公用经费" : "");
    else if (f->measure == MEAS_PUBLIC && !public)
        diag_emit(k->cx, E0506, f->span, "economic %s is not 公用经费 (302 or "
                  "310)%s", f->econ, personnel ? "; it is 人员经费" : "");
}

static void check_sangong(Checker *k, const Fact *f)
{
    static const char *const codes[] = { "", "30212", "30217", "31013", "30231" };
    if (!f->sangong || !f->econ)
        return;
    if (strcmp(f->econ, codes[f->sangong]) != 0)
        diag_emit(k->cx, E0507, f->span, "%s is economic %s, but this money "
                  "is booked to %s", vocab_name(DIM_SANGONG, f->sangong),
                  codes[f->sangong], f->econ);
}

/* Whether ROW is *LAST (a point span is never a row); *LAST becomes ROW. */
static bool same_row(Span *last, Span row)
{
    bool same = row.len && last->len && row.file == last->file &&
                row.off == last->off;
    *last = row;
    return same;
}

void chk_class(Checker *k)
{
    Program *p = k->p;
    Seen sf = { 0 }, se = { 0 }, sg = { 0 };
    Pairs pairs;
    pairs_build(k, &pairs);
    check_hierarchy(k, &k->func, "function");
    check_hierarchy(k, &k->econ, "economic");
    check_hierarchy(k, &k->gov, "government economic");
    /* one row with several amount columns gives several facts or totals:
    ** its codes are checked once */
    Span last = span_none();
    for (uint32_t i = 0; i < p->facts.n; i++) {
        const Fact *f = &p->facts.v[i];
        if (!same_row(&last, f->row)) {
            check_code(k, &sf, &k->func, "function", f->func, f->name, f->row);
            check_code(k, &se, &k->econ, "economic", f->econ, f->name, f->row);
            check_code(k, &sg, &k->gov, "government economic", f->gov,
                       f->gov_name, f->row);
        }
        check_running_cost(k, f);
        check_pair(k, &pairs, f);
        check_class_of(k, f);
        check_sangong(k, f);
    }
    for (uint32_t i = 0; i < p->totals.n; i++) {
        const Total *t = &p->totals.v[i];
        const Filter *fl = &t->filter;
        if (!same_row(&last, t->row)) {
            check_code(k, &sf, &k->func, "function", fl->func, t->name, t->row);
            check_code(k, &se, &k->econ, "economic", fl->econ, t->name, t->row);
            check_code(k, &sg, &k->gov, "government economic", fl->gov, NULL,
                       t->row);
        }
        if (fl->operating && fl->unit >= 0) {
            const Unit *u = &p->units.v[fl->unit];
            if (u->kind != KIND_ADMIN && u->kind != KIND_CIVIL) {
                Diag *d = diag_emit(k->cx, E0508, t->span, "机关运行经费 stated "
                                    "for '%s', an %s unit; only administrative "
                                    "and 参公 units have it", u->name,
                                    vocab_name(DIM_KIND, u->kind));
                diag_note(k->cx, d, u->span, "unit declared here");
            }
        }
    }
}
