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
/* The worksheet stored as xl/worksheets/sheet1.xml. */
bool sheet_read_xlsx(Compilation *cx, const char *path, Sheet *sh,
                     const char **why);
/* The worksheet named `name` (or, when name is NULL, the index-th from 0
** in the workbook's order), found through xl/workbook.xml and its
** relationships.  On failure *why (arena memory) says why, naming the
** sheets there are when the name is not one of them. */
bool sheet_read_xlsx_sheet(Compilation *cx, const char *path, const char *name,
                           uint32_t index, Sheet *sh, const char **why);

/* catalog_import.c */
int catalog_import_main(int argc, char **argv);

#endif
