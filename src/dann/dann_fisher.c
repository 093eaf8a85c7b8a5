/* dann_fisher.c: Algorithm 4, the Fisher-corrected DANN update (see dann_fisher.h; paper/dann-4-updates.md, labels
 * (D4.n)). The per-example signals are the rows of the usual backward pass of the per-example losses, computed with
 * the arithmetic of dann_layer.c's backward; the squared per-example gradients are summed through one product per
 * weight matrix, (U o U)^T (X o X) (D4.9). Every product goes through gemm.h. Not here: the trainer's loop and its
 * random stream (dann_train.c). */
#include "dann/dann_fisher.h"
#include "core/gemm.h"
#include "nn/kernels.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int dn_fisher_alloc(struct dn_fisher *f, const struct dn_net *n, size_t B, char *err)
{
	memset(f, 0, sizeof *f);
	size_t maxn = 0, maxni = 1, maxd = 0, total = 3 * n->nparams;
	if (n->n_out > DN_FISHER_MAXC)
		return inb_fail(err, INB_EUSAGE, "%s: %zu classes, expected at most %d for sampling labels", n->m->id,
				n->n_out, DN_FISHER_MAXC);
	for (int l = 0; l < DN_LAYERS; l++) {
		const struct dn_layer *L = &n->L[l];
		if (L->kind != DN_DANN)
			return inb_fail(err, INB_EUSAGE, "%s: Algorithm 4 needs DANN layers, layer %d is not one", n->m->id,
					l + 1);
		maxn = L->n > maxn ? L->n : maxn;
		maxni = L->ni > maxni ? L->ni : maxni;
		maxd = L->d > maxd ? L->d : maxd;
		total += B * (L->n + 2 * L->ni);
	}
	total += 2 * B * maxn + 2 * B * maxni + B * maxd;
	real *p = malloc(total * sizeof *p);
	f->yhat = malloc(B);
	if (!p || !f->yhat) {
		free(p);
		free(f->yhat);
		f->yhat = NULL;
		return inb_fail(err, INB_EINTERNAL, "out of memory allocating the Fisher state of %zu parameters",
				n->nparams);
	}
	f->F = p, p += n->nparams;
	f->S = p, p += n->nparams;
	f->u = p, p += n->nparams;
	for (int l = 0; l < DN_LAYERS; l++) {
		const struct dn_layer *L = &n->L[l];
		f->delta[l] = p, p += B * L->n;
		f->rho[l] = p, p += B * L->ni;
		f->ealpha[l] = p, p += B * L->ni;
	}
	f->t1 = p, p += B * maxn;
	f->t2 = p, p += B * maxn;
	f->t3 = p, p += B * maxni;
	f->t4 = p, p += B * maxni;
	f->sq_in = p;
	f->Bmax = B;
	return INB_OK;
}

void dn_fisher_free(struct dn_fisher *f)
{
	free(f->F);
	free(f->yhat);
	memset(f, 0, sizeof *f);
}

/* (D4.3) */
void dn_fisher_sample(const struct dn_net *n, const struct dn_ws *ws, struct dn_fisher *f, size_t B, gsl_rng *r)
{
	const size_t C = n->n_out;
	const real *z = ws->a[DN_LAYERS - 1].z;
	real *delta = f->delta[DN_LAYERS - 1];
	f->bad_logits = 0;
	for (size_t i = 0; i < B; i++) {
		double o[DN_FISHER_MAXC], p[DN_FISHER_MAXC], m = -INFINITY, s = 0;
		for (size_t c = 0; c < C; c++) {
			o[c] = (double)z[i * C + c];
			if (!isfinite(o[c]))
				o[c] = 0, f->bad_logits++;
			m = fmax(m, o[c]);
		}
		for (size_t c = 0; c < C; c++)
			s += p[c] = exp(o[c] - m);
		/* the first class whose cumulative probability exceeds u; the last class of non-zero p if rounding
		 * leaves u above the total */
		const double u = gsl_rng_uniform(r) * s;
		double cum = 0;
		size_t y = C;
		for (size_t c = 0; c < C && y == C; c++)
			if (u < (cum += p[c]))
				y = c;
		for (size_t c = C; y == C && c-- > 0;)
			if (p[c] > 0)
				y = c;
		f->yhat[i] = (uint8_t)y;
		for (size_t c = 0; c < C; c++)
			delta[i * C + c] = (real)(p[c] / s - (c == y ? 1.0 : 0.0));
	}
}

/* (D4.4) for one layer: from delta (B, n), U = delta g / gamma into t1, -U zhat / gamma into t2, and rho and
 * ealpha; delta_below (B, d), if not NULL, receives dl_i/dx_i (before the ReLU below). As dann_layer.c's backward. */
static void layer_signals(const struct dn_layer *L, size_t B, const struct dn_acts *a, const real *delta,
			  struct dn_fisher *f, real *rho, real *ealpha, real *delta_below)
{
	const size_t n = L->n, ni = L->ni;
	real *U = f->t1, *t2 = f->t2, *t4 = f->t4;
	for (size_t r = 0; r < B; r++)
		for (size_t k = 0; k < n; k++) {
			size_t i = r * n + k;
			U[i] = delta[i] * L->g[k] / a->gam[i];
			t2[i] = -U[i] * (a->u[i] / a->gam[i]);     /* dl_i/dgamma_i */
		}
	gemm_nn(B, ni, n, 1, t2, L->wei, 0, t4);            /* dl_i/d(e^alpha z^I_i) */
	gemm_nn(B, ni, n, -1, U, L->wei, 0, rho);           /* subtractive path of dl_i/dz^I_i */
	for (size_t r = 0; r < B; r++)
		for (size_t j = 0; j < ni; j++) {
			size_t i = r * ni + j;
			ealpha[i] = t4[i] * a->si[i];               /* (D4.8) */
			rho[i] += t4[i] * (real)exp((double)L->alpha[j]);
		}
	if (delta_below) {
		gemm_nn(B, L->d, n, 1, U, L->w, 0, delta_below);
		gemm_nn(B, L->d, ni, 1, rho, L->wix, 1, delta_below);
	}
}

void dn_fisher_signals(const struct dn_net *n, const struct dn_ws *ws, struct dn_fisher *f, size_t B)
{
	for (int l = DN_LAYERS - 1; l >= 0; l--) {
		real *below = l ? f->delta[l - 1] : NULL;
		layer_signals(&n->L[l], B, &ws->a[l], f->delta[l], f, f->rho[l], f->ealpha[l], below);
		if (l)
			nn_relu_backward(B * n->L[l].d, ws->a[l - 1].z, below, below);
	}
}

/* The views of layer L's tensors in a block laid out as the net's parameters. */
struct views {
	real *w, *b, *g, *wix, *wei, *alpha;
};

static struct views views_of(const struct dn_net *n, const struct dn_layer *L, real *block)
{
	struct views v = { block + (L->w - n->params), block + (L->b - n->params), block + (L->g - n->params),
			   block + (L->wix - n->params), block + (L->wei - n->params),
			   block + (L->alpha - n->params) };
	return v;
}

/* (D4.9) for one layer with input x (B, d). */
static void layer_sqsums(const struct dn_net *n, const struct dn_layer *L, size_t B, const real *x,
			 const struct dn_acts *a, struct dn_fisher *f, int l)
{
	const size_t nn = L->n, ni = L->ni, d = L->d;
	const struct views S = views_of(n, L, f->S);
	const real *delta = f->delta[l], *rho = f->rho[l], *ea = f->ealpha[l];
	real *U2 = f->t1, *R2 = f->t3, *X2 = f->sq_in;
	for (size_t k = 0; k < nn; k++)
		S.b[k] = 0, S.g[k] = 0;
	for (size_t k = 0; k < nn * ni; k++)
		S.wei[k] = 0;
	for (size_t j = 0; j < ni; j++)
		S.alpha[j] = 0;
	for (size_t r = 0; r < B; r++)
		for (size_t k = 0; k < nn; k++) {
			const size_t i = r * nn + k;
			const real q = a->u[i] / a->gam[i], U = delta[i] * L->g[k] / a->gam[i];
			S.b[k] += delta[i] * delta[i];                          /* (D4.5) */
			S.g[k] += (delta[i] * q) * (delta[i] * q);
			U2[i] = U * U;
			for (size_t j = 0; j < ni; j++) {                      /* (D4.7) */
				const real e = U * a->zi[r * ni + j] * (1 + (real)exp((double)L->alpha[j]) * q);
				S.wei[k * ni + j] += e * e;
			}
		}
	for (size_t i = 0; i < B * ni; i++) {
		R2[i] = rho[i] * rho[i];
		S.alpha[i % ni] += ea[i] * ea[i];
	}
	for (size_t i = 0; i < B * d; i++)
		X2[i] = x[i] * x[i];
	gemm_tn(nn, d, B, 1, U2, X2, 0, S.w);                       /* (D4.6): sum_i U_ik^2 x_ij^2 */
	gemm_tn(ni, d, B, 1, R2, X2, 0, S.wix);                     /* sum_i rho_ij^2 x_im^2 */
}

void dn_fisher_sqsums(const struct dn_net *n, const struct dn_ws *ws, struct dn_fisher *f, size_t B, const real *x)
{
	for (int l = 0; l < DN_LAYERS; l++)
		layer_sqsums(n, &n->L[l], B, l ? ws->a[l - 1].h : x, &ws->a[l], f, l);
}

void dn_fisher_example(const struct dn_net *n, const struct dn_ws *ws, const struct dn_fisher *f, size_t B,
		       const real *x, size_t i, real *g)
{
	for (int l = 0; l < DN_LAYERS; l++) {
		const struct dn_layer *L = &n->L[l];
		const struct dn_acts *a = &ws->a[l];
		const size_t nn = L->n, ni = L->ni, d = L->d;
		const real *xi = (l ? ws->a[l - 1].h : x) + i * d;
		const struct views G = views_of(n, L, g);
		for (size_t k = 0; k < nn; k++) {
			const size_t e = i * nn + k;
			const real q = a->u[e] / a->gam[e], U = f->delta[l][e] * L->g[k] / a->gam[e];
			G.b[k] = f->delta[l][e];                              /* (D4.5) */
			G.g[k] = f->delta[l][e] * q;
			for (size_t j = 0; j < d; j++)                        /* (D4.6) */
				G.w[k * d + j] = U * xi[j];
			for (size_t j = 0; j < ni; j++)                       /* (D4.7) */
				G.wei[k * ni + j] = -U * a->zi[i * ni + j] * (1 + (real)exp((double)L->alpha[j]) * q);
		}
		for (size_t j = 0; j < ni; j++) {
			for (size_t m = 0; m < d; m++)                        /* (D4.8) */
				G.wix[j * d + m] = f->rho[l][i * ni + j] * xi[m];
			G.alpha[j] = f->ealpha[l][i * ni + j];
		}
	}
}

/* (D4.10)-(D4.13) */
void dn_fisher_correct(struct dn_net *n, struct dn_fisher *f, size_t B)
{
	const real k = (real)DN_FISHER_K, keep = (real)(1 - DN_FISHER_K), damp = (real)DN_FISHER_DAMP;
	const real c = (real)(DN_FISHER_SCALE / (double)B);
	for (int l = 0; l < DN_LAYERS; l++) {
		const struct dn_layer *L = &n->L[l];
		double wsq = 0;
		long floor = 0, guard = 0;
		for (int t = 0; t < n->ntensors; t++) {
			const struct dn_tensor *T = &n->T[t];
			if (T->layer != l)
				continue;
			const size_t off = (size_t)(T->p - n->params);
			real *F = f->F + off, *D = f->S + off;
			for (size_t i = 0; i < T->len; i++) {
				const real est = c * D[i];                      /* (D4.10) */
				F[i] = f->started ? k * est + keep * F[i] : est;  /* (D4.11) */
				floor += F[i] < damp;
				D[i] = 1 / (F[i] + damp);                        /* (D4.12) */
			}
			if (T->p == L->w)
				for (size_t i = 0; i < T->len; i++)
					wsq += (double)D[i] * (double)D[i];
		}
		const double norm = sqrt(wsq);
		for (int t = 0; t < n->ntensors; t++) {
			const struct dn_tensor *T = &n->T[t];
			if (T->layer != l)
				continue;
			const real *D = f->S + (T->p - n->params);
			for (size_t i = 0; i < T->len; i++) {
				const real v = (real)((double)D[i] / norm) * T->g[i]; /* (D4.13) */
				if (isfinite(v))
					T->g[i] = v;
				else
					T->g[i] = 0, guard++;
			}
		}
		f->dnorm[l] = norm, f->floor[l] = floor, f->guard[l] = guard;
	}
	f->started = 1;
}

/* (D4.21): a . b / (||a|| ||b||) from the sums, NaN when a norm is 0 or a sum not finite */
static double cosine(double ab, double aa, double bb)
{
	const double c = ab / (sqrt(aa) * sqrt(bb));
	return aa > 0 && bb > 0 && isfinite(c) ? c : NAN;
}

void dn_fisher_cosines(const struct dn_net *n, const real *u, double *cfu, double *cfh)
{
	for (int l = 0; l < DN_LAYERS; l++) {
		/* sums in double over the layer's blocks concatenated: f.u, f.h, f.f, u.u, h.h */
		double fu = 0, fh = 0, ff = 0, uu = 0, hh = 0;
		for (int t = 0; t < n->ntensors; t++) {
			const struct dn_tensor *T = &n->T[t];
			if (T->layer != l)
				continue;
			const real *U = u + (T->p - n->params);
			const double c = T->corr;                      /* (D4.20): h = c u, c of Algorithm 3 */
			double bfu = 0, bff = 0, buu = 0;
			for (size_t i = 0; i < T->len; i++) {
				const double fi = (double)T->g[i], ui = (double)U[i];
				bfu += fi * ui, bff += fi * fi, buu += ui * ui;
			}
			fu += bfu, fh += c * bfu, ff += bff, uu += buu, hh += c * c * buu;
		}
		cfu[l] = cosine(fu, ff, uu);
		cfh[l] = cosine(fh, ff, hh);
	}
}

double dn_fisher_train_step(struct dn_net *n, struct dn_ws *ws, struct dn_fisher *f, size_t B, const real *x,
			    const uint8_t *labels, double lr, gsl_rng *r, long *wrong)
{
	dn_forward(n, ws, B, x);
	double loss = dn_loss(n, ws, B, labels, wrong, ws->dz);
	if (!isfinite(loss))
		return loss;
	dn_backward(n, ws, B, x);             /* (D4.2): the gradient at the true labels */
	memcpy(f->u, n->grads, n->nparams * sizeof *f->u); /* kept for Figure 2's cosines (D4.19) */
	dn_fisher_sample(n, ws, f, B, r);     /* from the same forward: one pass serves both losses */
	dn_fisher_signals(n, ws, f, B);
	dn_fisher_sqsums(n, ws, f, B, x);
	dn_fisher_correct(n, f, B);
	dn_fisher_cosines(n, f->u, f->cos_fu, f->cos_fh); /* reads only: the step below is unchanged */
	dn_step(n, lr);                       /* Algorithm 2 */
	return loss;
}
