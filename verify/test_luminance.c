/* test_luminance.c: properties of the luminance-shift task (paper §2.1, §4.1: (4.1.1)-(4.1.4)): the range of the
 * shifts, clamping, eps = 0 is the identity, the shifts depend on (seed, epoch, split) and on nothing else, and eps
 * outside [0, 1] is rejected. */
#include "core/common.h"
#include "data/fmnist.h"
#include "data/luminance.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define N 60000

static real *draw(double eps, unsigned long seed, unsigned long epoch, enum luminance_split split)
{
	real *d = malloc(N * sizeof *d);
	char err[INB_ERRLEN];
	cr_assert_eq(luminance_draw(d, N, eps, seed, epoch, split, err), INB_OK, "%s", err);
	return d;
}

Test(luminance, shifts_lie_in_range_and_are_uniform)
{
	const double eps = 0.75;
	real *d = draw(eps, 0, 1, LUM_TRAIN);
	double s = 0, s2 = 0, lo = 1, hi = -1;
	for (size_t i = 0; i < N; i++) {
		cr_assert(d[i] >= -eps && d[i] < eps, "shift %g outside [-eps, eps)", (double)d[i]);
		s += d[i];
		s2 += (double)d[i] * d[i];
		lo = fmin(lo, d[i]);
		hi = fmax(hi, d[i]);
	}
	/* U(-eps, eps): mean 0 (sd of the sample mean eps/sqrt(3N) = 1.8e-3), variance eps^2/3; 5-sigma bands */
	double mean = s / N, var = s2 / N - mean * mean;
	cr_assert(fabs(mean) < 5 * eps / sqrt(3.0 * N), "mean %g", mean);
	cr_assert(fabs(var - eps * eps / 3) < 5 * eps * eps * sqrt(4.0 / 45.0 / N), "variance %g", var);
	cr_assert(lo < -0.74 && hi > 0.74, "range [%g, %g] does not fill [-eps, eps)", lo, hi);
	free(d);
}

Test(luminance, clamps_to_unit_interval)
{
	uint8_t px[FMNIST_PIXELS];
	for (int k = 0; k < FMNIST_PIXELS; k++)
		px[k] = (uint8_t)(k % 256);
	real x[FMNIST_PIXELS], up = 0.6f, down = -0.6f;
	luminance_batch(x, px, &up, NULL, 0, 1);
	for (int k = 0; k < FMNIST_PIXELS; k++) {
		double want = fmin(1.0, (k % 256) / 255.0 + 0.6);
		cr_assert(fabs(x[k] - want) < 1e-6, "pixel %d: %g, want %g", k, (double)x[k], want);
	}
	luminance_batch(x, px, &down, NULL, 0, 1);
	for (int k = 0; k < FMNIST_PIXELS; k++) {
		double want = fmax(0.0, (k % 256) / 255.0 - 0.6);
		cr_assert(fabs(x[k] - want) < 1e-6, "pixel %d: %g, want %g", k, (double)x[k], want);
	}
}

Test(luminance, eps_zero_is_identity)
{
	real *d = draw(0.0, 3, 2, LUM_TEST);
	uint8_t px[2 * FMNIST_PIXELS];
	for (int k = 0; k < 2 * FMNIST_PIXELS; k++)
		px[k] = (uint8_t)((k * 13) % 256);
	real x[2 * FMNIST_PIXELS];
	size_t idx[2] = { 1, 0 };
	luminance_batch(x, px, d, idx, 0, 2);
	for (int r = 0; r < 2; r++)
		for (int k = 0; k < FMNIST_PIXELS; k++)
			cr_assert_eq(x[r * FMNIST_PIXELS + k], (real)(px[idx[r] * FMNIST_PIXELS + k] / 255.0));
	free(d);
}

Test(luminance, same_key_same_shifts)
{
	real *a = draw(0.5, 7, 3, LUM_TRAIN), *b = draw(0.5, 7, 3, LUM_TRAIN);
	cr_assert(!memcmp(a, b, N * sizeof *a), "two draws with the same key differ");
	free(a);
	free(b);
}

/* Differs in at least 99.9 % of the images (two independent continuous draws coincide with probability 0). */
static void expect_different(real *a, real *b)
{
	size_t same = 0;
	for (size_t i = 0; i < N; i++)
		same += a[i] == b[i];
	cr_assert(same < N / 1000, "%zu of %d shifts coincide", same, N);
	free(a);
	free(b);
}

Test(luminance, epochs_splits_and_seeds_differ)
{
	expect_different(draw(0.5, 7, 3, LUM_TRAIN), draw(0.5, 7, 4, LUM_TRAIN));
	expect_different(draw(0.5, 7, 3, LUM_TRAIN), draw(0.5, 7, 3, LUM_TEST));
	expect_different(draw(0.5, 7, 3, LUM_TRAIN), draw(0.5, 7, 3, LUM_TRAIN_EVAL));
	expect_different(draw(0.5, 7, 3, LUM_TRAIN), draw(0.5, 8, 3, LUM_TRAIN));
}

Test(luminance, rejects_eps_outside_unit_interval)
{
	real d[4];
	char err[INB_ERRLEN];
	cr_assert_eq(luminance_draw(d, 4, 1.5, 0, 1, LUM_TRAIN, err), INB_EUSAGE);
	cr_assert(strstr(err, "expected a value in [0, 1]"), "%s", err);
	cr_assert_eq(luminance_draw(d, 4, -0.1, 0, 1, LUM_TRAIN, err), INB_EUSAGE);
	cr_assert_eq(luminance_draw(d, 4, NAN, 0, 1, LUM_TRAIN, err), INB_EUSAGE);
	cr_assert_eq(luminance_draw(d, 4, 1.0, 0, 1, LUM_TRAIN, err), INB_OK);
}

/* Every pixel value maps to (real)(v / 255.0) shifted and clamped: the division in `real` that luminance_batch
 * vectorises rounds exactly as the double division rounded to `real` would. */
Test(luminance, every_pixel_value_scales_as_v_over_255)
{
	uint8_t pix[FMNIST_PIXELS];
	real x[FMNIST_PIXELS];
	const real shifts[] = { 0, (real)0.3125, (real)-0.7 };
	for (int s = 0; s < 3; s++) {
		for (size_t k = 0; k < FMNIST_PIXELS; k++)
			pix[k] = (uint8_t)(k % 256);
		luminance_batch(x, pix, &shifts[s], NULL, 0, 1);
		for (size_t k = 0; k < FMNIST_PIXELS; k++) {
			real v = (real)((double)(k % 256) / 255.0) + shifts[s];
			real want = v < 0 ? 0 : v > 1 ? 1 : v;
			cr_assert(x[k] == want, "pixel %zu, shift %g: %.9g, want %.9g", k % 256, (double)shifts[s],
				  (double)x[k], (double)want);
		}
	}
}
