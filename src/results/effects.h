/* effects.h: the effect sizes and the paired test of one comparison of two models (paper/4.5-statistics.md,
 * (4.5.17)-(4.5.23)): the Hodges-Lehmann shift with its 95 % interval (stats/hodges.h) and, when the two groups'
 * runs are matched (the same (eps, configuration) pairs, each once), the signed-rank test of the paired
 * differences with its pseudo-median and interval (stats/signrank.h). Shared by the summaries (figN-effects.tsv)
 * and the claims report, which recomputes them on leave-one-out subsets of figN-values.tsv. */
#ifndef INHIBNORM_EFFECTS_H
#define INHIBNORM_EFFECTS_H

#include "stats/hodges.h"
#include "stats/mwu.h"
#include "stats/signrank.h"

#include <stddef.h>

#define EFFECTS_LEVEL 0.95

/* Which run a value comes from. */
struct runkey {
	double eps;
	long config;
};

struct effects {
	struct mwu_result mwu;
	struct hl_result hl;
	int paired;                 /* (4.5.23) 1 when every run of a has exactly one run of b with the same key */
	struct signrank_result sr;  /* of a - b over the matched pairs, when paired */
};

/* Computes the effects of a (n1, keys ka) against b (n2, keys kb). Returns INB_OK or the code of mwu_test,
 * hl_shift_ci or signrank_test (err set); INB_EINTERNAL when out of memory. */
int effects_compute(const double *a, const struct runkey *ka, size_t n1, const double *b, const struct runkey *kb,
		    size_t n2, struct effects *e, char *err);

#endif
