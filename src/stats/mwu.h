/* mwu.h: the two-sided Mann–Whitney U test (paper §4.5, (4.5.1)-(4.5.7); (4.7.31)), as scipy 1.12's mannwhitneyu
 * computes it. Ranks with ties averaged (4.5.1), U of the first sample (4.5.2), and the p-value either from the
 * normal approximation with tie-corrected variance and continuity correction (4.5.3–4.5.5) or from the exact null
 * distribution of U for samples without ties (4.5.6); plus the rank-biserial effect size (4.5.7) and the medians.
 * Not implemented: one-sided alternatives, permutation p-values, an exact distribution in the presence of ties.
 * Equation labels refer to paper/4.5-statistics.md. Stands alone: depends on common.h and GSL only. */
#ifndef INHIBNORM_MWU_H
#define INHIBNORM_MWU_H

#include <stddef.h>

enum mwu_method {
	MWU_AUTO = 0,   /* scipy 1.12's rule: exact if min(n1, n2) <= 8 and no value is tied, else asymptotic */
	MWU_EXACT,      /* exact null distribution of U (no ties allowed) */
	MWU_ASYMPTOTIC  /* normal approximation, tie-corrected variance, continuity correction 0.5 */
};

/* Largest sample size for which MWU_AUTO considers the exact method (scipy 1.12). */
#define MWU_AUTO_EXACT_MAX 8

/* The exact distribution is computed only when (max(n1,n2)) * min(n1,n2) * (floor(n1 n2 / 2) + 1), the number of
 * additions of the recursion (4.5.6), is at most this (at most about 2 s): e.g. 255 x 255, 8 x 8191, 1 x 65535. */
#define MWU_EXACT_MAX_OPS 2147483648.0

struct mwu_result {
	size_t n1, n2;          /* sample sizes */
	double u1;              /* U of the first sample, R1 - n1 (n1 + 1) / 2, (4.5.2); a multiple of 0.5 */
	double u2;              /* U of the second sample, n1 n2 - u1 */
	double p;               /* two-sided p-value in (0, 1] */
	double z;               /* asymptotic: (4.5.4) with U = max(u1, u2); exact: NaN; every value tied: 0 */
	double rank_biserial;   /* (4.5.7): 2 u1 / (n1 n2) - 1 in [-1, 1]; > 0 when the first sample tends to be
				 * larger (it equals P(a > b) - P(a < b) over all pairs) */
	double median1, median2;/* medians of the two samples (mean of the two middle values for an even size) */
	double tie_term;        /* sum over groups of tied values in the pooled sample of t^3 - t (0: no ties) */
	enum mwu_method method; /* the method actually used: MWU_EXACT or MWU_ASYMPTOTIC */
};

/* Tests a (n1) against b (n2), two-sided, and fills out. Returns INB_OK; INB_EDATA (err set) when a sample is empty
 * or holds a NaN or an infinity; INB_EUSAGE when MWU_EXACT is asked for samples with ties, or for sizes beyond
 * MWU_EXACT_MAX_OPS (MWU_AUTO falls back to the asymptotic method there); INB_EINTERNAL when out of memory.
 * When every pooled value is the same, U carries no information and the variance (4.5.3) is 0: p = 1, z = 0. */
int mwu_test(const double *a, size_t n1, const double *b, size_t n2, enum mwu_method method, struct mwu_result *out,
	     char *err);

/* Ranks x (n, no NaN) from 1 to n, giving tied values the mean of the ranks they span (4.5.1): rank (n). perm (n)
 * is scratch. If tie_term is not NULL it receives the sum over groups of t tied values of t^3 - t. */
void mwu_rank(const double *x, size_t n, double *rank, size_t *perm, double *tie_term);

/* 1 if the exact distribution for sizes n1, n2 is within MWU_EXACT_MAX_OPS, else 0. */
int mwu_exact_feasible(size_t n1, size_t n2);

/* Number of the C(n1 + n2, n1) equally likely arrangements of two samples without ties whose first-sample
 * statistic U1 equals u, for u = 0..umax: count (umax + 1). Entries are whole numbers, exact below 2^53.
 * Returns INB_OK, INB_EUSAGE when max(n1,n2) * min(n1,n2) * (umax + 1) exceeds MWU_EXACT_MAX_OPS, INB_EINTERNAL
 * when out of memory. */
int mwu_exact_counts(size_t n1, size_t n2, size_t umax, double *count, char *err);

/* The paper's significance notation (§4.5, Notation): "***" for p < 0.001, "**" for p < 0.01, "*" for p < 0.05, else
 * "n.s." (also for a NaN p). */
const char *mwu_stars(double p);

/* "auto", "exact", "asymptotic". */
const char *mwu_method_name(enum mwu_method m);

/* Parses one of the names above; returns 0, or -1 for any other string. */
int mwu_method_parse(const char *s, enum mwu_method *m);

#endif
