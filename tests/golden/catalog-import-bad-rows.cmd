budgetc catalog import tests/catalog/bad-rows.csv 2>&1
