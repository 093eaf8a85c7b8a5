/* reduce.h: the sums of the per-sample element-wise work (LayerNorm, GradNorm, the I-Norm layer's divisive
 * population and local loss), in double over 8 independent lanes added in a fixed order at the end.
 * The lanes let the compiler vectorise reductions it may not reorder itself (no fast-math); double keeps the float
 * build's sums accurate for any layer width; the fixed order keeps every result reproducible bit for bit. */
#ifndef INHIBNORM_REDUCE_H
#define INHIBNORM_REDUCE_H

#include "core/common.h"

#include <stddef.h>

#define REDUCE_LANES 8

static inline double reduce_lanes_total(const double acc[REDUCE_LANES])
{
	return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

/* sum_k v[k] */
static inline double reduce_sum(size_t n, const real *v)
{
	double acc[REDUCE_LANES] = { 0 };
	size_t k = 0;
	for (; k + REDUCE_LANES <= n; k += REDUCE_LANES)
		for (int j = 0; j < REDUCE_LANES; j++)
			acc[j] += v[k + j];
	for (; k < n; k++)
		acc[0] += v[k];
	return reduce_lanes_total(acc);
}

/* sum_k (v[k] - c)^2 */
static inline double reduce_sum_sq_dev(size_t n, const real *v, double c)
{
	double acc[REDUCE_LANES] = { 0 };
	size_t k = 0;
	for (; k + REDUCE_LANES <= n; k += REDUCE_LANES)
		for (int j = 0; j < REDUCE_LANES; j++) {
			double d = v[k + j] - c;
			acc[j] += d * d;
		}
	for (; k < n; k++)
		acc[0] += (v[k] - c) * (v[k] - c);
	return reduce_lanes_total(acc);
}

/* sum_k a[k] b[k] */
static inline double reduce_dot(size_t n, const real *a, const real *b)
{
	double acc[REDUCE_LANES] = { 0 };
	size_t k = 0;
	for (; k + REDUCE_LANES <= n; k += REDUCE_LANES)
		for (int j = 0; j < REDUCE_LANES; j++)
			acc[j] += (double)a[k + j] * b[k + j];
	for (; k < n; k++)
		acc[0] += (double)a[k] * b[k];
	return reduce_lanes_total(acc);
}

#endif
