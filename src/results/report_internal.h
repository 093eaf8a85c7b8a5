/* report_internal.h: what report_effects.c offers report.c (not part of the public interface): the per-run values
 * of a scale's tests (figN-values.tsv), and for one comparison its effects (effects.h), its verdict by (4.5.24)
 * and how that verdict fares when one configuration (or, for a test pooling more than two eps, one eps) is left
 * out (4.5.25). */
#ifndef INHIBNORM_REPORT_INTERNAL_H
#define INHIBNORM_REPORT_INTERNAL_H

#include "formats/tsvtable.h"
#include "results/effects.h"
#include "results/report.h"
#include "results/summary.h"

#define REPORT_MAX_LOO (SUMMARY_MAX_CONFIGS + SUMMARY_MAX_EPS)

/* The values tables of figures 2-7 of one scale, and their runs tables (figN-runs.tsv, (4.5.26)), those present. */
struct report_values {
	struct tsvtable t[8];
	int have[8];
	struct tsvtable runs[8];
	int have_runs[8];
};

/* One comparison's effects and the stability of its verdict. */
struct report_fx {
	int have;                   /* the comparison's values were found and its effects computed */
	struct effects all;         /* on every run */
	enum report_verdict v;      /* (4.5.24) at the margin REPORT_MARGIN */
	enum report_verdict v_margin[REPORT_NMARGINS]; /* at each of report_margins (sameness rows) */
	int nloo;                   /* leave-one-out subsets */
	int loo_is_eps[REPORT_MAX_LOO];
	long loo_config[REPORT_MAX_LOO];
	double loo_eps[REPORT_MAX_LOO];
	enum report_verdict loo_v[REPORT_MAX_LOO];
	int kept;                   /* subsets whose verdict is v */
	int runs_known;             /* the figure's runs table was read, so nbad and v_clean mean something */
	int nbad;                   /* runs of the comparison that diverged or collapsed (4.5.26) */
	enum report_verdict v_clean; /* the verdict without them (REPORT_NONE when a group would be empty) */
};

/* Reads dir/figN-WHAT.tsv for N = 2..7 into t[N] where the file exists (have[N] = 1; t, have: 8 entries, have
 * zeroed by the caller). Returns INB_OK or INB_EDATA for a file that exists but is malformed (err names it). */
int report_tables_load(const char *dir, const char *what, struct tsvtable *t, int *have, char *err);

int report_values_load(struct report_values *v, const char *dir, char *err);
void report_values_free(struct report_values *v);

/* The model a test's group names: its first word ("inorm-center gradient" is a group of model inorm-center). */
void report_group_model(const char *group, char *model, size_t len);

/* The effects and verdicts of the comparison (figure fig, panel, eps, g1 against g2) for a published result
 * (significant or not, direction); margin_applies: the quantity is a test accuracy, so sameness is judged by
 * equivalence. fx->have = 0 when the values table lacks the test. Returns INB_OK or an error of the statistics. */
int report_fx_compute(const struct report_values *v, int fig, const char *panel, const char *eps, const char *g1,
		      const char *g2, int paper_significant, int paper_direction, int margin_applies,
		      struct report_fx *fx, char *err);

#endif
