/* runfile.c: writing run files and reading them against their schema (see runfile.h): metadata lines first, then
 * the header, then the rows, each ending in a newline. */
#define _POSIX_C_SOURCE 200809L
#include "formats/runfile.h"
#include "core/common.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Splits line (without its newline) at every tab, empty fields included. Stores at most max field pointers and
 * returns the number of fields the line holds, which may exceed max. */
static int split(char *line, char **field, int max)
{
	int n = 0;
	for (char *p = line;; n++) {
		char *tab = strchr(p, '\t');
		if (n < max)
			field[n] = p;
		if (!tab)
			return n + 1;
		*tab = 0;
		p = tab + 1;
	}
}

/* Parses a whole string as a long; 0 on success. */
static int to_long(const char *s, long *v)
{
	char *end;
	errno = 0;
	*v = strtol(s, &end, 10);
	return end == s || *end || errno;
}

/* Reads what every schema's checks need from the metadata: epochs, divergence and its epoch, the finite_if flag. */
static int parse_meta(const char *path, struct runfile *rf, long line, int *finite_if, char *err)
{
	char v[256];
	if (runfile_meta(rf, "epochs", v, sizeof v) || to_long(v, &rf->epochs) || rf->epochs < 1)
		return inb_fail(err, INB_EDATA, "%s:%ld: expected a '# epochs: N' line (N >= 1) before the header", path,
				line);
	rf->diverged = 0, rf->diverged_epoch = 0;
	if (!runfile_meta(rf, "diverged", v, sizeof v) && strncmp(v, "no", 2)) {
		/* "yes, non-finite training loss in epoch N" or "... at update U (epoch N)" */
		const char *e = strstr(v, "epoch ");
		char num[32] = "";
		if (e)
			snprintf(num, sizeof num, "%.*s", (int)strcspn(e + 6, ")"), e + 6);
		if (strncmp(v, "yes", 3) || !e || to_long(num, &rf->diverged_epoch) || rf->diverged_epoch < 1 ||
		    rf->diverged_epoch > rf->epochs || (e[6 + strlen(num)] && strcmp(e + 6 + strlen(num), ")")))
			return inb_fail(err, INB_EDATA, "%s: '# diverged: %s': expected 'no' or 'yes, ... epoch N' with N "
					"in 1..%ld", path, v, rf->epochs);
		rf->diverged = 1;
	}
	*finite_if = rf->schema->finite_if && rf->schema->finite_if(rf);
	return INB_OK;
}

/* Checks the header line's names against the schema: none empty, none twice, each declared (all_columns: exactly
 * the schema's, in order), and keeps them with their checks. */
static int check_header(const char *path, long line, struct runfile *rf, char **field, int n, char *err)
{
	const struct runfile_schema *S = rf->schema;
	if (n > RUNFILE_MAXCOLS)
		return inb_fail(err, INB_EDATA, "%s:%ld: header of %d columns, expected at most %d", path, line, n,
				RUNFILE_MAXCOLS);
	for (int i = 0; i < n; i++) {
		if (!*field[i])
			return inb_fail(err, INB_EDATA, "%s:%ld: header column %d has no name", path, line, i + 1);
		for (int j = 0; j < i; j++)
			if (!strcmp(field[i], field[j]))
				return inb_fail(err, INB_EDATA, "%s:%ld: header names column '%s' twice", path, line,
						field[i]);
		int k = 0;
		while (k < S->ncols && strcmp(S->cols[k].name, field[i]))
			k++;
		if (k == S->ncols)
			return inb_fail(err, INB_EDATA, "%s:%ld: header column '%s' is not one of the columns of '# %s'",
					path, line, field[i], S->title);
		if (S->all_columns && k != i)
			return inb_fail(err, INB_EDATA, "%s:%ld: header column %d is '%s', expected '%s' ('# %s')",
					path, line, i + 1, field[i], S->cols[i].name, S->title);
		rf->checks[i] = S->cols[k].check;
	}
	if (S->all_columns && n != S->ncols)
		return inb_fail(err, INB_EDATA, "%s:%ld: header of %d columns, expected the %d of '# %s'", path, line,
				n, S->ncols, S->title);
	for (rf->ncols = 0; rf->ncols < n; rf->ncols++)
		if (!(rf->names[rf->ncols] = strdup(field[rf->ncols])))
			return inb_fail(err, INB_EINTERNAL, "out of memory");
	return INB_OK;
}

/* Parses and checks one data row (row number rf->rows + 1), appending it to rf->v and rf->last. */
static int check_row(const char *path, long line, struct runfile *rf, char **field, int n, int finite_if,
		     size_t *vcap, char *err)
{
	if (n != rf->ncols)
		return inb_fail(err, INB_EDATA, "%s:%ld: %d fields, expected %d as in the header (line %ld)", path, line,
				n, rf->ncols, rf->header_line);
	const int by_epoch = rf->schema->rows_are_epochs;
	long row = rf->rows + 1;
	int diverged = 0, flagged = 0;
	for (int i = 0; i < n; i++) {
		char *end;
		double v = strtod(field[i], &end);
		if (end == field[i] || *end)
			return inb_fail(err, INB_EDATA, "%s:%ld: column %s holds '%s', expected a number", path, line,
					rf->names[i], field[i]);
		rf->last[i] = v;
		if (rf->checks[i] == RUNFILE_DIVERGED) {
			if (v != 0 && v != 1)
				return inb_fail(err, INB_EDATA, "%s:%ld: diverged is '%s', expected 0 or 1", path, line,
						field[i]);
			diverged = v == 1;
			flagged = 1;
		}
	}
	/* where rows are epochs, the divergence epoch names the row; elsewhere the last row, checked at the end */
	if (by_epoch && diverged && row != rf->diverged_epoch)
		return inb_fail(err, INB_EDATA, "%s:%ld: row %ld is marked diverged, expected only the last row of a run "
				"with '# diverged: yes, ... epoch %ld'", path, line, row, row);
	if (by_epoch && flagged && !diverged && row == rf->diverged_epoch)
		return inb_fail(err, INB_EDATA, "%s:%ld: diverged is 0, expected 1 in epoch %ld, which '# diverged:' "
				"names", path, line, row);
	if (!by_epoch && diverged && !rf->diverged)
		return inb_fail(err, INB_EDATA, "%s:%ld: row %ld is marked diverged, expected only the last row of a run "
				"with '# diverged: yes, ...'", path, line, row);
	for (int i = 0; i < n; i++) {
		double v = rf->last[i];
		switch (rf->checks[i]) {
		case RUNFILE_ROW:
			if (v != (double)row)
				return inb_fail(err, INB_EDATA, "%s:%ld: %s is '%s', expected %ld (rows count epochs from "
						"1)", path, line, rf->names[i], field[i], row);
			break;
		case RUNFILE_COUNT:
			if (!(v >= 0 && v <= 9e15 && v == floor(v)))
				return inb_fail(err, INB_EDATA, "%s:%ld: %s is '%s', expected a whole number >= 0", path,
						line, rf->names[i], field[i]);
			break;
		case RUNFILE_BIT:
			if (v != 0 && v != 1)
				return inb_fail(err, INB_EDATA, "%s:%ld: %s is '%s', expected 0 or 1", path, line,
						rf->names[i], field[i]);
			break;
		case RUNFILE_PERCENT:
			if (!(v >= 0 && v <= 100))
				return inb_fail(err, INB_EDATA, "%s:%ld: %s is '%s', expected a finite %s in [0, 100]", path,
						line, rf->names[i], field[i], by_epoch ? "accuracy" : "percentage");
			break;
		case RUNFILE_PERCENT_OR_NAN:
			if (!isnan(v) && !(v >= 0 && v <= 100))
				return inb_fail(err, INB_EDATA, "%s:%ld: %s is '%s', expected nan or a percentage in [0, "
						"100]", path, line, rf->names[i], field[i]);
			break;
		case RUNFILE_FINITE:
			if (!diverged && !isfinite(v))
				return inb_fail(err, INB_EDATA, "%s:%ld: %s is '%s', expected a finite moment in an epoch "
						"that did not diverge", path, line, rf->names[i], field[i]);
			break;
		case RUNFILE_FINITE_IF:
			if (finite_if && !diverged && !isfinite(v))
				return inb_fail(err, INB_EDATA, "%s:%ld: %s is '%s', expected a finite alignment (an I-Norm "
						"model, an epoch that did not diverge)", path, line, rf->names[i], field[i]);
			break;
		case RUNFILE_SECONDS:
			if (!(v >= 0 && isfinite(v)))
				return inb_fail(err, INB_EDATA, "%s:%ld: %s is '%s', expected a finite time >= 0", path,
						line, rf->names[i], field[i]);
			break;
		default:
			break;
		}
	}
	if ((size_t)row * (size_t)n > *vcap) {
		size_t c = *vcap ? 2 * *vcap : 64 * (size_t)n;
		double *p = realloc(rf->v, c * sizeof *p);
		if (!p)
			return inb_fail(err, INB_EINTERNAL, "out of memory");
		rf->v = p, *vcap = c;
	}
	memcpy(rf->v + (size_t)(row - 1) * (size_t)n, rf->last, (size_t)n * sizeof *rf->last);
	rf->rows = row;
	return INB_OK;
}

int runfile_read(const char *path, const struct runfile_schema *schema, struct runfile *rf, char *err)
{
	memset(rf, 0, sizeof *rf);
	rf->schema = schema;
	FILE *f = fopen(path, "r");
	if (!f)
		return inb_fail(err, INB_EDATA, "%s: cannot open: %s", path, strerror(errno));
	char *line = NULL;
	size_t cap = 0, mlen = 0, vcap = 0;
	ssize_t len;
	long lineno = 0;
	int rc = INB_OK, finite_if = 0;
	while (!rc && (len = getline(&line, &cap, f)) > 0) {
		lineno++;
		if ((size_t)len != strlen(line)) {
			rc = inb_fail(err, INB_EDATA, "%s:%ld: a NUL byte inside the line, expected text", path, lineno);
			break;
		}
		if (line[len - 1] != '\n') {
			rc = inb_fail(err, INB_EDATA, "%s:%ld: the last line ends without a newline: the file is cut short",
				      path, lineno);
			break;
		}
		line[--len] = 0;
		if (line[0] == '#') {
			if (rf->ncols) {
				rc = inb_fail(err, INB_EDATA, "%s:%ld: a '#' line after the header, expected a row", path,
					      lineno);
				break;
			}
			char *m = realloc(rf->meta, mlen + (size_t)len + 2);
			if (!m) {
				rc = inb_fail(err, INB_EINTERNAL, "out of memory");
				break;
			}
			rf->meta = m;
			memcpy(rf->meta + mlen, line, (size_t)len);
			mlen += (size_t)len;
			rf->meta[mlen++] = '\n';
			rf->meta[mlen] = 0;
			continue;
		}
		char *field[RUNFILE_MAXCOLS];
		int n = split(line, field, RUNFILE_MAXCOLS);
		if (!rf->ncols) {
			rf->header_line = lineno;
			if (!(rc = parse_meta(path, rf, lineno, &finite_if, err)))
				rc = check_header(path, lineno, rf, field, n, err);
			continue;
		}
		if (schema->rows_are_epochs && rf->rows >= rf->epochs) {
			rc = inb_fail(err, INB_EDATA, "%s:%ld: more rows than the %ld epochs of '# epochs:'", path, lineno,
				      rf->epochs);
			break;
		}
		rc = check_row(path, lineno, rf, field, n, finite_if, &vcap, err);
	}
	if (!rc && ferror(f))
		rc = inb_fail(err, INB_EDATA, "%s: read error: %s", path, strerror(errno));
	free(line);
	fclose(f);
	long want = rf->diverged_epoch ? rf->diverged_epoch : rf->epochs;
	if (!rc && !lineno)
		rc = inb_fail(err, INB_EDATA, "%s: the file is empty, expected a run file", path);
	else if (!rc && !rf->ncols)
		rc = inb_fail(err, INB_EDATA, "%s:%ld: no header line after the '#' lines: not a run file", path, lineno);
	else if (!rc && !rf->rows)
		rc = inb_fail(err, INB_EDATA, "%s:%ld: no rows after the header, expected %ld: the run wrote no epoch", path,
			      lineno, want);
	else if (!rc && schema->rows_are_epochs && rf->rows != want)
		rc = inb_fail(err, INB_EDATA, "%s:%ld: the file ends after %ld rows, expected %ld (%s)", path, lineno,
			      rf->rows, want, rf->diverged_epoch ? "'# diverged:' epoch" : "'# epochs:'");
	if (!rc && !schema->rows_are_epochs)
		for (int i = 0; i < rf->ncols; i++)
			if (rf->checks[i] == RUNFILE_DIVERGED && (rf->last[i] == 1) != rf->diverged)
				rc = inb_fail(err, INB_EDATA, "%s:%ld: the last row's diverged is %g, expected %d as "
					      "'# diverged:' says", path, lineno, rf->last[i], rf->diverged);
	if (!rc && schema->check)
		rc = schema->check(path, rf, err);
	if (rc)
		runfile_free(rf);
	return rc;
}

int runfile_read_any(const char *path, const struct runfile_schema *const *schemas, int n, struct runfile *rf,
		     char *err)
{
	memset(rf, 0, sizeof *rf);
	FILE *f = fopen(path, "r");
	if (!f)
		return inb_fail(err, INB_EDATA, "%s: cannot open: %s", path, strerror(errno));
	char first[256] = "";
	if (!fgets(first, sizeof first, f))
		first[0] = 0;
	fclose(f);
	first[strcspn(first, "\n")] = 0;
	for (int i = 0; i < n; i++)
		if (!strncmp(first, "# ", 2) && !strcmp(first + 2, schemas[i]->title))
			return runfile_read(path, schemas[i], rf, err);
	return inb_fail(err, INB_EDATA, "%s:1: '%.100s' names no kind of run file, expected '# %s'%s", path, first,
			n ? schemas[0]->title : "", n > 1 ? " or another run file's title" : "");
}

int runfile_column(const struct runfile *rf, const char *name)
{
	for (int i = 0; i < rf->ncols; i++)
		if (!strcmp(rf->names[i], name))
			return i;
	return -1;
}

double runfile_get(const struct runfile *rf, const char *name)
{
	int i = runfile_column(rf, name);
	return i < 0 ? NAN : rf->last[i];
}

double runfile_value(const struct runfile *rf, long r, int c)
{
	return rf->v[(size_t)r * (size_t)rf->ncols + (size_t)c];
}

double runfile_seconds(const struct runfile *rf)
{
	const int ct = runfile_column(rf, "train_seconds"), ce = runfile_column(rf, "eval_seconds"),
		  cend = runfile_column(rf, "epoch_end");
	const int at_end = rf->schema && rf->schema->seconds_at_epoch_end && cend >= 0;
	double s = 0;
	for (long r = 0; r < rf->rows; r++) {
		if (ce >= 0)
			s += runfile_value(rf, r, ce);
		if (ct >= 0 && (!at_end || runfile_value(rf, r, cend) == 1))
			s += runfile_value(rf, r, ct);
	}
	return s;
}

int runfile_meta(const struct runfile *rf, const char *key, char *buf, size_t len)
{
	if (!rf->meta || !len)
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
	free(rf->v);
	memset(rf, 0, sizeof *rf);
}

/* ---- writing ---------------------------------------------------------------------------------------------------- */

/* Appends what fmt gives with ap to the text buffer *buf (*len bytes used of *cap); 0, or -1 when out of memory. */
static int append(char **buf, size_t *len, size_t *cap, const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return -1;
	if (*len + (size_t)n + 1 > *cap) {
		size_t c = *cap ? *cap : 1024;
		while (c < *len + (size_t)n + 1)
			c *= 2;
		char *b = realloc(*buf, c);
		if (!b)
			return -1;
		*buf = b, *cap = c;
	}
	vsnprintf(*buf + *len, (size_t)n + 1, fmt, ap);
	*len += (size_t)n;
	return 0;
}

static int append_f(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = append(buf, len, cap, fmt, ap);
	va_end(ap);
	return r;
}

int runfile_writer_open(struct runfile_writer *w, const char *path, const struct runfile_schema *schema, char *err)
{
	memset(w, 0, sizeof *w);
	w->cols = schema->cols, w->ncols = schema->ncols;
	int rc = outfile_open(&w->of, path, err);
	if (!rc && runfile_writer_meta(w, "%s", schema->title)) {
		runfile_writer_abort(w);
		rc = inb_fail(err, INB_EINTERNAL, "out of memory");
	}
	return rc;
}

int runfile_writer_meta(struct runfile_writer *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int bad = append_f(&w->meta, &w->meta_len, &w->meta_cap, "# ") ||
		  append(&w->meta, &w->meta_len, &w->meta_cap, fmt, ap) ||
		  append_f(&w->meta, &w->meta_len, &w->meta_cap, "\n");
	va_end(ap);
	if (bad)
		w->oom = 1;
	return bad ? INB_EINTERNAL : INB_OK;
}

int runfile_writer_row(struct runfile_writer *w, const double *values)
{
	int bad = 0;
	for (int i = 0; i < w->ncols && !bad; i++)
		bad = (i && append_f(&w->rows, &w->rows_len, &w->rows_cap, "\t")) ||
		      append_f(&w->rows, &w->rows_len, &w->rows_cap, w->cols[i].fmt, values[i]);
	bad = bad || append_f(&w->rows, &w->rows_len, &w->rows_cap, "\n");
	if (bad)
		w->oom = 1;
	else
		w->nrows++;
	return bad ? INB_EINTERNAL : INB_OK;
}

static void writer_release(struct runfile_writer *w)
{
	free(w->meta);
	free(w->rows);
	memset(w, 0, sizeof *w);
}

int runfile_writer_commit(struct runfile_writer *w, char *err)
{
	if (w->oom) {
		runfile_writer_abort(w);
		return inb_fail(err, INB_EINTERNAL, "out of memory");
	}
	FILE *f = w->of.fp;
	if (w->meta_len)
		fwrite(w->meta, 1, w->meta_len, f);
	for (int i = 0; i < w->ncols; i++)
		fprintf(f, "%s%s", i ? "\t" : "", w->cols[i].name);
	fputc('\n', f);
	if (w->rows_len)
		fwrite(w->rows, 1, w->rows_len, f);
	/* a short write leaves the stream's error flag set, which outfile_commit reports */
	int rc = outfile_commit(&w->of, err);
	writer_release(w);
	return rc;
}

void runfile_writer_abort(struct runfile_writer *w)
{
	outfile_abort(&w->of);
	writer_release(w);
}

