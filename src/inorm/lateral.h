/* lateral.h: the lateral inhibitory unit of paper §2.5 ((2.5.1), (2.5.2), (4.7.19)): fixed random positive pooling
 * weights nu = omega / sum(omega), omega_j ~ U(0, 1) i.i.d., drawn once per layer and never trained. Theorem 1: for
 * i.i.d. positive omega with finite mean and bounded errors delta, nu . delta - mean(delta) -> 0 as n grows. */
#ifndef INHIBNORM_LATERAL_H
#define INHIBNORM_LATERAL_H

#include "core/common.h"

#include <stddef.h>
#include <stdint.h>

/* Fills nu (n) with the pooling weights of one layer from the stream keyed by (seed, config, layer, n). Returns
 * INB_OK or INB_EINTERNAL. */
int lateral_weights(real *nu, size_t n, uint64_t seed, uint64_t config, int layer, char *err);

/* Normalises w (n, positive, not all 0) in place to sum 1: the step from omega to nu. */
void lateral_normalise(real *w, size_t n);

#endif
