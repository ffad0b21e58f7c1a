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

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 16))
        return 0;
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/budgetc-fuzz-sheet-%d", (int)getpid());
        out_mkdirs(dir);
    }
    char in[96], out[96];
    snprintf(in, sizeof in, "%s/catalog.csv", dir);
    snprintf(out, sizeof out, "%s/catalog.budget", dir);
    FILE *f = fopen(in, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    char *argv[] = { "import", in, "-o", out, NULL };
    catalog_import_main(4, argv);
    return 0;
}
