/*
** dump.c: `budgetc dump`, the resolved program as JSON, for tests and
** tooling.  Output is deterministic: no addresses, and files found on the
** module search path are named "stdlib:NAME" whatever folder they came
** from, so a golden file holds on any machine.
*/
#include "budgetc.h"
#include "json.h"
#include "program.h"

#include <string.h>

static const char *file_label(Compilation *cx, uint32_t file)
{
    SourceFile *f = cx->files.v[file];
    if (!f->is_stdlib)
        return f->path;
    const char *slash = strrchr(f->path, '/');
    return arena_printf(cx, "stdlib:%s", slash ? slash + 1 : f->path);
}

static void at(Compilation *cx, Json *j, const char *key, Span sp)
{
    if (sp.file == UINT32_MAX) {
        json_null(j, key);
        return;
    }
    LineCol lc = src_linecol(cx, sp.file, sp.off);
    json_string(j, key, arena_printf(cx, "%s:%u:%u", file_label(cx, sp.file),
                                     lc.line, lc.col));
}

static void money(Compilation *cx, Json *j, const char *key, Money m)
{
    json_open(j, key, '{');
    json_int(j, "fen", m.fen);
    json_string(j, "unit", money_unit_name((MoneyUnit)m.unit));
    json_int(j, "decimals", m.decimals);
    json_close(j, '}');
}

static void opt_str(Json *j, const char *key, const char *v)
{
    if (v)
        json_string(j, key, v);
}

static void mask_list(Json *j, const char *key, int dim, uint16_t mask)
{
    if (!mask)
        return;
    const char *exact = vocab_exact(dim, mask);
    if (exact) {
        json_open(j, key, '[');
        json_string(j, NULL, exact);
        json_close(j, ']');
        return;
    }
    json_open(j, key, '[');
    for (int v = 0; v < 16; v++)
        if (mask & (1u << v))
            json_string(j, NULL, vocab_name(dim, v));
    json_close(j, ']');
}

static void filter(Compilation *cx, Json *j, const Filter *f)
{
    Program *p = cx->prog;
    json_open(j, "filter", '{');
    if (f->side == SIDE_INCOME)
        json_string(j, "side", "收入");
    mask_list(j, "sources", DIM_SOURCE, f->sources);
    mask_list(j, "years", DIM_YEAR, f->years);
    mask_list(j, "measures", DIM_MEASURE, f->measures);
    mask_list(j, "sangong", DIM_SANGONG, f->sangong);
    if (f->operating)
        json_bool(j, "operating", true);
    if (f->unit >= 0)
        json_string(j, "unit", p->units.v[f->unit].name);
    if (f->project >= 0)
        json_string(j, "project", p->projects.v[f->project].name);
    opt_str(j, "function", f->func);
    opt_str(j, "economic", f->econ);
    opt_str(j, "gov", f->gov);
    if (f->view)
        json_int(j, "view", f->view);
    json_close(j, '}');
}

static void texts(Compilation *cx, Json *j, const char *key, const Text *v,
                  uint32_t n)
{
    json_open(j, key, '[');
    for (uint32_t i = 0; i < n; i++) {
        json_open(j, NULL, '{');
        opt_str(j, "key", v[i].key);
        json_string(j, "value", v[i].value);
        at(cx, j, "at", v[i].span);
        json_close(j, '}');
    }
    json_close(j, ']');
}

static void indicators(Compilation *cx, Json *j, const Indicator *v, uint32_t n)
{
    json_open(j, "indicators", '[');
    for (uint32_t i = 0; i < n; i++) {
        json_open(j, NULL, '{');
        json_string(j, "period", vocab_name(DIM_PERIOD, v[i].period));
        json_string(j, "level1", vocab_name(DIM_LEVEL1, v[i].level1));
        json_string(j, "level2", vocab_name(DIM_LEVEL2, v[i].level2));
        json_string(j, "name", v[i].name);
        opt_str(j, "op", v[i].op);
        opt_str(j, "value", v[i].value);
        at(cx, j, "at", v[i].span);
        json_close(j, '}');
    }
    json_close(j, ']');
}

static void totals(Compilation *cx, Json *j, const char *key, const Total *v,
                   uint32_t n)
{
    json_open(j, key, '[');
    for (uint32_t i = 0; i < n; i++) {
        json_open(j, NULL, '{');
        filter(cx, j, &v[i].filter);
        money(cx, j, "amount", v[i].amount);
        opt_str(j, "label", v[i].label);
        opt_str(j, "name", v[i].name);
        at(cx, j, "at", v[i].span);
        json_close(j, '}');
    }
    json_close(j, ']');
}

static void facts(Compilation *cx, Json *j)
{
    Program *p = cx->prog;
    json_open(j, "facts", '[');
    for (uint32_t i = 0; i < p->facts.n; i++) {
        Fact *f = &p->facts.v[i];
        json_open(j, NULL, '{');
        json_string(j, "side", f->side == SIDE_INCOME ? "收入" : "支出");
        if (f->source)
            json_string(j, "source", vocab_name(DIM_SOURCE, f->source));
        json_string(j, "year", vocab_name(DIM_YEAR, f->year));
        if (f->measure)
            json_string(j, "measure", vocab_name(DIM_MEASURE, f->measure));
        if (f->sangong)
            json_string(j, "sangong", vocab_name(DIM_SANGONG, f->sangong));
        if (f->unit >= 0)
            json_string(j, "unit", p->units.v[f->unit].name);
        if (f->project >= 0)
            json_string(j, "project", p->projects.v[f->project].name);
        opt_str(j, "function", f->func);
        opt_str(j, "economic", f->econ);
        opt_str(j, "gov", f->gov);
        opt_str(j, "name", f->name);
        opt_str(j, "gov_name", f->gov_name);
        money(cx, j, "amount", f->amount);
        at(cx, j, "at", f->span);
        json_close(j, '}');
    }
    json_close(j, ']');
}

static void form(Compilation *cx, Json *j, const Form *f)
{
    json_open(j, "form", '{');
    opt_str(j, "title", f->title);
    opt_str(j, "authority", f->authority);
    if (f->attribute)
        json_string(j, "attribute", vocab_name(DIM_ATTR, f->attribute));
    opt_str(j, "attribute_text", f->attribute_text);
    opt_str(j, "period", f->period);
    json_open(j, "funds", '[');
    for (uint32_t i = 0; i < f->funds.n; i++) {
        json_open(j, NULL, '{');
        json_string(j, "name", f->funds.v[i].name);
        if (f->funds.v[i].period.unit)
            money(cx, j, "period", f->funds.v[i].period);
        if (f->funds.v[i].year.unit)
            money(cx, j, "year", f->funds.v[i].year);
        json_close(j, '}');
    }
    json_close(j, ']');
    texts(cx, j, "fields", f->fields.v, f->fields.n);
    opt_str(j, "goal_period", f->goal_period);
    opt_str(j, "goal_year", f->goal_year);
    indicators(cx, j, f->indicators.v, f->indicators.n);
    opt_str(j, "filed", f->filed);
    json_close(j, '}');
}

static void projects(Compilation *cx, Json *j)
{
    Program *p = cx->prog;
    json_open(j, "projects", '[');
    for (uint32_t i = 0; i < p->projects.n; i++) {
        Project *pr = &p->projects.v[i];
        json_open(j, NULL, '{');
        json_string(j, "name", pr->name);
        json_string(j, "unit", pr->unit >= 0 ? p->units.v[pr->unit].name : NULL);
        if (pr->category)
            json_string(j, "category", vocab_name(DIM_CATEGORY, pr->category));
        opt_str(j, "function", pr->func);
        at(cx, j, "at", pr->span);
        if (pr->form)
            form(cx, j, pr->form);
        json_close(j, '}');
    }
    json_close(j, ']');
}

static void performance(Compilation *cx, Json *j, const Performance *pf)
{
    static const char *const staff[] = { "authorized", "employed",
                                         "established", "other" };
    json_open(j, "performance", '{');
    opt_str(j, "authority", pf->authority);
    if (pf->offices >= 0)
        json_int(j, "offices", pf->offices);
    if (pf->units >= 0)
        json_int(j, "units", pf->units);
    for (int i = 0; i < 4; i++)
        if (pf->staff[i] >= 0)
            json_int(j, staff[i], pf->staff[i]);
    texts(cx, j, "fields", pf->fields.v, pf->fields.n);
    texts(cx, j, "tasks", pf->tasks.v, pf->tasks.n);
    totals(cx, j, "funds", pf->funds.v, pf->funds.n);
    indicators(cx, j, pf->indicators.v, pf->indicators.n);
    json_close(j, '}');
}

static void claims(Compilation *cx, Json *j, const char *key, const Claim *v,
                   uint32_t n)
{
    json_open(j, key, '[');
    for (uint32_t i = 0; i < n; i++) {
        const Claim *c = &v[i];
        json_open(j, NULL, '{');
        opt_str(j, "section", c->section);
        json_string(j, "key", c->key);
        json_open(j, "values", '[');
        for (uint32_t k = 0; k < c->natoms; k++) {
            uint32_t len;
            json_string(j, NULL, ast_string_value(cx, c->atoms[k], &len));
        }
        json_close(j, ']');
        at(cx, j, "at", c->span);
        json_close(j, '}');
    }
    json_close(j, ']');
}

static void catalogs(Compilation *cx, Json *j)
{
    Program *p = cx->prog;
    json_open(j, "catalogs", '[');
    for (uint32_t i = 0; i < p->catalogs.n; i++) {
        Catalog *c = p->catalogs.v[i];
        json_open(j, NULL, '{');
        json_string(j, "kind", c->kind);
        json_string(j, "edition", c->edition);
        json_int(j, "entries", c->entries.n);
        at(cx, j, "at", c->span);
        json_close(j, '}');
    }
    json_close(j, ']');
    json_int(j, "mapping", p->mapping.n);
    json_int(j, "glossary", p->glossary.n);
}

void dump_program(Compilation *cx, FILE *out)
{
    static const char *const staff[] = { "authorized", "employed",
                                         "established", "other" };
    Program *p = cx->prog;
    Json j = { .out = out, .pretty_depth = 2 };
    json_open(&j, NULL, '{');
    json_open(&j, "files", '[');
    for (uint32_t i = 0; i < cx->files.n; i++)
        json_string(&j, NULL, file_label(cx, i));
    json_close(&j, ']');
    json_open(&j, "modules", '[');
    for (uint32_t i = 0; i < p->modules.n; i++)
        json_string(&j, NULL, p->modules.v[i]);
    json_close(&j, ']');
    json_open(&j, "department", '{');
    json_string(&j, "name", p->dept_name);
    json_string(&j, "code", p->dept_code);
    json_int(&j, "year", p->year);
    json_string(&j, "province", p->province);
    for (int i = 0; i < 4; i++)
        if (p->staff[i] >= 0)
            json_int(&j, staff[i], p->staff[i]);
    json_close(&j, '}');
    texts(cx, &j, "duties", p->duties.v, p->duties.n);
    texts(cx, &j, "offices", p->offices.v, p->offices.n);
    json_open(&j, "units", '[');
    for (uint32_t i = 0; i < p->units.n; i++) {
        json_open(&j, NULL, '{');
        json_string(&j, "name", p->units.v[i].name);
        json_string(&j, "kind", vocab_name(DIM_KIND, p->units.v[i].kind));
        json_bool(&j, "own", p->units.v[i].own);
        opt_str(&j, "code", p->units.v[i].code);
        json_close(&j, '}');
    }
    json_close(&j, ']');
    facts(cx, &j);
    totals(cx, &j, "totals", p->totals.v, p->totals.n);
    projects(cx, &j);
    if (p->performance)
        performance(cx, &j, p->performance);
    json_int(&j, "prior_year", p->prior_year);
    json_open(&j, "prior", '[');
    for (uint32_t i = 0; i < p->prior.n; i++) {
        json_open(&j, NULL, '{');
        json_string(&j, "what", p->prior.v[i].what);
        filter(cx, &j, &p->prior.v[i].filter);
        money(cx, &j, "amount", p->prior.v[i].amount);
        json_close(&j, '}');
    }
    json_close(&j, ']');
    texts(cx, &j, "reasons", p->reasons.v, p->reasons.n);
    totals(cx, &j, "procurement", p->procurement.v, p->procurement.n);
    claims(cx, &j, "assets", p->assets.v, p->assets.n);
    claims(cx, &j, "claims", p->claims.v, p->claims.n);
    texts(cx, &j, "sections", p->sections.v, p->sections.n);
    catalogs(cx, &j);
    json_close(&j, '}');
    fputc('\n', out);
}
