/* test_metrics.c: cosine similarity, layer moments and top-k selection of paper §4.5 (src/stats/metrics.c). Expected
 * values are derived by hand in the comments. */
#include "core/common.h"
#include "stats/metrics.h"

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

/* x = (1.5, -2.25, 3.125), y = (4, 0.5, -1.75): x.y = 6 - 1.125 - 5.46875 = -0.59375; |x|^2 = 2.25 + 5.0625 +
 * 9.765625 = 17.078125; |y|^2 = 16 + 0.25 + 3.0625 = 19.3125; cos = -0.59375 / sqrt(17.078125 * 19.3125)
 * = -0.0326937 (all sums exact in binary). */
Test(metrics, cosine_of_hand_vectors)
{
	const real x[] = { 1.5, -2.25, 3.125 }, y[] = { 4, 0.5, -1.75 };
	double c = metrics_cosine(x, y, 3);
	cr_assert_float_eq(c, -0.59375 / sqrt(17.078125 * 19.3125), 1e-15);
	cr_assert_float_eq(c, -0.0326937, 5e-8);
	cr_assert_eq(metrics_cosine(x, x, 3), 1.0, "a vector with itself: 1 (rounding pulled back into [-1, 1])");
	const real mx[] = { -1.5, 2.25, -3.125 };
	cr_assert_eq(metrics_cosine(x, mx, 3), -1.0);
}

Test(metrics, cosine_of_orthogonal_vectors_is_zero)
{
	const real x[] = { 1.5, 2.0, 0, -3.0 }, y[] = { 2.0, -1.5, 5.25, 0 };
	cr_assert_eq(metrics_cosine(x, y, 4), 0.0); /* 3 - 3 + 0 + 0, exact */
}

Test(metrics, cosine_is_scale_invariant)
{
	real x[7], y[7], sx[7], sy[7];
	for (int i = 0; i < 7; i++) {
		x[i] = (real)sin(2.385 * i + 0.3);
		y[i] = (real)cos(1.17 * i * i - 0.8);
		sx[i] = (real)(37.5 * x[i]);
		sy[i] = (real)(0.0042 * y[i]);
	}
	double c = metrics_cosine(x, y, 7);
	cr_assert(fabs(c) > 0.05 && fabs(c) < 0.95, "a non-trivial angle: %g", c);
	cr_assert_float_eq(metrics_cosine(sx, sy, 7), c, 1e-14);
	for (int i = 0; i < 7; i++)
		sx[i] = -x[i];
	cr_assert_float_eq(metrics_cosine(sx, y, 7), -c, 1e-15);
}

/* Convention: a zero vector has no direction, cosine 0; NaN entries propagate. */
Test(metrics, cosine_with_zero_vector_is_zero)
{
	const real z[] = { 0, 0, 0 }, y[] = { 4, 0.5, -1.75 }, nanv[] = { 1, NAN, 2 };
	cr_assert_eq(metrics_cosine(z, y, 3), 0.0);
	cr_assert_eq(metrics_cosine(y, z, 3), 0.0);
	cr_assert_eq(metrics_cosine(z, z, 3), 0.0);
	cr_assert_eq(metrics_cosine(y, y, 0), 0.0, "empty vectors: zero norm");
	cr_assert(isnan(metrics_cosine(nanv, y, 3)));
}

/* Z = [[1, 2, 3], [-1, 0, 4]]: row means 2 and 1 -> mu = 1.5; biased centred variances (1 + 0 + 1)/3 = 2/3 and
 * (4 + 1 + 9)/3 = 14/3 -> var = 8/3; raw second moments 14/3 and 17/3 -> E[z^2] = 31/6 (= var + mean of the squared
 * row means, 8/3 + 5/2). */
Test(metrics, moments_of_hand_example)
{
	const real z[] = { 1, 2, 3, -1, 0, 4 };
	struct metrics_moments m;
	char err[INB_ERRLEN] = "";
	cr_assert_eq(metrics_moments(z, 2, 3, &m, err), INB_OK, "%s", err);
	cr_assert_float_eq(m.mu, 1.5, 1e-15);
	cr_assert_float_eq(m.var, 8.0 / 3, 1e-15);
	cr_assert_float_eq(m.m2, 31.0 / 6, 1e-15);
}

/* Layer-normalised rows (mean 0, biased variance 1) are LN's targets: mu = 0, var = 1 = E[z^2]. A constant row
 * c has var 0 but E[z^2] = c^2: the two second moments differ ((4.5.10), (4.5.11), (4.7.25)). */
Test(metrics, moments_of_normalised_and_constant_rows)
{
	/* rows (-a, 0, a) with a = sqrt(3/2): mean 0, biased variance 2 a^2 / 3 = 1 */
	const double a = sqrt(1.5);
	const real ln[] = { (real)-a, 0, (real)a, (real)a, 0, (real)-a };
	struct metrics_moments m;
	char err[INB_ERRLEN] = "";
	cr_assert_eq(metrics_moments(ln, 2, 3, &m, err), INB_OK, "%s", err);
	cr_assert_float_eq(m.mu, 0.0, 1e-15);
	cr_assert_float_eq(m.var, 1.0, 1e-14);
	cr_assert_float_eq(m.m2, 1.0, 1e-14);
	/* rows of +-1 with mean 0: exactly 0, 1, 1 */
	const real pm[] = { 1, -1, 1, -1, -1, 1, -1, 1 };
	cr_assert_eq(metrics_moments(pm, 2, 4, &m, err), INB_OK);
	cr_assert_eq(m.mu, 0.0);
	cr_assert_eq(m.var, 1.0);
	cr_assert_eq(m.m2, 1.0);
	/* a constant row: centred variance 0, raw second moment 2.5^2 */
	const real c[] = { 2.5, 2.5, 2.5, 2.5 };
	cr_assert_eq(metrics_moments(c, 1, 4, &m, err), INB_OK);
	cr_assert_eq(m.mu, 2.5);
	cr_assert_eq(m.var, 0.0);
	cr_assert_eq(m.m2, 6.25);
}

Test(metrics, moments_of_empty_batch_is_an_error)
{
	const real z[] = { 1 };
	struct metrics_moments m;
	char err[INB_ERRLEN] = "";
	cr_assert_eq(metrics_moments(z, 0, 1, &m, err), INB_EUSAGE);
	cr_assert(strstr(err, "empty batch"), "%s", err);
	cr_assert_eq(metrics_moments(z, 1, 0, &m, err), INB_EUSAGE);
}

/* v = 85.2, 87.1, 85.2, 90.0, 87.1, 60.3: by value 90.0 (3), then the 87.1 pair in index order (1, 4), then the
 * 85.2 pair (0, 2), then 60.3 (5). */
Test(metrics, top_k_breaks_ties_by_lower_index)
{
	const double v[] = { 85.2, 87.1, 85.2, 90.0, 87.1, 60.3 };
	const size_t want[] = { 3, 1, 4, 0, 2, 5 };
	char err[INB_ERRLEN] = "";
	for (size_t k = 0; k <= 6; k++) {
		size_t idx[6] = { 99, 99, 99, 99, 99, 99 };
		cr_assert_eq(metrics_top_k(v, 6, k, idx, err), INB_OK, "%s", err);
		for (size_t i = 0; i < k; i++)
			cr_assert_eq(idx[i], want[i], "k=%zu: idx[%zu] = %zu, expected %zu", k, i, idx[i], want[i]);
		for (size_t i = k; i < 6; i++)
			cr_assert_eq(idx[i], 99, "k=%zu: wrote past k", k);
	}
	/* all equal: the first k indices */
	const double e[] = { 88.5, 88.5, 88.5, 88.5, 88.5 };
	size_t idx[3];
	cr_assert_eq(metrics_top_k(e, 5, 3, idx, err), INB_OK);
	cr_assert(idx[0] == 0 && idx[1] == 1 && idx[2] == 2);
	/* increasing values: the last k, largest first */
	const double inc[] = { 70.1, 75.3, 80.8, 82.2, 89.9 };
	cr_assert_eq(metrics_top_k(inc, 5, 2, idx, err), INB_OK);
	cr_assert(idx[0] == 4 && idx[1] == 3);
}

Test(metrics, top_k_errors)
{
	const double v[] = { 85.2, 87.1, NAN };
	size_t idx[4];
	char err[INB_ERRLEN] = "";
	cr_assert_eq(metrics_top_k(v, 2, 3, idx, err), INB_EDATA);
	cr_assert(strstr(err, "best 3 of only 2"), "%s", err);
	cr_assert_eq(metrics_top_k(v, 3, 2, idx, err), INB_EDATA);
	cr_assert(strstr(err, "value 2 is NaN"), "%s", err);
}
