/* test_theorem1.c: Theorem 1 (paper §2.5, proof in Appendix 5.2) and the code of the lateral unit it is about.
 * The pooling weights nu = omega / sum(omega) are positive and sum to 1 (lateral.c); the lateral unit leaves exactly
 * the residual mean mean(delta) - nu . delta (gradnorm.c); by simulation (theorem1.c, 400 trials per size on the
 * grid 10 .. 1e4), |nu . delta - mean(delta)| shrinks with n at the CLT rate n^(-1/2) and with the CLT's prefactor
 * for finite-variance weights, for uniform and for real back-propagated errors, and at the slower rate the
 * generalised CLT predicts, n^(-1/3), for Pareto(1.5) weights, which have infinite variance. `inhibnorm theorem1`
 * writes what it computes and rejects bad input without leaving a file. Every band below was set from the spread
 * measured over several seeds (the numbers are in each comment). */
#include "measure.h"
#include "testutil.h"
#include "inorm/configs.h"
#include "data/fmnist.h"
#include "inorm/gradnorm.h"
#include "inorm/lateral.h"
#include "core/rng.h"
#include "inorm/theorem1.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TRIALS 400
#define NMAX 10000
#define MAXK 32
/* Slopes are fitted over n >= 100: below, O(1/n) corrections to the CLT bend the curve (log-normal weights: slope
 * -0.46 over 10..1e4 but -0.49 over 100..1e4, ten seeds). */
#define FIT_FROM 100
/* Finite-variance weights, uniform errors: ten seeds gave slopes -0.512 .. -0.473 over [100, 1e4] (SE 0.008 plus
 * the log-normal's remaining bias 0.013), so +-0.05 around -1/2 is about 4 SE beyond the bias. */
#define SLOPE_BAND 0.05
/* Network errors: drawing a random image per trial adds the spread of the images' error scales; six seeds gave
 * -0.522 .. -0.468, so +-0.06 is about 4 SE. */
#define NET_SLOPE_BAND 0.06
/* Measured mean |error| / CLT prediction, averaged over the three largest n: 0.965 .. 1.040 over ten seeds (the
 * relative SE of a mean of 400 half-normal values is 3.8 %, 2.2 % over three sizes); +-10 % is 4.5 SE. */
#define CLT_BAND 0.10
/* The same for network errors, whose per-trial image adds spread: 0.936 .. 1.048 over six seeds. */
#define NET_CLT_BAND 0.15
/* Pareto(1.5): the asymptotic slope is 1/1.5 - 1 = -1/3, reached slowly because sum(omega) also carries the largest
 * weights; local slopes measured -0.22 (n 10..100) to -0.35 (1e5..1e6), and ten seeds gave -0.30 .. -0.25 over
 * [100, 1e4]. The band [-0.40, -0.20] holds all of that and stays 0.10 (about 10 SE) away from -1/2. */
#define PARETO_LO -0.40
#define PARETO_HI -0.20
#define SUM_TOL 1e-14 /* sum of n <= 1000 doubles in [0, 1] normalised to 1: rounding below n eps = 2.2e-13, */
		      /* in practice a few eps */

/* Runs the grid 10 .. NMAX for one case; returns the number of sizes. */
static size_t run_curve(enum theorem1_weights w, enum theorem1_errors e, const struct theorem1_pool *pool,
			uint64_t seed, struct theorem1_point *pt)
{
	char err[INB_ERRLEN];
	size_t grid[MAXK], K = theorem1_grid(NMAX, 4, grid, MAXK);
	struct theorem1_ws ws;
	cr_assert_eq(theorem1_ws_alloc(&ws, NMAX, TRIALS, pool, err), INB_OK, "%s", err);
	for (size_t k = 0; k < K; k++) {
		gsl_rng *r = theorem1_stream(seed, w, e, grid[k]);
		cr_assert_not_null(r);
		cr_assert_eq(theorem1_point(w, e, pool, grid[k], r, &ws, &pt[k], err), INB_OK, "%s", err);
		gsl_rng_free(r);
	}
	theorem1_ws_free(&ws);
	return K;
}

/* Slope of log mean_abs over the sizes >= FIT_FROM. */
static double fit_slope(const struct theorem1_point *pt, size_t K)
{
	size_t n[MAXK], m = 0;
	double y[MAXK], slope, icpt;
	for (size_t k = 0; k < K; k++)
		if (pt[k].n >= FIT_FROM)
			n[m] = pt[k].n, y[m++] = pt[k].mean_abs;
	cr_assert_eq(theorem1_fit(n, y, m, &slope, &icpt), INB_OK);
	return slope;
}

/* The error at n = 10, 100, 1000, 10000 falls decade by decade. */
static void assert_shrinks(const struct theorem1_point *pt, size_t K, const char *what)
{
	double prev = INFINITY;
	for (size_t k = 0; k < K; k++) {
		if (pt[k].n != 10 && pt[k].n != 100 && pt[k].n != 1000 && pt[k].n != 10000)
			continue;
		cr_assert(pt[k].mean_abs < prev, "%s: mean |error| at n = %zu is %g, not below %g at n / 10", what,
			  pt[k].n, pt[k].mean_abs, prev);
		prev = pt[k].mean_abs;
	}
}

/* Mean over the three largest sizes of measured / predicted. */
static double clt_ratio(const struct theorem1_point *pt, size_t K)
{
	double r = 0;
	for (size_t k = K - 3; k < K; k++)
		r += pt[k].mean_abs / pt[k].clt_mean / 3;
	return r;
}

Test(theorem1, pooling_weights_are_positive_and_sum_to_one)
{
	real w[3] = { 1, 3, 4 };
	lateral_normalise(w, 3);
	cr_assert(w[0] == 0.125 && w[1] == 0.375 && w[2] == 0.5, "nu = %g %g %g, expected 1/8 3/8 1/2", w[0], w[1],
		  w[2]);
	const size_t sizes[] = { 1, 7, 1000 };
	for (size_t i = 0; i < 3; i++) {
		size_t n = sizes[i];
		real *nu = malloc(n * sizeof *nu);
		char err[INB_ERRLEN];
		cr_assert_eq(lateral_weights(nu, n, 0, 13, 1, err), INB_OK, "%s", err);
		double s = 0;
		for (size_t j = 0; j < n; j++) {
			cr_assert(nu[j] > 0, "nu[%zu] = %g at n = %zu", j, nu[j], n);
			s += nu[j];
		}
		cr_assert(fabs(s - 1) < SUM_TOL, "sum of nu = %.17g at n = %zu", s, n);
		free(nu);
	}
}

/* (2.5.1): the lateral unit subtracts nu . delta from every error, so what is left has mean mean(delta) - s_n, and
 * with nu = 1/n it is exactly centred (the `center` part of Eq. 2). */
Test(theorem1, lateral_unit_leaves_the_residual_mean)
{
	enum { N = 37 };
	real d[N], nu[N], out[N], flat[N];
	gsl_rng *r = rng_stream_alloc(RNG_TEST, 2385, 1, 0, 0);
	for (int i = 0; i < N; i++)
		d[i] = (real)(gsl_rng_uniform(r) * 2.385 - 0.7), nu[i] = (real)gsl_rng_uniform_pos(r), flat[i] = 1;
	gsl_rng_free(r);
	lateral_normalise(nu, N);
	lateral_normalise(flat, N);
	double mean = 0, s = 0, left = 0, left_flat = 0;
	for (int i = 0; i < N; i++)
		mean += d[i] / N, s += nu[i] * d[i];
	gradnorm_backward(GN_LATERAL, N, d, NULL, nu, out);
	for (int i = 0; i < N; i++) {
		cr_assert(fabs(out[i] - (d[i] - s)) < 1e-15, "out[%d] = %g, expected %g", i, out[i], d[i] - s);
		left += out[i] / N;
	}
	cr_assert(fabs(left - (mean - s)) < 1e-15, "residual mean %g, expected %g", left, mean - s);
	gradnorm_backward(GN_LATERAL, N, d, NULL, flat, out);
	for (int i = 0; i < N; i++)
		left_flat += out[i] / N;
	cr_assert(fabs(left_flat) < 1e-15, "uniform pooling leaves mean %g", left_flat);
}

Test(theorem1, grid_and_fit)
{
	size_t g[MAXK], K = theorem1_grid(100000, 4, g, MAXK);
	const size_t want[] = { 10, 18, 32, 56, 100, 178, 316, 562, 1000, 1778, 3162, 5623, 10000, 17783, 31623, 56234,
				100000 };
	cr_assert_eq(K, 17);
	for (size_t k = 0; k < K; k++)
		cr_assert_eq(g[k], want[k], "grid[%zu] = %zu, expected %zu", k, g[k], want[k]);
	double y[MAXK], slope, icpt;
	for (size_t k = 0; k < K; k++)
		y[k] = 2.385 * pow((double)g[k], -0.5);
	cr_assert_eq(theorem1_fit(g, y, K, &slope, &icpt), INB_OK);
	cr_assert(fabs(slope + 0.5) < 1e-12 && fabs(icpt - log(2.385)) < 1e-12, "slope %.17g intercept %.17g", slope,
		  icpt);
	y[3] = 0;
	cr_assert_eq(theorem1_fit(g, y, K, &slope, &icpt), INB_EUSAGE, "a zero statistic was fitted");
	cr_assert_eq(theorem1_fit(g, y, 1, &slope, &icpt), INB_EUSAGE, "one point was fitted");
}

Test(theorem1, finite_variance_weights_converge_at_rate_one_half)
{
	struct theorem1_point pt[MAXK];
	for (int w = THEOREM1_W_UNIFORM; w <= THEOREM1_W_LOGNORMAL; w++) {
		const struct theorem1_law *L = theorem1_law((enum theorem1_weights)w);
		size_t K = run_curve((enum theorem1_weights)w, THEOREM1_D_UNIFORM, NULL, 0, pt);
		assert_shrinks(pt, K, L->id);
		double slope = fit_slope(pt, K), ratio = clt_ratio(pt, K);
		measure("theorem1 %s weights, uniform errors: slope %.3f over n in [%d, %d] (band -0.5 +- %.2f); "
			"measured / CLT %.3f at the largest n (band 1 +- %.2f)", L->id, slope, FIT_FROM, NMAX, SLOPE_BAND,
			ratio, CLT_BAND);
		cr_expect(fabs(slope + 0.5) <= SLOPE_BAND, "%s weights: slope %.3f outside -0.5 +- %g", L->id, slope,
			  SLOPE_BAND);
		cr_expect(fabs(ratio - 1) <= CLT_BAND, "%s weights: mean |error| is %.3f times the CLT prediction", L->id,
			  ratio);
	}
}

Test(theorem1, infinite_variance_weights_converge_more_slowly)
{
	struct theorem1_point pt[MAXK];
	size_t K = run_curve(THEOREM1_W_PARETO, THEOREM1_D_UNIFORM, NULL, 0, pt);
	assert_shrinks(pt, K, "pareto1.5"); /* the mean is finite, so the theorem still holds ... */
	double slope = fit_slope(pt, K);
	measure("theorem1 pareto1.5 weights, uniform errors: slope %.3f over n in [%d, %d] (band [%.2f, %.2f], "
		"asymptote -1/3)", slope, FIT_FROM, NMAX, PARETO_LO, PARETO_HI);
	/* ... but without a finite variance the rate is the generalised CLT's, clearly slower than n^(-1/2) */
	cr_assert(slope >= PARETO_LO && slope <= PARETO_HI, "pareto1.5 weights: slope %.3f outside [%g, %g]", slope,
		  PARETO_LO, PARETO_HI);
}

Test(theorem1, network_errors_converge_at_rate_one_half)
{
	char err[INB_ERRLEN];
	struct fmnist ds;
	cr_assert_eq(fmnist_load(fmnist_resolve_dir(NULL), FMNIST_TRAIN, &ds, err), INB_OK, "%s", err);
	const struct config *c = &configs[13];
	const struct theorem1_net_opts no = { 256, 100, 256, c->lr, c->lr_wix, c->lr_wei, 0, 13 };
	struct theorem1_pool pool;
	cr_assert_eq(theorem1_network_pool(&no, &ds, &pool, err), INB_OK, "%s", err);
	fmnist_free(&ds);
	size_t zeros = 0, ones = 0;
	for (size_t i = 0; i < pool.rows * pool.width; i++) {
		cr_assert(fabs(pool.g[i]) <= 1, "pool entry %zu = %g exceeds the bound 1", i, pool.g[i]);
		zeros += pool.g[i] == 0;
		ones += fabs(pool.g[i]) == 1;
	}
	cr_assert(ones >= 1, "the pool is not scaled to max |g| = 1");
	measure("theorem1 network pool: %zu x %zu errors, %.0f %% zeros (inactive ReLUs), training loss %.3f",
		pool.rows, pool.width, 100.0 * (double)zeros / (double)(pool.rows * pool.width), pool.train_loss);
	struct theorem1_point pt[MAXK];
	for (int w = THEOREM1_W_UNIFORM; w < THEOREM1_NWEIGHTS; w++) {
		const struct theorem1_law *L = theorem1_law((enum theorem1_weights)w);
		size_t K = run_curve((enum theorem1_weights)w, THEOREM1_D_NETWORK, &pool, 0, pt);
		assert_shrinks(pt, K, L->id);
		double slope = fit_slope(pt, K);
		if (w == THEOREM1_W_PARETO) {
			measure("theorem1 pareto1.5 weights, network errors: slope %.3f (must be above %.2f)", slope,
				PARETO_LO);
			cr_expect(slope >= PARETO_LO, "pareto1.5 weights: slope %.3f below %g", slope, PARETO_LO);
			continue;
		}
		double ratio = clt_ratio(pt, K);
		measure("theorem1 %s weights, network errors: slope %.3f (band -0.5 +- %.2f); measured / CLT %.3f "
			"(band 1 +- %.2f)", L->id, slope, NET_SLOPE_BAND, ratio, NET_CLT_BAND);
		cr_expect(fabs(slope + 0.5) <= NET_SLOPE_BAND, "%s weights: slope %.3f outside -0.5 +- %g", L->id, slope,
			  NET_SLOPE_BAND);
		cr_expect(fabs(ratio - 1) <= NET_CLT_BAND, "%s weights: mean |error| is %.3f times the CLT prediction",
			  L->id, ratio);
	}
	theorem1_pool_free(&pool);
}

/* ---- the command ---------------------------------------------------------------------------------------------- */

static char out[8192];

/* Reads the data lines of block `index` (blocks separated by blank lines, '#' lines skipped, the first line of a
 * block its header) into rows of at most 10 numbers; returns the number of rows. */
static int read_block(const char *path, int index, double v[][10], int maxrows)
{
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "no output file %s", path);
	char line[4096];
	int block = 0, rows = 0, header = 1, blank = 0;
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#')
			continue;
		if (line[0] == '\n') {
			if (++blank == 2)
				block++, header = 1;
			continue;
		}
		blank = 0;
		if (block != index)
			continue;
		if (header) {
			header = 0;
			continue;
		}
		cr_assert(rows < maxrows);
		char *p = line;
		for (int c = 0; c < 10; c++) {
			char *e;
			v[rows][c] = strtod(p, &e); /* a text field reads as 0 */
			e += strcspn(e, "\t\n");
			p = *e == '\t' ? e + 1 : e;
		}
		rows++;
	}
	fclose(f);
	return rows;
}

Test(theorem1, command_writes_what_the_figure_plots)
{
	char *dir = tu_mkdtemp(), args[2048], path[512];
	tu_write_split(dir, "train", 300, 1);
	snprintf(path, sizeof path, "%s/theorem1.tsv", dir);
	snprintf(args, sizeof args, "theorem1 --data %s --out %s --trials 50 --max-n 1000 --width 32 --steps 5", dir,
		 path);
	cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	cr_assert_str_eq(out, "", "the command printed: %s", out);
	static double v[64][10];
	/* block 0: the 8 cases, columns case, weights (text: 0), errors (text: 0), slopes, theory, intercepts */
	cr_assert_eq(read_block(path, 0, v, 64), 8);
	double fits[8][4];
	for (int i = 0; i < 8; i++) {
		fits[i][0] = v[i][3], fits[i][1] = v[i][6], fits[i][2] = v[i][4], fits[i][3] = v[i][7];
		cr_assert(fabs(v[i][5] - (i % 4 == 3 ? -1.0 / 3 : -0.5)) < 1e-4, "case %d: theory slope %g", i + 1,
			  v[i][5]);
	}
	for (int i = 0; i < 8; i++) {
		int K = read_block(path, i + 1, v, 64);
		cr_assert_eq(K, 9, "block %d has %d sizes, expected 10 .. 1000 (9)", i + 1, K);
		size_t n[9];
		double ym[9], yp[9], slope, icpt;
		for (int k = 0; k < K; k++) {
			n[k] = (size_t)v[k][0], ym[k] = v[k][2], yp[k] = v[k][3];
			cr_assert_eq(v[k][1], 50, "trials");
			cr_assert(v[k][3] >= 0 && v[k][2] > 0, "block %d: statistics %g %g", i + 1, v[k][2], v[k][3]);
			/* the fitted power laws at n, as plotted (6 significant digits in the file) */
			cr_assert(fabs(v[k][4] / exp(fits[i][1] + fits[i][0] * log((double)n[k])) - 1) < 1e-3);
			cr_assert(fabs(v[k][5] / exp(fits[i][3] + fits[i][2] * log((double)n[k])) - 1) < 1e-3);
			cr_assert(i % 4 == 3 ? isnan(v[k][6]) : v[k][6] > 0, "block %d: CLT prediction %g", i + 1, v[k][6]);
		}
		/* the slopes in block 0 are those of the data in the file (4 decimals there, 6 digits here) */
		theorem1_fit(n, ym, 9, &slope, &icpt);
		cr_assert(fabs(slope - fits[i][0]) < 1e-3, "case %d: slope %g in block 0, %g refitted", i + 1, fits[i][0],
			  slope);
		theorem1_fit(n, yp, 9, &slope, &icpt);
		cr_assert(fabs(slope - fits[i][2]) < 1e-3, "case %d: p95 slope %g in block 0, %g refitted", i + 1,
			  fits[i][2], slope);
	}
}


Test(theorem1, command_rejects_bad_input_and_writes_nothing)
{
	char *dir = tu_mkdtemp(), args[2048], path[512];
	tu_write_split(dir, "train", 100, 1);
	snprintf(path, sizeof path, "%s/theorem1.tsv", dir);
	tu_expect_fail("theorem1 --trials 100", 2, "--out FILE is required", NULL);
	snprintf(args, sizeof args, "theorem1 --data %s --out %s --trials 5", dir, path);
	tu_expect_fail(args, 2, "--trials: expected a whole number in [20, ", path);
	snprintf(args, sizeof args, "theorem1 --data %s --out %s --max-n 99", dir, path);
	tu_expect_fail(args, 2, "--max-n", path);
	snprintf(args, sizeof args, "theorem1 --data %s --out %s --width 0x10", dir, path);
	tu_expect_fail(args, 2, "--width", path);
	snprintf(args, sizeof args, "theorem1 --data %s/missing --out %s", dir, path);
	tu_expect_fail(args, 3, "cannot open", path);
	snprintf(args, sizeof args, "theorem1 --data %s --out %s/no/such/dir/t.tsv", dir, dir);
	tu_expect_fail(args, 4, "cannot write", NULL);
}
