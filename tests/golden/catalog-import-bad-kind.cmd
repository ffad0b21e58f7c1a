budgetc catalog import --kind money tests/catalog/function.csv 2>&1
