/*
** fuzz_factfile.c: libFuzzer entry point over the .bcf reader and what
** trusts it: the input is decoded (every count, index, value and string
** validated, then re-encoded to the same bytes or rejected); an input the
** reader accepts is then consolidated as a .bcf file with the Shanxi
** layout, pivoted into the tables and written as CSV, JSON and HTML into
** a scratch folder.  Run from the top of the tree (the stdlib is read
** from ./stdlib) with -close_fd_mask=2: rejections are reported on
** standard error.
*/
#include "budgetc.h"
#include "consolidate.h"
#include "emit.h"
#include "factfile.h"
#include "table.h"
#include "scratch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The accepted input through `budgetc build --consolidate`. */
static void consolidate(const uint8_t *data, size_t size)
{
    const char *dir = scratch_dir("bcf");
    char path[96];
    if (!scratch_write(dir, "in.bcf", NULL, data, size, path))
        return;
    Options opt = { 0 };
    opt.stdlib_dir = "stdlib";
    Compilation *cx = cx_new(&opt, NULL, NULL);
    char *inputs[] = { path };
    ConsOptions co = { "shanxi", NULL };
    const Layout *l = NULL;
    if (cons_load(cx, inputs, 1, &co) == 0)
        l = layout_choose(cx, "shanxi");
    if (l) {
        Document *d = doc_build_tables(cx, l, size && (data[size - 1] & 1)
                                              ? ROUND_BALANCED : ROUND_HALF_UP);
        BuildOptions bo = { .dir = dir, .csv_bom = true };
        emit_csv(d, &bo);
        emit_json(d, &bo);
        emit_html(d, &bo);
    }
    cx_free(cx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 16))
        return 0;
    Compilation *cx = cx_new(NULL, NULL, NULL);
    const char *why;
    Program *p = bcf_decode(cx, data, size, 0, &why);
    cx_free(cx);
    if (p)
        consolidate(data, size);
    return 0;
}
