/*
** test_factindex.c: the fact index against the plain definition.  Random
** facts (codes sharing prefixes, units, projects, every attribute) and
** random filters: fx_sum must give what adding up every fact chk_match
** accepts gives (sum, tolerance, count, first fact), and fx_each the same
** count and lowest indices, in every view.
*/
#include "helpers.h"
#include "check.h"

#include <stdio.h>
#include <stdlib.h>

/* A small deterministic generator: the same facts on every machine. */
static uint32_t next(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(*s >> 33);
}

static const char *const funcs[] = { "206", "20601", "2060101", "2060102",
                                     "20602", "2060201", "208", "2080505",
                                     "2010301" };
static const char *const econs[] = { "301", "30101", "30102", "302", "30201",
                                     "30212", "310", "31002" };
static const char *const govs[] = { "501", "50101", "502", "50201", "505" };

static const char *pick(uint64_t *s, const char *const *v, uint32_t n)
{
    uint32_t i = next(s) % (n + 2);
    return i < n ? v[i] : NULL;          /* sometimes none */
}

#define N(a) (uint32_t)(sizeof a / sizeof a[0])

static void random_program(Compilation *cx, uint64_t *s, uint32_t nfacts)
{
    Program *p = arena_alloc(cx, sizeof *p);
    cx->prog = p;
    for (uint32_t u = 0; u < 7; u++) {
        Unit un = { .name = arena_printf(cx, "unit %u", u),
                    .kind = (uint8_t)(1 + u % 4) };
        vec_push(cx, &p->units, un);
    }
    for (uint32_t j = 0; j < 5; j++) {
        Project pr = { .name = arena_printf(cx, "project %u", j), .unit = -1 };
        vec_push(cx, &p->projects, pr);
    }
    for (uint32_t i = 0; i < nfacts; i++) {
        Fact f = { 0 };
        f.amount.fen = (int64_t)(next(s) % 2000000) - 500000;
        f.amount.unit = (uint8_t)(next(s) % 4);
        f.amount.decimals = (uint8_t)(next(s) % 5);
        f.side = (uint8_t)(1 + next(s) % 2);
        f.view = (uint8_t)(1 + next(s) % 4);
        f.source = (uint8_t)(next(s) % 5);
        f.year = (uint8_t)(next(s) % 3);
        f.measure = (uint8_t)(next(s) % 6);
        f.sangong = (uint8_t)(next(s) % 5);
        f.unit = (int32_t)(next(s) % 9) - 1;
        f.unit = f.unit > 6 ? -1 : f.unit;
        f.project = (int32_t)(next(s) % 7) - 1;
        f.project = f.project > 4 ? -1 : f.project;
        f.func = pick(s, funcs, N(funcs));
        f.econ = pick(s, econs, N(econs));
        f.gov = pick(s, govs, N(govs));
        vec_push(cx, &p->facts, f);
    }
}

static uint16_t mask(uint64_t *s, uint32_t bits)
{
    return next(s) % 3 ? 0 : (uint16_t)(next(s) & ((1u << bits) - 1));
}

static Filter random_filter(uint64_t *s)
{
    Filter f = { 0 };
    f.side = (uint8_t)(next(s) % 3);
    f.sources = mask(s, 6);
    f.years = mask(s, 3);
    f.measures = mask(s, 6);
    f.sangong = mask(s, 5);
    f.operating = next(s) % 8 == 0;
    f.unit = next(s) % 3 ? -1 : (int32_t)(next(s) % 8);
    f.project = next(s) % 4 ? -1 : (int32_t)(next(s) % 6);
    f.func = next(s) % 2 ? pick(s, funcs, N(funcs)) : NULL;
    f.econ = next(s) % 2 ? pick(s, econs, N(econs)) : NULL;
    f.gov = next(s) % 3 ? NULL : next(s) % 5 ? pick(s, govs, N(govs)) : "5x";
    return f;
}

/* The definition: every fact of the view that chk_match accepts. */
static Sum plain_sum(const Checker *k, const Filter *flt, int view)
{
    Sum s = { 0 };
    for (uint32_t i = 0; i < k->p->facts.n; i++) {
        const Fact *f = &k->p->facts.v[i];
        if (f->view != view || !chk_match(k, f, flt))
            continue;
        if (!s.nparts)
            s.first = i;
        s.nparts++;
        s.fen += f->amount.fen;
        s.tol += money_tolerance(f->amount);
    }
    return s;
}

static void check_one(const Checker *k, const Filter *flt, int view)
{
    Sum want = plain_sum(k, flt, view), got = fx_sum(k, flt, view);
    assert_int_equal(got.nparts, want.nparts);
    assert_int_equal(got.fen, want.fen);
    assert_int_equal(got.tol, want.tol);
    assert_false(got.overflow);
    if (want.nparts)
        assert_int_equal(got.first, want.first);
    uint32_t out[4], n = fx_each(k, flt, view, out, 4);
    assert_int_equal(n, want.nparts);
    for (uint32_t i = 0, seen = 0; i < k->p->facts.n && seen < 4 && seen < n;
         i++) {
        const Fact *f = &k->p->facts.v[i];
        if (f->view == view && chk_match(k, f, flt))
            assert_int_equal(out[seen++], i);
    }
}

static void test_sums_match_the_definition(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 6; seed++) {
        Options opt = { 0 };
        Compilation *cx = test_cx(&opt, "t.budget", "");
        uint64_t s = seed;
        random_program(cx, &s, seed * 400);
        Checker *k = chk_prepare(cx);
        for (int q = 0; q < 3000; q++) {
            Filter f = random_filter(&s);
            check_one(k, &f, (int)(1 + next(&s) % 4));
        }
        cx_free(cx);
    }
}

static void test_empty_program(void **state)
{
    (void)state;
    Options opt = { 0 };
    Compilation *cx = test_cx(&opt, "t.budget", "");
    uint64_t s = 7;
    random_program(cx, &s, 0);
    Checker *k = chk_prepare(cx);
    Filter f = { .unit = 3, .project = -1 };
    for (int v = VIEW_FUNCTION; v <= VIEW_INCOME; v++)
        check_one(k, &f, v);
    cx_free(cx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sums_match_the_definition),
        cmocka_unit_test(test_empty_program),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
