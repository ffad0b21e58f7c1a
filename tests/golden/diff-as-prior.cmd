budgetc diff --as-prior examples/datong-kjj-2026-corrected/main.budget -
