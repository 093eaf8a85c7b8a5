/* summary_internal.h: what summary.c offers summary_figs.c (not part of the public interface). */
#ifndef INHIBNORM_SUMMARY_INTERNAL_H
#define INHIBNORM_SUMMARY_INTERNAL_H

#include "outfile.h"
#include "summary.h"

struct sum_out {
	struct outfile tsv, stats, vars;
	int block;
};

/* Loads column (or "mu" / "var": the average of the two hidden layers' l0_ and l1_ values) of every run of model
 * into v[eps][config]. */
int sum_load(const struct sweep *s, const char *model, const char *column, double v[][SUMMARY_MAX_CONFIGS],
	     char *err);

/* How many of a model's runs per eps count as its best (10 of 30 at the paper's scale). */
size_t sum_top_k(const struct sweep *s);

/* For every eps, the values val of the top-k runs by acc; pooled into out; returns their number. */
size_t sum_pool_top(const struct sweep *s, double acc[][SUMMARY_MAX_CONFIGS], double val[][SUMMARY_MAX_CONFIGS],
		    double *out);

int sum_open(struct sum_out *o, const struct sweep *s, const char *dir, int fig, char *err);
int sum_commit(struct sum_out *o, char *err);
void sum_abort(struct sum_out *o);

/* Starts a new block of the .tsv with a title and a column line. */
void sum_block(struct sum_out *o, const char *title, const char *columns);

/* One box-plot row: position, label, q1, lo, hi, q3, median, n (gnuplot candlesticks order). v is sorted. */
void sum_box_row(struct sum_out *o, double pos, const char *label, double *v, size_t n);

/* A histogram block; var names the counts of values outside the range in the vars file. */
void sum_hist_block(struct sum_out *o, const char *title, const double *v, size_t n, double lo, double hi,
		    int nbins, const char *var);

/* Two-sided Mann-Whitney test of a against b (eps < 0: pooled over eps, written "all"): a row in the stats file and, if var is not NULL, a label
 * `var = "p = ... stars"` in the vars file. Returns p. */
double sum_test(struct sum_out *o, const char *panel, double eps, const char *g1, const double *a, size_t n1,
		const char *g2, const double *b, size_t n2, const char *var);

#endif
