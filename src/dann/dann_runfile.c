/* dann_runfile.c: the run files of `inhibnorm dann-train` (see dann_runfile.h). */
#define _POSIX_C_SOURCE 200809L
#include "dann/dann_runfile.h"
#include "core/common.h"
#include "dann/dann_fisher.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The run file of `inhibnorm dann-train`: one row per test evaluation (struct dn_row). Both kinds of run file
 * start with these columns. */
#define DANN_BASE_COLUMNS                                                                                      \
	{ "update", "%.0f", RUNFILE_COUNT }, { "epoch", "%.0f", RUNFILE_COUNT },                               \
	{ "epoch_end", "%.0f", RUNFILE_BIT }, { "train_err", "%.4f", RUNFILE_PERCENT_OR_NAN },                 \
	{ "train_loss", "%.6g", RUNFILE_ANY }, { "test_err", "%.4f", RUNFILE_PERCENT },                        \
	{ "test_loss", "%.6g", RUNFILE_ANY }, { "diverged", "%.0f", RUNFILE_DIVERGED },                        \
	{ "train_seconds", "%.3f", RUNFILE_SECONDS }, { "eval_seconds", "%.3f", RUNFILE_SECONDS }
static const struct runfile_column dann_columns[] = { DANN_BASE_COLUMNS };
#define DANN_NCOLS ((int)(sizeof dann_columns / sizeof dann_columns[0]))

/* The second kind: the columns above, then the statistics groups, each one column per layer. */
#define LAYER_COLS(name, fmt, check) { name "_l1", fmt, check }, { name "_l2", fmt, check }, \
	{ name "_l3", fmt, check }, { name "_l4", fmt, check }
static const struct runfile_column stats_columns[] = {
	DANN_BASE_COLUMNS,
	LAYER_COLS("clipped", "%.4f", RUNFILE_PERCENT_OR_NAN), /* DN_STATS_CLIP */
	LAYER_COLS("lr_scale", "%.6g", RUNFILE_ANY),           /* DN_STATS_RATE */
	LAYER_COLS("dinv_norm", "%.6g", RUNFILE_ANY),          /* DN_STATS_FISHER */
	LAYER_COLS("dinv_floor", "%.0f", RUNFILE_ANY),
	LAYER_COLS("guard", "%.0f", RUNFILE_ANY),
};
#undef LAYER_COLS
#undef DANN_BASE_COLUMNS
#define STATS_NCOLS ((int)(sizeof stats_columns / sizeof stats_columns[0]))
/* the first column of each group in stats_columns, and its number of columns */
static const struct {
	unsigned group;
	int first, count;
} stats_groups[] = { { DN_STATS_CLIP, DANN_NCOLS, DN_LAYERS }, { DN_STATS_RATE, DANN_NCOLS + DN_LAYERS, DN_LAYERS },
		     { DN_STATS_FISHER, DANN_NCOLS + 2 * DN_LAYERS, 3 * DN_LAYERS } };
#define NGROUPS ((int)(sizeof stats_groups / sizeof stats_groups[0]))

/* The rules of a complete DANN run file beyond its columns' checks: '# eval_every: K' (K >= 1); the first row is the
 * evaluation before training (update 0, epoch 0); updates increase and epochs never decrease from row to row; each
 * epoch 1..E closes with exactly one epoch_end row; and the last row closes epoch E of '# epochs: E', unless the
 * run diverged, when it closes the epoch it diverged in. A file cut at a row boundary ends before that row. */
static int dann_check(const char *path, const struct runfile *rf, char *err)
{
	char v[64];
	long k;
	char *end;
	if (runfile_meta(rf, "eval_every", v, sizeof v) || (k = strtol(v, &end, 10)) < 1 || *end)
		return inb_fail(err, INB_EDATA, "%s: expected an '# eval_every: K' line (K >= 1): not a finished DANN run",
				path);
	const int cu = runfile_column(rf, "update"), ce = runfile_column(rf, "epoch"),
		  cend = runfile_column(rf, "epoch_end");
	const long first = rf->header_line + 1;
	if (runfile_value(rf, 0, cu) != 0 || runfile_value(rf, 0, ce) != 0)
		return inb_fail(err, INB_EDATA, "%s:%ld: the first row is update %g of epoch %g, expected update 0 of "
				"epoch 0 (the evaluation before training)", path, first, runfile_value(rf, 0, cu),
				runfile_value(rf, 0, ce));
	long closed = 0;
	for (long r = 1; r < rf->rows; r++) {
		const double u = runfile_value(rf, r, cu), e = runfile_value(rf, r, ce);
		if (!(u > runfile_value(rf, r - 1, cu)))
			return inb_fail(err, INB_EDATA, "%s:%ld: update %g after update %g, expected updates to increase",
					path, first + r, u, runfile_value(rf, r - 1, cu));
		if (e < runfile_value(rf, r - 1, ce) || e < 1 || e > rf->epochs)
			return inb_fail(err, INB_EDATA, "%s:%ld: epoch %g after epoch %g, expected epochs in order within "
					"1..%ld", path, first + r, e, runfile_value(rf, r - 1, ce), rf->epochs);
		if (runfile_value(rf, r, cend) == 1) {
			if (e != (double)(closed + 1))
				return inb_fail(err, INB_EDATA, "%s:%ld: a row closes epoch %g, expected epoch %ld to close "
						"next", path, first + r, e, closed + 1);
			closed++;
		} else if (e != (double)(closed + 1)) {
			return inb_fail(err, INB_EDATA, "%s:%ld: a row of epoch %g before epoch %ld closed", path,
					first + r, e, closed + 1);
		}
	}
	const long want = rf->diverged ? rf->diverged_epoch : rf->epochs;
	const long lastline = rf->header_line + rf->rows;
	if (runfile_value(rf, rf->rows - 1, cend) != 1 || closed != want)
		return inb_fail(err, INB_EDATA, "%s:%ld: the file ends after %ld closed epochs (the last row: update %g of "
				"epoch %g), expected it to close epoch %ld (%s): the file is cut short", path, lastline,
				closed, runfile_value(rf, rf->rows - 1, cu), runfile_value(rf, rf->rows - 1, ce), want,
				rf->diverged ? "'# diverged:' epoch" : "'# epochs:'");
	return INB_OK;
}

/* The second kind's header: the first kind's columns, in order, then statistics columns (the reader has checked
 * that each is declared, and none twice); then the first kind's rules. */
static int stats_check(const char *path, const struct runfile *rf, char *err)
{
	for (int c = 0; c < DANN_NCOLS; c++)
		if (c >= rf->ncols || strcmp(rf->names[c], dann_columns[c].name))
			return inb_fail(err, INB_EDATA, "%s:%ld: header column %d is '%s', expected '%s' ('# %s')", path,
					rf->header_line, c + 1, c < rf->ncols ? rf->names[c] : "(none)",
					dann_columns[c].name, dn_run_stats_schema.title);
	if (rf->ncols == DANN_NCOLS)
		return inb_fail(err, INB_EDATA, "%s:%ld: a header without statistics columns, expected some after '%s' "
				"('# %s')", path, rf->header_line, dann_columns[DANN_NCOLS - 1].name,
				dn_run_stats_schema.title);
	return dann_check(path, rf, err);
}

const struct runfile_schema dn_run_schema = {
	.title = "inhibnorm run file (DANN paper)",
	.cols = dann_columns,
	.ncols = DANN_NCOLS,
	.all_columns = 1,
	.rows_are_epochs = 0,
	.seconds_at_epoch_end = 1,
	.finite_if = NULL,
	.check = dann_check,
};

const struct runfile_schema dn_run_stats_schema = {
	.title = "inhibnorm run file (DANN paper, per-layer update statistics)",
	.cols = stats_columns,
	.ncols = STATS_NCOLS,
	.all_columns = 0,
	.rows_are_epochs = 0,
	.seconds_at_epoch_end = 1,
	.finite_if = NULL,
	.check = stats_check,
};

int dn_runfile_read(const char *path, struct runfile *rf, char *err)
{
	static const struct runfile_schema *const kinds[] = { &dn_run_schema, &dn_run_stats_schema };
	return runfile_read_any(path, kinds, 2, rf, err);
}

unsigned dn_runfile_groups(const struct dn_train_opts *o)
{
	return (o->m->rule == DN_RULE_FISHER ? DN_STATS_FISHER : 0) | (o->policy.clip > 0 ? DN_STATS_CLIP : 0) |
	       (o->policy.scale ? DN_STATS_RATE : 0);
}

int dn_runfile_open(struct dn_runfile *w, const char *path, unsigned groups, char *err)
{
	memset(w, 0, sizeof *w);
	w->groups = groups;
	if (!groups)
		return runfile_writer_open(&w->w, path, &dn_run_schema, err);
	for (int c = 0; c < DANN_NCOLS; c++)
		w->cols[w->ncols++] = stats_columns[c];
	for (int g = 0; g < NGROUPS; g++)
		if (groups & stats_groups[g].group)
			for (int c = 0; c < stats_groups[g].count; c++)
				w->cols[w->ncols++] = stats_columns[stats_groups[g].first + c];
	/* the writer keeps the columns by reference: those of w, which outlives it */
	struct runfile_schema kind = dn_run_stats_schema;
	kind.cols = w->cols, kind.ncols = w->ncols;
	return runfile_writer_open(&w->w, path, &kind, err);
}

int dn_runfile_row(void *ctx, const struct dn_row *r, char *err)
{
	struct dn_runfile *w = ctx;
	double v[DN_RUNFILE_MAXCOLS] = { (double)r->update, (double)r->epoch, (double)r->epoch_end, r->train_err,
					 r->train_loss, r->test_err, r->test_loss, (double)r->diverged, r->train_s,
					 r->eval_s };
	int k = DANN_NCOLS;
	if (w->groups & DN_STATS_CLIP)
		for (int l = 0; l < DN_LAYERS; l++)
			v[k++] = r->clipped[l];
	if (w->groups & DN_STATS_RATE)
		for (int l = 0; l < DN_LAYERS; l++)
			v[k++] = r->rate[l];
	if (w->groups & DN_STATS_FISHER) {
		for (int l = 0; l < DN_LAYERS; l++)
			v[k++] = r->dnorm[l];
		for (int l = 0; l < DN_LAYERS; l++)
			v[k++] = r->floor[l];
		for (int l = 0; l < DN_LAYERS; l++)
			v[k++] = r->guard[l];
	}
	return runfile_writer_row(&w->w, v) ? inb_fail(err, INB_EINTERNAL, "out of memory") : INB_OK;
}

void dn_runfile_abort(struct dn_runfile *w)
{
	runfile_writer_abort(&w->w);
}

int dn_runfile_commit(struct dn_runfile *rw, const struct dn_train_opts *o, const char *cmdline,
		       const char *lr_source, const struct dn_train_result *res, char *err)
{
	struct runfile_writer *w = &rw->w;
	const struct dn_policy_opts *p = &o->policy;
	runfile_writer_meta(w, "version: %s", inb_version);
	runfile_writer_meta(w, "command: %s", cmdline);
	runfile_writer_meta(w, "model: %s (%s)", o->m->id, o->m->legend);
	runfile_writer_meta(w, "lr: %.17g", o->lr);
	runfile_writer_meta(w, "lr_source: %s", lr_source ? lr_source : "command line");
	if (o->m->rule == DN_RULE_FISHER) {
		runfile_writer_meta(w, "corrections: Algorithm 4 (diagonal Fisher inverse of each layer)");
		runfile_writer_meta(w, "fisher: moving average k %g, scale %g, damping %g; the inverse divided by the norm "
				    "of its W^EE block; one label per example sampled from the softmax (own stream)",
				    DN_FISHER_K, DN_FISHER_SCALE, DN_FISHER_DAMP);
		runfile_writer_meta(w, "fisher_guards: %ld non-finite corrected entries set to 0, %ld non-finite logits "
				    "set to 0 before sampling", res->guard_total, res->bad_logits_total);
	} else {
		runfile_writer_meta(w, "corrections: %s", o->m->correct ? "Algorithm 3" : "none");
	}
	if (p->clip > 0)
		runfile_writer_meta(w, "clip_norm: %.17g (Algorithm 5: each layer's corrected gradient, all six blocks)",
				    p->clip);
	if (p->scale)
		runfile_writer_meta(w, "lr_scaling: cos_eps %.17g, lr_min %.17g, lr_n %ld (Algorithm 6: each layer's rate "
				    "from %ld linearly spaced candidates, warm-started)", p->cos_eps, p->lr_min, p->lr_n,
				    p->lr_n);
	runfile_writer_meta(w, "width: %zu", res->width);
	runfile_writer_meta(w, "inhibitory_units: %zu", res->inhibitory_units);
	runfile_writer_meta(w, "seed: %lu", o->seed);
	runfile_writer_meta(w, "epochs: %ld", o->epochs);
	runfile_writer_meta(w, "batch: %d", o->m->batch);
	runfile_writer_meta(w, "train_images: %zu", res->train_images);
	runfile_writer_meta(w, "test_images: %zu", res->test_images);
	runfile_writer_meta(w, "eval_every: %ld", o->eval_every);
	runfile_writer_meta(w, "shuffle: yes");
	runfile_writer_meta(w, "data: %s", o->data_dir);
	if (o->m->kind == DN_COLEI)
		runfile_writer_meta(w, "pixel_mean: %.6f", res->pixel_mean);
	runfile_writer_meta(w, "parameters: %zu", res->parameters);
	runfile_writer_meta(w, "precision: %s", REAL_NAME);
	runfile_writer_meta(w, "blas: %s", res->blas);
	if (res->diverged)
		runfile_writer_meta(w, "diverged: yes, non-finite training loss at update %ld (epoch %ld)", res->updates,
				    res->epochs_done);
	else
		runfile_writer_meta(w, "diverged: no");
	runfile_writer_meta(w, "test_err_last5: %.4f", res->test_err_last5);
	runfile_writer_meta(w, "columns: errors in percent; train_err, train_loss: mean over the epoch's minibatches so "
			       "far (train mode, before each update); test_err, test_loss: the whole test set as one batch "
			       "after the update; train_seconds: training time of the epoch so far; eval_seconds: this "
			       "evaluation");
	if (rw->groups)
		runfile_writer_meta(w, "statistics: per layer N (1 the first, 4 the output); clipped_lN: percent of the "
				    "epoch's updates so far whose gradient Algorithm 5 clipped; lr_scale_lN: their mean rate "
				    "over the run's rate (Algorithm 6); dinv_norm_lN: norm of the Fisher inverse's W^EE block "
				    "and dinv_floor_lN: entries whose F is below the damping, at the latest update; guard_lN: "
				    "non-finite corrected entries set to 0 in the epoch's updates so far");
	return runfile_writer_commit(w, err);
}


/* ---- Figure 2's cosines ------------------------------------------------------------------------------------------- */

#define COS_COLS(name) { name "_l1", "%.9g", RUNFILE_ANY }, { name "_l2", "%.9g", RUNFILE_ANY }, \
	{ name "_l3", "%.9g", RUNFILE_ANY }, { name "_l4", "%.9g", RUNFILE_ANY }
static const struct runfile_column cos_columns[] = {
	{ "update", "%.0f", RUNFILE_COUNT },
	{ "epoch", "%.0f", RUNFILE_COUNT },
	COS_COLS("cos_fu"),
	COS_COLS("cos_fh"),
};
#undef COS_COLS
#define COS_NCOLS ((int)(sizeof cos_columns / sizeof cos_columns[0]))

/* The rules of a complete cosine file: '# updates: N' rows (N >= 1); row r (from 0) is update r + 1, of epoch
 * (r / K) + 1 with K of '# updates_per_epoch: K' (K >= 1), within 1..E of '# epochs: E'; every cosine is NaN or in
 * [-1, 1] (up to rounding). */
static int cos_check(const char *path, const struct runfile *rf, char *err)
{
	char v[64];
	long k, n;
	char *end;
	if (runfile_meta(rf, "updates_per_epoch", v, sizeof v) || (k = strtol(v, &end, 10)) < 1 || *end)
		return inb_fail(err, INB_EDATA, "%s: expected an '# updates_per_epoch: K' line (K >= 1)", path);
	if (runfile_meta(rf, "updates", v, sizeof v) || (n = strtol(v, &end, 10)) < 1 || *end)
		return inb_fail(err, INB_EDATA, "%s: expected an '# updates: N' line (N >= 1)", path);
	if (rf->rows != n)
		return inb_fail(err, INB_EDATA, "%s:%ld: %ld rows, expected %ld as '# updates:' says: the file is cut short "
				"or padded", path, rf->header_line + rf->rows, rf->rows, n);
	for (long r = 0; r < rf->rows; r++) {
		const long line = rf->header_line + 1 + r;
		if (runfile_value(rf, r, 0) != (double)(r + 1))
			return inb_fail(err, INB_EDATA, "%s:%ld: update %g, expected %ld (one row per update)", path, line,
					runfile_value(rf, r, 0), r + 1);
		if (runfile_value(rf, r, 1) != (double)(r / k + 1) || r / k + 1 > rf->epochs)
			return inb_fail(err, INB_EDATA, "%s:%ld: epoch %g, expected %ld (%ld updates per epoch, %ld epochs)",
					path, line, runfile_value(rf, r, 1), r / k + 1, k, rf->epochs);
		for (int c = 2; c < COS_NCOLS; c++) {
			const double x = runfile_value(rf, r, c);
			if (!isnan(x) && !(fabs(x) <= 1 + 1e-6))
				return inb_fail(err, INB_EDATA, "%s:%ld: %s is %g, expected a cosine in [-1, 1] or nan", path,
						line, rf->names[c], x);
		}
	}
	return INB_OK;
}

const struct runfile_schema dn_cos_schema = {
	.title = "inhibnorm run file (DANN paper, Figure 2 cosines per update)",
	.cols = cos_columns,
	.ncols = COS_NCOLS,
	.all_columns = 1,
	.rows_are_epochs = 0,
	.seconds_at_epoch_end = 0,
	.finite_if = NULL,
	.check = cos_check,
};

int dn_cosfile_open(struct dn_cosfile *w, const char *path, char *err)
{
	memset(w, 0, sizeof *w);
	return runfile_writer_open(&w->w, path, &dn_cos_schema, err);
}

int dn_cosfile_update(void *ctx, long update, long epoch, const double *cos_fu, const double *cos_fh, char *err)
{
	struct dn_cosfile *w = ctx;
	double v[COS_NCOLS] = { (double)update, (double)epoch };
	for (int l = 0; l < DN_LAYERS; l++)
		v[2 + l] = cos_fu[l], v[2 + DN_LAYERS + l] = cos_fh[l];
	w->rows++;
	return runfile_writer_row(&w->w, v) ? inb_fail(err, INB_EINTERNAL, "out of memory") : INB_OK;
}

int dn_cosfile_commit(struct dn_cosfile *cw, const struct dn_train_opts *o, const char *cmdline,
		      const struct dn_train_result *res, long updates_per_epoch, char *err)
{
	struct runfile_writer *w = &cw->w;
	runfile_writer_meta(w, "version: %s", inb_version);
	runfile_writer_meta(w, "command: %s", cmdline);
	runfile_writer_meta(w, "model: %s (%s)", o->m->id, o->m->legend);
	runfile_writer_meta(w, "lr: %.17g", o->lr);
	runfile_writer_meta(w, "seed: %lu", o->seed);
	runfile_writer_meta(w, "epochs: %ld", o->epochs);
	runfile_writer_meta(w, "batch: %d", o->m->batch);
	runfile_writer_meta(w, "train_images: %zu", res->train_images);
	runfile_writer_meta(w, "updates_per_epoch: %ld", updates_per_epoch);
	runfile_writer_meta(w, "updates: %ld", cw->rows);
	runfile_writer_meta(w, "data: %s", o->data_dir);
	runfile_writer_meta(w, "precision: %s", REAL_NAME);
	runfile_writer_meta(w, "blas: %s", res->blas);
	if (res->diverged)
		runfile_writer_meta(w, "diverged: yes, non-finite training loss at update %ld (epoch %ld)", res->updates,
				    res->epochs_done);
	else
		runfile_writer_meta(w, "diverged: no");
	runfile_writer_meta(w, "columns: one row per finite update; cos_fu_lN, cos_fh_lN: in layer N (1 the first, 4 the "
			       "output), over its six blocks concatenated, the cosine of the Fisher-corrected step f "
			       "(Algorithm 4) with the uncorrected gradient u and with its Algorithm 3 correction h; nan "
			       "where a vector is zero");
	return runfile_writer_commit(w, err);
}

void dn_cosfile_abort(struct dn_cosfile *w)
{
	runfile_writer_abort(&w->w);
}

int dn_cosfile_read(const char *path, struct runfile *rf, char *err)
{
	return runfile_read(path, &dn_cos_schema, rf, err);
}
