/* dann_policy.h: Algorithms 5 and 6 of the DANN paper (Appendix E.4, Supplementary Figure 5) as the released code's
 * update policy runs them (paper/dann-4-updates.md, labels (D4.14)-(D4.18)), each layer on its own, after
 * Algorithm 3: the layer's corrected gradient, all six blocks together, is scaled down to a norm bound M when it
 * is longer (Algorithm 5); then the layer's rate is taken from a linear list of candidates, searched from the
 * layer's index of the last update, so that the cosine between its projected and unprojected new parameters (W^EE,
 * W^IE, W^EI, g) stays at or above 1 - eps_c (Algorithm 6, with the released code's two off-by-one steps); the
 * layer's six blocks step at that rate (Algorithm 2). Both are off by default, and a run with both off never comes
 * here (dn_train_step). Nothing here allocates except dn_policy_alloc. */
#ifndef INHIBNORM_DANN_POLICY_H
#define INHIBNORM_DANN_POLICY_H

#include "dann/dann_net.h"

#include <stdint.h>

#define DN_CLIP_EPS 1e-6        /* added to the norm in Algorithm 5's factor, as the released code does */

/* Zeroed, both are off. */
struct dn_policy_opts {
	double clip;              /* M of Algorithm 5 (0: off) */
	int scale;                /* Algorithm 6 on */
	double cos_eps;           /* its eps_c: the threshold is 1 - eps_c */
	double lr_min;            /* its last candidate rate (the first is the run's rate) */
	long lr_n;                /* its number of candidates, >= 2 */
};

struct dn_policy {
	struct dn_policy_opts o;
	double *xi;               /* (o.lr_n) the candidates, xi_0 = the run's rate, linearly down to lr_min */
	long at[DN_LAYERS];       /* each layer's index into xi: starts at 0, kept from update to update */
	/* what the last update did, per layer */
	int clipped[DN_LAYERS];   /* Algorithm 5 scaled the gradient */
	double gnorm[DN_LAYERS];  /* ||G|| after Algorithm 3, before clipping (D4.14) */
	double rate[DN_LAYERS];   /* the rate the layer stepped with */
	double cosine[DN_LAYERS]; /* (D4.16) at that rate; NaN when Algorithm 6 is off */
};

/* 1 when o turns Algorithm 5 or 6 on. */
int dn_policy_on(const struct dn_policy_opts *o);

/* Checks o for a run at rate lr: clip finite and >= 0 and, with Algorithm 6 on, cos_eps in [0, 1], lr_n >= 2 and
 * 0 <= lr_min < lr. Returns INB_OK or INB_EUSAGE with one line naming the value and what was expected. */
int dn_policy_check(const struct dn_policy_opts *o, double lr, char *err);

/* Checks o (dn_policy_check) and sets up p for a run at rate lr. Returns INB_OK, INB_EUSAGE or INB_EINTERNAL. */
int dn_policy_alloc(struct dn_policy *p, const struct dn_policy_opts *o, double lr, char *err);
void dn_policy_free(struct dn_policy *p);

/* (D4.14): the Euclidean norm of layer l's gradient in n->grads over all its tensors. */
double dn_layer_grad_norm(const struct dn_net *n, int l);

/* Algorithm 5 (D4.15) on layer l: with r = M / (||G|| + 1e-6), G <- r G when r < 1. Returns 1 when it scaled;
 * *norm (if not NULL) receives ||G|| before. */
int dn_layer_clip(struct dn_net *n, int l, double M, double *norm);

/* (D4.16): ||max(0, v)|| / ||v|| with v = theta' - eta G' over layer l's projected tensors (W^EE, W^IE, W^EI, g),
 * v computed as Algorithm 2's step computes it. NaN when v = 0. */
double dn_layer_cosine(const struct dn_net *n, int l, double eta);

/* Algorithm 6 (D4.17)-(D4.18) for layer l as the released code runs it: the rate to step with; updates the layer's
 * index and p->cosine[l]. Algorithm 6 must be on (o.scale). */
double dn_policy_rate(struct dn_policy *p, const struct dn_net *n, int l);

/* Algorithm 2 for layer l alone at rate eta: each tensor through the same kernel as dn_step. */
void dn_layer_step(struct dn_net *n, int l, double eta);

/* One update with the policy: forward, loss, and, if it is finite, backward, Algorithm 3 if the model corrects,
 * then per layer Algorithm 5 (if on), Algorithm 6 (if on; else the run's rate) and the layer's step. Returns the
 * loss; adds the batch's wrong answers to *wrong. */
double dn_policy_train_step(struct dn_net *n, struct dn_ws *ws, struct dn_policy *p, size_t B, const real *x,
			    const uint8_t *labels, long *wrong);

#endif
