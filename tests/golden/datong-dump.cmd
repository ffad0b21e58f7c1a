budgetc dump examples/datong-kjj-2026/main.budget 2>/dev/null
