/* test_train.c: `inhibnorm train` end to end on the real Fashion-MNIST files (Debian's dataset-fashion-mnist, or
 * $INHIBNORM_DATA): a short run whose loss falls, byte-for-byte determinism apart from the timing columns, the
 * divergence record, no progress line when stderr is not a terminal, and every bad input with its exit code and no
 * output file. Runs use --train-limit / --test-limit to stay within a few seconds. */
#include "testutil.h"
#include "inorm/train.h"

#include <criterion/criterion.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define SHORT "--config 13 --train-limit 3200 --test-limit 1000"

static char out[16384];

/* Reads a run file: the metadata value for key (if meta is not NULL), and column col of every row into v. Returns
 * the number of rows. */
static int read_run(const char *path, const char *col, double *v, int maxrows, const char *key, char *meta,
		    size_t metalen)
{
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "no run file %s", path);
	char line[8192];
	int c = -1, rows = 0;
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#') {
			size_t kl = key ? strlen(key) : 0;
			if (key && !strncmp(line + 2, key, kl) && line[2 + kl] == ':') {
				snprintf(meta, metalen, "%s", line + 4 + kl);
				meta[strcspn(meta, "\n")] = 0;
			}
			continue;
		}
		char *save, *tok = strtok_r(line, "\t\n", &save);
		if (c < 0) {
			for (int i = 0; tok; i++, tok = strtok_r(NULL, "\t\n", &save))
				if (!strcmp(tok, col))
					c = i;
			cr_assert(c >= 0, "no column %s in %s", col, path);
			continue;
		}
		for (int i = 0; tok && i < c; i++)
			tok = strtok_r(NULL, "\t\n", &save);
		cr_assert(tok && rows < maxrows);
		v[rows++] = strtod(tok, NULL);
	}
	fclose(f);
	return rows;
}

Test(train, short_run_learns)
{
	char *dir = tu_mkdtemp(), args[1024], path[512];
	snprintf(path, sizeof path, "%s/run.tsv", dir);
	snprintf(args, sizeof args, "train --model e-ln --eps 0.5 --epochs 3 " SHORT " --out %s", path);
	cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	cr_assert_str_eq(out, "", "output when stderr is not a terminal: %s", out);
	double loss[8], acc[8];
	cr_assert_eq(read_run(path, "train_loss", loss, 8, NULL, NULL, 0), 3);
	read_run(path, "test_acc", acc, 8, NULL, NULL, 0);
	cr_assert(loss[2] < loss[0], "training loss did not fall: %g -> %g", loss[0], loss[2]);
	cr_assert(acc[2] > 60, "test accuracy after 3 short epochs %g %%", acc[2]);
	char meta[256] = "";
	read_run(path, "epoch", loss, 8, "diverged", meta, sizeof meta);
	cr_assert_str_eq(meta, "no");
	read_run(path, "epoch", loss, 8, "width", meta, sizeof meta);
	cr_assert_str_eq(meta, "234");
	read_run(path, "epoch", loss, 8, "blas", meta, sizeof meta);
	cr_assert(strstr(meta, "core=") && strstr(meta, "threads="), "%s", meta);
}

/* Removes the two timing columns (the last two) from every data row. */
static void strip_timing(char *text)
{
	char *p = text;
	while (*p) {
		char *e = strchr(p, '\n');
		if (!e)
			break;
		if (*p != '#' && isdigit((unsigned char)*p)) {
			char *t2 = e;
			for (int k = 0; k < 2; k++)
				do
					t2--;
				while (*t2 != '\t');
			memmove(t2, e, strlen(e) + 1);
			e = t2;
		}
		p = e + 1;
	}
}

Test(train, same_flags_same_file)
{
	char *dir = tu_mkdtemp(), args[1024], path[512], first[600];
	snprintf(path, sizeof path, "%s/run.tsv", dir);
	snprintf(first, sizeof first, "%s/first.tsv", dir);
	snprintf(args, sizeof args, "train --model ei --eps 0.75 --epochs 2 --shuffle " SHORT " --out %s", path);
	cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	cr_assert_eq(rename(path, first), 0);
	cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	char *a = tu_read_file(first, NULL), *b = tu_read_file(path, NULL);
	strip_timing(a);
	strip_timing(b);
	cr_assert(!strcmp(a, b), "two runs with the same flags differ");
	/* and another seed does not give the same file */
	snprintf(args, sizeof args, "train --model ei --eps 0.75 --epochs 2 --shuffle --seed 1 " SHORT " --out %s", path);
	cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	char *c = tu_read_file(path, NULL);
	strip_timing(c);
	cr_assert(strcmp(a, c), "another seed gave the same run file");
}

Test(train, divergence_is_recorded_not_fatal)
{
	char *dir = tu_mkdtemp(), args[1024], path[512];
	snprintf(path, sizeof path, "%s/run.tsv", dir);
	/* 100 batches per epoch: poisoning step 150 makes epoch 2 diverge; epoch 3 never runs */
	snprintf(args, sizeof args, "train --model ei --epochs 3 --poison-step 150 " SHORT " --out %s", path);
	int rc = tu_run(args, out, sizeof out);
	cr_assert_eq(rc, 0, "%s", out);
	cr_assert(strstr(out, "diverged in epoch 2"), "%s", out);
	double div[8], loss[8], acc[8];
	char meta[256] = "";
	cr_assert_eq(read_run(path, "diverged", div, 8, "diverged", meta, sizeof meta), 2);
	cr_assert(div[0] == 0 && div[1] == 1);
	cr_assert(!strncmp(meta, "yes", 3), "%s", meta);
	read_run(path, "train_loss", loss, 8, NULL, NULL, 0);
	cr_assert(isfinite(loss[0]) && isnan(loss[1]));
	/* a NaN network predicts class 0 for every image: accuracy = share of class 0 in the first 1000 test images */
	read_run(path, "test_acc", acc, 8, NULL, NULL, 0);
	cr_assert(acc[1] > 5 && acc[1] < 15, "accuracy of the diverged network %g", acc[1]);
}

static void expect_fail(const char *extra, int code, const char *needle)
{
	char *dir = tu_mkdtemp(), args[1024], path[512];
	snprintf(path, sizeof path, "%s/run.tsv", dir);
	snprintf(args, sizeof args, "train --epochs 1 " SHORT " --out %s %s", path, extra);
	tu_expect_fail(args, code, needle, path); /* exit code, one "inhibnorm: " line holding needle, no run file */
}

Test(train, bad_inputs)
{
	expect_fail("--model nope", 2, "--model: expected one of ei, ei-ln, e-ln");
	expect_fail("", 2, "--model ID is required");
	expect_fail("--model ei --eps 1.01", 2, "--eps: expected a number in [0, 1]");
	expect_fail("--model ei --config 30", 2, "--config: expected a whole number in [0, 29], got '30'");
	expect_fail("--model ei --config -1", 2, "got '-1'");
	expect_fail("--model ei --epochs 0", 2, "--epochs");
	expect_fail("--model ei --lr fast", 2, "--lr: expected a number");
	expect_fail("--model ei --width 10x", 2, "--width: expected a whole number");
	expect_fail("--model ei --seed -3", 2, "--seed");
	expect_fail("--model ei --data /nonexistent", 3, "/nonexistent/train-images-idx3-ubyte.gz");
	expect_fail("--model ei --frobnicate", 2, "unknown flag '--frobnicate'");
}

Test(train, unwritable_output)
{
	char args[1024];
	snprintf(args, sizeof args, "train --model ei --epochs 1 " SHORT " --out /nonexistent-dir/run.tsv");
	int rc = tu_run(args, out, sizeof out);
	cr_assert_eq(rc, 4, "%s", out);
	cr_assert(strstr(out, "cannot write '/nonexistent-dir/run.tsv'"), "%s", out);
}

Test(train, unwritable_output_fails_before_training)
{
	/* --data names no data set: if train trained first it would fail with exit 3 (bad data); the output is checked
	 * first, so each of these exits 4 naming the output */
	char *dir = tu_mkdtemp(), args[1024], path[512], want[600];
	snprintf(args, sizeof args, "train --model ei --data %s/none --out %s", dir, dir);
	snprintf(want, sizeof want, "cannot write '%s': it is a directory", dir);
	tu_expect_fail(args, INB_EWRITE, want, NULL);
	/* a full disk, played by a file-size limit of 2 KB (SIGXFSZ ignored, so the write fails with EFBIG) */
	snprintf(path, sizeof path, "%s/run.tsv", dir);
	snprintf(args, sizeof args, "train --model ei --data %s/none --out %s", dir, path);
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "bash -c 'ulimit -f 2; trap \"\" XFSZ; exec %s %s' 2>&1", tu_bin(), args);
	FILE *p = popen(cmd, "r");
	cr_assert_not_null(p);
	size_t n = fread(out, 1, sizeof out - 1, p);
	out[n] = 0;
	int status = pclose(p);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == INB_EWRITE, "exit %d: %s", WEXITSTATUS(status), out);
	snprintf(want, sizeof want, "inhibnorm: cannot write '%s': File too large (checked before training)\n", path);
	cr_assert_str_eq(out, want);
	cr_assert(!tu_exists(path), "a failed check left the run file");
	snprintf(cmd, sizeof cmd, "ls %s | grep -q tmp", dir);
	cr_assert_neq(system(cmd), 0, "a failed check left a temporary in %s", dir);
}
