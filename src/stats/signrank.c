/* signrank.c: the Wilcoxon signed-rank test and the pseudo-median with its interval (paper/4.5-statistics.md,
 * (4.5.20)-(4.5.22)); see signrank.h. Ranks by mwu_rank (4.5.1), the normal tail by gsl_cdf_ugaussian_Q, the exact
 * null distribution by the subset-sum recursion N_j(w) = N_{j-1}(w) + N_{j-1}(w - j) (ranks 1..j), which only adds
 * whole numbers. The interval of the pseudo-median: W+ of d - c counts the Walsh averages above c, so the test of
 * a centre c is not significant exactly for c in [A_(k), A_(M+1-k)] of the M sorted Walsh averages. */
#include "stats/signrank.h"
#include "stats/hodges.h"
#include "core/common.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void signrank_exact_counts(size_t n, size_t wmax, double *count)
{
	memset(count, 0, (wmax + 1) * sizeof *count);
	count[0] = 1;
	for (size_t j = 1; j <= n; j++)
		for (size_t w = wmax; w >= j; w--) /* descending: count[w - j] still holds N_{j-1} */
			count[w] += count[w - j];
}

/* The null distribution's lower tail for n pairs, u = 0..nhalf-1, into a new array; NULL when out of memory. */
static double *exact_lower(size_t n, size_t *nhalf)
{
	size_t m = n * (n + 1) / 2;
	*nhalf = m / 2 + 1;
	double *c = malloc(*nhalf * sizeof *c);
	if (c)
		signrank_exact_counts(n, *nhalf - 1, c);
	return c;
}

int signrank_test(const double *d, size_t n, enum mwu_method method, double level, struct signrank_result *out,
		  char *err)
{
	if (n == 0 || !d)
		return inb_fail(err, INB_EDATA, "signed-rank test: no pairs");
	for (size_t i = 0; i < n; i++)
		if (!isfinite(d[i]))
			return inb_fail(err, INB_EDATA, "signed-rank test: difference %zu is %g, expected a finite number",
					i + 1, d[i]);
	if (!(level > 0 && level < 1))
		return inb_fail(err, INB_EUSAGE, "signed-rank test: level %g, expected a number in (0, 1)", level);
	if (method != MWU_AUTO && method != MWU_EXACT && method != MWU_ASYMPTOTIC)
		return inb_fail(err, INB_EUSAGE, "signed-rank test: unknown method %d", (int)method);
	size_t m = n * (n + 1) / 2;
	double *ad = malloc(n * sizeof *ad), *rank = malloc(n * sizeof *rank), *walsh = malloc(m * sizeof *walsh);
	size_t *perm = malloc(n * sizeof *perm);
	int rc = INB_OK;
	if (!ad || !rank || !walsh || !perm) {
		rc = inb_fail(err, INB_EINTERNAL, "out of memory (signed-rank test of %zu pairs)", n);
		goto done;
	}
	struct signrank_result r = { .n = n, .level = level };
	size_t nz = 0;
	for (size_t i = 0; i < n; i++)
		if (d[i] != 0)
			ad[nz++] = fabs(d[i]);
	r.n_used = nz;
	if (nz)
		mwu_rank(ad, nz, rank, perm, &r.tie_term); /* (4.5.1) on |d|, zeros dropped */
	double wp = 0, tot = (double)nz * (double)(nz + 1) / 2;
	for (size_t i = 0, k = 0; i < n; i++)
		if (d[i] != 0) {
			if (d[i] > 0)
				wp += rank[k];
			k++;
		}
	r.w_plus = wp; /* (4.5.20) */
	r.w = fmin(wp, tot - wp);
	int ties = r.tie_term > 0, zeros = nz < n;
	if (method == MWU_AUTO)
		method = n <= SIGNRANK_AUTO_EXACT_MAX && !zeros && !ties ? MWU_EXACT : MWU_ASYMPTOTIC;
	if (method == MWU_EXACT && (zeros || ties || n > SIGNRANK_AUTO_EXACT_MAX)) {
		rc = inb_fail(err, INB_EUSAGE, "signed-rank test: the exact method needs at most %d pairs, no zero and no "
			      "tied |d|; these have %zu pairs, %zu zeros, tie term %g; use the asymptotic method",
			      SIGNRANK_AUTO_EXACT_MAX, n, n - nz, r.tie_term);
		goto done;
	}
	r.method = method;
	double *count = NULL;
	size_t nhalf = 0;
	if (method == MWU_EXACT) {
		if (!(count = exact_lower(n, &nhalf))) {
			rc = inb_fail(err, INB_EINTERNAL, "out of memory (exact signed-rank distribution)");
			goto done;
		}
		double s = 0, total = ldexp(1.0, (int)n);
		for (size_t w = 0; w <= (size_t)r.w; w++)
			s += count[w];
		r.p = fmin(1.0, 2 * s / total);
		r.z = NAN;
	} else if (!nz) {
		r.p = 1;
		r.z = 0;
	} else {
		double dn = (double)nz;
		double sd = sqrt((dn * (dn + 1) * (2 * dn + 1) - r.tie_term / 2) / 24); /* (4.5.21) */
		r.z = (wp - tot / 2) / sd;
		r.p = fmin(1.0, 2 * gsl_cdf_ugaussian_Q(fabs(r.z)));
	}
	/* (4.5.22): Walsh averages of all n pairs, zeros included */
	size_t q = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i; j < n; j++)
			walsh[q++] = (d[i] + d[j]) / 2;
	gsl_sort(walsh, 1, m);
	r.pseudomedian = gsl_stats_median_from_sorted_data(walsh, 1, m);
	long k;
	if (method == MWU_EXACT) {
		k = hl_exact_k(count, nhalf, ldexp(1.0, (int)n), level);
	} else {
		/* all n pairs, with the tie term of all |d| (zeros as one more group) */
		for (size_t i = 0; i < n; i++)
			ad[i] = fabs(d[i]);
		double tt, dn = (double)n;
		mwu_rank(ad, n, rank, perm, &tt);
		k = hl_normal_k(dn * (dn + 1) / 4, sqrt((dn * (dn + 1) * (2 * dn + 1) - tt / 2) / 24), 0, level);
	}
	free(count);
	hl_interval(walsh, m, k, &r.lo, &r.hi);
	*out = r;
done:
	free(ad);
	free(rank);
	free(walsh);
	free(perm);
	return rc;
}
