/* hodges.h: effect sizes with distribution-free confidence intervals (paper/4.5-statistics.md, (4.5.17)-(4.5.19)).
 * The Hodges-Lehmann shift of two samples, the median of the n1 n2 differences a_i - b_j, with the interval got by
 * inverting the Mann-Whitney test of mwu.h (exact where that test is exact, its normal approximation with the
 * tie-corrected variance otherwise); and the classification of an interval against an equivalence margin, which is
 * the two one-sided tests (TOST) at half the interval's error rate each. Not implemented: intervals for scale or
 * other parameters. Depends on mwu.h, common.h and GSL. */
#ifndef INHIBNORM_HODGES_H
#define INHIBNORM_HODGES_H

#include "stats/mwu.h"

#include <stddef.h>

struct hl_result {
	size_t n1, n2;
	double shift;           /* (4.5.17) median of the n1 n2 differences a_i - b_j: > 0 when a tends to be larger */
	double lo, hi;          /* (4.5.18) the interval [D_(k), D_(N+1-k)] of the sorted differences (1-based);
				 * -inf, +inf when even the most extreme split is not significant (samples too small) */
	double level;           /* its confidence level, e.g. 0.95 */
	long k;                 /* the order statistic of the lower end, 0 for an unbounded interval */
	enum mwu_method method; /* MWU_EXACT or MWU_ASYMPTOTIC: how the critical value of U was found */
};

/* The Hodges-Lehmann shift of a (n1) against b (n2) and its interval at level (in (0, 1)) by inverting the
 * two-sided Mann-Whitney test with method (MWU_AUTO: the method mwu_test would use on these samples). Returns
 * INB_OK; INB_EDATA (err set) for an empty sample or a non-finite value; INB_EUSAGE for a level outside (0, 1) or
 * MWU_EXACT on samples with ties or beyond the exact limit; INB_EINTERNAL when out of memory. */
int hl_shift_ci(const double *a, size_t n1, const double *b, size_t n2, double level, enum mwu_method method,
		struct hl_result *out, char *err);

/* (4.5.19) What an interval [lo, hi] says about sameness at margin delta > 0. */
enum equiv_verdict {
	EQUIV_EQUIVALENT, /* -delta < lo and hi < delta: both one-sided tests reject a difference of delta or more */
	EQUIV_NOT_SHOWN,  /* the interval holds 0 and reaches a bound: neither sameness nor a difference is shown */
	EQUIV_DIFFERENT   /* the interval excludes 0 and is not inside the margin */
};

enum equiv_verdict equiv_classify(double lo, double hi, double delta);

/* "equivalent", "not shown", "different". */
const char *equiv_name(enum equiv_verdict v);

/* The order statistic k (1-based) of the lower end of an interval got by inverting a test whose statistic S has
 * the null distribution count[u] / total, u = 0, 1, ... (count holds the lower tail, u = 0..nhalf-1, the
 * distribution being symmetric): k = u* + 1 for the largest u* with 2 P(S <= u*) < 1 - level; 0 if there is none
 * (the interval is unbounded). Shared by the two-sample and the one-sample interval (signrank.h). */
long hl_exact_k(const double *count, size_t nhalf, double total, double level);

/* The same from a normal approximation of a statistic of mean mean and standard deviation sd whose values are
 * whole numbers or halves, with continuity correction cc (0.5 for the Mann-Whitney test, 0 for the signed-rank test
 * as scipy's default): the largest whole u with (mean - u - cc) / sd > z_{(1-level)/2}, plus one; 0 if none. */
long hl_normal_k(double mean, double sd, double cc, double level);

/* The interval [x_(k), x_(m+1-k)] of sorted x (m) at order statistic k (0: -inf, +inf). */
void hl_interval(const double *sorted, size_t m, long k, double *lo, double *hi);

#endif
