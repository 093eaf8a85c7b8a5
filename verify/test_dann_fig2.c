/* test_dann_fig2.c: Figure 2's summary (src/results/dann_fig2.c; paper/dann-6-figure2.md (D6.1)-(D6.2)) on two
 * short d-NGD runs whose cosine files are then replaced by constructed ones of the same shape: the trailing boxcar
 * mean by hand, a NaN skipped inside its window, the mean over seeds, the shares and their range, the errors per
 * epoch from the run files; a window longer than a run and a missing cosine file refused with their exit codes. */
#include "testutil.h"
#include "core/common.h"
#include "formats/tsvtable.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* printed with %.6g and %.4f: six significant digits */
#define F_TOL 1e-5

/* A constructed cosine file of 6 updates (3 per epoch, 2 epochs): the metadata of the real one at path, then the
 * rows: layer l's cos(f, u) = base + 0.01 t + 0.1 l, cos(f, h) = that + delta[t] (t = 1..6). */
static void write_cos(const char *path, double base, const double *delta, int nan_at)
{
	size_t len;
	char *text = tu_read_file(path, &len), *hdr = strstr(text, "\nupdate\t");
	cr_assert(hdr);
	hdr[1] = 0;
	FILE *f = fopen(path, "w");
	cr_assert(f);
	fputs(text, f);
	fputs("update\tepoch\tcos_fu_l1\tcos_fu_l2\tcos_fu_l3\tcos_fu_l4\tcos_fh_l1\tcos_fh_l2\tcos_fh_l3\tcos_fh_l4\n", f);
	for (int t = 1; t <= 6; t++) {
		fprintf(f, "%d\t%d", t, (t - 1) / 3 + 1);
		for (int j = 0; j < 2; j++)
			for (int l = 1; l <= 4; l++) {
				const double v = base + 0.01 * t + 0.1 * l + (j ? delta[t - 1] : 0);
				if (t == nan_at && l == 1 && !j)
					fprintf(f, "\tnan");
				else
					fprintf(f, "\t%.9g", v);
			}
		fprintf(f, "\n");
	}
	fclose(f);
}

Test(dann_fig2, summary_of_constructed_cosines)
{
	char *dir = tu_mkdtemp(), args[2048], out[8192], path[600], err[INB_ERRLEN];
	for (int s = 1; s <= 2; s++) {
		snprintf(args, sizeof args, "dann-train --model dann-ngd --seed %d --epochs 2 --train-limit 750 "
			 "--test-limit 100 --eval-every 2 --out %s/seed-%d.tsv --cosines %s/seed-%d.cos.tsv", s, dir, s, dir,
			 s);
		cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	}
	/* seed 1: windows of 2 whose mean h - u is +0.015 at updates 2-4 and below 0 at 5-6, share 3/5, with layer 1's
	 * cos(f, u) NaN at update 3 (skipped: the same share); seed 2: h above u everywhere, share 1 */
	const double d1[6] = { -0.01, 0.04, -0.01, 0.04, -0.05, 0.02 }, d2[6] = { 0.03, 0.03, 0.03, 0.03, 0.03, 0.03 };
	snprintf(path, sizeof path, "%s/seed-1.cos.tsv", dir);
	write_cos(path, 0.2, d1, 3);
	snprintf(path, sizeof path, "%s/seed-2.cos.tsv", dir);
	write_cos(path, 0.4, d2, 0);
	snprintf(args, sizeof args, "dann-fig2-summary --runs %s --scale t --seeds '1 2' --window 2 --out-dir %s", dir, dir);
	cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	cr_expect(strstr(out, "layer 3: cos(f, h) > cos(f, u) at a share 0.6000 to 1.0000"), "%s", out);
	struct tsvtable t;
	snprintf(path, sizeof path, "%s/dann-fig2-stats.tsv", dir);
	cr_assert_eq(tsvtable_read(path, &t, err), INB_OK, "%s", err);
	cr_assert_eq(t.nrows, 12, "4 layers x (2 seeds + their range)");
	const int ck = tsvtable_column(&t, "row"), cs = tsvtable_column(&t, "seed"), cp = tsvtable_column(&t, "points"),
		  csh = tsvtable_column(&t, "share"), clo = tsvtable_column(&t, "share_min"),
		  chi = tsvtable_column(&t, "share_max"), cab = tsvtable_column(&t, "above_half");
	cr_assert(ck == 0 && cs >= 0 && cp >= 0 && csh >= 0 && clo >= 0 && chi >= 0 && cab >= 0);
	for (size_t r = 0; r < t.nrows; r++) {
		const char *seed = tsvtable_get(&t, r, cs);
		if (!strcmp(seed, "all")) {
			cr_expect_eq(atoi(tsvtable_get(&t, r, cp)), 10, "row %zu: both seeds' points", r);
			cr_expect(fabs(atof(tsvtable_get(&t, r, clo)) - 0.6) < F_TOL, "row %zu", r);
			cr_expect(fabs(atof(tsvtable_get(&t, r, chi)) - 1) < F_TOL, "row %zu", r);
			cr_expect_str_eq(tsvtable_get(&t, r, cab), "1", "row %zu", r);
			continue;
		}
		cr_expect_eq(atoi(tsvtable_get(&t, r, cp)), 5, "row %zu: smoothed points are updates 2..6", r);
		cr_expect(fabs(atof(tsvtable_get(&t, r, csh)) - (atoi(seed) == 1 ? 0.6 : 1)) < F_TOL, "row %zu: share %s",
			  r, tsvtable_get(&t, r, csh));
	}
	cr_expect_str_eq(tsvtable_get(&t, 0, ck), "l1-s1");
	cr_expect_str_eq(tsvtable_get(&t, 2, ck), "l1");
	tsvtable_free(&t);
	/* update 3 (epoch 1): layer 1's cos(f, u) of seed 1 is u_2 = 0.32 alone, seed 2's (0.52 + 0.53) / 2, mean
	 * 0.4225; layer 2: seed 1 u 0.425, h 0.44, seed 2 u 0.625, h 0.655, means 0.525 and 0.5475 */
	snprintf(path, sizeof path, "%s/dann-fig2.tsv", dir);
	size_t len;
	char *text = tu_read_file(path, &len), *row = strstr(text, "\n3\t1.000000\t");
	cr_assert(row, "%s", text);
	double v[6];
	cr_assert_eq(sscanf(row + 1, "%lf %lf %lf %lf %lf %lf", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]), 6);
	cr_expect(fabs(v[2] - 0.4225) < F_TOL, "layer 1 cos(f, u) %g", v[2]);
	cr_expect(fabs(v[4] - 0.525) < F_TOL && fabs(v[5] - 0.5475) < F_TOL, "layer 2: %g %g", v[4], v[5]);
	cr_expect(!strstr(text, "\n1\t0.333333"), "a point before the window is full");
	cr_expect(strstr(text, "# provenance: "), "no provenance lines");
	/* block 1: both epochs, from the run files */
	cr_expect(strstr(text, "epoch\ttrain_err\ttest_err\n1\t") && strstr(text, "\n2\t"), "%s", text);
	/* seed 1 with h below u in every window of layer 2 and 4: above_half 0 there */
	const double d3[6] = { -0.03, -0.03, -0.03, -0.03, -0.03, -0.03 };
	snprintf(path, sizeof path, "%s/seed-1.cos.tsv", dir);
	write_cos(path, 0.2, d3, 0);
	snprintf(args, sizeof args, "dann-fig2-summary --runs %s --scale t --seeds '1 2' --window 2 --out-dir %s", dir, dir);
	cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	snprintf(path, sizeof path, "%s/dann-fig2-stats.tsv", dir);
	cr_assert_eq(tsvtable_read(path, &t, err), INB_OK, "%s", err);
	cr_expect_str_eq(tsvtable_get(&t, 5, 0), "l2");
	cr_expect_str_eq(tsvtable_get(&t, 5, tsvtable_column(&t, "above_half")), "0");
	cr_expect_str_eq(tsvtable_get(&t, 5, tsvtable_column(&t, "share_min")), "0.0000");
	tsvtable_free(&t);
	/* a window longer than the runs; a missing cosine file; a bad seed */
	snprintf(args, sizeof args, "dann-fig2-summary --runs %s --scale t --seeds '1 2' --window 7 --out-dir %s/w", dir,
		 dir);
	snprintf(path, sizeof path, "%s/w/dann-fig2.tsv", dir);
	tu_expect_fail(args, INB_EDATA, "fewer than the window of 7", path);
	snprintf(args, sizeof args, "dann-fig2-summary --runs %s --scale t --seeds '1 3' --window 2 --out-dir %s/w", dir,
		 dir);
	tu_expect_fail(args, INB_EDATA, "seed-3.cos.tsv", path);
	tu_expect_fail("dann-fig2-summary --runs x --scale t --seeds 'a' --out-dir y", INB_EUSAGE, "not a whole number",
		       NULL);
}
