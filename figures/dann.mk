# dann.mk: the DANN paper's Table 3 and Figure 4 (Fashion-MNIST panel), and its Figure 2 procedure on Fashion-MNIST
# (at the end): steps 2 and 3 of the Makefile's pipeline (runs and summaries) and the inputs of its figures, which the
# Makefile's one figure rule draws.
# One run file per (scale, model, seed): $(RUNS_DIR)/dann-SCALE/MODEL/seed-S.tsv, written atomically by
# `inhibnorm dann-train`, so `make -j` runs them in parallel and an interrupted sweep resumes. As in pipeline.mk the
# runs depend on the program only as an order-only prerequisite, so finished (or archived) runs are never redone.
# MNIST and Kuzushiji-MNIST come in the same IDX format: DATA=DIR DANN_SET=mnist (Table 1) or kmnist (Table 2) trains
# that table's models at its learning rates into $(RUNS_DIR)/dann-SCALE-SET/ and summarises into
# $(SUMMARY_DIR)/SCALE-SET/ and figures/dann-fig4-SET.*; the default, fmnist, is Table 3 (no suffix).

DANN_SET ?= fmnist
ifeq ($(filter $(DANN_SET),fmnist mnist kmnist),)
$(error DANN_SET=$(DANN_SET): expected fmnist, mnist or kmnist)
endif
# the rows of each table
DANN_MODELS_fmnist := mlp ln bn dann dann-nc dann-1i colei
DANN_MODELS_mnist := mlp dann dann-nc dann-1i colei
DANN_MODELS_kmnist := mlp ln bn dann colei
DANN_MODELS := $(DANN_MODELS_$(DANN_SET))
# paper: the published protocol, 6 seeds x 50 epochs on all the data, test error every 200 updates.
DANN_SEEDS_paper := 1 2 3 4 5 6
DANN_FLAGS_paper := --epochs 50
# quick: 3 seeds x 1 epoch (a few minutes on 2 cores; paper/usage.md has the measured time).
DANN_SEEDS_quick := 1 2 3
DANN_FLAGS_quick := --epochs 1
# smoke: the pipeline end to end in seconds: 2 seeds, one epoch on 1600 images, 500 test images.
DANN_SEEDS_smoke := 1 2
DANN_FLAGS_smoke := --epochs 1 --train-limit 1600 --test-limit 500 --eval-every 10

# sweep directory and output suffix: dann-SCALE for Fashion-MNIST, dann-SCALE-SET otherwise
DANN_SUFFIX := $(if $(filter-out fmnist,$(DANN_SET)),-$(DANN_SET))
dann_runs = $(foreach m,$(DANN_MODELS),$(foreach s,$(DANN_SEEDS_$(1)),$(RUNS_DIR)/dann-$(1)$(DANN_SUFFIX)/$(m)/seed-$(s).tsv))
DANN_RUNS := $(call dann_runs,$(SCALE))
.SECONDARY: $(DANN_RUNS)
DANN_LABEL = $(words $(DANN_SEEDS_$(SCALE))) seeds, $(DANN_FLAGS_$(SCALE))

# The stem is SCALE[-SET]/MODEL/seed-S.
dann_part = $(word $(1),$(subst /, ,$(2)))
dann_scale = $(word 1,$(subst -, ,$(call dann_part,1,$(1))))
dann_set = $(or $(word 2,$(subst -, ,$(call dann_part,1,$(1)))),fmnist)
# NO_TRAIN=1 (the Makefile's step): no run is trained and the summaries are taken as they are
$(RUNS_DIR)/dann-%.tsv: | $(call step_inputs,$(PROG))
	$(call step,@mkdir -p $(@D))
	$(call step,$(PROG) dann-train --model $(call dann_part,2,$*) --seed $(patsubst seed-%,%,$(call dann_part,3,$*)) \
		--rates $(call dann_set,$*) $(DANN_FLAGS_$(call dann_scale,$*)) $(DATA_FLAG) --out $@)

DANN_SUM := $(SUMMARY_DIR)/$(SCALE)$(DANN_SUFFIX)
# the table as printed goes to dann-table3.txt through a temporary (the command writes the other files itself)
$(DANN_SUM)/dann-table3.tsv $(DANN_SUM)/dann-table3.txt $(DANN_SUM)/dann-fig4.tsv $(DANN_SUM)/dann-fig4-vars.gp \
		$(DANN_SUM)/dann-timing.tsv &: $(call step_inputs,$(DANN_RUNS) paper/published.tsv $(PROG))
	$(call step,@mkdir -p $(DANN_SUM))
	$(call step,$(PROG) dann-summary --runs $(RUNS_DIR)/dann-$(SCALE)$(DANN_SUFFIX) --scale $(SCALE) --rates $(DANN_SET) \
		--published paper/published.tsv \
		--models "$(DANN_MODELS)" --seeds "$(DANN_SEEDS_$(SCALE))" --label "$(DANN_LABEL)" --out-dir $(DANN_SUM) \
		> $(DANN_SUM)/dann-table3.txt.tmp || { rc=$$?; rm -f $(DANN_SUM)/dann-table3.txt.tmp; exit $$rc; })
	$(call step,mv $(DANN_SUM)/dann-table3.txt.tmp $(DANN_SUM)/dann-table3.txt)

# ---- the figure's inputs (drawn by the Makefile's figure rule) -------------------------------------------------------
# Figure 4 of scale S (S: the scale, with the data set's suffix for Tables 1-2), FIG_DIR/dann-fig4-S.svg; the paper
# scale's, dann-fig4-paper.svg, is drawn from the archive's committed summary whatever SCALE is, without training.
FIG_INPUTS_dann-fig4 := dann-fig4.tsv dann-fig4-vars.gp
DANN_FIG := $(FIG_DIR)/dann-fig4-$(SCALE)$(DANN_SUFFIX)

.PHONY: dann-table3 dann-list-runs
## make dann-table3 | the DANN paper's Table 3 and Figure 4 (Fashion-MNIST) at SCALE; with DATA=DIR, Tables 1-2
dann-table3: $(DANN_FIG).svg $(DANN_FIG).png $(DANN_SUM)/dann-table3.txt
	@cat $(DANN_SUM)/dann-table3.txt
	@printf 'training seconds per epoch on the machine that ran the sweep, mean over seeds (fastest run), from %s:' \
		$(DANN_SUM)/dann-timing.tsv
	@awk -F'\t' '!/^#/ && $$1 != "model" { printf " %s %.2f (%s)", $$1, $$3, NF < 5 ? "-" : sprintf("%.2f", $$5) } \
		END { print "" }' \
		$(DANN_SUM)/dann-timing.tsv

## make dann-list-runs | the DANN paper's run files of SCALE, one per line
dann-list-runs:
	@printf '%s\n' $(DANN_RUNS)

# ---- Figure 2 (Fashion-MNIST; the paper used MNIST): d-NGD's cosines ---------------------------------------------------
# One run of model dann-ngd per (scale, seed): $(RUNS_DIR)/dann-fig2-SCALE/seed-S.tsv, and beside it its cosines per
# update, seed-S.cos.tsv (`dann-train --cosines`, committed before the run file, so a run file means both). The
# paper's configuration: batch 250, rate 300 (MNIST's), 50 epochs on all the data, one seed; we run three.
DANN_FIG2_SEEDS_paper := 1 2 3
DANN_FIG2_FLAGS_paper := --epochs 50
DANN_FIG2_WINDOW_paper := 500
# quick: 5 epochs on all the data (1200 updates, so the 500-update mean has 701 points), a few minutes per run
DANN_FIG2_SEEDS_quick := 1 2 3
DANN_FIG2_FLAGS_quick := --epochs 5
DANN_FIG2_WINDOW_quick := 500
# smoke: 4 epochs of 10 updates, a 10-update mean
DANN_FIG2_SEEDS_smoke := 1 2
DANN_FIG2_FLAGS_smoke := --epochs 4 --train-limit 2500 --test-limit 500 --eval-every 10
DANN_FIG2_WINDOW_smoke := 10
DANN_FIG2_DIR := $(RUNS_DIR)/dann-fig2-$(SCALE)
DANN_FIG2_RUNS := $(foreach s,$(DANN_FIG2_SEEDS_$(SCALE)),$(DANN_FIG2_DIR)/seed-$(s).tsv)
DANN_FIG2_LABEL = $(words $(DANN_FIG2_SEEDS_$(SCALE))) seeds, $(DANN_FIG2_FLAGS_$(SCALE))
.SECONDARY: $(DANN_FIG2_RUNS)
# a static pattern rule: it takes precedence over the sweep's $(RUNS_DIR)/dann-%.tsv
$(DANN_FIG2_RUNS): $(DANN_FIG2_DIR)/seed-%.tsv: | $(call step_inputs,$(PROG))
	$(call step,@mkdir -p $(@D))
	$(call step,$(PROG) dann-train --model dann-ngd --seed $* $(DANN_FIG2_FLAGS_$(SCALE)) $(DATA_FLAG) \
		--cosines $(@D)/seed-$*.cos.tsv --out $@)

DANN_FIG2_SUM := $(SUMMARY_DIR)/$(SCALE)
$(DANN_FIG2_SUM)/dann-fig2.tsv $(DANN_FIG2_SUM)/dann-fig2-stats.tsv $(DANN_FIG2_SUM)/dann-fig2-vars.gp &: \
		$(call step_inputs,$(DANN_FIG2_RUNS) $(PROG))
	$(call step,@mkdir -p $(DANN_FIG2_SUM))
	$(call step,$(PROG) dann-fig2-summary --runs $(DANN_FIG2_DIR) --scale $(SCALE) \
		--seeds "$(DANN_FIG2_SEEDS_$(SCALE))" --window $(DANN_FIG2_WINDOW_$(SCALE)) --label "$(DANN_FIG2_LABEL)" \
		--out-dir $(DANN_FIG2_SUM))

FIG_INPUTS_dann-fig2 := dann-fig2.tsv dann-fig2-vars.gp

.PHONY: dann-fig2
## make dann-fig2 | the DANN paper's Figure 2 procedure on Fashion-MNIST at SCALE: d-NGD's cosines, figures/dann-fig2-SCALE.svg
dann-fig2: $(FIG_DIR)/dann-fig2-$(SCALE).svg $(FIG_DIR)/dann-fig2-$(SCALE).png $(DANN_FIG2_SUM)/dann-fig2-stats.tsv
	@grep -v '^#' $(DANN_FIG2_SUM)/dann-fig2-stats.tsv
