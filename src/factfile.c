/*
** factfile.c: budget compiled facts (.bcf): the writer and the reader.
**
** A .bcf is a header, a string table (each distinct string once, in order
** of first use), the department, its imported modules, units, projects
** and facts, as little-endian fixed-width integers: no pointer, padding,
** path or time ever reaches the file, so the same program gives the same
** bytes on any machine.  The reader checks every count against the bytes
** left before it allocates, every index against its table, every value
** against its vocabulary and every string for UTF-8; then it encodes what
** it read and requires the very same bytes, so only the canonical form of
** a program is accepted (no unused or repeated string, no stray padding).
*/
#include "budgetc.h"
#include "program.h"
#include "factfile.h"
#include "emit.h"

#include <errno.h>
#include <string.h>

#define NO_STR UINT32_MAX          /* a string id: none */
enum { HEADER = 16, DEPT = 16, UNIT = 12, PROJECT = 16, FACT = 44 };

/* ---- writer ---------------------------------------------------------- */

typedef VEC(uint8_t) Bytes;

typedef struct Enc {
    Compilation *cx;
    Bytes out;                     /* the file */
    StrMap *ids;                   /* string -> id */
    VEC(const char *) strs;        /* id -> string */
} Enc;

static void put_u8(Enc *e, unsigned v)
{
    vec_push(e->cx, &e->out, (uint8_t)v);
}

static void put_u32(Enc *e, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        put_u8(e, (v >> (8 * i)) & 0xFF);
}

static void put_i64(Enc *e, int64_t v)
{
    uint64_t u = (uint64_t)v;
    put_u32(e, (uint32_t)u);
    put_u32(e, (uint32_t)(u >> 32));
}

/* The id of s (NO_STR for NULL), assigned on first use. */
static uint32_t str_id(Enc *e, const char *s)
{
    if (!s)
        return NO_STR;
    int32_t id = map_put(e->cx, e->ids, s, 0, (int32_t)e->strs.n);
    if ((uint32_t)id == e->strs.n)
        vec_push(e->cx, &e->strs, s);
    return (uint32_t)id;
}

/* Every record with string ids, into body; the strings into e->strs. */
static void enc_body(Enc *e, const Program *p)
{
    put_u32(e, str_id(e, p->dept_name));
    put_u32(e, str_id(e, p->dept_code));
    put_u32(e, (uint32_t)p->year);
    put_u32(e, str_id(e, p->province));
    put_u32(e, p->modules.n);
    for (uint32_t i = 0; i < p->modules.n; i++)
        put_u32(e, str_id(e, p->modules.v[i]));
    put_u32(e, p->units.n);
    for (uint32_t i = 0; i < p->units.n; i++) {
        const Unit *u = &p->units.v[i];
        put_u32(e, str_id(e, u->name));
        put_u32(e, str_id(e, u->code));
        put_u32(e, u->kind | (uint32_t)u->own << 8);
    }
    put_u32(e, p->projects.n);
    for (uint32_t i = 0; i < p->projects.n; i++) {
        const Project *pr = &p->projects.v[i];
        put_u32(e, str_id(e, pr->name));
        put_u32(e, (uint32_t)pr->unit);
        put_u32(e, str_id(e, pr->func));
        put_u32(e, pr->category);
    }
    put_u32(e, p->facts.n);
    for (uint32_t i = 0; i < p->facts.n; i++) {
        const Fact *f = &p->facts.v[i];
        put_i64(e, f->amount.fen);
        const uint8_t dims[8] = { f->amount.unit, f->amount.decimals, f->side,
                                  f->view, f->source, f->year, f->measure,
                                  f->sangong };
        for (int k = 0; k < 8; k++)
            put_u8(e, dims[k]);
        put_u32(e, (uint32_t)f->unit);
        put_u32(e, (uint32_t)f->project);
        const char *s[5] = { f->func, f->econ, f->gov, f->name, f->gov_name };
        for (int k = 0; k < 5; k++)
            put_u32(e, str_id(e, s[k]));
    }
}

uint8_t *bcf_encode(Compilation *cx, const Program *p, size_t *len)
{
    Enc body = { .cx = cx, .ids = map_new(cx) };
    enc_body(&body, p);
    Enc e = { .cx = cx };
    for (const char *m = BCF_MAGIC; *m; m++)
        put_u8(&e, (uint8_t)*m);
    put_u32(&e, BCF_VERSION);
    put_u32(&e, 0);                        /* flags: none defined */
    put_u32(&e, body.strs.n);
    for (uint32_t i = 0; i < body.strs.n; i++) {
        uint32_t n = (uint32_t)strlen(body.strs.v[i]);
        put_u32(&e, n);
        for (uint32_t k = 0; k < n; k++)
            put_u8(&e, (uint8_t)body.strs.v[i][k]);
    }
    for (uint32_t i = 0; i < body.out.n; i++)
        put_u8(&e, body.out.v[i]);
    *len = e.out.n;
    return e.out.v;
}

bool bcf_write(Compilation *cx, const Program *p, const char *path)
{
    size_t n;
    uint8_t *bytes = bcf_encode(cx, p, &n);
    char *tmp = arena_printf(cx, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        fprintf(stderr, "budgetc: error: cannot write '%s': %s\n", tmp,
                strerror(errno));
        return false;
    }
    fwrite(bytes, 1, n, f);           /* a short write sets ferror */
    return out_commit(f, tmp, path);
}

/* ---- reader ---------------------------------------------------------- */

typedef struct Dec {
    Compilation *cx;
    const uint8_t *p, *end;        /* the bytes not read yet */
    const char **strs;             /* id -> string */
    uint32_t nstrs;
    const char *why;               /* the first problem, or NULL */
    Span at;                       /* the span every record gets */
} Dec;

static bool fail(Dec *d, const char *why)
{
    if (!d->why)
        d->why = why;
    return false;
}

static size_t left(const Dec *d)
{
    return (size_t)(d->end - d->p);
}

static uint32_t get_u32(Dec *d)
{
    if (left(d) < 4)
        return fail(d, "truncated file"), 0;
    uint32_t v = (uint32_t)d->p[0] | (uint32_t)d->p[1] << 8 |
                 (uint32_t)d->p[2] << 16 | (uint32_t)d->p[3] << 24;
    d->p += 4;
    return v;
}

static uint8_t get_u8(Dec *d)
{
    if (left(d) < 1)
        return fail(d, "truncated file"), 0;
    return *d->p++;
}

static int64_t get_i64(Dec *d)
{
    uint64_t lo = get_u32(d), hi = get_u32(d);
    return (int64_t)(lo | hi << 32);
}

/* A count of records of `size` bytes each, checked against the bytes
** left, so no hostile count makes the reader allocate. */
static uint32_t get_count(Dec *d, size_t size, const char *what)
{
    uint32_t n = get_u32(d);
    if (!d->why && (size_t)n > left(d) / size)
        return fail(d, what), 0;
    return d->why ? 0 : n;
}

/* A string id: NULL for none when optional. */
static const char *get_str(Dec *d, bool optional)
{
    uint32_t id = get_u32(d);
    if (d->why)
        return NULL;
    if (id == NO_STR && optional)
        return NULL;
    if (id >= d->nstrs)
        return fail(d, id == NO_STR ? "a required string is missing"
                                    : "string id out of range"), NULL;
    return d->strs[id];
}

/* A classification code: 1 to 9 ASCII digits, as sema accepts them. */
static const char *get_code(Dec *d)
{
    const char *s = get_str(d, true);
    size_t n = s ? strlen(s) : 0;
    bool digits = n > 0 && n <= 9;
    for (size_t i = 0; digits && i < n; i++)
        digits = s[i] >= '0' && s[i] <= '9';
    if (s && !digits)
        return fail(d, "a classification code is not 1 to 9 digits"), NULL;
    return s;
}

/* A vocabulary value of dim: 0 when `zero` allows it, else a known one.
** Which values are known is worked out once per dimension, not per fact. */
static uint8_t get_value(Dec *d, uint8_t v, int dim, bool zero)
{
    static uint16_t known[DIM__COUNT];
    static bool ready[DIM__COUNT];
    if (!ready[dim]) {
        for (int k = 1; k < 16; k++)
            if (*vocab_name(dim, k))
                known[dim] |= (uint16_t)(1u << k);
        ready[dim] = true;
    }
    bool ok = v == 0 ? zero : v < 16 && (known[dim] >> v & 1);
    if (!ok)
        fail(d, "a value is outside its vocabulary");
    return v;
}

static int32_t get_index(Dec *d, uint32_t n, const char *what)
{
    uint32_t v = get_u32(d);
    if (v != UINT32_MAX && v >= n)
        fail(d, what);
    return (int32_t)v;
}

static bool utf8_ok(const uint8_t *s, uint32_t n)
{
    for (uint32_t i = 0; i < n;) {
        uint32_t cp, k = src_decode((const char *)s + i, n - i, &cp);
        if (cp == 0 || (k == 1 && s[i] >= 0x80))
            return false;
        i += k;
    }
    return true;
}

static void dec_strings(Dec *d)
{
    d->nstrs = get_count(d, 4, "string count larger than the file");
    d->strs = arena_alloc(d->cx, (d->nstrs + 1) * sizeof *d->strs);
    for (uint32_t i = 0; i < d->nstrs && !d->why; i++) {
        uint32_t n = get_u32(d);
        if (d->why || n > left(d)) {
            fail(d, "string longer than the file");
            return;
        }
        if (!utf8_ok(d->p, n)) {
            fail(d, "a string is not UTF-8 text");
            return;
        }
        d->strs[i] = arena_strndup(d->cx, (const char *)d->p, n);
        d->p += n;
    }
}

static void dec_header(Dec *d)
{
    if (left(d) < HEADER || memcmp(d->p, BCF_MAGIC, 8) != 0) {
        fail(d, "not a .bcf file (bad magic)");
        return;
    }
    d->p += 8;
    uint32_t version = get_u32(d);
    if (version != BCF_VERSION) {
        fail(d, arena_printf(d->cx, "unsupported .bcf version %u (this "
                             "budgetc reads version %u; recompile)",
                             version, BCF_VERSION));
        return;
    }
    if (get_u32(d) != 0)
        fail(d, "unknown flags in the header");
}

static void dec_department(Dec *d, Program *p)
{
    p->dept_name = get_str(d, false);
    p->dept_code = get_str(d, true);
    p->year = (int32_t)get_u32(d);
    p->province = get_str(d, true);
    p->dept_span = d->at;
    if (p->year < 0)
        fail(d, "negative year");
    for (int i = 0; i < 4; i++)
        p->staff[i] = -1;
    uint32_t n = get_count(d, 4, "module count larger than the file");
    for (uint32_t i = 0; i < n && !d->why; i++) {
        const char *m = get_str(d, false);
        for (const char *c = m; c && *c; c++)
            if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                  (*c >= '0' && *c <= '9') || *c == '_' || *c == '-'))
                fail(d, "a module name has characters a module name cannot");
        if (m)
            vec_push(d->cx, &p->modules, m);
    }
}

static void dec_units(Dec *d, Program *p)
{
    uint32_t n = get_count(d, UNIT, "unit count larger than the file");
    for (uint32_t i = 0; i < n && !d->why; i++) {
        Unit u = { .span = d->at };
        u.name = get_str(d, false);
        u.code = get_str(d, true);
        uint32_t v = get_u32(d);
        u.kind = get_value(d, v & 0xFF, DIM_KIND, false);
        u.own = (v >> 8) & 1;
        if (v >> 9)
            fail(d, "bad unit flags");
        vec_push(d->cx, &p->units, u);
    }
}

static void dec_projects(Dec *d, Program *p)
{
    uint32_t n = get_count(d, PROJECT, "project count larger than the file");
    for (uint32_t i = 0; i < n && !d->why; i++) {
        Project pr = { .span = d->at, .unit_span = d->at };
        pr.name = get_str(d, false);
        pr.unit = get_index(d, p->units.n, "project's unit out of range");
        pr.func = get_code(d);
        uint32_t v = get_u32(d);
        pr.category = get_value(d, v & 0xFF, DIM_CATEGORY, true);
        if (v >> 8)
            fail(d, "bad project flags");
        if (!d->why && pr.unit >= 0)
            pr.unit_name = p->units.v[pr.unit].name;
        vec_push(d->cx, &p->projects, pr);
    }
}

static void dec_fact(Dec *d, Program *p, Fact *f)
{
    f->span = f->row = d->at;
    f->amount.fen = get_i64(d);
    uint8_t b[8];
    for (int k = 0; k < 8; k++)
        b[k] = get_u8(d);
    f->amount.unit = b[0];
    f->amount.decimals = b[1];
    if (b[0] > UNIT_WANYUAN || b[1] > 6)
        fail(d, "an amount's unit or precision is invalid");
    f->side = get_value(d, b[2], DIM_SIDE, true);
    f->view = b[3];
    if (b[3] < VIEW_FUNCTION || b[3] > VIEW_INCOME)
        fail(d, "a fact's view is invalid");
    f->source = get_value(d, b[4], DIM_SOURCE, true);
    f->year = get_value(d, b[5], DIM_YEAR, true);
    f->measure = get_value(d, b[6], DIM_MEASURE, true);
    f->sangong = get_value(d, b[7], DIM_SANGONG, true);
    f->unit = get_index(d, p->units.n, "fact's unit out of range");
    f->project = get_index(d, p->projects.n, "fact's project out of range");
    f->func = get_code(d);
    f->econ = get_code(d);
    f->gov = get_code(d);
    f->name = get_str(d, true);
    f->gov_name = get_str(d, true);
    if (!d->why && f->unit >= 0)
        f->unit_name = p->units.v[f->unit].name;
}

static void dec_facts(Dec *d, Program *p)
{
    uint32_t n = get_count(d, FACT, "fact count larger than the file");
    for (uint32_t i = 0; i < n && !d->why; i++) {
        Fact f = { 0 };
        dec_fact(d, p, &f);
        vec_push(d->cx, &p->facts, f);
    }
}

Program *bcf_decode(Compilation *cx, const uint8_t *data, size_t len,
                    uint32_t file, const char **why)
{
    Dec d = { .cx = cx, .p = data, .end = data + len, .at = { file, 0, 0 } };
    Program *p = arena_alloc(cx, sizeof *p);
    dec_header(&d);
    if (!d.why)
        dec_strings(&d);
    if (!d.why)
        dec_department(&d, p);
    if (!d.why)
        dec_units(&d, p);
    if (!d.why)
        dec_projects(&d, p);
    if (!d.why)
        dec_facts(&d, p);
    if (!d.why && left(&d))
        fail(&d, "bytes after the last fact");
    if (!d.why) {
        size_t n;
        const uint8_t *again = bcf_encode(cx, p, &n);
        if (n != len || memcmp(again, data, len) != 0)
            fail(&d, "not in canonical form (unused or repeated strings, "
                     "or nonzero padding)");
    }
    *why = d.why;
    return d.why ? NULL : p;
}

Program *bcf_read(Compilation *cx, const char *path)
{
    char *text;
    uint32_t len;
    const char *why;
    if (!src_read_file(cx, path, &text, &len, &why)) {
        fprintf(stderr, "%s: error: cannot read: %s\n", path, why);
        return NULL;
    }
    uint32_t file = src_add(cx, path, "", 0, span_none());
    cx->files.v[file]->artifact = true;
    Program *p = bcf_decode(cx, (const uint8_t *)text, len, file, &why);
    if (!p)
        fprintf(stderr, "%s: error: corrupt .bcf: %s\n", path, why);
    return p;
}

bool bcf_is_path(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && strcmp(path + n - 4, ".bcf") == 0;
}
