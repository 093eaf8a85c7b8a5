/* lateral.c: pooling weights of the lateral inhibitory unit (see lateral.h). */
#include "inorm/lateral.h"
#include "core/rng.h"

int lateral_weights(real *nu, size_t n, uint64_t seed, uint64_t config, int layer, char *err)
{
	gsl_rng *r = rng_stream_alloc(RNG_LATERAL, seed, config, (uint64_t)layer, (uint64_t)n);
	if (!r)
		return inb_fail(err, INB_EINTERNAL, "out of memory allocating a random stream");
	for (size_t j = 0; j < n; j++)
		nu[j] = (real)gsl_rng_uniform_pos(r); /* omega_j ~ U(0, 1), never exactly 0 */
	gsl_rng_free(r);
	lateral_normalise(nu, n);
	return INB_OK;
}

void lateral_normalise(real *w, size_t n)
{
	double s = 0;
	for (size_t j = 0; j < n; j++)
		s += w[j];
	for (size_t j = 0; j < n; j++)
		w[j] = (real)(w[j] / s);
}
