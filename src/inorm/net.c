/* net.c: networks, loss and one training step (see net.h). */
#include "inorm/net.h"
#include "core/gemm.h"
#include "inorm/lateral.h"
#include "inorm/layernorm.h"
#include "nn/kernels.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The model table, written once: the descriptions and the list of ids both come from it. */
#define MODELS(X)                                                                                                  \
	X("ei", "EI (no norm)", HIDDEN_EI, 0, GN_OFF)                                                               \
	X("ei-ln", "EI LN+", HIDDEN_EI, 1, GN_OFF)                                                                  \
	X("e-ln", "E-only LN+", HIDDEN_E, 1, GN_OFF)                                                                \
	X("inorm", "I-Norm", HIDDEN_INORM, 0, GN_OFF)                                                               \
	X("inorm-full", "I-Norm + GradNorm", HIDDEN_INORM, 0, GN_FULL)                                              \
	X("inorm-center", "I-Norm + center", HIDDEN_INORM, 0, GN_CENTER)                                            \
	X("inorm-scale", "I-Norm + scale", HIDDEN_INORM, 0, GN_SCALE)                                               \
	X("inorm-decorrelate", "I-Norm + decorrelate", HIDDEN_INORM, 0, GN_DECORRELATE)                             \
	X("inorm-lateral", "I-Norm + lateral inhibition", HIDDEN_INORM, 0, GN_LATERAL)                              \
	X("inorm-sub", "I-Norm (sub)", HIDDEN_INORM_SUB, 0, GN_OFF)
#define MODEL_DESC(id, legend, kind, ln, mode) { id, legend, kind, ln, mode },
#define MODEL_ID(id, legend, kind, ln, mode) id,
static const struct model_desc models[] = { MODELS(MODEL_DESC) };
const char *const model_ids[] = { MODELS(MODEL_ID) NULL };
#undef MODEL_DESC
#undef MODEL_ID
#undef MODELS

const struct model_desc *model_find(const char *id)
{
	for (size_t i = 0; i < sizeof models / sizeof models[0]; i++)
		if (!strcmp(models[i].id, id))
			return &models[i];
	return NULL;
}

int model_is_inorm(const struct model_desc *m)
{
	return m->kind == HIDDEN_INORM || m->kind == HIDDEN_INORM_SUB;
}

static size_t max_sz(size_t a, size_t b) { return a > b ? a : b; }

/* Element-wise passes of one sample, written so that the compiler vectorises them (distinct arrays, no branch). */
/* s (n) += b (n) */
INB_VECTORISED
static void add_bias(size_t n, real *restrict s, const real *restrict b)
{
	for (size_t k = 0; k < n; k++)
		s[k] += b[k];
}

/* h (n) = ReLU(y (n)), letting NaN through so that divergence is seen */
INB_VECTORISED
static void relu(size_t n, const real *restrict y, real *restrict h)
{
	for (size_t k = 0; k < n; k++)
		h[k] = y[k] <= 0 ? 0 : y[k];
}

/* Which group a layer's W^EI belongs to: frozen in hidden I-Norm layers (4.7.12), trained elsewhere. */
static int wei_group(const struct model_desc *m, int l)
{
	return l < NET_LAYERS - 1 && m->kind == HIDDEN_INORM ? G_FROZEN : G_WEI;
}

int net_alloc(struct net *n, const struct model_desc *m, const struct net_opts *o, char *err)
{
	memset(n, 0, sizeof *n);
	if (o->width < 2 || o->width > 100000)
		return inb_fail(err, INB_EUSAGE, "hidden width %ld, expected 2..100000", o->width);
	n->model = m;
	n->o = *o;
	size_t w = (size_t)o->width;
	n->ni_hidden = m->kind == HIDDEN_E ? 0 : max_sz(1, (size_t)floor(0.1 * (double)w));
	const size_t nin = o->n_in ? o->n_in : NET_INPUTS, nout = o->n_out ? o->n_out : NET_OUTPUTS;
	const size_t d[NET_LAYERS] = { nin, w, w }, ne[NET_LAYERS] = { w, w, nout },
		     ni[NET_LAYERS] = { n->ni_hidden, n->ni_hidden, 1 };
	const int divisive = m->kind == HIDDEN_INORM;
	size_t cnt[NET_GROUPS] = { 0 };
	for (int l = 0; l < NET_LAYERS; l++) {
		cnt[G_WEX] += ne[l] * d[l];
		cnt[G_BIAS] += ne[l];
		cnt[G_WIX] += ni[l] * d[l];
		cnt[wei_group(m, l)] += ne[l] * ni[l];
		if (divisive && l < NET_LAYERS - 1)
			cnt[G_BIX] += ne[l] * d[l];
	}
	n->nparams = 0;
	size_t off[NET_GROUPS];
	for (int g = 0; g < NET_GROUPS; g++)
		off[g] = n->nparams, n->nparams += cnt[g];
	n->params = calloc(n->nparams, sizeof *n->params);
	n->grads = calloc(n->nparams, sizeof *n->grads);
	if (!n->params || !n->grads) {
		net_free(n);
		return inb_fail(err, INB_EINTERNAL, "out of memory for %zu parameters", n->nparams);
	}
	/* groups: learning rate, projection onto >= 0 (Dale), inhibitory (no weight decay) */
	static const char *const names[NET_GROUPS] = { "wex", "bias", "wix", "wei", "bix", "frozen" };
	const double lrs[NET_GROUPS] = { o->lr, o->lr, o->lr_wix, o->lr_wei, o->lr_wix, 0 };
	const int nonneg[NET_GROUPS] = { 1, 0, 1, 1, 0, 0 }, inhib[NET_GROUPS] = { 0, 0, 1, 1, 1, 1 };
	for (int g = 0; g < NET_GROUPS; g++)
		n->group[g] = (struct param_group){ names[g], n->params + off[g], n->grads + off[g], NULL,
						    g == G_FROZEN ? 0 : cnt[g], lrs[g], nonneg[g], inhib[g] };
	for (int l = 0; l < NET_LAYERS; l++) {
		struct ei_layer *L = &n->layer[l];
		int gw = wei_group(m, l);
		L->d = d[l];
		L->ne = ne[l];
		L->ni = ni[l];
		L->wex = n->params + off[G_WEX], L->gwex = n->grads + off[G_WEX], off[G_WEX] += ne[l] * d[l];
		L->b = n->params + off[G_BIAS], L->gb = n->grads + off[G_BIAS], off[G_BIAS] += ne[l];
		L->wix = n->params + off[G_WIX], L->gwix = n->grads + off[G_WIX], off[G_WIX] += ni[l] * d[l];
		L->wei = n->params + off[gw], L->gwei = n->grads + off[gw], off[gw] += ne[l] * ni[l];
		int rc = init_ei_layer(L, o->dist, o->seed, o->config, l, err);
		if (rc) {
			net_free(n);
			return rc;
		}
		if (l == NET_LAYERS - 1 || !model_is_inorm(m))
			continue;
		struct inorm_layer *il = &n->in[l];
		il->e = *L;
		il->divisive = divisive;
		il->mode = m->mode;
		il->lambda = o->lambda;
		if (divisive) {
			/* U^IE := W = W_ex - W_ei W_ix: the authors' SVD initialisation diag(S) V^T = U^T W differs from
			 * it by an orthogonal factor, which nothing observable depends on (4.7.10), and D = sigma(S) */
			il->bix = n->params + off[G_BIX], il->gbix = n->grads + off[G_BIX], off[G_BIX] += ne[l] * d[l];
			memcpy(il->bix, L->wex, ne[l] * d[l] * sizeof *il->bix);
			gemm_nn(ne[l], d[l], ni[l], -1, L->wei, L->wix, 1, il->bix);
		}
		if (m->mode == GN_LATERAL) {
			n->nu[l] = malloc(ne[l] * sizeof *n->nu[l]);
			if (!n->nu[l] || (rc = lateral_weights(n->nu[l], ne[l], o->seed, o->config, l, err))) {
				net_free(n);
				return rc ? rc : inb_fail(err, INB_EINTERNAL, "out of memory");
			}
			il->nu = n->nu[l];
		}
	}
	return INB_OK;
}

void net_free(struct net *n)
{
	free(n->params);
	free(n->grads);
	free(n->moment);
	for (int l = 0; l < NET_LAYERS - 1; l++)
		free(n->nu[l]);
	memset(n, 0, sizeof *n);
}

int net_ws_alloc(struct net_ws *w, const struct net *n, size_t B, char *err)
{
	memset(w, 0, sizeof *w);
	w->B = B;
	const int inorm = model_is_inorm(n->model), ln = n->model->layernorm;
	size_t total = 0, maxne = 0, maxni = 0, maxd = 0, wd = (size_t)n->o.width;
	for (int l = 0; l < NET_LAYERS; l++) {
		const struct ei_layer *L = &n->layer[l];
		const int hidden = l < NET_LAYERS - 1;
		total += B * (L->ni + 2 * L->ne + 1) + ((ln || inorm) && hidden ? B * L->ne : 0);
		if (inorm && hidden)
			total += 4 * B * L->ne; /* inh, p, gu, gp */
		maxne = max_sz(maxne, L->ne);
		maxni = max_sz(maxni, L->ni);
		maxd = max_sz(maxd, L->d);
	}
	total += B * (maxne + wd + maxni);
	if (inorm)
		total += 2 * B * wd + 2 * wd * maxd;
	w->block = calloc(total, sizeof *w->block);
	if (!w->block)
		return inb_fail(err, INB_EINTERNAL, "out of memory for a workspace of %zu values", total);
	real *p = w->block;
	for (int l = 0; l < NET_LAYERS; l++) {
		const struct ei_layer *L = &n->layer[l];
		const int hidden = l < NET_LAYERS - 1;
		w->a[l] = p, p += B * L->ni;
		w->s[l] = p, p += B * L->ne;
		w->h[l] = p, p += B * L->ne;
		w->sigma[l] = p, p += B;
		if ((ln || inorm) && hidden)
			w->y[l] = p, p += B * L->ne;
		else
			w->y[l] = w->s[l]; /* without normalisation the normalised form is the pre-activation itself */
		if (hidden)
			w->rec[l] = inorm ? w->y[l] : w->s[l];
		if (inorm && hidden) {
			struct inorm_ws *iws = &w->iw[l];
			iws->a = w->a[l], iws->s = w->s[l], iws->z = w->y[l], iws->h = w->h[l], iws->d = w->sigma[l];
			iws->inh = p, p += B * L->ne;
			iws->p = p, p += B * L->ne;
			iws->gu = p, p += B * L->ne;
			iws->gp = p, p += B * L->ne;
		}
	}
	w->ds = p, p += B * maxne;
	w->dh = p, p += B * wd;
	w->t = p, p += B * maxni;
	for (int l = 0; l < NET_LAYERS - 1; l++)
		w->iw[l].t = w->t;
	if (inorm) {
		w->u1 = p, p += B * wd;
		w->u2 = p, p += B * wd;
		w->ga = p, p += wd * maxd;
		w->gb = p;
	}
	return INB_OK;
}

void net_ws_free(struct net_ws *w)
{
	free(w->block);
	memset(w, 0, sizeof *w);
}

void net_forward(const struct net *n, struct net_ws *ws, size_t B, const real *x)
{
	const real *in = x;
	for (int l = 0; l < NET_LAYERS; l++) {
		const struct ei_layer *L = &n->layer[l];
		const int hidden = l < NET_LAYERS - 1;
		if (hidden && model_is_inorm(n->model)) {
			inorm_layer_forward(&n->in[l], B, in, &ws->iw[l], ws->hold);
			in = ws->h[l];
			continue;
		}
		ei_layer_forward(L, B, in, ws->a[l], ws->s[l]);
		const size_t ne = L->ne;
		const int ln = hidden && n->model->layernorm;
		for (size_t r = 0; r < B; r++) {
			real *s = ws->s[l] + r * ne;
			add_bias(ne, s, L->b);
			if (!hidden)
				continue;
			real *y = ws->y[l] + r * ne;
			if (ln)
				ws->sigma[l][r] = layernorm_forward(ne, s, y);
			relu(ne, y, ws->h[l] + r * ne);
		}
		in = ws->h[l];
	}
}

double net_loss(const struct net *n, const struct net_ws *ws, size_t B, const uint8_t *labels, long *correct,
		real *dlogits)
{
	const size_t C = n->layer[NET_LAYERS - 1].ne;
	const double alpha = n->o.label_smoothing, off = alpha / (double)C, on = 1.0 - alpha + off;
	/* a diverged row counts as right when its first largest (NaN) logit happens to sit at the label */
	return nn_softmax_xent(B, C, ws->s[NET_LAYERS - 1], labels, on, off, correct, NULL, dlogits);
}

/* The fused step of layer l: each parameter with its group's learning rate and projection. */
static struct param_step group_step(const struct net *n, int g)
{
	return (struct param_step){ (real)n->group[g].lr, n->group[g].nonneg };
}

static struct ei_layer_step ei_step(const struct net *n, int l)
{
	return (struct ei_layer_step){ group_step(n, G_WEX), group_step(n, G_BIAS), group_step(n, G_WIX),
				       group_step(n, wei_group(n->model, l)) };
}

static struct inorm_layer_step inorm_step(const struct net *n, int l)
{
	return (struct inorm_layer_step){ group_step(n, G_WEX), group_step(n, G_BIAS), group_step(n, G_WIX),
					  group_step(n, G_BIX), group_step(n, wei_group(n->model, l)) };
}

static double local_pass(struct net *n, struct net_ws *ws, size_t B, const real *x, double *loss, int step)
{
	double total = 0;
	if (!model_is_inorm(n->model))
		return 0;
	for (int l = 0; l < NET_LAYERS - 1; l++) {
		const struct inorm_layer_step st = inorm_step(n, l);
		double v = inorm_layer_local(&n->in[l], B, l ? ws->h[l - 1] : x, &ws->iw[l], step ? &st : NULL);
		if (loss)
			loss[l] = v;
		total += v;
	}
	return total;
}

double net_local(struct net *n, struct net_ws *ws, size_t B, const real *x, double *loss)
{
	return local_pass(n, ws, B, x, loss, 0);
}

double net_local_step(struct net *n, struct net_ws *ws, size_t B, const real *x, double *loss)
{
	return local_pass(n, ws, B, x, loss, 1);
}

void net_alignment(const struct net *n, struct net_ws *ws, size_t B, const real *x, double *out_align,
		   double *grad_align)
{
	*out_align = *grad_align = NAN;
	if (!model_is_inorm(n->model))
		return;
	double o = 0, g = 0;
	for (int l = 0; l < NET_LAYERS - 1; l++) {
		double ol, gl;
		inorm_layer_alignment(&n->in[l], B, l ? ws->h[l - 1] : x, &ws->iw[l], ws->u1, ws->u2, ws->ga, ws->gb,
				      &ol, &gl);
		o += ol;
		g += gl;
	}
	*out_align = o / (NET_LAYERS - 1);
	*grad_align = g / (NET_LAYERS - 1);
}

static void backward_pass(struct net *n, struct net_ws *ws, size_t B, const real *x, int step)
{
	/* output layer: ws->ds holds dL/dlogits; its dX is dL/dh of the last hidden layer */
	const struct ei_layer_step out_st = ei_step(n, NET_LAYERS - 1);
	ei_layer_backward(&n->layer[2], B, ws->h[1], ws->a[2], ws->ds, ws->t, ws->dh, step ? &out_st : NULL);
	for (int l = NET_LAYERS - 2; l >= 0; l--) {
		const real *in = l ? ws->h[l - 1] : x;
		real *dx = l ? ws->dh : NULL; /* the first layer needs no dX */
		if (model_is_inorm(n->model)) {
			const struct inorm_layer_step st = inorm_step(n, l);
			inorm_layer_backward(&n->in[l], B, in, &ws->iw[l], ws->dh, ws->ds, dx, step ? &st : NULL);
			continue;
		}
		const size_t ne = n->layer[l].ne;
		for (size_t r = 0; r < B; r++) {
			const real *y = ws->y[l] + r * ne;
			real *ds = ws->ds + r * ne;
			nn_relu_backward(ne, y, ws->dh + r * ne, ds);
			if (n->model->layernorm)
				layernorm_backward(ne, ds, y, ws->sigma[l][r], ds);
		}
		const struct ei_layer_step st = ei_step(n, l);
		ei_layer_backward(&n->layer[l], B, in, ws->a[l], ws->ds, ws->t, dx, step ? &st : NULL);
	}
}

void net_backward(struct net *n, struct net_ws *ws, size_t B, const real *x)
{
	backward_pass(n, ws, B, x, 0);
}

void net_backward_step(struct net *n, struct net_ws *ws, size_t B, const real *x)
{
	backward_pass(n, ws, B, x, 1);
}

int net_enable_momentum(struct net *n, char *err)
{
	if (n->moment)
		return INB_OK;
	n->moment = calloc(n->nparams, sizeof *n->moment);
	if (!n->moment)
		return inb_fail(err, INB_EINTERNAL, "out of memory for the momentum buffer");
	for (int g = 0; g < NET_GROUPS; g++)
		n->group[g].v = n->moment + (n->group[g].p - n->params);
	return INB_OK;
}

void net_step(struct net *n, const struct sgd_opts *o)
{
	optim_sgd_step(n->group, NET_GROUPS, o);
}

int net_gemm_shapes(const struct net *n, size_t B, struct gemm_shape *out)
{
	int count = 0;
	for (int l = 0; l < NET_LAYERS; l++) {
		if (l < NET_LAYERS - 1 && model_is_inorm(n->model))
			inorm_layer_gemm_shapes(&n->in[l], B, l > 0, out, &count);
		else
			ei_layer_gemm_shapes(&n->layer[l], B, l > 0, out, &count); /* the first layer needs no dX */
	}
	return count;
}
