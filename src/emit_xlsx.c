/*
** emit_xlsx.c: placeholder while the xlsx writer is written; it refuses.
*/
#include "budgetc.h"
#include "emit.h"

bool emit_xlsx(Document *d, const BuildOptions *o)
{
    (void)d;
    (void)o;
    fputs("budgetc: error: the xlsx writer is not built yet\n", stderr);
    return false;
}
