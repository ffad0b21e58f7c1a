/*
** factindex.c: answering "the sum of the facts matching this filter" fast.
**
** Every stated total, table cell and prose figure is such a sum, so a
** province-sized budget asks millions of them.  Each view's facts are
** sorted five ways (by function code, by economic code, by unit and code,
** by project
** unit and code, by project); a filter that names a code prefix, a project
** or a unit scans only its contiguous range, and every answer is memoised by the filter, so a
** figure printed in five tables is summed once.  Facts must not change
** after fx_build.  Invariant: fx_sum gives exactly what a scan of all
** facts would, including `first` (the lowest matching fact index).
*/
#include "budgetc.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>

/* The sorted orders: a code, a unit then a code, a project. */
enum { BY_FUNC, BY_ECON, BY_UNIT_FUNC, BY_UNIT_ECON, BY_PROJECT, BY__N };

typedef struct Memo {
    uint64_t hash;        /* 0 = empty slot */
    Filter filter;
    uint8_t view;
    Sum sum;
} Memo;

struct FactIndex {
    const Fact *facts;                    /* the program's facts */
    uint32_t *order[VIEW_INCOME + 1][BY__N]; /* fact indices, sorted */
    uint32_t n[VIEW_INCOME + 1];          /* facts per view */
    Memo *memo;                           /* open addressing */
    uint32_t cap, used;
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
    Pair *pairs = arena_alloc(cx, (n ? n : 1) * sizeof *pairs);
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
    uint32_t *out = arena_alloc(cx, (n ? n : 1) * sizeof *out);
    for (uint32_t k = 0; k < n; k++)
        out[k] = pairs[k].i;
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
    x->cap = 1024;
    x->memo = arena_alloc(cx, x->cap * sizeof *x->memo);
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

/* The facts worth testing: a contiguous slice of one sorted order. */
static const uint32_t *candidates(const Checker *k, const Filter *flt,
                                  int view, uint32_t *count)
{
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
    return ord + lo;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    return h;
}

static uint64_t str_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static uint64_t filter_hash(const Filter *f, int view)
{
    uint64_t h = (uint64_t)view;
    h = mix(h, f->side);
    h = mix(h, f->sources);
    h = mix(h, f->years);
    h = mix(h, f->measures);
    h = mix(h, f->sangong);
    h = mix(h, f->operating);
    h = mix(h, (uint64_t)(int64_t)f->unit);
    h = mix(h, (uint64_t)(int64_t)f->project);
    h = mix(h, str_hash(f->func));
    h = mix(h, str_hash(f->econ));
    h = mix(h, str_hash(f->gov));
    h ^= h >> 30;                      /* splitmix64's finaliser: every bit */
    h *= 0xBF58476D1CE4E5B9ull;        /* of the key reaches the low bits */
    h ^= h >> 27;                      /* the table is indexed by */
    h *= 0x94D049BB133111EBull;
    h ^= h >> 31;
    return h ? h : 1;
}

static bool str_eq(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool filter_eq(const Filter *a, const Filter *b)
{
    return a->side == b->side && a->sources == b->sources &&
           a->years == b->years && a->measures == b->measures &&
           a->sangong == b->sangong && a->operating == b->operating &&
           a->unit == b->unit && a->project == b->project &&
           str_eq(a->func, b->func) && str_eq(a->econ, b->econ) &&
           str_eq(a->gov, b->gov);
}

static void memo_grow(Compilation *cx, FactIndex *x)
{
    Memo *old = x->memo;
    uint32_t cap = x->cap;
    x->cap *= 2;
    x->memo = arena_alloc(cx, x->cap * sizeof *x->memo);
    for (uint32_t i = 0; i < cap; i++) {
        if (!old[i].hash)
            continue;
        uint32_t j = (uint32_t)old[i].hash & (x->cap - 1);
        while (x->memo[j].hash)
            j = (j + 1) & (x->cap - 1);
        x->memo[j] = old[i];
    }
}

Sum fx_sum(const Checker *k, const Filter *flt, int view)
{
    FactIndex *x = k->ix;
    uint64_t h = filter_hash(flt, view);
    uint32_t j = (uint32_t)h & (x->cap - 1);
    for (; x->memo[j].hash; j = (j + 1) & (x->cap - 1))
        if (x->memo[j].hash == h && x->memo[j].view == view &&
            filter_eq(&x->memo[j].filter, flt))
            return x->memo[j].sum;
    uint32_t n;
    const uint32_t *c = candidates(k, flt, view, &n);
    Sum s = { 0 };
    for (uint32_t i = 0; i < n; i++) {
        const Fact *f = &x->facts[c[i]];
        if (!chk_match(k, f, flt))
            continue;
        if (!s.nparts || c[i] < s.first)
            s.first = c[i];
        s.nparts++;
        if (!money_add(s.fen, f->amount.fen, &s.fen))
            s.overflow = true;
        s.tol += money_tolerance(f->amount);
    }
    if ((x->used + 1) * 2 > x->cap) {
        memo_grow(k->cx, x);
        for (j = (uint32_t)h & (x->cap - 1); x->memo[j].hash;)
            j = (j + 1) & (x->cap - 1);
    }
    Memo m = { h, *flt, (uint8_t)view, s };
    x->memo[j] = m;
    x->used++;
    return s;
}

/* Every fact matching the filter, in fact order, for notes and tooltips. */
uint32_t fx_each(const Checker *k, const Filter *flt, int view,
                 uint32_t *out, uint32_t max)
{
    uint32_t n, got = 0;
    const uint32_t *c = candidates(k, flt, view, &n);
    for (uint32_t i = 0; i < n; i++) {
        if (!chk_match(k, &k->ix->facts[c[i]], flt))
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
