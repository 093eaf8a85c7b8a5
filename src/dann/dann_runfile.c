/* dann_runfile.c: the run file of `inhibnorm dann-train` (see dann_runfile.h). */
#define _POSIX_C_SOURCE 200809L
#include "dann/dann_runfile.h"
#include "core/common.h"

#include <stdlib.h>
#include <string.h>

/* The run file of `inhibnorm dann-train`: one row per test evaluation (struct dn_row). */
static const struct runfile_column dann_columns[] = {
	{ "update", "%.0f", RUNFILE_COUNT },
	{ "epoch", "%.0f", RUNFILE_COUNT },
	{ "epoch_end", "%.0f", RUNFILE_BIT },
	{ "train_err", "%.4f", RUNFILE_PERCENT_OR_NAN },
	{ "train_loss", "%.6g", RUNFILE_ANY },
	{ "test_err", "%.4f", RUNFILE_PERCENT },
	{ "test_loss", "%.6g", RUNFILE_ANY },
	{ "diverged", "%.0f", RUNFILE_DIVERGED },
	{ "train_seconds", "%.3f", RUNFILE_SECONDS },
	{ "eval_seconds", "%.3f", RUNFILE_SECONDS },
};
#define DANN_NCOLS ((int)(sizeof dann_columns / sizeof dann_columns[0]))

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

int dn_runfile_open(struct runfile_writer *w, const char *path, char *err)
{
	return runfile_writer_open(w, path, &dn_run_schema, err);
}

int dn_runfile_row(void *ctx, const struct dn_row *r, char *err)
{
	const double v[DANN_NCOLS] = { (double)r->update, (double)r->epoch, (double)r->epoch_end, r->train_err,
				       r->train_loss, r->test_err, r->test_loss, (double)r->diverged, r->train_s,
				       r->eval_s };
	return runfile_writer_row(ctx, v) ? inb_fail(err, INB_EINTERNAL, "out of memory") : INB_OK;
}

int dn_runfile_commit(struct runfile_writer *w, const struct dn_train_opts *o, const char *cmdline,
		       const char *lr_source, const struct dn_train_result *res, char *err)
{
	runfile_writer_meta(w, "version: %s", inb_version);
	runfile_writer_meta(w, "command: %s", cmdline);
	runfile_writer_meta(w, "model: %s (%s)", o->m->id, o->m->legend);
	runfile_writer_meta(w, "lr: %.17g", o->lr);
	runfile_writer_meta(w, "lr_source: %s", lr_source ? lr_source : "command line");
	runfile_writer_meta(w, "corrections: %s", o->m->correct ? "Algorithm 3" : "none");
	runfile_writer_meta(w, "width: %zu", res->width);
	runfile_writer_meta(w, "inhibitory_units: %zu", res->inhibitory_units);
	runfile_writer_meta(w, "seed: %lu", o->seed);
	runfile_writer_meta(w, "epochs: %ld", o->epochs);
	runfile_writer_meta(w, "batch: %d", DN_BATCH);
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
	return runfile_writer_commit(w, err);
}

