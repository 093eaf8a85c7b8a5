/* kernels.c: the shared network arithmetic (see kernels.h). */
#include "nn/kernels.h"

#include <math.h>

INB_VECTORISED
void nn_relu_backward(size_t n, const real *restrict z, const real *g, real *o)
{
	for (size_t k = 0; k < n; k++) {
		const real v = g[k];
		o[k] = z[k] > 0 ? v : 0;
	}
}

double nn_softmax_xent(size_t B, size_t C, const real *logits, const uint8_t *labels, double on, double off,
		       long *hits, long *nan_hits, real *dlogits)
{
	double total = 0;
	for (size_t r = 0; r < B; r++) {
		const real *o = logits + r * C;
		size_t arg = 0;
		for (size_t c = 1; c < C; c++)
			if (o[c] > o[arg])
				arg = c;
		if (arg == labels[r]) {
			if (hits)
				(*hits)++;
			if (nan_hits && o[arg] != o[arg])
				(*nan_hits)++;
		}
		/* log-sum-exp from the largest logit, in double */
		const double m = o[arg];
		double z = 0;
		for (size_t c = 0; c < C; c++)
			z += exp((double)o[c] - m);
		const double lse = m + log(z);
		double loss = 0;
		for (size_t c = 0; c < C; c++) {
			const double q = c == labels[r] ? on : off;
			/* a class of target 0 adds nothing (skipped, so that a logit of -inf does not make 0 * inf) */
			if (q != 0)
				loss -= q * ((double)o[c] - lse);
			if (dlogits)
				dlogits[r * C + c] = (real)((exp((double)o[c] - lse) - q) / (double)B);
		}
		total += loss;
	}
	return total / (double)B;
}

void nn_sgd_step(size_t n, real *restrict p, const real *restrict g, real lr, int nonneg)
{
	if (nonneg)
		for (size_t i = 0; i < n; i++) {
			const real q = p[i] - lr * g[i];
			p[i] = q < 0 ? 0 : q;
		}
	else
		for (size_t i = 0; i < n; i++)
			p[i] -= lr * g[i];
}
