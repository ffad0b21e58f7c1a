/*
** ast.c: the syntax tree, and the driver that feeds tokens to the parser.
**
** A tree is a list of statements; a statement is an array of atoms (token
** spans, never copies) and an optional block of statements.  The driver
** matches braces itself, so an unmatched '}' or an unclosed '{' gets a
** precise diagnostic with a note, and nesting is bounded before the
** parser's stack is.
*/
#include "budgetc.h"
#include "lex.h"
#include "parse.h"
#include "parse_ctx.h"

#include <string.h>

static const char *const tok_names[] = {
#define X(k, d) d,
    TOKEN_KINDS(X)
#undef X
};

const char *tok_kind_name(TokKind k)
{
    return k < TK__COUNT ? tok_names[k] : "token";
}

StmtList ast_list_empty(void)
{
    StmtList l = { NULL, NULL };
    return l;
}

StmtList ast_list_add(StmtList l, Stmt *s)
{
    if (!s)
        return l;
    if (l.tail)
        l.tail->next = s;
    else
        l.head = s;
    l.tail = s;
    return l;
}

/* head ::= ATOMS : a statement's atoms, gathered by the driver in the
** parser's scratch buffer, move to an array of exactly their number, so
** a statement costs what it holds.  The token is the first atom. */
Stmt *ast_stmt_run(ParseCtx *pc, Token first)
{
    Stmt *s = arena_alloc_in(pc->cx->trees, sizeof *s);
    uint32_t n = pc->scratch.n;
    s->natoms = n;
    s->atoms = arena_alloc_in(pc->cx->trees, n * sizeof(Atom));
    memcpy(s->atoms, pc->scratch.v, n * sizeof(Atom));
    s->span = span_join(first.span, pc->scratch.v[n - 1].span);
    return s;
}

/* stmt ::= head */
Stmt *ast_stmt_done(ParseCtx *pc, Stmt *s)
{
    (void)pc;
    return s;
}

/* open ::= head '{' */
Stmt *ast_stmt_open(ParseCtx *pc, Stmt *s, Token open)
{
    (void)pc;
    s->has_block = true;
    s->lbrace = open.span;
    return s;
}

/* stmt ::= open block_body '}' */
Stmt *ast_stmt_block(ParseCtx *pc, Stmt *s, StmtList body, Token close)
{
    (void)pc;
    s->body = body.head;
    s->span = span_join(s->span, close.span);
    return s;
}

void ast_set_root(ParseCtx *pc, StmtList l)
{
    pc->root = l;
}

void ast_syntax_error(ParseCtx *pc, int major, Token t)
{
    (void)major;
    TokKind k = (TokKind)t.kind;
    if (k == TK_EOF) {
        diag_emit(pc->cx, E0001, t.span, "unexpected end of file");
        return;
    }
    if (k == TK_LBRACE) {
        diag_emit(pc->cx, E0001, t.span,
                  "a block must follow a statement's words, as in 'unit NAME { ... }'");
        return;
    }
    uint32_t n;
    const char *p = atom_text(pc->cx, t, &n);
    diag_emit(pc->cx, E0001, t.span,
              "unexpected %s '%.*s'; expected a new line after the block",
              tok_kind_name(k), (int)(n > 60 ? 60 : n), p);
}

void ast_stack_overflow(ParseCtx *pc)
{
    pc->overflow = true;
}

const char *atom_text(Compilation *cx, Atom a, uint32_t *len)
{
    *len = a.span.len;
    return cx->files.v[a.span.file]->text + a.span.off;
}

bool atom_is(Compilation *cx, Atom a, const char *word)
{
    uint32_t n;
    const char *p = atom_text(cx, a, &n);
    return (a.kind == TK_WORD || a.kind == TK_ANNOT) && strlen(word) == n &&
           memcmp(p, word, n) == 0;
}

static void put_utf8(char *out, uint32_t *k, uint32_t cp)
{
    if (cp < 0x80) {
        out[(*k)++] = (char)cp;
    } else if (cp < 0x800) {
        out[(*k)++] = (char)(0xC0 | cp >> 6);
        out[(*k)++] = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out[(*k)++] = (char)(0xE0 | cp >> 12);
        out[(*k)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[(*k)++] = (char)(0x80 | (cp & 0x3F));
    } else {
        out[(*k)++] = (char)(0xF0 | cp >> 18);
        out[(*k)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[(*k)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[(*k)++] = (char)(0x80 | (cp & 0x3F));
    }
}

/* Parse "\u{XXXX}" at p[0..n); returns bytes consumed or 0 if invalid. */
static uint32_t unicode_escape(const char *p, uint32_t n, uint32_t *cp)
{
    uint32_t i = 2, v = 0, digits = 0;
    if (n < 4 || p[1] != '{')
        return 0;
    for (; i < n && p[i] != '}'; i++, digits++) {
        char c = p[i];
        uint32_t d = c >= '0' && c <= '9' ? (uint32_t)(c - '0')
                   : c >= 'a' && c <= 'f' ? (uint32_t)(c - 'a' + 10)
                   : c >= 'A' && c <= 'F' ? (uint32_t)(c - 'A' + 10) : 99;
        if (d > 15 || digits >= 6)
            return 0;
        v = v * 16 + d;
    }
    if (i >= n || digits == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) ||
        v == 0)
        return 0;
    *cp = v;
    return i + 1;
}

/* The value of a string atom, unescaped, NUL-terminated, in the arena.
** A word's value is its text.  Bad escapes are reported (E0010). */
char *ast_string_value(Compilation *cx, Atom a, uint32_t *len)
{
    uint32_t n;
    const char *p = atom_text(cx, a, &n);
    if (a.kind != TK_STRING) {
        *len = n;
        return arena_strndup(cx, p, n);
    }
    p++;                                  /* opening quote */
    n = n >= 2 && p[n - 2] == '"' ? n - 2 : n - 1;
    char *out = arena_alloc(cx, n + 1);
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (p[i] != '\\') {
            out[k++] = p[i];
            continue;
        }
        char e = i + 1 < n ? p[i + 1] : 0;
        uint32_t cp, used;
        switch (e) {
        case '"': out[k++] = '"'; i++; break;
        case '\\': out[k++] = '\\'; i++; break;
        case 'n': out[k++] = '\n'; i++; break;
        case 't': out[k++] = '\t'; i++; break;
        case 'u':
            used = unicode_escape(p + i + 1, n - i - 1, &cp);
            if (used) {
                put_utf8(out, &k, cp);     /* at most 4 bytes for 6+ source */
                i += used;
                break;
            }
            /* fall through */
        default: {
            /* the span is the backslash and the whole character after it
            ** (never half a UTF-8 sequence), or the whole bad \u{...} */
            uint32_t w = 1;
            if (i + 1 < n)
                w += src_decode(p + i + 1, n - i - 1, &cp);
            if (e == 'u' && i + 2 < n && p[i + 2] == '{') {
                uint32_t j = i + 3;
                while (j < n && j < i + 16 && p[j] != '}' && p[j] != '\\')
                    j++;
                if (j < n && p[j] == '}')
                    w = j - i + 1;
            }
            Span sp = { a.span.file, a.span.off + 1 + i, w };
            diag_emit(cx, E0010, sp, "invalid escape '%.*s' in string; %s",
                      (int)w, p + i, e == 'u'
                      ? "\\u{XXXX} takes 1 to 6 hex digits naming a code "
                        "point that is not 0 or a surrogate (D800-DFFF)"
                      : "expected \\\" \\\\ \\n \\t or \\u{XXXX}");
            out[k++] = '\\';
        }
        }
    }
    out[k] = 0;
    *len = k;
    return out;
}

/* Lex and parse one file into its statement list. */
Stmt *ast_parse_file(Compilation *cx, uint32_t file)
{
    if (!lex_check_text(cx, file))
        return NULL;
    /* one parser and one scratch buffer serve every file: a file is
    ** parsed whole before its includes are read */
    ParseCtx pc = { .cx = cx, .file = file };
    if (!cx->trees)
        cx->trees = arena_child(cx->arena);
    if (!cx->parser)
        cx->parser = arena_alloc(cx, budget_parse_size());
    void *parser = cx->parser;
    pc.scratch.v = cx->scratch;
    pc.scratch.cap = cx->scratch_cap;
    budget_parseInit(parser, &pc);
    Lexer lx;
    lex_init(&lx, cx, file);
    Span open[MAX_NESTING];               /* spans of unclosed '{' */
    uint32_t nopen = 0;
    uint32_t depth = cx->max_depth < MAX_NESTING ? cx->max_depth : MAX_NESTING;
    bool too_deep = false;                /* stopped at E0008 */
    Token t, first = { 0 };
    bool in_run = false;                  /* atoms are being gathered */
    for (;;) {
        lex_next(&lx, &t);
        if (t.kind >= TK_WORD && t.kind <= TK_ANNOT) {
            /* the parser reduces a run when the token after it comes, so
            ** the buffer is emptied only when the next run starts */
            if (!in_run)
                pc.scratch.n = 0, first = t, in_run = true;
            vec_push(cx, &pc.scratch, t);
            continue;
        }
        if (in_run) {
            in_run = false;
            budget_parse(parser, LT_ATOMS, first);
            if (pc.overflow)
                break;
        }
        if (t.kind == TK_LBRACE) {
            if (nopen >= depth) {
                diag_emit(cx, E0008, t.span, "blocks nested more than %u deep",
                          depth);
                t.kind = TK_EOF;           /* stop reading this file */
                too_deep = true;
            } else {
                open[nopen++] = t.span;
            }
        } else if (t.kind == TK_RBRACE) {
            if (nopen == 0) {
                diag_emit(cx, E0007, t.span, "'}' without an open block");
                continue;
            }
            nopen--;
        }
        if (t.kind == TK_EOF) {
            /* close what is still open, innermost first; after E0008
            ** the blocks are not unclosed, the rest was just not read */
            while (nopen) {
                Span o = open[--nopen];
                if (!too_deep) {
                    Diag *d = diag_emit(cx, E0006, t.span,
                                        "end of file inside a block");
                    diag_note(cx, d, o, "the block opened here is not closed");
                }
                Token c = { TK_RBRACE, t.span };
                budget_parse(parser, LT_RBRACE, c);
                c.kind = TK_END;
                budget_parse(parser, LT_END, c);
            }
            budget_parse(parser, 0, t);
            break;
        }
        budget_parse(parser, t.kind == TK_END ? LT_END
                           : t.kind == TK_LBRACE ? LT_LBRACE : LT_RBRACE, t);
        if (pc.overflow)
            break;
    }
    budget_parseFinalize(parser);
    cx->scratch = pc.scratch.v;
    cx->scratch_cap = pc.scratch.cap;
    if (pc.overflow) {
        diag_emit(cx, E0008, t.span, "statement too deeply nested to parse");
        return NULL;
    }
    return pc.root.head;
}
