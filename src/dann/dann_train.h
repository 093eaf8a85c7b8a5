/* dann_train.h: one training run of the DANN paper's protocol (§5.1; paper/dann-5-experiments.md): plain SGD at a
 * constant rate, batch 32, a fresh shuffle of the training images every epoch, Algorithm 3 before and Algorithm 2's
 * projection after each step where the model has them; the d-NGD model corrects with Algorithm 4 instead, in batches of
 * 250 (dann_fisher.h), and Algorithms 5 and 6 may be turned on for the other DANN models (dann_policy.h). Test error on
 * the whole test set, as one batch, before training, every eval_every updates, at the end of every epoch and after each
 * of the last five updates; each evaluation is a row handed to the caller's hook (cmd_dann.c writes them into the run
 * file, whose columns are those of struct dn_row: update, epoch, epoch_end (1 on the row that closes an epoch),
 * train_err and train_loss (mean over the epoch's minibatches so far, before each update, as the released code records
 * them), test_err, test_loss, diverged, train_seconds (training time of the epoch so far), eval_seconds (this
 * evaluation), and the per-layer statistics of Algorithms 4-6 when the run has them). The last row is the run's result
 * (end of the last epoch). The result holds what the run file's metadata records besides the options. A non-finite
 * training loss ends the run: it is evaluated as it stands and recorded with diverged = 1. Nothing here prints or
 * writes a file. */
#ifndef INHIBNORM_DANN_TRAIN_H
#define INHIBNORM_DANN_TRAIN_H

#include "dann/dann_net.h"
#include "dann/dann_policy.h"

#define DN_EVAL_EVERY 200

struct dn_train_opts {
	const struct dn_model *m;
	double lr;                /* learning rate */
	size_t width;             /* hidden width (0: the model's) */
	long epochs;
	unsigned long seed;       /* initial weights and the shuffles */
	long train_limit;         /* train on the first N training images only (0: all) */
	long test_limit;          /* evaluate on the first N test images only (0: all) */
	long eval_every;          /* test error every this many updates */
	long poison_step;         /* testing aid: set one weight to NaN before this update (1-based; 0: off) */
	const char *data_dir;     /* directory of the four IDX files */
	struct dn_policy_opts policy; /* Algorithms 5 and 6 (zeroed: off) */
};

/* One test evaluation: a row of the run file. */
struct dn_row {
	long update, epoch;       /* updates so far (0: before training); the epoch (0 before training) */
	int epoch_end, diverged;  /* the row closes an epoch; the training loss was not finite */
	double train_err, train_loss, test_err, test_loss; /* errors in percent */
	double train_s, eval_s;   /* training time of the epoch so far; this evaluation */
	/* per layer; NaN where the run has no such statistic or no update of the epoch has been made */
	double clipped[DN_LAYERS]; /* Algorithm 5: percent of the epoch's updates so far whose gradient was clipped */
	double rate[DN_LAYERS];    /* Algorithm 6: mean over the epoch's updates so far of the rate / the run's rate */
	double dnorm[DN_LAYERS];   /* Algorithm 4: ||D restricted to W^EE|| at the latest update */
	double floor[DN_LAYERS];   /* Algorithm 4: entries whose F is below the damping, at the latest update */
	double guard[DN_LAYERS];   /* Algorithm 4: non-finite corrected entries set to 0 in the epoch's updates so far */
};

/* The caller's side of a run. row, if not NULL, receives every row in order; update, if not NULL, receives after
 * every finite d-NGD update (Algorithm 4) its number, epoch and Figure 2's cosines per layer (cos(f, u) and
 * cos(f, h), DN_LAYERS each; dann_fisher.h). A nonzero return (an exit code, message in err) stops the run with that
 * status. */
struct dn_train_hooks {
	void *ctx;
	int (*row)(void *ctx, const struct dn_row *r, char *err);
	int (*update)(void *ctx, long update, long epoch, const double *cos_fu, const double *cos_fh, char *err);
};

struct dn_train_result {
	long epochs_done, updates;
	int diverged;
	double train_err, test_err;   /* of the last row, in percent */
	double test_err_last5;        /* mean test error after the last five updates */
	double train_seconds;         /* summed over epochs, training steps only */
	size_t width, inhibitory_units, parameters; /* of the network trained (inhibitory units of one hidden layer) */
	size_t train_images, test_images; /* used: the limits applied to the data set's sizes */
	double pixel_mean;            /* mean training pixel in [0, 1] (ColumnEi centres its inputs on it) */
	char blas[256];               /* OpenBLAS core and threads (blas.h) */
	size_t batch;                 /* minibatch size */
	long guard_total;             /* Algorithm 4: non-finite corrected entries set to 0, all updates */
	long bad_logits_total;        /* Algorithm 4: non-finite logits set to 0 before sampling, all updates */
};

/* One update on a batch x (B, n_in) with labels (B): forward, loss, and, if it is finite, backward, Algorithm 3 if
 * the model corrects, the step with projection. Returns the loss; adds the batch's wrong answers to *wrong. */
double dn_train_step(struct dn_net *n, struct dn_ws *ws, size_t B, const real *x, const uint8_t *labels, double lr,
		     long *wrong);

/* Trains, handing each row to hooks (NULL: none). The d-NGD model samples its labels from its own stream, keyed by
 * (seed, epoch), so its batches are those of the other models. Returns INB_OK, INB_EUSAGE (bad options, or Algorithms
 * 5-6 asked of a model that is not a DANN trained by SGD), INB_EDATA (bad data files), INB_EINTERNAL, or what
 * hooks->row returned; a diverged run is not an error. */
int dn_train_run(const struct dn_train_opts *o, const struct dn_train_hooks *hooks, struct dn_train_result *res,
		 char *err);

#endif
