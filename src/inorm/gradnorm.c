/* gradnorm.c: error transformations (see gradnorm.h). Sums through reduce.h (double, 8 lanes, fixed order). */
#include "inorm/gradnorm.h"
#include "inorm/layernorm.h"
#include "core/reduce.h"

#include <math.h>

const char *gradnorm_name(enum gradnorm_mode m)
{
	static const char *const names[] = { "off", "full", "center", "scale", "decorrelate", "lateral" };
	return m <= GN_LATERAL ? names[m] : "?";
}

/* s_z = sqrt(var_k(z) + c), biased variance */
static double spread(size_t n, const real *z)
{
	const double mu = reduce_sum(n, z) / (double)n;
	return sqrt(reduce_sum_sq_dev(n, z, mu) / (double)n + LN_EPS);
}

INB_VECTORISED
void gradnorm_backward(enum gradnorm_mode m, size_t n, const real *g, const real *z, const real *nu, real *out)
{
	double mean = 0, proj = 0, scale = 1;
	if (m == GN_FULL || m == GN_CENTER)
		mean = reduce_sum(n, g) / (double)n;
	if (m == GN_FULL || m == GN_DECORRELATE)
		proj = reduce_dot(n, g, z) / (double)n;
	if (m == GN_FULL || m == GN_SCALE)
		scale = 1.0 / spread(n, z);
	switch (m) {
	case GN_OFF:
		if (out != g)
			for (size_t k = 0; k < n; k++)
				out[k] = g[k];
		break;
	case GN_LATERAL: {
		const double pooled = reduce_dot(n, nu, g);
		for (size_t k = 0; k < n; k++)
			out[k] = (real)(g[k] - pooled); /* (2.5.1) */
		break;
	}
	case GN_SCALE:
		for (size_t k = 0; k < n; k++)
			out[k] = (real)(g[k] * scale); /* (2.4.2) */
		break;
	default: /* full, center, decorrelate: (2.3.2), (2.4.1), (2.4.3) */
		for (size_t k = 0; k < n; k++)
			out[k] = (real)((g[k] - mean - z[k] * proj) * scale);
		break;
	}
}
