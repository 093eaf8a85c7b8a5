/* cmd_bench.c: `inhibnorm bench`, the speed of training (paper 4.6), measured in one run on this machine.
 * Three parts, each printed as a table:
 *   1. per model and hidden width: --steps training steps on real Fashion-MNIST batches (luminance shift, forward,
 *      loss, local losses, backward, step: exactly what `train` does per batch), the flops of their matrix
 *      products, and the same products replayed alone with cblas gemm on the same shapes: the share of the step
 *      spent at GEMM speed (the goal: >= 85 % at widths 300 and 500, >= 75 % at 100). Both sides are the best of 5:
 *      the steps in 5 chunks, each product in 5 repeats. With --torch, the EI network's step in PyTorch is timed by
 *      that script against ours, also as the best of 5 chunks, in --torch-repeats rounds that alternate the two
 *      sides, and the median ratio printed with its range.
 *   2. sweep throughput: one run alone, then two runs side by side as `make -j2` runs them (two processes), in wall
 *      time, for the slowdown that sharing the machine costs.
 *   3. the predicted cost of the paper scale: every model at every configuration's width, --cost-steps steps and a
 *      part of the test pass timed, scaled to 1875 steps and the whole test pass per epoch, 50 epochs, 4 luminance
 *      ranges (1200 runs); core-hours, and wall hours on two cores with the measured side-by-side slowdown.
 * Parts 1 and 3 time CPU seconds of this process (one thread: its wall time on an idle core), so that other work
 * on a shared machine disturbs them less; part 2 needs wall time. Compare within one run, never across machines. */
#define _POSIX_C_SOURCE 200809L
#include "core/blas.h"
#include "cli/commands.h"
#include "core/common.h"
#include "inorm/configs.h"
#include "data/fmnist.h"
#include "core/gemm.h"
#include "data/luminance.h"
#include "inorm/net.h"
#include "inorm/train.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define EPOCH_STEPS 1875   /* 60000 training images in batches of 32 */
#define PAPER_EPOCHS 50
#define PAPER_EPS 4
#define COST_EVAL_IMAGES 2000 /* test images timed per case of part 3, scaled to 10000 */

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* CPU seconds per call of one product shape, on its own buffers, best of 5 repeats of enough calls for ~20 ms. */
static double time_gemm(const struct gemm_shape *g, real *a, real *b, real *c)
{
	const int lda = g->ta ? (int)g->m : (int)g->k, ldb = g->tb ? (int)g->k : (int)g->n;
	double flops = 2.0 * (double)g->m * (double)g->n * (double)g->k;
	long reps = (long)(2e-2 * 5e10 / (flops + 1e4)) + 1;
	double best = 1e30;
	for (int rep = 0; rep < 5; rep++) {
		double t0 = cpu_now();
		for (long i = 0; i < reps; i++)
			INB_GEMM(CblasRowMajor, g->ta ? CblasTrans : CblasNoTrans, g->tb ? CblasTrans : CblasNoTrans, (int)g->m,
				 (int)g->n, (int)g->k, 1, a, lda, b, ldb, 0, c, (int)g->n);
		double t = (cpu_now() - t0) / (double)reps;
		if (t < best)
			best = t;
	}
	return best;
}

static int parse_widths(const char *s, long *out, int max)
{
	int n = 0;
	char *copy = strdup(s), *save, *tok;
	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		long v;
		if (n >= max || cli_to_long(tok, &v) || v < 2 || v > 100000) {
			free(copy);
			return -1;
		}
		out[n++] = v;
	}
	free(copy);
	return n;
}

/* What every timing needs: the training images with one epoch's shifts, a batch buffer, the test images. */
struct bench_data {
	struct fmnist train, test;
	real *delta, *x; /* (train.n) shifts; (500, 784) input batch */
};

struct bench_net {
	struct net n;
	struct net_ws ws;
};

static int bench_net_alloc(struct bench_net *b, const struct model_desc *m, long width, const struct config *c,
			   size_t B, char *err)
{
	struct net_opts o = { .width = width, .lr = c->lr, .lr_wix = c->lr_wix, .lr_wei = c->lr_wei,
			      .label_smoothing = 0.1, .lambda = 0.01, .config = 13 };
	int rc = net_alloc(&b->n, m, &o, err);
	if (!rc && (rc = net_ws_alloc(&b->ws, &b->n, B, err)))
		net_free(&b->n);
	return rc;
}

static void bench_net_free(struct bench_net *b)
{
	net_ws_free(&b->ws);
	net_free(&b->n);
}

/* Runs steps training steps from batch first on; 50 warm-up steps are run first if warm. */
static void run_steps(struct bench_net *b, const struct bench_data *d, long first, long steps, int warm)
{
	const struct sgd_opts so = { 0, 0 };
	const size_t nb = d->train.n / TRAIN_BATCH;
	long correct = 0;
	for (long s = warm ? -50 : 0; s < steps; s++) {
		size_t b0 = (size_t)((first + s + 50) % (long)nb) * TRAIN_BATCH;
		luminance_batch(d->x, d->train.pixels, d->delta, NULL, b0, TRAIN_BATCH);
		train_step(&b->n, &b->ws, TRAIN_BATCH, d->x, d->train.labels + b0, &so, &correct, NULL);
	}
}

/* CPU seconds of one evaluation pass over images test images as `train` evaluates (batches of 500). */
static double time_eval(struct bench_net *b, const struct bench_data *d, size_t images)
{
	double t0 = cpu_now(), loss = 0;
	long correct = 0;
	for (size_t b0 = 0; b0 < images; b0 += 500) {
		size_t B = images - b0 < 500 ? images - b0 : 500;
		luminance_batch(d->x, d->test.pixels, NULL, NULL, b0, B);
		net_forward(&b->n, &b->ws, B, d->x);
		loss += net_loss(&b->n, &b->ws, B, d->test.labels + b0, &correct, NULL);
	}
	return cpu_now() - t0 + 0 * loss;
}

/* Part 1 for one model and width: CPU seconds per step, flops per step, GEMM-only seconds per step. */
/* CPU seconds per step of b after a warm-up: the best of 5 chunks of the steps. */
static double best_step_time(struct bench_net *b, const struct bench_data *d, long steps)
{
	run_steps(b, d, 0, 0, 1);
	const long chunk = steps / 5 > 0 ? steps / 5 : 1;
	double best = 1e30;
	for (long done = 0; done < steps; done += chunk) {
		const long n = steps - done < chunk ? steps - done : chunk;
		double t0 = cpu_now();
		run_steps(b, d, done, n, 0);
		double t = (cpu_now() - t0) / (double)n;
		best = t < best ? t : best;
	}
	return best;
}

static int time_case(const struct model_desc *m, long width, const struct bench_data *d, long steps,
		     double *t_step, double *flops, double *t_gemm, char *err)
{
	struct bench_net b;
	int rc = bench_net_alloc(&b, m, width, &configs[13], TRAIN_BATCH, err);
	if (rc)
		return rc;
	/* the best of 5 chunks of steps, as the products alone are timed by their best of 5 repeats */
	*t_step = best_step_time(&b, d, steps);

	struct gemm_shape sh[NET_MAX_GEMMS];
	int ns = net_gemm_shapes(&b.n, TRAIN_BATCH, sh);
	size_t big = 0;
	for (int i = 0; i < ns; i++) {
		size_t s[3] = { sh[i].m * sh[i].k, sh[i].k * sh[i].n, sh[i].m * sh[i].n };
		for (int j = 0; j < 3; j++)
			big = big > s[j] ? big : s[j];
	}
	real *A = calloc(big, sizeof *A), *Bm = calloc(big, sizeof *Bm), *C = calloc(big, sizeof *C);
	if (!A || !Bm || !C) {
		free(A), free(Bm), free(C), bench_net_free(&b);
		return inb_fail(err, INB_EINTERNAL, "bench: out of memory");
	}
	for (size_t i = 0; i < big; i++)
		A[i] = (real)(0.001 * (double)(i % 97)), Bm[i] = (real)(0.002 * (double)(i % 89));
	*flops = *t_gemm = 0;
	for (int i = 0; i < ns; i++) {
		*flops += 2.0 * (double)sh[i].m * (double)sh[i].n * (double)sh[i].k;
		*t_gemm += time_gemm(&sh[i], A, Bm, C);
	}
	free(A), free(Bm), free(C);
	bench_net_free(&b);
	return INB_OK;
}

/* PyTorch's seconds per step for the EI network at width w, by running `python script --width w ...`; returns
 * 0 and sets *t, or the script's exit status (5: PyTorch not installed), or -1 if it could not be run. */
static int time_torch(const char *python, const char *script, const char *data, long width, long steps,
		      int set_threads, double *t)
{
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "%s%s '%s' --width %ld --steps %ld --data '%s'",
		 set_threads ? "OPENBLAS_NUM_THREADS=1 " : "", python, script, width, steps, data);
	FILE *p = popen(cmd, "r");
	if (!p)
		return -1;
	char line[256];
	int got = 0;
	while (fgets(line, sizeof line, p))
		if (sscanf(line, "seconds_per_step %lf", t) == 1)
			got = 1;
	int st = pclose(p);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	if (WEXITSTATUS(st))
		return WEXITSTATUS(st);
	return got ? 0 : -1;
}

/* Part 2: wall seconds per step of one run alone, and the slower of two identical runs side by side (two child
 * processes started together). */
static int time_pair(const struct model_desc *m, long width, const struct bench_data *d, long steps, double *solo,
		     double *pair, char *err)
{
	struct bench_net b;
	int rc = bench_net_alloc(&b, m, width, &configs[13], TRAIN_BATCH, err);
	if (rc)
		return rc;
	run_steps(&b, d, 0, 0, 1);
	double t0 = inb_seconds();
	run_steps(&b, d, 0, steps, 0);
	*solo = (inb_seconds() - t0) / (double)steps;
	bench_net_free(&b);

	int fds[2][2];
	pid_t pid[2];
	fflush(stdout);
	for (int c = 0; c < 2; c++) {
		if (pipe(fds[c]))
			return inb_fail(err, INB_EINTERNAL, "bench: pipe: %s", strerror(errno));
		pid[c] = fork();
		if (pid[c] < 0)
			return inb_fail(err, INB_EINTERNAL, "bench: fork: %s", strerror(errno));
		if (pid[c] == 0) {
			close(fds[c][0]);
			double t = -1;
			char e2[INB_ERRLEN];
			if (!bench_net_alloc(&b, m, width, &configs[13], TRAIN_BATCH, e2)) {
				run_steps(&b, d, 0, 0, 1);
				double s0 = inb_seconds();
				run_steps(&b, d, 0, steps, 0);
				t = (inb_seconds() - s0) / (double)steps;
			}
			ssize_t w = write(fds[c][1], &t, sizeof t);
			_exit(w == (ssize_t)sizeof t && t > 0 ? 0 : 1);
		}
		close(fds[c][1]);
	}
	*pair = 0;
	int ok = 1;
	for (int c = 0; c < 2; c++) {
		double t = -1;
		int st;
		if (read(fds[c][0], &t, sizeof t) != (ssize_t)sizeof t || t <= 0)
			ok = 0;
		close(fds[c][0]);
		if (waitpid(pid[c], &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
			ok = 0;
		if (t > *pair)
			*pair = t;
	}
	return ok ? INB_OK : inb_fail(err, INB_EINTERNAL, "bench: a side-by-side run failed");
}

/* Our EI network's CPU seconds per step at width w: the best of 5 chunks of steps, as PyTorch's are timed. */
static int time_ours(long width, const struct bench_data *d, long steps, double *t, char *err)
{
	struct bench_net b;
	int rc = bench_net_alloc(&b, model_find("ei"), width, &configs[13], TRAIN_BATCH, err);
	if (rc)
		return rc;
	*t = best_step_time(&b, d, steps);
	bench_net_free(&b);
	return INB_OK;
}

static int cmp_double(const void *a, const void *b)
{
	const double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The median of v (n), reordering it. */
static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* The PyTorch comparison: R rounds, each timing at every width our EI step and then PyTorch's, so that a slow
 * spell of the machine falls on both sides; per width the median of the R ratios and their range. Prints its own
 * table; PyTorch missing (the script's exit 5) or failing is reported and leaves the table out. */
#define TORCH_MAX_REPEATS 99
static int torch_compare(const char *python, const char *script, const char *dir, const long *widths, int nw,
			 long steps, long repeats, const struct bench_data *d, char *err)
{
	const char *blas_env = getenv("OPENBLAS_NUM_THREADS");
	const int set_threads = !(blas_env && *blas_env);
	static double ours[16][TORCH_MAX_REPEATS], theirs[16][TORCH_MAX_REPEATS], ratio[16][TORCH_MAX_REPEATS];
	printf("\n# vs PyTorch: the same EI network and step in PyTorch (%s, one thread%s), timed in this run: %ld steps\n"
	       "# per width and side, best of 5 chunks, CPU seconds; %ld rounds, each timing both sides at every width in\n"
	       "# turn; ratio = PyTorch's seconds per step / ours, the median of the rounds and its range\n", script,
	       set_threads ? ", OPENBLAS_NUM_THREADS=1" : "", steps, repeats);
	fflush(stdout);
	for (long r = 0; r < repeats; r++)
		for (int wi = 0; wi < nw; wi++) {
			int rc = time_ours(widths[wi], d, steps, &ours[wi][r], err);
			if (rc)
				return rc;
			int st = time_torch(python, script, dir, widths[wi], steps, set_threads, &theirs[wi][r]);
			if (st == 5) {
				printf("# PyTorch: %s has no torch (Debian package python3-torch): the comparison is left out\n",
				       python);
				return INB_OK;
			}
			if (st) {
				printf("# PyTorch: '%s %s' failed at width %ld (status %d): the comparison is left out\n", python,
				       script, widths[wi], st);
				return INB_OK;
			}
			ratio[wi][r] = theirs[wi][r] / ours[wi][r];
		}
	printf("%-6s %13s %15s %10s %17s\n", "width", "ours-s/epoch", "pytorch-s/epoch", "vs-torch", "range");
	for (int wi = 0; wi < nw; wi++) {
		double lo = ratio[wi][0], hi = ratio[wi][0];
		for (long r = 1; r < repeats; r++)
			lo = ratio[wi][r] < lo ? ratio[wi][r] : lo, hi = ratio[wi][r] > hi ? ratio[wi][r] : hi;
		const double mo = median(ours[wi], (int)repeats), mt = median(theirs[wi], (int)repeats),
			     mr = median(ratio[wi], (int)repeats);
		printf("%-6ld %13.3f %15.3f %9.2fx %8.2fx-%.2fx\n", widths[wi], mo * EPOCH_STEPS, mt * EPOCH_STEPS, mr, lo,
		       hi);
	}
	fflush(stdout);
	return INB_OK;
}

int cmd_bench(int argc, char **argv)
{
	const char *data = NULL, *widths_s = "100,300,500", *models_s = NULL;
	const char *torch = NULL, *python = "/usr/bin/python3";
	long steps = EPOCH_STEPS, torch_steps = 500, torch_repeats = 3, pair_steps = 1000, pair_width = 300,
	     cost_steps = 100;
	const struct opt opts[] = {
		{ "widths", OPT_STR, &widths_s, 0, 0, "W,W,...", "hidden widths of part 1", NULL, NULL },
		{ "models", OPT_STR, &models_s, 0, 0, "ID,ID,...", "models of parts 1 and 2 (default: every model)", NULL, NULL },
		{ "steps", OPT_INT, &steps, 10, 1e7, "N", "training steps timed per case of part 1 (1875 = one epoch)",
		  NULL, NULL },
		{ "torch", OPT_STR, &torch, 0, 0, "SCRIPT",
		  "time the EI network in PyTorch with this script (verify/bench_torch.py) in the same run", NULL, NULL },
		{ "python", OPT_STR, &python, 0, 0, "PATH", "interpreter for --torch (Debian's, with python3-torch)",
		  NULL, NULL },
		{ "torch-steps", OPT_INT, &torch_steps, 10, 1e6, "N", "steps timed per width and side in the PyTorch "
		  "comparison", NULL, NULL },
		{ "torch-repeats", OPT_INT, &torch_repeats, 1, 99, "R", "rounds of the PyTorch comparison, each timing "
		  "both sides at every width in turn", NULL, NULL },
		{ "pair-steps", OPT_INT, &pair_steps, 0, 1e7, "N", "steps of part 2 per run (0: skip part 2)", NULL,
		  NULL },
		{ "pair-width", OPT_INT, &pair_width, 2, 100000, "W", "hidden width of part 2", NULL, NULL },
		{ "cost-steps", OPT_INT, &cost_steps, 0, 1e6, "N",
		  "steps per model and configuration width in part 3 (0: skip part 3)", NULL, NULL },
		CMD_OPT_DATA(&data),
	};
	const struct cli_cmd cmd = { "bench", "Time training: GEMM share, PyTorch, side-by-side runs, paper-scale cost.",
				     NULL, NULL, CMD_OPTS(opts) };
	CMD_PARSE(&cmd, argc, argv, 0);
	char err[INB_ERRLEN];
	int rc = INB_OK;
	long widths[16];
	int nw = parse_widths(widths_s, widths, 16);
	if (nw <= 0)
		return cmd_report(INB_EUSAGE, "bench: --widths: expected up to 16 comma-separated whole numbers in 2..100000");
	const struct model_desc *models[16];
	int nm = 0;
	if (!models_s)
		for (int k = 0; model_ids[k] && nm < 16; k++)
			models[nm++] = model_find(model_ids[k]);
	else {
		char *copy = strdup(models_s), *save, *tok;
		for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			if (nm == 16 || !(models[nm++] = model_find(tok))) {
				snprintf(err, sizeof err, "bench: --models: unknown model '%s' or more than 16", tok);
				free(copy);
				return cmd_report(INB_EUSAGE, err);
			}
		}
		free(copy);
		if (!nm)
			return cmd_report(INB_EUSAGE, "bench: --models: expected at least one model id");
	}
	if (torch && access(torch, R_OK))
		return cmd_report(INB_EUSAGE, "bench: --torch: cannot read the script");

	char blas[256];
	blas_setup(blas, sizeof blas);
	struct bench_data d;
	memset(&d, 0, sizeof d);
	const char *dir = fmnist_resolve_dir(data);
	if ((rc = fmnist_load(dir, FMNIST_TRAIN, &d.train, err)) || (rc = fmnist_load(dir, FMNIST_TEST, &d.test, err))) {
		fmnist_free(&d.train);
		return cmd_report(rc, err);
	}
	d.delta = malloc(d.train.n * sizeof *d.delta);
	d.x = malloc((size_t)500 * NET_INPUTS * sizeof *d.x);
	if (!d.delta || !d.x || luminance_draw(d.delta, d.train.n, 0.75, 0, 1, LUM_TRAIN, err)) {
		rc = INB_EINTERNAL;
		snprintf(err, sizeof err, "bench: out of memory");
		goto done;
	}
	printf("# inhibnorm %s bench (%s precision), blas: %s\n", inb_version, REAL_NAME, blas);
	printf("# times are CPU seconds of one process with one thread (its wall time on an idle core), except part 2\n");

	printf("\n# part 1: %ld training steps of batch %d per case (%d steps = one epoch of 60000 images, no evaluation),\n"
	       "# timed in 5 chunks: s/epoch is the best chunk's time per step x %d\n", steps, TRAIN_BATCH, EPOCH_STEPS,
	       EPOCH_STEPS);
	printf("# GFLOP/s: the step's matrix-product flops per second of the whole step; GEMM GFLOP/s: the same products\n"
	       "# replayed alone (best of 5 repeats); share = GEMM-only time / step time (goal: >= 85 %% at widths 300 and 500,\n"
	       "# >= 75 %% at 100)\n");
	printf("%-17s %6s %11s %10s %9s %10s %10s\n", "model", "width", "s/epoch", "samples/s", "GFLOP/s",
	       "GEMM-GF/s", "share");
	for (int mi = 0; mi < nm; mi++) {
		for (int wi = 0; wi < nw; wi++) {
			double t_step = 0, flops = 0, t_gemm = 0;
			if ((rc = time_case(models[mi], widths[wi], &d, steps, &t_step, &flops, &t_gemm, err)))
				goto done;
			printf("%-17s %6ld %11.3f %10.0f %9.1f %10.1f %9.1f%%\n", models[mi]->id, widths[wi],
			       t_step * EPOCH_STEPS, TRAIN_BATCH / t_step, flops / t_step * 1e-9, flops / t_gemm * 1e-9,
			       t_gemm / t_step * 100);
			fflush(stdout);
		}
	}

	if (torch && (rc = torch_compare(python, torch, dir, widths, nw, torch_steps, torch_repeats, &d, err)))
		goto done;

	double slow_sum = 0;
	int slow_n = 0;
	if (pair_steps > 0) {
		printf("\n# part 2: sweep throughput at width %ld, %ld steps per run, wall time: one run alone, then two "
		       "identical runs side by side (as make -j2 runs them)\n", pair_width, pair_steps);
		printf("%-17s %13s %13s %9s %17s\n", "model", "alone-s/epoch", "pair-s/epoch", "slowdown",
		       "2-core-throughput");
		for (int mi = 0; mi < nm; mi++) {
			double solo = 0, pair = 0;
			if ((rc = time_pair(models[mi], pair_width, &d, pair_steps, &solo, &pair, err)))
				goto done;
			slow_sum += pair / solo;
			slow_n++;
			printf("%-17s %13.3f %13.3f %8.2fx %16.2fx\n", models[mi]->id, solo * EPOCH_STEPS,
			       pair * EPOCH_STEPS, pair / solo, 2 * solo / pair);
			fflush(stdout);
		}
		printf("# 2-core throughput: runs finished per unit of time with two side by side, relative to one alone\n");
	}

	if (cost_steps > 0) {
		const double slowdown = slow_n ? slow_sum / slow_n : 1;
		printf("\n# part 3: predicted cost of the paper scale (%d configurations x %d luminance ranges x %d epochs "
		       "per model); per epoch: %d steps and one pass over the 10000 test images, from %ld steps and %d test\n"
		       "# images timed at each configuration's width\n", CONFIG_COUNT, PAPER_EPS, PAPER_EPOCHS, EPOCH_STEPS,
		       cost_steps, COST_EVAL_IMAGES);
		printf("%-17s %5s %14s %14s %12s\n", "model", "runs", "min-s/epoch", "max-s/epoch", "core-hours");
		double total = 0;
		int runs = 0;
		for (const char *const *id = model_ids; *id; id++) {
			const struct model_desc *m = model_find(*id);
			double sum = 0, lo = 1e30, hi = 0;
			for (int c = 0; c < CONFIG_COUNT; c++) {
				struct bench_net b;
				if ((rc = bench_net_alloc(&b, m, configs[c].width, &configs[c], 500, err)))
					goto done;
				run_steps(&b, &d, 0, 0, 1);
				double t0 = cpu_now();
				run_steps(&b, &d, 0, cost_steps, 0);
				double t_step = (cpu_now() - t0) / (double)cost_steps;
				double t_eval = time_eval(&b, &d, COST_EVAL_IMAGES) * (10000.0 / COST_EVAL_IMAGES);
				bench_net_free(&b);
				double epoch = t_step * EPOCH_STEPS + t_eval;
				lo = epoch < lo ? epoch : lo;
				hi = epoch > hi ? epoch : hi;
				sum += epoch * PAPER_EPOCHS * PAPER_EPS;
			}
			printf("%-17s %5d %14.2f %14.2f %12.2f\n", m->id, CONFIG_COUNT * PAPER_EPS, lo, hi, sum / 3600);
			fflush(stdout);
			total += sum;
			runs += CONFIG_COUNT * PAPER_EPS;
		}
		printf("%-17s %5d %14s %14s %12.2f\n", "all", runs, "", "", total / 3600);
		printf("# paper scale on this machine: %.1f core-hours; on its 2 cores with the side-by-side slowdown "
		       "%.2fx%s: %.1f wall hours\n", total / 3600, slowdown, slow_n ? " (part 2, mean)" : " (part 2 skipped)",
		       total / 3600 / 2 * slowdown);
	}

	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("# peak resident memory: %.1f MiB\n", (double)ru.ru_maxrss / 1024.0);
done:
	free(d.delta), free(d.x);
	fmnist_free(&d.train);
	fmnist_free(&d.test);
	return rc ? cmd_report(rc, err) : INB_OK;
}
