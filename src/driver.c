/*
** driver.c: one compilation from a root file through the checkers.
**
** The driver owns the out-of-memory path: it arms the arena with a jump
** buffer, so an allocation failure anywhere (lexer, parser, sema,
** checkers) prints one fatal line and lands here; the arena, which holds
** every allocation, is then freed whole, so a failed compilation leaks
** nothing.  tests/unit/test_oom.c fails every allocation in turn.
*/
#include "budgetc.h"
#include "check.h"

#include <setjmp.h>

static void run(Compilation *cx, const char *path)
{
    uint32_t file;
    Stmt *root = resolve_root(cx, path, &file);
    if (cx->io_error)
        return;
    resolve_enter(cx, file);
    sema_build(cx, root, true);
    resolve_leave(cx);
    check_program(cx);
}

Compilation *driver_compile(Options *opt, const char *path, AllocHook hook,
                            void *ud, int *status)
{
    Arena *a = arena_new(hook, ud);
    *status = 2;
    if (!a) {
        fputs("budgetc: fatal: out of memory\n", stderr);
        return NULL;
    }
    jmp_buf jb;
    if (setjmp(jb)) {
        arena_free(a);
        return NULL;
    }
    arena_on_oom(a, &jb);
    Compilation *cx = cx_new_in(a, opt);
    run(cx, path);
    arena_on_oom(cx->arena, NULL);
    *status = cx->io_error ? 2 : cx->nerrors ? 1 : 0;
    return cx;
}
