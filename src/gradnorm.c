/* gradnorm.c: error transformations (see gradnorm.h). Reductions in double, in index order. */
#include "gradnorm.h"
#include "layernorm.h"

#include <math.h>

const char *gradnorm_name(enum gradnorm_mode m)
{
	static const char *const names[] = { "off", "full", "center", "scale", "decorrelate", "lateral" };
	return m <= GN_LATERAL ? names[m] : "?";
}

/* s_z = sqrt(var_k(z) + c), biased variance */
static double spread(size_t n, const real *z)
{
	double mu = 0, v = 0;
	for (size_t k = 0; k < n; k++)
		mu += z[k];
	mu /= (double)n;
	for (size_t k = 0; k < n; k++)
		v += (z[k] - mu) * (z[k] - mu);
	return sqrt(v / (double)n + LN_EPS);
}

void gradnorm_backward(enum gradnorm_mode m, size_t n, const real *g, const real *z, const real *nu, real *out)
{
	double mean = 0, proj = 0, scale = 1, pooled = 0;
	if (m == GN_FULL || m == GN_CENTER)
		for (size_t k = 0; k < n; k++)
			mean += g[k];
	mean /= (double)n;
	if (m == GN_FULL || m == GN_DECORRELATE)
		for (size_t k = 0; k < n; k++)
			proj += (double)g[k] * z[k];
	proj /= (double)n;
	if (m == GN_FULL || m == GN_SCALE)
		scale = 1.0 / spread(n, z);
	if (m == GN_LATERAL)
		for (size_t k = 0; k < n; k++)
			pooled += (double)nu[k] * g[k];
	switch (m) {
	case GN_OFF:
		for (size_t k = 0; k < n; k++)
			out[k] = g[k];
		break;
	case GN_LATERAL:
		for (size_t k = 0; k < n; k++)
			out[k] = (real)(g[k] - pooled); /* (2.5.1) */
		break;
	default: /* full, center, scale, decorrelate: (2.3.2), (2.4.1)-(2.4.3) */
		for (size_t k = 0; k < n; k++)
			out[k] = (real)((g[k] - mean - z[k] * proj) * scale);
		break;
	}
}
