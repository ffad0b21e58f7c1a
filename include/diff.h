/*
** diff.h: the semantic diff of two budgets.
*/
#ifndef BUDGETC_DIFF_H
#define BUDGETC_DIFF_H

#include "budgetc.h"

int diff_main(Compilation *old, Compilation *new, FILE *out, const char *format,
              bool as_prior);

#endif
