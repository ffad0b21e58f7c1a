budgetc catalog import --edition 2026 tests/catalog/economic.tsv
