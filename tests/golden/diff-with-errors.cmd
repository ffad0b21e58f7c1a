budgetc diff tests/diff/with-error.budget tests/diff/new.budget 2>&1
