/*
** json.c: the JSON writer the JSON outputs share.
**
** Strings are escaped per RFC 8259, with U+2028/U+2029 and the
** bidirectional controls escaped too, so output is safe to embed in a
** page.  Input is UTF-8 already validated by the lexer.
*/
#include "budgetc.h"
#include "json.h"

#include <string.h>

void json_str(FILE *out, const char *s, size_t n)
{
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': fputs("\\\"", out); continue;
        case '\\': fputs("\\\\", out); continue;
        case '\n': fputs("\\n", out); continue;
        case '\t': fputs("\\t", out); continue;
        case '\r': fputs("\\r", out); continue;
        default: break;
        }
        if (c < 0x20 || c == 0x7F) {
            fprintf(out, "\\u%04x", c);
            continue;
        }
        if (c >= 0x80) {
            uint32_t cp, k = src_decode(s + i, (uint32_t)(n - i), &cp);
            if (cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
                (cp >= 0x2066 && cp <= 0x2069))
                fprintf(out, "\\u%04x", cp);
            else
                fwrite(s + i, 1, k, out);
            i += k - 1;
            continue;
        }
        fputc(c, out);
    }
    fputc('"', out);
}

/* ---- a small structured writer -------------------------------------- */

static void sep(Json *j)
{
    if (j->need_comma[j->depth])
        fputc(',', j->out);
    if (j->depth <= j->pretty_depth) {
        fputc('\n', j->out);
        for (int i = 0; i < j->depth; i++)
            fputs("  ", j->out);
    }
    j->need_comma[j->depth] = true;
}

void json_open(Json *j, const char *key, char brace)
{
    if (key)
        json_key(j, key);
    else if (!j->after_key)
        sep(j);
    j->after_key = false;
    fputc(brace, j->out);
    j->depth++;
    j->need_comma[j->depth] = false;
}

void json_close(Json *j, char brace)
{
    bool had = j->need_comma[j->depth];
    j->depth--;
    if (had && j->depth < j->pretty_depth) {
        fputc('\n', j->out);
        for (int i = 0; i < j->depth; i++)
            fputs("  ", j->out);
    }
    fputc(brace, j->out);
}

void json_key(Json *j, const char *key)
{
    sep(j);
    json_str(j->out, key, strlen(key));
    fputc(':', j->out);
    j->after_key = true;
}

static void value_prefix(Json *j, const char *key)
{
    if (key)
        json_key(j, key);
    else if (!j->after_key)
        sep(j);
    j->after_key = false;
}

void json_string(Json *j, const char *key, const char *v)
{
    value_prefix(j, key);
    if (v)
        json_str(j->out, v, strlen(v));
    else
        fputs("null", j->out);
}

void json_int(Json *j, const char *key, int64_t v)
{
    value_prefix(j, key);
    fprintf(j->out, "%lld", (long long)v);
}

void json_bool(Json *j, const char *key, bool v)
{
    value_prefix(j, key);
    fputs(v ? "true" : "false", j->out);
}

void json_null(Json *j, const char *key)
{
    value_prefix(j, key);
    fputs("null", j->out);
}
