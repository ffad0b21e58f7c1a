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
#include <stdlib.h>
#include <time.h>

/* BUDGETC_STATS=1: each phase's time and the arena's size, on stderr, for
** the benchmark and the profile (docs/performance.md). */
static void stat_line(Compilation *cx, const char *phase, struct timespec *t0)
{
    if (!getenv("BUDGETC_STATS"))
        return;
    struct timespec t1, w1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);   /* CPU: load-proof */
    clock_gettime(CLOCK_MONOTONIC, &w1);
    double ms = (double)(t1.tv_sec - t0[0].tv_sec) * 1e3 +
                (double)(t1.tv_nsec - t0[0].tv_nsec) / 1e6;
    double wall = (double)(w1.tv_sec - t0[1].tv_sec) * 1e3 +
                  (double)(w1.tv_nsec - t0[1].tv_nsec) / 1e6;
    struct timespec th;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &th);    /* the walk's own */
    fprintf(stderr, "budgetc: stats: %-10s %9.1f ms CPU %9.1f ms wall  "
            "arena %8.1f MiB  (main thread %.1f ms CPU so far)\n", phase, ms,
            wall, (double)arena_bytes(cx->arena) / (1 << 20),
            (double)th.tv_sec * 1e3 + (double)th.tv_nsec / 1e6);
    t0[0] = t1;
    t0[1] = w1;
}

static void run(Compilation *cx, const char *path)
{
    struct timespec t0[2];                          /* CPU, wall */
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0[0]);
    clock_gettime(CLOCK_MONOTONIC, &t0[1]);
    uint32_t file;
    prefetch_start(cx);
    Stmt *root = resolve_root(cx, path, &file);
    if (cx->io_error) {
        prefetch_stop(cx);
        return;
    }
    resolve_enter(cx, file);
    sema_build(cx, root, true);
    resolve_leave(cx);
    prefetch_stop(cx);
    stat_line(cx, "parse+sema", t0);
    chk_prepare(cx);
    stat_line(cx, "index", t0);
    check_program(cx);
    stat_line(cx, "check", t0);
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
    Compilation *volatile live = NULL;    /* for the unwind below */
    if (setjmp(jb)) {
        if (live)
            prefetch_stop(live);
        live = NULL;
        arena_free(a);
        return NULL;
    }
    arena_on_oom(a, &jb);
    Compilation *cx = cx_new_in(a, opt);
    live = cx;
    run(cx, path);
    live = NULL;
    arena_on_oom(cx->arena, NULL);
    *status = cx->io_error ? 2 : cx->nerrors ? 1 : 0;
    return cx;
}
