# pipeline.mk: the main paper's sweeps behind Figures 2-7 (steps 2 and 3 of the Makefile's pipeline): the scales,
# the registry of figures, one rule per training run and one per figure's summaries; also the sweep's queries
# (list-runs, status) and its cluster script (slurm). Included by the Makefile, which draws the figures.
# One run file per (scale, model, eps, configuration): $(RUNS_DIR)/SCALE/MODEL/eps-E/config-I.tsv. Each is written
# atomically by `inhibnorm train`, so `make -j` runs them in parallel and an interrupted sweep resumes where it
# stopped. Runs depend on the program only as an order-only prerequisite: rebuilding it does not redo finished runs
# (`make clean-results` does).

# ---- scales --------------------------------------------------------------------------------------------------------
# paper: the published protocol, 30 configurations x 4 luminance ranges x 50 epochs.
CONFIGS_paper := $(shell seq 0 29)
EPS_paper := 0 0.25 0.5 0.75
EPOCHS_paper := 50
TRAIN_FLAGS_paper :=
# quick: every fourth configuration, the extreme luminance ranges, 8 epochs (measured time: paper/usage.md). Fewer
# epochs do not show Figure 6's decorrelation deficit, which opens after about 5 epochs.
CONFIGS_quick := 0 4 8 12 16 20 24 28
EPS_quick := 0 0.75
EPOCHS_quick := 8
TRAIN_FLAGS_quick :=
# smoke: the pipeline end to end in a minute: three configurations, one short epoch on part of the data.
CONFIGS_smoke := 0 12 26
EPS_smoke := 0 0.75
EPOCHS_smoke := 1
TRAIN_FLAGS_smoke := --train-limit 1600 --test-limit 1000

ifeq ($(filter $(SCALE),smoke quick paper),)
$(error SCALE=$(SCALE): expected smoke, quick or paper)
endif

comma := ,
space := $(empty) $(empty)
SCALE_LABEL = scale: $(SCALE), $(words $(CONFIGS_$(SCALE))) configurations, eps in {$(subst $(space),$(comma) ,$(strip $(EPS_$(SCALE))))}, $(EPOCHS_$(SCALE)) epoch$(if $(filter 1,$(EPOCHS_$(SCALE))),,s)$(if $(TRAIN_FLAGS_$(SCALE)), ($(TRAIN_FLAGS_$(SCALE))))

# ---- which models each figure trains: the registry ----------------------------------------------------------------
# src/results/registry.c describes each figure once (models, panels, tests, claims). `inhibnorm registry --make`
# writes the sweep figures (REGISTRY_FIGS) and the models each trains (MODELS_figN) as figures/registry.mk, which is
# committed and included here, so that make knows every step without building anything first (`make -n fig3`, a
# cluster task, NO_TRAIN=1 and `make status` all read the same file). `make` refreshes it after building the
# program (`make registry-mk`); `make verify` fails when it differs from the program's.
include figures/registry.mk
SWEEP_FIGS := $(REGISTRY_FIGS)
.PHONY: registry-mk
registry-mk: $(PROG)
	@mkdir -p build
	@$(PROG) registry --make --out build/registry.mk.new
	@cmp -s build/registry.mk.new figures/registry.mk && rm build/registry.mk.new || \
		{ mv build/registry.mk.new figures/registry.mk; echo "make: figures/registry.mk updated from the registry"; }
## make registry | the figures' registry: models, panels, tests, claims (src/results/registry.c)
registry: $(PROG)
	@$(PROG) registry

# runs_of(figure number, scale): the run files of that figure
runs_of = $(foreach m,$(MODELS_fig$(1)),$(foreach e,$(EPS_$(2)),$(foreach c,$(CONFIGS_$(2)),$(RUNS_DIR)/$(2)/$(m)/eps-$(e)/config-$(c).tsv)))
ALL_RUNS = $(sort $(foreach f,$(SWEEP_FIGS),$(call runs_of,$(f),$(SCALE))))

# finished runs are results, not intermediate files: make must never delete them
.SECONDARY: $(ALL_RUNS)

# ---- one training run ---------------------------------------------------------------------------------------------
# The stem is SCALE/MODEL/eps-E/config-I.
run_part = $(word $(1),$(subst /, ,$(2)))
# A run killed part way (SIGKILL, a node lost) leaves its temporary $@.tmp.PID; it is removed when the run is redone.
# After each run, one line of progress: runs finished out of the scale's total and the time left (sweep_status.sh;
# NO_PROGRESS=1 leaves it out). NO_TRAIN=1 never trains.
$(RUNS_DIR)/%.tsv: | $(call step_inputs,$(PROG))
	$(call step,@mkdir -p $(@D); rm -f $@.tmp.*)
	$(call step,$(PROG) train --quiet --model $(call run_part,2,$*) --eps $(patsubst eps-%,%,$(call run_part,3,$*)) \
		--config $(patsubst config-%,%,$(call run_part,4,$*)) --epochs $(EPOCHS_$(call run_part,1,$*)) \
		$(TRAIN_FLAGS_$(call run_part,1,$*)) $(DATA_FLAG) --out $@)
	@$(if $(NO_PROGRESS)$(NO_TRAIN),:,PROG=$(PROG) bash figures/sweep_status.sh $(call run_part,1,$*) $(RUNS_DIR) || true)

# ---- summaries ----------------------------------------------------------------------------------------------------
# One command writes a figure's six summaries, each with its provenance lines. They depend on the program (they are
# cheap to redo) and on the runs; with NO_TRAIN=1 on nothing (the Makefile's step).
.SECONDEXPANSION:
$(SUM)/fig%.tsv $(SUM)/fig%-stats.tsv $(SUM)/fig%-vars.gp $(SUM)/fig%-values.tsv $(SUM)/fig%-effects.tsv $(SUM)/fig%-runs.tsv: \
		$$(call step_inputs,$$(call runs_of,$$*,$(SCALE)) $(PROG))
	$(call step,@mkdir -p $(@D))
	$(call step,$(PROG) summarize --figure $* --runs $(RUNS_DIR) --scale $(SCALE) --configs "$(CONFIGS_$(SCALE))" \
		--eps "$(EPS_$(SCALE))" --label "$(SCALE_LABEL)" --out-dir $(@D))

.PHONY: list-runs slurm status
# ORDER=config: every run of the scale, configuration by configuration (all models and eps of the first
# configuration, then the next, ...), the order an archive is trained in, so that a partial archive holds whole
# configurations of every model: nice make -j2 $$(make -s list-runs SCALE=paper ORDER=config)
SWEEP_MODELS = $(sort $(foreach f,$(SWEEP_FIGS),$(MODELS_fig$(f))))
RUNS_BY_CONFIG = $(foreach c,$(CONFIGS_$(SCALE)),$(foreach e,$(EPS_$(SCALE)),$(foreach m,$(SWEEP_MODELS),\
	$(RUNS_DIR)/$(SCALE)/$(m)/eps-$(e)/config-$(c).tsv)))
## make list-runs | the run files of a figure (FIG=N) or of all figures, at SCALE; ORDER=config as archived
list-runs:
	@test -z "$(ORDER)" -o "$(ORDER)" = config || { echo "make: list-runs: ORDER=$(ORDER): expected config or nothing" >&2; exit 2; }
	@test -z "$(ORDER)" -o -z "$(FIG)" || { echo "make: list-runs: ORDER=config lists every figure's runs; leave out FIG=$(FIG)" >&2; exit 2; }
	@printf '%s\n' $(if $(FIG),$(call runs_of,$(FIG),$(SCALE)),$(if $(ORDER),$(RUNS_BY_CONFIG),$(ALL_RUNS)))

# The progress of a sweep running elsewhere (in the background, a cluster array) from its run files in RUNS_DIR.
# (reads the run files through the program: built first only when there is none)
## make status | how far a sweep at SCALE is (runs finished of the total, time left), wherever it runs
status: $(if $(wildcard $(PROG)),,$(PROG))
	@PROG=$(PROG) bash figures/sweep_status.sh --detail $(SCALE) $(RUNS_DIR)

# A job-array script for a cluster: task k (1-based) makes the k-th run of build/runs-$(SCALE).txt (into the
# RUNS_DIR and with the DATA given here); afterwards, `make all-figures SCALE=$(SCALE)` on any machine with the run
# files draws the figures. `make slurm-test` runs it on a one-node SLURM cluster started on this machine.
# The array holds every run of the scale: the figures' and the DANN paper's table's (figures/dann.mk).
SLURM_RUNS = $(ALL_RUNS) $(DANN_RUNS)
## make slurm | a SLURM job-array script for SCALE (e.g. SCALE=paper)
slurm: bin/inhibnorm
	@mkdir -p build
	@printf '%s\n' $(SLURM_RUNS) > build/runs-$(SCALE).txt.tmp && mv build/runs-$(SCALE).txt.tmp build/runs-$(SCALE).txt
	@{ echo '#!/bin/bash'; \
	   echo '#SBATCH --job-name=inhibnorm-$(SCALE)'; \
	   echo '#SBATCH --array=1-$(words $(SLURM_RUNS))'; \
	   echo '#SBATCH --cpus-per-task=1'; \
	   echo '#SBATCH --mem=1G'; \
	   echo '#SBATCH --time=4:00:00'; \
	   echo '# Generated by make slurm SCALE=$(SCALE): one training run per array task.'; \
	   echo 'set -euo pipefail'; \
	   echo 'cd $(CURDIR)'; \
	   echo 'export OPENBLAS_NUM_THREADS=$${OPENBLAS_NUM_THREADS:-1}'; \
	   echo 'run=$$(sed -n "$${SLURM_ARRAY_TASK_ID}p" build/runs-$(SCALE).txt)'; \
	   echo '# -o bin/inhibnorm: use the program `make slurm` built; never rebuild it from a thousand tasks at once'; \
	   echo 'make --no-print-directory -o bin/inhibnorm SCALE=$(SCALE) RUNS_DIR=$(RUNS_DIR) $(if $(DATA),DATA=$(DATA)) "$$run"'; \
	 } > build/slurm-$(SCALE).sh.tmp && mv build/slurm-$(SCALE).sh.tmp build/slurm-$(SCALE).sh
	@echo "wrote build/slurm-$(SCALE).sh ($(words $(SLURM_RUNS)) array tasks) and build/runs-$(SCALE).txt; submit with: sbatch build/slurm-$(SCALE).sh"
