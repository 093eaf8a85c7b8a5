/* net.c: networks, loss and one training step (see net.h). */
#include "net.h"
#include "layernorm.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const struct model_desc models[] = {
	{ "ei", "EI (no norm)", HIDDEN_EI, 0 },
	{ "ei-ln", "EI LN+", HIDDEN_EI, 1 },
	{ "e-ln", "E-only LN+", HIDDEN_E, 1 },
};
const char *const model_ids[] = { "ei", "ei-ln", "e-ln", NULL };

const struct model_desc *model_find(const char *id)
{
	for (size_t i = 0; i < sizeof models / sizeof models[0]; i++)
		if (!strcmp(models[i].id, id))
			return &models[i];
	return NULL;
}

static size_t max_sz(size_t a, size_t b) { return a > b ? a : b; }

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
	size_t cnt[NET_GROUPS] = { 0 };
	for (int l = 0; l < NET_LAYERS; l++) {
		cnt[0] += ne[l] * d[l];
		cnt[1] += ne[l];
		cnt[2] += ni[l] * d[l];
		cnt[3] += ne[l] * ni[l];
	}
	n->nparams = cnt[0] + cnt[1] + cnt[2] + cnt[3];
	n->params = calloc(n->nparams, sizeof *n->params);
	n->grads = calloc(n->nparams, sizeof *n->grads);
	if (!n->params || !n->grads) {
		net_free(n);
		return inb_fail(err, INB_EINTERNAL, "out of memory for %zu parameters", n->nparams);
	}
	/* group layout: [W^EE of every layer][biases][W^IE][W^EI] */
	size_t off[NET_GROUPS] = { 0, cnt[0], cnt[0] + cnt[1], cnt[0] + cnt[1] + cnt[2] };
	static const char *const names[NET_GROUPS] = { "wex", "bias", "wix", "wei" };
	const double lrs[NET_GROUPS] = { o->lr, o->lr, o->lr_wix, o->lr_wei };
	for (int g = 0; g < NET_GROUPS; g++)
		n->group[g] = (struct param_group){ names[g], n->params + off[g], n->grads + off[g], NULL, cnt[g], lrs[g],
						    g != 1, g >= 2 };
	for (int l = 0; l < NET_LAYERS; l++) {
		struct ei_layer *L = &n->layer[l];
		L->d = d[l];
		L->ne = ne[l];
		L->ni = ni[l];
		L->wex = n->params + off[0], L->gwex = n->grads + off[0], off[0] += ne[l] * d[l];
		L->b = n->params + off[1], L->gb = n->grads + off[1], off[1] += ne[l];
		L->wix = n->params + off[2], L->gwix = n->grads + off[2], off[2] += ni[l] * d[l];
		L->wei = n->params + off[3], L->gwei = n->grads + off[3], off[3] += ne[l] * ni[l];
		int rc = init_ei_layer(L, o->dist, o->seed, o->config, l, err);
		if (rc) {
			net_free(n);
			return rc;
		}
	}
	return INB_OK;
}

void net_free(struct net *n)
{
	free(n->params);
	free(n->grads);
	free(n->moment);
	memset(n, 0, sizeof *n);
}

int net_ws_alloc(struct net_ws *w, const struct net *n, size_t B, char *err)
{
	memset(w, 0, sizeof *w);
	w->B = B;
	size_t total = 0, maxne = 0, maxni = 0, wd = (size_t)n->o.width;
	for (int l = 0; l < NET_LAYERS; l++) {
		const struct ei_layer *L = &n->layer[l];
		total += B * (L->ni + 2 * L->ne + 1) + (n->model->layernorm && l < 2 ? B * L->ne : 0);
		maxne = max_sz(maxne, L->ne);
		maxni = max_sz(maxni, L->ni);
	}
	total += B * (maxne + wd + maxni);
	w->block = calloc(total, sizeof *w->block);
	if (!w->block)
		return inb_fail(err, INB_EINTERNAL, "out of memory for a workspace of %zu values", total);
	real *p = w->block;
	for (int l = 0; l < NET_LAYERS; l++) {
		const struct ei_layer *L = &n->layer[l];
		w->a[l] = p, p += B * L->ni;
		w->s[l] = p, p += B * L->ne;
		w->h[l] = p, p += B * L->ne;
		w->sigma[l] = p, p += B;
		if (n->model->layernorm && l < 2)
			w->y[l] = p, p += B * L->ne;
		else
			w->y[l] = w->s[l]; /* without LN the normalised form is the pre-activation itself */
	}
	w->ds = p, p += B * maxne;
	w->dh = p, p += B * wd;
	w->t = p;
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
		ei_layer_forward(L, B, in, ws->a[l], ws->s[l]);
		const size_t ne = L->ne;
		const int hidden = l < NET_LAYERS - 1, ln = hidden && n->model->layernorm;
		for (size_t r = 0; r < B; r++) {
			real *s = ws->s[l] + r * ne;
			for (size_t k = 0; k < ne; k++)
				s[k] += L->b[k];
			if (!hidden)
				continue;
			real *y = ws->y[l] + r * ne, *h = ws->h[l] + r * ne;
			if (ln)
				ws->sigma[l][r] = layernorm_forward(ne, s, y);
			for (size_t k = 0; k < ne; k++)
				h[k] = y[k] <= 0 ? 0 : y[k]; /* ReLU that lets NaN through, so divergence is seen */
		}
		in = ws->h[l];
	}
}

double net_loss(const struct net *n, const struct net_ws *ws, size_t B, const uint8_t *labels, long *correct,
		real *dlogits)
{
	const size_t C = n->layer[NET_LAYERS - 1].ne;
	const double alpha = n->o.label_smoothing, off = alpha / (double)C, on = 1.0 - alpha + off;
	double total = 0;
	for (size_t r = 0; r < B; r++) {
		const real *o = ws->s[NET_LAYERS - 1] + r * C;
		size_t arg = 0;
		for (size_t c = 1; c < C; c++)
			if (o[c] > o[arg])
				arg = c;
		*correct += arg == labels[r];
		double m = o[arg], z = 0;
		for (size_t c = 0; c < C; c++)
			z += exp(o[c] - m);
		double lse = m + log(z), loss = 0;
		for (size_t c = 0; c < C; c++) {
			double q = c == labels[r] ? on : off;
			loss -= q * (o[c] - lse);
			if (dlogits)
				dlogits[r * C + c] = (real)((exp(o[c] - lse) - q) / (double)B);
		}
		total += loss;
	}
	return total / (double)B;
}

void net_backward(struct net *n, struct net_ws *ws, size_t B, const real *x)
{
	/* output layer: ws->ds holds dL/dlogits; its dX is dL/dh of the last hidden layer */
	ei_layer_backward(&n->layer[2], B, ws->h[1], ws->a[2], ws->ds, ws->t, ws->dh);
	for (int l = NET_LAYERS - 2; l >= 0; l--) {
		const size_t ne = n->layer[l].ne;
		for (size_t r = 0; r < B; r++) {
			const real *dh = ws->dh + r * ne, *y = ws->y[l] + r * ne;
			real *ds = ws->ds + r * ne;
			for (size_t k = 0; k < ne; k++)
				ds[k] = y[k] > 0 ? dh[k] : 0; /* ReLU, derivative 0 at 0 */
			if (n->model->layernorm)
				layernorm_backward(ne, ds, y, ws->sigma[l][r], ds);
		}
		ei_layer_backward(&n->layer[l], B, l ? ws->h[l - 1] : x, ws->a[l], ws->ds, ws->t, l ? ws->dh : NULL);
	}
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
	for (int l = 0; l < NET_LAYERS; l++)
		ei_layer_gemm_shapes(&n->layer[l], B, l > 0, out, &count); /* the first layer needs no dX */
	return count;
}
