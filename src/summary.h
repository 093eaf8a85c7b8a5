/* summary.h: from run files to the numbers each figure plots and the tests it reports (spec §7.6-7.11).
 * A sweep is the set of runs of one scale: configurations x luminance ranges, one run file per model at
 * RUNS/SCALE/MODEL/eps-E/config-I.tsv. For figure N, summary_figure writes three files:
 *   figN.tsv         every plotted number, in gnuplot blocks (separated by two blank lines, `index` in gnuplot),
 *                    each block preceded by a comment naming it and its columns;
 *   figN-stats.tsv   every Mann-Whitney test: panel, eps, the two groups, n1, n2, U1, p, method, stars, medians;
 *   figN-vars.gp     the labels the plot prints (p-values, the scale, sizes), as gnuplot assignments.
 * Nothing is left for the gnuplot scripts to compute: box plots come as quartiles and whiskers, histograms as
 * counts. */
#ifndef INHIBNORM_SUMMARY_H
#define INHIBNORM_SUMMARY_H

#include <stddef.h>

#define SUMMARY_MAX_CONFIGS 30
#define SUMMARY_MAX_EPS 8

struct sweep {
	const char *runs;       /* directory holding SCALE/MODEL/eps-E/config-I.tsv */
	const char *scale;      /* smoke, quick, paper */
	const char *label;      /* one line describing the scale, printed in a corner of each figure */
	long configs[SUMMARY_MAX_CONFIGS];
	int nconf;
	double eps[SUMMARY_MAX_EPS];
	int neps;
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

/* Writes figure fig's three files into dir. Returns INB_OK, INB_EDATA (a run file missing or malformed: err names
 * it), INB_EUSAGE (unknown figure), INB_EWRITE. */
int summary_figure(const struct sweep *s, int fig, const char *dir, char *err);

#endif
