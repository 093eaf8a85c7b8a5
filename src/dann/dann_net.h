/* dann_net.h: the networks of the DANN paper (Cornford et al. 2021, §2, §5.1, Appendix B.1, Appendix E;
 * paper/dann-*.md): 784 -> H -> H -> H -> 10, ReLU hidden layers, linear logits, softmax cross-entropy, plain SGD.
 * Eight models: MLP, MLP + LayerNorm, MLP + BatchNorm (every layer normalised, the output included), DANN (Eq. 1,
 * 50 inhibitory units per hidden layer, one in the output layer, Algorithm 3 corrections), DANN without
 * corrections (nc), DANN with one inhibitory unit per layer (1i), ColumnEi (sign-constrained columns), and the
 * Fisher-corrected DANN of Figure 2 (d-NGD: one inhibitory unit per layer, Algorithm 4, batch 250).
 * All parameters live in one flat block and their gradients in a second block of the same layout; each layer holds
 * views into both, and the optimiser walks a list of tensors (projection to >= 0 or not, Algorithm 3 factor).
 * Activations live in a workspace allocated once for a largest batch; no function below allocates except _alloc. */
#ifndef INHIBNORM_DANN_NET_H
#define INHIBNORM_DANN_NET_H

#include "core/common.h"

#include <stddef.h>
#include <stdint.h>

#define DN_LAYERS 4
#define DN_INPUTS 784
#define DN_OUTPUTS 10
#define DN_WIDTH 500
#define DN_COLEI_WIDTH 550      /* ColumnEi: 500 excitatory + 50 inhibitory units per hidden layer */
#define DN_GAMMA_FLOOR 1e-8     /* added to the divisive term gamma (as the released code does) */
#define DN_MAX_TENSORS (6 * DN_LAYERS)

#define DN_BATCH 32             /* the minibatch of Tables 1-3 (§5.1) */
#define DN_BATCH_NGD 250        /* the minibatch of the d-NGD configuration (Figure 2) */

/* Layer kinds. */
enum dn_kind { DN_MLP, DN_LN, DN_BN, DN_DANN, DN_COLEI };

/* How a model's gradient becomes its update before Algorithm 2's step. */
enum dn_rule {
	DN_RULE_SGD,              /* the gradient itself, or Algorithm 3's correction of it (correct) */
	DN_RULE_FISHER            /* Algorithm 4: the gradient times a normalised diagonal Fisher inverse (dann_fisher.h) */
};

/* One model of Tables 1-3, or of Figure 2. */
struct dn_model {
	const char *id;           /* e.g. "dann-nc" */
	const char *legend;       /* e.g. "DANN nc" */
	enum dn_kind kind;
	int ni;                   /* DANN: inhibitory units per hidden layer; ColumnEi: inhibitory inputs; else 0 */
	int correct;              /* DANN: apply Algorithm 3 before the step */
	enum dn_rule rule;
	int batch;                /* minibatch size */
	double lr;                /* the model's own learning rate; NaN: the data set's table's (dn_sets) */
	const char *lr_source;    /* where that rate comes from (NULL when lr is NaN) */
};

extern const struct dn_model dn_models[];
extern const char *const dn_model_ids[]; /* NULL-terminated, the order of dn_models */
#define DN_NMODELS 8
const struct dn_model *dn_model_find(const char *id);

/* A data set of the paper and its table's learning rate per model (in the order of dn_models). The table's errors
 * are read from paper/published.tsv alone, by the summary (results/dann_summary.h). */
struct dn_set {
	const char *id;           /* "fmnist", "mnist", "kmnist" */
	const char *name;         /* "Fashion-MNIST" */
	const char *table;        /* "Table 3" */
	const char *figure;       /* its rows' figure field in paper/published.tsv: "dann-t3" */
	struct {
		double lr;        /* the table's learning rate; NaN where the table has no row for the model */
		int lr_from_mnist; /* the rate is MNIST's (Table 1): the table has none for the model */
	} v[DN_NMODELS];
};
extern const struct dn_set dn_sets[];
extern const char *const dn_set_ids[]; /* NULL-terminated */
const struct dn_set *dn_set_find(const char *id);
/* Index of m in dn_models. */
int dn_model_index(const struct dn_model *m);

/* One layer: n outputs from d inputs. Parameter pointers are views into the net's block (NULL when the kind has
 * no such parameter); g-prefixed ones into the gradient block, same shapes. */
struct dn_layer {
	enum dn_kind kind;
	size_t d, n, ni;          /* fan-in, outputs (excitatory units), inhibitory units (DANN) */
	int hidden;               /* ReLU after it (all but the last layer) */
	real *w, *gw;             /* (n, d): W (MLP, LN, BN), W^EE >= 0 (DANN), W^+ >= 0 (ColumnEi) */
	real *b, *gb;             /* (n): bias beta */
	real *g, *gg;             /* (n): gain (LN, BN, DANN; >= 0 in DANN) */
	real *wix, *gwix;         /* (ni, d) W^IE >= 0 (DANN) */
	real *wei, *gwei;         /* (n, ni) W^EI >= 0 (DANN) */
	real *alpha, *galpha;     /* (ni) alpha (DANN) */
	const real *sign;         /* (d) +1 / -1 per input column (ColumnEi; NULL: all +1) */
};

/* A parameter tensor as the optimiser sees it. */
struct dn_tensor {
	real *p, *g;
	size_t len;
	int clamp;                /* projected to >= 0 after each step (Algorithm 2, Appendix B.1) */
	double corr;              /* Algorithm 3 factor for its gradient (1 when none) */
	int layer;
	const char *name;         /* "w", "b", "g", "wix", "wei", "alpha" */
};

struct dn_net {
	const struct dn_model *m;
	size_t n_in, width, n_out;
	struct dn_layer L[DN_LAYERS];
	real *params, *grads;     /* (nparams) each */
	size_t nparams;
	real *signs;              /* (width) the ColumnEi column signs of layers 2-4 */
	struct dn_tensor T[DN_MAX_TENSORS];
	int ntensors;
};

/* What a layer's forward leaves for its backward. */
struct dn_acts {
	real *xs;                 /* (B, d) ColumnEi: x with its inhibitory columns negated */
	real *u;                  /* (B, n) LN, BN: W x + b before normalisation; DANN: zhat = z^E - W^EI z^I */
	real *gam;                /* (B, n) DANN: gamma */
	real *zi, *si;            /* (B, ni) DANN: z^I and e^alpha * z^I */
	real *z;                  /* (B, n) pre-activation (the logits in the last layer) */
	real *h;                  /* (B, n) ReLU(z) (hidden layers) */
	real *mu, *sig;           /* LN: (B) per row; BN: (n) per unit; unbiased sd, no epsilon */
};

struct dn_ws {
	size_t Bmax;
	struct dn_acts a[DN_LAYERS];
	real *dz, *dx;            /* (B, max n) error of a layer's z, and of its input */
	real *t1, *t2;            /* (B, max n) backward scratch */
	real *t3, *t4;            /* (B, max ni) backward scratch */
	real *block;
};

/* Builds the network of model m with n_in inputs, hidden width (0: the model's: 500, or 550 for ColumnEi), n_out
 * outputs and initialises it from seed (dann_init.c). pixel_mean is the mean input pixel, used by ColumnEi's first
 * bias. For the checks, ni (> 0) overrides the model's number of inhibitory units. Returns INB_OK, INB_EUSAGE
 * (bad sizes) or INB_EINTERNAL. */
int dn_net_alloc(struct dn_net *n, const struct dn_model *m, size_t n_in, size_t width, size_t n_out, size_t ni,
		 uint64_t seed, double pixel_mean, char *err);
void dn_net_free(struct dn_net *n);

/* Workspace for batches of at most B rows. Returns INB_OK or INB_EINTERNAL. */
int dn_ws_alloc(struct dn_ws *w, const struct dn_net *n, size_t B, char *err);
void dn_ws_free(struct dn_ws *w);

/* Forward pass of B rows x (B, n_in); the logits end in ws->a[DN_LAYERS - 1].z (B, n_out). BatchNorm layers use
 * the statistics of these B rows (there are no running statistics). */
void dn_forward(const struct dn_net *n, struct dn_ws *ws, size_t B, const real *x);

/* Mean softmax cross-entropy of the last forward over B rows; adds the rows whose largest logit (first on ties) is
 * not the label to *wrong (if not NULL); dlogits (B, n_out), if not NULL, receives dL/dlogits. */
double dn_loss(const struct dn_net *n, const struct dn_ws *ws, size_t B, const uint8_t *labels, long *wrong,
	       real *dlogits);

/* Backward pass after dn_forward and dn_loss(..., ws->dz): fills n->grads with dL/dtheta (uncorrected). */
void dn_backward(struct dn_net *n, struct dn_ws *ws, size_t B, const real *x);

/* Algorithm 3: multiplies each DANN layer's gradients of W^IE by 1/sqrt(n_e), of W^EI by 1/d and of alpha by
 * 1/(d sqrt(n_e)), with that layer's n_e and d; the others unchanged. */
void dn_correct(struct dn_net *n);

/* Algorithm 2: theta <- theta - lr grad for every tensor, then the sign-constrained ones <- max(theta, 0). */
void dn_step(struct dn_net *n, double lr);

/* Layer forward and backward, as dn_forward and dn_backward call them (dann_layer.c). Backward: dz (B, n) is the
 * error of the layer's z and is overwritten; the parameter gradients of L are written (not accumulated); dx
 * (B, d), if not NULL, receives the error of the input. t1, t2 (B, n) and t3, t4 (B, ni) are scratch. */
void dn_layer_forward(const struct dn_layer *L, size_t B, const real *x, struct dn_acts *a);
void dn_layer_backward(const struct dn_layer *L, size_t B, const real *x, const struct dn_acts *a, real *dz,
		       real *dx, real *t1, real *t2, real *t3, real *t4);

/* Initialisation (dann_init.c). dn_init draws every layer of n from streams keyed by (seed, layer): Algorithm 1
 * for DANN layers (the first layer's scale as the released code), Appendix B.1 for ColumnEi (its first bias
 * centres inputs of mean pixel_mean), He normal for MLP, LN and BN (gain 1 in the first layer, 2 after), g = 1,
 * b = 0 otherwise. Returns INB_OK or INB_EINTERNAL. */
int dn_init(struct dn_net *n, uint64_t seed, double pixel_mean, char *err);

/* Mean of the exponential that W^EE (and W^IE) are drawn from: sqrt(2 pi / (d (2 pi - 1))) = 1 / lambda_E of
 * Appendix C.1, or sqrt(1 / (2 d)) in the first layer (the released code). */
double dn_dann_wmean(size_t d, int first);
/* alpha of Algorithm 1: log(sqrt(2 pi - 1) / sqrt(d)), so that e^alpha = c of Eq. 3. */
double dn_dann_alpha(size_t d);
/* ColumnEi (Eq. 17-19 with the square root): mean of the excitatory columns' exponential,
 * 1 / sqrt(((2 pi - 1) / (2 pi)) (ne + ne^2 / ni)); the inhibitory columns' mean is ne / ni times it. */
double dn_colei_wmean(size_t ne, size_t ni);
/* The variance of z = zhat / gamma that Algorithm 1 gives on iid rectified-normal inputs (paper/dann-3-init.md,
 * Eq. D3.4): pi (1 + kappa) / (2 pi - 1), kappa = 1 / ni when W^IE is sampled, -1 / ne when it is the mean row of
 * W^EE (ni = 1). Independent of the input scale sigma and of the exponential's mean. */
double dn_dann_var_z(size_t ne, size_t ni);

#endif
