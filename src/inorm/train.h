/* train.h: the training run of paper §4.4, (4.4.4), with the simultaneous update of (4.4.2a): every epoch trains on
 * every batch of 32 training images (file order unless shuffled) with fresh luminance shifts, then evaluates on the
 * whole test set with fresh shifts. A non-finite training loss ends the run early: the epoch in which it happened is
 * evaluated as it stands and reported with diverged = 1. The loop only trains: it hands each epoch's record (the row
 * of the run file, runfile.h) and its progress to callbacks the caller supplies, and reports what the run file's
 * metadata needs in its result; writing and printing are the caller's (cmd_train.c). */
#ifndef INHIBNORM_TRAIN_H
#define INHIBNORM_TRAIN_H

#include "inorm/net.h"
#include "inorm/train_runfile.h"

#define TRAIN_BATCH 32

struct train_opts {
	const struct model_desc *model;
	struct net_opts net;
	struct sgd_opts sgd;
	double eps;               /* luminance range, [0, 1] */
	long epochs;
	long train_limit;         /* use only the first N training images (0: all) */
	long test_limit;          /* evaluate on the first N test images (0: all) */
	unsigned long seed;
	int shuffle;              /* reshuffle the training order every epoch */
	long poison_step;         /* testing aid: set one weight to NaN before this training step (1-based; 0: off) */
	const char *data_dir;     /* Fashion-MNIST directory */
};

/* Where a run is during training, for a progress line. */
struct train_progress {
	long epoch, epochs;       /* the current epoch (1-based) and the run's */
	size_t batch, nbatch;     /* batches of this epoch done, and in all */
	double loss;              /* mean training loss of the epoch so far */
	double rate;              /* training images per second in this epoch */
	double seconds_left;      /* estimated from the time so far */
};

/* The caller's side of a run; any member may be NULL. */
struct train_hooks {
	void *ctx;                /* passed to both */
	/* Each finished epoch's record (the last one of a diverged run too). A nonzero return (an exit code, message in
	 * err) stops the run with that status. */
	int (*epoch)(void *ctx, const struct runfile_epoch *e, char *err);
	/* During training, at most every half second and at each epoch's last batch. */
	void (*progress)(void *ctx, const struct train_progress *p);
};

/* What a run ended with, and what the run file's metadata records besides the options. */
struct train_result {
	long epochs_done;
	double final_test_acc, final_train_loss;
	int diverged;             /* the run diverged in epoch epochs_done */
	double train_seconds;     /* summed over epochs, training batches only */
	size_t train_images, test_images; /* used: the limits applied to the data set's sizes */
	size_t inhibitory_units, parameters; /* per hidden layer; in the whole network */
	char blas[256];           /* OpenBLAS core and threads (blas.h) */
};

/* What a training step reports besides the task loss. */
struct step_extra {
	int want_alignment;       /* in: compute the alignment diagnostics (costly; once per epoch) */
	double local_loss;        /* out: summed I-Norm local losses (0 for other models) */
	double out_align, grad_align; /* out: (2.2.7), if asked for (NaN for models without I-Norm layers) */
};

/* One SGD step on a batch x (B, 784) with labels (B): forward, task loss, and, if it is finite, the local losses,
 * the backward pass and one simultaneous parameter update. Returns the task loss; adds the batch's correct answers
 * to *correct. extra may be NULL. */
double train_step(struct net *n, struct net_ws *ws, size_t B, const real *x, const uint8_t *labels,
		  const struct sgd_opts *o, long *correct, struct step_extra *extra);

/* Trains, handing each epoch's record and the progress to hooks (NULL: none). Returns INB_OK, INB_EDATA (bad data
 * files), INB_EUSAGE (bad width), INB_EINTERNAL, or what hooks->epoch returned; a diverged run is not an error. */
int train_run(const struct train_opts *o, const struct train_hooks *hooks, struct train_result *res, char *err);

#endif
