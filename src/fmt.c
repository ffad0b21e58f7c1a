/*
** fmt.c: `budgetc fmt`, the one canonical layout of .budget source.
**
** The formatter reads one file's statement tree and the comment spans the
** lexer recorded; it never follows includes.  It moves only white space
** and line breaks: every atom is written byte for byte as in the source,
** in the same order, and every comment keeps its text, so the formatted
** file parses to the same statements.  Key invariant: the output is a
** fixed point, fmt(fmt(x)) == fmt(x), because every choice below depends
** only on what the output keeps (atoms, which atoms touch, comments, where
** a blank line or a one-line block was).
**
** The layout:
**   - two spaces of indentation per block level; `head {` on the
**     statement's line, its statements one per line, `}` on a line of its
**     own.  A block written on one line with no block inside stays on one
**     line, its statements joined by "; ": `unit X { kind 行政; level 本级 }`
**     (an empty one is `head {}`).  `;`-joined statements elsewhere are
**     put one per line.
**   - atoms are separated by one space.  Atoms written touching each other
**     stay touching, and an operator touches the number after it (`≥90%`
**     is an operator and a number): such a group is one *cell*, the unit
**     of layout.
**   - a comment on its own line stays on its own line, indented like the
**     statement after it (like the block's statements when a `}` follows
**     it).  A trailing comment stays after the statement, `{` or `}` it
**     followed, two spaces after it.  Comments keep their text from '#'
**     to the end of the line, less trailing white space.
**   - where the source had blank lines between two statements or comments
**     of a block, one blank line; none at the start or the end of a block
**     or of the file.  No trailing white space; one newline at the end; a
**     byte-order mark is dropped.
**   - table-like runs of statements are aligned (see row_class below).
*/
#include "budgetc.h"
#include "fmt.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NO_ANCHOR UINT32_MAX

/* Atoms written with no space between them: the unit of layout. */
typedef struct Cell {
    const Atom *atoms;  /* its first atom, in the statement's array */
    uint32_t natoms;    /* how many */
    uint32_t width;     /* display columns (CJK = 2) */
    bool numeric;       /* ends with a number (`≤5批`), or is a lone '-' */
    bool spaced;        /* cells merged into one: a space between them */
} Cell;

/* What makes consecutive statements one table (see row_class). */
typedef enum RowClass {
    CLASS_NONE,         /* never aligned: a block, an annotation, a string */
    CLASS_ROW,          /* first atom a number (a code) or `all` */
    CLASS_KPI,          /* an indicator: 产出指标, 效益指标, 满意度指标 */
    CLASS_AMOUNTS,      /* a word, then only numbers and '-' */
    CLASS_KEYWORD       /* any other statement: runs share the first word */
} RowClass;

/* One statement of an aligned run. */
typedef struct Row {
    const Stmt *st;     /* the statement */
    Cell *cells;        /* its cells, arena array */
    uint32_t ncells;    /* entries in cells */
    uint32_t head;      /* cells [0, head) align from the left, the rest
                        ** (the amounts) from the right */
} Row;

/* The state of formatting one file. */
typedef struct Fmt {
    Compilation *cx;    /* owns every allocation */
    const char *text;   /* the source */
    uint32_t len;       /* its bytes */
    uint32_t start;     /* first byte after a byte-order mark */
    const Span *comments; /* every comment, in source order */
    uint32_t ncomments; /* entries in comments */
    uint32_t *anchor;   /* per comment: last byte of the token before it on
                        ** its line, or NO_ANCHOR for an own-line comment */
    uint32_t next;      /* first comment not yet written */
    uint32_t last_end;  /* source offset just past what was written last */
    bool block_start;   /* nothing written yet in the current block */
    char *out;          /* the formatted text, arena-owned */
    size_t n, cap;      /* bytes used and allocated in out */
} Fmt;

/* ---- output ----------------------------------------------------------- */

static void put(Fmt *f, const char *s, size_t n)
{
    if (f->n + n > f->cap) {
        size_t cap = f->cap ? f->cap : 4096;
        while (cap < f->n + n)
            cap *= 2;
        f->out = arena_grow(f->cx, f->out, f->cap, cap);
        f->cap = cap;
    }
    memcpy(f->out + f->n, s, n);
    f->n += n;
}

static void put_spaces(Fmt *f, uint32_t n)
{
    static const char sp[] = "                                ";
    while (n) {
        uint32_t k = n < sizeof sp - 1 ? n : (uint32_t)(sizeof sp - 1);
        put(f, sp, k);
        n -= k;
    }
}

static bool glued_atoms(Atom a, Atom b);

static void put_cell(Fmt *f, Cell c)
{
    for (uint32_t i = 0; i < c.natoms; i++) {
        if (i && c.spaced && !glued_atoms(c.atoms[i - 1], c.atoms[i]))
            put(f, " ", 1);
        put(f, f->text + c.atoms[i].span.off, c.atoms[i].span.len);
    }
}

/* A comment from '#' to the end of its line, less trailing white space
** (space, tab, carriage return, U+3000). */
static void put_comment(Fmt *f, Span c)
{
    const char *s = f->text + c.off;
    uint32_t n = c.len;
    for (;;) {
        if (n > 1 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
            n--;
        else if (n > 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
            n -= 3;
        else
            break;
    }
    put(f, s, n);
}

/* ---- positions -------------------------------------------------------- */

static uint32_t last_byte(const Stmt *s)
{
    return s->span.off + s->span.len - 1;
}

static uint32_t newlines(const Fmt *f, uint32_t a, uint32_t b)
{
    uint32_t k = 0;
    for (; a < b; a++)
        k += f->text[a] == '\n';
    return k;
}

/* The last byte of the token before the comment at `off` on its line
** (white space and ';' skipped), or NO_ANCHOR when the comment starts the
** line. */
static uint32_t comment_anchor(const Fmt *f, uint32_t off)
{
    uint32_t p = off;
    for (;;) {
        if (p == f->start || f->text[p - 1] == '\n')
            return NO_ANCHOR;
        char c = f->text[p - 1];
        if (c == ' ' || c == '\t' || c == '\r' || c == ';')
            p--;
        else if (p - f->start >= 3 &&
                 memcmp(f->text + p - 3, "\xE3\x80\x80", 3) == 0)
            p -= 3;
        else
            return p - 1;
    }
}

/* ---- lines and comments ----------------------------------------------- */

/* Before an item that starts at `start`: one blank line if the source had
** any since the last item of the same block. */
static void blank_line(Fmt *f, uint32_t start)
{
    if (!f->block_start && newlines(f, f->last_end, start) >= 2)
        put(f, "\n", 1);
    f->block_start = false;
}

/* Comments before `off` not yet written: each on its own line at `depth`. */
static void comments_before(Fmt *f, uint32_t off, uint32_t depth)
{
    while (f->next < f->ncomments && f->comments[f->next].off < off) {
        Span c = f->comments[f->next++];
        blank_line(f, c.off);
        put_spaces(f, 2 * depth);
        put_comment(f, c);
        put(f, "\n", 1);
        f->last_end = c.off + c.len;
    }
}

static bool has_trailing(const Fmt *f, uint32_t last)
{
    return f->next < f->ncomments && f->anchor[f->next] == last;
}

/* End the line of an item whose last source byte is `last`, with the
** comment that followed it on its line, if any. */
static void end_line(Fmt *f, uint32_t last)
{
    f->last_end = last + 1;
    if (has_trailing(f, last)) {
        Span c = f->comments[f->next++];
        put(f, "  ", 2);
        put_comment(f, c);
        f->last_end = c.off + c.len;
    }
    put(f, "\n", 1);
}

/* ---- cells and classes ------------------------------------------------ */

/* Does atom i of `s` join the cell of atom i - 1?  When the two touch in
** the source, and when an operator is followed by a number (`≥ 90%` is
** written `≥90%`: the lexer splits the two the same way). */
static bool glued_atoms(Atom a, Atom b)
{
    return a.span.off + a.span.len == b.span.off ||
           (a.kind == TK_OP && b.kind == TK_NUMBER);
}

static bool glued(const Stmt *s, uint32_t i)
{
    return glued_atoms(s->atoms[i - 1], s->atoms[i]);
}

static Cell *stmt_cells(Fmt *f, const Stmt *s, uint32_t *n)
{
    Cell *c = arena_alloc(f->cx, s->natoms * sizeof *c);
    uint32_t k = 0;
    for (uint32_t i = 0; i < s->natoms; i++) {
        Atom a = s->atoms[i];
        if (i == 0 || !glued(s, i))
            c[k++] = (Cell){ s->atoms + i, 0, 0, false, false };
        Cell *t = &c[k - 1];
        t->natoms++;
        t->width += src_display_width(f->text + a.span.off, a.span.len);
        t->numeric = a.kind == TK_NUMBER ||
                     (a.kind == TK_DASH && t->natoms == 1);
    }
    *n = k;
    return c;
}

static void put_cells(Fmt *f, const Stmt *s)
{
    uint32_t n;
    Cell *c = stmt_cells(f, s, &n);
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            put(f, " ", 1);
        put_cell(f, c[i]);
    }
}

/* Alignment.  Consecutive statements of one block form a run when they
** are of the same class, with no blank line, own-line comment or block
** between them:
**   ROW      the first atom is a number (a code) or `all`: a table row;
**   KPI      the first atom is 产出指标, 效益指标 or 满意度指标;
**   AMOUNTS  a word followed only by numbers and '-' (`一般公共预算 1116.95`);
**   KEYWORD  any other statement starting with a word: the same word
**            (`says`, `row`, `column`, `vehicle`, `total`, `reason` ...).
** A run of two or more is laid out as a grid, in display columns (CJK =
** 2), one space between columns.  A row's cells split into a head and a
** tail: in ROW and AMOUNTS runs the tail is the numbers and '-' that end
** the row after its first cell (its amounts); in the others it is empty.
** Head cells align from the left, column by column; tail cells align from
** the right, as one group starting after the widest head, so rows with and
** without a name (or with a `-> CODE NAME` mapping) line up their amounts.
** A column of numbers and '-' (every tail column, and a head column with
** nothing else in it) is right-aligned; any other column is left-aligned,
** and so is the first (the code or keyword), so that a column mixing
** numbers and words (an indicator's value: `≤1次`, `及时`) starts straight.
** Trailing comments of a run start two spaces after the widest of the
** rows that have one, so they line up too. */
static RowClass row_class(const Fmt *f, const Stmt *s, const Cell *c,
                          uint32_t n)
{
    static const char *const kpi[] = { "产出指标", "效益指标", "满意度指标" };
    Atom a = s->atoms[0];
    if (s->has_block)
        return CLASS_NONE;
    if (a.kind == TK_NUMBER || atom_is(f->cx, a, "all"))
        return CLASS_ROW;
    if (a.kind != TK_WORD)
        return CLASS_NONE;
    for (size_t i = 0; i < sizeof kpi / sizeof kpi[0]; i++)
        if (atom_is(f->cx, a, kpi[i]))
            return CLASS_KPI;
    bool amounts = n > 1;
    for (uint32_t i = 1; i < n; i++)
        amounts &= c[i].numeric;
    return amounts ? CLASS_AMOUNTS : CLASS_KEYWORD;
}

static bool same_word(const Fmt *f, Atom a, Atom b)
{
    return a.span.len == b.span.len &&
           memcmp(f->text + a.span.off, f->text + b.span.off, a.span.len) == 0;
}

/* Nothing but white space and `a`'s own trailing comment between two
** statements; *ci is the first comment not yet looked at. */
static bool adjacent(const Fmt *f, const Stmt *a, const Stmt *b, uint32_t *ci)
{
    uint32_t end = a->span.off + a->span.len;
    if (newlines(f, end, b->span.off) >= 2)
        return false;
    for (; *ci < f->ncomments && f->comments[*ci].off < b->span.off; (*ci)++)
        if (f->comments[*ci].off >= end && f->anchor[*ci] != end - 1)
            return false;
    return true;
}

static Row make_row(Fmt *f, const Stmt *s, RowClass *k)
{
    Row r = { .st = s };
    r.cells = stmt_cells(f, s, &r.ncells);
    *k = row_class(f, s, r.cells, r.ncells);
    r.head = r.ncells;
    if (*k == CLASS_ROW || *k == CLASS_AMOUNTS)
        while (r.head > 1 && r.cells[r.head - 1].numeric)
            r.head--;
    return r;
}

/* The cells of a keyword statement before its first value (a cell that
** starts with a number: `1116.95万元`, `3人`). */
static uint32_t lead_cells(const Row *r)
{
    uint32_t i = 1;
    while (i < r->ncells && r->cells[i].atoms[0].kind != TK_NUMBER)
        i++;
    return i;
}

/* Keyword statements whose values start at different cells (`total
** income 当年 1116.95万元` and `total expenditure 1116.95万元`) line up
** their values, not their words: each row's words before its first value
** become one cell. */
static void merge_leads(Fmt *f, Row *rows, uint32_t n)
{
    uint32_t p0 = lead_cells(&rows[0]);
    bool same = true;
    for (uint32_t r = 1; r < n; r++)
        same &= lead_cells(&rows[r]) == p0;
    if (same)
        return;
    for (uint32_t r = 0; r < n; r++) {
        Row *w = &rows[r];
        uint32_t p = lead_cells(w);
        if (p < 2)
            continue;
        Cell *c = w->cells;
        for (uint32_t i = 1; i < p; i++) {
            c[0].natoms += c[i].natoms;
            c[0].width += c[i].width + 1;
        }
        c[0].numeric = false;
        c[0].spaced = true;
        memmove(c + 1, c + p, (w->ncells - p) * sizeof *c);
        w->ncells -= p - 1;
        w->head = w->ncells;
    }
}

/* The run that starts at `s` (at least `s` itself) into *rows. */
static uint32_t collect_run(Fmt *f, const Stmt *s, Row **rows)
{
    VEC(Row) v = { 0 };
    RowClass k, kt;
    vec_push(f->cx, &v, make_row(f, s, &k));
    uint32_t ci = f->next;
    for (const Stmt *t = s->next; k != CLASS_NONE && t; t = t->next) {
        Row r = make_row(f, t, &kt);
        if (kt != k || (k == CLASS_KEYWORD && !same_word(f, s->atoms[0],
                                                         t->atoms[0])) ||
            !adjacent(f, v.v[v.n - 1].st, t, &ci))
            break;
        vec_push(f->cx, &v, r);
    }
    if (k == CLASS_KEYWORD && v.n > 1)
        merge_leads(f, v.v, v.n);
    *rows = v.v;
    return v.n;
}

/* ---- the grid of a run ------------------------------------------------ */

typedef struct Grid {
    uint32_t *left;     /* start column of each head column (nhead + 1) */
    uint32_t *lw;       /* width of each head column */
    bool *lnum;         /* head column holds only numbers and '-' */
    uint32_t *redge;    /* end column of each tail column, from the right */
    uint32_t nhead;     /* head columns */
    uint32_t ntail;     /* tail columns */
} Grid;

static Grid grid_build(Fmt *f, const Row *rows, uint32_t n)
{
    Grid g = { 0 };
    for (uint32_t r = 0; r < n; r++) {
        g.nhead = rows[r].head > g.nhead ? rows[r].head : g.nhead;
        uint32_t t = rows[r].ncells - rows[r].head;
        g.ntail = t > g.ntail ? t : g.ntail;
    }
    g.lw = arena_alloc(f->cx, (g.nhead + 1) * sizeof *g.lw);
    g.left = arena_alloc(f->cx, (g.nhead + 1) * sizeof *g.left);
    g.lnum = arena_alloc(f->cx, (g.nhead + 1) * sizeof *g.lnum);
    for (uint32_t i = 1; i < g.nhead; i++)
        g.lnum[i] = true;
    uint32_t *rw = arena_alloc(f->cx, (g.ntail + 1) * sizeof *rw);
    g.redge = arena_alloc(f->cx, (g.ntail + 1) * sizeof *g.redge);
    for (uint32_t r = 0; r < n; r++) {
        const Row *w = &rows[r];
        for (uint32_t i = 0; i < w->ncells; i++) {
            uint32_t cw = w->cells[i].width;
            uint32_t *slot = i < w->head ? &g.lw[i] : &rw[w->ncells - 1 - i];
            *slot = cw > *slot ? cw : *slot;
            if (i < w->head)
                g.lnum[i] &= w->cells[i].numeric;
        }
    }
    for (uint32_t i = 0; i < g.nhead; i++)
        g.left[i + 1] = g.left[i] + g.lw[i] + 1;
    uint32_t edge = g.left[g.nhead];            /* the tail's end column */
    for (uint32_t j = 0; j < g.ntail; j++)
        edge += rw[j] + (j ? 1 : 0);
    for (uint32_t j = 0; j < g.ntail; j++) {
        g.redge[j] = edge;
        edge -= rw[j] + 1;
    }
    return g;
}

/* The column where cell i of a row starts. */
static uint32_t cell_start(const Grid *g, const Row *r, uint32_t i)
{
    const Cell *c = &r->cells[i];
    if (i >= r->head)
        return g->redge[r->ncells - 1 - i] - c->width;
    if (g->lnum[i])
        return g->left[i] + g->lw[i] - c->width;
    return g->left[i];
}

static uint32_t row_width(const Grid *g, const Row *r)
{
    uint32_t i = r->ncells - 1;
    return cell_start(g, r, i) + r->cells[i].width;
}

/* Write an aligned run; returns the statement after it. */
static const Stmt *fmt_run(Fmt *f, const Row *rows, uint32_t n, uint32_t depth)
{
    Grid g = grid_build(f, rows, n);
    uint32_t widest = 0;                 /* of the rows with a comment */
    for (uint32_t r = 0, ci = f->next; r < n; r++) {
        uint32_t last = last_byte(rows[r].st);
        while (ci < f->ncomments && f->comments[ci].off <= last)
            ci++;
        uint32_t w = row_width(&g, &rows[r]);
        if (ci < f->ncomments && f->anchor[ci] == last && w > widest)
            widest = w;
    }
    for (uint32_t r = 0; r < n; r++) {
        const Row *w = &rows[r];
        uint32_t col = 0;
        put_spaces(f, 2 * depth);
        for (uint32_t i = 0; i < w->ncells; i++) {
            uint32_t at = cell_start(&g, w, i);
            put_spaces(f, at - col);
            put_cell(f, w->cells[i]);
            col = at + w->cells[i].width;
        }
        if (has_trailing(f, last_byte(w->st)))
            put_spaces(f, widest - col);
        end_line(f, last_byte(w->st));
    }
    return rows[n - 1].st->next;
}

/* ---- statements and blocks -------------------------------------------- */

static void fmt_block(Fmt *f, const Stmt *s, uint32_t depth, uint32_t close);

/* A block that was written on one line with no block inside it. */
static bool one_line(const Fmt *f, const Stmt *s)
{
    uint32_t open = s->lbrace.off;
    if (memchr(f->text + open, '\n', last_byte(s) - open))
        return false;
    for (const Stmt *b = s->body; b; b = b->next)
        if (b->has_block)
            return false;
    return true;
}

static void put_inline_block(Fmt *f, const Stmt *s)
{
    if (!s->body) {
        put(f, " {}", 3);
        return;
    }
    put(f, " { ", 3);
    for (const Stmt *b = s->body; b; b = b->next) {
        put_cells(f, b);
        put(f, b->next ? "; " : " }", 2);
    }
}

static void fmt_stmt(Fmt *f, const Stmt *s, uint32_t depth)
{
    put_spaces(f, 2 * depth);
    put_cells(f, s);
    if (!s->has_block || one_line(f, s)) {
        if (s->has_block)
            put_inline_block(f, s);
        end_line(f, last_byte(s));
        return;
    }
    put(f, " {", 2);
    end_line(f, s->lbrace.off);
    f->block_start = true;
    fmt_block(f, s->body, depth + 1, last_byte(s));
    put_spaces(f, 2 * depth);
    put(f, "}", 1);
    end_line(f, last_byte(s));
    f->block_start = false;
}

/* The statements of one block from `s`, then the comments before its
** closing brace at `close`. */
static void fmt_block(Fmt *f, const Stmt *s, uint32_t depth, uint32_t close)
{
    while (s) {
        comments_before(f, s->span.off, depth);
        blank_line(f, s->span.off);
        Row *rows;
        uint32_t n = collect_run(f, s, &rows);
        if (n >= 2) {
            s = fmt_run(f, rows, n, depth);
        } else {
            fmt_stmt(f, s, depth);
            s = s->next;
        }
    }
    comments_before(f, close, depth);
}

char *fmt_source(Compilation *cx, uint32_t file, const Stmt *root,
                 size_t *len)
{
    const SourceFile *sf = cx->files.v[file];
    Fmt f = { .cx = cx, .text = sf->text, .len = sf->len,
              .comments = sf->comments.v, .ncomments = sf->comments.n,
              .block_start = true };
    if (sf->len >= 3 && memcmp(sf->text, "\xEF\xBB\xBF", 3) == 0)
        f.start = 3;
    f.last_end = f.start;
    f.anchor = arena_alloc(cx, (f.ncomments + 1) * sizeof *f.anchor);
    for (uint32_t i = 0; i < f.ncomments; i++)
        f.anchor[i] = comment_anchor(&f, f.comments[i].off);
    fmt_block(&f, root, 0, sf->len + 1);
    assert(f.next == f.ncomments);
    *len = f.n;
    return f.out ? f.out : arena_alloc(cx, 1);
}

/* ---- the command ------------------------------------------------------ */

typedef enum FmtMode { MODE_PRINT, MODE_WRITE, MODE_CHECK } FmtMode;

static int io_error(const char *what, const char *path, const char *why)
{
    fprintf(stderr, "budgetc: error: cannot %s '%s': %s\n", what, path, why);
    return 2;
}

/* The folder part of `path` ("." when it has none), arena-owned. */
static char *dir_of(Compilation *cx, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return arena_strndup(cx, ".", 1);
    return arena_strndup(cx, path, slash == path ? 1 : (size_t)(slash - path));
}

/* Replace `path` by `text` atomically: a temporary file in the same
** folder, then rename(2), which replaces the name itself and never writes
** through it to somewhere else.  Keeps the file's permission bits. */
static int write_atomic(Compilation *cx, const char *path, const char *text,
                        size_t n, const struct stat *st)
{
    char *tmp = arena_printf(cx, "%s/.budgetc-fmt-XXXXXX", dir_of(cx, path));
    int fd = mkstemp(tmp);
    if (fd < 0)
        return io_error("create a temporary file for", path, strerror(errno));
    bool ok = fchmod(fd, st->st_mode & 07777) == 0;
    for (size_t done = 0; ok && done < n;) {
        ssize_t w = write(fd, text + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        ok = w > 0;
        done += ok ? (size_t)w : 0;
    }
    ok = ok && fsync(fd) == 0;
    int err = errno;
    ok = close(fd) == 0 && ok;
    if (ok && rename(tmp, path) == 0)
        return 0;
    err = ok ? errno : err;
    unlink(tmp);
    return io_error("write", path, strerror(err));
}

/* Format one file as `mode` says; returns its exit status. */
static int fmt_file(Options *opt, const char *path, FmtMode mode)
{
    struct stat st;
    if (mode == MODE_WRITE) {
        if (lstat(path, &st) != 0)
            return io_error("read", path, strerror(errno));
        if (S_ISLNK(st.st_mode))
            return io_error("rewrite", path, "is a symbolic link; "
                            "format the file it points to");
    }
    Compilation *cx = cx_new(opt, NULL, NULL);
    char *text;
    uint32_t len;
    const char *why;
    if (!src_read_file(cx, path, &text, &len, &why)) {
        cx_free(cx);
        return io_error("read", path, why);
    }
    uint32_t file = src_add(cx, path, text, len, span_none());
    Stmt *root = ast_parse_file(cx, file);
    int status = 0;
    if (cx->nerrors) {
        diag_render(cx, stderr);
        cx_free(cx);
        return 1;
    }
    size_t n;
    char *out = fmt_source(cx, file, root, &n);
    bool same = n == len && memcmp(out, text, n) == 0;
    if (mode == MODE_PRINT && fwrite(out, 1, n, stdout) != n)
        status = io_error("write", "standard output", strerror(errno));
    else if (mode == MODE_CHECK && !same)
        status = printf("%s\n", path) < 0 ? 2 : 1;
    else if (mode == MODE_WRITE && !same)
        status = write_atomic(cx, path, out, n, &st);
    cx_free(cx);
    return status;
}

static int fmt_usage(const char *msg, const char *arg)
{
    fputs("budgetc: error: ", stderr);
    fprintf(stderr, msg, arg);
    fputs("\nTry 'budgetc help fmt'.\n", stderr);
    return 2;
}

int fmt_main(Options *opt, int argc, char **argv)
{
    FmtMode mode = MODE_PRINT;
    int nfiles = 0;
    bool options = true;                  /* until "--" */
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        FmtMode m = !options ? MODE_PRINT
                  : strcmp(a, "-w") == 0 ? MODE_WRITE
                  : strcmp(a, "--check") == 0 ? MODE_CHECK : MODE_PRINT;
        if (m != MODE_PRINT && mode != MODE_PRINT && m != mode)
            return fmt_usage("%s", "fmt takes -w or --check, not both");
        if (m != MODE_PRINT)
            mode = m;
        else if (options && strcmp(a, "--") == 0)
            options = false;
        else if (options && a[0] == '-' && a[1])
            return fmt_usage("unknown option '%s'", a);
        else
            argv[nfiles++] = argv[i];    /* the files, in order, in place */
    }
    if (nfiles == 0)
        return fmt_usage("%s", "fmt needs at least one FILE");
    int worst = 0;
    for (int i = 0; i < nfiles; i++) {
        int st = fmt_file(opt, argv[i], mode);
        worst = st > worst ? st : worst;
    }
    if (mode == MODE_PRINT && fflush(stdout) != 0)
        worst = io_error("write", "standard output", strerror(errno));
    return worst;
}
