/*
** chk_narrative.c: the prose (情况说明) against the facts (RULES §2.4).
**
** Each `says KEY ...` claim names a quantity; the table below says how to
** derive it from the facts (a filter in a view, or a count) and which
** 'prior' figure its year-over-year change is measured against.  Where a
** table prints the same figure (a stated total covering the same facts),
** the claim is compared with that printed figure, so the prose must equal
** the table, not merely the exact sum.
*/
#include "budgetc.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>

typedef enum Arg { ARG_NONE, ARG_SOURCE, ARG_CLASS, ARG_SANGONG, ARG_CATEGORY,
                   ARG_ITEMS } Arg;

typedef enum Kind { K_MONEY, K_COUNT, K_PERCENT } Kind;

/* What a claim derives to. */
typedef struct Derived {
    bool ok;             /* derivable */
    Kind kind;
    int64_t fen, tol;    /* K_MONEY: value and its tolerance */
    int64_t count;       /* K_COUNT: value; K_PERCENT: hundredths */
    Filter prior;        /* the prior figure's filter */
    bool has_prior;      /* a change can be checked */
    int64_t base, base_tol; /* share base (money), when a share applies */
    bool has_base;
} Derived;

typedef struct ClaimCtx {
    Checker *k;
    const Claim *c;
    const VocabEntry *arg;   /* the parsed argument, ARG_SOURCE/SANGONG/... */
    const char *arg_text;    /* as written */
} ClaimCtx;

static void filter_init(Filter *f)
{
    memset(f, 0, sizeof *f);
    f->unit = -1;
    f->project = -1;
}

static int64_t abs64(int64_t v)
{
    return v < 0 ? -v : v;
}

/* The figure for a filter: a stated total over the same facts if the
** tables print one, else the exact sum with its parts' tolerance. */
/* Stated total i summed in a view, computed once per (total, view): a
** claim's figure is looked for among the totals near it, and several
** claims have the same figure.  A hash table holds the few computed. */
static Sum total_sum(Checker *k, uint32_t i, int view)
{
    if ((k->total_sums_used + 1) * 2 > k->total_sums_cap) {
        TotalSum *old = k->total_sums;
        uint32_t cap = k->total_sums_cap;
        k->total_sums_cap = cap ? cap * 2 : 64;
        k->total_sums = arena_alloc(k->cx, k->total_sums_cap * sizeof *old);
        k->total_sums_used = 0;
        for (uint32_t j = 0; j < cap; j++)
            if (old[j].total) {
                uint32_t h = (old[j].total * 4 + old[j].view) * 2654435761u;
                while (k->total_sums[h & (k->total_sums_cap - 1)].total)
                    h++;
                k->total_sums[h & (k->total_sums_cap - 1)] = old[j];
                k->total_sums_used++;
            }
    }
    uint32_t h = ((i + 1) * 4 + (uint32_t)view) * 2654435761u;
    TotalSum *t;
    for (;; h++) {
        t = &k->total_sums[h & (k->total_sums_cap - 1)];
        if (!t->total || (t->total == i + 1 && t->view == view))
            break;
    }
    if (!t->total) {
        t->total = i + 1;
        t->view = (uint8_t)view;
        t->sum = chk_sum(k, &k->p->totals.v[i].filter, view);
        k->total_sums_used++;
    }
    return t->sum;
}

/* Stated totals sorted by their printed amount, built once: a claim's
** figure can only be printed by a total whose amount is near it. */
typedef struct Amounts {
    const Total *v;
    int64_t max_tol;          /* the largest tolerance among them */
} Amounts;

static uint64_t amount_key(void *ud, uint32_t i)
{
    Amounts *a = ud;
    int64_t t = money_tolerance(a->v[i].amount);
    if (t > a->max_tol)       /* in the same read of the totals */
        a->max_tol = t;
    return (uint64_t)a->v[i].amount.fen ^ (1ull << 63);   /* int64 order */
}

static void sort_totals(Checker *k)
{
    uint32_t n = k->p->totals.n;
    Amounts a = { k->p->totals.v, 0 };
    k->totals_by_amount = arena_alloc(k->cx, (n ? n : 1) * sizeof(uint32_t));
    fx_sort(k->cx, k->totals_by_amount, n, amount_key, &a);
    k->max_total_tol = a.max_tol;
}

/* A sum a claim derives, and the stated totals printed near it: those
** whose amount is within its and their own roundings, in statement order.
** Listed in one read of the totals before the claims are checked, so the
** totals need no sorting. */
struct Wanted {
    int64_t fen, tol;         /* the sum and its parts' tolerance */
    VEC(uint32_t) near;       /* indices into totals, ascending */
};

/* In the first pass (k->collecting): note that a claim derives s. */
static void want(Checker *k, const Sum *s)
{
    for (uint32_t w = 0; w < k->nwanted; w++)
        if (k->wanted[w].fen == s->fen && k->wanted[w].tol == s->tol)
            return;
    if ((k->nwanted & (k->nwanted - 1)) == 0) {   /* 0, 1, 2, 4, ...: grow */
        Wanted *v = arena_alloc(k->cx, (k->nwanted ? 2 * k->nwanted : 1) *
                                       sizeof *v);
        if (k->nwanted)
            memcpy(v, k->wanted, k->nwanted * sizeof *v);
        k->wanted = v;
    }
    k->wanted[k->nwanted++] = (Wanted){ .fen = s->fen, .tol = s->tol };
}

/* Sums are int64 fen, so sum +- tolerance is computed in 128 bits. */
static __int128 low_of(const Wanted *w)
{
    return (__int128)w->fen - w->tol;
}

static int by_low(const void *a, const void *b)
{
    __int128 x = low_of(a), y = low_of(b);
    return x < y ? -1 : x > y;
}

/* Runs of wanted sums (in the order of fen - tol) whose reach, widened by
** the loosest rounding a printed amount can have, overlaps: a total whose
** amount is in no run is near no wanted sum. */
typedef struct Run {
    __int128 lo, hi;          /* the amounts near some sum of the run */
    uint32_t from, to;        /* its wanted sums: wanted[from, to) */
} Run;

/* Each total goes to the wanted sums within its and their roundings:
** |amount - fen| <= tolerance(amount) + tol.  Most totals are in no run,
** which a binary search over the few runs tells. */
static void near_totals(Checker *k)
{
    uint32_t nw = k->nwanted, nrun = 0;
    if (!nw)
        return;
    qsort(k->wanted, nw, sizeof *k->wanted, by_low);
    __int128 loose = money_tolerance((Money){ 0, UNIT_WANYUAN, 0 });
    Run *run = arena_alloc(k->cx, nw * sizeof *run);
    for (uint32_t w = 0; w < nw; w++) {
        __int128 lo = low_of(&k->wanted[w]) - loose;
        __int128 hi = (__int128)k->wanted[w].fen + k->wanted[w].tol + loose;
        if (nrun && lo <= run[nrun - 1].hi) {
            run[nrun - 1].to = w + 1;
            if (hi > run[nrun - 1].hi)
                run[nrun - 1].hi = hi;
        } else {
            run[nrun++] = (Run){ lo, hi, w, w + 1 };
        }
    }
    for (uint32_t i = 0; i < k->p->totals.n; i++) {
        const Money *m = &k->p->totals.v[i].amount;
        uint32_t l = 0, h = nrun;        /* run[0, l): lo <= amount */
        while (l < h) {
            uint32_t mid = l + (h - l) / 2;
            if (run[mid].lo <= m->fen)
                l = mid + 1;
            else
                h = mid;
        }
        if (!l || m->fen > run[l - 1].hi)
            continue;
        __int128 t = money_tolerance(*m);
        for (uint32_t w = run[l - 1].from; w < run[l - 1].to; w++) {
            __int128 gap = (__int128)m->fen - k->wanted[w].fen;
            if ((gap < 0 ? -gap : gap) <= t + k->wanted[w].tol)
                vec_push(k->cx, &k->wanted[w].near, i);
        }
    }
}

/* The first stated total (in statement order) that a view computes to
** exactly this sum: "the table prints this figure".  Only totals whose
** printed amount lies within the roundings of the sum are looked at. */
static bool prints(Checker *k, uint32_t i, const Sum *s, int view)
{
    const Total *t = &k->p->totals.v[i];
    if ((t->filter.view && t->filter.view != view) ||
        (!chk_view_can(k, view, &t->filter) && t->filter.view != view))
        return false;
    Sum ts = total_sum(k, i, view);
    return ts.nparts == s->nparts && ts.fen == s->fen;
}

static int32_t stated_for(Checker *k, const Sum *s, int view)
{
    for (uint32_t w = 0; w < k->nwanted; w++) {
        const Wanted *x = &k->wanted[w];
        if (x->fen != s->fen || x->tol != s->tol)
            continue;
        for (uint32_t j = 0; j < x->near.n; j++)
            if (prints(k, x->near.v[j], s, view))
                return (int32_t)x->near.v[j];
        return -1;
    }
    const Total *v = k->p->totals.v;
    uint32_t n = k->p->totals.n, lo = 0, hi = n;
    if (!k->totals_by_amount)
        sort_totals(k);
    int64_t window = s->tol + k->max_total_tol;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (v[k->totals_by_amount[mid]].amount.fen < s->fen - window)
            lo = mid + 1;
        else
            hi = mid;
    }
    int32_t best = -1;
    for (uint32_t p = lo; p < n; p++) {
        uint32_t i = k->totals_by_amount[p];
        const Total *t = &v[i];
        if (t->amount.fen > s->fen + window)
            break;
        int64_t gap = t->amount.fen - s->fen;
        if ((best >= 0 && (int32_t)i > best) ||
            (gap < 0 ? -gap : gap) > money_tolerance(t->amount) + s->tol)
            continue;
        if (prints(k, i, s, view))
            best = (int32_t)i;
    }
    return best;
}

static Derived money_of(Checker *k, const Filter *f, int view)
{
    Derived d = { .ok = true, .kind = K_MONEY };
    Sum s = chk_sum(k, f, view);
    d.fen = s.fen;
    d.tol = s.tol;
    if (k->collecting) {
        if (s.nparts)
            want(k, &s);
        return d;
    }
    int32_t i = s.nparts && !k->facts_only ? stated_for(k, &s, view) : -1;
    if (i >= 0) {
        d.fen = k->p->totals.v[i].amount.fen;
        d.tol = money_tolerance(k->p->totals.v[i].amount);
    }
    return d;
}

static int expenditure_view(Checker *k)
{
    return k->nviews[VIEW_FUNCTION] ? VIEW_FUNCTION : VIEW_ECONOMIC;
}

/* ---- derivations ----------------------------------------------------- */

typedef Derived (*DeriveFn)(ClaimCtx *x, const char *key);

static Derived d_income(ClaimCtx *x, const char *key)
{
    Filter f;
    filter_init(&f);
    f.side = SIDE_INCOME;
    if (strstr(key, ".current"))
        f.years = B(YEAR_CURRENT);
    if (strstr(key, ".carried"))
        f.years = B(YEAR_CARRIED);
    Derived d = money_of(x->k, &f, VIEW_INCOME);
    filter_init(&d.prior);
    d.prior.side = SIDE_INCOME;
    d.has_prior = true;
    return d;
}

static Derived d_expenditure(ClaimCtx *x, const char *key)
{
    Filter f;
    filter_init(&f);
    if (strstr(key, ".current"))
        f.years = B(YEAR_CURRENT);
    if (strstr(key, ".carried"))
        f.years = B(YEAR_CARRIED);
    if (strstr(key, ".basic"))
        f.measures = MEAS_BASIC_SET;
    if (strstr(key, ".project"))
        f.measures = B(MEAS_PROJECT);
    int v = expenditure_view(x->k);
    Derived d = money_of(x->k, &f, v);
    filter_init(&d.prior);
    d.prior.measures = f.measures;
    d.has_prior = true;
    Filter all;
    filter_init(&all);
    Derived base = money_of(x->k, &all, v);
    d.base = base.fen;
    d.base_tol = base.tol;
    d.has_base = true;
    return d;
}

static Derived d_income_source(ClaimCtx *x, const char *key)
{
    Filter f, all;
    filter_init(&f);
    filter_init(&all);
    f.side = all.side = SIDE_INCOME;
    if (x->arg->dim == DIM_YEAR)
        f.years = x->arg->mask;
    else {
        f.sources = x->arg->mask;
        f.years = B(YEAR_CURRENT);
    }
    Derived d = money_of(x->k, &f, VIEW_INCOME);
    Derived base = money_of(x->k, &all, VIEW_INCOME);
    d.base = base.fen;
    d.base_tol = base.tol;
    d.has_base = true;
    if (x->arg->dim == DIM_SOURCE) {      /* last year's, by source */
        filter_init(&d.prior);
        d.prior.side = SIDE_INCOME;
        d.prior.sources = x->arg->mask;
        d.has_prior = true;
    }
    return d;
}

/* The 类 code for a printed 类 name, from the function catalog. */
static const char *class_code(Checker *k, const char *name)
{
    for (uint32_t i = 0; i < k->func.n; i++)
        if (strlen(k->func.v[i]->code) == 3 &&
            strcmp(k->func.v[i]->name, name) == 0)
            return k->func.v[i]->code;
    return NULL;
}

static Derived d_fiscal(ClaimCtx *x, const char *key)
{
    Filter f;
    filter_init(&f);
    f.sources = B(SRC_GENERAL) | B(SRC_FUND) | B(SRC_CAPITAL);
    if (strstr(key, ".current"))
        f.years = B(YEAR_CURRENT);
    if (strstr(key, ".carried"))
        f.years = B(YEAR_CARRIED);
    if (strcmp(key, "fiscal.source") == 0)
        f.sources = x->arg->mask;
    Derived base = money_of(x->k, &f, VIEW_FUNCTION);
    if (strcmp(key, "fiscal.function") == 0 || strcmp(key, "general.function") == 0) {
        if (key[0] == 'g') {
            f.sources = B(SRC_GENERAL);
            f.years = B(YEAR_CURRENT);
            base = money_of(x->k, &f, VIEW_FUNCTION);
        }
        f.func = class_code(x->k, x->arg_text);
        if (!f.func) {
            Derived none = { 0 };
            if (x->c)
                diag_emit(x->k->cx, E0801, x->c->atoms[0].span, "no function "
                          "类 is named '%s' in the catalogs in use", x->arg_text);
            return none;
        }
    }
    Derived d = money_of(x->k, &f, VIEW_FUNCTION);
    d.base = base.fen;
    d.base_tol = base.tol;
    d.has_base = true;
    if (strcmp(key, "fiscal.total") == 0 || strcmp(key, "fiscal.source") == 0) {
        filter_init(&d.prior);             /* last year's, by source */
        d.prior.sources = f.sources;
        d.has_prior = true;
    }
    return d;
}

static Derived d_general(ClaimCtx *x, const char *key)
{
    Filter f;
    filter_init(&f);
    f.sources = B(SRC_GENERAL);
    f.years = B(YEAR_CURRENT);
    Derived d = money_of(x->k, &f, VIEW_FUNCTION);
    filter_init(&d.prior);
    d.prior.sources = B(SRC_GENERAL);
    d.has_prior = true;
    return d;
}

static Derived d_basic(ClaimCtx *x, const char *key)
{
    Filter f;
    filter_init(&f);
    f.measures = MEAS_BASIC_SET;
    if (strcmp(key, "personnel.total") == 0)
        f.measures = B(MEAS_PERSONNEL);
    if (strcmp(key, "public.total") == 0)
        f.measures = B(MEAS_PUBLIC);
    int v = x->k->nviews[VIEW_ECONOMIC] ? VIEW_ECONOMIC : VIEW_FUNCTION;
    if (v == VIEW_FUNCTION)
        f.sources = B(SRC_GENERAL);
    return money_of(x->k, &f, v);
}

static Derived d_sangong(ClaimCtx *x, const char *key)
{
    Filter f;
    filter_init(&f);
    f.sangong = x->arg ? x->arg->mask : (uint16_t)(B(SG_ABROAD) |
                B(SG_RECEPTION) | B(SG_VEHICLE_PURCHASE) | B(SG_VEHICLE_OPERATION));
    Derived d = { .ok = true, .kind = K_MONEY };
    for (int v = VIEW_FUNCTION; v <= VIEW_PROJECT; v++) {
        Derived e = money_of(x->k, &f, v);
        if (chk_sum(x->k, &f, v).nparts) {
            d = e;
            break;
        }
    }
    d.prior = f;
    d.has_prior = true;
    return d;
}

static Derived d_operating(ClaimCtx *x, const char *key)
{
    Filter f;
    filter_init(&f);
    f.operating = true;
    Derived d = money_of(x->k, &f, VIEW_ECONOMIC);
    d.prior = f;
    d.has_prior = true;
    return d;
}

static Derived count_of(int64_t n)
{
    Derived d = { .ok = true, .kind = K_COUNT, .count = n };
    return d;
}

static Derived d_operating_units(ClaimCtx *x, const char *key)
{
    int64_t n = 0;
    for (uint32_t i = 0; i < x->k->p->units.n; i++)
        n += x->k->p->units.v[i].kind == KIND_ADMIN ||
             x->k->p->units.v[i].kind == KIND_CIVIL;
    return count_of(n);
}

static Derived d_units(ClaimCtx *x, const char *key)
{
    int64_t n = 0;
    bool inst = strcmp(key, "units.institutions") == 0;
    for (uint32_t i = 0; i < x->k->p->units.n; i++)
        n += !inst || x->k->p->units.v[i].kind == KIND_INSTITUTION;
    return count_of(n);
}

static Derived d_offices(ClaimCtx *x, const char *key)
{
    return count_of(x->k->p->offices.n);
}

static Derived d_procurement(ClaimCtx *x, const char *key)
{
    static const char *const kinds[][2] = {
        { "procurement.goods", "货物" }, { "procurement.works", "工程" },
        { "procurement.services", "服务" },
    };
    Derived d = { .ok = true, .kind = K_MONEY };
    for (uint32_t i = 0; i < x->k->p->procurement.n; i++) {
        const Total *t = &x->k->p->procurement.v[i];
        for (int j = 0; j < 3; j++) {
            bool mine = strcmp(key, kinds[j][0]) == 0 ||
                        strcmp(key, "procurement.total") == 0;
            if (mine && strcmp(t->label, kinds[j][1]) == 0) {
                d.fen += t->amount.fen;
                d.tol += money_tolerance(t->amount);
            }
        }
    }
    return d;
}

/* Projects: all, by category, and those with a published form. */
static Derived d_projects(ClaimCtx *x, const char *key)
{
    Checker *k = x->k;
    bool published = strstr(key, ".published") != NULL;
    bool amount = strstr(key, ".amount") != NULL;
    bool share = strstr(key, ".share") != NULL;
    int cat = x->arg && x->arg->dim == DIM_CATEGORY ? __builtin_ctz(x->arg->mask) : 0;
    int64_t n = 0;
    Derived sum = { .ok = true, .kind = K_MONEY }, all = sum;
    if (!k->project_sums) {              /* the same for every such claim */
        k->project_sums = arena_alloc(k->cx, (k->p->projects.n + 1) *
                                             sizeof *k->project_sums);
        for (uint32_t i = 0; i < k->p->projects.n; i++) {
            Filter f;
            filter_init(&f);
            f.project = (int32_t)i;
            f.years = B(YEAR_CURRENT);
            k->project_sums[i] = chk_sum(k, &f, VIEW_PROJECT);
        }
    }
    for (uint32_t i = 0; i < k->p->projects.n; i++) {
        const Project *pr = &k->p->projects.v[i];
        Sum s = k->project_sums[i];
        all.fen += s.fen;
        all.tol += s.tol;
        if ((published && !pr->form) || (cat && pr->category != cat))
            continue;
        n++;
        sum.fen += s.fen;
        sum.tol += s.tol;
    }
    if (share) {
        Derived d = { .ok = true, .kind = K_PERCENT };
        d.count = all.fen ? (sum.fen * 20000 / all.fen + 1) / 2 : 0;
        return d;
    }
    return amount ? sum : count_of(n);
}

static Derived d_performance(ClaimCtx *x, const char *key)
{
    if (strcmp(key, "performance.units") == 0)
        return count_of(x->k->p->units.n);
    const char *sub = strchr(key, '.');
    char buf[64];
    snprintf(buf, sizeof buf, "expenditure%s", sub);
    Derived d = d_expenditure(x, buf);
    d.has_base = d.has_prior = false;
    return d;
}

static const struct KeyRule {
    const char *key;     /* as written after 'says' */
    Arg arg;             /* what comes before the value */
    DeriveFn fn;
} keys[] = {
    { "income.total", ARG_NONE, d_income },
    { "income.current", ARG_NONE, d_income },
    { "income.carried", ARG_NONE, d_income },
    { "income.source", ARG_SOURCE, d_income_source },
    { "expenditure.total", ARG_NONE, d_expenditure },
    { "expenditure.current", ARG_NONE, d_expenditure },
    { "expenditure.carried", ARG_NONE, d_expenditure },
    { "expenditure.basic", ARG_NONE, d_expenditure },
    { "expenditure.project", ARG_NONE, d_expenditure },
    { "fiscal.total", ARG_NONE, d_fiscal },
    { "fiscal.current", ARG_NONE, d_fiscal },
    { "fiscal.carried", ARG_NONE, d_fiscal },
    { "fiscal.source", ARG_SOURCE, d_fiscal },
    { "fiscal.function", ARG_CLASS, d_fiscal },
    { "general.total", ARG_NONE, d_general },
    { "general.function", ARG_CLASS, d_fiscal },
    { "basic.total", ARG_NONE, d_basic },
    { "personnel.total", ARG_NONE, d_basic },
    { "public.total", ARG_NONE, d_basic },
    { "personnel.items", ARG_ITEMS, NULL },
    { "public.items", ARG_ITEMS, NULL },
    { "sangong.total", ARG_NONE, d_sangong },
    { "sangong.item", ARG_SANGONG, d_sangong },
    { "operating.total", ARG_NONE, d_operating },
    { "operating.units", ARG_NONE, d_operating_units },
    { "procurement.total", ARG_NONE, d_procurement },
    { "procurement.goods", ARG_NONE, d_procurement },
    { "procurement.works", ARG_NONE, d_procurement },
    { "procurement.services", ARG_NONE, d_procurement },
    { "performance.total", ARG_NONE, d_performance },
    { "performance.basic", ARG_NONE, d_performance },
    { "performance.project", ARG_NONE, d_performance },
    { "performance.units", ARG_NONE, d_performance },
    { "projects.count", ARG_NONE, d_projects },
    { "projects.amount", ARG_NONE, d_projects },
    { "projects.category.count", ARG_CATEGORY, d_projects },
    { "projects.category.amount", ARG_CATEGORY, d_projects },
    { "projects.published.count", ARG_NONE, d_projects },
    { "projects.published.amount", ARG_NONE, d_projects },
    { "projects.published.share", ARG_NONE, d_projects },
    { "projects.published.category.count", ARG_CATEGORY, d_projects },
    { "projects.published.category.amount", ARG_CATEGORY, d_projects },
    { "offices.count", ARG_NONE, d_offices },
    { "units.count", ARG_NONE, d_units },
    { "units.institutions", ARG_NONE, d_units },
};

/* ---- reading what the prose printed ---------------------------------- */

typedef struct Printed {
    Atom value;          /* the figure */
    bool has_share;
    Atom share;
    int direction;       /* +1, -1, 0 = 持平; 2 = none */
    Atom dir_word;
    bool has_change;
    Atom change;
    bool has_pct;
    Atom pct;
} Printed;

static int direction_of(Checker *k, Atom a)
{
    static const char *const up[] = { "增长", "增加", "上升", "提高" };
    static const char *const down[] = { "减少", "下降", "降低" };
    static const char *const flat[] = { "持平", "相同", "不变" };
    for (int i = 0; i < 4; i++)
        if (atom_is(k->cx, a, up[i]))
            return 1;
    for (int i = 0; i < 3; i++)
        if (atom_is(k->cx, a, down[i]))
            return -1;
    for (int i = 0; i < 3; i++)
        if (atom_is(k->cx, a, flat[i]))
            return 0;
    return 2;
}

static bool is_percent(Checker *k, Atom a)
{
    uint32_t n;
    const char *t = atom_text(k->cx, a, &n);
    return a.kind == TK_NUMBER && n && t[n - 1] == '%';
}

static bool read_printed(Checker *k, const Claim *c, uint32_t from, Printed *p)
{
    memset(p, 0, sizeof *p);
    p->direction = 2;
    if (from >= c->natoms || c->atoms[from].kind != TK_NUMBER) {
        diag_emit(k->cx, E0302, c->span, "expected the figure as printed "
                  "after '%s'", c->key);
        return false;
    }
    p->value = c->atoms[from];
    for (uint32_t i = from + 1; i < c->natoms; i++) {
        Atom a = c->atoms[i];
        if (a.kind == TK_WORD) {
            int d = direction_of(k, a);
            if (d == 2) {
                diag_emit(k->cx, E0302, a.span, "expected a direction word "
                          "(增长, 增加, 减少, 下降, 持平, 相同)");
                return false;
            }
            if (p->direction == 2) {
                p->direction = d;
                p->dir_word = a;
            }
        } else if (a.kind == TK_NUMBER && is_percent(k, a)) {
            if (p->direction == 2) {
                p->has_share = true;
                p->share = a;
            } else {
                p->has_pct = true;
                p->pct = a;
            }
        } else if (a.kind == TK_NUMBER && p->direction != 2 && !p->has_change) {
            p->has_change = true;
            p->change = a;
        } else {
            diag_emit(k->cx, E0302, a.span, "unexpected value in a claim");
            return false;
        }
    }
    return true;
}

/* A percentage as printed, in hundredths: "3.88%" -> 388. */
static bool hundredths(Checker *k, Atom a, int64_t *out)
{
    uint32_t n;
    const char *t = atom_text(k->cx, a, &n);
    char buf[64];
    Numeral nm;
    return num_split(t, n, &nm, buf, sizeof buf) == NUM_OK &&
           num_hundredths(&nm, out);
}

static bool money_atom(Checker *k, Atom a, Money *m)
{
    uint32_t n;
    const char *t = atom_text(k->cx, a, &n);
    char buf[64];
    Numeral nm;
    if (num_split(t, n, &nm, buf, sizeof buf) != NUM_OK)
        return false;
    MoneyUnit u = nm.nsuffix ? money_unit_from(nm.suffix, nm.nsuffix) : UNIT_NONE;
    if (u == UNIT_NONE) {
        diag_emit(k->cx, E0203, a.span, "a money figure in the prose needs its "
                  "unit, as printed (万元)");
        return false;
    }
    return money_from_numeral(&nm, u, m) == NUM_OK;
}

/* value / base in hundredths of a percent, rounded half up */
static int64_t share_of(int64_t v, int64_t base)
{
    if (base == 0)
        return 0;
    __int128 num = (__int128)abs64(v) * 20000 / abs64(base);
    return (int64_t)((num + 1) / 2);
}

/* Last year's figure for a filter: one stated for the same side first,
** else one that names no side (it stands for both, as 收支总计 does). */
static const PriorFigure *find_prior(Checker *k, const Filter *f)
{
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = 0; i < k->p->prior.n; i++) {
            const Filter *g = &k->p->prior.v[i].filter;
            if ((pass == 0 ? g->side != f->side : g->side != 0) ||
                g->sources != f->sources || g->measures != f->measures ||
                g->sangong != f->sangong || g->operating != f->operating ||
                g->unit != f->unit || g->project != f->project ||
                !g->func != !f->func || !g->econ != !f->econ)
                continue;
            return &k->p->prior.v[i];
        }
    }
    return NULL;
}

static void check_change(ClaimCtx *x, const Derived *d, const Printed *p,
                         const Money *now)
{
    Checker *k = x->k;
    if (p->direction == 2)
        return;
    const PriorFigure *pf = d->has_prior ? find_prior(k, &d->prior) : NULL;
    if (!pf && !d->has_prior) {     /* a 'prior' line would not help */
        diag_emit(k->cx, E0807, p->dir_word.span, "the prose states a change "
                  "on last year, but the change of '%s' is not checked: no "
                  "'prior' figure applies to this key", x->c->key);
        return;
    }
    if (!pf) {
        diag_emit(k->cx, E0807, p->dir_word.span, "the prose states a change "
                  "on last year, but no 'prior' figure for '%s' is given",
                  x->c->key);
        return;
    }
    int64_t cur = d->kind == K_MONEY ? d->fen : now->fen;
    int64_t diff = cur - pf->amount.fen;
    int64_t slack = d->tol + money_tolerance(pf->amount) + money_tolerance(*now);
    int sign = abs64(diff) <= slack ? 0 : diff > 0 ? 1 : -1;
    /* within the rounding the change may be read as none, but the printed
    ** figures' own direction is right too: 1.01 -> 1.00万元 is 减少 */
    int64_t pdiff = now->fen - pf->amount.fen;
    int psign = pdiff == 0 ? 0 : pdiff > 0 ? 1 : -1;
    if (sign != p->direction && !(sign == 0 && psign == p->direction)) {
        uint32_t n;
        const char *w = atom_text(k->cx, p->dir_word, &n);
        Diag *dg = diag_emit(k->cx, E0803, p->dir_word.span, "the prose says "
                             "'%.*s' but %s went from %s to %s", (int)n, w,
                             x->c->key, chk_amount(k, pf->amount.fen, &pf->amount),
                             chk_amount(k, cur, now));
        diag_note(k->cx, dg, pf->span, "last year's figure");
    }
    Money ch;
    if (p->has_change && money_atom(k, p->change, &ch) &&
        abs64(abs64(diff) - abs64(ch.fen)) > slack + money_tolerance(ch)) {
        Diag *dg = diag_emit(k->cx, E0804, p->change.span, "the prose says the "
                             "change is %s but %s - %s = %s",
                             chk_amount(k, ch.fen, &ch), chk_amount(k, cur, now),
                             chk_amount(k, pf->amount.fen, &pf->amount),
                             chk_amount(k, diff, &ch));
        diag_note(k->cx, dg, pf->span, "last year's figure");
    }
    int64_t pct;
    if (p->has_pct && hundredths(k, p->pct, &pct)) {
        int64_t want = share_of(diff, pf->amount.fen);
        if (abs64(pct - want) > 1)
            diag_emit(k->cx, E0804, p->pct.span, "the prose says %lld.%02lld%% "
                      "but the change is %lld.%02lld%% of last year's %s",
                      (long long)(pct / 100), (long long)(pct % 100),
                      (long long)(want / 100), (long long)(want % 100),
                      chk_amount(k, pf->amount.fen, &pf->amount));
    }
}

/* The names of table 6's items with money, 人员经费 and 公用经费 apart,
** in one read of the facts for both claims. */
static void collect_items(Checker *k)
{
    StrMap *seen = map_new(k->cx);
    for (uint32_t i = 0; i < k->p->facts.n; i++) {
        const Fact *f = &k->p->facts.v[i];
        if (f->view != VIEW_ECONOMIC || !f->name || f->amount.fen == 0 ||
            (f->measure != MEAS_PERSONNEL && f->measure != MEAS_PUBLIC))
            continue;
        int m = f->measure == MEAS_PUBLIC;
        if (map_put(k->cx, seen, f->name, m, (int32_t)k->items[m].n) ==
            (int32_t)k->items[m].n)
            vec_push(k->cx, &k->items[m], f->name);
    }
    k->items_done = true;
}

static void check_items(Checker *k, const Claim *c)
{
    int measure = strncmp(c->key, "personnel", 9) == 0 ? MEAS_PERSONNEL
                                                       : MEAS_PUBLIC;
    if (!k->items_done)
        collect_items(k);
    const char *const *have = k->items[measure == MEAS_PUBLIC].v;
    uint32_t nhave = k->items[measure == MEAS_PUBLIC].n;
    char missing[512] = "", extra[512] = "";
    size_t wm = 0, we = 0;
    for (uint32_t j = 0; j < nhave; j++) {
        bool said = false;
        for (uint32_t i = 0; i < c->natoms; i++)
            said |= atom_is(k->cx, c->atoms[i], have[j]);
        if (!said && wm < sizeof missing - 64)
            wm += (size_t)snprintf(missing + wm, sizeof missing - wm, "%s%s",
                                   wm ? "、" : "", have[j]);
    }
    for (uint32_t i = 0; i < c->natoms; i++) {
        uint32_t n;
        const char *t = atom_text(k->cx, c->atoms[i], &n);
        bool known = false;
        for (uint32_t j = 0; j < nhave; j++)
            known |= strlen(have[j]) == n && memcmp(have[j], t, n) == 0;
        if (!known && we < sizeof extra - 64)
            we += (size_t)snprintf(extra + we, sizeof extra - we, "%s%.*s",
                                   we ? "、" : "", (int)n, t);
    }
    if (wm || we)
        diag_emit(k->cx, E0806, c->span, "the list of %s items differs from "
                  "table 6:%s%s%s%s", measure == MEAS_PERSONNEL ? "人员经费"
                  : "公用经费", wm ? " not listed: " : "", missing,
                  we ? "; without money in table 6: " : "", extra);
}

static const struct KeyRule *rule_of(const char *key)
{
    const struct KeyRule *r = NULL;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(keys[i].key, key) == 0)
            r = &keys[i];
    return r;
}

/* The claim's argument into x; false (with a diagnostic unless quiet)
** when it is missing or unknown. */
static bool claim_arg(Checker *k, const Claim *c, const struct KeyRule *r,
                      ClaimCtx *x, bool quiet)
{
    if (r->arg == ARG_NONE)
        return true;
    if (c->natoms < 2) {
        if (!quiet)
            diag_emit(k->cx, E0302, c->span, "'%s' needs an argument before "
                      "its value", c->key);
        return false;
    }
    uint32_t n;
    x->arg_text = ast_string_value(k->cx, c->atoms[0], &n);
    int dim = r->arg == ARG_SOURCE ? DIM_SOURCE : r->arg == ARG_SANGONG
              ? DIM_SANGONG : r->arg == ARG_CATEGORY ? DIM_CATEGORY : 0;
    if (dim) {
        x->arg = vocab_lookup(k->cx, c->atoms[0], dim);
        if (!x->arg && dim == DIM_SOURCE)
            x->arg = vocab_lookup(k->cx, c->atoms[0], DIM_YEAR);
        if (!x->arg) {
            if (!quiet)
                diag_emit(k->cx, E0303, c->atoms[0].span, "unknown %s '%s'",
                          vocab_dim_name(dim), x->arg_text);
            return false;
        }
    }
    return true;
}

static void check_claim(Checker *k, const Claim *c)
{
    const struct KeyRule *r = rule_of(c->key);
    if (!r) {
        diag_emit(k->cx, E0805, c->span, "no narrative key '%s'", c->key);
        return;
    }
    if (r->arg == ARG_ITEMS) {
        check_items(k, c);
        return;
    }
    ClaimCtx x = { .k = k, .c = c };
    if (!claim_arg(k, c, r, &x, false))
        return;
    uint32_t from = r->arg != ARG_NONE;
    Printed p;
    if (!read_printed(k, c, from, &p))
        return;
    Derived d = r->fn(&x, c->key);
    if (!d.ok)
        return;
    Money now = { 0, UNIT_WANYUAN, 2 };
    if (d.kind == K_MONEY) {
        if (!money_atom(k, p.value, &now))
            return;
        int64_t diff = abs64(now.fen - d.fen);
        bool open = strncmp(c->key, "sangong.", 8) == 0 && now.fen > d.fen &&
                    chk_sangong_open(k);      /* projects may hold more */
        if (diff > money_tolerance(now) + d.tol && !open)
            diag_emit(k->cx, E0801, p.value.span, "the prose says %s but the "
                      "budget gives %s (difference %s)",
                      chk_amount(k, now.fen, &now), chk_amount(k, d.fen, &now),
                      chk_amount(k, diff, &now));
    } else {
        int64_t v = 0;
        uint32_t n;
        const char *t = atom_text(k->cx, p.value, &n);
        if (d.kind == K_PERCENT) {
            if (!hundredths(k, p.value, &v))
                return;
            if (abs64(v - d.count) > 1)
                diag_emit(k->cx, E0801, p.value.span, "the prose says %.*s but "
                          "the budget gives %lld.%02lld%%", (int)n, t,
                          (long long)(d.count / 100), (long long)(d.count % 100));
        } else {
            v = strtoll(t, NULL, 10);
            if (v != d.count)
                diag_emit(k->cx, E0801, p.value.span, "the prose says %.*s but "
                          "the budget gives %lld", (int)n, t, (long long)d.count);
        }
    }
    int64_t sh;
    if (p.has_share && d.kind == K_MONEY && d.has_base &&
        hundredths(k, p.share, &sh)) {
        int64_t want = share_of(now.fen, d.base);
        if (abs64(sh - want) > 1)
            diag_emit(k->cx, E0802, p.share.span, "the prose says %lld.%02lld%% "
                      "but %s is %lld.%02lld%% of %s", (long long)(sh / 100),
                      (long long)(sh % 100), chk_amount(k, now.fen, &now),
                      (long long)(want / 100), (long long)(want % 100),
                      chk_amount(k, d.base, &now));
    }
    check_change(&x, &d, &p, &now);
}

/* Derive every claim once without a word, to list the sums they need,
** then find the stated totals near those sums in one read. */
static void collect_wanted(Checker *k)
{
    k->collecting = true;
    for (uint32_t i = 0; i < k->p->claims.n; i++) {
        const Claim *c = &k->p->claims.v[i];
        const struct KeyRule *r = rule_of(c->key);
        ClaimCtx x = { .k = k };         /* no claim: no diagnostics */
        if (r && r->fn && claim_arg(k, c, r, &x, true))
            r->fn(&x, c->key);
    }
    k->collecting = false;
    near_totals(k);
}

void chk_narrative(Checker *k)
{
    collect_wanted(k);
    for (uint32_t i = 0; i < k->p->claims.n; i++)
        check_claim(k, &k->p->claims.v[i]);
}

/* ---- for the generated prose ---------------------------------------- */

/* Derive a narrative key (with its argument as text) for prose.c.  The
** same table and the same derivations the checker uses, so generated
** prose and checked prose cannot disagree. */
bool narr_derive(Checker *k, const char *key, const char *arg, NarrValue *out)
{
    const struct KeyRule *r = rule_of(key);
    memset(out, 0, sizeof *out);
    if (!r || !r->fn)
        return false;
    ClaimCtx x = { .k = k, .arg_text = arg };
    k->facts_only = true;                 /* generated prose restates nothing */
    if (r->arg != ARG_NONE) {
        int dim = r->arg == ARG_SOURCE ? DIM_SOURCE : r->arg == ARG_SANGONG
                  ? DIM_SANGONG : r->arg == ARG_CATEGORY ? DIM_CATEGORY : 0;
        if (!arg)
            return k->facts_only = false;
        if (dim) {
            x.arg = vocab_find(dim, arg);
            if (!x.arg && dim == DIM_SOURCE)
                x.arg = vocab_find(DIM_YEAR, arg);
            if (!x.arg)
                return k->facts_only = false;
        }
    }
    Derived d = r->fn(&x, key);
    k->facts_only = false;
    if (!d.ok)
        return false;
    out->kind = d.kind == K_MONEY ? NV_MONEY : d.kind == K_COUNT ? NV_COUNT
                                                               : NV_PERCENT;
    out->fen = d.fen;
    out->count = d.count;
    out->has_base = d.has_base;
    out->base = d.base;
    const PriorFigure *pf = d.has_prior ? find_prior(k, &d.prior) : NULL;
    if (pf) {
        out->has_prior = true;
        out->prior = pf->amount.fen;
    }
    return true;
}
