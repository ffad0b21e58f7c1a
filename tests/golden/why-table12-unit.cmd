budgetc why examples/datong-kjj-2026-corrected/main.budget 12 大同市科学技术局 合计
