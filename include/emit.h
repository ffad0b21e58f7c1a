/*
** emit.h: the format writers.  A writer formats and writes a Document; it
** computes no number.  Each writes only fixed file names inside the output
** folder (out_open refuses anything else), so no name from a source file
** ever becomes a path.
*/
#ifndef BUDGETC_EMIT_H
#define BUDGETC_EMIT_H

#include "table.h"

/* Options of `budgetc build` that writers read. */
typedef struct BuildOptions {
    const char *dir;          /* the output folder */
    bool csv_bom;             /* UTF-8 BOM at the start of CSV files */
} BuildOptions;

typedef bool (*EmitFn)(Document *d, const BuildOptions *o);

typedef struct Emitter {
    const char *name;         /* as given to -f */
    EmitFn fn;
    const char *what;         /* what it writes, for messages */
} Emitter;

const Emitter *emit_find(const char *name);
const Emitter *emit_all(uint32_t *n);

bool emit_html(Document *d, const BuildOptions *o);
bool emit_xlsx(Document *d, const BuildOptions *o);
bool emit_csv(Document *d, const BuildOptions *o);
bool emit_json(Document *d, const BuildOptions *o);

/* output.c */
bool out_mkdirs(const char *dir);
FILE *out_open(Document *d, const BuildOptions *o, const char *rel);
bool out_close(Document *d, const BuildOptions *o, FILE *f, const char *rel);
bool out_commit(FILE *f, const char *tmp, const char *path);
char *out_path(Document *d, const BuildOptions *o, const char *rel);
const char *csv_cell(Document *d, const char *s);
const char *form_title(const Project *pr);

#endif
