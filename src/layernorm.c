/* layernorm.c: LN forward and backward (see layernorm.h).
 * Sums run in double over 8 independent lanes, added in a fixed order at the end: the lanes let the compiler
 * vectorise a reduction it may not reorder itself (no fast-math), double keeps the float build's sums exact enough
 * for any layer width, and the fixed order keeps results reproducible bit for bit. */
#include "layernorm.h"

#include <math.h>

#define LANES 8

static double lanes_total(const double acc[LANES])
{
	return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

/* sum_k v[k] */
static double sum(size_t n, const real *v)
{
	double acc[LANES] = { 0 };
	size_t k = 0;
	for (; k + LANES <= n; k += LANES)
		for (int j = 0; j < LANES; j++)
			acc[j] += v[k + j];
	for (; k < n; k++)
		acc[0] += v[k];
	return lanes_total(acc);
}

/* sum_k (v[k] - c)^2 */
static double sum_sq_dev(size_t n, const real *v, double c)
{
	double acc[LANES] = { 0 };
	size_t k = 0;
	for (; k + LANES <= n; k += LANES)
		for (int j = 0; j < LANES; j++) {
			double d = v[k + j] - c;
			acc[j] += d * d;
		}
	for (; k < n; k++)
		acc[0] += (v[k] - c) * (v[k] - c);
	return lanes_total(acc);
}

/* sum_k a[k] b[k] */
static double dot(size_t n, const real *a, const real *b)
{
	double acc[LANES] = { 0 };
	size_t k = 0;
	for (; k + LANES <= n; k += LANES)
		for (int j = 0; j < LANES; j++)
			acc[j] += (double)a[k + j] * b[k + j];
	for (; k < n; k++)
		acc[0] += (double)a[k] * b[k];
	return lanes_total(acc);
}

real layernorm_forward(size_t n, const real *s, real *y)
{
	double mu = sum(n, s) / (double)n;
	double var = sum_sq_dev(n, s, mu) / (double)n; /* biased variance (4.2.1) */
	double sigma = sqrt(var + LN_EPS);
	const real m = (real)mu, inv = (real)(1.0 / sigma);
	for (size_t k = 0; k < n; k++)
		y[k] = (s[k] - m) * inv;
	return (real)sigma;
}

void layernorm_backward(size_t n, const real *dy, const real *y, real sigma, real *ds)
{
	const real m = (real)(sum(n, dy) / (double)n), my = (real)(dot(n, dy, y) / (double)n);
	const real inv = (real)(1.0 / sigma);
	for (size_t k = 0; k < n; k++)
		ds[k] = (dy[k] - m - y[k] * my) * inv; /* (2.3.1) */
}
