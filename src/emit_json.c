/*
** emit_json.c: placeholder while the json writer is written; it refuses.
*/
#include "budgetc.h"
#include "emit.h"

bool emit_json(Document *d, const BuildOptions *o)
{
    (void)d;
    (void)o;
    fputs("budgetc: error: the json writer is not built yet\n", stderr);
    return false;
}
