/* test_hodges.c: the Hodges-Lehmann shift, its interval and the equivalence classification (src/stats/hodges.c;
 * paper/4.5-statistics.md, (4.5.17)-(4.5.19)). Reference values are worked out here by enumeration, independently
 * of the order-statistic shortcut and of mwu.c's recursion: the shift as the median of every difference a_i - b_j
 * found by selection (counting, no sort); the interval as the closure of the set of shifts d that the two-sided
 * test of a - d against b does not reject, scanning d between and beyond every pair of consecutive differences,
 * with the exact p-value from enumerating every split of the ranks 1..n (no ties there), or with the closed form
 * of the normal approximation (libm's erfc, the samples' own tie term) for the asymptotic case. */
#include "core/common.h"
#include "stats/hodges.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EPS_EQ 1e-12

/* U1 of a - d against b: pairs with a_i - d > b_j, a tie counting one half. */
static double u_shifted(const double *a, size_t n1, const double *b, size_t n2, double d)
{
	double u = 0;
	for (size_t i = 0; i < n1; i++)
		for (size_t j = 0; j < n2; j++)
			u += a[i] - d > b[j] ? 1 : a[i] - d == b[j] ? 0.5 : 0;
	return u;
}

/* Exact two-sided p of U1 = u for sizes n1, n2 by enumerating every n1-subset of the ranks 1..n (bit masks). */
static double p_enumerated(size_t n1, size_t n2, double u)
{
	size_t n = n1 + n2;
	double nn = (double)(n1 * n2), lo = fmin(u, nn - u), below = 0, all = 0;
	for (unsigned long m = 0; m < (1ul << n); m++) {
		if ((size_t)__builtin_popcountl(m) != n1)
			continue;
		double r = 0;
		for (size_t k = 0; k < n; k++)
			if (m >> k & 1)
				r += (double)(k + 1);
		double uu = r - (double)(n1 * (n1 + 1)) / 2;
		all++;
		below += uu <= lo;
	}
	return fmin(1, 2 * below / all);
}

/* The asymptotic p of (4.5.3)-(4.5.5) with the given tie term, by hand. */
static double p_normal(size_t n1, size_t n2, double u, double tie_term)
{
	double dn = (double)(n1 + n2), nn = (double)(n1 * n2), ub = fmax(u, nn - u);
	double sd = sqrt(nn / 12 * ((dn + 1) - tie_term / (dn * (dn - 1))));
	return fmin(1, erfc((ub - nn / 2 - 0.5) / sd / sqrt(2.0)));
}

/* The k-th smallest (1-based) of x (m) by counting: the value v with #{x < v} < k <= #{x <= v}. */
static double select_kth(const double *x, size_t m, size_t k)
{
	for (size_t i = 0; i < m; i++) {
		size_t less = 0, leq = 0;
		for (size_t j = 0; j < m; j++)
			less += x[j] < x[i], leq += x[j] <= x[i];
		if (less < k && k <= leq)
			return x[i];
	}
	return NAN;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

/* Enumerates the interval: scans d at the midpoints of consecutive distinct differences and beyond both ends; the
 * accepted d (p >= alpha) must be one run, and the interval its closure. tie_term < 0: exact p by enumeration. */
static void interval_by_scan(const double *a, size_t n1, const double *b, size_t n2, double level, double tie_term,
			     double *lo, double *hi)
{
	size_t nn = n1 * n2;
	double *d = malloc(nn * sizeof *d);
	cr_assert_not_null(d);
	for (size_t i = 0; i < n1; i++)
		for (size_t j = 0; j < n2; j++)
			d[i * n2 + j] = a[i] - b[j];
	qsort(d, nn, sizeof *d, cmp_double);
	size_t m = 0; /* distinct values */
	for (size_t i = 0; i < nn; i++)
		if (!m || d[i] != d[m - 1])
			d[m++] = d[i];
	*lo = NAN, *hi = NAN;
	int runs = 0, in = 0;
	for (size_t g = 0; g <= m; g++) { /* gap g: below d[0] (g = 0), between d[g-1] and d[g], above d[m-1] */
		double x = g == 0 ? d[0] - 1 : g == m ? d[m - 1] + 1 : (d[g - 1] + d[g]) / 2;
		double u = u_shifted(a, n1, b, n2, x);
		double p = tie_term < 0 ? p_enumerated(n1, n2, u) : p_normal(n1, n2, u, tie_term);
		int acc = p >= 1 - level;
		if (acc && !in) {
			runs++;
			*lo = g == 0 ? -INFINITY : d[g - 1];
		}
		if (!acc && in)
			*hi = d[g - 1];
		in = acc;
	}
	if (in)
		*hi = INFINITY;
	cr_assert_eq(runs, 1, "the accepted shifts form one interval");
	free(d);
}

static void check_case(const double *a, size_t n1, const double *b, size_t n2, double level, enum mwu_method want,
		       double tie_term)
{
	struct hl_result r;
	char err[INB_ERRLEN] = "";
	cr_assert_eq(hl_shift_ci(a, n1, b, n2, level, MWU_AUTO, &r, err), INB_OK, "%s", err);
	cr_assert_eq(r.method, want, "method");
	size_t nn = n1 * n2;
	double *d = malloc(nn * sizeof *d);
	for (size_t i = 0; i < n1; i++)
		for (size_t j = 0; j < n2; j++)
			d[i * n2 + j] = a[i] - b[j];
	double med = nn % 2 ? select_kth(d, nn, nn / 2 + 1) : (select_kth(d, nn, nn / 2) + select_kth(d, nn, nn / 2 + 1)) / 2;
	cr_assert(fabs(r.shift - med) < EPS_EQ, "shift %.17g, enumerated median %.17g", r.shift, med);
	double lo, hi;
	interval_by_scan(a, n1, b, n2, level, tie_term, &lo, &hi);
	cr_assert(r.lo == lo && r.hi == hi, "interval [%.17g, %.17g], by scanning the test [%.17g, %.17g]", r.lo, r.hi,
		  lo, hi);
	cr_assert(r.lo <= r.shift && r.shift <= r.hi, "the shift lies in its interval");
	free(d);
}

/* 5 + 5 without ties: exact, 95 %; C(10, 5) = 252 splits per shift. */
Test(hodges, exact_interval_matches_enumeration_5_5)
{
	const double a[] = { 2.385, 3.117, 1.902, 4.261, 2.874 }, b[] = { 1.533, 2.046, 0.978, 2.711, 1.288 };
	check_case(a, 5, b, 5, 0.95, MWU_EXACT, -1);
	check_case(a, 5, b, 5, 0.90, MWU_EXACT, -1);
}

/* 4 + 6 and 6 + 7 without ties, several levels; 3 + 4 at 95 % is unbounded (the smallest p is 2/35 > 0.05). */
Test(hodges, exact_interval_matches_enumeration_unequal_sizes)
{
	const double a[] = { 10.3, 8.71, 12.2, 9.45, 11.6, 7.93 },
		     b[] = { 7.12, 9.04, 6.55, 8.38, 10.9, 5.87, 7.61 };
	check_case(a, 4, b, 6, 0.95, MWU_EXACT, -1);
	check_case(a, 6, b, 7, 0.95, MWU_EXACT, -1);
	check_case(b, 7, a, 6, 0.80, MWU_EXACT, -1);
	struct hl_result r;
	char err[INB_ERRLEN];
	cr_assert_eq(hl_shift_ci(a, 3, b, 4, 0.95, MWU_AUTO, &r, err), INB_OK);
	cr_assert(isinf(r.lo) && r.lo < 0 && isinf(r.hi) && r.hi > 0 && r.k == 0, "3 + 4 at 95 %%: unbounded");
}

/* 9 + 10 with ties inside and across the samples (accuracies on a 0.01 grid): asymptotic, the interval from the
 * normal approximation with the samples' tie term (here T counted by hand: the values 81.84 x3, 80.88 x2,
 * 82.05 x2 give 24 + 6 + 6 = 36). */
Test(hodges, asymptotic_interval_matches_scan_with_ties)
{
	const double a[] = { 80.88, 81.84, 79.71, 82.05, 80.12, 78.93, 81.02, 80.88, 79.35 },
		     b[] = { 81.84, 82.05, 81.84, 83.01, 80.47, 82.66, 81.29, 82.38, 80.95, 83.4 };
	check_case(a, 9, b, 10, 0.95, MWU_ASYMPTOTIC, 36);
	check_case(a, 9, b, 10, 0.80, MWU_ASYMPTOTIC, 36);
	check_case(b, 10, a, 9, 0.95, MWU_ASYMPTOTIC, 36);
}

/* The shift and the interval move with a constant added to a, and change sign when the samples swap. */
Test(hodges, equivariant_under_shift_and_swap)
{
	const double a[] = { 2.385, 3.117, 1.902, 4.261, 2.874, 3.5 }, b[] = { 1.533, 2.046, 0.978, 2.711, 1.288, 2.2 };
	double a2[6];
	for (int i = 0; i < 6; i++)
		a2[i] = a[i] + 0.75; /* exact in binary: the differences move by exactly 0.75 */
	struct hl_result r, s, t;
	char err[INB_ERRLEN];
	cr_assert_eq(hl_shift_ci(a, 6, b, 6, 0.95, MWU_AUTO, &r, err), INB_OK);
	cr_assert_eq(hl_shift_ci(a2, 6, b, 6, 0.95, MWU_AUTO, &s, err), INB_OK);
	cr_assert_eq(hl_shift_ci(b, 6, a, 6, 0.95, MWU_AUTO, &t, err), INB_OK);
	cr_assert(fabs(s.shift - r.shift - 0.75) < EPS_EQ && fabs(s.lo - r.lo - 0.75) < EPS_EQ &&
		  fabs(s.hi - r.hi - 0.75) < EPS_EQ);
	cr_assert(t.shift == -r.shift && t.lo == -r.hi && t.hi == -r.lo);
}

/* (4.5.19) every case, at the bounds too (strict: an end on the margin is not inside it). */
Test(hodges, equivalence_classification_every_case)
{
	cr_assert_eq(equiv_classify(-0.72, 0.67, 1), EQUIV_EQUIVALENT);
	cr_assert_eq(equiv_classify(0.2, 0.6, 1), EQUIV_EQUIVALENT, "significant but inside the margin: equivalent");
	cr_assert_eq(equiv_classify(-1.99, 0.29, 1), EQUIV_NOT_SHOWN);
	cr_assert_eq(equiv_classify(-0.5, 1.0, 1), EQUIV_NOT_SHOWN, "an end on the bound is not inside");
	cr_assert_eq(equiv_classify(-1.99, -0.3, 1), EQUIV_DIFFERENT);
	cr_assert_eq(equiv_classify(0.4, 2.5, 1), EQUIV_DIFFERENT);
	cr_assert_eq(equiv_classify(-INFINITY, INFINITY, 2), EQUIV_NOT_SHOWN);
	cr_assert_eq(equiv_classify(-1.99, 0.29, 2), EQUIV_EQUIVALENT);
	cr_assert_str_eq(equiv_name(EQUIV_EQUIVALENT), "equivalent");
	cr_assert_str_eq(equiv_name(EQUIV_NOT_SHOWN), "not shown");
	cr_assert_str_eq(equiv_name(EQUIV_DIFFERENT), "different");
}

Test(hodges, errors)
{
	const double a[] = { 1, 2, 3 }, b[] = { 1.5, NAN };
	struct hl_result r;
	char err[INB_ERRLEN] = "";
	cr_assert_eq(hl_shift_ci(a, 3, b, 1, 1.0, MWU_AUTO, &r, err), INB_EUSAGE);
	cr_assert(strstr(err, "level"), "%s", err);
	cr_assert_eq(hl_shift_ci(a, 3, b, 1, 0, MWU_AUTO, &r, err), INB_EUSAGE);
	cr_assert_eq(hl_shift_ci(a, 0, b, 1, 0.95, MWU_AUTO, &r, err), INB_EDATA);
	cr_assert_eq(hl_shift_ci(a, 3, b, 2, 0.95, MWU_AUTO, &r, err), INB_EDATA);
	const double c[] = { 1, 1, 2 };
	cr_assert_eq(hl_shift_ci(a, 3, c, 3, 0.95, MWU_EXACT, &r, err), INB_EUSAGE, "exact with ties is refused");
}
