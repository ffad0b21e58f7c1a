/*
** sheet.h: a spreadsheet read into a grid of strings (CSV or XLSX).
*/
#ifndef BUDGETC_SHEET_H
#define BUDGETC_SHEET_H

#include "budgetc.h"

typedef struct SheetRow {
    VEC(const char *) cells;   /* "" for an empty cell */
} SheetRow;

typedef struct Sheet {
    VEC(SheetRow) rows;
} Sheet;

bool sheet_read_csv(Compilation *cx, const char *text, size_t n, Sheet *sh);
bool sheet_read_xlsx(Compilation *cx, const char *path, Sheet *sh,
                     const char **why);

/* catalog_import.c */
int catalog_import_main(int argc, char **argv);

#endif
