/*
** test_arena.c: the compilation's arena and its allocation hook.
*/
#include "helpers.h"

#include <stdlib.h>

typedef struct Budget { int left; int calls; } Budget;

/* An allocation hook that fails once `left` allocations are used. */
static void *limited(void *ud, void *old, size_t size)
{
    Budget *b = ud;
    if (size == 0) {
        free(old);
        return NULL;
    }
    b->calls++;
    if (b->left-- <= 0)
        return NULL;
    return realloc(old, size);
}

static void test_zeroed_and_aligned(void **state)
{
    (void)state;
    Compilation *cx = cx_new(NULL, NULL, NULL);
    for (int i = 1; i < 2000; i += 37) {
        unsigned char *p = arena_alloc(cx, (size_t)i);
        assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
        for (int k = 0; k < i; k++)
            assert_int_equal(p[k], 0);
        memset(p, 0xAB, (size_t)i);
    }
    char *big = arena_alloc(cx, 1u << 20);       /* larger than a block */
    big[(1u << 20) - 1] = 1;
    cx_free(cx);
}

static void test_grow_and_strings(void **state)
{
    (void)state;
    Compilation *cx = cx_new(NULL, NULL, NULL);
    VEC(int) v = { 0 };
    for (int i = 0; i < 1000; i++)
        vec_push(cx, &v, i);
    assert_int_equal(v.n, 1000);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(v.v[i], i);
    assert_string_equal(arena_strndup(cx, "预算abc", 6), "预算");
    assert_string_equal(arena_printf(cx, "%d-%s", 42, "元"), "42-元");
    cx_free(cx);
}

static void test_hook_sees_every_block(void **state)
{
    (void)state;
    Budget b = { 1000, 0 };
    Compilation *cx = cx_new(NULL, limited, &b);
    int before = b.calls;
    arena_alloc(cx, 200000);
    assert_int_equal(b.calls, before + 1);
    cx_free(cx);
    Budget none = { 0, 0 };
    assert_null(arena_new(limited, &none));       /* the first one fails */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zeroed_and_aligned),
        cmocka_unit_test(test_grow_and_strings),
        cmocka_unit_test(test_hook_sees_every_block),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
