/*
** fuzz_sheet.c: libFuzzer entry point over `budgetc catalog import`: the
** input is written as a file (CSV, TSV, or XLSX when it starts with a zip
** signature), read by the sheet readers, its header and codes found, and
** the module written into a scratch folder.  Run with -close_fd_mask=3:
** the command reports bad rows on standard error.
*/
#include "budgetc.h"
#include "emit.h"
#include "sheet.h"
#include "scratch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 16))
        return 0;
    const char *dir = scratch_dir("sheet");
    char in[96], out[96];
    snprintf(out, sizeof out, "%s/catalog.budget", dir);
    if (!scratch_write(dir, "catalog.csv", NULL, data, size, in))
        return 0;
    char *argv[] = { "import", in, "-o", out, NULL };
    catalog_import_main(4, argv);
    return 0;
}
