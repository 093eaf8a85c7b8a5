/* hodges.c: the Hodges-Lehmann shift and its interval by inverting the Mann-Whitney test (paper/4.5-statistics.md,
 * (4.5.17)-(4.5.19)); see hodges.h. With D the n1 n2 differences a_i - b_j sorted, U1 of the samples a - d and b
 * is the number of differences above d (a tie counting one half), so the two-sided test of a shift d is not
 * significant exactly for d in [D_(k), D_(N+1-k)], k - 1 the largest U that the test rejects. Sorting by
 * gsl_sort, the median by gsl_stats_median_from_sorted_data, the normal quantile by gsl_cdf_ugaussian_Qinv. */
#include "stats/hodges.h"
#include "core/common.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

const char *equiv_name(enum equiv_verdict v)
{
	switch (v) {
	case EQUIV_EQUIVALENT: return "equivalent";
	case EQUIV_DIFFERENT: return "different";
	case EQUIV_NOT_SHOWN: break;
	}
	return "not shown";
}

/* (4.5.19) */
enum equiv_verdict equiv_classify(double lo, double hi, double delta)
{
	if (lo > -delta && hi < delta)
		return EQUIV_EQUIVALENT;
	if (lo > 0 || hi < 0)
		return EQUIV_DIFFERENT;
	return EQUIV_NOT_SHOWN;
}

long hl_exact_k(const double *count, size_t nhalf, double total, double level)
{
	double alpha = 1 - level, cum = 0;
	long k = 0;
	for (size_t u = 0; u < nhalf; u++) {
		cum += count[u];
		if (2 * cum / total < alpha)
			k = (long)u + 1;
		else
			break;
	}
	return k;
}

long hl_normal_k(double mean, double sd, double cc, double level)
{
	if (!(sd > 0))
		return 0;
	double z = gsl_cdf_ugaussian_Qinv((1 - level) / 2);
	/* rejected: u < mean - cc - z sd; the largest whole such u is ceil(mean - cc - z sd) - 1 */
	double u = ceil(mean - cc - z * sd) - 1;
	return u < 0 ? 0 : (long)u + 1;
}

void hl_interval(const double *sorted, size_t m, long k, double *lo, double *hi)
{
	if (k <= 0 || (size_t)k > (m + 1) / 2) {
		*lo = -INFINITY;
		*hi = INFINITY;
		return;
	}
	*lo = sorted[k - 1];
	*hi = sorted[m - (size_t)k];
}

int hl_shift_ci(const double *a, size_t n1, const double *b, size_t n2, double level, enum mwu_method method,
		struct hl_result *out, char *err)
{
	if (!(level > 0 && level < 1))
		return inb_fail(err, INB_EUSAGE, "Hodges-Lehmann interval: level %g, expected a number in (0, 1)", level);
	/* the test at shift 0 validates the samples and decides the method as mwu_test does */
	struct mwu_result t;
	int rc = mwu_test(a, n1, b, n2, method, &t, err);
	if (rc)
		return rc;
	size_t nn = n1 * n2;
	double *d = malloc(nn * sizeof *d);
	if (!d)
		return inb_fail(err, INB_EINTERNAL, "out of memory (%zu differences)", nn);
	for (size_t i = 0; i < n1; i++)
		for (size_t j = 0; j < n2; j++)
			d[i * n2 + j] = a[i] - b[j];
	gsl_sort(d, 1, nn);
	struct hl_result r = { .n1 = n1, .n2 = n2, .level = level, .method = t.method };
	r.shift = gsl_stats_median_from_sorted_data(d, 1, nn); /* (4.5.17) */
	if (t.method == MWU_EXACT) {
		size_t nhalf = nn / 2 + 1;
		double *count = malloc(nhalf * sizeof *count);
		if (!count) {
			free(d);
			return inb_fail(err, INB_EINTERNAL, "out of memory (exact Mann-Whitney distribution)");
		}
		if ((rc = mwu_exact_counts(n1, n2, nhalf - 1, count, err))) {
			free(count);
			free(d);
			return rc;
		}
		double total = 0;
		for (size_t u = 0; u <= nn; u++) /* C(n, n1) by the symmetry count[u] = count[nn - u] */
			total += count[u <= nn / 2 ? u : nn - u];
		r.k = hl_exact_k(count, nhalf, total, level);
		free(count);
	} else {
		double dn = (double)(n1 + n2), dnn = (double)nn;
		double var = dnn / 12 * ((dn + 1) - t.tie_term / (dn * (dn - 1))); /* (4.5.3), ties of the samples */
		r.k = hl_normal_k(dnn / 2, sqrt(var), 0.5, level);
	}
	hl_interval(d, nn, r.k, &r.lo, &r.hi); /* (4.5.18) */
	free(d);
	*out = r;
	return INB_OK;
}
