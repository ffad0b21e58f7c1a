budgetc diff --format=csv tests/diff/old.budget tests/diff/new.budget
