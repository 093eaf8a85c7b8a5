/* summary_figs.c: what each of Figures 2-7 plots and tests (spec §7.6-7.11; captions in the paper). Every test is
 * a two-sided Mann-Whitney U test of final test accuracies (or moments) between two models over the sweep's
 * configurations; accuracy is the last epoch's test accuracy of each run. */
#include "summary.h"
#include "summary_internal.h"
#include "common.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef double grid[SUMMARY_MAX_EPS][SUMMARY_MAX_CONFIGS];

/* Scatter blocks, one per eps: x = model a, y = model b, matched by configuration; and a test b vs a per eps. */
static void scatter(struct sum_out *o, const struct sweep *s, const char *panel, const char *na, grid a,
		    const char *nb, grid b, const char *var)
{
	/* one range for both axes, whole percent, so that the diagonal is the diagonal */
	double lo = 100, hi = 0;
	for (int ie = 0; ie < s->neps; ie++)
		for (int ic = 0; ic < s->nconf; ic++) {
			lo = fmin(lo, fmin(a[ie][ic], b[ie][ic]));
			hi = fmax(hi, fmax(a[ie][ic], b[ie][ic]));
		}
	fprintf(o->vars.fp, "SC_MIN = %g\nSC_MAX = %g\n", floor(lo) - 1, ceil(hi) + 1);
	for (int ie = 0; ie < s->neps; ie++) {
		char t[256], v[64];
		snprintf(t, sizeof t, "panel %s, eps = %g: one point per configuration", panel, s->eps[ie]);
		char cols[256];
		snprintf(cols, sizeof cols, "config x=%s y=%s", na, nb);
		sum_block(o, t, cols);
		for (int ic = 0; ic < s->nconf; ic++)
			fprintf(o->tsv.fp, "%ld\t%.4f\t%.4f\n", s->configs[ic], a[ie][ic], b[ie][ic]);
		snprintf(v, sizeof v, "%s_%d", var, ie + 1);
		sum_test(o, panel, s->eps[ie], nb, b[ie], (size_t)s->nconf, na, a[ie], (size_t)s->nconf, v);
	}
}

static int fig2(struct sum_out *o, const struct sweep *s, char *err)
{
	static grid ei, eiln, eln;
	int rc;
	if ((rc = sum_load(s, "ei", "test_acc", ei, err)) || (rc = sum_load(s, "ei-ln", "test_acc", eiln, err)) ||
	    (rc = sum_load(s, "e-ln", "test_acc", eln, err)))
		return rc;
	scatter(o, s, "2a", "ei-ln", eiln, "ei", ei, "P2A");
	double top_eiln[SUMMARY_MAX_EPS * SUMMARY_MAX_CONFIGS], top_eln[SUMMARY_MAX_EPS * SUMMARY_MAX_CONFIGS];
	size_t n1 = sum_pool_top(s, eiln, eiln, top_eiln), n2 = sum_pool_top(s, eln, eln, top_eln);
	sum_test(o, "2b", -1, "ei-ln top", top_eiln, n1, "e-ln top", top_eln, n2, "P2B");
	sum_block(o, "panel 2b: box of the top-k runs per eps, pooled over eps", "pos label q1 lo hi q3 median n");
	sum_box_row(o, 1, "EI LN+", top_eiln, n1);
	sum_box_row(o, 2, "E-only LN+", top_eln, n2);
	sum_block(o, "panel 2b: the values in the boxes", "pos accuracy");
	for (size_t i = 0; i < n1; i++)
		fprintf(o->tsv.fp, "1\t%.4f\n", top_eiln[i]);
	for (size_t i = 0; i < n2; i++)
		fprintf(o->tsv.fp, "2\t%.4f\n", top_eln[i]);
	return INB_OK;
}

static int fig3(struct sum_out *o, const struct sweep *s, char *err)
{
	static const char *const models[3] = { "ei", "inorm-sub", "inorm" };
	static const char *const labels[3] = { "No-Norm", "I-Norm (sub)", "I-Norm" };
	static grid acc[3], mu[3], var[3];
	static double pm[3][SUMMARY_MAX_EPS * SUMMARY_MAX_CONFIGS], pv[3][SUMMARY_MAX_EPS * SUMMARY_MAX_CONFIGS];
	size_t n[3];
	for (int m = 0; m < 3; m++) {
		int rc;
		if ((rc = sum_load(s, models[m], "test_acc", acc[m], err)) || (rc = sum_load(s, models[m], "mu", mu[m], err)) ||
		    (rc = sum_load(s, models[m], "var", var[m], err)))
			return rc;
		n[m] = sum_pool_top(s, acc[m], mu[m], pm[m]);
		sum_pool_top(s, acc[m], var[m], pv[m]);
	}
	sum_test(o, "3b-first", -1, "inorm", pm[2], n[2], "ei", pm[0], n[0], NULL);
	sum_test(o, "3b-second", -1, "inorm", pv[2], n[2], "ei", pv[0], n[0], NULL);
	sum_test(o, "3b-first", -1, "inorm-sub", pm[1], n[1], "ei", pm[0], n[0], NULL);
	sum_test(o, "3b-second", -1, "inorm-sub", pv[1], n[1], "ei", pv[0], n[0], NULL);
	sum_block(o, "panel 3b: first moment (mean over units of the hidden pre-activation, layer average), top-k "
		     "runs per eps pooled", "pos label q1 lo hi q3 median n");
	for (int m = 0; m < 3; m++)
		sum_box_row(o, m + 1, labels[m], pm[m], n[m]);
	sum_block(o, "panel 3b: second moment (centred variance over units, layer average), same runs",
		  "pos label q1 lo hi q3 median n");
	for (int m = 0; m < 3; m++)
		sum_box_row(o, m + 1, labels[m], pv[m], n[m]);
	return INB_OK;
}

/* Scatter of LN+ against model, tests, and the alignment histograms of model at the largest eps. */
static int fig45(struct sum_out *o, const struct sweep *s, const char *model, const char *panel_a,
		 const char *panel_b, double lo, double hi, int bins_out, int bins_grad, char *err)
{
	static grid eln, acc, oa, ga;
	int rc;
	if ((rc = sum_load(s, "e-ln", "test_acc", eln, err)) || (rc = sum_load(s, model, "test_acc", acc, err)) ||
	    (rc = sum_load(s, model, "out_align", oa, err)) || (rc = sum_load(s, model, "grad_align", ga, err)))
		return rc;
	scatter(o, s, panel_a, "e-ln", eln, model, acc, "PSC");
	int ie = s->neps - 1;
	char t[256];
	snprintf(t, sizeof t, "panel %s: output alignment of %s, eps = %g", panel_b, model, s->eps[ie]);
	sum_hist_block(o, t, oa[ie], (size_t)s->nconf, lo, hi, bins_out, "HOUT");
	snprintf(t, sizeof t, "panel %s: gradient alignment of %s, eps = %g", panel_b, model, s->eps[ie]);
	sum_hist_block(o, t, ga[ie], (size_t)s->nconf, lo, hi, bins_grad, "HGRAD");
	fprintf(o->vars.fp, "EPS_HIST = \"%g\"\n", s->eps[ie]);
	return INB_OK;
}

/* Box plots per eps of several models against the LN+ median, each tested against LN+ (Figures 6a, 7b). */
static int boxes_vs_ln(struct sum_out *o, const struct sweep *s, const char *panel, int nm,
		       const char *const *models, const char *const *labels, char *err)
{
	static grid eln, acc[6];
	int rc;
	if ((rc = sum_load(s, "e-ln", "test_acc", eln, err)))
		return rc;
	for (int m = 0; m < nm; m++)
		if ((rc = sum_load(s, models[m], "test_acc", acc[m], err)))
			return rc;
	fprintf(o->vars.fp, "NM = %d\narray LNMED[%d]\narray PV[%d]\narray LABEL[%d]\n", nm, s->neps, s->neps * nm, nm);
	for (int m = 0; m < nm; m++)
		fprintf(o->vars.fp, "LABEL[%d] = \"%s\"\n", m + 1, labels[m]);
	for (int ie = 0; ie < s->neps; ie++) {
		double v[SUMMARY_MAX_CONFIGS];
		memcpy(v, eln[ie], (size_t)s->nconf * sizeof *v);
		struct box lb;
		summary_box(v, (size_t)s->nconf, &lb);
		fprintf(o->vars.fp, "LNMED[%d] = %.6g\n", ie + 1, lb.median);
		char t[256];
		snprintf(t, sizeof t, "panel %s, eps = %g: boxes of final test accuracy; a box whose median is at least 50 "
			 "%% leaves out values of at most 10 %% (collapsed runs; still in the test)", panel, s->eps[ie]);
		sum_block(o, t, "pos label q1 lo hi q3 median n");
		int collapsed[6] = { 0 };
		double low[6] = { 0 };
		for (int m = 0; m < nm; m++) {
			size_t n = 0;
			double all[SUMMARY_MAX_CONFIGS];
			memcpy(all, acc[m][ie], (size_t)s->nconf * sizeof *all);
			struct box b;
			summary_box(all, (size_t)s->nconf, &b);
			for (int ic = 0; ic < s->nconf; ic++)
				if (!(b.median >= 50 && acc[m][ie][ic] <= 10))
					v[n++] = acc[m][ie][ic];
				else
					collapsed[m]++;
			sum_box_row(o, m + 1, labels[m], v, n);
			struct box kept;
			summary_box(v, n, &kept);
			low[m] = kept.lo; /* the end of the lower whisker: the lowest point drawn */
			char pv[32];
			snprintf(pv, sizeof pv, "PV[%d]", ie * nm + m + 1);
			sum_test(o, panel, s->eps[ie], models[m], acc[m][ie], (size_t)s->nconf, "e-ln", eln[ie],
				 (size_t)s->nconf, pv);
		}
		snprintf(t, sizeof t, "panel %s, eps = %g: '~' marks boxes that left out collapsed runs", panel,
			 s->eps[ie]);
		sum_block(o, t, "pos lower_whisker count_left_out");
		int any = 0;
		for (int m = 0; m < nm; m++)
			if (collapsed[m])
				fprintf(o->tsv.fp, "%d\t%.4f\t%d\n", m + 1, low[m], collapsed[m]), any = 1;
		if (!any)
			fprintf(o->tsv.fp, "NaN\tNaN\tNaN\n");
	}
	return INB_OK;
}

static int fig6(struct sum_out *o, const struct sweep *s, char *err)
{
	static const char *const models[4] = { "inorm-scale", "inorm-decorrelate", "inorm-center", "inorm-full" };
	static const char *const labels[4] = { "scale", "decorrelate", "center", "full" };
	int rc = boxes_vs_ln(o, s, "6a", 4, models, labels, err);
	if (rc)
		return rc;
	static grid ga;
	static const char *const hist[3] = { "inorm-center", "inorm-decorrelate", "inorm-scale" };
	static const char *const vars[3] = { "HCENTER", "HDECOR", "HSCALE" };
	for (int h = 0; h < 3; h++) {
		if ((rc = sum_load(s, hist[h], "grad_align", ga, err)))
			return rc;
		double v[SUMMARY_MAX_EPS * SUMMARY_MAX_CONFIGS];
		size_t n = 0;
		for (int ie = 0; ie < s->neps; ie++)
			for (int ic = 0; ic < s->nconf; ic++)
				v[n++] = ga[ie][ic];
		char t[128];
		snprintf(t, sizeof t, "panel 6b: gradient alignment of %s, all eps pooled", hist[h]);
		sum_hist_block(o, t, v, n, 0, 0.65, 20, vars[h]);
	}
	return INB_OK;
}

static int fig7(struct sum_out *o, const struct sweep *s, char *err)
{
	static const char *const models[3] = { "inorm-lateral", "inorm-center", "inorm-full" };
	static const char *const labels[3] = { "lat. inhib.", "center", "full" };
	return boxes_vs_ln(o, s, "7b", 3, models, labels, err);
}

int summary_figure(const struct sweep *s, int fig, const char *dir, char *err)
{
	if (fig < 2 || fig > 7)
		return inb_fail(err, INB_EUSAGE, "figure %d: expected 2..7", fig);
	struct sum_out o;
	int rc = sum_open(&o, s, dir, fig, err);
	if (rc)
		return rc;
	switch (fig) {
	case 2: rc = fig2(&o, s, err); break;
	case 3: rc = fig3(&o, s, err); break;
	case 4: rc = fig45(&o, s, "inorm", "4a", "4b", 0, 1, 10, 10, err); break;
	case 5: rc = fig45(&o, s, "inorm-full", "5c", "5b", 0.96, 1, 5, 30, err); break;
	case 6: rc = fig6(&o, s, err); break;
	case 7: rc = fig7(&o, s, err); break;
	}
	if (rc) {
		sum_abort(&o);
		return rc;
	}
	return sum_commit(&o, err);
}
