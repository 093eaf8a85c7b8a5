/* summary.c: shared machinery of the figure summaries (see summary.h): reading a sweep's results, box and
 * histogram numbers, the Mann-Whitney rows (paper §4.5), the provenance lines, and the three output files. What
 * each figure holds is in registry.c, how a panel is written in summary_figs.c. */
#define _POSIX_C_SOURCE 200809L
#include "results/summary.h"
#include "results/summary_internal.h"
#include "core/common.h"
#include "stats/metrics.h"
#include "stats/mwu.h"
#include "formats/runfile.h"
#include "inorm/train_runfile.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <time.h>

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

/* The run files of a figure, read once each: for each model, its grid of runs (neps, nconf). */
#define CACHE_MAX_MODELS 16
struct sweep_cache {
	int nmodels;
	const char *model[CACHE_MAX_MODELS];
	struct runfile *rf[CACHE_MAX_MODELS]; /* (neps * nconf) each */
};

/* The cached run of (model, grid cell), or NULL if the model is not cached. */
static const struct runfile *cached_run(const struct sweep *s, const char *model, int cell)
{
	const struct sweep_cache *c = s->cache;
	for (int m = 0; c && m < c->nmodels; m++)
		if (!strcmp(c->model[m], model))
			return &c->rf[m][cell];
	return NULL;
}

int summary_load(const struct sweep *s, const char *model, const char *column, double *v, char *err)
{
	char path[4096];
	/* "mu" and "var": the average over the two hidden layers, as the authors plot them (Fig. 3b, §4.5) */
	const int avg = !strcmp(column, "mu") || !strcmp(column, "var");
	char name[2][32];
	snprintf(name[0], sizeof name[0], avg ? "l0_%s" : "%s", column);
	snprintf(name[1], sizeof name[1], "l1_%s", column);
	for (int ie = 0; ie < s->neps; ie++) {
		for (int ic = 0; ic < s->nconf; ic++) {
			summary_run_path(s, model, s->eps[ie], s->configs[ic], path, sizeof path);
			const struct runfile *c = cached_run(s, model, ie * s->nconf + ic);
			struct runfile rf;
			if (!c) {
				int rc = runfile_read(path, &train_run_schema, &rf, err);
				if (rc)
					return rc;
			}
			const struct runfile *r = c ? c : &rf;
			double sum = 0;
			int rc = INB_OK;
			for (int k = 0; !rc && k <= avg; k++) {
				int i = runfile_column(r, name[k]);
				if (i < 0)
					rc = inb_fail(err, INB_EDATA, "%s:%ld: no column '%s' in the header, expected it for "
						      "this figure", path, r->header_line, name[k]);
				else
					sum += r->last[i];
			}
			if (!c)
				runfile_free(&rf);
			if (rc)
				return rc;
			v[ie * s->nconf + ic] = avg ? sum / 2 : sum;
		}
	}
	return INB_OK;
}

void summary_cache_free(struct sweep *s)
{
	struct sweep_cache *c = s->cache;
	if (!c)
		return;
	for (int m = 0; m < c->nmodels; m++) {
		for (int k = 0; c->rf[m] && k < s->neps * s->nconf; k++)
			runfile_free(&c->rf[m][k]);
		free(c->rf[m]);
	}
	free(c);
	s->cache = NULL;
}

int summary_cache_read(struct sweep *s, const char *const *models, struct summary_provenance *p, char *err)
{
	struct sweep_cache *c = calloc(1, sizeof *c);
	if (!c)
		return inb_fail(err, INB_EINTERNAL, "out of memory");
	s->cache = c;
	char path[4096];
	for (int m = 0; models[m]; m++) {
		if (m == CACHE_MAX_MODELS) {
			summary_cache_free(s);
			return inb_fail(err, INB_EINTERNAL, "more than %d models in one figure", CACHE_MAX_MODELS);
		}
		c->model[m] = models[m];
		c->rf[m] = calloc((size_t)(s->neps * s->nconf), sizeof *c->rf[m]);
		c->nmodels = m + 1;
		if (!c->rf[m]) {
			summary_cache_free(s);
			return inb_fail(err, INB_EINTERNAL, "out of memory");
		}
		for (int ie = 0; ie < s->neps; ie++)
			for (int ic = 0; ic < s->nconf; ic++) {
				summary_run_path(s, models[m], s->eps[ie], s->configs[ic], path, sizeof path);
				struct runfile *rf = &c->rf[m][ie * s->nconf + ic];
				int rc = runfile_read(path, &train_run_schema, rf, err);
				if (rc) {
					memset(rf, 0, sizeof *rf);
					summary_cache_free(s);
					return rc;
				}
				summary_provenance_add_run(p, rf);
			}
	}
	return INB_OK;
}

size_t summary_top_k(const struct sweep *s)
{
	size_t k = (size_t)(s->nconf + 2) / 3; /* 10 of the 30 configurations, as the paper; a third at other scales */
	return k ? k : 1;
}

void summary_grid_keys(const struct sweep *s, struct runkey *key)
{
	for (int ie = 0; ie < s->neps; ie++)
		for (int ic = 0; ic < s->nconf; ic++)
			key[ie * s->nconf + ic] = (struct runkey){ s->eps[ie], s->configs[ic] };
}

size_t summary_pool_top_keys(const struct sweep *s, const double *acc, struct runkey *key)
{
	size_t k = summary_top_k(s), n = 0, idx[SUMMARY_MAX_CONFIGS];
	for (int ie = 0; ie < s->neps; ie++) {
		if (metrics_top_k(acc + ie * s->nconf, (size_t)s->nconf, k, idx, NULL) != INB_OK)
			continue;
		for (size_t j = 0; j < k; j++)
			key[n++] = (struct runkey){ s->eps[ie], s->configs[idx[j]] };
	}
	return n;
}

size_t summary_pool_top(const struct sweep *s, const double *acc, const double *val, double *out)
{
	size_t k = summary_top_k(s), n = 0, idx[SUMMARY_MAX_CONFIGS];
	for (int ie = 0; ie < s->neps; ie++) {
		if (metrics_top_k(acc + ie * s->nconf, (size_t)s->nconf, k, idx, NULL) != INB_OK)
			continue;
		for (size_t j = 0; j < k; j++)
			out[n++] = val[ie * s->nconf + idx[j]];
	}
	return n;
}

/* The six output files of a figure, in the order they are committed. */
#define SUMMARY_NFILES 6
static void summary_files(struct summary_out *o, struct outfile **file)
{
	struct outfile *f[SUMMARY_NFILES] = { &o->tsv, &o->stats, &o->vars, &o->values, &o->effects, &o->runs };
	memcpy(file, f, sizeof f);
}

const char *summary_run_status(const struct runfile *rf, double *test_acc)
{
	const int c = runfile_column(rf, "test_acc");
	*test_acc = c >= 0 ? rf->last[c] : NAN;
	if (rf->diverged)
		return "diverged";
	return *test_acc >= SUMMARY_COLLAPSED ? "ok" : "collapsed"; /* a NaN accuracy too */
}

/* The runs table (4.5.26): one row per cached run. */
static void write_runs(FILE *fp, const struct sweep *s)
{
	fprintf(fp, "model\teps\tconfig\tepochs\ttest_acc\tdiverged_epoch\tstatus\n");
	const struct sweep_cache *c = s->cache;
	for (int m = 0; c && m < c->nmodels; m++)
		for (int ie = 0; ie < s->neps; ie++)
			for (int ic = 0; ic < s->nconf; ic++) {
				const struct runfile *rf = &c->rf[m][ie * s->nconf + ic];
				double acc;
				const char *status = summary_run_status(rf, &acc);
				fprintf(fp, "%s\t%g\t%ld\t%ld\t%.17g\t%ld\t%s\n", c->model[m], s->eps[ie], s->configs[ic],
					rf->rows, acc, rf->diverged_epoch, status);
			}
}

int summary_open(struct summary_out *o, const struct sweep *s, const struct summary_provenance *p, const char *dir,
		 int fig, char *err)
{
	memset(o, 0, sizeof *o);
	struct outfile *file[SUMMARY_NFILES];
	summary_files(o, file);
	static const char *const suffix[SUMMARY_NFILES] = { ".tsv", "-stats.tsv", "-vars.gp", "-values.tsv",
							    "-effects.tsv", "-runs.tsv" };
	int rc = INB_OK;
	for (int i = 0; !rc && i < SUMMARY_NFILES; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/fig%d%s", dir, fig, suffix[i]);
		rc = outfile_open(file[i], path, err);
	}
	if (rc) {
		summary_abort(o);
		return rc;
	}
	fprintf(o->tsv.fp, "# inhibnorm %s summary of figure %d: %s\n", inb_version, fig, s->label);
	summary_provenance_write(o->tsv.fp, p, s->scale);
	fprintf(o->stats.fp, "# inhibnorm %s: two-sided Mann-Whitney U tests of figure %d; U is the statistic of "
			     "group1; %s\n", inb_version, fig, s->label);
	summary_provenance_write(o->stats.fp, p, s->scale);
	fprintf(o->stats.fp, "panel\teps\tgroup1\tgroup2\tn1\tn2\tU\tp\tmethod\tstars\tmedian1\tmedian2\tr\tclaim\n");
	fprintf(o->values.fp, "# inhibnorm %s: the values each test of figure %d compares, one per run (side 1: "
			      "group1, 2: group2; run_eps and config: the run); %s\n", inb_version, fig, s->label);
	summary_provenance_write(o->values.fp, p, s->scale);
	fprintf(o->values.fp, "panel\teps\tgroup1\tgroup2\tside\trun_eps\tconfig\tvalue\n");
	fprintf(o->effects.fp, "# inhibnorm %s: effects of the tests of figure %d (paper/4.5, (4.5.17)-(4.5.23)): "
			       "Hodges-Lehmann shift of group1 - group2 and its %g %% interval by inverting the "
			       "Mann-Whitney test; for matched runs, the signed-rank test of the paired differences, "
			       "their pseudo-median and its interval (pairs 0: not matched); %s\n", inb_version, fig,
		100 * EFFECTS_LEVEL, s->label);
	summary_provenance_write(o->effects.fp, p, s->scale);
	fprintf(o->effects.fp, "panel\teps\tgroup1\tgroup2\tn1\tn2\thl_shift\thl_lo\thl_hi\thl_method\tpairs\t"
			       "sr_W\tsr_p\tsr_method\tpseudomedian\tpm_lo\tpm_hi\tclaim\n");
	fprintf(o->vars.fp, "# inhibnorm %s: labels of figure %d (generated; loaded by figures/fig%d.gp)\n",
		inb_version, fig, fig);
	summary_provenance_write(o->vars.fp, p, s->scale);
	fprintf(o->vars.fp, "SCALE_LABEL = \"%s\"\nNE = %d\narray EPS[%d]\n", s->label, s->neps, s->neps);
	for (int ie = 0; ie < s->neps; ie++)
		fprintf(o->vars.fp, "EPS[%d] = \"%g\"\n", ie + 1, s->eps[ie]);
	fprintf(o->vars.fp, "NCONF = %d\nTOPK = %zu\n", s->nconf, summary_top_k(s));
	fprintf(o->runs.fp, "# inhibnorm %s: the runs figure %d read, each with its status (paper/4.5, (4.5.26)): "
			    "diverged (a non-finite training loss), collapsed (final test accuracy below %g %%, near "
			    "chance) or ok; %s\n", inb_version, fig, SUMMARY_COLLAPSED, s->label);
	summary_provenance_write(o->runs.fp, p, s->scale);
	write_runs(o->runs.fp, s);
	return INB_OK;
}

int summary_commit(struct summary_out *o, char *err)
{
	struct outfile *file[SUMMARY_NFILES];
	summary_files(o, file);
	int rc = INB_OK;
	for (int i = 0; !rc && i < SUMMARY_NFILES; i++)
		rc = outfile_commit(file[i], err);
	if (rc)
		summary_abort(o);
	return rc;
}

void summary_abort(struct summary_out *o)
{
	struct outfile *file[SUMMARY_NFILES];
	summary_files(o, file);
	for (int i = 0; i < SUMMARY_NFILES; i++)
		outfile_abort(file[i]);
}

int summary_block(struct summary_out *o, const char *title, const char *columns)
{
	fprintf(o->tsv.fp, "%s# block %d: %s\n# %s\n", o->block ? "\n\n" : "", o->block, title, columns);
	return o->block++;
}

void summary_box_row(struct summary_out *o, double pos, const char *label, double *v, size_t n)
{
	struct box b;
	summary_box(v, n, &b);
	fprintf(o->tsv.fp, "%g\t\"%s\"\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%zu\n", pos, label, b.q1, b.lo, b.hi, b.q3,
		b.median, b.n);
}

int summary_hist_block(struct summary_out *o, const char *title, const double *v, size_t n, double lo, double hi,
		       int nbins, const char *var)
{
	long counts[64], under, over;
	summary_histogram(v, n, lo, hi, nbins, counts, &under, &over);
	char t[256];
	snprintf(t, sizeof t, "%s: %d bins over [%g, %g], %zu values, %ld below, %ld above", title, nbins, lo, hi, n,
		 under, over);
	int block = summary_block(o, t, "bin_centre count bin_width");
	double w = (hi - lo) / nbins;
	for (int b = 0; b < nbins; b++)
		fprintf(o->tsv.fp, "%.6g\t%ld\t%.6g\n", lo + (b + 0.5) * w, counts[b], w);
	fprintf(o->vars.fp, "%s_N = %zu\n%s_BELOW = %ld\n%s_ABOVE = %ld\n", var, n, var, under, var, over);
	return block;
}

/* The values of one test and its effects row. */
static void test_values(struct summary_out *o, const char *panel, const char *e, const char *g1, const double *a,
			const struct runkey *ka, size_t n1, const char *g2, const double *b, const struct runkey *kb,
			size_t n2, const char *claim)
{
	for (int side = 1; side <= 2; side++) {
		const double *v = side == 1 ? a : b;
		const struct runkey *k = side == 1 ? ka : kb;
		for (size_t i = 0, n = side == 1 ? n1 : n2; i < n; i++)
			fprintf(o->values.fp, "%s\t%s\t%s\t%s\t%d\t%g\t%ld\t%.17g\n", panel, e, g1, g2, side, k[i].eps,
				k[i].config, v[i]);
	}
	struct effects ef;
	char err[INB_ERRLEN];
	fprintf(o->effects.fp, "%s\t%s\t%s\t%s\t%zu\t%zu\t", panel, e, g1, g2, n1, n2);
	if (effects_compute(a, ka, n1, b, kb, n2, &ef, err) != INB_OK) {
		fprintf(o->effects.fp, "nan\tnan\tnan\tnone\t0\tnan\tnan\tnone\tnan\tnan\tnan\t%s\n", claim);
		return;
	}
	fprintf(o->effects.fp, "%.10g\t%.10g\t%.10g\t%s\t", ef.hl.shift, ef.hl.lo, ef.hl.hi, mwu_method_name(ef.hl.method));
	if (ef.paired)
		fprintf(o->effects.fp, "%zu\t%.17g\t%.10g\t%s\t%.10g\t%.10g\t%.10g\t%s\n", ef.sr.n, ef.sr.w, ef.sr.p,
			mwu_method_name(ef.sr.method), ef.sr.pseudomedian, ef.sr.lo, ef.sr.hi, claim);
	else
		fprintf(o->effects.fp, "0\tnan\tnan\tnone\tnan\tnan\tnan\t%s\n", claim);
}

double summary_test(struct summary_out *o, const char *panel, double eps, const char *g1, const double *a,
		    const struct runkey *ka, size_t n1, const char *g2, const double *b, const struct runkey *kb,
		    size_t n2, const char *var, const char *claim)
{
	struct mwu_result r;
	char err[INB_ERRLEN], e[32];
	if (eps < 0)
		snprintf(e, sizeof e, "all");
	else
		snprintf(e, sizeof e, "%g", eps);
	test_values(o, panel, e, g1, a, ka, n1, g2, b, kb, n2, claim);
	if (mwu_test(a, n1, b, n2, MWU_AUTO, &r, err) != INB_OK) {
		fprintf(o->stats.fp, "%s\t%s\t%s\t%s\t%zu\t%zu\tnan\tnan\tnone\t-\tnan\tnan\tnan\t%s\n", panel, e, g1, g2,
			n1, n2, claim);
		if (var)
			fprintf(o->vars.fp, "%s = \"p: n/a\"\n", var);
		return NAN;
	}
	fprintf(o->stats.fp, "%s\t%s\t%s\t%s\t%zu\t%zu\t%.17g\t%.10g\t%s\t%s\t%.6g\t%.6g\t%.6g\t%s\n", panel, e, g1,
		g2, n1, n2, r.u1, r.p, mwu_method_name(r.method), mwu_stars(r.p), r.median1, r.median2, r.rank_biserial,
		claim);
	if (var)
		fprintf(o->vars.fp, "%s = \"p = %.2g %s\"\n", var, r.p, mwu_stars(r.p));
	return r.p;
}

/* ---- provenance ---------------------------------------------------------------------------------------------- */

/* "core=X threads=N" of a '# blas:' line's value (the rest of the line explains the default), else the value. */
static void blas_key(const char *v, char *key, size_t len)
{
	const char *core = strstr(v, "core="), *thr = strstr(v, "threads=");
	if (core && thr)
		snprintf(key, len, "%.*s %.*s", (int)strcspn(core, " \t"), core, (int)strcspn(thr, " \t"), thr);
	else
		snprintf(key, len, "%.*s", (int)len - 1, v);
}

void summary_provenance_add_run(struct summary_provenance *p, const struct runfile *rf)
{
	char v[512];
	if (!runfile_meta(rf, "blas", v, sizeof v)) {
		char key[96];
		blas_key(v, key, sizeof key);
		int i = 0;
		while (i < p->nblas && strcmp(p->blas[i], key))
			i++;
		if (i == p->nblas && i < SUMMARY_MAX_BLAS)
			snprintf(p->blas[p->nblas++], sizeof p->blas[0], "%s", key);
		if (i < p->nblas)
			p->blas_runs[i]++;
	}
	p->runs++;
	p->seconds += runfile_seconds(rf);
}

int summary_provenance_add(struct summary_provenance *p, const char *path, const struct runfile_schema *schema,
			   char *err)
{
	struct runfile rf;
	int rc = runfile_read(path, schema, &rf, err);
	if (rc)
		return rc;
	summary_provenance_add_run(p, &rf);
	runfile_free(&rf);
	return INB_OK;
}

/* The CPU model of this machine from /proc/cpuinfo, or "unknown". */
static void cpu_model(char *buf, size_t len)
{
	snprintf(buf, len, "unknown");
	FILE *f = fopen("/proc/cpuinfo", "r");
	if (!f)
		return;
	char line[512];
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, "model name", 10) && strchr(line, ':')) {
			char *v = strchr(line, ':') + 1;
			v += strspn(v, " \t");
			v[strcspn(v, "\r\n")] = 0;
			snprintf(buf, len, "%s", v);
			break;
		}
	fclose(f);
}

void summary_provenance_write(FILE *fp, const struct summary_provenance *p, const char *scale)
{
	char date[32] = "unknown", cpu[256];
	time_t now = time(NULL);
	struct tm tm;
	if (gmtime_r(&now, &tm))
		strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
	cpu_model(cpu, sizeof cpu);
	fprintf(fp, "# provenance: inhibnorm %s, scale %s, summarised %s\n", inb_version, scale, date);
	fprintf(fp, "# provenance: cpu of the summarising machine (not necessarily the one that trained): %s\n", cpu);
	if (p->own_seconds >= 0 && !p->runs) {
		fprintf(fp, "# provenance: blas: no run files read (the file's own header says what it used)\n");
		fprintf(fp, "# provenance: compute: %.1f s = %.4f h, the wall time of the command that wrote this "
			    "file, on the summarising machine\n", p->own_seconds, p->own_seconds / 3600);
		return;
	}
	fprintf(fp, "# provenance: blas of the runs ('# blas:' lines):");
	for (int i = 0; i < p->nblas; i++)
		fprintf(fp, "%s %s (%ld run%s)", i ? ";" : "", p->blas[i], p->blas_runs[i], p->blas_runs[i] == 1 ? "" : "s");
	fprintf(fp, "%s\n", p->nblas ? "" : " none recorded");
	fprintf(fp, "# provenance: compute: %.1f s = %.4f h, the %ld runs' train_seconds + eval_seconds (core-hours "
		    "for runs at one BLAS thread)\n", p->seconds, p->seconds / 3600, p->runs);
}
