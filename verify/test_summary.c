/* test_summary.c: from run files to figure numbers (Figures 2-7, paper §2.1-2.5; summaries (4.6.4)): box-plot
 * numbers as matplotlib draws them, histogram counts, the run-file reader and its errors, one whole figure summary on
 * a synthetic sweep whose numbers are known (its test rows with r and the claim, its block indices, its provenance
 * lines), and the provenance of runs (BLAS, compute time). */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"
#include "core/common.h"
#include "stats/mwu.h"
#include "formats/runfile.h"
#include "inorm/train_runfile.h"
#include "dann/dann_runfile.h"
#include "results/summary.h"
#include "formats/tsvtable.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

Test(summary, box_numbers)
{
	/* 1..9: quartiles by linear interpolation 3, 5, 7; whiskers at the extremes */
	double v[9] = { 9, 1, 8, 2, 7, 3, 6, 4, 5 };
	struct box b;
	summary_box(v, 9, &b);
	cr_assert(b.q1 == 3 && b.median == 5 && b.q3 == 7 && b.lo == 1 && b.hi == 9 && b.n == 9);
	/* an outlier beyond q3 + 1.5 IQR is not a whisker: [1, 2, 3, 4, 100]: q1 2, q3 4, IQR 2, fence 7 */
	double w[5] = { 100, 1, 2, 3, 4 };
	summary_box(w, 5, &b);
	cr_assert(b.q1 == 2 && b.median == 3 && b.q3 == 4 && b.lo == 1 && b.hi == 4, "hi whisker %g", b.hi);
	/* quartiles between data points: [1, 2, 3, 4]: q1 = 1.75, median 2.5, q3 = 3.25 (numpy's default) */
	double u[4] = { 4, 3, 2, 1 };
	summary_box(u, 4, &b);
	cr_assert(fabs(b.q1 - 1.75) < 1e-15 && fabs(b.median - 2.5) < 1e-15 && fabs(b.q3 - 3.25) < 1e-15);
}

Test(summary, histogram_counts)
{
	double v[8] = { 0.0, 0.05, 0.1, 0.55, 0.99, 1.0, -0.2, 1.3 };
	long c[10], under, over;
	summary_histogram(v, 8, 0, 1, 10, c, &under, &over);
	/* 0 and 0.05 in bin 0; 0.1 in bin 1; 0.55 in bin 5; 0.99 and 1.0 (the upper edge) in bin 9 */
	long want[10] = { 2, 1, 0, 0, 0, 1, 0, 0, 0, 2 };
	for (int i = 0; i < 10; i++)
		cr_assert_eq(c[i], want[i], "bin %d holds %ld", i, c[i]);
	cr_assert(under == 1 && over == 1);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

Test(summary, runfile_reader)
{
	char *dir = tu_mkdtemp(), p[512], err[INB_ERRLEN];
	snprintf(p, sizeof p, "%s/r.tsv", dir);
	write_text(p, "# width: 234\n# model: ei (EI)\n# epochs: 2\nepoch\ttest_acc\tout_align\n1\t50.5\tnan\n2\t61.25\tnan\n");
	struct runfile rf;
	cr_assert_eq(runfile_read(p, &train_run_schema, &rf, err), INB_OK, "%s", err);
	cr_assert(rf.rows == 2 && runfile_get(&rf, "test_acc") == 61.25 && isnan(runfile_get(&rf, "out_align")));
	cr_assert(isnan(runfile_get(&rf, "no_such_column")));
	char meta[64];
	cr_assert(runfile_meta(&rf, "width", meta, sizeof meta) == 0 && !strcmp(meta, "234"));
	cr_assert(runfile_meta(&rf, "seed", meta, sizeof meta) == -1);
	runfile_free(&rf);
	/* errors name the file and the fault */
	snprintf(p, sizeof p, "%s/none.tsv", dir);
	cr_assert_eq(runfile_read(p, &train_run_schema, &rf, err), INB_EDATA);
	cr_assert(strstr(err, "none.tsv"), "%s", err);
	snprintf(p, sizeof p, "%s/empty.tsv", dir);
	write_text(p, "# only metadata\n# epochs: 1\nepoch\ttest_acc\n");
	cr_assert_eq(runfile_read(p, &train_run_schema, &rf, err), INB_EDATA);
	cr_assert(strstr(err, "empty.tsv:3: no rows after the header, expected 1"), "%s", err);
	snprintf(p, sizeof p, "%s/bad.tsv", dir);
	write_text(p, "# epochs: 1\nepoch\ttest_acc\n1\tfast\n");
	cr_assert_eq(runfile_read(p, &train_run_schema, &rf, err), INB_EDATA);
	cr_assert(strstr(err, "bad.tsv:3") && strstr(err, "'fast'"), "%s", err);
	snprintf(p, sizeof p, "%s/short.tsv", dir);
	write_text(p, "# epochs: 1\nepoch\ttest_acc\n1\n");
	cr_assert_eq(runfile_read(p, &train_run_schema, &rf, err), INB_EDATA);
	cr_assert(strstr(err, "short.tsv:3: 1 fields, expected 2 as in the header (line 2)"), "%s", err);
}

/* One run file of a synthetic sweep: final accuracy acc, and both hidden layers with first moment mu and centred
 * second moment var. */
static void write_run_moments(const char *root, const char *model, double eps, long c, double acc, double mu,
			      double var)
{
	char p[1024], t[256];
	snprintf(p, sizeof p, "%s/test/%s/eps-%g", root, model, eps);
	char cmd[1100];
	snprintf(cmd, sizeof cmd, "mkdir -p %s", p);
	cr_assert_eq(system(cmd), 0);
	snprintf(p + strlen(p), sizeof p - strlen(p), "/config-%ld.tsv", c);
	snprintf(t, sizeof t, "# epochs: 1\nepoch\ttest_acc\tl0_mu\tl1_mu\tl0_var\tl1_var\n1\t%g\t%g\t%g\t%g\t%g\n", acc,
		 mu, mu, var, var);
	write_text(p, t);
}

/* A synthetic sweep for Figure 2: 6 configurations x 2 eps; EI accuracy 70 + c, EI LN+ 80 + c, E-only LN+ 81 + c. */
static void write_run(const char *root, const char *model, double eps, long c, double acc)
{
	write_run_moments(root, model, eps, c, acc, 0, 1);
}

Test(summary, figure2_on_a_known_sweep)
{
	char *dir = tu_mkdtemp(), err[INB_ERRLEN];
	struct sweep s = { .runs = dir, .scale = "test", .label = "test sweep", .nconf = 6, .neps = 2 };
	for (int i = 0; i < 6; i++)
		s.configs[i] = i * 4;
	s.eps[0] = 0, s.eps[1] = 0.5;
	for (int e = 0; e < 2; e++)
		for (int i = 0; i < 6; i++) {
			write_run(dir, "ei", s.eps[e], s.configs[i], 70 + i - 5 * e);
			write_run(dir, "ei-ln", s.eps[e], s.configs[i], 80 + i);
			write_run(dir, "e-ln", s.eps[e], s.configs[i], 81 + i);
		}
	cr_assert_eq(summary_figure(&s, 2, dir, err), INB_OK, "%s", err);
	/* the pooled test: top 2 of 6 per eps: EI LN+ {85, 84, 85, 84}, E-only LN+ {86, 85, 86, 85} */
	double a[4] = { 85, 84, 85, 84 }, b[4] = { 86, 85, 86, 85 };
	struct mwu_result r;
	cr_assert_eq(mwu_test(a, 4, b, 4, MWU_AUTO, &r, err), INB_OK);
	char p[512], line[512];
	snprintf(p, sizeof p, "%s/fig2-stats.tsv", dir);
	FILE *f = fopen(p, "r");
	cr_assert_not_null(f);
	int found = 0, rows = 0;
	while (fgets(line, sizeof line, f)) {
		if (!strncmp(line, "2a\t", 3))
			rows++;
		if (!strncmp(line, "2b\tall\tei-ln top\te-ln top\t4\t4\t", 27)) {
			char *fields[15], *save, *tok = strtok_r(line, "\t\n", &save);
			int n = 0;
			while (tok && n < 15)
				fields[n++] = tok, tok = strtok_r(NULL, "\t\n", &save);
			cr_assert_eq(n, 14);
			cr_assert(fabs(atof(fields[6]) - r.u1) < 1e-12 && fabs(atof(fields[7]) - r.p) < 1e-9,
				  "U %s p %s, expected %g %g", fields[6], fields[7], r.u1, r.p);
			/* r = 2 U1 / (n1 n2) - 1 (4.5.7): U1 = 2 of 16 pairs (the two ties at 85 count a half each) */
			cr_assert(fabs(atof(fields[12]) - r.rank_biserial) < 1e-6 && fabs(r.rank_biserial - (2 * r.u1 / 16 - 1))
				  < 1e-15, "r %s, expected %g", fields[12], r.rank_biserial);
			cr_assert_str_eq(fields[13], "C2");
			found = 1;
		}
		if (!strncmp(line, "panel\t", 6))
			cr_assert_str_eq(line, "panel\teps\tgroup1\tgroup2\tn1\tn2\tU\tp\tmethod\tstars\tmedian1\tmedian2\tr\t"
					 "claim\n");
		if (!strncmp(line, "2a\t", 3))
			cr_assert(strstr(line, "\tC1\n"), "%s", line);
	}
	fclose(f);
	cr_assert(found, "no pooled 2b test row");
	cr_assert_eq(rows, 2, "one 2a test per eps expected, found %d", rows);
	/* the block indices the script plots: 2a at eps 0 and 0.5 in blocks 0 and 1, 2b's boxes 2 and values 3 */
	snprintf(p, sizeof p, "%s/fig2-vars.gp", dir);
	const char *vars = tu_read_file(p, NULL);
	cr_assert(strstr(vars, "\narray BLOCK_2A[2]\nBLOCK_2A[1] = 0\nBLOCK_2A[2] = 1\n"), "%s", vars);
	cr_assert(strstr(vars, "\nBLOCK_2B = 2\nBLOCK_2B_VALUES = 3\n"), "%s", vars);
	/* provenance after the title line: 36 runs without '# blas:' lines or timing columns */
	cr_assert(strstr(vars, "(generated; loaded by figures/fig2.gp)\n# provenance: inhibnorm "), "%s", vars);
	cr_assert(strstr(vars, ", scale test, summarised 20"), "%s", vars);
	cr_assert(strstr(vars, "\n# provenance: blas of the runs ('# blas:' lines): none recorded\n"), "%s", vars);
	cr_assert(strstr(vars, "\n# provenance: compute: 0.0 s = 0.0000 h, the 36 runs' train_seconds + "), "%s", vars);
	/* a missing run is an error that names the file */
	snprintf(p, sizeof p, "%s/test/e-ln/eps-0.5/config-20.tsv", dir);
	remove(p);
	cr_assert_eq(summary_figure(&s, 2, dir, err), INB_EDATA);
	cr_assert(strstr(err, "e-ln/eps-0.5/config-20.tsv"), "%s", err);
}

Test(summary, command_line_errors_write_nothing)
{
	char *dir = tu_mkdtemp(), args[1024], out[4096], p[512];
	snprintf(args, sizeof args, "summarize --figure 9 --scale quick --configs 0 --eps 0 --out-dir %s", dir);
	cr_assert_eq(tu_run(args, out, sizeof out), 2, "%s", out);
	cr_assert(strstr(out, "--figure: expected a whole number in [2, 7]"), "%s", out);
	snprintf(args, sizeof args, "summarize --figure 2 --scale quick --configs '0 31' --eps 0 --out-dir %s", dir);
	cr_assert_eq(tu_run(args, out, sizeof out), 2, "%s", out);
	snprintf(args, sizeof args, "summarize --figure 2 --scale quick --configs 0 --eps 1.5 --out-dir %s", dir);
	cr_assert_eq(tu_run(args, out, sizeof out), 2, "%s", out);
	snprintf(args, sizeof args, "summarize --figure 4 --runs %s/nothing --scale quick --configs '0 3' --eps '0 0.75' "
		 "--out-dir %s", dir, dir);
	cr_assert_eq(tu_run(args, out, sizeof out), 3, "%s", out);
	cr_assert(strstr(out, "nothing/quick/e-ln/eps-0/config-0.tsv"), "%s", out);
	snprintf(p, sizeof p, "%s/fig4.tsv", dir);
	cr_assert(!tu_exists(p), "a failed summary left fig4.tsv");
	snprintf(p, sizeof p, "%s/fig4-stats.tsv", dir);
	cr_assert(!tu_exists(p), "a failed summary left fig4-stats.tsv");
}

Test(summary, provenance_of_runs)
{
	char *dir = tu_mkdtemp(), err[INB_ERRLEN];
	/* a sweep run: train_seconds and eval_seconds per epoch, all rows count: 1.25 + 0.5 + 2.5 + 0.75 = 5 */
	char *a = tu_write_text(dir, "a.tsv", "# blas: core=Haswell threads=1 (default: one thread per run)\n# epochs: 2\n"
				"epoch\ttest_acc\ttrain_seconds\teval_seconds\n1\t50\t1.25\t0.5\n2\t60\t2.5\t0.75\n");
	/* a DANN run: train_seconds runs on within an epoch, counted at epoch_end rows only: 3 + 0.25 + 0.25 + 0.5 */
	char *b = tu_write_text(dir, "b.tsv", "# inhibnorm run file (DANN paper)\n# epochs: 1\n# eval_every: 200\n"
				"# blas: core=SkylakeX threads=4\nupdate\tepoch\tepoch_end\ttrain_err\ttrain_loss\ttest_err\t"
				"test_loss\tdiverged\ttrain_seconds\teval_seconds\n0\t0\t0\tnan\tnan\t90\t2.3\t0\t0\t0.25\n"
				"200\t1\t0\t30\t0.8\t20\t0.6\t0\t1.5\t0.25\n400\t1\t1\t25\t0.7\t21\t0.6\t0\t3\t0.5\n");
	char *c = tu_write_text(dir, "c.tsv", "# blas: core=Haswell threads=1 OPENBLAS_CORETYPE=Haswell\n# epochs: 1\n"
				"epoch\ttest_acc\n1\t10\n");
	struct summary_provenance p = { .own_seconds = -1 };
	cr_assert_eq(summary_provenance_add(&p, a, &train_run_schema, err), INB_OK, "%s", err);
	cr_assert_eq(summary_provenance_add(&p, b, &dn_run_schema, err), INB_OK, "%s", err);
	cr_assert_eq(summary_provenance_add(&p, c, &train_run_schema, err), INB_OK, "%s", err);
	cr_assert(p.runs == 3 && fabs(p.seconds - 9) < 1e-12, "%ld runs, %g s", p.runs, p.seconds);
	cr_assert(p.nblas == 2 && !strcmp(p.blas[0], "core=Haswell threads=1") && p.blas_runs[0] == 2 &&
		  !strcmp(p.blas[1], "core=SkylakeX threads=4") && p.blas_runs[1] == 1, "%d: %s", p.nblas, p.blas[0]);
	char path[512];
	snprintf(path, sizeof path, "%s/none.tsv", dir);
	cr_assert_eq(summary_provenance_add(&p, path, &train_run_schema, err), INB_EDATA);
	cr_assert(strstr(err, "none.tsv: cannot open"), "%s", err);
	/* the lines of a file no run went into: the command's own wall time */
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	cr_assert_not_null(mem);
	struct summary_provenance q = { .own_seconds = 83.375 };
	summary_provenance_write(mem, &q, "smoke");
	fclose(mem);
	cr_assert(!strncmp(text, "# provenance: inhibnorm ", 24) && strstr(text, ", scale smoke, summarised "), "%s", text);
	cr_assert(strstr(text, "\n# provenance: compute: 83.4 s = 0.0232 h, the wall time of the command that wrote this "
			 "file, on the summarising machine\n"), "%s", text);
	free(text);
}

/* Figure 3b's tests compare distances from LN's targets, |mu - 0| and |var - 1| ((4.5.16)), not the moments. In this
 * sweep the best two runs per eps (configurations 4 and 5) of I-Norm have moments on both sides of the targets
 * (mu = +-0.5, var = 1 +- 0.5: median mu 0, median var 1, every distance 0.5), No-Norm's lie on one side and nearer
 * (mu 0.2 or 0.25, var 1.2 or 1.25), sub-only I-Norm's on the targets. A test of the moments themselves finds
 * I-Norm and No-Norm alike on the mean (r = 0); the distances put every I-Norm run farther (U = 16 of 16, r = +1). */
Test(summary, figure3_tests_distances_from_targets)
{
	char *dir = tu_mkdtemp(), err[INB_ERRLEN];
	struct sweep s = { .runs = dir, .scale = "test", .label = "test sweep", .nconf = 6, .neps = 2 };
	for (int i = 0; i < 6; i++)
		s.configs[i] = i;
	s.eps[0] = 0, s.eps[1] = 0.5;
	for (int e = 0; e < 2; e++)
		for (int i = 0; i < 6; i++) {
			double sgn = i % 2 ? 1 : -1, near = i % 2 ? 0.25 : 0.2;
			write_run_moments(dir, "inorm", s.eps[e], i, 80 + i, 0.5 * sgn, 1 + 0.5 * sgn);
			write_run_moments(dir, "ei", s.eps[e], i, 70 + i, near, 1 + near);
			write_run_moments(dir, "inorm-sub", s.eps[e], i, 75 + i, 0, 1);
		}
	cr_assert_eq(summary_figure(&s, 3, dir, err), INB_OK, "%s", err);
	char p[512];
	snprintf(p, sizeof p, "%s/fig3-stats.tsv", dir);
	struct tsvtable t;
	cr_assert_eq(tsvtable_read(p, &t, err), INB_OK, "%s", err);
	const int cp = tsvtable_column(&t, "panel"), c1 = tsvtable_column(&t, "group1"), c2 = tsvtable_column(&t, "group2"),
		  cu = tsvtable_column(&t, "U"), cpv = tsvtable_column(&t, "p"), cm1 = tsvtable_column(&t, "median1"),
		  cm2 = tsvtable_column(&t, "median2"), cr = tsvtable_column(&t, "r");
	/* the test of the distances themselves (ties among I-Norm's: the asymptotic p, as scipy's default) */
	double da[4] = { 0.5, 0.5, 0.5, 0.5 }, db[4] = { 0.25, 0.2, 0.25, 0.2 };
	struct mwu_result want;
	cr_assert_eq(mwu_test(da, 4, db, 4, MWU_AUTO, &want, err), INB_OK);
	int seen = 0;
	for (size_t i = 0; i < t.nrows; i++) {
		const char *panel = tsvtable_get(&t, i, cp), *g1 = tsvtable_get(&t, i, c1), *g2 = tsvtable_get(&t, i, c2);
		cr_assert(!strcmp(panel, "3b-first-from-0") || !strcmp(panel, "3b-second-from-1"), "panel %s", panel);
		const double u = atof(tsvtable_get(&t, i, cu)), pv = atof(tsvtable_get(&t, i, cpv)),
			     m1 = atof(tsvtable_get(&t, i, cm1)), m2 = atof(tsvtable_get(&t, i, cm2)),
			     r = atof(tsvtable_get(&t, i, cr));
		if (!strcmp(g1, "inorm") && !strcmp(g2, "ei")) {
			cr_assert(u == 16 && fabs(pv - want.p) < 1e-9 && r == 1, "%s: U %g p %g r %g", panel, u, pv, r);
			cr_assert(fabs(m1 - 0.5) < 1e-6 && fabs(m2 - 0.225) < 1e-6, "%s: medians %g %g", panel, m1, m2);
			seen++;
		}
		if (!strcmp(g1, "inorm-sub") && !strcmp(g2, "inorm")) {
			cr_assert(u == 0 && r == -1 && m1 == 0 && fabs(m2 - 0.5) < 1e-6, "%s: U %g r %g", panel, u, r);
			seen++;
		}
	}
	cr_assert_eq(seen, 4, "expected the inorm/ei and inorm-sub/inorm rows of both moments, found %d", seen);
	cr_assert_eq(t.nrows, 6, "three tests of two moments expected, found %zu rows", t.nrows);
	tsvtable_free(&t);
	/* the moments themselves: on the mean, I-Norm's {0.5, -0.5, 0.5, -0.5} against No-Norm's {0.25, 0.2, ...}
	 * split evenly, the test that the distances replace */
	double a[4] = { 0.5, -0.5, 0.5, -0.5 }, b[4] = { 0.25, 0.2, 0.25, 0.2 };
	struct mwu_result r;
	cr_assert_eq(mwu_test(a, 4, b, 4, MWU_AUTO, &r, err), INB_OK);
	cr_assert(r.rank_biserial == 0, "r %g", r.rank_biserial);
}

/* (4.5.26): the runs table names every run the figure read with its status: diverged (the '# diverged:' line),
 * collapsed (final test accuracy below SUMMARY_COLLAPSED), ok. */
Test(summary, runs_table_marks_diverged_and_collapsed_runs)
{
	char *dir = tu_mkdtemp(), err[INB_ERRLEN];
	struct sweep s = { .runs = dir, .scale = "test", .label = "test sweep", .nconf = 3, .neps = 1 };
	for (int i = 0; i < 3; i++)
		s.configs[i] = i;
	for (int i = 0; i < 3; i++) {
		write_run(dir, "ei", 0, i, 70 + i);
		write_run(dir, "ei-ln", 0, i, i == 1 ? SUMMARY_COLLAPSED - 0.01 : 80 + i);
		write_run(dir, "e-ln", 0, i, i == 2 ? SUMMARY_COLLAPSED : 81 + i);
	}
	char p[1024];
	snprintf(p, sizeof p, "%s/test/ei/eps-0/config-2.tsv", dir);
	write_text(p, "# epochs: 3\n# diverged: yes, non-finite training loss in epoch 1\n"
		      "epoch\ttest_acc\tl0_mu\tl1_mu\tl0_var\tl1_var\n1\t64.5\t0\t0\t1\t1\n");
	cr_assert_eq(summary_figure(&s, 2, dir, err), INB_OK, "%s", err);
	snprintf(p, sizeof p, "%s/fig2-runs.tsv", dir);
	struct tsvtable t;
	cr_assert_eq(tsvtable_read(p, &t, err), INB_OK, "%s", err);
	cr_assert_eq(t.nrows, 9, "one row per run read");
	const int cm = tsvtable_column(&t, "model"), cc = tsvtable_column(&t, "config"), cs = tsvtable_column(&t, "status"),
		  ce = tsvtable_column(&t, "diverged_epoch"), ca = tsvtable_column(&t, "test_acc");
	cr_assert(cm >= 0 && cc >= 0 && cs >= 0 && ce >= 0 && ca >= 0);
	int bad = 0;
	for (size_t r = 0; r < t.nrows; r++) {
		const char *m = tsvtable_get(&t, r, cm), *st = tsvtable_get(&t, r, cs);
		const long c = atol(tsvtable_get(&t, r, cc));
		const char *want = !strcmp(m, "ei") && c == 2 ? "diverged" : !strcmp(m, "ei-ln") && c == 1 ? "collapsed" : "ok";
		cr_assert_str_eq(st, want, "%s configuration %ld", m, c);
		cr_assert_eq(atol(tsvtable_get(&t, r, ce)), !strcmp(want, "diverged"), "%s configuration %ld", m, c);
		bad += strcmp(st, "ok") != 0;
	}
	cr_assert_eq(bad, 2, "exactly the diverged and the collapsed run; an accuracy of the limit itself is ok");
	tsvtable_free(&t);
}
