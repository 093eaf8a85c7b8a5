/* init.c: initial weights (see init.h). */
#include "inorm/init.h"
#include "core/rng.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

double init_sigma(size_t d, size_t ne)
{
	/* With W^IE the mean row and rows of W^EI summing to 1, Var(s) = d ((ne-1)/ne) sigma_t^2 E[x^2]; sigma_t makes
	 * that 2 E[x^2] (He-style). A single-unit layer has no such balance; fall back to the n_e -> infinity value. */
	return ne > 1 ? sqrt(2.0 * (double)ne / ((double)d * (double)(ne - 1))) : sqrt(2.0 / (double)d);
}

static double draw(gsl_rng *r, enum init_dist dist, double sigma)
{
	if (dist == INIT_EXPONENTIAL)
		return gsl_ran_exponential(r, sigma); /* mean sigma, sd sigma */
	/* log-normal with mean sigma and variance sigma^2: underlying normal N(ln(sigma/sqrt 2), ln 2) */
	return gsl_ran_lognormal(r, log(sigma / sqrt(2.0)), sqrt(log(2.0)));
}

int init_ei_layer(struct ei_layer *l, enum init_dist dist, uint64_t seed, uint64_t config, int layer_index,
		  char *err)
{
	gsl_rng *r = rng_stream_alloc(RNG_INIT, seed, config, (uint64_t)layer_index, (uint64_t)l->d << 32 | l->ne);
	if (!r)
		return inb_fail(err, INB_EINTERNAL, "out of memory allocating a random stream");
	double sigma = init_sigma(l->d, l->ne);
	for (size_t i = 0; i < l->ne * l->d; i++)
		l->wex[i] = (real)draw(r, dist, sigma);
	for (size_t k = 0; k < l->ne; k++) {
		double sum = 0;
		for (size_t j = 0; j < l->ni; j++)
			sum += (l->wei[k * l->ni + j] = (real)draw(r, dist, sigma));
		for (size_t j = 0; j < l->ni; j++)
			l->wei[k * l->ni + j] = (real)(l->wei[k * l->ni + j] / sum);
	}
	/* every row of W^IE = mean over the excitatory units of W^EE's rows */
	for (size_t i = 0; i < l->d; i++) {
		double m = 0;
		for (size_t k = 0; k < l->ne; k++)
			m += l->wex[k * l->d + i];
		for (size_t j = 0; j < l->ni; j++)
			l->wix[j * l->d + i] = (real)(m / (double)l->ne);
	}
	memset(l->b, 0, l->ne * sizeof *l->b);
	gsl_rng_free(r);
	return INB_OK;
}
