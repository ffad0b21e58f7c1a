/*
** lex.re: the re2c lexer for .budget source.
**
** Input is one NUL-terminated buffer that lex_check_text() has already
** validated as UTF-8 without interior NUL bytes.  Tokens are spans into
** it, never copies.  A catch-all rule turns any other byte into an error
** token, so no input leads to undefined behaviour.  Newlines and ';' end
** statements; a run of them yields one TK_END.  Comments are recorded in
** the file's comment list and otherwise skipped.
*/
#include "budgetc.h"
#include "lex.h"

#include <string.h>

/*!re2c
    re2c:define:YYCTYPE = "unsigned char";
    re2c:define:YYCURSOR = cur;
    re2c:define:YYMARKER = mar;
    re2c:yyfill:enable = 0;

    wide   = [\u0080-\u2263\u2266-\u2FFF\u3001-\uD7FF\uE000-\uFEFE\uFF00-\uFF1B\uFF1F-\U0010FFFF];
    alpha  = [A-Za-z_] | wide;
    alnum  = alpha | [0-9];
    word   = alpha (alnum | [-.] alnum)*;
    digits = [0-9]+;
    number = [+-]? digits ("," [0-9][0-9][0-9])* ("." digits)? ("%" | alpha alnum*)?;
    op     = ">=" | "<=" | ">" | "<" | "=" | "≥" | "≤" | "＞" | "＜" | "＝";
    ws     = [ \t\r] | "\u3000";
    strch  = [^"\\\n\x00] | "\\" [^\n\x00];
*/

void lex_init(Lexer *lx, Compilation *cx, uint32_t file)
{
    SourceFile *f = cx->files.v[file];
    lx->cx = cx;
    lx->file = file;
    lx->base = (const unsigned char *)f->text;
    lx->cur = lx->base;
    lx->lim = lx->base + f->len;
    lx->line_start = lx->base;
    lx->last = TK_END;            /* suppress a leading TK_END */
    lx->long_line_reported = false;
    /* skip a UTF-8 byte-order mark */
    if (f->len >= 3 && lx->base[0] == 0xEF && lx->base[1] == 0xBB &&
        lx->base[2] == 0xBF)
        lx->cur += 3;
}

static Span mkspan(Lexer *lx, const unsigned char *a, const unsigned char *b)
{
    Span s = { lx->file, (uint32_t)(a - lx->base), (uint32_t)(b - a) };
    return s;
}

static void newline_seen(Lexer *lx, const unsigned char *nl)
{
    if (!lx->long_line_reported &&
        (size_t)(nl - lx->line_start) > MAX_LINE_BYTES) {
        diag_emit(lx->cx, E0009, mkspan(lx, lx->line_start, lx->line_start),
                  "line is longer than 64 KiB");
        lx->long_line_reported = true;
    }
    lx->line_start = nl + 1;
}

/* The raw scanner: one token, comments and white space skipped. */
static TokKind scan(Lexer *lx, Token *t)
{
    const unsigned char *cur, *mar, *tok;
    cur = lx->cur;
    for (;;) {
        tok = cur;
        /*!re2c
            "\x00"  {
                if (tok >= lx->lim) { lx->cur = tok; t->span = mkspan(lx, tok, tok); return TK_EOF; }
                lx->cur = cur; t->span = mkspan(lx, tok, cur); return TK_ERROR;
            }
            ws+     { continue; }
            "#" [^\n\x00]* {
                Span c = mkspan(lx, tok, cur);
                vec_push(lx->cx, &lx->cx->files.v[lx->file]->comments, c);
                continue;
            }
            "\n"    { newline_seen(lx, tok); lx->cur = cur; t->span = mkspan(lx, tok, cur); return TK_END; }
            ";"     { lx->cur = cur; t->span = mkspan(lx, tok, cur); return TK_END; }
            "{"     { lx->cur = cur; t->span = mkspan(lx, tok, cur); return TK_LBRACE; }
            "}"     { lx->cur = cur; t->span = mkspan(lx, tok, cur); return TK_RBRACE; }
            "->"    { lx->cur = cur; t->span = mkspan(lx, tok, cur); return TK_ARROW; }
            "-"     { lx->cur = cur; t->span = mkspan(lx, tok, cur); return TK_DASH; }
            op      { lx->cur = cur; t->span = mkspan(lx, tok, cur); return TK_OP; }
            number  { lx->cur = cur; t->span = mkspan(lx, tok, cur); return TK_NUMBER; }
            word    { lx->cur = cur; t->span = mkspan(lx, tok, cur); return TK_WORD; }
            "@" word { lx->cur = cur; t->span = mkspan(lx, tok, cur); return TK_ANNOT; }
            ["] strch* ["] { lx->cur = cur; t->span = mkspan(lx, tok, cur); return TK_STRING; }
            ["] strch* {
                lx->cur = cur; t->span = mkspan(lx, tok, cur);
                diag_emit(lx->cx, E0004, t->span, "unterminated string");
                return TK_STRING;
            }
            * {
                lx->cur = cur; t->span = mkspan(lx, tok, cur);
                return TK_ERROR;
            }
        */
    }
}

/* The next token for the parser: runs of TK_END collapse into one, and
** none follows '{' or starts the file. */
void lex_next(Lexer *lx, Token *t)
{
    for (;;) {
        TokKind k = scan(lx, t);
        if (k == TK_END && (lx->last == TK_END || lx->last == TK_LBRACE))
            continue;
        if (k == TK_EOF && lx->last != TK_END && lx->last != TK_LBRACE &&
            lx->last != TK_EOF) {
            k = TK_END;                /* end the last statement */
            lx->cur = lx->lim;
        }
        if (k == TK_ERROR) {
            diag_emit(lx->cx, E0005, t->span, "unexpected character '%.*s'%s",
                      (int)t->span.len, (const char *)lx->base + t->span.off,
                      t->span.len == 1 && lx->base[t->span.off] < 0x80 &&
                          lx->base[t->span.off] != '"'
                          ? "; put text with punctuation in double quotes"
                          : "");
            continue;
        }
        t->kind = (uint8_t)k;
        lx->last = k;
        return;
    }
}

/* Validate a whole buffer before lexing: UTF-8 only, no NUL bytes.
** Reports at most a few diagnostics per file; returns false when the
** file must not be parsed. */
/* A well-formed three-byte UTF-8 sequence (U+0800..U+FFFF but the
** surrogates): where CJK text lives. */
static bool three_byte_ok(const unsigned char *u)
{
    if ((u[0] & 0xF0) != 0xE0 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
        return false;
    uint32_t v = (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6;
    return v >= 0x800 && (v < 0xD800 || v > 0xDFC0);
}

bool lex_check_text(Compilation *cx, uint32_t file)
{
    SourceFile *f = cx->files.v[file];
    const char *s = f->text;
    uint32_t n = f->len, i = 0, reported = 0;
    bool ok = true;
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    while (i < n) {
        /* fast paths: eight ASCII bytes without a NUL, one ASCII byte, a
        ** run of well-formed three-byte sequences (CJK); the rest is
        ** decoded */
        uint64_t w;
        if (n - i >= 8) {
            memcpy(&w, s + i, 8);
            uint64_t odd = (w | ((w - ones) & ~w)) & highs;
            if (!odd) {
                i += 8;
                continue;
            }
            i += (uint32_t)__builtin_ctzll(odd) >> 3;   /* the ASCII before it */
        }
        unsigned char c = (unsigned char)s[i];
        if (c - 1u < 0x7Fu) {
            i++;
            continue;
        }
        uint32_t run = i;                /* a run of CJK characters */
        while (n - run >= 3 && three_byte_ok((const unsigned char *)s + run))
            run += 3;
        if (run > i) {
            i = run;
            continue;
        }
        uint32_t cp, k = src_decode(s + i, n - i, &cp);
        bool bad = (cp == 0xFFFD && k == 1) || c == 0;
        if (bad) {
            ok = false;
            uint32_t j = i + 1;          /* one report per run */
            while (j < n && (((unsigned char)s[j] >= 0x80 &&
                    src_decode(s + j, n - j, &cp) == 1 && cp == 0xFFFD) ||
                    (c == 0 && s[j] == 0)))
                j++;
            Span sp = { file, i, j - i };
            if (reported++ < 8) {
                if (c == 0)
                    diag_emit(cx, E0003, sp, "NUL byte in source; the file "
                              "looks binary or UTF-16");
                else
                    diag_emit(cx, E0002, sp, "invalid UTF-8 byte 0x%02X; "
                              "source files must be UTF-8", c);
            }
            i = j;
            continue;
        }
        i += k;
    }
    if (reported > 8)
        diag_emit(cx, E0002, (Span){ file, 0, 0 },
                  "%u more encoding errors in this file not shown", reported - 8);
    return ok;
}
