/* runcompare.c: archived run against retrained run (see runcompare.h). */
#define _POSIX_C_SOURCE 200809L
#include "formats/runcompare.h"
#include "core/common.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RC_MAXLINES 100000
#define RC_MAXCOLS 64

struct lines {
	char **l;
	long n;
};

static void lines_free(struct lines *L)
{
	for (long i = 0; i < L->n; i++)
		free(L->l[i]);
	free(L->l);
	L->l = NULL, L->n = 0;
}

static int lines_read(const char *path, struct lines *L, char *err)
{
	memset(L, 0, sizeof *L);
	FILE *f = fopen(path, "r");
	if (!f)
		return inb_fail(err, INB_EDATA, "%s: cannot open: %s", path, strerror(errno));
	char *line = NULL;
	size_t cap = 0;
	long lcap = 0;
	int rc = INB_OK;
	while (getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\r\n")] = 0;
		if (L->n == lcap) {
			lcap = lcap ? 2 * lcap : 256;
			char **p = lcap <= RC_MAXLINES ? realloc(L->l, (size_t)lcap * sizeof *p) : NULL;
			if (!p) {
				rc = inb_fail(err, INB_EDATA, "%s: more than %d lines or out of memory", path, RC_MAXLINES);
				break;
			}
			L->l = p;
		}
		if (!(L->l[L->n] = strdup(line))) {
			rc = inb_fail(err, INB_EINTERNAL, "out of memory");
			break;
		}
		L->n++;
	}
	free(line);
	fclose(f);
	if (rc)
		lines_free(L);
	return rc;
}

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
static void kernel(const struct lines *L, char *buf, size_t len)
{
	buf[0] = 0;
	for (long i = 0; i < L->n && L->l[i][0] == '#'; i++)
		if (!strncmp(L->l[i], "# blas: ", 8)) {
			char core[128] = "", threads[64] = "";
			sscanf(L->l[i] + 8, "%127s %63s", core, threads);
			snprintf(buf, len, "%s %s", core, threads);
		}
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

/* splits a copy of a tab-separated line */
static int fields(const char *line, char *buf, size_t len, char **f)
{
	snprintf(buf, len, "%s", line);
	int n = 0;
	char *save;
	for (char *t = strtok_r(buf, "\t", &save); t && n < RC_MAXCOLS; t = strtok_r(NULL, "\t", &save))
		f[n++] = t;
	return n;
}

int runcompare_files(const char *a, const char *b, double tol, struct runcompare_result *res, char *err)
{
	memset(res, 0, sizeof *res);
	struct lines A, B;
	int rc = lines_read(a, &A, err);
	if (rc)
		return rc;
	if ((rc = lines_read(b, &B, err))) {
		lines_free(&A);
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
	long ia = 0, ib = 0;
	/* metadata, in order, apart from the free keys */
	for (;;) {
		while (ia < A.n && A.l[ia][0] == '#' && free_key(A.l[ia]))
			ia++;
		while (ib < B.n && B.l[ib][0] == '#' && free_key(B.l[ib]))
			ib++;
		int ma = ia < A.n && A.l[ia][0] == '#', mb = ib < B.n && B.l[ib][0] == '#';
		if (!ma && !mb)
			break;
		if (!ma || !mb || strcmp(A.l[ia], B.l[ib]))
			MISMATCH("metadata differs: '%.200s' against '%.200s'", ma ? A.l[ia] : "(none)", mb ? B.l[ib] : "(none)");
		ia++, ib++;
	}
	if (ia >= A.n || ib >= B.n)
		rc = inb_fail(err, INB_EDATA, "%s: no header line: not a run file", ia >= A.n ? a : b);
	if (rc)
		goto done;
	char hb[8192], bufa[8192], bufb[8192];
	char *names[RC_MAXCOLS], *fa[RC_MAXCOLS], *fb[RC_MAXCOLS];
	if (strcmp(A.l[ia], B.l[ib]))
		MISMATCH("header differs");
	int nc = fields(A.l[ia], hb, sizeof hb, names);
	ia++, ib++;
	if (A.n - ia != B.n - ib)
		MISMATCH("%ld rows against %ld", A.n - ia, B.n - ib);
	for (long r = 0; ia + r < A.n; r++) {
		int na = fields(A.l[ia + r], bufa, sizeof bufa, fa), nb = fields(B.l[ib + r], bufb, sizeof bufb, fb);
		if (na != nc || nb != nc)
			MISMATCH("row %ld: %d and %d fields, the header has %d", r + 1, na, nb, nc);
		const int last = ia + r == A.n - 1;
		for (int c = 0; c < nc; c++) {
			if (ends_with(names[c], "_seconds"))
				continue;
			if (res->same_kernel) {
				res->values++;
				if (strcmp(fa[c], fb[c]))
					MISMATCH("row %ld, column %s: %s against %s (same BLAS kernel: expected identical)", r + 1,
						 names[c], fa[c], fb[c]);
			} else if (last && (ends_with(names[c], "_err") || ends_with(names[c], "_acc"))) {
				res->values++;
				double x = strtod(fa[c], NULL), y = strtod(fb[c], NULL), d = fabs(x - y);
				res->max_diff = fmax(res->max_diff, d);
				if (!(d <= tol))
					MISMATCH("last row, column %s: %s against %s, more than %g apart (BLAS kernels '%.60s' and "
						 "'%.60s')", names[c], fa[c], fb[c], tol, ka, kb);
			}
		}
	}
	if (!res->values)
		MISMATCH("nothing to compare");
#undef MISMATCH
done:
	lines_free(&A);
	lines_free(&B);
	return rc;
}
