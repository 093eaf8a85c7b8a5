/* train.h: the training run of paper §4.4 (spec §2, §5.2-5.3): every epoch trains on every batch of 32 training
 * images (file order unless shuffled) with fresh luminance shifts, then evaluates on the whole test set with fresh
 * shifts. The result is a run file, written atomically when the run ends:
 *   '#' metadata lines (version, command line, model, configuration, eps, seed, OpenBLAS core and threads, whether
 *   and where the run diverged), one header line of tab-separated column names, one row per epoch.
 * The last row is the run's result. A non-finite training loss ends the run early: the epoch in which it happened
 * is evaluated as it stands and recorded with diverged = 1. */
#ifndef INHIBNORM_TRAIN_H
#define INHIBNORM_TRAIN_H

#include "net.h"

#define TRAIN_BATCH 32

struct train_opts {
	const struct model_desc *model;
	struct net_opts net;
	struct sgd_opts sgd;
	double eps;               /* luminance range, [0, 1] */
	long epochs;
	long config;              /* index into configs[], recorded; net holds the values in effect */
	long train_limit;         /* use only the first N training images (0: all) */
	long test_limit;          /* evaluate on the first N test images (0: all) */
	unsigned long seed;
	int shuffle;              /* reshuffle the training order every epoch */
	int progress;             /* one updating status line on stderr */
	long poison_step;         /* testing aid: set one weight to NaN before this training step (1-based; 0: off) */
	const char *data_dir;     /* Fashion-MNIST directory */
	const char *out;          /* run file */
	const char *cmdline;      /* recorded in the metadata */
};

/* What a run ended with (also in the run file). */
struct train_result {
	long epochs_done;
	double final_test_acc, final_train_loss;
	int diverged;
	double train_seconds;     /* summed over epochs, training batches only */
};

/* What a training step reports besides the task loss. */
struct step_extra {
	int want_alignment;       /* in: compute the alignment diagnostics (costly; once per epoch) */
	double local_loss;        /* out: summed I-Norm local losses (0 for other models) */
	double out_align, grad_align; /* out: spec §7.3, if asked for (NaN for models without I-Norm layers) */
};

/* One SGD step on a batch x (B, 784) with labels (B): forward, task loss, and, if it is finite, the local losses,
 * the backward pass and one simultaneous parameter update. Returns the task loss; adds the batch's correct answers
 * to *correct. extra may be NULL. */
double train_step(struct net *n, struct net_ws *ws, size_t B, const real *x, const uint8_t *labels,
		  const struct sgd_opts *o, long *correct, struct step_extra *extra);

/* Trains and writes the run file. Returns INB_OK, INB_EDATA (bad data files), INB_EWRITE, INB_EINTERNAL;
 * a diverged run is not an error. */
int train_run(const struct train_opts *o, struct train_result *res, char *err);

#endif
