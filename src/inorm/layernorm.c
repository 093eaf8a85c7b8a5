/* layernorm.c: LN forward and backward (see layernorm.h). Sums through reduce.h (double, 8 lanes, fixed order). */
#include "inorm/layernorm.h"
#include "core/reduce.h"

#include <math.h>

INB_VECTORISED
real layernorm_forward(size_t n, const real *s, real *y)
{
	double mu = reduce_sum(n, s) / (double)n;
	double var = reduce_sum_sq_dev(n, s, mu) / (double)n; /* biased variance (4.2.1) */
	double sigma = sqrt(var + LN_EPS);
	const real m = (real)mu, inv = (real)(1.0 / sigma);
	for (size_t k = 0; k < n; k++)
		y[k] = (s[k] - m) * inv;
	return (real)sigma;
}

INB_VECTORISED
void layernorm_backward(size_t n, const real *dy, const real *y, real sigma, real *ds)
{
	const real m = (real)(reduce_sum(n, dy) / (double)n), my = (real)(reduce_dot(n, dy, y) / (double)n);
	const real inv = (real)(1.0 / sigma);
	for (size_t k = 0; k < n; k++)
		ds[k] = (dy[k] - m - y[k] * my) * inv; /* (2.3.1) */
}
