/*
** budgetc.h: the types every phase of the compiler shares.
**
** The pipeline is source -> lexer -> parser -> AST (statements with byte
** spans) -> resolver (includes, imports) -> sema (the program model: facts,
** totals, projects) -> checkers -> backends.  Every phase takes the one
** Compilation first; everything it allocates lives in the compilation's
** arena and is freed with it.  There are no mutable globals.
*/
#ifndef BUDGETC_H
#define BUDGETC_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BUDGETC_VERSION "0.1.0"

typedef struct Arena Arena;
typedef struct Compilation Compilation;
typedef struct Program Program;

/* ---- arena.c: one arena per compilation -------------------------------- */

/* Allocation hook: every byte the compiler allocates goes through it, so a
** test can fail the Nth allocation.  Returns NULL on failure. */
typedef void *(*AllocHook)(void *ud, void *old, size_t size);

Arena *arena_new(AllocHook hook, void *ud);     /* caller owns; NULL on OOM */
void arena_free(Arena *a);                      /* frees every block */
void *arena_alloc(Compilation *cx, size_t n);   /* zeroed; exits 2 on OOM */
void *arena_alloc_in(Arena *a, size_t n);       /* the same, from arena a */
void *arena_try_alloc(Compilation *cx, size_t n); /* NULL when out of memory */
void arena_fail(Compilation *cx);               /* the out-of-memory unwind */
void *arena_grow(Compilation *cx, void *p, size_t old, size_t n);
char *arena_strndup(Compilation *cx, const char *s, size_t n);
char *arena_vprintf(Compilation *cx, const char *fmt, va_list ap);
char *arena_printf(Compilation *cx, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
size_t arena_bytes(const Arena *a);             /* bytes handed out */
Arena *arena_child(Arena *a);                   /* freed with a */
typedef struct ArenaMark { void *block; size_t used, handed; } ArenaMark;
ArenaMark arena_mark(const Arena *a);           /* the arena's state now */
void arena_release(Arena *a, ArenaMark m);      /* free what came after m */
void arena_adopt(Arena *a, Arena *other);       /* other is freed with a */
void arena_block_size(Arena *a, size_t n);      /* size of the next blocks */
void arena_quiet(Arena *a);                     /* OOM: no fatal line */
void arena_on_oom(Arena *a, jmp_buf *jb);       /* longjmp here on OOM */
void *arena_temp(Compilation *cx, size_t n);     /* scratch outside the arena */
void arena_temp_free(Compilation *cx, void *p);

/* A growable array in the arena: `n` used, `cap` allocated. */
#define VEC(T) struct { T *v; uint32_t n, cap; }
#define vec_push(cx, vec, x) do { \
    if ((vec)->n == (vec)->cap) { \
        uint32_t nc_ = (vec)->cap ? (vec)->cap * 2 : 8; \
        (vec)->v = arena_grow((cx), (vec)->v, (vec)->cap * sizeof *(vec)->v, \
                              nc_ * sizeof *(vec)->v); \
        (vec)->cap = nc_; \
    } \
    (vec)->v[(vec)->n++] = (x); \
} while (0)

/* ---- strmap.c: (string, number) -> index ----------------------------- */

typedef struct StrMap StrMap;
StrMap *map_new(Compilation *cx);
int32_t map_get(StrMap *m, const char *key, int64_t num);   /* -1: absent */
int32_t map_put(Compilation *cx, StrMap *m, const char *key, int64_t num,
                int32_t value);                             /* the stored one */
void map_set(StrMap *m, const char *key, int64_t num, int32_t value);

/* ---- source.c: files and positions ----------------------------------- */

/* A byte range of one source file. */
typedef struct Span {
    uint32_t file;   /* index into cx->files */
    uint32_t off;    /* first byte */
    uint32_t len;    /* byte length; 0 for a point */
} Span;

typedef struct SourceFile {
    const char *path;        /* as given or resolved; arena-owned */
    const char *text;        /* NUL-terminated contents; arena-owned */
    uint32_t len;            /* bytes, without the terminating NUL */
    uint32_t *lines;         /* byte offset of each line start, lazily built */
    uint32_t nlines;         /* entries in lines; 0 until built */
    Span included_from;      /* the include statement; len 0 for a root */
    bool is_stdlib;          /* found on the module search path */
    uint64_t dev, ino;       /* identity, to find cycles and repeats */
    VEC(Span) comments;      /* every comment, in order (for the formatter) */
    Arena *trees;            /* where its syntax tree is (the compilation's
                             ** tree arena, or its own when parsed ahead) */
    ArenaMark tree_mark;     /* the tree is after this: resolve_leave frees it */
    bool artifact;           /* a .bcf read by consolidation: no text, so
                             ** diagnostics name the file, not a line */
} SourceFile;

typedef struct LineCol {
    uint32_t line;      /* 1-based */
    uint32_t col;       /* 1-based display column (CJK = 2) */
    uint32_t byte_col;  /* 1-based byte column */
} LineCol;

uint32_t src_add(Compilation *cx, const char *path, const char *text,
                 uint32_t len, Span from);
LineCol src_linecol(Compilation *cx, uint32_t file, uint32_t off);
const char *src_line(Compilation *cx, uint32_t file, uint32_t line,
                     uint32_t *len);
uint32_t src_char_width(uint32_t cp);
uint32_t src_decode(const char *s, uint32_t n, uint32_t *cp);
uint32_t src_display_width(const char *s, uint32_t n);
bool src_read_file(Compilation *cx, const char *path, char **text,
                   uint32_t *len, const char **why);
struct stat;
bool src_read_file_stat(Compilation *cx, const char *path, char **text,
                        uint32_t *len, const char **why, struct stat *st);
/* s as a .budget string literal (arena memory). */
const char *src_quoted(Compilation *cx, const char *s);
/* s as a .budget atom: itself if it is a word, else quoted. */
const char *src_atom(Compilation *cx, const char *s);

/* ---- diag.c: diagnostics --------------------------------------------- */

typedef enum Severity { SEV_ALLOW, SEV_NOTE, SEV_WARNING, SEV_ERROR } Severity;

#define DIAG_CODE(code, sev, title, explain) code,
typedef enum DiagCode {
#include "diag.def"
    DIAG_COUNT
} DiagCode;
#undef DIAG_CODE

typedef struct DiagNote {
    Span span;          /* where; len 0 and file UINT32_MAX for none */
    const char *msg;    /* arena-owned */
} DiagNote;

typedef struct Diag {
    DiagCode code;
    Severity sev;
    Span span;
    const char *msg;
    VEC(DiagNote) notes;
    uint32_t seq;       /* discovery order, for a stable sort */
} Diag;

const char *diag_code_name(DiagCode c);
Severity diag_default_severity(DiagCode c);
const char *diag_title(DiagCode c);
const char *diag_explanation(DiagCode c);
int diag_lookup(const char *name);     /* -1 when unknown */
Diag *diag_emit(Compilation *cx, DiagCode code, Span span, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
void diag_note(Compilation *cx, Diag *d, Span span, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
void diag_render(Compilation *cx, FILE *out);
void diag_explain(FILE *out, DiagCode c);
void diag_markdown(FILE *out);
Span span_none(void);
Span span_join(Span a, Span b);

/* ---- money.c: exact amounts ------------------------------------------ */

typedef enum MoneyUnit { UNIT_NONE, UNIT_FEN, UNIT_YUAN, UNIT_WANYUAN } MoneyUnit;

/* An amount as written: exact value and the precision it was stated with. */
typedef struct Money {
    int64_t fen;        /* exact value in fen (分) */
    uint8_t unit;       /* MoneyUnit it was written in */
    uint8_t decimals;   /* digits after the point as written */
} Money;

typedef enum NumStatus {
    NUM_OK, NUM_OVERFLOW, NUM_TOO_FINE, NUM_MALFORMED
} NumStatus;

/* A parsed numeric literal: digits, sign, decimals, suffix. */
typedef struct Numeral {
    bool neg;           /* leading '-' */
    const char *digits; /* integer and fraction digits, no separators */
    uint32_t nint;      /* integer digits */
    uint32_t nfrac;     /* fraction digits */
    const char *suffix; /* unit text glued to the number, or "" */
    uint32_t nsuffix;
} Numeral;

NumStatus num_split(const char *s, uint32_t n, Numeral *out, char *buf,
                    size_t bufsize);
NumStatus money_from_numeral(const Numeral *nm, MoneyUnit unit, Money *out);
bool num_hundredths(const Numeral *nm, int64_t *out);
MoneyUnit money_unit_from(const char *s, uint32_t n);
int64_t money_tolerance(Money m);
bool money_add(int64_t a, int64_t b, int64_t *out);
char *money_format(Compilation *cx, int64_t fen, MoneyUnit unit, int decimals);
#define MONEY_TEXT_MAX 48  /* money_format_to's buffer: sign, 20 digits, 6 commas, point, decimals */
size_t fmt_u64(char *buf, uint64_t v);  /* digits into buf[21]; the length */
size_t money_format_to(char *buf, int64_t fen, MoneyUnit unit, int decimals,
                       bool separators);
const char *money_unit_name(MoneyUnit u);

/* ---- the front end: lexer, parser, AST ------------------------------- */

#define TOKEN_KINDS(X) \
    X(TK_EOF, "end of file") \
    X(TK_END, "end of statement") \
    X(TK_WORD, "word") \
    X(TK_NUMBER, "number") \
    X(TK_STRING, "string") \
    X(TK_OP, "operator") \
    X(TK_DASH, "'-'") \
    X(TK_ARROW, "'->'") \
    X(TK_ANNOT, "annotation") \
    X(TK_LBRACE, "'{'") \
    X(TK_RBRACE, "'}'") \
    X(TK_ERROR, "invalid token")

#define X(k, d) k,
typedef enum TokKind { TOKEN_KINDS(X) TK__COUNT } TokKind;
#undef X

typedef struct Token {
    uint8_t kind;       /* TokKind */
    Span span;
} Token;

/* One atom of a statement: a token kept in the tree. */
typedef Token Atom;

typedef struct Stmt Stmt;
struct Stmt {
    Span span;          /* first atom through the end of its block */
    Atom *atoms;        /* arena array */
    uint32_t natoms;
    Stmt *body;         /* first statement of its block; NULL if none */
    Stmt *next;         /* next statement in the same block */
    bool has_block;     /* braces were written, even if empty */
    Span lbrace;        /* position of '{' when has_block */
};

typedef struct StmtList { Stmt *head, *tail; } StmtList;

const char *tok_kind_name(TokKind k);
Stmt *ast_stmt(Compilation *cx, StmtList *atoms_as_list);
Stmt *ast_parse_file(Compilation *cx, uint32_t file);
char *ast_string_value(Compilation *cx, Atom a, uint32_t *len);
const char *atom_text(Compilation *cx, Atom a, uint32_t *len);
bool atom_is(Compilation *cx, Atom a, const char *word);

/* ---- the compilation ------------------------------------------------- */

typedef enum ErrorFormat { FMT_HUMAN, FMT_JSON } ErrorFormat;

/* Command-line options that shape a compilation. */
typedef struct Options {
    ErrorFormat error_format;          /* how diagnostics are printed */
    bool color;                        /* reserved: no colour yet */
    VEC(const char *) search;          /* -I directories, in order */
    const char *env_path;              /* BUDGETC_PATH or NULL */
    const char *stdlib_dir;            /* installed stdlib folder */
    uint8_t severity[DIAG_COUNT + 1];  /* 0 = default, else Severity+1 */
    bool warnings_as_errors;           /* -Werror */
    uint32_t jobs;                     /* threads; < 2: no prefetch */
} Options;

struct Compilation {
    Arena *arena;                 /* owns everything below */
    Options *opt;                 /* borrowed */
    VEC(SourceFile *) files;      /* every file read, roots first */
    VEC(Diag *) diags;            /* in discovery order */
    uint32_t nerrors, nwarnings;  /* after severity mapping */
    Program *prog;                /* the program model, after sema */
    uint32_t max_depth;           /* block nesting limit */
    VEC(uint32_t) stack;          /* files being walked, outermost first */
    VEC(const char *) modules;    /* modules imported so far */
    bool io_error;                /* a root file could not be read */
    VEC(struct Allow *) allows;   /* @allow annotations in force */
    StrMap *file_map;             /* (dev, ino) -> file, for resolve.c */
    void *parser;                 /* the lemon parser, reused per file */
    Token *scratch;               /* the parser's atom buffer, reused */
    uint32_t scratch_cap;
    uint32_t files_mapped;        /* files entered in file_map so far */
    Arena *trees;                 /* the syntax trees: a walked file's is
                                  ** given back (resolve_leave) */
    struct Prefetch *prefetch;    /* the parsing thread, or NULL */
};

#define MAX_FILE_BYTES (64u << 20)
#define MAX_LINE_BYTES (64u << 10)
#define MAX_NESTING 32u
#define MAX_INCLUDE_DEPTH 64u

Compilation *cx_new(Options *opt, AllocHook hook, void *ud);
Compilation *cx_new_in(Arena *a, Options *opt);
void cx_free(Compilation *cx);
void cx_oom(void);

/* resolve.c: files, includes and imports.  The sema walk calls
** resolve_include/resolve_import when it meets those statements and
** brackets the walk of the returned statements with enter/leave, so the
** stack of files being walked finds include cycles. */
Stmt *resolve_root(Compilation *cx, const char *path, uint32_t *file);
Stmt *resolve_include(Compilation *cx, Stmt *st, uint32_t *file);
Stmt *resolve_import(Compilation *cx, Stmt *st, uint32_t *file);
size_t resolve_dir_len(const char *from, const char *rel);
void resolve_enter(Compilation *cx, uint32_t file);
void resolve_leave(Compilation *cx);

/* prefetch.c: included files read and parsed ahead on a second thread
** (Options.jobs > 1), with the output of a single-threaded run. */
void prefetch_start(Compilation *cx);
void prefetch_stop(Compilation *cx);
void prefetch_scan(Compilation *cx, uint32_t file, Stmt *root);
bool prefetch_take(Compilation *cx, const char *path, Span from,
                   uint32_t *file, Stmt **root);
bool prefetch_stat(Compilation *cx, const char *path, struct stat *st);

/* sema.c: statements -> program model */
Program *sema_build(Compilation *cx, Stmt *root, bool need_department);

/* driver.c: the whole front end and the checkers for one root file.
** Returns the compilation (caller frees); *status is 0, 1 or 2.  Out of
** memory anywhere inside ends the compilation cleanly with status 2. */
Compilation *driver_compile(Options *opt, const char *path, AllocHook hook,
                            void *ud, int *status);

/* dump.c */
void dump_program(Compilation *cx, FILE *out);

/* json.c: tiny writer shared by the JSON outputs */
void json_str(FILE *out, const char *s, size_t n);

#endif
