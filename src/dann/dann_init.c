/* dann_init.c: initial parameters of the DANN paper's networks (DANN paper §3, Algorithm 1, Appendix B.1, C.1;
 * paper/dann-3-init.md). DANN layers: W^EE ~ Exp with mean 1/lambda_E (the first layer's mean as the released
 * code), W^IE sampled the same way and W^EI = 1/n_i, or, with one inhibitory unit, W^IE the mean row of W^EE and
 * W^EI = 1; e^alpha = sqrt(2 pi - 1)/sqrt(d); g = 1, beta = 0. ColumnEi: Eq. 17-19 with the square root, first layer
 * centred by its bias. MLP, LN, BN: He normal. Each layer draws from its own stream keyed by (seed, layer). */
#include "dann/dann_net.h"
#include "core/rng.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

#define DN_PI 3.14159265358979323846

double dn_dann_wmean(size_t d, int first)
{
	return first ? sqrt(1.0 / (2.0 * (double)d)) : sqrt(2 * DN_PI / ((double)d * (2 * DN_PI - 1)));
}

double dn_dann_alpha(size_t d)
{
	return log(sqrt(2 * DN_PI - 1) / sqrt((double)d));
}

double dn_colei_wmean(size_t ne, size_t ni)
{
	double a = (double)ne, b = (double)ni;
	return 1.0 / sqrt((2 * DN_PI - 1) / (2 * DN_PI) * (a + a * a / b));
}

double dn_dann_var_z(size_t ne, size_t ni)
{
	double kappa = ni > 1 ? 1.0 / (double)ni : -1.0 / (double)ne;
	return DN_PI * (1 + kappa) / (2 * DN_PI - 1);
}

static void fill(real *p, size_t len, real v)
{
	for (size_t i = 0; i < len; i++)
		p[i] = v;
}

/* Algorithm 1 for one layer. */
static void init_dann(struct dn_layer *L, int first, gsl_rng *r)
{
	const size_t n = L->n, d = L->d, ni = L->ni;
	const double s = dn_dann_wmean(d, first);
	for (size_t i = 0; i < n * d; i++)
		L->w[i] = (real)gsl_ran_exponential(r, s);
	if (ni > 1) {
		for (size_t i = 0; i < ni * d; i++)
			L->wix[i] = (real)gsl_ran_exponential(r, s);
		fill(L->wei, n * ni, (real)(1.0 / (double)ni));
	} else {
		/* one inhibitory unit: it computes the mean of the excitatory units' z^E */
		for (size_t i = 0; i < d; i++) {
			double m = 0;
			for (size_t k = 0; k < n; k++)
				m += L->w[k * d + i];
			L->wix[i] = (real)(m / (double)n);
		}
		fill(L->wei, n, 1);
	}
	fill(L->alpha, ni, (real)dn_dann_alpha(d));
	fill(L->g, n, 1);
	fill(L->b, n, 0);
}

/* Appendix B.1 for one layer (z = W^+ D x + b). */
static void init_colei(struct dn_layer *L, int first, double pixel_mean, gsl_rng *r)
{
	const size_t n = L->n, d = L->d;
	if (first) {
		/* all inputs excitatory: W^+ mean 1/sqrt(d); the bias centres z for inputs of mean pixel_mean (Eq. 20) */
		const double s = 1 / sqrt((double)d);
		for (size_t i = 0; i < n * d; i++)
			L->w[i] = (real)gsl_ran_exponential(r, s);
		fill(L->b, n, (real)(-(double)d * s * pixel_mean));
		return;
	}
	const double se = dn_colei_wmean(d - L->ni, L->ni), si = se * (double)(d - L->ni) / (double)L->ni;
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < d; i++)
			L->w[k * d + i] = (real)gsl_ran_exponential(r, L->sign[i] > 0 ? se : si);
	fill(L->b, n, 0);
}

/* He normal, N(0, gain / d), gain 1 in the first layer and 2 after (the output included). */
static void init_mlp(struct dn_layer *L, int first, gsl_rng *r)
{
	const double sd = sqrt((first ? 1.0 : 2.0) / (double)L->d);
	for (size_t i = 0; i < L->n * L->d; i++)
		L->w[i] = (real)gsl_ran_gaussian(r, sd);
	fill(L->b, L->n, 0);
	if (L->g)
		fill(L->g, L->n, 1);
}

int dn_init(struct dn_net *n, uint64_t seed, double pixel_mean, char *err)
{
	for (int l = 0; l < DN_LAYERS; l++) {
		struct dn_layer *L = &n->L[l];
		gsl_rng *r = rng_stream_alloc(RNG_DANN_INIT, seed, (uint64_t)l, (uint64_t)L->d << 32 | L->n, 0);
		if (!r)
			return inb_fail(err, INB_EINTERNAL, "out of memory allocating a random stream");
		if (L->kind == DN_DANN)
			init_dann(L, l == 0, r);
		else if (L->kind == DN_COLEI)
			init_colei(L, l == 0, pixel_mean, r);
		else
			init_mlp(L, l == 0, r);
		gsl_rng_free(r);
	}
	return INB_OK;
}
