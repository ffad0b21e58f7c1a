budgetc catalog import --kind function --edition 2026-test tests/catalog/function.csv
