/*
** consolidate.c: many departments as one program.
**
** Every input becomes a program decoded from .bcf bytes (a .budget is
** compiled and encoded here first, so both kinds of input give the same
** result).  The departments are sorted by code, then name, then file name,
** and only then given their file numbers and merged, so nothing printed
** depends on the order of the command line.  The cross-department checks
** (E09xx) run before the merge; the catalogs and layouts come from the
** union of the modules the departments import, loaded once.
*/
#include "budgetc.h"
#include "program.h"
#include "check.h"
#include "consolidate.h"
#include "factfile.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* One department of the set. */
typedef struct Dept {
    Program *p;             /* decoded, spans not yet final */
    const char *path;       /* the input as given */
    uint32_t file;          /* its artifact source file, after sorting */
    bool again;             /* a department already in the set (E0901):
                            ** not checked further, to report it once */
} Dept;

typedef VEC(Dept) DeptVec;

static int cmp_opt(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int dept_cmp(const void *pa, const void *pb)
{
    const Dept *a = pa, *b = pb;
    int c = cmp_opt(a->p->dept_code, b->p->dept_code);
    if (!c)
        c = strcmp(a->p->dept_name, b->p->dept_name);
    return c ? c : strcmp(a->path, b->path);
}

/* A .budget input: compiled as `budgetc check` would, its diagnostics
** printed, then decoded from its .bcf bytes.  NULL with *st set when it
** has errors. */
static Program *load_source(Compilation *cx, const char *path, int *st)
{
    Compilation *one = driver_compile(cx->opt, path, NULL, NULL, st);
    if (!one)
        return NULL;
    diag_render(one, stderr);
    Program *p = NULL;
    if (*st == 0) {
        size_t n;
        uint8_t *bytes = bcf_encode(one, one->prog, &n);
        uint8_t *copy = arena_alloc(cx, n);
        memcpy(copy, bytes, n);
        const char *why;
        p = bcf_decode(cx, copy, n, UINT32_MAX, &why);
        assert(p);
    }
    cx_free(one);
    return p;
}

/* Every input read; the worst status. */
static int load_all(Compilation *cx, char **inputs, int n, DeptVec *out)
{
    int worst = 0;
    for (int i = 0; i < n; i++) {
        int st = 2;
        Program *p = bcf_is_path(inputs[i]) ? bcf_read(cx, inputs[i])
                                             : load_source(cx, inputs[i], &st);
        if (!p) {
            worst = st > worst ? st : worst;
            continue;
        }
        Dept d = { p, inputs[i], 0, false };
        vec_push(cx, out, d);
    }
    return worst;
}

static Span at(const Dept *d)
{
    Span s = { d->file, 0, 0 };
    return s;
}

/* E0901: the same code or the same name twice; E0903, E0905 against the
** first department. */
static void check_departments(Compilation *cx, DeptVec *v, const char *layout)
{
    StrMap *names = map_new(cx), *codes = map_new(cx);
    const Dept *first = &v->v[0];
    for (uint32_t i = 0; i < v->n; i++) {
        Dept *d = &v->v[i];
        const Program *p = d->p;
        const char *how = "name";
        int32_t j = map_put(cx, names, p->dept_name, 0, (int32_t)i);
        if (j == (int32_t)i && p->dept_code) {
            j = map_put(cx, codes, p->dept_code, 0, (int32_t)i);
            how = "code";
        }
        if (j != (int32_t)i) {
            const Dept *o = &v->v[j];
            d->again = true;
            Diag *g = diag_emit(cx, E0901, at(d), "department '%s' (code %s) is "
                                "already in the set (same %s)", p->dept_name,
                                p->dept_code ? p->dept_code : "none", how);
            diag_note(cx, g, at(o), "'%s' (code %s) comes from this input",
                      o->p->dept_name, o->p->dept_code ? o->p->dept_code : "none");
            continue;
        }
        if (p->year != first->p->year) {
            Diag *g = diag_emit(cx, E0903, at(d), "'%s' is a budget of %d, the "
                                "set's is %d", p->dept_name, p->year,
                                first->p->year);
            diag_note(cx, g, at(first), "'%s' is a budget of %d",
                      first->p->dept_name, first->p->year);
        }
        if (!layout && cmp_opt(p->province, first->p->province) != 0) {
            Diag *g = diag_emit(cx, E0905, at(d), "'%s' is of province '%s', "
                                "'%s' of '%s'; name one layout with --layout",
                                p->dept_name, p->province ? p->province : "none",
                                first->p->dept_name,
                                first->p->province ? first->p->province : "none");
            diag_note(cx, g, at(first), "'%s' is of province '%s'",
                      first->p->dept_name,
                      first->p->province ? first->p->province : "none");
        }
    }
}

/* E0902: a unit's name or code already counted by another department. */
static void check_units(Compilation *cx, DeptVec *v)
{
    StrMap *seen = map_new(cx);        /* (name or code, 0/1) -> department */
    for (uint32_t i = 0; i < v->n; i++) {
        const Program *p = v->v[i].p;
        for (uint32_t u = 0; u < p->units.n && !v->v[i].again; u++) {
            const Unit *un = &p->units.v[u];
            int32_t j = map_put(cx, seen, un->name, 0, (int32_t)i);
            const char *how = "name";
            if (j == (int32_t)i && un->code) {
                j = map_put(cx, seen, un->code, 1, (int32_t)i);
                how = "code";
            }
            if (j == (int32_t)i)
                continue;
            const Dept *o = &v->v[j];
            Diag *g = diag_emit(cx, E0902, at(&v->v[i]), "unit '%s' of '%s' is "
                                "also counted in '%s' (same %s)", un->name,
                                p->dept_name, o->p->dept_name, how);
            diag_note(cx, g, at(o), "'%s' counts a unit of that %s",
                      o->p->dept_name, how);
        }
    }
}

/* The (kind, code, name) triples a fact prints as its row names. */
static uint32_t fact_names(const Fact *f, const char *kind[3],
                           const char *code[3], const char *name[3])
{
    uint32_t n = 0;
    if (f->func && !f->econ && f->name)
        kind[n] = "function", code[n] = f->func, name[n++] = f->name;
    if (f->econ && f->name)
        kind[n] = "economic", code[n] = f->econ, name[n++] = f->name;
    if (f->gov && f->gov_name)
        kind[n] = "government economic", code[n] = f->gov, name[n++] = f->gov_name;
    return n;
}

/* E0904: a code printed with another name than in an earlier department
** (once per code and department). */
static void check_names(Compilation *cx, DeptVec *v)
{
    StrMap *first = map_new(cx);       /* (kind:code, 0) -> index in refs */
    StrMap *told = map_new(cx);        /* (kind:code, dept) -> reported */
    VEC(const char *) names = { 0 };   /* the first name of each code */
    VEC(uint32_t) owner = { 0 };       /* and its department */
    for (uint32_t i = 0; i < v->n; i++) {
        const Program *p = v->v[i].p;
        for (uint32_t k = 0; k < p->facts.n && !v->v[i].again; k++) {
            const char *kind[3], *code[3], *name[3];
            uint32_t n = fact_names(&p->facts.v[k], kind, code, name);
            for (uint32_t t = 0; t < n; t++) {
                const char *key = arena_printf(cx, "%s:%s", kind[t], code[t]);
                int32_t r = map_put(cx, first, key, 0, (int32_t)names.n);
                if (r == (int32_t)names.n) {
                    vec_push(cx, &names, name[t]);
                    vec_push(cx, &owner, i);
                    continue;
                }
                uint32_t j = owner.v[r];
                if (j == i || strcmp(names.v[r], name[t]) == 0 ||
                    map_get(told, key, i + 1) >= 0)
                    continue;
                map_put(cx, told, key, i + 1, 1);
                Diag *g = diag_emit(cx, E0904, at(&v->v[i]), "%s code %s is "
                                    "named '%s' in '%s' but '%s' in '%s'",
                                    kind[t], code[t], name[t], p->dept_name,
                                    names.v[r], v->v[j].p->dept_name);
                diag_note(cx, g, at(&v->v[j]), "'%s' names %s '%s'",
                          v->v[j].p->dept_name, code[t], names.v[r]);
            }
        }
    }
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The union of the departments' modules, sorted, as `import` lines. */
static char *module_source(Compilation *cx, const DeptVec *v)
{
    VEC(const char *) m = { 0 };
    for (uint32_t i = 0; i < v->n; i++)
        for (uint32_t k = 0; k < v->v[i].p->modules.n; k++)
            vec_push(cx, &m, v->v[i].p->modules.v[k]);
    if (m.n > 1)
        qsort(m.v, m.n, sizeof *m.v, str_cmp);
    VEC(char) text = { 0 };
    for (uint32_t i = 0; i < m.n; i++) {
        if (i && strcmp(m.v[i], m.v[i - 1]) == 0)
            continue;
        for (const char *s = arena_printf(cx, "import %s\n", m.v[i]); *s; s++)
            vec_push(cx, &text, *s);
    }
    vec_push(cx, &text, '\0');
    return text.v;
}

/* The catalogs, mapping and layouts of the modules, read as a root file
** of import lines (a module found on the search path like any import). */
static Program *load_modules(Compilation *cx, const DeptVec *v)
{
    char *text = module_source(cx, v);
    uint32_t file = src_add(cx, "<modules of the departments>", text,
                            (uint32_t)strlen(text), span_none());
    Stmt *root = ast_parse_file(cx, file);
    resolve_enter(cx, file);
    Program *mp = sema_build(cx, root, false);
    resolve_leave(cx);
    return mp;
}

/* Append department d's units, projects and facts to m, renumbered. */
static void merge_one(Compilation *cx, Program *m, const Dept *d)
{
    const Program *p = d->p;
    int32_t u0 = (int32_t)m->units.n, p0 = (int32_t)m->projects.n;
    for (uint32_t i = 0; i < p->units.n; i++) {
        Unit u = p->units.v[i];
        u.span = at(d);
        vec_push(cx, &m->units, u);
    }
    for (uint32_t i = 0; i < p->projects.n; i++) {
        Project pr = p->projects.v[i];
        pr.unit = pr.unit >= 0 ? pr.unit + u0 : -1;
        pr.span = pr.unit_span = at(d);
        vec_push(cx, &m->projects, pr);
    }
    for (uint32_t i = 0; i < p->facts.n; i++) {
        Fact f = p->facts.v[i];
        f.unit = f.unit >= 0 ? f.unit + u0 : -1;
        f.project = f.project >= 0 ? f.project + p0 : -1;
        f.span = f.row = at(d);
        vec_push(cx, &m->facts, f);
    }
}

static Program *merge(Compilation *cx, const DeptVec *v, const ConsOptions *o)
{
    Program *m = arena_alloc(cx, sizeof *m);
    const Program *first = v->v[0].p;
    m->dept_name = o->title ? o->title : arena_printf(cx, "合并%u个部门", v->n);
    m->year = first->year;
    m->province = first->province;
    m->dept_span = at(&v->v[0]);
    for (int i = 0; i < 4; i++)
        m->staff[i] = -1;
    for (uint32_t i = 0; i < v->n; i++)
        merge_one(cx, m, &v->v[i]);
    m->units_inferred = true;
    return m;
}

int cons_load(Compilation *cx, char **inputs, int n, const ConsOptions *o)
{
    DeptVec v = { 0 };
    int st = load_all(cx, inputs, n, &v);
    if (st)
        return st;
    qsort(v.v, v.n, sizeof *v.v, dept_cmp);
    for (uint32_t i = 0; i < v.n; i++) {
        v.v[i].file = src_add(cx, v.v[i].path, "", 0, span_none());
        cx->files.v[v.v[i].file]->artifact = true;
    }
    check_departments(cx, &v, o->layout);
    check_units(cx, &v);
    check_names(cx, &v);
    if (cx->nerrors)
        return 1;
    Program *mp = load_modules(cx, &v);
    Program *m = merge(cx, &v, o);
    m->catalogs = mp->catalogs;
    m->mapping = mp->mapping;
    m->layouts = mp->layouts;
    m->modules = mp->modules;
    cx->prog = m;
    return cx->nerrors ? 1 : 0;
}
