/*
** json.h: a small streaming JSON writer.  Objects and arrays up to
** pretty_depth deep get one member per line, deeper ones stay on one line,
** so golden files diff line by line.
*/
#ifndef BUDGETC_JSON_H
#define BUDGETC_JSON_H

#include "budgetc.h"

typedef struct Json {
    FILE *out;              /* where it writes */
    int depth;              /* current nesting */
    int pretty_depth;       /* members at depth <= this go on own lines */
    bool after_key;         /* a key was written, its value comes next */
    bool need_comma[64];    /* per depth: a member was written */
} Json;

void json_open(Json *j, const char *key, char brace);
void json_close(Json *j, char brace);
void json_key(Json *j, const char *key);
void json_string(Json *j, const char *key, const char *v);
void json_int(Json *j, const char *key, int64_t v);
void json_bool(Json *j, const char *key, bool v);
void json_null(Json *j, const char *key);

#endif
