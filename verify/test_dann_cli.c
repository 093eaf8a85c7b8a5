/* test_dann_cli.c: `inhibnorm dann-train`, `dann-summary` and `runcompare` end to end (DANN paper §5.1;
 * paper/dann-5-experiments.md): the run file's rows follow the protocol (test error at update 0, every K updates,
 * at each epoch's end and after the last five updates), a rerun is identical outside the timing columns, a diverged
 * run is recorded, another IDX data set is read from --data, the summary's table and curves, runcompare's verdicts,
 * and every bad input with its exit code and no output file. Short runs on the real Fashion-MNIST files. */
#include "testutil.h"
#include "core/common.h"
#include "dann/dann_net.h"
#include "results/dann_summary.h"
#include "formats/tsvtable.h"
#include "results/runcompare.h"
#include "dann/dann_runfile.h"
#include "formats/runfile.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TINY "--train-limit 320 --test-limit 200"

static char out[16384];

static void train(const char *dir, const char *name, const char *flags)
{
	char args[1024];
	snprintf(args, sizeof args, "dann-train %s --out %s/%s", flags, dir, name);
	cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s: %s", args, out);
}

static double col(const struct runfile *rf, long row, const char *name)
{
	int c = runfile_column(rf, name);
	cr_assert(c >= 0, "no column %s", name);
	return runfile_value(rf, row, c);
}

/* a metadata value as a number */
static double meta_num(const struct runfile *rf, const char *key)
{
	char v[128];
	cr_assert(!runfile_meta(rf, key, v, sizeof v), "no '# %s:' line", key);
	return strtod(v, NULL);
}

/* 2 epochs of 10 updates, evaluated every 4: rows at 0, 4, 8, 10 (end of epoch 1), 12, 16, 17, 18, 19, 20. */
Test(dann_cli, run_file_rows_and_protocol)
{
	char *dir = tu_mkdtemp(), path[512], err[512];
	train(dir, "r.tsv", "--model dann --epochs 2 --eval-every 4 " TINY);
	snprintf(path, sizeof path, "%s/r.tsv", dir);
	struct runfile rf;
	cr_assert_eq(runfile_read(path, &dn_run_schema, &rf, err), 0, "%s", err);
	const long want[] = { 0, 4, 8, 10, 12, 16, 17, 18, 19, 20 };
	cr_assert_eq(rf.rows, 10, "%ld rows", rf.rows);
	double last5 = 0;
	for (long r = 0; r < rf.rows; r++) {
		cr_expect_eq((long)col(&rf, r, "update"), want[r], "row %ld: update %g", r, col(&rf, r, "update"));
		cr_expect_eq(col(&rf, r, "epoch_end"), want[r] == 10 || want[r] == 20, "row %ld", r);
		cr_expect(col(&rf, r, "test_err") >= 0 && col(&rf, r, "test_err") <= 100);
		if (want[r] > 15)
			last5 += col(&rf, r, "test_err") / 5;
	}
	cr_expect(isnan(col(&rf, 0, "train_err")), "no train error before the first update");
	cr_expect(fabs(meta_num(&rf, "test_err_last5") - last5) < 1e-3, "test_err_last5 %g, rows give %g",
		  meta_num(&rf, "test_err_last5"), last5);
	cr_expect_eq(meta_num(&rf, "eval_every"), 4);
	cr_expect(!rf.diverged);
	/* the untrained network is at chance; 20 updates move it */
	cr_expect(col(&rf, 0, "test_err") > 70, "update 0: %g", col(&rf, 0, "test_err"));
	cr_expect(col(&rf, rf.rows - 1, "test_err") < col(&rf, 0, "test_err") - 10);
	runfile_free(&rf);
}

/* One thread, the same seed: a second run is the same run (runcompare's same-kernel rule); another seed is not. */
Test(dann_cli, rerun_is_identical_outside_timing)
{
	char *dir = tu_mkdtemp(), a[512], b[512], c[512], err[512];
	train(dir, "a.tsv", "--model colei --epochs 1 --seed 3 " TINY);
	train(dir, "b.tsv", "--model colei --epochs 1 --seed 3 " TINY);
	train(dir, "c.tsv", "--model colei --epochs 1 --seed 4 " TINY);
	snprintf(a, sizeof a, "%s/a.tsv", dir), snprintf(b, sizeof b, "%s/b.tsv", dir), snprintf(c, sizeof c, "%s/c.tsv", dir);
	struct runcompare_result r;
	cr_assert_eq(runcompare_files(a, b, 2, &r, err), 0, "%s", err);
	cr_expect(r.same_kernel && r.match && r.values > 0, "rerun: %s", r.why);
	cr_assert_eq(runcompare_files(a, c, 2, &r, err), 0, "%s", err);
	cr_expect(!r.match && strstr(r.why, "seed"), "another seed: %s", r.why);
}

/* runcompare: a changed value on the same kernel is a mismatch; on another kernel the last row's errors are judged
 * against the tolerance; the command's verdicts and exit codes. */
Test(dann_cli, runcompare_verdicts)
{
	char *dir = tu_mkdtemp(), a[512], b[512], err[512], args[4096];
	train(dir, "a.tsv", "--model mlp --epochs 1 " TINY);
	snprintf(a, sizeof a, "%s/a.tsv", dir), snprintf(b, sizeof b, "%s/b.tsv", dir);
	/* b: the last row's test error +0.5 points, then also another kernel name */
	snprintf(args, sizeof args, "awk -F'\\t' -v OFS='\\t' 'NR == FNR { n = FNR; next } !/^#/ && FNR == n { $6 = $6 + 0.5 } "
		 "{ print }' %s %s > %s", a, a, b);
	cr_assert_eq(system(args), 0);
	struct runcompare_result r;
	cr_assert_eq(runcompare_files(a, b, 2, &r, err), 0, "%s", err);
	cr_expect(r.same_kernel && !r.match && strstr(r.why, "test_err"), "%s", r.why);
	snprintf(args, sizeof args, "sed -i 's/^# blas: core=[^ ]*/# blas: core=Other/' %s", b);
	cr_assert_eq(system(args), 0);
	cr_assert_eq(runcompare_files(a, b, 2, &r, err), 0, "%s", err);
	cr_expect(!r.same_kernel && r.match && fabs(r.max_diff - 0.5) < 1e-9, "%s (max diff %g)", r.why, r.max_diff);
	cr_assert_eq(runcompare_files(a, b, 0.25, &r, err), 0, "%s", err);
	cr_expect(!r.match, "0.5 points passed a tolerance of 0.25");
	snprintf(args, sizeof args, "runcompare --tol 0.25 %s %s", a, b);
	tu_expect_fail(args, 1, "differ", NULL);
	snprintf(args, sizeof args, "runcompare %s %s", a, b);
	cr_expect_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	cr_expect(strstr(out, "within 2 points"), "%s", out);
	tu_expect_fail("runcompare only-one.tsv", 2, "two run files", NULL);
	tu_expect_fail("runcompare /nonexistent/a.tsv /nonexistent/b.tsv", 3, "cannot open", NULL);
}

/* A non-finite loss ends the run, which is recorded, not an error. */
Test(dann_cli, diverged_run_is_recorded)
{
	char *dir = tu_mkdtemp(), path[512], err[512], args[1024];
	snprintf(path, sizeof path, "%s/d.tsv", dir);
	snprintf(args, sizeof args, "dann-train --model dann --epochs 2 --poison-step 5 " TINY " --out %s", path);
	cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	cr_expect(strstr(out, "diverged at update"), "%s", out);
	struct runfile rf;
	cr_assert_eq(runfile_read(path, &dn_run_schema, &rf, err), 0, "%s", err);
	cr_expect(rf.diverged);
	cr_expect_eq(col(&rf, rf.rows - 1, "diverged"), 1);
	cr_expect_eq((long)col(&rf, rf.rows - 1, "update"), 5);
	runfile_free(&rf);
}

/* MNIST and Kuzushiji-MNIST come as the same four IDX files: --data DIR reads any such directory. */
Test(dann_cli, other_idx_dataset_via_data_dir)
{
	char *dir = tu_mkdtemp(), args[1024];
	tu_write_split(dir, "train", 96, 1);
	tu_write_split(dir, "t10k", 40, 0);
	snprintf(args, sizeof args, "dann-train --model dann-1i --rates mnist --epochs 1 --data %s --out %s/m.tsv", dir,
		 dir);
	cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	snprintf(args, sizeof args, "grep -q '^# train_images: 96$' %s/m.tsv && grep -q '^# test_images: 40$' %s/m.tsv && "
		 "grep -q '^# lr: 0.053269999' %s/m.tsv && grep -q '^# lr_source: Table 1 (MNIST)$' %s/m.tsv", dir, dir, dir,
		 dir);
	cr_expect_eq(system(args), 0, "the run file does not name the 96 + 40 images of %s or Table 1's rate", dir);
	/* Table 1 has no LayerNorm row: its rate must be given */
	snprintf(args, sizeof args, "dann-train --model ln --rates mnist --data %s --out %s/ln.tsv", dir, dir);
	tu_expect_fail(args, 2, "Table 1 has no row for ln", NULL);
}

/* dann-summary over 2 models x 2 seeds: one table row per model, the test of the second against the first, the curve
 * blocks, and the vars file. */
Test(dann_cli, summary_table_and_curves)
{
	char *dir = tu_mkdtemp(), args[1024];
	const char *const models[] = { "mlp", "dann" };
	for (int m = 0; m < 2; m++)
		for (int s = 1; s <= 2; s++) {
			char sub[600], name[64], flags[256];
			snprintf(sub, sizeof sub, "mkdir -p %s/runs/%s", dir, models[m]);
			cr_assert_eq(system(sub), 0);
			snprintf(name, sizeof name, "runs/%s/seed-%d.tsv", models[m], s);
			snprintf(flags, sizeof flags, "--model %s --seed %d --epochs 2 --eval-every 5 " TINY, models[m], s);
			train(dir, name, flags);
		}
	snprintf(args, sizeof args, "dann-summary --runs %s/runs --scale t --models 'mlp dann' --seeds '1 2' --out-dir %s",
		 dir, dir);
	cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	cr_expect(strstr(out, "DANN") && strstr(out, "10.962"), "printed table: %s", out);
	snprintf(args, sizeof args, "test $(grep -c -v -e '^#' -e '^model' %s/dann-table3.tsv) = 2 && "
		 "awk -F'\\t' '$1 == \"dann\" && $15 != \"nan\" && $16 > 0 && $16 <= 1 { ok = 1 } END { exit !ok }' "
		 "%s/dann-table3.tsv && test $(grep -c '^# test error of' %s/dann-fig4.tsv) = 2 && "
		 "test $(grep -c '^# train error of' %s/dann-fig4.tsv) = 2 && grep -q 'legends = \"MLP|DANN\"' "
		 "%s/dann-fig4-vars.gp && grep -q -P '^test_ymax = ([5-9]|[1-9][0-9]|100)$' %s/dann-fig4-vars.gp && "
		 "grep -q -P '^10\\t' %s/dann-fig4.tsv", dir, dir, dir, dir, dir, dir, dir);
	cr_expect_eq(system(args), 0, "summary files of %s", dir);
	/* the figure's test-error axis: twice the worst mean final test error, rounded up to a multiple of 5, at most 100 */
	char p[600], err[INB_ERRLEN];
	snprintf(p, sizeof p, "%s/dann-table3.tsv", dir);
	struct tsvtable t;
	cr_assert_eq(tsvtable_read(p, &t, err), INB_OK, "%s", err);
	const int cm = tsvtable_column(&t, "test_mean");
	double worst = 0;
	for (size_t i = 0; i < t.nrows; i++)
		worst = fmax(worst, atof(tsvtable_get(&t, i, cm)));
	tsvtable_free(&t);
	snprintf(p, sizeof p, "%s/dann-fig4-vars.gp", dir);
	char want[64];
	snprintf(want, sizeof want, "\ntest_ymax = %g\n", fmin(100, 5 * ceil(2 * worst / 5)));
	cr_assert(strstr(tu_read_file(p, NULL), want), "expected '%s' (worst final error %g) in %s", want + 1, worst,
		  tu_read_file(p, NULL));
}

Test(dann_cli, bad_input_exit_codes)
{
	char *dir = tu_mkdtemp(), path[512], args[1024];
	snprintf(path, sizeof path, "%s/x.tsv", dir);
	snprintf(args, sizeof args, "dann-train --model dan --out %s", path);
	tu_expect_fail(args, 2, "--model", path);
	snprintf(args, sizeof args, "dann-train --model dann --epochs 0 --out %s", path);
	tu_expect_fail(args, 2, "--epochs", path);
	snprintf(args, sizeof args, "dann-train --model dann --lr -1 --out %s", path);
	tu_expect_fail(args, 2, "--lr", path);
	snprintf(args, sizeof args, "dann-train --model dann --rates cifar --out %s", path);
	tu_expect_fail(args, 2, "--rates", path);
	snprintf(args, sizeof args, "dann-train --model dann --bogus 1 --out %s", path);
	tu_expect_fail(args, 2, "bogus", path);
	tu_expect_fail("dann-train --model dann", 2, "--out", NULL);
	snprintf(args, sizeof args, "dann-train --model dann --data %s/none --out %s", dir, path);
	tu_expect_fail(args, 3, "none", path);
	tu_expect_fail("dann-train --model dann " TINY " --out /nonexistent-dir/x.tsv", 4, "/nonexistent-dir", NULL);
	snprintf(args, sizeof args, "dann-summary --runs %s --scale t --models 'mlp xyz' --seeds 1 --out-dir %s", dir, dir);
	tu_expect_fail(args, 2, "xyz", NULL);
	snprintf(args, sizeof args, "dann-summary --runs %s --scale t --models mlp --seeds 'a' --out-dir %s", dir, dir);
	tu_expect_fail(args, 2, "seed 'a'", NULL);
	snprintf(args, sizeof args, "dann-summary --runs %s --scale t --models mlp --seeds 1 --out-dir %s", dir, dir);
	tu_expect_fail(args, 3, "seed-1.tsv", NULL);
}

/* Table 3's published values live in two places: dn_sets (the summary prints them beside ours; dann-train takes the
 * learning rates from it) and paper/published.tsv (D1-D5, read by the claims report). They must agree: mean and sd
 * of the test error (value1) and of the train error (value2), and the learning rate the note gives. */
/* Table 3's published errors come from paper/published.tsv alone (no second copy in the code): the summary's
 * paper columns follow a changed value in that file, and a malformed or unknown row stops it with the line. */
Test(dann_cli, published_values_come_from_the_published_table)
{
	char *dir = tu_mkdtemp(), cmd[2048], args[1024], path[600], err[INB_ERRLEN];
	snprintf(cmd, sizeof cmd, "mkdir -p %s/runs/mlp", dir);
	cr_assert_eq(system(cmd), 0);
	train(dir, "runs/mlp/seed-1.tsv", "--model mlp --seed 1 --epochs 1 --eval-every 5 " TINY);
	/* the committed table: its Table 3 row of the MLP, 10.626±0.466 test and 1.793±0.119 train */
	snprintf(args, sizeof args, "dann-summary --runs %s/runs --scale t --models mlp --seeds 1 --out-dir %s", dir, dir);
	cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	snprintf(path, sizeof path, "%s/dann-table3.tsv", dir);
	struct tsvtable t;
	cr_assert_eq(tsvtable_read(path, &t, err), INB_OK, "%s", err);
	cr_expect(!strcmp(tsvtable_get(&t, 0, tsvtable_column(&t, "paper_test")), "10.626") &&
		  !strcmp(tsvtable_get(&t, 0, tsvtable_column(&t, "paper_train_sd")), "0.119"), "paper columns of %s", path);
	tsvtable_free(&t);
	/* the same with the MLP's row changed in a copy of the file */
	snprintf(cmd, sizeof cmd, "sed 's/^\\(D1\\t.*\\t\\)10.626±0.466\\t1.793±0.119\\t/\\112.5±0.25\\t3.5±0.75\\t/' "
		 "paper/published.tsv > %s/pub.tsv && ! cmp -s paper/published.tsv %s/pub.tsv", dir, dir);
	cr_assert_eq(system(cmd), 0, "could not change the MLP row of a copy of paper/published.tsv");
	snprintf(args, sizeof args, "dann-summary --runs %s/runs --scale t --models mlp --seeds 1 --out-dir %s "
		 "--published %s/pub.tsv", dir, dir, dir);
	cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	cr_assert_eq(tsvtable_read(path, &t, err), INB_OK, "%s", err);
	const char *want[4][2] = { { "paper_test", "12.5" }, { "paper_test_sd", "0.25" }, { "paper_train", "3.5" },
				   { "paper_train_sd", "0.75" } };
	for (int k = 0; k < 4; k++)
		cr_expect_str_eq(tsvtable_get(&t, 0, tsvtable_column(&t, want[k][0])), want[k][1], "%s", want[k][0]);
	tsvtable_free(&t);
	cr_expect(strstr(out, "12.500 ± 0.250"), "the printed table does not show the changed value: %s", out);
	int d1_line = 0, n = 0;
	for (const char *c = tu_read_file("paper/published.tsv", NULL); *c && !d1_line; c = strchr(c, '\n') + 1) {
		n++;
		if (!strncmp(c, "D1\t", 3))
			d1_line = n;
		if (!strchr(c, '\n'))
			break;
	}
	cr_assert(d1_line > 0, "paper/published.tsv has no row D1");
	/* damage: a value that is not MEAN±SD, a model the DANN paper does not have; exit 3, the file and line */
	const char *sub[2][2] = { { "s/10.626±0.466/10.626/", "value1 '10.626'" },
				  { "s/^\\(D1\\t[^\\t]*\\t[^\\t]*\\t[^\\t]*\\t[^\\t]*\\t\\)mlp/\\1xyz/", "unknown model 'xyz'" } };
	for (int k = 0; k < 2; k++) {
		snprintf(cmd, sizeof cmd, "sed '%s' paper/published.tsv > %s/bad.tsv && ! cmp -s paper/published.tsv "
			 "%s/bad.tsv", sub[k][0], dir, dir);
		cr_assert_eq(system(cmd), 0, "%s changed nothing", sub[k][0]);
		snprintf(args, sizeof args, "dann-summary --runs %s/runs --scale t --models mlp --seeds 1 --out-dir %s/no "
			 "--published %s/bad.tsv", dir, dir, dir);
		char needle[256];
		snprintf(needle, sizeof needle, "bad.tsv:%d: ", d1_line);
		tu_expect_fail(args, INB_EDATA, needle, NULL);
		tu_expect_fail(args, INB_EDATA, sub[k][1], NULL);
	}
}

/* The DANN run file is read strictly, by the same reader as the main paper's (formats/runfile.h) against its own
 * schema (dann/dann_runfile.c): a file cut at a row boundary, or with its rows edited, is refused with the file and
 * the line, and so is the summary built on it, which leaves the previous outputs in place. */
Test(dann_cli, damaged_run_files_are_refused_with_their_line)
{
	char *dir = tu_mkdtemp(), path[600], err[INB_ERRLEN];
	/* 2 epochs of 10 updates, every 4: rows 0, 4, 8, 10 (end of 1), 12, 16, 17, 18, 19, 20 (end of 2), lines 24-33 */
	train(dir, "r.tsv", "--model mlp --epochs 2 --eval-every 4 " TINY);
	snprintf(path, sizeof path, "%s/r.tsv", dir);
	const char *good = tu_read_file(path, NULL);
	struct runfile rf;
	cr_assert_eq(runfile_read(path, &dn_run_schema, &rf, err), INB_OK, "%s", err);
	const long hdr = rf.header_line;
	runfile_free(&rf);
	/* the lines of the file, to edit */
	static char lines[64][512];
	int n = 0;
	for (const char *p = good; *p && n < 64; n++) {
		size_t k = strcspn(p, "\n");
		snprintf(lines[n], sizeof lines[n], "%.*s", (int)k, p);
		p += k + (p[k] == '\n');
	}
	cr_assert_eq(n, hdr + 10, "%d lines, header on %ld", n, hdr);
	static char text[32768];
	const struct {
		const char *what;
		int cut, drop, swap;  /* keep lines [0, cut); leave out line drop; swap lines swap and swap + 1 */
		const char *from, *to; /* or replace the first 'from' in the text with 'to' */
		const char *needle;
		long line;
	} bad[] = {
		{ "cut after the end of epoch 1", (int)hdr + 4, -1, -1, NULL, NULL, "the file is cut short", hdr + 4 },
		{ "cut after update 19", (int)hdr + 9, -1, -1, NULL, NULL, "expected it to close epoch 2", hdr + 9 },
		{ "the end of epoch 1 left out", n, (int)hdr + 3, -1, NULL, NULL, "a row of epoch 2 before epoch 1 closed",
		  hdr + 4 },
		{ "two rows swapped", n, -1, (int)hdr + 2, NULL, NULL, "update 8 after update 10", hdr + 4 },
		{ "the evaluation before training left out", n, (int)hdr, -1, NULL, NULL, "expected update 0 of epoch 0",
		  hdr + 1 },
		{ "a renamed column", n, -1, -1, "test_err\t", "test_error\t", "header column 'test_error' is not one of",
		  hdr },
		{ "a train error above 100", n, -1, -1, "\n20\t2\t1\t", "\n20\t2\t1\t101", "train_err is '101", hdr + 10 },
		{ "a row marked diverged in a run that did not", n, -1, -1, "\t0\t0.000\t", "\t1\t0.000\t",
		  "row 1 is marked diverged", hdr + 1 },
	};
	for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
		size_t len = 0;
		for (int i = 0; i < bad[b].cut; i++) {
			int j = i == bad[b].swap ? i + 1 : i == bad[b].swap + 1 && bad[b].swap >= 0 ? i - 1 : i;
			if (j != bad[b].drop)
				len += (size_t)snprintf(text + len, sizeof text - len, "%s\n", lines[j]);
		}
		if (bad[b].from) {
			char *at = strstr(text, bad[b].from);
			cr_assert(at, "%s: no '%s' to edit", bad[b].what, bad[b].from);
			static char edited[32768];
			snprintf(edited, sizeof edited, "%.*s%s%s", (int)(at - text), text, bad[b].to, at + strlen(bad[b].from));
			strcpy(text, edited);
		}
		char name[32];
		snprintf(name, sizeof name, "bad-%zu.tsv", b);
		char *p = tu_write_text(dir, name, text);
		err[0] = 0;
		cr_expect_eq(runfile_read(p, &dn_run_schema, &rf, err), INB_EDATA, "%s: accepted", bad[b].what);
		char at[640];
		snprintf(at, sizeof at, "%s:%ld: ", p, bad[b].line);
		cr_expect(!strncmp(err, at, strlen(at)) && strstr(err, bad[b].needle) && !strchr(err, '\n'),
			  "%s: message '%s', expected '%s' and '%s'", bad[b].what, err, at, bad[b].needle);
	}
	/* the summary over a sweep holding the cut file: exit 3, one line naming it, the old outputs untouched */
	char cmd[2048], args[1024];
	snprintf(cmd, sizeof cmd, "mkdir -p %s/runs/mlp %s/sum && cp %s %s/runs/mlp/seed-1.tsv && head -n %ld %s > "
		 "%s/runs/mlp/seed-2.tsv && echo previous > %s/sum/dann-table3.tsv", dir, dir, path, dir, hdr + 4, path, dir,
		 dir);
	cr_assert_eq(system(cmd), 0);
	snprintf(args, sizeof args, "dann-summary --runs %s/runs --scale t --models mlp --seeds '1 2' --out-dir %s/sum",
		 dir, dir);
	cr_assert_eq(tu_run(args, out, sizeof out), INB_EDATA, "%s", out);
	char want[700];
	snprintf(want, sizeof want, "runs/mlp/seed-2.tsv:%ld: the file ends after 1 closed epochs", hdr + 4);
	cr_expect(strstr(out, want) && strchr(out, '\n') == out + strlen(out) - 1, "%s", out);
	snprintf(path, sizeof path, "%s/sum/dann-table3.tsv", dir);
	cr_expect_str_eq(tu_read_file(path, NULL), "previous\n");
	snprintf(path, sizeof path, "%s/sum/dann-fig4.tsv", dir);
	cr_expect(!tu_exists(path), "a failed summary wrote dann-fig4.tsv");
}
