budgetc catalog import tests/catalog/function-split.csv
