/* summary_figs.c: Figures 2-7 (paper §2.1-2.5; captions in the paper) written panel by panel from the registry
 * (registry.c), one function per kind of panel. Every test is a two-sided Mann-Whitney U test (§4.5) of final test
 * accuracies (or moments) between two models over the sweep's configurations; accuracy is the last epoch's test
 * accuracy of each run. Besides the numbers, each panel writes the block indices the gnuplot script plots
 * (BLOCK_<ID>, in figN-vars.gp), so that no script counts blocks itself. */
#include "results/summary.h"
#include "results/summary_internal.h"
#include "core/common.h"
#include "results/registry.h"
#include "inorm/train_runfile.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The values a panel reads: one grid (neps, nconf) per model and column, allocated at once. */
struct grids {
	int n;
	double *v[2 * (REGISTRY_MAX_MODELS + 1)];
};

static void grids_free(struct grids *g)
{
	for (int i = 0; i < g->n; i++)
		free(g->v[i]);
	g->n = 0;
}

/* Loads column of model into a new grid of g; returns it, or NULL with *rc set. */
static double *grid_load(struct grids *g, const struct sweep *s, const char *model, const char *column, int *rc,
			 char *err)
{
	double *v = malloc((size_t)s->neps * (size_t)s->nconf * sizeof *v);
	if (!v) {
		*rc = inb_fail(err, INB_EINTERNAL, "out of memory");
		return NULL;
	}
	g->v[g->n++] = v;
	*rc = summary_load(s, model, column, v, err);
	return *rc ? NULL : v;
}

/* "BLOCK_" and the panel id in capitals, with a suffix: BLOCK_2B_VALUES. */
static void block_name(char *buf, size_t len, const struct registry_panel *p, const char *suffix)
{
	int n = snprintf(buf, len, "BLOCK_%s%s", p->id, suffix);
	for (int i = 6; i < n && (size_t)i < len; i++)
		buf[i] = (char)toupper((unsigned char)buf[i]);
}

/* An array of one block index per eps: first, first + stride, ... */
static void block_array(struct summary_out *o, const struct sweep *s, const struct registry_panel *p,
			const char *suffix, int first, int stride)
{
	char name[64];
	block_name(name, sizeof name, p, suffix);
	fprintf(o->vars.fp, "array %s[%d]\n", name, s->neps);
	for (int ie = 0; ie < s->neps; ie++)
		fprintf(o->vars.fp, "%s[%d] = %d\n", name, ie + 1, first + ie * stride);
}

static void block_var(struct summary_out *o, const struct registry_panel *p, const char *suffix, int block)
{
	char name[64];
	block_name(name, sizeof name, p, suffix);
	fprintf(o->vars.fp, "%s = %d\n", name, block);
}

/* The histogram range of a panel, as HIST_<ID>_LO and _HI. */
static void hist_range(struct summary_out *o, const struct registry_panel *p)
{
	char name[64];
	block_name(name, sizeof name, p, "");
	fprintf(o->vars.fp, "HIST_%s_LO = %g\nHIST_%s_HI = %g\n", name + 6, p->lo, name + 6, p->hi);
}

/* Scatter blocks, one per eps: x = the baseline, y = the model, matched by configuration; its test per eps. */
static int scatter(struct summary_out *o, const struct sweep *s, const struct registry_panel *p, char *err)
{
	struct grids g = { 0 };
	int rc;
	const double *a = grid_load(&g, s, p->baseline, "test_acc", &rc, err), *b = NULL;
	if (a)
		b = grid_load(&g, s, p->models[0], "test_acc", &rc, err);
	if (!b) {
		grids_free(&g);
		return rc;
	}
	const int nc = s->nconf;
	const struct registry_test *t = &p->tests[0];
	/* the test's groups in the order the registry gives them */
	const int y_first = !strcmp(t->model1, p->models[0]);
	/* one range for both axes, whole percent, so that the diagonal is the diagonal */
	double lo = 100, hi = 0;
	for (int i = 0; i < s->neps * nc; i++) {
		lo = fmin(lo, fmin(a[i], b[i]));
		hi = fmax(hi, fmax(a[i], b[i]));
	}
	fprintf(o->vars.fp, "SC_MIN = %g\nSC_MAX = %g\n", floor(lo) - 1, ceil(hi) + 1);
	struct runkey key[SUMMARY_MAX_EPS * SUMMARY_MAX_CONFIGS];
	summary_grid_keys(s, key);
	int first = -1;
	for (int ie = 0; ie < s->neps; ie++) {
		char title[256], cols[256], v[64];
		snprintf(title, sizeof title, "panel %s, eps = %g: one point per configuration", p->id, s->eps[ie]);
		snprintf(cols, sizeof cols, "config x=%s y=%s", p->baseline, p->models[0]);
		int k = summary_block(o, title, cols);
		if (first < 0)
			first = k;
		for (int ic = 0; ic < nc; ic++)
			fprintf(o->tsv.fp, "%ld\t%.4f\t%.4f\n", s->configs[ic], a[ie * nc + ic], b[ie * nc + ic]);
		snprintf(v, sizeof v, "%s_%d", p->pvar, ie + 1);
		const double *ya = y_first ? b : a, *yb = y_first ? a : b;
		summary_test(o, p->id, s->eps[ie], t->model1, ya + ie * nc, key + ie * nc, (size_t)nc, t->model2,
			     yb + ie * nc, key + ie * nc, (size_t)nc, v, t->claim);
	}
	block_array(o, s, p, "", first, 1);
	grids_free(&g);
	return INB_OK;
}

/* Boxes of the top-k runs per eps, pooled over eps, then the values in them; each test on the pooled values. */
static int top_boxes(struct summary_out *o, const struct sweep *s, const struct registry_panel *p, char *err)
{
	struct grids g = { 0 };
	const int nm = registry_count(p->models);
	double *top[REGISTRY_MAX_MODELS];
	struct runkey tkey[REGISTRY_MAX_MODELS][SUMMARY_MAX_EPS * SUMMARY_MAX_CONFIGS];
	size_t n[REGISTRY_MAX_MODELS];
	int rc = INB_OK;
	for (int m = 0; m < nm; m++) {
		const double *acc = grid_load(&g, s, p->models[m], "test_acc", &rc, err);
		if (!acc || !(top[m] = malloc((size_t)s->neps * summary_top_k(s) * sizeof *top[m]))) {
			rc = rc ? rc : inb_fail(err, INB_EINTERNAL, "out of memory");
			for (int k = 0; k < m; k++)
				free(top[k]);
			grids_free(&g);
			return rc;
		}
		n[m] = summary_pool_top(s, acc, acc, top[m]);
		summary_pool_top_keys(s, acc, tkey[m]);
	}
	int nt = 0;
	for (const struct registry_test *t = p->tests; t->model1; t++)
		nt++;
	for (int k = 0; k < nt; k++) {
		const struct registry_test *t = &p->tests[k];
		const int i = registry_index(p->models, t->model1), j = registry_index(p->models, t->model2);
		char g1[64], g2[64], v[64];
		snprintf(g1, sizeof g1, "%s top", t->model1);
		snprintf(g2, sizeof g2, "%s top", t->model2);
		snprintf(v, sizeof v, nt == 1 ? "%s" : "%s_%d", p->pvar, k + 1);
		summary_test(o, p->id, -1, g1, top[i], tkey[i], n[i], g2, top[j], tkey[j], n[j], v, t->claim);
	}
	char title[256];
	snprintf(title, sizeof title, "panel %s: box of the top-k runs per eps, pooled over eps", p->id);
	block_var(o, p, "", summary_block(o, title, "pos label q1 lo hi q3 median n"));
	for (int m = 0; m < nm; m++)
		summary_box_row(o, m + 1, p->labels[m], top[m], n[m]);
	snprintf(title, sizeof title, "panel %s: the values in the boxes", p->id);
	block_var(o, p, "_VALUES", summary_block(o, title, "pos accuracy"));
	for (int m = 0; m < nm; m++)
		for (size_t i = 0; i < n[m]; i++)
			fprintf(o->tsv.fp, "%d\t%.4f\n", m + 1, top[m][i]);
	for (int m = 0; m < nm; m++)
		free(top[m]);
	grids_free(&g);
	return INB_OK;
}

/* First and second moments of each model's top-k runs (by accuracy), pooled: tests, then one box block each. */
static int moment_boxes(struct summary_out *o, const struct sweep *s, const struct registry_panel *p, char *err)
{
	struct grids g = { 0 };
	const int nm = registry_count(p->models);
	const size_t cap = (size_t)s->neps * summary_top_k(s);
	double *pool = malloc(2 * (size_t)nm * cap * sizeof *pool);
	size_t n[REGISTRY_MAX_MODELS];
	struct runkey mkey[REGISTRY_MAX_MODELS][SUMMARY_MAX_EPS * SUMMARY_MAX_CONFIGS];
	int rc = pool ? INB_OK : inb_fail(err, INB_EINTERNAL, "out of memory");
	/* pool + (2 m + k) cap: moment k (0 first, 1 second) of model m */
	for (int m = 0; !rc && m < nm; m++) {
		const double *acc = grid_load(&g, s, p->models[m], "test_acc", &rc, err), *mu = NULL, *var = NULL;
		if (acc)
			mu = grid_load(&g, s, p->models[m], "mu", &rc, err);
		if (mu)
			var = grid_load(&g, s, p->models[m], "var", &rc, err);
		if (var) {
			n[m] = summary_pool_top(s, acc, mu, pool + (2 * m) * cap);
			summary_pool_top(s, acc, var, pool + (2 * m + 1) * cap);
			summary_pool_top_keys(s, acc, mkey[m]);
		}
		grids_free(&g);
	}
	if (rc) {
		free(pool);
		return rc;
	}
	/* The panel's claim is how near each moment comes to what LayerNorm makes it (mean 0, variance 1, (4.2)), so
	 * each test compares the distances |moment - target| of the two models, not the moments themselves: a model
	 * whose moments scatter on both sides of the target is far from it even when their median is on it. */
	static const char *const moment[2] = { "first", "second" };
	static const double target[2] = { 0, 1 };
	double *dist = malloc(2 * cap * sizeof *dist);
	if (!dist) {
		free(pool);
		return inb_fail(err, INB_EINTERNAL, "out of memory");
	}
	for (const struct registry_test *t = p->tests; t->model1; t++) {
		const int i = registry_index(p->models, t->model1), j = registry_index(p->models, t->model2);
		for (int k = 0; k < 2; k++) {
			const double *a = pool + (2 * i + k) * cap, *b = pool + (2 * j + k) * cap;
			for (size_t q = 0; q < n[i]; q++)
				dist[q] = fabs(a[q] - target[k]);
			for (size_t q = 0; q < n[j]; q++)
				dist[cap + q] = fabs(b[q] - target[k]);
			char panel[64];
			snprintf(panel, sizeof panel, "%s-%s-from-%g", p->id, moment[k], target[k]);
			summary_test(o, panel, -1, t->model1, dist, mkey[i], n[i], t->model2, dist + cap, mkey[j], n[j], NULL,
				     t->claim);
		}
	}
	free(dist);
	char title[256];
	snprintf(title, sizeof title, "panel %s: first moment (mean over units of the hidden pre-activation, layer "
		 "average), top-k runs per eps pooled", p->id);
	block_var(o, p, "_FIRST", summary_block(o, title, "pos label q1 lo hi q3 median n"));
	for (int m = 0; m < nm; m++)
		summary_box_row(o, m + 1, p->labels[m], pool + (2 * m) * cap, n[m]);
	snprintf(title, sizeof title, "panel %s: second moment (centred variance over units, layer average), same runs",
		 p->id);
	block_var(o, p, "_SECOND", summary_block(o, title, "pos label q1 lo hi q3 median n"));
	for (int m = 0; m < nm; m++)
		summary_box_row(o, m + 1, p->labels[m], pool + (2 * m + 1) * cap, n[m]);
	free(pool);
	return INB_OK;
}

/* Histograms of the output and the gradient alignment of the model at the largest eps. */
/* The tests of a histogram panel: columns of models of the figure, at the largest eps (ALIGN_HIST) or on every
 * eps pooled (POOLED_HIST); groups are written "MODEL output" or "MODEL gradient". */
static const char *measure_name(const char *column)
{
	return !strcmp(column, "out_align") ? "output" : !strcmp(column, "grad_align") ? "gradient" : column;
}

static int hist_tests(struct summary_out *o, const struct sweep *s, const struct registry_panel *p, int pooled,
		      char *err)
{
	const int ie = s->neps - 1, nc = s->nconf;
	struct runkey key[SUMMARY_MAX_EPS * SUMMARY_MAX_CONFIGS];
	summary_grid_keys(s, key);
	for (const struct registry_test *t = p->tests; t->model1; t++) {
		struct grids g = { 0 };
		int rc;
		const double *a = grid_load(&g, s, t->model1, t->column1, &rc, err), *b = NULL;
		if (a)
			b = grid_load(&g, s, t->model2, t->column2, &rc, err);
		if (!b) {
			grids_free(&g);
			return rc;
		}
		char g1[96], g2[96];
		snprintf(g1, sizeof g1, "%s %s", t->model1, measure_name(t->column1));
		snprintf(g2, sizeof g2, "%s %s", t->model2, measure_name(t->column2));
		size_t n = pooled ? (size_t)s->neps * (size_t)nc : (size_t)nc;
		size_t off = pooled ? 0 : (size_t)ie * (size_t)nc;
		summary_test(o, p->id, pooled ? -1 : s->eps[ie], g1, a + off, key + off, n, g2, b + off, key + off, n,
			     NULL, t->claim);
		grids_free(&g);
	}
	return INB_OK;
}

static int align_hist(struct summary_out *o, const struct sweep *s, const struct registry_panel *p, char *err)
{
	struct grids g = { 0 };
	int rc;
	const double *oa = grid_load(&g, s, p->models[0], "out_align", &rc, err), *ga = NULL;
	if (oa)
		ga = grid_load(&g, s, p->models[0], "grad_align", &rc, err);
	if (!ga) {
		grids_free(&g);
		return rc;
	}
	const int ie = s->neps - 1, nc = s->nconf;
	char t[256];
	snprintf(t, sizeof t, "panel %s: output alignment of %s, eps = %g", p->id, p->models[0], s->eps[ie]);
	int bo = summary_hist_block(o, t, oa + ie * nc, (size_t)nc, p->lo, p->hi, p->bins[0], p->hvars[0]);
	snprintf(t, sizeof t, "panel %s: gradient alignment of %s, eps = %g", p->id, p->models[0], s->eps[ie]);
	int bg = summary_hist_block(o, t, ga + ie * nc, (size_t)nc, p->lo, p->hi, p->bins[1], p->hvars[1]);
	fprintf(o->vars.fp, "EPS_HIST = \"%g\"\n", s->eps[ie]);
	block_var(o, p, "_OUT", bo);
	block_var(o, p, "_GRAD", bg);
	hist_range(o, p);
	grids_free(&g);
	return hist_tests(o, s, p, 0, err);
}

/* Box plots per eps of several models against the baseline's median, each tested against the baseline. A box
 * whose median is at least 50 % leaves out runs at 10 % or less (collapsed), which stay in the test. */
static int baseline_boxes(struct summary_out *o, const struct sweep *s, const struct registry_panel *p, char *err)
{
	struct grids g = { 0 };
	const int nm = registry_count(p->models), nc = s->nconf;
	const double *acc[REGISTRY_MAX_MODELS], *base;
	int rc;
	if (!(base = grid_load(&g, s, p->baseline, "test_acc", &rc, err))) {
		grids_free(&g);
		return rc;
	}
	for (int m = 0; m < nm; m++)
		if (!(acc[m] = grid_load(&g, s, p->models[m], "test_acc", &rc, err))) {
			grids_free(&g);
			return rc;
		}
	struct runkey key[SUMMARY_MAX_EPS * SUMMARY_MAX_CONFIGS];
	summary_grid_keys(s, key);
	fprintf(o->vars.fp, "NM = %d\narray LNMED[%d]\narray %s[%d]\narray LABEL[%d]\n", nm, s->neps, p->pvar,
		s->neps * nm, nm);
	for (int m = 0; m < nm; m++)
		fprintf(o->vars.fp, "LABEL[%d] = \"%s\"\n", m + 1, p->labels[m]);
	int first = -1;
	for (int ie = 0; ie < s->neps; ie++) {
		double v[SUMMARY_MAX_CONFIGS];
		memcpy(v, base + ie * nc, (size_t)nc * sizeof *v);
		struct box lb;
		summary_box(v, (size_t)nc, &lb);
		fprintf(o->vars.fp, "LNMED[%d] = %.6g\n", ie + 1, lb.median);
		char t[256];
		snprintf(t, sizeof t, "panel %s, eps = %g: boxes of final test accuracy; a box whose median is at least 50 "
			 "%% leaves out values of at most 10 %% (collapsed runs; still in the test)", p->id, s->eps[ie]);
		int k = summary_block(o, t, "pos label q1 lo hi q3 median n");
		if (first < 0)
			first = k;
		int collapsed[REGISTRY_MAX_MODELS] = { 0 };
		double low[REGISTRY_MAX_MODELS] = { 0 };
		for (int m = 0; m < nm; m++) {
			const double *a = acc[m] + ie * nc;
			size_t n = 0;
			double all[SUMMARY_MAX_CONFIGS];
			memcpy(all, a, (size_t)nc * sizeof *all);
			struct box b;
			summary_box(all, (size_t)nc, &b);
			for (int ic = 0; ic < nc; ic++)
				if (!(b.median >= 50 && a[ic] <= 10))
					v[n++] = a[ic];
				else
					collapsed[m]++;
			summary_box_row(o, m + 1, p->labels[m], v, n);
			struct box kept;
			summary_box(v, n, &kept);
			low[m] = kept.lo; /* the end of the lower whisker: the lowest point drawn */
		}
		/* the tests, in the registry's order; the label of model j's test is pvar[(i-1) NM + j] */
		for (const struct registry_test *tt = p->tests; tt->model1; tt++) {
			const int m = registry_index(p->models, tt->model1);
			char pv[32];
			snprintf(pv, sizeof pv, "%s[%d]", p->pvar, ie * nm + m + 1);
			summary_test(o, p->id, s->eps[ie], tt->model1, acc[m] + ie * nc, key + ie * nc, (size_t)nc,
				     tt->model2, base + ie * nc, key + ie * nc, (size_t)nc, pv, tt->claim);
		}
		snprintf(t, sizeof t, "panel %s, eps = %g: '~' marks boxes that left out collapsed runs", p->id,
			 s->eps[ie]);
		summary_block(o, t, "pos lower_whisker count_left_out");
		int any = 0;
		for (int m = 0; m < nm; m++)
			if (collapsed[m])
				fprintf(o->tsv.fp, "%d\t%.4f\t%d\n", m + 1, low[m], collapsed[m]), any = 1;
		if (!any)
			fprintf(o->tsv.fp, "NaN\tNaN\tNaN\n");
	}
	block_array(o, s, p, "", first, 2);
	block_array(o, s, p, "_LEFT_OUT", first + 1, 2);
	grids_free(&g);
	return INB_OK;
}

/* What a column holds, in a block title. */
static const char *column_title(const char *column)
{
	if (!strcmp(column, "grad_align"))
		return "gradient alignment";
	if (!strcmp(column, "out_align"))
		return "output alignment";
	return column;
}

/* One histogram per model of a column, all eps pooled. */
static int pooled_hist(struct summary_out *o, const struct sweep *s, const struct registry_panel *p, char *err)
{
	const int nm = registry_count(p->models);
	int blocks[REGISTRY_MAX_MODELS];
	for (int m = 0; m < nm; m++) {
		struct grids g = { 0 };
		int rc;
		const double *v = grid_load(&g, s, p->models[m], p->column, &rc, err);
		if (!v) {
			grids_free(&g);
			return rc;
		}
		char t[128];
		snprintf(t, sizeof t, "panel %s: %s of %s, all eps pooled", p->id, column_title(p->column), p->models[m]);
		blocks[m] = summary_hist_block(o, t, v, (size_t)s->neps * (size_t)s->nconf, p->lo, p->hi, p->bins[0],
					       p->hvars[m]);
		grids_free(&g);
	}
	char name[64];
	block_name(name, sizeof name, p, "");
	fprintf(o->vars.fp, "array %s[%d]\narray LABEL_%s[%d]\narray HVAR_%s[%d]\n", name, nm, name + 6, nm, name + 6,
		nm);
	for (int m = 0; m < nm; m++)
		fprintf(o->vars.fp, "%s[%d] = %d\nLABEL_%s[%d] = \"%s\"\nHVAR_%s[%d] = \"%s\"\n", name, m + 1, blocks[m],
			name + 6, m + 1, p->labels[m], name + 6, m + 1, p->hvars[m]);
	hist_range(o, p);
	return hist_tests(o, s, p, 1, err);
}

int summary_figure(const struct sweep *s, int fig, const char *dir, char *err)
{
	const struct registry_figure *f = registry_figure_find(fig);
	if (!f)
		return inb_fail(err, INB_EUSAGE, "figure %d: not a sweep figure of the registry (inhibnorm registry)", fig);
	/* every run the figure trains, each read once: its values for the panels and its provenance */
	struct summary_provenance prov = { .own_seconds = -1 };
	struct sweep sc = *s;
	sc.cache = NULL;
	int rc = summary_cache_read(&sc, f->models, &prov, err);
	if (rc)
		return rc;
	s = &sc;
	struct summary_out o;
	if ((rc = summary_open(&o, s, &prov, dir, fig, err))) {
		summary_cache_free(&sc);
		return rc;
	}
	for (const struct registry_panel *p = f->panels; !rc && p->id; p++) {
		switch (p->kind) {
		case REGISTRY_SCATTER: rc = scatter(&o, s, p, err); break;
		case REGISTRY_TOP_BOXES: rc = top_boxes(&o, s, p, err); break;
		case REGISTRY_MOMENT_BOXES: rc = moment_boxes(&o, s, p, err); break;
		case REGISTRY_ALIGN_HIST: rc = align_hist(&o, s, p, err); break;
		case REGISTRY_BASELINE_BOXES: rc = baseline_boxes(&o, s, p, err); break;
		case REGISTRY_POOLED_HIST: rc = pooled_hist(&o, s, p, err); break;
		default: rc = inb_fail(err, INB_EINTERNAL, "figure %d panel %s: unknown kind %d", fig, p->id, p->kind);
		}
	}
	summary_cache_free(&sc);
	if (rc) {
		summary_abort(&o);
		return rc;
	}
	return summary_commit(&o, err);
}
