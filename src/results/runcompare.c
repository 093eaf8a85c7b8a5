/* runcompare.c: archived run against retrained run (see runcompare.h), both read through the strict run-file reader. */
#define _POSIX_C_SOURCE 200809L
#include "results/runcompare.h"
#include "core/common.h"
#include "formats/runfile.h"
#include "results/runs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* metadata keys that may differ between an archived and a retrained run */
static int free_key(const char *line)
{
	static const char *const keys[] = { "# version:", "# command:", "# data:", "# blas:" };
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (!strncmp(line, keys[i], strlen(keys[i])))
			return 1;
	return 0;
}

/* "core=X threads=N" of the '# blas:' line, or "" */
static void kernel(const struct runfile *rf, char *buf, size_t len)
{
	char v[512], core[128] = "", threads[64] = "";
	buf[0] = 0;
	if (!runfile_meta(rf, "blas", v, sizeof v)) {
		sscanf(v, "%127s %63s", core, threads);
		snprintf(buf, len, "%s %s", core, threads);
	}
}

/* The next metadata line of *p that is not a free key, copied into buf; NULL at the end. */
static const char *next_meta(const char **p, char *buf, size_t len)
{
	while (*p && **p) {
		const char *line = *p, *nl = strchr(line, '\n');
		*p = nl ? nl + 1 : NULL;
		if (free_key(line))
			continue;
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		snprintf(buf, len, "%.*s", (int)n, line);
		return buf;
	}
	return NULL;
}

/* x and y are the same value, NaN included */
static int same(double x, double y)
{
	return (isnan(x) && isnan(y)) || (x == y && signbit(x) == signbit(y));
}

int runcompare_files(const char *a, const char *b, double tol, struct runcompare_result *res, char *err)
{
	memset(res, 0, sizeof *res);
	struct runfile A, B;
	int rc = runs_read(a, &A, err);
	if (rc)
		return rc;
	if ((rc = runs_read(b, &B, err))) {
		runfile_free(&A);
		return rc;
	}
	char ka[256], kb[256];
	kernel(&A, ka, sizeof ka);
	kernel(&B, kb, sizeof kb);
	res->same_kernel = ka[0] && !strcmp(ka, kb);
	res->match = 1;
#define MISMATCH(...)                                                          \
	do {                                                                   \
		snprintf(res->why, sizeof res->why, __VA_ARGS__);              \
		res->match = 0;                                                \
		goto done;                                                     \
	} while (0)
	/* metadata, in order, apart from the free keys */
	const char *pa = A.meta, *pb = B.meta;
	for (;;) {
		char la[1024], lb[1024];
		const char *ma = next_meta(&pa, la, sizeof la), *mb = next_meta(&pb, lb, sizeof lb);
		if (!ma && !mb)
			break;
		if (!ma || !mb || strcmp(ma, mb))
			MISMATCH("metadata differs: '%.200s' against '%.200s'", ma ? ma : "(none)", mb ? mb : "(none)");
	}
	if (A.schema != B.schema || A.ncols != B.ncols)
		MISMATCH("header differs");
	for (int c = 0; c < A.ncols; c++)
		if (strcmp(A.names[c], B.names[c]))
			MISMATCH("header differs");
	if (A.rows != B.rows)
		MISMATCH("%ld rows against %ld", A.rows, B.rows);
	for (long r = 0; r < A.rows; r++) {
		const int last = r == A.rows - 1;
		for (int c = 0; c < A.ncols; c++) {
			const enum runfile_check k = A.checks[c];
			const double x = runfile_value(&A, r, c), y = runfile_value(&B, r, c);
			if (k == RUNFILE_SECONDS)
				continue;
			if (res->same_kernel) {
				res->values++;
				if (!same(x, y))
					MISMATCH("row %ld, column %s: %.9g against %.9g (same BLAS kernel: expected identical)",
						 r + 1, A.names[c], x, y);
			} else if (last && (k == RUNFILE_PERCENT || k == RUNFILE_PERCENT_OR_NAN)) {
				res->values++;
				double d = fabs(x - y);
				res->max_diff = fmax(res->max_diff, d);
				if (!(d <= tol))
					MISMATCH("last row, column %s: %.9g against %.9g, more than %g apart (BLAS kernels '%.60s' "
						 "and '%.60s')", A.names[c], x, y, tol, ka, kb);
			}
		}
	}
	if (!res->values)
		MISMATCH("nothing to compare");
#undef MISMATCH
done:
	runfile_free(&A);
	runfile_free(&B);
	return rc;
}
