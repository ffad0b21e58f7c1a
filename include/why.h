/*
** why.h: tracing a printed figure back to its facts.
*/
#ifndef BUDGETC_WHY_H
#define BUDGETC_WHY_H

#include "table.h"

int why_main(Document *d, FILE *out, const char *table, const char *row,
             const char *column);
char *why_sources(Document *d, const TCell *cell, uint32_t max);

#endif
