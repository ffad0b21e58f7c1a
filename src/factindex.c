/*
** factindex.c: answering "the sum of the facts matching this filter" fast.
**
** Every stated total, table cell and prose figure is such a sum, so a
** province-sized budget asks millions of them.  Each view's facts are
** sorted five ways (by function code, by economic code, by unit and
** function code, by unit and economic code, by project); a filter that
** names a project, a unit or a code prefix scans only its contiguous
** range of one order.  Facts must not change after fx_build.  Invariant:
** fx_sum gives exactly what a scan of all facts would, including `first`
** (the lowest matching fact index).
*/
#include "budgetc.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>

/* The sorted orders: a code, a unit then a code, a project. */
enum { BY_FUNC, BY_ECON, BY_UNIT_FUNC, BY_UNIT_ECON, BY_PROJECT, BY__N };

struct FactIndex {
    const Fact *facts;                    /* the program's facts */
    uint32_t *order[VIEW_INCOME + 1][BY__N]; /* fact indices, sorted */
    uint32_t n[VIEW_INCOME + 1];          /* facts per view */
};

/* qsort has no context argument: sort (key, index) pairs instead. */
typedef struct Pair {
    const char *s;        /* code, or NULL */
    int64_t a, b;         /* numeric keys */
    uint32_t i;           /* fact index */
} Pair;

static int pair_cmp(const void *x, const void *y)
{
    const Pair *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    int c = strcmp(p->s ? p->s : "", q->s ? q->s : "");
    if (c)
        return c;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    return p->i < q->i ? -1 : p->i > q->i;
}

static uint32_t *sorted(Compilation *cx, const Fact *facts, const uint32_t *idx,
                        uint32_t n, int by)
{
    uint32_t *out = arena_alloc(cx, (n ? n : 1) * sizeof *out);
    Pair *pairs = arena_temp(cx, n * sizeof *pairs);
    for (uint32_t k = 0; k < n; k++) {
        const Fact *f = &facts[idx[k]];
        Pair p = { NULL, 0, 0, idx[k] };
        switch (by) {
        case BY_FUNC: p.s = f->func; break;
        case BY_ECON: p.s = f->econ; break;
        case BY_UNIT_FUNC: p.a = f->unit; p.s = f->func; break;
        case BY_UNIT_ECON: p.a = f->unit; p.s = f->econ; break;
        default: p.a = f->project; break;
        }
        pairs[k] = p;
    }
    qsort(pairs, n, sizeof *pairs, pair_cmp);
    for (uint32_t k = 0; k < n; k++)
        out[k] = pairs[k].i;
    arena_temp_free(cx, pairs);
    return out;
}

FactIndex *fx_build(Compilation *cx, const Program *p)
{
    FactIndex *x = arena_alloc(cx, sizeof *x);
    x->facts = p->facts.v;
    uint32_t *all = arena_alloc(cx, (p->facts.n ? p->facts.n : 1) * sizeof *all);
    for (int v = VIEW_FUNCTION; v <= VIEW_INCOME; v++) {
        uint32_t n = 0;
        for (uint32_t i = 0; i < p->facts.n; i++)
            if (p->facts.v[i].view == v)
                all[n++] = i;
        x->n[v] = n;
        for (int by = 0; by < BY__N; by++)
            x->order[v][by] = sorted(cx, p->facts.v, all, n, by);
    }
    return x;
}

/* What a range search looks for: a unit or project (or none), then a
** code prefix (or none).  Facts compare equal when they fall inside. */
typedef struct Probe {
    int by;               /* the order searched */
    int64_t owner;        /* unit or project, when the order has one */
    const char *code;     /* prefix, or NULL */
    size_t len;
} Probe;

static int probe_cmp(const Fact *f, const Probe *p)
{
    if (p->by == BY_UNIT_FUNC || p->by == BY_UNIT_ECON || p->by == BY_PROJECT) {
        int64_t k = p->by == BY_PROJECT ? f->project : f->unit;
        if (k != p->owner)
            return k < p->owner ? -1 : 1;
    }
    if (!p->code)
        return 0;
    bool econ = p->by == BY_ECON || p->by == BY_UNIT_ECON;
    const char *c = econ ? f->econ : f->func;
    return strncmp(c ? c : "", p->code, p->len);
}

/* The first position whose fact is not below (upper: not within) p. */
static uint32_t bound(const FactIndex *x, const uint32_t *ord, uint32_t n,
                      const Probe *p, bool upper)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = probe_cmp(&x->facts[ord[mid]], p);
        if (c < 0 || (upper && c == 0))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The facts worth testing: a contiguous slice of one sorted order.  What
** the slice guarantees (a code prefix, a unit, a project) is cleared from
** *rest, the filter left to test on each fact. */
static const uint32_t *candidates(const Checker *k, const Filter *flt,
                                  int view, uint32_t *count, Filter *rest)
{
    *rest = *flt;
    const FactIndex *x = k->ix;
    uint32_t n = x->n[view];
    bool econ = view == VIEW_ECONOMIC;
    const char *code = econ ? flt->econ : flt->func;
    Probe p = { -1, -1, code, code ? strlen(code) : 0 };
    if (flt->project >= 0) {
        p.by = BY_PROJECT;
        p.owner = flt->project;
        p.code = NULL;
    } else if (flt->unit >= 0 && k->nunits[view]) {
        p.by = econ ? BY_UNIT_ECON : BY_UNIT_FUNC;
        p.owner = flt->unit;
    } else if (code) {
        p.by = econ ? BY_ECON : BY_FUNC;
    } else {
        *count = n;
        return x->order[view][BY_FUNC];
    }
    const uint32_t *ord = x->order[view][p.by];
    uint32_t lo = bound(x, ord, n, &p, false), hi = bound(x, ord, n, &p, true);
    *count = hi - lo;
    if (p.by == BY_PROJECT)
        rest->project = -1;
    else if (p.by == BY_UNIT_FUNC || p.by == BY_UNIT_ECON)
        rest->unit = -1;
    if (p.code && econ)
        rest->econ = NULL;
    else if (p.code)
        rest->func = NULL;
    return ord + lo;
}







Sum fx_sum(const Checker *k, const Filter *flt, int view)
{
    FactIndex *x = k->ix;
    uint32_t n;
    Filter rest;
    const uint32_t *c = candidates(k, flt, view, &n, &rest);
    Sum s = { 0 };
    for (uint32_t i = 0; i < n; i++) {
        const Fact *f = &x->facts[c[i]];
        if (!chk_match(k, f, &rest))
            continue;
        if (!s.nparts || c[i] < s.first)
            s.first = c[i];
        s.nparts++;
        if (!money_add(s.fen, f->amount.fen, &s.fen))
            s.overflow = true;
        s.tol += money_tolerance(f->amount);
    }
    return s;
}

/* Every fact matching the filter, in fact order, for notes and tooltips. */
uint32_t fx_each(const Checker *k, const Filter *flt, int view,
                 uint32_t *out, uint32_t max)
{
    uint32_t n, got = 0;
    Filter rest;
    const uint32_t *c = candidates(k, flt, view, &n, &rest);
    for (uint32_t i = 0; i < n; i++) {
        if (!chk_match(k, &k->ix->facts[c[i]], &rest))
            continue;
        /* keep the `max` lowest indices, sorted: insertion into out */
        uint32_t v = c[i], pos = got < max ? got : max;
        while (pos > 0 && out[pos - 1] > v) {
            if (pos < max)
                out[pos] = out[pos - 1];
            pos--;
        }
        if (pos < max)
            out[pos] = v;
        got++;
    }
    return got;
}
