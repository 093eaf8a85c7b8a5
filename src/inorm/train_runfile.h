/* train_runfile.h: the run file of `inhibnorm train` (train.h), one row per epoch: its schema (columns, formats,
 * checks), the row and the metadata a run writes, through formats/runfile.h. */
#ifndef INHIBNORM_TRAIN_RUNFILE_H
#define INHIBNORM_TRAIN_RUNFILE_H

#include "formats/runfile.h"

#include <stddef.h>

/* The schema: title "inhibnorm run file"; epoch counts rows; accuracies are finite percentages; the moments are
 * finite, and for I-Norm models (model id "inorm...") the alignments too, in every epoch that did not diverge; the
 * rows are as many as '# epochs:' or the divergence epoch. */
extern const struct runfile_schema train_run_schema;

/* One epoch's row, the columns in order (accuracies in percent). */
struct runfile_epoch {
	long epoch;                   /* 1, 2, ... */
	double train_loss, train_acc, test_loss, test_acc;
	double mu[2], var[2];         /* l<k>_mu, l<k>_var: hidden layer k, last 32 training images ((4.5.9)-(4.5.10)) */
	double mu_test[2], var_test[2], sq_test[2]; /* l<k>_*_test: averaged over the test pass ((4.5.9)-(4.5.11)) */
	double local_loss;            /* I-Norm local loss (NaN for other models) */
	double out_align, grad_align; /* (2.2.7) at the epoch's last training step (NaN for models without I-Norm) */
	int diverged;                 /* 1 on the epoch whose training loss was not finite */
	double train_seconds, eval_seconds;
};

/* What a training run's metadata records. */
struct runfile_run {
	const char *command;                /* the command line */
	const char *model, *legend;         /* model id and legend */
	long config, width;
	double lr, lr_wix, lr_wei, eps;
	unsigned long seed;
	long epochs;                        /* asked for */
	int batch;
	size_t train_images, test_images;
	int shuffle;
	int inorm;                          /* an I-Norm model: lambda and gradnorm are recorded */
	double lambda;
	const char *gradnorm;
	double label_smoothing;
	const char *init;                   /* "lognormal" or "exponential" */
	double momentum, weight_decay;
	size_t inhibitory_units, parameters;
	const char *blas;                   /* OpenBLAS core and threads */
	long diverged_epoch;                /* the epoch whose training loss was not finite; 0 if none */
};

/* runfile_writer_open with the columns of a training run. */
int runfile_train_open(struct runfile_writer *w, const char *path, char *err);

/* Appends an epoch's row. Returns INB_OK or INB_EINTERNAL. */
int runfile_train_row(struct runfile_writer *w, const struct runfile_epoch *e);

/* Adds the metadata of run (the program version and precision too) and commits (runfile_writer_commit). */
int runfile_train_commit(struct runfile_writer *w, const struct runfile_run *run, char *err);


#endif
