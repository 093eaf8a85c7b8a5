/* test_cli.c: the command-line front end: every bad input gives its documented exit code, a one-line message that
 * names what was wrong, and no output file; --help works for the program and for each command. */
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char out[8192];


Test(cli, help_and_version)
{
	cr_assert_eq(tu_run("--help", out, sizeof out), 0);
	cr_assert(strstr(out, "images"), "%s", out);
	cr_assert_eq(tu_run("images --help", out, sizeof out), 0);
	cr_assert(strstr(out, "--eps") && strstr(out, "--out"), "%s", out);
	cr_assert_eq(tu_run("--version", out, sizeof out), 0);
}

Test(cli, no_command_is_usage_error)
{
	cr_assert_eq(tu_run("", out, sizeof out), 2);
}

Test(cli, unknown_command)
{
	tu_expect_fail("frobnicate", 2, "unknown command 'frobnicate'", NULL);
}

Test(cli, unknown_flag_writes_nothing)
{
	char *dir = tu_mkdtemp(), args[2048], path[512];
	snprintf(path, sizeof path, "%s/out.tsv", dir);
	snprintf(args, sizeof args, "images --out %s --bogus 1", path);
	tu_expect_fail(args, 2, "unknown flag '--bogus'", path);
}

Test(cli, bad_values_write_nothing)
{
	char *dir = tu_mkdtemp(), args[2048], path[512];
	tu_write_split(dir, "train", 12, 1);
	snprintf(path, sizeof path, "%s/out.tsv", dir);
	snprintf(args, sizeof args, "images --data %s --out %s --eps 1.5", dir, path);
	tu_expect_fail(args, 2, "--eps: expected a number in [0, 1], got '1.5'", path);
	snprintf(args, sizeof args, "images --data %s --out %s --eps -0.2", dir, path);
	tu_expect_fail(args, 2, "--eps: expected a number in [0, 1], got '-0.2'", path);
	snprintf(args, sizeof args, "images --data %s --out %s --eps abc", dir, path);
	tu_expect_fail(args, 2, "got 'abc'", path);
	snprintf(args, sizeof args, "images --data %s --out %s --count 2.5", dir, path);
	tu_expect_fail(args, 2, "--count: expected a whole number", path);
	snprintf(args, sizeof args, "images --data %s --out %s --count", dir, path);
	tu_expect_fail(args, 2, "--count needs a value", path);
	snprintf(args, sizeof args, "images --data %s", dir);
	tu_expect_fail(args, 2, "--out FILE is required", NULL);
}

Test(cli, missing_data_is_exit_3)
{
	char *dir = tu_mkdtemp(), args[2048], path[512];
	snprintf(path, sizeof path, "%s/out.tsv", dir);
	snprintf(args, sizeof args, "images --data %s/nothing-here --out %s", dir, path);
	tu_expect_fail(args, 3, "nothing-here/train-images-idx3-ubyte.gz", path);
}

Test(cli, unwritable_output_is_exit_4)
{
	char *dir = tu_mkdtemp(), args[2048];
	tu_write_split(dir, "train", 12, 1);
	snprintf(args, sizeof args, "images --data %s --out %s/no/such/dir/out.tsv", dir, dir);
	tu_expect_fail(args, 4, "cannot write", NULL);
}

/* A summary another command writes carries its own provenance lines after its title (--scale), as the sweep
 * summaries do: version and scale, the CPU, and the command's own wall time. */
Test(cli, images_writes_its_own_provenance)
{
	char *dir = tu_mkdtemp(), args[2048], path[512];
	tu_write_split(dir, "train", 12, 1);
	snprintf(path, sizeof path, "%s/fig1.tsv", dir);
	snprintf(args, sizeof args, "images --data %s --out %s --count 2 --scale smoke", dir, path);
	cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	const char *text = tu_read_file(path, NULL);
	const char *second = strchr(text, '\n');
	cr_assert(!strncmp(text, "# inhibnorm ", 12) && strstr(text, " images: eps=0.75 ") < second, "%s", text);
	cr_assert(!strncmp(second + 1, "# provenance: inhibnorm ", 24) && strstr(second, ", scale smoke, summarised "),
		  "%.300s", text);
	cr_assert(strstr(text, "\n# provenance: compute: ") &&
		  strstr(text, " h, the wall time of the command that wrote this file, on the summarising machine\n"),
		  "%.600s", text);
	/* without --scale, no provenance lines */
	snprintf(args, sizeof args, "images --data %s --out %s --count 2", dir, path);
	cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	cr_assert(!strstr(tu_read_file(path, NULL), "# provenance:"));
}

Test(cli, images_writes_its_grid)
{
	char *dir = tu_mkdtemp(), args[2048], path[512];
	tu_write_split(dir, "train", 12, 1);
	snprintf(path, sizeof path, "%s/grid.tsv", dir);
	snprintf(args, sizeof args, "images --data %s --out %s --count 3 --columns 4", dir, path);
	cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f);
	/* 3 rows x 5 columns of 31x31 cells = 93 x 155 pixel lines, and 4 + 1 + 3 + 3 label lines */
	char line[256];
	long pixels = 0, labels = 0;
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (strchr(line, '"'))
			labels++;
		else
			pixels++;
	}
	fclose(f);
	cr_assert_eq(pixels, 93L * 155L);
	cr_assert_eq(labels, 5 + 3 + 3);
	/* no temporary left beside the result */
	snprintf(args, sizeof args, "ls %s | grep -c tmp || true", dir);
	FILE *p = popen(args, "r");
	char c[16] = "";
	cr_assert(fgets(c, sizeof c, p));
	pclose(p);
	cr_assert_eq(atoi(c), 0, "temporaries left in %s", dir);
}

/* bench on the real data at a toy size: each part prints its table; bad flags are usage errors. A script that is
 * not PyTorch's bench leaves the vs-torch column out with a note. */
Test(cli, bench_parts_and_bad_flags)
{
	static char big[65536];
	tu_expect_fail("bench --models nosuch", 2, "--models: unknown model 'nosuch'", NULL);
	tu_expect_fail("bench --widths 1", 2, "--widths: expected", NULL);
	tu_expect_fail("bench --torch /nonexistent/bench.py", 2, "--torch: cannot read the script", NULL);
	int rc = tu_run("bench --models ei,inorm --widths 12 --steps 10 --pair-steps 10 --pair-width 12 --cost-steps 0 "
			"--torch /dev/null --python false",
			big, sizeof big);
	cr_assert_eq(rc, 0, "%s", big);
	cr_assert(strstr(big, "part 1") && strstr(big, "part 2") && !strstr(big, "part 3"), "%s", big);
	cr_assert(strstr(big, "\nei    ") && strstr(big, "\ninorm    "), "%s", big);
	cr_assert(strstr(big, "PyTorch: 'false /dev/null' failed") && !strstr(big, "vs-torch"), "%s", big);
}
