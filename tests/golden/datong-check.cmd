budgetc check examples/datong-kjj-2026/main.budget 2>&1
