/*
** chk_arith.c: arithmetic.  Every stated figure against the sum of its
** facts (RULES T1-T12: 类 = Σ款 = Σ项, 合计 = 基本 + 项目, unit and
** department rows, table 6 pairs); the views that describe the same money
** against each other (function x basic/project, economic x 人员/公用,
** projects, income); and the function <-> economic identities X1-X7.
** Within what the figures' precision allows a difference is a rounding
** tail (E0402, a note); beyond it, an error that names both figures.
*/
#include "budgetc.h"
#include "check.h"

#include <string.h>

static int64_t abs64(int64_t v)
{
    return v < 0 ? -v : v;
}

static const char *total_label(const Total *t)
{
    return t->label ? t->label : t->name ? t->name : NULL;
}

/* A rounding tail is reported once, however many tables print it: the
** same facts, the same printed figure. */
static bool tail_seen(Checker *k, int view, const Sum *s, int64_t stated)
{
    for (uint32_t i = 0; i < k->tails.n; i++) {
        const TailSeen *t = &k->tails.v[i];
        if (t->view == view && t->nparts == s->nparts && t->sum == s->fen &&
            t->stated == stated && t->first == s->first)
            return true;
    }
    TailSeen t = { view, s->nparts, s->first, s->fen, stated };
    vec_push(k->cx, &k->tails, t);
    return false;
}

/* Compare one stated total with the facts of one view. */
static void check_total_in(Checker *k, const Total *t, int view)
{
    Sum s = chk_sum(k, &t->filter, view);
    if (s.overflow) {
        diag_emit(k->cx, E0401, t->span, "the facts under this total overflow "
                  "64-bit fen");
        return;
    }
    int64_t diff = s.fen - t->amount.fen;
    int64_t tol = money_tolerance(t->amount);
    if (abs64(diff) <= tol)
        return;
    if (t->filter.sangong && diff < 0 && chk_sangong_open(k))
        return;       /* "三公" money may sit in projects (RULES T10b) */
    const char *label = total_label(t);
    const char *stated = chk_amount(k, t->amount.fen, &t->amount);
    const char *computed = chk_amount(k, s.fen, &t->amount);
    const char *delta = chk_amount(k, abs64(diff), &t->amount);
    if (s.nparts && abs64(diff) <= tol + s.tol) {
        if (tail_seen(k, view, &s, t->amount.fen))
            return;                   /* the same tail, printed again */
        diag_emit(k->cx, E0402, t->span, "rounding tail (尾差): %s%s%sis "
                  "printed as %s, its %u printed parts add up to %s "
                  "(difference %s, within their rounding)",
                  label ? "'" : "", label ? label : "", label ? "' " : "",
                  stated, s.nparts, computed, delta);
        return;
    }
    Diag *d;
    if (!s.nparts)
        d = diag_emit(k->cx, E0401, t->span, "stated %s%s%s%s but its facts "
                      "add up to %s: no fact in the %s view is under it "
                      "(money is written at 项 level)", label ? "'" : "",
                      label ? label : "", label ? "' " : "", stated, computed,
                      chk_view_name(view));
    else
        d = diag_emit(k->cx, E0401, t->span, "stated %s%s%s%s but its facts "
                      "add up to %s (difference %s)", label ? "'" : "",
                      label ? label : "", label ? "' " : "", stated, computed,
                      delta);
    chk_note_parts(k, d, &t->filter, view);
}

static void check_total(Checker *k, const Total *t)
{
    if (t->filter.view) {
        check_total_in(k, t, t->filter.view);
        return;
    }
    for (int v = VIEW_FUNCTION; v <= VIEW_INCOME; v++)
        if (k->nviews[v] && chk_view_can(k, v, &t->filter) &&
            (t->filter.unit < 0 || k->nunits[v]))
            check_total_in(k, t, v);
}

/* The same money in two views must agree (RULES T6b, T12b, T1a). */
static void reconcile(Checker *k, const Filter *fa, int va, const Filter *fb,
                      int vb, const char *what, const char *rule)
{
    if (!k->nviews[va] || !k->nviews[vb])
        return;
    Sum a = chk_sum(k, fa, va), b = chk_sum(k, fb, vb);
    if (!a.nparts && !b.nparts)
        return;
    int64_t diff = abs64(a.fen - b.fen);
    if (diff == 0 || a.overflow || b.overflow)
        return;
    Money like = { 0, UNIT_WANYUAN, 2 };
    const Fact *fx = &k->p->facts.v[a.nparts ? a.first : b.first];
    if (fx->amount.unit)
        like = fx->amount;
    if (diff <= a.tol + b.tol) {
        diag_emit(k->cx, E0402, fx->span, "rounding tail (尾差): %s is %s in "
                  "the %s view and %s in the %s view (difference %s, within "
                  "their rounding)", what, chk_amount(k, a.fen, &like),
                  chk_view_name(va), chk_amount(k, b.fen, &like),
                  chk_view_name(vb), chk_amount(k, diff, &like));
        return;
    }
    Diag *d = diag_emit(k->cx, E0403, fx->span, "%s is %s by %s but %s by %s "
                        "(difference %s; %s)", what,
                        chk_amount(k, a.fen, &like), chk_view_name(va),
                        chk_amount(k, b.fen, &like), chk_view_name(vb),
                        chk_amount(k, diff, &like), rule);
    if (b.nparts)
        diag_note(k->cx, d, k->p->facts.v[b.first].span, "the %s view starts "
                  "here", chk_view_name(vb));
}

static void filter_init(Filter *f)
{
    memset(f, 0, sizeof *f);
    f->unit = -1;
    f->project = -1;
}

static void reconcile_views(Checker *k)
{
    Filter f;
    filter_init(&f);
    f.measures = MEAS_BASIC_SET;
    reconcile(k, &f, VIEW_FUNCTION, &f, VIEW_ECONOMIC,
              "basic spending (基本支出)", "RULES T6b");
    filter_init(&f);
    f.measures = B(MEAS_PROJECT);
    reconcile(k, &f, VIEW_FUNCTION, &f, VIEW_PROJECT,
              "project spending (项目支出)", "RULES T12b");
    for (uint32_t u = 0; u < k->p->units.n; u++) {
        f.unit = (int32_t)u;
        Sum fs = chk_sum(k, &f, VIEW_FUNCTION);
        if (fs.nparts)              /* only when functions carry units */
            reconcile(k, &f, VIEW_FUNCTION, &f, VIEW_PROJECT,
                      arena_printf(k->cx, "project spending of %s",
                                   k->p->units.v[u].name), "RULES T12c");
    }
    Filter inc, exp;
    filter_init(&inc);
    filter_init(&exp);
    inc.side = SIDE_INCOME;
    if (k->nviews[VIEW_INCOME] && k->nviews[VIEW_FUNCTION]) {
        Sum a = chk_sum(k, &inc, VIEW_INCOME), b = chk_sum(k, &exp, VIEW_FUNCTION);
        int64_t diff = abs64(a.fen - b.fen);
        if (diff > a.tol + b.tol) {
            const Fact *fx = &k->p->facts.v[a.first];
            Diag *d = diag_emit(k->cx, E0403, fx->span, "income adds up to %s "
                                "but expenditure to %s (difference %s; "
                                "收入总计 = 支出总计, RULES T1a)",
                                chk_amount(k, a.fen, &fx->amount),
                                chk_amount(k, b.fen, &fx->amount),
                                chk_amount(k, diff, &fx->amount));
            diag_note(k->cx, d, k->p->facts.v[b.first].span,
                      "expenditure facts start here");
        } else if (diff) {            /* as for the other views: a tail */
            const Fact *fx = &k->p->facts.v[a.first];
            diag_emit(k->cx, E0402, fx->span, "rounding tail (尾差): income "
                      "adds up to %s and expenditure to %s (difference %s, "
                      "within their rounding)",
                      chk_amount(k, a.fen, &fx->amount),
                      chk_amount(k, b.fen, &fx->amount),
                      chk_amount(k, diff, &fx->amount));
        }
    }
}

/* RULES 2.3: basic spending booked to these function 项 is exactly the
** money of these economic items. */
static const struct Identity {
    const char *func[3];     /* function 项, NULL-terminated */
    const char *econ[3];     /* department economic 款 */
    uint8_t relation;        /* 0 equal, 1 function >= economic */
    DiagCode code;           /* E0404 for identities, E0405 plausibility */
    const char *rule;
} identities[] = {
    { { "2080505" }, { "30108" }, 0, E0404, "X1" },
    { { "2080506" }, { "30109" }, 0, E0404, "X2" },
    { { "2101101", "2101102" }, { "30110" }, 0, E0404, "X3" },
    { { "2101103" }, { "30111" }, 0, E0404, "X4" },
    { { "2210201" }, { "30113" }, 0, E0404, "X5" },
    { { "2100799" }, { "30309" }, 0, E0405, "X6" },
    { { "2080501", "2080502" }, { "30301", "30302" }, 1, E0405, "X7" },
};

static Sum sum_codes(Checker *k, const char *const *codes, int view, bool fn)
{
    Sum total = { 0 };
    for (int i = 0; i < 3 && codes[i]; i++) {
        Filter f;
        filter_init(&f);
        f.measures = MEAS_BASIC_SET;
        if (fn)
            f.func = codes[i];
        else
            f.econ = codes[i];
        Sum s = chk_sum(k, &f, view);
        if (s.nparts && !total.nparts)
            total.first = s.first;
        total.nparts += s.nparts;
        total.tol += s.tol;
        if (!money_add(total.fen, s.fen, &total.fen))
            total.overflow = true;
    }
    return total;
}

static char *code_list(Checker *k, const char *const *codes)
{
    char *s = arena_printf(k->cx, "%s", codes[0]);
    for (int i = 1; i < 3 && codes[i]; i++)
        s = arena_printf(k->cx, "%s+%s", s, codes[i]);
    return s;
}

static void check_identities(Checker *k)
{
    if (!k->nviews[VIEW_FUNCTION] || !k->nviews[VIEW_ECONOMIC])
        return;
    for (size_t i = 0; i < sizeof identities / sizeof identities[0]; i++) {
        const struct Identity *id = &identities[i];
        Sum a = sum_codes(k, id->func, VIEW_FUNCTION, true);
        Sum b = sum_codes(k, id->econ, VIEW_ECONOMIC, false);
        if ((!a.nparts && !b.nparts) || a.overflow || b.overflow)
            continue;
        int64_t diff = a.fen - b.fen;
        int64_t slack = a.tol + b.tol;
        bool bad = id->relation == 0 ? abs64(diff) > slack : diff < -slack;
        if (!bad)
            continue;
        const Fact *fx = &k->p->facts.v[a.nparts ? a.first : b.first];
        Diag *d = diag_emit(k->cx, id->code, fx->span, "function %s is %s but "
                            "economic %s is %s; %s (RULES %s)",
                            code_list(k, id->func),
                            chk_amount(k, a.fen, &fx->amount),
                            code_list(k, id->econ),
                            chk_amount(k, b.fen, &fx->amount),
                            id->relation ? "the function figure should be at "
                            "least the economic one" : "they should be equal",
                            id->rule);
        if (b.nparts)
            diag_note(k->cx, d, k->p->facts.v[b.first].span,
                      "economic %s is written here", id->econ[0]);
    }
}

/* A form's 项目资金: sources add up to the total, in each period; the
** implementation period holds at least the year (RULES K2). */
static void check_form_funds(Checker *k, const Project *pr)
{
    const Form *f = pr->form;
    const FundRow *total = NULL;
    int64_t sum[2] = { 0, 0 }, tol[2] = { 0, 0 };
    for (uint32_t i = 0; i < f->funds.n; i++) {
        const FundRow *r = &f->funds.v[i];
        if (strcmp(r->name, "总额") == 0 || strcmp(r->name, "合计") == 0) {
            total = r;
            continue;
        }
        money_add(sum[0], r->period.fen, &sum[0]);
        money_add(sum[1], r->year.fen, &sum[1]);
        tol[0] += money_tolerance(r->period);
        tol[1] += money_tolerance(r->year);
    }
    if (!total)
        return;
    const Money *tm[2] = { &total->period, &total->year };
    static const char *const which[] = { "实施期资金总额", "年度资金总额" };
    for (int p = 0; p < 2; p++) {
        if (!tm[p]->unit)
            continue;
        int64_t diff = abs64(sum[p] - tm[p]->fen);
        if (diff > tol[p] + money_tolerance(*tm[p]))
            diag_emit(k->cx, E0407, total->span, "%s of '%s' is %s but its "
                      "sources add up to %s (difference %s)", which[p],
                      pr->name, chk_amount(k, tm[p]->fen, tm[p]),
                      chk_amount(k, sum[p], tm[p]), chk_amount(k, diff, tm[p]));
    }
    if (total->period.unit && total->year.unit &&
        total->period.fen < total->year.fen)
        diag_emit(k->cx, E0407, total->span, "实施期资金总额 %s of '%s' is less "
                  "than its 年度资金总额 %s",
                  chk_amount(k, total->period.fen, &total->period), pr->name,
                  chk_amount(k, total->year.fen, &total->year));
}

/* 政府采购: 货物 + 工程 + 服务 = 总额 (RULES N9). */
static void check_procurement(Checker *k)
{
    const Total *total = NULL;
    int64_t sum = 0, tol = 0;
    for (uint32_t i = 0; i < k->p->procurement.n; i++) {
        const Total *t = &k->p->procurement.v[i];
        if (strcmp(t->label, "合计") == 0) {
            total = t;
            continue;
        }
        money_add(sum, t->amount.fen, &sum);
        tol += money_tolerance(t->amount);
    }
    if (!total)
        return;
    int64_t diff = abs64(sum - total->amount.fen);
    if (diff > tol + money_tolerance(total->amount))
        diag_emit(k->cx, E0401, total->span, "stated 政府采购 total %s but 货物, "
                  "工程 and 服务 add up to %s (difference %s)",
                  chk_amount(k, total->amount.fen, &total->amount),
                  chk_amount(k, sum, &total->amount),
                  chk_amount(k, diff, &total->amount));
}

/* A count as written ("1辆", "767平方米"): its integer part, or -1. */
static int64_t count_atom(Checker *k, Atom a)
{
    uint32_t n;
    const char *t = atom_text(k->cx, a, &n);
    char buf[32];
    Numeral nm;
    if (a.kind != TK_NUMBER || num_split(t, n, &nm, buf, sizeof buf) != NUM_OK ||
        nm.neg || nm.nfrac || nm.nint > 12)
        return -1;
    int64_t v = 0;
    for (uint32_t i = 0; i < nm.nint; i++)
        v = v * 10 + (buf[i] - '0');
    return v;
}

/* Vehicles (RULES N11): 实有 = the sum of the categories; 实有 <= 编制. */
static void check_vehicles(Checker *k)
{
    const Claim *head = NULL;
    int64_t authorized = -1, actual = -1, sum = 0;
    uint32_t ncat = 0;
    for (uint32_t i = 0; i < k->p->assets.n; i++) {
        const Claim *c = &k->p->assets.v[i];
        if (strcmp(c->key, "vehicles") == 0) {
            head = c;
            for (uint32_t j = 0; j + 1 < c->natoms; j += 2) {
                if (atom_is(k->cx, c->atoms[j], "authorized"))
                    authorized = count_atom(k, c->atoms[j + 1]);
                else if (atom_is(k->cx, c->atoms[j], "actual"))
                    actual = count_atom(k, c->atoms[j + 1]);
            }
        } else if (strcmp(c->key, "vehicle") == 0 && c->natoms == 2) {
            int64_t v = count_atom(k, c->atoms[1]);
            if (v >= 0) {
                sum += v;
                ncat++;
            }
        }
    }
    if (!head)
        return;
    if (actual >= 0 && ncat && sum != actual)
        diag_emit(k->cx, E0409, head->span, "实有 %lld vehicles, but the "
                  "categories add up to %lld", (long long)actual, (long long)sum);
    if (actual >= 0 && authorized >= 0 && actual > authorized)
        diag_emit(k->cx, E0410, head->span, "实有 %lld vehicles but only %lld "
                  "authorized (编制)", (long long)actual, (long long)authorized);
}

void chk_arith(Checker *k)
{
    Program *p = k->p;
    for (uint32_t i = 0; i < p->totals.n; i++)
        check_total(k, &p->totals.v[i]);
    if (p->performance)
        for (uint32_t i = 0; i < p->performance->funds.n; i++)
            check_total(k, &p->performance->funds.v[i]);
    reconcile_views(k);
    check_identities(k);
    for (uint32_t i = 0; i < p->projects.n; i++)
        if (p->projects.v[i].form)
            check_form_funds(k, &p->projects.v[i]);
    check_procurement(k);
    check_vehicles(k);
}
