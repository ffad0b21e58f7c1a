/*
** emit_html.c: placeholder while the html writer is written; it refuses.
*/
#include "budgetc.h"
#include "emit.h"

bool emit_html(Document *d, const BuildOptions *o)
{
    (void)d;
    (void)o;
    fputs("budgetc: error: the html writer is not built yet\n", stderr);
    return false;
}
