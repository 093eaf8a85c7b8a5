/* kernels.h: the arithmetic both papers' networks share, written once: the ReLU's backward pass, the softmax
 * cross-entropy of the logits, and the plain SGD step with its projection onto non-negative weights (Dale's
 * principle). Each is the exact sequence of floating-point operations both trainers ran before they shared it, so the
 * archives of both papers retrain bit for bit (paper/4.6.5). */
#ifndef INHIBNORM_NN_KERNELS_H
#define INHIBNORM_NN_KERNELS_H

#include "core/common.h"

#include <stddef.h>
#include <stdint.h>

/* o (n) = g (n) where z > 0, else 0 (the ReLU's derivative is 0 at 0; a NaN pre-activation gives 0). o may be g. */
void nn_relu_backward(size_t n, const real *restrict z, const real *g, real *o);

/* Softmax cross-entropy of B rows of C logits (B, C) against targets that put `on` at the label and `off` on every
 * other class (on = 1, off = 0 for the plain loss; label smoothing alpha gives off = alpha / C, on = 1 - alpha + off).
 * Returns the mean over the rows. Each row's prediction is its largest logit, the first on ties; *hits (if not NULL)
 * gains the rows whose prediction is the label and *nan_hits (if not NULL) those of them whose largest logit is NaN,
 * so a caller can count a diverged row as right or wrong. dlogits (B, C), if not NULL, receives dL/dlogits of the
 * mean. */
double nn_softmax_xent(size_t B, size_t C, const real *logits, const uint8_t *labels, double on, double off,
		       long *hits, long *nan_hits, real *dlogits);

/* p (n) -= lr g (n); with nonneg, each result below 0 becomes 0 in the same pass (a NaN stays NaN). */
void nn_sgd_step(size_t n, real *restrict p, const real *restrict g, real lr, int nonneg);

#endif
