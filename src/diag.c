/*
** diag.c: the diagnostics engine.
**
** Diagnostics are collected during the compilation and rendered at the
** end, sorted by file and position (discovery order breaks ties), so the
** output does not depend on the order the checkers run in.  Human form:
**
**   file:line:col: error[E0201]: message
**      12 | total 1.001元
**         |       ^~~~~~
**   file:line:col: note: ...
**
** Columns count display width: a CJK character is two columns.
*/
#include "budgetc.h"
#include "program.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define DIAG_CODE(code, sev, title, explain) { #code, sev, title, explain },
static const struct DiagInfo {
    const char *name;     /* "E0001" */
    Severity sev;         /* default severity */
    const char *title;    /* one line */
    const char *explain;  /* long explanation */
} diag_info[] = {
#include "diag.def"
};
#undef DIAG_CODE

const char *diag_code_name(DiagCode c) { return diag_info[c].name; }
Severity diag_default_severity(DiagCode c) { return diag_info[c].sev; }
const char *diag_title(DiagCode c) { return diag_info[c].title; }
const char *diag_explanation(DiagCode c) { return diag_info[c].explain; }

int diag_lookup(const char *name)
{
    for (int i = 0; i < DIAG_COUNT; i++)
        if (strcmp(diag_info[i].name, name) == 0)
            return i;
    return -1;
}

Span span_none(void)
{
    Span s = { UINT32_MAX, 0, 0 };
    return s;
}

Span span_join(Span a, Span b)
{
    if (a.file != b.file || a.file == UINT32_MAX)
        return a;
    uint32_t lo = a.off < b.off ? a.off : b.off;
    uint32_t ea = a.off + a.len, eb = b.off + b.len;
    uint32_t hi = ea > eb ? ea : eb;
    Span s = { a.file, lo, hi - lo };
    return s;
}

static Severity effective_severity(Compilation *cx, DiagCode code)
{
    Severity s = diag_info[code].sev;
    if (cx->opt && cx->opt->severity[code])
        s = (Severity)(cx->opt->severity[code] - 1);
    if (s == SEV_WARNING && cx->opt && cx->opt->warnings_as_errors)
        s = SEV_ERROR;
    return s;
}

Diag *diag_emit(Compilation *cx, DiagCode code, Span span, const char *fmt, ...)
{
    Diag *d = arena_alloc(cx, sizeof *d);
    d->code = code;
    d->sev = effective_severity(cx, code);
    d->span = span;
    for (uint32_t i = 0; i < cx->allows.n; i++) {
        const Allow *a = cx->allows.v[i];
        if (a->code == code && a->span.file == span.file &&
            span.off >= a->span.off &&
            span.off + span.len <= a->span.off + a->span.len)
            d->sev = SEV_ALLOW;
    }
    va_list ap;
    va_start(ap, fmt);
    d->msg = arena_vprintf(cx, fmt, ap);
    va_end(ap);
    d->seq = cx->diags.n;
    vec_push(cx, &cx->diags, d);
    if (d->sev == SEV_ERROR)
        cx->nerrors++;
    else if (d->sev == SEV_WARNING)
        cx->nwarnings++;
    return d;
}

void diag_note(Compilation *cx, Diag *d, Span span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    DiagNote note = { span, arena_vprintf(cx, fmt, ap) };
    va_end(ap);
    vec_push(cx, &d->notes, note);
}

static const char *sev_name(Severity s)
{
    static const char *const names[] = { "allow", "note", "warning", "error" };
    return names[s];
}

static int diag_cmp(const void *pa, const void *pb)
{
    const Diag *a = *(const Diag *const *)pa, *b = *(const Diag *const *)pb;
    if (a->span.file != b->span.file)
        return a->span.file < b->span.file ? -1 : 1;
    if (a->span.off != b->span.off)
        return a->span.off < b->span.off ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Print a line with tabs expanded and unprintable bytes shown as '?';
** return nothing.  Long lines are cut to a window around [from, to). */
#define SHOW_MAX 240u

static void print_excerpt(Compilation *cx, FILE *out, Span sp)
{
    LineCol lc = src_linecol(cx, sp.file, sp.off);
    uint32_t len;
    const char *line = src_line(cx, sp.file, lc.line, &len);
    uint32_t start = lc.byte_col - 1;          /* span start within line */
    uint32_t end = start + sp.len;             /* may run past the line */
    if (end > len)
        end = len;
    uint32_t from = 0, to = len;
    if (len > SHOW_MAX) {                      /* window on the span */
        from = start > 40 ? start - 40 : 0;
        while (from > 0 && ((unsigned char)line[from] & 0xC0) == 0x80)
            from--;
        to = from + SHOW_MAX < len ? from + SHOW_MAX : len;
        while (to < len && ((unsigned char)line[to] & 0xC0) == 0x80)
            to++;
        if (end > to)
            end = to;
    }
    fprintf(out, "%5u | %s", lc.line, from ? "..." : "");
    uint32_t col = from ? 3 : 0, caret_at = 0, caret_w = 0;
    for (uint32_t i = from; i <= to;) {
        if (i == start)
            caret_at = col;
        if (i >= to)
            break;
        uint32_t cp, k = src_decode(line + i, to - i, &cp);
        uint32_t w;
        if (cp == '\t') {
            w = 8 - col % 8;
            fprintf(out, "%*s", (int)w, "");
        } else if (cp < 0x20 || cp == 0x7F || cp == 0xFFFD || cp == 0x202E ||
                   (cp >= 0x2066 && cp <= 0x2069) || cp == 0x202D) {
            w = 1;                              /* never echo controls */
            fputc('?', out);
        } else {
            w = src_char_width(cp);
            fwrite(line + i, 1, k, out);
        }
        if (i >= start && i < end)
            caret_w += w;
        col += w;
        i += k;
    }
    fprintf(out, "%s\n", to < len ? "..." : "");
    fprintf(out, "      | %*s^", (int)caret_at, "");
    for (uint32_t i = 1; i < caret_w; i++)
        fputc('~', out);
    fputc('\n', out);
}

static void print_loc(Compilation *cx, FILE *out, Span sp)
{
    if (sp.file == UINT32_MAX) {
        fputs("budgetc: ", out);
        return;
    }
    if (cx->files.v[sp.file]->artifact) {     /* a .bcf: no lines */
        fprintf(out, "%s: ", cx->files.v[sp.file]->path);
        return;
    }
    LineCol lc = src_linecol(cx, sp.file, sp.off);
    fprintf(out, "%s:%u:%u: ", cx->files.v[sp.file]->path, lc.line, lc.col);
}

/* A message quotes source text: never let it carry a control character
** or a bidirectional override to the terminal. */
static void print_safe(FILE *out, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp, k = src_decode(s + i, (uint32_t)(n - i), &cp);
        if ((cp < 0x20 && cp != '\t') || cp == 0x7F || (cp >= 0x202A && cp <= 0x202E) ||
            (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFFFD)
            fputc('?', out);
        else
            fwrite(s + i, 1, k, out);
        i += k;
    }
}

static void render_human(Compilation *cx, FILE *out, Diag *d)
{
    print_loc(cx, out, d->span);
    fprintf(out, "%s[%s]: ", sev_name(d->sev), diag_info[d->code].name);
    print_safe(out, d->msg);
    fputc('\n', out);
    if (d->span.file != UINT32_MAX && !cx->files.v[d->span.file]->artifact)
        print_excerpt(cx, out, d->span);
    for (uint32_t i = 0; i < d->notes.n; i++) {
        DiagNote *n = &d->notes.v[i];
        print_loc(cx, out, n->span);
        fputs("note: ", out);
        print_safe(out, n->msg);
        fputc('\n', out);
        if (n->span.file != UINT32_MAX && n->span.len &&
            !cx->files.v[n->span.file]->artifact)
            print_excerpt(cx, out, n->span);
    }
}

static void json_span(Compilation *cx, FILE *out, Span sp)
{
    if (sp.file == UINT32_MAX) {
        fputs("null", out);
        return;
    }
    const char *p = cx->files.v[sp.file]->path;
    if (cx->files.v[sp.file]->artifact) {     /* a .bcf: the file only */
        fputs("{\"file\":", out);
        json_str(out, p, strlen(p));
        fputc('}', out);
        return;
    }
    LineCol a = src_linecol(cx, sp.file, sp.off);
    LineCol b = src_linecol(cx, sp.file, sp.off + sp.len);
    fputs("{\"file\":", out);
    json_str(out, p, strlen(p));
    fprintf(out, ",\"offset\":%u,\"length\":%u,\"line\":%u,\"column\":%u,"
            "\"end_line\":%u,\"end_column\":%u}",
            sp.off, sp.len, a.line, a.col, b.line, b.col);
}

static void render_json(Compilation *cx, FILE *out, Diag *d)
{
    fprintf(out, "{\"code\":\"%s\",\"severity\":\"%s\",\"message\":",
            diag_info[d->code].name, sev_name(d->sev));
    json_str(out, d->msg, strlen(d->msg));
    fputs(",\"span\":", out);
    json_span(cx, out, d->span);
    fputs(",\"notes\":[", out);
    for (uint32_t i = 0; i < d->notes.n; i++) {
        fputs(i ? ",{\"message\":" : "{\"message\":", out);
        json_str(out, d->notes.v[i].msg, strlen(d->notes.v[i].msg));
        fputs(",\"span\":", out);
        json_span(cx, out, d->notes.v[i].span);
        fputc('}', out);
    }
    fputs("]}", out);
}

void diag_render(Compilation *cx, FILE *out)
{
    Diag **v = cx->diags.v;
    uint32_t n = cx->diags.n;
    if (n > 1)
        qsort(v, n, sizeof *v, diag_cmp);
    bool json = cx->opt && cx->opt->error_format == FMT_JSON;
    uint32_t shown = 0;
    if (json)
        fputc('[', out);
    for (uint32_t i = 0; i < n; i++) {
        if (v[i]->sev == SEV_ALLOW)
            continue;
        if (json) {
            fputs(shown ? ",\n" : "\n", out);
            render_json(cx, out, v[i]);
        } else {
            render_human(cx, out, v[i]);
        }
        shown++;
    }
    if (json)
        fputs(shown ? "\n]\n" : "]\n", out);
    else if (cx->nerrors || cx->nwarnings)
        fprintf(out, "%u error%s, %u warning%s\n", cx->nerrors,
                cx->nerrors == 1 ? "" : "s", cx->nwarnings,
                cx->nwarnings == 1 ? "" : "s");
}

void diag_explain(FILE *out, DiagCode c)
{
    fprintf(out, "%s (%s): %s\n\n%s", diag_info[c].name,
            sev_name(diag_info[c].sev), diag_info[c].title,
            diag_info[c].explain);
}

/* docs/diagnostics.md: every code, generated from diag.def (make docs). */
void diag_markdown(FILE *out)
{
    fputs("# Diagnostics\n\n"
          "Generated by `make docs` from `include/diag.def`, the list the\n"
          "compiler itself uses; do not edit by hand. `budgetc explain CODE`\n"
          "prints the same text. Severities are defaults: `--deny CODE`,\n"
          "`-W CODE`, `--allow CODE` and `@allow CODE \"reason\"` change them.\n\n"
          "| code | severity | title |\n|---|---|---|\n", out);
    for (int i = 0; i < DIAG_COUNT; i++)
        fprintf(out, "| [%s](#%s) | %s | %s |\n", diag_info[i].name,
                diag_info[i].name, sev_name(diag_info[i].sev),
                diag_info[i].title);
    for (int i = 0; i < DIAG_COUNT; i++)
        fprintf(out, "\n## %s\n\n**%s** (%s)\n\n```\n%s```\n",
                diag_info[i].name, diag_info[i].title,
                sev_name(diag_info[i].sev), diag_info[i].explain);
}
