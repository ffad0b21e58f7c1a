/*
** helpers.h: what the unit tests share: a compilation over a string.
*/
#ifndef BUDGETC_TEST_HELPERS_H
#define BUDGETC_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "budgetc.h"

/* A compilation holding `text` as file 0 named `name`. */
static inline Compilation *test_cx(Options *opt, const char *name,
                                   const char *text)
{
    Compilation *cx = cx_new(opt, NULL, NULL);
    size_t n = strlen(text);
    char *copy = arena_alloc(cx, n + 1);
    memcpy(copy, text, n + 1);
    src_add(cx, name, copy, (uint32_t)n, span_none());
    return cx;
}

#endif
