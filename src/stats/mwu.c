/* mwu.c: the two-sided Mann–Whitney U test (paper §4.5, (4.5.1)-(4.5.7)); see mwu.h.
 * Follows scipy 1.12's mannwhitneyu(x, y, alternative="two-sided"), which produced the paper's p-values: the
 * statistic reported is U of the first sample, the p-value is computed from U = max(U1, U2). Ranking uses GSL's
 * index sort, the normal tail gsl_cdf_ugaussian_Q, the medians gsl_stats_median_from_sorted_data. The exact null
 * distribution is counted by the q-binomial recursion (4.5.6), which only adds non-negative whole numbers, so it
 * is exact (in double) while the counts stay below 2^53 and otherwise correct to rounding. */
#include "stats/mwu.h"
#include "core/common.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *mwu_method_name(enum mwu_method m)
{
	switch (m) {
	case MWU_EXACT:
		return "exact";
	case MWU_ASYMPTOTIC:
		return "asymptotic";
	case MWU_AUTO:
		break;
	}
	return "auto";
}

const char *mwu_stars(double p)
{
	return p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : "n.s.";
}

int mwu_method_parse(const char *s, enum mwu_method *m)
{
	static const enum mwu_method all[] = { MWU_AUTO, MWU_EXACT, MWU_ASYMPTOTIC };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		if (!strcmp(s, mwu_method_name(all[i]))) {
			*m = all[i];
			return 0;
		}
	}
	return -1;
}

/* (4.5.1): sorted order from gsl_sort_index; each run of equal values at sorted positions i..j-1 (0-based) gets
 * the mean of the ranks i+1..j, (i + 1 + j) / 2, and contributes t^3 - t with t = j - i to the tie term. */
void mwu_rank(const double *x, size_t n, double *rank, size_t *perm, double *tie_term)
{
	double tt = 0;
	gsl_sort_index(perm, x, 1, n);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && x[perm[j]] == x[perm[i]])
			j++;
		double r = 0.5 * (double)(i + 1 + j), t = (double)(j - i);
		for (size_t k = i; k < j; k++)
			rank[perm[k]] = r;
		tt += t * t * t - t;
		i = j;
	}
	if (tie_term)
		*tie_term = tt;
}

/* Additions the recursion needs for sizes n1, n2 and counts up to umax (in double: no overflow). */
static double exact_ops(size_t n1, size_t n2, size_t umax)
{
	return (double)n1 * (double)n2 * ((double)umax + 1.0);
}

int mwu_exact_feasible(size_t n1, size_t n2)
{
	double half = floor((double)n1 * (double)n2 / 2.0);
	return exact_ops(n1, n2, (size_t)half) <= MWU_EXACT_MAX_OPS;
}

/* (4.5.6): the counts are the coefficients of the Gaussian binomial [n1+n2 choose m]_q, m = min(n1, n2), i.e. the
 * partitions of u into at most m parts none larger than M = max(n1, n2). With G(i, j) = [i+j choose i]_q,
 * q-Pascal's rule G(i, j) = G(i-1, j) + q^i G(i, j-1), G(0, j) = G(i, 0) = 1, is run over j = 1..M keeping one
 * polynomial (truncated at degree umax) per i = 0..m; u descends so that row i still holds G(i, j-1) where read. */
int mwu_exact_counts(size_t n1, size_t n2, size_t umax, double *count, char *err)
{
	size_t m = n1 < n2 ? n1 : n2, big = n1 < n2 ? n2 : n1, w = umax + 1;
	if (exact_ops(n1, n2, umax) > MWU_EXACT_MAX_OPS)
		return inb_fail(err, INB_EUSAGE,
				"exact Mann-Whitney distribution for n1=%zu, n2=%zu needs %.3g additions (limit %.3g); "
				"use the asymptotic method", n1, n2, exact_ops(n1, n2, umax), MWU_EXACT_MAX_OPS);
	double *t = calloc((m + 1) * w, sizeof *t); /* (m+1, umax+1): row i is G(i, j) */
	if (!t)
		return inb_fail(err, INB_EINTERNAL, "out of memory (exact Mann-Whitney distribution)");
	for (size_t i = 0; i <= m; i++)
		t[i * w] = 1.0;
	for (size_t j = 1; j <= big; j++) {
		for (size_t i = 1; i <= m; i++) {
			double *ri = t + i * w;
			const double *rp = t + (i - 1) * w;
			for (size_t u = umax; u >= i; u--) /* i >= 1: u never wraps */
				ri[u] = rp[u] + ri[u - i];
			for (size_t u = (i - 1 < umax ? i - 1 : umax) + 1; u-- > 0;)
				ri[u] = rp[u];
		}
	}
	memcpy(count, t + m * w, w * sizeof *count);
	free(t);
	return INB_OK;
}

/* C(n, k) in double, k the smaller part; every partial product is a whole binomial coefficient. */
static double choose(size_t n, size_t k)
{
	double c = 1;
	for (size_t i = 1; i <= k; i++)
		c = c * (double)(n - k + i) / (double)i;
	return c;
}

/* Rejects an empty sample or a value that cannot be ranked meaningfully. */
static int check_sample(const double *x, size_t n, int which, char *err)
{
	if (n == 0 || !x)
		return inb_fail(err, INB_EDATA, "Mann-Whitney U test: sample %d is empty", which);
	for (size_t i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return inb_fail(err, INB_EDATA, "Mann-Whitney U test: sample %d, value %zu is %g, expected a "
					"finite number", which, i + 1, x[i]);
	return INB_OK;
}

/* Median of a copy of x (n >= 1), sorted with gsl_sort. */
static double median_of(const double *x, size_t n, double *scratch)
{
	memcpy(scratch, x, n * sizeof *scratch);
	gsl_sort(scratch, 1, n);
	return gsl_stats_median_from_sorted_data(scratch, 1, n);
}

int mwu_test(const double *a, size_t n1, const double *b, size_t n2, enum mwu_method method, struct mwu_result *out,
	     char *err)
{
	int rc;
	if ((rc = check_sample(a, n1, 1, err)) || (rc = check_sample(b, n2, 2, err)))
		return rc;
	if (method != MWU_AUTO && method != MWU_EXACT && method != MWU_ASYMPTOTIC)
		return inb_fail(err, INB_EUSAGE, "Mann-Whitney U test: unknown method %d", (int)method);
	size_t n = n1 + n2;
	double *pool = malloc(n * sizeof *pool), *rank = malloc(n * sizeof *rank);
	size_t *perm = malloc(n * sizeof *perm);
	if (!pool || !rank || !perm) {
		rc = inb_fail(err, INB_EINTERNAL, "out of memory (Mann-Whitney U test of %zu values)", n);
		goto done;
	}
	memcpy(pool, a, n1 * sizeof *pool);
	memcpy(pool + n1, b, n2 * sizeof *pool);

	struct mwu_result r = { .n1 = n1, .n2 = n2 };
	mwu_rank(pool, n, rank, perm, &r.tie_term);
	/* every value tied: the pooled sample is one group; decided on the data, not on sigma^2 rounding to 0 */
	int all_tied = pool[perm[0]] == pool[perm[n - 1]];
	double r1 = 0; /* whole numbers and halves: exact in double */
	for (size_t i = 0; i < n1; i++)
		r1 += rank[i];
	double dn1 = (double)n1, dn2 = (double)n2, dn = (double)n, nn = dn1 * dn2;
	r.u1 = r1 - dn1 * (dn1 + 1) / 2;  /* (4.5.2) */
	r.u2 = nn - r.u1;
	r.rank_biserial = 2 * r.u1 / nn - 1; /* (4.5.7) */
	r.median1 = median_of(a, n1, pool);
	r.median2 = median_of(b, n2, pool);
	double ubig = r.u1 > r.u2 ? r.u1 : r.u2, usmall = nn - ubig;

	int ties = r.tie_term > 0;
	if (method == MWU_AUTO)
		method = (n1 <= MWU_AUTO_EXACT_MAX || n2 <= MWU_AUTO_EXACT_MAX) && !ties && mwu_exact_feasible(n1, n2)
				 ? MWU_EXACT
				 : MWU_ASYMPTOTIC;
	r.method = method;
	if (method == MWU_EXACT) {
		if (ties) {
			rc = inb_fail(err, INB_EUSAGE, "Mann-Whitney U test: the exact method needs samples without ties, "
				      "these have tied values (sum of t^3-t = %g); use the asymptotic method", r.tie_term);
			goto done;
		}
		if (!mwu_exact_feasible(n1, n2)) {
			rc = inb_fail(err, INB_EUSAGE, "Mann-Whitney U test: the exact method is limited to "
				      "max(n1,n2)*min(n1,n2)*(n1*n2/2+1) <= %.3g, got n1=%zu, n2=%zu; use the asymptotic "
				      "method", MWU_EXACT_MAX_OPS, n1, n2);
			goto done;
		}
		/* p = 2 P(U >= ubig) = 2 P(U <= usmall) by the symmetry of the null distribution about n1 n2 / 2 */
		size_t umax = (size_t)usmall;
		double *count = malloc((umax + 1) * sizeof *count);
		if (!count) {
			rc = inb_fail(err, INB_EINTERNAL, "out of memory (exact Mann-Whitney distribution)");
			goto done;
		}
		rc = mwu_exact_counts(n1, n2, umax, count, err);
		if (!rc) {
			double s = 0;
			for (size_t u = 0; u <= umax; u++)
				s += count[u];
			r.p = fmin(1.0, 2 * s / choose(n, n1 < n2 ? n1 : n2));
			r.z = NAN;
		}
		free(count);
		if (rc)
			goto done;
	} else if (all_tied) {
		r.p = 1;
		r.z = 0;
	} else {
		double var = nn / 12 * ((dn + 1) - r.tie_term / (dn * (dn - 1))); /* (4.5.3) */
		r.z = (ubig - nn / 2 - 0.5) / sqrt(var);                         /* (4.5.4) */
		r.p = fmin(1.0, 2 * gsl_cdf_ugaussian_Q(r.z));                   /* (4.5.5) */
	}
	*out = r;
	rc = INB_OK;
done:
	free(pool);
	free(rank);
	free(perm);
	return rc;
}
