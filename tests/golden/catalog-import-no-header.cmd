budgetc catalog import tests/catalog/no-code.tsv 2>&1
