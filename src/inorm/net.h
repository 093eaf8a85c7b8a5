/* net.h: the networks of the paper (paper §2.1, §4.3: (2.1.5), (4.3.7)).
 * 784 -> w -> w -> 10: two hidden layers, each followed by an optional parameter-free LayerNorm and a ReLU, then an
 * output EI layer with 10 excitatory units and 1 inhibitory unit and no normalisation, in every model. The loss is
 * cross-entropy with label smoothing (0.1 by default). All parameters live in one flat block laid out by parameter
 * group (every W^EE, then every bias, every W^IE, every W^EI), so each optimiser group is one contiguous range; the
 * gradient block has the same layout. Activations live in a workspace allocated once per batch size. */
#ifndef INHIBNORM_NET_H
#define INHIBNORM_NET_H

#include "inorm/ei_layer.h"
#include "inorm/gradnorm.h"
#include "inorm/init.h"
#include "inorm/inorm_layer.h"
#include "inorm/optim.h"

#include <stdint.h>

#define NET_INPUTS 784
#define NET_OUTPUTS 10
#define NET_LAYERS 3 /* two hidden layers and the output layer */
enum param_group_id { G_WEX, G_BIAS, G_WIX, G_WEI, G_BIX, G_FROZEN, NET_GROUPS };

/* Hidden layers: EI (2.1.1), E only (2.1.3), I-Norm with subtractive and divisive inhibition (2.2.1)-(2.2.3), I-Norm
 * with subtractive inhibition only (4.7.15). */
enum hidden_kind { HIDDEN_EI, HIDDEN_E, HIDDEN_INORM, HIDDEN_INORM_SUB };

/* A model id as used on the command line, in file names and in legends. */
struct model_desc {
	const char *id;        /* e.g. "ei-ln" */
	const char *legend;    /* e.g. "EI LN+" */
	enum hidden_kind kind; /* hidden layers; n_i = max(1, floor(0.1 w)) inhibitory units except E only (0) */
	int layernorm;         /* LN after each hidden layer (EI and E layers) */
	enum gradnorm_mode mode; /* transformation of the task error in I-Norm layers */
};

/* 1 if the model's hidden layers are I-Norm layers (local loss, alignment diagnostics). */
int model_is_inorm(const struct model_desc *m);

/* Returns the model with that id, or NULL. model_ids lists them, NULL-terminated. */
const struct model_desc *model_find(const char *id);
extern const char *const model_ids[];

struct net_opts {
	long width;               /* hidden width w */
	size_t n_in, n_out;       /* input and output sizes; 0 means 784 and 10 (other sizes serve the gradient checks) */
	double lr, lr_wix, lr_wei; /* eta_exc (W^EE and biases), eta_wix (W^IE), eta_wei (W^EI) */
	double label_smoothing;   /* 0.1 in the paper's runs */
	double lambda;            /* weight of the I-Norm local loss (0.01 in the paper's runs) */
	enum init_dist dist;
	uint64_t seed, config;    /* keys of the initial-weight streams */
};

struct net {
	const struct model_desc *model;
	struct net_opts o;
	size_t ni_hidden;                 /* inhibitory units per hidden layer */
	struct ei_layer layer[NET_LAYERS];
	struct inorm_layer in[NET_LAYERS - 1]; /* hidden I-Norm layers (views of layer[] plus U^IE), if any */
	real *nu[NET_LAYERS - 1];         /* (w) lateral pooling weights of each hidden layer (inorm-lateral) */
	real *params, *grads;             /* (nparams) each, laid out by group */
	real *moment;                     /* (nparams) momentum buffer, allocated on demand */
	size_t nparams;
	struct param_group group[NET_GROUPS];
};

/* Per-batch activations: for layer l, input x_l (B, d_l) (x_0 is the caller's batch), a[l] (B, ni), s[l] (B, ne)
 * the pre-activation including the bias, y[l] (B, ne) its normalised form (LN(s); Z = s / D in I-Norm layers;
 * s itself otherwise), sigma[l] (B) the LN or divisive denominators, h[l] (B, ne) = ReLU(y) the layer's output;
 * s[2] holds the logits. rec[l] is the hidden activity the moments are recorded on (4.7.25): s for EI and E
 * layers (before LN), Z for I-Norm layers. */
struct net_ws {
	size_t B;
	real *a[NET_LAYERS], *s[NET_LAYERS], *y[NET_LAYERS], *h[NET_LAYERS], *sigma[NET_LAYERS];
	const real *rec[NET_LAYERS - 1];
	struct inorm_ws iw[NET_LAYERS - 1]; /* I-Norm layers: views of the above plus their own arrays */
	real *ds, *dh, *t;                /* backward scratch: (B, max ne), (B, w), (B, max ni) */
	real *u1, *u2, *ga, *gb;          /* alignment scratch (I-Norm): (B, w) twice, (w, max d) twice */
	int hold;                         /* forward keeps I-Norm inhibition and D from the previous forward */
	real *block;                      /* the one allocation behind all of the above */
};

/* Allocates and initialises a network. Returns INB_OK, INB_EUSAGE (bad width) or INB_EINTERNAL. */
int net_alloc(struct net *n, const struct model_desc *m, const struct net_opts *o, char *err);
void net_free(struct net *n);

/* Allocates a workspace for batches of at most B rows. Returns INB_OK or INB_EINTERNAL. */
int net_ws_alloc(struct net_ws *w, const struct net *n, size_t B, char *err);
void net_ws_free(struct net_ws *w);

/* Forward pass of B <= ws->B rows x (B, 784); logits end in ws->s[2] (B, 10). */
void net_forward(const struct net *n, struct net_ws *ws, size_t B, const real *x);

/* Loss of the last forward pass: mean label-smoothed cross-entropy over the B rows; adds the number of rows whose
 * largest logit (first on ties) is the label to *correct. If dlogits is not NULL it receives dL/dlogits (B, 10). */
double net_loss(const struct net *n, const struct net_ws *ws, size_t B, const uint8_t *labels, long *correct,
		real *dlogits);

/* I-Norm networks: local losses (2.2.4) of the last forward and their gradients (W^IE and U^IE, or W^IE and W^EI
 * for the sub-only layer); per-layer losses in loss (NET_LAYERS - 1) if not NULL. Returns their sum (0 for other
 * models, which have no local loss). */
double net_local(struct net *n, struct net_ws *ws, size_t B, const real *x, double *loss);

/* The same local losses, each stepping its parameters in place (the fused step: SGD without momentum or weight
 * decay, then the projection) instead of writing gradients. Call it before net_backward_step of the same batch. */
double net_local_step(struct net *n, struct net_ws *ws, size_t B, const real *x, double *loss);

/* Alignment diagnostics (2.2.7) of the last forward, averaged over the hidden layers; NaN for models without
 * I-Norm layers. */
void net_alignment(const struct net *n, struct net_ws *ws, size_t B, const real *x, double *out_align,
		   double *grad_align);

/* Backward pass after net_forward and net_loss(..., ws->ds): fills the task-loss gradients in n->grads (for I-Norm
 * layers only W^EE and b of the hidden layers, and everything of the output layer). x is the forward's input. */
void net_backward(struct net *n, struct net_ws *ws, size_t B, const real *x);

/* The fused step: the same backward pass, but each layer steps its parameters in place with its groups' learning
 * rates and projections once the error it passes down has been computed, instead of writing n->grads. Together
 * with net_local_step it equals net_local, net_backward and net_step without momentum or weight decay, up to
 * rounding; it saves the step's own passes over every weight and gradient. */
void net_backward_step(struct net *n, struct net_ws *ws, size_t B, const real *x);

/* Allocates the momentum buffer (only needed when momentum > 0). Returns INB_OK or INB_EINTERNAL. */
int net_enable_momentum(struct net *n, char *err);

struct gemm_shape;
#define NET_MAX_GEMMS (9 * NET_LAYERS)

/* The matrix products of one training step on B rows (forward and backward), in order; returns their number. */
int net_gemm_shapes(const struct net *n, size_t B, struct gemm_shape *out);

/* One SGD step with the network's parameter groups (momentum only if net_enable_momentum succeeded). */
void net_step(struct net *n, const struct sgd_opts *o);

#endif
