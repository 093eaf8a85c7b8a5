# report.mk: the claims report and the check of the numbers in the text, included by the Makefile.
#   make report [SCALE=...]   paper/report-SCALE.md: the paper's values (paper/published.tsv) beside the scale's
#                             committed summaries, with verdicts; reads summaries only, never trains
#   make numbers              every tagged number of paper/*.md and README.md against the table it names
# The report reads whichever of the scale's tables exist (figN-stats.tsv, figN-values.tsv, theorem1.tsv,
# dann-table3.tsv), so it works on a fresh clone from the committed results; `make all-figures` rewrites it after its summaries.
# the report goes beside the text it belongs to (paper/) for the repository's summaries; a sweep summarised elsewhere
# (SUMMARY_DIR=DIR, as the verification suite's scratch sweeps) gets its report beside DIR, never in paper/
REPORT_DIR ?= $(if $(filter data/summary,$(SUMMARY_DIR)),paper,$(SUMMARY_DIR)/..)
REPORT := $(REPORT_DIR)/report-$(SCALE).md
REPORT_TABLES = $(wildcard $(addprefix $(SUMMARY_DIR)/$(SCALE)/,$(foreach f,2 3 4 5 6 7,fig$(f)-stats.tsv fig$(f)-values.tsv) \
	theorem1.tsv dann-table3.tsv))
$(REPORT): paper/published.tsv $(REPORT_TABLES) bin/inhibnorm
	bin/inhibnorm report --scale $(SCALE) --summary $(SUMMARY_DIR)/$(SCALE) --published paper/published.tsv --out $@

.PHONY: report numbers
# NO_TRAIN=1: the scale's summaries are taken as they are (committed, or just made by all-figures), never remade from
# runs, so `make report` never trains
report: bin/inhibnorm
	@$(MAKE) --no-print-directory NO_TRAIN=1 $(REPORT)
	@echo "report: $(REPORT)"

# after every figure of the scale (its summaries are then the newest), the report: a second make reads them anew
all-figures:
	@$(MAKE) --no-print-directory report

numbers: bin/inhibnorm
	bin/inhibnorm numbers paper/*.md README.md
