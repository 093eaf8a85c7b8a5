/* rng.c: keyed random streams (see rng.h). */
#include "core/rng.h"

static uint64_t mix(uint64_t z)
{
	/* splitmix64 finaliser: a bijection on 64 bits with good avalanche. */
	z += 0x9e3779b97f4a7c15ull;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint64_t rng_key(enum rng_purpose purpose, uint64_t k0, uint64_t k1, uint64_t k2, uint64_t k3)
{
	uint64_t h = mix((uint64_t)purpose);
	h = mix(h ^ k0);
	h = mix(h ^ k1);
	h = mix(h ^ k2);
	h = mix(h ^ k3);
	return h;
}

gsl_rng *rng_stream_alloc(enum rng_purpose purpose, uint64_t k0, uint64_t k1, uint64_t k2, uint64_t k3)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	if (!r)
		return NULL;
	uint64_t h = rng_key(purpose, k0, k1, k2, k3);
	/* MT19937 uses 32 bits of seed; fold the hash so both halves count. 0 would select GSL's default seed. */
	unsigned long s = (unsigned long)((h ^ (h >> 32)) & 0xffffffffu);
	gsl_rng_set(r, s ? s : 1);
	return r;
}
