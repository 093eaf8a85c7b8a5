/* report.c: the claims report (report.h). Reads only committed text tables: paper/published.tsv and the summaries
 * of one scale; computes the verdicts, Holm's adjustment, the rank-biserial r when a statistics table lacks its
 * column, and (report_effects.c, from the per-run values) the effects, equivalence verdicts and their stability. */
#define _POSIX_C_SOURCE 200809L
#include "results/report.h"
#include "results/report_internal.h"
#include "core/common.h"
#include "formats/outfile.h"
#include "results/registry.h"
#include "formats/tsvtable.h"

#include <gsl/gsl_sort.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ALPHA 0.05

/* The claims are the registry's (registry.h): C1-C8 and D1-D6, the ids of paper/published.tsv. */

enum report_verdict report_verdict(int paper_significant, int paper_direction, double p, double r, double alpha)
{
	if (isnan(p))
		return REPORT_NONE;
	int ours_sig = p < alpha, ours_dir = r > 0 ? 1 : r < 0 ? -1 : 0;
	if (!paper_significant)
		return ours_sig ? REPORT_NOT_REPRODUCED : REPORT_REPRODUCED;
	if (!paper_direction)
		return ours_sig ? REPORT_REPRODUCED : REPORT_DIRECTION_ONLY;
	if (ours_dir != paper_direction)
		return REPORT_NOT_REPRODUCED;
	return ours_sig ? REPORT_REPRODUCED : REPORT_DIRECTION_ONLY;
}

const double report_margins[REPORT_NMARGINS] = { 0.5, 1.0, 2.0 };

enum report_verdict report_verdict_equiv(int paper_significant, int paper_direction, double p, double r, double lo,
					 double hi, double margin, double alpha)
{
	if (paper_significant || !(margin > 0) || isnan(p))
		return report_verdict(paper_significant, paper_direction, p, r, alpha);
	switch (equiv_classify(lo, hi, margin)) {
	case EQUIV_EQUIVALENT: return REPORT_REPRODUCED;
	case EQUIV_DIFFERENT: return REPORT_NOT_REPRODUCED;
	case EQUIV_NOT_SHOWN: break;
	}
	return REPORT_NOT_SHOWN;
}

const char *report_verdict_name(enum report_verdict v)
{
	switch (v) {
	case REPORT_NOT_SHOWN: return "not shown";
	case REPORT_REPRODUCED: return "reproduced";
	case REPORT_DIRECTION_ONLY: return "direction only";
	case REPORT_NOT_REPRODUCED: return "not reproduced";
	default: return "–";
	}
}

void report_holm(const double *p, size_t m, double *adj)
{
	size_t *idx = malloc((m ? m : 1) * sizeof *idx), n = 0;
	double *v = calloc(m ? m : 1, sizeof *v);
	if (!idx || !v) {
		for (size_t i = 0; i < m; i++)
			adj[i] = NAN;
		free(idx);
		free(v);
		return;
	}
	for (size_t i = 0; i < m; i++) {
		adj[i] = NAN;
		if (!isnan(p[i]))
			v[n++] = p[i];
	}
	size_t *ord = malloc((n ? n : 1) * sizeof *ord);
	if (!ord) {
		free(idx);
		free(v);
		return;
	}
	gsl_sort_index(ord, v, 1, n);
	/* v[ord[j]] is the (j+1)-th smallest; map back to the positions in p */
	size_t k = 0;
	for (size_t i = 0; i < m; i++)
		if (!isnan(p[i]))
			idx[k++] = i;
	double run = 0;
	for (size_t j = 0; j < n; j++) {
		double a = fmin(1, (double)(n - j) * v[ord[j]]);
		run = fmax(run, a);
		adj[idx[ord[j]]] = run;
	}
	free(ord);
	free(idx);
	free(v);
}

/* ---- reading ------------------------------------------------------------------------------------------------ */

/* One comparison of the published table, with ours beside it. */
struct row {
	const char *claim, *kind, *figure, *panel, *eps, *g1, *g2, *p_op, *p, *direction, *v1, *v2, *source, *note;
	int found;             /* a row of our statistics matched */
	int fig_present;       /* this scale has the statistics table of the row's figure (figN-stats.tsv) */
	int eps_present;       /* ... and the row's eps (or it is pooled), whether or not the test exists */
	double our_p, our_r, our_m1, our_m2, holm;
	long n1, n2;
	enum report_verdict verdict;   /* (4.5.24) where the runs' values are present, else (4.5.14) */
	enum report_verdict verdict_p; /* (4.5.14), by the p-value alone */
	struct report_fx fx;           /* effects, equivalence and stability (report_effects.c) */
	int sameness;                  /* the paper finds no difference, on test accuracy: judged by equivalence */
	char text[128];        /* ours in words, for rows that are not a test (Theorem 1, the DANN tables) */
};

static int col_or_fail(const struct tsvtable *t, const char *name, int *col, char *err)
{
	*col = tsvtable_column(t, name);
	if (*col < 0)
		return inb_fail(err, INB_EDATA, "%s: no column '%s' in the header", t->path, name);
	return INB_OK;
}

static double num(const char *s)
{
	char *end;
	if (!s || !*s || !strcmp(s, "-"))
		return NAN;
	double v = strtod(s, &end);
	return *end ? NAN : v;
}

/* The statistics tables of figures 2-7 of one scale, those present. */
struct stats {
	struct tsvtable t[8];
	int have[8];
	double *p;         /* every test of the scale, the Holm family, in file order */
	double *holm;
	size_t np;
	size_t base[8];    /* index of figure f's first row in p */
};

static int stats_load(struct stats *s, const char *dir, char *err)
{
	memset(s, 0, sizeof *s);
	size_t total = 0;
	int rc = report_tables_load(dir, "stats", s->t, s->have, err);
	if (rc)
		return rc;
	for (int f = 2; f <= 7; f++)
		if (s->have[f]) {
			s->base[f] = total;
			total += s->t[f].nrows;
		}
	s->p = calloc(total ? total : 1, sizeof *s->p);
	s->holm = calloc(total ? total : 1, sizeof *s->holm);
	if (!s->p || !s->holm)
		return inb_fail(err, INB_EINTERNAL, "out of memory");
	for (int f = 2; f <= 7; f++) {
		if (!s->have[f])
			continue;
		int cp;
		if ((rc = col_or_fail(&s->t[f], "p", &cp, err)))
			return rc;
		for (size_t i = 0; i < s->t[f].nrows; i++)
			s->p[s->base[f] + i] = num(tsvtable_get(&s->t[f], i, cp));
	}
	s->np = total;
	report_holm(s->p, total, s->holm);
	return INB_OK;
}

static void stats_free(struct stats *s)
{
	for (int f = 0; f < 8; f++)
		if (s->have[f])
			tsvtable_free(&s->t[f]);
	free(s->p);
	free(s->holm);
}

/* Finds our test for a published row; fills the row. */
static int stats_match(const struct stats *s, struct row *r, char *err)
{
	int f = atoi(r->figure);
	if (f < 2 || f > 7 || !s->have[f])
		return INB_OK;
	const struct tsvtable *t = &s->t[f];
	r->fig_present = 1;
	int cpanel, ceps, cg1, cg2, cu, cp, cn1, cn2, cm1, cm2, rc;
	if ((rc = col_or_fail(t, "panel", &cpanel, err)) || (rc = col_or_fail(t, "eps", &ceps, err)) ||
	    (rc = col_or_fail(t, "group1", &cg1, err)) || (rc = col_or_fail(t, "group2", &cg2, err)) ||
	    (rc = col_or_fail(t, "U", &cu, err)) || (rc = col_or_fail(t, "p", &cp, err)) ||
	    (rc = col_or_fail(t, "n1", &cn1, err)) || (rc = col_or_fail(t, "n2", &cn2, err)) ||
	    (rc = col_or_fail(t, "median1", &cm1, err)) || (rc = col_or_fail(t, "median2", &cm2, err)))
		return rc;
	int cr = tsvtable_column(t, "r");
	for (size_t i = 0; i < t->nrows; i++)
		if (!strcmp(r->eps, "all") || tsvtable_same_field(tsvtable_get(t, i, ceps), r->eps))
			r->eps_present = 1;
	for (size_t i = 0; i < t->nrows; i++) {
		if (strcmp(tsvtable_get(t, i, cpanel), r->panel) || !tsvtable_same_field(tsvtable_get(t, i, ceps), r->eps) ||
		    strcmp(tsvtable_get(t, i, cg1), r->g1) || strcmp(tsvtable_get(t, i, cg2), r->g2))
			continue;
		r->found = 1;
		r->our_p = num(tsvtable_get(t, i, cp));
		r->n1 = atol(tsvtable_get(t, i, cn1));
		r->n2 = atol(tsvtable_get(t, i, cn2));
		double u = num(tsvtable_get(t, i, cu));
		r->our_r = cr >= 0 ? num(tsvtable_get(t, i, cr)) : 2 * u / ((double)r->n1 * (double)r->n2) - 1;
		r->our_m1 = num(tsvtable_get(t, i, cm1));
		r->our_m2 = num(tsvtable_get(t, i, cm2));
		r->holm = s->holm[s->base[f] + i];
		return INB_OK;
	}
	return INB_OK;
}

/* The paper's significance and direction of a row: -1 when nothing is claimed. */
static int paper_claim(const struct row *r, int *significant, int *direction)
{
	*direction = !strcmp(r->direction, "group1<group2") ? -1 : !strcmp(r->direction, "group1>group2") ? 1 : 0;
	double p = num(r->p);
	if (!isnan(p)) {
		*significant = !strcmp(r->p_op, "<") ? p <= ALPHA : p < ALPHA;
		return 0;
	}
	if (*direction) { /* a direction stated or drawn without a p-value: a claim of a difference */
		*significant = 1;
		return 0;
	}
	if (!strcmp(r->direction, "none")) {
		*significant = 0;
		return 0;
	}
	return -1;
}

/* ---- writing ------------------------------------------------------------------------------------------------ */

static void fmt_p(char *buf, size_t len, double p)
{
	if (isnan(p))
		snprintf(buf, len, "–");
	else if (p < 1e-4)
		snprintf(buf, len, "%.1e", p);
	else
		snprintf(buf, len, "%.2g", p);
}

static const char *eps_label(const char *e)
{
	return !strcmp(e, "all") ? "pooled" : e;
}

static const char *fig_file(const char *figure)
{
	static char buf[64];
	if (!strcmp(figure, "thm1"))
		return "theorem1";
	if (!strcmp(figure, "dann-t3"))
		return "dann-fig4";
	if (!strcmp(figure, "dann-f2"))
		return "dann-fig2";
	snprintf(buf, sizeof buf, "fig%s", figure);
	return buf;
}


/* A link to figure NAME of the scale, figures/NAME-SCALE.svg, labelled text, when the scale has the summary it is
 * drawn from (SUMDIR/NAME.tsv); else the text alone, as the figure does not exist. */
static const char *fig_link(const char *sumdir, const char *scale, const char *name, const char *text)
{
	static char buf[2][512];
	static int k;
	char path[4096];
	k = !k;
	snprintf(path, sizeof path, "%s/%s.tsv", sumdir, name);
	if (access(path, R_OK))
		snprintf(buf[k], sizeof buf[k], "%s", text);
	else
		snprintf(buf[k], sizeof buf[k], "[%s](../figures/%s-%s.svg)", text, name, scale);
	return buf[k];
}

/* "2.1-ei-networks-and-layernorm.md" -> "2.1"; "dann-5-experiments.md" -> "DANN 5" */
static const char *section_label(const char *file)
{
	static char buf[32];
	const char *f = strncmp(file, "dann-", 5) ? file : file + 5;
	size_t n = strcspn(f, "-");
	snprintf(buf, sizeof buf, "%s%.*s", f == file ? "" : "DANN ", (int)(n < 20 ? n : 20), f);
	return buf;
}

/* Theorem 1 (C8): the fitted slope of the residual against n, per case, from block 0 of theorem1.tsv. */
static void write_theorem1(FILE *fp, const char *dir, struct row *rows, size_t nrows)
{
	char path[4096], err[INB_ERRLEN];
	snprintf(path, sizeof path, "%s/theorem1.tsv", dir);
	struct tsvtable t;
	enum report_verdict v = REPORT_NONE;
	fprintf(fp, "\n## Theorem 1 (C8)\n\n");
	if (tsvtable_read(path, &t, err) != INB_OK) {
		fprintf(fp, "No Theorem 1 summary at this scale (`%s`).\n", path);
		return;
	}
	int cw = tsvtable_column(&t, "weights"), ce = tsvtable_column(&t, "errors"),
	    cs = tsvtable_column(&t, "slope_mean"), ct = tsvtable_column(&t, "theory_slope");
	if (cw < 0 || ce < 0 || cs < 0 || ct < 0) {
		fprintf(fp, "`%s` lacks the columns weights, errors, slope_mean, theory_slope.\n", path);
		tsvtable_free(&t);
		return;
	}
	fprintf(fp, "The paper proves that s_n = Σ ν_i δ_i converges to the mean of the errors as n grows, for weights "
		    "of finite variance. Our rule (4.5.14): *reproduced* when, for every case with finite-variance "
		    "weights, the residual |s_n − δ̄| falls with n at the rate the central limit theorem gives, a fitted "
		    "log-log slope within 0.05 of −1/2 ([5.2](5.2-theorem1.md)).\n\n");
	fprintf(fp, "| weights | errors | fitted slope | predicted slope |\n|---|---|---|---|\n");
	int ok = 1, nfinite = 0;
	double lo = INFINITY, hi = -INFINITY;
	for (size_t i = 0; i < t.nrows; i++) {
		double s = num(tsvtable_get(&t, i, cs)), th = num(tsvtable_get(&t, i, ct));
		if (th == -0.5)
			lo = fmin(lo, s), hi = fmax(hi, s);
		fprintf(fp, "| %s | %s | %.3f | %.3f |\n", tsvtable_get(&t, i, cw), tsvtable_get(&t, i, ce), s, th);
		if (th == -0.5) {
			nfinite++;
			if (!(fabs(s - th) <= 0.05))
				ok = 0;
		}
	}
	v = nfinite ? (ok ? REPORT_REPRODUCED : REPORT_NOT_REPRODUCED) : REPORT_NONE;
	fprintf(fp, "\nVerdict: **%s** (%d cases with finite-variance weights).\n", report_verdict_name(v), nfinite);
	for (size_t k = 0; k < nrows; k++)
		if (!strcmp(rows[k].claim, "C8")) {
			rows[k].found = 1;
			rows[k].verdict = v;
			if (nfinite)
				snprintf(rows[k].text, sizeof rows[k].text, "fitted slopes %.3f to %.3f with finite-variance "
					 "weights (predicted −1/2)", lo, hi);
		}
	tsvtable_free(&t);
}

/* DANN Table 3 (D1): our mean test error beside the paper's, per model. */
static void write_dann(FILE *fp, const char *dir, const char *scale, struct row *rows, size_t nrows)
{
	char path[4096], err[INB_ERRLEN];
	snprintf(path, sizeof path, "%s/dann-table3.tsv", dir);
	struct tsvtable t;
	fprintf(fp, "\n## DANN paper, Table 3 (D1–D5)\n\n");
	if (tsvtable_read(path, &t, err) != INB_OK) {
		fprintf(fp, "No DANN table at this scale (`%s`).\n", path);
		return;
	}
	int cm = tsvtable_column(&t, "model"), cn = tsvtable_column(&t, "n"), ctm = tsvtable_column(&t, "test_mean"),
	    cts = tsvtable_column(&t, "test_sd"), cpt = tsvtable_column(&t, "paper_test");
	if (cm < 0 || cn < 0 || ctm < 0 || cts < 0 || cpt < 0) {
		fprintf(fp, "`%s` lacks the columns model, n, test_mean, test_sd, paper_test.\n", path);
		tsvtable_free(&t);
		return;
	}
	int paper_scale = !strcmp(scale, "paper");
	fprintf(fp, "Final test error in %%, mean ± sd over seeds. Rule (4.5.14): *reproduced* when our mean lies within "
		    "two standard errors of the difference of the paper's mean (6 seeds); judged at the paper scale "
		    "only%s.\n\n", paper_scale ? "" : " (this scale trains fewer seeds and epochs, so no verdict)");
	const int cpv = tsvtable_column(&t, "p");
	fprintf(fp, "The last column is our two-sided Mann–Whitney test of the model's final test errors against the "
		    "MLP's (the paper gives none): D4's \"as well as\" and D5's \"worse\" in the terms of the main "
		    "paper's tests.\n\n");
	fprintf(fp, "| model | ours | paper | difference | verdict | ours against the MLP: p |\n"
		    "|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < t.nrows; i++) {
		const char *model = tsvtable_get(&t, i, cm);
		double m = num(tsvtable_get(&t, i, ctm)), sd = num(tsvtable_get(&t, i, cts)), n = num(tsvtable_get(&t, i, cn));
		/* the paper's sd from the published table (value1 = "mean±sd") */
		double pm = NAN, psd = NAN;
		struct row *pr = NULL;
		for (size_t k = 0; k < nrows; k++)
			if (!strcmp(rows[k].figure, "dann-t3") && !strcmp(rows[k].g1, model) && !strcmp(rows[k].kind, "paper")) {
				pr = &rows[k];
				pm = strtod(rows[k].v1, NULL);
				const char *pl = strstr(rows[k].v1, "±");
				psd = pl ? strtod(pl + strlen("±"), NULL) : NAN;
			}
		enum report_verdict rv = REPORT_NONE;
		if (paper_scale && !isnan(pm) && !isnan(psd) && n > 1) {
			double se = sqrt(sd * sd / n + psd * psd / 6);
			rv = fabs(m - pm) <= 2 * se ? REPORT_REPRODUCED : REPORT_NOT_REPRODUCED;
		}
		if (pr) {
			pr->found = 1;
			pr->verdict = rv;
			snprintf(pr->text, sizeof pr->text, "test error %.2f ± %.2f %% (%g seeds)", m, sd, n);
		}
		char paper[64] = "–", diff[32] = "–";
		if (!isnan(pm)) {
			snprintf(paper, sizeof paper, "%.2f ± %.2f", pm, psd);
			snprintf(diff, sizeof diff, "%+.2f", m - pm);
		}
		char vs[32] = "–";
		fmt_p(vs, sizeof vs, cpv >= 0 ? num(tsvtable_get(&t, i, cpv)) : NAN);
		fprintf(fp, "| %s | %.2f ± %.2f | %s | %s | %s | %s |\n", model, m, sd, paper, diff, report_verdict_name(rv),
			vs);
	}
	tsvtable_free(&t);
}

/* DANN Figure 2 (D6), rule (D6.3) of paper/dann-6-figure2.md: reproduced when in every layer every seed's share of
 * smoothed points with cos(f, h) > cos(f, u) is above one half (the column above_half of dann-fig2-stats.tsv). */
static void write_dann_fig2(FILE *fp, const char *dir, struct row *rows, size_t nrows)
{
	char path[4096], err[INB_ERRLEN];
	snprintf(path, sizeof path, "%s/dann-fig2-stats.tsv", dir);
	struct tsvtable t;
	fprintf(fp, "\n## DANN paper, Figure 2 on Fashion-MNIST (D6)\n\n");
	if (tsvtable_read(path, &t, err) != INB_OK) {
		fprintf(fp, "No Figure 2 statistics at this scale (`%s`).\n", path);
		return;
	}
	const int cs = tsvtable_column(&t, "seed"), cl = tsvtable_column(&t, "layer"), clo = tsvtable_column(&t, "share_min"),
		  chi = tsvtable_column(&t, "share_max"), cab = tsvtable_column(&t, "above_half");
	if (cs < 0 || cl < 0 || clo < 0 || chi < 0 || cab < 0) {
		fprintf(fp, "`%s` lacks the columns layer, seed, share_min, share_max, above_half.\n", path);
		tsvtable_free(&t);
		return;
	}
	fprintf(fp, "The d-NGD model (Algorithm 4) on Fashion-MNIST with the MNIST configuration (the paper used MNIST). "
		    "Per layer, the share of the smoothed updates (trailing mean over the window, from its end on) where "
		    "the cosine of the Fisher-corrected step with the Algorithm 3-corrected gradient is above its cosine "
		    "with the uncorrected one, its range over seeds. Rule (D6.3): *reproduced* when every layer's share "
		    "is above one half in every seed.\n\n| layer | share, range over seeds | every seed above one half |\n"
		    "|---|---|---|\n");
	int layers = 0, all = 1;
	double lo_all = INFINITY, hi_all = -INFINITY;
	for (size_t i = 0; i < t.nrows; i++) {
		if (strcmp(tsvtable_get(&t, i, cs), "all"))
			continue;
		const double lo = num(tsvtable_get(&t, i, clo)), hi = num(tsvtable_get(&t, i, chi));
		const int above = !strcmp(tsvtable_get(&t, i, cab), "1");
		layers++, all &= above;
		lo_all = fmin(lo_all, lo), hi_all = fmax(hi_all, hi);
		fprintf(fp, "| %s | %.3f to %.3f | %s |\n", tsvtable_get(&t, i, cl), lo, hi, above ? "yes" : "no");
	}
	tsvtable_free(&t);
	for (size_t k = 0; k < nrows; k++)
		if (!strcmp(rows[k].figure, "dann-f2") && layers) {
			rows[k].found = 1;
			rows[k].verdict = all ? REPORT_REPRODUCED : REPORT_NOT_REPRODUCED;
			snprintf(rows[k].text, sizeof rows[k].text, "orange above black at a share %.3f to %.3f of the "
				 "smoothed points over %d layers and the seeds (Fashion-MNIST)", lo_all, hi_all, layers);
		}
}

/* Which of the scale's summaries exist, and the provenance lines of the first that does (every summary file
 * carries its own): a scale may have only some of them, e.g. the DANN table at the paper scale before the main
 * paper's sweep has been run; the claims of the missing ones are counted as not tested. */
static void write_provenance(FILE *fp, const char *dir, const char *scale)
{
	static const char *const names[] = { "fig2-stats.tsv", "fig3-stats.tsv", "fig4-stats.tsv", "fig5-stats.tsv",
					     "fig6-stats.tsv", "fig7-stats.tsv", "theorem1.tsv", "dann-table3.tsv",
					     "dann-fig2-stats.tsv" };
	const int nn = (int)(sizeof names / sizeof *names);
	struct tsvtable first = { 0 };
	const char *first_name = NULL;
	char present[512] = "", missing[512] = "";
	for (int i = 0; i < nn; i++) {
		char path[4096], err[INB_ERRLEN];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		struct tsvtable t;
		int ok = tsvtable_read(path, &t, err) == INB_OK;
		char *list = ok ? present : missing;
		size_t len = strlen(list);
		snprintf(list + len, sizeof present - len, "%s`%s`%s", len ? ", " : "", names[i],
			 !ok && access(path, F_OK) == 0 ? " (unreadable)" : "");
		if (ok && !first_name) {
			first = t;
			first_name = names[i];
		} else if (ok) {
			tsvtable_free(&t);
		}
	}
	fprintf(fp, "Scale **%s**. Summaries read: %s.", scale, *present ? present : "none");
	if (*missing)
		fprintf(fp, " Not present at this scale, so their claims are not tested here: %s.", missing);
	if (first_name) {
		int any = 0;
		for (size_t i = 0; i < first.ncomments; i++)
			if (!strncmp(first.comment[i], "provenance:", 11)) {
				if (!any)
					fprintf(fp, " The provenance of the summaries (those of %s):\n", first_name);
				fprintf(fp, "\n- %s", first.comment[i] + 11);
				any = 1;
			}
		if (!any && first.ncomments)
			fprintf(fp, " The summaries it reads say: %s", first.comment[0]);
		tsvtable_free(&first);
	}
	fprintf(fp, "\n");
}

/* The claims table's number columns: up to four of the claim's comparisons with a published p-value (the paper's
 * text first, then the notebook), and ours for the same tests; claims without a p-value list our tests. */
static void claim_numbers(const char *id, const struct row *rows, size_t n, char *paper, char *ours, size_t len)
{
	size_t pl = 0, ol = 0;
	int np = 0, no = 0;
	paper[0] = ours[0] = '\0';
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < n; i++) {
			const struct row *r = &rows[i];
			if (strcmp(r->claim, id))
				continue;
			int has_p = strcmp(r->p, "-") != 0;
			if ((pass == 0 && !(has_p && !strcmp(r->kind, "paper"))) ||
			    (pass == 1 && !(has_p && !strcmp(r->kind, "notebook"))) || (pass == 2 && has_p))
				continue;
			if (pass < 2 && np < 4 && pl < len - 80) {
				pl += (size_t)snprintf(paper + pl, len - pl, "%s%s%s%s: p %s %s%s", np ? "; " : "", r->panel,
						       strcmp(r->eps, "all") ? " ε " : "", strcmp(r->eps, "all") ? r->eps : "",
						       r->p_op, r->p, !strcmp(r->kind, "notebook") ? " (notebook)" : "");
				np++;
			}
			if (pass == 2 && np < 4 && pl < len - 80 &&
			    (!strcmp(r->figure, "dann-t3") || !strcmp(r->figure, "thm1") || !strcmp(r->figure, "dann-f2"))) {
				if (!strcmp(r->figure, "dann-f2"))
					pl += (size_t)snprintf(paper + pl, len - pl, "%scurves only (MNIST), no numbers",
							       np ? "; " : "");
				else if (!strcmp(r->figure, "dann-t3"))
					pl += (size_t)snprintf(paper + pl, len - pl, "%stest error %s %%", np ? "; " : "", r->v1);
				else if (!np)
					pl += (size_t)snprintf(paper + pl, len - pl, "a theorem: convergence almost surely");
				np++;
			}
			if (r->text[0] && no < 4 && ol < len - 80 && !strstr(ours, r->text)) {
				ol += (size_t)snprintf(ours + ol, len - ol, "%s%s", no ? "; " : "", r->text);
				no++;
			}
			if (r->found && !isnan(r->our_p) && no < 4 && ol < len - 80) {
				char p[32];
				fmt_p(p, sizeof p, r->our_p);
				/* one entry per test of ours (a text row and a notebook row may name the same test) */
				char entry[128];
				snprintf(entry, sizeof entry, "%s%s%s, %s vs %s: p = %s, r = %+.2f", r->panel,
					 strcmp(r->eps, "all") ? " ε " : "", strcmp(r->eps, "all") ? r->eps : "", r->g1, r->g2, p,
					 r->our_r);
				if (!strstr(ours, entry)) {
					ol += (size_t)snprintf(ours + ol, len - ol, "%s%s", no ? "; " : "", entry);
					no++;
				}
			}
		}
	if (!np)
		snprintf(paper, len, "%s", "no p-value printed");
	if (!no)
		snprintf(ours, len, "%s", "–");
}

/* A claim's comparisons counted by verdict, its verdict, at each margin, and its stability. */
struct claim_sum {
	int n[5], absent, untested;
	const char *verdict;
	const char *verdict_margin[REPORT_NMARGINS];
	int nloo, kept;
	long flip_config[REPORT_MAX_LOO];
	int nflip;
};

static const char *claim_verdict(const int *n)
{
	int judged = n[REPORT_REPRODUCED] + n[REPORT_DIRECTION_ONLY] + n[REPORT_NOT_REPRODUCED] + n[REPORT_NOT_SHOWN];
	if (!judged)
		return "–";
	if (n[REPORT_REPRODUCED] == judged)
		return "reproduced";
	if (n[REPORT_NOT_SHOWN] == judged)
		return "not shown";
	return n[REPORT_REPRODUCED] + n[REPORT_DIRECTION_ONLY] + n[REPORT_NOT_SHOWN] ? "partly" : "not reproduced";
}

/* The verdict of row r when configuration cfg is left out (cfg < 0: none), at margin index m (-1: the report's). */
static enum report_verdict row_verdict(const struct row *r, long cfg, int m)
{
	if (!r->fx.have)
		return r->verdict;
	if (m >= 0)
		return r->fx.v_margin[m];
	for (int i = 0; cfg >= 0 && i < r->fx.nloo; i++)
		if (!r->fx.loo_is_eps[i] && r->fx.loo_config[i] == cfg)
			return r->fx.loo_v[i];
	return r->fx.v;
}

static const char *claim_verdict_at(const char *id, const struct row *rows, size_t nrows, long cfg, int m)
{
	int n[5] = { 0 };
	for (size_t i = 0; i < nrows; i++)
		if (!strcmp(rows[i].claim, id) && rows[i].verdict != REPORT_NONE)
			n[row_verdict(&rows[i], cfg, m)]++;
	return claim_verdict(n);
}

static void claim_summarise(const char *id, const struct row *rows, size_t nrows, struct claim_sum *k)
{
	memset(k, 0, sizeof *k);
	long cfg[REPORT_MAX_LOO];
	int ncfg = 0;
	for (size_t i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];
		if (strcmp(r->claim, id))
			continue;
		if (r->verdict == REPORT_NONE) {
			int sig, dir;
			const int f = atoi(r->figure);
			if (!r->found && (f < 2 || f > 7)) {
				/* Theorem 1 or a DANN table whose summary this scale lacks */
				k->untested += strcmp(r->kind, "context") != 0;
			} else if (!r->found && !paper_claim(r, &sig, &dir)) {
				k->absent += r->fig_present && !r->eps_present;
				k->untested += !r->fig_present || r->eps_present;
			}
			continue;
		}
		k->n[r->verdict]++;
		for (int j = 0; r->fx.have && j < r->fx.nloo; j++) {
			int a = 0;
			while (a < ncfg && cfg[a] != r->fx.loo_config[j])
				a++;
			if (!r->fx.loo_is_eps[j] && a == ncfg && ncfg < REPORT_MAX_LOO)
				cfg[ncfg++] = r->fx.loo_config[j];
		}
	}
	k->verdict = claim_verdict(k->n);
	for (int m = 0; m < REPORT_NMARGINS; m++)
		k->verdict_margin[m] = claim_verdict_at(id, rows, nrows, -1, m);
	for (int a = 0; a < ncfg; a++) {
		int same = !strcmp(claim_verdict_at(id, rows, nrows, cfg[a], -1), k->verdict);
		k->kept += same;
		if (!same)
			k->flip_config[k->nflip++] = cfg[a];
	}
	k->nloo = ncfg;
}

static const char *equiv_mark(enum report_verdict v)
{
	return v == REPORT_REPRODUCED ? "=" : v == REPORT_NOT_SHOWN ? "?" : v == REPORT_NOT_REPRODUCED ? "≠" : "–";
}

static void fmt_num(char *buf, size_t len, double x)
{
	if (isinf(x))
		snprintf(buf, len, "%s∞", x < 0 ? "−" : "+");
	else
		snprintf(buf, len, "%+.2f", x);
}

/* The comparison table's cells of effects, equivalence, the paired test and stability. */
static void fx_cells(const struct row *r, char cell[4][160])
{
	for (int i = 0; i < 4; i++)
		snprintf(cell[i], 160, "–");
	if (!r->fx.have)
		return;
	const struct effects *e = &r->fx.all;
	char lo[32], hi[32], sh[32];
	fmt_num(sh, sizeof sh, e->hl.shift);
	fmt_num(lo, sizeof lo, e->hl.lo);
	fmt_num(hi, sizeof hi, e->hl.hi);
	snprintf(cell[0], 160, "%s [%s, %s] %s", sh, lo, hi, e->hl.method == MWU_EXACT ? "e" : "a");
	if (r->sameness)
		snprintf(cell[1], 160, "%s / %s / %s", equiv_mark(r->fx.v_margin[0]), equiv_mark(r->fx.v_margin[1]),
			 equiv_mark(r->fx.v_margin[2]));
	if (e->paired) {
		char p[32], pm[32];
		fmt_p(p, sizeof p, e->sr.p);
		fmt_num(pm, sizeof pm, e->sr.pseudomedian);
		snprintf(cell[2], 160, "%s (%s)", p, pm);
	} else {
		snprintf(cell[2], 160, "not matched");
	}
	size_t l = (size_t)snprintf(cell[3], 160, "%d/%d", r->fx.kept, r->fx.nloo);
	int any = 0;
	for (int i = 0; i < r->fx.nloo && l < 120; i++)
		if (r->fx.loo_v[i] != r->fx.v) {
			if (r->fx.loo_is_eps[i])
				l += (size_t)snprintf(cell[3] + l, 160 - l, "%sε %g", any ? ", " : " **flips** without ",
						      r->fx.loo_eps[i]);
			else
				l += (size_t)snprintf(cell[3] + l, 160 - l, "%sc%ld", any ? ", " : " **flips** without ",
						      r->fx.loo_config[i]);
			any = 1;
		}
}

static void bad_counts(const struct row *rows, size_t nrows, size_t *with, size_t *kept);

/* The first screen: what was tested and at which scale, the claims' verdicts, what differs from the authors'
 * code, what was hard. */
static void write_screen(FILE *fp, const struct stats *st, const char *scale, const struct row *rows, size_t nrows,
			 const struct claim_sum *cs, size_t ncl, int runs_known)
{
	const char *label = NULL;
	for (int f = 2; f <= 7 && !label; f++)
		if (st->have[f] && st->t[f].ncomments)
			label = strstr(st->t[f].comment[0], "scale: ");
	size_t tested = 0, published = 0, same = 0, same_not = 0, flipped = 0, paired = 0, only_paired = 0;
	for (size_t i = 0; i < nrows; i++) {
		const int f = atoi(rows[i].figure);
		if (f < 2 || f > 7)
			continue;
		published++;
		tested += rows[i].verdict != REPORT_NONE;
		same += rows[i].sameness;
		same_not += rows[i].sameness && rows[i].verdict != REPORT_REPRODUCED;
		flipped += rows[i].fx.have && rows[i].fx.kept < rows[i].fx.nloo;
		paired += rows[i].fx.have && rows[i].fx.all.paired;
		only_paired += rows[i].fx.have && rows[i].fx.all.paired && rows[i].fx.all.sr.p < ALPHA &&
			       !(rows[i].fx.all.mwu.p < ALPHA);
	}
	fprintf(fp, "## First screen\n\n");
	fprintf(fp, "- **Tested:** the claims of the paper (C1–C8) and of the DANN paper's Table 3 and Figure 2 (D1–D6) at the **%s** "
		    "scale (%s): %zu of the %zu published comparisons of Figures 2–7 have a test here (%zu of them on "
		    "matched runs, with a signed-rank test beside the paper's Mann–Whitney test).\n", scale,
		    label ? label + 7 : "no summaries of Figures 2–7", tested, published, paired);
	const char *const kinds[4] = { "reproduced", "partly", "not reproduced", "not shown" };
	fprintf(fp, "- **Claims:**");
	for (int k = 0; k < 5; k++) {
		char ids[256] = "";
		size_t l = 0;
		int n = 0;
		for (size_t c = 0; c < ncl; c++)
			if (k < 4 ? !strcmp(cs[c].verdict, kinds[k]) : !strcmp(cs[c].verdict, "–")) {
				l += (size_t)snprintf(ids + l, sizeof ids - l, "%s%s", n ? ", " : "", registry_claims[c].id);
				n++;
			}
		fprintf(fp, "%s %d %s%s%s%s", k ? ";" : "", n, k < 4 ? kinds[k] : "not judged at this scale",
			n ? " (" : "", ids, n ? ")" : "");
	}
	fprintf(fp, ".\n- **Sameness:** %zu published comparison%s of test accuracy where the paper finds no difference, "
		    "judged by equivalence at ±%g point (4.5.24), %zu of them not shown or different. Equivalent / not "
		    "shown / different at each margin:", same, same == 1 ? "" : "s",
		    REPORT_MARGIN, same_not);
	for (int m = 0; m < REPORT_NMARGINS; m++) {
		int n[3] = { 0 };
		for (size_t i = 0; i < nrows; i++)
			if (rows[i].sameness)
				n[0] += rows[i].fx.v_margin[m] == REPORT_REPRODUCED,
				n[1] += rows[i].fx.v_margin[m] == REPORT_NOT_SHOWN,
				n[2] += rows[i].fx.v_margin[m] == REPORT_NOT_REPRODUCED;
		fprintf(fp, "%s ±%g: %d / %d / %d", m ? ";" : "", report_margins[m], n[0], n[1], n[2]);
	}
	fprintf(fp, "; the claims' verdicts are the same at all three margins");
	for (size_t c = 0; c < ncl; c++)
		for (int m = 0; m < REPORT_NMARGINS; m++)
			if (strcmp(cs[c].verdict_margin[m], cs[c].verdict)) {
				fprintf(fp, " except %s (%s at ±%g)", registry_claims[c].id, cs[c].verdict_margin[m],
					report_margins[m]);
			}
	fprintf(fp, ".\n- **Paired design:** in %zu of the %zu published comparisons on matched runs the signed-rank test of "
		    "the paired differences is significant where the paper's Mann–Whitney test is not; the verdicts stay "
		    "those of the paper's test and interval (4.5.23).\n", only_paired, paired);
	fprintf(fp, "- **Stability:** %zu comparison verdict%s change when one configuration (or one ε of a test "
		    "pooling more than two) is left out", flipped, flipped == 1 ? "" : "s");
	int any = 0;
	for (size_t c = 0; c < ncl; c++)
		if (cs[c].nflip) {
			fprintf(fp, "%s%s (%d of %d subsets keep it)", any ? ", " : "; claims whose verdict flips: ",
				registry_claims[c].id, cs[c].kept, cs[c].nloo);
			any = 1;
		}
	fprintf(fp, "%s.\n", any ? "" : "; no claim's verdict flips");
	size_t with, kept;
	bad_counts(rows, nrows, &with, &kept);
	fprintf(fp, "- **Diverged and collapsed runs** (4.5.26): they stay in the tests with the accuracy they reached; ");
	if (!runs_known)
		fprintf(fp, "which runs they are is not known at this scale (no runs tables, figN-runs.tsv).\n");
	else if (with)
		fprintf(fp, "%zu comparison%s hold%s one, and %zu keep%s %s verdict without them (section *Diverged and "
			    "collapsed runs*).\n", with, with == 1 ? "" : "s", with == 1 ? "s" : "", kept, kept == 1 ? "s" : "",
			kept == 1 ? "its" : "their");
	else
		fprintf(fp, "no comparison holds one (section *Diverged and collapsed runs*).\n");
	fprintf(fp, "- **Different from the authors' code:** nothing in what is trained: where the paper's prose and the "
		    "authors' code differ the code is followed, decision by decision in [4.7](4.7-decisions.md); for "
		    "these verdicts it matters that the p-values the paper's §2.4 gives for centring belong to lateral "
		    "inhibition (4.7.27; both rows are judged) and that the test is scipy 1.12's Mann–Whitney variant "
		    "(4.7.31).%s\n", strcmp(scale, "paper") ? " This scale trains fewer configurations, ε and epochs than "
		    "the paper's protocol (30 configurations, ε in {0, 0.25, 0.5, 0.75}, 50 epochs), so rows at the other "
		    "ε are not tested and the intervals are wide." : "");
	fprintf(fp, "- **What was hard:** half the claims are of sameness, and with few runs a test that is not "
		    "significant is no evidence of it, so those claims are judged by intervals (4.5.24); the paper "
		    "states no margin (±%g point is ours, [4.5](4.5-statistics.md)); the published p-values need ties "
		    "in the data to be matched to the digit ([4.5](4.5-statistics.md), how the test is checked).\n\n",
		    REPORT_MARGIN);
}

/* The runs of the scale's figures, each once: model, eps, configuration and status (4.5.26). */
struct run_status {
	char model[64];
	double eps;
	long config;
	int status; /* 0 ok, 1 diverged, 2 collapsed */
};

static size_t runs_union(const struct report_values *v, struct run_status *out, size_t max, int *nfig)
{
	size_t n = 0;
	*nfig = 0;
	for (int f = 2; f <= 7; f++) {
		if (!v->have_runs[f])
			continue;
		(*nfig)++;
		const struct tsvtable *t = &v->runs[f];
		const int cm = tsvtable_column(t, "model"), ce = tsvtable_column(t, "eps"),
			  cc = tsvtable_column(t, "config"), cs = tsvtable_column(t, "status");
		if (cm < 0 || ce < 0 || cc < 0 || cs < 0)
			continue; /* report_fx_compute names the missing column */
		for (size_t r = 0; r < t->nrows; r++) {
			struct run_status x = { .eps = strtod(tsvtable_get(t, r, ce), NULL),
						.config = strtol(tsvtable_get(t, r, cc), NULL, 10) };
			snprintf(x.model, sizeof x.model, "%s", tsvtable_get(t, r, cm));
			const char *st = tsvtable_get(t, r, cs);
			x.status = !strcmp(st, "diverged") ? 1 : !strcmp(st, "collapsed") ? 2 : 0;
			size_t i = 0;
			while (i < n && (strcmp(out[i].model, x.model) || out[i].eps != x.eps || out[i].config != x.config))
				i++;
			if (i == n && n < max)
				out[n++] = x;
		}
	}
	return n;
}

/* The comparisons holding a run that diverged or collapsed, and how many of them keep their verdict without it. */
static void bad_counts(const struct row *rows, size_t nrows, size_t *with, size_t *kept)
{
	*with = *kept = 0;
	for (size_t i = 0; i < nrows; i++)
		if (rows[i].fx.have && rows[i].fx.nbad) {
			(*with)++;
			*kept += rows[i].fx.v_clean == rows[i].fx.v;
		}
}

#define MAX_RUNS_LISTED (10 * SUMMARY_MAX_EPS * SUMMARY_MAX_CONFIGS)

/* (4.5.26): the runs that diverged or collapsed, per model and eps, and the verdicts without them. */
static void write_bad_runs(FILE *fp, const struct report_values *v, const struct row *rows, size_t nrows)
{
	static struct run_status all[MAX_RUNS_LISTED];
	int nfig;
	const size_t n = runs_union(v, all, MAX_RUNS_LISTED, &nfig);
	fprintf(fp, "\n## Diverged and collapsed runs\n\nA run *diverged* when its training loss became non-finite "
		    "(the trainer stops it there and records the epoch); it *collapsed* when its final test accuracy is "
		    "below %g %% (chance is 10 %%), the runs the paper's Fig. 6a leaves out of its boxes and marks with "
		    "\"~\". Both kinds stay in every figure and test with the accuracy they reached ((4.5.26), "
		    "(4.7.24)); below, each verdict is recomputed without them.\n\n", SUMMARY_COLLAPSED);
	if (!nfig) {
		fprintf(fp, "No runs table (figN-runs.tsv) at this scale: the runs' status is not known here.\n");
		return;
	}
	size_t nd = 0, nc = 0;
	for (size_t i = 0; i < n; i++)
		nd += all[i].status == 1, nc += all[i].status == 2;
	fprintf(fp, "Of the %zu runs the summaries of %d figure%s read, %zu diverged and %zu collapsed.\n", n, nfig,
		nfig == 1 ? "" : "s", nd, nc);
	if (nd + nc) {
		fprintf(fp, "\n| model | ε | runs | diverged | collapsed |\n|---|---|---|---|---|\n");
		for (size_t i = 0; i < n; i++) {
			int first = 1, runs = 0, d = 0, c = 0;
			for (size_t j = 0; j < n; j++) {
				if (strcmp(all[j].model, all[i].model) || all[j].eps != all[i].eps)
					continue;
				first &= j >= i;
				runs++, d += all[j].status == 1, c += all[j].status == 2;
			}
			if (first && d + c)
				fprintf(fp, "| %s | %g | %d | %d | %d |\n", all[i].model, all[i].eps, runs, d, c);
		}
	}
	size_t with, kept;
	bad_counts(rows, nrows, &with, &kept);
	if (!with) {
		fprintf(fp, "\nNo published comparison holds such a run, so no verdict depends on how they are treated.\n");
		return;
	}
	fprintf(fp, "\n%zu published comparison%s hold%s such a run; %zu keep%s %s verdict without them.\n\n"
		    "| claim | figure | panel | ε | group 1 vs group 2 | runs left out | verdict with them | without |\n"
		    "|---|---|---|---|---|---|---|---|\n", with, with == 1 ? "" : "s", with == 1 ? "s" : "", kept,
		kept == 1 ? "s" : "", kept == 1 ? "its" : "their");
	for (size_t i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];
		if (!r->fx.have || !r->fx.nbad)
			continue;
		fprintf(fp, "| %s | %s | %s | %s | %s vs %s | %d | %s | %s%s |\n", r->claim, r->figure, r->panel,
			eps_label(r->eps), r->g1, r->g2, r->fx.nbad, report_verdict_name(r->fx.v),
			r->fx.v_clean == REPORT_NONE ? "no runs left" : report_verdict_name(r->fx.v_clean),
			r->fx.v_clean != r->fx.v ? " **changes**" : "");
	}
}

/* 1 when a panel's tests compare final test accuracies (in points), the quantity with an equivalence margin. */
static int is_accuracy(int fig, const char *panel)
{
	const struct registry_figure *f = registry_figure_find(fig);
	for (const struct registry_panel *p = f ? f->panels : NULL; p && p->id; p++)
		if (!strcmp(p->id, panel))
			return p->kind == REGISTRY_SCATTER || p->kind == REGISTRY_TOP_BOXES ||
			       p->kind == REGISTRY_BASELINE_BOXES;
	return 0;
}

int report_write(const char *sumdir, const char *scale, const char *published, const char *out, char *err)
{
	struct tsvtable pub;
	int rc = tsvtable_read(published, &pub, err);
	if (rc)
		return rc;
	static const char *const names[14] = { "claim", "kind", "figure", "panel", "eps", "group1", "group2", "p_op",
					       "p", "direction", "value1", "value2", "source", "note" };
	int col[14];
	for (int i = 0; i < 14; i++)
		if ((rc = col_or_fail(&pub, names[i], &col[i], err))) {
			tsvtable_free(&pub);
			return rc;
		}
	struct stats st;
	struct report_values vals = { 0 };
	struct row *rows = calloc(pub.nrows ? pub.nrows : 1, sizeof *rows);
	if (!rows) {
		tsvtable_free(&pub);
		return inb_fail(err, INB_EINTERNAL, "out of memory");
	}
	if ((rc = stats_load(&st, sumdir, err)) || (rc = report_values_load(&vals, sumdir, err)))
		goto done;
	for (size_t i = 0; i < pub.nrows; i++) {
		struct row *r = &rows[i];
		const char **f[14] = { &r->claim, &r->kind, &r->figure, &r->panel, &r->eps, &r->g1, &r->g2, &r->p_op,
				       &r->p, &r->direction, &r->v1, &r->v2, &r->source, &r->note };
		for (int k = 0; k < 14; k++)
			*f[k] = tsvtable_get(&pub, i, col[k]);
		if (strcmp(r->claim, "-") && !registry_claim_find(r->claim)) {
			rc = inb_fail(err, INB_EDATA, "%s:%ld: unknown claim '%s', expected C1..C8, D1..D6 or '-'",
				      published, pub.line[i], r->claim);
			goto done;
		}
		r->our_p = r->our_r = r->holm = NAN;
		if ((rc = stats_match(&st, r, err)))
			goto done;
		int sig, dir;
		r->verdict = r->found && !paper_claim(r, &sig, &dir) ? report_verdict(sig, dir, r->our_p, r->our_r, ALPHA)
								       : REPORT_NONE;
		r->verdict_p = r->verdict;
		if (r->verdict != REPORT_NONE) {
			if ((rc = report_fx_compute(&vals, atoi(r->figure), r->panel, r->eps, r->g1, r->g2, sig, dir,
						    is_accuracy(atoi(r->figure), r->panel), &r->fx, err)))
				goto done;
			if (r->fx.have)
				r->verdict = r->fx.v;
			r->sameness = r->fx.have && !sig && is_accuracy(atoi(r->figure), r->panel);
		}
	}

	/* Theorem 1 and the DANN tables judge their rows as they are written; written first, printed last */
	char *tail = NULL;
	size_t tlen = 0;
	FILE *tf = open_memstream(&tail, &tlen);
	if (!tf) {
		rc = inb_fail(err, INB_EINTERNAL, "out of memory");
		goto done;
	}
	write_theorem1(tf, sumdir, rows, pub.nrows);
	write_dann(tf, sumdir, scale, rows, pub.nrows);
	write_dann_fig2(tf, sumdir, rows, pub.nrows);
	fclose(tf);

	size_t ncl = 0;
	for (const struct registry_claim *cl = registry_claims; cl->id; cl++)
		ncl++;
	struct claim_sum *cs = calloc(ncl ? ncl : 1, sizeof *cs);
	if (!cs) {
		free(tail);
		rc = inb_fail(err, INB_EINTERNAL, "out of memory");
		goto done;
	}
	for (size_t c = 0; c < ncl; c++)
		claim_summarise(registry_claims[c].id, rows, pub.nrows, &cs[c]);

	struct outfile of;
	if ((rc = outfile_open(&of, out, err))) {
		free(tail);
		free(cs);
		goto done;
	}
	FILE *fp = of.fp;
	fprintf(fp, "# Claims report, %s scale\n\n", scale);
	fprintf(fp, "<!-- generated by `make report SCALE=%s` (bin/inhibnorm report) from paper/published.tsv and "
		    "data/summary/%s/; do not edit -->\n\n", scale, scale);
	int runs_known = 0;
	for (int f = 2; f <= 7; f++)
		runs_known |= vals.have_runs[f];
	write_screen(fp, &st, scale, rows, pub.nrows, cs, ncl, runs_known);
	fprintf(fp, "## Where the numbers come from\n\n");
	write_provenance(fp, sumdir, scale);
	fprintf(fp, "\nEach claim of the paper, what the paper reports ([published values](published.md)), what this "
		    "package finds at this scale, and a verdict. The rule ((4.5.14) and (4.5.24) in "
		    "[4.5](4.5-statistics.md)): a published difference is *reproduced* when our two-sided Mann–Whitney "
		    "test is significant at α = 0.05 in the same direction (the sign of the rank-biserial r, (4.5.7)); "
		    "*direction only* when ours points the same way but is not significant; *not reproduced* otherwise. "
		    "A qualitative claim (a difference shown, no p-value) counts as significant in its direction. A "
		    "published sameness (a test the paper finds not significant) of test accuracy is judged by "
		    "equivalence at a margin of ±%g point: *reproduced* when the 95 %% interval of our Hodges–Lehmann "
		    "shift (4.5.17)–(4.5.18) lies inside it (both one-sided tests at 0.025 reject a difference of the "
		    "margin or more, (4.5.19)), *not shown* when the interval holds 0 and reaches past a bound, *not "
		    "reproduced* when it excludes 0 and is not inside; a non-significant test alone no longer reproduces "
		    "it. Other sameness rows (none are on other quantities at present) keep the rule by p. Fig. 3b's "
		    "claims are about how far a moment lies from what LN makes it (0 for the first, 1 for the second), "
		    "so its tests compare those distances (panels 3b-first-from-0 and 3b-second-from-1). Where the "
		    "paper's text and the authors' notebook differ, both rows are shown. A claim is *reproduced* when "
		    "all its comparisons are, *not shown* when all are not shown, *partly* when some are reproduced, "
		    "direction only or not shown. Stability "
		    "(4.5.25): the share of the subsets leaving one configuration out (and one eps, for a test pooling "
		    "more than two) that keep the verdict. ", REPORT_MARGIN);
	if (st.np)
		fprintf(fp, "Holm: p-values adjusted by Holm's step-down method across all %zu Mann–Whitney tests of this "
			    "scale's figures, (4.5.13); the paper does not adjust.\n\n", st.np);
	else
		fprintf(fp, "No Mann–Whitney test of Figures 2–7 at this scale, so no Holm adjustment (4.5.13).\n\n");

	/* claims */
	fprintf(fp, "## Claims\n\n| claim | what the paper says | the paper's numbers | ours | comparisons: reproduced / "
		    "direction only / not shown / not / ε not at this scale / not tested | verdict | stable (leave one "
		    "configuration out) | figure | section |\n|---|---|---|---|---|---|---|---|---|\n");
	for (size_t c = 0; c < ncl; c++) {
		const struct registry_claim *cl = &registry_claims[c];
		const struct claim_sum *k = &cs[c];
		char paper[512], ours[512], stab[64] = "–";
		claim_numbers(cl->id, rows, pub.nrows, paper, ours, sizeof paper);
		if (k->nloo)
			snprintf(stab, sizeof stab, "%d/%d%s", k->kept, k->nloo, k->kept < k->nloo ? " **flips**" : "");
		/* a figure's file names its scale: figures/NAME-SCALE.svg (the Makefile's figure rule) */
		fprintf(fp, "| %s | %s | %s | %s | %d / %d / %d / %d / %d / %d | **%s** | %s | %s | "
			"[%s](%s) |\n", cl->id, cl->text, paper, ours, k->n[REPORT_REPRODUCED], k->n[REPORT_DIRECTION_ONLY],
			k->n[REPORT_NOT_SHOWN], k->n[REPORT_NOT_REPRODUCED], k->absent, k->untested, k->verdict, stab,
			fig_link(sumdir, scale, cl->figure, cl->where), section_label(cl->section), cl->section);
	}
	free(cs);

	/* comparisons */
	fprintf(fp, "\n## Comparisons\n\nOne row per published result (kind: *paper* text, *notebook* output of the "
		    "authors' code, *qualitative* claim). Ours: medians of group 1 and group 2, the number of runs in "
		    "each, p, Holm's p and r; the Hodges–Lehmann shift of group 1 − group 2 (in points of accuracy, or "
		    "in the units of the quantity compared) with its 95 %% interval (*e*: exact, *a*: normal "
		    "approximation with ties, (4.5.18)); for a sameness of accuracy, the equivalence at ±0.5, ±1 and ±2 "
		    "points (=: equivalent, ?: not shown, ≠: different; the verdict uses ±%g); where the runs are "
		    "matched (the same configuration and ε in both groups), the signed-rank p of the paired differences "
		    "and their pseudo-median (4.5.20)–(4.5.23); the stability of the verdict (4.5.25), with the left-out "
		    "configurations (c) or ε that change it; and the verdict by the p-value alone ((4.5.14), the rule "
		    "before (4.5.24)).\n\n", REPORT_MARGIN);
	fprintf(fp, "| claim | figure | panel | ε | group 1 vs group 2 | kind | paper p | paper: direction | ours: "
		    "medians (n) | ours: p | Holm p | r | shift [95 %% interval] | equivalence ±0.5 / 1 / 2 | signed-rank p "
		    "(pseudo-median) | stable | verdict | by p alone |\n"
		    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < pub.nrows; i++) {
		struct row *r = &rows[i];
		int f = atoi(r->figure);
		if (f < 2 || f > 7)
			continue; /* Theorem 1 and the DANN tables have their own sections below */
		char pp[48], op[32], hp[32], med[96], rr[16] = "–", fxs[4][160];
		if (!r->fig_present)
			snprintf(med, sizeof med, "figure %d not summarised at this scale", f);
		else
			snprintf(med, sizeof med, "%s", r->eps_present ? "no such test in our summaries" : "ε not in this scale");
		if (strcmp(r->p_op, "-") && strcmp(r->p, "-"))
			snprintf(pp, sizeof pp, "%s %s", r->p_op, r->p);
		else
			snprintf(pp, sizeof pp, "–");
		fmt_p(op, sizeof op, r->our_p);
		fmt_p(hp, sizeof hp, r->holm);
		if (r->found) {
			snprintf(med, sizeof med, "%.2f, %.2f (%ld, %ld)", r->our_m1, r->our_m2, r->n1, r->n2);
			snprintf(rr, sizeof rr, "%+.2f", r->our_r);
		}
		fx_cells(r, fxs);
		fprintf(fp, "| %s | %s | %s | %s | %s vs %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | "
			"%s | %s | %s | %s |\n", r->claim, fig_link(sumdir, scale, fig_file(r->figure), r->figure), r->panel, eps_label(r->eps), r->g1,
			r->g2, r->kind, pp, r->direction, med, op, hp, rr, fxs[0], fxs[1], fxs[2], fxs[3],
			report_verdict_name(r->verdict), r->fx.have ? report_verdict_name(r->verdict_p) : "–");
	}
	write_bad_runs(fp, &vals, rows, pub.nrows);
	fwrite(tail, 1, tlen, fp);
	free(tail);
	rc = outfile_commit(&of, err);
done:
	stats_free(&st);
	report_values_free(&vals);
	free(rows);
	tsvtable_free(&pub);
	return rc;
}
