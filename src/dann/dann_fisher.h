/* dann_fisher.h: Algorithm 4 of the DANN paper (Appendix E.3), the Fisher-corrected DANN of Figure 2 ("d-NGD"), as
 * the released code's configuration runs it (paper/dann-4-updates.md): each layer's gradient is multiplied by the
 * inverse of a damped moving average of the diagonal of its Fisher, estimated from per-example gradients of the
 * loss at one label per example sampled from the model's own softmax, and normalised by the norm of the inverse's
 * W^EE block; Algorithm 2's step and projection follow. DANN layers only, any number of inhibitory units (the
 * configuration has one). The sums of squared per-example gradients are computed from per-example error signals
 * with one product per weight matrix, never materialising the per-example gradients (D4.9); dn_fisher_example
 * materialises one example's, for the checks. Nothing here allocates except dn_fisher_alloc. */
#ifndef INHIBNORM_DANN_FISHER_H
#define INHIBNORM_DANN_FISHER_H

#include "dann/dann_net.h"

#include <gsl/gsl_rng.h>
#include <stdint.h>

#define DN_FISHER_K 0.02        /* k of Algorithm 4: the weight of the new estimate in the moving average */
#define DN_FISHER_SCALE 2.5e-5  /* the estimate's scale, 1 / lambda with lambda = 40 000 */
#define DN_FISHER_DAMP 1e-8     /* added to F before it is inverted */
#define DN_FISHER_MAXC 256      /* classes the sampling handles */

struct dn_fisher {
	size_t Bmax;
	real *F;                  /* (nparams) F_t, in the layout of the net's parameter block */
	real *S;                  /* (nparams) sum over the batch of squared per-example gradients; then D */
	real *u;                  /* (nparams) the last update's true-label gradient, before the correction (D4.19) */
	int started;              /* F holds an estimate: F_1 is the first batch's, with no zero start */
	real *delta[DN_LAYERS];   /* (B, n) per example, dl_i/dz_i at the sampled label (z before the ReLU) */
	real *rho[DN_LAYERS];     /* (B, ni) per example, dl_i/dz^I_i */
	real *ealpha[DN_LAYERS];  /* (B, ni) per example, dl_i/dalpha */
	real *t1, *t2;            /* (B, max n) scratch */
	real *t3, *t4;            /* (B, max ni) scratch */
	real *sq_in;              /* (B, max d) squared inputs of a layer */
	uint8_t *yhat;            /* (B) the sampled labels */
	/* what the last update did, per layer */
	double dnorm[DN_LAYERS];  /* ||D restricted to W^EE||_2, the normaliser of (D4.13) */
	long floor[DN_LAYERS];    /* entries whose F is below the damping (their D is near 1 / damping) */
	long guard[DN_LAYERS];    /* entries of the corrected gradient that were not finite and were set to 0 */
	long bad_logits;          /* logits of the last sampling that were not finite and were set to 0 */
	double cos_fu[DN_LAYERS]; /* (D4.21) cos(f, u): the applied step against the uncorrected gradient */
	double cos_fh[DN_LAYERS]; /* (D4.21) cos(f, h): against Algorithm 3's correction h of the same gradient */
};

/* State and workspace of Algorithm 4 for net n (every layer a DANN layer, at most DN_FISHER_MAXC outputs) and
 * batches of at most B rows. Returns INB_OK, INB_EUSAGE (a layer that is not a DANN layer, too many classes) or
 * INB_EINTERNAL (out of memory). */
int dn_fisher_alloc(struct dn_fisher *f, const struct dn_net *n, size_t B, char *err);
void dn_fisher_free(struct dn_fisher *f);

/* (D4.3): from the logits of the last forward (ws, B rows), p = softmax (non-finite logits set to 0 first), one
 * label per row drawn from p with r, and the output layer's per-example signal delta = p - onehot(yhat). */
void dn_fisher_sample(const struct dn_net *n, const struct dn_ws *ws, struct dn_fisher *f, size_t B, gsl_rng *r);

/* (D4.4): the per-example signals of every layer, from the output layer's delta down (the backward pass of the
 * per-example losses without their parameter gradients), through the activations of the last forward in ws. */
void dn_fisher_signals(const struct dn_net *n, const struct dn_ws *ws, struct dn_fisher *f, size_t B);

/* (D4.9): f->S = sum over the B rows of the squared per-example gradients (D4.5)-(D4.8), from the signals; x (B,
 * n_in) is the batch of the last forward. */
void dn_fisher_sqsums(const struct dn_net *n, const struct dn_ws *ws, struct dn_fisher *f, size_t B, const real *x);

/* The per-example gradient (D4.5)-(D4.8) of row i, materialised into g (nparams, the parameter block's layout). */
void dn_fisher_example(const struct dn_net *n, const struct dn_ws *ws, const struct dn_fisher *f, size_t B,
		       const real *x, size_t i, real *g);

/* (D4.10)-(D4.13), layer by layer: the moving average F from f->S over B rows, D = 1 / (F + damping), normalised
 * by its W^EE block, times the gradient in n->grads (replaced); non-finite products become 0 (counted). */
void dn_fisher_correct(struct dn_net *n, struct dn_fisher *f, size_t B);

/* (D4.19)-(D4.21), Figure 2's measurement, which only reads: for each layer l, over the concatenation of its six
 * blocks, the cosines of f (n->grads, the corrected step) with u (nparams, the uncorrected gradient, same layout) and
 * with h = Algorithm 3's correction of u (each tensor's factor, dn_correct), into cfu[l] and cfh[l] (DN_LAYERS each);
 * NaN where a vector is zero or not finite. */
void dn_fisher_cosines(const struct dn_net *n, const real *u, double *cfu, double *cfh);

/* One d-NGD update on a batch x (B, n_in) with labels (B): forward, loss, and, if it is finite, the true-label
 * backward, sampling with r, the signals, the squared sums, the correction, Figure 2's cosines
 * (dn_fisher_cosines into f->cos_fu, f->cos_fh) and Algorithm 2's step at lr. Returns the loss; adds the batch's wrong answers to *wrong. */
double dn_fisher_train_step(struct dn_net *n, struct dn_ws *ws, struct dn_fisher *f, size_t B, const real *x,
			    const uint8_t *labels, double lr, gsl_rng *r, long *wrong);

#endif
