/* layernorm.h: parameter-free layer normalisation and its exact backward (paper §2.1, §4.2, Eq. 2).
 * Per sample, over the n units of a layer ((2.1.4), (4.2.1)-(4.2.3)):
 *     mu = mean_k s_k,  var = mean_k (s_k - mu)^2,  sigma = sqrt(var + c),  y = (s - mu) / sigma      (4.2.1)
 * with c = 1e-5, no gain and no bias. Backward (Eq. 2 of the paper, derived in paper/5.1):
 *     ds = (dy - mean_k dy - y * mean_k(dy * y)) / sigma                                              (2.3.1) */
#ifndef INHIBNORM_LAYERNORM_H
#define INHIBNORM_LAYERNORM_H

#include "core/common.h"

#include <stddef.h>

#define LN_EPS 1e-5

/* One sample: y (n) = LN(s (n)); returns sigma. y may alias s. */
real layernorm_forward(size_t n, const real *s, real *y);

/* One sample: ds (n) from dy (n), the normalised y (n) and sigma. ds may alias dy. */
void layernorm_backward(size_t n, const real *dy, const real *y, real sigma, real *ds);

#endif
