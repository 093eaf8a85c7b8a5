/* cmd_theorem1.c: `inhibnorm theorem1`, the data behind figures/theorem1-SCALE.svg (paper §2.5 and Appendix 5.2).
 * For every weight law (theorem1.h) and both error sources, runs the trials on the log grid of n and writes:
 *   block 0: one line per case with the fitted log-log slopes and intercepts (mean and 95th percentile) and the
 *            slope the theory predicts;
 *   blocks 1-8: one per case, in the order of block 0 (errors uniform, then network; weights uniform, exponential,
 *            log-normal, Pareto 1.5): one line per n with the measured statistics, the fitted power laws at n
 *            and the CLT predictions. The last field of each block's header line is the case's legend, slopes
 *            included, which figures/theorem1.gp uses as the curve's title.
 * Blocks are separated by two blank lines (gnuplot's `index`). Everything the figure shows is computed here. */
#include "core/blas.h"
#include "cli/commands.h"
#include "core/common.h"
#include "inorm/configs.h"
#include "data/fmnist.h"
#include "formats/outfile.h"
#include "inorm/theorem1.h"
#include "results/summary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PER_DECADE 4
#define MAX_GRID 64
#define NCASES (THEOREM1_NWEIGHTS * THEOREM1_NERRORS)
#define POOL_ROWS 256 /* images whose errors form the pool */
#define NET_CONFIG 13 /* learning rates of this configuration train the network behind the error pool */

struct curve {
	struct theorem1_point pt[MAX_GRID];
	double slope_mean, slope_p95, icpt_mean, icpt_p95;
};

/* Runs every case; curves[e * THEOREM1_NWEIGHTS + w]. */
static int simulate(size_t nmax, size_t trials, unsigned long seed, const struct theorem1_pool *pool,
		    const size_t *grid, size_t K, struct curve *curves, char *err)
{
	struct theorem1_ws ws;
	int rc = theorem1_ws_alloc(&ws, nmax, trials, pool, err);
	if (rc)
		return rc;
	for (int e = 0; e < THEOREM1_NERRORS && !rc; e++)
		for (int w = 0; w < THEOREM1_NWEIGHTS && !rc; w++) {
			struct curve *c = &curves[e * THEOREM1_NWEIGHTS + w];
			double ym[MAX_GRID], yp[MAX_GRID];
			for (size_t k = 0; k < K && !rc; k++) {
				gsl_rng *r = theorem1_stream(seed, (enum theorem1_weights)w, (enum theorem1_errors)e, grid[k]);
				if (!r) {
					rc = inb_fail(err, INB_EINTERNAL, "out of memory allocating a random stream");
					break;
				}
				rc = theorem1_point((enum theorem1_weights)w, (enum theorem1_errors)e, pool, grid[k], r, &ws,
						    &c->pt[k], err);
				gsl_rng_free(r);
				ym[k] = c->pt[k].mean_abs;
				yp[k] = c->pt[k].p95;
			}
			if (!rc && (theorem1_fit(grid, ym, K, &c->slope_mean, &c->icpt_mean) ||
				    theorem1_fit(grid, yp, K, &c->slope_p95, &c->icpt_p95)))
				rc = inb_fail(err, INB_EINTERNAL, "theorem1: cannot fit case %s/%s: an error statistic is 0",
					      theorem1_law((enum theorem1_weights)w)->id,
					      theorem1_errors_name((enum theorem1_errors)e));
		}
	theorem1_ws_free(&ws);
	return rc;
}

static void write_summary(FILE *f, const char *scale, double seconds, const char *cmdline, size_t nmax, size_t trials, unsigned long seed,
			  const struct theorem1_net_opts *no, const struct theorem1_pool *pool, const char *blas,
			  const size_t *grid, size_t K, const struct curve *curves)
{
	fprintf(f, "# inhibnorm %s theorem1: Theorem 1 (paper §2.5, proof in Appendix 5.2) by simulation\n", inb_version);
	if (scale) {
		const struct summary_provenance prov = { .own_seconds = seconds };
		summary_provenance_write(f, &prov, scale);
	}
	fprintf(f, "# command: %s\n", cmdline);
	fprintf(f, "# precision: %s; blas: %s\n", REAL_NAME, blas);
	fprintf(f, "# residual: |s_n - mean(delta)|, s_n = nu . delta, nu = omega / sum(omega) (lateral_normalise); "
		   "computed as the mean of what gradnorm_backward(GN_LATERAL) leaves\n");
	fprintf(f, "# grid: n = round(10^(1 + k/%d)) <= %zu (%zu sizes, %zu .. %zu); trials per size: %zu; seed: %lu\n",
		PER_DECADE, nmax, K, grid[0], grid[K - 1], trials, seed);
	fprintf(f, "# weights: uniform = U(0,1), CV 0.577; exponential = Exp(1), CV 1; lognormal = exp(N(0,1)), CV 1.311;"
		   " pareto1.5 = Pareto(shape 1.5, scale 1), mean 3, infinite variance\n");
	fprintf(f, "# errors: uniform = delta_i ~ U[-1,1) i.i.d.; network = back-propagated errors of a trained network "
		   "(below)\n");
	fprintf(f, "# network: e-ln, width %ld, %ld SGD steps of batch 32 (lr %.6g, lr_wix %.6g, lr_wei %.6g: "
		   "configuration %d), label smoothing 0.1, Fashion-MNIST training images 0..%ld in file order, no "
		   "luminance shift; mean training loss over the last 10%% of steps: %.4f\n",
		no->width, no->steps, no->lr, no->lr_wix, no->lr_wei, NET_CONFIG, pool->images - 1, pool->train_loss);
	fprintf(f, "# network errors: per image, dL/dh of hidden layer 1 times ReLU'(y) (the error LN's backward "
		   "receives), for the next %zu training images, no update; all scaled by 1/max|g| = %.6g so |delta| <= 1\n",
		pool->rows, pool->scale);
	fprintf(f, "# network vectors of size n: one random image's row; n <= %zu: n distinct units of it; n > %zu: n "
		   "units drawn from it with replacement\n", pool->width, pool->width);
	fprintf(f, "# fits: least squares of ln(mean_abs) and ln(p95) on ln(n) over all %zu sizes; theory slope -1/2 "
		   "(finite variance, CLT), 1/1.5 - 1 = -1/3 (Pareto 1.5, stable law of index 1.5)\n", K);
	fprintf(f, "# clt_mean, clt_p95: CLT predictions, s_n - mean(delta) ~ N(0, CV^2 sd(delta)^2 / n) per trial; "
		   "NaN for infinite variance\n");
	fprintf(f, "# block 0: one line per case; blocks 1-%d: one per case in this order; the last header field of "
		   "each block is its legend\n", NCASES);
	fprintf(f, "case\tweights\terrors\tslope_mean\tslope_p95\ttheory_slope\tintercept_mean\tintercept_p95\n");
	for (int i = 0; i < NCASES; i++) {
		const struct theorem1_law *L = theorem1_law((enum theorem1_weights)(i % THEOREM1_NWEIGHTS));
		const struct curve *c = &curves[i];
		fprintf(f, "%d\t%s\t%s\t%.4f\t%.4f\t%.4f\t%.6g\t%.6g\n", i + 1, L->id,
			theorem1_errors_name((enum theorem1_errors)(i / THEOREM1_NWEIGHTS)), c->slope_mean, c->slope_p95,
			L->theory_slope, c->icpt_mean, c->icpt_p95);
	}
	for (int i = 0; i < NCASES; i++) {
		const struct theorem1_law *L = theorem1_law((enum theorem1_weights)(i % THEOREM1_NWEIGHTS));
		const struct curve *c = &curves[i];
		fprintf(f, "\n\n# block %d: weights %s, errors %s\n", i + 1, L->id,
			theorem1_errors_name((enum theorem1_errors)(i / THEOREM1_NWEIGHTS)));
		fprintf(f, "n\ttrials\tmean_abs\tp95\tfit_mean\tfit_p95\tclt_mean\tclt_p95\tsd_delta\t"
			   "%s: slope %.2f (p95 %.2f)\n", L->legend, c->slope_mean, c->slope_p95);
		for (size_t k = 0; k < K; k++) {
			const struct theorem1_point *p = &c->pt[k];
			double ln = log((double)p->n);
			fprintf(f, "%zu\t%zu\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\n", p->n, p->trials, p->mean_abs, p->p95,
				exp(c->icpt_mean + c->slope_mean * ln), exp(c->icpt_p95 + c->slope_p95 * ln), p->clt_mean,
				p->clt_p95, p->sd_delta);
		}
	}
}

int cmd_theorem1(int argc, char **argv)
{
	const double t0 = inb_seconds();
	long trials = 1000, maxn = 100000, seed = 0, width = 2000, steps = 300;
	const char *out = NULL, *data = NULL, *scale = NULL;
	const struct opt opts[] = {
		{ "out", OPT_STR | OPT_REQUIRED, &out, 0, 0, "FILE", "output file (required)", NULL, NULL },
		{ "scale", OPT_STR, &scale, 0, 0, "NAME", "write the provenance lines of a summary of that scale after the "
		  "title (version, date, CPU, this command's wall time)", NULL, NULL },
		{ "trials", OPT_INT, &trials, 20, 1e7, "N", "trials per size and case", NULL, NULL },
		{ "max-n", OPT_INT, &maxn, 100, 1e7, "N", "largest size n of the grid 10, 18, 32, ... (4 per decade)",
		  NULL, NULL },
		{ "seed", OPT_INT, &seed, 0, 4294967295.0, "S", "seed of the trials and of the network's weights", NULL,
		  NULL },
		{ "width", OPT_INT, &width, 16, 20000, "W", "hidden width of the network whose errors are pooled", NULL,
		  NULL },
		{ "steps", OPT_INT, &steps, 1, 1000000, "N", "SGD steps (batch 32) before the errors are recorded", NULL,
		  NULL },
		CMD_OPT_DATA(&data),
	};
	const struct cli_cmd cmd = {
		"theorem1", "Simulate Theorem 1: pooling errors with normalised random weights.", NULL,
		"For n on a log grid from 10 to --max-n, draws positive weights omega (uniform, exponential,\n"
		"log-normal, Pareto 1.5), nu = omega / sum(omega), and errors delta (uniform on [-1, 1), or\n"
		"back-propagated errors of an E-only LN network briefly trained on Fashion-MNIST), and writes the\n"
		"mean and 95th percentile of |nu . delta - mean(delta)| over the trials, with fitted log-log slopes.\n"
		"Exit codes: 0 ok, 1 internal, 2 usage, 3 bad data, 4 cannot write.",
		CMD_OPTS(opts) };
	CMD_PARSE(&cmd, argc, argv, 0);
	int rc = INB_OK;

	char err[INB_ERRLEN], blas[256], *line = NULL;
	size_t grid[MAX_GRID], K = theorem1_grid((size_t)maxn, PER_DECADE, grid, MAX_GRID);
	const size_t rows = POOL_ROWS;
	struct fmnist ds = { 0 };
	struct theorem1_pool pool = { 0 };
	struct curve *curves = NULL;
	struct outfile of = { 0 };
	/* the output is opened first so that an unwritable path fails before the computation, not after it */
	if ((rc = outfile_open(&of, out, err)) || (rc = fmnist_load(fmnist_resolve_dir(data), FMNIST_TRAIN, &ds, err))) {
		rc = cmd_report(rc, err);
		goto done;
	}
	curves = calloc(NCASES, sizeof *curves);
	line = cmd_command_line(argc, argv);
	if (!curves || !line) {
		rc = cmd_report(INB_EINTERNAL, "out of memory");
		goto done;
	}
	blas_setup(blas, sizeof blas);
	const struct config *c = &configs[NET_CONFIG];
	const struct theorem1_net_opts no = { width, steps, rows, c->lr, c->lr_wix, c->lr_wei, (uint64_t)seed, NET_CONFIG };
	if ((rc = theorem1_network_pool(&no, &ds, &pool, err)) ||
	    (rc = simulate((size_t)maxn, (size_t)trials, (unsigned long)seed, &pool, grid, K, curves, err))) {
		rc = cmd_report(rc, err);
		goto done;
	}
	write_summary(of.fp, scale, inb_seconds() - t0, line, (size_t)maxn, (size_t)trials, (unsigned long)seed, &no, &pool, blas, grid, K,
		      curves);
	if ((rc = outfile_commit(&of, err)))
		rc = cmd_report(rc, err);
done:
	if (rc)
		outfile_abort(&of);
	free(line);
	free(curves);
	theorem1_pool_free(&pool);
	fmnist_free(&ds);
	return rc;
}
