/* rng.h: keyed random streams.
 * Every random quantity of an experiment comes from its own GSL generator (MT19937) whose seed is a hash of what
 * the quantity depends on, and of nothing else: the luminance shifts of (seed, epoch, split), the initial weights of
 * (seed, configuration, layer sizes). Two runs that share those keys therefore draw identical numbers whatever else
 * they do, which is what makes comparisons between models of one configuration paired ((4.3.5), (4.7.1), (4.7.5)). */
#ifndef INHIBNORM_RNG_H
#define INHIBNORM_RNG_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

/* Purposes, so streams with equal numeric keys but different uses never coincide. */
enum rng_purpose {
	RNG_LUMINANCE = 1, RNG_INIT = 2, RNG_SHUFFLE = 3, RNG_LATERAL = 4, RNG_TEST = 5,
	RNG_DANN_INIT = 6, RNG_DANN_SHUFFLE = 7, /* the DANN paper's networks (dann_init.c, dann_train.c) */
	RNG_DANN_FISHER = 8 /* the labels d-NGD samples from its softmax (Algorithm 4; dann_train.c) */
};

/* Mixes the purpose and up to four keys into a 64-bit seed (splitmix64 finaliser applied in sequence). */
uint64_t rng_key(enum rng_purpose purpose, uint64_t k0, uint64_t k1, uint64_t k2, uint64_t k3);

/* Allocates an MT19937 generator seeded with rng_key(...). Returns NULL when out of memory. */
gsl_rng *rng_stream_alloc(enum rng_purpose purpose, uint64_t k0, uint64_t k1, uint64_t k2, uint64_t k3);

#endif
