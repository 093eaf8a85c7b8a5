/* luminance.c: luminance shifts (see luminance.h). */
#include "data/luminance.h"
#include "data/fmnist.h"
#include "core/rng.h"

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

/* One image: x (784) = clamp(pixel / 255 + d, 0, 1). The division in `real` of an integer 0..255 by 255 rounds to
 * the same value as v / 255.0 in double rounded to float (all 256 values checked in float; in the double build it
 * is that division), and unlike a table it vectorises. */
INB_VECTORISED
static void shift_image(real *restrict x, const uint8_t *restrict p, real d)
{
	for (size_t k = 0; k < FMNIST_PIXELS; k++) {
		const real v = (real)p[k] / (real)255 + d;
		x[k] = v < 0 ? 0 : (v > 1 ? 1 : v);
	}
}

void luminance_batch(real *x, const uint8_t *pixels, const real *delta, const size_t *index, size_t first,
		     size_t count)
{
	for (size_t r = 0; r < count; r++) {
		size_t i = index ? index[r] : first + r;
		shift_image(x + r * FMNIST_PIXELS, pixels + i * FMNIST_PIXELS, delta ? delta[i] : (real)0);
	}
}
