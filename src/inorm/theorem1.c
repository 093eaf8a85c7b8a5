/* theorem1.c: the simulation of Theorem 1 (see theorem1.h). The pooling weights go through lateral_normalise and
 * the pooled error through gradnorm_backward(GN_LATERAL), the same code the lateral-inhibition networks use, so
 * the simulation also checks that code. */
#include "inorm/theorem1.h"
#include "inorm/gradnorm.h"
#include "inorm/lateral.h"
#include "data/luminance.h"
#include "inorm/net.h"
#include "core/rng.h"
#include "inorm/train.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define THEOREM1_KEY 0x74686d31u  /* the bytes of "thm1": keeps these streams apart from the layers' lateral weights */
#define PARETO_SHAPE 1.5
#define SQRT_2_OVER_PI 0.79788456080286535588 /* E|Z| for Z ~ N(0, 1) */

static const struct theorem1_law laws[THEOREM1_NWEIGHTS] = {
	/* U(0,1): mean 1/2, sd 1/sqrt(12) */
	{ "uniform", "ω ∼ U(0,1)", 0.57735026918962576, -0.5 },
	/* Exp(1): mean = sd = 1 */
	{ "exponential", "ω ∼ Exp(1)", 1.0, -0.5 },
	/* exp(N(0,1)): CV^2 = e - 1 */
	{ "lognormal", "ω ∼ LogNormal(0,1)", 1.3108324944320861, -0.5 },
	/* Pareto(a = 1.5, scale 1): mean a / (a - 1) = 3, infinite variance; stable limit of index a: n^(1/a - 1) */
	{ "pareto1.5", "ω ∼ Pareto(1.5), Var = ∞", INFINITY, 1.0 / PARETO_SHAPE - 1.0 },
};

const struct theorem1_law *theorem1_law(enum theorem1_weights w)
{
	return w < THEOREM1_NWEIGHTS ? &laws[w] : NULL;
}

const char *theorem1_errors_name(enum theorem1_errors e)
{
	return e == THEOREM1_D_UNIFORM ? "uniform" : e == THEOREM1_D_NETWORK ? "network" : "?";
}

double theorem1_draw_weight(enum theorem1_weights w, gsl_rng *r)
{
	switch (w) {
	case THEOREM1_W_UNIFORM:
		return gsl_rng_uniform_pos(r);
	case THEOREM1_W_EXPONENTIAL:
		return gsl_ran_exponential(r, 1.0);
	case THEOREM1_W_LOGNORMAL:
		return gsl_ran_lognormal(r, 0.0, 1.0);
	default:
		return gsl_ran_pareto(r, PARETO_SHAPE, 1.0);
	}
}

gsl_rng *theorem1_stream(uint64_t seed, enum theorem1_weights w, enum theorem1_errors e, size_t n)
{
	return rng_stream_alloc(RNG_LATERAL, seed, THEOREM1_KEY, (uint64_t)w * THEOREM1_NERRORS + (uint64_t)e, (uint64_t)n);
}

/* ---- the error pool ------------------------------------------------------------------------------------------ */

void theorem1_pool_free(struct theorem1_pool *pool)
{
	free(pool->g);
	memset(pool, 0, sizeof *pool);
}

/* Fills x (B, 784) and lab (B) with training images first, first + 1, ... (modulo the set's size), unshifted. */
static void batch(const struct fmnist *ds, size_t first, size_t B, real *x, uint8_t *lab, size_t *idx)
{
	for (size_t r = 0; r < B; r++) {
		idx[r] = (first + r) % ds->n;
		lab[r] = ds->labels[idx[r]];
	}
	luminance_batch(x, ds->pixels, NULL, idx, 0, B);
}

int theorem1_network_pool(const struct theorem1_net_opts *o, const struct fmnist *ds, struct theorem1_pool *pool,
			  char *err)
{
	memset(pool, 0, sizeof *pool);
	if (o->width < 2 || o->steps < 1 || o->rows < 1)
		return inb_fail(err, INB_EUSAGE, "theorem1: network width %ld, %ld steps, %zu rows: expected at least "
				"2, 1 and 1", o->width, o->steps, o->rows);
	if (ds->n < TRAIN_BATCH)
		return inb_fail(err, INB_EDATA, "theorem1: %zu training images, fewer than one batch of %d", ds->n,
				TRAIN_BATCH);
	const size_t B = TRAIN_BATCH, W = (size_t)o->width;
	struct net net;
	struct net_opts no = { .width = o->width, .lr = o->lr, .lr_wix = o->lr_wix, .lr_wei = o->lr_wei,
			       .label_smoothing = 0.1, .dist = INIT_LOGNORMAL, .seed = o->seed, .config = o->config };
	int rc = net_alloc(&net, model_find("e-ln"), &no, err);
	if (rc)
		return rc;
	struct net_ws ws;
	real *x = malloc(B * FMNIST_PIXELS * sizeof *x);
	uint8_t lab[TRAIN_BATCH];
	size_t idx[TRAIN_BATCH];
	pool->g = malloc(o->rows * W * sizeof *pool->g);
	if ((rc = net_ws_alloc(&ws, &net, B, err)) != INB_OK) {
		free(x);
		net_free(&net);
		theorem1_pool_free(pool);
		return rc;
	}
	if (!x || !pool->g) {
		rc = inb_fail(err, INB_EINTERNAL, "theorem1: out of memory for %zu error vectors of %zu", o->rows, W);
		goto done;
	}
	const struct sgd_opts sgd = { 0, 0 };
	size_t seen = 0;
	long tail = o->steps - o->steps / 10, ntail = 0;
	double tail_loss = 0;
	for (long s = 0; s < o->steps; s++, seen += B) {
		long correct = 0;
		batch(ds, seen, B, x, lab, idx);
		double loss = train_step(&net, &ws, B, x, lab, &sgd, &correct, NULL);
		if (!isfinite(loss)) {
			rc = inb_fail(err, INB_EINTERNAL, "theorem1: the network's training diverged at step %ld "
				      "(lower the learning rate)", s + 1);
			goto done;
		}
		if (s >= tail)
			tail_loss += loss, ntail++;
	}
	/* the pool: the next `rows` images, forward and backward without an update */
	double gmax = 0;
	for (size_t r0 = 0; r0 < o->rows; r0 += B) {
		size_t b = o->rows - r0 < B ? o->rows - r0 : B;
		long correct = 0;
		batch(ds, seen + r0, b, x, lab, idx);
		net_forward(&net, &ws, b, x);
		net_loss(&net, &ws, b, lab, &correct, ws.ds);
		net_backward(&net, &ws, b, x);
		for (size_t r = 0; r < b; r++)
			for (size_t k = 0; k < W; k++) {
				/* dL/dh of hidden layer 1 through the ReLU: the error LN's backward (or GradNorm) receives */
				real g = ws.y[0][r * W + k] > 0 ? ws.dh[r * W + k] : 0;
				pool->g[(r0 + r) * W + k] = g;
				if (fabs(g) > gmax)
					gmax = fabs(g);
			}
	}
	if (!(gmax > 0) || !isfinite(gmax)) {
		rc = inb_fail(err, INB_EINTERNAL, "theorem1: the recorded errors are all zero or not finite");
		goto done;
	}
	for (size_t i = 0; i < o->rows * W; i++)
		pool->g[i] = (real)(pool->g[i] / gmax); /* one scale for all: |delta| <= 1, the theorem's bound C = 1 */
	pool->rows = o->rows;
	pool->width = W;
	pool->scale = 1.0 / gmax;
	pool->train_loss = tail_loss / (double)ntail;
	pool->steps = o->steps;
	pool->images = (long)seen;
	rc = INB_OK;
done:
	free(x);
	net_ws_free(&ws);
	net_free(&net);
	if (rc)
		theorem1_pool_free(pool);
	return rc;
}

/* ---- the trials ---------------------------------------------------------------------------------------------- */

int theorem1_ws_alloc(struct theorem1_ws *ws, size_t nmax, size_t trials, const struct theorem1_pool *pool, char *err)
{
	memset(ws, 0, sizeof *ws);
	ws->nmax = nmax;
	ws->trials = trials;
	ws->idxlen = pool ? pool->width : 0;
	ws->nu = malloc(nmax * sizeof *ws->nu);
	ws->delta = malloc(nmax * sizeof *ws->delta);
	ws->out = malloc(nmax * sizeof *ws->out);
	ws->err = malloc(trials * sizeof *ws->err);
	ws->sd = malloc(trials * sizeof *ws->sd);
	ws->idx = malloc((ws->idxlen ? ws->idxlen : 1) * sizeof *ws->idx);
	if (!ws->nu || !ws->delta || !ws->out || !ws->err || !ws->sd || !ws->idx) {
		theorem1_ws_free(ws);
		return inb_fail(err, INB_EINTERNAL, "theorem1: out of memory for vectors of %zu", nmax);
	}
	for (size_t k = 0; k < ws->idxlen; k++)
		ws->idx[k] = k; /* a permutation of the units */
	return INB_OK;
}

void theorem1_ws_free(struct theorem1_ws *ws)
{
	free(ws->nu);
	free(ws->delta);
	free(ws->out);
	free(ws->err);
	free(ws->sd);
	free(ws->idx);
	memset(ws, 0, sizeof *ws);
}

/* Moves a uniformly chosen element of perm[i..m) to perm[i] (one step of a partial Fisher-Yates shuffle; perm stays
 * a permutation, so successive calls draw a uniform random subset whatever order perm starts in). */
static size_t pick(size_t *perm, size_t i, size_t m, gsl_rng *r)
{
	size_t j = i + (size_t)gsl_rng_uniform_int(r, (unsigned long)(m - i)), t = perm[i];
	perm[i] = perm[j];
	perm[j] = t;
	return perm[i];
}

/* delta (n) from one random row of the pool: n distinct units of it when n <= width, else n units drawn with
 * replacement from it. Either way delta holds the error values of one image, so its spread does not change with n
 * (vectors built from several rows would mix images of different error scale and bias the rate). */
static void draw_from_pool(const struct theorem1_pool *p, size_t n, gsl_rng *r, size_t *units, real *delta)
{
	const size_t W = p->width;
	const real *row = p->g + (size_t)gsl_rng_uniform_int(r, (unsigned long)p->rows) * W;
	if (n <= W)
		for (size_t k = 0; k < n; k++)
			delta[k] = row[pick(units, k, W, r)];
	else
		for (size_t k = 0; k < n; k++)
			delta[k] = row[gsl_rng_uniform_int(r, (unsigned long)W)];
}

/* The 95th percentile of |X| for X a mixture, with equal weights, of N(0, s[t]^2), t < T: solves
 * (1/T) sum_t 2 Q(q / s[t]) = 0.05 by bisection (Q the standard normal upper tail). */
static double mixture_p95(const double *s, size_t T)
{
	double hi = 0;
	for (size_t t = 0; t < T; t++)
		if (s[t] > hi)
			hi = s[t];
	if (hi == 0)
		return 0;
	double lo = 0;
	hi *= 6; /* 2 Q(6) = 2e-9 < 0.05 */
	for (int it = 0; it < 60; it++) {
		double q = 0.5 * (lo + hi), tail = 0;
		for (size_t t = 0; t < T; t++)
			if (s[t] > 0)
				tail += 2 * gsl_cdf_ugaussian_Q(q / s[t]);
		if (tail / (double)T > 0.05)
			lo = q;
		else
			hi = q;
	}
	return 0.5 * (lo + hi);
}

int theorem1_point(enum theorem1_weights w, enum theorem1_errors e, const struct theorem1_pool *pool, size_t n,
		   gsl_rng *r, struct theorem1_ws *ws, struct theorem1_point *out, char *err)
{
	if (n < 1 || n > ws->nmax)
		return inb_fail(err, INB_EUSAGE, "theorem1: n = %zu outside 1..%zu", n, ws->nmax);
	if (e == THEOREM1_D_NETWORK && (!pool || !pool->rows || ws->idxlen != pool->width))
		return inb_fail(err, INB_EUSAGE, "theorem1: no error pool, or scratch allocated for another pool");
	const double cv = laws[w].cv;
	double sum_err = 0, sum_sd = 0, sum_clt = 0;
	for (size_t t = 0; t < ws->trials; t++) {
		for (size_t i = 0; i < n; i++)
			ws->nu[i] = (real)theorem1_draw_weight(w, r);
		lateral_normalise(ws->nu, n); /* nu = omega / sum omega */
		if (e == THEOREM1_D_UNIFORM)
			for (size_t i = 0; i < n; i++)
				ws->delta[i] = (real)(2 * gsl_rng_uniform(r) - 1);
		else
			draw_from_pool(pool, n, r, ws->idx, ws->delta);
		/* the lateral unit: out = delta - nu . delta; its mean is mean(delta) - s_n */
		gradnorm_backward(GN_LATERAL, n, ws->delta, NULL, ws->nu, ws->out);
		double resid = 0, mu = 0, v = 0;
		for (size_t i = 0; i < n; i++)
			resid += ws->out[i], mu += ws->delta[i];
		resid /= (double)n;
		mu /= (double)n;
		for (size_t i = 0; i < n; i++)
			v += (ws->delta[i] - mu) * (ws->delta[i] - mu);
		ws->err[t] = fabs(resid);
		ws->sd[t] = sqrt(v / (double)n);
		sum_err += ws->err[t];
		sum_sd += ws->sd[t];
		/* CLT: s_n - mean(delta) = sum_i (omega_i - mu)(delta_i - mean) / sum_j omega_j ~ N(0, CV^2 sd^2 / n) */
		ws->sd[t] *= cv / sqrt((double)n);
		sum_clt += ws->sd[t];
	}
	const double T = (double)ws->trials;
	out->n = n;
	out->trials = ws->trials;
	out->mean_abs = sum_err / T;
	out->sd_delta = sum_sd / T;
	out->clt_mean = isfinite(cv) ? SQRT_2_OVER_PI * sum_clt / T : NAN;
	out->clt_p95 = isfinite(cv) ? mixture_p95(ws->sd, ws->trials) : NAN;
	gsl_sort(ws->err, 1, ws->trials);
	out->p95 = gsl_stats_quantile_from_sorted_data(ws->err, 1, ws->trials, 0.95);
	return INB_OK;
}

/* ---- grid and fit -------------------------------------------------------------------------------------------- */

size_t theorem1_grid(size_t nmax, int per_decade, size_t *out, size_t maxout)
{
	size_t count = 0;
	for (int k = 0;; k++) {
		size_t n = (size_t)llround(pow(10.0, 1.0 + (double)k / per_decade));
		if (n > nmax)
			break;
		if (count < maxout)
			out[count] = n;
		count++;
	}
	return count;
}

int theorem1_fit(const size_t *n, const double *y, size_t k, double *slope, double *intercept)
{
	if (k < 2)
		return INB_EUSAGE;
	double mx = 0, my = 0, sxx = 0, sxy = 0;
	for (size_t i = 0; i < k; i++) {
		if (!(y[i] > 0))
			return INB_EUSAGE;
		mx += log((double)n[i]);
		my += log(y[i]);
	}
	mx /= (double)k;
	my /= (double)k;
	for (size_t i = 0; i < k; i++) {
		double dx = log((double)n[i]) - mx;
		sxx += dx * dx;
		sxy += dx * (log(y[i]) - my);
	}
	*slope = sxy / sxx;
	*intercept = my - *slope * mx;
	return INB_OK;
}
