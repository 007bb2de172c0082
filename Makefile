# descent: `make` builds build/descent, `make test` runs every test,
# `make bench` regenerates results/ and plots/, `make verify OPT=spec`
# checks one optimizer against the theory battery. Each first installs the
# Debian packages it needs (scripts/setup.sh).

SANITIZE ?= 0
MPI ?= 0

ifeq ($(SANITIZE),1)
BUILD := build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
COPT := -O1 -g
else
BUILD := build
SANFLAGS :=
COPT := -O3 -g -fno-math-errno
endif

# MPI=1: the same program built with mpicc and -DDS_MPI, in its own
# directory (build-mpi/descent) so its objects never mix with the plain
# build's; `mpirun -np N build-mpi/descent bench SUITE` spreads a suite over
# N ranks. The set-up installs OpenMPI only for this build.
MPI_STAMP := build/.mpi-deps-installed
ifeq ($(MPI),1)
BUILD := $(BUILD:build%=build-mpi%)
CC := mpicc
MPIFLAGS := -DDS_MPI
MPI_DEPS := $(MPI_STAMP)
else
MPIFLAGS :=
MPI_DEPS :=
endif

CC ?= gcc
# Recursive (=) so pkg-config runs after the set-up has installed it.
PKG_CFLAGS = $(shell pkg-config --cflags gsl hdf5 inih sleef 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs-only-L hdf5 2>/dev/null)
CFLAGS = -std=c11 $(COPT) -ffp-contract=off -Wall -Wextra -Werror -Wno-format-truncation -fopenmp -D_POSIX_C_SOURCE=200809L \
	-D_DEFAULT_SOURCE $(MPIFLAGS) $(SANFLAGS) $(PKG_CFLAGS) \
	-DDS_GIT_COMMIT='"$(shell git describe --always --dirty --abbrev=12 2>/dev/null || echo unknown)"' \
	-DDS_BUILD_FLAGS='"$(COPT) -ffp-contract=off $(MPIFLAGS) $(SANFLAGS)"'
LDLIBS = $(PKG_LIBS) -lhdf5_hl -lhdf5 -lgsl -lgslcblas -linih -lsleef -lquadmath -lcrypto -lz -lgfortran -lm
LDFLAGS = -fopenmp $(SANFLAGS)

# The library, one folder a layer (README: the house); cli/ is the program
# on top of it and not in the library.
LAYERS := core problems optimizers schedules theory engine harness report
LIB_SRC := $(foreach d,$(LAYERS),$(wildcard $(d)/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_SRC := $(wildcard cli/*.c)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
DEPS_STAMP := build/.deps-installed

.PHONY: all deps test bench verify figures perf clean lint
all: $(BUILD)/descent

deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/setup.sh
	@scripts/setup.sh
	@mkdir -p build && touch $@

$(MPI_STAMP): scripts/setup.sh
	@scripts/setup.sh libopenmpi-dev openmpi-bin
	@mkdir -p build && touch $@

# ds_exp and ds_log1p (core/dmath.c) are written with selects so that their
# array forms vectorise; GCC if-converts those only when it may assume no
# floating-point trap is enabled. The option changes no value (IEEE results
# are the same with or without traps), and the library enables none.
$(BUILD)/obj/core/dmath.o: CFLAGS += -fno-trapping-math

$(BUILD)/obj/%.o: %.c Makefile | $(DEPS_STAMP) $(MPI_DEPS)
	@mkdir -p $(dir $@)
	@echo "  CC $<"; $(CC) $(CFLAGS) -MMD -MP -c $< -o $@

# The SDP solver of theory/pep.c: DSDP with Debian's reference BLAS and
# LAPACK (libblas-dev, liblapack-dev at their fixed paths, not the
# alternatives that OpenBLAS takes over) joined into one object whose
# BLAS/LAPACK symbols are then made local. DSDP's numbers therefore never
# depend on the CPU, and the rest of the program keeps OpenBLAS.
REFBLAS_DIR := /usr/lib/x86_64-linux-gnu
# DSDP's log (its barrier potential) and cos, and LAPACK's logf, called
# under SLEEF's non-dispatching names instead of glibc's, which are chosen
# by CPU (core/dmath.h says why).
DSDP_LIBM := --redefine-sym log=Sleef_logd1_u10purec --redefine-sym cos=Sleef_cosd1_u10purec \
	--redefine-sym logf=Sleef_logf1_u10purec
# DSDP's printing to standard output (its error trace), sent to the
# functions of theory/dsdp_quiet.c, which drop it.
DSDP_QUIET := $(foreach f,printf puts putchar fprintf fputs fputc fwrite,--redefine-sym $(f)=ds_dsdp_$(f))
DSDP_OBJ := $(BUILD)/obj/dsdp_refblas.o
$(DSDP_OBJ): Makefile | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@nm -g --defined-only /usr/lib/libdsdp.a | awk 'NF == 3 {print $$3}' | sort -u > $@.keep
	ld -r -o $@.all --whole-archive /usr/lib/libdsdp.a --no-whole-archive \
		$(REFBLAS_DIR)/lapack/liblapack.a $(REFBLAS_DIR)/blas/libblas.a
	objcopy --keep-global-symbols=$@.keep $(DSDP_LIBM) $(DSDP_QUIET) $@.all $@
	@rm -f $@.all $@.keep

# GSL's Gaussian sampler (the ziggurat: exp in its wedge test, log in its
# tail) and Gaussian distribution function (exp), taken from Debian's
# libgsl.a with those calls under SLEEF's non-dispatching names, and their
# functions renamed ds_gsl_* so that the program never reaches libgsl's own
# copies, which call glibc's exp and log (chosen by CPU). The algorithms,
# tables and random streams are GSL's (tests/test_numeric.c draws both).
GSL_A := /usr/lib/x86_64-linux-gnu/libgsl.a
GSL_LIBM_OBJ := $(BUILD)/obj/gsl_libm.o
$(GSL_LIBM_OBJ) build-fuzz/gsl_libm.o: Makefile | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	ar p $(GSL_A) gausszig.o > $@.zig.o
	ar p $(GSL_A) lt100-gauss.o > $@.cdf.o
	ld -r -o $@.all $@.zig.o $@.cdf.o
	@nm -g --defined-only $@.all | awk 'NF == 3 {print $$3 " ds_" $$3}' > $@.names
	objcopy --redefine-syms=$@.names --redefine-sym exp=Sleef_expd1_u10purec \
		--redefine-sym log=Sleef_logd1_u10purec $@.all $@
	@rm -f $@.zig.o $@.cdf.o $@.all $@.names

$(BUILD)/libdescent.a: $(LIB_OBJ) $(DSDP_OBJ) $(GSL_LIBM_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/descent: $(CLI_OBJ) $(BUILD)/libdescent.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/%.c tests/testutil.h $(BUILD)/libdescent.a | $(DEPS_STAMP) $(MPI_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libdescent.a $(LDFLAGS) $(LDLIBS) -lcmocka $(TEST_LIBS)

# The elementary functions' test measures them against binary128 ones.
$(BUILD)/tests/test_dmath: TEST_LIBS := -lquadmath

test: $(BUILD)/descent $(TEST_BIN)
	@sh tests/run.sh $(BUILD)

# The layering rule: an include never points up the stack; and no bare
# libm transcendental (core/dmath.h says why).
lint:
	@mkdir -p build
	@sh scripts/lint_layers.sh
	@sh scripts/lint_libm.sh

# The MPI build and its test: the quick suite under mpirun -np 2 against
# one process of the plain build, bit for bit (tests/cli_mpi.sh).
.PHONY: test-mpi
test-mpi: $(BUILD)/descent
	@$(MAKE) --no-print-directory MPI=1 SANITIZE=$(SANITIZE) all
	@DESCENT=$(BUILD)/descent DESCENT_MPI=$(BUILD:build%=build-mpi%)/descent sh tests/cli_mpi.sh

# make verify OPT=spec: one optimizer against the theory battery.
verify: $(BUILD)/descent
	$(BUILD)/descent verify --optimizer "$(OPT)"

# Every suite's result file (results/<suite>.h5, not committed), tables
# (results/<suite>_<table>.md/.csv/.tex and results/data/, committed), the
# page of a suite's [claim NAME] sections (results/course.md, committed) and
# figures (the [figure NAME] sections: plots/NAME.png, .pdf and .svg, committed).
# RESUME=1 finishes an interrupted `make bench` instead of starting over.
BENCH_SUITES ?= quick course theory default figures
# -W rebuilds the object that records the git commit, so the result files
# name the commit they were made by.
bench: $(BUILD)/descent
	@$(MAKE) --no-print-directory -W harness/bench.c $(BUILD)/descent >/dev/null
	@mkdir -p results/baseline
	@for s in $(BENCH_SUITES); do \
	    $(BUILD)/descent bench suites/$$s.ini --out results/$$s.h5 --tables results $(if $(RESUME),--resume) \
	        $$([ $$s = default ] && echo --baseline results/baseline/default.h5) || exit 1; \
	done
	$(BUILD)/descent verify --all --report results/theory_checks.md --json results/theory_checks.jsonl
	@$(MAKE) --no-print-directory pep
	$(BUILD)/descent html --out results/index.html --theory results/theory_checks.jsonl \
	    $(BENCH_SUITES:%=results/%.h5)

# The exact worst cases of the fixed-step methods (performance estimation):
# results/pep.md and its data results/fig_pep_*.txt (scripts/pep_report.sh),
# then plots/pep.png, .pdf and .svg, the PDF dated by the script's last
# commit so that an unchanged figure redraws to the same bytes (the SVG
# carries no date; its text is UTF-8, no Symbol-font codes).
.PHONY: pep
pep: $(BUILD)/descent
	DESCENT=$(BUILD)/descent sh scripts/pep_report.sh results/pep.md
	@command -v gnuplot >/dev/null || { echo "pep: gnuplot is not installed (scripts/setup.sh)"; exit 1; }
	@for fmt in png pdf svg; do gnuplot -e "fmt='$$fmt'; D='$(BUILD)/descent'; H='results/fig'; O='plots'" plots/pep.gp \
	    || exit 1; done
	@t=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct -- plots/pep.gp 2>/dev/null || echo 0)}; \
	    stamp=$$(date -u -d "@$${t:-0}" +%Y%m%d%H%M%S); \
	    perl -pi -e "s/\\(D:\\d{14}/(D:$$stamp/g" plots/pep.pdf

# The figures of suites/figures.ini alone: its runs into results/figures.h5,
# then plots/NAME.png, .pdf and .svg; `make figures FIGS="contours kappa"` draws
# a few (after all the runs), RESUME=1 keeps a complete file's runs.
figures: $(BUILD)/descent
	@command -v gnuplot >/dev/null || { echo "figures: gnuplot is not installed (scripts/setup.sh)"; exit 1; }
	@mkdir -p results
	@$(BUILD)/descent bench suites/figures.ini --out results/figures.h5 $(if $(RESUME),--resume) \
	    $(if $(FIGS),--no-figures)
	$(if $(FIGS),@$(BUILD)/descent figures results/figures.h5 $(FIGS))

# Regenerate the suites of `make bench` and the theory battery's verdicts
# into a temporary directory and compare every table but the timing ones,
# the course's claims page results/course.md and results/theory_checks.*
# with the committed files, byte for byte; and the figures suite's
# drawings, PNG, PDF and SVG, against plots/ (scripts/check_results.sh
# names the first difference).
.PHONY: check-results
check-results: $(BUILD)/descent
	@sh scripts/check_results.sh $(BUILD)/descent $(BENCH_SUITES) checks

.PHONY: bench-quick
bench-quick: $(BUILD)/descent
	@$(MAKE) --no-print-directory -W harness/bench.c $(BUILD)/descent >/dev/null
	$(BUILD)/descent bench suites/quick.ini --out results/quick.h5 --tables results $(if $(RESUME),--resume)

clean:
	rm -rf build build-san build-fuzz build-mpi build-mpi-san

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

# libFuzzer targets (clang -fsanitize=fuzzer): `make fuzz` builds them,
# `make fuzz-run FUZZ_SECONDS=N` runs each on its committed corpus for N s.
FUZZ_SECONDS ?= 15
FUZZ_SRC := $(wildcard fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=build-fuzz/%)
FUZZ_CFLAGS = -std=c11 -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -D_POSIX_C_SOURCE=200809L \
	-D_DEFAULT_SOURCE -fopenmp $(PKG_CFLAGS)
FUZZ_STAMP := build/.fuzz-deps-installed

$(FUZZ_STAMP): scripts/setup.sh
	@scripts/setup.sh clang libclang-rt-14-dev libomp-14-dev
	@mkdir -p build && touch $@

build-fuzz/libdescent.a: $(LIB_SRC) build-fuzz/gsl_libm.o | $(FUZZ_STAMP) $(DEPS_STAMP)
	@mkdir -p build-fuzz/obj
	@rm -f $@
	@for f in $(LIB_SRC); do o=build-fuzz/obj/$$(echo $$f | tr / _).o; \
		clang $(FUZZ_CFLAGS) -c $$f -o $$o || exit 1; done
	ar rcs $@ build-fuzz/obj/*.o build-fuzz/gsl_libm.o

build-fuzz/fuzz_%: fuzz/fuzz_%.c build-fuzz/libdescent.a
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer $< build-fuzz/libdescent.a -o $@ $(LDLIBS) -lomp

.PHONY: fuzz fuzz-run
fuzz: $(FUZZ_BIN)
fuzz-run: fuzz
	@for b in $(FUZZ_BIN); do n=$$(basename $$b | sed 's/^fuzz_//'); \
		mkdir -p build-fuzz/corpus-$$n; \
		echo "fuzzing $$n for $(FUZZ_SECONDS) s"; \
		$$b -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -print_final_stats=0 \
			build-fuzz/corpus-$$n fuzz/corpus/$$n 2>build-fuzz/$$n.log || \
			{ tail -40 build-fuzz/$$n.log; exit 1; }; \
	done; echo "fuzz: all targets ran clean"

# The performance benchmark (not a test): writes results/perf.md.
.PHONY: perf
# Where Debian's python3-torch is installed, its timings are taken in the
# same run and compared.
perf: $(BUILD)/descent
	@mkdir -p results build
	@if /usr/bin/python3 -c "import torch" 2>/dev/null; then \
	    echo "perf: timing torch.optim"; /usr/bin/python3 scripts/perf_torch.py > build/perf_torch.txt; \
	else rm -f build/perf_torch.txt; fi
	@if /usr/bin/python3 -c "import h5py, pandas" 2>/dev/null; then \
	    echo "perf: timing h5py loads of the default suite's file"; \
	    $(BUILD)/descent bench suites/default.ini --out build/perf_default.h5 --no-tables --force 2>/dev/null && \
	    /usr/bin/python3 scripts/perf_load.py build/perf_default.h5 > build/perf_load.txt; \
	else rm -f build/perf_load.txt; fi
	$(BUILD)/descent perf --out results/perf.md --torch build/perf_torch.txt --load build/perf_load.txt
	@command -v gnuplot >/dev/null || { echo "perf: gnuplot is not installed (scripts/setup.sh)"; exit 1; }
	@for fmt in png pdf svg; do gnuplot -e "fmt='$$fmt'" plots/scaling_perf.gp || exit 1; done

# A short suite and a data-set run under valgrind's memcheck: any error or
# definite/indirect leak fails.
VALGRIND = valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	--show-leak-kinds=definite,indirect
.PHONY: valgrind
valgrind: $(BUILD)/descent
	@scripts/setup.sh valgrind
	$(VALGRIND) $(BUILD)/descent bench suites/quick.ini --out build/valgrind-quick.h5 --no-tables
	$(VALGRIND) $(BUILD)/descent run --problem logreg:data=heart_scale --optimizer lbfgs --iters 50 \
		--out build/valgrind-run.h5 >/dev/null
	@echo "valgrind: no memory errors, no leaks"

# make install PREFIX=DIR (default /usr/local): the program, the library
# with its headers (include/descent/<layer>/*.h, as the sources include
# them) and a pkg-config file, the data sets the program finds by name, the
# man page when docs/descent.1 exists. DESTDIR stages a package.
PREFIX ?= /usr/local
VERSION := 0.9.0
.PHONY: install
install: $(BUILD)/descent $(BUILD)/libdescent.a
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/descent/data
	install -m 755 $(BUILD)/descent $(DESTDIR)$(PREFIX)/bin/descent
	install -m 644 $(BUILD)/libdescent.a $(DESTDIR)$(PREFIX)/lib/libdescent.a
	for d in $(LAYERS); do install -d $(DESTDIR)$(PREFIX)/include/descent/$$d; \
		for h in $$d/*.h; do [ ! -f $$h ] || install -m 644 $$h $(DESTDIR)$(PREFIX)/include/descent/$$d/ || exit 1; done; \
	done
	install -m 644 data/* $(DESTDIR)$(PREFIX)/share/descent/data/
	if [ -f docs/descent.1 ]; then install -d $(DESTDIR)$(PREFIX)/share/man/man1; \
		install -m 644 docs/descent.1 $(DESTDIR)$(PREFIX)/share/man/man1/descent.1; fi
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' -e 's|@LIBS@|$(LDFLAGS) $(LDLIBS)|' scripts/libdescent.pc.in \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/libdescent.pc
