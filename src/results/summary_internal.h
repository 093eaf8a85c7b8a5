/* summary_internal.h: what summary.c offers summary_figs.c (not part of the public interface). A grid holds one
 * value per run of a model: (neps, nconf), row-major, v[ie * nconf + ic]. */
#ifndef INHIBNORM_SUMMARY_INTERNAL_H
#define INHIBNORM_SUMMARY_INTERNAL_H

#include "formats/outfile.h"
#include "results/effects.h"
#include "results/summary.h"

struct summary_out {
	/* figN.tsv, -stats.tsv, -vars.gp, -values.tsv, -effects.tsv, -runs.tsv */
	struct outfile tsv, stats, vars, values, effects, runs;
	int block;             /* the next block's index in the .tsv (gnuplot's `index`) */
};

/* Loads column (or "mu" / "var": the average of the two hidden layers' l0_ and l1_ values) of every run of model
 * into v (neps, nconf). Returns INB_OK or INB_EDATA (err names the run file and its line). */
int summary_load(const struct sweep *s, const char *model, const char *column, double *v, char *err);

/* How many of a model's runs per eps count as its best (10 of 30 at the paper's scale). */
size_t summary_top_k(const struct sweep *s);

/* For every eps, the values val (neps, nconf) of the top-k runs by acc (neps, nconf); pooled into out
 * (neps * top_k); returns their number. */
size_t summary_pool_top(const struct sweep *s, const double *acc, const double *val, double *out);

/* The keys of summary_pool_top's selection, in the same order, into key (neps * top_k); returns their number. */
size_t summary_pool_top_keys(const struct sweep *s, const double *acc, struct runkey *key);

/* The keys of a grid's runs (neps, nconf) from eps index first to last: key (neps * nconf). */
void summary_grid_keys(const struct sweep *s, struct runkey *key);

/* Opens the five files of figure fig in dir and writes their headers, each title line followed by the provenance
 * lines of p (summary.h). Returns INB_OK or INB_EWRITE; nothing is left behind on failure. */
int summary_open(struct summary_out *o, const struct sweep *s, const struct summary_provenance *p, const char *dir,
		 int fig, char *err);
int summary_commit(struct summary_out *o, char *err);

/* A run's status by (4.5.26), "ok", "diverged" or "collapsed", and its final test accuracy (NaN without one). */
struct runfile;
const char *summary_run_status(const struct runfile *rf, double *test_acc);
void summary_abort(struct summary_out *o);

/* Starts a new block of the .tsv with a title and a column line; returns its index. */
int summary_block(struct summary_out *o, const char *title, const char *columns);

/* One box-plot row: position, label, q1, lo, hi, q3, median, n (gnuplot candlesticks order). v is sorted. */
void summary_box_row(struct summary_out *o, double pos, const char *label, double *v, size_t n);

/* A histogram block; var names the counts of values outside the range in the vars file. Returns its index. */
int summary_hist_block(struct summary_out *o, const char *title, const double *v, size_t n, double lo, double hi,
		       int nbins, const char *var);

/* Two-sided Mann-Whitney test of a against b (eps < 0: pooled over eps, written "all"): a row in the stats file
 * (with the rank-biserial r and the claim id last) and, if var is not NULL, a label `var = "p = ... stars"` in the
 * vars file; every value with the run it comes from (ka, kb) in the values file, and the effects of effects.h
 * (the shift, its interval, the signed-rank test where the runs are matched) in the effects file. Returns p. */
double summary_test(struct summary_out *o, const char *panel, double eps, const char *g1, const double *a,
		    const struct runkey *ka, size_t n1, const char *g2, const double *b, const struct runkey *kb,
		    size_t n2, const char *var, const char *claim);

#endif
