/* runfile.c: writing run files, and reading those of training runs (see runfile.h). The reader's checks mirror what
 * runfile_train_commit writes: metadata lines first, then the header, then one row per epoch, each ending in a
 * newline. */
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

/* What a column holds, for the range checks. */
enum kind { K_OTHER, K_EPOCH, K_ACC, K_MOMENT, K_ALIGN, K_DIVERGED };

static enum kind column_kind(const char *name)
{
	if (!strcmp(name, "epoch"))
		return K_EPOCH;
	if (!strcmp(name, "train_acc") || !strcmp(name, "test_acc"))
		return K_ACC;
	if (!strcmp(name, "out_align") || !strcmp(name, "grad_align"))
		return K_ALIGN;
	if (!strcmp(name, "diverged"))
		return K_DIVERGED;
	/* l<k>_mu, l<k>_var, and their _test forms, l<k>_sq_test */
	if (name[0] == 'l' && name[1] >= '0' && name[1] <= '9' && name[2] == '_' &&
	    (!strcmp(name + 3, "mu") || !strcmp(name + 3, "var") || !strcmp(name + 3, "mu_test") ||
	     !strcmp(name + 3, "var_test") || !strcmp(name + 3, "sq_test")))
		return K_MOMENT;
	return K_OTHER;
}

/* Parses a whole string as a long; 0 on success. */
static int to_long(const char *s, long *v)
{
	char *end;
	errno = 0;
	*v = strtol(s, &end, 10);
	return end == s || *end || errno;
}

/* Reads the metadata the row checks need: epochs, divergence epoch, whether the model has I-Norm layers. */
static int parse_meta(const char *path, struct runfile *rf, long line, int *inorm, char *err)
{
	char v[256];
	if (runfile_meta(rf, "epochs", v, sizeof v) || to_long(v, &rf->epochs) || rf->epochs < 1)
		return inb_fail(err, INB_EDATA, "%s:%ld: expected a '# epochs: N' line (N >= 1) before the header", path,
				line);
	rf->diverged_epoch = 0;
	if (!runfile_meta(rf, "diverged", v, sizeof v) && strncmp(v, "no", 2)) {
		const char *e = strstr(v, "epoch ");
		if (strncmp(v, "yes", 3) || !e || to_long(e + 6, &rf->diverged_epoch) || rf->diverged_epoch < 1 ||
		    rf->diverged_epoch > rf->epochs)
			return inb_fail(err, INB_EDATA, "%s: '# diverged: %s': expected 'no' or 'yes, ... epoch N' with N "
					"in 1..%ld", path, v, rf->epochs);
	}
	*inorm = !runfile_meta(rf, "model", v, sizeof v) && !strncmp(v, "inorm", 5);
	return INB_OK;
}

/* Checks the header line's names: none empty, none twice. */
static int check_header(const char *path, long line, struct runfile *rf, char **field, int n, char *err)
{
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
	}
	for (rf->ncols = 0; rf->ncols < n; rf->ncols++)
		if (!(rf->names[rf->ncols] = strdup(field[rf->ncols])))
			return inb_fail(err, INB_EINTERNAL, "out of memory");
	return INB_OK;
}

/* Parses and checks one data row (row number rf->rows + 1) into rf->last. */
static int check_row(const char *path, long line, struct runfile *rf, char **field, int n, int inorm, char *err)
{
	if (n != rf->ncols)
		return inb_fail(err, INB_EDATA, "%s:%ld: %d fields, expected %d as in the header (line %ld)", path, line,
				n, rf->ncols, rf->header_line);
	long row = rf->rows + 1;
	int diverged = 0, flagged = 0;
	for (int i = 0; i < n; i++) {
		char *end;
		double v = strtod(field[i], &end);
		if (end == field[i] || *end)
			return inb_fail(err, INB_EDATA, "%s:%ld: column %s holds '%s', expected a number", path, line,
					rf->names[i], field[i]);
		rf->last[i] = v;
		if (column_kind(rf->names[i]) == K_DIVERGED) {
			if (v != 0 && v != 1)
				return inb_fail(err, INB_EDATA, "%s:%ld: diverged is '%s', expected 0 or 1", path, line,
						field[i]);
			diverged = v == 1;
			flagged = 1;
		}
	}
	if (diverged && row != rf->diverged_epoch)
		return inb_fail(err, INB_EDATA, "%s:%ld: row %ld is marked diverged, expected only the last row of a run "
				"with '# diverged: yes, ... epoch %ld'", path, line, row, row);
	if (flagged && !diverged && row == rf->diverged_epoch)
		return inb_fail(err, INB_EDATA, "%s:%ld: diverged is 0, expected 1 in epoch %ld, which '# diverged:' "
				"names", path, line, row);
	for (int i = 0; i < n; i++) {
		double v = rf->last[i];
		switch (column_kind(rf->names[i])) {
		case K_EPOCH:
			if (v != (double)row)
				return inb_fail(err, INB_EDATA, "%s:%ld: epoch is '%s', expected %ld (rows count epochs from "
						"1)", path, line, field[i], row);
			break;
		case K_ACC:
			if (!(v >= 0 && v <= 100))
				return inb_fail(err, INB_EDATA, "%s:%ld: %s is '%s', expected a finite accuracy in [0, 100]",
						path, line, rf->names[i], field[i]);
			break;
		case K_MOMENT:
			if (!diverged && !isfinite(v))
				return inb_fail(err, INB_EDATA, "%s:%ld: %s is '%s', expected a finite moment in an epoch "
						"that did not diverge", path, line, rf->names[i], field[i]);
			break;
		case K_ALIGN:
			if (inorm && !diverged && !isfinite(v))
				return inb_fail(err, INB_EDATA, "%s:%ld: %s is '%s', expected a finite alignment (an I-Norm "
						"model, an epoch that did not diverge)", path, line, rf->names[i], field[i]);
			break;
		default:
			break;
		}
	}
	rf->rows = row;
	return INB_OK;
}

int runfile_read(const char *path, struct runfile *rf, char *err)
{
	memset(rf, 0, sizeof *rf);
	FILE *f = fopen(path, "r");
	if (!f)
		return inb_fail(err, INB_EDATA, "%s: cannot open: %s", path, strerror(errno));
	char *line = NULL;
	size_t cap = 0, mlen = 0;
	ssize_t len;
	long lineno = 0;
	int rc = INB_OK, inorm = 0;
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
			if (!(rc = parse_meta(path, rf, lineno, &inorm, err)))
				rc = check_header(path, lineno, rf, field, n, err);
			continue;
		}
		if (rf->rows >= rf->epochs) {
			rc = inb_fail(err, INB_EDATA, "%s:%ld: more rows than the %ld epochs of '# epochs:'", path, lineno,
				      rf->epochs);
			break;
		}
		rc = check_row(path, lineno, rf, field, n, inorm, err);
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
	else if (!rc && rf->rows != want)
		rc = inb_fail(err, INB_EDATA, "%s:%ld: the file ends after %ld rows, expected %ld (%s)", path, lineno,
			      rf->rows, want, rf->diverged_epoch ? "'# diverged:' epoch" : "'# epochs:'");
	if (rc)
		runfile_free(rf);
	return rc;
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

int runfile_writer_open(struct runfile_writer *w, const char *path, const struct runfile_column *cols, int ncols,
			char *err)
{
	memset(w, 0, sizeof *w);
	w->cols = cols, w->ncols = ncols;
	return outfile_open(&w->of, path, err);
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

/* ---- the run file of `inhibnorm train` -------------------------------------------------------------------------- */

static const struct runfile_column train_columns[] = {
	{ "epoch", "%.0f" },       { "train_loss", "%.6g" },   { "train_acc", "%.4f" },   { "test_loss", "%.6g" },
	{ "test_acc", "%.2f" },    { "l0_mu", "%.6g" },        { "l0_var", "%.6g" },      { "l1_mu", "%.6g" },
	{ "l1_var", "%.6g" },      { "l0_mu_test", "%.6g" },   { "l0_var_test", "%.6g" }, { "l0_sq_test", "%.6g" },
	{ "l1_mu_test", "%.6g" },  { "l1_var_test", "%.6g" },  { "l1_sq_test", "%.6g" },  { "local_loss", "%.6g" },
	{ "out_align", "%.6g" },   { "grad_align", "%.6g" },   { "diverged", "%.0f" },    { "train_seconds", "%.3f" },
	{ "eval_seconds", "%.3f" },
};
#define TRAIN_NCOLS ((int)(sizeof train_columns / sizeof train_columns[0]))

int runfile_train_open(struct runfile_writer *w, const char *path, char *err)
{
	return runfile_writer_open(w, path, train_columns, TRAIN_NCOLS, err);
}

int runfile_train_row(struct runfile_writer *w, const struct runfile_epoch *e)
{
	const double v[TRAIN_NCOLS] = {
		(double)e->epoch, e->train_loss, e->train_acc, e->test_loss, e->test_acc,
		e->mu[0], e->var[0], e->mu[1], e->var[1],
		e->mu_test[0], e->var_test[0], e->sq_test[0], e->mu_test[1], e->var_test[1], e->sq_test[1],
		e->local_loss, e->out_align, e->grad_align, (double)e->diverged, e->train_seconds, e->eval_seconds,
	};
	return runfile_writer_row(w, v);
}

int runfile_train_commit(struct runfile_writer *w, const struct runfile_run *r, char *err)
{
	runfile_writer_meta(w, "inhibnorm run file");
	runfile_writer_meta(w, "version: %s", inb_version);
	runfile_writer_meta(w, "command: %s", r->command ? r->command : "");
	runfile_writer_meta(w, "model: %s (%s)", r->model, r->legend);
	runfile_writer_meta(w, "config: %ld", r->config);
	runfile_writer_meta(w, "width: %ld", r->width);
	runfile_writer_meta(w, "lr: %.17g", r->lr);
	runfile_writer_meta(w, "lr_wix: %.17g", r->lr_wix);
	runfile_writer_meta(w, "lr_wei: %.17g", r->lr_wei);
	runfile_writer_meta(w, "eps: %g", r->eps);
	runfile_writer_meta(w, "seed: %lu", r->seed);
	runfile_writer_meta(w, "epochs: %ld", r->epochs);
	runfile_writer_meta(w, "batch: %d", r->batch);
	runfile_writer_meta(w, "train_images: %zu", r->train_images);
	runfile_writer_meta(w, "test_images: %zu", r->test_images);
	runfile_writer_meta(w, "shuffle: %s", r->shuffle ? "yes" : "no");
	if (r->inorm) {
		runfile_writer_meta(w, "lambda: %g", r->lambda);
		runfile_writer_meta(w, "gradnorm: %s", r->gradnorm);
	}
	runfile_writer_meta(w, "label_smoothing: %g", r->label_smoothing);
	runfile_writer_meta(w, "init: %s", r->init);
	runfile_writer_meta(w, "momentum: %g", r->momentum);
	runfile_writer_meta(w, "weight_decay: %g", r->weight_decay);
	runfile_writer_meta(w, "inhibitory_units: %zu", r->inhibitory_units);
	runfile_writer_meta(w, "parameters: %zu", r->parameters);
	runfile_writer_meta(w, "precision: %s", REAL_NAME);
	runfile_writer_meta(w, "blas: %s", r->blas);
	if (r->diverged_epoch)
		runfile_writer_meta(w, "diverged: yes, non-finite training loss in epoch %ld", r->diverged_epoch);
	else
		runfile_writer_meta(w, "diverged: no");
	/* the labels are those of the literate document (paper/4.5-statistics.md, paper/2.2-inorm.md) */
	runfile_writer_meta(w, "columns: accuracies in percent; l<k>_mu/var: hidden layer k pre-activation, mean and "
			       "centred variance across units, last 32 training images with fresh shifts after the epoch "
			       "((4.5.9)-(4.5.10)); *_test: the same and the raw second moment averaged over the test pass (I-Norm "
			       "models: Z, the normalised pre-activation); local_loss: I-Norm local loss; out_align, "
			       "grad_align: output and gradient alignment at the epoch's last training step ((2.2.7)), "
			       "nan for models without I-Norm layers");
	return runfile_writer_commit(w, err);
}
