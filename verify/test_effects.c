/* test_effects.c: a comparison's effects (src/results/effects.c, (4.5.23)) and the leave-one-out verdicts of the
 * claims report (src/results/report_effects.c, (4.5.25)). The pairing is checked against differences formed by
 * hand; the leave-one-out verdicts against subsets built here and judged with the statistics modules directly. */
#include "core/common.h"
#include "results/effects.h"
#include "results/report_internal.h"
#include "stats/hodges.h"
#include "stats/mwu.h"
#include "stats/signrank.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double A[8] = { 80.88, 81.84, 79.71, 82.05, 80.12, 78.93, 81.02, 80.47 };
static const double B[8] = { 81.84, 82.05, 81.29, 83.01, 80.47, 82.66, 81.63, 82.38 };
static const long CFG[8] = { 0, 4, 8, 12, 16, 20, 24, 28 };

/* matched runs in another order: paired, the differences those of equal keys */
Test(effects, pairs_runs_by_key)
{
	struct runkey ka[8], kb[8];
	double b[8];
	for (int i = 0; i < 8; i++) {
		ka[i] = (struct runkey){ 0.75, CFG[i] };
		kb[i] = (struct runkey){ 0.75, CFG[7 - i] };
		b[i] = B[7 - i];
	}
	struct effects e;
	char err[INB_ERRLEN] = "";
	cr_assert_eq(effects_compute(A, ka, 8, b, kb, 8, &e, err), INB_OK, "%s", err);
	cr_assert(e.paired);
	double d[8];
	for (int i = 0; i < 8; i++)
		d[i] = A[i] - B[i];
	struct signrank_result s;
	cr_assert_eq(signrank_test(d, 8, MWU_AUTO, 0.95, &s, err), INB_OK);
	cr_assert(e.sr.p == s.p && e.sr.w == s.w && e.sr.pseudomedian == s.pseudomedian);
	struct hl_result h;
	cr_assert_eq(hl_shift_ci(A, 8, B, 8, 0.95, MWU_AUTO, &h, err), INB_OK);
	cr_assert(e.hl.shift == h.shift && e.hl.lo == h.lo && e.hl.hi == h.hi);
}

/* different configurations, a repeated key, or different sizes: not paired */
Test(effects, unmatched_runs_are_not_paired)
{
	struct runkey ka[8], kb[8];
	for (int i = 0; i < 8; i++)
		ka[i] = kb[i] = (struct runkey){ 0, CFG[i] };
	struct effects e;
	char err[INB_ERRLEN];
	kb[3].config = 3;
	cr_assert_eq(effects_compute(A, ka, 8, B, kb, 8, &e, err), INB_OK);
	cr_assert(!e.paired, "a configuration of b not in a");
	kb[3] = ka[3];
	ka[1] = ka[0], kb[1] = kb[2];
	cr_assert_eq(effects_compute(A, ka, 8, B, kb, 8, &e, err), INB_OK);
	cr_assert(!e.paired, "a key twice in a");
	cr_assert_eq(effects_compute(A, ka, 7, B, kb, 8, &e, err), INB_OK);
	cr_assert(!e.paired);
	cr_assert_eq(effects_compute(A, NULL, 8, B, NULL, 8, &e, err), INB_OK);
	cr_assert(!e.paired, "no keys (top-k pools)");
}

/* A values table of figure 7 with one test at eps 0 (8 configurations) and one pooled over three eps. */
static char *fixture(void)
{
	char *dir = tu_mkdtemp(), path[4096];
	snprintf(path, sizeof path, "%s/fig7-values.tsv", dir);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fprintf(f, "# test fixture\npanel\teps\tgroup1\tgroup2\tside\trun_eps\tconfig\tvalue\n");
	for (int s = 1; s <= 2; s++)
		for (int i = 0; i < 8; i++)
			fprintf(f, "7b\t0\tinorm-center\te-ln\t%d\t0\t%ld\t%.2f\n", s, CFG[i], s == 1 ? A[i] : B[i]);
	static const double ep[3] = { 0, 0.5, 0.75 };
	for (int s = 1; s <= 2; s++)
		for (int e = 0; e < 3; e++)
			for (int i = 0; i < 8; i++)
				fprintf(f, "7b\tall\tinorm-center\te-ln\t%d\t%g\t%ld\t%.2f\n", s, ep[e], CFG[i],
					(s == 1 ? A[i] : B[i]) + 0.5 * e + 0.01 * i * (s == 1));
	fclose(f);
	return dir;
}

static enum report_verdict judge(const double *a, size_t n1, const double *b, size_t n2, int sig, int dir,
				 double margin)
{
	struct mwu_result m;
	struct hl_result h;
	char err[INB_ERRLEN];
	cr_assert_eq(mwu_test(a, n1, b, n2, MWU_AUTO, &m, err), INB_OK);
	cr_assert_eq(hl_shift_ci(a, n1, b, n2, 0.95, MWU_AUTO, &h, err), INB_OK);
	return report_verdict_equiv(sig, dir, m.p, m.rank_biserial, h.lo, h.hi, margin, 0.05);
}

Test(effects, leave_one_configuration_out)
{
	struct report_values v;
	char err[INB_ERRLEN] = "";
	cr_assert_eq(report_values_load(&v, fixture(), err), INB_OK, "%s", err);
	static struct report_fx fx;
	cr_assert_eq(report_fx_compute(&v, 7, "7b", "0", "inorm-center", "e-ln", 0, 0, 1, &fx, err), INB_OK, "%s", err);
	cr_assert(fx.have && fx.all.paired);
	cr_assert_eq(fx.nloo, 8, "one subset per configuration, none per eps (a single eps)");
	cr_assert_eq(fx.v, judge(A, 8, B, 8, 0, 0, REPORT_MARGIN));
	int kept = 0;
	for (int k = 0; k < 8; k++) {
		double a[7], b[7];
		for (int i = 0, j = 0; i < 8; i++)
			if (i != k)
				a[j] = A[i], b[j++] = B[i];
		cr_assert(!fx.loo_is_eps[k] && fx.loo_config[k] == CFG[k]);
		cr_assert_eq(fx.loo_v[k], judge(a, 7, b, 7, 0, 0, REPORT_MARGIN), "without configuration %ld", CFG[k]);
		kept += fx.loo_v[k] == fx.v;
	}
	cr_assert_eq(fx.kept, kept);
	for (int m = 0; m < REPORT_NMARGINS; m++)
		cr_assert_eq(fx.v_margin[m], judge(A, 8, B, 8, 0, 0, report_margins[m]));
	/* the pooled test: 8 configuration subsets and, with three eps, 3 eps subsets */
	cr_assert_eq(report_fx_compute(&v, 7, "7b", "all", "inorm-center", "e-ln", 1, -1, 1, &fx, err), INB_OK);
	cr_assert_eq(fx.nloo, 11);
	cr_assert(fx.loo_is_eps[8] && fx.loo_eps[8] == 0 && fx.loo_eps[10] == 0.75);
	/* a test the table lacks */
	cr_assert_eq(report_fx_compute(&v, 7, "7b", "0.75", "inorm-center", "e-ln", 0, 0, 1, &fx, err), INB_OK);
	cr_assert(!fx.have);
	report_values_free(&v);
}

Test(effects, malformed_values_table)
{
	char *dir = tu_mkdtemp();
	tu_write_text(dir, "fig7-values.tsv", "panel\teps\tgroup1\tgroup2\tside\trun_eps\tconfig\tvalue\n"
					     "7b\t0\tx\ty\t3\t0\t0\t80.1\n");
	struct report_values v;
	char err[INB_ERRLEN] = "";
	cr_assert_eq(report_values_load(&v, dir, err), INB_OK, "%s", err);
	static struct report_fx fx;
	cr_assert_eq(report_fx_compute(&v, 7, "7b", "0", "x", "y", 0, 0, 1, &fx, err), INB_EDATA);
	cr_assert(strstr(err, "fig7-values.tsv:2") && strstr(err, "side 1 or 2"), "%s", err);
	report_values_free(&v);
}

/* A runs table for the fixture: every run ok but the inorm-center run of configuration CFG[bad] at eps 0, which has
 * the given status. */
static void runs_fixture(const char *dir, int bad, const char *status)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/fig7-runs.tsv", dir);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fprintf(f, "# test fixture\nmodel\teps\tconfig\tepochs\ttest_acc\tdiverged_epoch\tstatus\n");
	static const double ep[3] = { 0, 0.5, 0.75 };
	static const char *const models[2] = { "inorm-center", "e-ln" };
	for (int m = 0; m < 2; m++)
		for (int e = 0; e < 3; e++)
			for (int i = 0; i < 8; i++)
				fprintf(f, "%s\t%g\t%ld\t1\t80\t0\t%s\n", models[m], ep[e], CFG[i],
					!m && !e && i == bad ? status : "ok");
	fclose(f);
}

/* (4.5.26): the verdict without the runs that diverged or collapsed is the verdict on the other runs. */
Test(effects, verdict_without_diverged_and_collapsed_runs)
{
	char *dir = fixture(), err[INB_ERRLEN] = "";
	struct report_values v;
	static struct report_fx fx;
	/* without a runs table the status is unknown and nothing is left out */
	cr_assert_eq(report_values_load(&v, dir, err), INB_OK, "%s", err);
	cr_assert_eq(report_fx_compute(&v, 7, "7b", "0", "inorm-center", "e-ln", 0, 0, 1, &fx, err), INB_OK);
	cr_assert(fx.have && !fx.runs_known && !fx.nbad && fx.v_clean == fx.v);
	report_values_free(&v);
	for (int bad = 0; bad < 8; bad++) {
		runs_fixture(dir, bad, bad % 2 ? "collapsed" : "diverged");
		cr_assert_eq(report_values_load(&v, dir, err), INB_OK, "%s", err);
		cr_assert_eq(report_fx_compute(&v, 7, "7b", "0", "inorm-center", "e-ln", 0, 0, 1, &fx, err), INB_OK,
			     "%s", err);
		cr_assert(fx.runs_known);
		cr_assert_eq(fx.nbad, 1, "one run of group 1 left out");
		double a[7];
		for (int i = 0, j = 0; i < 8; i++)
			if (i != bad)
				a[j++] = A[i];
		cr_assert_eq(fx.v_clean, judge(a, 7, B, 8, 0, 0, REPORT_MARGIN), "without configuration %ld", CFG[bad]);
		cr_assert_eq(fx.v, judge(A, 8, B, 8, 0, 0, REPORT_MARGIN), "the verdict itself keeps every run");
		/* the pooled test holds the run once (eps 0) */
		cr_assert_eq(report_fx_compute(&v, 7, "7b", "all", "inorm-center", "e-ln", 1, -1, 1, &fx, err), INB_OK);
		cr_assert_eq(fx.nbad, 1);
		report_values_free(&v);
	}
	/* a status the rule does not know, and a run the table lacks, are errors naming the table */
	runs_fixture(dir, 3, "odd");
	cr_assert_eq(report_values_load(&v, dir, err), INB_OK, "%s", err);
	cr_assert_eq(report_fx_compute(&v, 7, "7b", "0", "inorm-center", "e-ln", 0, 0, 1, &fx, err), INB_EDATA);
	cr_assert(strstr(err, "fig7-runs.tsv:") && strstr(err, "status 'odd', expected ok, diverged or collapsed"),
		  "%s", err);
	report_values_free(&v);
	tu_write_text(dir, "fig7-runs.tsv", "model\teps\tconfig\tepochs\ttest_acc\tdiverged_epoch\tstatus\n"
					    "e-ln\t0\t0\t1\t80\t0\tok\n");
	cr_assert_eq(report_values_load(&v, dir, err), INB_OK, "%s", err);
	cr_assert_eq(report_fx_compute(&v, 7, "7b", "0", "inorm-center", "e-ln", 0, 0, 1, &fx, err), INB_EDATA);
	cr_assert(strstr(err, "no run of model inorm-center at eps 0, configuration 0"), "%s", err);
	report_values_free(&v);
}
