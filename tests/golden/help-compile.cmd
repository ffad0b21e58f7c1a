budgetc compile --help
