/*
** fuzz_build.c: libFuzzer entry point over the whole pipeline: the input
** is a budget that imports the Shanxi layout; it is checked, pivoted into
** the 13 tables and the prose, and written in every format into a scratch
** folder (with --keep-going, so invalid budgets are built too).
*/
#include "budgetc.h"
#include "emit.h"
#include "table.h"
#include "scratch.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 16))
        return 0;
    const char *dir = scratch_dir("build");     /* run with -close_fd_mask=2 */
    char path[96];
    if (!scratch_write(dir, "main.budget", "import shanxi\n", data, size, path))
        return 0;
    Options opt = { 0 };
    opt.stdlib_dir = "stdlib";
    int st;
    Compilation *cx = driver_compile(&opt, path, NULL, NULL, &st);
    if (!cx)
        return 0;
    const Layout *l = layout_choose(cx, "shanxi");
    if (l) {
        Document *d = doc_build(cx, l, size && (data[0] & 1) ? ROUND_BALANCED
                                                             : ROUND_HALF_UP);
        BuildOptions bo = { .dir = dir, .csv_bom = true };
        uint32_t n;
        const Emitter *e = emit_all(&n);
        for (uint32_t i = 0; i < n; i++)
            e[i].fn(d, &bo);
    }
    cx_free(cx);
    return 0;
}
