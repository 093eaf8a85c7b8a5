/* dann_net.c: the DANN paper's seven networks, their loss, backward pass, Algorithm 3 and the step of Algorithm 2
 * (see dann_net.h; paper/dann-4-updates.md, dann-5-experiments.md). The layers' arithmetic is in dann_layer.c. */
#include "dann/dann_net.h"
#include "nn/kernels.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The model table, written once: the descriptions and the list of ids both come from it. Tables 1-3's models train
 * at their table's rate in batches of 32; d-NGD has the rate and batch of the released code's Figure 2
 * configuration (MNIST), whatever the data set. */
#define MODELS(X)                                                                                                   \
	X("mlp", "MLP", DN_MLP, 0, 0, DN_RULE_SGD, DN_BATCH, NAN, NULL)                                             \
	X("ln", "LayerNorm", DN_LN, 0, 0, DN_RULE_SGD, DN_BATCH, NAN, NULL)                                         \
	X("bn", "BatchNorm", DN_BN, 0, 0, DN_RULE_SGD, DN_BATCH, NAN, NULL)                                         \
	X("dann", "DANN", DN_DANN, 50, 1, DN_RULE_SGD, DN_BATCH, NAN, NULL)                                         \
	X("dann-nc", "DANN nc", DN_DANN, 50, 0, DN_RULE_SGD, DN_BATCH, NAN, NULL)                                   \
	X("dann-1i", "DANN 1i", DN_DANN, 1, 1, DN_RULE_SGD, DN_BATCH, NAN, NULL)                                    \
	X("colei", "ColumnEi", DN_COLEI, 50, 0, DN_RULE_SGD, DN_BATCH, NAN, NULL)                                   \
	X("dann-ngd", "DANN d-NGD", DN_DANN, 1, 0, DN_RULE_FISHER, DN_BATCH_NGD, 300,                               \
	  "Figure 2 (the released code's d-NGD configuration, MNIST)")
#define MODEL_DESC(id, legend, kind, ni, correct, rule, batch, lr, src)                                            \
	{ id, legend, kind, ni, correct, rule, batch, lr, src },
#define MODEL_ID(id, legend, kind, ni, correct, rule, batch, lr, src) id,
const struct dn_model dn_models[DN_NMODELS] = { MODELS(MODEL_DESC) };
const char *const dn_model_ids[DN_NMODELS + 1] = { MODELS(MODEL_ID) NULL };
#undef MODEL_DESC
#undef MODEL_ID
#undef MODELS

/* The learning rates of Tables 1-3 (Appendix A; their errors are in paper/published.tsv). Fashion-MNIST has no rows
 * for nc and 1i: their MNIST rates (Table 1) are used (paper/dann-5-experiments.md says why). No table has d-NGD
 * (its rate is the model's own). */
#define NO { NAN, 0 }
const struct dn_set dn_sets[] = {
	{ "fmnist", "Fashion-MNIST", "Table 3", "dann-t3",
	  { { 0.08403, 0 }, { 0.04743, 0 }, { 0.1098, 0 }, { 0.01973, 0 }, { 0.003981, 1 }, { 0.05327, 1 },
	    { 0.02265, 0 }, NO } },
	{ "mnist", "MNIST", "Table 1", "dann-t1",
	  { { 0.2976, 0 }, NO, NO, { 0.1107, 0 }, { 0.003981, 0 }, { 0.05327, 0 }, { 0.05273, 0 }, NO } },
	{ "kmnist", "Kuzushiji-MNIST", "Table 2", "dann-t2",
	  { { 0.213, 0 }, { 0.1166, 0 }, { 0.7235, 0 }, { 0.156, 0 }, NO, NO, { 0.05426, 0 }, NO } },
};
#undef NO
const char *const dn_set_ids[] = { "fmnist", "mnist", "kmnist", NULL };

const struct dn_set *dn_set_find(const char *id)
{
	for (int i = 0; dn_set_ids[i]; i++)
		if (!strcmp(dn_sets[i].id, id))
			return &dn_sets[i];
	return NULL;
}

int dn_model_index(const struct dn_model *m)
{
	return (int)(m - dn_models);
}

const struct dn_model *dn_model_find(const char *id)
{
	for (int i = 0; i < DN_NMODELS; i++)
		if (!strcmp(dn_models[i].id, id))
			return &dn_models[i];
	return NULL;
}

/* Appends a tensor of len values at offset *off of the blocks (or only counts when n->params is NULL). */
static real *take(struct dn_net *n, size_t *off, size_t len, int l, const char *name, int clamp, double corr,
		  real **grad)
{
	size_t at = *off;
	*off += len;
	if (!n->params)
		return NULL;
	struct dn_tensor *t = &n->T[n->ntensors++];
	t->p = n->params + at, t->g = n->grads + at, t->len = len, t->clamp = clamp, t->corr = corr, t->layer = l;
	t->name = name;
	*grad = t->g;
	return t->p;
}

/* Lays out the layers' views (twice: first to count, then to assign). */
static size_t layout(struct dn_net *n)
{
	size_t off = 0;
	n->ntensors = 0;
	for (int l = 0; l < DN_LAYERS; l++) {
		struct dn_layer *L = &n->L[l];
		const int dann = L->kind == DN_DANN, sc = dann || L->kind == DN_COLEI;
		const double ne = (double)L->n, d = (double)L->d;
		L->w = take(n, &off, L->n * L->d, l, "w", sc, 1, &L->gw);
		L->b = take(n, &off, L->n, l, "b", 0, 1, &L->gb);
		if (L->kind == DN_LN || L->kind == DN_BN || dann)
			L->g = take(n, &off, L->n, l, "g", dann, 1, &L->gg);
		if (dann) {
			/* Algorithm 3's factors, with this layer's n_e and d */
			L->wix = take(n, &off, L->ni * L->d, l, "wix", 1, 1 / sqrt(ne), &L->gwix);
			L->wei = take(n, &off, L->n * L->ni, l, "wei", 1, 1 / d, &L->gwei);
			L->alpha = take(n, &off, L->ni, l, "alpha", 0, 1 / (d * sqrt(ne)), &L->galpha);
		}
	}
	return off;
}

int dn_net_alloc(struct dn_net *n, const struct dn_model *m, size_t n_in, size_t width, size_t n_out, size_t ni,
		 uint64_t seed, double pixel_mean, char *err)
{
	memset(n, 0, sizeof *n);
	if (!width)
		width = m->kind == DN_COLEI ? DN_COLEI_WIDTH : DN_WIDTH;
	size_t nih = ni ? ni : (size_t)m->ni;
	if (n_in < 2 || n_out < 2 || width < 2 || (m->kind == DN_COLEI && nih >= width))
		return inb_fail(err, INB_EUSAGE, "%s: sizes %zu -> %zu -> %zu with %zu inhibitory: expected at least 2 "
				"units per layer and fewer inhibitory units than the width", m->id, n_in, width, n_out, nih);
	n->m = m, n->n_in = n_in, n->width = width, n->n_out = n_out;
	for (int l = 0; l < DN_LAYERS; l++) {
		struct dn_layer *L = &n->L[l];
		L->kind = m->kind;
		L->d = l ? width : n_in;
		L->n = l == DN_LAYERS - 1 ? n_out : width;
		L->hidden = l < DN_LAYERS - 1;
		/* DANN: the output layer has one inhibitory unit whatever the hidden layers have */
		L->ni = m->kind == DN_DANN ? (L->hidden ? nih : 1) : 0;
	}
	n->nparams = layout(n);
	n->params = calloc(n->nparams, sizeof *n->params);
	n->grads = calloc(n->nparams, sizeof *n->grads);
	if (m->kind == DN_COLEI)
		n->signs = malloc(width * sizeof *n->signs);
	if (!n->params || !n->grads || (m->kind == DN_COLEI && !n->signs)) {
		dn_net_free(n);
		return inb_fail(err, INB_EINTERNAL, "out of memory allocating %zu parameters", n->nparams);
	}
	layout(n);
	if (m->kind == DN_COLEI) {
		/* the last nih of a hidden layer's units are inhibitory; the pixels are all excitatory */
		for (size_t i = 0; i < width; i++)
			n->signs[i] = i < width - nih ? 1 : -1;
		for (int l = 1; l < DN_LAYERS; l++)
			n->L[l].sign = n->signs, n->L[l].ni = nih;
	}
	int rc = dn_init(n, seed, pixel_mean, err);
	if (rc)
		dn_net_free(n);
	return rc;
}

void dn_net_free(struct dn_net *n)
{
	free(n->params);
	free(n->grads);
	free(n->signs);
	memset(n, 0, sizeof *n);
}

/* Sizes of one layer's activations, in the order of struct dn_acts. */
static size_t acts_size(const struct dn_layer *L, size_t B, struct dn_acts *a, real *base)
{
	size_t off = 0;
#define TAKE(field, len)                                   \
	do {                                               \
		a->field = base ? base + off : NULL;       \
		off += (len);                              \
	} while (0)
	memset(a, 0, sizeof *a);
	if (L->kind == DN_COLEI && L->sign)
		TAKE(xs, B * L->d);
	if (L->kind == DN_LN || L->kind == DN_BN || L->kind == DN_DANN)
		TAKE(u, B * L->n);
	if (L->kind == DN_DANN) {
		TAKE(gam, B * L->n);
		TAKE(zi, B * L->ni);
		TAKE(si, B * L->ni);
	}
	TAKE(z, B * L->n);
	if (L->hidden)
		TAKE(h, B * L->n);
	if (L->kind == DN_LN) {
		TAKE(mu, B);
		TAKE(sig, B);
	} else if (L->kind == DN_BN) {
		TAKE(mu, L->n);
		TAKE(sig, L->n);
	}
#undef TAKE
	return off;
}

int dn_ws_alloc(struct dn_ws *w, const struct dn_net *n, size_t B, char *err)
{
	memset(w, 0, sizeof *w);
	size_t maxn = 0, maxni = 1, total = 0;
	for (int l = 0; l < DN_LAYERS; l++) {
		const struct dn_layer *L = &n->L[l];
		maxn = L->n > maxn ? L->n : maxn;
		maxni = L->ni > maxni ? L->ni : maxni;
		total += acts_size(L, B, &w->a[l], NULL);
	}
	total += 4 * B * maxn + 2 * B * maxni;
	w->block = malloc(total * sizeof *w->block);
	if (!w->block)
		return inb_fail(err, INB_EINTERNAL, "out of memory allocating a workspace for %zu rows", B);
	real *p = w->block;
	for (int l = 0; l < DN_LAYERS; l++)
		p += acts_size(&n->L[l], B, &w->a[l], p);
	w->dz = p, p += B * maxn;
	w->dx = p, p += B * maxn;
	w->t1 = p, p += B * maxn;
	w->t2 = p, p += B * maxn;
	w->t3 = p, p += B * maxni;
	w->t4 = p;
	w->Bmax = B;
	return INB_OK;
}

void dn_ws_free(struct dn_ws *w)
{
	free(w->block);
	memset(w, 0, sizeof *w);
}

void dn_forward(const struct dn_net *n, struct dn_ws *ws, size_t B, const real *x)
{
	for (int l = 0; l < DN_LAYERS; l++) {
		dn_layer_forward(&n->L[l], B, x, &ws->a[l]);
		x = ws->a[l].h;
	}
}

double dn_loss(const struct dn_net *n, const struct dn_ws *ws, size_t B, const uint8_t *labels, long *wrong,
	       real *dlogits)
{
	long hits = 0, nan_hits = 0;
	const double loss = nn_softmax_xent(B, n->n_out, ws->a[DN_LAYERS - 1].z, labels, 1, 0, &hits, &nan_hits, dlogits);
	/* a row whose largest logit is NaN counts as wrong */
	if (wrong)
		*wrong += (long)B - (hits - nan_hits);
	return loss;
}

void dn_backward(struct dn_net *n, struct dn_ws *ws, size_t B, const real *x)
{
	real *dz = ws->dz, *dx = ws->dx;
	for (int l = DN_LAYERS - 1; l >= 0; l--) {
		const real *in = l ? ws->a[l - 1].h : x;
		dn_layer_backward(&n->L[l], B, in, &ws->a[l], dz, l ? dx : NULL, ws->t1, ws->t2, ws->t3, ws->t4);
		if (l) {
			nn_relu_backward(B * n->L[l].d, ws->a[l - 1].z, dx, dx);
			real *t = dz;
			dz = dx, dx = t;
		}
	}
}

void dn_correct(struct dn_net *n)
{
	for (int t = 0; t < n->ntensors; t++) {
		const struct dn_tensor *T = &n->T[t];
		if (T->corr != 1) {
			const real f = (real)T->corr;
			for (size_t i = 0; i < T->len; i++)
				T->g[i] *= f;
		}
	}
}

void dn_step(struct dn_net *n, double lr)
{
	const real eta = (real)lr;
	for (int t = 0; t < n->ntensors; t++) {
		const struct dn_tensor *T = &n->T[t];
		nn_sgd_step(T->len, T->p, T->g, eta, T->clamp); /* one pass: step, then project */
	}
}
