/*
** fmt.h: `budgetc fmt`, the one canonical layout of .budget source.
*/
#ifndef BUDGETC_FMT_H
#define BUDGETC_FMT_H

#include "budgetc.h"

/* The formatted text of a parsed file (its statements `root`, its comment
** spans in cx->files.v[file]->comments).  Returns arena memory, not NUL
** terminated; *len is its length (0 for a file with nothing in it). */
char *fmt_source(Compilation *cx, uint32_t file, const Stmt *root,
                 size_t *len);

/* `budgetc fmt [-w | --check] FILE...`: arguments after the command name.
** Returns the exit status: 0, 1 (a file would change under --check, or
** has syntax errors), 2 (usage or I/O). */
int fmt_main(Options *opt, int argc, char **argv);

#endif
