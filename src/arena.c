/*
** arena.c: the compilation's memory.
**
** Everything a compilation allocates comes from one arena and is freed at
** once with it.  Blocks come from the allocation hook, so a test can make
** the Nth allocation fail.  Built with -DBUDGETC_DEBUG_ARENA every
** allocation is its own block, so AddressSanitizer sees each overrun.
** Invariant: an allocation never returns NULL; out of memory ends the
** process with one fatal line and exit status 2.
*/
#include "budgetc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_BYTES (64u * 1024u)

typedef struct Block {
    struct Block *prev;   /* the block allocated before this one */
    size_t used;          /* bytes handed out from data */
    size_t size;          /* bytes available in data */
    max_align_t data[];   /* the memory */
} Block;

/* A large allocation that may grow: it has a block of its own, which
** realloc can move, so a growing vector does not leave its old copies
** behind (they would double what a big budget costs). */
typedef struct Big {
    void *p;              /* the block (from the hook) */
    size_t size;          /* bytes */
} Big;

struct Arena {
    Block *head;          /* newest block */
    Big *big;             /* growable large allocations */
    uint32_t nbig, capbig;
    AllocHook hook;       /* where blocks come from */
    void *ud;             /* the hook's own data */
    size_t handed;        /* total bytes handed out */
    jmp_buf *oom;         /* where to go when the hook fails, or NULL */
    Arena *parent;        /* a child shares its parent's oom and life */
    Arena *child;         /* freed with this one */
    size_t block_bytes;   /* the size of a new block, if bigger */
    bool quiet;           /* its owner reports running out, not the arena
                          ** (the parsing thread; arena_try_alloc) */
    Arena *adopted;       /* arenas made elsewhere, freed with this one */
    Arena *sibling;       /* the next in its adopter's list */
};

static void *default_hook(void *ud, void *old, size_t size)
{
    (void)ud;
    if (size == 0) {
        free(old);
        return NULL;
    }
    return realloc(old, size);
}

Arena *arena_new(AllocHook hook, void *ud)
{
    if (!hook)
        hook = default_hook;
    Arena *a = hook(ud, NULL, sizeof *a);
    if (!a)
        return NULL;
    memset(a, 0, sizeof *a);
    a->block_bytes = BLOCK_BYTES;
    a->hook = hook;
    a->ud = ud;
    return a;
}

void arena_free(Arena *a)
{
    if (!a)
        return;
    arena_free(a->child);
    while (a->adopted) {
        Arena *next = a->adopted->sibling;
        arena_free(a->adopted);
        a->adopted = next;
    }
    for (uint32_t i = 0; i < a->nbig; i++)
        a->hook(a->ud, a->big[i].p, 0);
    if (a->big)
        a->hook(a->ud, a->big, 0);
    Block *b = a->head;
    while (b) {
        Block *prev = b->prev;
        a->hook(a->ud, b, 0);
        b = prev;
    }
    a->hook(a->ud, a, 0);
}

size_t arena_bytes(const Arena *a)
{
    return a->handed;
}

void cx_oom(void)
{
    fputs("budgetc: fatal: out of memory\n", stderr);
    exit(2);
}

/* Out of memory inside a compilation: print the one fatal line, then
** unwind to the driver, which frees the whole arena and exits 2; with no
** driver waiting, exit at once. */
static void arena_oom(Arena *a)
{
    jmp_buf *jb = a->parent ? a->parent->oom : a->oom;
    if (!jb)
        cx_oom();
    if (!a->quiet)
        fputs("budgetc: fatal: out of memory\n", stderr);
    longjmp(*jb, 1);
}

void arena_on_oom(Arena *a, jmp_buf *jb)
{
    a->oom = jb;
}

static Block *new_block(Arena *a, size_t need)
{
    size_t size = need > a->block_bytes ? need : a->block_bytes;
#ifdef BUDGETC_DEBUG_ARENA
    size = need;
#endif
    Block *b = a->hook(a->ud, NULL, sizeof *b + size);
    if (!b)
        arena_oom(a);
    b->prev = a->head;
    b->used = 0;
    b->size = size;
    a->head = b;
    return b;
}

void *arena_alloc(Compilation *cx, size_t n)
{
    return arena_alloc_in(cx->arena, n);
}

/* arena_alloc, but NULL instead of the unwind when memory runs out, for
** a caller that must let go of something first (then arena_fail). */
void *arena_try_alloc(Compilation *cx, size_t n)
{
    Arena *a = cx->arena;
    jmp_buf *saved = a->oom, here;
    bool quiet = a->quiet;
    if (setjmp(here)) {
        a->oom = saved;
        a->quiet = quiet;
        return NULL;
    }
    a->oom = &here;
    a->quiet = true;                     /* the caller reports it */
    void *p = arena_alloc_in(a, n);
    a->oom = saved;
    a->quiet = quiet;
    return p;
}

void arena_fail(Compilation *cx)
{
    arena_oom(cx->arena);
}

void *arena_alloc_in(Arena *a, size_t n)
{
    size_t align = _Alignof(max_align_t);
    if (n > SIZE_MAX / 2)
        arena_oom(a);
    n = (n + align - 1) & ~(align - 1);
    if (n == 0)
        n = align;
    Block *b = a->head;
    if (!b || b->size - b->used < n)
        b = new_block(a, n);
    void *p = (char *)b->data + b->used;
    b->used += n;
    a->handed += n;
    memset(p, 0, n);
    return p;
}

#define BIG_BYTES (256u * 1024u)

/* Grow p from old to n bytes.  Small growth copies within the arena;
** once a vector is large it moves to a block of its own that realloc
** grows, so the old copies are not kept.  The new bytes of a large one are
** not zeroed: a vector writes them before it reads them, and the memory a
** doubling reserves stays untouched (out of the resident set) until used. */
void *arena_grow(Compilation *cx, void *p, size_t old, size_t n)
{
    Arena *a = cx->arena;
    if (n <= old)
        return p;
    for (uint32_t i = a->nbig; p && i-- > 0 && i + 8 >= a->nbig;) {
        if (a->big[i].p != p)
            continue;                      /* recent big blocks only */
        void *q = a->hook(a->ud, p, n);
        if (!q)
            arena_oom(a);
        a->handed += n - a->big[i].size;
        a->big[i].p = q;
        a->big[i].size = n;
        return q;
    }
    if (n < BIG_BYTES) {
        void *q = arena_alloc(cx, n);
        if (p && old)
            memcpy(q, p, old);
        return q;
    }
    if (a->nbig == a->capbig) {
        uint32_t cap = a->capbig ? a->capbig * 2 : 16;
        Big *nb = a->hook(a->ud, a->big, cap * sizeof *nb);
        if (!nb)
            arena_oom(a);
        a->big = nb;
        a->capbig = cap;
    }
    void *q = a->hook(a->ud, NULL, n);
    if (!q)
        arena_oom(a);
    if (p && old)
        memcpy(q, p, old);
    a->big[a->nbig++] = (Big){ q, n };
    a->handed += n;
    return q;
}

/* A second arena with the same hook, freed with a: memory whose life is
** shorter than the compilation's (the syntax trees) goes there, so
** arena_release can give it back while the compilation goes on. */
Arena *arena_child(Arena *a)
{
    if (a->child)
        return a->child;
    Arena *c = arena_new(a->hook, a->ud);
    if (!c)
        arena_oom(a);
    c->parent = a;
    a->child = c;
    return c;
}

ArenaMark arena_mark(const Arena *a)
{
    ArenaMark m = { a->head, a->head ? a->head->used : 0, a->handed };
    return m;
}

/* Free what was allocated since m was taken.  Growable (big) blocks are
** not released: the trees never grow a vector. */
void arena_release(Arena *a, ArenaMark m)
{
    while (a->head && a->head != m.block) {
        Block *prev = a->head->prev;
        a->hook(a->ud, a->head, 0);
        a->head = prev;
    }
    if (a->head)
        a->head->used = m.used;
    a->handed = m.handed;
}

/* Out of memory unwinds without the fatal line: the owner recovers. */
void arena_quiet(Arena *a)
{
    a->quiet = true;
}

/* Blocks of this size from now on (0: each allocation its own block). */
void arena_block_size(Arena *a, size_t n)
{
    a->block_bytes = n;
}

void arena_adopt(Arena *a, Arena *other)
{
    other->sibling = a->adopted;
    a->adopted = other;
}

char *arena_strndup(Compilation *cx, const char *s, size_t n)
{
    char *p = arena_alloc(cx, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *arena_vprintf(Compilation *cx, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    if (n < 0)
        n = 0;
    char *p = arena_alloc(cx, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, again);
    va_end(again);
    return p;
}

char *arena_printf(Compilation *cx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(cx, fmt, ap);
    va_end(ap);
    return p;
}

Compilation *cx_new(Options *opt, AllocHook hook, void *ud)
{
    Arena *a = arena_new(hook, ud);
    if (!a)
        cx_oom();
    return cx_new_in(a, opt);
}

/* A compilation whose memory comes from an arena the caller made (and
** may have armed with arena_on_oom). */
Compilation *cx_new_in(Arena *a, Options *opt)
{
    Compilation tmp = { .arena = a };
    Compilation *cx = arena_alloc(&tmp, sizeof *cx);
    cx->arena = a;
    cx->opt = opt;
    cx->max_depth = MAX_NESTING;
    return cx;
}

void cx_free(Compilation *cx)
{
    if (cx)
        arena_free(cx->arena);
}

/* A temporary buffer from the hook, outside the arena, for a sort's
** scratch: give it back with arena_temp_free before the next arena
** allocation (an out-of-memory unwind in between would leak it). */
void *arena_temp(Compilation *cx, size_t n)
{
    void *p = cx->arena->hook(cx->arena->ud, NULL, n ? n : 1);
    if (!p)
        arena_oom(cx->arena);
    return p;
}

void arena_temp_free(Compilation *cx, void *p)
{
    cx->arena->hook(cx->arena->ud, p, 0);
}
