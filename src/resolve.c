/*
** resolve.c: finding, reading and parsing the files of a budget.
**
** `include "PATH"` is relative to the including file; `import NAME` is
** searched in the -I directories, then BUDGETC_PATH, then the installed
** stdlib.  Files are identified by device and inode, so a file reached by
** two paths is still one file: including it twice is an error (every
** amount is written once), and so is a cycle.  A module imported twice is
** loaded once.
*/
#include "budgetc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void release_tree(SourceFile *f)
{
    if (f->trees)
        arena_release(f->trees, f->tree_mark);
    f->trees = NULL;
}

/* Read and parse one file (or take it from the thread that reads ahead);
** returns its statements and sets *file. */
static Stmt *load(Compilation *cx, const char *path, Span from,
                  struct stat *st, uint32_t *file, bool is_stdlib)
{
    Stmt *root = NULL;
    uint32_t len = 0;
    bool ahead = prefetch_take(cx, path, from, file, &root);
    if (!ahead) {
        char *text;
        const char *why;
        if (!src_read_file(cx, path, &text, &len, &why)) {
            if (from.file == UINT32_MAX) {
                fprintf(stderr, "budgetc: error: cannot read '%s': %s\n", path,
                        why);
                cx->io_error = true;
            } else {
                diag_emit(cx, E0101, from, "cannot read '%s': %s", path, why);
            }
            return NULL;
        }
        *file = src_add(cx, path, text, len, from);
    }
    SourceFile *f = cx->files.v[*file];
    f->dev = (uint64_t)st->st_dev;
    f->ino = (uint64_t)st->st_ino;
    f->is_stdlib = is_stdlib;
    if (!ahead) {
        if (len > MAX_FILE_BYTES) {
            diag_emit(cx, E0009, (Span){ *file, 0, 0 },
                      "file is larger than 64 MiB");
            return NULL;
        }
        /* its tree goes after this mark, given back by resolve_leave */
        f->trees = arena_child(cx->arena);
        f->tree_mark = arena_mark(f->trees);
        root = ast_parse_file(cx, *file);
        prefetch_scan(cx, *file, root);
    }
    if (!root)
        release_tree(f);                /* nothing to walk */
    return root;
}

Stmt *resolve_root(Compilation *cx, const char *path, uint32_t *file)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "budgetc: error: cannot read '%s': %s\n", path,
                strerror(errno));
        cx->io_error = true;
        return NULL;
    }
    return load(cx, path, span_none(), &st, file, false);
}

/* The first string argument of an include/import, or a diagnostic. */
static bool one_arg(Compilation *cx, Stmt *st, int kind, const char **out)
{
    if (st->natoms != 2 || st->atoms[1].kind != kind || st->has_block) {
        diag_emit(cx, E0302, st->span, "expected '%s %s'",
                  kind == TK_STRING ? "include" : "import",
                  kind == TK_STRING ? "\"PATH\"" : "NAME");
        return false;
    }
    uint32_t n;
    *out = ast_string_value(cx, st->atoms[1], &n);
    if (n == 0 || strlen(*out) != n) {
        diag_emit(cx, E0302, st->atoms[1].span, "empty or invalid name");
        return false;
    }
    return true;
}

/* The file already read with this device and inode, or -1.  Looked up in
** a map, since a province's budget includes thousands of files. */
static int64_t file_key(uint64_t dev, uint64_t ino)
{
    return (int64_t)(ino * 0x9E3779B97F4A7C15ull ^ dev);
}

static int find_file(Compilation *cx, struct stat *st)
{
    if (!cx->file_map)
        cx->file_map = map_new(cx);
    for (uint32_t i = cx->files_mapped; i < cx->files.n; i++) {
        const SourceFile *f = cx->files.v[i];
        map_put(cx, cx->file_map, "", file_key(f->dev, f->ino), (int32_t)i);
    }
    cx->files_mapped = cx->files.n;
    int32_t i = map_get(cx->file_map, "", file_key((uint64_t)st->st_dev,
                                                   (uint64_t)st->st_ino));
    if (i >= 0 && cx->files.v[i]->dev == (uint64_t)st->st_dev &&
        cx->files.v[i]->ino == (uint64_t)st->st_ino)
        return i;
    for (uint32_t k = 0; i >= 0 && k < cx->files.n; k++)  /* a key clash */
        if (cx->files.v[k]->dev == (uint64_t)st->st_dev &&
            cx->files.v[k]->ino == (uint64_t)st->st_ino)
            return (int)k;
    return -1;
}

/* How much of `from` goes before `rel` in the path of `include "rel"`
** written in the file at `from`: its folder with the slash, or nothing
** for an absolute rel or a file in the current folder.  The one rule for
** the walk and for the thread that reads ahead (prefetch.c). */
size_t resolve_dir_len(const char *from, const char *rel)
{
    const char *slash = strrchr(from, '/');
    return rel[0] == '/' || !slash ? 0 : (size_t)(slash - from) + 1;
}

Stmt *resolve_include(Compilation *cx, Stmt *st, uint32_t *file)
{
    const char *rel;
    if (!one_arg(cx, st, TK_STRING, &rel))
        return NULL;
    /* the stack holds the root file too: this include would be the
    ** stack.n-th nested one */
    if (cx->stack.n > MAX_INCLUDE_DEPTH) {
        diag_emit(cx, E0106, st->span, "includes nested more than %u deep",
                  MAX_INCLUDE_DEPTH);
        return NULL;
    }
    const char *from = cx->files.v[st->span.file]->path;
    size_t dir = resolve_dir_len(from, rel);
    const char *path = dir ? arena_printf(cx, "%.*s%s", (int)dir, from, rel)
                           : rel;
    struct stat sb;
    if (!prefetch_stat(cx, path, &sb) && stat(path, &sb) != 0) {
        diag_emit(cx, E0101, st->atoms[1].span, "cannot read '%s': %s", path,
                  strerror(errno));
        return NULL;
    }
    if (!S_ISREG(sb.st_mode)) {
        diag_emit(cx, E0102, st->atoms[1].span, "'%s' %s", path,
                  S_ISDIR(sb.st_mode) ? "is a directory" : "is not a regular file");
        return NULL;
    }
    int seen = find_file(cx, &sb);
    if (seen >= 0) {
        for (uint32_t i = 0; i < cx->stack.n; i++) {
            if (cx->stack.v[i] != (uint32_t)seen)
                continue;
            Diag *d = diag_emit(cx, E0103, st->atoms[1].span,
                                i + 1 == cx->stack.n
                                    ? "'%s' includes itself"
                                    : "include cycle: '%s' is included "
                                      "again while it is being read", path);
            for (uint32_t j = i + 1; j < cx->stack.n; j++) {
                SourceFile *f = cx->files.v[cx->stack.v[j]];
                diag_note(cx, d, f->included_from, "'%s' is included here",
                          f->path);
            }
            return NULL;
        }
        Diag *d = diag_emit(cx, E0104, st->atoms[1].span,
                            "'%s' is already included", path);
        diag_note(cx, d, cx->files.v[seen]->included_from, "first included here");
        return NULL;
    }
    return load(cx, path, st->span, &sb, file, false);
}

static bool module_name_ok(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
            return false;
    return true;
}

static const char *try_dir(Compilation *cx, const char *dir, size_t n,
                           const char *name, struct stat *sb)
{
    if (n == 0)
        return NULL;
    const char *p = arena_printf(cx, "%.*s/%s.budget", (int)n, dir, name);
    return stat(p, sb) == 0 && S_ISREG(sb->st_mode) ? p : NULL;
}

Stmt *resolve_import(Compilation *cx, Stmt *st, uint32_t *file)
{
    const char *name;
    if (!one_arg(cx, st, TK_WORD, &name))
        return NULL;
    if (!module_name_ok(name)) {
        diag_emit(cx, E0105, st->atoms[1].span,
                  "invalid module name '%s'; names are letters, digits, '_' and '-'",
                  name);
        return NULL;
    }
    for (uint32_t i = 0; i < cx->modules.n; i++)
        if (strcmp(cx->modules.v[i], name) == 0)
            return NULL;                       /* loaded once */
    vec_push(cx, &cx->modules, name);
    struct stat sb;
    const char *path = NULL;
    Options *o = cx->opt;
    for (uint32_t i = 0; o && !path && i < o->search.n; i++)
        path = try_dir(cx, o->search.v[i], strlen(o->search.v[i]), name, &sb);
    for (const char *p = o ? o->env_path : NULL; p && *p && !path;) {
        const char *colon = strchr(p, ':');
        size_t n = colon ? (size_t)(colon - p) : strlen(p);
        path = try_dir(cx, p, n, name, &sb);
        p = colon ? colon + 1 : p + n;
    }
    if (!path && o && o->stdlib_dir)
        path = try_dir(cx, o->stdlib_dir, strlen(o->stdlib_dir), name, &sb);
    if (!path) {
        diag_emit(cx, E0105, st->atoms[1].span, "no module '%s' on the search path",
                  name);
        return NULL;
    }
    if (find_file(cx, &sb) >= 0)
        return NULL;
    return load(cx, path, st->span, &sb, file, true);
}

void resolve_enter(Compilation *cx, uint32_t file)
{
    vec_push(cx, &cx->stack, file);
}

/* A file walked: its tree is dead (nothing of the program model points
** into it; claims copy their atoms), so a province's budget holds the trees
** of the files being walked, not of every file. */
void resolve_leave(Compilation *cx)
{
    if (cx->stack.n)
        release_tree(cx->files.v[cx->stack.v[--cx->stack.n]]);
}
