# budgetc: a compiler for Chinese department budget disclosures.
#
#   make            build build/budgetc (installs missing Debian packages first)
#   make check      run every test
#   make demo       check the bundled example
#   make asan       build and test with AddressSanitizer + UBSan
#   make fuzz       build the libFuzzer target and fuzz for FUZZ_SECONDS
#   make install    install binary, stdlib and man page under PREFIX
#
# Generated C (re2c, lemon) goes to $(BUILD) only.

BUILD    ?= build
PREFIX   ?= /usr/local
CC       ?= cc
OPT      ?= -O2 -g
SANITIZE ?=
EXTRA    ?=

WARN     = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wno-unused-parameter
ifeq ($(CI),true)
WARN    += -Werror
endif
CPPFLAGS = -Iinclude -I$(BUILD) -D_POSIX_C_SOURCE=200809L \
           -DBUDGETC_STDLIB='"$(PREFIX)/share/budgetc/stdlib"'
CFLAGS   = -std=c11 -pthread $(OPT) $(WARN) $(SANITIZE) $(EXTRA) -MMD -MP
LDFLAGS  = $(SANITIZE)
LDLIBS   = -lzip -lexpat -lxlsxwriter -lpthread

LIB_SRC  = $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ  = $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/lex.o $(BUILD)/obj/parse.o
BIN      = $(BUILD)/budgetc
LIB      = $(BUILD)/libbudgetc.a
DEPS_OK  = $(BUILD)/.deps-ok

UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all check unit golden mutants fidelity robust determinism parallel tsan xlsx html valgrind hostile bench-gen demo asan fuzz fuzz-build install clean deps docs xlsx

all: $(BIN)

$(DEPS_OK): scripts/install-deps.sh
	@mkdir -p $(BUILD)
	@sh scripts/install-deps.sh build
	@touch $@

TEST_DEPS_OK = $(BUILD)/.test-deps-ok
$(TEST_DEPS_OK): scripts/install-deps.sh
	@mkdir -p $(BUILD)
	@sh scripts/install-deps.sh test
	@touch $@

deps: $(DEPS_OK)

# ---- generated front end ---------------------------------------------
$(BUILD)/lex.c: grammar/lex.re Makefile $(DEPS_OK)
	@mkdir -p $(BUILD)
	re2c -8 --input-encoding utf8 -W -Werror --no-generation-date --no-version -o $@ $<

$(BUILD)/parse.c $(BUILD)/parse.h: grammar/parse.y $(DEPS_OK)
	@mkdir -p $(BUILD)
	cp grammar/parse.y $(BUILD)/parse.y
	lemon -q -T/usr/share/lemon/lempar.c -d$(BUILD) $(BUILD)/parse.y

$(BUILD)/obj/lex.o: $(BUILD)/lex.c $(BUILD)/parse.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Wno-unused-label -c -o $@ $<

$(BUILD)/obj/parse.o: $(BUILD)/parse.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -DNDEBUG -Wno-unused-variable -Wno-missing-prototypes -c -o $@ $<

$(BUILD)/obj/%.o: src/%.c $(BUILD)/parse.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/obj/main.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# ---- tests -----------------------------------------------------------
$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS) -lcmocka

unit: $(UNIT_BIN)
	@for t in $(UNIT_BIN); do echo "== $$t"; $$t || exit 1; done

golden: $(BIN)
	@sh tests/run-golden.sh $(BIN)

# every amount of the corrected example matters: +0.10万元 anywhere fails check
mutants: $(BIN)
	@python3 tests/mutate-amounts.py $(BIN) examples/datong-kjj-2026-corrected

# every cell of every generated table, and every number of the generated
# prose, against the published document (expected values: tests/fidelity/)
fidelity: $(BIN)
	@FIDELITY_PROSE=1 sh tests/fidelity.sh $(BIN)

# bad input never crashes: thousands of broken variants of the examples
robust: $(BIN)
	@MUTANTS=$${MUTANTS:-2000} python3 tests/mutate-source.py $(BIN)

# same input, same bytes out, whatever the locale or time zone
determinism: $(BIN)
	@sh tests/determinism.sh $(BIN)

parallel: $(BIN)
	@sh tests/parallel.sh $(BIN)

# the XLSX writer: reproducible bytes, read back with python3-openpyxl
xlsx: $(BIN) $(TEST_DEPS_OK)
	@sh tests/xlsx-check.sh $(BIN)

# the HTML writer: well formed, loaded in headless Chromium, screenshots kept
html: $(BIN) $(TEST_DEPS_OK)
	@sh tests/html-check.sh $(BIN)

# budgetc fmt: golden layouts, idempotence, meaning kept, --check and -w
.PHONY: fmt-test
fmt-test: $(BIN)
	@sh tests/run-fmt.sh $(BIN)

# budgetc import: CSV and XLSX round trips of the corrected example, cases
.PHONY: import-test
import-test: $(BIN)
	@sh tests/run-import.sh $(BIN)

# the examples under valgrind's memcheck: zero errors, zero leaks (CI)
VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=all
# check with the default -j (the parsing thread under memcheck); build
# with -j1, since -j2's writer processes _exit without freeing
valgrind: $(BIN) $(TEST_DEPS_OK)
	@rm -rf $(BUILD)/vg && for ex in datong-kjj-2026 datong-kjj-2026-corrected shanghai-putuo-swh-2025; do \
	    $(VALGRIND) $(BIN) check examples/$$ex/main.budget 2>/dev/null; \
	    [ $$? -lt 2 ] || { echo "valgrind: check $$ex failed"; exit 1; }; \
	    $(VALGRIND) $(BIN) build -j1 --keep-going -o $(BUILD)/vg/$$ex examples/$$ex/main.budget 2>/dev/null; \
	    [ $$? -lt 2 ] || { echo "valgrind: build $$ex failed"; exit 1; }; \
	done; echo "valgrind: 6 passed, 0 failed"

# hostile text never becomes markup, a formula or a path; size limits
hostile: $(BIN)
	@sh tests/hostile.sh $(BIN)

# bench/gen --departments: departments that check alone and share no unit
bench-gen: $(BIN)
	@sh tests/bench-gen.sh $(BIN)

check: unit golden mutants fidelity robust determinism parallel xlsx html fmt-test import-test hostile bench-gen
	@echo "make check: all tests passed"

DEMO_OUT = $(BUILD)/demo
demo: $(BIN)
	@echo "== budgetc check: the published document, transcribed as printed; its mistakes:"
	-@$(BIN) check examples/datong-kjj-2026/main.budget
	@echo
	@echo "== budgetc check: the corrected budget (notes only: the document's rounding tails)"
	$(BIN) check examples/datong-kjj-2026-corrected/main.budget
	@echo
	@echo "== budgetc build: the disclosure in every format"
	@rm -rf $(DEMO_OUT)
	$(BIN) build -o $(DEMO_OUT) examples/datong-kjj-2026-corrected/main.budget 2>/dev/null
	@find $(DEMO_OUT) -type f | sort

asan:
	$(MAKE) BUILD=build/asan OPT="-O1 -g -fno-omit-frame-pointer" \
	    SANITIZE="-fsanitize=address,undefined -fno-sanitize-recover=all" \
	    EXTRA=-DBUDGETC_DEBUG_ARENA check

# ThreadSanitizer over the -j1/-j2 comparison: a race report is output
# that -j1 does not print, so the comparison fails.
tsan:
	$(MAKE) BUILD=build/tsan OPT="-O1 -g" SANITIZE=-fsanitize=thread build/tsan/budgetc
	TSAN_OPTIONS="halt_on_error=1 exitcode=66" sh tests/parallel.sh build/tsan/budgetc

# ---- fuzzing (clang + libFuzzer) -------------------------------------
FUZZ_SECONDS ?= 60
fuzz-build:
	$(MAKE) BUILD=build/fuzz CC=clang OPT="-O1 -g" EXTRA=-DBUDGETC_DEBUG_ARENA \
	    SANITIZE="-fsanitize=address,undefined,fuzzer-no-link" build/fuzz/libbudgetc.a
	for t in frontend build sheet factfile; do \
	    clang -g -O1 -fsanitize=address,undefined,fuzzer -Iinclude -Ibuild/fuzz \
	        -o build/fuzz/fuzz-$$t tests/fuzz/fuzz_$$t.c build/fuzz/libbudgetc.a \
	        $(LDLIBS) || exit 1; \
	done

fuzz: fuzz-build
	@mkdir -p build/fuzz/corpus build/fuzz/corpus-build
	build/fuzz/fuzz-frontend -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    -dict=tests/fuzz/budget.dict -artifact_prefix=build/fuzz/ \
	    build/fuzz/corpus tests/fuzz/corpus
	build/fuzz/fuzz-build -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -close_fd_mask=2 \
	    -dict=tests/fuzz/budget.dict -artifact_prefix=build/fuzz/build- \
	    build/fuzz/corpus-build tests/fuzz/corpus
	@mkdir -p build/fuzz/corpus-sheet
	build/fuzz/fuzz-sheet -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -close_fd_mask=3 \
	    -artifact_prefix=build/fuzz/sheet- build/fuzz/corpus-sheet tests/catalog
	@mkdir -p build/fuzz/corpus-factfile
	build/fuzz/fuzz-factfile -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -close_fd_mask=2 \
	    -artifact_prefix=build/fuzz/factfile- build/fuzz/corpus-factfile tests/fuzz/corpus-bcf

# the .bcf reader alone (make fuzz-factfile FUZZ_SECONDS=600)
.PHONY: fuzz-factfile
fuzz-factfile: fuzz-build
	@mkdir -p build/fuzz/corpus-factfile
	build/fuzz/fuzz-factfile -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -close_fd_mask=2 \
	    -artifact_prefix=build/fuzz/factfile- build/fuzz/corpus-factfile tests/fuzz/corpus-bcf

# ---- install ---------------------------------------------------------
install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/budgetc/stdlib \
	    $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/budgetc
	cp -R stdlib/. $(DESTDIR)$(PREFIX)/share/budgetc/stdlib/
	install -m 644 man/budgetc.1 $(DESTDIR)$(PREFIX)/share/man/man1/budgetc.1

# docs/diagnostics.md: generated from include/diag.def, then the rules map
docs: $(BIN)
	{ $(BIN) explain --markdown; cat docs/rules-coverage.md; } > docs/diagnostics.md

# the benchmark (bench/README.md): corpora cached in $(BUILD)/bench; sizes from
# BENCH_SIZES (default "10k 100k 1M"), also BENCH_RUNS, BENCH_TIMEOUT
.PHONY: bench bench-scale
bench: $(BIN)
	python3 bench/run --budgetc $(BIN) --dir $(BUILD)/bench

# departments compiled apart with make -j1/-j2, then consolidated, and a
# projection to a national run; BENCH_SCALE_FACTS (default "100k 1M"),
# BENCH_SCALE_DEPARTMENTS (default 64), also BENCH_RUNS, BENCH_TIMEOUT
bench-scale: $(BIN)
	python3 bench/scale --budgetc $(BIN) --dir $(BUILD)/bench

clean:
	rm -rf build

-include $(wildcard $(BUILD)/obj/*.d) $(wildcard $(BUILD)/tests/*.d)
