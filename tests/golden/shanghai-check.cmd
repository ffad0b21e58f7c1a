budgetc check examples/shanghai-putuo-swh-2025/main.budget 2>&1
