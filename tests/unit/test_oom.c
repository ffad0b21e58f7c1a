/*
** test_oom.c: allocation failure.  Compiles the faithful example once to
** count its allocations, then again failing the Nth allocation for every
** N (every N up to 4,000 and a spread of N beyond, so a debug-arena build,
** where each allocation is its own block, stays quick): each run must end
** on the out-of-memory path with status 2, and give back every byte it
** took (the hook counts what is outstanding).
*/
#include "helpers.h"
#include "program.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct Counter {
    long calls;        /* allocations asked for */
    long fail_at;      /* fail this one (1-based); 0 = never */
    long live;         /* blocks not given back */
} Counter;

static void *counting(void *ud, void *old, size_t size)
{
    Counter *c = ud;
    if (size == 0) {
        if (old)
            c->live--;
        free(old);
        return NULL;
    }
    c->calls++;
    if (c->calls == c->fail_at)
        return NULL;
    void *p = realloc(old, size);
    if (p && !old)
        c->live++;
    return p;
}

static const char *const example = "examples/datong-kjj-2026/main.budget";

static void test_every_allocation_can_fail(void **state)
{
    (void)state;
    Options opt = { 0 };
    opt.stdlib_dir = "stdlib";
    fflush(stderr);
    int saved = dup(2), null = open("/dev/null", O_WRONLY);
    dup2(null, 2);                             /* the fatal lines */
    Counter base = { 0 };
    int st;
    Compilation *cx = driver_compile(&opt, example, counting, &base, &st);
    assert_non_null(cx);
    assert_int_equal(st, 1);                   /* the document's mistakes */
    assert_true(cx->prog->facts.n > 50);
    cx_free(cx);
    assert_int_equal(base.live, 0);
    long total = base.calls, runs = 0;
    for (long n = 1; n <= total; n += n < 4000 ? 1 : total / 500 + 1) {
        Counter c = { .fail_at = n };
        cx = driver_compile(&opt, example, counting, &c, &st);
        assert_null(cx);
        assert_int_equal(st, 2);
        assert_int_equal(c.live, 0);
        runs++;
    }
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    close(null);
    print_message("failed each of %ld allocations points (of %ld)\n", runs, total);
    assert_true(runs >= (total < 4000 ? total : 4000));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_allocation_can_fail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
