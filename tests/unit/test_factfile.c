/*
** test_factfile.c: budget compiled facts (.bcf): a program survives the
** writer and the reader unchanged, byte for byte; and every kind of
** corrupt file is rejected with its reason, never read past its end:
** truncation at every length, bad magic, another version, counts larger
** than the file, ids out of range, values outside their vocabulary,
** non-UTF-8 strings, trailing bytes, a non-canonical encoding.
*/
#include "helpers.h"
#include "program.h"
#include "factfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static Program *sample(Compilation *cx)
{
    Program *p = arena_alloc(cx, sizeof *p);
    p->dept_name = "测试局[部门]";
    p->dept_code = "001";
    p->year = 2026;
    p->province = "山西";
    vec_push(cx, &p->modules, "shanxi");
    Unit u0 = { .name = "测试局", .code = "001001", .kind = KIND_ADMIN, .own = true };
    Unit u1 = { .name = "测试中心", .kind = KIND_INSTITUTION };
    vec_push(cx, &p->units, u0);
    vec_push(cx, &p->units, u1);
    Project pr = { .name = "项目甲", .unit = 1, .category = 2, .func = "2060199" };
    vec_push(cx, &p->projects, pr);
    Fact f0 = { .amount = { -12345, UNIT_WANYUAN, 6 }, .side = SIDE_EXPENDITURE,
                .view = VIEW_FUNCTION, .source = SRC_GENERAL, .year = YEAR_CURRENT,
                .measure = MEAS_BASIC, .unit = -1, .project = -1,
                .func = "2060101", .name = "行政运行" };
    Fact f1 = { .amount = { INT64_MAX, UNIT_YUAN, 2 }, .side = SIDE_EXPENDITURE,
                .view = VIEW_ECONOMIC, .source = SRC_FUND, .year = YEAR_CARRIED,
                .measure = MEAS_PERSONNEL, .sangong = SG_RECEPTION, .unit = 0,
                .project = 0, .econ = "30217", .gov = "50201",
                .name = "公务接待费", .gov_name = "办公经费" };
    Fact f2 = { .amount = { INT64_MIN, UNIT_FEN, 0 }, .side = SIDE_INCOME,
                .view = VIEW_INCOME, .source = SRC_OTHER, .year = YEAR_CURRENT,
                .unit = 1, .project = -1, .func = "206" };
    vec_push(cx, &p->facts, f0);
    vec_push(cx, &p->facts, f1);
    vec_push(cx, &p->facts, f2);
    return p;
}

static void same_str(const char *a, const char *b)
{
    if (!a || !b)
        assert_ptr_equal(a, b);
    else
        assert_string_equal(a, b);
}

static void same_fact(const Fact *a, const Fact *b)
{
    assert_true(a->amount.fen == b->amount.fen);
    assert_int_equal(a->amount.unit, b->amount.unit);
    assert_int_equal(a->amount.decimals, b->amount.decimals);
    assert_int_equal(a->side, b->side);
    assert_int_equal(a->view, b->view);
    assert_int_equal(a->source, b->source);
    assert_int_equal(a->year, b->year);
    assert_int_equal(a->measure, b->measure);
    assert_int_equal(a->sangong, b->sangong);
    assert_int_equal(a->unit, b->unit);
    assert_int_equal(a->project, b->project);
    same_str(a->func, b->func);
    same_str(a->econ, b->econ);
    same_str(a->gov, b->gov);
    same_str(a->name, b->name);
    same_str(a->gov_name, b->gov_name);
}

static void test_round_trip(void **state)
{
    (void)state;
    Compilation *cx = cx_new(NULL, NULL, NULL);
    Program *p = sample(cx);
    size_t n, n2;
    uint8_t *bytes = bcf_encode(cx, p, &n);
    assert_memory_equal(bytes, BCF_MAGIC, 8);
    const char *why = NULL;
    Program *q = bcf_decode(cx, bytes, n, 0, &why);
    assert_non_null(q);
    assert_null(why);
    assert_string_equal(q->dept_name, p->dept_name);
    assert_string_equal(q->dept_code, p->dept_code);
    assert_int_equal(q->year, 2026);
    assert_string_equal(q->province, "山西");
    assert_int_equal(q->modules.n, 1);
    assert_string_equal(q->modules.v[0], "shanxi");
    assert_int_equal(q->units.n, 2);
    assert_string_equal(q->units.v[0].code, "001001");
    assert_null(q->units.v[1].code);
    assert_true(q->units.v[0].own && !q->units.v[1].own);
    assert_int_equal(q->units.v[1].kind, KIND_INSTITUTION);
    assert_int_equal(q->projects.n, 1);
    assert_int_equal(q->projects.v[0].unit, 1);
    assert_string_equal(q->projects.v[0].unit_name, "测试中心");
    assert_int_equal(q->projects.v[0].category, 2);
    assert_int_equal(q->facts.n, 3);
    for (uint32_t i = 0; i < 3; i++)
        same_fact(&p->facts.v[i], &q->facts.v[i]);
    assert_string_equal(q->facts.v[1].unit_name, "测试局");
    uint8_t *again = bcf_encode(cx, q, &n2);
    assert_int_equal(n, n2);
    assert_memory_equal(bytes, again, n);
    cx_free(cx);
}

/* Offsets of the sections of an encoded sample. */
typedef struct Offs {
    size_t dept, units, projects, facts;
} Offs;

static uint32_t rd32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
           (uint32_t)b[3] << 24;
}

static void wr32(uint8_t *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

static Offs offsets(const uint8_t *b)
{
    Offs o;
    size_t at = 16, nstr = rd32(b + at);
    at += 4;
    for (size_t i = 0; i < nstr; i++)
        at += 4 + rd32(b + at);
    o.dept = at;
    at += 16;
    at += 4 + 4 * (size_t)rd32(b + at);
    o.units = at;
    o.projects = at + 4 + 12 * (size_t)rd32(b + at);
    o.facts = o.projects + 4 + 16 * (size_t)rd32(b + o.projects);
    return o;
}

/* A copy of the sample's bytes with one u32 (or, with byte, one byte)
** changed must be rejected for the reason `want`. */
static void reject(size_t at, uint32_t v, bool byte, const char *want)
{
    Compilation *cx = cx_new(NULL, NULL, NULL);
    size_t n;
    uint8_t *b = bcf_encode(cx, sample(cx), &n);
    assert_true(at + (byte ? 1 : 4) <= n);
    if (byte)
        b[at] = (uint8_t)v;
    else
        wr32(b + at, v);
    const char *why = NULL;
    Program *q = bcf_decode(cx, b, n, 0, &why);
    if (q || !why || !strstr(why, want))
        fail_msg("offset %zu = %u: expected '%s', got '%s'", at, v, want,
                 why ? why : "(accepted)");
    cx_free(cx);
}

static void test_header(void **state)
{
    (void)state;
    reject(0, 'X', true, "bad magic");
    reject(8, 2, false, "unsupported .bcf version 2");
    reject(8, 0, false, "unsupported .bcf version 0");
    reject(12, 1, false, "unknown flags");
    reject(16, 0x7FFFFFFF, false, "string count larger than the file");
    reject(20, 0xFFFFFFF0, false, "string longer than the file");
}

static void test_strings(void **state)
{
    (void)state;
    reject(24, 0xFF, true, "not UTF-8");           /* a lone 0xFF byte */
    reject(24, 0x00, true, "not UTF-8");           /* a NUL inside */
    reject(25, 0x41, true, "not UTF-8");           /* a broken sequence */
}

static void test_ids_and_counts(void **state)
{
    (void)state;
    Compilation *cx = cx_new(NULL, NULL, NULL);
    size_t n;
    uint8_t *b = bcf_encode(cx, sample(cx), &n);
    Offs o = offsets(b);
    uint32_t nstr = rd32(b + 16);
    cx_free(cx);
    reject(o.dept, nstr, false, "string id out of range");
    reject(o.dept, UINT32_MAX, false, "required string is missing");
    reject(o.dept + 4, 0, false, "canonical");      /* code = the name */
    reject(o.dept + 8, 0x80000000u, false, "negative year");
    reject(o.dept + 16, 1000000, false, "module count larger");
    reject(o.units, 1000000, false, "unit count larger");
    reject(o.units + 4 + 8, 9, true, "vocabulary");          /* unit kind */
    reject(o.units + 4 + 9, 2, true, "bad unit flags");
    reject(o.projects, 1000000, false, "project count larger");
    reject(o.projects + 4 + 4, 2, false, "project's unit out of range");
    reject(o.projects + 4 + 12, 7, false, "vocabulary");     /* category */
    reject(o.facts, 1000000, false, "fact count larger");
    size_t f = o.facts + 4;
    reject(f + 8, 7, true, "unit or precision");
    reject(f + 9, 7, true, "unit or precision");
    reject(f + 10, 3, true, "vocabulary");                   /* side */
    reject(f + 11, 5, true, "view is invalid");
    reject(f + 11, 0, true, "view is invalid");
    reject(f + 12, SRC__N, true, "vocabulary");
    reject(f + 13, 3, true, "vocabulary");                   /* year */
    reject(f + 14, 6, true, "vocabulary");                   /* measure */
    reject(f + 15, 200, true, "vocabulary");                 /* sangong */
    reject(f + 16, 2, false, "fact's unit out of range");
    reject(f + 20, 1, false, "fact's project out of range");
    reject(f + 24, nstr + 5, false, "string id out of range");
    reject(f + 24, 0, false, "classification code");         /* not digits */
}

static void test_truncated_and_trailing(void **state)
{
    (void)state;
    Compilation *cx = cx_new(NULL, NULL, NULL);
    size_t n;
    uint8_t *b = bcf_encode(cx, sample(cx), &n);
    for (size_t len = 0; len < n; len++) {
        uint8_t *cut = malloc(len ? len : 1);       /* exact size: ASan sees */
        memcpy(cut, b, len);
        const char *why = NULL;
        assert_null(bcf_decode(cx, cut, len, 0, &why));
        assert_non_null(why);
        free(cut);
    }
    uint8_t *more = arena_alloc(cx, n + 1);
    memcpy(more, b, n);
    const char *why = NULL;
    assert_null(bcf_decode(cx, more, n + 1, 0, &why));
    assert_string_equal(why, "bytes after the last fact");
    cx_free(cx);
}

/* Every single-byte change is rejected or, if accepted, reads back as a
** program that encodes to exactly those bytes: never a crash. */
static void test_every_byte(void **state)
{
    (void)state;
    Compilation *cx = cx_new(NULL, NULL, NULL);
    size_t n;
    uint8_t *b = bcf_encode(cx, sample(cx), &n);
    static const uint8_t xors[] = { 0x01, 0x80, 0xFF };
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < sizeof xors; k++) {
            uint8_t *m = malloc(n);
            memcpy(m, b, n);
            m[i] ^= xors[k];
            const char *why = NULL;
            Program *q = bcf_decode(cx, m, n, 0, &why);
            if (q) {
                size_t n2;
                uint8_t *again = bcf_encode(cx, q, &n2);
                assert_int_equal(n2, n);
                assert_memory_equal(again, m, n);
            } else {
                assert_non_null(why);
            }
            free(m);
        }
    }
    cx_free(cx);
}

static void test_file(void **state)
{
    (void)state;
    Compilation *cx = cx_new(NULL, NULL, NULL);
    char dir[] = "/tmp/budgetc-test-bcf-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = arena_printf(cx, "%s/dept.bcf", dir);
    char *tmp = arena_printf(cx, "%s.tmp", path);
    assert_true(bcf_write(cx, sample(cx), path));
    assert_int_equal(access(tmp, F_OK), -1);          /* renamed into place */
    assert_true(bcf_is_path(path));
    assert_false(bcf_is_path("main.budget"));
    assert_false(bcf_is_path(".bcf"));
    Program *q = bcf_read(cx, path);
    assert_non_null(q);
    assert_true(cx->files.v[cx->files.n - 1]->artifact);
    assert_int_equal(q->facts.v[0].span.file, cx->files.n - 1);
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    fputc('Z', f);                                    /* corrupt the magic */
    fclose(f);
    assert_null(bcf_read(cx, path));
    assert_null(bcf_read(cx, arena_printf(cx, "%s/missing.bcf", dir)));
    assert_false(bcf_write(cx, sample(cx), arena_printf(cx, "%s/no/such/dir.bcf",
                                                         dir)));
    remove(path);
    rmdir(dir);
    cx_free(cx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_header),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_ids_and_counts),
        cmocka_unit_test(test_truncated_and_trailing),
        cmocka_unit_test(test_every_byte),
        cmocka_unit_test(test_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
