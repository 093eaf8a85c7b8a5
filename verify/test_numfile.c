/* test_numfile.c: the reader of one-number-per-line sample files (src/formats/numfile.c) that `inhibnorm mwu` reads:
 * blank and comment lines, growth, and every malformed line named by file and line number. */
#include "core/common.h"
#include "formats/numfile.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Test(numfile, skips_blanks_and_comments)
{
	char *dir = tu_mkdtemp();
	char *p = tu_write_text(dir, "a.txt", "# final accuracies\n  87.25\n\n\t-2.5e-3  \r\n   # indented comment\n"
					   "0x1p3\n  \n91\n");
	double *v;
	size_t n;
	char err[INB_ERRLEN] = "";
	cr_assert_eq(numfile_read(p, &v, &n, err), INB_OK, "%s", err);
	cr_assert_eq(n, 4);
	cr_assert_eq(v[0], 87.25);
	cr_assert_eq(v[1], -2.5e-3);
	cr_assert_eq(v[2], 8.0);
	cr_assert_eq(v[3], 91.0);
	free(v);
	/* no final newline, 200 values: the array grows */
	char text[4096] = "";
	for (int i = 0; i < 200; i++)
		snprintf(text + strlen(text), sizeof text - strlen(text), i < 199 ? "%d.5\n" : "%d.5", i);
	p = tu_write_text(dir, "b.txt", text);
	cr_assert_eq(numfile_read(p, &v, &n, err), INB_OK, "%s", err);
	cr_assert_eq(n, 200);
	cr_assert_eq(v[199], 199.5);
	free(v);
}

/* Reads text from a file and expects INB_EDATA with a message holding needle, and nothing returned. */
static void expect_bad_file(const char *text, const char *needle)
{
	char *dir = tu_mkdtemp(), *p = tu_write_text(dir, "s.txt", text), want[600];
	snprintf(want, sizeof want, "%s%s", p, needle);
	double *v = (double *)1;
	size_t n = 7;
	char err[INB_ERRLEN] = "";
	cr_assert_eq(numfile_read(p, &v, &n, err), INB_EDATA, "'%s' accepted", text);
	cr_assert(strstr(err, want), "message '%s' lacks '%s'", err, want);
	cr_assert_null(v);
	cr_assert_eq(n, 0);
}

Test(numfile, rejects_bad_lines)
{
	expect_bad_file("1.5\n2.5\nnan\n", ":3: expected a finite number, found 'nan'");
	expect_bad_file("1.5\n-inf\n", ":2: expected a finite number, found '-inf'");
	expect_bad_file("# x\n\n87.1\n86,9\n", ":4: expected a number, found '86,9'");
	expect_bad_file("abc\n", ":1: expected a number, found 'abc'");
	expect_bad_file("1.5 2.5\n", ":1: expected a number");
	expect_bad_file("1e999\n", ":1: number out of range");
	expect_bad_file("", ": no numbers");
	expect_bad_file("# only a comment\n\n   \n", ": no numbers");
}

Test(numfile, missing_file)
{
	double *v;
	size_t n;
	char err[INB_ERRLEN] = "";
	cr_assert_eq(numfile_read("/nonexistent/inhibnorm/samples.txt", &v, &n, err), INB_EDATA);
	cr_assert(strstr(err, "/nonexistent/inhibnorm/samples.txt: cannot open"), "%s", err);
	char *dir = tu_mkdtemp();
	cr_assert_eq(numfile_read(dir, &v, &n, err), INB_EDATA, "a directory is not a sample file");
	cr_assert(strstr(err, dir), "%s", err);
}

