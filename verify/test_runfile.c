/* test_runfile.c: the run-file writer (src/formats/runfile.c) writes what the reader reads back, byte for byte as its columns'
 * formats say, and an aborted writer leaves nothing behind; the reader refuses every damaged file with one message
 * naming the file, the line and what was expected; a sound file, also one of a diverged run, is read. A figure that
 * needs a column the header does not hold is refused too (src/results/summary.c). */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"
#include "core/common.h"
#include "formats/runfile.h"
#include "inorm/train_runfile.h"
#include "results/summary.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the metadata and header of a run of model MODEL with 2 epochs, as train writes them (fewer columns) */
#define META(model) "# inhibnorm run file\n# model: " model " (test)\n# epochs: 2\n# diverged: no\n"
#define HEAD "epoch\ttrain_loss\ttest_acc\tl0_mu\tl1_var\tout_align\tgrad_align\tdiverged\n"
#define ROW1 "1\t0.9\t55.25\t0.01\t1.5\tnan\tnan\t0\n"
#define ROW2 "2\t0.7\t61.75\t0.02\t1.25\tnan\tnan\t0\n"

static const struct bad {
	const char *what, *text, *needle;
} bad[] = {
	{ "cut inside the last column", META("ei") HEAD ROW1 "2\t0.7\t61.75\t0.02\t1.25\tnan\tnan\t",
	  ":7: the last line ends without a newline: the file is cut short" },
	{ "cut inside a number", META("ei") HEAD ROW1 "2\t0.7\t61.7", ":7: the last line ends without a newline" },
	{ "fewer rows than '# epochs:'", META("ei") HEAD ROW1, ":6: the file ends after 1 rows, expected 2 ('# epochs:')" },
	{ "more rows than '# epochs:'", META("ei") HEAD ROW1 ROW2 "3\t0.6\t62\t0.02\t1.2\tnan\tnan\t0\n",
	  ":8: more rows than the 2 epochs of '# epochs:'" },
	{ "a row with too many fields", META("ei") HEAD ROW1 "2\t0.7\t61.75\t0.02\t1.25\tnan\tnan\t0\t9\n",
	  ":7: 9 fields, expected 8 as in the header (line 5)" },
	{ "a row with too few fields", META("ei") HEAD ROW1 "2\t0.7\t61.75\n", ":7: 3 fields, expected 8" },
	{ "an empty field", META("ei") HEAD ROW1 "2\t0.7\t\t0.02\t1.25\tnan\tnan\t0\n",
	  ":7: column test_acc holds '', expected a number" },
	{ "a word for a number", META("ei") HEAD ROW1 "2\t0.7\tfast\t0.02\t1.25\tnan\tnan\t0\n",
	  ":7: column test_acc holds 'fast', expected a number" },
	{ "inf as an accuracy", META("ei") HEAD ROW1 "2\t0.7\tinf\t0.02\t1.25\tnan\tnan\t0\n",
	  ":7: test_acc is 'inf', expected a finite accuracy in [0, 100]" },
	{ "1e300 as an accuracy", META("ei") HEAD ROW1 "2\t0.7\t1e300\t0.02\t1.25\tnan\tnan\t0\n",
	  ":7: test_acc is '1e300', expected a finite accuracy in [0, 100]" },
	{ "NaN as an accuracy", META("ei") HEAD "1\t0.9\tnan\t0.01\t1.5\tnan\tnan\t0\n" ROW2,
	  ":6: test_acc is 'nan', expected a finite accuracy in [0, 100]" },
	{ "a negative accuracy", META("ei") HEAD ROW1 "2\t0.7\t-0.5\t0.02\t1.25\tnan\tnan\t0\n",
	  ":7: test_acc is '-0.5', expected a finite accuracy" },
	{ "a NaN moment in an epoch that did not diverge", META("ei") HEAD ROW1 "2\t0.7\t61.75\tnan\t1.25\tnan\tnan\t0\n",
	  ":7: l0_mu is 'nan', expected a finite moment in an epoch that did not diverge" },
	{ "an infinite moment", META("ei") HEAD ROW1 "2\t0.7\t61.75\t0.02\t-inf\tnan\tnan\t0\n",
	  ":7: l1_var is '-inf', expected a finite moment" },
	{ "a NaN alignment of an I-Norm model", META("inorm") HEAD "1\t0.9\t55.25\t0.01\t1.5\t0.9\t0.3\t0\n"
	  "2\t0.7\t61.75\t0.02\t1.25\t0.9\tnan\t0\n", ":7: grad_align is 'nan', expected a finite alignment" },
	{ "no '# epochs:' line", "# model: ei (test)\n" HEAD ROW1,
	  ":2: expected a '# epochs: N' line (N >= 1) before the header" },
	{ "a damaged '# epochs:' line", "# epochs: 2x\n" HEAD ROW1 ROW2, ":2: expected a '# epochs: N' line" },
	{ "epochs out of order", META("ei") HEAD ROW2 ROW1, ":6: epoch is '2', expected 1" },
	{ "a column named twice", META("ei") "epoch\ttest_acc\ttest_acc\n1\t50\t50\n2\t60\t60\n",
	  ":5: header names column 'test_acc' twice" },
	{ "a row marked diverged in a run that did not", META("ei") HEAD ROW1 "2\t0.7\t61.75\t0.02\t1.25\tnan\tnan\t1\n",
	  ":7: row 2 is marked diverged" },
	{ "a '#' line among the rows", META("ei") HEAD ROW1 "# note\n" ROW2, ":7: a '#' line after the header" },
	{ "no header", META("ei"), ":4: no header line after the '#' lines: not a run file" },
	{ "no rows", META("ei") HEAD, ":5: no rows after the header, expected 2: the run wrote no epoch" },
	{ "an empty file", "", ": the file is empty, expected a run file" },
};

Test(runfile, damaged_files_are_refused_with_one_line)
{
	char *dir = tu_mkdtemp(), name[32], err[INB_ERRLEN];
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		snprintf(name, sizeof name, "bad-%zu.tsv", k);
		char *p = tu_write_text(dir, name, bad[k].text);
		struct runfile rf;
		err[0] = 0;
		int rc = runfile_read(p, &train_run_schema, &rf, err);
		cr_expect_eq(rc, INB_EDATA, "%s: accepted (%d)", bad[k].what, rc);
		cr_expect(!strncmp(err, p, strlen(p)) && strstr(err, bad[k].needle) && !strchr(err, '\n'),
			  "%s: message '%s', expected the file and '%s'", bad[k].what, err, bad[k].needle);
	}
}

Test(runfile, a_nul_byte_is_refused)
{
	/* binary damage: a NUL inside a row (the table above holds C strings, so this one is written by length) */
	static const char text[] = META("ei") HEAD ROW1 "2\t0.7\t61.75\0\t0.02\t1.25\tnan\tnan\t0\n";
	char *dir = tu_mkdtemp(), p[600], err[INB_ERRLEN] = "";
	snprintf(p, sizeof p, "%s/nul.tsv", dir);
	tu_write_file(p, text, sizeof text - 1, 0);
	struct runfile rf;
	cr_assert_eq(runfile_read(p, &train_run_schema, &rf, err), INB_EDATA);
	cr_assert(strstr(err, "nul.tsv:7: a NUL byte inside the line, expected text"), "%s", err);
}

Test(runfile, sound_files_are_read)
{
	char *dir = tu_mkdtemp(), err[INB_ERRLEN] = "";
	char *p = tu_write_text(dir, "ok.tsv", META("ei") HEAD ROW1 ROW2);
	struct runfile rf;
	cr_assert_eq(runfile_read(p, &train_run_schema, &rf, err), INB_OK, "%s", err);
	cr_assert(rf.rows == 2 && rf.epochs == 2 && rf.diverged_epoch == 0 && rf.header_line == 5);
	cr_assert(runfile_get(&rf, "test_acc") == 61.75 && runfile_column(&rf, "l1_var") == 4);
	cr_assert(runfile_column(&rf, "no_such") == -1 && isnan(runfile_get(&rf, "no_such")));
	runfile_free(&rf);
	/* a run that diverged in epoch 2 of 3: two rows, NaN moments and loss in the diverged row are results */
	p = tu_write_text(dir, "div.tsv", "# model: inorm (test)\n# epochs: 3\n# diverged: yes, non-finite training "
			  "loss in epoch 2\n" HEAD "1\t0.9\t55.25\t0.01\t1.5\t0.9\t0.3\t0\n"
			  "2\tnan\t10.5\tnan\tnan\tnan\tnan\t1\n");
	cr_assert_eq(runfile_read(p, &train_run_schema, &rf, err), INB_OK, "%s", err);
	cr_assert(rf.rows == 2 && rf.diverged_epoch == 2 && runfile_get(&rf, "test_acc") == 10.5);
	runfile_free(&rf);
	/* ... but it must have as many rows as its divergence epoch, and mark that row */
	p = tu_write_text(dir, "div-short.tsv", "# epochs: 3\n# diverged: yes, non-finite training loss in epoch 2\n"
			  HEAD "1\t0.9\t55.25\t0.01\t1.5\tnan\tnan\t0\n");
	cr_assert_eq(runfile_read(p, &train_run_schema, &rf, err), INB_EDATA);
	cr_assert(strstr(err, "the file ends after 1 rows, expected 2 ('# diverged:' epoch)"), "%s", err);
	p = tu_write_text(dir, "div-unmarked.tsv", "# epochs: 3\n# diverged: yes, non-finite training loss in epoch 1\n"
			  HEAD "1\t0.9\t55.25\t0.01\t1.5\tnan\tnan\t0\n");
	cr_assert_eq(runfile_read(p, &train_run_schema, &rf, err), INB_EDATA);
	cr_assert(strstr(err, ":4: diverged is 0, expected 1 in epoch 1"), "%s", err);
}

Test(runfile, a_figure_needs_its_columns_by_name)
{
	/* Figure 4 reads test_acc of e-ln and inorm and the alignments of inorm; a renamed column is an error, not NaN:
	 * the reader refuses a column its schema does not declare */
	char *dir = tu_mkdtemp(), sub[600], err[INB_ERRLEN] = "";
	struct sweep s = { .runs = dir, .scale = "t", .label = "t", .nconf = 1, .neps = 1 };
	const char *models[2] = { "e-ln", "inorm" };
	for (int m = 0; m < 2; m++) {
		snprintf(sub, sizeof sub, "mkdir -p %s/t/%s/eps-0", dir, models[m]);
		cr_assert_eq(system(sub), 0);
		snprintf(sub, sizeof sub, "t/%s/eps-0/config-0.tsv", models[m]);
		tu_write_text(dir, sub, "# model: inorm (test)\n# epochs: 1\n"
				   "epoch\ttest_acc\tout_align\tgrad_alignment\n1\t80\t0.9\t0.5\n");
	}
	int rc = summary_figure(&s, 4, dir, err);
	cr_assert_eq(rc, INB_EDATA, "accepted a renamed grad_align (%d)", rc);
	cr_assert(strstr(err, "t/e-ln/eps-0/config-0.tsv:3: header column 'grad_alignment' is not one of the columns"),
		  "%s", err);
}

/* ---- the writer (src/formats/runfile.c: runfile_writer_*, runfile_train_*) ---------------------------------------------- */

/* Number of entries of directory dir (without . and ..). */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	cr_assert_not_null(d, "cannot list %s", dir);
	int n = 0;
	for (struct dirent *e; (e = readdir(d));)
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

/* A training run of 3 epochs that diverged in the third, as train hands it over (high-entropy values). */
static struct runfile_epoch epoch_row(long e)
{
	struct runfile_epoch r = { .epoch = e, .train_loss = 2.385 / (double)e, .train_acc = 41.0 + 7.3125 * (double)e,
				   .test_loss = 1.9375 / (double)e, .test_acc = 43.5 + 6.25 * (double)e,
				   .local_loss = 0.0123, .out_align = 0.8815, .grad_align = 0.2207,
				   .train_seconds = 1.2345, .eval_seconds = 0.25 };
	for (int l = 0; l < 2; l++) {
		r.mu[l] = 0.0421 * (l + 1), r.var[l] = 1.375 + l, r.mu_test[l] = -0.0173 * (l + 1);
		r.var_test[l] = 1.0625 + l, r.sq_test[l] = 1.5 + l;
	}
	if (e == 3) {
		r.diverged = 1, r.train_loss = NAN, r.local_loss = NAN, r.out_align = r.grad_align = NAN;
		for (int l = 0; l < 2; l++)
			r.mu[l] = r.var[l] = r.mu_test[l] = r.var_test[l] = r.sq_test[l] = NAN;
	}
	return r;
}

Test(runfile, written_run_reads_back)
{
	char *dir = tu_mkdtemp(), path[600], err[INB_ERRLEN] = "", v[128];
	snprintf(path, sizeof path, "%s/run.tsv", dir);
	struct runfile_writer w;
	cr_assert_eq(runfile_train_open(&w, path, err), INB_OK, "%s", err);
	cr_assert(!tu_exists(path), "the target exists before the commit");
	for (long e = 1; e <= 3; e++) {
		struct runfile_epoch r = epoch_row(e);
		cr_assert_eq(runfile_train_row(&w, &r), INB_OK);
	}
	const struct runfile_run run = {
		.command = "inhibnorm train --model inorm", .model = "inorm", .legend = "I-Norm", .config = 7, .width = 178,
		.lr = 0.0046948634644269184, .lr_wix = 0.83, .lr_wei = 0.0005, .eps = 0.75, .seed = 11, .epochs = 5,
		.batch = 32, .train_images = 1600, .test_images = 1000, .inorm = 1, .lambda = 0.01, .gradnorm = "off",
		.label_smoothing = 0.1, .init = "lognormal", .inhibitory_units = 17, .parameters = 367212,
		.blas = "core=Test threads=1", .diverged_epoch = 3,
	};
	cr_assert_eq(runfile_train_commit(&w, &run, err), INB_OK, "%s", err);
	cr_assert_eq(entries(dir), 1, "the temporary is left beside the run file");

	struct runfile rf;
	cr_assert_eq(runfile_read(path, &train_run_schema, &rf, err), INB_OK, "%s", err);
	cr_assert(rf.rows == 3 && rf.epochs == 5 && rf.diverged_epoch == 3 && rf.ncols == 21, "rows %ld epochs %ld "
		  "diverged %ld columns %d", rf.rows, rf.epochs, rf.diverged_epoch, rf.ncols);
	cr_assert_str_eq(rf.names[0], "epoch");
	cr_assert_str_eq(rf.names[20], "eval_seconds");
	/* the last row, as its columns' formats round it: 43.5 + 18.75 to 2 places, 41 + 21.9375 to 4 */
	cr_assert(runfile_get(&rf, "epoch") == 3 && runfile_get(&rf, "diverged") == 1);
	cr_assert(runfile_get(&rf, "test_acc") == 62.25 && runfile_get(&rf, "train_acc") == 62.9375);
	cr_assert(fabs(runfile_get(&rf, "test_loss") - 1.9375 / 3) < 1e-6); /* %.6g: 6 digits */
	cr_assert(isnan(runfile_get(&rf, "train_loss")) && isnan(runfile_get(&rf, "l1_sq_test")));
	cr_assert(runfile_get(&rf, "train_seconds") == 1.234); /* 1.2345 is 1.23449999... in binary */
	cr_assert(!runfile_meta(&rf, "lr", v, sizeof v) && !strcmp(v, "0.0046948634644269184"), "lr %s", v);
	cr_assert(!runfile_meta(&rf, "model", v, sizeof v) && !strcmp(v, "inorm (I-Norm)"), "model %s", v);
	cr_assert(!runfile_meta(&rf, "gradnorm", v, sizeof v) && !strcmp(v, "off"));
	cr_assert(!runfile_meta(&rf, "precision", v, sizeof v) && !strcmp(v, REAL_NAME));
	cr_assert(!runfile_meta(&rf, "version", v, sizeof v) && !strcmp(v, inb_version));
	runfile_free(&rf);
	const char *text = tu_read_file(path, NULL);
	cr_assert(!strncmp(text, "# inhibnorm run file\n# version: ", 32), "%.40s", text);
	cr_assert(strstr(text, "\n# diverged: yes, non-finite training loss in epoch 3\n# columns: "), "%s", text);
	cr_assert(strstr(text, "\n1\t2.385\t48.3125\t1.9375\t49.75\t0.0421\t1.375\t0.0842\t2.375\t-0.0173\t1.0625\t1.5"
			       "\t-0.0346\t2.0625\t2.5\t0.0123\t0.8815\t0.2207\t0\t1.234\t0.250\n"), "%s", text);
}

Test(runfile, writer_with_any_columns_writes_meta_header_rows_in_order)
{
	static const struct runfile_column cols[] = { { "update", "%.0f", RUNFILE_COUNT }, { "err", "%.4f", RUNFILE_ANY },
						      { "loss", "%.6g", RUNFILE_ANY } };
	static const struct runfile_schema schema = { .title = "title", .cols = cols, .ncols = 3 };
	char *dir = tu_mkdtemp(), path[600], err[INB_ERRLEN] = "";
	snprintf(path, sizeof path, "%s/any.tsv", dir);
	struct runfile_writer w;
	cr_assert_eq(runfile_writer_open(&w, path, &schema, err), INB_OK, "%s", err);
	cr_assert_eq(runfile_writer_row(&w, (const double[]){ 0, NAN, 2.30258509 }), INB_OK);
	cr_assert_eq(runfile_writer_row(&w, (const double[]){ 10, 62.8125, 1.873490001 }), INB_OK);
	cr_assert_eq(runfile_writer_meta(&w, "k: %d %s", 3, "x"), INB_OK);
	cr_assert_eq(w.nrows, 2);
	cr_assert_eq(runfile_writer_commit(&w, err), INB_OK, "%s", err);
	cr_assert_str_eq(tu_read_file(path, NULL), "# title\n# k: 3 x\nupdate\terr\tloss\n0\tnan\t2.30259\n10\t62.8125\t1.87349\n");
	cr_assert_eq(entries(dir), 1);
	runfile_writer_abort(&w); /* harmless after a commit */
	cr_assert(tu_exists(path));
}

Test(runfile, aborted_writer_leaves_no_file)
{
	char *dir = tu_mkdtemp(), path[600], err[INB_ERRLEN] = "";
	snprintf(path, sizeof path, "%s/run.tsv", dir);
	struct runfile_writer w;
	cr_assert_eq(runfile_train_open(&w, path, err), INB_OK, "%s", err);
	struct runfile_epoch r = epoch_row(1);
	cr_assert_eq(runfile_train_row(&w, &r), INB_OK);
	runfile_writer_meta(&w, "inhibnorm run file");
	cr_assert_eq(entries(dir), 1, "no temporary while the run is written");
	runfile_writer_abort(&w);
	cr_assert(!tu_exists(path));
	cr_assert_eq(entries(dir), 0, "the aborted writer left a file behind");
	runfile_writer_abort(&w); /* twice is harmless */

	/* an aborted rewrite leaves the earlier file as it was */
	char *old = tu_write_text(dir, "run.tsv", "earlier\n");
	cr_assert_eq(runfile_train_open(&w, old, err), INB_OK, "%s", err);
	cr_assert_eq(runfile_train_row(&w, &r), INB_OK);
	runfile_writer_abort(&w);
	cr_assert_str_eq(tu_read_file(old, NULL), "earlier\n");
	cr_assert_eq(entries(dir), 1);
}

Test(runfile, writer_refuses_an_unwritable_path)
{
	char *dir = tu_mkdtemp(), path[600], err[INB_ERRLEN] = "";
	snprintf(path, sizeof path, "%s/no-such-dir/run.tsv", dir);
	struct runfile_writer w;
	cr_assert_eq(runfile_train_open(&w, path, err), INB_EWRITE);
	cr_assert(strstr(err, "cannot write '") && strstr(err, "no-such-dir/run.tsv'"), "%s", err);
	runfile_writer_abort(&w); /* harmless after a failed open */
	cr_assert_eq(entries(dir), 0);
}
