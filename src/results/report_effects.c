/* report_effects.c: the effects, equivalence verdicts and leave-one-out stability of the claims report's
 * comparisons (paper/4.5-statistics.md, (4.5.23)-(4.5.25)); see report_internal.h. Reads the per-run values the
 * summaries wrote (figN-values.tsv) and recomputes every statistic with effects_compute, on all runs and on each
 * subset that leaves one configuration out (and one eps, for a test that pools more than two). */
#include "results/report_internal.h"
#include "core/common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALPHA 0.05

int report_tables_load(const char *dir, const char *what, struct tsvtable *t, int *have, char *err)
{
	for (int f = 2; f <= 7; f++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/fig%d-%s.tsv", dir, f, what);
		FILE *fp = fopen(path, "r");
		if (!fp)
			continue;
		fclose(fp);
		int rc = tsvtable_read(path, &t[f], err);
		if (rc)
			return rc;
		have[f] = 1;
	}
	return INB_OK;
}

int report_values_load(struct report_values *v, const char *dir, char *err)
{
	memset(v, 0, sizeof *v);
	int rc = report_tables_load(dir, "values", v->t, v->have, err);
	return rc ? rc : report_tables_load(dir, "runs", v->runs, v->have_runs, err);
}

void report_values_free(struct report_values *v)
{
	for (int f = 0; f < 8; f++) {
		if (v->have[f])
			tsvtable_free(&v->t[f]);
		if (v->have_runs[f])
			tsvtable_free(&v->runs[f]);
	}
}

void report_group_model(const char *group, char *model, size_t len)
{
	snprintf(model, len, "%.*s", (int)strcspn(group, " "), group);
}

/* Whether the run (model of group, eps, config) of a runs table diverged or collapsed (4.5.26). */
static int run_bad(const struct tsvtable *rt, const char *group, double eps, long config, int *bad, char *err)
{
	static const char *const names[4] = { "model", "eps", "config", "status" };
	int c[4];
	for (int i = 0; i < 4; i++)
		if ((c[i] = tsvtable_column(rt, names[i])) < 0)
			return inb_fail(err, INB_EDATA, "%s: no column '%s' in the header", rt->path, names[i]);
	char model[128];
	report_group_model(group, model, sizeof model);
	for (size_t r = 0; r < rt->nrows; r++)
		if (!strcmp(tsvtable_get(rt, r, c[0]), model) && strtod(tsvtable_get(rt, r, c[1]), NULL) == eps &&
		    strtol(tsvtable_get(rt, r, c[2]), NULL, 10) == config) {
			const char *st = tsvtable_get(rt, r, c[3]);
			if (strcmp(st, "ok") && strcmp(st, "diverged") && strcmp(st, "collapsed"))
				return inb_fail(err, INB_EDATA, "%s:%ld: status '%s', expected ok, diverged or collapsed",
						rt->path, rt->line[r], st);
			*bad = strcmp(st, "ok") != 0;
			return INB_OK;
		}
	return inb_fail(err, INB_EDATA, "%s: no run of model %s at eps %g, configuration %ld, which the figure's "
			"values name", rt->path, model, eps, config);
}

/* One side of a test: values and keys. */
struct side {
	double v[SUMMARY_MAX_EPS * SUMMARY_MAX_CONFIGS];
	struct runkey k[SUMMARY_MAX_EPS * SUMMARY_MAX_CONFIGS];
	unsigned char bad[SUMMARY_MAX_EPS * SUMMARY_MAX_CONFIGS]; /* the run diverged or collapsed (4.5.26) */
	size_t n;
};

/* The values of the test (panel, eps, g1, g2) from its figure's values table t, each marked bad when the runs table
 * rt (NULL: none) says its run diverged or collapsed. */
static int gather(const struct tsvtable *t, const struct tsvtable *rt, const char *panel, const char *eps, const char *g1, const char *g2,
		  struct side *s, char *err)
{
	static const char *const names[8] = { "panel", "eps", "group1", "group2", "side", "run_eps", "config", "value" };
	int c[8];
	for (int i = 0; i < 8; i++)
		if ((c[i] = tsvtable_column(t, names[i])) < 0)
			return inb_fail(err, INB_EDATA, "%s: no column '%s' in the header", t->path, names[i]);
	s[0].n = s[1].n = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		if (strcmp(tsvtable_get(t, r, c[0]), panel) || !tsvtable_same_field(tsvtable_get(t, r, c[1]), eps) ||
		    strcmp(tsvtable_get(t, r, c[2]), g1) || strcmp(tsvtable_get(t, r, c[3]), g2))
			continue;
		int sd = atoi(tsvtable_get(t, r, c[4]));
		char *e1, *e2, *e3;
		double re = strtod(tsvtable_get(t, r, c[5]), &e1), val = strtod(tsvtable_get(t, r, c[7]), &e3);
		long cfg = strtol(tsvtable_get(t, r, c[6]), &e2, 10);
		if ((sd != 1 && sd != 2) || *e1 || *e2 || *e3 || !isfinite(val))
			return inb_fail(err, INB_EDATA, "%s:%ld: expected side 1 or 2, a run's eps, configuration and a "
					"finite value", t->path, t->line[r]);
		struct side *x = &s[sd - 1];
		if (x->n == sizeof x->v / sizeof x->v[0])
			return inb_fail(err, INB_EDATA, "%s:%ld: more than %zu values for one side of a test", t->path,
					t->line[r], sizeof x->v / sizeof x->v[0]);
		int bad = 0, rc;
		if (rt && (rc = run_bad(rt, sd == 1 ? g1 : g2, re, cfg, &bad, err)))
			return rc;
		x->v[x->n] = val;
		x->bad[x->n] = (unsigned char)bad;
		x->k[x->n++] = (struct runkey){ re, cfg };
	}
	return INB_OK;
}

/* The verdict on the runs of a and b kept by the filter: drop_is_eps 0, leave out config drop_cfg; 1, eps drop_eps;
 * 2, the runs that diverged or collapsed; -1, none. */
static int verdict_of(const struct side *s, int drop_is_eps, long drop_cfg, double drop_eps, int sig, int dir,
		      double margin, enum report_verdict *v, struct effects *out, char *err)
{
	struct side k[2];
	for (int i = 0; i < 2; i++) {
		k[i].n = 0;
		for (size_t j = 0; j < s[i].n; j++) {
			if (drop_is_eps == 2 ? s[i].bad[j]
			    : drop_is_eps == 1 ? s[i].k[j].eps == drop_eps
					       : drop_is_eps == 0 && s[i].k[j].config == drop_cfg)
				continue;
			k[i].bad[k[i].n] = s[i].bad[j];
			k[i].v[k[i].n] = s[i].v[j];
			k[i].k[k[i].n++] = s[i].k[j];
		}
	}
	if (!k[0].n || !k[1].n) { /* a subset that leaves a group empty (a top-k pool of one configuration) */
		*v = REPORT_NONE;
		return INB_OK;
	}
	struct effects e;
	int rc = effects_compute(k[0].v, k[0].k, k[0].n, k[1].v, k[1].k, k[1].n, &e, err);
	if (rc)
		return rc;
	*v = report_verdict_equiv(sig, dir, e.mwu.p, e.mwu.rank_biserial, e.hl.lo, e.hl.hi, margin, ALPHA);
	if (out)
		*out = e;
	return INB_OK;
}

int report_fx_compute(const struct report_values *v, int fig, const char *panel, const char *eps, const char *g1,
		      const char *g2, int paper_significant, int paper_direction, int margin_applies,
		      struct report_fx *fx, char *err)
{
	memset(fx, 0, sizeof *fx);
	if (fig < 2 || fig > 7 || !v->have[fig])
		return INB_OK;
	struct side s[2];
	int rc = gather(&v->t[fig], v->have_runs[fig] ? &v->runs[fig] : NULL, panel, eps, g1, g2, s, err);
	if (rc || !s[0].n || !s[1].n)
		return rc;
	const int sig = paper_significant, dir = paper_direction;
	const double margin = margin_applies ? REPORT_MARGIN : NAN;
	if ((rc = verdict_of(s, -1, 0, 0, sig, dir, margin, &fx->v, &fx->all, err)))
		return rc;
	for (int m = 0; m < REPORT_NMARGINS; m++)
		if ((rc = verdict_of(s, -1, 0, 0, sig, dir, margin_applies ? report_margins[m] : NAN, &fx->v_margin[m],
				     NULL, err)))
			return rc;
	/* (4.5.25): the configurations and eps of the runs, each once */
	long cfg[REPORT_MAX_LOO];
	double ep[REPORT_MAX_LOO];
	int ncfg = 0, nep = 0;
	for (int i = 0; i < 2; i++)
		for (size_t j = 0; j < s[i].n; j++) {
			int a = 0, b = 0;
			while (a < ncfg && cfg[a] != s[i].k[j].config)
				a++;
			if (a == ncfg && ncfg < SUMMARY_MAX_CONFIGS)
				cfg[ncfg++] = s[i].k[j].config;
			while (b < nep && ep[b] != s[i].k[j].eps)
				b++;
			if (b == nep && nep < SUMMARY_MAX_EPS)
				ep[nep++] = s[i].k[j].eps;
		}
	/* subsets that leave a group empty give no verdict and are not counted */
	for (int a = 0; a < ncfg; a++) {
		fx->loo_config[fx->nloo] = cfg[a];
		fx->loo_is_eps[fx->nloo] = 0;
		if ((rc = verdict_of(s, 0, cfg[a], 0, sig, dir, margin, &fx->loo_v[fx->nloo], NULL, err)))
			return rc;
		if (fx->loo_v[fx->nloo] != REPORT_NONE)
			fx->kept += fx->loo_v[fx->nloo++] == fx->v;
	}
	if (nep > 2)
		for (int b = 0; b < nep; b++) {
			fx->loo_is_eps[fx->nloo] = 1;
			fx->loo_eps[fx->nloo] = ep[b];
			if ((rc = verdict_of(s, 1, 0, ep[b], sig, dir, margin, &fx->loo_v[fx->nloo], NULL, err)))
				return rc;
			if (fx->loo_v[fx->nloo] != REPORT_NONE)
				fx->kept += fx->loo_v[fx->nloo++] == fx->v;
		}
	/* (4.5.26): the verdict without the runs that diverged or collapsed */
	fx->runs_known = v->have_runs[fig];
	for (int i = 0; i < 2; i++)
		for (size_t j = 0; j < s[i].n; j++)
			fx->nbad += s[i].bad[j];
	fx->v_clean = fx->v;
	if (fx->nbad && (rc = verdict_of(s, 2, 0, 0, sig, dir, margin, &fx->v_clean, NULL, err)))
		return rc;
	fx->have = 1;
	return INB_OK;
}
