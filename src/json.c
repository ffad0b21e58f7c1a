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

/* \uXXXX, lowercase hex as the golden files have it. */
static void json_u(FILE *out, uint32_t cp)
{
    static const char hex[] = "0123456789abcdef";
    char b[6] = { '\\', 'u', hex[cp >> 12 & 15], hex[cp >> 8 & 15],
                  hex[cp >> 4 & 15], hex[cp & 15] };
    fwrite(b, 1, sizeof b, out);
}

/* The escape of a byte below 0x80, or NULL when it is written as is. */
static const char *json_ascii_escape(unsigned char c)
{
    switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\n': return "\\n";
    case '\t': return "\\t";
    case '\r': return "\\r";
    }
    return NULL;
}

/* Runs of bytes that need no escape go out in one fwrite.  Only 0xE2
** leads a character that is escaped (U+2028/9, U+202A-E, U+2066-9), and
** it is never a continuation byte, so every other byte above 0x7F is
** part of a run. */
void json_str(FILE *out, const char *s, size_t n)
{
    putc_unlocked('"', out);
    size_t run = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp = c, k = 1;
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
            i++;
            continue;
        }
        if (c >= 0x80) {
            if (c == 0xE2)
                k = src_decode(s + i, (uint32_t)(n - i), &cp);
            if (c != 0xE2 || !(cp == 0x2028 || cp == 0x2029 ||
                               (cp >= 0x202A && cp <= 0x202E) ||
                               (cp >= 0x2066 && cp <= 0x2069))) {
                i += k;
                continue;
            }
        }
        fwrite(s + run, 1, i - run, out);
        const char *e = c < 0x80 ? json_ascii_escape(c) : NULL;
        if (e)
            fputs(e, out);
        else
            json_u(out, cp);
        i += k;
        run = i;
    }
    fwrite(s + run, 1, n - run, out);
    putc_unlocked('"', out);
}

/* ---- a small structured writer -------------------------------------- */

static void sep(Json *j)
{
    if (j->need_comma[j->depth])
        putc_unlocked(',', j->out);
    if (j->depth <= j->pretty_depth) {
        putc_unlocked('\n', j->out);
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
    putc_unlocked(brace, j->out);
    j->depth++;
    j->need_comma[j->depth] = false;
}

void json_close(Json *j, char brace)
{
    bool had = j->need_comma[j->depth];
    j->depth--;
    if (had && j->depth < j->pretty_depth) {
        putc_unlocked('\n', j->out);
        for (int i = 0; i < j->depth; i++)
            fputs("  ", j->out);
    }
    putc_unlocked(brace, j->out);
}

void json_key(Json *j, const char *key)
{
    sep(j);
    json_str(j->out, key, strlen(key));
    putc_unlocked(':', j->out);
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
    char b[24];
    size_t k = 0;
    if (v < 0)
        b[k++] = '-';
    k += fmt_u64(b + k, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
    fwrite(b, 1, k, j->out);
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
