/* cmd_bench.c: `inhibnorm bench`, the speed of training (goals: at width 500 at least 75 % of the batch-32
 * GEMM throughput measured in the same run, at width 100 at least 60 %).
 * For each model and width: times --steps training steps on real Fashion-MNIST batches (luminance shift, forward,
 * loss, backward, SGD step: exactly what `train` does per batch), counts the flops of its matrix products, then
 * replays the same products alone with cblas gemm on the same shapes. The ratio of the two times is the share of a
 * step spent at GEMM speed; the rest is element-wise work and overhead. Times are wall-clock and measured in one run
 * on a shared machine: compare ratios, not seconds across runs. */
#define _POSIX_C_SOURCE 200809L
#include "blas.h"
#include "commands.h"
#include "common.h"
#include "configs.h"
#include "fmnist.h"
#include "gemm.h"
#include "luminance.h"
#include "net.h"
#include "train.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Seconds per call of one product shape, on its own buffers, best of 5 repeats of enough calls for ~20 ms. */
static double time_gemm(const struct gemm_shape *g, real *a, real *b, real *c)
{
	const int lda = g->ta ? (int)g->m : (int)g->k, ldb = g->tb ? (int)g->k : (int)g->n;
	double flops = 2.0 * (double)g->m * (double)g->n * (double)g->k;
	long reps = (long)(2e-2 * 5e10 / (flops + 1e4)) + 1;
	double best = 1e30;
	for (int rep = 0; rep < 5; rep++) {
		double t0 = now();
		for (long i = 0; i < reps; i++)
			INB_GEMM(CblasRowMajor, g->ta ? CblasTrans : CblasNoTrans, g->tb ? CblasTrans : CblasNoTrans, (int)g->m,
				 (int)g->n, (int)g->k, 1, a, lda, b, ldb, 0, c, (int)g->n);
		double t = (now() - t0) / (double)reps;
		if (t < best)
			best = t;
	}
	return best;
}

static int parse_list(const char *s, long *out, int max)
{
	int n = 0;
	char *copy = strdup(s), *save, *tok;
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

int cmd_bench(int argc, char **argv)
{
	const char *data = NULL, *widths_s = "100,300,500", *models_s = "ei,e-ln,inorm,inorm-full";
	long steps = 1875;
	const struct opt opts[] = {
		{ "widths", OPT_STR, &widths_s, 0, 0, "W,W,...", "hidden widths", NULL, NULL },
		{ "models", OPT_STR, &models_s, 0, 0, "ID,ID,...", "models", NULL, NULL },
		{ "steps", OPT_INT, &steps, 10, 1e7, "N", "training steps timed per case (1875 = one epoch)", NULL, NULL },
		{ "data", OPT_STR, &data, 0, 0, "DIR", "Fashion-MNIST directory", NULL, NULL },
	};
	const struct cli_cmd cmd = { "bench", "Time training steps against the same run's GEMM throughput.", NULL,
				     NULL, opts, (int)(sizeof opts / sizeof opts[0]) };
	char *pos[1], err[INB_ERRLEN];
	int npos, rc = cmd_parse(&cmd, argc, argv, pos, 0, &npos);
	if (rc)
		return rc < 0 ? INB_OK : rc;
	long widths[16];
	int nw = parse_list(widths_s, widths, 16);
	if (nw <= 0)
		return cmd_report(INB_EUSAGE, "bench: --widths: expected comma-separated whole numbers in 2..100000");
	const struct model_desc *models[16];
	int nm = 0;
	{
		char *copy = strdup(models_s), *save, *tok;
		for (tok = strtok_r(copy, ",", &save); tok && nm < 16; tok = strtok_r(NULL, ",", &save)) {
			if (!(models[nm++] = model_find(tok))) {
				snprintf(err, sizeof err, "bench: --models: unknown model '%s'", tok);
				free(copy);
				return cmd_report(INB_EUSAGE, err);
			}
		}
		free(copy);
	}

	char blas[256];
	blas_setup(blas, sizeof blas);
	struct fmnist ds;
	if ((rc = fmnist_load(fmnist_resolve_dir(data), FMNIST_TRAIN, &ds, err)))
		return cmd_report(rc, err);
	real *delta = malloc(ds.n * sizeof *delta), *x = malloc(TRAIN_BATCH * NET_INPUTS * sizeof *x);
	if (!delta || !x || luminance_draw(delta, ds.n, 0.75, 0, 1, LUM_TRAIN, err)) {
		free(delta), free(x), fmnist_free(&ds);
		return cmd_report(INB_EINTERNAL, "bench: out of memory");
	}
	printf("# inhibnorm %s bench (%s precision), blas: %s\n", inb_version, REAL_NAME, blas);
	printf("# %ld training steps of batch %d per case (1875 steps = one epoch of 60000 images, no evaluation)\n",
	       steps, TRAIN_BATCH);
	printf("# GFLOP/s: the step's matrix-product flops per second of the whole step; GEMM GFLOP/s: the same products\n"
	       "# replayed alone; share = GEMM-only time / step time (the goal: >= 75 %% at width 500, >= 60 %% at 100);\n"
	       "# vs-torch: PyTorch 1.13 seconds per epoch (one thread, EI network) / ours\n");
	printf("%-17s %6s %11s %10s %9s %10s %10s %8s\n", "model", "width", "s/epoch", "samples/s", "GFLOP/s",
	       "GEMM-GF/s", "share", "vs-torch");
	for (int mi = 0; mi < nm; mi++) {
		for (int wi = 0; wi < nw; wi++) {
			struct net n;
			struct net_ws ws;
			struct net_opts o = { .width = widths[wi], .lr = configs[13].lr, .lr_wix = configs[13].lr_wix,
					      .lr_wei = configs[13].lr_wei, .label_smoothing = 0.1, .lambda = 0.01,
					      .config = 13 };
			struct sgd_opts so = { 0, 0 };
			if ((rc = net_alloc(&n, models[mi], &o, err)) || (rc = net_ws_alloc(&ws, &n, TRAIN_BATCH, err))) {
				free(delta), free(x), fmnist_free(&ds);
				return cmd_report(rc, err);
			}
			long correct = 0;
			size_t nb = ds.n / TRAIN_BATCH;
			for (long s = 0; s < 50; s++) { /* warm-up */
				luminance_batch(x, ds.pixels, delta, NULL, (size_t)s % nb * TRAIN_BATCH, TRAIN_BATCH);
				train_step(&n, &ws, TRAIN_BATCH, x, ds.labels + (size_t)s % nb * TRAIN_BATCH, &so, &correct, NULL);
			}
			double t0 = now();
			for (long s = 0; s < steps; s++) {
				size_t b0 = (size_t)s % nb * TRAIN_BATCH;
				luminance_batch(x, ds.pixels, delta, NULL, b0, TRAIN_BATCH);
				train_step(&n, &ws, TRAIN_BATCH, x, ds.labels + b0, &so, &correct, NULL);
			}
			double t_step = (now() - t0) / (double)steps;

			struct gemm_shape sh[NET_MAX_GEMMS];
			int ns = net_gemm_shapes(&n, TRAIN_BATCH, sh);
			double flops = 0, t_gemm = 0;
			size_t big = 0;
			for (int i = 0; i < ns; i++)
				big = big > sh[i].m * sh[i].k ? big : sh[i].m * sh[i].k,
				big = big > sh[i].k * sh[i].n ? big : sh[i].k * sh[i].n,
				big = big > sh[i].m * sh[i].n ? big : sh[i].m * sh[i].n;
			real *A = calloc(big, sizeof *A), *Bm = calloc(big, sizeof *Bm), *C = calloc(big, sizeof *C);
			for (size_t i = 0; i < big; i++)
				A[i] = (real)(0.001 * (double)(i % 97)), Bm[i] = (real)(0.002 * (double)(i % 89));
			for (int i = 0; i < ns; i++) {
				flops += 2.0 * (double)sh[i].m * (double)sh[i].n * (double)sh[i].k;
				t_gemm += time_gemm(&sh[i], A, Bm, C);
			}
			free(A), free(Bm), free(C);
			/* PyTorch 1.13, one thread, data preloaded, EI network, measured on this machine type by the
			 * project: 0.78 / 1.64 / 2.80 s per epoch at width 100 / 300 / 500 */
			double torch = !strcmp(models[mi]->id, "ei") ? (widths[wi] == 100 ? 0.78 : widths[wi] == 300 ? 1.64 :
									widths[wi] == 500 ? 2.80 : 0) : 0;
			double epoch_s = t_step * 1875;
			char vs[16] = "-";
			if (torch > 0)
				snprintf(vs, sizeof vs, "%.2fx", torch / epoch_s);
			printf("%-17s %6ld %11.3f %10.0f %9.1f %10.1f %9.1f%% %8s\n", models[mi]->id, widths[wi], epoch_s,
			       TRAIN_BATCH / t_step, flops / t_step * 1e-9, flops / t_gemm * 1e-9, t_gemm / t_step * 100,
			       vs);
			fflush(stdout);
			net_ws_free(&ws);
			net_free(&n);
		}
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("# peak resident memory: %.1f MiB\n", (double)ru.ru_maxrss / 1024.0);
	free(delta), free(x), fmnist_free(&ds);
	return INB_OK;
}
