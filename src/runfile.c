/* runfile.c: reading run files (see runfile.h). */
#define _POSIX_C_SOURCE 200809L
#include "runfile.h"
#include "common.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int split(char *line, char **field, int max)
{
	int n = 0;
	char *save, *tok;
	for (tok = strtok_r(line, "\t\n\r", &save); tok && n < max; tok = strtok_r(NULL, "\t\n\r", &save))
		field[n++] = tok;
	return tok ? -1 : n;
}

int runfile_read(const char *path, struct runfile *rf, char *err)
{
	memset(rf, 0, sizeof *rf);
	FILE *f = fopen(path, "r");
	if (!f)
		return inb_fail(err, INB_EDATA, "%s: cannot open: %s", path, strerror(errno));
	char *line = NULL;
	size_t cap = 0, mlen = 0;
	long lineno = 0;
	int rc = INB_OK;
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		if (line[0] == '#') {
			size_t l = strlen(line);
			char *m = realloc(rf->meta, mlen + l + 1);
			if (!m) {
				rc = inb_fail(err, INB_EINTERNAL, "out of memory");
				break;
			}
			rf->meta = m;
			memcpy(rf->meta + mlen, line, l + 1);
			mlen += l;
			continue;
		}
		if (line[0] == '\n')
			continue;
		char *field[RUNFILE_MAXCOLS];
		int n = split(line, field, RUNFILE_MAXCOLS);
		if (!rf->ncols) {
			if (n <= 0) {
				rc = inb_fail(err, INB_EDATA, "%s:%ld: header has no columns or more than %d", path, lineno,
					      RUNFILE_MAXCOLS);
				break;
			}
			for (int i = 0; i < n; i++)
				rf->names[i] = strdup(field[i]);
			rf->ncols = n;
			continue;
		}
		if (n != rf->ncols) {
			rc = inb_fail(err, INB_EDATA, "%s:%ld: %d fields, the header has %d", path, lineno, n, rf->ncols);
			break;
		}
		for (int i = 0; i < n; i++) {
			char *end;
			double v = strtod(field[i], &end);
			if (end == field[i] || *end) {
				rc = inb_fail(err, INB_EDATA, "%s:%ld: column %s holds '%s', expected a number", path, lineno,
					      rf->names[i], field[i]);
				break;
			}
			rf->last[i] = v;
		}
		if (rc)
			break;
		rf->rows++;
	}
	free(line);
	fclose(f);
	if (!rc && !rf->ncols)
		rc = inb_fail(err, INB_EDATA, "%s: no header line: not a run file", path);
	else if (!rc && !rf->rows)
		rc = inb_fail(err, INB_EDATA, "%s: no rows: the run wrote no epoch", path);
	if (rc)
		runfile_free(rf);
	return rc;
}

double runfile_get(const struct runfile *rf, const char *name)
{
	for (int i = 0; i < rf->ncols; i++)
		if (!strcmp(rf->names[i], name))
			return rf->last[i];
	return NAN;
}

int runfile_meta(const struct runfile *rf, const char *key, char *buf, size_t len)
{
	if (!rf->meta)
		return -1;
	size_t kl = strlen(key);
	for (const char *p = rf->meta; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (!strncmp(p, "# ", 2) && !strncmp(p + 2, key, kl) && p[2 + kl] == ':') {
			const char *v = p + 3 + kl;
			while (*v == ' ')
				v++;
			size_t n = strcspn(v, "\n");
			if (n >= len)
				n = len - 1;
			memcpy(buf, v, n);
			buf[n] = 0;
			return 0;
		}
	}
	return -1;
}

void runfile_free(struct runfile *rf)
{
	for (int i = 0; i < rf->ncols; i++)
		free(rf->names[i]);
	free(rf->meta);
	memset(rf, 0, sizeof *rf);
}
