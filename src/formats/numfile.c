/* numfile.c: plain-text samples, one number per line; see numfile.h. */
#define _POSIX_C_SOURCE 200809L /* getline */
#include "formats/numfile.h"
#include "core/common.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int numfile_read(const char *path, double **values, size_t *n, char *err)
{
	*values = NULL;
	*n = 0;
	FILE *fp = fopen(path, "r");
	if (!fp)
		return inb_fail(err, INB_EDATA, "%s: cannot open: %s", path, strerror(errno));
	char *line = NULL;
	size_t cap = 0, len = 0, have = 0, lineno = 0;
	double *v = NULL;
	int rc = INB_OK;
	ssize_t got;
	errno = 0;
	while ((got = getline(&line, &cap, fp)) >= 0) {
		lineno++;
		if (memchr(line, '\0', (size_t)got)) {
			rc = inb_fail(err, INB_EDATA, "%s:%zu: expected a number, found a NUL byte (binary file?)", path,
				      lineno);
			goto done;
		}
		char *s = line, *e = line + got;
		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		*e = '\0';
		if (s == e || *s == '#')
			continue;
		char *end;
		errno = 0;
		double x = strtod(s, &end);
		if (end == s || *end) {
			rc = inb_fail(err, INB_EDATA, "%s:%zu: expected a number, found '%.40s'", path, lineno, s);
			goto done;
		}
		if (errno == ERANGE && fabs(x) > 1) { /* overflow; an underflow (1e-400) is kept, rounded */
			rc = inb_fail(err, INB_EDATA, "%s:%zu: number out of range: '%.40s'", path, lineno, s);
			goto done;
		}
		if (!isfinite(x)) {
			rc = inb_fail(err, INB_EDATA, "%s:%zu: expected a finite number, found '%.40s'", path, lineno, s);
			goto done;
		}
		if (len == have) {
			size_t nc = have ? 2 * have : 64;
			double *nv = realloc(v, nc * sizeof *nv);
			if (!nv) {
				rc = inb_fail(err, INB_EINTERNAL, "out of memory reading %s", path);
				goto done;
			}
			v = nv;
			have = nc;
		}
		v[len++] = x;
		errno = 0;
	}
	if (ferror(fp)) {
		rc = inb_fail(err, INB_EDATA, "%s: cannot read: %s", path, strerror(errno ? errno : EIO));
		goto done;
	}
	if (len == 0) {
		rc = inb_fail(err, INB_EDATA, "%s: no numbers (an empty sample: only blank or '#' lines)", path);
		goto done;
	}
done:
	free(line);
	fclose(fp);
	if (rc) {
		free(v);
		return rc;
	}
	*values = v;
	*n = len;
	return INB_OK;
}
