/*
** factfile.h: budget compiled facts (.bcf), one checked department as a
** build artifact (docs/consolidation.md describes the format byte by
** byte).  The writer is deterministic: the same program gives the same
** bytes on any machine.  The reader trusts nothing: every count, index,
** enumeration and string is validated before use, and only the canonical
** encoding of a program is accepted.
*/
#ifndef BUDGETC_FACTFILE_H
#define BUDGETC_FACTFILE_H

#include "budgetc.h"
#include "program.h"

#define BCF_MAGIC "BUDGETCF"      /* the first 8 bytes */
#define BCF_VERSION 1u            /* the u32 after them */

/* The department, units, projects and facts of p as .bcf bytes (arena
** memory); *len is their count. */
uint8_t *bcf_encode(Compilation *cx, const Program *p, size_t *len);

/* Write p to path through path.tmp and a rename, so a failed or
** interrupted write never leaves a partial file; false after printing
** "budgetc: error: ..." on standard error. */
bool bcf_write(Compilation *cx, const Program *p, const char *path);

/* A new program (arena memory) from .bcf bytes, its spans in source file
** `file`; NULL with *why (a static or arena message) when the bytes are
** not a valid .bcf of this version. */
Program *bcf_decode(Compilation *cx, const uint8_t *data, size_t len,
                    uint32_t file, const char **why);

/* Read and decode path, registered as an artifact source file (no text)
** for diagnostics; NULL after printing "path: error: why". */
Program *bcf_read(Compilation *cx, const char *path);

/* Does path name a .bcf (by its extension)? */
bool bcf_is_path(const char *path);

#endif
