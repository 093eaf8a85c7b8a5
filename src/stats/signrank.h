/* signrank.h: the Wilcoxon signed-rank test of matched pairs and its effect size (paper/4.5-statistics.md,
 * (4.5.20)-(4.5.22)), as scipy 1.10's wilcoxon(x, y) computes it by default: zero differences dropped
 * (zero_method="wilcox"), ranks of |d| with ties averaged, no continuity correction, two-sided; exact for up to 50
 * pairs without zeros. Where scipy would apply the tie-free distribution to a truncated statistic (tied |d| under
 * the exact method) the normal approximation with its tie correction is used instead. The effect size is the
 * one-sample Hodges-Lehmann estimate (the pseudo-median: the median of the Walsh averages) with its interval by
 * inverting the test. Not implemented: one-sided alternatives, Pratt's or the split treatment of zeros. */
#ifndef INHIBNORM_SIGNRANK_H
#define INHIBNORM_SIGNRANK_H

#include "stats/mwu.h"

#include <stddef.h>

/* Largest number of pairs for which the automatic choice takes the exact distribution (scipy 1.10). */
#define SIGNRANK_AUTO_EXACT_MAX 50

struct signrank_result {
	size_t n;               /* pairs */
	size_t n_used;          /* pairs with a non-zero difference: the test's sample */
	double w_plus;          /* (4.5.20) sum of the ranks of |d| over the positive d */
	double w;               /* min(W+, W-), the statistic scipy reports for the two-sided test */
	double p;               /* two-sided p-value in (0, 1] */
	double z;               /* asymptotic: (W+ - n(n+1)/4) / sd, (4.5.21); exact: NaN; no non-zero d: 0 */
	double tie_term;        /* sum over groups of tied |d| (non-zero) of t^3 - t */
	enum mwu_method method; /* MWU_EXACT or MWU_ASYMPTOTIC */
	double pseudomedian;    /* (4.5.22) median of the n(n+1)/2 Walsh averages (d_i + d_j) / 2, i <= j */
	double lo, hi;          /* its interval at the level asked for; -inf, +inf when too few pairs */
	double level;
};

/* Tests the differences d (n pairs: first minus second) and fills out; level (in (0, 1)) is that of the
 * pseudo-median's interval. Returns INB_OK; INB_EDATA for n = 0 or a non-finite difference; INB_EUSAGE for a level
 * outside (0, 1), an unknown method, or MWU_EXACT with zeros, tied |d| or more than SIGNRANK_AUTO_EXACT_MAX pairs;
 * INB_EINTERNAL when out of memory. Every difference zero: p = 1, z = 0 (scipy raises an error there). */
int signrank_test(const double *d, size_t n, enum mwu_method method, double level, struct signrank_result *out,
		  char *err);

/* Number of the 2^n equally likely sign assignments of the ranks 1..n whose positive ranks sum to w, for
 * w = 0..wmax: count (wmax + 1). Exact in double for n <= 50. */
void signrank_exact_counts(size_t n, size_t wmax, double *count);

#endif
