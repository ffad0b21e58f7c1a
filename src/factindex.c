/*
** factindex.c: answering "the sum of the facts matching this filter" fast.
**
** Every stated total, table cell and prose figure is such a sum, so a
** province-sized budget asks millions of them.  Codes are turned into
** integers once (a code's digits padded to nine: "206" and every code
** under it form one range of integers), and each view's facts are copied
** into packed records sorted by the view's code (economic for the
** economic view, function for the others), so a code prefix is one
** contiguous run of records read in memory order.  Two position lists
** sort the same records by unit then code, and by project.  Facts with
** the same attributes (side, source, year, measure, "三公", administrative)
** form a class whose sum is kept, so a filter that names no code, unit
** or project adds up a few classes instead of reading every fact; facts
** with the same codes too form a group, and a filter over the whole
** department with a code adds up the groups under it.
**
** Facts must not change after fx_build.  Invariant: fx_sum gives exactly
** what chk_match over every fact would, including `first` (the lowest
** matching fact index) and `overflow`: facts are added in the order the
** index always used (code, then unit and code, then project; fact index
** last), and class and group sums are combined only in a view whose
** absolute amounts add up within int64, where no partial sum can
** overflow.
*/
#include "budgetc.h"
#include "check.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define PAD 9u                           /* digits a code is padded to */
#define NTOL 32                          /* tolerance slots: unit x decimals */

/* One fact as a filter sees it, 40 bytes, read in scan order. */
typedef struct FxRec {
    int64_t fen;              /* the amount */
    uint32_t fact;            /* index into the program's facts */
    uint32_t code[3];         /* function, economic, government, padded */
    uint8_t len[3];           /* their lengths (0: none) */
    uint8_t side, source, year, measure, sangong; /* as the fact, < 32 */
    uint8_t admin;            /* 1: an administrative unit's money */
    uint8_t tolc;             /* index into FactIndex.tol */
} FxRec;

/* Facts alike in what a filter tests: their sum, tolerance, count and
** first index.  A class ignores codes; a group does not. */
typedef struct FxClass {
    FxRec like;               /* attributes (fen and fact unused) */
    int64_t fen;              /* their exact sum */
    int64_t tol;              /* the sum of their rounding tolerances */
    uint32_t nparts;          /* how many */
    uint32_t first;           /* the lowest fact index among them */
} FxClass;

/* One view's facts. */
typedef struct FxView {
    FxRec *rec;               /* sorted by code, then fact index */
    uint32_t n;               /* facts in the view */
    uint32_t *by_unit;        /* positions in rec: by unit, code, fact */
    uint32_t *by_project;     /* positions in rec: by project, fact */
    uint32_t *unit_at;        /* unit u's run of by_unit starts at
                              ** unit_at[u + 1]; nunit + 1 entries */
    uint32_t *project_at;     /* the same for projects in by_project */
    uint32_t nunit, nproject; /* units (projects) + 1: unit + 1 is below */
    uint32_t *by_func;        /* economic view, when !exact: positions by
                              ** function code (the order a whole-view
                              ** sum adds in); else NULL */
    bool exact;               /* the absolute amounts add up within int64 */
    FxClass *cls;             /* classes, when exact and few; else NULL */
    uint32_t ncls;            /* how many */
    FxClass *group;           /* groups, when exact and few: in code order,
                              ** for filters over the whole department */
    uint32_t ngroup;          /* how many */
} FxView;

struct FactIndex {
    const Fact *facts;                    /* the program's facts */
    FxView view[VIEW_INCOME + 1];         /* by VIEW_*; [0] unused */
    int64_t tol[NTOL];                    /* money_tolerance by tolc */
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

/* A code of one to nine digits as an integer that sorts as the string
** does: "2060101" -> 206010100 * 16 + 7; 0 for anything else. */
uint64_t fx_code_key(const char *code)
{
    uint8_t len;
    uint32_t pad = pad_code(code, &len);
    return (uint64_t)pad << 4 | len;
}

/* ---- building ------------------------------------------------------- */

#define DIGIT 11u                        /* radix sort: bits per pass */
#define NBUCKET (1u << DIGIT)
#define NPASS 6u                         /* 6 x 11 bits cover 64 */

/* Sort val[] by key[] (both n long), stably: LSD radix, skipping the
** digits every key shares, the histograms of every digit counted in one
** read.  tk and tv are scratch of the same sizes; count holds
** NPASS * NBUCKET.  The result is left in key and val. */
static void radix_sort(uint64_t *key, uint32_t *val, uint64_t *tk,
                       uint32_t *tv, uint32_t n, uint32_t *count)
{
    memset(count, 0, NPASS * NBUCKET * sizeof *count);
    for (uint32_t i = 0; i < n; i++)
        for (unsigned d = 0; d < NPASS; d++)
            count[d * NBUCKET + ((key[i] >> (d * DIGIT)) & (NBUCKET - 1))]++;
    uint64_t *k = key, *k2 = tk;
    uint32_t *v = val, *v2 = tv;
    for (unsigned d = 0; d < NPASS && n; d++) {
        uint32_t *c = count + d * NBUCKET;
        unsigned shift = d * DIGIT;
        if (c[(k[0] >> shift) & (NBUCKET - 1)] == n)
            continue;                    /* one bucket: nothing moves */
        uint32_t sum = 0;
        for (uint32_t b = 0; b < NBUCKET; b++) {
            uint32_t x = c[b];
            c[b] = sum;
            sum += x;
        }
        for (uint32_t i = 0; i < n; i++) {
            uint32_t at = c[(k[i] >> shift) & (NBUCKET - 1)]++;
            k2[at] = k[i];
            v2[at] = v[i];
        }
        uint64_t *tk2 = k; k = k2; k2 = tk2;
        uint32_t *tv2 = v; v = v2; v2 = tv2;
    }
    if (k != key) {
        memcpy(key, k, n * sizeof *key);
        memcpy(val, v, n * sizeof *val);
    }
}

/* val[i] = i sorted by key(ud, i), stably: ties in index order. */
void fx_sort(Compilation *cx, uint32_t *val, uint32_t n,
             uint64_t (*key)(void *ud, uint32_t i), void *ud)
{
    size_t m = n ? n : 1;
    char *block = arena_temp(cx, m * (2 * sizeof(uint64_t) + sizeof(uint32_t))
                                 + NPASS * NBUCKET * sizeof(uint32_t));
    uint64_t *k = (uint64_t *)block, *tk = k + m;
    uint32_t *tv = (uint32_t *)(tk + m), *count = tv + m;
    for (uint32_t i = 0; i < n; i++) {
        k[i] = key(ud, i);
        val[i] = i;
    }
    radix_sort(k, val, tk, tv, n, count);
    arena_temp_free(cx, block);
}

/* Scratch for building the index: one block, so that an out-of-memory
** unwind never finds a second one outstanding. */
typedef struct Scratch {
    uint64_t *hkey;           /* per fact, by view: code order's key */
    uint64_t *ukey;           /* per fact, by view: by unit, then code */
    uint32_t *pkey;           /* per fact, by view: by project */
    uint64_t *key, *tk;       /* radix sort of one view: keys */
    uint32_t *val, *tv;       /* radix sort: what they sort */
    uint32_t *inv;            /* local index -> position in rec */
    uint32_t *count;          /* radix histograms */
} Scratch;

/* out[]: positions in rec of a view's facts sorted by key[] (by local
** index, fact order), ties in fact order; inv maps index to position. */
static void order_by(Scratch *s, const uint64_t *key, uint32_t n,
                     uint32_t *out)
{
    memcpy(s->key, key, n * sizeof *key);
    for (uint32_t j = 0; j < n; j++)
        s->val[j] = j;
    radix_sort(s->key, s->val, s->tk, s->tv, n, s->count);
    for (uint32_t p = 0; p < n; p++)
        out[p] = s->inv[s->val[p]];
}

static uint8_t small(uint8_t v)
{
    return v < 31 ? v : 31;              /* B(v) is 0 from 16 on, like 31's */
}

static FxRec make_rec(const Checker *k, const Fact *f, uint32_t fi)
{
    FxRec r = { .fen = f->amount.fen, .fact = fi };
    r.code[0] = pad_code(f->func, &r.len[0]);
    r.code[1] = pad_code(f->econ, &r.len[1]);
    r.code[2] = pad_code(f->gov, &r.len[2]);
    r.side = f->side;
    r.source = small(f->source);
    r.year = small(f->year);
    r.measure = small(f->measure);
    r.sangong = small(f->sangong);
    r.admin = chk_unit_admin(k, f);
    uint8_t dec = f->amount.decimals < 7 ? f->amount.decimals : 7;
    r.tolc = (uint8_t)((f->amount.unit & 3) * 8 + dec);
    return r;
}

/* rec[p] = old rec[from[p]] for every p, in place, following cycles;
** from[] is used up. */
static void permute(FxRec *rec, uint32_t *from, uint32_t n)
{
    for (uint32_t p = 0; p < n; p++) {
        if (from[p] == UINT32_MAX)
            continue;
        FxRec first = rec[p];
        uint32_t q = p;
        while (from[q] != p) {
            uint32_t src = from[q];
            rec[q] = rec[src];
            from[q] = UINT32_MAX;
            q = src;
        }
        rec[q] = first;
        from[q] = UINT32_MAX;
    }
}

/* Counts into where each run starts; one entry past the last key. */
static void starts(uint32_t *at, uint32_t n)
{
    uint32_t sum = 0;
    for (uint32_t a = 0; a <= n; a++) {
        uint32_t c = a < n ? at[a] : 0;
        at[a] = sum;
        sum += c;
    }
}

/* Sort one view's records (written in fact order) by code, and make its
** position lists; `from` is where the view's keys start in s. */
static void sort_view(FxView *v, Scratch *s, uint32_t from)
{
    uint32_t n = v->n;
    starts(v->unit_at, v->nunit);
    starts(v->project_at, v->nproject);
    memcpy(s->key, s->hkey + from, n * sizeof *s->key);
    for (uint32_t j = 0; j < n; j++)
        s->val[j] = j;
    radix_sort(s->key, s->val, s->tk, s->tv, n, s->count);
    for (uint32_t p = 0; p < n; p++)
        s->inv[s->val[p]] = p;
    permute(v->rec, s->val, n);
    order_by(s, s->ukey + from, n, v->by_unit);
    for (uint32_t j = 0; j < n; j++)
        s->tk[j] = s->pkey[from + j];    /* widened: order_by copies it */
    order_by(s, s->tk, n, v->by_project);
}

/* The economic view's positions by function code, then fact (the order
** a whole-view sum adds in), for a view that is not exact: rare, so it
** sorts twice rather than keep the fact order from the main sort. */
static void sort_by_func(Compilation *cx, FxView *v)
{
    uint32_t n = v->n ? v->n : 1;
    v->by_func = arena_alloc(cx, n * sizeof *v->by_func);
    char *block = arena_temp(cx, n * (2 * sizeof(uint64_t) + sizeof(uint32_t))
                                 + NPASS * NBUCKET * sizeof(uint32_t));
    uint64_t *key = (uint64_t *)block, *tk = key + n;
    uint32_t *tv = (uint32_t *)(tk + n), *count = tv + n;
    for (uint32_t p = 0; p < v->n; p++) {     /* positions in fact order */
        key[p] = v->rec[p].fact;
        v->by_func[p] = p;
    }
    radix_sort(key, v->by_func, tk, tv, v->n, count);
    for (uint32_t i = 0; i < v->n; i++) {     /* then by code, stably */
        const FxRec *r = &v->rec[v->by_func[i]];
        key[i] = (uint64_t)r->code[0] << 4 | r->len[0];
    }
    radix_sort(key, v->by_func, tk, tv, v->n, count);
    arena_temp_free(cx, block);
}

/* Count record r into the facts alike c. */
static void alike_add(const FactIndex *x, FxClass *c, const FxRec *r)
{
    if (!c->nparts || r->fact < c->first) {
        c->like = *r;
        c->first = r->fact;
    }
    c->fen += r->fen;
    c->tol += x->tol[r->tolc];
    c->nparts++;
}

static uint64_t class_key(const FxRec *r)
{
    return (uint64_t)r->side | (uint64_t)r->source << 8 |
           (uint64_t)r->year << 16 | (uint64_t)r->measure << 24 |
           (uint64_t)r->sangong << 32 | (uint64_t)r->admin << 40;
}

#define MAXCLS 1024u                     /* more classes: scan instead */

/* The classes of an exact view; none when there are more than MAXCLS.
** The view is exact, so its classes' sums may be added in any order. */
static void build_classes(Compilation *cx, FactIndex *x, FxView *v)
{
    uint64_t keys[2 * MAXCLS];           /* open addressing, at most half full */
    uint16_t slot[2 * MAXCLS];           /* class + 1; 0: empty */
    uint32_t used = 0;
    memset(slot, 0, sizeof slot);
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t p = 0; p < v->n; p++) {
            const FxRec *r = &v->rec[p];
            uint64_t key = class_key(r);
            uint32_t h = (uint32_t)((key * 0x9e3779b97f4a7c15ull) >> 53);
            while (slot[h] && keys[h] != key)
                h = (h + 1) & (2 * MAXCLS - 1);
            if (!slot[h]) {
                if (used == MAXCLS)
                    return;              /* not few: fx_sum scans */
                keys[h] = key;
                slot[h] = (uint16_t)++used;
            }
            if (pass == 0)
                continue;
            alike_add(x, &v->cls[slot[h] - 1], r);
        }
        if (pass == 0) {
            v->cls = arena_alloc(cx, (used ? used : 1) * sizeof *v->cls);
            v->ncls = used;
        }
    }
}

static bool same_group(const FxRec *a, const FxRec *b)
{
    return class_key(a) == class_key(b) && a->code[0] == b->code[0] &&
           a->code[1] == b->code[1] && a->code[2] == b->code[2] &&
           a->len[0] == b->len[0] && a->len[1] == b->len[1] &&
           a->len[2] == b->len[2];
}

static uint32_t group_hash(const FxRec *r)
{
    uint64_t h = class_key(r) ^ (uint64_t)r->len[0] << 48 ^
                 (uint64_t)r->len[1] << 52 ^ (uint64_t)r->len[2] << 56;
    h = (h ^ r->code[0]) * 0x9e3779b97f4a7c15ull;
    h = (h ^ r->code[1]) * 0x9e3779b97f4a7c15ull;
    h = (h ^ r->code[2]) * 0x9e3779b97f4a7c15ull;
    return (uint32_t)(h >> 32);
}

#define MAXGROUP 65536u                  /* more groups: scan instead */

/* The groups of an exact view: facts alike in every code and attribute.
** Records are in code order, so groups met in that order are sorted by
** the view's code too.  Two reads: count the groups, then add them up;
** the hash table (positions of a group's first record) stays behind. */
static void build_groups(Compilation *cx, FactIndex *x, FxView *v)
{
    uint32_t cap = 16, limit = v->n < MAXGROUP ? v->n : MAXGROUP;
    while (cap < 2 * limit)
        cap *= 2;
    uint32_t *first = arena_alloc(cx, cap * sizeof *first);   /* pos + 1 */
    uint32_t *index = arena_alloc(cx, cap * sizeof *index);   /* group */
    uint32_t used = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t p = 0; p < v->n; p++) {
            const FxRec *r = &v->rec[p];
            uint32_t h = group_hash(r) & (cap - 1);
            while (first[h] && !same_group(&v->rec[first[h] - 1], r))
                h = (h + 1) & (cap - 1);
            if (!first[h]) {
                if (used == limit)
                    return;              /* not few: fx_sum scans */
                first[h] = p + 1;
                index[h] = used++;
            }
            if (pass == 0)
                continue;
            alike_add(x, &v->group[index[h]], r);
        }
        if (pass == 0) {
            v->group = arena_alloc(cx, (used ? used : 1) * sizeof *v->group);
            v->ngroup = used;
        }
    }
}

/* The index: every view's records, lists and directories allocated
** first (their sizes are known from chk_prepare's counts), then one read
** of the facts writes each view's records in fact order with their sort
** keys, and each view is sorted in the one scratch block. */
FactIndex *fx_build(Compilation *cx, const Checker *k, const Program *p)
{
    FactIndex *x = arena_alloc(cx, sizeof *x);
    x->facts = p->facts.v;
    for (int t = 0; t < NTOL; t++)
        x->tol[t] = money_tolerance((Money){ 0, (uint8_t)(t / 8),
                                             (uint8_t)(t % 8) });
    uint32_t most = 1, at[VIEW_INCOME + 2] = { 0 }, cur[VIEW_INCOME + 1];
    for (int view = VIEW_FUNCTION; view <= VIEW_INCOME; view++) {
        FxView *v = &x->view[view];
        uint32_t n = k->nviews[view] ? k->nviews[view] : 1;
        v->n = k->nviews[view];
        most = v->n > most ? v->n : most;
        at[view + 1] = at[view] + v->n;
        v->nunit = p->units.n + 1;       /* units -1 .. n - 1 */
        v->nproject = p->projects.n + 1;
        v->rec = arena_alloc(cx, n * sizeof *v->rec);
        v->by_unit = arena_alloc(cx, n * sizeof *v->by_unit);
        v->by_project = arena_alloc(cx, n * sizeof *v->by_project);
        v->unit_at = arena_alloc(cx, (v->nunit + 1) * sizeof *v->unit_at);
        v->project_at = arena_alloc(cx, (v->nproject + 1) *
                                        sizeof *v->project_at);
        v->exact = true;
    }
    /* every arena allocation above, the one scratch block below */
    size_t m = most, nf = p->facts.n ? p->facts.n : 1;
    char *block = arena_temp(cx, nf * (2 * sizeof(uint64_t) + sizeof(uint32_t))
                                 + m * (2 * sizeof(uint64_t) + 3 * sizeof(uint32_t))
                                 + NPASS * NBUCKET * sizeof(uint32_t));
    Scratch s;
    s.hkey = (uint64_t *)block;
    s.ukey = s.hkey + nf;
    s.key = s.ukey + nf;
    s.tk = s.key + m;
    s.pkey = (uint32_t *)(s.tk + m);
    s.val = s.pkey + nf;
    s.tv = s.val + m;
    s.inv = s.tv + m;
    s.count = s.inv + m;
    int64_t abs[VIEW_INCOME + 1] = { 0 };
    memcpy(cur, at, sizeof cur);
    for (uint32_t i = 0; i < p->facts.n; i++) {  /* the one read of the facts */
        const Fact *f = &p->facts.v[i];
        if (f->view < VIEW_FUNCTION || f->view > VIEW_INCOME)
            continue;                    /* in no view: never summed */
        FxView *v = &x->view[f->view];
        uint32_t j = cur[f->view]++, ci = f->view == VIEW_ECONOMIC;
        assert(f->unit + 1 < (int32_t)v->nunit && f->unit >= -1);
        assert(f->project + 1 < (int32_t)v->nproject && f->project >= -1);
        FxRec *r = &v->rec[j - at[f->view]];
        *r = make_rec(k, f, i);
        s.hkey[j] = (uint64_t)r->code[ci] << 4 | r->len[ci];
        s.ukey[j] = (uint64_t)(uint32_t)(f->unit + 1) << 30 | r->code[ci];
        s.pkey[j] = (uint32_t)(f->project + 1);
        v->unit_at[f->unit + 1]++;
        v->project_at[f->project + 1]++;
        int64_t a = f->amount.fen;
        if (a == INT64_MIN || !money_add(abs[f->view], a < 0 ? -a : a,
                                         &abs[f->view]))
            v->exact = false;
    }
    for (int view = VIEW_FUNCTION; view <= VIEW_INCOME; view++)
        sort_view(&x->view[view], &s, at[view]);
    arena_temp_free(cx, block);
    if (!x->view[VIEW_ECONOMIC].exact)
        sort_by_func(cx, &x->view[VIEW_ECONOMIC]);
    for (int view = VIEW_FUNCTION; view <= VIEW_INCOME; view++)
        if (x->view[view].exact) {
            build_classes(cx, x, &x->view[view]);
            build_groups(cx, x, &x->view[view]);
        }
    return x;
}

/* ---- querying ------------------------------------------------------- */

/* A filter compiled for records: sets of allowed values, code ranges. */
typedef struct Query {
    uint8_t side;               /* the side a fact must have */
    uint32_t sources, years, measures, sangong; /* bit v: value v passes */
    bool operating;             /* 机关运行经费: public money of admin units */
    uint32_t lo[3], hi[3];      /* function, economic, government ranges */
    uint8_t len[3];             /* prefix lengths; 0: no condition */
    bool none;                  /* a code that is not digits: no fact */
} Query;

/* chk_match's mask test: `mask` is 0 (any) or a set of values, of which
** value 0 (unset) passes only when `unset` says so. */
static uint32_t allowed(uint16_t mask, bool unset)
{
    return !mask ? 0xffffffffu : unset ? mask : mask & ~1u;
}

static void compile_filter(const Filter *f, Query *q)
{
    const char *codes[3] = { f->func, f->econ, f->gov };
    q->side = f->side ? f->side : SIDE_EXPENDITURE;
    q->sources = allowed(f->sources, false);
    q->years = allowed(f->years, true);
    q->measures = allowed(f->measures, false);
    q->sangong = allowed(f->sangong, false);
    q->operating = f->operating;
    q->none = false;
    for (int i = 0; i < 3; i++) {
        q->lo[i] = pad_code(codes[i], &q->len[i]);
        q->hi[i] = q->len[i] ? q->lo[i] + pow10[PAD - q->len[i]] : 0;
        if (codes[i] && !q->len[i])     /* not digits: match nothing */
            q->none = true;
    }
}

static bool attrs_match(const FxRec *r, const Query *q)
{
    return r->side == q->side && (q->sources >> r->source & 1) &&
           (q->years >> r->year & 1) && (q->measures >> r->measure & 1) &&
           (q->sangong >> r->sangong & 1) &&
           (!q->operating || (r->measure == MEAS_PUBLIC && r->admin));
}

static bool code_in(const FxRec *r, const Query *q, int i)
{
    return !q->len[i] || (r->len[i] >= q->len[i] && r->code[i] >= q->lo[i] &&
                          r->code[i] < q->hi[i]);
}

/* chk_match, on a record; unit and project are the range's business. */
static bool match(const FxRec *r, const Query *q)
{
    return attrs_match(r, q) && code_in(r, q, 0) && code_in(r, q, 1) &&
           code_in(r, q, 2);
}

/* The records worth testing: rec[lo, hi), or rec[pos[lo]].. when pos. */
typedef struct Range {
    const FxRec *rec;           /* the records */
    const uint32_t *pos;        /* positions in rec, or NULL: rec itself */
    uint32_t lo, hi;            /* [lo, hi) of pos (or rec) */
    int32_t unit;               /* a project's range: the unit to test */
} Range;

/* First position in [lo, hi) of pos (NULL: the records themselves) whose
** code is not below `code`. */
static uint32_t lower(const FxView *v, const uint32_t *pos, int ci,
                      uint32_t lo, uint32_t hi, uint32_t code)
{
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (v->rec[pos ? pos[mid] : mid].code[ci] < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The facts worth testing, or false when none can match. */
static bool candidates(const Checker *k, const Filter *flt, const Query *q,
                       int view, bool whole, Range *out)
{
    const FactIndex *x = k->ix;
    const FxView *v = &x->view[view];
    int ci = view == VIEW_ECONOMIC ? 1 : 0;
    uint32_t n = v->n;
    *out = (Range){ v->rec, NULL, 0, n, -1 };
    if (q->none)
        return false;
    if (flt->project >= 0) {
        uint32_t a = (uint32_t)flt->project + 1;
        if (a >= v->nproject)
            return false;                /* no fact of the view has it */
        out->pos = v->by_project;
        out->unit = flt->unit;
        out->lo = v->project_at[a];
        out->hi = v->project_at[a + 1];
    } else if (flt->unit >= 0) {
        uint32_t a = (uint32_t)flt->unit + 1;
        if (a >= v->nunit)
            return false;
        out->pos = v->by_unit;
        out->lo = v->unit_at[a];
        out->hi = v->unit_at[a + 1];
        if (q->len[ci]) {
            out->lo = lower(v, v->by_unit, ci, out->lo, out->hi, q->lo[ci]);
            out->hi = lower(v, v->by_unit, ci, out->lo, out->hi, q->hi[ci]);
        }
    } else if (q->len[ci]) {
        out->lo = lower(v, NULL, ci, 0, n, q->lo[ci]);
        out->hi = lower(v, NULL, ci, out->lo, n, q->hi[ci]);
    } else if (whole && v->by_func) {
        out->pos = v->by_func;           /* the order a whole sum adds in */
    }
    return true;
}

/* A project's range holds that project's facts, of any unit. */
static bool unit_ok(const FactIndex *x, const Range *r, uint32_t p)
{
    return r->unit < 0 || x->facts[r->rec[p].fact].unit == r->unit;
}

static void add(const FactIndex *x, Sum *s, const FxRec *r)
{
    if (!s->nparts || r->fact < s->first)
        s->first = r->fact;
    s->nparts++;
    if (!money_add(s->fen, r->fen, &s->fen))
        s->overflow = true;
    s->tol += x->tol[r->tolc];
}

/* Add facts alike to a sum; in an exact view, so it cannot overflow. */
static void sum_alike(Sum *s, const FxClass *c)
{
    if (!s->nparts || c->first < s->first)
        s->first = c->first;
    s->nparts += c->nparts;
    s->fen += c->fen;
    s->tol += c->tol;
}

/* A filter that names no code, unit or project, from the class sums. */
static Sum class_sum(const FxView *v, const Query *q)
{
    Sum s = { 0 };
    for (uint32_t c = 0; c < v->ncls; c++) {
        const FxClass *cl = &v->cls[c];
        if (attrs_match(&cl->like, q))
            sum_alike(&s, cl);
    }
    return s;
}

/* The first group from `lo` whose code is not below `code`. */
static uint32_t group_at(const FxView *v, int ci, uint32_t lo, uint32_t code)
{
    uint32_t hi = v->ngroup;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (v->group[mid].like.code[ci] < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* A filter over the whole department (no unit, no project) with a code,
** from the group sums: the groups under the view's code are contiguous. */
static Sum group_sum(const FxView *v, const Query *q, int ci)
{
    Sum s = { 0 };
    uint32_t lo = 0, hi = v->ngroup;
    if (q->len[ci]) {
        lo = group_at(v, ci, 0, q->lo[ci]);
        hi = group_at(v, ci, lo, q->hi[ci]);
    }
    for (uint32_t i = lo; i < hi; i++) {
        if (match(&v->group[i].like, q))
            sum_alike(&s, &v->group[i]);
    }
    return s;
}

Sum fx_sum(const Checker *k, const Filter *flt, int view)
{
    const FactIndex *x = k->ix;
    const FxView *v = &x->view[view];
    Query q;
    compile_filter(flt, &q);
    Sum s = { 0 };
    Range r;
    if (!candidates(k, flt, &q, view, true, &r))
        return s;
    if (v->cls && flt->project < 0 && flt->unit < 0 && !q.len[0] &&
        !q.len[1] && !q.len[2])
        return class_sum(v, &q);
    if (v->group && flt->project < 0 && flt->unit < 0)
        return group_sum(v, &q, view == VIEW_ECONOMIC);
    if (r.pos) {
        for (uint32_t p = r.lo; p < r.hi; p++)
            if (match(&r.rec[r.pos[p]], &q) && unit_ok(x, &r, r.pos[p]))
                add(x, &s, &r.rec[r.pos[p]]);
    } else {
        for (uint32_t p = r.lo; p < r.hi; p++)
            if (match(&r.rec[p], &q))
                add(x, &s, &r.rec[p]);
    }
    return s;
}

/* Every fact matching the filter: how many, and the `max` lowest indices
** in out, in fact order (for notes and tooltips). */
uint32_t fx_each(const Checker *k, const Filter *flt, int view,
                 uint32_t *out, uint32_t max)
{
    Query q;
    compile_filter(flt, &q);
    Range r;
    uint32_t got = 0;
    if (!candidates(k, flt, &q, view, false, &r))
        return 0;
    for (uint32_t i = r.lo; i < r.hi; i++) {
        const FxRec *rec = &r.rec[r.pos ? r.pos[i] : i];
        if (!match(rec, &q) || !unit_ok(k->ix, &r, r.pos ? r.pos[i] : i))
            continue;
        uint32_t v = rec->fact, pos = got < max ? got : max;
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
