/* metrics.h: the measures of paper §4.5 other than the U test ((4.5.8)-(4.5.12)).
 * Cosine similarity (4.5.8), the batch moments of a layer's pre-activations as the authors' code records them
 * (4.5.9–4.5.11), and the selection of the k best runs by final accuracy for Figures 2b and 3b (4.5.12).
 * Accumulation is in double whatever `real` is. What is measured where (which layer output, which batch) is the
 * caller's business (train, figures), not this module's. */
#ifndef INHIBNORM_METRICS_H
#define INHIBNORM_METRICS_H

#include "core/common.h"

#include <stddef.h>

/* (4.5.8): x.y / (|x| |y|) over n entries, in [-1, 1] (a rounding excursion past +-1 is pulled back to +-1).
 * Defined as 0 when either vector is all zeros (no direction: neither aligned nor opposed); NaN if an entry is NaN. */
double metrics_cosine(const real *x, const real *y, size_t n);

struct metrics_moments {
	double mu;  /* (4.5.9) mean over rows of the row mean: the authors' "mu" */
	double var; /* (4.5.10) mean over rows of the biased (1/n), centred variance over units: their "var" */
	double m2;  /* (4.5.11) mean over rows of the raw second moment (1/n) sum z^2: the paper's E[z^2] */
};

/* Moments of z (rows, cols) row-major, a batch of rows samples by cols units. Returns INB_OK, or INB_EUSAGE when
 * rows or cols is 0. */
int metrics_moments(const real *z, size_t rows, size_t cols, struct metrics_moments *out, char *err);

/* (4.5.12): idx (k) receives the indices of the k largest of v (m), largest first; equal values are taken in order
 * of index, lower first, so the choice is deterministic. k = 0 is allowed. Returns INB_OK; INB_EDATA when k > m
 * (fewer runs than asked for) or a value is NaN (a final accuracy is always a number; NaN means corrupt input). */
int metrics_top_k(const double *v, size_t m, size_t k, size_t *idx, char *err);

#endif
