/* train_runfile.c: the run file of `inhibnorm train` (see train_runfile.h). */
#include "inorm/train_runfile.h"
#include "core/common.h"

#include <string.h>


#define M RUNFILE_FINITE
static const struct runfile_column train_columns[] = {
	{ "epoch", "%.0f", RUNFILE_ROW },
	{ "train_loss", "%.6g", RUNFILE_ANY },
	{ "train_acc", "%.4f", RUNFILE_PERCENT },
	{ "test_loss", "%.6g", RUNFILE_ANY },
	{ "test_acc", "%.2f", RUNFILE_PERCENT },
	{ "l0_mu", "%.6g", M }, { "l0_var", "%.6g", M }, { "l1_mu", "%.6g", M }, { "l1_var", "%.6g", M },
	{ "l0_mu_test", "%.6g", M }, { "l0_var_test", "%.6g", M }, { "l0_sq_test", "%.6g", M },
	{ "l1_mu_test", "%.6g", M }, { "l1_var_test", "%.6g", M }, { "l1_sq_test", "%.6g", M },
	{ "local_loss", "%.6g", RUNFILE_ANY },
	{ "out_align", "%.6g", RUNFILE_FINITE_IF },
	{ "grad_align", "%.6g", RUNFILE_FINITE_IF },
	{ "diverged", "%.0f", RUNFILE_DIVERGED },
	{ "train_seconds", "%.3f", RUNFILE_SECONDS },
	{ "eval_seconds", "%.3f", RUNFILE_SECONDS },
};
#undef M
#define TRAIN_NCOLS ((int)(sizeof train_columns / sizeof train_columns[0]))

/* the alignments exist for I-Norm models only */
static int is_inorm(const struct runfile *rf)
{
	char v[64];
	return !runfile_meta(rf, "model", v, sizeof v) && !strncmp(v, "inorm", 5);
}

const struct runfile_schema train_run_schema = {
	.title = "inhibnorm run file",
	.cols = train_columns,
	.ncols = TRAIN_NCOLS,
	.all_columns = 0,
	.rows_are_epochs = 1,
	.seconds_at_epoch_end = 0,
	.finite_if = is_inorm,
	.check = NULL,
};

int runfile_train_open(struct runfile_writer *w, const char *path, char *err)
{
	return runfile_writer_open(w, path, &train_run_schema, err);
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
