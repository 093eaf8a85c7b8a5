/* cmd_train.c: `inhibnorm train`, one training run (paper §4.4, (4.4.3)-(4.4.4)) into one run file: the options,
 * the run file's writer (runfile.h) fed by the training loop's epoch hook, and the progress line on a terminal. */
#define _POSIX_C_SOURCE 200809L
#include "cli/commands.h"
#include "core/common.h"
#include "inorm/configs.h"
#include "data/fmnist.h"
#include "inorm/gradnorm.h"
#include "inorm/net.h"
#include "formats/outfile.h"
#include "inorm/train_runfile.h"
#include "inorm/train.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const init_names[] = { "lognormal", "exponential", NULL };

/* The training loop's hooks: each epoch's row goes to the run file, the progress to one updating line on stderr. */
struct sink {
	struct runfile_writer w;
	const char *model;
	double eps;
	int shown;                /* a progress line is on the terminal */
};

static int on_epoch(void *ctx, const struct runfile_epoch *e, char *err)
{
	struct sink *s = ctx;
	return runfile_train_row(&s->w, e) ? inb_fail(err, INB_EINTERNAL, "out of memory") : INB_OK;
}

static void on_progress(void *ctx, const struct train_progress *p)
{
	struct sink *s = ctx;
	fprintf(stderr, "\r%s eps=%g epoch %ld/%ld batch %zu/%zu loss %.4f %6.0f img/s %4.0fs left   ", s->model, s->eps,
		p->epoch, p->epochs, p->batch, p->nbatch, p->loss, p->rate, p->seconds_left);
	fflush(stderr);
	s->shown = 1;
}

int cmd_train(int argc, char **argv)
{
	const char *model = NULL, *out = NULL, *data = NULL, *init = "lognormal";
	long config = 13, epochs = 50, seed = 0, width = 0, train_limit = 0, test_limit = 0, poison = 0;
	double eps = 0, lr = 0, lr_wix = 0, lr_wei = 0, smoothing = 0.1, momentum = 0, wd = 0, lambda = 0.01;
	int shuffle = 0, no_smoothing = 0, quiet = 0, g_width = 0, g_lr = 0, g_wix = 0, g_wei = 0;
	const struct opt opts[] = {
		{ "model", OPT_CHOICE | OPT_REQUIRED, &model, 0, 0, "ID", "model to train (required)", model_ids, NULL },
		{ "config", OPT_INT, &config, 0, CONFIG_COUNT - 1, "I", "hyper-parameter configuration ((4.4.3))",
		  NULL, NULL },
		{ "eps", OPT_REAL, &eps, 0, 1, "E", "luminance range: shifts drawn from [-E, E)", NULL, NULL },
		{ "epochs", OPT_INT, &epochs, 1, 100000, "N", "training epochs", NULL, NULL },
		{ "seed", OPT_INT, &seed, 0, 4294967295.0, "S", "seed of the initial weights and of the shifts", NULL,
		  NULL },
		{ "out", OPT_STR | OPT_REQUIRED, &out, 0, 0, "FILE", "run file to write (required)", NULL, NULL },
		{ "width", OPT_INT, &width, 2, 100000, "W", "hidden width (overrides the configuration)", NULL,
		  &g_width },
		{ "lr", OPT_REAL, &lr, 0, 1e9, "ETA", "learning rate of W^EE and biases (overrides)", NULL, &g_lr },
		{ "lr-wix", OPT_REAL, &lr_wix, 0, 1e9, "ETA", "learning rate of W^IE (overrides)", NULL, &g_wix },
		{ "lr-wei", OPT_REAL, &lr_wei, 0, 1e9, "ETA", "learning rate of W^EI (overrides)", NULL, &g_wei },
		{ "lambda", OPT_REAL, &lambda, 0, 1e6, "L", "weight of the I-Norm local loss (I-Norm models)", NULL,
		  NULL },
		CMD_OPT_TRAIN_LIMIT(&train_limit),
		CMD_OPT_TEST_LIMIT(&test_limit),
		CMD_OPT_DATA(&data),
		{ "shuffle", OPT_FLAG, &shuffle, 0, 0, NULL, "reshuffle the training order every epoch (default: file "
		  "order, as the authors)", NULL, NULL },
		{ "label-smoothing", OPT_REAL, &smoothing, 0, 0.99, "A", "label smoothing of the cross-entropy", NULL,
		  NULL },
		{ "no-smoothing", OPT_FLAG, &no_smoothing, 0, 0, NULL, "plain cross-entropy (label smoothing 0)", NULL,
		  NULL },
		{ "init", OPT_CHOICE, &init, 0, 0, "DIST", "distribution of the positive initial weights", init_names,
		  NULL },
		{ "momentum", OPT_REAL, &momentum, 0, 0.999, "M", "SGD momentum (the paper: 0)", NULL, NULL },
		{ "weight-decay", OPT_REAL, &wd, 0, 1, "WD", "decoupled weight decay of excitatory groups (the paper: 0)",
		  NULL, NULL },
		{ "poison-step", OPT_INT, &poison, 0, 1e12, "K", "testing aid: set one weight to NaN before training "
		  "step K, to exercise the divergence path (0: off)", NULL, NULL },
		{ "quiet", OPT_FLAG, &quiet, 0, 0, NULL, "no progress line (it is shown only on a terminal anyway)", NULL,
		  NULL },
	};
	const struct cli_cmd cmd = {
		"train", "Train one network and write its run file.", NULL,
		"Each epoch trains on every batch of 32 training images with fresh luminance shifts, then evaluates\n"
		"on the test set with fresh shifts. The run file holds metadata lines starting with '#', a header\n"
		"line and one tab-separated row per epoch; its last row is the run's result. A non-finite loss\n"
		"ends the run early and is recorded (column 'diverged', metadata line '# diverged').\n"
		"Exit codes: 0 ok (also for a diverged run), 1 internal, 2 usage, 3 bad data, 4 cannot write.",
		CMD_OPTS(opts) };
	CMD_PARSE(&cmd, argc, argv, 0);
	int rc = INB_OK;

	const struct config *c = &configs[config];
	struct train_opts o = { 0 };
	o.model = model_find(model);
	o.net.width = g_width ? width : c->width;
	o.net.lr = g_lr ? lr : c->lr;
	o.net.lr_wix = g_wix ? lr_wix : c->lr_wix;
	o.net.lr_wei = g_wei ? lr_wei : c->lr_wei;
	o.net.label_smoothing = no_smoothing ? 0 : smoothing;
	o.net.lambda = lambda;
	o.net.dist = !strcmp(init, "exponential") ? INIT_EXPONENTIAL : INIT_LOGNORMAL;
	o.net.seed = (uint64_t)seed;
	o.net.config = (uint64_t)config;
	o.sgd.momentum = momentum;
	o.sgd.weight_decay = wd;
	o.eps = eps;
	o.epochs = epochs;
	o.train_limit = train_limit;
	o.test_limit = test_limit;
	o.seed = (unsigned long)seed;
	o.shuffle = shuffle;
	o.poison_step = poison;
	o.data_dir = fmnist_resolve_dir(data);

	char *line = cmd_command_line(argc, argv);
	if (!line)
		return cmd_report(INB_EINTERNAL, "out of memory");

	char err[INB_ERRLEN];
	/* a run file is about 2 KB plus 300 bytes an epoch: make sure that much can be written before training */
	if ((rc = outfile_probe(out, 8192 + 512 * (size_t)epochs, err))) {
		free(line);
		return cmd_report(rc, err);
	}
	/* the run file's temporary is opened first, so that an unwritable path fails before any training */
	struct sink sink = { .model = o.model->id, .eps = eps };
	if ((rc = runfile_train_open(&sink.w, out, err))) {
		free(line);
		return cmd_report(rc, err);
	}
	const struct train_hooks hooks = { &sink, on_epoch, !quiet && isatty(STDERR_FILENO) ? on_progress : NULL };
	struct train_result res;
	rc = train_run(&o, &hooks, &res, err);
	if (sink.shown)
		fputc('\n', stderr);
	if (!rc) {
		const struct runfile_run run = {
			.command = line, .model = o.model->id, .legend = o.model->legend, .config = config,
			.width = o.net.width, .lr = o.net.lr, .lr_wix = o.net.lr_wix, .lr_wei = o.net.lr_wei, .eps = o.eps,
			.seed = o.seed, .epochs = o.epochs, .batch = TRAIN_BATCH, .train_images = res.train_images,
			.test_images = res.test_images, .shuffle = o.shuffle, .inorm = model_is_inorm(o.model),
			.lambda = o.net.lambda, .gradnorm = gradnorm_name(o.model->mode),
			.label_smoothing = o.net.label_smoothing,
			.init = o.net.dist == INIT_EXPONENTIAL ? "exponential" : "lognormal", .momentum = o.sgd.momentum,
			.weight_decay = o.sgd.weight_decay, .inhibitory_units = res.inhibitory_units,
			.parameters = res.parameters, .blas = res.blas, .diverged_epoch = res.diverged ? res.epochs_done : 0,
		};
		rc = runfile_train_commit(&sink.w, &run, err);
	} else {
		runfile_writer_abort(&sink.w);
	}
	free(line);
	if (rc)
		return cmd_report(rc, err);
	if (res.diverged)
		fprintf(stderr, "inhibnorm: train: run diverged in epoch %ld (non-finite loss); recorded in %s\n",
			res.epochs_done, out);
	return INB_OK;
}
