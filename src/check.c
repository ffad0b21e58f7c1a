/*
** check.c: the checker driver, and what every checker shares: the merged
** catalogs, fact matching, sums with their tolerance, and the notes that
** point at the facts behind a figure.
*/
#include "budgetc.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>

static int entry_cmp(const void *a, const void *b)
{
    const CatalogEntry *x = *(const CatalogEntry *const *)a;
    const CatalogEntry *y = *(const CatalogEntry *const *)b;
    return strcmp(x->code, y->code);
}

/* The slot of a code key in the hash table: its own, or the empty one
** where it would go. */
static uint32_t slot_of(const CatIndex *ix, uint64_t key)
{
    uint32_t h = (uint32_t)((key * 0x9e3779b97f4a7c15ull) >> 32) & (ix->cap - 1);
    while (ix->key[h] && ix->key[h] != key)
        h = (h + 1) & (ix->cap - 1);
    return h;
}

/* Merge every catalog of a kind into one sorted index; a later catalog
** (the writer's own declarations) overrides an earlier one's name. */
static void build_index(Checker *k, CatIndex *ix, const char *kind)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < k->p->catalogs.n; i++)
        if (strcmp(k->p->catalogs.v[i]->kind, kind) == 0)
            n += k->p->catalogs.v[i]->entries.n;
    ix->v = arena_alloc(k->cx, (n ? n : 1) * sizeof *ix->v);
    ix->n = 0;
    for (uint32_t i = 0; i < k->p->catalogs.n; i++) {
        Catalog *c = k->p->catalogs.v[i];
        if (strcmp(c->kind, kind) != 0)
            continue;
        for (uint32_t j = 0; j < c->entries.n; j++)
            ix->v[ix->n++] = &c->entries.v[j];
    }
    /* stable: keep the last of equal codes */
    qsort(ix->v, ix->n, sizeof *ix->v, entry_cmp);
    uint32_t w = 0;
    for (uint32_t i = 0; i < ix->n; i++) {
        if (w && strcmp(ix->v[w - 1]->code, ix->v[i]->code) == 0) {
            if (ix->v[i]->span.file > ix->v[w - 1]->span.file)
                ix->v[w - 1] = ix->v[i];
            continue;
        }
        ix->v[w++] = ix->v[i];
    }
    ix->n = w;
    /* the codes of digits, hashed: one probe, no string compares */
    ix->cap = 16;
    while (ix->cap < 2 * w)
        ix->cap *= 2;
    ix->key = arena_alloc(k->cx, ix->cap * sizeof *ix->key);
    ix->kv = arena_alloc(k->cx, ix->cap * sizeof *ix->kv);
    for (uint32_t i = 0; i < w; i++) {
        uint64_t key = fx_code_key(ix->v[i]->code);
        if (!key)
            continue;
        uint32_t h = slot_of(ix, key);
        ix->key[h] = key;
        ix->kv[h] = ix->v[i];
    }
}

const CatalogEntry *chk_cat(const CatIndex *ix, const char *code)
{
    uint64_t key = fx_code_key(code);
    if (key && ix->cap)                  /* digits: one probe */
        return ix->kv[slot_of(ix, key)];
    uint32_t lo = 0, hi = ix->n;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        int c = strcmp(code, ix->v[mid]->code);
        if (c == 0)
            return ix->v[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

static bool prefix(const char *p, const char *s)
{
    return s && strncmp(p, s, strlen(p)) == 0;
}

/* Is the fact's money an administrative (or 参公) unit's?  From its unit
** when known, else from the government economic code: 501/502 are the
** 机关 blocks, 505 is 对事业单位经常性补助. */
bool chk_unit_admin(const Checker *k, const Fact *f)
{
    if (f->unit >= 0) {
        uint8_t kind = k->p->units.v[f->unit].kind;
        return kind == KIND_ADMIN || kind == KIND_CIVIL;
    }
    return f->gov && (prefix("501", f->gov) || prefix("502", f->gov));
}

bool chk_match(const Checker *k, const Fact *f, const Filter *flt)
{
    uint8_t side = flt->side ? flt->side : SIDE_EXPENDITURE;
    if (f->side != side)
        return false;
    if (flt->sources && !(f->source && (flt->sources & B(f->source))))
        return false;
    if (flt->years && !(flt->years & B(f->year)))
        return false;
    if (flt->measures && !(f->measure && (flt->measures & B(f->measure))))
        return false;
    if (flt->sangong && !(f->sangong && (flt->sangong & B(f->sangong))))
        return false;
    if (flt->unit >= 0 && f->unit != flt->unit)
        return false;
    if (flt->project >= 0 && f->project != flt->project)
        return false;
    if (flt->func && !prefix(flt->func, f->func))
        return false;
    if (flt->econ && !prefix(flt->econ, f->econ))
        return false;
    if (flt->gov && !prefix(flt->gov, f->gov))
        return false;
    if (flt->operating && !(f->measure == MEAS_PUBLIC && chk_unit_admin(k, f)))
        return false;
    return true;
}

/* Can facts written in this view compute the filter's figure? */
bool chk_view_can(const Checker *k, int view, const Filter *flt)
{
    (void)k;
    bool income = flt->side == SIDE_INCOME;
    bool split = flt->measures && !(flt->measures & ~(B(MEAS_PERSONNEL) |
                                                      B(MEAS_PUBLIC)));
    switch (view) {
    case VIEW_INCOME:
        return income;
    case VIEW_FUNCTION:
        return !income && !flt->econ && !flt->gov && !flt->operating &&
               !flt->sangong && flt->project < 0 && !split;
    case VIEW_ECONOMIC:
        return !income && !flt->func && flt->project < 0 &&
               (flt->econ || flt->gov || flt->operating || flt->sangong ||
                (flt->measures && !(flt->measures & ~MEAS_BASIC_SET)));
    case VIEW_PROJECT:
        return !income && !flt->econ && !flt->gov && !flt->operating &&
               !flt->sangong && !flt->func &&
               (flt->project >= 0 || flt->measures == B(MEAS_PROJECT));
    default:
        return false;
    }
}

const char *chk_view_name(int view)
{
    static const char *const names[] = { "", "function", "economic",
                                         "project", "income" };
    return view > 0 && view <= VIEW_INCOME ? names[view] : "";
}

Sum chk_sum(const Checker *k, const Filter *flt, int view)
{
    return fx_sum(k, flt, view);
}

/* Notes at the facts behind a figure: the first few, then a count. */
void chk_note_parts(Checker *k, Diag *d, const Filter *flt, int view)
{
    uint32_t first[6];
    uint32_t n = fx_each(k, flt, view, first, 6);
    for (uint32_t i = 0; i < n && i < 6; i++) {
        const Fact *f = &k->p->facts.v[first[i]];
        const char *code = f->func ? f->func : f->econ ? f->econ : "";
        const char *what;
        if (*code)
            what = arena_printf(k->cx, "%s%s%s", code, f->name ? " " : "",
                                f->name ? f->name : "");
        else if (f->project >= 0)          /* a cell of a project's row */
            what = arena_printf(k->cx, "project '%s' %s",
                                k->p->projects.v[f->project].name,
                                vocab_name(DIM_SOURCE, f->source));
        else if (f->source)                /* an income row */
            what = vocab_name(DIM_SOURCE, f->source);
        else
            what = vocab_name(DIM_YEAR, f->year);
        diag_note(k->cx, d, f->span, "%s counts %s", what,
                  chk_amount(k, f->amount.fen, &f->amount));
    }
    if (n > 6)
        diag_note(k->cx, d, span_none(), "and %u more facts", n - 6);
}

/* An amount in the unit and precision of `like`, with more decimals only
** when the exact value needs them: 11169600 fen like 1116.95万元 ->
** "1116.96万元"; 4095000 fen -> "4.095万元". */
char *chk_amount(Checker *k, int64_t fen, const Money *like)
{
    MoneyUnit u = like && like->unit ? (MoneyUnit)like->unit : UNIT_WANYUAN;
    int d = like && like->unit ? like->decimals : 2;
    int places = u == UNIT_WANYUAN ? 6 : u == UNIT_YUAN ? 2 : 0;
    int64_t step = u == UNIT_WANYUAN ? 1000000 : u == UNIT_YUAN ? 100 : 1;
    for (int i = 0; i < d; i++)
        step /= 10;
    while (d < places && step > 1 && fen % step != 0) {
        d++;
        step /= 10;
    }
    const char *num = money_format(k->cx, fen, u, d);
    /* drop the thousands separators: messages quote figures as written */
    char *out = arena_alloc(k->cx, strlen(num) + 8);
    size_t w = 0;
    for (const char *p = num; *p; p++)
        if (*p != ',')
            out[w++] = *p;
    strcpy(out + w, money_unit_name(u));
    return out;
}

/* The one administrative unit, or -1 when there is none or several. */
static int32_t only_admin(const Checker *k)
{
    int32_t admin = -1, nadmin = 0;
    for (uint32_t i = 0; i < k->p->units.n; i++) {
        uint8_t kind = k->p->units.v[i].kind;
        if (kind == KIND_ADMIN || kind == KIND_CIVIL) {
            admin = (int32_t)i;
            nadmin++;
        }
    }
    return nadmin == 1 ? admin : -1;
}

/* Units can be inferred for facts written at department level: a fact
** whose government economic code says 机关 belongs to the one
** administrative unit when there is exactly one. */
static void infer_unit(Fact *f, int32_t admin)
{
    if (f->unit < 0 && f->view == VIEW_ECONOMIC && admin >= 0 &&
        f->gov && (prefix("501", f->gov) || prefix("502", f->gov)))
        f->unit = admin;
}

/* Money booked to a "三公" economic item is "三公" money: 30212 因公出国
** （境）费, 30217 公务接待费, 30231 公务用车运行维护费, 31013 公务用车购置
** (RULES T10b), even when the table that wrote it did not say so. */
static void infer_sangong(Fact *f)
{
    static const char *const codes[] = { "", "30212", "30217", "31013", "30231" };
    const char *e = f->econ;
    if (!e || f->sangong || e[0] != '3' ||     /* 302.. or 310.. only */
        !((e[1] == '0' && e[2] == '2') || (e[1] == '1' && e[2] == '0')))
        return;
    for (int c = 1; c <= 4 && !f->sangong; c++)
        if (strcmp(f->econ, codes[c]) == 0)
            f->sangong = (uint8_t)c;
}

/* The checker's view of a program: catalogs merged, units inferred.
** Built once per compilation and shared with the backends. */
Checker *chk_prepare(Compilation *cx)
{
    Program *p = cx->prog;
    if (p->checker)
        return p->checker;
    Checker *k = arena_alloc(cx, sizeof *k);
    k->cx = cx;
    k->p = p;
    build_index(k, &k->func, "function");
    build_index(k, &k->econ, "economic");
    build_index(k, &k->gov, "government");
    /* a consolidation's one 行政 unit is not every department's */
    int32_t admin = p->units_inferred ? -1 : only_admin(k);
    for (uint32_t i = 0; i < p->facts.n; i++) {   /* one pass: facts are many */
        Fact *f = &p->facts.v[i];
        k->nviews[f->view]++;
        infer_unit(f, admin);
        infer_sangong(f);
        k->nunits[f->view] += f->unit >= 0;
    }
    k->ix = fx_build(cx, k, p);
    p->checker = k;
    return k;
}

void check_program(Compilation *cx)
{
    if (!cx->prog)
        return;
    Checker *k = chk_prepare(cx);
    chk_class(k);
    chk_arith(k);
    chk_kpi(k);
    chk_consistency(k);
    chk_narrative(k);
}

/* The view a figure is computed in: the first that can compute it and
** holds facts (with units, when the filter names one); 0 when none. */
int chk_cell_view(const Checker *k, const Filter *f)
{
    if (f->view)
        return f->view;
    for (int v = VIEW_FUNCTION; v <= VIEW_INCOME; v++)
        if (k->nviews[v] && chk_view_can(k, v, f) &&
            (f->unit < 0 || k->nunits[v]))
            return v;
    return 0;
}

static bool meet_mask(uint16_t a, uint16_t b, uint16_t *out)
{
    *out = a && b ? (uint16_t)(a & b) : (uint16_t)(a | b);
    return !(a && b && !*out);
}

static bool meet_code(const char *a, const char *b, const char **out)
{
    if (!a || !b) {
        *out = a ? a : b;
        return true;
    }
    size_t na = strlen(a), nb = strlen(b);
    *out = na >= nb ? a : b;
    return strncmp(a, b, na < nb ? na : nb) == 0;
}

/* Both filters at once; false when no fact can match both. */
bool chk_filter_meet(const Filter *a, const Filter *b, Filter *o)
{
    *o = *a;
    if (b->side && a->side && b->side != a->side)
        return false;
    o->side = a->side ? a->side : b->side;
    if (b->unit >= 0 && a->unit >= 0 && b->unit != a->unit)
        return false;
    if (b->project >= 0 && a->project >= 0 && b->project != a->project)
        return false;
    o->unit = a->unit >= 0 ? a->unit : b->unit;
    o->project = a->project >= 0 ? a->project : b->project;
    o->operating = a->operating || b->operating;
    o->view = a->view ? a->view : b->view;
    return meet_mask(a->sources, b->sources, &o->sources) &&
           meet_mask(a->years, b->years, &o->years) &&
           meet_mask(a->measures, b->measures, &o->measures) &&
           meet_mask(a->sangong, b->sangong, &o->sangong) &&
           meet_code(a->func, b->func, &o->func) &&
           meet_code(a->econ, b->econ, &o->econ) &&
           meet_code(a->gov, b->gov, &o->gov);
}

/* Can there be "三公" money the facts do not show?  Projects' money is
** not written by economic item, so when a budget has project spending the
** "三公" facts (inferred from basic spending's economic items) are a lower
** bound of the "三公" figures, not their sum (RULES T10b). */
bool chk_sangong_open(const Checker *k)
{
    for (uint32_t i = 0; i < k->p->facts.n; i++) {
        const Fact *f = &k->p->facts.v[i];
        if (f->measure == MEAS_PROJECT && !f->econ)
            return true;
    }
    return false;
}
