# report.mk: the claims report (step 5 of the Makefile's pipeline) and the check of the numbers in the text.
# The report reads whichever of the scale's tables exist (figN-stats.tsv, figN-values.tsv, figN-runs.tsv, theorem1.tsv,
# dann-table3.tsv), so it
# works on a fresh clone from the committed results; `make all-figures` rewrites it after its summaries.
# Where the report goes: paper/ for the scales the document presents (quick, paper) from the repository's summaries;
# data/summary/ (not committed) for another scale there (smoke); beside DIR for a sweep summarised elsewhere
# (SUMMARY_DIR=DIR, as the verification suite's scratch sweeps). Never paper/ for those.
REPORT_DIR ?= $(if $(filter data/summary,$(SUMMARY_DIR)),$(if $(filter quick paper,$(SCALE)),paper,data/summary),$(SUMMARY_DIR)/..)
REPORT := $(REPORT_DIR)/report-$(SCALE).md
REPORT_TABLES = $(wildcard $(addprefix $(SUMMARY_DIR)/$(SCALE)/,$(foreach f,2 3 4 5 6 7,fig$(f)-stats.tsv fig$(f)-values.tsv fig$(f)-runs.tsv) \
	theorem1.tsv dann-table3.tsv))
$(REPORT): paper/published.tsv $(REPORT_TABLES) $(PROG)
	$(PROG) report --scale $(SCALE) --summary $(SUMMARY_DIR)/$(SCALE) --published paper/published.tsv --out $@

.PHONY: report numbers traces
# NO_TRAIN=1: the scale's summaries are taken as they are (committed, or just made by all-figures), never remade from
# runs, so `make report` never trains
## make report | paper/report-SCALE.md: each claim, the paper's values beside the committed results, a verdict
report: $(PROG)
	@$(MAKE) --no-print-directory NO_TRAIN=1 $(REPORT)
	@echo "report: $(REPORT)"

## make traces | rewrites the trace line under each figure of paper/*.md and README.md from the committed summaries
traces: $(PROG)
	$(PROG) trace --write 1 paper/*.md README.md

## make numbers | checks every number tagged in paper/*.md and README.md against the table it names
numbers: $(PROG)
	$(PROG) numbers paper/*.md README.md
