budgetc check examples/datong-kjj-2026-corrected/main.budget 2>&1
