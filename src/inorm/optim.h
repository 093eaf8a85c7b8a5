/* optim.h: SGD over parameter groups with the projection that enforces Dale's principle (paper §4.4, (4.4.1)-(4.4.2a)).
 * A group is a contiguous range of the parameter block with its own learning rate; after each step the weights of
 * groups marked non-negative are projected onto p >= 0 (W^EE, W^IE, W^EI), biases are not. Momentum and weight decay
 * exist as options; every run of the paper used neither. */
#ifndef INHIBNORM_OPTIM_H
#define INHIBNORM_OPTIM_H

#include "core/common.h"

#include <stddef.h>

struct param_group {
	const char *name;  /* "wex", "bias", "wix", "wei", ... */
	real *p, *g;       /* (n) parameters and their gradient */
	real *v;           /* (n) momentum buffer, or NULL when momentum is 0 */
	size_t n;
	double lr;         /* learning rate of the group */
	int nonneg;        /* project onto p >= 0 after the step */
	int inhibitory;    /* weight decay is not applied to inhibitory groups, as in the authors' SGD */
};

struct sgd_opts {
	double momentum;      /* v <- momentum v + g; step along v (PyTorch convention, no dampening) */
	double weight_decay;  /* decoupled: p <- p - lr wd p, excitatory groups only */
};

/* One step for every group: p <- p - lr g (with the options), then the projection. */
void optim_sgd_step(struct param_group *groups, int ngroups, const struct sgd_opts *o);

/* The update of one parameter array when it is fused into the product that computes its gradient (the fused step
 * of the paper's runs, which use neither momentum nor weight decay): p <- p - lr g, then p <- max(p, 0) if nonneg.
 * lr = 0 leaves the array untouched (frozen parameters). */
struct param_step {
	real lr;
	int nonneg;
};

/* W (m, n) <- W - lr * A^T B with A (k, lda) read in its first m columns and B (k, n), then the projection if
 * st->nonneg. The product runs on blocks of rows, each projected right after its product while it is still in
 * cache, so that the step and the projection cost no pass of their own over W. */
void optim_gemm_step(size_t m, size_t n, size_t k, const real *a, size_t lda, const real *b, real *w,
		     const struct param_step *st);

/* b (n) <- b - lr * (sum over the B rows of ds (B, n)), then the projection if st->nonneg. */
void optim_bias_step(size_t n, size_t B, const real *ds, real *b, const struct param_step *st);

#endif
