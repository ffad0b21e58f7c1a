/*
** chk_kpi.c: performance targets (RULES §2.5).  One form per project
** (K1), indicator levels (K3), core indicators (K4), values well formed
** (K5), money on forms against the project's budget (K2, K6), and the two
** periods' targets against each other (K7).
*/
#include "budgetc.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>

/* Which 二级 values belong to each 一级 (vocab.c numbering). */
static bool level_ok(int l1, int l2)
{
    switch (l1) {
    case 1: return l2 >= 1 && l2 <= 4;
    case 2: return l2 >= 5 && l2 <= 8;
    case 3: return l2 == 9;
    default: return false;
    }
}

/* A parsed value: a number with its unit. */
typedef struct Value {
    bool number;           /* parsed as a number */
    bool money;            /* unit 元 or 万元 */
    bool percent;          /* unit % */
    bool unitless;         /* no unit at all */
    Money m;               /* when money */
    int64_t hundredths;    /* the number x 100 (for percentages), finer
                              digits rounded away from zero */
} Value;

static Value parse_value(const Indicator *ind)
{
    Value v = { 0 };
    if (ind->value_kind != TK_NUMBER || !ind->value)
        return v;
    char buf[64];
    Numeral nm;
    if (num_split(ind->value, (uint32_t)strlen(ind->value), &nm, buf,
                  sizeof buf) != NUM_OK)
        return v;
    v.number = true;
    MoneyUnit u = nm.nsuffix ? money_unit_from(nm.suffix, nm.nsuffix) : UNIT_NONE;
    if (u == UNIT_YUAN || u == UNIT_WANYUAN)
        v.money = money_from_numeral(&nm, u, &v.m) == NUM_OK;
    v.percent = nm.nsuffix == 1 && nm.suffix[0] == '%';
    v.unitless = nm.nsuffix == 0;
    if (v.percent)
        num_hundredths(&nm, &v.hundredths);
    return v;
}

static void check_value(Checker *k, const Indicator *ind)
{
    if (!ind->value)
        return;
    if (ind->value_kind == TK_STRING) {
        diag_emit(k->cx, E0604, ind->value_span, "target '%s' of '%s' is "
                  "neither a number with its unit nor a qualitative word",
                  ind->value, ind->name);
        return;
    }
    Value v = parse_value(ind);
    if (!v.number)
        return;                          /* a qualitative word */
    if (v.unitless)
        diag_emit(k->cx, E0604, ind->value_span, "target '%s%s' of '%s' has "
                  "no unit", ind->op ? ind->op : "", ind->value, ind->name);
    if (v.percent && (v.hundredths < 0 || v.hundredths > 10000))
        diag_emit(k->cx, E0607, ind->value_span, "target %s of '%s' is not "
                  "between 0%% and 100%%", ind->value, ind->name);
}

static void check_levels(Checker *k, const Indicator *ind)
{
    if (ind->level1 && ind->level2 && !level_ok(ind->level1, ind->level2))
        diag_emit(k->cx, E0603, ind->span, "%s is not a 二级指标 of %s",
                  vocab_name(DIM_LEVEL2, ind->level2),
                  vocab_name(DIM_LEVEL1, ind->level1));
}

/* K4: every kind of indicator is present, per period. */
static void check_core(Checker *k, const Project *pr, int period)
{
    static const char *const need[] = { "数量指标", "质量指标", "时效指标",
                                        "成本指标" };
    const Form *f = pr->form;
    bool have[10] = { false };
    bool any = false;
    for (uint32_t i = 0; i < f->indicators.n; i++) {
        const Indicator *ind = &f->indicators.v[i];
        if (ind->period != period || !ind->name)
            continue;
        any = true;
        have[ind->level2] = true;
        if (ind->level1 == 2)
            have[0] = true;              /* some 效益 */
    }
    if (!any)
        return;
    char missing[256] = "";
    size_t w = 0;
    for (int l = 1; l <= 4; l++)
        if (!have[l])
            w += (size_t)snprintf(missing + w, sizeof missing - w, "%s%s",
                                  w ? ", " : "", need[l - 1]);
    if (!have[0])
        w += (size_t)snprintf(missing + w, sizeof missing - w, "%s效益指标",
                              w ? ", " : "");
    if (!have[9])
        snprintf(missing + w, sizeof missing - w, "%s满意度指标", w ? ", " : "");
    if (missing[0])
        diag_emit(k->cx, E0608, f->span, "the %s targets of '%s' have no %s",
                  vocab_name(DIM_PERIOD, period), pr->name, missing);
}

static const FundRow *fund_total(const Form *f)
{
    for (uint32_t i = 0; i < f->funds.n; i++)
        if (strcmp(f->funds.v[i].name, "总额") == 0 ||
            strcmp(f->funds.v[i].name, "合计") == 0)
            return &f->funds.v[i];
    return NULL;
}

static int64_t abs64(int64_t v)
{
    return v < 0 ? -v : v;
}

/* K2: the form's 年度资金总额 rounds to the project's table 12 amount. */
static void check_budget(Checker *k, const Project *pr, int32_t idx)
{
    const FundRow *t = fund_total(pr->form);
    if (!t || !t->year.unit)
        return;
    Filter f;
    memset(&f, 0, sizeof f);
    f.unit = -1;
    f.project = idx;
    f.years = B(YEAR_CURRENT);
    Sum s = chk_sum(k, &f, VIEW_PROJECT);
    if (!s.nparts)
        return;
    int64_t diff = abs64(s.fen - t->year.fen);
    if (diff <= s.tol + money_tolerance(t->year))
        return;
    const Fact *fx = &k->p->facts.v[s.first];
    Diag *d = diag_emit(k->cx, E0408, t->span, "年度资金总额 of '%s' is %s but "
                        "table 12 gives it %s (difference %s)", pr->name,
                        chk_amount(k, t->year.fen, &t->year),
                        chk_amount(k, s.fen, &fx->amount),
                        chk_amount(k, diff, &t->year));
    diag_note(k->cx, d, fx->row, "the project's budget");
}

/* K6 for a project: a money cost target may not exceed the year's funds. */
static void check_cost(Checker *k, const Project *pr, const Indicator *ind)
{
    if (ind->level2 != 4)                /* only 成本指标: parse no other */
        return;
    const FundRow *t = fund_total(pr->form);
    Value v = parse_value(ind);
    if (!v.money || !t)
        return;
    const Money *ref = ind->period == PERIOD_IMPL && t->period.unit ? &t->period
                                                                    : &t->year;
    if (!ref->unit)
        return;
    int64_t slack = money_tolerance(v.m) + money_tolerance(*ref);
    if (v.m.fen > ref->fen + slack)
        diag_emit(k->cx, E0605, ind->value_span, "成本指标 '%s' is %s%s but the "
                  "project's %s funds are %s", ind->name, ind->op ? ind->op : "",
                  chk_amount(k, v.m.fen, &v.m),
                  vocab_name(DIM_PERIOD, ind->period),
                  chk_amount(k, ref->fen, ref));
}

/* K7: when both periods have the same money, their targets agree. */
static void check_periods(Checker *k, const Project *pr)
{
    const Form *f = pr->form;
    const FundRow *t = fund_total(f);
    if (!t || !t->period.unit || !t->year.unit || t->period.fen != t->year.fen)
        return;
    const Indicator *a[128], *b[128];
    uint32_t na = 0, nb = 0;
    for (uint32_t i = 0; i < f->indicators.n; i++) {
        const Indicator *ind = &f->indicators.v[i];
        if (ind->period == PERIOD_IMPL && na < 128)
            a[na++] = ind;
        else if (ind->period == PERIOD_ANNUAL && nb < 128)
            b[nb++] = ind;
    }
    if (!na || !nb)
        return;
    if (na != nb) {
        diag_emit(k->cx, E0606, f->span, "'%s' has %u implementation-period "
                  "targets but %u annual ones", pr->name, na, nb);
        return;
    }
    for (uint32_t i = 0; i < na; i++) {
        const char *va = a[i]->value ? a[i]->value : "";
        const char *vb = b[i]->value ? b[i]->value : "";
        const char *oa = a[i]->op ? a[i]->op : "", *ob = b[i]->op ? b[i]->op : "";
        if (strcmp(va, vb) == 0 && strcmp(oa, ob) == 0)
            continue;
        Diag *d = diag_emit(k->cx, E0606, b[i]->value_span, "annual target "
                            "'%s%s' of '%s' differs from the implementation "
                            "period's '%s%s', though the funds are the same",
                            ob, vb, b[i]->name, oa, va);
        diag_note(k->cx, d, a[i]->value_span, "implementation-period target");
    }
}

static const char *form_name(const Project *pr)
{
    return pr->form->title ? pr->form->title : pr->name;
}

/* K6 on the department-wide form: 基本/项目支出预算 equal the budget. */
static void check_perf_cost(Checker *k, const Indicator *ind)
{
    Value v = parse_value(ind);
    if (ind->level2 != 4 || !v.money || !ind->name)
        return;
    Filter f;
    memset(&f, 0, sizeof f);
    f.unit = -1;
    f.project = -1;
    if (strstr(ind->name, "基本支出"))
        f.measures = MEAS_BASIC_SET;
    else if (strstr(ind->name, "项目支出"))
        f.measures = B(MEAS_PROJECT);
    else
        return;
    Sum s = chk_sum(k, &f, VIEW_FUNCTION);
    if (!s.nparts)
        return;
    int64_t diff = abs64(s.fen - v.m.fen);
    if (diff > s.tol + money_tolerance(v.m))
        diag_emit(k->cx, E0605, ind->value_span, "成本指标 '%s' is %s%s but the "
                  "budget's %s is %s (difference %s)", ind->name,
                  ind->op ? ind->op : "", chk_amount(k, v.m.fen, &v.m),
                  f.measures == B(MEAS_PROJECT) ? "项目支出" : "基本支出",
                  chk_amount(k, s.fen, &v.m), chk_amount(k, diff, &v.m));
}

/* One indicator that names the quantity it measures ('as KEY'). */
typedef struct Measured {
    const Indicator *ind;
    int64_t v;            /* the number x 100 */
    const char *unit;     /* its unit as written */
    bool dept;            /* on the department-wide form */
} Measured;

typedef VEC(Measured) MeasuredVec;

static bool measured_value(const Indicator *ind, Measured *m, char *unit,
                           size_t unitsz)
{
    char buf[64];
    Numeral nm;
    if (ind->value_kind != TK_NUMBER || !ind->value ||
        num_split(ind->value, (uint32_t)strlen(ind->value), &nm, buf,
                  sizeof buf) != NUM_OK || nm.nint > 12 || nm.nfrac > 2)
        return false;
    if (!num_hundredths(&nm, &m->v))
        return false;
    snprintf(unit, unitsz, "%.*s", (int)nm.nsuffix, nm.suffix);
    m->unit = unit;
    return true;
}

/* Does `total` satisfy the bound "op d"? */
static bool within(const char *op, int64_t total, int64_t d)
{
    if (!op || strcmp(op, "=") == 0 || strcmp(op, "＝") == 0)
        return total == d;
    if (strcmp(op, "≤") == 0 || strcmp(op, "<=") == 0)
        return total <= d;
    if (strcmp(op, "<") == 0 || strcmp(op, "＜") == 0)
        return total < d;
    if (strcmp(op, "≥") == 0 || strcmp(op, ">=") == 0)
        return total >= d;
    return total > d;
}

static char *hundredths_text(Checker *k, int64_t v, const char *unit)
{
    return v % 100 ? arena_printf(k->cx, "%lld.%02lld%s", (long long)(v / 100),
                                  (long long)llabs(v % 100), unit)
                   : arena_printf(k->cx, "%lld%s", (long long)(v / 100), unit);
}

/* K8: a quantity targeted on several forms.  The department-wide form's
** target bounds the sum of the project forms' (annual) targets; project
** forms alone must agree with each other. */
static void check_quantity(Checker *k, const char *key, Measured *m, uint32_t n)
{
    const Measured *dept = NULL;
    int64_t sum = 0;
    uint32_t nproj = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (strcmp(m[i].unit, m[0].unit) != 0) {
            Diag *d = diag_emit(k->cx, E0609, m[i].ind->value_span, "quantity "
                                "'%s' is counted in '%s' here but in '%s' "
                                "elsewhere", key, m[i].unit, m[0].unit);
            diag_note(k->cx, d, m[0].ind->value_span, "counted in '%s' here",
                      m[0].unit);
            return;
        }
        if (m[i].dept) {
            dept = dept ? dept : &m[i];
        } else if (!m[i].ind->op || strcmp(m[i].ind->op, "=") == 0) {
            sum += m[i].v;
            nproj++;
        }
    }
    if (dept && nproj && !within(dept->ind->op, sum, dept->v)) {
        Diag *d = diag_emit(k->cx, E0609, dept->ind->value_span, "the "
                            "department-wide form targets '%s' %s%s but the "
                            "project forms give %s", key,
                            dept->ind->op ? dept->ind->op : "",
                            hundredths_text(k, dept->v, dept->unit),
                            hundredths_text(k, sum, dept->unit));
        for (uint32_t i = 0; i < n; i++)
            if (!m[i].dept)
                diag_note(k->cx, d, m[i].ind->value_span, "'%s' here",
                          m[i].ind->name);
    } else if (!dept) {
        for (uint32_t i = 1; i < n; i++)
            if (m[i].v != m[0].v) {
                Diag *d = diag_emit(k->cx, E0609, m[i].ind->value_span,
                                    "quantity '%s' is %s here but %s on "
                                    "another form", key,
                                    hundredths_text(k, m[i].v, m[i].unit),
                                    hundredths_text(k, m[0].v, m[0].unit));
                diag_note(k->cx, d, m[0].ind->value_span, "the other form");
            }
    }
}

static void collect(Checker *k, MeasuredVec *out, const Indicator *v,
                    uint32_t n, bool dept)
{
    for (uint32_t i = 0; i < n; i++) {
        if (!v[i].quantity || (!dept && v[i].period != PERIOD_ANNUAL))
            continue;
        Measured m = { .ind = &v[i], .dept = dept };
        char *unit = arena_alloc(k->cx, 64);
        if (measured_value(&v[i], &m, unit, 64))
            vec_push(k->cx, out, m);
        else
            diag_emit(k->cx, E0604, v[i].value_span, "'%s' is marked as "
                      "quantity '%s' but its target is not a number",
                      v[i].name, v[i].quantity);
    }
}

static void check_quantities(Checker *k)
{
    MeasuredVec all = { 0 };
    for (uint32_t i = 0; i < k->p->projects.n; i++) {
        const Form *f = k->p->projects.v[i].form;
        if (f)
            collect(k, &all, f->indicators.v, f->indicators.n, false);
    }
    if (k->p->performance)
        collect(k, &all, k->p->performance->indicators.v,
                k->p->performance->indicators.n, true);
    bool *done = arena_alloc(k->cx, all.n + 1);
    for (uint32_t i = 0; i < all.n; i++) {
        if (done[i])
            continue;
        MeasuredVec group = { 0 };
        const char *key = all.v[i].ind->quantity;
        for (uint32_t j = i; j < all.n; j++)
            if (!done[j] && strcmp(all.v[j].ind->quantity, key) == 0) {
                done[j] = true;
                vec_push(k->cx, &group, all.v[j]);
            }
        if (group.n > 1)
            check_quantity(k, key, group.v, group.n);
    }
}

void chk_kpi(Checker *k)
{
    Program *p = k->p;
    for (uint32_t i = 0; i < p->projects.n; i++) {
        const Project *pr = &p->projects.v[i];
        if (!pr->form) {
            diag_emit(k->cx, E0601, pr->span, "project '%s' has no KPI form "
                      "(项目支出绩效目标表)", pr->name);
            continue;
        }
        if (pr->form->title && strcmp(pr->form->title, pr->name) != 0)
            diag_emit(k->cx, E0602, pr->form->span, "the form is titled '%s' "
                      "but the project is '%s' in table 12", form_name(pr),
                      pr->name);
        for (uint32_t j = 0; j < pr->form->indicators.n; j++) {
            const Indicator *ind = &pr->form->indicators.v[j];
            check_levels(k, ind);
            check_value(k, ind);
            check_cost(k, pr, ind);
        }
        check_core(k, pr, PERIOD_IMPL);
        check_core(k, pr, PERIOD_ANNUAL);
        check_budget(k, pr, (int32_t)i);
        check_periods(k, pr);
    }
    if (p->performance) {
        for (uint32_t j = 0; j < p->performance->indicators.n; j++) {
            const Indicator *ind = &p->performance->indicators.v[j];
            check_levels(k, ind);
            check_value(k, ind);
            check_perf_cost(k, ind);
        }
    }
    check_quantities(k);
}
