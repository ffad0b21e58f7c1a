/*
** parse.y: the lemon grammar of .budget source.
**
** The language has one shape: a statement is a run of atoms, optionally
** followed by a block of statements in braces, ended by TK_END (a newline
** or ';').  What a statement means is decided later, by the schema in
** sema.c; the grammar builds the tree and recovers from errors at the next
** end of statement.  Every action is one call into an ast_ constructor.
*/

%name budget_parse
%token_prefix LT_
%token_type { Token }
%extra_context { ParseCtx *pc }
%stack_size 400

%include {
#include "budgetc.h"
#include "parse_ctx.h"
#include <assert.h>
}

%code {
size_t budget_parse_size(void) { return sizeof(yyParser); }
}

%syntax_error { ast_syntax_error(pc, yymajor, yyminor); }
%stack_overflow { ast_stack_overflow(pc); }

/* ATOMS is a statement's run of atoms (words, numbers, strings,
** operators, '-', '->', annotations): the driver in ast.c gathers them,
** so the parser sees one token per statement head, not one per atom. */
%token END ATOMS LBRACE RBRACE.

%type stmt_list { StmtList }
%type block_body { StmtList }
%type stmt { Stmt * }
%type head { Stmt * }
%type open { Stmt * }

file ::= stmt_list(L).                          { ast_set_root(pc, L); }

stmt_list(A) ::= .                              { A = ast_list_empty(); }
stmt_list(A) ::= stmt_list(L) END.              { A = L; }
stmt_list(A) ::= stmt_list(L) stmt(S) END.      { A = ast_list_add(L, S); }
stmt_list(A) ::= stmt_list(L) error END.        { A = L; yypParser->yyerrcnt = -1; /* recovered: report the next error too */ }

block_body(A) ::= stmt_list(L).                 { A = L; }
block_body(A) ::= stmt_list(L) stmt(S).         { A = ast_list_add(L, S); }

stmt(A) ::= head(H).                            { A = ast_stmt_done(pc, H); }
stmt(A) ::= open(H) block_body(B) RBRACE(C).    { A = ast_stmt_block(pc, H, B, C); }
open(A) ::= head(H) LBRACE(O).                  { A = ast_stmt_open(pc, H, O); }

head(A) ::= ATOMS(T).                           { A = ast_stmt_run(pc, T); }
