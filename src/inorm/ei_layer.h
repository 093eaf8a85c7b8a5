/* ei_layer.h: the excitatory-inhibitory layer of paper §2.1, (2.1.1)-(2.1.2), and the E layer, (2.1.3).
 * With n_i inhibitory units fed by the same input, the excitatory pre-activation is
 *     S = X W_ex^T - (X W_ix^T) W_ei^T + 1 b^T                                       (paper §2.1, eq. 2.1.1)
 * (W^EE, W^IE, W^EI and b in the paper). An E layer is the same layer with n_i = 0. Weights live in the network's
 * flat parameter block; the layer holds views. No normalisation or non-linearity here: net.c composes them. */
#ifndef INHIBNORM_EI_LAYER_H
#define INHIBNORM_EI_LAYER_H

#include "core/common.h"
#include "inorm/optim.h"

#include <stddef.h>

struct ei_layer {
	size_t d, ne, ni;  /* fan-in, excitatory units, inhibitory units (0 for an E layer) */
	real *wex;         /* (ne, d) >= 0, W^EE */
	real *wix;         /* (ni, d) >= 0, W^IE */
	real *wei;         /* (ne, ni) >= 0, W^EI */
	real *b;           /* (ne), bias */
	real *gwex, *gwix, *gwei, *gb; /* gradients, same shapes, views into the gradient block */
};

/* Forward for a batch of B rows: a (B, ni) = X W_ix^T; s (B, ne) = X W_ex^T - a W_ei^T, WITHOUT the bias (the caller
 * adds b in its element-wise pass, fused with the normalisation or ReLU that follows). */
void ei_layer_forward(const struct ei_layer *l, size_t B, const real *x, real *a, real *s);

/* How ei_layer_backward steps the layer's parameters in place (the fused step), one entry per parameter. */
struct ei_layer_step {
	struct param_step ex, bias, ix, ei; /* W^EE, b, W^IE, W^EI */
};

/* Backward given ds = dL/dS (B, ne): dx = dL/dX (B, d) if dx is not NULL, through the full effective weight
 * W_ex - W_ei W_ix (2.1.2); t is scratch of (B, ni). With st NULL it writes all four gradients (overwriting);
 * otherwise it writes none and steps the parameters in place as st says, after dx has been computed from the
 * weights as they were (the same result as the gradients followed by optim_sgd_step, up to rounding). */
void ei_layer_backward(const struct ei_layer *l, size_t B, const real *x, const real *a, const real *ds, real *t,
		       real *dx, const struct ei_layer_step *st);

/* db (ne) = sum over the B rows of ds (B, ne), rows added in order. */
void ei_layer_bias_grad(size_t ne, size_t B, const real *restrict ds, real *restrict gb);

struct gemm_shape;

/* Appends to out (from index *count) the matrix products one forward and one backward of this layer perform, in
 * the order ei_layer_forward and ei_layer_backward perform them (with_dx: the backward also computes dX). */
void ei_layer_gemm_shapes(const struct ei_layer *l, size_t B, int with_dx, struct gemm_shape *out, int *count);

#endif
