/* report.h: the claims report (paper/report-SCALE.md): for each claim of the paper, what the paper reports
 * (paper/published.tsv), what this package finds at one scale (the statistics tables and summaries of
 * data/summary/SCALE/), an effect size, Holm-adjusted p-values, and a verdict by the rule written at the top of the
 * report (paper/4.5-statistics.md, (4.5.13)-(4.5.14)). */
#ifndef INHIBNORM_REPORT_H
#define INHIBNORM_REPORT_H

#include <stddef.h>

/* Verdict of one comparison, (4.5.14). */
enum report_verdict {
	REPORT_NONE,           /* nothing to compare: no number or direction in the paper, or not in this scale */
	REPORT_REPRODUCED,     /* same side of alpha and, when significant, the same direction */
	REPORT_DIRECTION_ONLY, /* the paper's significant direction, but not significant here */
	REPORT_NOT_REPRODUCED, /* the opposite direction, or significant where the paper is not; for sameness, an
				* interval that excludes 0 and leaves the margin (4.5.24) */
	REPORT_NOT_SHOWN       /* sameness claimed, and our interval holds 0 but reaches past the margin (4.5.24) */
};

/* The equivalence margin of test accuracy, in points, and the margins the report also shows (4.5.24). */
#define REPORT_MARGIN 1.0
#define REPORT_NMARGINS 3
extern const double report_margins[REPORT_NMARGINS];

/* The verdict for a paper result (significant or not, and its direction: -1 group1 smaller, +1 larger, 0 none
 * claimed) against ours (p, and the sign of the rank-biserial r). alpha is the significance level. */
enum report_verdict report_verdict(int paper_significant, int paper_direction, double p, double r, double alpha);

/* (4.5.24): as report_verdict, except that a result the paper does not find significant, on a quantity with an
 * equivalence margin (margin > 0; NaN or 0: none), is judged by our interval [lo, hi] of the shift: *reproduced*
 * when it lies inside (-margin, margin), *not shown* when it holds 0 and reaches a bound, *not reproduced* when it
 * excludes 0 and is not inside. */
enum report_verdict report_verdict_equiv(int paper_significant, int paper_direction, double p, double r, double lo,
					 double hi, double margin, double alpha);

const char *report_verdict_name(enum report_verdict v);

/* Holm's step-down adjustment of m p-values (NaN entries are left out of the family and stay NaN): adj[i] =
 * max over j <= rank(i) of min(1, (m' - j + 1) p_(j)), m' the number of non-NaN values. */
void report_holm(const double *p, size_t m, double *adj);

/* Writes the report of the summaries in sumdir (scale's statistics tables, theorem1.tsv, dann-table3.tsv, each used
 * if present) against the published table into out (markdown). Returns INB_OK, INB_EDATA (a table missing or
 * malformed; err names it) or INB_EWRITE. */
int report_write(const char *sumdir, const char *scale, const char *published, const char *out, char *err);

#endif
