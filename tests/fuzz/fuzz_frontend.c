/*
** fuzz_frontend.c: libFuzzer entry point over the whole front end:
** UTF-8 check, lexer, parser, sema, every checker, diagnostics rendering
** (both formats) and the JSON dump.  Includes resolve against a folder that does not
** exist, so a run never reads the fuzzing machine's files.
*/
#include "budgetc.h"
#include "program.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    if (!sink)
        sink = fopen("/dev/null", "w");
    if (size > (1u << 20))
        return 0;
    Options opt = { 0 };
    opt.error_format = size && (data[0] & 1) ? FMT_JSON : FMT_HUMAN;
    Compilation *cx = cx_new(&opt, NULL, NULL);
    char *text = arena_alloc(cx, size + 1);
    memcpy(text, data, size);
    text[size] = 0;
    uint32_t file = src_add(cx, "/nonexistent-budgetc-fuzz/main.budget", text,
                            (uint32_t)size, span_none());
    Stmt *root = ast_parse_file(cx, file);
    resolve_enter(cx, file);
    sema_build(cx, root, true);
    resolve_leave(cx);
    check_program(cx);
    diag_render(cx, sink);
    dump_program(cx, sink);
    cx_free(cx);
    return 0;
}
