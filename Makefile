# descent: `make` builds build/descent, `make test` runs every test,
# `make bench` regenerates results/ and plots/, `make verify OPT=spec`
# checks one optimizer against the theory battery. Each first installs the
# Debian packages it needs (scripts/setup.sh).

SANITIZE ?= 0
MPI ?= 0

ifeq ($(SANITIZE),1)
BUILD := build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
OPT := -O1 -g
else
BUILD := build
SANFLAGS :=
OPT := -O2 -g
endif

CC ?= gcc
# Recursive (=) so pkg-config runs after the set-up has installed it.
PKG_CFLAGS = $(shell pkg-config --cflags gsl hdf5 inih openblas 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs-only-L hdf5 openblas 2>/dev/null)
CFLAGS = -std=c11 $(OPT) -Wall -Wextra -Werror -Wno-format-truncation -fopenmp -D_POSIX_C_SOURCE=200809L \
	-D_DEFAULT_SOURCE -DDS_OPENBLAS $(SANFLAGS) $(PKG_CFLAGS) \
	-DDS_GIT_COMMIT='"$(shell git describe --always --dirty --abbrev=12 2>/dev/null || echo unknown)"' \
	-DDS_BUILD_FLAGS='"$(OPT) $(SANFLAGS)"'
LDLIBS = $(PKG_LIBS) -lhdf5_hl -lhdf5 -lgsl -lopenblas -linih -lm
LDFLAGS = -fopenmp $(SANFLAGS)

LIB_SRC := $(wildcard core/*.c problems/*.c optimizers/*.c theory/*.c) \
	$(filter-out bench/main.c,$(wildcard bench/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
DEPS_STAMP := build/.deps-installed

.PHONY: all deps test bench verify figures perf clean
all: $(BUILD)/descent

deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/setup.sh
	@scripts/setup.sh
	@mkdir -p build && touch $@

$(BUILD)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC $<"; $(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libdescent.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/descent: $(BUILD)/obj/bench/main.o $(BUILD)/libdescent.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/%.c tests/testutil.h $(BUILD)/libdescent.a | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libdescent.a $(LDFLAGS) $(LDLIBS) -lcmocka

test: $(BUILD)/descent $(TEST_BIN)
	@sh tests/run.sh $(BUILD)

# Every suite's result file (results/<suite>.h5, not committed) and tables
# (results/<suite>_<table>.md/.csv/.tex and results/data/, committed).
# RESUME=1 finishes an interrupted `make bench` instead of starting over.
BENCH_SUITES ?= quick course theory default
# -W rebuilds the object that records the git commit, so the result files
# name the commit they were made by.
bench: $(BUILD)/descent
	@$(MAKE) --no-print-directory -W bench/bench.c $(BUILD)/descent >/dev/null
	@for s in $(BENCH_SUITES); do \
	    $(BUILD)/descent bench suites/$$s.ini --out results/$$s.h5 --tables results $(if $(RESUME),--resume) \
	        || exit 1; \
	done

.PHONY: bench-quick
bench-quick: $(BUILD)/descent
	@$(MAKE) --no-print-directory -W bench/bench.c $(BUILD)/descent >/dev/null
	$(BUILD)/descent bench suites/quick.ini --out results/quick.h5 --tables results $(if $(RESUME),--resume)

clean:
	rm -rf build build-san

-include $(LIB_OBJ:.o=.d) $(BUILD)/obj/bench/main.d
