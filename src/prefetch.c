/*
** prefetch.c: reading and parsing included files on a second core.
**
** A province's budget is thousands of files.  While the main thread walks
** one file's statements (sema), a worker thread reads, validates, lexes
** and parses the files it will include next, each into an arena of its
** own, in the order the walk will ask for them (includes in statement
** order, depth first).  The main thread then adopts a parsed file instead
** of parsing it: it gives the file the index the single-threaded run would
** (files are numbered when the walk reaches them, as before), renumbers
** the spans, and emits the parser's diagnostics at that moment, so the
** output is byte for byte the output of `-j1`.
**
** The main thread decides everything: which file is read, whether it is an
** error to include it, its index.  The worker only guesses ahead.  A file
** it has not begun is parsed by the main thread, a file it is parsing is
** waited for, anything it read that the walk never asks for is dropped.
** Whatever goes wrong in the worker (unreadable file, out of memory) just
** makes the main thread do that file itself, with the usual diagnostics.
*/
#include "budgetc.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define AHEAD_FILES 256u              /* parsed files not yet taken, */
#define AHEAD_BYTES (64u << 20)       /* and their bytes of source */
#define TREE_BLOCK (16u * 1024u)      /* a file's tree takes a few */

enum { QUEUED, PARSING, DONE, FAILED };

typedef struct Entry {
    char *path;                       /* as the walk will compute it */
    int state;
    bool dropped;                     /* skipped while PARSING */
    Compilation *wcx;                 /* DONE: the worker's compilation */
    Stmt *root;                       /* DONE: its statements */
    ArenaMark text_end;               /* DONE: the tree starts here */
    struct stat st;                   /* DONE: the file as it was read */
    struct Entry *next;
} Entry;

typedef struct Prefetch {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;                /* an entry finished, or work came */
    Entry *head;                      /* in the order the walk reads */
    uint32_t ahead;                   /* DONE entries not yet taken */
    uint64_t ahead_bytes;             /* their source bytes */
    bool stop;
    Options *opt;
    uint32_t max_depth;
    uint32_t adopted, waited, missed;   /* for BUDGETC_STATS */
} Prefetch;

static void entry_free(Entry *e)
{
    if (e->wcx)
        cx_free(e->wcx);
    free(e->path);
    free(e);
}

static uint64_t entry_bytes(const Entry *e)
{
    return e->wcx->files.v[0]->len;
}

/* ---- the include statements of a parsed file ----------------------- */

typedef struct Found {
    Entry *first, *last;
} Found;

/* The path resolve_include computes for `include "rel"` in from, on the
** heap: the list outlives the arenas of the files it was found in. */
static char *include_path(const char *from, const char *rel)
{
    size_t nd = resolve_dir_len(from, rel);
    size_t nr = strlen(rel);
    char *p = malloc(nd + nr + 1);
    if (!p)
        return NULL;
    memcpy(p, from, nd);
    memcpy(p + nd, rel, nr + 1);
    return p;
}

/* Depth first, in statement order: the order sema walks them in. */
static void find_includes(Compilation *cx, const char *from, Stmt *list,
                          Found *out)
{
    for (Stmt *st = list; st; st = st->next) {
        if (st->body)
            find_includes(cx, from, st->body, out);
        if (st->natoms != 2 || st->has_block || !atom_is(cx, st->atoms[0], "include") ||
            st->atoms[1].kind != TK_STRING)
            continue;
        uint32_t n;
        const char *raw = atom_text(cx, st->atoms[1], &n);
        if (memchr(raw, '\\', n))
            continue;                 /* escapes: unescaping reports (E0010) */
        const char *rel = ast_string_value(cx, st->atoms[1], &n);
        if (n == 0 || strlen(rel) != n)
            continue;
        Entry *e = calloc(1, sizeof *e);
        if (e && !(e->path = include_path(from, rel))) {
            free(e);
            e = NULL;
        }
        if (!e)
            continue;                 /* the walk will read it itself */
        if (out->last)
            out->last->next = e;
        else
            out->first = e;
        out->last = e;
    }
}

/* Put the includes of a file right after it (or at the head). */
static void insert_after(Prefetch *pf, Entry *at, Found *f)
{
    if (!f->first)
        return;
    Entry **link = at ? &at->next : &pf->head;
    f->last->next = *link;
    *link = f->first;
}

/* ---- the worker ------------------------------------------------------ */

/* The worker's arenas have their own hook, never the compilation's (a
** test's counting hook is not thread-safe, and sees the walk's
** allocations only).  BUDGETC_PREFETCH_FAIL=N (tests): the worker's Nth
** allocation fails, as if memory ran out there; the walk must then read
** that file itself.
** Counted on the worker's thread only (frees, made by either thread, do
** not count). */
static uint32_t fail_at;

static void *worker_hook(void *ud, void *old, size_t size)
{
    (void)ud;
    if (size == 0) {
        free(old);
        return NULL;
    }
    if (fail_at && --fail_at == 0)
        return NULL;
    return realloc(old, size);
}

static void parse_one(Prefetch *pf, Entry *e, Found *found)
{
    Arena *a = arena_new(worker_hook, NULL);
    if (!a)
        return;
    jmp_buf jb;
    Compilation *volatile wcx = NULL;
    if (setjmp(jb)) {                 /* out of memory: main does it */
        arena_free(a);
        e->wcx = NULL;
        return;
    }
    arena_on_oom(a, &jb);
    arena_quiet(a);                   /* the walk reports, if it runs out */
    arena_block_size(a, 0);           /* the text: a block of its own */
    wcx = cx_new_in(a, pf->opt);
    wcx->max_depth = pf->max_depth;
    char *text;
    uint32_t len;
    const char *why;
    if (!src_read_file_stat(wcx, e->path, &text, &len, &why, &e->st)) {
        arena_free(a);
        return;
    }
    e->text_end = arena_mark(a);
    arena_block_size(a, TREE_BLOCK);  /* the tree, freed once walked */
    wcx->trees = a;                   /* the tree goes after the text */
    src_add(wcx, e->path, text, len, span_none());
    e->root = ast_parse_file(wcx, 0);
    if (e->root)
        find_includes(wcx, e->path, e->root, found);
    arena_on_oom(a, NULL);
    e->wcx = wcx;
}

static void *worker(void *arg)
{
    Prefetch *pf = arg;
    pthread_mutex_lock(&pf->mu);
    for (;;) {
        Entry *e = NULL;
        if (!pf->stop && pf->ahead < AHEAD_FILES &&
            pf->ahead_bytes < AHEAD_BYTES)
            for (e = pf->head; e && e->state != QUEUED; e = e->next)
                ;
        if (pf->stop)
            break;
        if (!e) {
            pthread_cond_wait(&pf->cv, &pf->mu);
            continue;
        }
        e->state = PARSING;
        pthread_mutex_unlock(&pf->mu);
        Found found = { NULL, NULL };
        parse_one(pf, e, &found);
        pthread_mutex_lock(&pf->mu);
        if (e->dropped) {
            for (Entry *c = found.first; c;) {
                Entry *next = c->next;
                entry_free(c);
                c = next;
            }
            entry_free(e);
            continue;
        }
        e->state = e->wcx ? DONE : FAILED;
        if (e->wcx)
            pf->ahead++, pf->ahead_bytes += entry_bytes(e);
        insert_after(pf, e, &found);
        pthread_cond_broadcast(&pf->cv);
    }
    pthread_mutex_unlock(&pf->mu);
    return NULL;
}

/* ---- the main thread's side ------------------------------------------ */

void prefetch_start(Compilation *cx)
{
    if (!cx->opt || cx->opt->jobs < 2 || cx->prefetch)
        return;
    Prefetch *pf = calloc(1, sizeof *pf);
    if (!pf)
        return;
    pf->opt = cx->opt;
    pf->max_depth = cx->max_depth;
    const char *fail = getenv("BUDGETC_PREFETCH_FAIL");
    fail_at = fail ? (uint32_t)strtoul(fail, NULL, 10) : 0;
    pthread_mutex_init(&pf->mu, NULL);
    pthread_cond_init(&pf->cv, NULL);
    if (pthread_create(&pf->thread, NULL, worker, pf) != 0) {
        pthread_cond_destroy(&pf->cv);
        pthread_mutex_destroy(&pf->mu);
        free(pf);
        return;
    }
    cx->prefetch = pf;
}

void prefetch_stop(Compilation *cx)
{
    Prefetch *pf = cx->prefetch;
    if (!pf)
        return;
    pthread_mutex_lock(&pf->mu);
    pf->stop = true;
    pthread_cond_broadcast(&pf->cv);
    pthread_mutex_unlock(&pf->mu);
    pthread_join(pf->thread, NULL);
    if (getenv("BUDGETC_STATS"))
        fprintf(stderr, "budgetc: stats: prefetch: %u files parsed ahead, "
                "%u waited for, %u read by the walk\n", pf->adopted,
                pf->waited, pf->missed);
    while (pf->head) {
        Entry *e = pf->head;
        pf->head = e->next;
        entry_free(e);
    }
    pthread_cond_destroy(&pf->cv);
    pthread_mutex_destroy(&pf->mu);
    free(pf);
    cx->prefetch = NULL;
}

/* A file the main thread parsed itself: queue its includes first. */
void prefetch_scan(Compilation *cx, uint32_t file, Stmt *root)
{
    Prefetch *pf = cx->prefetch;
    if (!pf || !root)
        return;
    Found found = { NULL, NULL };
    find_includes(cx, cx->files.v[file]->path, root, &found);
    pthread_mutex_lock(&pf->mu);
    insert_after(pf, NULL, &found);
    pthread_cond_broadcast(&pf->cv);
    pthread_mutex_unlock(&pf->mu);
}

static Span renumber(Span s, uint32_t file)
{
    if (s.file == 0)
        s.file = file;
    return s;
}

static void renumber_tree(Stmt *list, uint32_t file)
{
    for (Stmt *st = list; st; st = st->next) {
        st->span = renumber(st->span, file);
        st->lbrace = renumber(st->lbrace, file);
        for (uint32_t i = 0; i < st->natoms; i++)
            st->atoms[i].span = renumber(st->atoms[i].span, file);
        renumber_tree(st->body, file);
    }
}

/* Make the worker's file the main compilation's file number `file`: the
** spans renumbered, the comments copied, the diagnostics emitted now. */
static Stmt *adopt(Compilation *cx, Entry *e, uint32_t file)
{
    Compilation *wcx = e->wcx;
    SourceFile *wf = wcx->files.v[0], *f = cx->files.v[file];
    for (uint32_t i = 0; i < wf->comments.n; i++)
        vec_push(cx, &f->comments, renumber(wf->comments.v[i], file));
    for (uint32_t i = 0; i < wcx->diags.n; i++) {
        Diag *wd = wcx->diags.v[i];
        Diag *d = diag_emit(cx, wd->code, renumber(wd->span, file), "%s",
                            wd->msg);
        for (uint32_t k = 0; k < wd->notes.n; k++)
            diag_note(cx, d, renumber(wd->notes.v[k].span, file), "%s",
                      wd->notes.v[k].msg);
    }
    renumber_tree(e->root, file);
    f->trees = wcx->arena;
    f->tree_mark = e->text_end;
    arena_adopt(cx->arena, wcx->arena);   /* the text lives on */
    e->wcx = NULL;
    return e->root;
}

/* The entry for path (waited for while the worker parses it), or NULL.
** With the mutex held. */
static Entry *find_entry(Prefetch *pf, const char *path, Entry ***link)
{
    Entry *e;
    for (;;) {
        for (*link = &pf->head; (e = **link) && strcmp(e->path, path) != 0;)
            *link = &e->next;
        if (!e || e->state != PARSING)
            return e;
        pf->waited++;
        pthread_cond_wait(&pf->cv, &pf->mu);
    }
}

/* The status of path as the worker read it, which saves the walk a path
** lookup; false when the worker has not read it. */
bool prefetch_stat(Compilation *cx, const char *path, struct stat *st)
{
    Prefetch *pf = cx->prefetch;
    if (!pf)
        return false;
    Entry **link;
    pthread_mutex_lock(&pf->mu);
    Entry *e = find_entry(pf, path, &link);
    bool ok = e && e->state == DONE;
    if (ok)
        *st = e->st;
    pthread_mutex_unlock(&pf->mu);
    return ok;
}

/* The file at path, parsed by the worker: *file is set and its
** statements returned (NULL for a file with no statements).  false when
** the worker has not read it: the caller reads it as usual. */
bool prefetch_take(Compilation *cx, const char *path, Span from,
                   uint32_t *file, Stmt **root)
{
    Prefetch *pf = cx->prefetch;
    if (!pf)
        return false;
    pthread_mutex_lock(&pf->mu);
    Entry **link, *e = find_entry(pf, path, &link);
    Entry *skipped = NULL;
    if (e) {
        /* what comes before it the walk did not ask for: drop it (the
        ** worker frees one it is still parsing) */
        skipped = link == &pf->head ? NULL : pf->head;
        *link = NULL;                 /* ends the skipped chain */
        pf->head = e->next;
        for (Entry **sl = &skipped; *sl;) {
            Entry *s = *sl;
            if (s->state == DONE)
                pf->ahead--, pf->ahead_bytes -= entry_bytes(s);
            if (s->state == PARSING) {
                s->dropped = true;
                *sl = s->next;
            } else {
                sl = &s->next;
            }
        }
        if (e->state == DONE)
            pf->ahead--, pf->ahead_bytes -= entry_bytes(e);
        pthread_cond_broadcast(&pf->cv);
    }
    pthread_mutex_unlock(&pf->mu);
    while (skipped) {
        Entry *s = skipped;
        skipped = s->next;
        entry_free(s);
    }
    bool ok = e && e->state == DONE;
    pf->adopted += ok;
    pf->missed += !ok;
    if (!e)
        return false;
    if (ok) {
        SourceFile *wf = e->wcx->files.v[0];
        *file = src_add(cx, path, wf->text, wf->len, from);
        *root = adopt(cx, e, *file);
    }
    entry_free(e);
    return ok;
}
