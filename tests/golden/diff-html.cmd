budgetc diff --format=html tests/diff/old.budget tests/diff/new.budget
