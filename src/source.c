/*
** source.c: source files, and positions in them.
**
** A file is read whole into one NUL-terminated buffer; tokens and spans
** are byte offsets into it.  Line starts are computed only when a
** diagnostic needs a line and column.  Columns are display columns: East
** Asian wide and full-width characters count two, as a terminal shows them.
*/
#include "budgetc.h"

#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

uint32_t src_add(Compilation *cx, const char *path, const char *text,
                 uint32_t len, Span from)
{
    SourceFile *f = arena_alloc(cx, sizeof *f);
    f->path = arena_strndup(cx, path, strlen(path));
    f->text = text;
    f->len = len;
    f->included_from = from;
    vec_push(cx, &cx->files, f);
    return cx->files.n - 1;
}

/* Read a whole file into the arena.  On failure *why says why.  One
** open, one fstat, reads straight into the buffer: a province's budget is
** thousands of files.  Out of memory unwinds to the driver only after the
** file is closed. */
bool src_read_file(Compilation *cx, const char *path, char **text,
                   uint32_t *len, const char **why)
{
    struct stat st;
    return src_read_file_stat(cx, path, text, len, why, &st);
}

/* The same, and the file's status as read (for the parsing thread). */
bool src_read_file_stat(Compilation *cx, const char *path, char **text,
                        uint32_t *len, const char **why, struct stat *sb)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0) {
        *why = strerror(errno);
        if (fd >= 0)
            close(fd);
        return false;
    }
    *why = !S_ISREG(st.st_mode) ? (S_ISDIR(st.st_mode) ? "is a directory"
                                                      : "is not a regular file")
         : (uint64_t)st.st_size > MAX_FILE_BYTES ? "is larger than 64 MiB"
         : NULL;
    size_t cap = (size_t)st.st_size;
    char *buf = *why ? NULL : arena_try_alloc(cx, cap + 2);
    if (!buf) {
        close(fd);
        if (!*why)
            arena_fail(cx);          /* out of memory, the file closed */
        return false;
    }
    size_t n = 0;
    while (n <= cap) {               /* one byte more: did it grow? */
        ssize_t k = read(fd, buf + n, cap + 1 - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            *why = "read error";
            close(fd);
            return false;
        }
        if (k == 0)
            break;
        n += (size_t)k;
    }
    close(fd);
    if (n > cap) {
        *why = "changed while it was being read";
        return false;
    }
    buf[n] = 0;
    *text = buf;
    *len = (uint32_t)n;
    *sb = st;
    return true;
}

static void build_lines(Compilation *cx, SourceFile *f)
{
    uint32_t n = 1;
    for (uint32_t i = 0; i < f->len; i++)
        n += f->text[i] == '\n';
    f->lines = arena_alloc(cx, n * sizeof *f->lines);
    f->lines[0] = 0;
    uint32_t k = 1;
    for (uint32_t i = 0; i < f->len; i++)
        if (f->text[i] == '\n')
            f->lines[k++] = i + 1;
    f->nlines = n;
}

/* Decode one UTF-8 sequence at s (n bytes available).  Returns its length
** (at least 1); an invalid sequence decodes as U+FFFD of length 1. */
uint32_t src_decode(const char *s, uint32_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    *cp = 0xFFFD;
    if (n == 0)
        return 0;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    uint32_t need, min, c;
    if ((u[0] & 0xE0) == 0xC0) { need = 1; min = 0x80; c = u[0] & 0x1F; }
    else if ((u[0] & 0xF0) == 0xE0) { need = 2; min = 0x800; c = u[0] & 0x0F; }
    else if ((u[0] & 0xF8) == 0xF0) { need = 3; min = 0x10000; c = u[0] & 0x07; }
    else return 1;
    if (n < need + 1)
        return 1;
    for (uint32_t i = 1; i <= need; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 1;
        c = (c << 6) | (u[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 1;
    *cp = c;
    return need + 1;
}

/* East Asian Wide and Fullwidth ranges (Unicode 15, condensed). */
static const uint32_t wide_ranges[][2] = {
    {0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC},
    {0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF},
    {0xA000, 0xA4CF}, {0xA960, 0xA97F}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF},
    {0xFE10, 0xFE19}, {0xFE30, 0xFE6F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6},
    {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD},
    {0x30000, 0x3FFFD},
};

uint32_t src_char_width(uint32_t cp)
{
    if (cp < 0x1100)
        return 1;
    size_t lo = 0, hi = sizeof wide_ranges / sizeof wide_ranges[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < wide_ranges[mid][0])
            hi = mid;
        else if (cp > wide_ranges[mid][1])
            lo = mid + 1;
        else
            return 2;
    }
    return 1;
}

/* Display width of n bytes of text; a tab counts as one column here (the
** renderer expands tabs itself). */
uint32_t src_display_width(const char *s, uint32_t n)
{
    uint32_t w = 0, i = 0;
    while (i < n) {
        uint32_t cp;
        i += src_decode(s + i, n - i, &cp);
        w += src_char_width(cp);
    }
    return w;
}

LineCol src_linecol(Compilation *cx, uint32_t file, uint32_t off)
{
    SourceFile *f = cx->files.v[file];
    if (!f->nlines)
        build_lines(cx, f);
    if (off > f->len)
        off = f->len;
    uint32_t lo = 0, hi = f->nlines;
    while (hi - lo > 1) {
        uint32_t mid = (lo + hi) / 2;
        if (f->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    uint32_t start = f->lines[lo];
    LineCol lc = { lo + 1, 1 + src_display_width(f->text + start, off - start),
                   off - start + 1 };
    return lc;
}

/* The text of a 1-based line, without its newline. */
const char *src_line(Compilation *cx, uint32_t file, uint32_t line,
                     uint32_t *len)
{
    SourceFile *f = cx->files.v[file];
    if (!f->nlines)
        build_lines(cx, f);
    if (line == 0 || line > f->nlines) {
        *len = 0;
        return "";
    }
    uint32_t start = f->lines[line - 1];
    uint32_t end = line < f->nlines ? f->lines[line] - 1 : f->len;
    if (end > start && f->text[end - 1] == '\r')
        end--;
    *len = end - start;
    return f->text + start;
}

/* ---- writing names back as source ----------------------------------- */

/* The characters a .budget word may hold (grammar/lex.re: alpha, wide). */
static bool word_char(uint32_t cp, bool first)
{
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || cp == '_')
        return true;
    if (cp >= '0' && cp <= '9')
        return !first;
    if (cp < 0x80)
        return false;
    return !(cp == 0x2264 || cp == 0x2265 || cp == 0x3000 || cp == 0xFEFF ||
             (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0xFF1C && cp <= 0xFF1E));
}

/* Can s be written as a bare word (else it needs quotes)? */
static bool is_word(const char *s)
{
    uint32_t n = (uint32_t)strlen(s), i = 0, cp;
    bool first = true;
    if (!n)
        return false;
    while (i < n) {
        if (!first && (s[i] == '-' || s[i] == '.')) {
            i++;
            if (i >= n)
                return false;
        }
        uint32_t k = src_decode(s + i, n - i, &cp);
        if (!word_char(cp, first))
            return false;
        i += k;
        first = false;
    }
    return true;
}

/* s as a .budget string literal: quotes and backslashes escaped, tabs and
** line breaks made spaces, other control characters dropped. */
const char *src_quoted(Compilation *cx, const char *s)
{
    size_t n = strlen(s), k = 0;
    char *out = arena_alloc(cx, 2 * n + 3);
    out[k++] = '"';
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            out[k++] = '\\';
        if (c == '\t' || c == '\n' || c == '\r')
            out[k++] = ' ';
        else if (c >= 0x20)
            out[k++] = *s;
    }
    out[k++] = '"';
    out[k] = 0;
    return out;
}

const char *src_atom(Compilation *cx, const char *s)
{
    return is_word(s) ? s : src_quoted(cx, s);
}
