/* summary.h: from run files to the numbers each figure plots and the tests it reports (Figures 2-7 of paper
 * §2.1-2.5; the tests of §4.5; summaries (4.6.4)). What each figure holds is src/results/registry.c's table.
 * A sweep is the set of runs of one scale: configurations x luminance ranges, one run file per model at
 * RUNS/SCALE/MODEL/eps-E/config-I.tsv. For figure N, summary_figure writes six files:
 *   figN.tsv         every plotted number, in gnuplot blocks (separated by two blank lines, `index` in gnuplot),
 *                    each block preceded by a comment naming it and its columns;
 *   figN-stats.tsv   every Mann-Whitney test: panel, eps, the two groups, n1, n2, U1, p, method, stars, medians,
 *                    the rank-biserial r (4.5.7) and the paper's claim the test bears on;
 *   figN-values.tsv  every value each test compares, one line per run: the test's key, side (1, 2), the run's
 *                    eps and configuration (what the claims report recomputes its statistics from);
 *   figN-effects.tsv per test, the Hodges-Lehmann shift and its 95 % interval, and for matched runs the
 *                    signed-rank test and pseudo-median (results/effects.h; paper/4.5, (4.5.17)-(4.5.23));
 *   figN-runs.tsv    every run the figure read: model, eps, configuration, epochs, final test accuracy, the
 *                    epoch it diverged in (0: none) and its status, ok, diverged (a non-finite training loss) or
 *                    collapsed (a final test accuracy below SUMMARY_COLLAPSED %, near chance), (4.5.26);
 *   figN-vars.gp     the labels the plot prints (p-values, the scale, sizes), the block index of every panel
 *                    (BLOCK_<panel>), histogram ranges and labels, as gnuplot assignments.
 * Nothing is left for the gnuplot scripts to compute: box plots come as quartiles and whiskers, histograms as
 * counts. Each file's title line is followed by provenance lines ("# provenance: ..."): the version, scale, date,
 * the summarising machine's CPU, the runs' BLAS and their total compute time. */
#ifndef INHIBNORM_SUMMARY_H
#define INHIBNORM_SUMMARY_H

#include <stddef.h>
#include <stdio.h>

#define SUMMARY_MAX_CONFIGS 30
#define SUMMARY_MAX_EPS 8

/* (4.5.26): a run whose final test accuracy is below this (in percent; chance is 10 % on the ten classes) has
 * collapsed to chance, as the runs the paper's Fig. 6a marks with "~". */
#define SUMMARY_COLLAPSED 20.0

struct sweep {
	const char *runs;       /* directory holding SCALE/MODEL/eps-E/config-I.tsv */
	const char *scale;      /* smoke, quick, paper */
	const char *label;      /* one line describing the scale, printed in a corner of each figure */
	long configs[SUMMARY_MAX_CONFIGS];
	int nconf;
	double eps[SUMMARY_MAX_EPS];
	int neps;
	/* the run files summary_figure read, each once, for every model of the figure (NULL: read from disk) */
	struct sweep_cache *cache;
};

/* Box-plot numbers as matplotlib draws them: quartiles by linear interpolation, whiskers at the most extreme values
 * within 1.5 IQR of the box. */
struct box {
	double q1, median, q3, lo, hi;
	size_t n;
};

/* Box statistics of v (n > 0; sorted in place). */
void summary_box(double *v, size_t n, struct box *b);

/* Counts of v (n) in nbins equal bins over [lo, hi] (a value equal to hi goes in the last bin); values outside are
 * counted in *under and *over. */
void summary_histogram(const double *v, size_t n, double lo, double hi, int nbins, long *counts, long *under,
		       long *over);

/* Path of a run file. */
void summary_run_path(const struct sweep *s, const char *model, double eps, long config, char *buf, size_t len);

/* What the provenance lines of a summary say about the runs it read. */
#define SUMMARY_MAX_BLAS 8
struct summary_provenance {
	long runs;                          /* run files read */
	double seconds;                     /* the runs' train_seconds + eval_seconds */
	int nblas;                          /* distinct BLAS kernels and thread counts of the runs' '# blas:' lines */
	char blas[SUMMARY_MAX_BLAS][96];    /* e.g. "core=Haswell threads=1" */
	long blas_runs[SUMMARY_MAX_BLAS];   /* runs with each */
	double own_seconds;                 /* >= 0: no runs; the seconds of the command that made the file */
};

/* Adds the run file at path, read strictly as a run file of schema: its '# blas:' line (kernel and threads) and its
 * measured seconds (runfile_seconds: train_seconds and eval_seconds of every row; for a DANN run, whose
 * train_seconds runs on within an epoch, only the epoch_end rows' train_seconds). Returns INB_OK, or INB_EDATA when
 * the file is missing or not a sound run file of that kind (err names it and the line). */
struct runfile_schema;
struct runfile;
int summary_provenance_add(struct summary_provenance *p, const char *path, const struct runfile_schema *schema,
			   char *err);

/* The same for a run file already read. */
void summary_provenance_add_run(struct summary_provenance *p, const struct runfile *rf);

/* Reads every run of the models (NULL-terminated) in s once, strictly, into s->cache, which summary_load then
 * serves, and adds each to p. Returns INB_OK, INB_EDATA (err names the file and line; nothing is kept) or
 * INB_EINTERNAL. summary_cache_free releases the cache. */
int summary_cache_read(struct sweep *s, const char *const *models, struct summary_provenance *p, char *err);
void summary_cache_free(struct sweep *s);

/* Writes the provenance lines, each starting "# provenance: ": version, scale, the date and time (UTC, ISO 8601),
 * the CPU model of this (the summarising) machine, the runs' BLAS, the compute time. */
void summary_provenance_write(FILE *fp, const struct summary_provenance *p, const char *scale);


/* Writes figure fig's five files into dir. Returns INB_OK, INB_EDATA (a run file missing or malformed: err names
 * it), INB_EUSAGE (a figure not in the registry), INB_EWRITE. */
int summary_figure(const struct sweep *s, int fig, const char *dir, char *err);

#endif
