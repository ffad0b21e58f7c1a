/*
** consolidate.h: many checked departments as one program, for a finance
** bureau's tables of a whole city or province (docs/consolidation.md).
*/
#ifndef BUDGETC_CONSOLIDATE_H
#define BUDGETC_CONSOLIDATE_H

#include "budgetc.h"

typedef struct ConsOptions {
    const char *layout;       /* --layout, or NULL: the departments' own */
    const char *title;        /* --title, or NULL: "合并N个部门" */
} ConsOptions;

/* Read every input (a .bcf, or a .budget compiled here first), check the
** departments against each other and merge them into cx->prog with the
** catalogs and layouts of the modules they import.  Diagnostics are left
** in cx (or, for a .budget with errors, printed).  Returns the exit
** status: 0 merged, 1 an input or the set has errors, 2 unreadable or
** corrupt input. */
int cons_load(Compilation *cx, char **inputs, int n, const ConsOptions *o);

#endif
