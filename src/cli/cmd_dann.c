/* cmd_dann.c: `inhibnorm dann-train`, one run of the DANN paper's protocol into one run file (dann_runfile.h), and
 * `inhibnorm dann-summary`, Table 3 and the Figure 4 curves from a sweep's run files (paper/dann-5-experiments.md), and
 * `inhibnorm dann-fig2-summary`, Figure 2's cosine curves (paper/dann-6-figure2.md). */
#define _POSIX_C_SOURCE 200809L
#include "cli/commands.h"
#include "core/common.h"
#include "results/dann_fig2.h"
#include "results/dann_summary.h"
#include "dann/dann_runfile.h"
#include "dann/dann_train.h"
#include "data/fmnist.h"
#include "formats/runfile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* both files of a d-NGD run asked for its cosines: the run file's rows and the cosine file's */
struct train_files {
	struct dn_runfile run;
	struct dn_cosfile cos;
};

static int files_row(void *ctx, const struct dn_row *r, char *err)
{
	return dn_runfile_row(&((struct train_files *)ctx)->run, r, err);
}

static int files_update(void *ctx, long update, long epoch, const double *cfu, const double *cfh, char *err)
{
	return dn_cosfile_update(&((struct train_files *)ctx)->cos, update, epoch, cfu, cfh, err);
}

int cmd_dann_train(int argc, char **argv)
{
	const char *model = NULL, *out = NULL, *data = NULL, *rates = "fmnist", *cos_out = NULL;
	long epochs = 50, seed = 1, width = 0, train_limit = 0, test_limit = 0, eval_every = DN_EVAL_EVERY, poison = 0;
	long lr_n = 100;
	double lr = 0, clip = 0, cos_eps = 1, lr_min = 0;
	int g_lr = 0, g_lr_min = 0, g_lr_n = 0;
	const struct opt opts[] = {
		{ "model", OPT_CHOICE | OPT_REQUIRED, &model, 0, 0, "ID", "model to train (required)", dn_model_ids,
		  NULL },
		{ "out", OPT_STR | OPT_REQUIRED, &out, 0, 0, "FILE", "run file to write (required)", NULL, NULL },
		{ "cosines", OPT_STR, &cos_out, 0, 0, "FILE", "dann-ngd: also write Figure 2's cosines, one row per "
		  "update, to FILE", NULL, NULL },
		{ "epochs", OPT_INT, &epochs, 1, 100000, "N", "training epochs", NULL, NULL },
		{ "seed", OPT_INT, &seed, 0, 4294967295.0, "S", "seed of the initial weights and of the shuffles", NULL,
		  NULL },
		{ "rates", OPT_CHOICE, &rates, 0, 0, "SET", "the paper's learning rate for this data set: fmnist (Table 3), "
		  "mnist (Table 1), kmnist (Table 2)", dn_set_ids, NULL },
		{ "lr", OPT_REAL, &lr, 1e-9, 1e4, "ETA", "learning rate (overrides --rates and the model's own)", NULL,
		  &g_lr },
		{ "width", OPT_INT, &width, 2, 100000, "W", "hidden width (default 500; ColumnEi 550)", NULL, NULL },
		CMD_OPT_TRAIN_LIMIT(&train_limit),
		CMD_OPT_TEST_LIMIT(&test_limit),
		{ "eval-every", OPT_INT, &eval_every, 1, 1e9, "K", "test error every K updates (the paper's curves: 200)",
		  NULL, NULL },
		CMD_OPT_DATA(&data),
		{ "poison-step", OPT_INT, &poison, 0, 1e12, "K", "testing aid: set one weight to NaN before update K, to "
		  "exercise the divergence path (0: off)", NULL, NULL },
		{ "clip-norm", OPT_REAL, &clip, 0, 1e30, "M", "Algorithm 5: clip each layer's corrected gradient to norm M "
		  "(0: off)", NULL, NULL },
		{ "cos-eps", OPT_REAL, &cos_eps, 0, 1, "E", "Algorithm 6: scale each layer's rate so that the cosine "
		  "between projected and unprojected new parameters is >= 1 - E (1: off)", NULL, NULL },
		{ "lr-min", OPT_REAL, &lr_min, 0, 1e4, "ETA", "Algorithm 6: the smallest candidate rate (the largest is "
		  "the run's)", NULL, &g_lr_min },
		{ "lr-n", OPT_INT, &lr_n, 2, 1e6, "N", "Algorithm 6: number of candidate rates, linearly spaced", NULL,
		  &g_lr_n },
	};
	const struct cli_cmd cmd = {
		"dann-train", "Train one network of the DANN paper and write its run file.", NULL,
		"Plain SGD at a constant rate, batch 32, a fresh shuffle every epoch; DANN models apply\n"
		"Algorithm 3 (except dann-nc) and project to >= 0 after each step; dann-ngd corrects with\n"
		"Algorithm 4 instead (the Fisher, batch 250, rate 300). --clip-norm and --cos-eps turn on\n"
		"Algorithms 5 and 6 for dann, dann-nc and dann-1i (both off by default). The run file holds '#'\n"
		"metadata lines, a header and one row per test evaluation (every K updates, each epoch's end\n"
		"and the last five updates); its last row is the run's result. A non-finite loss ends the run\n"
		"and is recorded ('# diverged'). Exit codes: 0 ok (also for a diverged run), 1 internal, 2 usage,\n"
		"3 bad data, 4 cannot write.",
		CMD_OPTS(opts) };
	CMD_PARSE(&cmd, argc, argv, 0);
	int rc = INB_OK;
	struct dn_train_opts o = { 0 };
	o.m = dn_model_find(model);
	const struct dn_set *set = dn_set_find(rates);
	double lr_set = set->v[dn_model_index(o.m)].lr;
	/* Fashion-MNIST has no rates for nc and 1i: the MNIST ones (Table 1), as paper/dann-5-experiments.md decides */
	const int from_mnist = set->v[dn_model_index(o.m)].lr_from_mnist;
	char source[128];
	if (!g_lr && isfinite(o.m->lr)) {
		lr_set = o.m->lr;
		snprintf(source, sizeof source, "%s", o.m->lr_source);
	} else if (!g_lr && !isfinite(lr_set)) {
		snprintf(source, sizeof source, "dann-train: %s has no row for %s; give --lr", set->table, o.m->id);
		return cmd_report(INB_EUSAGE, source);
	} else {
		snprintf(source, sizeof source, "%s (%s)", from_mnist ? "Table 1" : set->table,
			 from_mnist ? "MNIST" : set->name);
	}
	o.lr = g_lr ? lr : lr_set;
	o.width = (size_t)width;
	o.epochs = epochs;
	o.seed = (unsigned long)seed;
	o.train_limit = train_limit;
	o.test_limit = test_limit;
	o.eval_every = eval_every;
	o.poison_step = poison;
	o.data_dir = fmnist_resolve_dir(data);
	/* as in the released code, a tolerance of 1 leaves the rate alone */
	o.policy = (struct dn_policy_opts){ .clip = clip, .scale = cos_eps != 1, .cos_eps = cos_eps, .lr_min = lr_min,
					    .lr_n = lr_n };
	if ((g_lr_min || g_lr_n) && cos_eps == 1)
		return cmd_report(INB_EUSAGE, "dann-train: --lr-min and --lr-n set Algorithm 6's candidates: expected "
				  "--cos-eps below 1 with them");
	char *line = cmd_command_line(argc, argv);
	if (!line)
		return cmd_report(INB_EINTERNAL, "out of memory");
	char err[INB_ERRLEN];
	if (cos_out && o.m->rule != DN_RULE_FISHER) {
		free(line);
		return cmd_report(INB_EUSAGE, "dann-train: --cosines records Algorithm 4's step: expected --model dann-ngd");
	}
	/* the temporaries are opened first, so that an unwritable path fails before any training */
	struct train_files w;
	memset(&w, 0, sizeof w);
	if ((rc = dn_runfile_open(&w.run, out, dn_runfile_groups(&o), err)) ||
	    (cos_out && (rc = dn_cosfile_open(&w.cos, cos_out, err)))) {
		dn_runfile_abort(&w.run);
		free(line);
		return cmd_report(rc, err);
	}
	const struct dn_train_hooks hooks = { &w, files_row, cos_out ? files_update : NULL };
	struct dn_train_result res;
	rc = dn_train_run(&o, &hooks, &res, err);
	/* the cosine file first, so that a run file on disk means both are */
	if (!rc && cos_out)
		rc = dn_cosfile_commit(&w.cos, &o, line, &res,
				       (long)((res.train_images + res.batch - 1) / res.batch), err);
	if (!rc)
		rc = dn_runfile_commit(&w.run, &o, line, g_lr ? NULL : source, &res, err);
	dn_runfile_abort(&w.run);
	dn_cosfile_abort(&w.cos);
	free(line);
	if (rc)
		return cmd_report(rc, err);
	if (res.diverged)
		fprintf(stderr, "inhibnorm: dann-train: run diverged at update %ld (non-finite loss); recorded in %s\n",
			res.updates, out);
	return INB_OK;
}

int cmd_dann_summary(int argc, char **argv)
{
	const char *runs = NULL, *scale = NULL, *models = NULL, *seeds = NULL, *outdir = NULL, *label = "";
	const char *rates = "fmnist", *published = "paper/published.tsv";
	const struct opt opts[] = {
		{ "runs", OPT_STR | OPT_REQUIRED, &runs, 0, 0, "DIR", "directory holding MODEL/seed-S.tsv (required)", NULL,
		  NULL },
		{ "scale", OPT_STR | OPT_REQUIRED, &scale, 0, 0, "NAME", "scale name, used in the output names (required)",
		  NULL, NULL },
		{ "models", OPT_STR | OPT_REQUIRED, &models, 0, 0, "\"IDS\"", "space-separated model ids; the first is the "
		  "reference of the tests (required)", NULL, NULL },
		{ "seeds", OPT_STR | OPT_REQUIRED, &seeds, 0, 0, "\"S...\"", "space-separated seeds (required)", NULL,
		  NULL },
		{ "out-dir", OPT_STR | OPT_REQUIRED, &outdir, 0, 0, "DIR", "where dann-table3.tsv and dann-fig4.tsv go "
		  "(required)", NULL, NULL },
		{ "label", OPT_STR, &label, 0, 0, "TEXT", "scale description written into the outputs", NULL, NULL },
		{ "rates", OPT_CHOICE, &rates, 0, 0, "SET", "the data set, whose table's values are set beside ours: "
		  "fmnist (Table 3), mnist (Table 1), kmnist (Table 2)", dn_set_ids, NULL },
		{ "published", OPT_STR, &published, 0, 0, "FILE", "the paper's values (default paper/published.tsv)", NULL,
		  NULL },
	};
	const struct cli_cmd cmd = {
		"dann-summary", "Table 3 and the Figure 4 curves from the run files of a sweep.", NULL,
		"Reads RUNS/MODEL/seed-S.tsv for every model and seed; writes OUT-DIR/dann-table3.tsv (final\n"
		"train and test error, mean and sd over seeds, the paper's values from FILE, a two-sided Mann-Whitney U test\n"
		"of each model against the first), OUT-DIR/dann-fig4.tsv (test error every K updates and train\n"
		"error per epoch, mean and sd over seeds, one gnuplot block per model) and OUT-DIR/dann-timing.tsv\n"
		"(training seconds per epoch), and prints the table.",
		CMD_OPTS(opts) };
	CMD_PARSE(&cmd, argc, argv, 0);
	int rc = INB_OK;
	char err[INB_ERRLEN];
	rc = dn_summary_run(runs, scale, models, seeds, outdir, label, dn_set_find(rates), published, stdout, err);
	return rc ? cmd_report(rc, err) : INB_OK;
}

int cmd_dann_fig2_summary(int argc, char **argv)
{
	const char *runs = NULL, *scale = NULL, *seeds = NULL, *outdir = NULL, *label = "";
	long window = DN_FIG2_WINDOW;
	const struct opt opts[] = {
		{ "runs", OPT_STR | OPT_REQUIRED, &runs, 0, 0, "DIR", "directory holding seed-S.tsv and seed-S.cos.tsv of "
		  "dann-ngd (required)", NULL, NULL },
		{ "scale", OPT_STR | OPT_REQUIRED, &scale, 0, 0, "NAME", "scale name, written into the outputs (required)",
		  NULL, NULL },
		{ "seeds", OPT_STR | OPT_REQUIRED, &seeds, 0, 0, "\"S...\"", "space-separated seeds (required)", NULL,
		  NULL },
		{ "window", OPT_INT, &window, 1, 1e9, "W", "updates of the trailing mean (the paper's: 500)", NULL, NULL },
		{ "out-dir", OPT_STR | OPT_REQUIRED, &outdir, 0, 0, "DIR", "where dann-fig2.tsv, dann-fig2-stats.tsv and "
		  "dann-fig2-vars.gp go (required)", NULL, NULL },
		{ "label", OPT_STR, &label, 0, 0, "TEXT", "scale description written into the outputs", NULL, NULL },
	};
	const struct cli_cmd cmd = {
		"dann-fig2-summary", "Figure 2's cosine curves and their statistics from d-NGD runs.", NULL,
		"Reads RUNS/seed-S.cos.tsv (dann-train --cosines) and RUNS/seed-S.tsv for every seed; writes\n"
		"OUT-DIR/dann-fig2.tsv (per layer the trailing mean over W updates of cos(f, u) and cos(f, h), from\n"
		"update W on, mean over seeds; then train and test error per epoch), OUT-DIR/dann-fig2-stats.tsv (per\n"
		"layer and seed the share of smoothed points where cos(f, h) > cos(f, u), and its range over seeds) and\n"
		"OUT-DIR/dann-fig2-vars.gp, and prints the shares. Exit codes: 0 ok, 1 internal, 2 usage, 3 bad data,\n"
		"4 cannot write.",
		CMD_OPTS(opts) };
	CMD_PARSE(&cmd, argc, argv, 0);
	char err[INB_ERRLEN];
	int rc = dn_fig2_run(runs, scale, seeds, window, outdir, label, stdout, err);
	return rc ? cmd_report(rc, err) : INB_OK;
}
