/* init.h: initial weights (paper §4.3, (4.3.2)-(4.3.5); (4.7.8), (4.7.9)).
 * Positive weights are log-normal with mean and standard deviation both sigma_t = sqrt(2 n_e / (d (n_e - 1)))
 * (the authors' code; the paper's prose says exponential, available as an option with the same mean). Rows of
 * W^EI are normalised to sum 1 and every row of W^IE is the mean row of W^EE, so W^EI W^IE = 1 (mean row) and the
 * pre-activation is exactly zero-mean across units at initialisation. Biases are 0. Each layer draws from its own
 * stream keyed by (seed, configuration, layer index, d, n_e), W^EE first, then W^EI, so every model of one
 * configuration starts from the same weights. */
#ifndef INHIBNORM_INIT_H
#define INHIBNORM_INIT_H

#include "inorm/ei_layer.h"

#include <stdint.h>

enum init_dist { INIT_LOGNORMAL = 0, INIT_EXPONENTIAL = 1 };

/* Target scale sigma_t of a layer with fan-in d and n_e excitatory units, (4.3.2). */
double init_sigma(size_t d, size_t ne);

/* Fills the layer's weights and bias. Returns INB_OK or INB_EINTERNAL (out of memory). */
int init_ei_layer(struct ei_layer *l, enum init_dist dist, uint64_t seed, uint64_t config, int layer_index,
		  char *err);

#endif
