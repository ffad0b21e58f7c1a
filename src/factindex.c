/*
** factindex.c: answering "the sum of the facts matching this filter" fast.
**
** Every stated total, table cell and prose figure is such a sum, so a
** province-sized budget asks millions of them.  Codes are turned into
** integers once (a code's digits padded to nine: "206" and every code
** under it form one range of integers), and each view's facts are sorted
** five ways (function code; economic code; unit then function code; unit
** then economic code; project).  A filter that names a project, a unit or
** a code prefix scans only its contiguous range of one order, and each
** fact is tested with integer comparisons.  Facts must not change after
** fx_build.  Invariant: fx_sum gives exactly what chk_match over every
** fact would, including `first` (the lowest matching fact index).
*/
#include "budgetc.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>

#define PAD 9u                           /* digits a code is padded to */

/* The sorted orders: a code, a unit then a code, a project. */
enum { BY_FUNC, BY_ECON, BY_UNIT_FUNC, BY_UNIT_ECON, BY_PROJECT, BY__N };

struct FactIndex {
    const Fact *facts;                    /* the program's facts */
    uint32_t *fpad, *epad, *gpad;         /* codes padded to PAD digits */
    uint8_t *flen, *elen, *glen;          /* their lengths (0: none) */
    uint8_t *admin;                       /* 1: an administrative unit's */
    uint32_t *order[VIEW_INCOME + 1][BY__N]; /* fact indices, sorted */
    uint32_t n[VIEW_INCOME + 1];          /* facts per view */
};

static const uint32_t pow10[PAD + 1] = {
    1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
    1000000000u,
};

/* "2060101" -> 206010100, length 7; NULL or not digits -> 0, 0. */
static uint32_t pad_code(const char *s, uint8_t *len)
{
    uint32_t v = 0, n = 0;
    for (; s && s[n] >= '0' && s[n] <= '9' && n < PAD; n++)
        v = v * 10 + (uint32_t)(s[n] - '0');
    if (!s || s[n]) {
        *len = 0;
        return 0;
    }
    *len = (uint8_t)n;
    return v * pow10[PAD - n];
}

/* A filter with its codes as integer ranges, tested per fact. */
typedef struct Compiled {
    const Filter *f;
    uint32_t lo[3], hi[3];      /* function, economic, government ranges */
    uint8_t len[3];             /* prefix lengths; 0: no condition */
} Compiled;

static void compile_filter(const Filter *f, Compiled *c)
{
    const char *codes[3] = { f->func, f->econ, f->gov };
    c->f = f;
    for (int i = 0; i < 3; i++) {
        c->lo[i] = pad_code(codes[i], &c->len[i]);
        c->hi[i] = c->len[i] ? c->lo[i] + pow10[PAD - c->len[i]] : 0;
        if (codes[i] && !c->len[i]) {   /* not digits: match nothing */
            c->len[i] = PAD + 1;
            c->lo[i] = c->hi[i] = 0;
        }
    }
}

static bool code_in(uint32_t v, uint8_t len, const Compiled *c, int i)
{
    return !c->len[i] || (len >= c->len[i] && v >= c->lo[i] && v < c->hi[i]);
}

/* chk_match, on integers. */
static bool match(const FactIndex *x, uint32_t i, const Compiled *c)
{
    const Fact *f = &x->facts[i];
    const Filter *flt = c->f;
    uint8_t side = flt->side ? flt->side : SIDE_EXPENDITURE;
    return f->side == side &&
           (!flt->sources || (f->source && (flt->sources & B(f->source)))) &&
           (!flt->years || (flt->years & B(f->year))) &&
           (!flt->measures || (f->measure && (flt->measures & B(f->measure)))) &&
           (!flt->sangong || (f->sangong && (flt->sangong & B(f->sangong)))) &&
           (flt->unit < 0 || f->unit == flt->unit) &&
           (flt->project < 0 || f->project == flt->project) &&
           code_in(x->fpad[i], x->flen[i], c, 0) &&
           code_in(x->epad[i], x->elen[i], c, 1) &&
           code_in(x->gpad[i], x->glen[i], c, 2) &&
           (!flt->operating || (f->measure == MEAS_PUBLIC && x->admin[i]));
}

/* Sort keys: two integers, then the fact index (so sorting is total). */
typedef struct Pair {
    uint64_t a, b;
    uint32_t i;
} Pair;

static int pair_cmp(const void *x, const void *y)
{
    const Pair *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    return p->i < q->i ? -1 : p->i > q->i;
}

static Pair key_of(const FactIndex *x, uint32_t i, int by)
{
    const Fact *f = &x->facts[i];
    Pair p = { 0, 0, i };
    switch (by) {
    case BY_FUNC: p.a = x->fpad[i]; p.b = x->flen[i]; break;
    case BY_ECON: p.a = x->epad[i]; p.b = x->elen[i]; break;
    case BY_UNIT_FUNC: p.a = (uint64_t)(f->unit + 1); p.b = x->fpad[i]; break;
    case BY_UNIT_ECON: p.a = (uint64_t)(f->unit + 1); p.b = x->epad[i]; break;
    default: p.a = (uint64_t)(f->project + 1); break;
    }
    return p;
}

static uint32_t *sorted(Compilation *cx, FactIndex *x, const uint32_t *idx,
                        uint32_t n, int by)
{
    uint32_t *out = arena_alloc(cx, (n ? n : 1) * sizeof *out);
    Pair *pairs = arena_temp(cx, n * sizeof *pairs);
    for (uint32_t k = 0; k < n; k++)
        pairs[k] = key_of(x, idx[k], by);
    qsort(pairs, n, sizeof *pairs, pair_cmp);
    for (uint32_t k = 0; k < n; k++)
        out[k] = pairs[k].i;
    arena_temp_free(cx, pairs);
    return out;
}

FactIndex *fx_build(Compilation *cx, const Checker *k, const Program *p)
{
    FactIndex *x = arena_alloc(cx, sizeof *x);
    uint32_t nf = p->facts.n ? p->facts.n : 1;
    x->facts = p->facts.v;
    x->fpad = arena_alloc(cx, nf * sizeof *x->fpad);
    x->epad = arena_alloc(cx, nf * sizeof *x->epad);
    x->gpad = arena_alloc(cx, nf * sizeof *x->gpad);
    x->flen = arena_alloc(cx, nf);
    x->elen = arena_alloc(cx, nf);
    x->glen = arena_alloc(cx, nf);
    x->admin = arena_alloc(cx, nf);
    for (uint32_t i = 0; i < p->facts.n; i++) {
        const Fact *f = &p->facts.v[i];
        x->fpad[i] = pad_code(f->func, &x->flen[i]);
        x->epad[i] = pad_code(f->econ, &x->elen[i]);
        x->gpad[i] = pad_code(f->gov, &x->glen[i]);
        x->admin[i] = chk_unit_admin(k, f);
    }
    uint32_t *all = arena_alloc(cx, nf * sizeof *all);
    for (int v = VIEW_FUNCTION; v <= VIEW_INCOME; v++) {
        uint32_t n = 0;
        for (uint32_t i = 0; i < p->facts.n; i++)
            if (p->facts.v[i].view == v)
                all[n++] = i;
        x->n[v] = n;
        for (int by = 0; by < BY__N; by++)
            x->order[v][by] = sorted(cx, x, all, n, by);
    }
    return x;
}

/* The positions [lo, hi) of one order whose first key is `a` (or any, when
** !has_a) and whose second lies in [blo, bhi) (or any). */
static void range(const FactIndex *x, const uint32_t *ord, uint32_t n, int by,
                  bool has_a, uint64_t a, bool has_b, uint64_t blo,
                  uint64_t bhi, uint32_t *lo, uint32_t *hi)
{
    Pair from = { has_a ? a : 0, has_b ? blo : 0, 0 };
    Pair to = { has_a ? a : UINT64_MAX, has_b ? bhi : 0, 0 };
    for (int end = 0; end < 2; end++) {
        uint32_t l = 0, h = n;
        while (l < h) {
            uint32_t mid = l + (h - l) / 2;
            Pair k = key_of(x, ord[mid], by);
            bool below;
            if (end == 0)
                below = k.a < from.a || (k.a == from.a && k.b < from.b);
            else if (has_b)
                below = k.a < to.a || (k.a == to.a && k.b < to.b);
            else
                below = k.a <= to.a;
            if (below)
                l = mid + 1;
            else
                h = mid;
        }
        *(end ? hi : lo) = l;
    }
}

/* The facts worth testing: a contiguous slice of one sorted order. */
static const uint32_t *candidates(const Checker *k, const Compiled *c, int view,
                                  uint32_t *count)
{
    const FactIndex *x = k->ix;
    const Filter *flt = c->f;
    uint32_t n = x->n[view], lo = 0, hi = n;
    bool econ = view == VIEW_ECONOMIC;
    int ci = econ ? 1 : 0;
    bool has_code = c->len[ci] && c->len[ci] <= PAD;
    int by;
    if (flt->project >= 0) {
        by = BY_PROJECT;
        range(x, x->order[view][by], n, by, true, (uint64_t)(flt->project + 1),
              false, 0, 0, &lo, &hi);
    } else if (flt->unit >= 0 && k->nunits[view]) {
        by = econ ? BY_UNIT_ECON : BY_UNIT_FUNC;
        range(x, x->order[view][by], n, by, true, (uint64_t)(flt->unit + 1),
              has_code, c->lo[ci], c->hi[ci], &lo, &hi);
    } else if (has_code) {
        by = econ ? BY_ECON : BY_FUNC;
        /* by code alone: the first key is the padded code itself */
        uint32_t l = 0, h = n;
        const uint32_t *ord = x->order[view][by];
        const uint32_t *pad = econ ? x->epad : x->fpad;
        while (l < h) {
            uint32_t mid = l + (h - l) / 2;
            if (pad[ord[mid]] < c->lo[ci])
                l = mid + 1;
            else
                h = mid;
        }
        lo = l;
        for (h = n; l < h;) {
            uint32_t mid = l + (h - l) / 2;
            if (pad[ord[mid]] < c->hi[ci])
                l = mid + 1;
            else
                h = mid;
        }
        hi = l;
    } else {
        by = BY_FUNC;
    }
    *count = hi - lo;
    return x->order[view][by] + lo;
}

Sum fx_sum(const Checker *k, const Filter *flt, int view)
{
    FactIndex *x = k->ix;
    Compiled c;
    compile_filter(flt, &c);
    uint32_t n;
    const uint32_t *cand = candidates(k, &c, view, &n);
    Sum s = { 0 };
    for (uint32_t i = 0; i < n; i++) {
        uint32_t fi = cand[i];
        if (!match(x, fi, &c))
            continue;
        const Fact *f = &x->facts[fi];
        if (!s.nparts || fi < s.first)
            s.first = fi;
        s.nparts++;
        if (!money_add(s.fen, f->amount.fen, &s.fen))
            s.overflow = true;
        s.tol += money_tolerance(f->amount);
    }
    return s;
}

/* Every fact matching the filter: how many, and the `max` lowest indices
** in out, in fact order (for notes and tooltips). */
uint32_t fx_each(const Checker *k, const Filter *flt, int view,
                 uint32_t *out, uint32_t max)
{
    Compiled c;
    compile_filter(flt, &c);
    uint32_t n, got = 0;
    const uint32_t *cand = candidates(k, &c, view, &n);
    for (uint32_t i = 0; i < n; i++) {
        if (!match(k->ix, cand[i], &c))
            continue;
        uint32_t v = cand[i], pos = got < max ? got : max;
        while (pos > 0 && out[pos - 1] > v) {     /* insert, keep the lowest */
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
