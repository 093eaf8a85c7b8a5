/* theorem1.h: Theorem 1 of paper §2.5, (2.5.3) (proof in Appendix 5.2, (5.2.1)-(5.2.7)) checked by simulation.
 * A lateral inhibitory unit pools a layer's errors delta (n) with fixed weights nu = omega / sum(omega), omega_i
 * i.i.d. positive; subtracting s_n = nu . delta from every error leaves the residual mean  mean(delta) - s_n.
 * The theorem says it vanishes as n grows when E[omega] is finite; for Var(omega) finite the central limit theorem
 * gives its size, CV(omega) sd(delta) / sqrt(n) (slope -1/2 in log-log), and for Pareto weights of shape 1 < a < 2
 * (infinite variance) the generalised CLT gives the slower rate n^(1/a - 1). The simulation measures the mean and
 * 95th percentile of |s_n - mean(delta)| over many trials on a log grid of n, for several weight laws and for errors
 * that are uniform or taken from a briefly trained network, and fits the log-log slopes. Not here: the output file
 * (cmd_theorem1.c) and the figure (figures/theorem1.gp). */
#ifndef INHIBNORM_THEOREM1_H
#define INHIBNORM_THEOREM1_H

#include "core/common.h"
#include "data/fmnist.h"

#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdint.h>

/* Laws of the raw weights omega. The first three satisfy the theorem's hypotheses (and have finite variance); the
 * Pareto law has finite mean 3 and infinite variance: outside the rate the finite-variance CLT gives. */
enum theorem1_weights { THEOREM1_W_UNIFORM, THEOREM1_W_EXPONENTIAL, THEOREM1_W_LOGNORMAL, THEOREM1_W_PARETO,
			THEOREM1_NWEIGHTS };

/* Sources of the error vectors delta. */
enum theorem1_errors { THEOREM1_D_UNIFORM, THEOREM1_D_NETWORK, THEOREM1_NERRORS };

struct theorem1_law {
	const char *id;        /* "uniform", "exponential", "lognormal", "pareto1.5" */
	const char *legend;    /* for the figure, e.g. "ω ~ U(0,1)" */
	double cv;             /* coefficient of variation sd/mean (INFINITY for the Pareto law) */
	double theory_slope;   /* predicted log-log slope of the error: -1/2, or 1/a - 1 = -1/3 for Pareto a = 1.5 */
};

/* The law of a weight kind, and the name of an error source ("uniform", "network"). */
const struct theorem1_law *theorem1_law(enum theorem1_weights w);
const char *theorem1_errors_name(enum theorem1_errors e);

/* One draw of omega > 0 from the law. */
double theorem1_draw_weight(enum theorem1_weights w, gsl_rng *r);

/* A pool of real error vectors: rows of one layer's back-propagated error, scaled once so that |g| <= 1. */
struct theorem1_pool {
	size_t rows, width;
	real *g;               /* (rows, width), |g| <= 1 */
	double scale;          /* the factor applied: 1 / max |g| of the raw errors */
	double train_loss;     /* mean training loss over the last 10 % of the training steps */
	long steps, images;    /* training steps taken and images seen */
};

/* How the network behind a pool is trained: an E-only LN network (model e-ln) of hidden width `width`, `steps` SGD
 * steps of batch 32 on Fashion-MNIST training images in file order (no luminance shift), learning rates lr (W^EE,
 * biases) and lr_inh (the output layer's W^IE, W^EI); then `rows` further training images are passed forward and
 * backward without an update, and the pool holds, per image, dL/dh of hidden layer 1 times ReLU'(y): the error the
 * layer's normalisation (or its lateral unit) receives. */
struct theorem1_net_opts {
	long width, steps;
	size_t rows;
	double lr, lr_wix, lr_wei;
	uint64_t seed, config;  /* keys of the initial weights (net_opts) */
};

/* Trains the network on ds and fills pool (allocated here; free with theorem1_pool_free). Returns INB_OK, INB_EUSAGE
 * (bad sizes), INB_EDATA (fewer images than one batch) or INB_EINTERNAL (out of memory, or the training diverged). */
int theorem1_network_pool(const struct theorem1_net_opts *o, const struct fmnist *ds, struct theorem1_pool *pool,
			  char *err);
void theorem1_pool_free(struct theorem1_pool *pool);

/* Scratch for theorem1_point: vectors of up to nmax and `trials` errors. */
struct theorem1_ws {
	size_t nmax, trials, idxlen;
	real *nu, *delta, *out;  /* (nmax) */
	double *err, *sd;        /* (trials) */
	size_t *idx;             /* (idxlen = pool width) permutation of the units, for drawing from a pool */
};

/* Allocates scratch for vectors of at most nmax entries, `trials` trials, and a pool of the given shape (NULL when
 * no network errors are drawn). Returns INB_OK or INB_EINTERNAL. */
int theorem1_ws_alloc(struct theorem1_ws *ws, size_t nmax, size_t trials, const struct theorem1_pool *pool, char *err);
void theorem1_ws_free(struct theorem1_ws *ws);

/* One grid point: statistics of |s_n - mean(delta)| over the trials. */
struct theorem1_point {
	size_t n;
	size_t trials;
	double mean_abs;   /* mean of |s_n - mean(delta)| */
	double p95;        /* its 95th percentile (linear interpolation between order statistics) */
	double clt_mean;   /* CLT prediction of mean_abs: mean over trials of sqrt(2/pi) CV sd(delta) / sqrt(n) */
	double clt_p95;    /* CLT prediction of p95: the 95th percentile of the mixture of |N(0, (CV sd(delta))^2 / n)|
			    * over the trials; both NaN for infinite-variance weights */
	double sd_delta;   /* mean over trials of sd(delta) (biased) */
};

/* Runs ws->trials trials at size n: omega drawn from law w and normalised by lateral_normalise; delta uniform on
 * [-1, 1) or drawn from one random row of the pool (THEOREM1_D_NETWORK): n distinct units of it for n <= pool->width,
 * else n units drawn with replacement. The residual is the mean of what gradnorm_backward(GN_LATERAL) leaves, i.e.
 * the lateral unit's own code path. Returns INB_OK or INB_EUSAGE (n outside 1..ws->nmax, or no pool). */
int theorem1_point(enum theorem1_weights w, enum theorem1_errors e, const struct theorem1_pool *pool, size_t n,
		   gsl_rng *r, struct theorem1_ws *ws, struct theorem1_point *out, char *err);

/* The log grid: n_k = round(10^(1 + k / per_decade)) for k = 0, 1, ... while n_k <= nmax. Writes at most maxout
 * sizes to out and returns how many there are. */
size_t theorem1_grid(size_t nmax, int per_decade, size_t *out, size_t maxout);

/* Least-squares line log(y) = intercept + slope log(n) over k points (natural logs). Returns INB_OK, or INB_EUSAGE if
 * fewer than 2 points or a y <= 0. */
int theorem1_fit(const size_t *n, const double *y, size_t k, double *slope, double *intercept);

/* The key of the random stream of one grid point: (seed, weights, errors, n). */
gsl_rng *theorem1_stream(uint64_t seed, enum theorem1_weights w, enum theorem1_errors e, size_t n);

#endif
