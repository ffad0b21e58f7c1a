/*
** prose.c: the generated prose of 情况说明.
**
** A layout's prose paragraphs are templates; each {placeholder} is a
** narrative key derived by the same code the checker uses to verify a
** transcribed document's prose (narr_derive), so a number in generated
** prose is always the number the tables print.  Forms: {key} the value,
** {key share}, {key change} (with the percentage), {key change-amount},
** {key chinese} (a count as 一, 两, 三), {key ARG} for keys with an
** argument, {reason TERM...}, {personnel.items}, {general.function list},
** {units KIND...} (unit names), {asset ITEM [SUB]}, {sections}.
*/
#include "budgetc.h"
#include "table.h"

#include <stdlib.h>
#include <string.h>

typedef VEC(char) Buf;

/* One derivation kept: the layout names a key in several forms
** ({general.total}, {general.total change}, {general.total share}), and
** each derivation sums over the whole department. */
typedef struct Derived {
    const char *key, *arg;  /* as narr_derive took them (arg may be NULL) */
    bool ok;                /* narr_derive's answer */
    NarrValue v;            /* its value, when ok */
} Derived;

/* The prose being expanded: the document and the derivations so far. */
typedef struct Prose {
    Document *d;
    VEC(Derived) derived;   /* a few dozen: searched in order */
} Prose;

/* narr_derive, once per (key, arg). */
static bool derive(Prose *pr, const char *key, const char *arg, NarrValue *out)
{
    for (uint32_t i = 0; i < pr->derived.n; i++) {
        const Derived *e = &pr->derived.v[i];
        if (strcmp(e->key, key) == 0 && (e->arg == arg ||
            (e->arg && arg && strcmp(e->arg, arg) == 0))) {
            *out = e->v;
            return e->ok;
        }
    }
    Derived e = { arena_strndup(pr->d->cx, key, strlen(key)),
                  arg ? arena_strndup(pr->d->cx, arg, strlen(arg)) : NULL,
                  false, { 0 } };
    e.ok = narr_derive(pr->d->k, key, arg, &e.v);
    vec_push(pr->d->cx, &pr->derived, e);
    *out = e.v;
    return e.ok;
}

static void put(Document *d, Buf *b, const char *s)
{
    for (; s && *s; s++)
        vec_push(d->cx, b, *s);
}

/* 11169500 fen -> "1,116.95"; zero prints "0", as documents do. */
static char *prose_money(Document *d, int64_t fen)
{
    int64_t step = d->unit == UNIT_WANYUAN ? 10000 : 1;
    for (int i = 2; i < d->decimals; i++)
        step /= 10;
    int64_t a = fen < 0 ? -fen : fen;
    if ((a + step / 2) / step == 0)
        return "0";
    return money_format(d->cx, fen, d->unit, d->decimals);
}

static char *percent(Document *d, int64_t hundredths)
{
    if (hundredths == 0)
        return "0%";
    return arena_printf(d->cx, "%s%lld.%02lld%%", hundredths < 0 ? "-" : "",
                        (long long)llabs(hundredths) / 100,
                        (long long)llabs(hundredths) % 100);
}

static int64_t share_of(int64_t v, int64_t base)
{
    if (!base)
        return 0;
    __int128 n = (__int128)(v < 0 ? -v : v) * 20000 / (base < 0 ? -base : base);
    return (int64_t)((n + 1) / 2);
}

static char *value_text(Document *d, const NarrValue *v)
{
    switch (v->kind) {
    case NV_MONEY: return prose_money(d, v->fen);
    case NV_COUNT: return arena_printf(d->cx, "%lld", (long long)v->count);
    default: return percent(d, v->count);
    }
}

/* A count before a measure word: 2 is 两, else doc_chinese. */
static char *chinese_count(Document *d, int64_t n)
{
    return n == 2 ? "两" : doc_chinese(d->cx, n);
}

/* The names of the units of some kinds, joined by 、 */
static char *unit_names(Document *d, char **kinds, int n)
{
    const Program *p = d->cx->prog;
    Buf b = { 0 };
    for (uint32_t u = 0; u < p->units.n; u++) {
        bool want = n == 0;
        for (int i = 0; i < n; i++) {
            const VocabEntry *e = vocab_find(DIM_KIND, kinds[i]);
            want |= e && (e->mask & (1u << p->units.v[u].kind));
        }
        if (!want)
            continue;
        if (b.n)
            put(d, &b, "、");
        put(d, &b, p->units.v[u].name);
    }
    vec_push(d->cx, &b, '\0');
    return b.v;
}

static char *change_text(Document *d, const NarrValue *v, bool with_pct)
{
    if (!v->has_prior || v->kind != NV_MONEY)
        return "";
    int64_t diff = v->fen - v->prior;
    const char *unit = money_unit_name(d->unit);
    if (diff == 0)
        return "与上年持平";
    const char *a = diff > 0 ? "增长" : "减少", *b = diff > 0 ? "增长" : "下降";
    char *s = arena_printf(d->cx, "比上年%s%s%s", a,
                           prose_money(d, diff < 0 ? -diff : diff), unit);
    if (v->prior && with_pct)
        s = arena_printf(d->cx, "%s，%s%s", s, b,
                         percent(d, share_of(diff, v->prior)));
    return s;
}

/* The economic items with 人员经费 or 公用经费, in code order. */
static char *items_text(Document *d, int measure)
{
    Program *p = d->cx->prog;
    VEC(const Fact *) seen = { 0 };
    for (uint32_t i = 0; i < p->facts.n; i++) {
        const Fact *f = &p->facts.v[i];
        if (f->view != VIEW_ECONOMIC || f->measure != measure || !f->econ ||
            f->amount.fen == 0)
            continue;
        bool dup = false;
        for (uint32_t j = 0; j < seen.n; j++)
            dup |= strcmp(seen.v[j]->econ, f->econ) == 0;
        if (!dup)
            vec_push(d->cx, &seen, f);
    }
    Buf b = { 0 };
    for (uint32_t i = 0; i < seen.n; i++) {
        const Fact *f = seen.v[i];
        const CatalogEntry *e = chk_cat(&d->k->econ, f->econ);
        if (i)
            put(d, &b, "、");
        put(d, &b, e ? e->name : f->name);
    }
    vec_push(d->cx, &b, '\0');
    return b.v;
}

/* Every function 类 with money, "NAME AMOUNT万元，占SHARE", joined. */
static char *class_list(Prose *pr, const char *key)
{
    Document *d = pr->d;
    Program *p = d->cx->prog;
    VEC(const char *) codes = { 0 };
    for (uint32_t i = 0; i < p->facts.n; i++) {
        const Fact *f = &p->facts.v[i];
        if (f->view != VIEW_FUNCTION || !f->func)
            continue;
        bool dup = false;
        for (uint32_t j = 0; j < codes.n; j++)
            dup |= strncmp(codes.v[j], f->func, 3) == 0;
        if (!dup)
            vec_push(d->cx, &codes, arena_strndup(d->cx, f->func, 3));
    }
    Buf b = { 0 };
    bool general = strncmp(key, "general", 7) == 0;
    for (uint32_t i = 0; i < codes.n; i++) {
        const CatalogEntry *e = chk_cat(&d->k->func, codes.v[i]);
        NarrValue v;
        if (!e || !derive(pr, key, e->name, &v) || v.fen == 0)
            continue;
        if (b.n)
            put(d, &b, general ? "；" : "、");
        put(d, &b, e->name);
        put(d, &b, prose_money(d, v.fen));
        put(d, &b, money_unit_name(d->unit));
        if (general && v.has_base) {
            put(d, &b, "，占");
            put(d, &b, percent(d, share_of(v.fen, v.base)));
        }
    }
    vec_push(d->cx, &b, '\0');
    return b.v;
}

static const char *reason_text(Document *d, const char *terms)
{
    Program *p = d->cx->prog;
    for (uint32_t i = 0; i < p->reasons.n; i++)
        if (strcmp(p->reasons.v[i].key, terms) == 0)
            return p->reasons.v[i].value;
    return "";
}

/* The integer part of a count as written ("1辆" -> "1"). */
static char *count_of_atom(Document *d, Atom a)
{
    uint32_t n;
    const char *t = atom_text(d->cx, a, &n);
    uint32_t k = 0;
    while (k < n && t[k] >= '0' && t[k] <= '9')
        k++;
    return arena_strndup(d->cx, t, k);
}

/* {asset ITEM [SUB]}: a state-asset figure as the budget states it;
** {asset vehicle list}: every vehicle category with its count. */
static const char *asset_text(Document *d, char **words, int n)
{
    Program *p = d->cx->prog;
    if (n < 2)
        return NULL;
    bool list = n == 3 && strcmp(words[2], "list") == 0;
    Buf b = { 0 };
    for (uint32_t i = 0; i < p->assets.n; i++) {
        const Claim *c = &p->assets.v[i];
        if (strcmp(c->key, words[1]) != 0 || !c->natoms)
            continue;
        if (list && c->natoms == 2) {
            uint32_t len;
            const char *name = atom_text(d->cx, c->atoms[0], &len);
            if (b.n)
                put(d, &b, "，");
            put(d, &b, arena_strndup(d->cx, name, len));
            put(d, &b, count_of_atom(d, c->atoms[1]));
            put(d, &b, "辆");
            continue;
        }
        if (n == 3 && strcmp(words[2], "date") == 0) {   /* 2024-08-31 */
            uint32_t len;
            char *t = ast_string_value(d->cx, c->atoms[0], &len);
            int y, m, dd;
            if (sscanf(t, "%d-%d-%d", &y, &m, &dd) == 3)
                return arena_printf(d->cx, "%d年%d月%d日", y, m, dd);
            return t;
        }
        if (n == 2)
            return count_of_atom(d, c->atoms[0]);
        for (uint32_t k = 0; k + 1 < c->natoms; k++)
            if (atom_is(d->cx, c->atoms[k], words[2]))
                return count_of_atom(d, c->atoms[k + 1]);
    }
    if (!list)
        return "";
    vec_push(d->cx, &b, '\0');
    return b.v;
}

/* One placeholder's text, or NULL when it is not one. */
static const char *placeholder(Prose *pr, char *inner)
{
    Document *d = pr->d;
    char *words[8];
    int n = 0;
    for (char *tok = strtok(inner, " "); tok && n < 8; tok = strtok(NULL, " "))
        words[n++] = tok;
    if (n == 0)
        return NULL;
    if (strcmp(words[0], "reason") == 0) {
        char *rest = arena_printf(d->cx, "%s", n > 1 ? words[1] : "");
        for (int i = 2; i < n; i++)
            rest = arena_printf(d->cx, "%s %s", rest, words[i]);
        return reason_text(d, rest);
    }
    if (strcmp(words[0], "asset") == 0)
        return asset_text(d, words, n);
    if (strcmp(words[0], "units") == 0)
        return unit_names(d, words + 1, n - 1);
    if (strcmp(words[0], "personnel.items") == 0)
        return items_text(d, MEAS_PERSONNEL);
    if (strcmp(words[0], "public.items") == 0)
        return items_text(d, MEAS_PUBLIC);
    const char *form = n > 1 ? words[n - 1] : "";
    bool has_form = strcmp(form, "share") == 0 || strcmp(form, "change") == 0 ||
                    strcmp(form, "list") == 0 || strcmp(form, "chinese") == 0 ||
                    strcmp(form, "change-amount") == 0 ||
                    strcmp(form, "direction") == 0 ||
                    strcmp(form, "change-value") == 0;
    if (strcmp(form, "list") == 0)
        return class_list(pr, words[0]);
    const char *arg = n - has_form > 1 ? words[1] : NULL;
    NarrValue v;
    if (!derive(pr, words[0], arg, &v))
        return NULL;
    if (strcmp(form, "share") == 0)
        return v.has_base ? percent(d, share_of(v.fen, v.base)) : "";
    if (strcmp(form, "change") == 0 || strcmp(form, "change-amount") == 0)
        return change_text(d, &v, strcmp(form, "change") == 0);
    if (strcmp(form, "direction") == 0 || strcmp(form, "change-value") == 0) {
        if (!v.has_prior || v.kind != NV_MONEY)
            return "";
        int64_t diff = v.fen - v.prior;
        if (strcmp(form, "change-value") == 0)
            return prose_money(d, diff < 0 ? -diff : diff);
        return diff > 0 ? "增加" : diff < 0 ? "减少" : "持平";
    }
    if (strcmp(form, "chinese") == 0 && v.kind == NV_COUNT)
        return chinese_count(d, v.count);
    return value_text(d, &v);
}

static char *expand(Prose *pr, const char *tmpl)
{
    Document *d = pr->d;
    const char *s = doc_expand(d, tmpl);
    Buf b = { 0 };
    while (*s) {
        const char *end = *s == '{' ? strchr(s, '}') : NULL;
        if (end) {
            char *inner = arena_strndup(d->cx, s + 1, (size_t)(end - s - 1));
            const char *v = placeholder(pr, inner);
            if (v) {
                put(d, &b, v);
                s = end + 1;
                continue;
            }
        }
        vec_push(d->cx, &b, *s++);
    }
    vec_push(d->cx, &b, '\0');
    return b.v;
}

void prose_build(Document *d)
{
    const Layout *l = d->layout;
    Prose pr = { .d = d };
    for (uint32_t i = 0; i < l->prose.n; i++) {
        ProseOut po = { .title = doc_expand(d, l->prose.v[i].title) };
        for (uint32_t j = 0; j < l->prose.v[i].paragraphs.n; j++) {
            const char *t = l->prose.v[i].paragraphs.v[j].value;
            if (strcmp(t, "{sections}") != 0) {
                vec_push(d->cx, &po.paragraphs, expand(&pr, t));
                continue;
            }
            /* the budget's own free-text sections, title then text */
            const Program *p = d->cx->prog;
            const char *title = NULL;
            for (uint32_t k = 0; k < p->sections.n; k++) {
                if (!title || strcmp(title, p->sections.v[k].key) != 0) {
                    title = p->sections.v[k].key;
                    vec_push(d->cx, &po.paragraphs, title);
                }
                vec_push(d->cx, &po.paragraphs, p->sections.v[k].value);
            }
        }
        vec_push(d->cx, &d->prose, po);
    }
}
