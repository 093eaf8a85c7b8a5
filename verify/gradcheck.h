/* gradcheck.h: finite-difference checks of a whole network's task gradients (paper §2.1-2.3: (2.1.2), (2.2.6),
 * (2.3.1), (4.3.7)), through the code path training uses: net_forward, net_loss(..., ws->ds), net_backward,
 * n->grads. Double build.
 * Two checks: every selected parameter's gradient against a central difference of net_loss (tiny networks), and
 * the gradient's projection on random directions against a directional central difference judged by its own error
 * estimate, truncation (from steps h and 2h) plus rounding, as kann's kad_check_grad judges against the curvature
 * (full-size networks). Which parameters are checked is a selection string: "all", or a comma-separated list of
 * parameter groups (struct net's group names: "wex", "bias", "wix", "wei", "bix"), each optionally restricted to one
 * layer with "@l" (0, 1 the hidden layers, 2 the output layer): I-Norm layers train some parameters with a local loss,
 * and only the task-trained ones have the task loss's gradient. ReLU kinks: the batch is drawn again until every
 * hidden pre-activation is at least `margin` away from 0, and a difference whose evaluation points change the sign
 * of any hidden pre-activation is skipped (parameters) or its direction drawn again (directions), and counted. */
#ifndef INHIBNORM_GRADCHECK_H
#define INHIBNORM_GRADCHECK_H

#include "inorm/net.h"

#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdint.h>

/* One row of the table of checked models. */
struct gc_model {
	const char *id;     /* model id (net.c) */
	const char *task;   /* parameters whose gradient is the task loss's: "all" or e.g. "wex,bias,wix@2,wei@2" */
	int hold;           /* I-Norm: differentiate with the inhibition and D held at the base point (ws.hold) */
};

/* A network with a batch, its parameters moved away from the initialisation. */
struct gc_net {
	struct net net;
	struct net_ws ws;
	size_t B, n_in, width;
	real *x;                 /* (B, n_in) inputs, U(0, 1) */
	uint8_t *labels;         /* (B) */
	int hold;
	signed char *pattern;    /* (2, B, width) sign of each hidden pre-activation at the base point */
	int *layer_of;           /* (nparams) layer of each parameter */
	int *group_of;           /* (nparams) group of each parameter, -1 for none */
	int redraws;             /* batches drawn again because a pre-activation was within margin of 0 */
	double min_abs;          /* smallest |hidden pre-activation| at the base point */
};

/* Builds the network of m->id with n_in inputs, hidden width, n_out outputs, label smoothing 0.1, keyed by seed;
 * multiplies every non-negative weight by exp(0.5 xi) and moves every other parameter by 0.1 xi (xi ~ N(0, 1)), so
 * that the exactly balanced initialisation (W^EI W^IE = mean row of W^EE) is left; draws a batch of B rows until
 * all hidden pre-activations are at least margin away from 0 (at most 200 draws). Returns INB_OK, or a status with
 * err set. */
int gc_net_alloc(struct gc_net *g, const struct gc_model *m, size_t n_in, long width, size_t n_out, size_t B,
		 double margin, uint64_t seed, char *err);
void gc_net_free(struct gc_net *g);

/* Fills mask (nparams) with 1 for the parameters the selection names. Returns INB_OK, or INB_EUSAGE when a name is
 * not a group of the network, a layer is out of range, or nothing is selected. */
int gc_select(const struct gc_net *g, const char *spec, unsigned char *mask, char *err);

/* Loss at the current parameters (held inhibition if g->hold); *kink = 1 if a hidden pre-activation has another
 * sign than at the base point. */
double gc_loss(struct gc_net *g, int *kink);

/* Task gradient at the current parameters (forward without hold, loss, backward): copied into grad (nparams). */
void gc_gradient(struct gc_net *g, real *grad);

/* Name of a parameter's group. */
const char *gc_group_name(const struct gc_net *g, size_t i);

struct gc_param_result {
	size_t checked, skipped;   /* parameters compared; skipped because a kink lay within the step */
	double max_err;            /* max over parameters of |a - f| / max(|a|, |f|, floor) */
	size_t worst;              /* index of that parameter */
	double worst_analytic, worst_fd;
};

/* Per-parameter check: f = (L(p + h) - L(p - h)) / (2h) for each selected parameter; the floor of a parameter's
 * relative error is the larger of floor_abs and floor_rel times the largest |f| of its (group, layer) block, so
 * that gradients near 0 are judged on the scale of their block. */
void gc_check_params(struct gc_net *g, const unsigned char *mask, double h, double floor_rel, double floor_abs,
		     struct gc_param_result *res);

struct gc_dir_result {
	double analytic;   /* grad . u */
	double fd, fd2;    /* central differences with steps h and 2h */
	double trunc;      /* |fd2 - fd| / 3: truncation error of fd (O(h^2) terms) */
	double round;      /* round_k eps max|L| / h: rounding error of fd */
	double err, rel;   /* |analytic - fd| and err / |fd| */
	int redraws;       /* directions drawn again because a kink lay within 2h */
	int passed;        /* err <= max(rtol |fd|, safety (trunc + round)) */
};

/* Directional check along a random unit direction u over the selected parameters. */
void gc_check_direction(struct gc_net *g, const unsigned char *mask, double h, double rtol, double safety,
			double round_k, gsl_rng *r, struct gc_dir_result *res);

#endif
