/* metrics.c: cosine similarity, layer moments, top-k selection (paper §4.5, (4.5.8)-(4.5.12); (4.7.25), (4.7.29)); see
 * metrics.h. No allocation; doubles for every sum. */
#include "stats/metrics.h"
#include "core/common.h"

#include <math.h>

double metrics_cosine(const real *x, const real *y, size_t n)
{
	double xy = 0, xx = 0, yy = 0;
	for (size_t i = 0; i < n; i++) {
		double a = (double)x[i], b = (double)y[i];
		xy += a * b;
		xx += a * a;
		yy += b * b;
	}
	if (isnan(xy) || isnan(xx) || isnan(yy))
		return NAN;
	if (xx == 0 || yy == 0)
		return 0; /* a zero vector has no direction: documented convention */
	double c = xy / sqrt(xx * yy); /* sqrt(fl(xx^2)) = xx exactly, so cos(x, x) = 1; sums of squares of
					 * real (float or double) entries stay far from overflow in practice */
	return c > 1 ? 1 : c < -1 ? -1 : c;
}

int metrics_moments(const real *z, size_t rows, size_t cols, struct metrics_moments *out, char *err)
{
	if (rows == 0 || cols == 0)
		return inb_fail(err, INB_EUSAGE, "layer moments: empty batch (%zu rows, %zu units)", rows, cols);
	double smu = 0, svar = 0, sm2 = 0;
	for (size_t r = 0; r < rows; r++) {
		const real *row = z + r * cols;
		double s = 0, s2 = 0;
		for (size_t j = 0; j < cols; j++) {
			s += (double)row[j];
			s2 += (double)row[j] * (double)row[j];
		}
		double mean = s / (double)cols, c2 = 0;
		for (size_t j = 0; j < cols; j++) { /* two passes: the centred sum, not s2/n - mean^2 */
			double d = (double)row[j] - mean;
			c2 += d * d;
		}
		smu += mean;
		svar += c2 / (double)cols;
		sm2 += s2 / (double)cols;
	}
	out->mu = smu / (double)rows;
	out->var = svar / (double)rows;
	out->m2 = sm2 / (double)rows;
	return INB_OK;
}

int metrics_top_k(const double *v, size_t m, size_t k, size_t *idx, char *err)
{
	if (k > m)
		return inb_fail(err, INB_EDATA, "top-k: asked for the best %zu of only %zu values", k, m);
	for (size_t i = 0; i < m; i++)
		if (isnan(v[i]))
			return inb_fail(err, INB_EDATA, "top-k: value %zu is NaN", i);
	/* insertion into the running best list; a later index enters only if strictly larger, so ties keep the lower
	 * index ahead: O(m k), fine for m = 30 runs */
	size_t have = 0;
	for (size_t i = 0; i < m && k > 0; i++) {
		if (have == k && !(v[i] > v[idx[k - 1]]))
			continue;
		size_t p = have < k ? have++ : k - 1;
		while (p > 0 && v[i] > v[idx[p - 1]]) {
			idx[p] = idx[p - 1];
			p--;
		}
		idx[p] = i;
	}
	return INB_OK;
}
