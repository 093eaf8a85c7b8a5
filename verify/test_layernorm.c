/* test_layernorm.c: parameter-free LayerNorm (paper §4.2, (4.2.1)-(4.2.3)): the forward has mean 0 and variance
 * var / (var + c) across units; the backward output is orthogonal to 1 and to y, as Eq. 2 implies. (The full
 * finite-difference and Jacobian checks of Eq. 2 belong to paper/5.1.) */
#include "inorm/layernorm.h"

#include <criterion/criterion.h>
#include <math.h>

#define N 37

static void fill(real *v, size_t n, double a, double b)
{
	for (size_t k = 0; k < n; k++)
		v[k] = (real)(a * sin(2.385 * (double)k + b) + 0.7 * cos(1.13 * (double)k * (double)k) + b);
}

Test(layernorm, forward_has_zero_mean_and_unit_variance)
{
	real s[N], y[N];
	fill(s, N, 3.1, 1.7);
	real sigma = layernorm_forward(N, s, y);
	double m = 0, v = 0, ms = 0, vs = 0;
	for (int k = 0; k < N; k++)
		m += y[k], ms += s[k];
	m /= N, ms /= N;
	for (int k = 0; k < N; k++)
		v += y[k] * y[k], vs += (s[k] - ms) * (s[k] - ms);
	v /= N, vs /= N;
	cr_assert(fabs(m) < 1e-14, "mean %g", m);
	cr_assert(fabs(v - vs / (vs + LN_EPS)) < 1e-13, "variance %g, expected %g", v, vs / (vs + LN_EPS));
	cr_assert(fabs(sigma - sqrt(vs + LN_EPS)) < 1e-13);
}

Test(layernorm, backward_is_orthogonal_to_ones_and_to_y)
{
	real s[N], y[N], dy[N], ds[N];
	fill(s, N, 2.0, 0.3);
	fill(dy, N, 1.5, -0.8);
	real sigma = layernorm_forward(N, s, y);
	layernorm_backward(N, dy, y, sigma, ds);
	double m = 0, p = 0, yy = 0;
	for (int k = 0; k < N; k++)
		m += ds[k], p += ds[k] * y[k], yy += y[k] * y[k];
	/* sum ds = 0 exactly; sum ds*y = (1 - mean(y^2)) * sum(dy*y) / sigma, which is O(c / var), not 0 */
	cr_assert(fabs(m) < 1e-13, "sum of ds %g", m);
	double dyy = 0;
	for (int k = 0; k < N; k++)
		dyy += dy[k] * y[k];
	cr_assert(fabs(p - (1 - yy / N) * dyy / sigma) < 1e-12, "sum ds*y %g", p);
}
