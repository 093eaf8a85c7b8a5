/* test_signrank.c: the Wilcoxon signed-rank test and the pseudo-median (src/stats/signrank.c;
 * paper/4.5-statistics.md, (4.5.20)-(4.5.22)). Reference p-values from scipy 1.10.1 (Debian's python3-scipy),
 * scipy.stats.wilcoxon(d) with its defaults (zero_method="wilcox", correction=False, two-sided) or with
 * method="approx" where named, computed once and written here; scipy is not needed to run the tests. The exact
 * distribution and the pseudo-median's interval are checked by enumerating all 2^n sign assignments. */
#include "core/common.h"
#include "stats/signrank.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void run(const double *d, size_t n, enum mwu_method m, struct signrank_result *r)
{
	char err[INB_ERRLEN] = "";
	cr_assert_eq(signrank_test(d, n, m, 0.95, r, err), INB_OK, "%s", err);
}

/* The test of d with the automatic method must use method and give scipy's statistic w and p to tol. */
static void expect_scipy(const double *d, size_t n, enum mwu_method method, double w, double p, double tol)
{
	struct signrank_result r;
	run(d, n, MWU_AUTO, &r);
	cr_assert_eq(r.method, method);
	cr_assert_eq(r.w, w);
	cr_assert(fabs(r.p - p) < tol, "p = %.17g, scipy %.17g", r.p, p);
}

/* scipy.stats.wilcoxon(d1) -> statistic 9.0, pvalue 0.064453125 (exact, 10 pairs, no ties, no zeros) */
Test(signrank, scipy_exact_10)
{
	const double d[] = { 1.83, -0.51, 2.45, 0.77, -1.12, 3.04, 0.29, 1.51, -0.08, 2.2 };
	expect_scipy(d, 10, MWU_EXACT, 9.0, 0.064453125, 1e-15);
}

/* d4 = [0.37 + 0.11 i (-1)^i for i in range(20)]: scipy.stats.wilcoxon(d4) -> 79.0, 0.34881019592285156 (exact) */
Test(signrank, scipy_exact_20)
{
	double d[20];
	for (int i = 0; i < 20; i++)
		d[i] = 0.37 + 0.11 * i * (i % 2 ? -1 : 1);
	expect_scipy(d, 20, MWU_EXACT, 79.0, 0.34881019592285156, 1e-14);
}

/* 8 pairs: scipy.stats.wilcoxon(d5) -> 6.0, 0.109375 (exact); method="approx" -> 6.0, 0.09289194088370532,
 * z = -1.6803361008336117 (scipy's z is of min(W+, W-); ours of W+, here W+ is the larger, so the sign differs) */
Test(signrank, scipy_exact_and_approx_8)
{
	const double d[] = { 2.385, -1.25, 0.61, 3.3, 1.07, -0.42, 1.9, 0.88 };
	struct signrank_result r;
	run(d, 8, MWU_AUTO, &r);
	cr_assert_eq(r.method, MWU_EXACT);
	cr_assert(r.w == 6.0 && fabs(r.p - 0.109375) < 1e-15, "W %g p %.17g", r.w, r.p);
	run(d, 8, MWU_ASYMPTOTIC, &r);
	cr_assert(r.w == 6.0 && fabs(r.p - 0.09289194088370532) < 1e-12, "p = %.17g", r.p);
	cr_assert(fabs(r.z - 1.6803361008336117) < 1e-12, "z = %.17g", r.z);
}

/* zeros (dropped) and tied |d|: scipy.stats.wilcoxon(d2, method="approx") -> 11.5, 0.017017372166933803,
 * z = -2.386332181568228; scipy's default ("auto") switches to the approximation because of the zeros, and so do we */
Test(signrank, scipy_approx_zeros_and_ties_15)
{
	const double d[] = { 0.5, -0.5, 1.0, 0, 1.5, 2.0, -1.0, 0.5, 2.5, 0, 3.0, 1.0, -0.25, 1.75, 0.5 };
	struct signrank_result r;
	run(d, 15, MWU_AUTO, &r);
	cr_assert_eq(r.method, MWU_ASYMPTOTIC);
	cr_assert_eq(r.n_used, 13);
	cr_assert(r.w == 11.5 && fabs(r.p - 0.017017372166933803) < 1e-12, "W %g p %.17g", r.w, r.p);
	cr_assert(fabs(fabs(r.z) - 2.386332181568228) < 1e-12, "z = %.17g", r.z);
	char err[INB_ERRLEN] = "";
	cr_assert_eq(signrank_test(d, 15, MWU_EXACT, 0.95, &r, err), INB_EUSAGE, "exact with zeros is refused");
}

/* 60 pairs with tied |d|: d3 = [round(sin(1.7 i) + 0.3, 2) for i in 1..60]; scipy.stats.wilcoxon(d3) (auto: more
 * than 50 pairs, approximation) -> 495.0, 0.0019880654627201766, z = -3.0920094109586342 */
Test(signrank, scipy_approx_60_with_ties)
{
	const double d[] = { 1.29, 0.04, -0.63, 0.79, 1.1, -0.4, -0.32, 1.16, 0.7, -0.66, 0.15, 1.3, 0.19, -0.67,
			     0.66, 1.18, -0.29, -0.43, 1.07, 0.83, -0.61, 0.01, 1.29, 0.34, -0.7, 0.52, 1.24, -0.16,
			     -0.52, 0.97, 0.95, -0.54, -0.13, 1.25, 0.49, -0.7, 0.37, 1.28, -0.02, -0.6, 0.85, 1.06,
			     -0.45, -0.26, 1.19, 0.63, -0.68, 0.22, 1.3, 0.12, -0.65, 0.72, 1.14, -0.34, -0.38, 1.11,
			     0.77, -0.64, 0.07, 1.29 };
	struct signrank_result r;
	run(d, 60, MWU_AUTO, &r);
	cr_assert_eq(r.method, MWU_ASYMPTOTIC);
	cr_assert(r.w == 495.0 && fabs(r.p - 0.0019880654627201766) < 1e-12, "W %g p %.17g", r.w, r.p);
	cr_assert(fabs(fabs(r.z) - 3.0920094109586342) < 1e-12);
}

/* The exact counts against all 2^n sign assignments, n = 1..12. */
Test(signrank, exact_counts_match_enumeration)
{
	for (size_t n = 1; n <= 12; n++) {
		size_t m = n * (n + 1) / 2;
		double *c = malloc((m + 1) * sizeof *c), *e = calloc(m + 1, sizeof *e);
		signrank_exact_counts(n, m, c);
		for (unsigned long s = 0; s < (1ul << n); s++) {
			size_t w = 0;
			for (size_t k = 0; k < n; k++)
				if (s >> k & 1)
					w += k + 1;
			e[w]++;
		}
		for (size_t w = 0; w <= m; w++)
			cr_assert_eq(c[w], e[w], "n=%zu w=%zu", n, w);
		free(c);
		free(e);
	}
}

/* The pseudo-median as the median of the Walsh averages, and its exact interval as the closure of the centres c
 * whose test of d - c is not rejected, the p-value of each by enumerating the 2^n sign assignments of the ranks. */
Test(signrank, pseudomedian_interval_matches_enumeration)
{
	const double d[] = { 2.385, -1.25, 0.61, 3.3, 1.07, -0.42, 1.9, 0.88, 1.415, 0.236 };
	const size_t n = 10, m = n * (n + 1) / 2;
	struct signrank_result r;
	run(d, n, MWU_AUTO, &r);
	cr_assert_eq(r.method, MWU_EXACT);
	double w[55];
	size_t q = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i; j < n; j++)
			w[q++] = (d[i] + d[j]) / 2;
	/* the 28th smallest of 55 by counting */
	double med = NAN;
	for (size_t i = 0; i < m; i++) {
		size_t less = 0, leq = 0;
		for (size_t j = 0; j < m; j++)
			less += w[j] < w[i], leq += w[j] <= w[i];
		if (less < 28 && 28 <= leq)
			med = w[i];
	}
	cr_assert(fabs(r.pseudomedian - med) < 1e-12, "%.17g vs %.17g", r.pseudomedian, med);
	/* scan c over the gaps of the sorted Walsh averages */
	double s[55];
	memcpy(s, w, sizeof s);
	for (size_t i = 1; i < m; i++)
		for (size_t j = i; j > 0 && s[j - 1] > s[j]; j--) {
			double t = s[j];
			s[j] = s[j - 1], s[j - 1] = t;
		}
	double lo = NAN, hi = NAN;
	int in = 0;
	for (size_t g = 0; g <= m; g++) {
		double c = g == 0 ? s[0] - 1 : g == m ? s[m - 1] + 1 : (s[g - 1] + s[g]) / 2;
		double e[10], wp = 0;
		for (size_t i = 0; i < n; i++)
			e[i] = d[i] - c;
		for (size_t i = 0; i < n; i++) { /* rank of |e_i| (no ties at a midpoint here) */
			double rk = 1;
			for (size_t j = 0; j < n; j++)
				rk += fabs(e[j]) < fabs(e[i]);
			if (e[i] > 0)
				wp += rk;
		}
		double wm = fmin(wp, (double)m - wp), below = 0;
		for (unsigned long sg = 0; sg < (1ul << n); sg++) {
			double x = 0;
			for (size_t k = 0; k < n; k++)
				if (sg >> k & 1)
					x += (double)(k + 1);
			below += x <= wm;
		}
		int acc = fmin(1, 2 * below / 1024) >= 0.05;
		if (acc && !in)
			lo = g == 0 ? -INFINITY : s[g - 1];
		if (!acc && in)
			hi = s[g - 1];
		in = acc;
	}
	cr_assert(r.lo == lo && r.hi == hi, "[%.17g, %.17g] vs enumerated [%.17g, %.17g]", r.lo, r.hi, lo, hi);
}

Test(signrank, errors_and_all_zero)
{
	const double d[] = { 0, 0, 0 }, bad[] = { 1, INFINITY };
	struct signrank_result r;
	char err[INB_ERRLEN] = "";
	run(d, 3, MWU_AUTO, &r);
	cr_assert(r.p == 1 && r.z == 0 && r.n_used == 0 && r.pseudomedian == 0);
	cr_assert_eq(signrank_test(d, 0, MWU_AUTO, 0.95, &r, err), INB_EDATA);
	cr_assert_eq(signrank_test(bad, 2, MWU_AUTO, 0.95, &r, err), INB_EDATA);
	cr_assert(strstr(err, "difference 2"), "%s", err);
	cr_assert_eq(signrank_test(d, 3, MWU_AUTO, 1.5, &r, err), INB_EUSAGE);
	const double t[] = { 1, -1, 2 };
	cr_assert_eq(signrank_test(t, 3, MWU_EXACT, 0.95, &r, err), INB_EUSAGE, "exact with tied |d| is refused");
}
