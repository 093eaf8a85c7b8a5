/* summary.c: shared machinery of the figure summaries (see summary.h): reading a sweep's results, box and
 * histogram numbers, the Mann-Whitney rows, and the three output files. The figures themselves are in
 * summary_figs.c. */
#include "summary.h"
#include "summary_internal.h"
#include "common.h"
#include "metrics.h"
#include "mwu.h"
#include "runfile.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void summary_box(double *v, size_t n, struct box *b)
{
	gsl_sort(v, 1, n);
	b->n = n;
	b->q1 = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.25);
	b->median = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.5);
	b->q3 = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.75);
	double iqr = b->q3 - b->q1, lo = b->q1 - 1.5 * iqr, hi = b->q3 + 1.5 * iqr;
	b->lo = b->q1, b->hi = b->q3;
	for (size_t i = 0; i < n; i++) {
		if (v[i] >= lo && v[i] < b->lo)
			b->lo = v[i];
		if (v[i] <= hi && v[i] > b->hi)
			b->hi = v[i];
	}
}

void summary_histogram(const double *v, size_t n, double lo, double hi, int nbins, long *counts, long *under,
		       long *over)
{
	memset(counts, 0, (size_t)nbins * sizeof *counts);
	*under = *over = 0;
	for (size_t i = 0; i < n; i++) {
		if (!(v[i] >= lo)) { /* also NaN */
			(*under)++;
			continue;
		}
		if (v[i] > hi) {
			(*over)++;
			continue;
		}
		int b = (int)((v[i] - lo) / (hi - lo) * nbins);
		counts[b < nbins ? b : nbins - 1]++;
	}
}

void summary_run_path(const struct sweep *s, const char *model, double eps, long config, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s/%s/eps-%g/config-%ld.tsv", s->runs, s->scale, model, eps, config);
}

int sum_load(const struct sweep *s, const char *model, const char *column, double v[][SUMMARY_MAX_CONFIGS],
	     char *err)
{
	char path[4096];
	for (int ie = 0; ie < s->neps; ie++) {
		for (int ic = 0; ic < s->nconf; ic++) {
			summary_run_path(s, model, s->eps[ie], s->configs[ic], path, sizeof path);
			struct runfile rf;
			int rc = runfile_read(path, &rf, err);
			if (rc)
				return rc;
			/* "mu" and "var": the layer average the authors plot (spec §7.2) */
			int avg = !strcmp(column, "mu") || !strcmp(column, "var");
			char name[2][32];
			snprintf(name[0], sizeof name[0], avg ? "l0_%s" : "%s", column);
			snprintf(name[1], sizeof name[1], "l1_%s", column);
			double sum = 0;
			for (int k = 0; k <= avg; k++) {
				int i = runfile_column(&rf, name[k]);
				if (i < 0) {
					rc = inb_fail(err, INB_EDATA, "%s:%ld: no column '%s' in the header, expected it for "
						      "this figure", path, rf.header_line, name[k]);
					runfile_free(&rf);
					return rc;
				}
				sum += rf.last[i];
			}
			v[ie][ic] = avg ? sum / 2 : sum;
			runfile_free(&rf);
		}
	}
	return INB_OK;
}

size_t sum_top_k(const struct sweep *s)
{
	size_t k = (size_t)(s->nconf + 2) / 3; /* 10 of the 30 configurations, as the paper; a third at other scales */
	return k ? k : 1;
}

size_t sum_pool_top(const struct sweep *s, double acc[][SUMMARY_MAX_CONFIGS], double val[][SUMMARY_MAX_CONFIGS],
		    double *out)
{
	size_t k = sum_top_k(s), n = 0, idx[SUMMARY_MAX_CONFIGS];
	for (int ie = 0; ie < s->neps; ie++) {
		if (metrics_top_k(acc[ie], (size_t)s->nconf, k, idx, NULL) != INB_OK)
			continue;
		for (size_t j = 0; j < k; j++)
			out[n++] = val[ie][idx[j]];
	}
	return n;
}

int sum_open(struct sum_out *o, const struct sweep *s, const char *dir, int fig, char *err)
{
	memset(o, 0, sizeof *o);
	char path[4096];
	snprintf(path, sizeof path, "%s/fig%d.tsv", dir, fig);
	int rc = outfile_open(&o->tsv, path, err);
	snprintf(path, sizeof path, "%s/fig%d-stats.tsv", dir, fig);
	if (!rc)
		rc = outfile_open(&o->stats, path, err);
	snprintf(path, sizeof path, "%s/fig%d-vars.gp", dir, fig);
	if (!rc)
		rc = outfile_open(&o->vars, path, err);
	if (rc) {
		sum_abort(o);
		return rc;
	}
	fprintf(o->tsv.fp, "# inhibnorm %s summary of figure %d: %s\n", inb_version, fig, s->label);
	fprintf(o->stats.fp, "# inhibnorm %s: two-sided Mann-Whitney U tests of figure %d; U is the statistic of "
			     "group1; %s\n", inb_version, fig, s->label);
	fprintf(o->stats.fp, "panel\teps\tgroup1\tgroup2\tn1\tn2\tU\tp\tmethod\tstars\tmedian1\tmedian2\n");
	fprintf(o->vars.fp, "# inhibnorm %s: labels of figure %d (generated; loaded by figures/fig%d.gp)\n",
		inb_version, fig, fig);
	fprintf(o->vars.fp, "SCALE_LABEL = \"%s\"\nNE = %d\narray EPS[%d]\n", s->label, s->neps, s->neps);
	for (int ie = 0; ie < s->neps; ie++)
		fprintf(o->vars.fp, "EPS[%d] = \"%g\"\n", ie + 1, s->eps[ie]);
	fprintf(o->vars.fp, "NCONF = %d\nTOPK = %zu\n", s->nconf, sum_top_k(s));
	return INB_OK;
}

int sum_commit(struct sum_out *o, char *err)
{
	int rc = outfile_commit(&o->tsv, err);
	if (!rc)
		rc = outfile_commit(&o->stats, err);
	if (!rc)
		rc = outfile_commit(&o->vars, err);
	if (rc)
		sum_abort(o);
	return rc;
}

void sum_abort(struct sum_out *o)
{
	outfile_abort(&o->tsv);
	outfile_abort(&o->stats);
	outfile_abort(&o->vars);
}

void sum_block(struct sum_out *o, const char *title, const char *columns)
{
	fprintf(o->tsv.fp, "%s# block %d: %s\n# %s\n", o->block ? "\n\n" : "", o->block, title, columns);
	o->block++;
}

void sum_box_row(struct sum_out *o, double pos, const char *label, double *v, size_t n)
{
	struct box b;
	summary_box(v, n, &b);
	fprintf(o->tsv.fp, "%g\t\"%s\"\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%zu\n", pos, label, b.q1, b.lo, b.hi, b.q3,
		b.median, b.n);
}

void sum_hist_block(struct sum_out *o, const char *title, const double *v, size_t n, double lo, double hi,
		    int nbins, const char *var)
{
	long counts[64], under, over;
	summary_histogram(v, n, lo, hi, nbins, counts, &under, &over);
	char t[256];
	snprintf(t, sizeof t, "%s: %d bins over [%g, %g], %zu values, %ld below, %ld above", title, nbins, lo, hi, n,
		 under, over);
	sum_block(o, t, "bin_centre count bin_width");
	double w = (hi - lo) / nbins;
	for (int b = 0; b < nbins; b++)
		fprintf(o->tsv.fp, "%.6g\t%ld\t%.6g\n", lo + (b + 0.5) * w, counts[b], w);
	fprintf(o->vars.fp, "%s_N = %zu\n%s_BELOW = %ld\n%s_ABOVE = %ld\n", var, n, var, under, var, over);
}

double sum_test(struct sum_out *o, const char *panel, double eps, const char *g1, const double *a, size_t n1,
		const char *g2, const double *b, size_t n2, const char *var)
{
	struct mwu_result r;
	char err[INB_ERRLEN];
	if (mwu_test(a, n1, b, n2, MWU_AUTO, &r, err) != INB_OK) {
		fprintf(o->stats.fp, "%s\t%g\t%s\t%s\t%zu\t%zu\tnan\tnan\tnone\t-\tnan\tnan\n", panel, eps < 0 ? NAN : eps, g1, g2, n1,
			n2);
		if (var)
			fprintf(o->vars.fp, "%s = \"p: n/a\"\n", var);
		return NAN;
	}
	char e[32];
	if (eps < 0)
		snprintf(e, sizeof e, "all");
	else
		snprintf(e, sizeof e, "%g", eps);
	fprintf(o->stats.fp, "%s\t%s\t%s\t%s\t%zu\t%zu\t%.17g\t%.10g\t%s\t%s\t%.6g\t%.6g\n", panel, e, g1, g2, n1, n2,
		r.u1, r.p, mwu_method_name(r.method), mwu_stars(r.p), r.median1, r.median2);
	if (var)
		fprintf(o->vars.fp, "%s = \"p = %.2g %s\"\n", var, r.p, mwu_stars(r.p));
	return r.p;
}
