/* layernorm.c: LN forward and backward (see layernorm.h). Sums are accumulated in double so that the float build
 * loses nothing to the length of a row; the result is rounded once. */
#include "layernorm.h"

#include <math.h>

real layernorm_forward(size_t n, const real *s, real *y)
{
	double mu = 0, var = 0;
	for (size_t k = 0; k < n; k++)
		mu += s[k];
	mu /= (double)n;
	for (size_t k = 0; k < n; k++) {
		double c = s[k] - mu;
		var += c * c;
	}
	var /= (double)n; /* biased variance (4.2.1) */
	double sigma = sqrt(var + LN_EPS), inv = 1.0 / sigma;
	for (size_t k = 0; k < n; k++)
		y[k] = (real)((s[k] - mu) * inv);
	return (real)sigma;
}

void layernorm_backward(size_t n, const real *dy, const real *y, real sigma, real *ds)
{
	double m = 0, my = 0;
	for (size_t k = 0; k < n; k++) {
		m += dy[k];
		my += (double)dy[k] * y[k];
	}
	m /= (double)n;
	my /= (double)n;
	double inv = 1.0 / sigma;
	for (size_t k = 0; k < n; k++)
		ds[k] = (real)((dy[k] - m - y[k] * my) * inv); /* (2.3.1) */
}
