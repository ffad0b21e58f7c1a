/*
** lex.h: the lexer's state, shared by the generated lexer and the parser
** driver.
*/
#ifndef BUDGETC_LEX_H
#define BUDGETC_LEX_H

#include "budgetc.h"

typedef struct Lexer {
    Compilation *cx;                   /* for diagnostics and comments */
    uint32_t file;                     /* file being lexed */
    const unsigned char *base;         /* start of the buffer */
    const unsigned char *cur;          /* next byte to scan */
    const unsigned char *lim;          /* the terminating NUL */
    const unsigned char *line_start;   /* start of the current line */
    TokKind last;                      /* kind of the last token returned */
    bool long_line_reported;           /* E0009 given for this file */
} Lexer;

void lex_init(Lexer *lx, Compilation *cx, uint32_t file);
void lex_next(Lexer *lx, Token *t);
bool lex_check_text(Compilation *cx, uint32_t file);

#endif
