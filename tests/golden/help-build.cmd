budgetc build --help
