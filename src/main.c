/*
** main.c: the budgetc command line.
**
** Exit status: 0 when the input is clean (warnings allowed), 1 when it has
** errors, 2 for usage, I/O and internal errors.  Each FILE given to
** `check` is its own compilation; the status is the worst of them.
*/
#include "budgetc.h"
#include "program.h"
#include "check.h"
#include "sheet.h"
#include "emit.h"
#include "table.h"
#include "fmt.h"
#include "import.h"
#include "why.h"
#include "diff.h"
#include "factfile.h"
#include "consolidate.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef int (*CommandFn)(Options *opt, int argc, char **argv);

static int cmd_check(Options *opt, int argc, char **argv);
static int cmd_compile(Options *opt, int argc, char **argv);
static int cmd_dump(Options *opt, int argc, char **argv);
static int cmd_explain(Options *opt, int argc, char **argv);
static int cmd_help(Options *opt, int argc, char **argv);
static int cmd_catalog(Options *opt, int argc, char **argv);
static int cmd_import(Options *opt, int argc, char **argv);
static int cmd_build(Options *opt, int argc, char **argv);
static int cmd_fmt(Options *opt, int argc, char **argv);
static int cmd_why(Options *opt, int argc, char **argv);
static int cmd_diff(Options *opt, int argc, char **argv);

static const struct Command {
    const char *name;      /* as typed */
    CommandFn fn;          /* what runs it */
    const char *usage;     /* one line */
    const char *help;      /* the rest of `budgetc help NAME` */
} commands[] = {
    { "check", cmd_check, "budgetc check [OPTIONS] FILE...",
      "Parse each FILE with its includes and imports and report every\n"
      "diagnostic. Exit 0 when clean (warnings allowed), 1 on errors.\n" },
    { "compile", cmd_compile, "budgetc compile [OPTIONS] FILE -o OUT.bcf",
      "Check FILE exactly as 'budgetc check' does (same diagnostics, same exit\n"
      "status) and, when it has no errors, write the department's checked\n"
      "facts to OUT.bcf: a compact, versioned, deterministic binary file for\n"
      "'budgetc build --consolidate' (docs/consolidation.md). OUT.bcf is\n"
      "written whole through OUT.bcf.tmp and a rename; on errors nothing is\n"
      "written and a stale OUT.bcf is removed.\n" },
    { "build", cmd_build,
      "budgetc build [--consolidate] [-f html|xlsx|csv|json]... -o DIR FILE...",
      "Check FILE and write its disclosure into DIR (created if needed); with\n"
      "--consolidate, the tables of many departments (FILE...) as one:\n"
      "  -f FORMAT        html, xlsx, csv or json (repeatable; default all)\n"
      "  -o DIR           the output folder; nothing is written outside it\n"
      "  --layout NAME    the jurisdiction's layout (default: the one for the\n"
      "                   department's province)\n"
      "  --rounding=MODE  half-up (default): every displayed figure rounded\n"
      "                   from its exact total; balanced: the fewest figures\n"
      "                   moved by one step so that printed totals add up\n"
      "  --keep-going     build even when the budget has errors\n"
      "  --csv-no-bom     CSV files without the UTF-8 byte-order mark\n"
      "  --consolidate    merge many departments: each FILE is a .bcf (from\n"
      "                   'budgetc compile') or a .budget (compiled first);\n"
      "                   the departments are checked against each other\n"
      "                   (E0901-E0905) and the layout's tables (no prose,\n"
      "                   no KPI forms) written for the whole set, the same\n"
      "                   bytes whatever the order of the FILEs\n"
      "  --title TEXT     with --consolidate: the set's name in titles\n"
      "                   (default '合并N个部门')\n" },
    { "why", cmd_why, "budgetc why [--layout NAME] FILE TABLE ROW COLUMN",
      "Print the source lines that make up a figure of the disclosure: TABLE\n"
      "is the table's number in the layout, ROW a code or a name as printed,\n"
      "COLUMN a heading as printed ('GROUP/LEAF' when a heading repeats).\n"
      "Example: budgetc why main.budget 3 206 基本支出\n" },
    { "diff", cmd_diff, "budgetc diff [--format text|csv|html] [--as-prior] OLD NEW",
      "Compare two versions of a budget by meaning: facts added, removed,\n"
      "changed and renamed (matched by their dimensions, not their lines),\n"
      "then the change of every affected total. --as-prior prints OLD's\n"
      "figures as a 'prior' block to paste into NEW (NEW may be '-').\n" },
    { "dump", cmd_dump, "budgetc dump [OPTIONS] FILE",
      "Print the resolved program (facts, totals, projects, forms, claims)\n"
      "as JSON on standard output; diagnostics go to standard error.\n" },
    { "explain", cmd_explain, "budgetc explain CODE",
      "Print the long explanation of a diagnostic code, e.g. E0201.\n"
      "'budgetc explain --list' lists every code.\n" },
    { "catalog", cmd_catalog,
      "budgetc catalog import [--kind KIND] [--edition E] [-o OUT] INPUT",
      "Read an official classification catalog (CSV, TSV or XLSX) and write\n"
      "it as a stdlib module: 'catalog KIND \"EDITION\" { CODE NAME ... }'.\n"
      "The header, in the first ten rows, names a code column (编码 or\n"
      "code) and a name column (名称 or name), or splits the code over 类,\n"
      "款 and 项 columns as the printed 科目表 does (a 款 row gives only its\n"
      "two digits). Codes may be spaced. KIND is function, economic or\n"
      "government (inferred from the codes when not given). Put the module\n"
      "in a -I folder, import it, and check with --strict-catalog.\n" },
    { "import", cmd_import,
      "budgetc import [--layout NAME] [--map FILE] [--department NAME]\n"
      "                 [--catalog FILE.budget]... [-I DIR]... INPUT -o OUT.budget",
      "Read a department's existing disclosure tables and write them as a\n"
      ".budget source to start from: INPUT is a folder of table-NN.csv (as\n"
      "'build -f csv' writes them) or an XLSX workbook with sheets 表1...表13.\n"
      "Facts come from tables 3 and 2 (function), 6 (economic), 1 (income)\n"
      "and 12/13 (projects); their total rows become figures to check.\n"
      "  --layout NAME      the tables' layout (default shanxi)\n"
      "  --map FILE         which column holds what, for other spreadsheets:\n"
      "                     'table 3 columns code name 合计 基本支出 项目支出'\n"
      "                     (also: where, file, sheet, skip, unit; man budgetc)\n"
      "  --department NAME  the department (a CSV folder names none)\n"
      "  --catalog FILE     a catalog module to resolve names with, also\n"
      "                     included by the output (repeatable)\n"
      "  -o OUT.budget      the output ('-' or none: standard output)\n"
      "Exit 1 when the input cannot be read as the layout's tables.\n" },
    { "fmt", cmd_fmt, "budgetc fmt [-w | --check] FILE...",
      "Print each FILE in the one canonical layout (includes are not\n"
      "followed): two-space indentation, one statement per line, one space\n"
      "between atoms, table rows aligned in columns (CJK characters count\n"
      "two), comments and blank lines kept (runs of blank lines become one).\n"
      "Atoms and their order never change; formatting twice changes nothing.\n"
      "  -w       rewrite each FILE in place (atomically) instead of printing\n"
      "  --check  print nothing but the names of the files that would change;\n"
      "           exit 1 if any would, 0 if none (for CI)\n"
      "A FILE with syntax errors is not formatted: its diagnostics are\n"
      "printed and the exit status is 1. fmt takes none of the options\n"
      "below (they are the compiler's).\n" },
    { "help", cmd_help, "budgetc help [COMMAND]",
      "Print help for a command.\n" },
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const char options_help[] =
    "Options:\n"
    "  -I DIR                 search DIR for imported modules (repeatable)\n"
    "  --error-format=FORMAT  'human' (default) or 'json'\n"
    "  --deny CODE            make diagnostic CODE an error\n"
    "  -W CODE, --warn CODE   make diagnostic CODE a warning\n"
    "  --allow CODE           silence diagnostic CODE\n"
    "  -Werror                make every warning an error\n"
    "  --strict-catalog       a code missing from the catalogs is an error\n"
    "  -j N, --jobs N         threads (default: 2 on a machine with two or\n"
    "                         more cores): included files are read and\n"
    "                         parsed ahead on a second thread, and build\n"
    "                         writes N formats at once; the output is the\n"
    "                         same byte for byte\n"
    "Environment: BUDGETC_PATH, a colon-separated list of module folders;\n"
    "BUDGETC_JOBS, the default of -j.\n";

static void usage_all(FILE *out)
{
    fputs("budgetc " BUDGETC_VERSION ": a compiler for department budget "
          "disclosures\n\nUsage:\n", out);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %s\n", commands[i].usage);
    fputs("  budgetc --version\n  budgetc --help\n\n", out);
    fputs(options_help, out);
}

static int usage_error(const char *fmt, const char *arg)
{
    fputs("budgetc: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'budgetc --help'.\n", stderr);
    return 2;
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The stdlib beside the binary (a build tree or an install), else the
** folder compiled in.  Returned memory lives for the process. */
static const char *find_stdlib(void)
{
    static char buf[PATH_MAX + 64];
    ssize_t n = readlink("/proc/self/exe", buf, PATH_MAX);
    static const char *const rel[] = { "/../stdlib", "/../../stdlib",
                                       "/../share/budgetc/stdlib" };
    if (n > 0) {
        buf[n] = 0;
        char *slash = strrchr(buf, '/');
        if (slash) {
            for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
                strcpy(slash, rel[i]);
                if (is_dir(buf))
                    return buf;
            }
        }
    }
#ifdef BUDGETC_STDLIB
    return BUDGETC_STDLIB;
#else
    return NULL;
#endif
}

static bool jobs_value(const char *s, uint32_t *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < 1 || v > 64)
        return false;
    *out = (uint32_t)v;
    return true;
}

/* Threads by default: BUDGETC_JOBS, else two when there are two cores
** (the walk and one parser; more would wait on the walk). */
static uint32_t default_jobs(void)
{
    uint32_t n;
    const char *e = getenv("BUDGETC_JOBS");
    if (e && jobs_value(e, &n))
        return n;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return cpus >= 2 ? 2 : 1;
}

/* Take the options out of argv (in place); returns the count left, or -1
** after a usage error. */
static int parse_options(Options *opt, int argc, char **argv, Compilation *tmp)
{
    int k = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *code = NULL;
        int sev = 0;
        if (strcmp(a, "-I") == 0 || strncmp(a, "-I", 2) == 0) {
            const char *dir = a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : NULL);
            if (!dir)
                return usage_error("%s needs a folder", "-I"), -1;
            vec_push(tmp, &opt->search, dir);
            continue;
        }
        if (strncmp(a, "--error-format=", 15) == 0) {
            if (strcmp(a + 15, "json") == 0)
                opt->error_format = FMT_JSON;
            else if (strcmp(a + 15, "human") == 0)
                opt->error_format = FMT_HUMAN;
            else
                return usage_error("unknown error format '%s'", a + 15), -1;
            continue;
        }
        if (strcmp(a, "--strict-catalog") == 0) {
            opt->severity[E0501] = SEV_ERROR + 1;
            continue;
        }
        if (strcmp(a, "-Werror") == 0) {
            opt->warnings_as_errors = true;
            continue;
        }
        if (strncmp(a, "-j", 2) == 0 || strcmp(a, "--jobs") == 0) {
            const char *n = a[1] == 'j' && a[2] ? a + 2
                          : i + 1 < argc ? argv[++i] : "";
            if (!jobs_value(n, &opt->jobs))
                return usage_error("%s needs a number of threads from 1 "
                                   "to 64", a[1] == 'j' ? "-j" : a), -1;
            continue;
        }
        if (strcmp(a, "--deny") == 0)
            sev = SEV_ERROR;
        else if (strcmp(a, "-W") == 0 || strcmp(a, "--warn") == 0)
            sev = SEV_WARNING;
        else if (strcmp(a, "--allow") == 0)
            sev = SEV_ALLOW;
        else
            sev = -1;
        if (sev >= 0) {
            code = i + 1 < argc ? argv[++i] : NULL;
            int c = code ? diag_lookup(code) : -1;
            if (c < 0)
                return usage_error("unknown diagnostic code '%s'",
                                   code ? code : ""), -1;
            opt->severity[c] = (uint8_t)(sev + 1);
            continue;
        }
        bool valued = strcmp(a, "-f") == 0 || strcmp(a, "-o") == 0 ||
                      strcmp(a, "--layout") == 0 || strcmp(a, "--title") == 0;
        if (valued || strncmp(a, "--rounding=", 11) == 0 ||
            strcmp(a, "--consolidate") == 0 ||
            strncmp(a, "--format=", 9) == 0 || strcmp(a, "--as-prior") == 0 ||
            strcmp(a, "--keep-going") == 0 || strcmp(a, "--csv-no-bom") == 0) {
            argv[k++] = argv[i];              /* build's own: kept in order */
            if (valued && i + 1 < argc)
                argv[k++] = argv[++i];
            continue;
        }
        if (a[0] == '-' && a[1] && strcmp(a, "--list") != 0 &&
            strcmp(a, "--markdown") != 0)
            return usage_error("unknown option '%s'", a), -1;
        argv[k++] = argv[i];
    }
    return k;
}

/* Compile one root file through the checkers; NULL when memory ran out
** (the fatal line is printed).  *st is the exit status so far. */
static Compilation *compile(Options *opt, const char *path, int *st)
{
    return driver_compile(opt, path, NULL, NULL, st);
}

static int cmd_check(Options *opt, int argc, char **argv)
{
    if (argc < 1)
        return usage_error("%s", "check needs at least one FILE");
    int worst = 0;
    for (int i = 0; i < argc; i++) {
        int st;
        Compilation *cx = compile(opt, argv[i], &st);
        if (cx)
            diag_render(cx, stderr);
        worst = st > worst ? st : worst;
        cx_free(cx);
    }
    return worst;
}

static int cmd_compile(Options *opt, int argc, char **argv)
{
    const char *file = NULL, *out = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", "-o");
            out = argv[++i];
        } else if (!file) {
            file = argv[i];
        } else {
            return usage_error("compile takes one FILE, not '%s' too", argv[i]);
        }
    }
    if (!file || !out)
        return usage_error("%s", "compile needs a FILE and -o OUT.bcf");
    int st;
    Compilation *cx = compile(opt, file, &st);
    if (!cx)
        return st;
    diag_render(cx, stderr);
    if (st == 0 && !bcf_write(cx, cx->prog, out))
        st = 2;
    if (st != 0)
        remove(out);                  /* never a stale artifact for make */
    cx_free(cx);
    return st;
}

/* What `budgetc build` was asked for. */
typedef struct BuildArgs {
    BuildOptions bo;
    const char *layout;       /* --layout or NULL */
    const char *title;        /* --title or NULL */
    char **files;             /* the inputs, in argv */
    int nfiles;
    const Emitter *want[8];   /* the formats, in order */
    uint32_t nwant;
    Rounding rounding;
    bool keep_going;
    bool consolidate;
} BuildArgs;

/* A build option with its value; 0 taken, 2 after a usage error, -1 not
** one of build's own. */
static int build_option(BuildArgs *b, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    bool valued = strcmp(a, "-f") == 0 || strcmp(a, "-o") == 0 ||
                  strcmp(a, "--layout") == 0 || strcmp(a, "--title") == 0;
    if (valued && *i + 1 >= argc)
        return usage_error("%s needs a value", a);
    const char *v = valued ? argv[++*i] : NULL;
    if (strcmp(a, "-f") == 0) {
        const Emitter *e = emit_find(v);
        if (!e)
            return usage_error("unknown format '%s': html, xlsx, csv or json", v);
        bool dup = false;
        for (uint32_t j = 0; j < b->nwant; j++)
            dup |= b->want[j] == e;
        if (!dup && b->nwant < 8)
            b->want[b->nwant++] = e;
    } else if (strcmp(a, "-o") == 0) {
        b->bo.dir = v;
    } else if (strcmp(a, "--layout") == 0) {
        b->layout = v;
    } else if (strcmp(a, "--title") == 0) {
        b->title = v;
    } else if (strncmp(a, "--rounding=", 11) == 0) {
        if (strcmp(a + 11, "balanced") == 0)
            b->rounding = ROUND_BALANCED;
        else if (strcmp(a + 11, "half-up") != 0)
            return usage_error("unknown rounding '%s': half-up or balanced",
                               a + 11);
    } else if (strcmp(a, "--keep-going") == 0) {
        b->keep_going = true;
    } else if (strcmp(a, "--csv-no-bom") == 0) {
        b->bo.csv_bom = false;
    } else if (strcmp(a, "--consolidate") == 0) {
        b->consolidate = true;
    } else {
        return -1;
    }
    return 0;
}

static int build_args(BuildArgs *b, int argc, char **argv)
{
    b->bo.csv_bom = true;
    b->files = argv;
    for (int i = 0; i < argc; i++) {
        int r = build_option(b, argc, argv, &i);
        if (r > 0)
            return r;
        if (r < 0)
            argv[b->nfiles++] = argv[i];      /* files move to the front */
    }
    if (!b->nfiles || !b->bo.dir)
        return usage_error("%s", "build needs -o DIR and a FILE");
    if (b->nfiles > 1 && !b->consolidate)
        return usage_error("build takes one FILE, not '%s' too "
                           "(--consolidate merges many)", argv[1]);
    if (b->title && !b->consolidate)
        return usage_error("%s", "--title goes with --consolidate");
    if (!b->nwant) {
        const Emitter *all = emit_all(&b->nwant);
        for (uint32_t j = 0; j < b->nwant; j++)
            b->want[j] = &all[j];
    }
    return 0;
}

/* The formats written side by side, each by a process of its own (the
** document is built: a child only reads it, and writes files no other
** writes).  What a writer prints goes to a temporary file that is copied
** to stderr in format order, so the messages are those of one process.
** A format whose process cannot be started is written here instead. */
/* Wait for one writer process; its slot gets its success, pid 0. */
static bool reap_one(pid_t *pid, bool *ok, uint32_t n)
{
    int ws;
    pid_t w = waitpid(-1, &ws, 0);
    for (uint32_t k = 0; w > 0 && k < n; k++)
        if (pid[k] == w) {
            ok[k] = WIFEXITED(ws) && WEXITSTATUS(ws) == 0;
            pid[k] = 0;
        }
    return w > 0;
}

static int write_parallel(Document *d, const BuildArgs *b, uint32_t jobs,
                          int st)
{
    pid_t pid[8];        /* > 0 running, 0 done, -1 not started */
    FILE *msgs[8];
    bool ok[8];
    uint32_t running = 0, n = b->nwant;
    fflush(stdout);
    fflush(stderr);
    for (uint32_t j = 0; j < n; j++) {
        if (running == jobs && reap_one(pid, ok, j))
            running--;
        msgs[j] = tmpfile();
        pid[j] = msgs[j] ? fork() : -1;
        if (pid[j] == 0) {
            dup2(fileno(msgs[j]), 2);
            bool done = b->want[j]->fn(d, &b->bo);
            fflush(stderr);
            _exit(done ? 0 : 2);
        }
        running += pid[j] > 0;
    }
    while (running && reap_one(pid, ok, n))
        running--;
    for (uint32_t j = 0; j < n; j++) {
        if (pid[j] < 0)                  /* not started: written here */
            ok[j] = b->want[j]->fn(d, &b->bo);
        else if (pid[j] > 0)             /* lost track of it */
            ok[j] = false;
        if (msgs[j]) {
            char buf[4096];
            size_t k;
            rewind(msgs[j]);
            while ((k = fread(buf, 1, sizeof buf, msgs[j])) > 0)
                fwrite(buf, 1, k, stderr);
            fclose(msgs[j]);
        }
        if (!ok[j])
            st = 2;
    }
    return st;
}

/* The layout's tables (and, for one department, its prose) in every
** format asked for; the status, at least st. */
static int build_write(Compilation *cx, const BuildArgs *b, int st)
{
    const Layout *l = layout_choose(cx, b->layout);
    if (!l) {
        fprintf(stderr, "budgetc: error: %s%s%s; import a jurisdiction module "
                "(import shanxi) or name one with --layout\n",
                b->layout ? "no layout named '" : "no layout for this department",
                b->layout ? b->layout : "", b->layout ? "'" : "");
        return 2;
    }
    if (!out_mkdirs(b->bo.dir)) {
        fprintf(stderr, "budgetc: error: cannot create '%s': %s\n", b->bo.dir,
                strerror(errno));
        return 2;
    }
    Document *d = b->consolidate ? doc_build_tables(cx, l, b->rounding)
                                 : doc_build(cx, l, b->rounding);
    for (uint32_t i = 0; i < d->adjustments.n; i++)
        fprintf(stderr, "budgetc: balanced rounding: %s\n", d->adjustments.v[i]);
    if (cx->opt->jobs > 1 && b->nwant > 1)
        return write_parallel(d, b, cx->opt->jobs, st);
    for (uint32_t j = 0; j < b->nwant && st != 2; j++)
        if (!b->want[j]->fn(d, &b->bo))
            st = 2;
    return st;
}

/* build --consolidate: every input read and checked against the others,
** then one set of tables. */
static int build_consolidated(Options *opt, const BuildArgs *b)
{
    Compilation *cx = cx_new(opt, NULL, NULL);
    ConsOptions co = { b->layout, b->title };
    int st = cons_load(cx, b->files, b->nfiles, &co);
    diag_render(cx, stderr);
    if (st == 1)
        fputs("budgetc: nothing built: the departments have errors\n", stderr);
    if (st == 0)
        st = build_write(cx, b, 0);
    cx_free(cx);
    return st;
}

static int cmd_build(Options *opt, int argc, char **argv)
{
    BuildArgs b = { 0 };
    int st = build_args(&b, argc, argv);
    if (st)
        return st;
    if (b.consolidate)
        return build_consolidated(opt, &b);
    Compilation *cx = compile(opt, b.files[0], &st);
    if (!cx)
        return st;
    diag_render(cx, stderr);
    if (st == 2 || (st == 1 && !b.keep_going)) {
        if (st == 1)
            fputs("budgetc: nothing built: the budget has errors "
                  "(--keep-going builds anyway)\n", stderr);
        cx_free(cx);
        return st;
    }
    st = build_write(cx, &b, st);
    cx_free(cx);
    return st;
}

static int cmd_why(Options *opt, int argc, char **argv)
{
    const char *layout = NULL;
    const char *args[4];
    int n = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--layout") == 0 && i + 1 < argc)
            layout = argv[++i];
        else if (n < 4)
            args[n++] = argv[i];
        else
            return usage_error("%s", "why takes FILE TABLE ROW COLUMN");
    }
    if (n != 4)
        return usage_error("%s", "why takes FILE TABLE ROW COLUMN");
    int st;
    Compilation *cx = compile(opt, args[0], &st);
    if (!cx)
        return st;
    if (st == 2) {
        diag_render(cx, stderr);
        cx_free(cx);
        return 2;
    }
    const Layout *l = layout_choose(cx, layout);
    if (!l) {
        fputs("budgetc: error: no layout for this budget; use --layout\n", stderr);
        cx_free(cx);
        return 2;
    }
    Document *d = doc_build(cx, l, ROUND_HALF_UP);
    st = why_main(d, stdout, args[1], args[2], args[3]);
    cx_free(cx);
    return st;
}

static void diff_errors(const Compilation *cx, const char *path)
{
    if (cx->nerrors)
        fprintf(stderr, "budgetc: warning: '%s' has %u error%s (budgetc check "
                "%s lists %s); its facts are compared as written\n", path,
                cx->nerrors, cx->nerrors == 1 ? "" : "s", path,
                cx->nerrors == 1 ? "it" : "them");
}

static int cmd_diff(Options *opt, int argc, char **argv)
{
    const char *format = "text", *files[2];
    bool as_prior = false;
    int n = 0;
    for (int i = 0; i < argc; i++) {
        if (strncmp(argv[i], "--format=", 9) == 0)
            format = argv[i] + 9;
        else if (strcmp(argv[i], "--as-prior") == 0)
            as_prior = true;
        else if (n < 2)
            files[n++] = argv[i];
        else
            return usage_error("%s", "diff takes OLD and NEW");
    }
    if (n != 2 && !(as_prior && n == 1))
        return usage_error("%s", "diff takes OLD and NEW");
    if (strcmp(format, "text") && strcmp(format, "csv") && strcmp(format, "html"))
        return usage_error("unknown format '%s': text, csv or html", format);
    int st_old, st_new = 0;
    Compilation *old = compile(opt, files[0], &st_old), *new = NULL;
    if (old && n == 2 && strcmp(files[1], "-") != 0)
        new = compile(opt, files[1], &st_new);
    int st = st_old > st_new ? st_old : st_new;
    if (old && (new || as_prior) && st < 2) {
        /* the diff is the output: a budget with errors is named, not
        ** its diagnostics, which `budgetc check` lists */
        diff_errors(old, files[0]);
        if (new)
            diff_errors(new, files[1]);
        diff_main(old, new ? new : old, stdout, format, as_prior);
    } else if (old && st == 2) {
        diag_render(old, stderr);
    }
    cx_free(old);
    cx_free(new);
    return st;
}

static int cmd_dump(Options *opt, int argc, char **argv)
{
    if (argc != 1)
        return usage_error("%s", "dump needs exactly one FILE");
    int st;
    Compilation *cx = compile(opt, argv[0], &st);
    if (!cx)
        return st;
    diag_render(cx, stderr);
    if (st != 2)
        dump_program(cx, stdout);
    cx_free(cx);
    return st;
}

static int cmd_explain(Options *opt, int argc, char **argv)
{
    (void)opt;
    if (argc == 1 && strcmp(argv[0], "--markdown") == 0) {
        diag_markdown(stdout);
        return 0;
    }
    if (argc == 1 && strcmp(argv[0], "--list") == 0) {
        for (int i = 0; i < DIAG_COUNT; i++)
            printf("%s  %s\n", diag_code_name((DiagCode)i),
                   diag_title((DiagCode)i));
        return 0;
    }
    if (argc != 1)
        return usage_error("%s", "explain needs one CODE, e.g. E0201");
    int c = diag_lookup(argv[0]);
    if (c < 0)
        return usage_error("no diagnostic '%s'; 'budgetc explain --list' "
                           "lists them", argv[0]);
    diag_explain(stdout, (DiagCode)c);
    return 0;
}

static int cmd_catalog(Options *opt, int argc, char **argv)
{
    (void)opt;
    return catalog_import_main(argc, argv);
}

static int cmd_import(Options *opt, int argc, char **argv)
{
    return import_main(opt, argc, argv);
}

static int cmd_fmt(Options *opt, int argc, char **argv)
{
    return fmt_main(opt, argc, argv);
}

static int cmd_help(Options *opt, int argc, char **argv)
{
    (void)opt;
    if (argc == 0) {
        usage_all(stdout);
        return 0;
    }
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (strcmp(commands[i].name, argv[0]) == 0) {
            printf("Usage: %s\n\n%s\n%s", commands[i].usage, commands[i].help,
                   options_help);
            return 0;
        }
    }
    return usage_error("no command '%s'", argv[0]);
}

int main(int argc, char **argv)
{
    /* diagnostics are written a piece at a time: one write per line, not
    ** per character (stderr is unbuffered by default), and still in step
    ** with what goes to stdout */
    static char errbuf[1 << 12];
    setvbuf(stderr, errbuf, _IOLBF, sizeof errbuf);
    if (argc < 2) {
        usage_all(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--version") == 0) {
        puts("budgetc " BUDGETC_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage_all(stdout);
        return 0;
    }
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (strcmp(commands[i].name, argv[1]) != 0)
            continue;
        /* budgetc CMD --help is budgetc help CMD */
        for (int j = 2; j < argc && strcmp(argv[j], "--") != 0; j++)
            if (strcmp(argv[j], "--help") == 0 || strcmp(argv[j], "-h") == 0)
                return cmd_help(NULL, 1, argv + 1);
        Options opt = { 0 };
        opt.env_path = getenv("BUDGETC_PATH");
        opt.stdlib_dir = find_stdlib();
        opt.jobs = default_jobs();
        /* the option vectors live in a small compilation of their own */
        Compilation *tmp = cx_new(&opt, NULL, NULL);
        int n = commands[i].fn == cmd_catalog || commands[i].fn == cmd_fmt ||
                commands[i].fn == cmd_import
              ? argc - 2
              : parse_options(&opt, argc - 2, argv + 2, tmp);
        int st = n < 0 ? 2 : commands[i].fn(&opt, n, argv + 2);
        cx_free(tmp);
        return st;
    }
    return usage_error("unknown command '%s'", argv[1]);
}
