/* test_runfile.c: the run-file reader (src/runfile.c) refuses every damaged file with one message naming the file,
 * the line and what was expected; a sound file, also one of a diverged run, is read. A figure that needs a column
 * the header does not hold is refused too (src/summary.c). */
#include "testutil.h"
#include "../src/common.h"
#include "../src/runfile.h"
#include "../src/summary.h"

#include <criterion/criterion.h>
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
		int rc = runfile_read(p, &rf, err);
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
	cr_assert_eq(runfile_read(p, &rf, err), INB_EDATA);
	cr_assert(strstr(err, "nul.tsv:7: a NUL byte inside the line, expected text"), "%s", err);
}

Test(runfile, sound_files_are_read)
{
	char *dir = tu_mkdtemp(), err[INB_ERRLEN] = "";
	char *p = tu_write_text(dir, "ok.tsv", META("ei") HEAD ROW1 ROW2);
	struct runfile rf;
	cr_assert_eq(runfile_read(p, &rf, err), INB_OK, "%s", err);
	cr_assert(rf.rows == 2 && rf.epochs == 2 && rf.diverged_epoch == 0 && rf.header_line == 5);
	cr_assert(runfile_get(&rf, "test_acc") == 61.75 && runfile_column(&rf, "l1_var") == 4);
	cr_assert(runfile_column(&rf, "no_such") == -1 && isnan(runfile_get(&rf, "no_such")));
	runfile_free(&rf);
	/* a run that diverged in epoch 2 of 3: two rows, NaN moments and loss in the diverged row are results */
	p = tu_write_text(dir, "div.tsv", "# model: inorm (test)\n# epochs: 3\n# diverged: yes, non-finite training "
			  "loss in epoch 2\n" HEAD "1\t0.9\t55.25\t0.01\t1.5\t0.9\t0.3\t0\n"
			  "2\tnan\t10.5\tnan\tnan\tnan\tnan\t1\n");
	cr_assert_eq(runfile_read(p, &rf, err), INB_OK, "%s", err);
	cr_assert(rf.rows == 2 && rf.diverged_epoch == 2 && runfile_get(&rf, "test_acc") == 10.5);
	runfile_free(&rf);
	/* ... but it must have as many rows as its divergence epoch, and mark that row */
	p = tu_write_text(dir, "div-short.tsv", "# epochs: 3\n# diverged: yes, non-finite training loss in epoch 2\n"
			  HEAD "1\t0.9\t55.25\t0.01\t1.5\tnan\tnan\t0\n");
	cr_assert_eq(runfile_read(p, &rf, err), INB_EDATA);
	cr_assert(strstr(err, "the file ends after 1 rows, expected 2 ('# diverged:' epoch)"), "%s", err);
	p = tu_write_text(dir, "div-unmarked.tsv", "# epochs: 3\n# diverged: yes, non-finite training loss in epoch 1\n"
			  HEAD "1\t0.9\t55.25\t0.01\t1.5\tnan\tnan\t0\n");
	cr_assert_eq(runfile_read(p, &rf, err), INB_EDATA);
	cr_assert(strstr(err, ":4: diverged is 0, expected 1 in epoch 1"), "%s", err);
}

Test(runfile, a_figure_needs_its_columns_by_name)
{
	/* Figure 4 reads test_acc of e-ln and inorm and the alignments of inorm; a renamed column is an error, not NaN */
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
	cr_assert(strstr(err, "t/inorm/eps-0/config-0.tsv:3: no column 'grad_align' in the header"), "%s", err);
}
