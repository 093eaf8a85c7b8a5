/* dann_summary.c: Table 3 and the Figure 4 curves from the DANN sweep's run files (see dann_summary.h). The table
 * and the timing file carry the provenance lines of summary.h after their title line. */
#define _POSIX_C_SOURCE 200809L
#include "results/dann_summary.h"
#include "core/common.h"
#include "dann/dann_net.h"
#include "dann/dann_runfile.h"
#include "formats/runfile.h"
#include "stats/mwu.h"
#include "formats/outfile.h"
#include "formats/tsvtable.h"
#include "results/summary.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Running sums of a curve, indexed by evaluation or epoch. */
struct acc {
	double *s, *ss;
	long *n;
	long len;
};

static int acc_add(struct acc *a, long k, double v)
{
	if (k >= a->len) {
		long len = k + 64;
		double *s = realloc(a->s, (size_t)len * sizeof *s), *ss = s ? realloc(a->ss, (size_t)len * sizeof *ss) : NULL;
		long *n = ss ? realloc(a->n, (size_t)len * sizeof *n) : NULL;
		if (s)
			a->s = s;
		if (ss)
			a->ss = ss;
		if (!n)
			return -1;
		a->n = n;
		for (long i = a->len; i < len; i++)
			a->s[i] = a->ss[i] = 0, a->n[i] = 0;
		a->len = len;
	}
	if (isfinite(v))
		a->s[k] += v, a->ss[k] += v * v, a->n[k]++;
	return 0;
}

static void acc_free(struct acc *a)
{
	free(a->s), free(a->ss), free(a->n);
	memset(a, 0, sizeof *a);
}

static void mean_sd(const double *v, int n, double *m, double *sd)
{
	double s = 0, ss = 0;
	int k = 0;
	for (int i = 0; i < n; i++)
		if (isfinite(v[i]))
			s += v[i], k++;
	*m = k ? s / k : NAN;
	for (int i = 0; i < n; i++)
		if (isfinite(v[i]))
			ss += (v[i] - *m) * (v[i] - *m);
	*sd = k > 1 ? sqrt(ss / (k - 1)) : NAN;
}

#define MAXM DN_NMODELS

struct model_res {
	const struct dn_model *m;
	double train[DN_SUMMARY_MAX_SEEDS], test[DN_SUMMARY_MAX_SEEDS], last5[DN_SUMMARY_MAX_SEEDS];
	double sec[DN_SUMMARY_MAX_SEEDS];
	int n, diverged;
	long eval_every;
	double lr;                /* of the first run (as recorded) */
	char lr_source[64];
	struct acc curve, train_curve;
};

/* Splits a space-separated list in place (at most max words); returns the count, -1 when there are more. */
static int words(char *s, char **w, int max)
{
	int n = 0;
	for (char *save, *t = strtok_r(s, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (n == max)
			return -1;
		w[n++] = t;
	}
	return n;
}

static int read_model(const char *runs, struct model_res *r, char **seeds, int nseeds,
		      struct summary_provenance *prov, char *err)
{
	for (int i = 0; i < nseeds; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s/seed-%s.tsv", runs, r->m->id, seeds[i]);
		struct runfile rf;
		int rc = dn_runfile_read(path, &rf, err);
		if (rc)
			return rc;
		if ((rc = summary_provenance_add(prov, path, rf.schema, err))) {
			runfile_free(&rf);
			return rc;
		}
		char v[128];
		const long eval_every = runfile_meta(&rf, "eval_every", v, sizeof v) ? 0 : strtol(v, NULL, 10);
		if (r->eval_every && eval_every != r->eval_every) {
			runfile_free(&rf);
			return inb_fail(err, INB_EDATA, "%s: evaluated every %ld updates, the model's other runs every %ld",
					path, eval_every, r->eval_every);
		}
		r->eval_every = eval_every;
		if (!i) {
			r->lr = runfile_meta(&rf, "lr", v, sizeof v) ? NAN : strtod(v, NULL);
			if (runfile_meta(&rf, "lr_source", r->lr_source, sizeof r->lr_source))
				r->lr_source[0] = 0;
		}
		const int cu = runfile_column(&rf, "update"), ce = runfile_column(&rf, "epoch"),
			  cend = runfile_column(&rf, "epoch_end"), ctr = runfile_column(&rf, "train_err"),
			  cte = runfile_column(&rf, "test_err"), cts = runfile_column(&rf, "train_seconds");
		r->train[r->n] = rf.last[ctr], r->test[r->n] = rf.last[cte];
		r->last5[r->n] = runfile_meta(&rf, "test_err_last5", v, sizeof v) ? NAN : strtod(v, NULL);
		double sec = 0;
		int ne = 0;
		for (long k = 0; k < rf.rows; k++) {
			long u = (long)runfile_value(&rf, k, cu);
			if (u % eval_every == 0 && acc_add(&r->curve, u / eval_every, runfile_value(&rf, k, cte)))
				rc = INB_EINTERNAL;
			if (runfile_value(&rf, k, cend) == 1) {
				if (acc_add(&r->train_curve, (long)runfile_value(&rf, k, ce), runfile_value(&rf, k, ctr)))
					rc = INB_EINTERNAL;
				sec += runfile_value(&rf, k, cts), ne++;
			}
		}
		r->sec[r->n] = ne ? sec / ne : NAN;
		r->diverged += rf.diverged;
		r->n++;
		runfile_free(&rf);
		if (rc)
			return inb_fail(err, rc, "out of memory");
	}
	return INB_OK;
}

/* Writes s and then spaces up to width characters (UTF-8: "±" is one character of two bytes). */
static void put_padded(FILE *fp, const char *s, int width)
{
	int n = 0;
	for (const char *c = s; *c; c++)
		n += ((unsigned char)*c & 0xC0) != 0x80;
	fprintf(fp, "%s%*s", s, width > n ? width - n : 0, "");
}

/* The paper's errors of one table, per model: NaN where paper/published.tsv has no row. */
struct published {
	double train, train_sd, test, test_sd;
};

/* "MEAN±SD" -> mean, sd; 0 unless the field is exactly that */
static int mean_pm_sd(const char *f, double *mean, double *sd)
{
	const char *pm = "±";
	char *end;
	errno = 0;
	*mean = strtod(f, &end);
	if (end == f || errno || strncmp(end, pm, strlen(pm)))
		return 0;
	const char *q = end + strlen(pm);
	*sd = strtod(q, &end);
	return end != q && !*end && !errno && isfinite(*mean) && isfinite(*sd) && *sd >= 0;
}

/* Reads the rows of set->figure from the published table at path: value1 is the test error, value2 the train error,
 * each MEAN±SD in %. */
static int read_published(const char *path, const struct dn_set *set, struct published pub[DN_NMODELS], char *err)
{
	for (int k = 0; k < DN_NMODELS; k++)
		pub[k].train = pub[k].train_sd = pub[k].test = pub[k].test_sd = NAN;
	struct tsvtable t;
	int rc = tsvtable_read(path, &t, err);
	if (rc)
		return rc;
	const int cf = tsvtable_column(&t, "figure"), cg = tsvtable_column(&t, "group1"),
		  c1 = tsvtable_column(&t, "value1"), c2 = tsvtable_column(&t, "value2");
	if (cf < 0 || cg < 0 || c1 < 0 || c2 < 0) {
		rc = inb_fail(err, INB_EDATA, "%s: expected the columns figure, group1, value1 and value2 of the published "
			      "values", path);
		goto done;
	}
	for (size_t r = 0; r < t.nrows; r++) {
		if (strcmp(tsvtable_get(&t, r, cf), set->figure))
			continue;
		const char *id = tsvtable_get(&t, r, cg);
		const struct dn_model *m = dn_model_find(id);
		if (!m) {
			rc = inb_fail(err, INB_EDATA, "%s:%ld: %s row of unknown model '%s' (expected one of the DANN "
				      "models)", path, t.line[r], set->figure, id);
			goto done;
		}
		struct published *p = &pub[dn_model_index(m)];
		if (!isnan(p->test)) {
			rc = inb_fail(err, INB_EDATA, "%s:%ld: a second %s row for %s", path, t.line[r], set->figure, id);
			goto done;
		}
		if (!mean_pm_sd(tsvtable_get(&t, r, c1), &p->test, &p->test_sd) ||
		    !mean_pm_sd(tsvtable_get(&t, r, c2), &p->train, &p->train_sd)) {
			rc = inb_fail(err, INB_EDATA, "%s:%ld: %s %s: value1 '%s' and value2 '%s' must be test and train "
				      "error as MEAN±SD", path, t.line[r], set->figure, id, tsvtable_get(&t, r, c1),
				      tsvtable_get(&t, r, c2));
			goto done;
		}
	}
done:
	tsvtable_free(&t);
	return rc;
}

static int write_outputs(struct model_res *R, int nm, const char *scale, const char *dir, const char *label,
			 const struct dn_set *set, const struct published *pub, const struct summary_provenance *prov,
			 FILE *out, char *err)
{
	char path[4096];
	struct outfile tab = { 0 }, fig = { 0 }, vars = { 0 }, tim = { 0 };
	int rc;
	snprintf(path, sizeof path, "%s/dann-table3.tsv", dir);
	if ((rc = outfile_open(&tab, path, err)))
		return rc;
	snprintf(path, sizeof path, "%s/dann-fig4.tsv", dir);
	if ((rc = outfile_open(&fig, path, err)))
		goto fail;
	snprintf(path, sizeof path, "%s/dann-fig4-vars.gp", dir);
	if ((rc = outfile_open(&vars, path, err)))
		goto fail;
	/* the training times apart from the results, which must not differ between machines or reruns */
	snprintf(path, sizeof path, "%s/dann-timing.tsv", dir);
	if ((rc = outfile_open(&tim, path, err)))
		goto fail;
	fprintf(tim.fp, "# DANN paper %s (%s), scale %s: %s\n", set->table, set->name, scale, label);
	summary_provenance_write(tim.fp, prov, scale);
	fprintf(tim.fp, "# training seconds per epoch on the machine that ran the sweep, mean and sample sd over seeds of "
			"each run's mean over epochs, and the smallest of those means (the run least slowed by other work on "
			"the machine)\n");
	fprintf(tim.fp, "model\tn\tsec_per_epoch\tsec_per_epoch_sd\tsec_per_epoch_min\n");

	fprintf(tab.fp, "# DANN paper %s (%s), scale %s: %s\n", set->table, set->name, scale, label);
	summary_provenance_write(tab.fp, prov, scale);
	fprintf(tab.fp, "# errors in percent, mean and sample sd (n - 1) over seeds; train: mean minibatch error of the "
			"last epoch; test: after the last update; last5: mean test error of the last five updates; "
			"U, p: two-sided Mann-Whitney test of the final test errors against %s (training times: "
			"dann-timing.tsv)\n", R[0].m->id);
	fprintf(tab.fp, "model\tlegend\tlr\tlr_source\tn\ttrain_mean\ttrain_sd\ttest_mean\ttest_sd\tlast5_mean\t"
			"paper_train\tpaper_train_sd\tpaper_test\tpaper_test_sd\tU\tp\tstars\tdiverged\n");
	if (out) {
		fprintf(out, "DANN paper, %s (%s): scale %s (%s)\n", set->table, set->name, scale, label);
		fprintf(out, "%-10s %-9s %3s  %-17s%-17s%-17s%-17s%s\n", "model", "lr", "n", "train err %",
			"test err %", "paper train", "paper test", "vs MLP (U, p)");
	}
	double worst_final = 0; /* the largest mean final test error: the figure's test-error axis reaches twice it */
	for (int i = 0; i < nm; i++) {
		struct model_res *r = &R[i];
		const int k = dn_model_index(r->m);
		const double ptr = pub[k].train, pte = pub[k].test, ptrs = pub[k].train_sd, ptes = pub[k].test_sd;
		double trm, trs, tem, tes, l5, l5s, secm, secs;
		mean_sd(r->train, r->n, &trm, &trs);
		mean_sd(r->test, r->n, &tem, &tes);
		if (isfinite(tem))
			worst_final = fmax(worst_final, tem);
		mean_sd(r->last5, r->n, &l5, &l5s);
		mean_sd(r->sec, r->n, &secm, &secs);
		struct mwu_result w = { 0 };
		w.u1 = w.p = NAN;
		char werr[INB_ERRLEN];
		if (i > 0 && mwu_test(r->test, (size_t)r->n, R[0].test, (size_t)R[0].n, MWU_AUTO, &w, werr) != INB_OK)
			w.u1 = w.p = NAN;
		fprintf(tab.fp, "%s\t%s\t%.6g\t%s\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.6g\t%.6g\t%.6g\t%.6g\t%.1f\t%.4g\t%s"
			"\t%d\n", r->m->id, r->m->legend, r->lr, r->lr_source, r->n, trm, trs, tem, tes, l5, ptr, ptrs, pte,
			ptes, w.u1, w.p, i ? mwu_stars(w.p) : "-", r->diverged);
		double secmin = INFINITY;
		for (int s = 0; s < r->n; s++)
			secmin = fmin(secmin, r->sec[s]);
		fprintf(tim.fp, "%s\t%d\t%.3f\t%.3f\t%.3f\n", r->m->id, r->n, secm, secs, isfinite(secmin) ? secmin : NAN);
		if (out) {
			char a[32], b[32], c[40] = "-", d[40] = "-", e[32] = "-";
			snprintf(a, sizeof a, "%.3f ± %.3f", trm, trs);
			snprintf(b, sizeof b, "%.3f ± %.3f", tem, tes);
			if (isfinite(pte)) {
				snprintf(c, sizeof c, "%.3f ± %.3f", ptr, ptrs);
				snprintf(d, sizeof d, "%.3f ± %.3f", pte, ptes);
			}
			if (i)
				snprintf(e, sizeof e, "%.1f, %.3g %s", w.u1, w.p, mwu_stars(w.p));
			fprintf(out, "%-10s %-9.4g %3d  ", r->m->legend, r->lr, r->n);
			const char *cell[4] = { a, b, c, d };
			for (int j = 0; j < 4; j++)
				put_padded(out, cell[j], 17);
			fprintf(out, "%-18s%s\n", e, r->diverged ? "  (diverged runs)" : "");
		}
	}
	if (out)
		fprintf(out, "paper: Cornford et al. 2021, %s, 6 seeds; lr: as recorded in the run files%s.\n", set->table,
			set->v[dn_model_index(dn_model_find("dann-nc"))].lr_from_mnist ?
			" (nc and 1i: Table 1's MNIST rates; the paper gives none for Fashion-MNIST)" : "");

	fprintf(fig.fp, "# DANN paper Figure 4 style curves (%s), scale %s: %s\n", set->name, scale, label);
	for (int i = 0; i < nm; i++) {
		struct model_res *r = &R[i];
		fprintf(fig.fp, "# test error of %s (%s), every %ld updates: update, mean, sd, runs\n", r->m->id,
			r->m->legend, r->eval_every);
		for (long k = 0; k < r->curve.len; k++)
			if (r->curve.n[k]) {
				double m = r->curve.s[k] / (double)r->curve.n[k];
				double v = r->curve.n[k] > 1 ? (r->curve.ss[k] - m * m * (double)r->curve.n[k]) /
							       (double)(r->curve.n[k] - 1) : 0;
				fprintf(fig.fp, "%ld\t%.4f\t%.4f\t%ld\n", k * r->eval_every, m, sqrt(v > 0 ? v : 0),
					r->curve.n[k]);
			}
		fprintf(fig.fp, "\n\n");
	}
	for (int i = 0; i < nm; i++) {
		struct model_res *r = &R[i];
		fprintf(fig.fp, "# train error of %s (%s) per epoch: epoch, mean, sd, runs\n", r->m->id, r->m->legend);
		for (long k = 1; k < r->train_curve.len; k++)
			if (r->train_curve.n[k]) {
				double m = r->train_curve.s[k] / (double)r->train_curve.n[k];
				double v = r->train_curve.n[k] > 1 ? (r->train_curve.ss[k] - m * m * (double)r->train_curve.n[k]) /
								     (double)(r->train_curve.n[k] - 1) : 0;
				fprintf(fig.fp, "%ld\t%.4f\t%.4f\t%ld\n", k, m, sqrt(v > 0 ? v : 0), r->train_curve.n[k]);
			}
		fprintf(fig.fp, "\n\n");
	}
	fprintf(vars.fp, "nmodels = %d\nlegends = \"", nm);
	for (int i = 0; i < nm; i++)
		fprintf(vars.fp, "%s%s", i ? "|" : "", R[i].m->legend);
	fprintf(vars.fp, "\"\nscale_label = \"scale: %s (%s)\"\n", scale, label);
	/* the test-error panel's y axis: up to twice the worst model's final error, in steps of 5, at most 100, so that
	 * the differences at the end of training are visible (the first evaluations, near 90 %, are cut off) */
	double ymax = fmin(100, 5 * ceil(2 * worst_final / 5));
	fprintf(vars.fp, "test_ymax = %g\n", ymax > 0 ? ymax : 100);
	if ((rc = outfile_commit(&tab, err)) || (rc = outfile_commit(&fig, err)) || (rc = outfile_commit(&vars, err)) ||
	    (rc = outfile_commit(&tim, err)))
		goto fail;
	return INB_OK;
fail:
	outfile_abort(&tab);
	outfile_abort(&fig);
	outfile_abort(&vars);
	outfile_abort(&tim);
	return rc;
}

int dn_summary_run(const char *runs, const char *scale, const char *models, const char *seeds, const char *dir,
		   const char *label, const struct dn_set *set, const char *published, FILE *out, char *err)
{
	char *ms = strdup(models), *ss = strdup(seeds);
	char *mw[MAXM], *sw[DN_SUMMARY_MAX_SEEDS];
	struct model_res *R = calloc(MAXM, sizeof *R);
	int rc = INB_OK, nm = 0, ns = 0;
	if (!ms || !ss || !R) {
		rc = inb_fail(err, INB_EINTERNAL, "out of memory");
		goto done;
	}
	nm = words(ms, mw, MAXM);
	ns = words(ss, sw, DN_SUMMARY_MAX_SEEDS);
	if (nm < 1 || ns < 1) {
		rc = inb_fail(err, INB_EUSAGE, "dann-summary: expected 1 to %d models and 1 to %d seeds, got '%s' and '%s'",
			      MAXM, DN_SUMMARY_MAX_SEEDS, models, seeds);
		nm = 0;
		goto done;
	}
	for (int i = 0; i < nm; i++)
		if (!(R[i].m = dn_model_find(mw[i]))) {
			char known[256] = "";
			for (int k = 0; dn_model_ids[k]; k++)
				snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", k ? " " : "",
					 dn_model_ids[k]);
			rc = inb_fail(err, INB_EUSAGE, "dann-summary: unknown model '%s' (expected one of %s)", mw[i], known);
			goto done;
		}
	for (int s = 0; s < ns; s++) {
		char *end;
		errno = 0;
		strtoul(sw[s], &end, 10);
		if (end == sw[s] || *end || errno) {
			rc = inb_fail(err, INB_EUSAGE, "dann-summary: seed '%s' is not a whole number", sw[s]);
			goto done;
		}
	}
	struct published pub[DN_NMODELS];
	if ((rc = read_published(published, set, pub, err)))
		goto done;
	struct summary_provenance prov = { .own_seconds = -1 };
	for (int i = 0; i < nm; i++)
		if ((rc = read_model(runs, &R[i], sw, ns, &prov, err)))
			goto done;
	rc = write_outputs(R, nm, scale, dir, label, set, pub, &prov, out, err);
done:
	if (R)
		for (int i = 0; i < nm; i++)
			acc_free(&R[i].curve), acc_free(&R[i].train_curve);
	free(R);
	free(ms);
	free(ss);
	return rc;
}
