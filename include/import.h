/*
** import.h: `budgetc import`, a department's existing disclosure tables
** (CSV or XLSX) into .budget source it can start from.
*/
#ifndef BUDGETC_IMPORT_H
#define BUDGETC_IMPORT_H

#include "budgetc.h"

/* `budgetc import [--layout NAME] [--map FILE] [--department NAME]
** [--catalog FILE]... [-I DIR]... INPUT [-o OUT.budget]`: the arguments
** after the command name.  Returns the exit status: 0 (written; warnings
** allowed), 1 (the input cannot be read as the layout's tables: nothing
** is written), 2 (usage or I/O). */
int import_main(Options *opt, int argc, char **argv);

#endif
