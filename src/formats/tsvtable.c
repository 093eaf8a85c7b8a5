/* tsvtable.c: see tsvtable.h. */
#define _POSIX_C_SOURCE 200809L
#include "formats/tsvtable.h"
#include "core/common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tsvtable_slurp(const char *path, char **out, size_t *outlen, char *err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return inb_fail(err, INB_EDATA, "%s: cannot open: %s", path, strerror(errno));
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	if (!buf) {
		fclose(fp);
		return inb_fail(err, INB_EINTERNAL, "%s: out of memory", path);
	}
	for (;;) {
		if (len + 1 >= cap) {
			char *nb = realloc(buf, cap *= 2);
			if (!nb) {
				free(buf);
				fclose(fp);
				return inb_fail(err, INB_EINTERNAL, "%s: out of memory", path);
			}
			buf = nb;
		}
		size_t got = fread(buf + len, 1, cap - 1 - len, fp);
		len += got;
		if (got == 0)
			break;
	}
	int bad = ferror(fp);
	fclose(fp);
	if (bad) {
		free(buf);
		return inb_fail(err, INB_EDATA, "%s: read error", path);
	}
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	return INB_OK;
}

/* Splits line (NUL-terminated) at tabs into at most max fields; returns the number of fields. */
static int split(char *line, char **f, int max)
{
	int n = 0;
	for (char *p = line;;) {
		if (n < max)
			f[n] = p;
		n++;
		char *tab = strchr(p, '\t');
		if (!tab)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	return n;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 16;
	while (c < need)
		c *= 2;
	void *np = realloc(*p, c * size);
	if (!np)
		return -1;
	*p = np;
	*cap = c;
	return 0;
}

int tsvtable_read(const char *path, struct tsvtable *t, char *err)
{
	memset(t, 0, sizeof *t);
	size_t nbytes;
	int rc = tsvtable_slurp(path, &t->buf, &nbytes, err);
	if (rc)
		return rc;
	if (memchr(t->buf, '\0', nbytes)) {
		free(t->buf);
		t->buf = NULL;
		return inb_fail(err, INB_EDATA, "%s: holds a NUL byte, expected a text table", path);
	}
	t->path = strdup(path);
	size_t ccap = 0, rcap = 0, lcap = 0;
	long lineno = 0;
	int in_rows = 0;
	char *p = t->buf;
	while (*p) {
		char *nl = strchr(p, '\n'), *next = nl ? nl + 1 : p + strlen(p);
		if (nl)
			*nl = '\0';
		size_t len = strlen(p);
		if (len && p[len - 1] == '\r')
			p[--len] = '\0';
		lineno++;
		if (!t->ncols && p[0] == '#') {
			char *c = p + 1;
			if (*c == ' ')
				c++;
			if (grow((void **)&t->comment, &ccap, t->ncomments + 1, sizeof *t->comment))
				goto oom;
			t->comment[t->ncomments++] = c;
		} else if (!t->ncols) {
			if (!len) {
				rc = inb_fail(err, INB_EDATA, "%s:%ld: blank line before the header, expected column names",
					      path, lineno);
				goto fail;
			}
			int n = 1;
			for (const char *c = p; *c; c++)
				n += *c == '\t';
			t->name = malloc((size_t)n * sizeof *t->name);
			if (!t->name)
				goto oom;
			split(p, t->name, n);
			for (int i = 0; i < n; i++) {
				if (!t->name[i][0]) {
					rc = inb_fail(err, INB_EDATA, "%s:%ld: empty column name %d in the header", path,
						      lineno, i + 1);
					goto fail;
				}
				for (int j = 0; j < i; j++)
					if (!strcmp(t->name[i], t->name[j])) {
						rc = inb_fail(err, INB_EDATA, "%s:%ld: column '%s' appears twice in the "
							      "header", path, lineno, t->name[i]);
						goto fail;
					}
			}
			t->ncols = n;
			in_rows = 1;
		} else if (in_rows) {
			if (!len)
				break; /* the table ends at its first blank line */
			if (p[0] == '#') {
				p = next;
				continue;
			}
			if (grow((void **)&t->cell, &rcap, (t->nrows + 1) * (size_t)t->ncols, sizeof *t->cell) ||
			    grow((void **)&t->line, &lcap, t->nrows + 1, sizeof *t->line))
				goto oom;
			int n = split(p, t->cell + t->nrows * (size_t)t->ncols, t->ncols);
			if (n != t->ncols) {
				rc = inb_fail(err, INB_EDATA, "%s:%ld: %d fields, expected %d as in the header", path,
					      lineno, n, t->ncols);
				goto fail;
			}
			t->line[t->nrows++] = lineno;
		}
		p = next;
	}
	if (!t->ncols) {
		rc = inb_fail(err, INB_EDATA, "%s: no header line, expected a tab-separated table", path);
		goto fail;
	}
	return INB_OK;
oom:
	rc = inb_fail(err, INB_EINTERNAL, "%s: out of memory", path);
fail:
	tsvtable_free(t);
	return rc;
}

int tsvtable_column(const struct tsvtable *t, const char *name)
{
	for (int i = 0; i < t->ncols; i++)
		if (!strcmp(t->name[i], name))
			return i;
	return -1;
}

const char *tsvtable_get(const struct tsvtable *t, size_t row, int col)
{
	if (col < 0 || col >= t->ncols || row >= t->nrows)
		return "";
	return t->cell[row * (size_t)t->ncols + (size_t)col];
}

int tsvtable_same_field(const char *a, const char *b)
{
	char *ea, *eb;
	double x = strtod(a, &ea), y = strtod(b, &eb);
	if (*a && *b && !*ea && !*eb)
		return x == y;
	return !strcmp(a, b);
}

void tsvtable_free(struct tsvtable *t)
{
	free(t->buf);
	free(t->cell);
	free(t->name);
	free(t->comment);
	free(t->line);
	free(t->path);
	memset(t, 0, sizeof *t);
}
