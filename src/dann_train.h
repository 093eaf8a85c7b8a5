/* dann_train.h: one training run of the DANN paper's protocol (§5.1; paper/dann-5-experiments.md): plain SGD at a
 * constant rate, batch 32, a fresh shuffle of the training images every epoch, Algorithm 3 before and Algorithm 2's
 * projection after each step where the model has them. Test error on the whole test set, as one batch, before
 * training, every eval_every updates, at the end of every epoch and after each of the last five updates. The result
 * is a run file written atomically when the run ends:
 *   '#' metadata lines (version, command line, model, learning rate and where it comes from, seed, sizes, OpenBLAS
 *   core and threads, whether and where the run diverged, the mean test error of the last five updates), one header
 *   line of tab-separated column names, one row per evaluation; the last row is the run's result (end of the last
 *   epoch). Columns: update, epoch, epoch_end (1 on the row that closes an epoch), train_err and train_loss (mean
 *   over the epoch's minibatches so far, before each update, as the released code records them), test_err,
 *   test_loss, diverged, train_seconds (training time of the epoch so far), eval_seconds (this evaluation).
 * A non-finite training loss ends the run: it is evaluated as it stands and recorded with diverged = 1. */
#ifndef INHIBNORM_DANN_TRAIN_H
#define INHIBNORM_DANN_TRAIN_H

#include "dann_net.h"

#define DN_BATCH 32
#define DN_EVAL_EVERY 200

struct dn_train_opts {
	const struct dn_model *m;
	double lr;                /* learning rate */
	const char *lr_source;    /* where it comes from, e.g. "Table 3 (Fashion-MNIST)", recorded */
	size_t width;             /* hidden width (0: the model's) */
	long epochs;
	unsigned long seed;       /* initial weights and the shuffles */
	long train_limit;         /* train on the first N training images only (0: all) */
	long test_limit;          /* evaluate on the first N test images only (0: all) */
	long eval_every;          /* test error every this many updates */
	long poison_step;         /* testing aid: set one weight to NaN before this update (1-based; 0: off) */
	const char *data_dir;     /* directory of the four IDX files */
	const char *out;          /* run file */
	const char *cmdline;      /* recorded in the metadata */
};

struct dn_train_result {
	long epochs_done, updates;
	int diverged;
	double train_err, test_err;   /* of the last row, in percent */
	double test_err_last5;        /* mean test error after the last five updates */
	double train_seconds;         /* summed over epochs, training steps only */
};

/* One update on a batch x (B, n_in) with labels (B): forward, loss, and, if it is finite, backward, Algorithm 3 if
 * the model corrects, the step with projection. Returns the loss; adds the batch's wrong answers to *wrong. */
double dn_train_step(struct dn_net *n, struct dn_ws *ws, size_t B, const real *x, const uint8_t *labels, double lr,
		     long *wrong);

/* Trains and writes the run file. Returns INB_OK, INB_EUSAGE (bad options), INB_EDATA (bad data files),
 * INB_EWRITE, INB_EINTERNAL; a diverged run is not an error. */
int dn_train_run(const struct dn_train_opts *o, struct dn_train_result *res, char *err);

#endif
