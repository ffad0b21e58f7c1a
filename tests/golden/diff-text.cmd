budgetc diff --format=text tests/diff/old.budget tests/diff/new.budget
