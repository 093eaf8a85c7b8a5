# inhibnorm: build, verification and figures. `make help` lists the targets: each is described by the '## ' line
# above its rule (in this file and the files it includes), in the order they appear: the build and its checks first,
# then the pipeline, step by step (data, runs, summaries, figures, claims report, document).
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
# No .DELETE_ON_ERROR: every recipe writes its target through a temporary renamed into place (the program's
# outputs, gnuplot's, the stamps), so a failed rebuild leaves the previous good file, possibly a committed one, as it
# was; make's deletion on error would remove that file instead.
.SUFFIXES:
MAKEFLAGS += --no-builtin-rules

# ---- dependencies: stop with one line naming the Debian package, not a compiler error ----------------------------
# (NO_TRAIN=1 draws figures from summaries: it builds nothing)
NOBUILD_GOALS := clean clean-results help data-check status list-runs
ifneq ($(if $(NO_TRAIN),,$(filter-out $(NOBUILD_GOALS),$(or $(MAKECMDGOALS),all))),)
ifeq ($(shell command -v pkg-config),)
$(error missing pkg-config: install the Debian package pkg-config)
endif
need_pkg = $(if $(shell pkg-config --exists $(1) && echo yes),,$(error missing $(1) (pkg-config cannot find it): install the Debian package $(2)))
$(call need_pkg,gsl,libgsl-dev)
$(call need_pkg,openblas,libopenblas-dev)
$(call need_pkg,zlib,zlib1g-dev)
endif

# ---- flags --------------------------------------------------------------------------------------------------------
CC := gcc
OPT ?= -O3
ARCH ?=
CFLAGS ?=
WARN := -Wall -Wextra -Wshadow -Wpointer-arith -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
BASE_CFLAGS = -std=c11 -g $(OPT) $(ARCH) $(WARN) -MMD -MP -Isrc \
	$(shell pkg-config --cflags gsl openblas zlib) $(CFLAGS)
# GSL's pkg-config also names its reference CBLAS; OpenBLAS provides CBLAS here, so link GSL without it.
LIBS = $(shell pkg-config --libs openblas zlib) $(shell pkg-config --libs-only-L gsl) -lgsl -lm

VERSION := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
SRC := $(wildcard src/*/*.c)
LIB_SRC := $(filter-out src/cli/main.c,$(SRC))
TEST_SRC := $(wildcard verify/*.c)

F_OBJ := $(SRC:src/%.c=build/float/%.o)
D_OBJ := $(SRC:src/%.c=build/double/%.o)
D_LIB_OBJ := $(LIB_SRC:src/%.c=build/double/%.o)
T_OBJ := $(TEST_SRC:verify/%.c=build/double/verify/%.o)

.PHONY: all
## ---- the program and its checks
## make | bin/inhibnorm (single precision) and bin/inhibnorm-double (the same sources in double)
all: bin/inhibnorm bin/inhibnorm-double registry-mk

# Flags and version are written to stamp files that change only when their content does, so that changing either
# rebuilds what depends on it.
define stamp
	@mkdir -p $(dir $@); printf '%s\n' $(1) > $@.new; cmp -s $@.new $@ && rm $@.new || mv $@.new $@
endef
build/float/flags: FORCE
	$(call stamp,'$(CC) $(BASE_CFLAGS)')
build/double/flags: FORCE
	$(call stamp,'$(CC) $(BASE_CFLAGS) -DINHIBNORM_DOUBLE')
build/version: FORCE
	$(call stamp,'$(VERSION)')
.PHONY: FORCE
FORCE:

build/float/%.o: src/%.c build/float/flags
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) -c $< -o $@
build/double/%.o: src/%.c build/double/flags
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) -DINHIBNORM_DOUBLE -c $< -o $@
build/float/core/common.o build/double/core/common.o: build/version
build/float/core/common.o: BASE_CFLAGS += -DINHIBNORM_VERSION='"$(VERSION)"'
build/double/core/common.o: BASE_CFLAGS += -DINHIBNORM_VERSION='"$(VERSION)"'

bin/inhibnorm: $(F_OBJ)
	@mkdir -p $(@D)
	$(CC) -o $@ $^ $(LIBS)
bin/inhibnorm-double: $(D_OBJ)
	@mkdir -p $(@D)
	$(CC) -o $@ $^ $(LIBS)

-include $(F_OBJ:.o=.d) $(D_OBJ:.o=.d) $(T_OBJ:.o=.d)

# ---- verification -------------------------------------------------------------------------------------------------
.PHONY: verify need-criterion
need-criterion:
	@pkg-config --exists criterion || { echo "make: missing criterion: install the Debian package libcriterion-dev"; exit 1; }

build/double/verify/%.o: verify/%.c build/double/flags | need-criterion
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) -DINHIBNORM_DOUBLE $(shell pkg-config --cflags criterion) -c $< -o $@
build/verify: $(T_OBJ) $(D_LIB_OBJ)
	$(CC) -o $@ $^ $(LIBS) $(shell pkg-config --libs criterion)

# verify/verify.sh runs the checks in groups, one "== group" line each (Criterion in 2 worker processes, each run
# ending with its Synthesis line), every group even after a failure, then a summary line; it fails if any failed.
# Each further argument 'TITLE=COMMAND' is one more group, run after the built-in ones.
VERIFY_GROUPS := 'figure pipeline at smoke scale (scratch directory)=bash verify/smoke_pipeline.sh' \
	'sweep progress and make status on synthetic runs=bash verify/sweep_status_test.sh' \
	'a smoke sweep killed with SIGKILL and resumed=bash verify/kill_resume.sh' \
	'numbers in the text and the claims report=bash verify/numbers_check.sh'
## make verify | the verification suite (CI runs it)
verify: build/verify bin/inhibnorm
	INHIBNORM_BIN=$(CURDIR)/bin/inhibnorm bash verify/verify.sh $(VERIFY_GROUPS)

# ---- sanitizers ---------------------------------------------------------------------------------------------------
# `make sanitize`: the library, the test binary and the program built with AddressSanitizer (leak detection on) and
# UndefinedBehaviorSanitizer, plus float-cast-overflow, which gcc's `undefined` leaves out; the first finding stops
# the process. The whole suite runs on these builds, in build/sanitize/ (never mixed with the normal objects).
SAN := -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_CFLAGS = $(BASE_CFLAGS) -O1 $(SAN)
SAN_F_OBJ := $(SRC:src/%.c=build/sanitize/float/%.o)
SAN_D_LIB_OBJ := $(LIB_SRC:src/%.c=build/sanitize/double/%.o)
SAN_T_OBJ := $(TEST_SRC:verify/%.c=build/sanitize/double/verify/%.o)
SAN_ENV := ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

build/sanitize/flags: FORCE
	$(call stamp,'$(CC) $(SAN_CFLAGS)')
build/sanitize/float/%.o: src/%.c build/sanitize/flags
	@mkdir -p $(@D)
	$(CC) $(SAN_CFLAGS) -c $< -o $@
build/sanitize/double/%.o: src/%.c build/sanitize/flags
	@mkdir -p $(@D)
	$(CC) $(SAN_CFLAGS) -DINHIBNORM_DOUBLE -c $< -o $@
build/sanitize/double/verify/%.o: verify/%.c build/sanitize/flags | need-criterion
	@mkdir -p $(@D)
	$(CC) $(SAN_CFLAGS) -DINHIBNORM_DOUBLE $(shell pkg-config --cflags criterion) -c $< -o $@
build/sanitize/float/core/common.o build/sanitize/double/core/common.o: build/version
build/sanitize/float/core/common.o build/sanitize/double/core/common.o: BASE_CFLAGS += -DINHIBNORM_VERSION='"$(VERSION)"'
build/sanitize/inhibnorm: $(SAN_F_OBJ)
	$(CC) $(SAN) -o $@ $^ $(LIBS)
build/sanitize/verify: $(SAN_T_OBJ) $(SAN_D_LIB_OBJ)
	$(CC) $(SAN) -o $@ $^ $(LIBS) $(shell pkg-config --libs criterion)
-include $(SAN_F_OBJ:.o=.d) $(SAN_D_LIB_OBJ:.o=.d) $(SAN_T_OBJ:.o=.d)

.PHONY: sanitize
## make sanitize | the verification suite on AddressSanitizer + UBSan builds, leak detection on
sanitize: build/sanitize/verify build/sanitize/inhibnorm
	$(SAN_ENV) VERIFY_BIN=build/sanitize/verify INHIBNORM_BIN=$(CURDIR)/build/sanitize/inhibnorm \
		bash verify/verify.sh $(VERIFY_GROUPS)

# ---- fuzzing -----------------------------------------------------------------------------------------------------
# `make fuzz FUZZ_SECONDS=N`: one libFuzzer binary per parser that reads outside input (verify/fuzz_harness.c: IDX
# and IDX.gz, number files, run files, options, tables, the text's numbers and trace lines), built with clang, ASan and UBSan into build/fuzz/, each run N
# seconds from the committed seed corpus verify/fuzz/corpus/NAME/ (verify/fuzz/run.sh). A finding is copied to
# verify/fuzz/regress/NAME/, which `make verify` replays, and fails the target.
FUZZ_CC := clang
FUZZ_SECONDS ?= 60
FUZZ_NAMES := idx numfile runfile cli tsvtable numcheck trace
FUZZ_INDEX_idx := 0
FUZZ_INDEX_numfile := 1
FUZZ_INDEX_runfile := 2
FUZZ_INDEX_cli := 3
FUZZ_INDEX_tsvtable := 4
FUZZ_INDEX_numcheck := 5
FUZZ_INDEX_trace := 6
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS = -std=c11 -g -O1 $(WARN) -MMD -MP -Isrc $(shell pkg-config --cflags gsl openblas zlib) $(FUZZ_SAN) \
	-fsanitize=fuzzer-no-link
FUZZ_LIB_OBJ := $(LIB_SRC:src/%.c=build/fuzz/%.o) build/fuzz/verify/fuzz_harness.o
.PHONY: fuzz need-clang
need-clang:
	@command -v $(FUZZ_CC) >/dev/null || { echo "make: missing clang: install the Debian package clang"; exit 1; }
	@test -n "$$(find /usr/lib/llvm-*/lib/clang -name 'libclang_rt.fuzzer-x86_64.a' 2>/dev/null | head -1)" || \
		{ echo "make: missing libFuzzer: install the Debian package libclang-rt-14-dev"; exit 1; }
build/fuzz/flags: FORCE
	$(call stamp,'$(FUZZ_CC) $(FUZZ_CFLAGS)')
build/fuzz/%.o: src/%.c build/fuzz/flags | need-clang
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@
build/fuzz/core/common.o: build/version
build/fuzz/core/common.o: FUZZ_CFLAGS += -DINHIBNORM_VERSION='"$(VERSION)"'
build/fuzz/verify/fuzz_harness.o: verify/fuzz_harness.c build/fuzz/flags | need-clang
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@
build/fuzz/main-%.o: verify/fuzz/main.c build/fuzz/flags | need-clang
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -DFUZZ_TARGET=$(FUZZ_INDEX_$*) -c $< -o $@
build/fuzz/fuzz-%: build/fuzz/main-%.o $(FUZZ_LIB_OBJ)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(LIBS)
-include $(FUZZ_LIB_OBJ:.o=.d) $(FUZZ_NAMES:%=build/fuzz/main-%.d)
# objects reached only through the pattern rule above: keep them (make would delete them as intermediates)
.SECONDARY: $(FUZZ_LIB_OBJ) $(FUZZ_NAMES:%=build/fuzz/main-%.o)

## make fuzz | each input parser under libFuzzer for FUZZ_SECONDS (default 60) from the seed corpus
fuzz: $(FUZZ_NAMES:%=build/fuzz/fuzz-%)
	bash verify/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_NAMES)

# ---- a real cluster ----------------------------------------------------------------------------------------------
# `make slurm-test`: a one-node SLURM cluster started on this machine runs `make slurm SCALE=smoke`'s array; its runs,
# summaries and figures must equal those of `make -j2 all-figures SCALE=smoke` (verify/slurm_test.sh; root).
.PHONY: slurm-test
## make slurm-test | a one-node SLURM cluster here runs the smoke array; results must equal make -j2's
slurm-test: bin/inhibnorm | need-gnuplot
	bash verify/slurm_test.sh

# ==== the pipeline, in order ========================================================================================
## ---- the pipeline: data -> runs -> summaries -> figures -> claims report -> document
# 1. data       Debian's Fashion-MNIST (DATA=DIR for another copy), checked by make data-check     (this file)
# 2. runs       one run file per training run, RUNS_DIR/SCALE/...        figures/pipeline.mk, figures/dann.mk
# 3. summaries  every plotted number and test, SUMMARY_DIR/SCALE/...     figures/pipeline.mk, figures/dann.mk, here
# 4. figures    FIG_DIR/NAME.svg and .png, all by one gnuplot rule                                  (this file)
# 5. report     paper/report-SCALE.md: the paper's values beside ours, with verdicts              figures/report.mk
# 6. document   build/paper/index.html from paper/*.md                                              paper/render.mk
# Every step writes its output through a temporary renamed into place, and each output records where it came from
# (run files their command and program; summaries their provenance lines, written by the command itself).
# NO_TRAIN=1 (any figure target): steps 2-3 take the files present as they are (the committed summaries) and never
# build the program, train or summarise; a missing one is an error that says how to make it.

SCALE ?= quick
# Where results go; `make verify` points them at a scratch directory for its smoke run. PROG is the program every
# step runs (`make sanitize` runs them with its instrumented build).
PROG ?= bin/inhibnorm
RUNS_DIR ?= data/runs
SUMMARY_DIR ?= data/summary
FIG_DIR ?= figures
# Every summary of a scale is in SUM: the sweep figures', Figure 1's and Theorem 1's.
SUM := $(SUMMARY_DIR)/$(SCALE)
NO_TRAIN ?=

# step_inputs(FILES): a training or summary step's inputs; none with NO_TRAIN=1, so its output is taken as it is
step_inputs = $(if $(NO_TRAIN),,$(1))
# step(COMMAND): the step's recipe; with NO_TRAIN=1 (its output missing) one line saying how to make it
# (no comma in the message: it would end the $(if)'s argument)
step = $(if $(NO_TRAIN),{ echo "make: $@: not present and NO_TRAIN=1 makes nothing: run make all-figures SCALE=$(SCALE) without NO_TRAIN to make it" >&2; exit 1; },$(1))

# ---- 1. data -------------------------------------------------------------------------------------------------------
DATA ?=
DATA_DIR := $(or $(DATA),$(INHIBNORM_DATA),$(if $(wildcard data/fashion-mnist),data/fashion-mnist,/usr/share/datasets/fashion-mnist))
DATA_FLAG := $(if $(DATA),--data $(DATA))

.PHONY: data-check
## make data-check | checks the Fashion-MNIST files against data/fashion-mnist.sha256
data-check:
	@test -d $(DATA_DIR) || { echo "make: no Fashion-MNIST in $(DATA_DIR): install the Debian package dataset-fashion-mnist"; exit 3; }
	cd $(DATA_DIR) && sha256sum -c $(CURDIR)/data/fashion-mnist.sha256

# ---- 2-3. runs and summaries ---------------------------------------------------------------------------------------
# the main paper's sweeps (Figures 2-7): the scales, the registry, one rule per run, one per figure's summaries
include figures/pipeline.mk
# the DANN paper's sweep (Table 3, Figure 4)
include figures/dann.mk

# Figure 1 (paper §2.1, §4.1): the image grid; the same for every scale, made per scale like every summary.
$(SUM)/fig1.tsv: $(call step_inputs,$(PROG))
	$(call step,@mkdir -p $(@D))
	$(call step,$(PROG) images $(DATA_FLAG) --eps 0.75 --scale $(SCALE) --out $@)

# Theorem 1 (paper §2.5, Appendix 5.2), not one of the paper's figures: the full grid n = 10 .. 1e5, 1000 trials
# per size (about 80 s here) at the quick and paper scales; the smoke scale (and `make verify`) a smaller one.
THEOREM1_FLAGS := $(if $(filter smoke,$(SCALE)),--trials 200 --max-n 10000 --width 256 --steps 100)
$(SUM)/theorem1.tsv: $(call step_inputs,$(PROG))
	$(call step,@mkdir -p $(@D))
	$(call step,$(PROG) theorem1 $(DATA_FLAG) $(THEOREM1_FLAGS) --scale $(SCALE) --out $@)

# ---- 4. figures: one rule draws every one --------------------------------------------------------------------------
# Figure NAME of scale S is FIG_DIR/NAME-S.svg (and .png), drawn by figures/FIG_SCRIPT_NAME.gp (default NAME.gp) from
# the files FIG_INPUTS_NAME of SUMMARY_DIR/S/:
#   gnuplot -c SCRIPT OUT TERMINAL INPUTS...
# The name says the scale, so any scale's figure can be drawn whatever SCALE is, from that scale's summaries (those
# committed: data/summary/quick and paper); the quick and paper scales' SVGs are committed (paper/ shows them).
.PHONY: need-gnuplot
need-gnuplot:
	@command -v gnuplot >/dev/null || { echo "make: missing gnuplot: install the Debian package gnuplot-nox"; exit 1; }

FIG_INPUTS_fig1 := fig1.tsv
FIG_INPUTS_theorem1 := theorem1.tsv
$(foreach f,$(SWEEP_FIGS),$(eval FIG_INPUTS_fig$(f) := fig$(f).tsv fig$(f)-vars.gp))
# (the DANN figure's: figures/dann.mk)
FIG_NAMES := fig1 $(foreach f,$(SWEEP_FIGS),fig$(f)) theorem1 dann-fig4 dann-fig2
fig_script = figures/$(or $(FIG_SCRIPT_$(1)),$(1)).gp
# figure_rule(NAME,EXT): FIG_DIR/NAME-%.EXT from SUMMARY_DIR/%/ (the inputs are the prerequisites after the script
# and the style)
define figure_rule
$$(FIG_DIR)/$(1)-%.$(2): $$(call fig_script,$(1)) figures/style.gp $$(addprefix $$(SUMMARY_DIR)/%/,$$(FIG_INPUTS_$(1))) \
		| need-gnuplot
	@mkdir -p $$(@D)
	gnuplot -c $$(call fig_script,$(1)) $$@.tmp $(2) $$(wordlist 3,99,$$^) && mv $$@.tmp $$@
endef
$(foreach n,$(FIG_NAMES),$(foreach e,svg png,$(eval $(call figure_rule,$(n),$(e)))))
# the figures of SCALE
SCALE_FIGURES := fig1 $(foreach f,$(SWEEP_FIGS),fig$(f)) theorem1
fig_files = $(FIG_DIR)/$(1)-$(SCALE).svg $(FIG_DIR)/$(1)-$(SCALE).png

.PHONY: all-figures figures-svg fig1 theorem1 $(foreach f,$(SWEEP_FIGS),fig$(f))
## make figN | one figure (N = 1..7) at SCALE, figures/figN-SCALE.svg: trains what it needs (or reuses finished runs), summarises, draws
## make theorem1 | the Theorem 1 simulation and its figure at SCALE
# (naming SCALE's summaries here makes them targets of their own, never intermediate files of the figure rule
# that make would delete after drawing)
$(foreach n,$(SCALE_FIGURES),$(eval $(n): $(call fig_files,$(n)) $(addprefix $(SUM)/,$(FIG_INPUTS_$(n)))))
## make figures-svg | every SVG of SCALE; with NO_TRAIN=1 drawn from the summaries present only
figures-svg: $(foreach n,$(SCALE_FIGURES),$(FIG_DIR)/$(n)-$(SCALE).svg) $(DANN_FIG).svg

# ---- 5. the claims report, 6. the document -------------------------------------------------------------------------
include figures/report.mk
include paper/render.mk

## make all-figures | every figure at SCALE=quick (default), smoke or paper, the DANN table, then the claims report
# (and, when the summaries are the repository's, the trace lines under the document's figures)
all-figures: fig1 theorem1 $(foreach f,$(SWEEP_FIGS),fig$(f)) dann-table3
	@$(MAKE) --no-print-directory report
	$(if $(filter data/summary,$(SUMMARY_DIR)),@$(MAKE) --no-print-directory traces > /dev/null)

# ---- cleaning -----------------------------------------------------------------------------------------------------
.PHONY: clean clean-results help
## ---- housekeeping, the archives' audit, the benchmark
## make clean | build products only
clean:
	rm -rf build bin
# archived sweeps (committed run files) and the summaries that may be committed (.gitignore) are kept: `git rm`
# them on purpose if ever needed
ARCHIVED_SWEEPS := dann-paper paper
KEPT_SUMMARIES := quick paper
## make clean-results | runs (not archives), summaries, figures
# the committed figures (.gitignore) are kept like the committed summaries
KEPT_FIGURES := $(foreach s,$(KEPT_SUMMARIES),figures/%-$(s).svg figures/fig1-$(s).png)
clean-results:
	rm -rf figures/*.tmp $(filter-out $(KEPT_FIGURES),$(wildcard figures/*.svg figures/*.png))
	rm -rf $(filter-out $(addprefix data/summary/,$(KEPT_SUMMARIES)),$(wildcard data/summary/*))
	rm -rf $(filter-out $(addprefix data/runs/,$(ARCHIVED_SWEEPS)),$(wildcard data/runs/*))

## make help | this list, from the '## ' lines above the rules, in the order make reads them
help:
	@awk 'function walk(f,   line, a) { \
		while ((getline line < f) > 0) { \
			if (line ~ /^include [^$$]*\.mk$$/) { split(line, a, " "); walk(a[2]) } \
			else if (line ~ /^## make /) { sub(/^## /, "", line); split(line, a, " [|] "); printf "  %-21s %s\n", a[1], a[2] } \
			else if (line ~ /^## ---- /) { sub(/^## ---- /, "", line); print line } \
		} \
		close(f) } BEGIN { walk("Makefile") }'

# ---- audit of an archived sweep -----------------------------------------------------------------------------------
# make audit ARCHIVE=data/runs/dann-paper [K=3] [AUDIT_SEED=N] [AUDIT_TOL=2]: verify/audit.sh (paper/dann-5-experiments.md)
ARCHIVE ?=
K ?= 3
AUDIT_SEED ?= $(shell date +%s)
AUDIT_TOL ?= 2
.PHONY: audit
## make audit | retrains K (default 3) random run files of ARCHIVE=data/runs/... and compares them
audit: bin/inhibnorm
	@test -n "$(ARCHIVE)" || { echo "make: audit: ARCHIVE=DIR is required (a sweep under $(RUNS_DIR), e.g. $(RUNS_DIR)/dann-paper)"; exit 2; }
	RUNS_DIR=$(RUNS_DIR) bash verify/audit.sh $(ARCHIVE) $(K) $(AUDIT_SEED) $(AUDIT_TOL)

# ---- benchmark ----------------------------------------------------------------------------------------------------
.PHONY: bench
# Debian's interpreter, where the package python3-torch puts PyTorch (a python3 earlier on PATH may lack it); without
# PyTorch the bench leaves its vs-torch column out. BENCH_FLAGS passes further flags (inhibnorm bench --help). The
# output is also kept in data/bench/bench.txt (paper/4.6).
PYTHON ?= /usr/bin/python3
BENCH_FLAGS ?=
## make bench | step speed against GEMM and PyTorch, side-by-side throughput, paper-scale cost
bench: bin/inhibnorm
	@mkdir -p data/bench
	bin/inhibnorm bench $(DATA_FLAG) --torch verify/bench_torch.py --python $(PYTHON) $(BENCH_FLAGS) \
		| tee data/bench/bench.txt.tmp
	mv data/bench/bench.txt.tmp data/bench/bench.txt
