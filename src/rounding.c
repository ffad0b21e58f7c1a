/*
** rounding.c: --rounding=balanced.  Placeholder: not written yet.
*/
#include "budgetc.h"
#include "table.h"

void rounding_balance(Document *d, TableOut *t)
{
    (void)d;
    (void)t;
}
