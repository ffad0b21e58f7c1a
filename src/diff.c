/*
** diff.c: `budgetc diff OLD NEW`, a semantic diff of two budgets.
**
** Facts are matched by what they are (side, view, unit, project, codes,
** source, year, measure, "三公" category), never by where they are
** written, so moving or reformatting a line changes nothing.  A fact that
** left one project (or unit) and arrived under another name with the same
** amount and the same other dimensions is reported as a rename.  After the
** facts, the change of every affected total: the grand total, each
** function 类, each economic 类, each unit.  --as-prior writes the OLD
** budget's figures as the NEW budget's `prior` block, so the prose's
** year-over-year numbers come from last year's compiled source.
*/
#include "budgetc.h"
#include "check.h"
#include "diff.h"

#include <stdlib.h>
#include <string.h>

/* A fact reduced to its identity and amount. */
typedef struct Key {
    const char *id;       /* every dimension, as one string */
    const char *label;    /* for people: code name / project */
    const char *rename;   /* the id without project and unit, for renames */
    const char *owner;    /* project or unit name, for renames */
    int64_t fen;
    const Fact *f;
} Key;

typedef VEC(Key) KeyVec;

static const char *s_or(const char *s)
{
    return s ? s : "";
}

static Key key_of(Compilation *cx, const Fact *f)
{
    const Program *p = cx->prog;
    const char *unit = f->unit >= 0 ? p->units.v[f->unit].name : "";
    const char *proj = f->project >= 0 ? p->projects.v[f->project].name : "";
    const char *dims = arena_printf(cx, "%d|%d|%s|%s|%s|%s|%s|%s|%s",
        f->side, f->view, s_or(f->func), s_or(f->econ), s_or(f->gov),
        f->source ? vocab_name(DIM_SOURCE, f->source) : "",
        vocab_name(DIM_YEAR, f->year),
        f->measure ? vocab_name(DIM_MEASURE, f->measure) : "",
        f->sangong ? vocab_name(DIM_SANGONG, f->sangong) : "");
    Key k = { .fen = f->amount.fen, .f = f };
    k.id = arena_printf(cx, "%s|%s|%s", dims, unit, proj);
    k.rename = dims;
    k.owner = *proj ? proj : unit;
    const char *code = f->func ? f->func : f->econ ? f->econ : "";
    k.label = arena_printf(cx, "%s%s%s%s%s%s%s%s", code,
        f->name ? " " : "", s_or(f->name), f->gov ? " -> " : "", s_or(f->gov),
        *proj ? " project " : *unit ? " unit " : "", *proj ? proj : unit,
        f->side == SIDE_INCOME ? " (income)" : "");
    while (*k.label == ' ')
        k.label++;
    if (f->source)
        k.label = arena_printf(cx, "%s [%s]", k.label,
                               vocab_name(DIM_SOURCE, f->source));
    return k;
}

static int key_cmp(const void *a, const void *b)
{
    return strcmp(((const Key *)a)->id, ((const Key *)b)->id);
}

/* The facts as sorted keys; facts with the same identity are summed. */
static KeyVec keys(Compilation *cx)
{
    KeyVec v = { 0 };
    for (uint32_t i = 0; i < cx->prog->facts.n; i++)
        vec_push(cx, &v, key_of(cx, &cx->prog->facts.v[i]));
    if (v.n > 1)
        qsort(v.v, v.n, sizeof *v.v, key_cmp);
    uint32_t w = 0;
    for (uint32_t i = 0; i < v.n; i++) {
        if (w && strcmp(v.v[w - 1].id, v.v[i].id) == 0) {
            v.v[w - 1].fen += v.v[i].fen;
            continue;
        }
        v.v[w++] = v.v[i];
    }
    v.n = w;
    return v;
}

typedef struct Change {
    char kind;            /* '+', '-', '~' changed, 'r' renamed */
    const Key *old, *new;
} Change;

typedef VEC(Change) ChangeVec;

static const char *yuan(Compilation *cx, int64_t fen)
{
    return money_format(cx, fen, UNIT_WANYUAN, 2);
}

/* Match removed against added facts with the same dimensions and amount
** but another owner: those are renames, not a remove and an add. */
static void find_renames(ChangeVec *ch)
{
    for (uint32_t i = 0; i < ch->n; i++) {
        if (ch->v[i].kind != '-')
            continue;
        for (uint32_t j = 0; j < ch->n; j++) {
            Change *a = &ch->v[j];
            if (a->kind != '+' || strcmp(a->new->rename, ch->v[i].old->rename) != 0 ||
                a->new->fen != ch->v[i].old->fen)
                continue;
            ch->v[i].kind = 'r';
            ch->v[i].new = a->new;
            a->kind = 0;
            break;
        }
    }
}

static ChangeVec compare(Compilation *cx, KeyVec *a, KeyVec *b)
{
    ChangeVec ch = { 0 };
    uint32_t i = 0, j = 0;
    while (i < a->n || j < b->n) {
        int c = i == a->n ? 1 : j == b->n ? -1 : strcmp(a->v[i].id, b->v[j].id);
        Change x = { 0 };
        if (c < 0)
            x = (Change){ '-', &a->v[i++], NULL };
        else if (c > 0)
            x = (Change){ '+', NULL, &b->v[j++] };
        else {
            if (a->v[i].fen != b->v[j].fen)
                x = (Change){ '~', &a->v[i], &b->v[j] };
            i++;
            j++;
        }
        if (x.kind)
            vec_push(cx, &ch, x);
    }
    find_renames(&ch);
    return ch;
}

/* The totals a change affects: grand, function 类, economic 类, unit. */
typedef struct Agg {
    const char *name;
    int64_t old, new;
} Agg;

typedef VEC(Agg) AggVec;

static void agg_add(Compilation *cx, AggVec *v, const char *name, int64_t o,
                    int64_t n)
{
    for (uint32_t i = 0; i < v->n; i++)
        if (strcmp(v->v[i].name, name) == 0) {
            v->v[i].old += o;
            v->v[i].new += n;
            return;
        }
    Agg a = { name, o, n };
    vec_push(cx, v, a);
}

static void aggregate(Compilation *cx, AggVec *v, Compilation *side, bool is_new)
{
    const Program *p = side->prog;
    for (uint32_t i = 0; i < p->facts.n; i++) {
        const Fact *f = &p->facts.v[i];
        int64_t o = is_new ? 0 : f->amount.fen, n = is_new ? f->amount.fen : 0;
        if (f->side == SIDE_INCOME) {
            agg_add(cx, v, "收入 合计", o, n);
            continue;
        }
        if (f->view == VIEW_FUNCTION) {
            agg_add(cx, v, "支出 合计 (function view)", o, n);
            agg_add(cx, v, arena_printf(cx, "function %.3s", f->func), o, n);
        } else if (f->view == VIEW_ECONOMIC) {
            agg_add(cx, v, arena_printf(cx, "economic %.3s", f->econ), o, n);
        } else if (f->view == VIEW_PROJECT) {
            agg_add(cx, v, "projects 合计", o, n);
        }
        if (f->unit >= 0)
            agg_add(cx, v, arena_printf(cx, "unit %s %s", p->units.v[f->unit].name,
                                        chk_view_name(f->view)), o, n);
    }
}

static int agg_cmp(const void *a, const void *b)
{
    return strcmp(((const Agg *)a)->name, ((const Agg *)b)->name);
}

/* Spaces that pad S to COLS display columns (CJK characters are two). */
static int pad_to(const char *s, uint32_t cols)
{
    uint32_t w = src_display_width(s, (uint32_t)strlen(s));
    return w < cols ? (int)(cols - w) : 0;
}

static void print_text(Compilation *cx, FILE *out, ChangeVec *ch, AggVec *ag)
{
    uint32_t shown = 0;
    for (uint32_t i = 0; i < ch->n; i++) {
        const Change *c = &ch->v[i];
        if (!c->kind)
            continue;
        shown++;
        if (c->kind == '+')
            fprintf(out, "+ %s  %s万元\n", c->new->label, yuan(cx, c->new->fen));
        else if (c->kind == '-')
            fprintf(out, "- %s  %s万元\n", c->old->label, yuan(cx, c->old->fen));
        else if (c->kind == 'r')
            fprintf(out, "r %s  renamed '%s' -> '%s'  %s万元\n", c->old->label,
                    c->old->owner, c->new->owner, yuan(cx, c->new->fen));
        else
            fprintf(out, "~ %s  %s -> %s万元 (%s%s)\n", c->new->label,
                    yuan(cx, c->old->fen), yuan(cx, c->new->fen),
                    c->new->fen > c->old->fen ? "+" : "",
                    yuan(cx, c->new->fen - c->old->fen));
    }
    if (!shown) {
        fputs("no change in the facts\n", out);
        return;
    }
    fputs("\ntotals affected:\n", out);
    for (uint32_t i = 0; i < ag->n; i++)
        if (ag->v[i].old != ag->v[i].new)
            fprintf(out, "  %s%*s %s -> %s万元 (%s%s)\n", ag->v[i].name,
                    pad_to(ag->v[i].name, 40), "", yuan(cx, ag->v[i].old), yuan(cx, ag->v[i].new),
                    ag->v[i].new > ag->v[i].old ? "+" : "",
                    yuan(cx, ag->v[i].new - ag->v[i].old));
}

static void csv_field(FILE *out, const char *s)
{
    if (s && (*s == '=' || *s == '+' || *s == '-' || *s == '@'))
        fputc('\'', out);
    fputc('"', out);
    for (; s && *s; s++)
        fprintf(out, *s == '"' ? "\"\"" : "%c", *s);
    fputc('"', out);
}

static void print_csv(Compilation *cx, FILE *out, ChangeVec *ch)
{
    fputs("change,fact,old,new,delta\r\n", out);
    for (uint32_t i = 0; i < ch->n; i++) {
        const Change *c = &ch->v[i];
        if (!c->kind)
            continue;
        int64_t o = c->old ? c->old->fen : 0, n = c->new ? c->new->fen : 0;
        fprintf(out, "%s,", c->kind == '+' ? "added" : c->kind == '-' ? "removed"
                          : c->kind == 'r' ? "renamed" : "changed");
        csv_field(out, (c->new ? c->new : c->old)->label);
        fprintf(out, ",%s,%s,%s\r\n", c->old ? yuan(cx, o) : "",
                c->new ? yuan(cx, n) : "", yuan(cx, n - o));
    }
}

static void html_text(FILE *out, const char *s)
{
    for (; s && *s; s++)
        switch (*s) {
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        case '"': fputs("&quot;", out); break;
        default: fputc(*s, out);
        }
}

static void print_html(Compilation *cx, FILE *out, ChangeVec *ch, AggVec *ag)
{
    fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
          "<title>budgetc diff</title><style>td.n{text-align:right}"
          ".add{color:#060}.del{color:#a00}</style></head><body>\n"
          "<table><thead><tr><th scope=\"col\">变化</th><th scope=\"col\">事实"
          "</th><th scope=\"col\">原</th><th scope=\"col\">新</th></tr></thead>"
          "<tbody>\n", out);
    for (uint32_t i = 0; i < ch->n; i++) {
        const Change *c = &ch->v[i];
        if (!c->kind)
            continue;
        fprintf(out, "<tr class=\"%s\"><td>%c</td><td>", c->kind == '+' ? "add"
                : c->kind == '-' ? "del" : "chg", c->kind);
        html_text(out, (c->new ? c->new : c->old)->label);
        fprintf(out, "</td><td class=\"n\">%s</td><td class=\"n\">%s</td></tr>\n",
                c->old ? yuan(cx, c->old->fen) : "",
                c->new ? yuan(cx, c->new->fen) : "");
    }
    fputs("</tbody></table>\n<h2>totals affected</h2><table><tbody>\n", out);
    for (uint32_t i = 0; i < ag->n; i++) {
        if (ag->v[i].old == ag->v[i].new)
            continue;
        fputs("<tr><th scope=\"row\">", out);
        html_text(out, ag->v[i].name);
        fprintf(out, "</th><td class=\"n\">%s</td><td class=\"n\">%s</td></tr>\n",
                yuan(cx, ag->v[i].old), yuan(cx, ag->v[i].new));
    }
    fputs("</tbody></table></body></html>\n", out);
}

/* The OLD budget's figures as a `prior` block for the NEW one. */
static void print_prior(Compilation *cx, FILE *out)
{
    Checker *k = chk_prepare(cx);
    static const struct { const char *terms; Filter f; } rows[] = {
        { "total", { .unit = -1, .project = -1 } },
        { "一般公共预算 当年", { .sources = 1u << SRC_GENERAL,
                                 .years = 1u << YEAR_CURRENT, .unit = -1,
                                 .project = -1 } },
        { "三公", { .sangong = 0x1E, .unit = -1, .project = -1 } },
        { "机关运行经费", { .operating = true, .unit = -1, .project = -1 } },
    };
    fprintf(out, "# Last year's figures, computed by `budgetc diff --as-prior` "
            "from the %d budget.\nprior {\n  year %d\n  amounts 万元\n",
            cx->prog->year, cx->prog->year);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int view = chk_cell_view(k, &rows[i].f);
        Sum s = view ? chk_sum(k, &rows[i].f, view) : (Sum){ 0 };
        if (s.nparts || i == 2)
            fprintf(out, "  %-20s %s\n", rows[i].terms,
                    money_format(cx, s.fen, UNIT_WANYUAN, 2));
    }
    fputs("}\n", out);
}

int diff_main(Compilation *old, Compilation *new, FILE *out, const char *format,
              bool as_prior)
{
    if (as_prior) {
        print_prior(old, out);
        return 0;
    }
    KeyVec a = keys(old), b = keys(new);
    ChangeVec ch = compare(new, &a, &b);
    AggVec ag = { 0 };
    aggregate(new, &ag, old, false);
    aggregate(new, &ag, new, true);
    if (ag.n > 1)
        qsort(ag.v, ag.n, sizeof *ag.v, agg_cmp);
    if (strcmp(format, "csv") == 0)
        print_csv(new, out, &ch);
    else if (strcmp(format, "html") == 0)
        print_html(new, out, &ch, &ag);
    else
        print_text(new, out, &ch, &ag);
    return 0;
}
