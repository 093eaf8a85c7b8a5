/* registry.h: the one description of Figures 2-7 (paper §2.1-2.5; statistics §4.5): for each figure, the models
 * its sweep trains, and for each panel what it plots, which pairs it compares with the two-sided Mann-Whitney U
 * test, its ranges and bins, the gnuplot variables it writes, and the paper's claim it supports. Everything else
 * derives from this table: the summaries (summary_figs.c loops over the panels), the Makefile's MODELS_figN
 * (`inhibnorm registry --make`), and the block indices and labels the gnuplot scripts read from figN-vars.gp.
 * Figure 1 (images) and Theorem 1 train nothing and are not here. */
#ifndef INHIBNORM_REGISTRY_H
#define INHIBNORM_REGISTRY_H

#include <stdio.h>

#define REGISTRY_MAX_MODELS 6  /* models of a figure or of a panel */
#define REGISTRY_MAX_PANELS 3
#define REGISTRY_MAX_TESTS 6

/* What a panel plots; the column it reads is the final test accuracy unless said otherwise. */
enum registry_kind {
	REGISTRY_SCATTER = 1, /* one block per eps: x = baseline, y = models[0], matched by configuration; each test
			       * once per eps (p-value labels pvar_1 .. pvar_NE; shared axis range SC_MIN, SC_MAX) */
	REGISTRY_TOP_BOXES,   /* the top-k runs per eps by accuracy, pooled over eps: one box per model, then the
			       * values; each test once on the pooled values (groups "MODEL top"; label pvar) */
	REGISTRY_MOMENT_BOXES,/* the first and second moments (mu, var) of the same top-k runs, pooled: one box block
			       * per moment; each test once per moment, on the distances from LN's targets |mu - 0| and
			       * |var - 1| (panel column "ID-first-from-0", "ID-second-from-1") */
	REGISTRY_ALIGN_HIST,  /* output and gradient alignment of models[0] at the largest eps: two histograms over
			       * [lo, hi] with bins[0] and bins[1] bins (counts outside: hvars[0], hvars[1]) */
	REGISTRY_BASELINE_BOXES, /* per eps: one box per model (collapsed runs left out of a box whose median is
			       * >= 50 %), a dotted line at the baseline's median (LNMED[i]); each test once per eps
			       * (labels PV[(i-1)*NM + j] for model j; NM and LABEL[j] name the boxes) */
	REGISTRY_POOLED_HIST  /* column of each model, all eps pooled: one histogram per model over [lo, hi] with
			       * bins[0] bins (counts outside: hvars[m]) */
};

/* One two-sided Mann-Whitney U test: model1 against model2 (U is model1's statistic, r its rank-biserial
 * correlation, (4.5.7)). */
struct registry_test {
	const char *model1, *model2;
	const char *claim;     /* the claim the test supports: "C1" .. */
	/* Histogram panels only: the run-file columns compared, "out_align" or "grad_align", for model1 and model2
	 * (groups written "MODEL output", "MODEL gradient"); the test is at the largest eps (ALIGN_HIST) or on all eps
	 * pooled (POOLED_HIST), and its models may be any of the figure's. Other panels compare their own column. */
	const char *column1, *column2;
};

struct registry_panel {
	const char *id;        /* the paper's panel, "2a"; the stats rows' panel column; BLOCK_<ID> in figN-vars.gp */
	enum registry_kind kind;
	const char *claim;     /* the claim the panel supports */
	const char *baseline;  /* SCATTER: the x axis; BASELINE_BOXES: the reference; else NULL */
	const char *models[REGISTRY_MAX_MODELS + 1]; /* NULL-terminated; SCATTER and ALIGN_HIST: exactly one */
	const char *labels[REGISTRY_MAX_MODELS + 1]; /* box or histogram label of each model (parallel to models) */
	struct registry_test tests[REGISTRY_MAX_TESTS + 1]; /* ended by { NULL }; written in this order */
	const char *column;    /* POOLED_HIST: the run-file column */
	double lo, hi;         /* histograms: the range */
	int bins[2];           /* histograms: bins (ALIGN_HIST: output, gradient) */
	const char *pvar;      /* gnuplot name of the p-value labels (SCATTER, TOP_BOXES, BASELINE_BOXES) */
	const char *hvars[REGISTRY_MAX_MODELS + 1]; /* gnuplot stems of the histograms' counts (_N, _BELOW, _ABOVE) */
};

struct registry_figure {
	int number;            /* N of figures/figN.gp and data/summary/SCALE/figN.tsv */
	const char *title;
	const char *section;   /* the paper's section, e.g. "§2.1" */
	const char *models[REGISTRY_MAX_MODELS + 1]; /* NULL-terminated: the models its sweep trains, in make's order */
	struct registry_panel panels[REGISTRY_MAX_PANELS + 1]; /* ended by { NULL } */
};

struct registry_claim {
	const char *id;        /* "C1"; C1-C8 the main paper's, D1-D5 the DANN paper's Table 3, D6 its Figure 2
				 * (paper/published.tsv) */
	const char *text;      /* the claim, in a line */
	const char *where;     /* the panels that show it */
	const char *figure;    /* the figure's file stem under figures/: "fig2", "theorem1", "dann-fig4" */
	const char *section;   /* the section of paper/ that states and checks it, as a file name */
};

/* The figures, in order, ended by { 0 }; the claims, ended by { NULL }: those of Figures 2-7 are shown by their
 * panels; Theorem 1 (C8) and the DANN paper's Table 3 (D1-D5) and Figure 2 (D6) by their
 * own figures (the claims report). */
extern const struct registry_figure registry_figures[];
extern const struct registry_claim registry_claims[];

/* The figure numbered n, or NULL. */
const struct registry_figure *registry_figure_find(int n);

/* The claim with id, or NULL. */
const struct registry_claim *registry_claim_find(const char *id);

/* Number of entries of a NULL-terminated model list. */
int registry_count(const char *const *models);

/* Index of model in a NULL-terminated list, or -1. */
int registry_index(const char *const *models, const char *model);

/* A panel kind's name for listings ("scatter per eps", ...). */
const char *registry_kind_name(enum registry_kind k);

/* Checks a table like registry_figures (ended by { 0 }): figure numbers and panel ids unique, every panel's
 * models (and baseline) among its figure's models and each model known to `inhibnorm train`, every test's groups in its panel (model2 the baseline where
 * the panel has one) and its claim known, the gnuplot names unique within a figure, ranges and bins sane. Returns
 * INB_OK or INB_EINTERNAL with the first fault in err. */
int registry_check_table(const struct registry_figure *figures, char *err);

/* registry_check_table of registry_figures. */
int registry_check(char *err);

/* Writes the Makefile fragment: REGISTRY_FIGS and MODELS_figN for each figure. */
void registry_write_make(FILE *fp);

/* Writes a readable listing: claims, then each figure with its panels, models and tests. */
void registry_write_listing(FILE *fp);

#endif
