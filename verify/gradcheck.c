/* gradcheck.c: whole-network finite-difference checks (see gradcheck.h). */
#include "gradcheck.h"
#include "core/rng.h"

#include <float.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GC_KEY 0x6763u /* "gc": the test streams of this checker */
#define MAX_DRAWS 200
#define MAX_DIRECTIONS 20

static void mark(struct gc_net *g, const real *p, size_t len, int l)
{
	if (!p)
		return;
	size_t off = (size_t)(p - g->net.params);
	for (size_t i = 0; i < len; i++)
		g->layer_of[off + i] = l;
}

/* Records the sign of every hidden pre-activation of the last forward; returns the smallest |value|. */
static double record_pattern(struct gc_net *g)
{
	double m = INFINITY;
	const size_t len = g->B * g->width;
	for (int l = 0; l < NET_LAYERS - 1; l++)
		for (size_t i = 0; i < len; i++) {
			real y = g->ws.y[l][i];
			g->pattern[l * len + i] = y > 0;
			m = fmin(m, fabs((double)y));
		}
	return m;
}

static int pattern_changed(const struct gc_net *g)
{
	const size_t len = g->B * g->width;
	for (int l = 0; l < NET_LAYERS - 1; l++)
		for (size_t i = 0; i < len; i++)
			if ((g->ws.y[l][i] > 0) != g->pattern[l * len + i])
				return 1;
	return 0;
}

int gc_net_alloc(struct gc_net *g, const struct gc_model *m, size_t n_in, long width, size_t n_out, size_t B,
		 double margin, uint64_t seed, char *err)
{
	memset(g, 0, sizeof *g);
	const struct model_desc *md = model_find(m->id);
	if (!md)
		return inb_fail(err, INB_EUSAGE, "gradcheck: no model '%s'", m->id);
	const struct net_opts o = { .width = width, .n_in = n_in, .n_out = n_out, .lr = 0.01, .lr_wix = 0.01,
				    .lr_wei = 0.01, .label_smoothing = 0.1, .lambda = 0.01, .dist = INIT_LOGNORMAL,
				    .seed = seed, .config = 0 };
	int rc = net_alloc(&g->net, md, &o, err);
	if (rc)
		return rc;
	if ((rc = net_ws_alloc(&g->ws, &g->net, B, err))) {
		net_free(&g->net);
		return rc;
	}
	struct net *n = &g->net;
	g->B = B, g->n_in = n_in, g->width = (size_t)width, g->hold = m->hold;
	g->x = malloc(B * n_in * sizeof *g->x);
	g->labels = malloc(B);
	g->pattern = malloc((NET_LAYERS - 1) * B * g->width);
	g->layer_of = malloc(n->nparams * sizeof *g->layer_of);
	g->group_of = malloc(n->nparams * sizeof *g->group_of);
	gsl_rng *r = rng_stream_alloc(RNG_TEST, seed, GC_KEY, n_in, (uint64_t)width);
	if (!g->x || !g->labels || !g->pattern || !g->layer_of || !g->group_of || !r) {
		gsl_rng_free(r);
		gc_net_free(g);
		return inb_fail(err, INB_EINTERNAL, "gradcheck: out of memory");
	}
	for (size_t i = 0; i < n->nparams; i++)
		g->layer_of[i] = -1, g->group_of[i] = -1;
	for (int l = 0; l < NET_LAYERS; l++) {
		const struct ei_layer *L = &n->layer[l];
		mark(g, L->wex, L->ne * L->d, l);
		mark(g, L->b, L->ne, l);
		mark(g, L->wix, L->ni * L->d, l);
		mark(g, L->wei, L->ne * L->ni, l);
		if (l < NET_LAYERS - 1 && model_is_inorm(md))
			mark(g, n->in[l].bix, L->ne * L->d, l);
	}
	for (int q = 0; q < NET_GROUPS; q++)
		for (size_t i = 0; i < n->group[q].n; i++)
			g->group_of[(size_t)(n->group[q].p - n->params) + i] = q;
	/* leave the initial point: it is exactly balanced and its biases are 0 */
	for (int q = 0; q < NET_GROUPS; q++)
		for (size_t i = 0; i < n->group[q].n; i++) {
			real *p = &n->group[q].p[i];
			*p = n->group[q].nonneg ? (real)(*p * exp(0.5 * gsl_ran_gaussian_ziggurat(r, 1)))
						: (real)(*p + 0.1 * gsl_ran_gaussian_ziggurat(r, 1));
		}
	for (int draw = 0;; draw++) {
		for (size_t i = 0; i < B * n_in; i++)
			g->x[i] = (real)gsl_rng_uniform(r);
		for (size_t i = 0; i < B; i++)
			g->labels[i] = (uint8_t)gsl_rng_uniform_int(r, n->layer[NET_LAYERS - 1].ne);
		g->ws.hold = 0;
		net_forward(n, &g->ws, B, g->x);
		g->min_abs = record_pattern(g);
		if (g->min_abs >= margin)
			break;
		if (draw + 1 == MAX_DRAWS) {
			gsl_rng_free(r);
			gc_net_free(g);
			return inb_fail(err, INB_EINTERNAL, "gradcheck: %d batches all had a pre-activation within %g of 0",
					MAX_DRAWS, margin);
		}
		g->redraws++;
	}
	gsl_rng_free(r);
	return INB_OK;
}

void gc_net_free(struct gc_net *g)
{
	free(g->x);
	free(g->labels);
	free(g->pattern);
	free(g->layer_of);
	free(g->group_of);
	net_ws_free(&g->ws);
	net_free(&g->net);
	memset(g, 0, sizeof *g);
}

const char *gc_group_name(const struct gc_net *g, size_t i)
{
	return g->group_of[i] < 0 ? "none" : g->net.group[g->group_of[i]].name;
}

int gc_select(const struct gc_net *g, const char *spec, unsigned char *mask, char *err)
{
	const struct net *n = &g->net;
	memset(mask, 0, n->nparams);
	size_t count = 0;
	if (!strcmp(spec, "all")) {
		for (size_t i = 0; i < n->nparams; i++)
			count += mask[i] = g->group_of[i] >= 0;
		return count ? INB_OK : inb_fail(err, INB_EUSAGE, "gradcheck: the network has no parameters");
	}
	const char *p = spec;
	while (*p) {
		size_t len = strcspn(p, ",@");
		int q = -1, layer = -1;
		for (int k = 0; k < NET_GROUPS; k++)
			if (strlen(n->group[k].name) == len && !strncmp(n->group[k].name, p, len))
				q = k;
		if (q < 0)
			return inb_fail(err, INB_EUSAGE, "gradcheck: '%.*s' in '%s' is not a parameter group", (int)len, p,
					spec);
		p += len;
		if (*p == '@') {
			char *end;
			layer = (int)strtol(p + 1, &end, 10);
			if (end == p + 1 || layer < 0 || layer >= NET_LAYERS)
				return inb_fail(err, INB_EUSAGE, "gradcheck: bad layer in '%s'", spec);
			p = end;
		}
		size_t before = count;
		for (size_t i = 0; i < n->nparams; i++)
			if (g->group_of[i] == q && (layer < 0 || g->layer_of[i] == layer) && !mask[i])
				mask[i] = 1, count++;
		if (count == before)
			return inb_fail(err, INB_EUSAGE, "gradcheck: '%s' selects nothing at '%s'", spec, p);
		if (*p == ',')
			p++;
		else if (*p)
			return inb_fail(err, INB_EUSAGE, "gradcheck: cannot read '%s'", spec);
	}
	return count ? INB_OK : inb_fail(err, INB_EUSAGE, "gradcheck: '%s' selects nothing", spec);
}

double gc_loss(struct gc_net *g, int *kink)
{
	g->ws.hold = g->hold;
	net_forward(&g->net, &g->ws, g->B, g->x);
	g->ws.hold = 0;
	long correct = 0;
	double L = net_loss(&g->net, &g->ws, g->B, g->labels, &correct, NULL);
	*kink = pattern_changed(g);
	return L;
}

void gc_gradient(struct gc_net *g, real *grad)
{
	long correct = 0;
	g->ws.hold = 0;
	net_forward(&g->net, &g->ws, g->B, g->x);
	net_loss(&g->net, &g->ws, g->B, g->labels, &correct, g->ws.ds);
	net_backward(&g->net, &g->ws, g->B, g->x);
	memcpy(grad, g->net.grads, g->net.nparams * sizeof *grad);
}

void gc_check_params(struct gc_net *g, const unsigned char *mask, double h, double floor_rel, double floor_abs,
		     struct gc_param_result *res)
{
	const size_t N = g->net.nparams;
	real *p = g->net.params, *grad = malloc(N * sizeof *grad), *fd = calloc(N, sizeof *fd);
	unsigned char *done = calloc(N, 1);
	double blockmax[NET_GROUPS][NET_LAYERS] = { { 0 } };
	memset(res, 0, sizeof *res);
	if (!grad || !fd || !done) {
		res->max_err = INFINITY;
		goto out;
	}
	gc_gradient(g, grad); /* also leaves the base point's inhibition in ws for held evaluations */
	for (size_t i = 0; i < N; i++) {
		if (!mask[i])
			continue;
		real keep = p[i];
		int k1, k2;
		p[i] = keep + (real)h;
		double hp = (double)p[i] - (double)keep, Lp = gc_loss(g, &k1);
		p[i] = keep - (real)h;
		double hm = (double)keep - (double)p[i], Lm = gc_loss(g, &k2);
		p[i] = keep;
		if (k1 || k2) {
			res->skipped++;
			continue;
		}
		fd[i] = (real)((Lp - Lm) / (hp + hm));
		done[i] = 1;
		double *bm = &blockmax[g->group_of[i]][g->layer_of[i]];
		*bm = fmax(*bm, fabs((double)fd[i]));
	}
	for (size_t i = 0; i < N; i++) {
		if (!done[i])
			continue;
		double a = grad[i], f = fd[i], fl = fmax(floor_abs, floor_rel * blockmax[g->group_of[i]][g->layer_of[i]]);
		double den = fmax(fmax(fabs(a), fabs(f)), fl), e = den > 0 ? fabs(a - f) / den : 0;
		res->checked++;
		if (e > res->max_err || res->checked == 1)
			res->max_err = e, res->worst = i, res->worst_analytic = a, res->worst_fd = f;
	}
out:
	free(grad);
	free(fd);
	free(done);
}

/* params = base + t u on the masked entries */
static void move_to(struct gc_net *g, const real *base, const double *u, const unsigned char *mask, double t)
{
	for (size_t i = 0; i < g->net.nparams; i++)
		g->net.params[i] = mask[i] ? (real)(base[i] + t * u[i]) : base[i];
}

void gc_check_direction(struct gc_net *g, const unsigned char *mask, double h, double rtol, double safety,
			double round_k, gsl_rng *r, struct gc_dir_result *res)
{
	const size_t N = g->net.nparams;
	real *base = malloc(N * sizeof *base), *grad = malloc(N * sizeof *grad);
	double *u = malloc(N * sizeof *u);
	memset(res, 0, sizeof *res);
	res->err = res->rel = INFINITY;
	if (!base || !grad || !u)
		goto out;
	memcpy(base, g->net.params, N * sizeof *base);
	gc_gradient(g, grad);
	for (int attempt = 0; attempt < MAX_DIRECTIONS; attempt++) {
		double norm = 0;
		for (size_t i = 0; i < N; i++) {
			u[i] = mask[i] ? gsl_ran_gaussian_ziggurat(r, 1) : 0;
			norm += u[i] * u[i];
		}
		norm = sqrt(norm);
		for (size_t i = 0; i < N; i++)
			u[i] /= norm;
		static const double steps[4] = { 1, -1, 2, -2 };
		double f[4], fmaxabs = 0;
		int kink = 0, k;
		for (int s = 0; s < 4; s++) {
			move_to(g, base, u, mask, steps[s] * h);
			f[s] = gc_loss(g, &k);
			kink |= k;
			fmaxabs = fmax(fmaxabs, fabs(f[s]));
		}
		memcpy(g->net.params, base, N * sizeof *base);
		if (kink) {
			res->redraws++;
			continue;
		}
		double a = 0;
		for (size_t i = 0; i < N; i++)
			a += grad[i] * u[i];
		res->analytic = a;
		res->fd = (f[0] - f[1]) / (2 * h);
		res->fd2 = (f[2] - f[3]) / (4 * h);
		res->trunc = fabs(res->fd2 - res->fd) / 3;
		res->round = round_k * DBL_EPSILON * fmaxabs / h;
		res->err = fabs(a - res->fd);
		res->rel = res->err / fabs(res->fd);
		res->passed = res->err <= fmax(rtol * fabs(res->fd), safety * (res->trunc + res->round));
		break;
	}
out:
	if (base)
		memcpy(g->net.params, base, N * sizeof *base);
	free(base);
	free(grad);
	free(u);
}
