/* fuzz_harness.c: see fuzz_harness.h. File parsers read a scratch file (one per process, rewritten for every
 * input, removed at exit), since that is how the program reaches them. */
#define _POSIX_C_SOURCE 200809L
#include "fuzz_harness.h"
#include "core/options.h"
#include "core/common.h"
#include "formats/idx.h"
#include "formats/numfile.h"
#include "formats/runfile.h"
#include "inorm/train_runfile.h"
#include "dann/dann_runfile.h"
#include "results/numcheck.h"
#include "results/trace.h"
#include "formats/tsvtable.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char scratch[64];

static void remove_scratch(void)
{
	if (scratch[0])
		unlink(scratch);
}

/* Writes data to the scratch file and returns its path. */
static const char *to_file(const uint8_t *data, size_t size)
{
	if (!scratch[0]) {
		/* memory-backed when there is one: a fuzzer writes it hundreds of thousands of times */
		const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
		snprintf(scratch, sizeof scratch, "%s/inhibnorm-fuzz-XXXXXX", dir);
		int fd = mkstemp(scratch);
		if (fd < 0)
			abort();
		close(fd);
		atexit(remove_scratch);
	}
	FILE *f = fopen(scratch, "wb");
	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f))
		abort();
	return scratch;
}

/* The contract of every failing call: a documented status and a one-line message. */
static void check_failure(int rc, const char *err)
{
	if (rc != INB_EDATA && rc != INB_EUSAGE && rc != INB_EINTERNAL)
		abort();
	if (!err[0] || strchr(err, '\n') || strlen(err) >= INB_ERRLEN)
		abort();
}

static void fuzz_idx(const uint8_t *data, size_t size)
{
	const char *p = to_file(data, size);
	char err[INB_ERRLEN] = "";
	struct idx_images im;
	int rc = idx_read_images(p, 0, 0, &im, err);
	if (rc == INB_OK) {
		/* every pixel is readable: ASan checks the extent */
		unsigned sum = 0;
		for (size_t i = 0; i < im.n * im.rows * im.cols; i++)
			sum += im.pixels[i];
		(void)sum;
		idx_images_free(&im);
	} else {
		check_failure(rc, err);
	}
	err[0] = 0;
	rc = idx_read_images(p, 28, 28, &im, err);
	if (rc == INB_OK) {
		if (im.rows != 28 || im.cols != 28)
			abort();
		idx_images_free(&im);
	} else {
		check_failure(rc, err);
	}
	err[0] = 0;
	struct idx_labels lb;
	rc = idx_read_labels(p, &lb, err);
	if (rc == INB_OK) {
		unsigned sum = 0;
		for (size_t i = 0; i < lb.n; i++)
			sum += lb.labels[i];
		(void)sum;
		idx_labels_free(&lb);
	} else {
		check_failure(rc, err);
	}
}

static void fuzz_numfile(const uint8_t *data, size_t size)
{
	double *v = NULL;
	size_t n = 0;
	char err[INB_ERRLEN] = "";
	int rc = numfile_read(to_file(data, size), &v, &n, err);
	if (rc == INB_OK) {
		if (!n || !v)
			abort();
		for (size_t i = 0; i < n; i++)
			if (!isfinite(v[i]))
				abort();
		free(v);
	} else {
		check_failure(rc, err);
		if (v || n)
			abort();
	}
}

static void fuzz_runfile(const uint8_t *data, size_t size)
{
	struct runfile rf;
	char err[INB_ERRLEN] = "";
	const char *path = to_file(data, size);
	/* the main paper's schema */
	int rc = runfile_read(path, &train_run_schema, &rf, err);
	if (rc != INB_OK) {
		check_failure(rc, err);
	} else {
		/* what the reader promises of an accepted file */
		long want = rf.diverged_epoch ? rf.diverged_epoch : rf.epochs;
		if (rf.ncols < 1 || rf.rows != want || rf.rows < 1)
			abort();
		double acc = runfile_get(&rf, "test_acc");
		if (runfile_column(&rf, "test_acc") >= 0 && !(acc >= 0 && acc <= 100))
			abort();
		char buf[8];
		runfile_meta(&rf, "model", buf, sizeof buf);
		runfile_free(&rf);
	}
	/* the DANN paper's: an accepted file closes its last epoch in its last row */
	err[0] = 0;
	rc = runfile_read(path, &dn_run_schema, &rf, err);
	if (rc != INB_OK) {
		check_failure(rc, err);
		return;
	}
	int cend = runfile_column(&rf, "epoch_end"), ce = runfile_column(&rf, "epoch");
	if (rf.ncols != dn_run_schema.ncols || rf.rows < 1 || runfile_value(&rf, rf.rows - 1, cend) != 1 ||
	    runfile_value(&rf, rf.rows - 1, ce) != (double)(rf.diverged ? rf.diverged_epoch : rf.epochs))
		abort();
	runfile_free(&rf);
}

/* Options of every kind the subcommands use, with ranges like train's. */
static void fuzz_cli(const uint8_t *data, size_t size)
{
	/* arguments: the input split at NUL bytes and newlines, at most 32 */
	char *copy = malloc(size + 1), *argv[34];
	if (!copy)
		abort();
	memcpy(copy, data, size);
	copy[size] = 0;
	int argc = 0;
	argv[argc++] = "fuzz";
	for (size_t i = 0, start = 0; i <= size && argc < 33; i++)
		if (i == size || copy[i] == 0 || copy[i] == '\n') {
			copy[i] = 0;
			argv[argc++] = copy + start;
			start = i + 1;
		}
	argv[argc] = NULL;
	static const char *const models[] = { "ei", "ei-ln", "inorm", NULL };
	double eps = 0, lr = 0;
	long config = 13, epochs = 50, seed = 0;
	const char *model = NULL, *out = NULL;
	int quiet = 0, g_lr = 0;
	const struct opt opts[] = {
		{ "model", OPT_CHOICE | OPT_REQUIRED, &model, 0, 0, "ID", "model", models, NULL },
		{ "config", OPT_INT, &config, 0, 29, "I", "configuration", NULL, NULL },
		{ "eps", OPT_REAL, &eps, 0, 1, "E", "luminance range", NULL, NULL },
		{ "epochs", OPT_INT, &epochs, 1, 100000, "N", "epochs", NULL, NULL },
		{ "seed", OPT_INT, &seed, 0, 4294967295.0, "S", "seed", NULL, NULL },
		{ "lr", OPT_REAL, &lr, 0, 1e9, "ETA", "learning rate", NULL, &g_lr },
		{ "out", OPT_STR, &out, 0, 0, "FILE", "output", NULL, NULL },
		{ "quiet", OPT_FLAG, &quiet, 0, 0, NULL, "quiet", NULL, NULL },
	};
	const struct cli_cmd cmd = { "fuzz", "fuzzed options", "A", NULL, opts, (int)(sizeof opts / sizeof opts[0]) };
	char *pos[1], err[INB_ERRLEN] = "";
	int npos = -1, help = -1;
	int rc = cli_parse(&cmd, argc, argv, pos, 1, &npos, &help, err);
	if (rc == INB_OK) {
		if (npos < 0 || npos > 1 || (help != 0 && help != 1))
			abort();
		if (!help && (!model || config < 0 || config > 29 || !(eps >= 0 && eps <= 1) || epochs < 1 ||
			      !(lr >= 0 && lr <= 1e9)))
			abort();
	} else {
		check_failure(rc, err);
	}
	double d;
	long l;
	for (int i = 1; i < argc; i++) {
		if (!cli_to_double(argv[i], &d) && !isfinite(d))
			abort();
		cli_to_long(argv[i], &l);
	}
	free(copy);
}


/* tsvtable: the result tables' reader (summaries, statistics, the published values). An accepted table has a
 * header of distinct names, each row as many fields as the header, and lookups that stay inside it. */
static void fuzz_tsvtable(const uint8_t *data, size_t size)
{
	struct tsvtable t;
	char err[INB_ERRLEN] = "";
	int rc = tsvtable_read(to_file(data, size), &t, err);
	if (rc != INB_OK) {
		check_failure(rc, err);
		return;
	}
	if (t.ncols < 1)
		abort();
	for (int c = 0; c < t.ncols; c++)
		if (!t.name[c] || tsvtable_column(&t, t.name[c]) != c)
			abort();
	for (size_t r = 0; r < t.nrows; r++)
		for (int c = 0; c < t.ncols; c++)
			if (!tsvtable_get(&t, r, c) || strchr(tsvtable_get(&t, r, c), '\t'))
				abort();
	if (*tsvtable_get(&t, t.nrows, 0) || *tsvtable_get(&t, 0, -1) || *tsvtable_get(&t, 0, t.ncols))
		abort();
	tsvtable_free(&t);
}

/* numcheck: the text's tagged numbers and the lint, on arbitrary text; the keys resolve against a root without
 * tables (every key then fails with a message), and both checks count, never fail to read a readable file. */
static void fuzz_numcheck(const uint8_t *data, size_t size)
{
	const char *path = to_file(data, size);
	FILE *sink = fopen("/dev/null", "w");
	if (!sink)
		abort();
	int n = -1;
	int bad = numcheck_file(path, "/nonexistent-inhibnorm-root", sink, &n);
	int lint = numcheck_lint(path, sink);
	fclose(sink);
	if (bad < 0 || n < 0 || bad > n || lint < 0)
		abort();
}

/* trace: the trace lines under the figures of arbitrary text, checked and then rewritten, against a root without
 * summaries: every figure met is then a problem (its summary cannot be read), and both modes read the file. */
static void fuzz_trace(const uint8_t *data, size_t size)
{
	const char *path = to_file(data, size);
	FILE *sink = fopen("/dev/null", "w");
	if (!sink)
		abort();
	char err[INB_ERRLEN];
	int n = -1, n2 = -1;
	int bad = trace_file(path, "/nonexistent-inhibnorm-root", 0, sink, &n, err);
	int bad2 = trace_file(path, "/nonexistent-inhibnorm-root", 1, sink, &n2, err);
	fclose(sink);
	if (bad < 0 || n < 0 || bad < n || bad2 < 0 || bad2 != n2)
		abort();
}

const struct fuzz_target fuzz_targets[] = {
	{ "idx", fuzz_idx },
	{ "numfile", fuzz_numfile },
	{ "runfile", fuzz_runfile },
	{ "cli", fuzz_cli },
	{ "tsvtable", fuzz_tsvtable },
	{ "numcheck", fuzz_numcheck },
	{ "trace", fuzz_trace },
};
const int fuzz_ntargets = (int)(sizeof fuzz_targets / sizeof fuzz_targets[0]);
