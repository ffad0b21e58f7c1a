budgetc catalog import --help
