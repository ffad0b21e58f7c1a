/*
** output.c: writing inside the output folder, and nowhere else.
**
** Writers name their files with fixed relative names ("csv/table-03.csv");
** out_open refuses absolute names, "..", and anything but a small set of
** characters, so text from a source file can never become a path.  Files
** are written to a temporary name and renamed when complete.  Writers
** put single bytes with putc_unlocked and runs with fwrite: a FILE is only
** ever used by the thread that opened it.
*/
#include "budgetc.h"
#include "emit.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

/* A writer's stdio buffer: large output (tens of MB) goes out in 64 KiB
** writes instead of the file system's 4 KiB blocks. */
enum { OUT_BUFFER = 64 * 1024 };

static const Emitter emitters[] = {
    { "html", emit_html, "the whole document as one HTML file" },
    { "xlsx", emit_xlsx, "one workbook, a sheet per table and per KPI form" },
    { "csv", emit_csv, "one CSV file per table" },
    { "json", emit_json, "facts and tables as JSON, and a data package" },
};

const Emitter *emit_find(const char *name)
{
    for (size_t i = 0; i < sizeof emitters / sizeof emitters[0]; i++)
        if (strcmp(emitters[i].name, name) == 0)
            return &emitters[i];
    return NULL;
}

const Emitter *emit_all(uint32_t *n)
{
    *n = sizeof emitters / sizeof emitters[0];
    return emitters;
}

bool out_mkdirs(const char *dir)
{
    char buf[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof buf) {
        errno = n ? ENAMETOOLONG : ENOENT;
        return false;
    }
    memcpy(buf, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != 0)
            continue;
        char c = buf[i];
        buf[i] = 0;
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return false;
        buf[i] = c;
    }
    struct stat st;
    if (stat(dir, &st) != 0)
        return false;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return false;
    }
    return true;
}

/* A relative name made of [a-z0-9._-] parts separated by '/', no "..". */
static bool safe_rel(const char *rel)
{
    if (!*rel || rel[0] == '/' || strstr(rel, ".."))
        return false;
    for (const char *p = rel; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '-' || *p == '_' || *p == '/'))
            return false;
    return true;
}

char *out_path(Document *d, const BuildOptions *o, const char *rel)
{
    return arena_printf(d->cx, "%s/%s", o->dir, rel);
}

FILE *out_open(Document *d, const BuildOptions *o, const char *rel)
{
    if (!safe_rel(rel)) {
        fprintf(stderr, "budgetc: internal error: unsafe output name '%s'\n", rel);
        return NULL;
    }
    const char *slash = strrchr(rel, '/');
    if (slash) {
        char *sub = arena_printf(d->cx, "%s/%.*s", o->dir, (int)(slash - rel), rel);
        if (!out_mkdirs(sub)) {
            fprintf(stderr, "budgetc: error: cannot create '%s': %s\n", sub,
                    strerror(errno));
            return NULL;
        }
    }
    char *tmp = arena_printf(d->cx, "%s.tmp", out_path(d, o, rel));
    FILE *f = fopen(tmp, "wb");
    if (!f)
        fprintf(stderr, "budgetc: error: cannot write '%s': %s\n", tmp,
                strerror(errno));
    else        /* the arena outlives the FILE, so the buffer can live there */
        setvbuf(f, arena_alloc(d->cx, OUT_BUFFER), _IOFBF, OUT_BUFFER);
    return f;
}

/* Close f, written as tmp, and rename it to path; false (with a message,
** and tmp removed) on any write error. */
bool out_commit(FILE *f, const char *tmp, const char *path)
{
    bool bad = ferror(f) != 0;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        remove(tmp);
        fprintf(stderr, "budgetc: error: writing '%s' failed\n", path);
        return false;
    }
    return true;
}

/* Close and move into place; false (with a message) on any write error. */
bool out_close(Document *d, const BuildOptions *o, FILE *f, const char *rel)
{
    char *path = out_path(d, o, rel);
    return out_commit(f, arena_printf(d->cx, "%s.tmp", path), path);
}

/* Neutralise a CSV cell that a spreadsheet would run as a formula. */
const char *csv_cell(Document *d, const char *s)
{
    if (s && (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' ||
              *s == '\r'))
        return arena_printf(d->cx, "'%s", s);
    return s ? s : "";
}

const char *form_title(const Project *pr)
{
    return pr->form && pr->form->title ? pr->form->title : pr->name;
}
