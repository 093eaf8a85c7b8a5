/* luminance.c: luminance shifts (see luminance.h). */
#include "luminance.h"
#include "fmnist.h"
#include "rng.h"

#include <math.h>

int luminance_draw(real *delta, size_t n, double eps, unsigned long seed, unsigned long epoch,
		   enum luminance_split split, char *err)
{
	if (!(eps >= 0.0 && eps <= 1.0))
		return inb_fail(err, INB_EUSAGE, "luminance range eps = %g, expected a value in [0, 1]", eps);
	gsl_rng *r = rng_stream_alloc(RNG_LUMINANCE, seed, epoch, (uint64_t)split, 0);
	if (!r)
		return inb_fail(err, INB_EINTERNAL, "out of memory allocating a random stream");
	for (size_t i = 0; i < n; i++)
		delta[i] = (real)((2.0 * gsl_rng_uniform(r) - 1.0) * eps); /* gsl_rng_uniform is in [0, 1) */
	gsl_rng_free(r);
	return INB_OK;
}

void luminance_batch(real *x, const uint8_t *pixels, const real *delta, const size_t *index, size_t first,
		     size_t count)
{
	real scale[256];
	for (int v = 0; v < 256; v++)
		scale[v] = (real)(v / 255.0);
	for (size_t r = 0; r < count; r++) {
		size_t i = index ? index[r] : first + r;
		const uint8_t *p = pixels + i * FMNIST_PIXELS;
		real d = delta ? delta[i] : (real)0;
		real *xr = x + r * FMNIST_PIXELS;
		for (size_t k = 0; k < FMNIST_PIXELS; k++) {
			real v = scale[p[k]] + d;
			xr[k] = v < 0 ? 0 : (v > 1 ? 1 : v);
		}
	}
}
