budgetc why examples/datong-kjj-2026-corrected/main.budget 3 206 不存在 2>&1
