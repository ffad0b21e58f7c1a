budgetc catalog import --edition 2026 tests/catalog/function.xlsx
