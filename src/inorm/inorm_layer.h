/* inorm_layer.h: the I-Norm layer of paper §2.2 as the authors' code implements it ((2.2.1)-(2.2.7); decisions
 * (4.7.11)-(4.7.17)). Inhibitory populations trained by a local loss normalise the excitatory drive:
 *     S = X W_ex^T + b - (X W_ix^T) W_ei^T                      subtractive inhibition            (2.2.1)
 *     P = X U_ix^T,  D_b = sqrt((1/n) sum_j P_bj^2 + 1e-5)      divisive population, n units       (2.2.2)
 *     Z = S / D (row-wise),  H = ReLU(Z)                                                            (2.2.3)
 * U^IE (here `bix`, (n_e, d)) is unconstrained in sign; U^EI is frozen at 1/n_e and not stored (it makes every
 * column of the divisive input equal, hence one D per sample). The subtractive-only variant (4.7.15) has no
 * divisive population: Z = S.
 * The local loss of a batch, on the pre-activation U = Z with the excitatory path held constant:
 *     m_b = mean_k U_bk,  v_b = mean_k (U_bk - m_b)^2,
 *     L = lambda [ (1/B) sum_b m_b^2 + (1/B) sum_b (v_b - 1)^2 ]    (sub-only: the first term only)  (2.2.4)
 * trains W^IE and U^IE (sub-only: W^IE and W^EI) and nothing else. The task loss trains W^EE and b only, treating
 * the inhibition (S's inhibitory term and D) as constant, and passes its error to the previous layer through W^EE
 * alone: dX = delta_E W_ex with delta_E = GradNorm(dL/dZ) / D ((2.2.6), (4.7.18)). */
#ifndef INHIBNORM_INORM_LAYER_H
#define INHIBNORM_INORM_LAYER_H

#include "inorm/ei_layer.h"
#include "inorm/gradnorm.h"

struct inorm_layer {
	struct ei_layer e;        /* W^EE, W^IE, W^EI, b and their gradients (W^EI frozen unless sub-only) */
	int divisive;             /* 1: I-Norm (2.2.2); 0: subtractive only (4.7.15) */
	real *bix, *gbix;         /* (ne, d) U^IE and its local-loss gradient; NULL when not divisive */
	real *nu;                 /* (ne) lateral pooling weights (GN_LATERAL), else NULL */
	enum gradnorm_mode mode;  /* transformation of the task error (GN_OFF: I-Norm without GradNorm) */
	double lambda;            /* weight of the local loss */
};

/* Scratch and stored activity of one layer for a batch of up to B rows. */
struct inorm_ws {
	real *a;      /* (B, ni) X W_ix^T */
	real *inh;    /* (B, ne) the inhibitory term (X W_ix^T) W_ei^T */
	real *p;      /* (B, ne) X U_ix^T */
	real *d;      /* (B) the divisive denominators D_b (1 when not divisive) */
	real *s;      /* (B, ne) S, bias included */
	real *z;      /* (B, ne) Z = S / D, the layer's recorded output before ReLU */
	real *h;      /* (B, ne) ReLU(Z) */
	real *gu;     /* (B, ne) scratch */
	real *gp;     /* (B, ne) scratch */
	real *t;      /* (B, ni) scratch */
};

/* Forward pass (2.2.1)-(2.2.3). With hold = 1 the inhibitory term and D are not recomputed but taken from w as
 * the previous forward left them: the function the task gradient differentiates (used by the gradient checks). */
void inorm_layer_forward(const struct inorm_layer *l, size_t B, const real *x, struct inorm_ws *w, int hold);

/* How the local loss and the task backward step the layer's parameters in place (the fused step). */
struct inorm_layer_step {
	struct param_step ex, bias, ix, bix, ei; /* W^EE, b, W^IE, U^IE, W^EI (stepped by the sub-only local loss) */
};

/* Local loss (2.2.4) of the last forward. With st NULL it overwrites the gradients gwix and gbix (sub-only: gwix
 * and gwei); otherwise it steps W^IE and U^IE (sub-only: W^IE and W^EI) in place as st says. Returns the loss. */
double inorm_layer_local(const struct inorm_layer *l, size_t B, const real *x, struct inorm_ws *w,
			 const struct inorm_layer_step *st);

/* Task backward: from dh = dL/dH (B, ne), dx = dL/dX (B, d) if not NULL; with st NULL it writes the gradients gwex
 * and gb (overwriting), otherwise it steps W^EE and b in place after dx has been computed. ds (B, ne) is scratch. */
void inorm_layer_backward(const struct inorm_layer *l, size_t B, const real *x, struct inorm_ws *w, const real *dh,
			  real *ds, real *dx, const struct inorm_layer_step *st);

/* Diagnostics of (2.2.7), (4.7.17), on the last forward, within the layer and on its batch:
 *   output alignment   = cos(ReLU(LN(Z)), ReLU(Z)) over all B n entries;
 *   gradient alignment = cos(G_ref, G_net) over the (ne, d) W^EE gradients of the surrogate sum ReLU(.), with
 *     G = (Delta / D)^T X, Delta_net = mode(1[Z > 0]) and Delta_ref = LN_backward(1[LN(Z) > 0]) at Z (for
 *     GN_LATERAL the reference is the exact centring of 1[Z > 0], as the authors' code).
 * ga, gb are scratch of (ne, d); u1, u2 of (B, ne). */
void inorm_layer_alignment(const struct inorm_layer *l, size_t B, const real *x, const struct inorm_ws *w,
			   real *u1, real *u2, real *ga, real *gb, double *out_align, double *grad_align);

struct gemm_shape;

/* Appends the matrix products of one forward, local loss and task backward, as ei_layer_gemm_shapes does. */
void inorm_layer_gemm_shapes(const struct inorm_layer *l, size_t B, int with_dx, struct gemm_shape *out, int *count);

#endif
